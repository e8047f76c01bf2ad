//! Pass: Mintlify's page model → a real OpenAPI 3.1 document.
//!
//! A Mintlify API page does not embed OpenAPI but Mintlify's own model of ONE operation:
//! `paths: {path, method, servers, request: {security, parameters, body}, response, deprecated}`,
//! with every schema given as a list of alternatives (`schemaArray`, or `schema` for parameters),
//! properties wrapped in `allOf` of partial schemas, `refIdentifier` naming the component a schema
//! came from, and "required" spelled three ways (`requiredProperties: [..]`, a boolean
//! `required`, and the JSON Schema `required: [..]`).
//!
//! This pass rebuilds the OpenAPI document that model was rendered from: `openapi: 3.1.0`, `info`,
//! `servers`, one operation, `components.schemas` (named by `refIdentifier`) and
//! `components.securitySchemes`. 3.1 constructs (`type: 'null'`, `const`, type lists) are left for
//! the later passes. Every rewrite is a diagnostic whose pointer is the place in the page as loaded.

mod schema;
mod security;
#[cfg(test)]
mod tests;

use crate::diagnostic::Diagnostics;
use jsonptr::{Pointer, PointerBuf, Token};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The HTTP methods an OpenAPI path item has operations for.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The parameter locations of both Mintlify and OpenAPI.
const LOCATIONS: [&str; 4] = ["path", "query", "header", "cookie"];

/// Mintlify's media type for a response without a body.
const PLACEHOLDER: &str = "_mintlify/placeholder";

/// Rewrites the Mintlify page model in `tree` into an OpenAPI 3.1 document, recording every change
/// in `diagnostics`.
///
/// When the model cannot be read (no `paths.path`/`paths.method` strings, an unknown method), the
/// errors are recorded and `tree` is left as it was.
pub fn run(tree: &mut Value, diagnostics: &mut Diagnostics) {
    let Value::Object(page) = tree else {
        diagnostics.error(
            "",
            format!(
                "a Mintlify page model must be a mapping with `paths`, found {}",
                kind(tree)
            ),
        );
        return;
    };
    let page = page.clone();
    let mut rebuild = Rebuild {
        diagnostics,
        components: Map::new(),
        pending: Map::new(),
        page_order: Vec::new(),
        origins: BTreeMap::new(),
        security_schemes: Map::new(),
        kept_components: Map::new(),
    };
    if let Some(document) = rebuild.document(page) {
        *tree = document;
    }
}

/// The state of one rebuild: the diagnostics and the components found so far.
struct Rebuild<'d, 'a> {
    diagnostics: &'d mut Diagnostics<'a>,
    /// Component schemas, cleaned, by name.
    components: Map<String, Value>,
    /// The page's own `components.schemas` entries not cleaned yet.
    pending: Map<String, Value>,
    /// The names of the page's own component schemas, in page order.
    page_order: Vec<String>,
    /// Where each component schema was first found, for messages.
    origins: BTreeMap<String, PointerBuf>,
    /// Security schemes, by name.
    security_schemes: Map<String, Value>,
    /// The page's components other than schemas and security schemes, kept as they are.
    kept_components: Map<String, Value>,
}

/// `at` extended by one token.
fn child<'t>(at: &Pointer, token: impl Into<Token<'t>>) -> PointerBuf {
    at.with_trailing_token(token)
}

/// What kind of JSON value `value` is, for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// Whether `key` is a specification extension (`x-…`), kept wherever it stands.
fn is_extension(key: &str) -> bool {
    key.starts_with("x-")
}

/// The `{name}` templates of a path, in order.
fn path_templates(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}'))
        .map(|(name, _)| name)
        .collect()
}

