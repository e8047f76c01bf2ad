//! Pass: `const: v` (3.1) → `enum: [v]` with `x-const: true`, which `lower` turns into a strict
//! one-value type; a missing `type` is inferred from `v`.

use super::{show, show_list, walk};
use crate::diagnostic::{child, Diagnostics};
use serde_json::{json, Map, Value};

/// Rewrites every `const` of the document.
pub fn run(tree: &mut Value, diagnostics: &mut Diagnostics) {
    walk::schemas(tree, |schema, pointer| {
        rewrite(schema, pointer, diagnostics)
    });
}

fn rewrite(schema: &mut Map<String, Value>, pointer: &str, diagnostics: &mut Diagnostics) {
    let Some(value) = schema.get("const").cloned() else {
        return;
    };
    let at = child(pointer, "const");
    let shown = show(&value);
    match schema.get("enum") {
        Some(Value::Array(values)) if values.contains(&value) && values.len() > 1 => {
            diagnostics.note(
                &child(pointer, "enum"),
                format!(
                    "`enum` {} is narrowed to the `const` value {shown}",
                    show_list(values)
                ),
            );
        }
        Some(Value::Array(values)) if values.contains(&value) => {}
        Some(other) => diagnostics.warn(
            &child(pointer, "enum"),
            format!(
                "`const` {shown} is not among `enum` {}: no value fits both; the `const` value is \
                 kept, fix the document",
                match other {
                    Value::Array(values) => show_list(values),
                    other => show(other),
                }
            ),
        ),
        None => {}
    }
    // In place of `const`, so the tree keeps the document's key order.
    let mut rebuilt = Map::new();
    for (key, old) in std::mem::take(schema) {
        match key.as_str() {
            "const" => {
                rebuilt.insert("enum".to_owned(), json!([value.clone()]));
                rebuilt.insert("x-const".to_owned(), Value::Bool(true));
            }
            "enum" | "x-const" => {}
            _ => {
                rebuilt.insert(key, old);
            }
        }
    }
    *schema = rebuilt;
    diagnostics.note(
        &at,
        format!("`const: {shown}` becomes `enum: [{shown}]` with `x-const: true`"),
    );
    if schema.contains_key("type") {
        return;
    }
    let inferred = match &value {
        Value::String(_) => "string",
        Value::Bool(_) => "boolean",
        Value::Number(number) if number.is_f64() => "number",
        Value::Number(_) => "integer",
        Value::Null => {
            schema.insert("nullable".to_owned(), Value::Bool(true));
            diagnostics.note(pointer, "`const: null` makes the schema `nullable: true`");
            return;
        }
        Value::Array(_) | Value::Object(_) => return,
    };
    schema.insert("type".to_owned(), Value::String(inferred.to_owned()));
    diagnostics.note(
        pointer,
        format!("`type: {inferred}` inferred from the `const` value"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity::{Note, Warning};
    use crate::normalize::testing::{apply, assert_diagnostics};

    fn property(schema: Value) -> Value {
        json!({"components": {"schemas": {"S": {"type": "object", "properties": {"p": schema}}}}})
    }

    const AT: &str = "/components/schemas/S/properties/p";

    #[test]
    fn const_becomes_a_strict_one_value_enum() {
        let (tree, list) = apply(
            run,
            property(json!({"type": "string", "const": "file", "title": "Object"})),
        );
        assert_eq!(
            tree,
            property(
                json!({"type": "string", "enum": ["file"], "x-const": true, "title": "Object"})
            )
        );
        assert_diagnostics(
            &list,
            &[(
                Note,
                "/components/schemas/S/properties/p/const",
                "`enum: [file]`",
            )],
        );
    }

    #[test]
    fn type_is_inferred_from_the_value() {
        for (value, inferred) in [
            (json!("a"), "string"),
            (json!(3), "integer"),
            (json!(1.5), "number"),
            (json!(true), "boolean"),
        ] {
            let (tree, list) = apply(run, property(json!({"const": value})));
            assert_eq!(
                tree,
                property(json!({"enum": [value], "x-const": true, "type": inferred}))
            );
            assert_diagnostics(
                &list,
                &[
                    (Note, &format!("{AT}/const"), "x-const"),
                    (Note, AT, &format!("`type: {inferred}` inferred")),
                ],
            );
        }
    }

    #[test]
    fn enum_holding_the_value_is_narrowed_and_a_contradiction_is_warned() {
        let (tree, list) = apply(
            run,
            property(json!({"type": "string", "enum": ["a", "b"], "const": "a"})),
        );
        assert_eq!(
            tree,
            property(json!({"type": "string", "enum": ["a"], "x-const": true}))
        );
        assert_diagnostics(
            &list,
            &[
                (Note, &format!("{AT}/enum"), "narrowed"),
                (Note, &format!("{AT}/const"), "x-const"),
            ],
        );
        let (tree, list) = apply(
            run,
            property(json!({"type": "string", "enum": ["b"], "const": "a"})),
        );
        assert_eq!(
            tree,
            property(json!({"type": "string", "enum": ["a"], "x-const": true}))
        );
        assert_diagnostics(
            &list,
            &[
                (
                    Warning,
                    &format!("{AT}/enum"),
                    "`const` a is not among `enum` [b]",
                ),
                (Note, &format!("{AT}/const"), ""),
            ],
        );
    }

    #[test]
    fn const_null_is_nullable() {
        let (tree, _) = apply(run, property(json!({"const": null})));
        assert_eq!(
            tree,
            property(json!({"enum": [null], "x-const": true, "nullable": true}))
        );
    }
}
