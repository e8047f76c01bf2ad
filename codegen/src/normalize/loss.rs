//! The guard against silent loss: the typed model, written back as a tree, is compared with the
//! tree it was read from, and every key that vanished is reported where it stood.
//!
//! Only vanished keys count (keys the model adds are its defaults), and a vanished key whose
//! value is `false`, `null`, `""`, `[]` or `{}` is the model's default written out, not a loss.
//! The comparison visits each node once.

use super::walk::Trail;
use crate::diagnostic::Diagnostics;
use serde_json::Value;
use std::collections::HashMap;

/// Warns about every key of `tree` that `model` does not keep.
pub fn check(tree: &Value, model: &openapiv3::OpenAPI, diagnostics: &mut Diagnostics) {
    match serde_json::to_value(model) {
        Ok(written) => compare(tree, &written, &mut Trail::new(), diagnostics),
        Err(error) => diagnostics.warn(
            "",
            format!("the model could not be written back to check for dropped keys: {error}"),
        ),
    }
}

fn compare(before: &Value, after: &Value, pointer: &mut Trail, diagnostics: &mut Diagnostics) {
    match (before, after) {
        (Value::Object(before), Value::Object(after)) => {
            // The model may spell a key differently (a `2xx` status range comes back `2XX`):
            // a missing key is looked up again by its lowercase form, in an index built once.
            let mut folded: Option<HashMap<String, &Value>> = None;
            for (key, value) in before {
                let kept = after.get(key).or_else(|| {
                    folded
                        .get_or_insert_with(|| {
                            after
                                .iter()
                                .map(|(k, v)| (k.to_ascii_lowercase(), v))
                                .collect()
                        })
                        .get(&key.to_ascii_lowercase())
                        .copied()
                });
                let back = pointer.push(key);
                match kept {
                    Some(kept) => compare(value, kept, pointer, diagnostics),
                    None if is_default(value) => {}
                    None => diagnostics.warn(
                        pointer.as_str(),
                        format!(
                            "`{key}` is not understood by the OpenAPI 3.0 model and was dropped"
                        ),
                    ),
                }
                pointer.back(back);
            }
        }
        (Value::Array(before), Value::Array(after)) => {
            for (index, (value, kept)) in before.iter().zip(after).enumerate() {
                let back = pointer.push_index(index);
                compare(value, kept, pointer, diagnostics);
                pointer.back(back);
            }
        }
        _ => {}
    }
}

/// Whether `value` is what the model leaves out when it holds its default.
fn is_default(value: &Value) -> bool {
    match value {
        Value::Null | Value::Bool(false) => true,
        Value::String(text) => text.is_empty(),
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.is_empty(),
        Value::Bool(true) | Value::Number(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::LineMap;
    use crate::diagnostic::Severity::Warning;
    use crate::normalize::testing::assert_diagnostics;
    use serde_json::json;

    fn guard(tree: Value) -> Vec<crate::Diagnostic> {
        let model: openapiv3::OpenAPI = serde_json::from_value(tree.clone()).unwrap();
        let lines = LineMap::default();
        let mut diagnostics = Diagnostics::new("test.yaml", &lines);
        check(&tree, &model, &mut diagnostics);
        diagnostics.into_vec()
    }

    #[test]
    fn vanished_keys_are_reported_where_they_stood() {
        let list = guard(json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1", "summary": "3.1 only"},
            "paths": {"/a": {"get": {
                "deprecated": false,
                "responses": {"2xx": {"description": "ok", "x-y": 1, "extra": 1}}
            }}},
            "webhooks": {"w": {}},
            "components": {"schemas": {"S": {
                "type": "object",
                "$defs": {"D": {}},
                "properties": {
                    "t": {"type": "array", "prefixItems": [{}], "x-keep": 1},
                    "r": {"$ref": "#/components/schemas/S", "description": "lost"}
                }
            }}}
        }));
        assert_diagnostics(
            &list,
            &[
                (
                    Warning,
                    "/info/summary",
                    "`summary` is not understood by the OpenAPI 3.0 model and was dropped",
                ),
                (Warning, "/paths/~1a/get/responses/2xx/extra", "`extra`"),
                (Warning, "/webhooks", "`webhooks`"),
                (Warning, "/components/schemas/S/$defs", "`$defs`"),
                (
                    Warning,
                    "/components/schemas/S/properties/t/prefixItems",
                    "`prefixItems`",
                ),
                (
                    Warning,
                    "/components/schemas/S/properties/r/description",
                    "`description`",
                ),
            ],
        );
    }

    #[test]
    fn a_plain_3_0_document_loses_nothing() {
        let list = guard(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "servers": [],
            "paths": {"/a": {"get": {
                "parameters": [{"name": "q", "in": "query", "required": false,
                                "schema": {"type": "integer", "format": "int64", "minimum": 1}}],
                "responses": {"default": {"description": "", "content": {"application/json": {
                    "schema": {"type": "string", "format": "", "enum": ["a", null], "nullable": true}}}}}
            }}}
        }));
        assert!(list.is_empty(), "{list:?}");
    }
}
