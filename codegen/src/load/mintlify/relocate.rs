//! Where the rebuilt document's nodes stand in the page: the line map of the OpenAPI document
//! the front end rebuilt, so that a later stage's diagnostic about an example, a description or
//! a schema points at its text in the page, not at `paths:`.
//!
//! A node of the rebuilt document is placed by one of two rules, the first that applies:
//! - **by the model's shape**: the parts of the operation stand where the page model gives them:
//!   the operation at `paths`, its request body at `paths.request.body` (and each media type's
//!   content at its own), each parameter at `paths.request.parameters.<in>.<name>`, its security
//!   at `paths.request.security`, each response at `paths.response.<status>` (and its media);
//! - **by its value**: the rebuild moves what it keeps (an example, a description, a schema)
//!   to another place, and the line map of the page knows places, not values; where the page
//!   holds exactly one node with the rebuilt node's value (a mapping or a list that is not empty,
//!   or a string of some length, so that `type: string` and `0` are never taken for one
//!   another), the rebuilt node stands where that node stands.
//!
//! Any other node stands where its nearest placed ancestor does, as a node a pass created
//! always has.

use crate::diagnostic::{child, LineMap, NodeId};
use serde_json::Value;
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// A string shorter than this, in characters, is not looked for: short texts (`string`,
/// `object`, `file_id`) stand in many places.
const SHORTEST: usize = 16;

/// The line map of `rebuilt`, each node placed where the one node of `page` with its value
/// stands in `page_lines` (see the module's doc).
pub(super) fn relocate(page: &Value, page_lines: &LineMap, rebuilt: &Value) -> LineMap {
    let mut found: HashMap<u64, Option<String>> = HashMap::new();
    index(page, String::new(), &mut found);
    let places = Places {
        shape: shape(page, rebuilt),
        found,
        page_lines,
    };
    let mut lines = LineMap::new(page_lines.find(""));
    places.place(rebuilt, "", LineMap::ROOT, &mut lines);
    lines
}

/// What places the nodes of the rebuilt document.
struct Places<'a> {
    /// Rebuilt pointer → page pointer, by the model's shape.
    shape: HashMap<String, String>,
    /// The page's distinctive nodes by the hash of their value (`None`: more than one).
    found: HashMap<u64, Option<String>>,
    /// The page's line map.
    page_lines: &'a LineMap,
}

impl Places<'_> {
    /// Places the children of the rebuilt node `value`, at `pointer` and recorded as `node`.
    fn place(&self, value: &Value, pointer: &str, node: NodeId, lines: &mut LineMap) {
        let visit = |key: &str, item: &Value, lines: &mut LineMap| {
            let at = child(pointer, key);
            let page_pointer = match self.shape.get(&at) {
                Some(page_pointer) => Some(page_pointer.as_str()),
                None if distinctive(item) => self.found.get(&hash(item)).and_then(Option::as_deref),
                None => None,
            };
            let position = page_pointer.and_then(|page_pointer| self.page_lines.find(page_pointer));
            let child = lines.insert(node, key, position);
            self.place(item, &at, child, lines);
        };
        match value {
            Value::Object(map) => {
                for (key, item) in map {
                    visit(key, item, lines);
                }
            }
            Value::Array(items) => {
                for (position, item) in items.iter().enumerate() {
                    visit(&position.to_string(), item, lines);
                }
            }
            Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => {}
        }
    }
}

/// The parts of the rebuilt operation and where the page model gives them: rebuilt pointer →
/// page pointer.
fn shape(page: &Value, rebuilt: &Value) -> HashMap<String, String> {
    let mut shape = HashMap::new();
    let Some((path, item)) = rebuilt
        .get("paths")
        .and_then(Value::as_object)
        .and_then(|paths| paths.iter().next())
    else {
        return shape;
    };
    let Some((method, operation)) = item.as_object().and_then(|item| item.iter().next()) else {
        return shape;
    };
    let at = child(&child("/paths", path), method);
    let model = &page["paths"];
    shape.insert(at.clone(), "/paths".to_owned());
    let request = &model["request"];
    if let Some(body) = request.get("body").and_then(Value::as_object) {
        let body_at = child(&at, "requestBody");
        shape.insert(body_at.clone(), "/paths/request/body".to_owned());
        for media in body.keys() {
            shape.insert(
                child(&child(&body_at, "content"), media),
                child("/paths/request/body", media),
            );
        }
    }
    if request.get("security").is_some() {
        shape.insert(child(&at, "security"), "/paths/request/security".to_owned());
    }
    let parameters = operation.get("parameters").and_then(Value::as_array);
    for (index, parameter) in parameters.into_iter().flatten().enumerate() {
        let (Some(location), Some(name)) = (
            parameter.get("in").and_then(Value::as_str),
            parameter.get("name").and_then(Value::as_str),
        ) else {
            continue;
        };
        if request["parameters"][location].get(name).is_some() {
            shape.insert(
                child(&child(&at, "parameters"), &index.to_string()),
                child(&child("/paths/request/parameters", location), name),
            );
        }
    }
    if let Some(responses) = model.get("response").and_then(Value::as_object) {
        for (status, response) in responses {
            let response_at = child(&child(&at, "responses"), status);
            let page_at = child("/paths/response", status);
            shape.insert(response_at.clone(), page_at.clone());
            for media in response
                .as_object()
                .into_iter()
                .flat_map(|media| media.keys())
            {
                shape.insert(
                    child(&child(&response_at, "content"), media),
                    child(&page_at, media),
                );
            }
        }
    }
    shape
}

