//! Pass: 3.1's boolean schemas → objects: `true` (anything) → `{}`, `false` (nothing) →
//! `{not: {}}`. A boolean `additionalProperties` is 3.0 already and stays.

use super::walk;
use crate::diagnostic::Diagnostics;
use serde_json::{json, Value};

/// Rewrites every boolean schema of the document.
pub fn run(tree: &mut Value, diagnostics: &mut Diagnostics) {
    walk::schema_values(tree, |schema, pointer| {
        let Value::Bool(allows) = *schema else { return };
        if allows {
            *schema = json!({});
            diagnostics.note(pointer, "the schema `true` (any value) becomes `{}`");
        } else {
            *schema = json!({"not": {}});
            diagnostics.note(pointer, "the schema `false` (no value) becomes `{not: {}}`");
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity::Note;
    use crate::normalize::testing::{apply, assert_diagnostics};

    #[test]
    fn boolean_schemas_become_objects() {
        let (tree, list) = apply(
            run,
            json!({"components": {"schemas": {
                "Any": true,
                "None": false,
                "Map": {"additionalProperties": false, "properties": {"p": true}}
            }}}),
        );
        assert_eq!(
            tree,
            json!({"components": {"schemas": {
                "Any": {},
                "None": {"not": {}},
                "Map": {"additionalProperties": false, "properties": {"p": {}}}
            }}})
        );
        assert_diagnostics(
            &list,
            &[
                (
                    Note,
                    "/components/schemas/Any",
                    "`true` (any value) becomes `{}`",
                ),
                (Note, "/components/schemas/None", "`{not: {}}`"),
                (Note, "/components/schemas/Map/properties/p", "`{}`"),
            ],
        );
    }
}
