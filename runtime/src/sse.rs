//! Server-sent events (`text/event-stream`), sans-IO: a [`Decoder`] fed bytes as they arrive,
//! in chunks split anywhere, that hands back each [`Event`] once its blank line has come, and
//! [`read`], which reads one event's data into the documented item type.
//!
//! Lines are split by [`sseer`]'s parser (CR, LF and CRLF, a CR at the end of a chunk kept
//! until the next byte tells CR from CRLF); the rest of the WHATWG rules of *interpreting an
//! event stream* are here, since sseer keeps its event builder private: a leading BOM is
//! dropped, comments (`:`) and unknown fields are ignored, `data:` lines are joined with `\n`,
//! `event:` names the type, `id:` sets the last event ID (kept across events, ignored when it
//! holds NUL), `retry:` (digits only) sets the reconnection time, and a blank line dispatches
//! the event, unless no `data` came, as the standard says.
//!
//! ```
//! use vendor_runtime::sse::{self, Decoder};
//!
//! #[derive(Debug, PartialEq, serde::Deserialize)]
//! struct Chunk {
//!     delta: String,
//! }
//!
//! let mut decoder = Decoder::new();
//! let mut chunks = Vec::new();
//! for piece in [&b"data: {\"del"[..], b"ta\":\"Hi\"}\n\n", b"data: [DONE]\n\n"] {
//!     decoder.feed(piece);
//!     while let Some(event) = decoder.next_event() {
//!         match sse::read::<Chunk>(event?, Some("[DONE]")) {
//!             Ok(Some(chunk)) => chunks.push(chunk),
//!             Ok(None) => break, // the sentinel: the stream is over
//!             Err(unparsable) => panic!("{unparsable}"),
//!         }
//!     }
//! }
//! assert_eq!(chunks, [Chunk { delta: "Hi".to_owned() }]);
//! assert!(decoder.finish().is_ok());
//! # Ok::<(), sse::DecodeError>(())
//! ```

use std::fmt;
use std::time::Duration;

use bytes::BytesMut;
use sseer::parser::{parse_line_from_buffer, RawEventLineOwned};

/// The byte order mark a stream may start with, which the standard drops.
const BOM: &[u8] = "\u{FEFF}".as_bytes();

/// One event of a stream, as dispatched by its blank line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Event {
    /// Its type (`event:`); `message` when the event names none.
    pub event: String,
    /// Its `data:` lines, joined with `\n`.
    pub data: String,
    /// The last event ID at its dispatch (`id:`, kept across events); `None` when none was
    /// set, or it was set to the empty string.
    pub id: Option<String>,
}

/// A line of the stream that is not UTF-8: its bytes are kept, the line is skipped, and the
/// stream goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// The line, as received (without its end of line).
    pub line: Vec<u8>,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "an event stream line is not UTF-8: {}",
            String::from_utf8_lossy(&self.line)
        )
    }
}

impl std::error::Error for DecodeError {}

/// A stream that ended inside an event: the bytes after the last complete event, which the
/// standard discards, are kept here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incomplete {
    /// What came after the last dispatched event: the fields of the event cut short, as text,
    /// and the bytes of its last unfinished line.
    pub pending: Vec<u8>,
}

impl fmt::Display for Incomplete {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the event stream ended inside an event ({} bytes pending)",
            self.pending.len()
        )
    }
}

impl std::error::Error for Incomplete {}

/// The incremental decoder of an event stream: [`feed`](Self::feed) it bytes, take events with
/// [`next_event`](Self::next_event) until it has none, and call [`finish`](Self::finish) at
/// the end of the body. It keeps at most one unfinished line and one unfinished event.
#[derive(Debug, Default)]
pub struct Decoder {
    /// Bytes not yet split into lines.
    buffer: BytesMut,
    /// Where the search for an end of line resumes in `buffer`.
    scan_from: usize,
    /// Whether the start of the stream was checked for a BOM.
    started: bool,
    /// The data of the event being read, its lines joined with `\n`.
    data: String,
    /// Whether a `data` field came for the event being read.
    has_data: bool,
    /// The type of the event being read (`event:`), empty when it names none.
    event: String,
    /// Whether any field or comment came since the last dispatch (for [`Decoder::finish`]).
    open: bool,
    /// The last event ID buffer.
    last_id: Option<String>,
    /// The reconnection time the stream set last (`retry:`).
    retry: Option<Duration>,
}

