//! The async client (feature `client`): [`Client`] sends the requests that generated operations
//! build and hands back the raw response, or calls an operation from request to typed result
//! with [`Client::call`].
//!
//! ```no_run
//! use std::time::Duration;
//! use vendor_runtime::client::{Client, ClientError};
//! use vendor_runtime::{http::Method, parse_json, ApiKey, BaseUrl, RequestBuilder, Unexpected};
//!
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::builder("openrouter", BaseUrl::parse("https://openrouter.ai/api/v1")?)
//!     .api_key(ApiKey::new("sk-example"))
//!     .timeout(Duration::from_secs(30))
//!     .build()?;
//! let request = RequestBuilder::new(Method::GET, client.base_url(), "/models").build();
//! let models: Result<serde_json::Value, ClientError<Unexpected>> =
//!     client.call("list_models", request, parse_json, |error: &Unexpected| error.status).await;
//! # Ok(())
//! # }
//! ```

mod error;
mod stream;
mod upload;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http::header::HeaderValue;
use http::{HeaderMap, Request};
use rustls_platform_verifier::BuilderVerifierExt;

use futures_util::StreamExt;

use crate::{
    ApiKey, BaseUrl, ContentKind, RequestBuilder, RequestError, Unexpected, UnexpectedReason,
};

pub use error::{BuildError, ClientError, TransportError, TransportErrorKind};
pub use stream::{ByteStream, EventStream, ReadEvent, StreamError};

/// What a call of an operation gives: its success, or why it failed, with `E` the
/// operation's error type (as `std::io::Result` is for I/O).
pub type CallResult<T, E> = Result<T, ClientError<E>>;

/// The timeout of a client built without [`ClientBuilder::timeout`].
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// The idle timeout of a client built without [`ClientBuilder::idle_timeout`]: how long a
/// streamed response may send nothing.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// The `user-agent` of a client built without [`ClientBuilder::user_agent`].
pub const DEFAULT_USER_AGENT: &str = concat!("vendor-api/", env!("CARGO_PKG_VERSION"));

/// An async HTTP client for one vendor: a base URL, an optional API key, a timeout and a user
/// agent, over a pooled [`reqwest::Client`].
///
/// Cloning is cheap (two reference counts) and clones share the connection pool. `Debug` shows
/// the configuration with the key redacted. Redirects are not followed: a `3xx` comes back as
/// the response, for the operation's parse function to judge. HTTP/1.1 only; TLS by rustls with
/// the ring provider, certificates checked by the platform's verifier (the system's roots).
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    config: Arc<Config>,
}

/// What a [`Client`] was built with.
#[derive(Debug)]
struct Config {
    vendor: &'static str,
    base: BaseUrl,
    api_key: Option<ApiKey>,
    timeout: Duration,
    idle_timeout: Duration,
    user_agent: String,
}

/// Builds a [`Client`]: see [`Client::builder`].
#[derive(Debug)]
pub struct ClientBuilder {
    config: Config,
}

/// A response as it arrived: status, headers and the whole body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawResponse {
    /// The HTTP status code.
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
    /// The whole body, as received.
    pub body: Vec<u8>,
}

impl Client {
    /// Starts a client for `vendor` (a short name shown in every error, such as `"openrouter"`)
    /// at `base`. Defaults: no API key, a [`DEFAULT_TIMEOUT`] of 60 s, the
    /// [`DEFAULT_USER_AGENT`] `vendor-api/<version>`.
    pub fn builder(vendor: &'static str, base: BaseUrl) -> ClientBuilder {
        ClientBuilder {
            config: Config {
                vendor,
                base,
                api_key: None,
                timeout: DEFAULT_TIMEOUT,
                idle_timeout: DEFAULT_IDLE_TIMEOUT,
                user_agent: DEFAULT_USER_AGENT.to_owned(),
            },
        }
    }

    /// The base URL that operations are joined to.
    pub fn base_url(&self) -> &BaseUrl {
        &self.config.base
    }

    /// The API key that operations authenticate with, if any.
    pub fn api_key(&self) -> Option<&ApiKey> {
        self.config.api_key.as_ref()
    }