impl Rebuild<'_, '_> {
    /// Builds the whole document from the page; `None` when the operation cannot be located.
    fn document(&mut self, mut page: Map<String, Value>) -> Option<Value> {
        let root = PointerBuf::new();
        let model_at = child(&root, "paths");
        let model = match page.shift_remove("paths") {
            Some(Value::Object(model)) => model,
            other => {
                let found = other.as_ref().map_or("nothing", kind);
                self.diagnostics.error(
                    model_at.as_str(),
                    format!("a Mintlify page model needs `paths` as a mapping with `path` and `method`, found {found}"),
                );
                return None;
            }
        };
        let (path, method) = self.route(&model, &model_at)?;

        let info = self.info(page.shift_remove("info"), &path, &method);
        if let Some(components) = page.shift_remove("components") {
            self.page_components(components, &child(&root, "components"));
        }
        let mut document_servers = page
            .shift_remove("servers")
            .and_then(|servers| self.servers(servers, &child(&root, "servers")));
        let mut extensions = Map::new();
        for (key, value) in page {
            if is_extension(&key) {
                extensions.insert(key, value);
            } else {
                self.diagnostics.warn(
                    child(&root, &key).as_str(),
                    format!("`{key}` is not part of the Mintlify page model; dropped"),
                );
            }
        }

        let (mut operation, servers) = self.operation(model, &model_at, &path);
        match (servers, &document_servers) {
            (Some(servers), None) => document_servers = Some(servers),
            (Some(servers), Some(_)) => {
                operation.insert("servers".into(), Value::Array(servers));
            }
            (None, _) => {}
        }
        let components = self.finish_components();

        let mut document = Map::new();
        document.insert("openapi".into(), json!("3.1.0"));
        document.insert("info".into(), info);
        if let Some(servers) = document_servers {
            document.insert("servers".into(), Value::Array(servers));
        }
        document.insert(
            "paths".into(),
            json!({ path.clone(): { method.clone(): operation } }),
        );
        if let Some(components) = components {
            document.insert("components".into(), components);
        }
        document.extend(extensions);
        self.diagnostics.note(
            model_at.as_str(),
            format!(
                "Mintlify page model rebuilt as OpenAPI 3.1: operation {} {path}",
                method.to_uppercase()
            ),
        );
        Some(Value::Object(document))
    }

    /// The operation's path and lowercase method; errors when the model does not give them.
    fn route(&mut self, model: &Map<String, Value>, at: &Pointer) -> Option<(String, String)> {
        let path = match model.get("path") {
            Some(Value::String(path)) if path.starts_with('/') => Some(path.clone()),
            Some(Value::String(path)) => {
                self.diagnostics.warn(
                    child(at, "path").as_str(),
                    format!("path `{path}` does not start with `/`; taken as `/{path}`"),
                );
                Some(format!("/{path}"))
            }
            other => {
                let found = other.map_or("nothing", kind);
                self.diagnostics.error(
                    child(at, "path").as_str(),
                    format!("`paths.path` must be the operation's path as a string, found {found}"),
                );
                None
            }
        };
        let method = match model.get("method") {
            Some(Value::String(method)) if METHODS.contains(&method.to_lowercase().as_str()) => {
                Some(method.to_lowercase())
            }
            Some(Value::String(method)) => {
                self.diagnostics.error(
                    child(at, "method").as_str(),
                    format!(
                        "`{method}` is not an HTTP method OpenAPI knows (one of {})",
                        METHODS.join(", ")
                    ),
                );
                None
            }
            other => {
                let found = other.map_or("nothing", kind);
                self.diagnostics.error(
                    child(at, "method").as_str(),
                    format!("`paths.method` must be the HTTP method as a string, found {found}"),
                );
                None
            }
        };
        Some((path?, method?))
    }

    /// The page's `info`, completed, or one made from the operation.
    fn info(&mut self, info: Option<Value>, path: &str, method: &str) -> Value {
        let at = PointerBuf::from_tokens(["info"]);
        let title = format!("{} {path}", method.to_uppercase());
        let mut info = match info {
            Some(Value::Object(info)) => info,
            None => {
                self.diagnostics.note(
                    "",
                    format!(
                        "the page has no `info`; made one with title `{title}` and version `0.0.0`"
                    ),
                );
                return json!({ "title": title, "version": "0.0.0" });
            }
            Some(other) => {
                self.diagnostics.warn(
                    at.as_str(),
                    format!("`info` must be a mapping, found {}; replaced by one made from the operation", kind(&other)),
                );
                Map::new()
            }
        };
        if !info.get("title").is_some_and(Value::is_string) {
            self.diagnostics.note(
                child(&at, "title").as_str(),
                format!("no `info.title`; set to `{title}`"),
            );
            info.insert("title".into(), json!(title));
        }
        if !info.get("version").is_some_and(Value::is_string) {
            self.diagnostics.note(
                child(&at, "version").as_str(),
                "no `info.version`; set to `0.0.0`",
            );
            info.insert("version".into(), json!("0.0.0"));
        }
        Value::Object(info)
    }

