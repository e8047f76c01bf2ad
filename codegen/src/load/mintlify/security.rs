//! `request.security` of the page model → `components.securitySchemes` and the operation's
//! security requirements.
//!
//! Each entry of the list is one alternative (`{title, parameters: {query, header, cookie}}`); an
//! entry with several parameters is one requirement of several schemes, all needed together.

use super::{child, is_extension, kind, Rebuild, LOCATIONS};
use jsonptr::Pointer;
use serde_json::{json, Map, Value};

/// One credential an entry asks for.
struct Credential {
    /// Where it is sent: `query`, `header` or `cookie`.
    location: String,
    /// The parameter's name, e.g. `Authorization`.
    name: String,
    /// The OpenAPI security scheme.
    scheme: Value,
}

impl Rebuild<'_, '_> {
    /// The operation's security requirements; `None` when the page gives none.
    pub(super) fn security(&mut self, security: Value, at: &Pointer) -> Option<Vec<Value>> {
        let Value::Array(entries) = security else {
            self.diagnostics.error(
                at.as_str(),
                format!(
                    "`security` must be a list of `{{title, parameters}}`, found {}",
                    kind(&security)
                ),
            );
            return None;
        };
        if entries.is_empty() {
            return None;
        }
        let mut requirements = Vec::new();
        for (index, entry) in entries.into_iter().enumerate() {
            let entry_at = child(at, index);
            if let Some(requirement) = self.requirement(entry, &entry_at) {
                requirements.push(requirement);
            }
        }
        Some(requirements)
    }

    /// One alternative: its schemes registered, and the requirement naming them.
    fn requirement(&mut self, entry: Value, at: &Pointer) -> Option<Value> {
        let Value::Object(entry) = entry else {
            self.diagnostics.error(
                at.as_str(),
                format!(
                    "a security entry must be a mapping with `title` and `parameters`, found {}",
                    kind(&entry)
                ),
            );
            return None;
        };
        let mut title = None;
        let mut description = None;
        let mut credentials = Vec::new();
        for (key, value) in entry {
            let key_at = child(at, &key);
            match (key.as_str(), value) {
                ("title", Value::String(text)) if !text.is_empty() => title = Some(text),
                ("description", Value::String(text)) => description = Some(text),
                ("parameters", Value::Object(locations)) => {
                    for (location, parameters) in locations {
                        credentials.extend(self.credentials(
                            &location,
                            parameters,
                            &child(&key_at, &location),
                        ));
                    }
                }
                (_, value) => self.diagnostics.warn(
                    key_at.as_str(),
                    format!(
                        "`{key}` ({}) is not part of a Mintlify security entry; dropped",
                        kind(&value)
                    ),
                ),
            }
        }
        if credentials.is_empty() {
            self.diagnostics.note(
                at.as_str(),
                "a security entry without credentials: the operation may also be called anonymously (`{}`)",
            );
            return Some(json!({}));
        }
        let single = credentials.len() == 1;
        let mut requirement = Map::new();
        for mut credential in credentials {
            if let (true, Some(text), Value::Object(scheme)) =
                (single, &description, &mut credential.scheme)
            {
                scheme.entry("description").or_insert_with(|| json!(text));
            }
            let name = match (&title, single) {
                (Some(title), true) => title.clone(),
                (Some(title), false) => format!("{title}_{}", credential.name),
                (None, _) => {
                    let name = fallback_name(&credential);
                    self.diagnostics.note(
                        at.as_str(),
                        format!("the security entry has no `title`; its scheme is named `{name}`"),
                    );
                    name
                }
            };
            let name = self.register_scheme(name, credential.scheme, at);
            requirement.insert(name, json!([]));
        }
        Some(Value::Object(requirement))
    }

