//! Pass: drops header parameters named `Content-Type`, `Accept` or `Authorization` (any case),
//! which OpenAPI says are ignored: the media types and the security schemes decide those
//! headers. Each drop is a warning that names what was declared.
//!
//! Operation and path-item parameter lists are both read; a parameter given as a `$ref` to
//! `components/parameters` is resolved to learn its name (the component itself stays).

use super::{show, show_list, walk};
use crate::diagnostic::{child, Diagnostics};
use jsonptr::PointerBuf;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// The header names OpenAPI ignores as parameters, lowercase.
const RESERVED: [&str; 3] = ["content-type", "accept", "authorization"];

/// A reserved header parameter as the document declares it.
#[derive(Clone)]
struct Declared {
    /// The name as written.
    name: String,
    /// What its schema says (`enum [...]`, `default ...`), for the message.
    details: Vec<String>,
}

/// What the operations may point to in `components`, by `$ref` string.
#[derive(Default)]
struct Components {
    /// Reserved header parameters.
    parameters: HashMap<String, Declared>,
    /// Media types of each request body.
    request_bodies: HashMap<String, Vec<String>>,
    /// Media types of each response.
    responses: HashMap<String, Vec<String>>,
}

/// Where a parameter list stands, which decides what the message says the header comes from.
enum Scope {
    /// Parameters shared by every operation of a path.
    PathItem,
    /// One operation, with the media types of its request body and of its responses.
    Operation {
        request: Vec<String>,
        responses: Vec<String>,
    },
}

/// Drops every reserved header parameter of the document, with a warning each.
pub fn run(tree: &mut Value, diagnostics: &mut Diagnostics) {
    let components = read_components(tree);
    walk::operations(tree, |holder, level, pointer| {
        let scope = match level {
            walk::Level::PathItem => Scope::PathItem,
            walk::Level::Operation => Scope::Operation {
                request: request_media_types(holder, &components),
                responses: response_media_types(holder, &components),
            },
        };
        drop_reserved(holder, pointer, &scope, &components, diagnostics);
    });
}

/// The `$ref` string that names `components/<kind>/<name>`.
fn component_ref(kind: &str, name: &str) -> String {
    format!("#{}", PointerBuf::from_tokens(["components", kind, name]))
}

fn read_components(tree: &Value) -> Components {
    let mut found = Components::default();
    let section = |kind: &str| {
        tree.get("components")
            .and_then(|components| components.get(kind))
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
    };
    for (name, parameter) in section("parameters") {
        if let Some(declared) = reserved_inline(parameter) {
            found
                .parameters
                .insert(component_ref("parameters", name), declared);
        }
    }
    for (name, body) in section("requestBodies") {
        found
            .request_bodies
            .insert(component_ref("requestBodies", name), media_types(body));
    }
    for (name, response) in section("responses") {
        found
            .responses
            .insert(component_ref("responses", name), media_types(response));
    }
    found
}

/// The keys of `holder.content`.
fn media_types(holder: &Value) -> Vec<String> {
    holder
        .get("content")
        .and_then(Value::as_object)
        .map(|content| content.keys().cloned().collect())
        .unwrap_or_default()
}

/// Follows a `$ref` to `holder` through `known`, else reads `holder` itself.
fn media_types_via(holder: &Value, known: &HashMap<String, Vec<String>>) -> Vec<String> {
    match holder.get("$ref").and_then(Value::as_str) {
        Some(reference) => known.get(reference).cloned().unwrap_or_default(),
        None => media_types(holder),
    }
}

fn request_media_types(operation: &Map<String, Value>, components: &Components) -> Vec<String> {
    operation
        .get("requestBody")
        .map(|body| media_types_via(body, &components.request_bodies))
        .unwrap_or_default()
}

fn response_media_types(operation: &Map<String, Value>, components: &Components) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let responses = operation
        .get("responses")
        .and_then(Value::as_object)
        .into_iter()
        .flatten();
    for (_, response) in responses {
        for media_type in media_types_via(response, &components.responses) {
            if !found.contains(&media_type) {
                found.push(media_type);
            }
        }
    }
    found
}

/// The parameter, when it is an inline reserved header parameter.
fn reserved_inline(parameter: &Value) -> Option<Declared> {
    if parameter.get("in").and_then(Value::as_str) != Some("header") {
        return None;
    }
    let name = parameter.get("name").and_then(Value::as_str)?;
    if !RESERVED.contains(&name.to_ascii_lowercase().as_str()) {
        return None;
    }
    let mut details = Vec::new();
    if let Some(schema) = parameter.get("schema") {
        if let Some(Value::Array(values)) = schema.get("enum") {
            details.push(format!("enum {}", show_list(values)));
        }
        if let Some(default) = schema.get("default") {
            details.push(format!("default `{}`", show(default)));
        }
    }
    Some(Declared {
        name: name.to_owned(),
        details,
    })
}