    /// A list of servers, each with `url` and, when given, `description` and `variables`.
    fn servers(&mut self, servers: Value, at: &Pointer) -> Option<Vec<Value>> {
        let Value::Array(servers) = servers else {
            self.diagnostics.error(
                at.as_str(),
                format!(
                    "`servers` must be a list of `{{url, description}}`, found {}",
                    kind(&servers)
                ),
            );
            return None;
        };
        let mut kept = Vec::new();
        for (index, server) in servers.into_iter().enumerate() {
            let server_at = child(at, index);
            let Value::Object(server) = server else {
                self.diagnostics.error(
                    server_at.as_str(),
                    format!(
                        "a server must be a mapping with `url`, found {}",
                        kind(&server)
                    ),
                );
                continue;
            };
            if !server.get("url").is_some_and(Value::is_string) {
                self.diagnostics.error(
                    server_at.as_str(),
                    "a server needs `url` as a string; server dropped",
                );
                continue;
            }
            let mut out = Map::new();
            for (key, value) in server {
                if matches!(key.as_str(), "url" | "description" | "variables") || is_extension(&key)
                {
                    out.insert(key, value);
                } else {
                    self.diagnostics.warn(
                        child(&server_at, &key).as_str(),
                        format!("`{key}` is not a server field; dropped"),
                    );
                }
            }
            kept.push(Value::Object(out));
        }
        Some(kept)
    }

    /// The operation object and the servers the model gives.
    fn operation(
        &mut self,
        model: Map<String, Value>,
        at: &Pointer,
        path: &str,
    ) -> (Map<String, Value>, Option<Vec<Value>>) {
        let mut servers = None;
        let mut head = Map::new();
        let mut parameters = Vec::new();
        let mut request_body = None;
        let mut responses = None;
        let mut security = None;
        let mut deprecated = false;
        let mut extensions = Map::new();
        for (key, value) in model {
            let key_at = child(at, &key);
            match key.as_str() {
                "path" | "method" => {}
                "servers" => servers = self.servers(value, &key_at),
                "request" => {
                    let request = self.request(value, &key_at);
                    parameters = request.parameters;
                    request_body = request.body;
                    security = request.security;
                }
                "response" => responses = Some(self.responses(value, &key_at)),
                "deprecated" => match value {
                    Value::Bool(value) => deprecated = value,
                    other => self.diagnostics.error(
                        key_at.as_str(),
                        format!("`deprecated` must be true or false, found {}", kind(&other)),
                    ),
                },
                "type" if value == "path" => {}
                "codeSamples" => self.diagnostics.note(
                    key_at.as_str(),
                    "`codeSamples` are page content, not API description; dropped",
                ),
                "title" | "summary" | "description" | "operationId" | "tags" => {
                    let name = if key == "title" {
                        "summary".to_owned()
                    } else {
                        key
                    };
                    head.insert(name, value);
                }
                _ if is_extension(&key) => {
                    extensions.insert(key, value);
                }
                _ => self.diagnostics.warn(
                    key_at.as_str(),
                    format!("`{key}` is not part of the Mintlify operation model; dropped"),
                ),
            }
        }
        let parameters = self.check_path_templates(parameters, path, at);

        let mut operation = head;
        if !parameters.is_empty() {
            operation.insert("parameters".into(), Value::Array(parameters));
        }
        if let Some(body) = request_body {
            operation.insert("requestBody".into(), body);
        }
        match responses {
            Some(responses) if !responses.is_empty() => {
                operation.insert("responses".into(), Value::Object(responses));
            }
            _ => self.diagnostics.warn(
                child(at, "response").as_str(),
                "the operation declares no response; add a `response` to the page",
            ),
        }
        if deprecated {
            operation.insert("deprecated".into(), json!(true));
        }
        if let Some(security) = security {
            operation.insert("security".into(), Value::Array(security));
        }
        operation.extend(extensions);
        (operation, servers)
    }

