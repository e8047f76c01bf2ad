//! `multipart/form-data` bodies (RFC 7578), written whole into memory: [`Multipart`], the parts
//! of one body, and [`File`], the content of a file part.
//!
//! Names and filenames are written as the WHATWG HTML standard's `multipart/form-data`
//! encoding algorithm writes them (what browsers send, and what servers parse): inside the
//! quotes of `name="…"` and `filename="…"`, a `"` becomes `%22`, a CR `%0D` and a LF `%0A`;
//! everything else, non-ASCII included, is sent as UTF-8 (RFC 7578 §5.1.1). So no name or
//! filename can end its quoted string, add a header or start a part. A file's content type is a
//! header value: one holding a control character is refused. The boundary is random per body,
//! and chosen again should a part in memory hold it (RFC 2046 §5.1.1).
//!
//! A [`File`] may also name a path ([`File::from_path`]), or, with the feature `client`, hold an
//! async reader ([`File::from_reader`]): this crate reads neither, so such a body is written by
//! the async client, which streams the file between the parts it writes here
//! ([`Multipart::segments`]).

use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::path::{Path, PathBuf};

use crate::request::RequestError;

/// A file to upload as one part of a `multipart/form-data` body: its filename, its content
/// type and its bytes.
///
/// ```
/// use vendor_runtime::File;
///
/// let file = File::from_bytes("notes.jsonl", b"{\"a\":1}\n".to_vec()).content_type("application/jsonl");
/// assert_eq!(file.filename(), Some("notes.jsonl"));
/// assert_eq!(file.bytes(), Some(&b"{\"a\":1}\n"[..]));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct File {
    filename: Option<String>,
    content_type: Option<String>,
    content: Content,
}

/// Where a file's content is.
#[derive(Clone, PartialEq, Eq)]
enum Content {
    /// In memory.
    Bytes(Vec<u8>),
    /// In a file on disk, read by the client when it sends the request.
    Path(PathBuf),
    /// In an async reader, read by the client when it sends the request.
    #[cfg(feature = "client")]
    Reader(Reader),
}

/// The async reader of a file's content ([`File::from_reader`], feature `client`) and how many
/// bytes it holds: the client that sends the request takes it, once. Clones share it; two are
/// equal when they share it.
#[cfg(feature = "client")]
#[derive(Clone)]
pub struct Reader {
    reader: std::sync::Arc<std::sync::Mutex<Option<BoxedReader>>>,
    length: u64,
}

/// A reader as [`Reader`] holds it.
#[cfg(feature = "client")]
type BoxedReader = std::pin::Pin<Box<dyn tokio::io::AsyncRead + Send>>;

#[cfg(feature = "client")]
impl Reader {
    /// How many bytes it holds (sent as part of the body's `content-length`).
    pub fn length(&self) -> u64 {
        self.length
    }

    /// The reader, the first time; `None` once a request took it.
    pub(crate) fn take(&self) -> Option<BoxedReader> {
        self.reader
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
    }
}

#[cfg(feature = "client")]
impl PartialEq for Reader {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.reader, &other.reader)
    }
}

#[cfg(feature = "client")]
impl Eq for Reader {}

#[cfg(feature = "client")]
impl fmt::Debug for Reader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a reader of {} bytes", self.length)
    }
}

impl File {
    /// A file named `filename` (as the server is told; no path is read) holding `bytes`. Its
    /// content type is `application/octet-stream` unless [`content_type`](Self::content_type)
    /// says otherwise.
    pub fn from_bytes(filename: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            filename: Some(filename.into()),
            content_type: None,
            content: Content::Bytes(bytes.into()),
        }
    }

    /// Bytes sent without a filename (the part then has none).
    pub fn anonymous(bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            filename: None,
            content_type: None,
            content: Content::Bytes(bytes.into()),
        }
    }

    /// The file at `path`, named by its last component (change it with
    /// [`with_filename`](Self::with_filename)). Nothing is read here: the async client (feature
    /// `client`) streams it from disk when it sends the request, so a large file is never
    /// held in memory; `to_http`, which builds the whole body in memory, refuses it
    /// ([`RequestError::StreamedFile`]).
    pub fn from_path(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        Self {
            filename: path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned()),
            content_type: None,
            content: Content::Path(path),
        }
    }

    /// The content `reader` gives, `length` bytes of it, named `filename` (feature `client`).
    /// Nothing is read here: the async client streams it when it sends the request, a chunk
    /// at a time, and takes it, so the request can be sent once; `to_http` refuses it
    /// ([`RequestError::StreamedReader`]). `length` goes into the body's `content-length`
    /// (servers may refuse an upload without one): the client sends exactly that many bytes,
    /// and fails the request if the reader ends before.
    #[cfg(feature = "client")]
    pub fn from_reader(
        filename: impl Into<String>,
        reader: impl tokio::io::AsyncRead + Send + 'static,
        length: u64,
    ) -> Self {
        Self {
            filename: Some(filename.into()),
            content_type: None,
            content: Content::Reader(Reader {
                reader: std::sync::Arc::new(std::sync::Mutex::new(Some(Box::pin(reader)))),
                length,
            }),
        }
    }

    /// Sets the filename the server is told.
    #[must_use]
    pub fn with_filename(mut self, filename: impl Into<String>) -> Self {
        self.filename = Some(filename.into());
        self
    }

    /// Sets the part's `content-type` (e.g. `audio/mpeg`); one that is not a valid header
    /// value is an error when the request is built.
    #[must_use]
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The filename the server is told, if any.
    pub fn filename(&self) -> Option<&str> {
        self.filename.as_deref()
    }

    /// The content type set, if any.
    pub fn media_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The content, when it is in memory.
    pub fn bytes(&self) -> Option<&[u8]> {
        match &self.content {
            Content::Bytes(bytes) => Some(bytes),
            _ => None,
        }
    }

    /// The path it is read from, when it is on disk.
    pub fn path(&self) -> Option<&Path> {
        match &self.content {
            Content::Path(path) => Some(path),
            _ => None,
        }
    }
}

