//! The errors of the client: [`TransportError`], [`ClientError`], [`BuildError`].

use std::error::Error;
use std::fmt;

use std::time::Duration;

use crate::{ApiError, RequestError, ResponseMeta};

/// A boxed error kept as a source.
type Source = Box<dyn Error + Send + Sync + 'static>;

/// What went wrong on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The request took longer than the client's timeout.
    Timeout,
    /// No connection could be made (refused, DNS, TLS handshake).
    Connect,
    /// The response body could not be read whole (the connection closed before its end).
    Body,
    /// Anything else (the connection closed before a response, an invalid request).
    Other,
}

/// A request that got no whole response: a timeout, a failed connection, a body cut short.
///
/// `Display` reads `openrouter `delete_file`: timed out after 60 s`. Neither it, `Debug` nor
/// the source shows the request URL (its query may hold a key) or any header.
#[derive(Debug)]
pub struct TransportError {
    vendor: &'static str,
    operation: &'static str,
    kind: TransportErrorKind,
    message: String,
    source: Source,
}

impl TransportError {
    /// A transport error of `kind`, with a `message` that holds no secret.
    pub(crate) fn new(
        vendor: &'static str,
        operation: &'static str,
        kind: TransportErrorKind,
        message: String,
        source: Source,
    ) -> Self {
        Self {
            vendor,
            operation,
            kind,
            message,
            source,
        }
    }

    /// The same error, as a failure to read the body.
    pub(crate) fn into_body_error(self) -> Self {
        let message = match self.kind {
            TransportErrorKind::Body => self.message,
            _ => format!("the response body could not be read: {}", self.message),
        };
        Self {
            kind: TransportErrorKind::Body,
            message,
            ..self
        }
    }

    /// The vendor's short name.
    pub fn vendor(&self) -> &'static str {
        self.vendor
    }

    /// The operation's name.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// What went wrong.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// What went wrong, in words (without vendor and operation).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Whether the request took longer than the client's timeout.
    pub fn is_timeout(&self) -> bool {
        self.kind == TransportErrorKind::Timeout
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} `{}`: {}", self.vendor, self.operation, self.message)
    }
}

impl Error for TransportError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(&*self.source)
    }
}

/// Why an operation called through the client failed; `E` is the operation's error type.
///
/// `Display` is one line that names the vendor and the operation, and for an API error the
/// status and the server's own message ([`ApiError::summary`]):
/// ``openrouter `delete_file`: HTTP 404: File not found``. An API error keeps the response's
/// headers ([`meta`](Self::meta): the request id, `Retry-After`, rate limits).
#[derive(Debug)]
pub enum ClientError<E> {
    /// The request could not be built (no request was sent).
    Request {
        /// The vendor's short name.
        vendor: &'static str,
        /// The operation's name.
        operation: &'static str,
        /// What was wrong with the request.
        source: RequestError,
    },
    /// The request got no whole response.
    Transport(TransportError),
    /// The response is an error: a documented error status, an undocumented or unparsable
    /// response, or a failure the vendor reports inside a success body.
    Api {
        /// The vendor's short name.
        vendor: &'static str,
        /// The operation's name.
        operation: &'static str,
        /// The HTTP status code.
        status: u16,
        /// The operation's error, parsed from the response.
        error: E,
        /// The response's status and headers (boxed: an error stays small to return).
        meta: Box<ResponseMeta>,
    },
}

impl<E> ClientError<E> {
    /// A request that could not be built.
    pub fn request(vendor: &'static str, operation: &'static str, source: RequestError) -> Self {
        Self::Request {
            vendor,
            operation,
            source,
        }
    }

    /// An error response: the operation's `error`, read from a response of `meta`.
    pub fn api(vendor: &'static str, operation: &'static str, error: E, meta: ResponseMeta) -> Self
    where
        E: ApiError,
    {
        Self::Api {
            vendor,
            operation,
            status: error.status(),
            error,
            meta: Box::new(meta),
        }
    }

    /// The status and headers of an [`Api`](Self::Api) error's response.
    pub fn meta(&self) -> Option<&ResponseMeta> {
        match self {
            Self::Api { meta, .. } => Some(meta),
            Self::Request { .. } | Self::Transport(_) => None,
        }
    }

    /// How long the server asked to be left alone (`Retry-After`), for an API error that
    /// says.
    pub fn retry_after(&self) -> Option<Duration> {
        self.meta()?.retry_after()
    }

    /// The request id the server gave an API error ([`ResponseMeta::request_id`]).
    pub fn request_id(&self) -> Option<&str> {
        self.meta()?.request_id()
    }

    /// The HTTP status of an [`Api`](Self::Api) error; `None` when no response came back.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api { status, .. } => Some(*status),
            Self::Request { .. } | Self::Transport(_) => None,
        }
    }

    /// The vendor's short name.
    pub fn vendor(&self) -> &'static str {
        match self {
            Self::Request { vendor, .. } | Self::Api { vendor, .. } => vendor,
            Self::Transport(error) => error.vendor(),
        }
    }

    /// The operation's name.
    pub fn operation(&self) -> &'static str {
        match self {
            Self::Request { operation, .. } | Self::Api { operation, .. } => operation,
            Self::Transport(error) => error.operation(),
        }
    }
}

impl<E> From<TransportError> for ClientError<E> {
    fn from(error: TransportError) -> Self {
        Self::Transport(error)
    }
}

impl<E: ApiError> fmt::Display for ClientError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Request {
                vendor,
                operation,
                source,
            } => write!(f, "{vendor} `{operation}`: invalid request: {source}"),
            Self::Transport(error) => error.fmt(f),
            Self::Api {
                vendor,
                operation,
                error,
                ..
            } => write!(f, "{vendor} `{operation}`: {}", error.summary()),
        }
    }
}

impl<E: ApiError + 'static> Error for ClientError<E> {
    /// The inner error: the [`RequestError`], or the own source of the [`TransportError`] or
    /// the operation's error, whose message is this error's already (a report that prints
    /// the chain says each thing once). The operation's error is the variant's `error`.
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            Self::Request { source, .. } => Some(source),
            Self::Transport(error) => error.source(),
            Self::Api { error, .. } => error.source(),
        }
    }
}

/// A [`Client`](super::Client) that could not be built.
#[derive(Debug)]
pub struct BuildError {
    vendor: &'static str,
    message: String,
    source: Option<Source>,
}

impl BuildError {
    /// A build error for `vendor`.
    pub(crate) fn new(vendor: &'static str, message: String, source: Option<Source>) -> Self {
        Self {
            vendor,
            message,
            source,
        }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not build the {} client: {}",
            self.vendor, self.message
        )
    }
}

impl Error for BuildError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn Error + 'static))
    }
}
