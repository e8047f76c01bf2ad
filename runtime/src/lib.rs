//! The hand-written runtime of the generated vendor APIs (`vendor-api`).
//!
//! Generated code calls this crate to turn a typed request into an [`http::Request`] and a
//! response's status and bytes back into typed values. It is sans-IO: no sockets, no files, no
//! async. Bring any HTTP client, send the [`http::Request<Vec<u8>>`] that
//! [`RequestBuilder::build`] gives, and hand the status and body bytes to [`parse_json`] (or the
//! generated parse function of the operation).
//!
//! - [`BaseUrl`]: where an API lives (`https://openrouter.ai/api/v1`, a proxy, a local server).
//! - [`ApiKey`]: a secret that never shows in `Debug` output or in an error of this crate.
//! - [`RequestBuilder`]: method, path template and parameters in, [`http::Request`] out, with
//!   every path parameter percent-encoded into its own segment.
//! - [`Unexpected`], [`parse_json`], [`is_success`]: responses that are not what the document
//!   promised keep their status and raw bytes, so nothing is lost.
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
//!   `%20` choice).
//! - `serde`, `serde_json`: JSON request bodies and typed JSON responses.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub use http;

mod api_key;
mod base_url;
mod request;
mod response;

pub use api_key::ApiKey;
pub use base_url::{BaseUrl, BaseUrlError, BaseUrlErrorKind};
pub use request::{KeyLocation, RequestBuilder, RequestError};
pub use response::{
    is_success, parse_json, reported_error, ReportedError, Unexpected, UnexpectedReason,
};