impl Decoder {
    /// A decoder at the start of a stream.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends `bytes`, as received, to what is pending.
    pub fn feed(&mut self, bytes: &[u8]) {
        self.buffer.extend_from_slice(bytes);
    }

    /// The next complete event in what was fed, or `None` until more bytes come.
    ///
    /// # Errors
    ///
    /// A line that is not UTF-8 ([`DecodeError`]): it is skipped, and the next call goes on.
    pub fn next_event(&mut self) -> Option<Result<Event, DecodeError>> {
        if !self.started {
            if self.buffer.len() < BOM.len() && BOM.starts_with(&self.buffer) {
                return None;
            }
            if self.buffer.starts_with(BOM) {
                let _ = self.buffer.split_to(BOM.len());
            }
            self.started = true;
        }
        while let Some(line) = parse_line_from_buffer(&mut self.buffer, &mut self.scan_from) {
            match line {
                RawEventLineOwned::Empty => {
                    if let Some(event) = self.dispatch() {
                        return Some(Ok(event));
                    }
                }
                RawEventLineOwned::Comment => self.open = true,
                RawEventLineOwned::Field {
                    field_name,
                    field_value,
                } => {
                    self.open = true;
                    let value = field_value.as_deref().unwrap_or_default();
                    let Ok(value) = std::str::from_utf8(value) else {
                        let mut line = field_name.to_vec();
                        if let Some(value) = field_value {
                            line.extend_from_slice(b": ");
                            line.extend_from_slice(&value);
                        }
                        return Some(Err(DecodeError { line }));
                    };
                    self.field(&field_name, value);
                }
            }
        }
        None
    }

    /// Ends the stream: `Ok` when it ended between events (an unfinished event is discarded,
    /// as the standard says).
    ///
    /// # Errors
    ///
    /// [`Incomplete`], with what was pending, when the stream was cut inside an event.
    pub fn finish(self) -> Result<(), Incomplete> {
        let unchecked_bom = !self.started && BOM.starts_with(&self.buffer);
        if (self.buffer.is_empty() || unchecked_bom) && !self.open {
            return Ok(());
        }
        let mut pending = Vec::new();
        if !self.event.is_empty() {
            pending.extend_from_slice(format!("event: {}\n", self.event).as_bytes());
        }
        if self.has_data {
            for line in self.data.split('\n') {
                pending.extend_from_slice(format!("data: {line}\n").as_bytes());
            }
        }
        pending.extend_from_slice(&self.buffer);
        Err(Incomplete { pending })
    }

    /// The reconnection time the stream last set with `retry:`, if any.
    pub fn retry(&self) -> Option<Duration> {
        self.retry
    }

    /// One field of the event being read.
    fn field(&mut self, name: &[u8], value: &str) {
        match name {
            b"event" => value.clone_into(&mut self.event),
            b"data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(value);
                self.has_data = true;
            }
            b"id" if !value.contains('\0') => {
                self.last_id = (!value.is_empty()).then(|| value.to_owned());
            }
            b"retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                // Digits only: a value too large for `u64` milliseconds is the largest.
                let millis = value.parse::<u64>().unwrap_or(u64::MAX);
                self.retry = Some(Duration::from_millis(millis));
            }
            _ => {}
        }
    }

    /// The event read so far, at a blank line, unless it has no data (then it is dropped).
    fn dispatch(&mut self) -> Option<Event> {
        self.open = false;
        let event = std::mem::take(&mut self.event);
        if !std::mem::take(&mut self.has_data) {
            self.data.clear();
            return None;
        }
        Some(Event {
            event: if event.is_empty() {
                "message".to_owned()
            } else {
                event
            },
            data: std::mem::take(&mut self.data),
            id: self.last_id.clone(),
        })
    }
}

