//! Pass: warns when a schema's `default` is not one of its `enum` values (the tree is not
//! changed).

use super::{show, show_list, walk};
use crate::diagnostic::{child, Diagnostics};
use serde_json::{Map, Value};

/// Checks every schema that has both `default` and `enum`.
pub fn run(tree: &mut Value, diagnostics: &mut Diagnostics) {
    walk::schemas(tree, |schema, pointer| check(schema, pointer, diagnostics));
}

fn check(schema: &Map<String, Value>, pointer: &str, diagnostics: &mut Diagnostics) {
    let (Some(default), Some(Value::Array(values))) = (schema.get("default"), schema.get("enum"))
    else {
        return;
    };
    let nullable = schema.get("nullable") == Some(&Value::Bool(true));
    if (default.is_null() && nullable) || values.iter().any(|value| same(value, default)) {
        return;
    }
    diagnostics.warn(
        &child(pointer, "default"),
        format!(
            "`default` `{}` is not one of `enum` {}: a client that sends the default would be \
             refused; correct the default or add it to the enum",
            show(default),
            show_list(values)
        ),
    );
}

/// JSON equality, with numbers compared by value (`1` is `1.0`).
fn same(left: &Value, right: &Value) -> bool {
    match (left, right) {
        (Value::Number(left), Value::Number(right)) => left.as_f64() == right.as_f64(),
        _ => left == right,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity::Warning;
    use crate::normalize::testing::{apply, assert_diagnostics};
    use serde_json::json;

    fn parameter_schema(schema: Value) -> Value {
        json!({"paths": {"/a": {"post": {"parameters": [{"name": "h", "in": "header", "schema": schema}]}}}})
    }

    #[test]
    fn default_outside_the_enum_is_warned_about() {
        let tree = parameter_schema(json!({
            "type": "string", "enum": ["multipart/form-data"], "default": "multipart/form-datan"
        }));
        let (after, list) = apply(run, tree.clone());
        assert_eq!(after, tree);
        assert_diagnostics(
            &list,
            &[(
                Warning,
                "/paths/~1a/post/parameters/0/schema/default",
                "`default` `multipart/form-datan` is not one of `enum` [multipart/form-data]",
            )],
        );
    }

    #[test]
    fn defaults_inside_the_enum_pass() {
        for schema in [
            json!({"enum": ["a", "b"], "default": "b"}),
            json!({"enum": [1, 2], "default": 2.0}),
            json!({"enum": ["a"], "default": null, "nullable": true}),
            json!({"default": "x"}),
        ] {
            let (_, list) = apply(run, parameter_schema(schema));
            assert!(list.is_empty(), "{list:?}");
        }
    }
}
