//! The request of the operation: `request.parameters` become OpenAPI parameters, `request.body`
//! the `requestBody`.

use super::{child, is_extension, kind, Rebuild, LOCATIONS, PLACEHOLDER};
use jsonptr::Pointer;
use serde_json::{json, Map, Value};

impl Rebuild<'_, '_> {
    /// Reads `request`: security, parameters and body.
    pub(super) fn request(&mut self, request: Value, at: &Pointer) -> Request {
        let mut out = Request::default();
        let Value::Object(request) = request else {
            self.diagnostics.error(
                at.as_str(),
                format!("`request` must be a mapping with `security`, `parameters` and `body`, found {}", kind(&request)),
            );
            return out;
        };
        for (key, value) in request {
            let key_at = child(at, &key);
            match key.as_str() {
                "security" => out.security = self.security(value, &key_at),
                "parameters" => out.parameters = self.parameters(value, &key_at),
                "body" => out.body = self.request_body(value, &key_at),
                "codeSamples" => self.diagnostics.note(
                    key_at.as_str(),
                    "`codeSamples` are page content, not API description; dropped",
                ),
                _ => self.diagnostics.warn(
                    key_at.as_str(),
                    format!("`{key}` is not part of the Mintlify request model; dropped"),
                ),
            }
        }
        out
    }

