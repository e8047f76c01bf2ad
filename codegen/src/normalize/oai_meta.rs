//! Pass: the example responses OpenAI keeps in an operation's `x-oaiMeta` (JSON in a string, as
//! its reference pages show them) become examples of the operation's success body, so that the
//! examples check and the examples test read them as they read any media type's examples.
//!
//! `x-oaiMeta.examples` is one example (`{request, response}`) or a list of them (each with a
//! `title`). Each `response` that is JSON goes to the `examples` of the first success status
//! (2xx, in document order) that has a JSON body, as `{value, summary, x-source}`: `x-source`
//! is the pointer of the `response` string, where diagnostics about the example point (its line
//! is the example's, not the media type's). A response that is not JSON (an event stream, a
//! file's bytes, text with `...` in it) is left where it is, with a note.

use super::walk;
use crate::diagnostic::{child, Diagnostics};
use crate::ir::Encoding;
use serde_json::{Map, Value};

/// Moves every JSON example response of `x-oaiMeta` to its operation's success body.
pub fn run(tree: &mut Value, diagnostics: &mut Diagnostics) {
    walk::operations(tree, |operation, level, pointer| {
        if level == walk::Level::Operation {
            move_examples(operation, pointer, diagnostics);
        }
    });
}

fn move_examples(operation: &mut Map<String, Value>, pointer: &str, diagnostics: &mut Diagnostics) {
    let meta = child(pointer, "x-oaiMeta");
    let examples = match operation
        .get("x-oaiMeta")
        .and_then(|meta| meta.get("examples"))
    {
        Some(Value::Array(list)) => list
            .iter()
            .enumerate()
            .map(|(index, example)| {
                (
                    child(&child(&meta, "examples"), &index.to_string()),
                    example,
                )
            })
            .collect(),
        Some(example @ Value::Object(_)) => vec![(child(&meta, "examples"), example)],
        _ => return,
    };
    let mut moved = Vec::new();
    for (at, example) in examples {
        let Some(Value::String(text)) = example.get("response") else {
            continue;
        };
        let source = child(&at, "response");
        match serde_json::from_str::<Value>(text) {
            Ok(value) => {
                let title = example.get("title").and_then(Value::as_str);
                moved.push((source, title.map(str::to_owned), value));
            }
            Err(error) => diagnostics.note(
                &source,
                format!("this example response is not JSON ({error}); it is not checked"),
            ),
        }
    }
    if moved.is_empty() {
        return;
    }
    let Some((status, media, content)) = success_json(operation) else {
        diagnostics.note(
            &meta,
            "the operation has no JSON success body for its example responses; they are not \
             checked",
        );
        return;
    };
    let examples = content
        .entry("examples")
        .or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(examples) = examples else {
        diagnostics.warn(
            &child(
                &child(&child(&child(pointer, "responses"), &status), "content"),
                &media,
            ),
            "`examples` is not a map; the example responses of `x-oaiMeta` are not checked",
        );
        return;
    };
    for (source, title, value) in moved {
        // The key is the pointer below the operation: unique, and no example of the document's
        // own can take it.
        let key = source[pointer.len() + 1..].to_owned();
        let mut example = Map::new();
        example.insert("value".to_owned(), value);
        if let Some(title) = title {
            example.insert("summary".to_owned(), Value::String(title));
        }
        example.insert(
            super::EXAMPLE_SOURCE.to_owned(),
            Value::String(source.clone()),
        );
        examples.insert(key, Value::Object(example));
    }
}

/// The first success status with a JSON body: its status, media type and media type object.
fn success_json(
    operation: &mut Map<String, Value>,
) -> Option<(String, String, &mut Map<String, Value>)> {
    let responses = operation.get_mut("responses")?.as_object_mut()?;
    responses
        .iter_mut()
        .filter(|(status, _)| status.len() == 3 && status.starts_with('2'))
        .find_map(|(status, response)| {
            let content = response.get_mut("content")?.as_object_mut()?;
            let (media, body) = content
                .iter_mut()
                .find(|(media, _)| Encoding::of(media) == Encoding::Json)?;
            Some((status.clone(), media.clone(), body.as_object_mut()?))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity::{Note, Warning};
    use crate::normalize::testing::{apply, assert_diagnostics};
    use serde_json::json;

    #[test]
    fn json_responses_become_examples_of_the_success_body() {
        let (tree, list) = apply(
            run,
            json!({"paths": {"/a": {
                "get": {
                    "responses": {
                        "default": {"content": {"application/json": {}}},
                        "201": {"content": {"text/plain": {}}},
                        "200": {"content": {"application/json": {"schema": {}}}}
                    },
                    "x-oaiMeta": {"examples": [
                        {"title": "Plain", "request": {"curl": "curl"}, "response": "{\"a\": 1}"},
                        {"title": "Stream", "response": "data: {\"a\": 1}\n\n"},
                        {"title": "No response", "request": {"curl": "curl"}}
                    ]}
                },
                "post": {
                    "responses": {"200": {"content": {"application/problem+json": {"examples": {"mine": {"value": 0}}}}}},
                    "x-oaiMeta": {"examples": {"response": "[1, 2]"}}
                }
            }}}),
        );
        assert_eq!(
            tree["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"],
            json!({"schema": {}, "examples": {"x-oaiMeta/examples/0/response": {
                "value": {"a": 1},
                "summary": "Plain",
                "x-source": "/paths/~1a/get/x-oaiMeta/examples/0/response"
            }}})
        );
        assert_eq!(
            tree["paths"]["/a"]["post"]["responses"]["200"]["content"]["application/problem+json"]
                ["examples"],
            json!({
                "mine": {"value": 0},
                "x-oaiMeta/examples/response": {
                    "value": [1, 2],
                    "x-source": "/paths/~1a/post/x-oaiMeta/examples/response"
                }
            })
        );
        // The `x-oaiMeta` text stays as it was.
        assert_eq!(
            tree["paths"]["/a"]["get"]["x-oaiMeta"]["examples"][1]["response"],
            "data: {\"a\": 1}\n\n"
        );
        assert_diagnostics(
            &list,
            &[(
                Note,
                "/paths/~1a/get/x-oaiMeta/examples/1/response",
                "not JSON",
            )],
        );
    }

    #[test]
    fn without_a_json_success_body_the_examples_stay() {
        let input = json!({"paths": {"/a": {"get": {
            "responses": {"200": {"content": {"audio/mpeg": {}}}},
            "x-oaiMeta": {"examples": {"response": "{}"}}
        }}}});
        let (tree, list) = apply(run, input.clone());
        assert_eq!(tree, input);
        assert_diagnostics(
            &list,
            &[(Note, "/paths/~1a/get/x-oaiMeta", "no JSON success body")],
        );
        let (_, list) = apply(
            run,
            json!({"paths": {"/a": {"get": {
                "responses": {"200": {"content": {"application/json": {"examples": []}}}},
                "x-oaiMeta": {"examples": {"response": "{}"}}
            }}}}),
        );
        assert_diagnostics(
            &list,
            &[(
                Warning,
                "/paths/~1a/get/responses/200/content/application~1json",
                "not a map",
            )],
        );
    }
}
