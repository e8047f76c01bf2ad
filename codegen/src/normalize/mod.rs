//! Stage 2: any dialect → one OpenAPI model, saying what changed.
//!
//! Every pass works on the raw tree before typed parsing, in its own file, and records each
//! change it makes as a diagnostic. After the passes, the tree is parsed into `openapiv3`'s
//! OpenAPI 3.0 model, and the model is compared with the tree so that nothing it drops goes
//! unsaid (the `loss` module).
//!
//! What the passes leave for `lower` (the contract):
//! - `const: v` ⇒ `enum: [v]` with `x-const: true`;
//! - a nullable schema ⇒ `nullable: true` (3.1's `type: [T, 'null']` and `anyOf: [X, {type: 'null'}]`
//!   included); a nullable `$ref` ⇒ `allOf: [{$ref}]` with `nullable: true`;
//! - a `$ref` with sibling keywords ⇒ `allOf: [{$ref}]` with the siblings beside it;
//! - a schema's examples after the first ⇒ `x-examples: [...]`;
//! - an example written elsewhere (OpenAI's `x-oaiMeta` responses) ⇒ an entry of its body's
//!   `examples` with `x-source`: the pointer where it was written.

mod boolean_schema;
mod constant;
mod content_media;
mod enum_default;
mod examples;
mod item_schema;
mod locate;
mod loss;
mod null_union;
mod numeric_bounds;
mod oai_meta;
mod ref_siblings;
mod refs;
mod required_choice;
mod reserved_headers;
mod responses;
mod security_schemes;
mod servers;
mod type_array;
mod version;
pub(crate) mod walk;

use crate::diagnostic::Diagnostics;
use jsonptr::PointerBuf;
use serde_json::Value;

/// The extension of a media type's example that holds the pointer where the example was
/// written, when a pass moved it there (`lower` places its diagnostics at that pointer).
pub(crate) const EXAMPLE_SOURCE: &str = "x-source";

/// The passes run after the version check, in order. Missing `responses` are filled first,
/// 3.2's `itemSchema` of an event stream made its `schema` next (so the other passes see it),
/// boolean schemas next (so that the other passes see objects only), null unions before type arrays (which rewrite the
/// `{type: 'null'}` members they look for), `const` before type arrays (so that its value lands
/// in the right member), enum defaults before reserved headers (so a dropped header's
/// doubtful default is still reported), and reserved headers last, since dropping list items
/// moves the pointers of the items after them.
const PASSES: [fn(&mut Value, &mut Diagnostics<'_>); 17] = [
    responses::run,
    item_schema::run,
    boolean_schema::run,
    null_union::run,
    constant::run,
    type_array::run,
    ref_siblings::run,
    required_choice::run,
    examples::run,
    oai_meta::run,
    numeric_bounds::run,
    content_media::run,
    enum_default::run,
    refs::run,
    security_schemes::run,
    servers::run,
    reserved_headers::run,
];

/// Normalizes `tree` and parses it into the typed model; `None` when it cannot (errors are in
/// `diagnostics`).
pub fn normalize(mut tree: Value, diagnostics: &mut Diagnostics) -> Option<openapiv3::OpenAPI> {
    if !version::run(&mut tree, diagnostics) {
        return None;
    }
    for pass in PASSES {
        pass(&mut tree, diagnostics);
    }
    if diagnostics.has_errors() {
        return None;
    }
    let model = parse(&tree, diagnostics)?;
    loss::check(&tree, &model, diagnostics);
    Some(model)
}

/// How deep schemas may nest for the typed parse to be tried without checking each schema
/// first: a schema that does not fit this deep costs at most 2^8 reads of its component.
const SHALLOW_SCHEMAS: usize = 8;

/// Parses the rewritten tree into the typed model; on failure, an error at the deepest node
/// that does not fit.
fn parse(tree: &Value, diagnostics: &mut Diagnostics) -> Option<openapiv3::OpenAPI> {
    // Deeply nested schemas that do not fit would be read 2^depth times by the typed parse:
    // find such a schema first, reading each once (it costs about half a typed parse).
    let deep = locate::schema_depth(tree) > SHALLOW_SCHEMAS;
    let failure = match deep.then(|| locate::schema_failure(tree)).flatten() {
        Some(failure) => Err(failure),
        None => serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(tree)
            .map_err(|error| locate::failure(tree).unwrap_or_else(|| at_path(&error))),
    };
    let (pointer, message) = match failure {
        Ok(model) => return Some(model),
        Err(failure) => failure,
    };
    diagnostics.error(
        &pointer,
        format!(
            "the document does not fit the OpenAPI 3.0 model: {message}; check this node against \
             the OpenAPI specification (3.1-only forms other than those the normalizer rewrites \
             are not supported)"
        ),
    );
    None
}

/// Where serde says the typed parse failed, and its message.
fn at_path(error: &serde_path_to_error::Error<serde_json::Error>) -> (String, String) {
    let mut pointer = PointerBuf::new();
    for segment in error.path().iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => pointer.push_back(*index),
            serde_path_to_error::Segment::Map { key } => pointer.push_back(key.as_str()),
            serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {}
        }
    }
    (pointer.as_str().to_owned(), error.inner().to_string())
}

