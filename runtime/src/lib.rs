//! The hand-written runtime of the generated vendor APIs (`vendor-api`).
//!
//! Generated code calls this crate to turn a typed request into an [`http::Request`] and a
//! response's status and bytes back into typed values. By default it is sans-IO: no sockets, no
//! files, no async. Bring any HTTP client, send the [`http::Request<Vec<u8>>`] that
//! [`RequestBuilder::build`] gives, and hand the status and body bytes to [`parse_json`] (or the
//! generated parse function of the operation). Or turn on the feature `client` for an async
//! client that does the sending (`client::Client`, below).
//!
//! - [`BaseUrl`]: where an API lives (`https://openrouter.ai/api/v1`, a proxy, a local server).
//! - [`ApiKey`]: a secret that never shows in `Debug` output or in an error of this crate.
//! - [`RequestBuilder`]: method, path template and parameters in, [`http::Request`] out, with
//!   every path parameter percent-encoded into its own segment; JSON, form, text and binary
//!   bodies, and [`Multipart`] bodies with [`File`] parts (`multipart/form-data`).
//! - [`Unexpected`], [`parse_json`], [`is_success`]: responses that are not what the document
//!   promised keep their status and raw bytes, so nothing is lost.
//! - [`parse_text`], [`Content`], [`sse`]: text bodies by their charset, bodies of several
//!   media types, and event streams decoded incrementally from bytes fed as they come.
//!
//! The rest of its public items are plumbing that generated code calls, hidden from these docs
//! and not meant to be called by hand: the macro `object!` with `Fields`, `read_object`,
//! `field`, `take`, `keep` and their kin, `Union` with `Shape` and `fit`, `one_of` and
//! `read_str` (how generated structs, unions and enums read themselves: the steps of serde's
//! derive, compiled once here rather than per type), `Response`, `reported_error` and
//! `param_text` (the steps of a generated `parse_response` and `to_http`), and the macros
//! `open_enum!` and `closed_enum!` (the impls of an open and a closed string enum).
//!
//! ```
//! use vendor_runtime::{http, http::Method, is_success, parse_json, ApiKey, BaseUrl, RequestBuilder};
//!
//! #[derive(Debug, serde::Deserialize)]
//! struct Deleted {
//!     id: String,
//! }
//!
//! let base: BaseUrl = "https://open.bigmodel.cn/api/".parse()?;
//! let request = RequestBuilder::new(Method::DELETE, &base, "/paas/v4/files/{file_id}")
//!     .path_param("file_id", "file-123")
//!     .bearer(&ApiKey::new("sk-example"))
//!     .build()?;
//! assert_eq!(request.uri(), "https://open.bigmodel.cn/api/paas/v4/files/file-123");
//!
//! // Send `request` with any HTTP client; then, with the status, headers and body it returns:
//! let (status, headers, body) = (200, http::HeaderMap::new(), br#"{"id":"file-123"}"#);
//! assert!(is_success(status));
//! let deleted: Deleted = parse_json(status, &headers, body)?;
//! assert_eq!(deleted.id, "file-123");
//!
//! let error = parse_json::<Deleted>(502, &headers, b"<html>Bad Gateway</html>").unwrap_err();
//! assert_eq!(error.body, b"<html>Bad Gateway</html>");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Dependencies, and why each is here
//!
//! - `http`: the vocabulary types every Rust HTTP client shares (`Request`, `Method`,
//!   `HeaderMap`, `Uri`); it also validates URIs, header names and header values, so this crate
//!   does not hand-write those rules. Re-exported as [`http`](mod@http) so users and generated
//!   code need no direct dependency.
//! - `percent-encoding`: encodes a path parameter as exactly one path segment (everything but
//!   RFC 3986 unreserved characters is escaped).
//! - `form_urlencoded`: encodes query names and values (see [`RequestBuilder::query`] for the
//!   `%20` choice) and `application/x-www-form-urlencoded` bodies
//!   ([`RequestBuilder::form_body`]).
//!
//! No crate writes `multipart/form-data` here: [`Multipart`] is written by this crate (one
//! loop, RFC 7578). The crates looked at, as of their latest releases: `common-multipart-rfc7578`
//! 0.7 and `mpart-async` 0.7 both write a name and a filename between quotes as they are, so a
//! filename holding `"` or CR LF ends its parameter or adds a header (an injection this crate
//! must refuse), produce a `futures` stream rather than bytes (sans-IO wants a `Vec<u8>`), and
//! bring `rand`, `mime_guess` (and tokio for mpart-async's files); `multipart` 0.18 is
//! unmaintained since 2021 and drags in hyper 0.10 and iron; reqwest's `multipart` is its
//! client's alone, with no way to get the bytes. What is written by hand is only the framing;
//! names are escaped as the WHATWG HTML standard says, and the tests read the bodies back with
//! an independent parser (`multer`).
//! - `serde`, `serde_json`: JSON request bodies and typed JSON responses.
//! - `encoding_rs`: text responses decoded by the `charset` their `content-type` names, as
//!   browsers do (the WHATWG Encoding Standard's labels and decoders), with nothing replaced.
//! - `sseer` (default features off: no client, no async runtime) and `bytes`, its buffer: the
//!   lines of an event stream ([`sse`]), split across CR, LF and CRLF in chunks cut anywhere.
//!   sseer keeps its event builder private and its stream adapter needs a `Stream` to poll,
//!   so [`sse::Decoder`] assembles events from its line parser, sans-IO.
//! - `httpdate`: a `Retry-After` that is an HTTP-date ([`retry_after`]); hyper brings it
//!   already, and it is the parser hyper and reqwest use for dates.
//!
//! # The feature `client`
//!
//! Off by default. It adds the module `client`: a `Client` per vendor (base URL, API key,
//! timeout, user agent, retries, its own or the user's `reqwest::Client`) that sends a built
//! request and reads the whole response, and `Client::call`, which goes from an operation's
//! request to its typed result with its status and headers, or an error that names the vendor,
//! the operation, the status and the server's message. Its dependencies:
//!
//! - `backon` 1.6 (default features off: no sleeper, no blocking; its one dependency,
//!   `fastrand`, was in the tree): the retries' schedule, an exponential backoff with jitter
//!   and a bounded count, from a maintained crate made for it rather than by hand; the client
//!   decides whether to retry at all and honours `Retry-After`, which backon's `Retryable`
//!   would only see as an error.
//! - `reqwest` 0.13 (default features off, `rustls-no-provider`): the most used async HTTP
//!   client, over hyper and tokio; HTTP/1.1, no proxy from the environment, no redirects.
//! - `reqwest`'s feature `stream`, `futures-util` and `tokio` (`fs`, `io-util`): an upload's
//!   files are read from disk, or from their `tokio::io::AsyncRead` (`File::from_reader`), a
//!   chunk at a time into a streamed body (`Body::wrap_stream`), so a file of any size is never
//!   held whole (`cargo xtask bench` measures a 1 GiB upload); reqwest's `stream` already
//!   brings all three.
//! - `rustls` 0.23 with the `ring` crypto provider, and `rustls-platform-verifier` 0.7 (the
//!   verifier reqwest itself uses): TLS without OpenSSL or native-tls; server certificates are
//!   checked against the system's roots.
//! - `futures-core`, `futures-util` (default features off), `tokio` (`time` only; reqwest
//!   runs on tokio already) and reqwest's `stream` feature: streamed responses
//!   (`client::EventStream`, `client::ByteStream`) are `Stream`s, built with
//!   `futures_util::stream::unfold`, each wait for bytes bounded by `tokio::time::timeout`
//!   (the idle timeout).
//!
//! Why ring rather than reqwest's default provider, aws-lc-rs: both build here with only a Rust
//! toolchain and gcc (no cmake, no nasm), but aws-lc-sys compiles a large C library. Measured
//! cold `cargo build` of a one-line binary on the 2-core CI machine: reqwest 0.13 `rustls`
//! (aws-lc-rs) 131 s of CPU (1 min 44 s wall); reqwest 0.13 `rustls-no-provider` + ring 87 s
//! of CPU; reqwest 0.12 `rustls-tls` (ring, webpki-roots) 87 s too, on an older major. So: the
//! current reqwest, with ring. Cold `cargo build -p vendor-runtime --features client`: 112 s of
//! CPU (1 min 57 s wall on a loaded machine), against 20 s of CPU (11 s wall) without the
//! feature. The ring provider is handed to reqwest in a preconfigured `rustls::ClientConfig`, so
//! the client installs no process-wide default provider.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub use http;

