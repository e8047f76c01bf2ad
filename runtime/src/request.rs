//! Request building: [`RequestBuilder`] turns a method, a path template and parameters into an
//! [`http::Request<Vec<u8>>`].

use std::fmt;

use http::header::{HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, COOKIE};
use http::{HeaderMap, Method, Request, Uri};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::multipart::Segment;
use crate::{ApiKey, BaseUrl, Multipart};

/// Everything but RFC 3986 unreserved characters (`A-Za-z0-9-._~`): what a path parameter
/// escapes so its value stays one segment.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The media type of JSON bodies and of the responses asked for.
const APPLICATION_JSON: &str = "application/json";

/// The media type of form bodies.
const APPLICATION_FORM: &str = "application/x-www-form-urlencoded";

/// Where an API key goes, as an OpenAPI `apiKey` security scheme says (`in: header | query |
/// cookie`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLocation {
    /// A header of the given name, marked sensitive.
    Header,
    /// A query parameter of the given name. The key is then part of the URI, which
    /// `http::Request`'s own `Debug` prints: prefer a header where the API allows it.
    Query,
    /// A `cookie: name=key` header, marked sensitive.
    Cookie,
}

/// Builds one [`http::Request<Vec<u8>>`]: chain the parts, then [`build`](Self::build).
///
/// The first invalid part (a header name or value, a JSON body that does not serialize, an
/// empty path parameter) is kept and returned by `build`, so the chain needs no `?` at each
/// step. `build` always sets `accept: application/json` unless an `accept` header was given.
///
/// ```
/// use vendor_runtime::{http::Method, ApiKey, BaseUrl, RequestBuilder};
///
/// let base = BaseUrl::parse("https://openrouter.ai/api/v1")?;
/// let request = RequestBuilder::new(Method::DELETE, &base, "/files/{file_id}")
///     .path_param("file_id", "file 1/2")
///     .bearer(&ApiKey::new("sk-example"))
///     .build()?;
/// assert_eq!(request.uri(), "https://openrouter.ai/api/v1/files/file%201%2F2");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct RequestBuilder {
    method: Method,
    /// The base URL, without trailing slash.
    base: String,
    path_template: &'static str,
    /// Name and percent-encoded value of each path parameter.
    path_params: Vec<(String, String)>,
    /// Encoded `name=value` pairs joined by `&`.
    query: String,
    headers: HeaderMap,
    /// `name=value` pairs of the `cookie` header.
    cookies: Vec<String>,
    body: Vec<u8>,
    /// A multipart body, written by `build` (in place of `body`).
    multipart: Option<Multipart>,
    /// The first error met while chaining, returned by `build`.
    error: Option<RequestError>,
}

impl RequestBuilder {
    /// Starts a request to `base` joined with `path_template` (an OpenAPI path such as
    /// `/files/{file_id}`, where each `{name}` is filled by [`path_param`](Self::path_param)).
    pub fn new(method: Method, base: &BaseUrl, path_template: &'static str) -> Self {
        Self {
            method,
            base: base.as_str().to_owned(),
            path_template,
            path_params: Vec::new(),
            query: String::new(),
            headers: HeaderMap::new(),
            cookies: Vec::new(),
            body: Vec::new(),
            multipart: None,
            error: None,
        }
    }

    /// Fills `{name}` in the path template with `value`, percent-encoded as one path segment:
    /// every byte but `A-Za-z0-9-._~` is escaped, so `/`, `?`, `#`, `%`, a space or non-ASCII
    /// stay inside the segment; `.` and `..` become `%2E` and `%2E%2E`, so they are not read as
    /// dot segments. An empty value is an error ([`RequestError::EmptyPathParam`]): it would
    /// leave an empty segment and address another resource. A name the template does not hold
    /// is an error too ([`RequestError::Uri`]). Given twice, the last value wins.
    pub fn path_param(mut self, name: &str, value: &str) -> Self {
        if !self.path_template.contains(&format!("{{{name}}}")) {
            let reason = format!(
                "the path template `{}` has no parameter `{{{name}}}`",
                self.path_template
            );
            return self.fail(RequestError::Uri { reason });
        }
        let encoded = match value {
            "" => {
                let name = name.to_owned();
                return self.fail(RequestError::EmptyPathParam { name });
            }
            "." => "%2E".to_owned(),
            ".." => "%2E%2E".to_owned(),
            _ => utf8_percent_encode(value, PATH_SEGMENT).to_string(),
        };
        self.path_params.push((name.to_owned(), encoded));
        self
    }

