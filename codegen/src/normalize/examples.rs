//! Pass: a schema's 3.1 `examples: [a, b, ...]` → `example: a` with `x-examples: [b, ...]`
//! (parameters' and media types' `examples` maps are 3.0 already and are left alone).

use super::walk;
use crate::diagnostic::{child, Diagnostics};
use serde_json::{Map, Value};

/// Rewrites every schema `examples` list.
pub fn run(tree: &mut Value, diagnostics: &mut Diagnostics) {
    walk::schemas(tree, |schema, pointer| {
        rewrite(schema, pointer, diagnostics)
    });
}

fn rewrite(schema: &mut Map<String, Value>, pointer: &str, diagnostics: &mut Diagnostics) {
    if !schema.get("examples").is_some_and(Value::is_array) {
        return;
    }
    let Some(Value::Array(mut examples)) = schema.shift_remove("examples") else {
        return;
    };
    let at = child(pointer, "examples");
    let message = match schema.get("example") {
        Some(example) => {
            let example = example.clone();
            examples.retain(|other| other != &example);
            "`examples` go to `x-examples`, beside the schema's `example`"
        }
        None if examples.is_empty() => {
            diagnostics.note(&at, "empty `examples` dropped");
            return;
        }
        None => {
            let first = examples.remove(0);
            schema.insert("example".to_owned(), first);
            if examples.is_empty() {
                "`examples: [a]` becomes `example: a`"
            } else {
                "`examples: [a, b, ...]` becomes `example: a` with `x-examples: [b, ...]`"
            }
        }
    };
    if !examples.is_empty() {
        schema.insert("x-examples".to_owned(), Value::Array(examples));
    }
    diagnostics.note(&at, message);
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
    fn first_example_is_the_example_and_the_rest_are_kept() {
        let (tree, list) = apply(
            run,
            component(json!({"type": "string", "examples": ["a", "b", "c"]})),
        );
        assert_eq!(
            tree,
            component(json!({"type": "string", "example": "a", "x-examples": ["b", "c"]}))
        );
        assert_diagnostics(
            &list,
            &[(
                Note,
                "/components/schemas/S/examples",
                "`x-examples: [b, ...]`",
            )],
        );
        let (tree, _) = apply(run, component(json!({"examples": [1]})));
        assert_eq!(tree, component(json!({"example": 1})));
    }

    #[test]
    fn an_existing_example_stays() {
        let (tree, _) = apply(
            run,
            component(json!({"example": "a", "examples": ["a", "b"]})),
        );
        assert_eq!(
            tree,
            component(json!({"example": "a", "x-examples": ["b"]}))
        );
    }

    #[test]
    fn media_type_examples_maps_are_left_alone() {
        let tree = json!({"paths": {"/a": {"get": {"responses": {"200": {"description": "",
            "content": {"application/json": {"examples": {"one": {"value": 1}}, "schema": {"type": "integer"}}}}}}}}});
        let (after, list) = apply(run, tree.clone());
        assert_eq!(after, tree);
        assert!(list.is_empty());
    }
}
