//! Pass: OpenAPI 3.2's `itemSchema` of an event stream → `schema`. Under `text/event-stream`,
//! 3.2 describes each event with `itemSchema` (3.1 documents put the item's schema in `schema`,
//! which `lower` reads as the item type already): it becomes the `schema` the model reads. An
//! item that is the whole event (`data`, and maybe `event`, `id`, `retry`) whose `data` is a
//! string of JSON (`contentMediaType: application/json`) has `data` replaced by its
//! `contentSchema` (any JSON value without one): the runtime reads the data of such an event as
//! JSON (`vendor_runtime::sse::read_envelope`). An `itemSchema` beside a `schema`, or of another
//! media type (JSON Lines, JSON sequences), is left, and reported as dropped.

use super::walk::{self, Level};
use crate::diagnostic::{child, Diagnostics};
use serde_json::{Map, Value};

/// The media type whose items this pass reads.
const EVENT_STREAM: &str = "text/event-stream";

/// Moves each event stream's `itemSchema` to `schema`, and reads the JSON data of its events.
pub fn run(tree: &mut Value, diagnostics: &mut Diagnostics) {
    let mut items = Vec::new();
    walk::operations(tree, |operation, level, pointer| {
        if level != Level::Operation {
            return;
        }
        let Some(Value::Object(responses)) = operation.get_mut("responses") else {
            return;
        };
        let responses_pointer = child(pointer, "responses");
        for (status, response) in responses.iter_mut() {
            let Some(Value::Object(content)) = response.get_mut("content") else {
                continue;
            };
            let content_pointer = child(&child(&responses_pointer, status), "content");
            for (media, object) in content.iter_mut() {
                let Value::Object(object) = object else {
                    continue;
                };
                if !media
                    .split(';')
                    .next()
                    .is_some_and(|m| m.trim().eq_ignore_ascii_case(EVENT_STREAM))
                    || object.contains_key("schema")
                {
                    continue;
                }
                let Some(item) = object.shift_remove("itemSchema") else {
                    continue;
                };
                let at = child(&content_pointer, media);
                diagnostics.note(
                    &child(&at, "itemSchema"),
                    "OpenAPI 3.2's `itemSchema` of an event stream is read as the type of each \
                     event (as a 3.1 document's `schema` under `text/event-stream` is)",
                );
                // Where the item's own keywords are: inline, or the component it names.
                let target = match item.get("$ref").and_then(Value::as_str) {
                    Some(reference) if reference.starts_with("#/") => reference[1..].to_owned(),
                    Some(_) => String::new(),
                    None => child(&at, "schema"),
                };
                object.insert("schema".to_owned(), item);
                if !target.is_empty() {
                    items.push((target, child(&at, "itemSchema")));
                }
            }
        }
    });
    for (target, at) in items {
        if let Some(Value::Object(item)) = tree.pointer_mut(&target) {
            json_data(item, &at, diagnostics);
        }
    }
}

/// Replaces the `data` property of the whole-event schema `item` by the schema of its JSON.
fn json_data(item: &mut Map<String, Value>, at: &str, diagnostics: &mut Diagnostics) {
    let Some(Value::Object(properties)) = item.get_mut("properties") else {
        return;
    };
    let Some(Value::Object(data)) = properties.get_mut("data") else {
        return;
    };
    let json = data
        .get("contentMediaType")
        .and_then(Value::as_str)
        .is_some_and(|media| media.to_ascii_lowercase().contains("json"));
    if !json {
        return;
    }
    let schema = match data.shift_remove("contentSchema") {
        Some(Value::Object(mut schema)) => {
            if let (Some(description), false) =
                (data.get("description"), schema.contains_key("$ref"))
            {
                schema
                    .entry("description")
                    .or_insert_with(|| description.clone());
            }
            Value::Object(schema)
        }
        Some(other) => other,
        None => Value::Object(Map::new()),
    };
    *data = match schema {
        Value::Object(schema) => schema,
        _ => Map::new(),
    };
    diagnostics.note(
        &child(&child(&child(at, "properties"), "data"), "contentMediaType"),
        "the data of each event is JSON (`contentMediaType`): typed by its `contentSchema`",
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity::Note;
    use crate::normalize::testing::{apply, assert_diagnostics};
    use serde_json::json;

    fn stream(media: Value) -> Value {
        json!({"paths": {"/m": {"post": {"responses": {"200": {"content": {"text/event-stream": media}}}}}}})
    }

    const AT: &str = "/paths/~1m/post/responses/200/content/text~1event-stream";

    #[test]
    fn item_schema_is_the_schema_and_json_data_its_content_schema() {
        let (tree, list) = apply(
            run,
            stream(json!({"itemSchema": {
                "type": "object",
                "required": ["data"],
                "properties": {
                    "event": {"type": "string"},
                    "data": {
                        "type": "string",
                        "description": "The event's JSON.",
                        "contentMediaType": "application/json",
                        "contentSchema": {"type": "object", "properties": {"n": {"type": "integer"}}},
                    },
                },
            }})),
        );
        assert_eq!(
            tree,
            stream(json!({"schema": {
                "type": "object",
                "required": ["data"],
                "properties": {
                    "event": {"type": "string"},
                    "data": {"type": "object", "properties": {"n": {"type": "integer"}}, "description": "The event's JSON."},
                },
            }}))
        );
        assert_diagnostics(
            &list,
            &[
                (Note, &format!("{AT}/itemSchema"), "`itemSchema`"),
                (
                    Note,
                    &format!("{AT}/itemSchema/properties/data/contentMediaType"),
                    "`contentSchema`",
                ),
            ],
        );
    }

    #[test]
    fn a_referenced_item_is_read_in_its_component() {
        let mut document = stream(json!({"itemSchema": {"$ref": "#/components/schemas/E"}}));
        document["components"] = json!({"schemas": {"E": {"properties": {"data": {"type": "string", "contentMediaType": "application/json"}}}}});
        let (tree, list) = apply(run, document);
        assert_eq!(
            tree["paths"]["/m"]["post"]["responses"]["200"]["content"]["text/event-stream"],
            json!({"schema": {"$ref": "#/components/schemas/E"}})
        );
        assert_eq!(
            tree["components"]["schemas"]["E"],
            json!({"properties": {"data": {}}})
        );
        assert_eq!(list.len(), 2);
    }

    #[test]
    fn a_schema_beside_it_or_another_media_type_is_left() {
        for media in [
            json!({"schema": {"type": "string"}, "itemSchema": {"type": "object"}}),
            json!({"itemSchema": {"properties": {"data": {"type": "string"}}}}),
        ] {
            let (tree, list) = apply(run, stream(media.clone()));
            if media.get("schema").is_some() {
                assert_eq!(tree, stream(media));
                assert!(list.is_empty());
            } else {
                assert_eq!(list.len(), 1, "a plain string data stays a string");
            }
        }
        let jsonl = json!({"paths": {"/m": {"get": {"responses": {"200": {"content": {"application/jsonl": {"itemSchema": {}}}}}}}}});
        let (tree, list) = apply(run, jsonl.clone());
        assert_eq!(tree, jsonl);
        assert!(list.is_empty());
    }
}
