//! Pass: `anyOf`/`oneOf` with a null member (`{type: 'null'}`, 3.1) → `nullable: true` (3.0).
//!
//! The null member goes; what remains is kept as the union (two members or more), wrapped as
//! `allOf: [{$ref}]` (one `$ref`, since 3.0 ignores a `$ref`'s siblings), or merged into the
//! schema (one inline member; the schema's own `title` and `description` win).

use super::{show, walk};
use crate::diagnostic::{child, Diagnostics};
use serde_json::{json, Map, Value};

/// Keys a null member may carry besides what makes it null.
const NULL_MEMBER_EXTRAS: [&str; 3] = ["title", "description", "nullable"];

/// Keys of a merged member that give way to the schema's own without a word.
const DOC_KEYS: [&str; 2] = ["title", "description"];

/// Rewrites every null union of the document.
pub fn run(tree: &mut Value, diagnostics: &mut Diagnostics) {
    walk::schemas(tree, |schema, pointer| {
        for keyword in ["anyOf", "oneOf"] {
            rewrite(schema, keyword, pointer, diagnostics);
        }
    });
}

/// Whether `member` allows only null: `type: 'null'` (or `['null']`), `enum: [null]` or
/// `const: null`, with at most a title, a description or `nullable` besides.
fn is_null_member(member: &Value) -> bool {
    let Value::Object(map) = member else {
        return false;
    };
    let mut says_null = false;
    for (key, value) in map {
        let null = match key.as_str() {
            "type" => match value {
                Value::String(name) => name == "null",
                Value::Array(names) => !names.is_empty() && names.iter().all(|n| n == "null"),
                _ => false,
            },
            "enum" => value
                .as_array()
                .is_some_and(|values| values == &[Value::Null]),
            "const" => value.is_null(),
            key if NULL_MEMBER_EXTRAS.contains(&key) => continue,
            _ => false,
        };
        if !null {
            return false;
        }
        says_null = true;
    }
    says_null
}

fn rewrite(
    schema: &mut Map<String, Value>,
    keyword: &str,
    pointer: &str,
    diagnostics: &mut Diagnostics,
) {
    let Some(Value::Array(members)) = schema.get_mut(keyword) else {
        return;
    };
    let before = members.len();
    members.retain(|member| !is_null_member(member));
    if members.len() == before {
        return;
    }
    let at = child(pointer, keyword);
    if members.len() >= 2 {
        schema.insert("nullable".to_owned(), Value::Bool(true));
        diagnostics.note(
            &at,
            format!("the null member of `{keyword}` is replaced by `nullable: true`"),
        );
        return;
    }
    let remaining = members.pop();
    schema.shift_remove(keyword);
    match remaining {
        None => {
            schema.insert("enum".to_owned(), json!([null]));
            diagnostics.note(
                &at,
                format!(
                    "`{keyword}` allows only null: it becomes `nullable: true` with `enum: [null]`"
                ),
            );
        }
        Some(Value::Object(member)) if member.contains_key("$ref") => {
            let mut reference = Map::new();
            for (key, value) in member {
                if key == "$ref" {
                    reference.insert(key, value);
                } else if !schema.contains_key(&key) {
                    schema.insert(key, value);
                }
            }
            schema.insert("allOf".to_owned(), json!([reference]));
            diagnostics.note(
                &at,
                format!(
                    "`{keyword}` of a `$ref` and null becomes `allOf: [{{$ref}}]` with \
                     `nullable: true`"
                ),
            );
        }
        Some(Value::Object(member)) => {
            for (key, value) in member {
                match schema.get(&key) {
                    None => {
                        schema.insert(key, value);
                    }
                    Some(own) if own == &value || DOC_KEYS.contains(&key.as_str()) => {}
                    Some(own) => diagnostics.warn(
                        &at,
                        format!(
                            "the other member of `{keyword}` says `{key}: {}` but the schema says \
                             `{key}: {}`: the schema's is kept; check which one the API means",
                            show(&value),
                            show(own)
                        ),
                    ),
                }
            }
            diagnostics.note(
                &at,
                format!(
                    "`{keyword}` of one schema and null: the schema is merged into its parent with \
                     `nullable: true`"
                ),
            );
        }
        Some(other) => {
            // Not a schema (the typed parse will say so): keep it as the only member.
            schema.insert(keyword.to_owned(), Value::Array(vec![other]));
            diagnostics.note(
                &at,
                format!("the null member of `{keyword}` is replaced by `nullable: true`"),
            );
        }
    }
    schema.insert("nullable".to_owned(), Value::Bool(true));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity::{Note, Warning};
    use crate::normalize::testing::{apply, assert_diagnostics};

    fn component(schema: Value) -> Value {
        json!({"components": {"schemas": {"S": schema}}})
    }

    #[test]
    fn inline_member_is_merged_and_parent_docs_win() {
        let (tree, list) = apply(
            run,
            component(json!({
                "anyOf": [{"type": "string", "title": "inner"}, {"type": "null"}],
                "title": "Param",
                "description": "The parameter."
            })),
        );
        assert_eq!(
            tree,
            component(json!({
                "title": "Param",
                "description": "The parameter.",
                "type": "string",
                "nullable": true
            }))
        );
        assert_diagnostics(
            &list,
            &[(
                Note,
                "/components/schemas/S/anyOf",
                "merged into its parent",
            )],
        );
    }

    #[test]
    fn single_ref_becomes_all_of_and_keeps_its_siblings() {
        let (tree, list) = apply(
            run,
            component(json!({
                "oneOf": [{"type": "null", "description": "none"}, {"$ref": "#/x", "description": "d"}]
            })),
        );
        assert_eq!(
            tree,
            component(json!({"description": "d", "allOf": [{"$ref": "#/x"}], "nullable": true}))
        );
        assert_diagnostics(
            &list,
            &[(Note, "/components/schemas/S/oneOf", "`allOf: [{$ref}]`")],
        );
    }

    #[test]
    fn several_members_stay_a_union() {
        let (tree, list) = apply(
            run,
            component(
                json!({"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": ["null"]}]}),
            ),
        );
        assert_eq!(
            tree,
            component(
                json!({"anyOf": [{"type": "string"}, {"type": "integer"}], "nullable": true})
            )
        );
        assert_diagnostics(
            &list,
            &[(
                Note,
                "/components/schemas/S/anyOf",
                "replaced by `nullable: true`",
            )],
        );
    }

    #[test]
    fn only_null_becomes_enum_null() {
        let (tree, _) = apply(run, component(json!({"anyOf": [{"enum": [null]}]})));
        assert_eq!(tree, component(json!({"enum": [null], "nullable": true})));
    }

    #[test]
    fn conflicting_keys_are_warned_about() {
        let (tree, list) = apply(
            run,
            component(json!({"type": "integer", "anyOf": [{"type": "string"}, {"type": "null"}]})),
        );
        assert_eq!(
            tree,
            component(json!({"type": "integer", "nullable": true}))
        );
        assert_diagnostics(
            &list,
            &[
                (
                    Warning,
                    "/components/schemas/S/anyOf",
                    "says `type: string` but the schema says `type: integer`",
                ),
                (Note, "/components/schemas/S/anyOf", "merged"),
            ],
        );
    }

    #[test]
    fn unions_without_null_and_3_0_nullable_are_left_alone() {
        let tree = component(json!({
            "anyOf": [{"type": "string"}, {"type": "null", "format": "x"}],
            "properties": {"m": {"additionalProperties": {"nullable": true}, "nullable": true}}
        }));
        let (after, list) = apply(run, tree.clone());
        assert_eq!(after, tree);
        assert!(list.is_empty());
    }
}