#[cfg(feature = "client")]
pub mod client;

mod api_key;
mod base_url;
mod closed_enum;
mod form;
mod lenient;
mod meta;
mod multipart;
mod object;
mod open_enum;
mod request;
mod response;
pub mod sse;
mod union;

pub use api_key::ApiKey;
pub use base_url::{BaseUrl, BaseUrlError, BaseUrlErrorKind};
pub use lenient::{collect, Deviation, DeviationKind};
pub use meta::{retry_after, ResponseMeta, WithMeta};
#[cfg(feature = "client")]
pub use multipart::Reader;
pub use multipart::{File, Multipart, Segment};
pub use request::{KeyLocation, RequestBuilder, RequestError};
pub use response::{
    is_success, message_in, parse_events, parse_json, parse_text, ApiError, Content, ContentKind,
    NoJson, ReportedError, Unexpected, UnexpectedReason,
};

// Plumbing of generated code: public, since generated code calls it, but out of the docs.
#[doc(hidden)]
pub use closed_enum::one_of;
#[doc(hidden)]
pub use object::{deny, field, keep, keep_as, next_key, read_object, read_str, take, Fields, Key};
#[doc(hidden)]
pub use request::param_text;
#[doc(hidden)]
pub use response::{message_of, one_line, reported_error, summary, Response};
#[doc(hidden)]
pub use union::{fit, Shape, Union};
