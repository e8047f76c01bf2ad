//! Retries (opt-in, [`ClientBuilder::retry`](super::ClientBuilder::retry)): which responses
//! and failures are tried again, and how long to wait before each new attempt.
//!
//! The schedule is backon's exponential backoff with jitter (`backon::ExponentialBuilder`:
//! each wait drawn from `[d, 2d)`, `d` doubling from the first delay up to the largest);
//! the client decides whether to try again at all (the status or the failure, the method, the
//! attempts and the time left) and waits at least what the server asks for in `Retry-After`.

use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBuilder};
use http::{HeaderMap, Method};

/// How a client retries (see [`ClientBuilder::retry`](super::ClientBuilder::retry)).
///
/// A request is tried again when its response is a `429 Too Many Requests` or a `503 Service
/// Unavailable` (its body read whole, or, for a streaming call, dropped unread), or when it
/// failed before any response came (no connection, a timeout before the response's headers);
/// never once the body of a response it would keep started to arrive (a body cut short, a
/// stream handed out), and never for a request whose body is streamed from disk. A
/// non-idempotent request (`POST`, `PATCH`) is not repeated unless it carries an
/// `idempotency-key` header or [`non_idempotent`](Self::non_idempotent) asks for it.
///
/// Each wait is the backoff's (exponential from [`delays`](Self::delays)' first, with
/// jitter) or the server's `Retry-After` (`retry-after-ms`, delta-seconds or an HTTP-date),
/// whichever is longer. The retries stop after [`attempts`](Self::attempts) in all, or when
/// the next wait would end past [`budget`](Self::budget) from the first attempt (a
/// `Retry-After` longer than that, or than the largest delay, is not waited for: the response
/// comes back as it is, its `Retry-After` readable on the error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retry {
    attempts: u32,
    first_delay: Duration,
    max_delay: Duration,
    budget: Duration,
    non_idempotent: bool,
}

impl Default for Retry {
    /// 3 attempts, waits from 500 ms up to 30 s, 60 s in all, idempotent requests only.
    fn default() -> Self {
        Self {
            attempts: 3,
            first_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            budget: Duration::from_secs(60),
            non_idempotent: false,
        }
    }
}

impl Retry {
    /// The default policy ([`Default`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// At most `attempts` in all, the first included (`1` never retries).
    pub fn attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts.max(1);
        self
    }

    /// The backoff's first wait, and the longest wait (backoff or `Retry-After`).
    pub fn delays(mut self, first: Duration, max: Duration) -> Self {
        self.first_delay = first;
        self.max_delay = max.max(first);
        self
    }

    /// How long all attempts and waits may take together, from the first attempt: no wait
    /// starts that would end later.
    pub fn budget(mut self, budget: Duration) -> Self {
        self.budget = budget;
        self
    }

    /// Whether `POST` and `PATCH` requests are repeated too (off by default: the server may
    /// have acted on the first one).
    pub fn non_idempotent(mut self, repeat: bool) -> Self {
        self.non_idempotent = repeat;
        self
    }

    /// The backoff's waits, one per retry (jittered, exponential, bounded).
    pub(super) fn schedule(&self) -> impl Iterator<Item = Duration> {
        ExponentialBuilder::new()
            .with_min_delay(self.first_delay)
            .with_max_delay(self.max_delay)
            .with_max_times(self.attempts.saturating_sub(1) as usize)
            .with_jitter()
            .build()
    }

    /// Whether a request of `method` and `headers` may be sent again.
    pub(super) fn may_repeat(&self, method: &Method, headers: &HeaderMap) -> bool {
        self.non_idempotent || is_idempotent(method) || headers.contains_key("idempotency-key")
    }

    /// The wait before the next attempt, the backoff's `next` or the server's `asked`; `None`
    /// when it is too long for the policy (past the largest delay, or ending past the budget
    /// when `spent` is gone already).
    pub(super) fn wait(
        &self,
        next: Duration,
        asked: Option<Duration>,
        spent: Duration,
    ) -> Option<Duration> {
        let wait = asked.map_or(next, |asked| asked.max(next));
        if asked.is_some_and(|asked| asked > self.max_delay) {
            return None;
        }
        let wait = wait.min(self.max_delay.max(asked.unwrap_or_default()));
        (spent + wait <= self.budget).then_some(wait)
    }
}

/// Whether `status` is one a client retries: `429` and `503`.
pub(super) fn is_retried_status(status: u16) -> bool {
    matches!(status, 429 | 503)
}

/// RFC 9110's idempotent methods: sending one twice does what sending it once does.
fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE | Method::PUT | Method::DELETE
    )
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use http::{HeaderMap, Method};

    use super::Retry;

    #[test]
    fn the_schedule_is_bounded_and_jittered_upward() {
        let retry = Retry::new()
            .attempts(4)
            .delays(Duration::from_millis(100), Duration::from_secs(1));
        let waits: Vec<Duration> = retry.schedule().collect();
        assert_eq!(waits.len(), 3, "{waits:?}");
        assert!(waits[0] >= Duration::from_millis(100), "{waits:?}");
        assert!(waits[0] < Duration::from_millis(200), "{waits:?}");
        assert!(waits.iter().all(|wait| *wait <= Duration::from_secs(2)));
        assert_eq!(Retry::new().attempts(1).schedule().count(), 0);
    }

    #[test]
    fn retry_after_is_honoured_within_bounds() {
        let retry = Retry::new()
            .delays(Duration::from_millis(100), Duration::from_secs(5))
            .budget(Duration::from_secs(10));
        let next = Duration::from_millis(150);
        let zero = Duration::ZERO;
        assert_eq!(retry.wait(next, None, zero), Some(next));
        assert_eq!(
            retry.wait(next, Some(Duration::from_secs(2)), zero),
            Some(Duration::from_secs(2))
        );
        assert_eq!(retry.wait(next, Some(Duration::ZERO), zero), Some(next));
        // Longer than the largest wait, or past the budget: not waited for.
        assert_eq!(retry.wait(next, Some(Duration::from_secs(6)), zero), None);
        assert_eq!(
            retry.wait(next, Some(Duration::from_secs(2)), Duration::from_secs(9)),
            None
        );
    }

    #[test]
    fn only_idempotent_requests_repeat_unless_asked() {
        let none = HeaderMap::new();
        let retry = Retry::new();
        assert!(retry.may_repeat(&Method::GET, &none));
        assert!(retry.may_repeat(&Method::DELETE, &none));
        assert!(!retry.may_repeat(&Method::POST, &none));
        assert!(!retry.may_repeat(&Method::PATCH, &none));
        let mut keyed = HeaderMap::new();
        keyed.insert("idempotency-key", "k1".parse().unwrap());
        assert!(retry.may_repeat(&Method::POST, &keyed));
        assert!(retry.non_idempotent(true).may_repeat(&Method::POST, &none));
    }
}
