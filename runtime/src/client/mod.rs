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
//! let models: Result<_, ClientError<Unexpected>> =
//!     client.call("list_models", request, parse_json::<serde_json::Value>).await;
//! # Ok(())
//! # }
//! ```

mod error;
mod retry;
mod stream;
mod upload;

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use http::header::HeaderValue;
use http::{HeaderMap, Request};
use rustls_platform_verifier::BuilderVerifierExt;

use futures_util::StreamExt;

use crate::{
    ApiError, ApiKey, BaseUrl, BaseUrlError, ContentKind, RequestBuilder, RequestError,
    ResponseMeta, Unexpected, UnexpectedReason, WithMeta,
};

/// The reqwest the client sends with, for [`ClientBuilder::http_client`]: a
/// `reqwest::Client` of this version.
pub use reqwest;

pub use error::{BuildError, ClientError, TransportError, TransportErrorKind};
pub use retry::Retry;
pub use stream::{ByteStream, EventStream, ReadEvent, StrayEvent, StreamError};

/// What a call of an operation gives: its success with the response's status and headers
/// ([`WithMeta`], which dereferences to the success), or why it failed, with `E` the
/// operation's error type (as `std::io::Result` is for I/O).
pub type CallResult<T, E> = Result<WithMeta<T>, ClientError<E>>;

/// The timeout of a client built without [`ClientBuilder::timeout`].
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// The idle timeout of a client built without [`ClientBuilder::idle_timeout`]: how long a
/// streamed response may send nothing.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// The `user-agent` of a client built without [`ClientBuilder::user_agent`].
pub const DEFAULT_USER_AGENT: &str = concat!("vendor-api/", env!("CARGO_PKG_VERSION"));

/// An async HTTP client for one vendor: a base URL, an optional API key, a timeout, a user
/// agent and a retry policy, over a pooled [`reqwest::Client`] (its own, or the one given to
/// [`ClientBuilder::http_client`]).
///
/// Cloning is cheap (two reference counts) and clones share the connection pool. `Debug` shows
/// the configuration with the key redacted. With its own `reqwest::Client`, redirects are not
/// followed (a `3xx` comes back as the response, for the operation's parse function to
/// judge), HTTP/1.1 only, TLS by rustls with the ring provider, certificates checked by the
/// platform's verifier (the system's roots).
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
    user_agent: HeaderValue,
    retry: Option<Retry>,
}