fn drop_reserved(
    holder: &mut Map<String, Value>,
    pointer: &str,
    scope: &Scope,
    components: &Components,
    diagnostics: &mut Diagnostics,
) {
    let Some(Value::Array(parameters)) = holder.get_mut("parameters") else {
        return;
    };
    let mut index = 0;
    parameters.retain(|parameter| {
        let at = index;
        index += 1;
        let declared = match parameter.get("$ref").and_then(Value::as_str) {
            Some(reference) => components.parameters.get(reference).cloned(),
            None => reserved_inline(parameter),
        };
        let Some(declared) = declared else {
            return true;
        };
        let place = child(&child(pointer, "parameters"), &at.to_string());
        diagnostics.warn(&place, message(&declared, scope));
        false
    });
}

fn message(declared: &Declared, scope: &Scope) -> String {
    let details = if declared.details.is_empty() {
        String::new()
    } else {
        format!(" ({})", declared.details.join(", "))
    };
    let listed = |types: &[String]| types.join(", ");
    let reason = match (declared.name.to_ascii_lowercase().as_str(), scope) {
        ("content-type", Scope::Operation { request, .. }) if !request.is_empty() => format!(
            "the request body's media type ({}) decides the Content-Type",
            listed(request)
        ),
        ("content-type", Scope::Operation { .. }) => {
            "the operation has no request body, so it sends no Content-Type".to_owned()
        }
        ("content-type", Scope::PathItem) => {
            "each operation's request body media type decides the Content-Type".to_owned()
        }
        ("accept", Scope::Operation { responses, .. }) if !responses.is_empty() => format!(
            "the response media types ({}) decide the Accept header",
            listed(responses)
        ),
        ("accept", _) => {
            "each operation's response media types decide the Accept header".to_owned()
        }
        _ => "the security schemes decide the Authorization header: declare one (e.g. `type: \
              http, scheme: bearer`) in `components.securitySchemes` if it is missing"
            .to_owned(),
    };
    format!(
        "header parameter `{}`{details} is dropped: OpenAPI ignores Content-Type, Accept and \
         Authorization header parameters; {reason}",
        declared.name
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity::Warning;
    use crate::normalize::testing::{apply, assert_diagnostics};
    use serde_json::json;

    #[test]
    fn content_type_header_is_dropped_with_what_it_declared() {
        let (tree, list) = apply(
            run,
            json!({"paths": {"/v1/files/delete": {"post": {
                "parameters": [{
                    "name": "Content-Type", "in": "header", "required": true,
                    "schema": {"type": "string", "enum": ["multipart/form-data"], "default": "multipart/form-datan"}
                }],
                "requestBody": {"content": {"application/json": {"schema": {}}}}
            }}}}),
        );
        assert_eq!(
            tree,
            json!({"paths": {"/v1/files/delete": {"post": {
                "parameters": [],
                "requestBody": {"content": {"application/json": {"schema": {}}}}
            }}}})
        );
        assert_diagnostics(
            &list,
            &[(
                Warning,
                "/paths/~1v1~1files~1delete/post/parameters/0",
                "header parameter `Content-Type` (enum [multipart/form-data], default \
                 `multipart/form-datan`) is dropped: OpenAPI ignores Content-Type, Accept and \
                 Authorization header parameters; the request body's media type (application/json) \
                 decides the Content-Type",
            )],
        );
    }

    #[test]
    fn path_level_and_referenced_parameters_are_dropped_too() {
        let (tree, list) = apply(
            run,
            json!({
                "paths": {"/a": {
                    "parameters": [
                        {"name": "authorization", "in": "header"},
                        {"name": "Authorization", "in": "query"}
                    ],
                    "get": {
                        "parameters": [
                            {"name": "id", "in": "query"},
                            {"$ref": "#/components/parameters/Accept"}
                        ],
                        "responses": {"200": {"$ref": "#/components/responses/Ok"}}
                    }
                }},
                "components": {
                    "parameters": {"Accept": {"name": "ACCEPT", "in": "header"}},
                    "responses": {"Ok": {"description": "", "content": {"text/csv": {}}}}
                }
            }),
        );
        assert_eq!(
            tree["paths"]["/a"]["parameters"],
            json!([{"name": "Authorization", "in": "query"}])
        );
        assert_eq!(
            tree["paths"]["/a"]["get"]["parameters"],
            json!([{"name": "id", "in": "query"}])
        );
        assert_eq!(tree["components"]["parameters"]["Accept"]["name"], "ACCEPT");
        assert_diagnostics(
            &list,
            &[
                (
                    Warning,
                    "/paths/~1a/parameters/0",
                    "`authorization` is dropped",
                ),
                (
                    Warning,
                    "/paths/~1a/get/parameters/1",
                    "the response media types (text/csv) decide the Accept header",
                ),
            ],
        );
    }
}
