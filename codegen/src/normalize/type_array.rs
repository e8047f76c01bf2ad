//! Pass: 3.1 type lists → 3.0 forms.
//!
//! `type: [T, 'null']` → `type: T` with `nullable: true`; `type: [A, B, ...]` → `anyOf` with one
//! member per type, each taking the keywords that apply to its type; `type: 'null'` →
//! `nullable: true` with `enum: [null]`.

use super::{show, walk};
use crate::diagnostic::{child, Diagnostics};
use serde_json::{json, Map, Value};

/// Keywords that apply to strings only.
const STRING_KEYWORDS: [&str; 5] = [
    "pattern",
    "minLength",
    "maxLength",
    "contentMediaType",
    "contentEncoding",
];

/// Keywords that apply to numbers and integers only.
const NUMBER_KEYWORDS: [&str; 5] = [
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
];

/// Keywords that apply to objects only.
const OBJECT_KEYWORDS: [&str; 10] = [
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
    "patternProperties",
    "propertyNames",
    "unevaluatedProperties",
    "dependentRequired",
    "dependentSchemas",
];

/// Keywords that apply to arrays only.
const ARRAY_KEYWORDS: [&str; 9] = [
    "items",
    "prefixItems",
    "minItems",
    "maxItems",
    "uniqueItems",
    "contains",
    "minContains",
    "maxContains",
    "unevaluatedItems",
];

/// Rewrites every type list and `type: 'null'` of the document.
pub fn run(tree: &mut Value, diagnostics: &mut Diagnostics) {
    walk::schemas(tree, |schema, pointer| {
        rewrite(schema, pointer, diagnostics)
    });
}

fn rewrite(schema: &mut Map<String, Value>, pointer: &str, diagnostics: &mut Diagnostics) {
    let at = child(pointer, "type");
    let names: Vec<String> = match schema.get("type") {
        Some(Value::String(name)) if name == "null" => vec![name.clone()],
        Some(Value::Array(list)) => {
            let mut names = Vec::new();
            for entry in list {
                let Value::String(name) = entry else {
                    diagnostics.warn(
                        &at,
                        format!(
                            "`type` lists {} which is not a type name: left as is",
                            show(entry)
                        ),
                    );
                    return;
                };
                if !names.contains(name) {
                    names.push(name.clone());
                }
            }
            names
        }
        _ => return,
    };
    let nullable = names.iter().any(|name| name == "null");
    let types: Vec<String> = names.into_iter().filter(|name| name != "null").collect();
    match types.as_slice() {
        [] => {
            schema.shift_remove("type");
            if nullable {
                schema.insert("nullable".to_owned(), Value::Bool(true));
                schema.entry("enum").or_insert_with(|| json!([null]));
                diagnostics.note(
                    &at,
                    "`type: 'null'` becomes `nullable: true` with `enum: [null]`",
                );
            } else {
                diagnostics.warn(&at, "`type: []` allows no value: it is dropped");
            }
        }
        [only] => {
            let only = only.clone();
            schema.insert("type".to_owned(), Value::String(only.clone()));
            if nullable {
                schema.insert("nullable".to_owned(), Value::Bool(true));
                diagnostics.note(
                    &at,
                    format!(
                        "`type: [{only}, 'null']` becomes `type: {only}` with `nullable: true`"
                    ),
                );
            } else {
                diagnostics.note(&at, format!("`type: [{only}]` becomes `type: {only}`"));
            }
        }
        _ => split(schema, &types, nullable, pointer, diagnostics),
    }
}

