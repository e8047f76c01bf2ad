//! What a response says besides its body: [`ResponseMeta`] (status and headers, with the
//! request id and `Retry-After` read off them), and [`WithMeta`], a parsed success or error
//! that keeps them.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::time::{Duration, SystemTime};

use http::HeaderMap;

use crate::Deviation;

/// The headers that carry a request's id, the first found wins: the one vendors ask for in a
/// support ticket.
const REQUEST_ID_HEADERS: [&str; 4] = [
    "x-request-id",
    "request-id",
    "x-amzn-requestid",
    "x-trace-id",
];

/// The status and headers of a response, as received.
///
/// `Debug` shows the status and the header names, never a header value (a `set-cookie`, a
/// token echoed back); [`header`](Self::header) and [`headers`](Self::headers) give them.
#[derive(Clone, PartialEq, Eq)]
pub struct ResponseMeta {
    status: u16,
    headers: HeaderMap,
    /// Boxed, not a `Vec`: an error that holds the meta stays small to return.
    deviations: Box<[Deviation]>,
}

impl ResponseMeta {
    /// The meta of a response of `status` and `headers`.
    pub fn new(status: u16, headers: HeaderMap) -> Self {
        Self {
            status,
            headers,
            deviations: Box::default(),
        }
    }

    /// The body of a response of `status` and `headers` read by `parse` leniently, with the
    /// deviations collected ([`crate::collect`]), and the response's meta, which keeps them:
    /// what [`WithMeta::parse`] and the client do with every response.
    pub(crate) fn read<R>(
        status: u16,
        headers: HeaderMap,
        body: &[u8],
        parse: impl FnOnce(u16, &HeaderMap, &[u8]) -> R,
    ) -> (R, Self) {
        let (read, deviations) = crate::collect(|| parse(status, &headers, body));
        let meta = Self {
            status,
            headers,
            deviations: deviations.into_boxed_slice(),
        };
        (read, meta)
    }

    /// How the body strayed from the document, each place where (empty when it did not): a
    /// body read leniently ([`WithMeta::parse`], the client) holds stand-ins there (see
    /// [`Deviation`]).
    pub fn deviations(&self) -> &[Deviation] {
        &self.deviations
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Every header of the response (the rate-limit headers, `x-ratelimit-remaining-requests`
    /// and the like, are read here).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The value of the header `name`, if it is present and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }

    /// The request's id, as the server gave it (`x-request-id`, `request-id`,
    /// `x-amzn-requestid` or `x-trace-id`).
    pub fn request_id(&self) -> Option<&str> {
        REQUEST_ID_HEADERS.iter().find_map(|name| self.header(name))
    }

    /// How long the server asks to be left alone before the next request
    /// ([`retry_after`]), counted from now.
    pub fn retry_after(&self) -> Option<Duration> {
        retry_after(&self.headers, SystemTime::now())
    }
}

impl fmt::Debug for ResponseMeta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.keys().map(http::HeaderName::as_str).collect();
        f.debug_struct("ResponseMeta")
            .field("status", &self.status)
            .field("headers", &names)
            .field("deviations", &self.deviations)
            .finish()
    }
}

/// How long `headers` ask a client to wait before it tries again, seen at `now`:
/// `retry-after-ms` (milliseconds, as OpenAI sends), else `Retry-After` as delta-seconds
/// (`120`) or as an HTTP-date (`Fri, 31 Dec 1999 23:59:59 GMT`; a date in the past is no
/// wait). A value that is neither is ignored.
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = |name: &str| headers.get(name)?.to_str().ok().map(str::trim);
    if let Some(millis) = text("retry-after-ms").and_then(|ms| ms.parse::<f64>().ok()) {
        if millis.is_finite() && millis >= 0.0 {
            return Some(Duration::from_secs_f64(millis.min(1e12) / 1000.0));
        }
    }
    let value = text("retry-after")?;
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A parsed response, success or error, with its status and headers: it dereferences to the
/// value, so `reply.id` reads a field of the body and `reply.status()` the status.
///
/// The client's methods give their success as one; [`WithMeta::parse`] makes one from an
/// operation's `parse_response` in sans-IO code. `Display` and `Error` are the value's.
#[derive(Debug, Clone, PartialEq)]
pub struct WithMeta<T> {
    value: T,
    meta: ResponseMeta,
}