    /// Adds the path parameters the path's templates name but the model lacks, and warns about
    /// declared path parameters the path does not use.
    fn check_path_templates(
        &mut self,
        mut parameters: Vec<Value>,
        path: &str,
        at: &Pointer,
    ) -> Vec<Value> {
        let templates = path_templates(path);
        let declared: Vec<String> = parameters
            .iter()
            .filter(|parameter| {
                parameter
                    .get("in")
                    .is_some_and(|location| location == "path")
            })
            .filter_map(|parameter| {
                parameter
                    .get("name")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            })
            .collect();
        let parameters_at = PointerBuf::from_tokens(["request", "parameters", "path"]);
        let parameters_at = at.concat(&parameters_at);
        for name in &declared {
            if !templates.contains(&name.as_str()) {
                self.diagnostics.warn(
                    child(&parameters_at, name).as_str(),
                    format!("path parameter `{name}` is not in the path `{path}`; a client cannot send it"),
                );
            }
        }
        for template in templates {
            if !declared.iter().any(|name| name == template) {
                self.diagnostics.warn(
                    child(at, "path").as_str(),
                    format!("the path has `{{{template}}}` but no path parameter describes it; added as a required string"),
                );
                parameters.push(json!({
                    "name": template, "in": "path", "required": true, "schema": { "type": "string" }
                }));
            }
        }
        parameters
    }

