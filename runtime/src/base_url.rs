//! [`BaseUrl`]: the scheme, host, port and base path every request path is joined to.

use std::fmt;
use std::str::FromStr;

use http::Uri;

/// Where an API lives: an `http` or `https` URL with a host, an optional port and an optional
/// base path, such as `https://openrouter.ai/api/v1`, `https://open.bigmodel.cn/api/` or
/// `http://127.0.0.1:8080`.
///
/// It is kept without trailing slash (`Display` shows it so), and [`RequestBuilder`] joins
/// operation paths to it with exactly one slash between them.
///
/// [`RequestBuilder`]: crate::RequestBuilder
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// `scheme://authority/path`, without trailing slash; a valid URI by construction.
    prefix: String,
}

impl BaseUrl {
    /// Parses and checks a base URL.
    ///
    /// Refuses an empty string, whitespace or control characters, a missing scheme, a scheme
    /// other than `http` or `https`, a missing host, user info (`user:password@`: give
    /// credentials as an [`ApiKey`](crate::ApiKey) instead), a query and a fragment.
    pub fn parse(input: &str) -> Result<Self, BaseUrlError> {
        let fail = |kind| Err(BaseUrlError::new(input, kind));
        if input.is_empty() {
            return fail(BaseUrlErrorKind::Empty);
        }
        if let Some((at, c)) = input
            .char_indices()
            .find(|(_, c)| c.is_whitespace() || c.is_control())
        {
            return fail(BaseUrlErrorKind::Whitespace { at, c });
        }
        // Checked before `Uri` parses: it would drop a fragment silently.
        if input.contains('#') {
            return fail(BaseUrlErrorKind::Fragment);
        }
        if input.contains('?') {
            return fail(BaseUrlErrorKind::Query);
        }
        let Some((scheme, _)) = input.split_once("://") else {
            return fail(BaseUrlErrorKind::MissingScheme);
        };
        if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
            return fail(BaseUrlErrorKind::UnsupportedScheme(scheme.to_owned()));
        }
        let uri = match Uri::from_str(input) {
            Ok(uri) => uri,
            Err(error) => return fail(BaseUrlErrorKind::Invalid(error.to_string())),
        };
        let (Some(scheme), Some(authority)) = (uri.scheme_str(), uri.authority()) else {
            return fail(BaseUrlErrorKind::MissingHost);
        };
        if authority.as_str().contains('@') {
            return fail(BaseUrlErrorKind::UserInfo);
        }
        let host = authority.host();
        if host.is_empty() {
            return fail(BaseUrlErrorKind::MissingHost);
        }
        // `Uri` keeps a port it cannot read (`:port`, `:99999`) and only `port_u16` says so.
        let after_host = authority.as_str().get(host.len()..).unwrap_or_default();
        if let Some(port) = after_host.strip_prefix(':') {
            if authority.port_u16().is_none() {
                return fail(BaseUrlErrorKind::InvalidPort(port.to_owned()));
            }
        }
        let path = uri.path().trim_end_matches('/');
        Ok(Self {
            prefix: format!("{scheme}://{authority}{path}"),
        })
    }

    /// The URL as a string, without trailing slash.
    pub fn as_str(&self) -> &str {
        &self.prefix
    }
}

impl FromStr for BaseUrl {
    type Err = BaseUrlError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        Self::parse(input)
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.prefix)
    }
}

/// A string [`BaseUrl::parse`] refused: what is wrong, and the input.
///
/// The input is shown without user info, query or fragment (replaced by `<redacted>` and `…`),
/// since those may hold credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrlError {
    input: String,
    kind: BaseUrlErrorKind,
}

/// What is wrong with a base URL.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BaseUrlErrorKind {
    /// The string is empty.
    Empty,
    /// Whitespace or a control character, at this byte offset.
    Whitespace {
        /// Byte offset in the input.
        at: usize,
        /// The character found there.
        c: char,
    },
    /// No `scheme://` in front.
    MissingScheme,
    /// A scheme other than `http` and `https`.
    UnsupportedScheme(String),
    /// No host after `scheme://`.
    MissingHost,
    /// `user:password@` before the host.
    UserInfo,
    /// A port that is not a number from 0 to 65535.
    InvalidPort(String),
    /// A `?query`.
    Query,
    /// A `#fragment`.
    Fragment,
    /// Not a valid URI: the `http` crate's message.
    Invalid(String),
}

