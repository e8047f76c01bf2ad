//! Pass: a `$ref` with sibling keywords (allowed in 3.1, ignored in 3.0) → `allOf: [{$ref}]`
//! with the siblings beside it, so that no sibling (a description, `nullable`, ...) is lost.

use super::walk;
use crate::diagnostic::{child, Diagnostics};
use serde_json::{json, Map, Value};

/// Wraps every `$ref` that has siblings.
pub fn run(tree: &mut Value, diagnostics: &mut Diagnostics) {
    walk::schemas(tree, |schema, pointer| {
        rewrite(schema, pointer, diagnostics)
    });
}

fn rewrite(schema: &mut Map<String, Value>, pointer: &str, diagnostics: &mut Diagnostics) {
    if schema.len() < 2 || !schema.get("$ref").is_some_and(Value::is_string) {
        return;
    }
    let Some(reference) = schema.shift_remove("$ref") else {
        return;
    };
    let siblings: Vec<String> = schema.keys().map(|key| format!("`{key}`")).collect();
    let wrapped = json!({"$ref": reference});
    match schema.get_mut("allOf") {
        Some(Value::Array(members)) => members.insert(0, wrapped),
        _ => {
            schema.insert("allOf".to_owned(), json!([wrapped]));
        }
    }
    diagnostics.note(
        &child(pointer, "$ref"),
        format!(
            "`$ref` with siblings ({}) becomes `allOf: [{{$ref}}]` so that the siblings are kept",
            siblings.join(", ")
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity::Note;
    use crate::normalize::testing::{apply, assert_diagnostics};

    fn property(schema: Value) -> Value {
        json!({"components": {"schemas": {"S": {"properties": {"error": schema}}}}})
    }

    #[test]
    fn siblings_are_kept_beside_all_of() {
        let (tree, list) = apply(
            run,
            property(
                json!({"$ref": "#/components/schemas/E", "description": "The error details."}),
            ),
        );
        assert_eq!(
            tree,
            property(json!({
                "description": "The error details.",
                "allOf": [{"$ref": "#/components/schemas/E"}]
            }))
        );
        assert_diagnostics(
            &list,
            &[(
                Note,
                "/components/schemas/S/properties/error/$ref",
                "siblings (`description`)",
            )],
        );
    }

    #[test]
    fn an_existing_all_of_gets_the_ref_first() {
        let (tree, _) = apply(
            run,
            property(json!({"$ref": "#/a", "allOf": [{"$ref": "#/b"}]})),
        );
        assert_eq!(
            tree,
            property(json!({"allOf": [{"$ref": "#/a"}, {"$ref": "#/b"}]}))
        );
    }

    #[test]
    fn a_lone_ref_is_untouched() {
        let tree = property(json!({"$ref": "#/a"}));
        let (after, list) = apply(run, tree.clone());
        assert_eq!(after, tree);
        assert!(list.is_empty());
    }
}