    /// Appends the query pair `name=value`, in call order (a repeated name is repeated).
    ///
    /// Names and values are encoded as `application/x-www-form-urlencoded`, except that a space
    /// becomes `%20` rather than `+`: every server reads `%20` as a space, while some APIs read
    /// a `+` in a query literally. Leaving out an absent optional parameter is the caller's job.
    pub fn query(mut self, name: &str, value: &str) -> Self {
        if !self.query.is_empty() {
            self.query.push('&');
        }
        push_query_component(&mut self.query, name);
        self.query.push('=');
        push_query_component(&mut self.query, value);
        self
    }

    /// Adds an object's members to the query, as OpenAPI's default for an object in the query
    /// (`style: form`, `explode: true`) sends it: each member `key=value`, by its own name (not
    /// `name`), a string as it is, a number or boolean as JSON writes it, an array one pair per
    /// item, a nested object (which the style leaves undefined) as JSON text, a `null` member
    /// left out. A value that is not an object is sent as `name=<its text>`, as
    /// [`param_text`] writes it.
    ///
    /// # Errors
    ///
    /// When the value cannot be serialized.
    pub fn query_members<T: serde::Serialize + ?Sized>(
        mut self,
        name: &str,
        value: &T,
    ) -> Result<Self, RequestError> {
        let text = |value: serde_json::Value| match value {
            serde_json::Value::String(text) => text,
            other => other.to_string(),
        };
        match serde_json::to_value(value).map_err(RequestError::Body)? {
            serde_json::Value::Object(members) => {
                for (key, member) in members {
                    match member {
                        serde_json::Value::Null => {}
                        serde_json::Value::Array(items) => {
                            for item in items {
                                self = self.query(&key, &text(item));
                            }
                        }
                        member => self = self.query(&key, &text(member)),
                    }
                }
                Ok(self)
            }
            other => Ok(self.query(name, &text(other))),
        }
    }

    /// Sets the header `name: value`, after any of the same name set before (both are sent).
    ///
    /// An invalid name, or a value with a control character (a newline), makes
    /// [`build`](Self::build) return [`RequestError::InvalidHeader`], which never shows the
    /// value. `authorization`, `proxy-authorization` and `cookie` values are marked sensitive.
    pub fn header(self, name: &str, value: &str) -> Self {
        self.add_header(name, value, false)
    }

    /// Sets `authorization: Bearer <key>`, marked sensitive, in place of any earlier one.
    pub fn bearer(mut self, key: &ApiKey) -> Self {
        match sensitive_value(&format!("Bearer {}", key.expose())) {
            Ok(value) => {
                self.headers.insert(AUTHORIZATION, value);
                self
            }
            Err(reason) => self.fail(RequestError::InvalidHeader {
                name: AUTHORIZATION.as_str().to_owned(),
                reason,
            }),
        }
    }

    /// Sends an API key where an OpenAPI `apiKey` security scheme says: in the header `name`
    /// (sensitive), in the query parameter `name`, or as the cookie `name` (all cookies go in
    /// one sensitive `cookie` header).
    pub fn api_key(self, location: KeyLocation, name: &str, key: &ApiKey) -> Self {
        match location {
            KeyLocation::Header => self.add_header(name, key.expose(), true),
            KeyLocation::Query => self.query(name, key.expose()),
            KeyLocation::Cookie => self.add_cookie(name, key.expose()),
        }
    }

    /// Sends a cookie parameter `name=value` (all cookies go in one sensitive `cookie` header);
    /// a name or value a cookie cannot carry is an error at [`RequestBuilder::build`].
    pub fn cookie(self, name: &str, value: &str) -> Self {
        self.add_cookie(name, value)
    }

    fn add_cookie(mut self, name: &str, value: &str) -> Self {
        if !is_cookie_name(name) {
            let reason = format!("`{name}` is not a valid cookie name");
            return self.fail(RequestError::InvalidHeader {
                name: COOKIE.as_str().to_owned(),
                reason,
            });
        }
        if !value.bytes().all(is_cookie_octet) {
            let reason =
                format!("the value of cookie `{name}` holds a character a cookie cannot carry");
            return self.fail(RequestError::InvalidHeader {
                name: COOKIE.as_str().to_owned(),
                reason,
            });
        }
        self.cookies.push(format!("{name}={value}"));
        self
    }