impl BaseUrlError {
    fn new(input: &str, kind: BaseUrlErrorKind) -> Self {
        Self {
            input: redact(input),
            kind,
        }
    }

    /// The refused input, with user info, query and fragment redacted.
    pub fn input(&self) -> &str {
        &self.input
    }

    /// What is wrong with it.
    pub fn kind(&self) -> &BaseUrlErrorKind {
        &self.kind
    }
}

/// Hides the parts of a URL that may carry credentials: user info, query and fragment.
fn redact(input: &str) -> String {
    let (head, tail) = match input.find(['?', '#']) {
        Some(at) => input.split_at(at),
        None => (input, ""),
    };
    let (scheme, rest) = match head.split_once("://") {
        Some((scheme, rest)) => (Some(scheme), rest),
        None => (None, head),
    };
    let authority = rest.split('/').next().unwrap_or_default();
    let rest = match authority.rfind('@') {
        Some(at) => format!("<redacted>{}", rest.get(at..).unwrap_or_default()),
        None => rest.to_owned(),
    };
    let mut shown = match scheme {
        Some(scheme) => format!("{scheme}://{rest}"),
        None => rest,
    };
    if let Some(delimiter) = tail.chars().next() {
        shown.push(delimiter);
        shown.push('…');
    }
    shown
}

impl fmt::Display for BaseUrlErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => {
                f.write_str("it is empty; give a URL such as `https://api.example.com/v1`")
            }
            Self::Whitespace { at, c } => write!(
                f,
                "it holds whitespace or a control character ({c:?} at byte {at}); remove it"
            ),
            Self::MissingScheme => {
                f.write_str("it has no scheme; write `https://` (or `http://`) before the host")
            }
            Self::UnsupportedScheme(scheme) => {
                write!(
                    f,
                    "its scheme `{scheme}` is not supported; use `https` or `http`"
                )
            }
            Self::MissingHost => f.write_str("it has no host after the scheme"),
            Self::UserInfo => f.write_str(
                "it holds user info (`user:password@`); give credentials as an API key instead",
            ),
            Self::InvalidPort(port) => {
                write!(f, "its port `{port}` is not a number from 0 to 65535")
            }
            Self::Query => f.write_str("it has a query (`?…`); a base URL ends with its path"),
            Self::Fragment => {
                f.write_str("it has a fragment (`#…`); a base URL ends with its path")
            }
            Self::Invalid(reason) => write!(f, "it is not a valid URL: {reason}"),
        }
    }
}

impl fmt::Display for BaseUrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid base URL {:?}: {}", self.input, self.kind)
    }
}

impl std::error::Error for BaseUrlError {}

#[cfg(test)]
mod tests {
    use super::{BaseUrl, BaseUrlErrorKind};

    #[track_caller]
    fn check_ok(input: &str, expect: &str) {
        let url = BaseUrl::parse(input).unwrap();
        assert_eq!(url.to_string(), expect);
        assert_eq!(url.as_str(), expect);
        assert_eq!(input.parse::<BaseUrl>().unwrap(), url);
    }

    #[track_caller]
    fn check_err(input: &str, kind: BaseUrlErrorKind, display: &str) {
        let error = BaseUrl::parse(input).unwrap_err();
        assert_eq!(error.kind(), &kind);
        assert_eq!(error.to_string(), display);
    }

    #[test]
    fn accepts_http_and_https_with_host_port_and_path() {
        check_ok(
            "https://openrouter.ai/api/v1",
            "https://openrouter.ai/api/v1",
        );
        check_ok(
            "https://open.bigmodel.cn/api/",
            "https://open.bigmodel.cn/api",
        );
        check_ok("http://127.0.0.1:8080", "http://127.0.0.1:8080");
        check_ok("http://127.0.0.1:8080/", "http://127.0.0.1:8080");
        check_ok("https://api.moonshot.cn//", "https://api.moonshot.cn");
        check_ok("HTTPS://Example.com/V1/", "https://Example.com/V1");
        check_ok("http://[::1]:9000/x", "http://[::1]:9000/x");
    }

