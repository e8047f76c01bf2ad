//! The responses of the operation, and the media type entries of responses and request bodies.

use super::{child, is_extension, kind, Rebuild, PLACEHOLDER};
use jsonptr::Pointer;
use serde_json::{json, Map, Value};

impl Rebuild<'_, '_> {
    /// `response.<status>.<media type>` → `responses.<status>`.
    pub(super) fn responses(&mut self, responses: Value, at: &Pointer) -> Map<String, Value> {
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
    pub(super) fn keep_first_description(
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
    pub(super) fn media(&mut self, media: Value, at: &Pointer) -> Option<Media> {
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

/// A media type entry, rebuilt.
pub(super) struct Media {
    /// The OpenAPI media type object: `schema`, `examples`, ….
    pub(super) content: Map<String, Value>,
    /// Whether a schema alternative carried `required: true`.
    pub(super) required: bool,
    /// The entry's description (Mintlify puts the response description here).
    pub(super) description: Option<String>,
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
