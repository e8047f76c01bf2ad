//! Finds the node that keeps the tree from parsing into the typed model.
//!
//! `openapiv3` reads schemas and references through flattened and untagged serde types, which
//! lose the path to a failing node (an error inside a schema is reported at `/paths` or
//! `/components`). This retries the parse node by node, from the document down, and returns the
//! deepest node that fails while all its parts parse. It runs only when the whole parse failed.

use super::walk::{self, Trail};
use openapiv3::ReferenceOr;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// What a node is, which decides its type and its parts.
#[derive(Clone, Copy)]
enum Kind {
    Document,
    Components,
    PathItem,
    Operation,
    Parameter,
    Header,
    RequestBody,
    Response,
    MediaType,
    Schema,
    SecurityScheme,
}

/// The deepest node of `tree` that does not parse, with `openapiv3`'s message for it.
pub fn failure(tree: &Value) -> Option<(String, String)> {
    failure_in(tree, Kind::Document, &mut Trail::new())
}

/// The deepest schema of `tree` that does not parse, each schema checked on its own (its child
/// schemas stood in for by `{}`), children first: one parse per schema.
///
/// Run before the typed parse: `openapiv3` reads a schema through untagged enums that try
/// each variant in turn, so a schema that fails deep inside nested schemas is read again and
/// again, twice per level (2^n reads for n levels: 35 nested objects took minutes). With every
/// schema known to fit, the typed parse of the whole tree reads each schema once.
pub fn schema_failure(tree: &Value) -> Option<(String, String)> {
    schema_failure_in(tree, Kind::Document, &mut Trail::new())
}

/// How deep schemas nest in `tree` (a schema without child schemas: 1).
pub fn schema_depth(tree: &Value) -> usize {
    depth_in(tree, Kind::Document)
}

fn depth_in(value: &Value, kind: Kind) -> usize {
    let mut deepest = 0;
    for (part, part_kind) in parts(kind) {
        let child = value.get(part.key());
        let children: Box<dyn Iterator<Item = &Value>> = match (part, child) {
            (Part::Field(_), Some(child)) => Box::new(std::iter::once(child)),
            (Part::Values(_), Some(Value::Object(map))) => Box::new(map.values()),
            (Part::Items(_), Some(Value::Array(items))) => Box::new(items.iter()),
            _ => Box::new(std::iter::empty()),
        };
        for child in children {
            deepest = deepest.max(depth_in(child, *part_kind));
        }
    }
    deepest + usize::from(matches!(kind, Kind::Schema))
}

fn parses<T: DeserializeOwned>(value: &Value) -> Result<(), String> {
    T::deserialize(value)
        .map(drop)
        .map_err(|error| error.to_string())
}

fn check(value: &Value, kind: Kind) -> Result<(), String> {
    match kind {
        Kind::Document => parses::<openapiv3::OpenAPI>(value),
        Kind::Components => parses::<openapiv3::Components>(value),
        Kind::PathItem => parses::<ReferenceOr<openapiv3::PathItem>>(value),
        Kind::Operation => parses::<openapiv3::Operation>(value),
        Kind::Parameter => parses::<ReferenceOr<openapiv3::Parameter>>(value),
        Kind::Header => parses::<ReferenceOr<openapiv3::Header>>(value),
        Kind::RequestBody => parses::<ReferenceOr<openapiv3::RequestBody>>(value),
        Kind::Response => parses::<ReferenceOr<openapiv3::Response>>(value),
        Kind::MediaType => parses::<openapiv3::MediaType>(value),
        Kind::Schema => parses::<ReferenceOr<openapiv3::Schema>>(value),
        Kind::SecurityScheme => parses::<ReferenceOr<openapiv3::SecurityScheme>>(value),
    }
}