impl<T> WithMeta<T> {
    /// `value`, read from a response of `meta`.
    pub fn new(value: T, meta: ResponseMeta) -> Self {
        Self { value, meta }
    }

    /// Parses a response with an operation's `parse_response`, leniently, and keeps its status
    /// and headers on either side: a body that strays from the document is read as far as it
    /// fits, and how it strayed is in [`ResponseMeta::deviations`] (an operation's
    /// `parse_response` called alone reads strictly: such a body is its `Unexpected`).
    ///
    /// ```
    /// use vendor_runtime::{http::HeaderMap, parse_json, Unexpected, WithMeta};
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.insert("x-request-id", "req_1".parse().unwrap());
    /// let parsed = WithMeta::parse(200, &headers, b"true", parse_json::<bool>);
    /// let reply: WithMeta<bool> = parsed.unwrap();
    /// assert!(*reply);
    /// assert_eq!(reply.meta().request_id(), Some("req_1"));
    /// ```
    ///
    /// # Errors
    ///
    /// The error `parse` gives, with the meta.
    pub fn parse<E>(
        status: u16,
        headers: &HeaderMap,
        body: &[u8],
        parse: impl FnOnce(u16, &HeaderMap, &[u8]) -> Result<T, E>,
    ) -> Result<WithMeta<T>, WithMeta<E>> {
        let (parsed, meta) = ResponseMeta::read(status, headers.clone(), body, parse);
        match parsed {
            Ok(value) => Ok(WithMeta::new(value, meta)),
            Err(error) => Err(WithMeta::new(error, meta)),
        }
    }

    /// The status and headers.
    pub fn meta(&self) -> &ResponseMeta {
        &self.meta
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.meta.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.meta.headers
    }

    /// The value, without the meta.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The value and the meta.
    pub fn into_parts(self) -> (T, ResponseMeta) {
        (self.value, self.meta)
    }
}

impl<T> Deref for WithMeta<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for WithMeta<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

impl<T: fmt::Display> fmt::Display for WithMeta<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

impl<T: std::error::Error> std::error::Error for WithMeta<T> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.value.source()
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use http::HeaderMap;

    use super::{retry_after, ResponseMeta};

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn retry_after_reads_seconds_dates_and_milliseconds() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        let at = |pairs| retry_after(&headers(pairs), now);
        assert_eq!(
            at(&[("retry-after", "120")]),
            Some(Duration::from_secs(120))
        );
        assert_eq!(at(&[("retry-after", " 0 ")]), Some(Duration::ZERO));
        assert_eq!(
            at(&[("retry-after", "Sun, 06 Nov 1994 08:50:07 GMT")]),
            Some(Duration::from_secs(30))
        );
        // A date gone by is no wait; words, negative numbers and nothing are no answer.
        assert_eq!(
            at(&[("retry-after", "Sun, 06 Nov 1994 08:00:00 GMT")]),
            Some(Duration::ZERO)
        );
        assert_eq!(at(&[("retry-after", "soon")]), None);
        assert_eq!(at(&[("retry-after", "-5")]), None);
        assert_eq!(at(&[]), None);
        // OpenAI's milliseconds come first.
        assert_eq!(
            at(&[("retry-after-ms", "1500"), ("retry-after", "9")]),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(
            at(&[("retry-after-ms", "-1"), ("retry-after", "9")]),
            Some(Duration::from_secs(9))
        );
        assert!(retry_after(&headers(&[("retry-after", "1")]), SystemTime::now()).is_some());
    }

    #[test]
    fn meta_debug_shows_no_header_value() {
        let meta = ResponseMeta::new(
            429,
            headers(&[("set-cookie", "session=secret"), ("x-request-id", "req_9")]),
        );
        let debug = format!("{meta:?}");
        assert!(!debug.contains("secret"), "{debug}");
        assert!(debug.contains("set-cookie"), "{debug}");
        assert_eq!(meta.request_id(), Some("req_9"));
        assert_eq!(meta.header("x-request-id"), Some("req_9"));
    }
}