    #[test]
    fn equal_after_normalization() {
        assert_eq!(
            BaseUrl::parse("https://open.bigmodel.cn/api/").unwrap(),
            BaseUrl::parse("https://open.bigmodel.cn/api").unwrap()
        );
        assert_ne!(
            BaseUrl::parse("https://a.example/v1").unwrap(),
            BaseUrl::parse("https://a.example/v2").unwrap()
        );
    }

    #[test]
    fn refuses_with_a_message_that_shows_the_input() {
        check_err(
            "",
            BaseUrlErrorKind::Empty,
            "invalid base URL \"\": it is empty; give a URL such as `https://api.example.com/v1`",
        );
        check_err(
            "openrouter.ai/api/v1",
            BaseUrlErrorKind::MissingScheme,
            "invalid base URL \"openrouter.ai/api/v1\": it has no scheme; write `https://` (or `http://`) before the host",
        );
        check_err(
            "ftp://example.com",
            BaseUrlErrorKind::UnsupportedScheme("ftp".into()),
            "invalid base URL \"ftp://example.com\": its scheme `ftp` is not supported; use `https` or `http`",
        );
        check_err(
            "https://example.com/v1?x=1",
            BaseUrlErrorKind::Query,
            "invalid base URL \"https://example.com/v1?…\": it has a query (`?…`); a base URL ends with its path",
        );
        check_err(
            "https://example.com/v1#top",
            BaseUrlErrorKind::Fragment,
            "invalid base URL \"https://example.com/v1#…\": it has a fragment (`#…`); a base URL ends with its path",
        );
        check_err(
            " https://example.com",
            BaseUrlErrorKind::Whitespace { at: 0, c: ' ' },
            "invalid base URL \" https://example.com\": it holds whitespace or a control character (' ' at byte 0); remove it",
        );
        check_err(
            "https://example.com/v1\n",
            BaseUrlErrorKind::Whitespace { at: 22, c: '\n' },
            "invalid base URL \"https://example.com/v1\\n\": it holds whitespace or a control character ('\\n' at byte 22); remove it",
        );
        check_err(
            "https://exa\u{7f}mple.com",
            BaseUrlErrorKind::Whitespace { at: 11, c: '\u{7f}' },
            "invalid base URL \"https://exa\\u{7f}mple.com\": it holds whitespace or a control character ('\\u{7f}' at byte 11); remove it",
        );
    }

    #[test]
    fn refuses_what_http_uri_refuses() {
        for input in ["https://", "https:///v1", "https://:443/v1"] {
            let error = BaseUrl::parse(input).unwrap_err();
            assert!(
                matches!(
                    error.kind(),
                    BaseUrlErrorKind::MissingHost | BaseUrlErrorKind::Invalid(_)
                ),
                "{input}: {error}"
            );
            assert!(error.to_string().contains(input), "{error}");
        }
        check_err(
            "https://example.com:port/v1",
            BaseUrlErrorKind::InvalidPort("port".into()),
            "invalid base URL \"https://example.com:port/v1\": its port `port` is not a number from 0 to 65535",
        );
        let error = BaseUrl::parse("http://[::1]:99999").unwrap_err();
        assert_eq!(error.kind(), &BaseUrlErrorKind::InvalidPort("99999".into()));
        let error = BaseUrl::parse("https://例子.测试/v1").unwrap_err();
        assert!(
            matches!(error.kind(), BaseUrlErrorKind::Invalid(_)),
            "{error}"
        );
    }

    #[test]
    fn user_info_is_refused_and_never_shown() {
        let error =
            BaseUrl::parse("https://user:sk-secret@example.com/v1?key=sk-other").unwrap_err();
        // The query is checked first; either way neither secret shows.
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("sk-secret"), "{shown}");
        assert!(!shown.contains("sk-other"), "{shown}");
        assert_eq!(error.input(), "https://<redacted>@example.com/v1?…");

        let error = BaseUrl::parse("https://user:sk-secret@example.com/v1").unwrap_err();
        assert_eq!(error.kind(), &BaseUrlErrorKind::UserInfo);
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("sk-secret"), "{shown}");
        assert!(
            shown.contains("https://<redacted>@example.com/v1"),
            "{shown}"
        );
    }
}