    /// The credentials of one location (`query`, `header`, `cookie`) of a security entry.
    fn credentials(&mut self, location: &str, parameters: Value, at: &Pointer) -> Vec<Credential> {
        if !LOCATIONS.contains(&location) || location == "path" {
            self.diagnostics.warn(
                at.as_str(),
                format!("credentials cannot be sent in `{location}` (only query, header, cookie); dropped"),
            );
            return Vec::new();
        }
        let Value::Object(parameters) = parameters else {
            self.diagnostics.error(
                at.as_str(),
                format!(
                    "`{location}` must map parameter names to credentials, found {}",
                    kind(&parameters)
                ),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, definition) in parameters {
            let definition_at = child(at, &name);
            if let Some(scheme) = self.scheme(location, &name, definition, &definition_at) {
                out.push(Credential {
                    location: location.to_owned(),
                    name,
                    scheme,
                });
            }
        }
        out
    }

    /// The OpenAPI security scheme for credential `name` in `location`.
    fn scheme(
        &mut self,
        location: &str,
        name: &str,
        definition: Value,
        at: &Pointer,
    ) -> Option<Value> {
        let Value::Object(definition) = definition else {
            self.diagnostics.error(
                at.as_str(),
                format!(
                    "credential `{name}` must be a mapping with `type`, found {}",
                    kind(&definition)
                ),
            );
            return None;
        };
        let is_authorization = location == "header" && name.eq_ignore_ascii_case("authorization");
        let mut scheme = Map::new();
        match definition.get("type").and_then(Value::as_str) {
            Some("http") => {
                let http = match definition.get("scheme").and_then(Value::as_str) {
                    Some(http) => http.to_lowercase(),
                    None => {
                        self.diagnostics.warn(
                            at.as_str(),
                            "`type: http` without `scheme`; taken as `bearer`",
                        );
                        "bearer".to_owned()
                    }
                };
                if !is_authorization {
                    self.diagnostics.warn(
                        at.as_str(),
                        format!("an http scheme is sent in the `Authorization` header, not in {location} `{name}`; taken as http {http}"),
                    );
                }
                scheme.insert("type".into(), json!("http"));
                scheme.insert("scheme".into(), json!(http));
            }
            Some("apiKey") => {
                scheme.insert("type".into(), json!("apiKey"));
                scheme.insert("in".into(), json!(location));
                scheme.insert("name".into(), json!(name));
            }
            Some(flow @ ("oauth2" | "openIdConnect")) if is_authorization => {
                self.diagnostics.warn(
                    at.as_str(),
                    format!("`type: {flow}` without flows or discovery URL; taken as a bearer token in the `Authorization` header"),
                );
                scheme.insert("type".into(), json!("http"));
                scheme.insert("scheme".into(), json!("bearer"));
            }
            other => {
                let found = other.map_or_else(
                    || "no `type`".to_owned(),
                    |other| format!("`type: {other}`"),
                );
                self.diagnostics.warn(
                    at.as_str(),
                    format!("credential `{name}` has {found}, which this generator cannot send (http, apiKey, or oauth2/openIdConnect in `Authorization`); dropped"),
                );
                return None;
            }
        }
        for (key, value) in definition {
            match key.as_str() {
                "type" | "scheme" => {}
                "description" | "bearerFormat" => {
                    scheme.insert(key, value);
                }
                _ if is_extension(&key) => {
                    scheme.insert(key, value);
                }
                _ => self.diagnostics.warn(
                    child(at, &key).as_str(),
                    format!("`{key}` is not part of a Mintlify credential; dropped"),
                ),
            }
        }
        Some(Value::Object(scheme))
    }

    /// Registers `scheme` as `name` (or `name_2`, … when `name` holds another scheme); returns
    /// the name used.
    fn register_scheme(&mut self, name: String, scheme: Value, at: &Pointer) -> String {
        let mut candidate = name.clone();
        let mut counter = 1;
        while self
            .security_schemes
            .get(&candidate)
            .is_some_and(|existing| *existing != scheme)
        {
            counter += 1;
            candidate = format!("{name}_{counter}");
        }
        if candidate != name {
            self.diagnostics.warn(
                at.as_str(),
                format!("security scheme `{name}` already names another scheme; this one is named `{candidate}`"),
            );
        }
        if !self.security_schemes.contains_key(&candidate) {
            self.diagnostics.note(
                at.as_str(),
                format!("security entry → security scheme `{candidate}`"),
            );
            self.security_schemes.insert(candidate.clone(), scheme);
        }
        candidate
    }
}

/// A scheme name for an entry without a title: `bearerAuth`, `basicAuth`, `header_X-Api-Key`.
fn fallback_name(credential: &Credential) -> String {
    match credential.scheme.get("scheme").and_then(Value::as_str) {
        Some(http)
            if credential
                .scheme
                .get("type")
                .is_some_and(|kind| kind == "http") =>
        {
            format!("{http}Auth")
        }
        _ => format!("{}_{}", credential.location, credential.name),
    }
}