    /// Reads `request`: security, parameters and body.
    fn request(&mut self, request: Value, at: &Pointer) -> Request {
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

    /// `response.<status>.<media type>` → `responses.<status>`.
    fn responses(&mut self, responses: Value, at: &Pointer) -> Map<String, Value> {
        let Value::Object(responses) = responses else {
            self.diagnostics.error(
                at.as_str(),
                format!(
                    "`response` must map status codes to media types, found {}",
                    kind(&responses)
                ),
            );
            return Map::new();
        };
        let mut out = Map::new();
        for (status, response) in responses {
            let status_at = child(at, &status);
            if !is_status(&status) {
                self.diagnostics.warn(
                    status_at.as_str(),
                    format!("`{status}` is not a status code, a range like `4XX`, or `default`"),
                );
            }
            if let Some(response) = self.response(response, &status_at) {
                out.insert(status, response);
            }
        }
        out
    }

    /// One response: its media types become `content`, their description the response's.
    fn response(&mut self, response: Value, at: &Pointer) -> Option<Value> {
        let Value::Object(response) = response else {
            self.diagnostics.error(
                at.as_str(),
                format!("a response must map media types to `{{schemaArray, examples, description}}`, found {}", kind(&response)),
            );
            return None;
        };
        let mut description = None;
        let mut content = Map::new();
        let mut rest = Map::new();
        for (key, value) in response {
            let key_at = child(at, &key);
            match (key.as_str(), value) {
                ("description", Value::String(text)) => {
                    self.keep_first_description(&mut description, Some(text), &key_at);
                }
                ("headers", value) => {
                    rest.insert(key, value);
                }
                (_, value) if is_extension(&key) => {
                    rest.insert(key, value);
                }
                (PLACEHOLDER, value) => {
                    let text = value
                        .get("description")
                        .and_then(Value::as_str)
                        .map(str::to_owned);
                    self.keep_first_description(&mut description, text, &key_at);
                    self.diagnostics.note(
                        key_at.as_str(),
                        format!("`{PLACEHOLDER}` stands for a response without a body; no content"),
                    );
                }
                (_, value) => {
                    if let Some(media) = self.media(value, &key_at) {
                        if media.required {
                            self.diagnostics.note(
                                key_at.as_str(),
                                "`required: true` on a response schema means nothing; dropped",
                            );
                        }
                        self.keep_first_description(&mut description, media.description, &key_at);
                        content.insert(key, Value::Object(media.content));
                    }
                }
            }
        }
        let description = description.unwrap_or_else(|| {
            self.diagnostics.note(
                at.as_str(),
                "the response has no description; OpenAPI requires one: set to \"\"",
            );
            String::new()
        });
        let mut out = Map::new();
        out.insert("description".into(), json!(description));
        out.extend(rest);
        if !content.is_empty() {
            out.insert("content".into(), Value::Object(content));
        }
        Some(Value::Object(out))
    }

    /// Keeps the first description of a request body or response; warns when a later one differs.
    fn keep_first_description(
        &mut self,
        kept: &mut Option<String>,
        found: Option<String>,
        at: &Pointer,
    ) {
        match (kept.as_ref(), found) {
            (None, found) => *kept = found,
            (Some(first), Some(other)) if *first != other => self.diagnostics.warn(
                at.as_str(),
                format!("this description differs from the first one (`{first}`), which is kept; dropped"),
            ),
            _ => {}
        }
    }

    /// One media type entry: `schemaArray` (one schema, or `oneOf` when several), `examples`,
    /// `description`.
    fn media(&mut self, media: Value, at: &Pointer) -> Option<Media> {
        let Value::Object(media) = media else {
            self.diagnostics.error(
                at.as_str(),
                format!(
                    "a media type entry must be a mapping with `schemaArray`, found {}",
                    kind(&media)
                ),
            );
            return None;
        };
        let mut out = Media {
            content: Map::new(),
            required: false,
            description: None,
        };
        for (key, value) in media {
            let key_at = child(at, &key);
            match (key.as_str(), value) {
                ("schemaArray", Value::Array(alternatives)) => {
                    let mut schemas = Vec::new();
                    for (index, alternative) in alternatives.into_iter().enumerate() {
                        let cleaned = self.schema(alternative, &child(&key_at, index));
                        out.required |= cleaned.required;
                        schemas.push(cleaned.value);
                    }
                    let schema = match schemas.len() {
                        0 => {
                            self.diagnostics
                                .warn(key_at.as_str(), "`schemaArray` is empty; no schema");
                            continue;
                        }
                        1 => schemas.pop().unwrap_or_default(),
                        count => {
                            self.diagnostics.note(
                                key_at.as_str(),
                                format!("{count} schema alternatives → `oneOf`"),
                            );
                            json!({ "oneOf": schemas })
                        }
                    };
                    out.content.insert("schema".into(), schema);
                }
                ("schemaArray", other) => self.diagnostics.error(
                    key_at.as_str(),
                    format!(
                        "`schemaArray` must be a list of schemas, found {}",
                        kind(&other)
                    ),
                ),
                ("examples", Value::Object(examples)) => {
                    out.content.insert(key, Value::Object(examples));
                }
                ("description", Value::String(text)) => out.description = Some(text),
                ("example" | "encoding", value) => {
                    out.content.insert(key, value);
                }
                (_, value) if is_extension(&key) => {
                    out.content.insert(key, value);
                }
                (_, value) => self.diagnostics.warn(
                    key_at.as_str(),
                    format!(
                        "`{key}` ({}) is not part of a Mintlify media type entry; dropped",
                        kind(&value)
                    ),
                ),
            }
        }
        Some(out)
    }
}

/// What `request` holds, rebuilt.
#[derive(Default)]
struct Request {
    parameters: Vec<Value>,
    body: Option<Value>,
    security: Option<Vec<Value>>,
}

/// A media type entry, rebuilt.
struct Media {
    /// The OpenAPI media type object: `schema`, `examples`, ….
    content: Map<String, Value>,
    /// Whether a schema alternative carried `required: true`.
    required: bool,
    /// The entry's description (Mintlify puts the response description here).
    description: Option<String>,
}

/// Whether `status` is a response key OpenAPI allows: `default`, `200`, `4XX`.
fn is_status(status: &str) -> bool {
    match status.as_bytes() {
        [b'1'..=b'5', rest @ ..] if rest.len() == 2 => {
            rest.iter().all(u8::is_ascii_digit) || rest == b"XX"
        }
        _ => status == "default",
    }
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
