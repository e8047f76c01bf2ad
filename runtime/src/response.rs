//! Response parsing: [`parse_json`], [`is_success`] and [`Unexpected`], the response that is
//! not what the document promised.

use http::header::CONTENT_TYPE;
use http::HeaderMap;
use std::borrow::Cow;
use std::fmt;

/// How much of the body `Debug` shows.
const DEBUG_BODY_LIMIT: usize = 1024;
/// How much of the body `Display` shows.
const DISPLAY_BODY_LIMIT: usize = 256;

/// A response the document did not describe, or whose body did not parse: the status and the raw
/// body are kept, so nothing is lost.
///
/// `Debug` and `Display` show the body as text, cut to 1 KiB and 256 bytes; [`body`](Self::body)
/// and [`body_text`](Self::body_text) give all of it.
#[derive(Clone, PartialEq, Eq)]
pub struct Unexpected {
    /// The HTTP status code.
    pub status: u16,
    /// The body, as received.
    pub body: Vec<u8>,
    /// Why the response is unexpected.
    pub reason: UnexpectedReason,
}

/// Why a response is [`Unexpected`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnexpectedReason {
    /// The document lists no response for this status (and no `default`).
    Undocumented,
    /// The status is documented, but the body did not parse as its type: the parser's message.
    Unparsable(String),
}

impl Unexpected {
    /// A response of a status the document does not list (and no `default`): `body` is kept.
    pub fn undocumented(status: u16, body: &[u8]) -> Self {
        Unexpected {
            status,
            body: body.to_vec(),
            reason: UnexpectedReason::Undocumented,
        }
    }

    /// The server's message, if the body is JSON that holds one where common error bodies put
    /// it ([`message_in`]).
    pub fn message(&self) -> Option<Cow<'_, str>> {
        let value: serde_json::Value = serde_json::from_slice(&self.body).ok()?;
        message_in(&value).map(|message| Cow::Owned(message.to_owned()))
    }

    /// The body as text, invalid UTF-8 replaced by `U+FFFD`.
    pub fn body_text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }
}

/// At most `limit` bytes of `body` as text, cut at a UTF-8 character boundary, and whether
/// anything was cut.
fn body_prefix(body: &[u8], limit: usize) -> (Cow<'_, str>, bool) {
    if body.len() <= limit {
        return (String::from_utf8_lossy(body), false);
    }
    let mut end = limit;
    // Step back over continuation bytes (0b10xx_xxxx), at most three, to not split a character.
    while end > limit.saturating_sub(3) && body.get(end).is_some_and(|b| b & 0xC0 == 0x80) {
        end -= 1;
    }
    (
        String::from_utf8_lossy(body.get(..end).unwrap_or(body)),
        true,
    )
}

/// Shows the cut body as an escaped string, then `…` and the full length if it was cut.
struct DebugBody<'a>(&'a [u8]);

impl fmt::Debug for DebugBody<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (text, cut) = body_prefix(self.0, DEBUG_BODY_LIMIT);
        write!(f, "{text:?}")?;
        if cut {
            write!(f, "… ({} bytes)", self.0.len())?;
        }
        Ok(())
    }
}

impl fmt::Debug for Unexpected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Unexpected")
            .field("status", &self.status)
            .field("reason", &self.reason)
            .field("body", &DebugBody(&self.body))
            .finish()
    }
}

impl fmt::Display for Unexpected {
    /// `HTTP 502 (undocumented status): <html> <head>…`: the body on one line (runs of
    /// whitespace as one space), cut to 256 bytes; a JSON body with a message
    /// ([`message`](Self::message)) shows that alone: `HTTP 503: The engine is overloaded`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(message) = self.message() {
            return write!(f, "HTTP {}: {}", self.status, one_line(&message));
        }
        write!(f, "HTTP {} ", self.status)?;
        match &self.reason {
            UnexpectedReason::Undocumented => f.write_str("(undocumented status)")?,
            UnexpectedReason::Unparsable(message) => write!(f, "(unparsable body: {message})")?,
        }
        let (text, cut) = body_prefix(&self.body, DISPLAY_BODY_LIMIT);
        let mut words = text.split_whitespace().peekable();
        if words.peek().is_none() {
            return f.write_str(", empty body");
        }
        f.write_str(":")?;
        for word in words {
            write!(f, " {word}")?;
        }
        if cut {
            write!(f, "… ({} bytes)", self.body.len())?;
        }
        Ok(())
    }
}