    /// The vendor's short name, as shown in errors.
    pub fn vendor(&self) -> &'static str {
        self.config.vendor
    }

    /// The timeout of a whole request: connecting, sending, and reading the whole body.
    pub fn timeout(&self) -> Duration {
        self.config.timeout
    }

    /// Sends `request` as it is (method, URI, every header including sensitive ones, body) and
    /// reads the whole response body. `operation` names the operation in errors.
    ///
    /// The client's `user-agent` is added unless the request has one. Any status is a response,
    /// not an error: judging it is the operation's parse function's job. A failure to connect,
    /// a timeout, or a body cut short (the connection closed before `content-length` bytes)
    /// is a [`TransportError`].
    pub async fn send(
        &self,
        operation: &'static str,
        request: Request<Vec<u8>>,
    ) -> Result<RawResponse, TransportError> {
        let host = host_of(request.uri());
        let request = reqwest::Request::try_from(request)
            .map_err(|error| self.transport_error(operation, &host, error))?;
        self.execute(operation, &host, request).await
    }

    /// Sends a request whose body is `segments` (see
    /// [`RequestBuilder::build_segments`]), each file streamed from disk as the connection
    /// takes it, with a `content-length` of the whole: an upload of a file of any size holds a
    /// few chunks of 64 KiB in memory. Otherwise as [`send`](Self::send); a file that cannot be
    /// read is a [`TransportError`] that names it.
    pub async fn send_segments(
        &self,
        operation: &'static str,
        head: Request<Vec<u8>>,
        segments: Vec<crate::Segment>,
    ) -> Result<RawResponse, TransportError> {
        let host = host_of(head.uri());
        let (body, length) = upload::body(segments).await.map_err(|error| {
            TransportError::new(
                self.config.vendor,
                operation,
                TransportErrorKind::Other,
                error.to_string(),
                Box::new(error),
            )
        })?;
        let mut request = reqwest::Request::try_from(head)
            .map_err(|error| self.transport_error(operation, &host, error))?;
        request
            .headers_mut()
            .insert(http::header::CONTENT_LENGTH, HeaderValue::from(length));
        *request.body_mut() = Some(body);
        self.execute(operation, &host, request).await
    }

    /// Executes `request` and reads the whole response, within the client's timeout for the
    /// whole request, body included (a streamed response has no such limit: `open`).
    async fn execute(
        &self,
        operation: &'static str,
        host: &str,
        mut request: reqwest::Request,
    ) -> Result<RawResponse, TransportError> {
        *request.timeout_mut() = Some(self.config.timeout);
        let response = self
            .http
            .execute(request)
            .await
            .map_err(|error| self.transport_error(operation, host, error))?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(|error| {
            let error = self.transport_error(operation, host, error);
            match error.kind() {
                TransportErrorKind::Timeout => error,
                _ => error.into_body_error(),
            }
        })?;
        Ok(RawResponse {
            status,
            headers,
            body: body.to_vec(),
        })
    }

    /// Sends the request an operation built and parses the response with the operation's parse
    /// function: the whole of a generated client method.
    ///
    /// A `request` that failed to build gives [`ClientError::Request`], a transport failure
    /// [`ClientError::Transport`], and a parse error [`ClientError::Api`] with the status
    /// `status` reads off the error (a generated error's `status` method), which may be 200
    /// when a vendor reports failures inside a success body.
    pub async fn call<T, E>(
        &self,
        operation: &'static str,
        request: Result<Request<Vec<u8>>, RequestError>,
        parse: impl FnOnce(u16, &HeaderMap, &[u8]) -> Result<T, E>,
        status: impl FnOnce(&E) -> u16,
    ) -> CallResult<T, E> {
        let vendor = self.config.vendor;
        let request = request.map_err(|source| ClientError::request(vendor, operation, source))?;
        let response = self.send(operation, request).await?;
        parse(response.status, &response.headers, &response.body).map_err(|error| {
            let status = status(&error);
            ClientError::api(vendor, operation, status, error)
        })
    }

    /// Sends the request of an operation whose success is an event stream, and gives its
    /// items as they arrive, each event read by `read` (the document's item type and
    /// sentinel). Until the response's headers, the client's timeout applies; then each wait
    /// for bytes is limited by its idle timeout, not the whole stream. Dropping the stream
    /// cancels the request.
    ///
    /// A response that is not a success event stream is read whole and parsed by `parse`:
    /// its error, or, for a success of another kind, an [`Unexpected`] that keeps it.
    ///
    /// # Errors
    ///
    /// As [`Client::call`].
    pub async fn stream<T, S, E>(
        &self,
        operation: &'static str,
        request: Result<Request<Vec<u8>>, RequestError>,
        parse: impl FnOnce(u16, &HeaderMap, &[u8]) -> Result<S, E>,
        status: impl FnOnce(&E) -> u16,
        read: ReadEvent<T>,
    ) -> CallResult<EventStream<T>, E>
    where
        T: Send + 'static,
        E: From<Unexpected>,
    {
        let (response, idle) = self.open(operation, request).await?;
        let streams = crate::is_success(response.status().as_u16())
            && content_kind(response.headers()) == Some(ContentKind::Events);
        if streams {
            return Ok(EventStream::new(self.body(operation, response), idle, read));
        }
        Err(self
            .whole(operation, response, parse, status, "an event stream")
            .await)
    }

    /// Sends the request of an operation whose success is bytes (a download), and gives them
    /// chunk by chunk as they arrive, never whole; each wait for bytes is limited by the idle
    /// timeout. A response that is not a success is read whole and parsed by `parse`.
    ///
    /// # Errors
    ///
    /// As [`Client::call`].
    pub async fn download<S, E>(
        &self,
        operation: &'static str,
        request: Result<Request<Vec<u8>>, RequestError>,
        parse: impl FnOnce(u16, &HeaderMap, &[u8]) -> Result<S, E>,
        status: impl FnOnce(&E) -> u16,
    ) -> CallResult<ByteStream, E>
    where
        E: From<Unexpected>,
    {
        let (response, idle) = self.open(operation, request).await?;
        if crate::is_success(response.status().as_u16()) {
            return Ok(ByteStream::new(self.body(operation, response), idle));
        }
        Err(self
            .whole(operation, response, parse, status, "bytes")
            .await)
    }

    /// Sends `request` and waits for the response's headers, within the client's timeout.
    async fn open<E>(
        &self,
        operation: &'static str,
        request: Result<Request<Vec<u8>>, RequestError>,
    ) -> Result<(reqwest::Response, Duration), ClientError<E>> {
        let vendor = self.config.vendor;
        let request = request.map_err(|source| ClientError::request(vendor, operation, source))?;
        let host = host_of(request.uri());
        let request = reqwest::Request::try_from(request)
            .map_err(|error| self.transport_error(operation, &host, error))?;
        let timeout = self.config.timeout;
        let response = tokio::time::timeout(timeout, self.http.execute(request))
            .await
            .map_err(|elapsed| self.timed_out(operation, elapsed))?
            .map_err(|error| self.transport_error(operation, &host, error))?;
        Ok((response, self.config.idle_timeout))
    }

    /// The body of `response` as it arrives, its errors made transport errors.
    fn body(&self, operation: &'static str, response: reqwest::Response) -> stream::Body {
        let client = self.clone();
        let host = host_of(&response.url().as_str().parse().unwrap_or_default());
        Box::pin(response.bytes_stream().map(move |chunk| {
            chunk.map_err(|error| {
                client
                    .transport_error(operation, &host, error)
                    .into_body_error()
            })
        }))
    }

    /// A response that is not what a streaming call expected, read whole: the operation's
    /// error, or, for a success of another kind than `expected`, an [`Unexpected`].
    async fn whole<S, E>(
        &self,
        operation: &'static str,
        response: reqwest::Response,
        parse: impl FnOnce(u16, &HeaderMap, &[u8]) -> Result<S, E>,
        status: impl FnOnce(&E) -> u16,
        expected: &str,
    ) -> ClientError<E>
    where
        E: From<Unexpected>,
    {
        let vendor = self.config.vendor;
        let code = response.status().as_u16();
        let headers = response.headers().clone();
        let host = host_of(&response.url().as_str().parse().unwrap_or_default());
        let timeout = self.config.timeout;
        let body = match tokio::time::timeout(timeout, response.bytes()).await {
            Ok(Ok(body)) => body,
            Ok(Err(error)) => {
                return self
                    .transport_error(operation, &host, error)
                    .into_body_error()
                    .into()
            }
            Err(elapsed) => return self.timed_out(operation, elapsed).into(),
        };
        let error = match parse(code, &headers, &body) {
            Err(error) => error,
            Ok(_) => E::from(Unexpected {
                status: code,
                body: body.to_vec(),
                reason: UnexpectedReason::Unparsable(format!(
                    "{expected} was asked for, and the success response is not one"
                )),
            }),
        };
        let status = status(&error);
        ClientError::api(vendor, operation, status, error)
    }

    /// [`call`](Self::call) for a request that may upload files from disk: the builder's
    /// body is sent as segments ([`send_segments`](Self::send_segments)), each file streamed.
    /// What a generated client method of an operation with a multipart body calls.
    pub async fn call_streamed<T, E>(
        &self,
        operation: &'static str,
        request: Result<RequestBuilder, RequestError>,
        parse: impl FnOnce(u16, &HeaderMap, &[u8]) -> Result<T, E>,
        status: impl FnOnce(&E) -> u16,
    ) -> CallResult<T, E> {
        let vendor = self.config.vendor;
        let (head, segments) = request
            .and_then(RequestBuilder::build_segments)
            .map_err(|source| ClientError::request(vendor, operation, source))?;
        let response = self.send_segments(operation, head, segments).await?;
        parse(response.status, &response.headers, &response.body).map_err(|error| {
            let status = status(&error);
            ClientError::api(vendor, operation, status, error)
        })
    }

    /// The [`TransportError`] of a wait that outlasted the client's timeout.
    fn timed_out(
        &self,
        operation: &'static str,
        elapsed: tokio::time::error::Elapsed,
    ) -> TransportError {
        let message = format!("timed out after {}", format_duration(self.config.timeout));
        let kind = TransportErrorKind::Timeout;
        TransportError::new(
            self.config.vendor,
            operation,
            kind,
            message,
            Box::new(elapsed),
        )
    }

    /// A [`TransportError`] for `error`, with the URL (whose query may hold a key) left out.
    fn transport_error(
        &self,
        operation: &'static str,
        host: &str,
        error: reqwest::Error,
    ) -> TransportError {
        let error = error.without_url();
        let (kind, message) = if error.is_timeout() {
            let timeout = format_duration(self.config.timeout);
            (
                TransportErrorKind::Timeout,
                format!("timed out after {timeout}"),
            )
        } else if error.is_connect() {
            let chain = error_chain(&error);
            (
                TransportErrorKind::Connect,
                format!("could not connect to {host}: {chain}"),
            )
        } else if error.is_body() || error.is_decode() {
            let chain = error_chain(&error);
            (
                TransportErrorKind::Body,
                format!("the response body could not be read: {chain}"),
            )
        } else {
            let chain = error_chain(&error);
            (
                TransportErrorKind::Other,
                format!("the request failed: {chain}"),
            )
        };
        TransportError::new(
            self.config.vendor,
            operation,
            kind,
            message,
            Box::new(error),
        )
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Config {
            vendor,
            base,
            api_key,
            timeout,
            idle_timeout,
            user_agent,
        } = &*self.config;
        f.debug_struct("Client")
            .field("vendor", vendor)
            .field("base_url", &base.as_str())
            .field("api_key", api_key)
            .field("timeout", timeout)
            .field("idle_timeout", idle_timeout)
            .field("user_agent", user_agent)
            .finish()
    }
}