/// Replaces `type: [A, B, ...]` by `anyOf` with one member per type.
fn split(
    schema: &mut Map<String, Value>,
    types: &[String],
    nullable: bool,
    pointer: &str,
    diagnostics: &mut Diagnostics,
) {
    let at = &child(pointer, "type");
    let listed = types.join(", ");
    if schema.contains_key("anyOf") {
        diagnostics.warn(
            at,
            format!(
                "`type: [{listed}]` cannot become `anyOf`: the schema has an `anyOf` already; left \
                 as is, rewrite it as `anyOf` of one schema per type"
            ),
        );
        return;
    }
    schema.shift_remove("type");
    let mut members: Vec<Map<String, Value>> = types
        .iter()
        .map(|name| {
            let mut member = Map::new();
            member.insert("type".to_owned(), Value::String(name.clone()));
            member
        })
        .collect();
    let has = |wanted: &str| types.iter().position(|name| name == wanted);
    let groups: [(&[&str], Vec<usize>); 4] = [
        (&STRING_KEYWORDS, has("string").into_iter().collect()),
        (
            &NUMBER_KEYWORDS,
            has("number").into_iter().chain(has("integer")).collect(),
        ),
        (&OBJECT_KEYWORDS, has("object").into_iter().collect()),
        (&ARRAY_KEYWORDS, has("array").into_iter().collect()),
    ];
    for (keywords, targets) in groups {
        if targets.is_empty() {
            continue;
        }
        for keyword in keywords {
            if let Some(value) = schema.shift_remove(*keyword) {
                for &target in &targets {
                    if let Some(member) = members.get_mut(target) {
                        member.insert((*keyword).to_owned(), value.clone());
                    }
                }
            }
        }
    }
    if let Some(format) = schema.get("format").and_then(Value::as_str) {
        let wanted: &[&str] = match format {
            "int32" | "int64" => &["integer", "number"],
            "float" | "double" => &["number", "integer"],
            _ => &["string", "number", "integer"],
        };
        if let Some(target) = wanted.iter().find_map(|name| has(name)) {
            if let (Some(member), Some(value)) =
                (members.get_mut(target), schema.shift_remove("format"))
            {
                member.insert("format".to_owned(), value);
            }
        }
    }
    let values = match schema.shift_remove("enum") {
        Some(Value::Array(values)) => values,
        Some(other) => {
            // Not a list: the typed parse will say so.
            schema.insert("enum".to_owned(), other);
            Vec::new()
        }
        None => Vec::new(),
    };
    for value in values {
        let target = match &value {
            Value::Null if nullable => continue,
            Value::String(_) => has("string"),
            Value::Bool(_) => has("boolean"),
            Value::Number(number) if !number.is_f64() => has("integer").or_else(|| has("number")),
            Value::Number(_) => has("number"),
            Value::Object(_) => has("object"),
            Value::Array(_) => has("array"),
            Value::Null => None,
        };
        match target.and_then(|target| members.get_mut(target)) {
            Some(member) => {
                if let Value::Array(list) = member.entry("enum").or_insert_with(|| json!([])) {
                    list.push(value);
                }
            }
            None => diagnostics.warn(
                &child(pointer, "enum"),
                format!(
                    "`enum` value {} fits none of the types [{listed}]: dropped",
                    show(&value)
                ),
            ),
        }
    }
    schema.insert(
        "anyOf".to_owned(),
        Value::Array(members.into_iter().map(Value::Object).collect()),
    );
    if nullable {
        schema.insert("nullable".to_owned(), Value::Bool(true));
    }
    diagnostics.note(
        at,
        format!(
            "`type: [{listed}{}]` becomes `anyOf` with one schema per type{}",
            if nullable { ", 'null'" } else { "" },
            if nullable {
                " and `nullable: true`"
            } else {
                ""
            }
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity::{Note, Warning};
    use crate::normalize::testing::{apply, assert_diagnostics};

    fn component(schema: Value) -> Value {
        json!({"components": {"schemas": {"S": schema}}})
    }

    const AT: &str = "/components/schemas/S/type";

    #[test]
    fn type_and_null_becomes_nullable() {
        let (tree, list) = apply(
            run,
            component(json!({"type": ["string", "null"], "maxLength": 3})),
        );
        assert_eq!(
            tree,
            component(json!({"type": "string", "maxLength": 3, "nullable": true}))
        );
        assert_diagnostics(
            &list,
            &[(
                Note,
                AT,
                "`type: [string, 'null']` becomes `type: string` with `nullable: true`",
            )],
        );
    }

    #[test]
    fn lone_null_becomes_enum_null() {
        let (tree, list) = apply(run, component(json!({"type": "null", "title": "t"})));
        assert_eq!(
            tree,
            component(json!({"title": "t", "nullable": true, "enum": [null]}))
        );
        assert_diagnostics(&list, &[(Note, AT, "`enum: [null]`")]);
    }

    #[test]
    fn several_types_split_their_keywords() {
        let (tree, list) = apply(
            run,
            component(json!({
                "type": ["string", "integer", "array", "null"],
                "description": "d",
                "maxLength": 5,
                "minimum": 0,
                "format": "int64",
                "items": {"type": ["boolean", "null"]},
                "enum": ["a", 1, [true], null, false]
            })),
        );
        assert_eq!(
            tree,
            component(json!({
                "description": "d",
                "anyOf": [
                    {"type": "string", "maxLength": 5, "enum": ["a"]},
                    {"type": "integer", "minimum": 0, "format": "int64", "enum": [1]},
                    {"type": "array", "items": {"type": "boolean", "nullable": true}, "enum": [[true]]}
                ],
                "nullable": true
            }))
        );
        assert_diagnostics(
            &list,
            &[
                (
                    Warning,
                    "/components/schemas/S/enum",
                    "`enum` value false fits none of the types",
                ),
                (
                    Note,
                    AT,
                    "`type: [string, integer, array, 'null']` becomes `anyOf`",
                ),
                (
                    Note,
                    "/components/schemas/S/anyOf/2/items/type",
                    "`type: boolean` with `nullable: true`",
                ),
            ],
        );
    }

    #[test]
    fn a_schema_with_any_of_already_is_left_with_a_warning() {
        let tree = component(json!({"type": ["string", "object"], "anyOf": [{}]}));
        let (after, list) = apply(run, tree.clone());
        assert_eq!(after, tree);
        assert_diagnostics(&list, &[(Warning, AT, "has an `anyOf` already")]);
    }

    #[test]
    fn single_types_are_untouched() {
        let tree = component(json!({"type": "string", "properties": {"a": {"type": "integer"}}}));
        let (after, list) = apply(run, tree.clone());
        assert_eq!(after, tree);
        assert!(list.is_empty());
    }
}