impl fmt::Debug for File {
    /// Filename, content type and length; never the content.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("File");
        debug
            .field("filename", &self.filename)
            .field("content_type", &self.content_type);
        match &self.content {
            Content::Bytes(bytes) => debug.field("len", &bytes.len()),
            Content::Path(path) => debug.field("path", path),
            #[cfg(feature = "client")]
            Content::Reader(reader) => debug.field("reader", reader),
        };
        debug.finish()
    }
}

impl fmt::Debug for Content {
    /// The length of bytes, never the bytes; or the path.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Content::Bytes(bytes) => write!(f, "{} bytes", bytes.len()),
            Content::Path(path) => write!(f, "{}", path.display()),
            #[cfg(feature = "client")]
            Content::Reader(reader) => reader.fmt(f),
        }
    }
}

/// One part, before it is written.
#[derive(Debug, Clone)]
struct Part {
    name: String,
    filename: Option<String>,
    content_type: Option<String>,
    content: Content,
}

/// A piece of a written multipart body: bytes, or a file to stream from disk (or from a
/// reader) in their midst.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// Bytes as they are sent.
    Bytes(Vec<u8>),
    /// The whole content of the file at this path.
    Path(PathBuf),
    /// The content of a reader (feature `client`).
    #[cfg(feature = "client")]
    Reader(Reader),
}

/// The parts of a `multipart/form-data` body, in the order added; hand it to
/// [`RequestBuilder::multipart`](crate::RequestBuilder::multipart), which writes it.
///
/// The first part that cannot be written (a JSON value that does not serialize, a content type
/// that is not a header value) is kept and returned when the request is built.
///
/// ```
/// use vendor_runtime::{http::Method, BaseUrl, File, Multipart, RequestBuilder};
///
/// let mut form = Multipart::new();
/// form.text("purpose", "fine-tune");
/// form.file("file", &File::from_bytes("train.jsonl", b"{}\n".to_vec()));
/// let request = RequestBuilder::new(Method::POST, &BaseUrl::parse("https://api.example.com")?, "/files")
///     .multipart(form)
///     .build()?;
/// let content_type = request.headers()["content-type"].to_str()?;
/// assert!(content_type.starts_with("multipart/form-data; boundary="));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Default)]
pub struct Multipart {
    parts: Vec<Part>,
    error: Option<RequestError>,
}

impl Multipart {
    /// No parts yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// A text field `name` holding `value` (no content type: `text/plain`, RFC 7578 §4.4).
    pub fn text(&mut self, name: &str, value: &str) -> &mut Self {
        self.push(name, None, None, Content::Bytes(value.as_bytes().to_vec()))
    }