impl ClientBuilder {
    /// Authenticates every operation with `key` (how depends on the operation's security
    /// scheme, usually `authorization: Bearer <key>`).
    pub fn api_key(mut self, key: ApiKey) -> Self {
        self.config.api_key = Some(key);
        self
    }

    /// Fails a request that takes longer than `timeout`, from connecting to the end of the
    /// body, with a [`TransportErrorKind::Timeout`]. Must not be zero.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.config.timeout = timeout;
        self
    }

    /// Ends a streamed response ([`Client::stream`], [`Client::download`]) that sends no
    /// bytes for `idle`, with [`StreamError::Idle`]. Must not be zero.
    pub fn idle_timeout(mut self, idle: Duration) -> Self {
        self.config.idle_timeout = idle;
        self
    }

    /// The `user-agent` header of requests that do not set one; must be a valid header value.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.config.user_agent = user_agent.into();
        self
    }

    /// Builds the client: fails on a zero timeout, a user agent that is not a valid header
    /// value, or a TLS set-up that fails (no usable platform verifier).
    pub fn build(self) -> Result<Client, BuildError> {
        let Self { config } = self;
        let vendor = config.vendor;
        for (name, timeout) in [
            ("timeout", config.timeout),
            ("idle timeout", config.idle_timeout),
        ] {
            if timeout.is_zero() {
                return Err(BuildError::new(
                    vendor,
                    format!("the {name} is zero; give a positive duration"),
                    None,
                ));
            }
        }
        let user_agent = HeaderValue::from_str(&config.user_agent).map_err(|error| {
            let message = format!(
                "the user agent {:?} is not a valid header value (visible ASCII and spaces only)",
                config.user_agent
            );
            BuildError::new(vendor, message, Some(Box::new(error)))
        })?;
        let tls_error = |error: rustls::Error| {
            let message = "the TLS configuration could not be built".to_owned();
            BuildError::new(vendor, message, Some(Box::new(error)))
        };
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(tls_error)?
            .with_platform_verifier()
            .map_err(tls_error)?
            .with_no_client_auth();
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .user_agent(user_agent)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|error| {
                let message = "the HTTP client could not be built".to_owned();
                BuildError::new(vendor, message, Some(Box::new(error)))
            })?;
        Ok(Client {
            http,
            config: Arc::new(config),
        })
    }
}