/// Builds a [`Client`] (see [`Client::builder`]), or a generated module's client, `C`, which
/// wraps one: `openrouter::Client::builder().api_key(key).build()?`.
pub struct ClientBuilder<C = Client> {
    vendor: &'static str,
    base: Result<BaseUrl, BaseUrlError>,
    api_key: Option<ApiKey>,
    timeout: Duration,
    idle_timeout: Duration,
    user_agent: String,
    retry: Option<Retry>,
    http: Option<reqwest::Client>,
    client: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("vendor", &self.vendor)
            .field("base_url", &self.base.as_ref().map(BaseUrl::as_str))
            .field("api_key", &self.api_key)
            .field("timeout", &self.timeout)
            .field("idle_timeout", &self.idle_timeout)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("http_client", &self.http.is_some())
            .finish()
    }
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
    /// [`DEFAULT_USER_AGENT`] `vendor-api/<version>`, no retries, a `reqwest::Client` of its
    /// own.
    pub fn builder(vendor: &'static str, base: BaseUrl) -> ClientBuilder {
        ClientBuilder::new(vendor, base)
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
        let request = self.prepare(operation, &host, request)?;
        self.execute(operation, &host, request).await
    }

    /// `request` as reqwest sends it, with the client's `user-agent` unless it has one.
    fn prepare(
        &self,
        operation: &'static str,
        host: &str,
        mut request: Request<Vec<u8>>,
    ) -> Result<reqwest::Request, TransportError> {
        request
            .headers_mut()
            .entry(http::header::USER_AGENT)
            .or_insert_with(|| self.config.user_agent.clone());
        reqwest::Request::try_from(request)
            .map_err(|error| self.transport_error(operation, host, error))
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
        let mut request = self.prepare(operation, &host, head)?;
        request
            .headers_mut()
            .insert(http::header::CONTENT_LENGTH, HeaderValue::from(length));
        *request.body_mut() = Some(body);
        self.execute(operation, &host, request).await
    }

    /// Executes `request` and reads the whole response, within the client's timeout for each
    /// attempt, body included (a streamed response has no such limit: `open`), retrying as
    /// the client's policy says.
    async fn execute(
        &self,
        operation: &'static str,
        host: &str,
        request: reqwest::Request,
    ) -> Result<RawResponse, TransportError> {
        self.retrying(request, |request| {
            self.execute_once(operation, host, request)
        })
        .await
    }

    /// One attempt of [`execute`](Self::execute).
    async fn execute_once(
        &self,
        operation: &'static str,
        host: &str,
        mut request: reqwest::Request,
    ) -> Result<RawResponse, Failed> {
        *request.timeout_mut() = Some(self.config.timeout);
        let response = self
            .http
            .execute(request)
            .await
            .map_err(|error| Failed::before(self.transport_error(operation, host, error)))?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(|error| {
            let error = self.transport_error(operation, host, error);
            Failed::after(match error.kind() {
                TransportErrorKind::Timeout => error,
                _ => error.into_body_error(),
            })
        })?;
        Ok(RawResponse {
            status,
            headers,
            body: body.to_vec(),
        })
    }

    /// Sends `request` by `attempt` until it is done, as the client's [`Retry`] policy says:
    /// again after a `429` or `503`, or a failure before any response, while attempts and
    /// time are left, if the request may be repeated (its method, and a body that can be sent
    /// again); each wait the backoff's or `Retry-After`, whichever is longer.
    async fn retrying<R, F, Fut>(
        &self,
        request: reqwest::Request,
        mut attempt: F,
    ) -> Result<R, TransportError>
    where
        R: Head,
        F: FnMut(reqwest::Request) -> Fut,
        Fut: Future<Output = Result<R, Failed>>,
    {
        let Some(policy) = &self.config.retry else {
            return attempt(request).await.map_err(|failed| failed.error);
        };
        let repeatable = policy.may_repeat(request.method(), request.headers());
        let started = Instant::now();
        let mut schedule = policy.schedule();
        let mut request = request;
        loop {
            let spare = if repeatable {
                request.try_clone()
            } else {
                None
            };
            let outcome = attempt(request).await;
            let asked = match &outcome {
                Ok(response) if retry::is_retried_status(response.status()) => {
                    Some(crate::retry_after(response.headers(), SystemTime::now()))
                }
                Err(failed) if failed.before_response => Some(None),
                _ => None,
            };
            let wait = match (asked, spare) {
                (Some(asked), Some(spare)) => schedule
                    .next()
                    .and_then(|next| policy.wait(next, asked, started.elapsed()))
                    .map(|wait| (wait, spare)),
                _ => None,
            };
            let Some((wait, spare)) = wait else {
                return outcome.map_err(|failed| failed.error);
            };
            drop(outcome);
            tokio::time::sleep(wait).await;
            request = spare;
        }
    }

    /// Sends the request an operation built and parses the response with the operation's parse
    /// function: the whole of a generated client method.
    ///
    /// A `request` that failed to build gives [`ClientError::Request`], a transport failure
    /// [`ClientError::Transport`], and a parse error [`ClientError::Api`] with the error's
    /// status ([`ApiError::status`], which may be 200 when a vendor reports failures inside a
    /// success body) and the response's headers. The success comes with its status and
    /// headers too.
    pub async fn call<T, E: ApiError>(
        &self,
        operation: &'static str,
        request: Result<Request<Vec<u8>>, RequestError>,
        parse: impl FnOnce(u16, &HeaderMap, &[u8]) -> Result<T, E>,
    ) -> CallResult<T, E> {
        let vendor = self.config.vendor;
        let request = request.map_err(|source| ClientError::request(vendor, operation, source))?;
        let response = self.send(operation, request).await?;
        self.parsed(operation, response, parse)
    }

    /// `response` parsed by `parse`, with its status and headers on either side.
    fn parsed<T, E: ApiError>(
        &self,
        operation: &'static str,
        response: RawResponse,
        parse: impl FnOnce(u16, &HeaderMap, &[u8]) -> Result<T, E>,
    ) -> CallResult<T, E> {
        let RawResponse {
            status,
            headers,
            body,
        } = response;
        let (parsed, meta) = ResponseMeta::read(status, headers, &body, parse);
        match parsed {
            Ok(value) => Ok(WithMeta::new(value, meta)),
            Err(error) => Err(ClientError::api(self.config.vendor, operation, error, meta)),
        }
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
        read: ReadEvent<T>,
    ) -> CallResult<EventStream<T>, E>
    where
        T: Send + 'static,
        E: ApiError + From<Unexpected>,
    {
        let (response, idle) = self.open(operation, request).await?;
        let streams = crate::is_success(response.status().as_u16())
            && content_kind(response.headers()) == Some(ContentKind::Events);
        if streams {
            let meta = ResponseMeta::new(response.status().as_u16(), response.headers().clone());
            let events = EventStream::new(self.body(operation, response), idle, read);
            return Ok(WithMeta::new(events, meta));
        }
        Err(self
            .whole(operation, response, parse, "an event stream")
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
    ) -> CallResult<ByteStream, E>
    where
        E: ApiError + From<Unexpected>,
    {
        let (response, idle) = self.open(operation, request).await?;
        if crate::is_success(response.status().as_u16()) {
            let meta = ResponseMeta::new(response.status().as_u16(), response.headers().clone());
            let chunks = ByteStream::new(self.body(operation, response), idle);
            return Ok(WithMeta::new(chunks, meta));
        }
        Err(self.whole(operation, response, parse, "bytes").await)
    }

    /// Sends `request` and waits for the response's headers, within the client's timeout for
    /// each attempt, retrying as the client's policy says (a retried response is dropped
    /// unread).
    async fn open<E>(
        &self,
        operation: &'static str,
        request: Result<Request<Vec<u8>>, RequestError>,
    ) -> Result<(reqwest::Response, Duration), ClientError<E>> {
        let vendor = self.config.vendor;
        let request = request.map_err(|source| ClientError::request(vendor, operation, source))?;
        let host = host_of(request.uri());
        let request = self.prepare(operation, &host, request)?;
        let timeout = self.config.timeout;
        let host = host.as_str();
        let response = self
            .retrying(request, |request| async move {
                tokio::time::timeout(timeout, self.http.execute(request))
                    .await
                    .map_err(|elapsed| Failed::before(self.timed_out(operation, elapsed)))?
                    .map_err(|error| Failed::before(self.transport_error(operation, host, error)))
            })
            .await?;
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
        expected: &str,
    ) -> ClientError<E>
    where
        E: ApiError + From<Unexpected>,
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
        let (parsed, meta) = ResponseMeta::read(code, headers, &body, parse);
        let error = match parsed {
            Err(error) => error,
            Ok(_) => E::from(Unexpected {
                status: code,
                body: body.to_vec(),
                reason: UnexpectedReason::Unparsable(format!(
                    "{expected} was asked for, and the success response is not one"
                )),
            }),
        };
        ClientError::api(vendor, operation, error, meta)
    }

    /// [`call`](Self::call) for a request that may upload files from disk: the builder's
    /// body is sent as segments ([`send_segments`](Self::send_segments)), each file streamed.
    /// What a generated client method of an operation with a multipart body calls.
    pub async fn call_streamed<T, E: ApiError>(
        &self,
        operation: &'static str,
        request: Result<RequestBuilder, RequestError>,
        parse: impl FnOnce(u16, &HeaderMap, &[u8]) -> Result<T, E>,
    ) -> CallResult<T, E> {
        let vendor = self.config.vendor;
        let (head, segments) = request
            .and_then(RequestBuilder::build_segments)
            .map_err(|source| ClientError::request(vendor, operation, source))?;
        let response = self.send_segments(operation, head, segments).await?;
        self.parsed(operation, response, parse)
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
            retry,
        } = &*self.config;
        f.debug_struct("Client")
            .field("vendor", vendor)
            .field("base_url", &base.as_str())
            .field("api_key", api_key)
            .field("timeout", timeout)
            .field("idle_timeout", idle_timeout)
            .field("user_agent", user_agent)
            .field("retry", retry)
            .finish()
    }
}