impl std::error::Error for Unexpected {}

impl ApiError for Unexpected {
    fn status(&self) -> u16 {
        self.status
    }

    fn message(&self) -> Option<Cow<'_, str>> {
        Unexpected::message(self)
    }

    fn summary(&self) -> String {
        self.to_string()
    }
}

/// What an operation's error tells, whichever variant it is: the status, the server's own
/// message, and one line that says both. Every generated error type implements it, and so does
/// [`Unexpected`]; the client's `ClientError` (feature `client`) prints its line.
pub trait ApiError: std::error::Error {
    /// The HTTP status of the response (a success for an error reported inside its body).
    fn status(&self) -> u16;

    /// What the server said went wrong, in its own words, if it said anything: the message
    /// field of the body where the document's schema has one (found when the code was
    /// generated), else where common JSON error bodies put it (`{"error":{"message":…}}`,
    /// `{"message":…}`, `{"detail":…}`: [`message_in`]). Never made up: `None` when the body
    /// holds no message.
    fn message(&self) -> Option<Cow<'_, str>>;

    /// One line, without operation or vendor: `HTTP 404: File not found`; the status and the
    /// server's message (cut to 256 bytes, on one line), else what the document says of the
    /// status, else the body as received, cut short.
    fn summary(&self) -> String;
}

/// Where error bodies put their message, in the order they are looked at: OpenAI's and
/// OpenRouter's `{"error":{"message":…}}`, `{"message":…}`, FastAPI's `{"detail":…}` (or the
/// first `msg` of its list), `{"errors":[{"message":…}]}`, `{"error":…}` and OAuth's
/// `{"error_description":…}`.
const MESSAGE_POINTERS: [&str; 7] = [
    "/error/message",
    "/message",
    "/detail",
    "/detail/0/msg",
    "/errors/0/message",
    "/error",
    "/error_description",
];

/// The message of a JSON error body, where common error bodies put it ([`ApiError::message`]):
/// the first of those places that holds a string that is not blank.
pub fn message_in(value: &serde_json::Value) -> Option<&str> {
    MESSAGE_POINTERS.iter().find_map(|pointer| {
        value
            .pointer(pointer)?
            .as_str()
            .filter(|text| !text.trim().is_empty())
    })
}

/// The message of a typed error body that the generator found no message field in: the body
/// written as JSON (with the fields it kept unknown), then [`message_in`].
pub fn message_of<T: serde::Serialize + ?Sized>(body: &T) -> Option<Cow<'static, str>> {
    let value = serde_json::to_value(body).ok()?;
    message_in(&value).map(|message| Cow::Owned(message.to_owned()))
}

/// How long a message may be in a one-line summary.
const MESSAGE_LIMIT: usize = 256;

/// `text` on one line (runs of whitespace as one space), cut to 256 bytes at a character
/// boundary with `…`.
pub fn one_line(text: &str) -> String {
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
        if line.len() > MESSAGE_LIMIT {
            break;
        }
    }
    if line.len() > MESSAGE_LIMIT {
        let mut end = MESSAGE_LIMIT;
        while !line.is_char_boundary(end) {
            end -= 1;
        }
        line.truncate(end);
        line.push('…');
    }
    line
}

/// The summary of a generated error ([`ApiError::summary`]): `HTTP {status}: ` and the
/// server's `message`, else the document's `described` text of the status, else
/// `documented error`.
pub fn summary(status: u16, message: Option<&str>, described: Option<&str>) -> String {
    let what = message.or(described).unwrap_or("documented error");
    format!("HTTP {status}: {}", one_line(what))
}