    /// A part `name` holding `value` as JSON, with `content-type: application/json`.
    pub fn json<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) -> &mut Self {
        match serde_json::to_vec(value) {
            Ok(content) => self.push(
                name,
                None,
                Some(APPLICATION_JSON.to_owned()),
                Content::Bytes(content),
            ),
            Err(error) => {
                self.error.get_or_insert(RequestError::Body(error));
                self
            }
        }
    }

    /// A part `name` holding `value` as its JSON says: a string as text, a number or a boolean
    /// as its JSON text, an object or an array as JSON, `null` as no part (a property of the
    /// body the document does not list).
    pub fn value<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) -> &mut Self {
        match serde_json::to_value(value) {
            Ok(serde_json::Value::Null) => self,
            Ok(serde_json::Value::String(text)) => self.text(name, &text),
            Ok(scalar @ (serde_json::Value::Bool(_) | serde_json::Value::Number(_))) => {
                self.text(name, &scalar.to_string())
            }
            Ok(json) => self.json(name, &json),
            Err(error) => {
                self.error.get_or_insert(RequestError::Body(error));
                self
            }
        }
    }

    /// A file part `name`: the file's filename, content type (by default
    /// `application/octet-stream`) and bytes.
    pub fn file(&mut self, name: &str, file: &File) -> &mut Self {
        let content_type = file
            .content_type
            .clone()
            .unwrap_or_else(|| OCTET_STREAM.to_owned());
        self.push(
            name,
            file.filename.clone(),
            Some(content_type),
            file.content.clone(),
        )
    }

    fn push(
        &mut self,
        name: &str,
        filename: Option<String>,
        content_type: Option<String>,
        content: Content,
    ) -> &mut Self {
        if let Some(content_type) = &content_type {
            if http::HeaderValue::from_str(content_type).is_err() {
                self.error.get_or_insert(RequestError::InvalidHeader {
                    name: format!("content-type of part `{}`", escape(name)),
                    reason: "the value holds a control character (such as a newline), which a \
                             header cannot carry"
                        .to_owned(),
                });
                return self;
            }
        }
        self.parts.push(Part {
            name: name.to_owned(),
            filename,
            content_type,
            content,
        });
        self
    }

    /// The `content-type` header and the body as segments: the framing and the parts in
    /// memory as bytes, each file from a path as its path, for a client to stream in order.
    ///
    /// # Errors
    ///
    /// The first error met while adding parts.
    pub fn segments(self) -> Result<(String, Vec<Segment>), RequestError> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let boundary = loop {
            let candidate = random_boundary();
            let needle = format!("--{candidate}");
            let held = self.parts.iter().any(|part| match &part.content {
                Content::Bytes(bytes) => contains(bytes, needle.as_bytes()),
                // Not read here; a random boundary of 128 bits is what browsers rely on too.
                _ => false,
            });
            if !held {
                break candidate;
            }
        };
        let mut segments = Vec::new();
        let mut body = Vec::new();
        for part in self.parts {
            body.extend_from_slice(b"--");
            body.extend_from_slice(boundary.as_bytes());
            body.extend_from_slice(b"\r\ncontent-disposition: form-data; name=\"");
            body.extend_from_slice(escape(&part.name).as_bytes());
            body.push(b'"');
            if let Some(filename) = &part.filename {
                body.extend_from_slice(b"; filename=\"");
                body.extend_from_slice(escape(filename).as_bytes());
                body.push(b'"');
            }
            body.extend_from_slice(b"\r\n");
            if let Some(content_type) = &part.content_type {
                body.extend_from_slice(b"content-type: ");
                body.extend_from_slice(content_type.as_bytes());
                body.extend_from_slice(b"\r\n");
            }
            body.extend_from_slice(b"\r\n");
            match part.content {
                Content::Bytes(bytes) => body.extend_from_slice(&bytes),
                Content::Path(path) => {
                    segments.push(Segment::Bytes(std::mem::take(&mut body)));
                    segments.push(Segment::Path(path));
                }
                #[cfg(feature = "client")]
                Content::Reader(reader) => {
                    segments.push(Segment::Bytes(std::mem::take(&mut body)));
                    segments.push(Segment::Reader(reader));
                }
            }
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(b"--");
        body.extend_from_slice(boundary.as_bytes());
        body.extend_from_slice(b"--\r\n");
        segments.push(Segment::Bytes(body));
        Ok((
            format!("multipart/form-data; boundary={boundary}"),
            segments,
        ))
    }
}

const APPLICATION_JSON: &str = "application/json";
const OCTET_STREAM: &str = "application/octet-stream";

