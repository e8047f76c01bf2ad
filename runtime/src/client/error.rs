//! The errors of the client: [`TransportError`], [`ClientError`], [`BuildError`].

use std::error::Error;
use std::fmt;

use crate::RequestError;

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
/// `Display` names the vendor and the operation, and the status for API errors:
/// ``minimax `delete_file`: HTTP 404: <the operation error>``.
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

    /// An error response with its status.
    pub fn api(vendor: &'static str, operation: &'static str, status: u16, error: E) -> Self {
        Self::Api {
            vendor,
            operation,
            status,
            error,
        }
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

impl<E: fmt::Display> fmt::Display for ClientError<E> {
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
                status,
                error,
            } => write!(f, "{vendor} `{operation}`: HTTP {status}: {error}"),
        }
    }
}

impl<E: Error + 'static> Error for ClientError<E> {
    /// The inner error: the [`RequestError`], the [`TransportError`]'s own source (its
    /// message is this error's), or the operation's error.
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            Self::Request { source, .. } => Some(source),
            Self::Transport(error) => error.source(),
            Self::Api { error, .. } => Some(error),
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