/// A response as received (status, headers, body bytes), which a generated `parse_response`
/// turns into its operation's typed result, arm by arm: [`json`](Self::json) for a success
/// body, [`error`](Self::error) for a documented error, [`undocumented`](Self::undocumented)
/// for a status the document does not list. The operation's error type converts from
/// [`Unexpected`], which keeps a body that does not parse as documented.
///
/// ```
/// use vendor_runtime::{http::HeaderMap, Response, Unexpected};
///
/// #[derive(Debug)]
/// enum DeleteError {
///     NotFound { status: u16, body: serde_json::Value },
///     Unexpected(Unexpected),
/// }
///
/// impl From<Unexpected> for DeleteError {
///     fn from(unexpected: Unexpected) -> Self {
///         Self::Unexpected(unexpected)
///     }
/// }
///
/// fn parse(status: u16, headers: &HeaderMap, body: &[u8]) -> Result<bool, DeleteError> {
///     let response = Response::new(status, headers, body);
///     match status {
///         200 => response.json(),
///         404 => response.error(|body| DeleteError::NotFound { status, body }),
///         _ => response.undocumented(),
///     }
/// }
///
/// let headers = HeaderMap::new();
/// assert!(parse(200, &headers, b"true").unwrap());
/// assert!(matches!(parse(404, &headers, b"{}"), Err(DeleteError::NotFound { .. })));
/// assert!(matches!(parse(404, &headers, b"<html>"), Err(DeleteError::Unexpected(_))));
/// assert!(matches!(parse(500, &headers, b""), Err(DeleteError::Unexpected(_))));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Response<'a> {
    status: u16,
    headers: &'a HeaderMap,
    body: &'a [u8],
}

impl<'a> Response<'a> {
    /// The response of `status`, `headers` and `body`.
    pub fn new(status: u16, headers: &'a HeaderMap, body: &'a [u8]) -> Self {
        Response {
            status,
            headers,
            body,
        }
    }

    /// The body parsed as JSON of type `T` ([`parse_json`]).
    ///
    /// # Errors
    ///
    /// The [`Unexpected`] that keeps a body that does not parse, as the operation's error.
    pub fn json<T: serde::de::DeserializeOwned, E: From<Unexpected>>(&self) -> Result<T, E> {
        parse_json(self.status, self.headers, self.body).map_err(E::from)
    }

    /// A documented error: its JSON body (of type `T`) made into the error by `variant`, or
    /// the [`Unexpected`] that keeps a body that does not parse.
    ///
    /// # Errors
    ///
    /// Always: the response is an error.
    pub fn error<T, S, E>(&self, variant: impl FnOnce(T) -> E) -> Result<S, E>
    where
        T: serde::de::DeserializeOwned,
        E: From<Unexpected>,
    {
        Err(match self.json() {
            Ok(body) => variant(body),
            Err(unparsable) => unparsable,
        })
    }

    /// The body as text, decoded by the charset of its `content-type` ([`parse_text`]).
    ///
    /// # Errors
    ///
    /// The [`Unexpected`] that keeps a body that is not valid in its charset.
    pub fn text<E: From<Unexpected>>(&self) -> Result<String, E> {
        parse_text(self.status, self.headers, self.body).map_err(E::from)
    }

    /// The body's bytes, as they are.
    ///
    /// # Errors
    ///
    /// Never: the `Result` is the shape of every reading of a body.
    pub fn bytes<E>(&self) -> Result<Vec<u8>, E> {
        Ok(self.body.to_vec())
    }

    /// The events of a whole event-stream body ([`parse_events`]).
    ///
    /// # Errors
    ///
    /// The [`Unexpected`] that keeps a body that does not decode.
    pub fn events<E: From<Unexpected>>(&self) -> Result<Vec<crate::sse::Event>, E> {
        parse_events(self.status, self.body).map_err(E::from)
    }

