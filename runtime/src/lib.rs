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
//! - [`Unexpected`], [`parse_json`], [`is_success`], [`Response`]: responses that are not what
//!   the document promised keep their status and raw bytes, so nothing is lost.
//! - [`Object`], [`Union`], [`one_of`]: how generated structs, unions and closed
//!   enums read themselves (serde's derive, compiled once here rather than per type).
//! - [`open_enum!`]: the impls of an open string enum (one that keeps values it does not list);
//!   [`closed_enum!`]: those of a closed one (one that refuses them).
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
//!
//! # The feature `client`
//!
//! Off by default. It adds the module `client`: a `Client` per vendor (base URL, API key,
//! timeout, user agent) that sends a built request and reads the whole response, and
//! `Client::call`, which goes from an operation's request to its typed result with errors that
//! name the vendor, the operation and the status. Its dependencies:
//!
//! - `reqwest` 0.13 (default features off, `rustls-no-provider`): the most used async HTTP
//!   client, over hyper and tokio; HTTP/1.1, no proxy from the environment, no redirects.
//! - `reqwest`'s feature `stream`, `futures-util` and `tokio` (`fs`, `io-util`): an upload's
//!   files are read from disk a chunk at a time into a streamed body (`Body::wrap_stream`), so
//!   a file of any size is never held whole (`cargo xtask bench` measures a 1 GiB upload);
//!   reqwest's `stream` already brings all three.
//! - `rustls` 0.23 with the `ring` crypto provider, and `rustls-platform-verifier` 0.7 (the
//!   verifier reqwest itself uses): TLS without OpenSSL or native-tls; server certificates are
//!   checked against the system's roots.
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
mod multipart;
mod object;
mod open_enum;
mod request;
mod response;

pub use api_key::ApiKey;
pub use base_url::{BaseUrl, BaseUrlError, BaseUrlErrorKind};
pub use multipart::{File, Multipart, Segment};
pub use object::{fit, one_of, Object, Union};
pub use request::{param_text, KeyLocation, RequestBuilder, RequestError};
pub use response::{
    is_success, parse_json, reported_error, ReportedError, Response, Unexpected, UnexpectedReason,
};
