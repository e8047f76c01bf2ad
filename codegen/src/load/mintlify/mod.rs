//! The front end (stage 1¾): Mintlify's page model → a real OpenAPI 3.1 document.
//!
//! A Mintlify API page does not embed OpenAPI but Mintlify's own model of ONE operation:
//! `paths: {path, method, servers, request: {security, parameters, body}, response, deprecated}`,
//! with every schema given as a list of alternatives (`schemaArray`, or `schema` for parameters),
//! properties wrapped in `allOf` of partial schemas, `refIdentifier` naming the component a schema
//! came from, and "required" spelled three ways (`requiredProperties: [..]`, a boolean
//! `required`, and the JSON Schema `required: [..]`).
//!
//! The front end rebuilds the OpenAPI document that model was rendered from: `openapi: 3.1.0`, `info`,
//! `servers`, one operation, `components.schemas` (named by `refIdentifier`) and
//! `components.securitySchemes`. 3.1 constructs (`type: 'null'`, `const`, type lists) are left for
//! the normalizer's passes. Every rewrite is a diagnostic whose pointer is the place in the page
//! as loaded. It runs after the overlays (which address the page as written) and before
//! normalization, on pages only: a document that is OpenAPI already passes through untouched.

mod relocate;
mod request;
mod responses;
mod schema;
mod security;
#[cfg(test)]
mod tests;

use crate::diagnostic::{Diagnostics, LineMap};
use crate::normalize::walk::METHODS;
use jsonptr::{Pointer, PointerBuf, Token};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The parameter locations of both Mintlify and OpenAPI.
const LOCATIONS: [&str; 4] = ["path", "query", "header", "cookie"];

/// Mintlify's media type for a response without a body.
const PLACEHOLDER: &str = "_mintlify/placeholder";

/// When `tree` is Mintlify's page model, rebuilds it into an OpenAPI 3.1 document, recording
/// every change in `diagnostics`, and gives the rebuilt document's line map (its nodes placed
/// where they stand in the page, `lines`: see [`relocate`]); any other tree is left as it is.
pub(crate) fn rebuild(
    tree: &mut Value,
    lines: &LineMap,
    diagnostics: &mut Diagnostics,
) -> Option<LineMap> {
    if !is_page_model(tree) {
        return None;
    }
    let page = tree.clone();
    run(tree, diagnostics);
    Some(relocate::relocate(&page, lines, tree))
}

/// Whether `tree` is Mintlify's page model: no `openapi`/`swagger` key, and `paths` describing
/// one operation by its `path` and `method` strings.
fn is_page_model(tree: &Value) -> bool {
    let Value::Object(root) = tree else {
        return false;
    };
    if root.contains_key("openapi") || root.contains_key("swagger") {
        return false;
    }
    let paths = root.get("paths");
    let is_text = |key| {
        paths
            .and_then(|paths| paths.get(key))
            .is_some_and(Value::is_string)
    };
    is_text("path") && is_text("method")
}

/// Rewrites the Mintlify page model in `tree` into an OpenAPI 3.1 document, recording every change
/// in `diagnostics`.
///
/// When the model cannot be read (no `paths.path`/`paths.method` strings, an unknown method), the
/// errors are recorded and `tree` is left as it was.
fn run(tree: &mut Value, diagnostics: &mut Diagnostics) {
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
}