    /// Serializes `value` as the JSON body and sets `content-type: application/json`.
    pub fn json_body<T: serde::Serialize + ?Sized>(mut self, value: &T) -> Self {
        match serde_json::to_vec(value) {
            Ok(body) => {
                self.body = body;
                self.multipart = None;
                self.headers
                    .insert(CONTENT_TYPE, HeaderValue::from_static(APPLICATION_JSON));
                self
            }
            Err(error) => self.fail(RequestError::Body(error)),
        }
    }

    /// Sends `form` as a `multipart/form-data` body (RFC 7578), with `content-type:
    /// multipart/form-data; boundary=…` (see [`Multipart`] for how names are written). It is
    /// written by [`build`](Self::build), or by [`build_segments`](Self::build_segments) for a
    /// client that streams files from disk.
    pub fn multipart(mut self, form: Multipart) -> Self {
        self.body.clear();
        self.multipart = Some(form);
        self
    }

    /// Writes `value`, which must serialize to an object, as an
    /// `application/x-www-form-urlencoded` body: a pair per property, an array of scalars as a
    /// pair per item, nested objects in bracket notation (`metadata[key]=value`), `null` left
    /// out.
    pub fn form_body<T: serde::Serialize + ?Sized>(self, value: &T) -> Self {
        match crate::form::encode(value) {
            Ok(body) => self.raw_body(APPLICATION_FORM, body.into_bytes()),
            Err(error) => self.fail(error),
        }
    }

    /// Sends `body` as it is, with `content-type: media_type` (a text or binary body); a media
    /// type that is not a header value is an error at [`build`](Self::build).
    pub fn raw_body(mut self, media_type: &str, body: Vec<u8>) -> Self {
        match header_value(media_type) {
            Ok(value) => {
                self.body = body;
                self.multipart = None;
                self.headers.insert(CONTENT_TYPE, value);
                self
            }
            Err(reason) => self.fail(RequestError::InvalidHeader {
                name: CONTENT_TYPE.as_str().to_owned(),
                reason,
            }),
        }
    }

    /// Builds the request: URL = base URL + path template (exactly one slash between them) with
    /// every `{name}` filled, then `?` and the query pairs if any; the headers; `accept:
    /// application/json` unless an `accept` header was set; the body (empty if none).
    ///
    /// A multipart body with a file from a path or a reader is an error
    /// ([`RequestError::StreamedFile`], [`RequestError::StreamedReader`]): this crate reads no
    /// file; send it with [`build_segments`](Self::build_segments).
    pub fn build(self) -> Result<Request<Vec<u8>>, RequestError> {
        let (mut request, segments) = self.build_segments()?;
        let mut body = Vec::new();
        for segment in segments {
            match segment {
                Segment::Bytes(bytes) if body.is_empty() => body = bytes,
                Segment::Bytes(bytes) => body.extend_from_slice(&bytes),
                Segment::Path(path) => return Err(RequestError::StreamedFile { path }),
                #[cfg(feature = "client")]
                Segment::Reader(_) => return Err(RequestError::StreamedReader),
            }
        }
        *request.body_mut() = body;
        Ok(request)
    }

    /// Builds the request as [`build`](Self::build) does, but with an empty body and the body
    /// as segments instead: bytes, and the path of each file of a multipart body, in the order
    /// they are sent, for a client to stream (the async client's uploads).
    ///
    /// # Errors
    ///
    /// As [`build`](Self::build), but for files from a path.
    pub fn build_segments(self) -> Result<(Request<Vec<u8>>, Vec<Segment>), RequestError> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let path = fill_path(self.path_template, &self.path_params)?;
        if path.contains('#') {
            let reason = format!(
                "the path template `{}` holds a `#`, which would cut the URL",
                self.path_template
            );
            return Err(RequestError::Uri { reason });
        }
        let mut url = self.base;
        if !path.is_empty() && !path.starts_with('/') {
            url.push('/');
        }
        url.push_str(&path);
        if !self.query.is_empty() {
            url.push(if path.contains('?') { '&' } else { '?' });
            url.push_str(&self.query);
        }
        // The message of `InvalidUri` never holds the URI, whose query may hold a key.
        let uri = Uri::try_from(url).map_err(|error| RequestError::Uri {
            reason: format!("{error} (path template `{}`)", self.path_template),
        })?;