/// Whether a node with `value` is worth looking for in the page.
fn distinctive(value: &Value) -> bool {
    match value {
        Value::Object(map) => !map.is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::String(text) => text.chars().count() >= SHORTEST,
        Value::Null | Value::Bool(_) | Value::Number(_) => false,
    }
}

/// The hash of `value`: equal values hash alike (a mapping's keys in their order, as the page
/// and the rebuild keep them).
fn hash(value: &Value) -> u64 {
    let mut hasher = DefaultHasher::new();
    feed(value, &mut hasher);
    hasher.finish()
}

fn feed(value: &Value, hasher: &mut DefaultHasher) {
    match value {
        Value::Null => 0u8.hash(hasher),
        Value::Bool(flag) => (1u8, flag).hash(hasher),
        Value::Number(number) => (2u8, number.to_string()).hash(hasher),
        Value::String(text) => (3u8, text).hash(hasher),
        Value::Array(items) => {
            (4u8, items.len()).hash(hasher);
            for item in items {
                feed(item, hasher);
            }
        }
        Value::Object(map) => {
            (5u8, map.len()).hash(hasher);
            for (key, item) in map {
                key.hash(hasher);
                feed(item, hasher);
            }
        }
    }
}

/// Records the pointer of every distinctive node of the page under its hash (`None` once a
/// second node has the same).
fn index(value: &Value, pointer: String, found: &mut HashMap<u64, Option<String>>) {
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                index(item, child(&pointer, key), found);
            }
        }
        Value::Array(items) => {
            for (position, item) in items.iter().enumerate() {
                index(item, child(&pointer, &position.to_string()), found);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => {}
    }
    if distinctive(value) {
        found
            .entry(hash(value))
            .and_modify(|place| *place = None)
            .or_insert(Some(pointer));
    }
}

#[cfg(test)]
mod tests {
    use super::relocate;
    use crate::load::tree;
    use crate::load::Placement;
    use serde_json::json;

    #[test]
    fn a_moved_example_stands_where_it_stood_in_the_page() {
        let page = "paths:\n  path: /x\n  method: post\n  request:\n    parameters:\n      header:\n        X-Id:\n          schema: [{type: string}]\n  response:\n    '200':\n      application/json:\n        examples:\n          example:\n            value:\n              files: [null]\n        schemaArray:\n          - type: string\n";
        let (tree, page_lines) = tree::parse(page, &Placement::whole_file()).unwrap();
        let rebuilt = json!({
            "openapi": "3.1.0",
            "paths": {"/x": {"post": {"parameters": [{"in": "header", "name": "X-Id"}], "responses": {"200": {"content": {"application/json": {
                "examples": {"example": {"value": {"files": [null]}}},
                "schema": {"type": "string"}
            }}}}}}}
        });
        let lines = relocate(&tree, &page_lines, &rebuilt);
        let value =
            "/paths/~1x/post/responses/200/content/application~1json/examples/example/value";
        // The example's value, `value:` on line 14 of the page, not `paths:` on line 1.
        assert_eq!(lines.find(value).map(|(line, _)| line), Some(14));
        // `{type: string}` stands twice in the page (the parameter's schema, line 8, and the
        // response's, line 17): no guess, the schema stands where its media type does (line
        // 11); its `type`, a short string, is not looked for, and stands there too.
        let schema = "/paths/~1x/post/responses/200/content/application~1json/schema";
        assert_eq!(lines.find(schema).map(|(line, _)| line), Some(11));
        assert_eq!(lines.find(&format!("{schema}/type")), lines.find(schema));
        // What the rebuild made and the page does not hold stands at the document's root.
        assert_eq!(lines.find("/openapi"), page_lines.find(""));
        // The operation and its response stand where the model gives them.
        assert_eq!(lines.find("/paths/~1x/post").map(|(line, _)| line), Some(1));
        let response = "/paths/~1x/post/responses/200";
        assert_eq!(lines.find(response).map(|(line, _)| line), Some(10));
        let media = "/paths/~1x/post/responses/200/content/application~1json";
        assert_eq!(lines.find(media).map(|(line, _)| line), Some(11));
        let parameter = "/paths/~1x/post/parameters/0";
        assert_eq!(lines.find(parameter).map(|(line, _)| line), Some(7));
    }
}