/// A value as a message shows it: a string as is, anything else as compact JSON, cut short
/// when long.
fn show(value: &Value) -> String {
    const LIMIT: usize = 80;
    let text = match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    match text.char_indices().nth(LIMIT) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text,
    }
}

/// A list of values as a message shows it: `[a, b]`.
fn show_list(values: &[Value]) -> String {
    let shown: Vec<String> = values.iter().map(show).collect();
    format!("[{}]", shown.join(", "))
}

#[cfg(test)]
mod testing {
    //! Helpers for the passes' tests.

    use crate::diagnostic::{Diagnostic, Diagnostics, LineMap, Severity};
    use serde_json::Value;

    /// Runs `pass` on `tree`; the tree after it and the diagnostics it made.
    pub fn apply(
        pass: fn(&mut Value, &mut Diagnostics<'_>),
        mut tree: Value,
    ) -> (Value, Vec<Diagnostic>) {
        let lines = LineMap::default();
        let mut diagnostics = Diagnostics::new("test.yaml", &lines);
        pass(&mut tree, &mut diagnostics);
        (tree, diagnostics.into_vec())
    }

    /// Asserts `diagnostics` are, in order, of `expected` severity and pointer, and contain the
    /// message fragment.
    #[track_caller]
    pub fn assert_diagnostics(diagnostics: &[Diagnostic], expected: &[(Severity, &str, &str)]) {
        let shown: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(diagnostics.len(), expected.len(), "diagnostics: {shown:#?}");
        for (diagnostic, (severity, pointer, fragment)) in diagnostics.iter().zip(expected) {
            assert_eq!(diagnostic.severity, *severity, "{diagnostic}");
            assert_eq!(diagnostic.pointer, *pointer, "{diagnostic}");
            assert!(
                diagnostic.message.contains(fragment),
                "`{fragment}` not in: {diagnostic}"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{LineMap, Severity};
    use serde_json::json;

    fn run(tree: Value) -> (Option<openapiv3::OpenAPI>, Vec<crate::Diagnostic>) {
        let lines = LineMap::default();
        let mut diagnostics = Diagnostics::new("test.yaml", &lines);
        let model = normalize(tree, &mut diagnostics);
        (model, diagnostics.into_vec())
    }

    #[test]
    fn a_type_error_is_placed_at_its_node() {
        let (model, list) = run(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "servers": [{"url": "https://x"}],
            "paths": {"/a": {"get": {"responses": {"200": {"content": {}}}}}}
        }));
        assert!(model.is_none());
        testing::assert_diagnostics(
            &list,
            &[(
                Severity::Error,
                "/paths/~1a/get/responses/200",
                "missing field `description`",
            )],
        );
    }

    #[test]
    fn a_small_3_1_document_reaches_the_model() {
        let (model, list) = run(json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "servers": [{"url": "https://x"}],
            "components": {"schemas": {"S": {
                "type": "object",
                "properties": {
                    "kind": {"const": "s"},
                    "name": {"type": ["string", "null"]}
                }
            }}}
        }));
        let model = model.unwrap();
        testing::assert_diagnostics(
            &list,
            &[
                (Severity::Note, "", "no `paths`"),
                (
                    Severity::Note,
                    "/components/schemas/S/properties/kind/const",
                    "`enum: [s]`",
                ),
                (
                    Severity::Note,
                    "/components/schemas/S/properties/kind",
                    "`type: string` inferred",
                ),
                (
                    Severity::Note,
                    "/components/schemas/S/properties/name/type",
                    "`nullable: true`",
                ),
            ],
        );
        let schemas = &model.components.unwrap().schemas;
        let openapiv3::ReferenceOr::Item(schema) = &schemas["S"] else {
            panic!("not inline")
        };
        let openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) = &schema.schema_kind
        else {
            panic!("not an object")
        };
        let openapiv3::ReferenceOr::Item(kind) = &object.properties["kind"] else {
            panic!()
        };
        assert_eq!(
            kind.schema_data.extensions.get("x-const"),
            Some(&json!(true))
        );
        let openapiv3::ReferenceOr::Item(name) = &object.properties["name"] else {
            panic!()
        };
        assert!(name.schema_data.nullable);
    }

    #[test]
    fn passes_do_not_run_after_a_refused_version() {
        let (model, list) = run(
            json!({"swagger": "2.0", "paths": {"/a": {"get": {"parameters": [
            {"name": "Accept", "in": "header", "type": "string"}]}}}}),
        );
        assert!(model.is_none());
        testing::assert_diagnostics(&list, &[(Severity::Error, "/swagger", "Swagger 2.0")]);
    }

    #[test]
    fn odd_shapes_give_diagnostics_not_panics() {
        let info = json!({"title": "t", "version": "1"});
        for odd in [
            json!({"paths": [1, 2]}),
            json!({"paths": {"/a": "x", "/b": {"parameters": {"a": 1}, "get": []}}}),
            json!({"paths": {"/a": {"get": {"parameters": [1, {"in": "header"}, {"$ref": 3}]}}}}),
            json!({"components": {"schemas": {"A": "x", "B": {"type": [1]}, "C": {"anyOf": 3},
                "D": {"anyOf": [1, {"type": "null"}]}, "E": {"const": {}, "enum": 1},
                "F": {"type": ["string", "object"], "enum": 2, "items": []},
                "G": {"examples": {"a": 1}, "exclusiveMinimum": "x", "$ref": 5, "description": ""},
                "H": {"allOf": [{"$ref": "#/components/schemas/%"}]}}}}),
            json!({"components": {"parameters": [], "responses": {"R": 1}}}),
        ] {
            let mut tree = json!({"openapi": "3.1.0", "info": info});
            if let (Value::Object(tree), Value::Object(odd)) = (&mut tree, odd) {
                tree.extend(odd);
            }
            let (model, list) = run(tree);
            assert!(model.is_none(), "{list:?}");
            assert!(
                list.iter().any(|d| d.severity == Severity::Error),
                "{list:?}"
            );
        }
    }

    #[test]
    fn show_cuts_long_values() {
        assert_eq!(show(&json!("abc")), "abc");
        assert_eq!(show(&json!({"a": 1})), r#"{"a":1}"#);
        assert_eq!(show(&json!("é".repeat(100))).chars().count(), 81);
        assert_eq!(show_list(&[json!("a"), json!(1)]), "[a, 1]");
    }
}