        let mut headers = self.headers;
        if !self.cookies.is_empty() {
            let value = sensitive_value(&self.cookies.join("; ")).map_err(|reason| {
                RequestError::InvalidHeader {
                    name: COOKIE.as_str().to_owned(),
                    reason,
                }
            })?;
            headers.append(COOKIE, value);
        }
        if !headers.contains_key(ACCEPT) {
            headers.insert(ACCEPT, HeaderValue::from_static(APPLICATION_JSON));
        }
        let segments = match self.multipart {
            Some(form) => {
                let (content_type, segments) = form.segments()?;
                let value =
                    header_value(&content_type).map_err(|reason| RequestError::InvalidHeader {
                        name: CONTENT_TYPE.as_str().to_owned(),
                        reason,
                    })?;
                headers.insert(CONTENT_TYPE, value);
                segments
            }
            None => vec![Segment::Bytes(self.body)],
        };

        let mut request = Request::new(Vec::new());
        *request.method_mut() = self.method;
        *request.uri_mut() = uri;
        *request.headers_mut() = headers;
        Ok((request, segments))
    }

    /// Keeps the first error, for `build` to return.
    fn fail(mut self, error: RequestError) -> Self {
        self.error.get_or_insert(error);
        self
    }

    fn add_header(mut self, name: &str, value: &str, sensitive: bool) -> Self {
        let header_name = match HeaderName::from_bytes(name.as_bytes()) {
            Ok(header_name) => header_name,
            Err(_) => {
                let reason = "not a valid header name (letters, digits and `!#$%&'*+-.^_`|~` only)";
                return self.fail(RequestError::InvalidHeader {
                    name: name.to_owned(),
                    reason: reason.to_owned(),
                });
            }
        };
        let sensitive = sensitive
            || header_name == AUTHORIZATION
            || header_name == http::header::PROXY_AUTHORIZATION
            || header_name == COOKIE;
        let value = if sensitive {
            sensitive_value(value)
        } else {
            header_value(value)
        };
        match value {
            Ok(value) => {
                self.headers.append(header_name, value);
                self
            }
            Err(reason) => self.fail(RequestError::InvalidHeader {
                name: header_name.as_str().to_owned(),
                reason,
            }),
        }
    }
}

/// The text of a parameter value of any serializable type, as it goes into a path segment, a
/// query or a header: a string as it is (also inside a newtype, or as the form of an untagged
/// union), a number or boolean as JSON writes it, anything else (an array, an object) as JSON.
///
/// # Errors
///
/// When the value does not serialize ([`RequestError::Body`]).
pub fn param_text<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, RequestError> {
    match serde_json::to_value(value).map_err(RequestError::Body)? {
        serde_json::Value::String(text) => Ok(text),
        other => Ok(other.to_string()),
    }
}

impl fmt::Debug for RequestBuilder {
    /// Shows the method, URL template and the names of what was set, never a value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path_params: Vec<&str> = self.path_params.iter().map(|(n, _)| n.as_str()).collect();
        let query: Vec<&str> = self
            .query
            .split('&')
            .filter_map(|pair| pair.split('=').next())
            .filter(|name| !name.is_empty())
            .collect();
        let headers: Vec<&str> = self.headers.keys().map(HeaderName::as_str).collect();
        f.debug_struct("RequestBuilder")
            .field("method", &self.method)
            .field("base", &self.base)
            .field("path_template", &self.path_template)
            .field("path_params", &path_params)
            .field("query", &query)
            .field("headers", &headers)
            .field("cookies", &self.cookies.len())
            .field("body_len", &self.body.len())
            .field("multipart", &self.multipart.is_some())
            .field("error", &self.error)
            .finish()
    }
}

/// Appends `text` to a query, form-urlencoded with `%20` for a space.
fn push_query_component(query: &mut String, text: &str) {
    for piece in form_urlencoded::byte_serialize(text.as_bytes()) {
        // `byte_serialize` escapes a literal `+` as `%2B`, so a `+` here is always a space.
        query.push_str(if piece == "+" { "%20" } else { piece });
    }
}

fn header_value(value: &str) -> Result<HeaderValue, String> {
    HeaderValue::from_str(value).map_err(|_| {
        "the value holds a control character (such as a newline), which a header cannot \
         carry"
            .to_owned()
    })
}

fn sensitive_value(value: &str) -> Result<HeaderValue, String> {
    let mut value = header_value(value)?;
    value.set_sensitive(true);
    Ok(value)
}

/// A cookie name is an RFC 7230 token.
fn is_cookie_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// RFC 6265 `cookie-octet`: visible ASCII but `"`, `,`, `;` and `\`.
fn is_cookie_octet(b: u8) -> bool {
    matches!(b, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E)
}