/// A name or filename as it goes between the quotes of a `content-disposition` parameter: `"`,
/// CR and LF percent-encoded (the WHATWG HTML standard's rule), the rest as it is.
pub(crate) fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => escaped.push_str("%22"),
            '\r' => escaped.push_str("%0D"),
            '\n' => escaped.push_str("%0A"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// 32 hexadecimal digits, unpredictable to whoever wrote the content: two SipHash outputs
/// keyed by the standard library's random per-process keys (`RandomState`, seeded from the
/// operating system), which it steps on each call.
fn random_boundary() -> String {
    let mut boundary = String::from("vendor-api-");
    for _ in 0..2 {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_usize(boundary.len());
        boundary.push_str(&format!("{:016x}", hasher.finish()));
    }
    boundary
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::{escape, random_boundary, File, Multipart, Segment};
    use crate::RequestError;

    /// The content type and the whole body of a form whose files are all in memory.
    fn written(form: Multipart) -> Result<(String, Vec<u8>), RequestError> {
        let (content_type, segments) = form.segments()?;
        let mut body = Vec::new();
        for segment in segments {
            match segment {
                Segment::Bytes(bytes) => body.extend_from_slice(&bytes),
                other => panic!("a file from {other:?}"),
            }
        }
        Ok((content_type, body))
    }

    #[test]
    fn names_cannot_leave_their_quotes() {
        assert_eq!(
            escape("a\"b\r\nc: d"),
            "a%22b%0D%0Ac: d",
            "quote, CR and LF are encoded"
        );
        assert_eq!(escape("résumé 履歴書.pdf"), "résumé 履歴書.pdf");
    }

    #[test]
    fn boundaries_differ_and_are_header_safe() {
        let (a, b) = (random_boundary(), random_boundary());
        assert_ne!(a, b);
        assert!(a.len() <= 70, "RFC 2046 allows 70 characters");
        assert!(a.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
    }

    #[test]
    fn writes_each_part_between_boundaries() {
        let mut form = Multipart::new();
        form.text("purpose", "batch")
            .json("meta", &serde_json::json!({"k": 1}))
            .file(
                "file",
                &File::from_bytes("x.txt", b"hi".to_vec()).content_type("text/plain"),
            );
        let (content_type, body) = written(form).unwrap();
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap();
        let expected = format!(
            "--{boundary}\r\ncontent-disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n\
             --{boundary}\r\ncontent-disposition: form-data; name=\"meta\"\r\ncontent-type: application/json\r\n\r\n{{\"k\":1}}\r\n\
             --{boundary}\r\ncontent-disposition: form-data; name=\"file\"; filename=\"x.txt\"\r\ncontent-type: text/plain\r\n\r\nhi\r\n\
             --{boundary}--\r\n"
        );
        assert_eq!(String::from_utf8(body).unwrap(), expected);
    }

    #[test]
    fn a_value_is_a_part_as_its_json_says() {
        let mut form = Multipart::new();
        for (name, value) in [
            ("s", serde_json::json!("text")),
            ("n", serde_json::json!(1.5)),
            ("b", serde_json::json!(true)),
            ("none", serde_json::Value::Null),
            ("o", serde_json::json!({"k": [1]})),
        ] {
            form.value(name, &value);
        }
        let (content_type, body) = written(form).unwrap();
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap();
        let part = |name: &str, head: &str, value: &str| {
            format!("--{boundary}\r\ncontent-disposition: form-data; name=\"{name}\"\r\n{head}\r\n{value}\r\n")
        };
        let expected = [
            part("s", "", "text"),
            part("n", "", "1.5"),
            part("b", "", "true"),
            part("o", "content-type: application/json\r\n", "{\"k\":[1]}"),
            format!("--{boundary}--\r\n"),
        ]
        .concat();
        assert_eq!(String::from_utf8(body).unwrap(), expected);
    }

    #[test]
    fn a_bad_content_type_is_an_error_that_names_the_part() {
        let mut form = Multipart::new();
        form.file(
            "file",
            &File::anonymous(b"x".to_vec()).content_type("text/plain\r\nx-evil: 1"),
        );
        let error = written(form).unwrap_err().to_string();
        assert!(error.contains("part `file`"), "{error}");
        assert!(!error.contains("x-evil"), "{error}");
    }

    #[test]
    fn a_file_from_a_path_is_a_segment_of_its_own() {
        let mut form = Multipart::new();
        form.text("a", "1")
            .file("file", &File::from_path("/data/big.bin"))
            .text("b", "2");
        let (content_type, segments) = form.segments().unwrap();
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap();
        let text = |segment: &Segment| match segment {
            Segment::Bytes(bytes) => String::from_utf8(bytes.clone()).unwrap(),
            Segment::Path(path) => format!("<{}>", path.display()),
            #[cfg(feature = "client")]
            Segment::Reader(reader) => format!("<{reader:?}>"),
        };
        let joined: String = segments.iter().map(text).collect();
        assert_eq!(segments.len(), 3);
        assert_eq!(
            joined,
            format!(
                "--{boundary}\r\ncontent-disposition: form-data; name=\"a\"\r\n\r\n1\r\n\
                 --{boundary}\r\ncontent-disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\ncontent-type: application/octet-stream\r\n\r\n</data/big.bin>\r\n\
                 --{boundary}\r\ncontent-disposition: form-data; name=\"b\"\r\n\r\n2\r\n\
                 --{boundary}--\r\n"
            )
        );
    }

    #[test]
    fn file_debug_hides_the_content() {
        let file = File::from_bytes("k.txt", b"sk-secret".to_vec());
        let shown = format!("{file:?}");
        assert!(!shown.contains("sk-secret"), "{shown}");
        assert!(shown.contains("len: 9"), "{shown}");
    }
}