impl<C> ClientBuilder<C> {
    /// Starts a client for `vendor` at `base`: the defaults of [`Client::builder`].
    pub fn new(vendor: &'static str, base: BaseUrl) -> Self {
        Self::starting(vendor, Ok(base))
    }

    /// Starts a client for `vendor` at the server a document names, `url`: a generated
    /// client's `builder()`. A `url` that is not a base URL fails [`build`](Self::build)
    /// unless [`base_url`](Self::base_url) replaces it.
    #[doc(hidden)]
    pub fn at_server(vendor: &'static str, url: &str) -> Self {
        Self::starting(vendor, BaseUrl::parse(url))
    }

    fn starting(vendor: &'static str, base: Result<BaseUrl, BaseUrlError>) -> Self {
        Self {
            vendor,
            base,
            api_key: None,
            timeout: DEFAULT_TIMEOUT,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            retry: None,
            http: None,
            client: PhantomData,
        }
    }

    /// Sends every request to `base` instead (a proxy, a gateway, a local mock).
    pub fn base_url(mut self, base: BaseUrl) -> Self {
        self.base = Ok(base);
        self
    }

    /// Authenticates every operation with `key` (how depends on the operation's security
    /// scheme, usually `authorization: Bearer <key>`).
    pub fn api_key(mut self, key: ApiKey) -> Self {
        self.api_key = Some(key);
        self
    }

