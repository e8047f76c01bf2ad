//! Pass: a choice of required properties → the object alone. An object schema with
//! `properties` and a `oneOf` or `anyOf` whose every member only lists `required` properties of
//! it (Groq's audio uploads: `oneOf: [{required: [file]}, {required: [url]}]`, a file or a URL)
//! says which properties must come together, not what the value is: the keyword is dropped, so
//! the object is read as its properties (it was read as a union of members that name no type,
//! any JSON value). A property every member requires is added to `required`; the others stay
//! optional, and the API checks the rule.

use super::walk;
use crate::diagnostic::{child, Diagnostics};
use serde_json::{Map, Value};

/// Drops every such choice.
pub fn run(tree: &mut Value, diagnostics: &mut Diagnostics) {
    walk::schemas(tree, |schema, pointer| {
        rewrite(schema, pointer, diagnostics)
    });
}

/// The keys a member may hold besides `required` and still only choose properties.
const ANNOTATIONS: [&str; 3] = ["description", "title", "$comment"];

fn rewrite(schema: &mut Map<String, Value>, pointer: &str, diagnostics: &mut Diagnostics) {
    let Some(Value::Object(properties)) = schema.get("properties") else {
        return;
    };
    for keyword in ["oneOf", "anyOf"] {
        let Some(Value::Array(members)) = schema.get(keyword) else {
            continue;
        };
        let Some(lists) = members
            .iter()
            .map(|member| required_only(member, properties))
            .collect::<Option<Vec<Vec<String>>>>()
        else {
            continue;
        };
        if lists.is_empty() {
            continue;
        }
        let always: Vec<String> = lists[0]
            .iter()
            .filter(|name| lists.iter().all(|list| list.contains(name)))
            .cloned()
            .collect();
        let choices: Vec<String> = lists
            .iter()
            .map(|list| format!("[{}]", list.join(", ")))
            .collect();
        schema.shift_remove(keyword);
        let required = schema
            .entry("required")
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(required) = required {
            for name in &always {
                if !required.iter().any(|r| r.as_str() == Some(name)) {
                    required.push(Value::from(name.as_str()));
                }
            }
        }
        let kept = if always.is_empty() {
            String::new()
        } else {
            format!(" ({} required, as every member says)", always.join(", "))
        };
        diagnostics.note(
            &child(pointer, keyword),
            format!(
                "`{keyword}` only chooses which properties are required ({}): dropped, the \
                 object is read as its properties{kept}, and the API checks the rule",
                choices.join(" or ")
            ),
        );
        return;
    }
}

/// The properties `member` requires, when it does nothing else (annotations aside) and each is
/// one of `properties`.
fn required_only(member: &Value, properties: &Map<String, Value>) -> Option<Vec<String>> {
    let Value::Object(member) = member else {
        return None;
    };
    if member
        .keys()
        .any(|key| key != "required" && !ANNOTATIONS.contains(&key.as_str()))
    {
        return None;
    }
    let Some(Value::Array(required)) = member.get("required") else {
        return None;
    };
    let names: Option<Vec<String>> = required
        .iter()
        .map(|name| {
            name.as_str()
                .filter(|name| properties.contains_key(*name))
                .map(str::to_owned)
        })
        .collect();
    names.filter(|names| !names.is_empty())
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
    fn a_choice_of_required_properties_is_dropped() {
        let properties = json!({"file": {"type": "string"}, "url": {"type": "string"}, "model": {"type": "string"}});
        let (tree, list) = apply(
            run,
            component(json!({
                "type": "object",
                "properties": properties,
                "oneOf": [{"required": ["file", "model"]}, {"required": ["url", "model"], "description": "by URL"}],
                "required": ["model"],
            })),
        );
        assert_eq!(
            tree,
            component(json!({"type": "object", "properties": properties, "required": ["model"]}))
        );
        assert_diagnostics(
            &list,
            &[(
                Note,
                "/components/schemas/S/oneOf",
                "([file, model] or [url, model]): dropped, the object is read as its properties (model required",
            )],
        );

        let (tree, _) = apply(
            run,
            component(
                json!({"properties": properties, "anyOf": [{"required": ["file"]}, {"required": ["file", "url"]}]}),
            ),
        );
        assert_eq!(
            tree,
            component(json!({"properties": properties, "required": ["file"]}))
        );
    }

    #[test]
    fn members_that_say_more_are_kept() {
        for kept in [
            json!({"properties": {"a": {}}, "oneOf": [{"required": ["a"]}, {"type": "object", "required": ["a"]}]}),
            json!({"properties": {"a": {}}, "oneOf": [{"required": ["a"]}, {"required": ["b"]}]}),
            json!({"properties": {"a": {}}, "oneOf": [{"required": ["a"]}, {"required": []}]}),
            json!({"oneOf": [{"required": ["a"]}, {"required": ["b"]}]}),
            json!({"properties": {"a": {}}, "oneOf": [{"$ref": "#/components/schemas/T"}]}),
        ] {
            let (tree, list) = apply(run, component(kept.clone()));
            assert_eq!(tree, component(kept));
            assert!(list.is_empty(), "{list:?}");
        }
    }
}