    /// The body of a status that documents several kinds of content (`documented`, in the
    /// document's order), read as the kind its `content-type` names; when it names none, or
    /// a kind not documented, as the first documented kind.
    ///
    /// # Errors
    ///
    /// The [`Unexpected`] that keeps a body that does not read as that kind.
    pub fn content<T, E>(&self, documented: &[ContentKind]) -> Result<Content<T>, E>
    where
        T: serde::de::DeserializeOwned,
        E: From<Unexpected>,
    {
        let named = self
            .headers
            .get(CONTENT_TYPE)
            .map(|value| ContentKind::of(&String::from_utf8_lossy(value.as_bytes())));
        let kind = named
            .filter(|kind| documented.contains(kind))
            .or_else(|| documented.first().copied())
            .unwrap_or(ContentKind::Bytes);
        match kind {
            ContentKind::Json => self.json().map(Content::Json),
            ContentKind::Text => self.text().map(Content::Text),
            ContentKind::Events => self.events().map(Content::Events),
            ContentKind::Bytes => self.bytes().map(Content::Bytes),
        }
    }

    /// A response of a status the document does not list: [`Unexpected::undocumented`].
    ///
    /// # Errors
    ///
    /// Always: the response is not what the document promised.
    pub fn undocumented<S, E: From<Unexpected>>(&self) -> Result<S, E> {
        Err(E::from(Unexpected::undocumented(self.status, self.body)))
    }

    /// Whether this response, of a success status the document does not list, is read as the
    /// operation's one documented success body: when the caller collects deviations
    /// ([`crate::collect`]), with the deviation
    /// [`UndocumentedStatus`](crate::DeviationKind::UndocumentedStatus); else it is
    /// [`undocumented`](Self::undocumented).
    pub fn undocumented_success(&self) -> bool {
        if !crate::lenient::collecting() {
            return false;
        }
        crate::lenient::note(crate::Deviation {
            pointer: String::new(),
            kind: crate::DeviationKind::UndocumentedStatus(self.status),
            value: None,
        });
        true
    }
}

/// What a body is read as, by media type: the kinds a generated `parse_response` tells apart
/// when one status documents several ([`Response::content`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentKind {
    /// JSON (`application/json`, `text/json`, `*/*+json`).
    Json,
    /// Text (`text/*` but an event stream), decoded by the `charset` of the `content-type`.
    Text,
    /// An event stream (`text/event-stream`), decoded into its events.
    Events,
    /// Bytes as they are (`application/octet-stream`, `image/*`, `audio/*`, `video/*`,
    /// `application/pdf`, any other media type).
    Bytes,
}

impl ContentKind {
    /// The kind of a media type (`content-type` parameters and case aside).
    pub fn of(media_type: &str) -> Self {
        let essence = media_type
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        match essence.as_str() {
            "application/json" | "text/json" => ContentKind::Json,
            _ if essence.ends_with("+json") => ContentKind::Json,
            "text/event-stream" => ContentKind::Events,
            _ if essence.starts_with("text/") => ContentKind::Text,
            _ => ContentKind::Bytes,
        }
    }
}

/// The body of a response whose status documents several media types, read as its
/// `content-type` says ([`Response::content`]). `T` is the JSON body's type ([`NoJson`] when
/// none of them is JSON).
#[derive(Debug, Clone, PartialEq)]
pub enum Content<T> {
    /// A JSON body.
    Json(T),
    /// A text body, decoded by its charset.
    Text(String),
    /// The events of an event stream, in order.
    Events(Vec<crate::sse::Event>),
    /// Bytes as they are.
    Bytes(Vec<u8>),
}

impl<T> Content<T> {
    /// The JSON body, for a caller that asked for JSON (a request that sent `stream: false`);
    /// any other kind is an [`Unexpected`] of `status` that keeps `body`.
    ///
    /// # Errors
    ///
    /// When the response is not JSON.
    pub fn into_json<E: From<Unexpected>>(self, status: u16, body: &[u8]) -> Result<T, E> {
        let kind = match self {
            Content::Json(value) => return Ok(value),
            Content::Text(_) => "text",
            Content::Events(_) => "an event stream",
            Content::Bytes(_) => "bytes",
        };
        Err(E::from(Unexpected {
            status,
            body: body.to_vec(),
            reason: UnexpectedReason::Unparsable(format!("JSON was asked for, {kind} came")),
        }))
    }
}