    /// Fails a request that takes longer than `timeout`, from connecting to the end of the
    /// body, with a [`TransportErrorKind::Timeout`]. Must not be zero. With retries, each
    /// attempt has its own.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Ends a streamed response ([`Client::stream`], [`Client::download`]) that sends no
    /// bytes for `idle`, with [`StreamError::Idle`]. Must not be zero.
    pub fn idle_timeout(mut self, idle: Duration) -> Self {
        self.idle_timeout = idle;
        self
    }

    /// The `user-agent` header of requests that do not set one; must be a valid header value.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Retries requests as `retry` says: a `429` or `503` response, or a failure before any
    /// response, tried again after a jittered backoff that honours `Retry-After`, bounded in
    /// attempts and time; non-idempotent requests only if asked ([`Retry`]). Off by default.
    pub fn retry(mut self, retry: Retry) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Sends through `client`, yours (its proxies, connection pool, TLS and redirect
    /// settings), instead of a `reqwest::Client` of the client's own. The timeouts, the user
    /// agent and the retries still apply, each request at a time.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Builds the client: fails on a base URL that does not parse, a zero timeout, a user
    /// agent that is not a valid header value, or a TLS set-up that fails (no usable platform
    /// verifier).
    pub fn build(self) -> Result<C, BuildError>
    where
        C: From<Client>,
    {
        let Self {
            vendor,
            base,
            api_key,
            timeout,
            idle_timeout,
            user_agent,
            retry,
            http,
            client: _,
        } = self;
        let base = base.map_err(|error| {
            let message = format!("{error}; give the client a base URL with `base_url`");
            BuildError::new(vendor, message, Some(Box::new(error)))
        })?;
        for (name, timeout) in [("timeout", timeout), ("idle timeout", idle_timeout)] {
            if timeout.is_zero() {
                return Err(BuildError::new(
                    vendor,
                    format!("the {name} is zero; give a positive duration"),
                    None,
                ));
            }
        }
        let user_agent = HeaderValue::from_str(&user_agent).map_err(|error| {
            let message = format!(
                "the user agent {user_agent:?} is not a valid header value (visible ASCII and \
                 spaces only)"
            );
            BuildError::new(vendor, message, Some(Box::new(error)))
        })?;
        let http = match http {
            Some(http) => http,
            None => own_http_client(vendor)?,
        };
        let config = Config {
            vendor,
            base,
            api_key,
            timeout,
            idle_timeout,
            user_agent,
            retry,
        };
        Ok(C::from(Client {
            http,
            config: Arc::new(config),
        }))
    }
}

/// The client's own `reqwest::Client`: rustls on ring with the platform's verifier, no
/// redirects.
fn own_http_client(vendor: &'static str) -> Result<reqwest::Client, BuildError> {
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
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|error| {
            let message = "the HTTP client could not be built".to_owned();
            BuildError::new(vendor, message, Some(Box::new(error)))
        })
}

/// An attempt that got no whole response, and whether it failed before any response came
/// (so that trying again repeats nothing the server answered).
struct Failed {
    error: TransportError,
    before_response: bool,
}

impl Failed {
    /// A failure before the response's headers.
    fn before(error: TransportError) -> Self {
        Self {
            error,
            before_response: true,
        }
    }

    /// A failure once the response's body started.
    fn after(error: TransportError) -> Self {
        Self {
            error,
            before_response: false,
        }
    }
}

/// The status and headers of a response, as the retry loop reads them.
trait Head {
    fn status(&self) -> u16;
    fn headers(&self) -> &HeaderMap;
}

impl Head for RawResponse {
    fn status(&self) -> u16 {
        self.status
    }

    fn headers(&self) -> &HeaderMap {
        &self.headers
    }
}

impl Head for reqwest::Response {
    fn status(&self) -> u16 {
        reqwest::Response::status(self).as_u16()
    }

    fn headers(&self) -> &HeaderMap {
        reqwest::Response::headers(self)
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