    /// `request.parameters.{path,query,header,cookie}.<name>` → OpenAPI parameters.
    fn parameters(&mut self, parameters: Value, at: &Pointer) -> Vec<Value> {
        let Value::Object(parameters) = parameters else {
            self.diagnostics.error(
                at.as_str(),
                format!(
                    "`parameters` must be a mapping of path, query, header and cookie, found {}",
                    kind(&parameters)
                ),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (location, entries) in parameters {
            let location_at = child(at, &location);
            if !LOCATIONS.contains(&location.as_str()) {
                self.diagnostics.warn(
                    location_at.as_str(),
                    format!("`{location}` is not a parameter location (path, query, header, cookie); its parameters are dropped"),
                );
                continue;
            }
            let Value::Object(entries) = entries else {
                self.diagnostics.error(
                    location_at.as_str(),
                    format!(
                        "`{location}` must map parameter names to parameters, found {}",
                        kind(&entries)
                    ),
                );
                continue;
            };
            for (name, entry) in entries {
                let entry_at = child(&location_at, &name);
                if let Some(parameter) = self.parameter(&name, &location, entry, &entry_at) {
                    out.push(parameter);
                }
            }
        }
        out
    }

    /// One parameter: its `schema` list of alternatives becomes one schema (`anyOf` when several);
    /// the alternatives' boolean `required` becomes the parameter's.
    fn parameter(
        &mut self,
        name: &str,
        location: &str,
        entry: Value,
        at: &Pointer,
    ) -> Option<Value> {
        let Value::Object(mut entry) = entry else {
            self.diagnostics.error(
                at.as_str(),
                format!(
                    "parameter `{name}` must be a mapping with `schema`, found {}",
                    kind(&entry)
                ),
            );
            return None;
        };
        let schema_at = child(at, "schema");
        let alternatives = match entry.shift_remove("schema") {
            Some(Value::Array(alternatives)) => alternatives,
            Some(Value::Object(schema)) => {
                self.diagnostics.note(
                    schema_at.as_str(),
                    "`schema` is one schema, not Mintlify's list of alternatives; taken as is",
                );
                vec![Value::Object(schema)]
            }
            Some(other) => {
                self.diagnostics.error(
                    schema_at.as_str(),
                    format!("`schema` must be a list of schema alternatives, found {}; parameter dropped", kind(&other)),
                );
                return None;
            }
            None => Vec::new(),
        };
        if alternatives.is_empty() {
            self.diagnostics.warn(
                schema_at.as_str(),
                format!("parameter `{name}` has no schema; it accepts any value"),
            );
        }
        let mut flags = Vec::new();
        let mut schemas = Vec::new();
        for (index, alternative) in alternatives.into_iter().enumerate() {
            let cleaned = self.schema(alternative, &child(&schema_at, index));
            flags.push(cleaned.required);
            schemas.push(cleaned.value);
        }
        let mut required = flags.iter().any(|flag| *flag);
        if required && flags.iter().any(|flag| !flag) {
            self.diagnostics.warn(
                schema_at.as_str(),
                format!("the alternatives of `{name}` disagree on `required`; the parameter is taken as required"),
            );
        }
        if location == "path" && !required {
            self.diagnostics.note(
                schema_at.as_str(),
                format!("path parameter `{name}` is not marked required; OpenAPI path parameters always are"),
            );
            required = true;
        }
        let description = match entry.shift_remove("description") {
            Some(description) => Some(description),
            None => lift_description(&mut schemas),
        };
        let schema = if schemas.len() > 1 {
            self.diagnostics.note(
                schema_at.as_str(),
                format!(
                    "{} schema alternatives of `{name}` → `anyOf`",
                    schemas.len()
                ),
            );
            json!({ "anyOf": schemas })
        } else {
            schemas.pop().unwrap_or_else(|| json!({}))
        };

        let mut parameter = Map::new();
        parameter.insert("name".into(), json!(name));
        parameter.insert("in".into(), json!(location));
        if let Some(description) = description {
            parameter.insert("description".into(), description);
        }
        if required {
            parameter.insert("required".into(), json!(true));
        }
        for (key, value) in entry {
            let known = matches!(
                key.as_str(),
                "deprecated"
                    | "style"
                    | "explode"
                    | "example"
                    | "examples"
                    | "allowEmptyValue"
                    | "allowReserved"
            );
            if known || is_extension(&key) {
                parameter.insert(key, value);
            } else {
                self.diagnostics.warn(
                    child(at, &key).as_str(),
                    format!("`{key}` is not a parameter field; dropped"),
                );
            }
        }
        parameter.insert("schema".into(), schema);
        Some(Value::Object(parameter))
    }

    /// `request.body.<media type>` → `requestBody`; `None` when the body is empty.
    fn request_body(&mut self, body: Value, at: &Pointer) -> Option<Value> {
        let Value::Object(body) = body else {
            self.diagnostics.error(
                at.as_str(),
                format!(
                    "`body` must map media types to `{{schemaArray, examples}}`, found {}",
                    kind(&body)
                ),
            );
            return None;
        };
        let mut content = Map::new();
        let mut required = false;
        let mut description = None;
        for (media_type, media) in body {
            let media_at = child(at, &media_type);
            if media_type == PLACEHOLDER {
                self.diagnostics.note(
                    media_at.as_str(),
                    format!("`{PLACEHOLDER}` stands for no body; dropped"),
                );
                continue;
            }
            let Some(media) = self.media(media, &media_at) else {
                continue;
            };
            if media.required && !required {
                self.diagnostics.note(
                    media_at.as_str(),
                    "`required: true` on the body schema → `requestBody.required: true`",
                );
            }
            required |= media.required;
            self.keep_first_description(&mut description, media.description, &media_at);
            content.insert(media_type, Value::Object(media.content));
        }
        if content.is_empty() {
            return None;
        }
        let mut request_body = Map::new();
        if let Some(description) = description {
            request_body.insert("description".into(), json!(description));
        }
        request_body.insert("content".into(), Value::Object(content));
        if required {
            request_body.insert("required".into(), json!(true));
        }
        Some(Value::Object(request_body))
    }
}

/// What `request` holds, rebuilt.
#[derive(Default)]
pub(super) struct Request {
    pub(super) parameters: Vec<Value>,
    pub(super) body: Option<Value>,
    pub(super) security: Option<Vec<Value>>,
}

/// Takes the description all `schemas` share out of them, for the parameter.
fn lift_description(schemas: &mut [Value]) -> Option<Value> {
    let first = schemas.first()?.get("description")?.clone();
    if !schemas
        .iter()
        .all(|schema| schema.get("description") == Some(&first))
    {
        return None;
    }
    for schema in schemas.iter_mut() {
        if let Value::Object(schema) = schema {
            schema.shift_remove("description");
        }
    }
    Some(first)
}