/// Fills each `{name}` of the template with the encoded value given last for that name.
fn fill_path(template: &str, params: &[(String, String)]) -> Result<String, RequestError> {
    let mut path = String::with_capacity(template.len());
    let mut rest = template;
    while let Some((literal, placeholder)) = rest.split_once('{') {
        path.push_str(literal);
        let Some((name, after)) = placeholder.split_once('}') else {
            let reason = format!("the path template `{template}` has an unclosed `{{`");
            return Err(RequestError::Uri { reason });
        };
        let Some((_, value)) = params.iter().rev().find(|(given, _)| given == name) else {
            let name = name.to_owned();
            return Err(RequestError::MissingPathParam { name });
        };
        path.push_str(value);
        rest = after;
    }
    path.push_str(rest);
    Ok(path)
}

/// Why a request could not be built. No variant ever holds a header value or a key.
#[derive(Debug)]
pub enum RequestError {
    /// A `{name}` of the path template was given no value.
    MissingPathParam {
        /// The parameter's name in the template.
        name: String,
    },
    /// A path parameter was given an empty value, which would leave an empty segment.
    EmptyPathParam {
        /// The parameter's name in the template.
        name: String,
    },
    /// A header name or value is invalid.
    InvalidHeader {
        /// The header's name.
        name: String,
        /// What is wrong; never the value, which may be a key.
        reason: String,
    },
    /// The body (or a JSON part of it) did not serialize.
    Body(serde_json::Error),
    /// A multipart body holds a file from a path, which only a client that streams it can
    /// send ([`RequestBuilder::build_segments`]).
    StreamedFile {
        /// The file's path.
        path: std::path::PathBuf,
    },
    /// A multipart body holds a file from an async reader, which only the async client can
    /// send ([`RequestBuilder::build_segments`]).
    StreamedReader,
    /// A form body is not an object of named values.
    Form {
        /// What it is instead.
        reason: String,
    },
    /// The URL is not a valid URI (a base URL and path template that do not join into one).
    Uri {
        /// What is wrong; never the URL, whose query may hold a key.
        reason: String,
    },
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingPathParam { name } => {
                write!(f, "the path parameter `{name}` was given no value")
            }
            Self::EmptyPathParam { name } => write!(
                f,
                "the path parameter `{name}` is empty; an empty segment would address another \
                 resource"
            ),
            Self::InvalidHeader { name, reason } => write!(f, "invalid header `{name}`: {reason}"),
            Self::Body(error) => write!(f, "the JSON body did not serialize: {error}"),
            Self::StreamedReader => write!(
                f,
                "a file is read from an async reader, which only the async client does (it \
                 streams it): send the request with the client, or give the file's bytes"
            ),
            Self::StreamedFile { path } => write!(
                f,
                "the file `{}` is read from disk, which only the async client does (it streams \
                 it): send the request with the client, or give the file's bytes",
                path.display()
            ),
            Self::Form { reason } => write!(f, "invalid form body: {reason}"),
            Self::Uri { reason } => write!(f, "invalid request URL: {reason}"),
        }
    }
}

