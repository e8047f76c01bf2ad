//! Traversals shared by the passes: every schema of a document, every path item and operation,
//! and every `$ref`.
//!
//! Pointers are JSON pointers (RFC 6901) into the tree as it stands when the node is reached.

use serde_json::{Map, Value};
use std::fmt::Write;

/// The JSON pointer of the node a walk stands at, as text. Each key is encoded by jsonptr; a
/// step back cuts the text to where it was (`PointerBuf::pop_back` hands the token back as a
/// new string: an allocation per node of every walk).
#[derive(Debug, Default)]
pub struct Trail(String);

impl Trail {
    /// The pointer of the document itself.
    pub fn new() -> Self {
        Trail::default()
    }

    /// Steps down under object key `key`; gives the length to step back to.
    pub fn push(&mut self, key: &str) -> usize {
        let back = self.0.len();
        self.0.push('/');
        self.0.push_str(jsonptr::Token::new(key).encoded());
        back
    }

    /// Steps down under array index `index`; gives the length to step back to.
    pub fn push_index(&mut self, index: usize) -> usize {
        let back = self.0.len();
        // Writing to a string cannot fail; digits need no encoding.
        let _ = write!(self.0, "/{index}");
        back
    }

    /// Steps back to `length`, as [`Trail::push`] gave it.
    pub fn back(&mut self, length: usize) {
        self.0.truncate(length);
    }

    /// The pointer.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The keys a path item may hold an operation under, in the order of the OpenAPI
/// specification's Path Item Object: those of [`crate::ir::Method::ALL`], the one list of
/// methods (the front end and the walker read these keys, `lower` the methods).
pub(crate) const METHODS: [&str; 8] = {
    let mut keys = [""; 8];
    let mut index = 0;
    while index < keys.len() {
        keys[index] = crate::ir::Method::ALL[index].key();
        index += 1;
    }
    keys
};

/// What [`operations`] hands to its visitor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// A path item (its `parameters` apply to all its operations).
    PathItem,
    /// An operation of a path item.
    Operation,
}

/// Calls `visit` on every path item of `paths`, then on each of its operations, with its level
/// and pointer (operations inside callbacks are not visited).
pub fn operations<F>(tree: &mut Value, mut visit: F)
where
    F: FnMut(&mut Map<String, Value>, Level, &str),
{
    let Some(Value::Object(paths)) = tree.get_mut("paths") else {
        return;
    };
    let mut pointer = Trail::new();
    pointer.push("paths");
    for (path, item) in paths.iter_mut() {
        let Value::Object(item) = item else { continue };
        let back = pointer.push(path);
        visit(item, Level::PathItem, pointer.as_str());
        for method in METHODS {
            if let Some(Value::Object(operation)) = item.get_mut(method) {
                let back = pointer.push(method);
                visit(operation, Level::Operation, pointer.as_str());
                pointer.back(back);
            }
        }
        pointer.back(back);
    }
}

/// Calls `visit` on every schema object the OpenAPI model reads, with its pointer: component
/// schemas, parameter, header and media-type schemas (in paths, operations, responses, callbacks
/// and components), and inside schemas `properties`, `items`, `additionalProperties`, `allOf`,
/// `anyOf`, `oneOf` and `not`.
///
/// A schema is visited before its subschemas, and the subschemas are read after `visit`
/// returns, so subschemas a pass creates are visited too.
pub fn schemas<F>(tree: &mut Value, mut visit: F)
where
    F: FnMut(&mut Map<String, Value>, &str),
{
    schema_values(tree, |schema, pointer| {
        if let Value::Object(map) = schema {
            visit(map, pointer);
        }
    });
}

/// Like [`schemas`], but also visits schemas that are not objects (3.1's boolean schemas
/// `true` and `false`); a boolean `additionalProperties` is not visited, the model reads it as
/// is.
pub fn schema_values<F>(tree: &mut Value, visit: F)
where
    F: FnMut(&mut Value, &str),
{
    let mut walker = SchemaWalker {
        pointer: Trail::new(),
        visit,
    };
    walker.document(tree);
}