/// The JSON type of a [`Content`] whose status documents no JSON: it has no value, and
/// reading one fails (a body is read as JSON only when JSON is documented).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoJson {}

impl<'de> serde::Deserialize<'de> for NoJson {
    fn deserialize<D: serde::Deserializer<'de>>(_: D) -> Result<Self, D::Error> {
        Err(serde::de::Error::custom(
            "no JSON body is documented for this status",
        ))
    }
}

/// The `charset` parameter of a `content-type`, if it names one.
fn charset(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(CONTENT_TYPE)?.to_str().ok()?;
    value.split(';').skip(1).find_map(|parameter| {
        let (name, value) = parameter.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches('"').to_owned())
    })
}

/// Decodes a text `body` by the charset `headers` name (UTF-8 when they name none), without
/// replacing anything: a body that is not valid in its charset, or an unknown charset, is an
/// [`Unexpected`] that keeps the bytes.
pub fn parse_text(status: u16, headers: &HeaderMap, body: &[u8]) -> Result<String, Unexpected> {
    let unparsable = |why: String| Unexpected {
        status,
        body: body.to_vec(),
        reason: UnexpectedReason::Unparsable(why),
    };
    let encoding = match charset(headers) {
        None => encoding_rs::UTF_8,
        Some(label) => encoding_rs::Encoding::for_label(label.as_bytes())
            .ok_or_else(|| unparsable(format!("unknown charset `{label}`")))?,
    };
    encoding
        .decode_without_bom_handling_and_without_replacement(body)
        .map(std::borrow::Cow::into_owned)
        .ok_or_else(|| unparsable(format!("the body is not valid {}", encoding.name())))
}

/// Decodes a whole event-stream `body` into its events ([`crate::sse::decode_all`]).
///
/// # Errors
///
/// An [`Unexpected`] that keeps the bytes when a line is not UTF-8 or the body ends inside
/// an event.
pub fn parse_events(status: u16, body: &[u8]) -> Result<Vec<crate::sse::Event>, Unexpected> {
    crate::sse::decode_all(body).map_err(|error| Unexpected {
        status,
        body: body.to_vec(),
        reason: UnexpectedReason::Unparsable(error.to_string()),
    })
}

/// Parses a JSON body as `T`; on failure, an [`Unexpected`] with the status, all the bytes and
/// why ([`UnexpectedReason::Unparsable`]): the parser's message, and the `content-type` when it
/// says the body is not JSON (an HTML error page of a proxy, say). The body is tried as JSON
/// whatever its `content-type` says: servers label JSON `text/plain` often enough.
///
/// When the caller collects deviations ([`crate::collect`]), a JSON body that `T` refuses is
/// read again leniently: what fits is typed, and each place it strays is a
/// [`Deviation`](crate::Deviation).
pub fn parse_json<T: serde::de::DeserializeOwned>(
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<T, Unexpected> {
    let error = match serde_json::from_slice(body) {
        Ok(value) => return Ok(value),
        Err(error) => error,
    };
    if crate::lenient::collecting() {
        if let Ok(tree) = serde_json::from_slice(body) {
            if let Ok(value) = crate::lenient::read(tree) {
                return Ok(value);
            }
        }
    }
    let essence = headers.get(CONTENT_TYPE).map(|value| {
        let text = String::from_utf8_lossy(value.as_bytes());
        text.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    });
    let why = match essence {
        Some(essence)
            if essence != "application/json"
                && essence != "text/json"
                && !essence.ends_with("+json") =>
        {
            format!("{error} (the content type is `{essence}`, not JSON)")
        }
        _ => error.to_string(),
    };
    Err(Unexpected {
        status,
        body: body.to_vec(),
        reason: UnexpectedReason::Unparsable(why),
    })
}

/// An error a server reports inside a success response (MiniMax answers HTTP 200 with
/// `base_resp.status_code != 0`), as a document declares with the `x-error-code` extension.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportedError {
    /// The code found in the body.
    pub code: serde_json::Value,
    /// The message found beside it, if the document names where.
    pub message: Option<String>,
}