/// Every event of a whole stream body, in order (a sans-IO `parse_response` of an event
/// stream).
///
/// # Errors
///
/// The first line that is not UTF-8, or a body cut inside an event.
pub fn decode_all(body: &[u8]) -> Result<Vec<Event>, StreamBodyError> {
    let mut decoder = Decoder::new();
    decoder.feed(body);
    let mut events = Vec::new();
    while let Some(event) = decoder.next_event() {
        events.push(event.map_err(StreamBodyError::Decode)?);
    }
    decoder.finish().map_err(StreamBodyError::Incomplete)?;
    Ok(events)
}

/// Why a whole stream body did not decode ([`decode_all`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamBodyError {
    /// A line is not UTF-8.
    Decode(DecodeError),
    /// The body was cut inside an event.
    Incomplete(Incomplete),
}

impl fmt::Display for StreamBodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StreamBodyError::Decode(error) => error.fmt(f),
            StreamBodyError::Incomplete(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for StreamBodyError {}

/// An event whose data does not parse as the stream's item type: the event is kept whole, with
/// the parser's message; the stream goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unparsable {
    /// The event, as received.
    pub event: Event,
    /// Why its data did not parse.
    pub message: String,
}

impl fmt::Display for Unparsable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "event `{}` does not parse ({}): {}",
            self.event.event, self.message, self.event.data
        )
    }
}

impl std::error::Error for Unparsable {}

/// An error the server sent as an event of the stream: an event named `error` (`event: error`,
/// as Anthropic's and OpenAI's streams send one), or one whose data is a JSON object with an
/// `error` member that is not the item type (as OpenAI's chat completions and OpenRouter send
/// one mid-stream). What it says is read from its data: `error.message` (or `message`, or
/// `error` when it is a string) and `error.type` (or `error.code`, or `type`, or `code`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorEvent {
    /// The event, as received.
    pub event: Event,
    /// The message the error gives, if its data has one.
    pub message: Option<String>,
    /// The kind of error it names (`overloaded_error`, `rate_limit_exceeded`…), if any.
    pub kind: Option<String>,
}

impl ErrorEvent {
    /// `event` as an error event: what its data says, read as JSON where it is.
    fn new(event: Event) -> Self {
        let data: serde_json::Value =
            serde_json::from_str(&event.data).unwrap_or(serde_json::Value::Null);
        let error = data.get("error").unwrap_or(&serde_json::Value::Null);
        let text = |value: Option<&serde_json::Value>| match value? {
            serde_json::Value::String(text) => Some(text.clone()),
            serde_json::Value::Number(number) => Some(number.to_string()),
            _ => None,
        };
        let message = text(error.get("message"))
            .or_else(|| text(data.get("message")))
            .or_else(|| error.as_str().map(str::to_owned));
        let kind = text(error.get("type"))
            .or_else(|| text(error.get("code")))
            .or_else(|| text(data.get("type")).filter(|kind| kind != "error"))
            .or_else(|| text(data.get("code")));
        Self {
            event,
            message,
            kind,
        }
    }
}

impl fmt::Display for ErrorEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the stream sent an error")?;
        if let Some(kind) = &self.kind {
            write!(f, " ({kind})")?;
        }
        match &self.message {
            Some(message) => write!(f, ": {message}"),
            None => write!(f, ": {}", self.event.data),
        }
    }
}

impl std::error::Error for ErrorEvent {}