impl std::error::Error for RequestError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Body(error) => Some(error),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use http::{Method, Request};

    use super::{param_text, KeyLocation, RequestBuilder, RequestError};
    use crate::{ApiKey, BaseUrl};

    #[test]
    fn param_text_unquotes_strings_in_any_wrapper() {
        #[derive(serde::Serialize)]
        struct Name(String);
        #[derive(serde::Serialize)]
        #[serde(untagged)]
        enum NameOrId {
            Id(u32),
            Name(Name),
        }
        assert_eq!(param_text(&Name("org a/b".into())).unwrap(), "org a/b");
        assert_eq!(param_text(&NameOrId::Name(Name("x".into()))).unwrap(), "x");
        assert_eq!(param_text(&NameOrId::Id(7)).unwrap(), "7");
        assert_eq!(param_text(&1.5_f64).unwrap(), "1.5");
        assert_eq!(param_text(&true).unwrap(), "true");
        assert_eq!(param_text(&vec![1, 2]).unwrap(), "[1,2]");
        let map = BTreeMap::from([("k", "v")]);
        assert_eq!(param_text(&map).unwrap(), r#"{"k":"v"}"#);
    }

    const KEY: &str = "sk-or-v1-0123456789abcdef";

    fn builder(base: &str, template: &'static str) -> RequestBuilder {
        RequestBuilder::new(Method::GET, &BaseUrl::parse(base).unwrap(), template)
    }

    fn header<'a>(request: &'a Request<Vec<u8>>, name: &str) -> Vec<&'a str> {
        request
            .headers()
            .get_all(name)
            .iter()
            .map(|value| value.to_str().unwrap())
            .collect()
    }

    /// Display and Debug of an error, which must never show a key or header value.
    fn shown(error: &RequestError) -> String {
        format!("{error} {error:?}")
    }

    #[test]
    fn joins_base_url_and_path_with_one_slash() {
        let cases = [
            (
                "https://openrouter.ai/api/v1",
                "/files/{file_id}",
                "https://openrouter.ai/api/v1/files/x",
            ),
            (
                "https://open.bigmodel.cn/api/",
                "/paas/v4/files/{file_id}",
                "https://open.bigmodel.cn/api/paas/v4/files/x",
            ),
            (
                "http://127.0.0.1:1234",
                "/v1/files/{file_id}",
                "http://127.0.0.1:1234/v1/files/x",
            ),
            (
                "http://127.0.0.1:1234/",
                "files/{file_id}",
                "http://127.0.0.1:1234/files/x",
            ),
        ];
        for (base, template, expect) in cases {
            let request = builder(base, template)
                .path_param("file_id", "x")
                .build()
                .unwrap();
            assert_eq!(request.uri().to_string(), expect, "{base} + {template}");
        }
        let request = builder("http://127.0.0.1:1234", "/v1/files/delete")
            .build()
            .unwrap();
        assert_eq!(request.uri(), "http://127.0.0.1:1234/v1/files/delete");
        assert_eq!(request.uri().path(), "/v1/files/delete");
    }

    #[test]
    fn hostile_path_params_stay_one_segment() {
        let cases = [
            ("a/b", "a%2Fb"),
            ("a?b#c", "a%3Fb%23c"),
            ("100%", "100%25"),
            ("a b", "a%20b"),
            ("文件", "%E6%96%87%E4%BB%B6"),
            ("..", "%2E%2E"),
            (".", "%2E"),
            ("...", "..."),
            ("{file_id}", "%7Bfile_id%7D"),
            ("a-b.c_d~e", "a-b.c_d~e"),
            ("a+b&c=d;e", "a%2Bb%26c%3Dd%3Be"),
        ];
        for (value, encoded) in cases {
            let request = builder("https://openrouter.ai/api/v1", "/files/{file_id}/content")
                .path_param("file_id", value)
                .build()
                .unwrap();
            let path = request.uri().path();
            assert_eq!(path, format!("/api/v1/files/{encoded}/content"), "{value}");
            let segments: Vec<&str> = path.split('/').skip(1).collect();
            assert_eq!(segments.len(), 5, "{value}: {path}");
            assert_eq!(segments[3], encoded);
            assert_eq!(request.uri().query(), None, "{value}");
        }
    }

    #[test]
    fn fills_every_placeholder_and_the_last_value_wins() {
        let request = builder(
            "https://api.example.com/v1",
            "/threads/{thread_id}/messages/{id}",
        )
        .path_param("id", "first")
        .path_param("thread_id", "t 1")
        .path_param("id", "m/2")
        .build()
        .unwrap();
        assert_eq!(request.uri().path(), "/v1/threads/t%201/messages/m%2F2");
    }

    #[test]
    fn path_param_errors() {
        let error = builder("https://api.example.com", "/files/{file_id}")
            .build()
            .unwrap_err();
        assert!(matches!(&error, RequestError::MissingPathParam { name } if name == "file_id"));
        assert_eq!(
            error.to_string(),
            "the path parameter `file_id` was given no value"
        );

        let error = builder("https://api.example.com", "/files/{file_id}")
            .path_param("file_id", "")
            .build()
            .unwrap_err();
        assert!(matches!(&error, RequestError::EmptyPathParam { name } if name == "file_id"));

        let error = builder("https://api.example.com", "/files/{file_id}")
            .path_param("fileid", "x")
            .path_param("file_id", "x")
            .build()
            .unwrap_err();
        assert!(matches!(&error, RequestError::Uri { .. }), "{error:?}");
        assert_eq!(
            error.to_string(),
            "invalid request URL: the path template `/files/{file_id}` has no parameter `{fileid}`"
        );

        let error = builder("https://api.example.com", "/files/{file_id")
            .build()
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid request URL: the path template `/files/{file_id` has an unclosed `{`"
        );

        let error = builder("https://api.example.com", "/files#x")
            .build()
            .unwrap_err();
        assert!(matches!(&error, RequestError::Uri { .. }), "{error:?}");

        let error = builder("https://api.example.com", "/files/a b")
            .build()
            .unwrap_err();
        assert!(matches!(&error, RequestError::Uri { reason } if reason.contains("/files/a b")));
    }

    #[test]
    fn query_is_encoded_in_call_order() {
        let request = builder("https://api.example.com/v1", "/models")
            .query("q", "a b+c&d=e/文")
            .query("limit", "10")
            .query("q", "2")
            .query("sort by", "")
            .build()
            .unwrap();
        assert_eq!(
            request.uri().query(),
            Some("q=a%20b%2Bc%26d%3De%2F%E6%96%87&limit=10&q=2&sort%20by=")
        );
        assert_eq!(request.uri().path(), "/v1/models");
    }

    #[test]
    fn an_object_in_the_query_is_sent_member_by_member() {
        let filters = serde_json::json!({"active": false, "name": "a b", "tags": ["x", 2], "gone": null, "deep": {"k": 1}});
        let request = builder("https://api.example.com", "/items")
            .query("limit", "1")
            .query_members("filters", &filters)
            .unwrap()
            .build()
            .unwrap();
        assert_eq!(
            request.uri().query(),
            Some("limit=1&active=false&name=a%20b&tags=x&tags=2&deep=%7B%22k%22%3A1%7D")
        );
        let request = builder("https://api.example.com", "/items")
            .query_members("q", "text")
            .unwrap()
            .build()
            .unwrap();
        assert_eq!(request.uri().query(), Some("q=text"));
    }

    #[test]
    fn query_after_a_template_with_a_query() {
        let request = builder("https://api.example.com", "/files?purpose=batch")
            .query("limit", "1")
            .build()
            .unwrap();
        assert_eq!(request.uri().query(), Some("purpose=batch&limit=1"));
    }

    #[test]
    fn headers_are_set_and_invalid_ones_fail_without_their_value() {
        let request = builder("https://api.example.com", "/files")
            .header("X-Trace", "abc")
            .header("x-trace", "def")
            .build()
            .unwrap();
        assert_eq!(header(&request, "x-trace"), ["abc", "def"]);
        assert!(!request.headers()["x-trace"].is_sensitive());

        let error = builder("https://api.example.com", "/files")
            .header("x-custom", &format!("{KEY}\r\nInjected: 1"))
            .build()
            .unwrap_err();
        assert!(matches!(&error, RequestError::InvalidHeader { name, .. } if name == "x-custom"));
        assert!(!shown(&error).contains(KEY), "{}", shown(&error));
        assert!(!shown(&error).contains("Injected"), "{}", shown(&error));

        // Bytes above ASCII are `obs-text`, which `http` lets through as opaque bytes.
        let request = builder("https://api.example.com", "/files")
            .header("x-title", "caf\u{e9}")
            .build()
            .unwrap();
        assert_eq!(
            request.headers()["x-title"].as_bytes(),
            "caf\u{e9}".as_bytes()
        );

        let error = builder("https://api.example.com", "/files")
            .header("bad name", "v")
            .build()
            .unwrap_err();
        assert!(matches!(&error, RequestError::InvalidHeader { name, .. } if name == "bad name"));
        assert!(error.to_string().starts_with("invalid header `bad name`: "));

        let request = builder("https://api.example.com", "/files")
            .header("Authorization", "Basic abc")
            .build()
            .unwrap();
        assert!(request.headers()["authorization"].is_sensitive());
    }

    #[test]
    fn the_first_error_is_kept() {
        let error = builder("https://api.example.com", "/files/{file_id}")
            .header("bad name", "v")
            .path_param("file_id", "")
            .build()
            .unwrap_err();
        assert!(matches!(error, RequestError::InvalidHeader { .. }));
    }

    #[test]
    fn bearer_is_set_and_sensitive() {
        let request = builder("https://api.example.com", "/files")
            .bearer(&ApiKey::new("old"))
            .bearer(&ApiKey::new(KEY))
            .build()
            .unwrap();
        assert_eq!(header(&request, "authorization"), [format!("Bearer {KEY}")]);
        assert!(request.headers()["authorization"].is_sensitive());
        assert!(!format!("{:?}", request.headers()).contains(KEY));

        let key = ApiKey::new(format!("{KEY}\n"));
        let error = builder("https://api.example.com", "/files")
            .bearer(&key)
            .build()
            .unwrap_err();
        assert!(
            matches!(&error, RequestError::InvalidHeader { name, .. } if name == "authorization")
        );
        assert!(!shown(&error).contains(KEY), "{}", shown(&error));
        assert!(!format!("{key:?}").contains(KEY));
    }

    #[test]
    fn api_key_in_header_query_and_cookie() {
        let key = ApiKey::new(KEY);
        let request = builder("https://api.example.com", "/files")
            .api_key(KeyLocation::Header, "X-API-Key", &key)
            .api_key(KeyLocation::Query, "api_key", &key)
            .api_key(KeyLocation::Cookie, "session", &key)
            .api_key(KeyLocation::Cookie, "other", &ApiKey::new("k2"))
            .cookie("theme", "dark")
            .build()
            .unwrap();
        assert_eq!(header(&request, "x-api-key"), [KEY]);
        assert!(request.headers()["x-api-key"].is_sensitive());
        assert_eq!(
            request.uri().query(),
            Some(format!("api_key={KEY}").as_str())
        );
        assert_eq!(
            header(&request, "cookie"),
            [format!("session={KEY}; other=k2; theme=dark")]
        );
        assert!(request.headers()["cookie"].is_sensitive());

        for (location, name) in [
            (KeyLocation::Header, "x-api-key"),
            (KeyLocation::Cookie, "session"),
        ] {
            let bad = ApiKey::new(format!("{KEY}; x=\u{7}"));
            let error = builder("https://api.example.com", "/files")
                .api_key(location, name, &bad)
                .build()
                .unwrap_err();
            assert!(matches!(error, RequestError::InvalidHeader { .. }));
            assert!(!shown(&error).contains(KEY), "{}", shown(&error));
        }
        let error = builder("https://api.example.com", "/files")
            .api_key(KeyLocation::Cookie, "a=b", &key)
            .build()
            .unwrap_err();
        assert!(matches!(&error, RequestError::InvalidHeader { name, .. } if name == "cookie"));
        assert!(!shown(&error).contains(KEY), "{}", shown(&error));
        let error = builder("https://api.example.com", "/files")
            .cookie("theme", "dark; admin=1")
            .build()
            .unwrap_err();
        assert!(matches!(&error, RequestError::InvalidHeader { name, .. } if name == "cookie"));
    }

    #[test]
    fn builder_debug_never_shows_a_value() {
        let key = ApiKey::new(KEY);
        let builder = builder("https://api.example.com", "/files/{file_id}")
            .path_param("file_id", "file-secret")
            .bearer(&key)
            .api_key(KeyLocation::Header, "x-api-key", &key)
            .api_key(KeyLocation::Query, "api_key", &key)
            .api_key(KeyLocation::Cookie, "session", &key)
            .header("x-other", "header-secret");
        let debug = format!("{builder:?}");
        for secret in [KEY, "file-secret", "header-secret"] {
            assert!(!debug.contains(secret), "{debug}");
        }
        assert!(debug.contains("api_key"), "{debug}");
        assert!(debug.contains("x-api-key"), "{debug}");
    }

    #[test]
    fn json_body_sets_content_type() {
        let body = serde_json::json!({"model": "gpt", "n": 2});
        let request = RequestBuilder::new(
            Method::POST,
            &BaseUrl::parse("https://api.example.com/v1/").unwrap(),
            "/chat/completions",
        )
        .json_body(&body)
        .build()
        .unwrap();
        assert_eq!(request.method(), Method::POST);
        assert_eq!(request.body(), br#"{"model":"gpt","n":2}"#);
        assert_eq!(header(&request, "content-type"), ["application/json"]);
        assert_eq!(header(&request, "accept"), ["application/json"]);

        let unsized_body: &[u32] = &[1, 2];
        let request = builder("https://api.example.com", "/x")
            .json_body(unsized_body)
            .build()
            .unwrap();
        assert_eq!(request.body(), b"[1,2]");

        let not_json: BTreeMap<Vec<u8>, u8> = BTreeMap::from([(vec![1], 1)]);
        let error = builder("https://api.example.com", "/x")
            .json_body(&not_json)
            .build()
            .unwrap_err();
        assert!(matches!(error, RequestError::Body(_)));
        assert!(std::error::Error::source(&error).is_some());
        assert!(error
            .to_string()
            .starts_with("the JSON body did not serialize: "));
    }

    #[test]
    fn accept_is_json_unless_set() {
        let request = builder("https://api.example.com", "/x").build().unwrap();
        assert_eq!(header(&request, "accept"), ["application/json"]);
        assert_eq!(header(&request, "content-type"), Vec::<&str>::new());
        assert_eq!(request.method(), Method::GET);
        assert!(request.body().is_empty());

        let request = builder("https://api.example.com", "/x")
            .header("Accept", "text/event-stream")
            .build()
            .unwrap();
        assert_eq!(header(&request, "accept"), ["text/event-stream"]);
    }
}