impl fmt::Display for ReportedError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "the body reports error code {}", self.code)?;
        match &self.message {
            Some(message) => write!(formatter, ": {message}"),
            None => Ok(()),
        }
    }
}

/// The error a success `body` reports, if any: the value at the JSON pointer `code` is not one
/// of `success` (JSON texts, e.g. `"0"`); the string at the JSON pointer `message`, if given,
/// is its message. A body that is not JSON, or holds no value at `code`, reports nothing.
pub fn reported_error(
    body: &[u8],
    code: &str,
    success: &[&str],
    message: Option<&str>,
) -> Option<ReportedError> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let found = value.pointer(code)?;
    let same = |text: &&str| {
        serde_json::from_str::<serde_json::Value>(text).is_ok_and(|ok| {
            ok == *found || matches!((ok.as_f64(), found.as_f64()), (Some(a), Some(b)) if a == b)
        })
    };
    if success.iter().any(same) {
        return None;
    }
    Some(ReportedError {
        code: found.clone(),
        message: message
            .and_then(|pointer| value.pointer(pointer))
            .and_then(|message| message.as_str())
            .map(str::to_owned),
    })
}

/// Whether `status` is a success (2xx).
pub fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

#[cfg(test)]
mod tests {
    use super::{is_success, parse_json, HeaderMap, Unexpected, UnexpectedReason};

    fn html_page() -> Vec<u8> {
        let mut page =
            String::from("<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n");
        while page.len() < 5000 {
            page.push_str("<p>upstream error</p>\n");
        }
        page.push_str("</body>\n</html>\n");
        page.into_bytes()
    }

    #[test]
    fn debug_shows_text_cut_to_one_kib() {
        let body = html_page();
        let unexpected = Unexpected {
            status: 502,
            body: body.clone(),
            reason: UnexpectedReason::Undocumented,
        };
        let debug = format!("{unexpected:?}");
        assert!(
            debug.starts_with(
                "Unexpected { status: 502, reason: Undocumented, body: \"<html>\\n<head><title>502"
            ),
            "{debug}"
        );
        assert!(
            debug.ends_with(&format!("\"… ({} bytes) }}", body.len())),
            "{debug}"
        );
        assert!(debug.len() < 1024 + 200, "{}", debug.len());
        assert!(!debug.contains("</html>"), "{debug}");
        assert!(!debug.contains("[60, "), "{debug}");
    }

    #[test]
    fn display_is_one_line_cut_short() {
        let body = html_page();
        let unexpected = Unexpected {
            status: 502,
            body: body.clone(),
            reason: UnexpectedReason::Undocumented,
        };
        let display = unexpected.to_string();
        assert!(
            display.starts_with(
                "HTTP 502 (undocumented status): <html> <head><title>502 Bad Gateway</title></head> <body> <p>"
            ),
            "{display}"
        );
        assert!(
            display.ends_with(&format!("</p>… ({} bytes)", body.len())),
            "{display}"
        );
        assert!(!display.contains('\n'), "{display}");
        assert!(display.len() < 256 + 100, "{}", display.len());
    }

    #[test]
    fn short_and_empty_bodies_show_whole() {
        let unexpected = Unexpected {
            status: 418,
            body: b"I'm a teapot".to_vec(),
            reason: UnexpectedReason::Undocumented,
        };
        assert_eq!(
            unexpected.to_string(),
            "HTTP 418 (undocumented status): I'm a teapot"
        );
        assert_eq!(
            format!("{unexpected:?}"),
            "Unexpected { status: 418, reason: Undocumented, body: \"I'm a teapot\" }"
        );
        let unexpected = Unexpected {
            status: 500,
            body: Vec::new(),
            reason: UnexpectedReason::Undocumented,
        };
        assert_eq!(
            unexpected.to_string(),
            "HTTP 500 (undocumented status), empty body"
        );
    }