struct SchemaWalker<F> {
    pointer: Trail,
    visit: F,
}

impl<F> SchemaWalker<F>
where
    F: FnMut(&mut Value, &str),
{
    /// Runs `step` on `map[key]` with the pointer extended by `key`.
    ///
    /// The key is found by reading the keys rather than hashing it: the objects walked here
    /// are schemas, operations and the like, of a few keys each, and each is asked for up to
    /// nine keys by every pass (hashing them cost 94 M of the 5,890 M instructions the OpenAI
    /// document takes, cachegrind). Still linear in the document: at most nine reads of each
    /// key per pass.
    fn field(&mut self, map: &mut Map<String, Value>, key: &str, step: fn(&mut Self, &mut Value)) {
        if let Some((_, value)) = map.iter_mut().find(|(name, _)| *name == key) {
            let back = self.pointer.push(key);
            step(self, value);
            self.pointer.back(back);
        }
    }

    /// Runs `step` on every value of the object `value`.
    fn each_value(&mut self, value: &mut Value, step: fn(&mut Self, &mut Value)) {
        if let Value::Object(map) = value {
            for (key, child) in map.iter_mut() {
                let back = self.pointer.push(key);
                step(self, child);
                self.pointer.back(back);
            }
        }
    }

    /// Runs `step` on every item of the array `value`.
    fn each_item(&mut self, value: &mut Value, step: fn(&mut Self, &mut Value)) {
        if let Value::Array(items) = value {
            for (index, child) in items.iter_mut().enumerate() {
                let back = self.pointer.push_index(index);
                step(self, child);
                self.pointer.back(back);
            }
        }
    }

    fn document(&mut self, tree: &mut Value) {
        let Value::Object(root) = tree else { return };
        self.field(root, "paths", |w, paths| {
            w.each_value(paths, Self::path_item)
        });
        self.field(root, "components", Self::components);
    }

    fn components(&mut self, components: &mut Value) {
        let Value::Object(map) = components else {
            return;
        };
        self.field(map, "schemas", |w, schemas| {
            w.each_value(schemas, Self::schema)
        });
        self.field(map, "parameters", |w, parameters| {
            w.each_value(parameters, Self::parameter)
        });
        self.field(map, "headers", |w, headers| {
            w.each_value(headers, Self::parameter)
        });
        self.field(map, "requestBodies", |w, bodies| {
            w.each_value(bodies, Self::with_content)
        });
        self.field(map, "responses", |w, responses| {
            w.each_value(responses, Self::response)
        });
        self.field(map, "callbacks", |w, callbacks| {
            w.each_value(callbacks, Self::callback)
        });
    }

    fn path_item(&mut self, item: &mut Value) {
        let Value::Object(map) = item else { return };
        self.field(map, "parameters", |w, list| {
            w.each_item(list, Self::parameter)
        });
        for method in METHODS {
            self.field(map, method, Self::operation);
        }
    }

    fn operation(&mut self, operation: &mut Value) {
        let Value::Object(map) = operation else {
            return;
        };
        self.field(map, "parameters", |w, list| {
            w.each_item(list, Self::parameter)
        });
        self.field(map, "requestBody", Self::with_content);
        self.field(map, "responses", |w, responses| {
            w.each_value(responses, Self::response)
        });
        self.field(map, "callbacks", |w, callbacks| {
            w.each_value(callbacks, Self::callback)
        });
    }

    fn callback(&mut self, callback: &mut Value) {
        self.each_value(callback, Self::path_item);
    }

    fn response(&mut self, response: &mut Value) {
        let Value::Object(map) = response else { return };
        self.field(map, "headers", |w, headers| {
            w.each_value(headers, Self::parameter)
        });
        self.field(map, "content", |w, content| {
            w.each_value(content, Self::media_type)
        });
    }

    /// A parameter or a header: a `schema`, or a `content` map.
    fn parameter(&mut self, parameter: &mut Value) {
        let Value::Object(map) = parameter else {
            return;
        };
        self.field(map, "schema", Self::schema);
        self.field(map, "content", |w, content| {
            w.each_value(content, Self::media_type)
        });
    }

    /// A request body: a `content` map.
    fn with_content(&mut self, body: &mut Value) {
        let Value::Object(map) = body else { return };
        self.field(map, "content", |w, content| {
            w.each_value(content, Self::media_type)
        });
    }

    fn media_type(&mut self, media_type: &mut Value) {
        let Value::Object(map) = media_type else {
            return;
        };
        self.field(map, "schema", Self::schema);
    }

    fn schema(&mut self, schema: &mut Value) {
        (self.visit)(schema, self.pointer.as_str());
        let Value::Object(map) = schema else { return };
        self.field(map, "properties", |w, properties| {
            w.each_value(properties, Self::schema)
        });
        self.field(map, "items", |w, items| match items {
            // JSON Schema's older tuple form: a list of schemas.
            Value::Array(_) => w.each_item(items, Self::schema),
            _ => w.schema(items),
        });
        self.field(map, "additionalProperties", |w, schema| {
            if !schema.is_boolean() {
                w.schema(schema);
            }
        });
        for keyword in ["allOf", "anyOf", "oneOf"] {
            self.field(map, keyword, |w, list| w.each_item(list, Self::schema));
        }
        self.field(map, "not", Self::schema);
    }
}