/// `host:port` of `uri` (never its user info, path or query), for connection errors.
fn host_of(uri: &http::Uri) -> String {
    match (uri.host(), uri.port_u16()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_owned(),
        (None, _) => "the server".to_owned(),
    }
}

/// The messages of `error`'s sources below reqwest's own wrappers (which only say "error
/// sending request"), joined by `": "`, each message once; reqwest's message if none is left.
fn error_chain(error: &reqwest::Error) -> String {
    let mut messages: Vec<String> = Vec::new();
    let mut next: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(current) = next {
        if !current.is::<reqwest::Error>() {
            let message = current.to_string();
            if !messages.iter().any(|seen| seen.contains(&message)) {
                messages.push(message);
            }
        }
        next = current.source();
    }
    if messages.is_empty() {
        error.to_string()
    } else {
        messages.join(": ")
    }
}

/// The kind of body the `content-type` of `headers` names, if any.
fn content_kind(headers: &HeaderMap) -> Option<ContentKind> {
    let value = headers.get(http::header::CONTENT_TYPE)?;
    Some(ContentKind::of(&String::from_utf8_lossy(value.as_bytes())))
}

/// `60 s`, `1.5 s`, `200 ms`: a timeout as people write it.
fn format_duration(duration: Duration) -> String {
    if duration.subsec_nanos() == 0 {
        format!("{} s", duration.as_secs())
    } else if duration < Duration::from_secs(1) {
        format!("{} ms", duration.as_millis())
    } else {
        format!("{} s", duration.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::{format_duration, host_of};

    #[test]
    fn durations_read_as_people_write_them() {
        assert_eq!(format_duration(Duration::from_secs(60)), "60 s");
        assert_eq!(format_duration(Duration::from_millis(200)), "200 ms");
        assert_eq!(format_duration(Duration::from_millis(1500)), "1.5 s");
    }

    #[test]
    fn host_leaves_out_user_info_path_and_query() {
        let uri = "https://user:sk-secret@example.com:8443/v1?key=sk-other"
            .parse()
            .unwrap();
        assert_eq!(host_of(&uri), "example.com:8443");
        assert_eq!(host_of(&"http://localhost/x".parse().unwrap()), "localhost");
    }
}
