//! Pass: 3.1's numeric `exclusiveMinimum: n` → 3.0's `minimum: n` with `exclusiveMinimum: true`
//! (the same for the maximum); boolean ones are 3.0 already.

use super::{show, walk};
use crate::diagnostic::{child, Diagnostics};
use serde_json::{Map, Value};

/// Rewrites every numeric exclusive bound.
pub fn run(tree: &mut Value, diagnostics: &mut Diagnostics) {
    walk::schemas(tree, |schema, pointer| {
        rewrite(schema, pointer, "exclusiveMinimum", "minimum", diagnostics);
        rewrite(schema, pointer, "exclusiveMaximum", "maximum", diagnostics);
    });
}

fn rewrite(
    schema: &mut Map<String, Value>,
    pointer: &str,
    exclusive: &str,
    inclusive: &str,
    diagnostics: &mut Diagnostics,
) {
    let Some(Value::Number(bound)) = schema.get(exclusive).cloned() else {
        return;
    };
    let at = child(pointer, exclusive);
    let shown = show(&Value::Number(bound.clone()));
    // With both, the stricter one holds.
    let exclusive_is_stricter = match schema.get(inclusive).and_then(Value::as_f64) {
        None => true,
        Some(other) => {
            let bound = bound.as_f64().unwrap_or(other);
            if inclusive == "minimum" {
                bound >= other
            } else {
                bound <= other
            }
        }
    };
    if exclusive_is_stricter {
        schema.insert(inclusive.to_owned(), Value::Number(bound));
        schema.insert(exclusive.to_owned(), Value::Bool(true));
        diagnostics.note(
            &at,
            format!(
                "`{exclusive}: {shown}` becomes `{inclusive}: {shown}` with `{exclusive}: true`"
            ),
        );
    } else {
        schema.shift_remove(exclusive);
        diagnostics.note(
            &at,
            format!("`{exclusive}: {shown}` is dropped: the schema's `{inclusive}` is stricter"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity::Note;
    use crate::normalize::testing::{apply, assert_diagnostics};
    use serde_json::json;

    fn component(schema: Value) -> Value {
        json!({"components": {"schemas": {"S": schema}}})
    }

    #[test]
    fn numeric_bounds_become_boolean_ones() {
        let (tree, list) = apply(
            run,
            component(json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1.5})),
        );
        assert_eq!(
            tree,
            component(json!({
                "type": "number", "exclusiveMinimum": true, "exclusiveMaximum": true,
                "minimum": 0, "maximum": 1.5
            }))
        );
        assert_diagnostics(
            &list,
            &[
                (
                    Note,
                    "/components/schemas/S/exclusiveMinimum",
                    "`minimum: 0` with `exclusiveMinimum: true`",
                ),
                (
                    Note,
                    "/components/schemas/S/exclusiveMaximum",
                    "`maximum: 1.5`",
                ),
            ],
        );
    }

    #[test]
    fn the_stricter_bound_wins() {
        let (tree, _) = apply(run, component(json!({"minimum": 5, "exclusiveMinimum": 1})));
        assert_eq!(tree, component(json!({"minimum": 5})));
        let (tree, _) = apply(run, component(json!({"maximum": 5, "exclusiveMaximum": 1})));
        assert_eq!(
            tree,
            component(json!({"maximum": 1, "exclusiveMaximum": true}))
        );
    }

    #[test]
    fn boolean_bounds_are_untouched() {
        let tree = component(json!({"minimum": 1, "exclusiveMinimum": true}));
        let (after, list) = apply(run, tree.clone());
        assert_eq!(after, tree);
        assert!(list.is_empty());
    }
}