/// How a part is reached from its node.
#[derive(Clone, Copy)]
enum Part {
    /// `node[key]`.
    Field(&'static str),
    /// Every value of `node[key]`.
    Values(&'static str),
    /// Every item of `node[key]`.
    Items(&'static str),
}

impl Part {
    /// The key the part is under.
    fn key(self) -> &'static str {
        match self {
            Part::Field(key) | Part::Values(key) | Part::Items(key) => key,
        }
    }
}

/// A path item's parts: its parameters, and an operation under each method of the one list.
const PATH_ITEM: [(Part, Kind); 1 + walk::METHODS.len()] = {
    let mut parts = [(Part::Items("parameters"), Kind::Parameter); 1 + walk::METHODS.len()];
    let mut index = 0;
    while index < walk::METHODS.len() {
        parts[index + 1] = (Part::Field(walk::METHODS[index]), Kind::Operation);
        index += 1;
    }
    parts
};

fn parts(kind: Kind) -> &'static [(Part, Kind)] {
    use Kind::*;
    use Part::*;
    match kind {
        Document => &[
            (Values("paths"), PathItem),
            (Field("components"), Components),
        ],
        Components => &[
            (Values("schemas"), Schema),
            (Values("parameters"), Parameter),
            (Values("headers"), Header),
            (Values("requestBodies"), RequestBody),
            (Values("responses"), Response),
            (Values("securitySchemes"), SecurityScheme),
        ],
        PathItem => &PATH_ITEM,
        Operation => &[
            (Items("parameters"), Parameter),
            (Field("requestBody"), RequestBody),
            (Values("responses"), Response),
        ],
        Parameter | Header => &[(Field("schema"), Schema), (Values("content"), MediaType)],
        RequestBody => &[(Values("content"), MediaType)],
        Response => &[(Values("headers"), Header), (Values("content"), MediaType)],
        MediaType => &[(Field("schema"), Schema)],
        SecurityScheme => &[],
        Schema => &[
            (Values("properties"), Schema),
            (Field("items"), Schema),
            (Field("additionalProperties"), Schema),
            (Items("allOf"), Schema),
            (Items("anyOf"), Schema),
            (Items("oneOf"), Schema),
            (Field("not"), Schema),
        ],
    }
}

fn failure_in(value: &Value, kind: Kind, pointer: &mut Trail) -> Option<(String, String)> {
    let message = check(value, kind).err()?;
    each_part(value, kind, pointer, failure_in)
        .or_else(|| Some((pointer.as_str().to_owned(), message)))
}

fn schema_failure_in(value: &Value, kind: Kind, pointer: &mut Trail) -> Option<(String, String)> {
    // `additionalProperties: false` (a boolean where a schema may be one is left to its
    // parent's check, which keeps it).
    if value.is_boolean() {
        return None;
    }
    if let Some(found) = each_part(value, kind, pointer, schema_failure_in) {
        return Some(found);
    }
    if !matches!(kind, Kind::Schema) {
        return None;
    }
    // The schema with each child schema as `{}`, built without copying the children.
    let shallow = match value {
        Value::Object(node) => Value::Object(
            node.iter()
                .map(|(key, child)| (key.clone(), without_schemas(key, child)))
                .collect(),
        ),
        other => other.clone(),
    };
    check(&shallow, kind)
        .err()
        .map(|message| (pointer.as_str().to_owned(), message))
}

/// `child`, the value under `key` of a schema, with the schemas it holds as that key's part
/// replaced by `{}`.
fn without_schemas(key: &str, child: &Value) -> Value {
    let empty = || Value::Object(Map::new());
    let part = parts(Kind::Schema)
        .iter()
        .find(|(part, _)| part.key() == key)
        .map(|(part, _)| *part);
    match (part, child) {
        (Some(Part::Field(_)), Value::Object(_)) => empty(),
        (Some(Part::Values(_)), Value::Object(children)) => Value::Object(
            children
                .keys()
                .map(|name| (name.clone(), empty()))
                .collect(),
        ),
        (Some(Part::Items(_)), Value::Array(children)) => {
            Value::Array(children.iter().map(|_| empty()).collect())
        }
        _ => child.clone(),
    }
}

/// The first `Some` that `step` gives for a part of `value` (a node of `kind`), in the order
/// of [`parts`], each with its pointer.
fn each_part(
    value: &Value,
    kind: Kind,
    pointer: &mut Trail,
    step: fn(&Value, Kind, &mut Trail) -> Option<(String, String)>,
) -> Option<(String, String)> {
    for (part, part_kind) in parts(kind) {
        let found = match part {
            Part::Field(key) => value.get(key).and_then(|child| {
                within(pointer, [*key], |pointer| step(child, *part_kind, pointer))
            }),
            Part::Values(key) => value.get(key).and_then(Value::as_object).and_then(|map| {
                map.iter().find_map(|(name, child)| {
                    within(pointer, [*key, name.as_str()], |pointer| {
                        step(child, *part_kind, pointer)
                    })
                })
            }),
            Part::Items(key) => value.get(key).and_then(Value::as_array).and_then(|items| {
                items.iter().enumerate().find_map(|(index, child)| {
                    let index = index.to_string();
                    within(pointer, [*key, index.as_str()], |pointer| {
                        step(child, *part_kind, pointer)
                    })
                })
            }),
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// Runs `step` with `tokens` pushed on `pointer`.
fn within<const N: usize, T>(
    pointer: &mut Trail,
    tokens: [&str; N],
    step: impl FnOnce(&mut Trail) -> T,
) -> T {
    let mut back = None;
    for token in tokens {
        back = back.or(Some(pointer.push(token)));
    }
    let result = step(pointer);
    if let Some(back) = back {
        pointer.back(back);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_the_deepest_failing_schema() {
        let tree = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": {
                "A": {"type": "string"},
                "B": {"type": "object", "properties": {"n": {"type": "number", "exclusiveMinimum": 0}}}
            }}
        });
        let (pointer, message) = failure(&tree).unwrap();
        assert_eq!(pointer, "/components/schemas/B/properties/n");
        assert!(message.contains("expected a boolean"), "{message}");
    }

    #[test]
    fn finds_a_failing_security_scheme() {
        let tree = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"securitySchemes": {"tls": {"type": "mutualTLS"}}}
        });
        let (pointer, message) = failure(&tree).unwrap();
        assert_eq!(pointer, "/components/securitySchemes/tls");
        assert!(message.contains("unknown variant `mutualTLS`"), "{message}");
    }

    #[test]
    fn a_schema_that_does_not_fit_deep_inside_is_found_reading_each_schema_once() {
        // 40 nested objects, `null` where the innermost schema goes: the typed parse alone
        // would read it 2^40 times.
        let mut schema = json!({"type": "object", "properties": {"leaf": null}});
        for _ in 0..40 {
            schema = json!({"type": "object", "properties": {"p": schema}, "additionalProperties": false});
        }
        let tree = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": {"Deep": schema, "Fine": {"additionalProperties": false}}}
        });
        assert_eq!(schema_depth(&tree), 42);
        let (pointer, message) = schema_failure(&tree).unwrap();
        assert_eq!(
            pointer,
            format!(
                "/components/schemas/Deep{}/properties/leaf",
                "/properties/p".repeat(40)
            )
        );
        assert!(message.contains("invalid type: null"), "{message}");
        let mut fixed = tree.clone();
        *fixed.pointer_mut(&pointer).unwrap() = json!({"type": "string"});
        assert_eq!(schema_failure(&fixed), None);
    }

    #[test]
    fn a_parsing_tree_has_no_failure() {
        let tree = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}});
        assert_eq!(failure(&tree), None);
    }
}