/// Why an event is not an item of the stream ([`read`], [`read_envelope`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// An error the server sent as an event.
    Error(ErrorEvent),
    /// An event whose data does not parse as the item type.
    Unparsable(Unparsable),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Error(error) => error.fmt(f),
            ReadError::Unparsable(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for ReadError {}

/// Reads one event's data as JSON of type `T`: `Ok(None)` when the data is the stream's
/// `sentinel` (`[DONE]`), which ends it.
///
/// # Errors
///
/// [`ReadError::Error`] for an error event ([`ErrorEvent`]: one named `error`, or whose data
/// has an `error` member and is not a `T`); [`ReadError::Unparsable`], keeping the event, when
/// its data is not a `T` (unless the caller collects deviations, [`crate::collect`]: then a
/// JSON `T` that strays from its schema is read leniently, and how it strayed collected).
pub fn read<T: serde::de::DeserializeOwned>(
    event: Event,
    sentinel: Option<&str>,
) -> Result<Option<T>, ReadError> {
    if sentinel.is_some_and(|sentinel| event.data.trim() == sentinel) {
        return Ok(None);
    }
    if event.event == "error" {
        return Err(ReadError::Error(ErrorEvent::new(event)));
    }
    match serde_json::from_str(&event.data) {
        Ok(item) => Ok(Some(item)),
        Err(error) => leniently(event, &error, |event| serde_json::from_str(&event.data)),
    }
}

/// Reads one event as JSON of type `T` when `T` describes the whole event (an object of
/// `data`, and maybe `event`, `id`, `retry`, as Speakeasy's documents and OpenAPI 3.2's
/// `itemSchema` write it): the event's fields, with `data` as JSON when it parses as JSON and
/// as a string otherwise. `Ok(None)` when the data is the `sentinel`.
///
/// # Errors
///
/// As [`read`].
pub fn read_envelope<T: serde::de::DeserializeOwned>(
    event: Event,
    sentinel: Option<&str>,
) -> Result<Option<T>, ReadError> {
    if sentinel.is_some_and(|sentinel| event.data.trim() == sentinel) {
        return Ok(None);
    }
    if event.event == "error" {
        return Err(ReadError::Error(ErrorEvent::new(event)));
    }
    let data = serde_json::from_str(&event.data)
        .unwrap_or_else(|_| serde_json::Value::String(event.data.clone()));
    let mut whole = serde_json::Map::new();
    whole.insert("event".to_owned(), event.event.clone().into());
    whole.insert("data".to_owned(), data);
    if let Some(id) = &event.id {
        whole.insert("id".to_owned(), id.clone().into());
    }
    let whole = serde_json::Value::Object(whole);
    match T::deserialize(&whole) {
        Ok(item) => Ok(Some(item)),
        Err(error) => leniently(event, &error, |_| Ok(whole)),
    }
}

/// An event that its item type refuses: an error event when its data is a JSON object with an
/// `error` member; else, when the caller collects deviations ([`crate::collect`]), the item
/// read leniently from the JSON `tree` gives; else unparsable.
fn leniently<T: serde::de::DeserializeOwned>(
    event: Event,
    error: &serde_json::Error,
    tree: impl FnOnce(&Event) -> serde_json::Result<serde_json::Value>,
) -> Result<Option<T>, ReadError> {
    let error = not_an_item(event, error);
    let ReadError::Unparsable(unparsable) = &error else {
        return Err(error);
    };
    if !crate::lenient::collecting() {
        return Err(error);
    }
    match tree(&unparsable.event).map(crate::lenient::read) {
        Ok(Ok(item)) => Ok(Some(item)),
        _ => Err(error),
    }
}

/// The error of an event that is not an item: an error event when its data is a JSON object
/// with an `error` member, else unparsable.
fn not_an_item(event: Event, error: &serde_json::Error) -> ReadError {
    let reports = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&event.data)
        .is_ok_and(|data| data.contains_key("error"));
    if reports {
        return ReadError::Error(ErrorEvent::new(event));
    }
    ReadError::Unparsable(Unparsable {
        event,
        message: error.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(chunks: &[&[u8]]) -> (Vec<Event>, Result<(), Incomplete>) {
        let mut decoder = Decoder::new();
        let mut out = Vec::new();
        for chunk in chunks {
            decoder.feed(chunk);
            while let Some(event) = decoder.next_event() {
                out.push(event.unwrap());
            }
        }
        (out, decoder.finish())
    }

    fn event(kind: &str, data: &str, id: Option<&str>) -> Event {
        Event {
            event: kind.to_owned(),
            data: data.to_owned(),
            id: id.map(str::to_owned),
        }
    }

    #[test]
    fn the_standards_rules() {
        let stream = b"\xEF\xBB\xBF: a comment\r\ndata: one\rdata:two\r\n\r\nevent: add\nid: 7\ndata\n\nretry: 10\n\nid: 8\0\nbogus: x\ndata:  three\n\n";
        let (got, end) = events(&[stream]);
        assert_eq!(
            got,
            [
                event("message", "one\ntwo", None),
                event("add", "", Some("7")),
                event("message", " three", Some("7")),
            ]
        );
        assert_eq!(end, Ok(()));
    }

    #[test]
    fn retry_is_digits_only() {
        let mut decoder = Decoder::new();
        decoder.feed(b"retry: 1500\n\nretry: 2s\n\n");
        assert!(decoder.next_event().is_none());
        assert_eq!(decoder.retry(), Some(Duration::from_millis(1500)));
    }

    #[test]
    fn a_stream_cut_inside_an_event_is_incomplete() {
        let (got, end) = events(&[b"data: a\n\nevent: e\ndata: b\nda"]);
        assert_eq!(got, [event("message", "a", None)]);
        assert_eq!(
            end,
            Err(Incomplete {
                pending: b"event: e\ndata: b\nda".to_vec()
            })
        );
    }

    #[test]
    fn a_line_that_is_not_utf8_is_an_error_and_the_stream_goes_on() {
        let mut decoder = Decoder::new();
        decoder.feed(b"data: \xFF\n\ndata: ok\n\n");
        assert_eq!(
            decoder.next_event(),
            Some(Err(DecodeError {
                line: b"data: \xFF".to_vec()
            }))
        );
        assert_eq!(decoder.next_event(), Some(Ok(event("message", "ok", None))));
    }

    #[test]
    fn read_stops_at_the_sentinel_and_keeps_what_does_not_parse() {
        assert_eq!(
            read::<u32>(event("message", "7", None), Some("[DONE]")),
            Ok(Some(7))
        );
        assert_eq!(
            read::<u32>(event("message", "[DONE]", None), Some("[DONE]")),
            Ok(None)
        );
        let bad = read::<u32>(event("message", "seven", None), Some("[DONE]")).unwrap_err();
        let ReadError::Unparsable(bad) = bad else {
            panic!("{bad:?}")
        };
        assert_eq!(bad.event.data, "seven");
    }

    #[test]
    fn an_error_event_is_an_error_that_says_what_it_says() {
        let anthropic =
            r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#;
        let Err(ReadError::Error(error)) = read::<u32>(event("error", anthropic, None), None)
        else {
            panic!("an event named `error` is an error")
        };
        assert_eq!(error.kind.as_deref(), Some("overloaded_error"));
        assert_eq!(error.message.as_deref(), Some("Overloaded"));
        assert_eq!(
            error.to_string(),
            "the stream sent an error (overloaded_error): Overloaded"
        );
        // OpenAI's: no event name, an `error` member, not the item.
        let openai = r#"{"error":{"message":"Rate limit reached","code":"rate_limit_exceeded"}}"#;
        let Err(ReadError::Error(error)) =
            read_envelope::<u32>(event("message", openai, None), None)
        else {
            panic!("an `error` member that is not the item is an error")
        };
        assert_eq!(error.kind.as_deref(), Some("rate_limit_exceeded"));
        assert_eq!(error.message.as_deref(), Some("Rate limit reached"));
        // An item that has an `error` field is an item.
        assert_eq!(
            read::<serde_json::Value>(event("message", r#"{"error":null}"#, None), None),
            Ok(Some(serde_json::json!({"error": null})))
        );
        let text = read::<u32>(event("error", "boom", None), None);
        assert!(matches!(
            text,
            Err(ReadError::Error(ErrorEvent { message: None, .. }))
        ));
    }

    #[test]
    fn an_envelope_reads_the_whole_event() {
        let whole =
            read_envelope::<serde_json::Value>(event("delta", "{\"a\":1}", Some("9")), None);
        assert_eq!(
            whole,
            Ok(Some(
                serde_json::json!({"event": "delta", "data": {"a": 1}, "id": "9"})
            ))
        );
        let text = read_envelope::<serde_json::Value>(event("message", "plain", None), None);
        assert_eq!(
            text,
            Ok(Some(
                serde_json::json!({"event": "message", "data": "plain"})
            ))
        );
    }
}