/// Keys whose object value is a map from names to OpenAPI or schema objects, so that its keys
/// are names, not keywords.
const NAME_MAPS: [&str; 19] = [
    "paths",
    "webhooks",
    "callbacks",
    "pathItems",
    "schemas",
    "parameters",
    "headers",
    "requestBodies",
    "responses",
    "securitySchemes",
    "links",
    "content",
    "encoding",
    "examples",
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];

/// Keys whose value is user data (examples, defaults, enum values, extensions), not OpenAPI
/// objects: a `$ref` key inside them is not a reference.
fn is_data_key(key: &str) -> bool {
    matches!(
        key,
        "example" | "default" | "enum" | "const" | "value" | "x-examples"
    ) || key.starts_with("x-")
}

/// Calls `visit` with every `$ref` string of the document and the pointer of that `$ref` key,
/// skipping user data (examples, defaults, enum and const values, `x-` extensions) and names
/// (a property called `$ref` is not a reference).
pub fn refs<F>(tree: &Value, mut visit: F)
where
    F: FnMut(&str, &str),
{
    refs_in(tree, false, &mut Trail::new(), &mut visit);
}

fn refs_in<F>(value: &Value, names: bool, pointer: &mut Trail, visit: &mut F)
where
    F: FnMut(&str, &str),
{
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                if !names && key == "$ref" {
                    if let Value::String(reference) = child {
                        let back = pointer.push(key);
                        visit(reference, pointer.as_str());
                        pointer.back(back);
                    }
                    continue;
                }
                if !names && is_data_key(key) {
                    continue;
                }
                let child_names = !names && NAME_MAPS.contains(&key.as_str());
                let back = pointer.push(key);
                refs_in(child, child_names, pointer, visit);
                pointer.back(back);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                let back = pointer.push_index(index);
                refs_in(child, false, pointer, visit);
                pointer.back(back);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn schemas_reaches_every_place_a_schema_can_stand() {
        let mut tree = json!({
            "paths": {
                "/a/{id}": {
                    "parameters": [{"name": "id", "in": "path", "schema": {"title": "p"}}],
                    "post": {
                        "parameters": [{"name": "q", "in": "query",
                                        "content": {"application/json": {"schema": {"title": "c"}}}}],
                        "requestBody": {"content": {"application/json": {"schema": {"title": "b"}}}},
                        "responses": {"200": {
                            "headers": {"X-Rate": {"schema": {"title": "h"}}},
                            "content": {"application/json": {"schema": {"title": "r"}}}
                        }},
                        "callbacks": {"cb": {"{$url}": {"get": {"responses": {"200": {
                            "content": {"text/plain": {"schema": {"title": "cb"}}}}}}}}}
                    }
                }
            },
            "components": {
                "schemas": {"S": {
                    "properties": {"a~b": {"items": {"title": "i"}}},
                    "additionalProperties": {"anyOf": [{"title": "x"}, {"not": {"title": "n"}}]},
                    "example": {"title": "not a schema"}
                }},
                "parameters": {"P": {"schema": {"title": "cp"}}},
                "requestBodies": {"B": {"content": {"a/b": {"schema": {"title": "cb2"}}}}}
            }
        });
        let mut seen = Vec::new();
        schemas(&mut tree, |schema, pointer| {
            let title = schema
                .get("title")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned();
            seen.push(format!("{pointer} {title}"));
        });
        assert_eq!(
            seen,
            [
                "/paths/~1a~1{id}/parameters/0/schema p",
                "/paths/~1a~1{id}/post/parameters/0/content/application~1json/schema c",
                "/paths/~1a~1{id}/post/requestBody/content/application~1json/schema b",
                "/paths/~1a~1{id}/post/responses/200/headers/X-Rate/schema h",
                "/paths/~1a~1{id}/post/responses/200/content/application~1json/schema r",
                "/paths/~1a~1{id}/post/callbacks/cb/{$url}/get/responses/200/content/text~1plain/schema cb",
                "/components/schemas/S ",
                "/components/schemas/S/properties/a~0b ",
                "/components/schemas/S/properties/a~0b/items i",
                "/components/schemas/S/additionalProperties ",
                "/components/schemas/S/additionalProperties/anyOf/0 x",
                "/components/schemas/S/additionalProperties/anyOf/1 ",
                "/components/schemas/S/additionalProperties/anyOf/1/not n",
                "/components/parameters/P/schema cp",
                "/components/requestBodies/B/content/a~1b/schema cb2",
            ]
        );
    }

    #[test]
    fn schemas_visits_subschemas_the_visitor_creates() {
        let mut tree = json!({"components": {"schemas": {"S": {"title": "top"}}}});
        let mut seen = Vec::new();
        schemas(&mut tree, |schema, pointer| {
            if schema.get("title") == Some(&json!("top")) {
                schema.insert("anyOf".into(), json!([{"title": "new"}]));
            }
            seen.push(pointer.to_owned());
        });
        assert_eq!(
            seen,
            ["/components/schemas/S", "/components/schemas/S/anyOf/0"]
        );
    }

    #[test]
    fn refs_skips_data_and_names() {
        let tree = json!({
            "paths": {"/a": {"get": {"responses": {"200": {"$ref": "#/components/responses/R"}}}}},
            "components": {"schemas": {"S": {
                "properties": {"$ref": {"$ref": "#/components/schemas/T"}},
                "example": {"$ref": "data"},
                "default": {"$ref": "data"},
                "x-meta": {"$ref": "data"},
                "allOf": [{"$ref": "#/components/schemas/U"}]
            }}}
        });
        let mut seen = Vec::new();
        refs(&tree, |reference, pointer| {
            seen.push(format!("{pointer} {reference}"))
        });
        assert_eq!(
            seen,
            [
                "/paths/~1a/get/responses/200/$ref #/components/responses/R",
                "/components/schemas/S/properties/$ref/$ref #/components/schemas/T",
                "/components/schemas/S/allOf/0/$ref #/components/schemas/U",
            ]
        );
    }

    #[test]
    fn operations_come_after_their_path_item() {
        let mut tree = json!({"paths": {
            "/a": {"parameters": [], "get": {}, "x-not": {}, "post": {}},
            "/b": {"$ref": "#/x"}
        }});
        let mut seen = Vec::new();
        operations(&mut tree, |_, level, pointer| {
            seen.push(format!("{level:?} {pointer}"))
        });
        assert_eq!(
            seen,
            [
                "PathItem /paths/~1a",
                "Operation /paths/~1a/get",
                "Operation /paths/~1a/post",
                "PathItem /paths/~1b",
            ]
        );
    }
}