    #[test]
    fn cutting_never_splits_a_character() {
        let body = "文".repeat(1000).into_bytes();
        let unexpected = Unexpected {
            status: 500,
            body,
            reason: UnexpectedReason::Undocumented,
        };
        let debug = format!("{unexpected:?}");
        let display = unexpected.to_string();
        assert!(!debug.contains('\u{FFFD}'), "{debug}");
        assert!(!display.contains('\u{FFFD}'), "{display}");
        assert!(debug.contains("… (3000 bytes)"), "{debug}");
    }

    #[test]
    fn body_text_is_lossy_and_whole() {
        let unexpected = Unexpected {
            status: 200,
            body: b"ok \xff".repeat(600),
            reason: UnexpectedReason::Undocumented,
        };
        assert_eq!(unexpected.body_text(), "ok \u{FFFD}".repeat(600));
    }

    #[test]
    fn parse_json_parses_or_keeps_the_bytes() {
        #[derive(Debug, PartialEq, serde::Deserialize)]
        struct File {
            id: String,
        }
        let file: File =
            parse_json(200, &HeaderMap::new(), br#"{"id":"file-1","extra":true}"#).unwrap();
        assert_eq!(
            file,
            File {
                id: "file-1".into()
            }
        );

        let cut = br#"{"id":"fi"#;
        let error = parse_json::<File>(200, &HeaderMap::new(), cut).unwrap_err();
        assert_eq!(error.status, 200);
        assert_eq!(error.body, cut);
        let UnexpectedReason::Unparsable(message) = &error.reason else {
            panic!("{error:?}")
        };
        assert!(message.contains("EOF"), "{message}");
        assert!(
            error
                .to_string()
                .starts_with("HTTP 200 (unparsable body: EOF while parsing"),
            "{error}"
        );

        let page = b"<html><body>Bad Gateway</body></html>";
        let error = parse_json::<File>(502, &HeaderMap::new(), page).unwrap_err();
        assert_eq!(error.body, page);
        assert_eq!(
            error.to_string(),
            "HTTP 502 (unparsable body: expected value at line 1 column 1): \
             <html><body>Bad Gateway</body></html>"
        );
        assert_eq!(error.clone(), error);
    }

    #[test]
    fn the_content_type_explains_a_body_that_is_not_json() {
        let mut headers = HeaderMap::new();
        headers.insert(
            super::CONTENT_TYPE,
            "text/html; charset=utf-8".parse().unwrap(),
        );
        let error = parse_json::<serde_json::Value>(502, &headers, b"<html>").unwrap_err();
        assert_eq!(
            error.reason,
            UnexpectedReason::Unparsable(
                "expected value at line 1 column 1 (the content type is `text/html`, not JSON)"
                    .into()
            )
        );
        assert_eq!(error.body, b"<html>");
        // JSON is read whatever the label says; a JSON label adds nothing to a failure.
        headers.insert(super::CONTENT_TYPE, "text/plain".parse().unwrap());
        assert!(parse_json::<serde_json::Value>(200, &headers, b"{}").is_ok());
        headers.insert(
            super::CONTENT_TYPE,
            "application/problem+json".parse().unwrap(),
        );
        let error = parse_json::<serde_json::Value>(500, &headers, b"{").unwrap_err();
        assert!(
            !format!("{:?}", error.reason).contains("content type"),
            "{error:?}"
        );
    }

    #[test]
    fn errors_reported_inside_a_success_body() {
        use super::{reported_error, ReportedError};
        let ok = br#"{"file_id":1,"base_resp":{"status_code":0,"status_msg":"success"}}"#;
        assert_eq!(
            reported_error(ok, "/base_resp/status_code", &["0"], None),
            None
        );
        let failed = br#"{"base_resp":{"status_code":1004,"status_msg":"auth failed"}}"#;
        let reported = reported_error(
            failed,
            "/base_resp/status_code",
            &["0"],
            Some("/base_resp/status_msg"),
        );
        assert_eq!(
            reported,
            Some(ReportedError {
                code: serde_json::json!(1004),
                message: Some("auth failed".into())
            })
        );
        assert_eq!(
            reported.unwrap().to_string(),
            "the body reports error code 1004: auth failed"
        );
        // 0.0 is 0; no code, or no JSON, reports nothing.
        assert_eq!(reported_error(br#"{"c":0.0}"#, "/c", &["0"], None), None);
        assert_eq!(reported_error(br#"{"d":1}"#, "/c", &["0"], None), None);
        assert_eq!(reported_error(b"<html>", "/c", &["0"], None), None);
        assert!(reported_error(br#"{"c":"E1"}"#, "/c", &["\"OK\""], None).is_some());
    }

    #[test]
    fn the_server_message_is_found_where_error_bodies_put_it() {
        use super::{message_in, message_of, one_line, summary, ApiError};
        use serde_json::json;
        for (body, message) in [
            (
                json!({"error": {"code": 404, "message": "File not found"}}),
                Some("File not found"),
            ),
            (json!({"message": "Invalid model"}), Some("Invalid model")),
            (
                json!({"detail": "Not authenticated"}),
                Some("Not authenticated"),
            ),
            (
                json!({"detail": [{"loc": ["body"], "msg": "field required"}]}),
                Some("field required"),
            ),
            (json!({"errors": [{"message": "bad"}]}), Some("bad")),
            (
                json!({"error": "invalid_grant", "error_description": "expired"}),
                Some("invalid_grant"),
            ),
            (
                json!({"error": {"message": " "}, "message": "second"}),
                Some("second"),
            ),
            (json!({"error": {"code": 1}}), None),
            (json!({"id": "file-1"}), None),
            (json!("File not found"), None),
        ] {
            assert_eq!(message_in(&body), message, "{body}");
            assert_eq!(message_of(&body).as_deref(), message, "{body}");
        }

        // A JSON body with a message says it alone; one without keeps the old line.
        let overloaded = Unexpected {
            status: 503,
            body: br#"{"error":{"message":"The engine is\n  overloaded"}}"#.to_vec(),
            reason: UnexpectedReason::Undocumented,
        };
        assert_eq!(overloaded.to_string(), "HTTP 503: The engine is overloaded");
        assert_eq!(overloaded.summary(), overloaded.to_string());
        assert_eq!(ApiError::status(&overloaded), 503);
        let page = Unexpected::undocumented(502, b"<html>Bad Gateway</html>");
        assert_eq!(page.message(), None);
        assert_eq!(
            page.summary(),
            "HTTP 502 (undocumented status): <html>Bad Gateway</html>"
        );

        // A summary is one short line and never invents a message.
        assert_eq!(
            summary(
                404,
                Some("File not found"),
                Some("Not Found - Resource does not exist")
            ),
            "HTTP 404: File not found"
        );
        assert_eq!(
            summary(404, None, Some("Not Found - Resource does not exist")),
            "HTTP 404: Not Found - Resource does not exist"
        );
        assert_eq!(summary(418, None, None), "HTTP 418: documented error");
        let long = one_line(&"word ".repeat(200));
        assert!(long.len() <= 256 + '…'.len_utf8(), "{}", long.len());
        assert!(long.ends_with('…'), "{long}");
        assert_eq!(one_line("a\n\tb  c"), "a b c");
        assert_eq!(one_line(&"文".repeat(100)).chars().last(), Some('…'));
    }

    #[test]
    fn success_is_2xx() {
        for (status, success) in [
            (100, false),
            (199, false),
            (200, true),
            (204, true),
            (299, true),
            (300, false),
            (404, false),
            (502, false),
        ] {
            assert_eq!(is_success(status), success, "{status}");
        }
    }
}
