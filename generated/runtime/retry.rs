//! When a failed attempt is tried again, and after how long: the retry policy, exponential
//! backoff with full jitter, and `Retry-After`.

use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use reqwest::{Method, StatusCode};

use super::budget::RetryBudget;

/// Default number of attempts of one call (the first and two retries).
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
/// Default upper bound of the pause before the first retry; it doubles for each retry.
pub const DEFAULT_INITIAL_BACKOFF: Duration = Duration::from_millis(200);
/// Default longest pause between attempts, whether from backoff or from `Retry-After`.
pub const DEFAULT_MAX_BACKOFF: Duration = Duration::from_secs(20);

/// How a client retries: on a connection that could not be opened, a timeout, or a
/// status of 429, 502, 503 or 504; at most [`RetryPolicy::max_attempts`] attempts in all;
/// only idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS, TRACE) unless
/// [`RetryPolicy::retry_non_idempotent`] says POST and PATCH may be sent twice too. A body
/// that cannot be replayed is never retried.
///
/// Between attempts the client waits a random time between zero and
/// `initial_backoff * 2^(retry - 1)`, at most `max_backoff` ("full jitter"), or what the
/// server's `Retry-After` asks, capped by `max_backoff`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Attempts per call, the first included; 1 switches retries off.
    pub max_attempts: u32,
    /// The upper bound of the pause before the first retry.
    pub initial_backoff: Duration,
    /// The longest pause between two attempts.
    pub max_backoff: Duration,
    /// Whether POST and PATCH (and other non-idempotent methods) are retried too: only
    /// safe when the server does not act twice on a repeated request.
    pub retry_non_idempotent: bool,
    /// The budget that retries draw from, shared by all clones of a client; `None` lets
    /// every call retry as often as `max_attempts` allows.
    pub budget: Option<RetryBudget>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            initial_backoff: DEFAULT_INITIAL_BACKOFF,
            max_backoff: DEFAULT_MAX_BACKOFF,
            retry_non_idempotent: false,
            budget: Some(RetryBudget::default()),
        }
    }
}

impl RetryPolicy {
    /// No retries: every call makes one attempt.
    pub fn disabled() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Sets [`RetryPolicy::max_attempts`] (0 counts as 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sets the initial and the maximum backoff.
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max;
        self
    }

    /// Sets [`RetryPolicy::retry_non_idempotent`].
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = retry;
        self
    }

    /// Sets [`RetryPolicy::budget`].
    pub fn budget(mut self, budget: Option<RetryBudget>) -> Self {
        self.budget = budget;
        self
    }

    /// Whether a request with this method may be retried at all under this policy.
    pub fn allows(&self, method: &Method) -> bool {
        self.max_attempts > 1 && (self.retry_non_idempotent || is_idempotent(method))
    }

    /// The pause before retry number `retry` (1 for the first): `retry_after` when the
    /// server sent one, else a random share `fraction` (in `[0, 1)`) of the exponential
    /// bound; at most [`RetryPolicy::max_backoff`] either way.
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>, fraction: f64) -> Duration {
        if let Some(wait) = retry_after {
            return wait.min(self.max_backoff);
        }
        let doublings = retry.saturating_sub(1).min(31);
        let bound = self
            .initial_backoff
            .saturating_mul(1 << doublings)
            .min(self.max_backoff);
        let fraction = if fraction.is_nan() {
            0.0
        } else {
            fraction.clamp(0.0, 1.0)
        };
        // Through `try_`: a bound near `Duration::MAX` must not overflow into a panic.
        Duration::try_from_secs_f64(bound.as_secs_f64() * fraction)
            .unwrap_or(bound)
            .min(bound)
    }
}

/// Why an attempt is worth retrying.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryReason {
    /// The connection could not be opened.
    Connect,
    /// The attempt (or opening its connection) took too long.
    Timeout,
    /// The server answered 429, 502, 503 or 504.
    Status(StatusCode),
}

impl fmt::Display for RetryReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RetryReason::Connect => f.write_str("connect error"),
            RetryReason::Timeout => f.write_str("timeout"),
            RetryReason::Status(status) => write!(f, "status {}", status.as_u16()),
        }
    }
}

/// Whether a method may be sent twice with the effect of once (RFC 9110 section 9.2.2), or,
/// for QUERY (OpenAPI 3.2's `query` operation), by the definition of that method: a safe
/// request whose body says what to read.
pub fn is_idempotent(method: &Method) -> bool {
    [
        Method::GET,
        Method::HEAD,
        Method::PUT,
        Method::DELETE,
        Method::OPTIONS,
        Method::TRACE,
    ]
    .contains(method)
        || method.as_str() == "QUERY"
}

/// Whether a status says "try again later": 429, 502, 503, 504.
pub fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 502 | 503 | 504)
}

/// How long a `Retry-After` value asks to wait, counted from `now`: a number of seconds,
/// or an HTTP date (a date in the past is no wait). `None` when it is neither.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // More digits than a u64 holds is still "a very long time".
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    // Any of the three forms of RFC 9110 section 5.6.7; one whose weekday does not match
    // its date, or before 1970, is no date (and the backoff applies instead).
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A random number in `[0, 1)` for jitter. The standard library's hasher keys are random
/// per process and per `RandomState`; hashing a counter with them is enough for spreading
/// retries (nothing here needs to be unpredictable), without a dependency for it.
pub fn jitter_fraction() -> f64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let hash = RandomState::new().hash_one(COUNTER.fetch_add(1, Ordering::Relaxed));
    // The top 53 bits make an exactly representable f64 below 1.
    (hash >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    #[test]
    fn retry_after_in_seconds_and_as_a_date() {
        let now = UNIX_EPOCH + Duration::from_secs(784_111_777);
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(Duration::from_secs(u64::MAX))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:50:07 GMT", now),
            Some(Duration::from_secs(30))
        );
        // The obsolete forms a recipient must accept too (RFC 9110 section 5.6.7).
        for obsolete in ["Sunday, 06-Nov-94 08:50:07 GMT", "Sun Nov  6 08:50:07 1994"] {
            assert_eq!(
                parse_retry_after(obsolete, now),
                Some(Duration::from_secs(30)),
                "{obsolete}"
            );
        }
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now),
            Some(Duration::ZERO),
            "a date in the past is no wait"
        );
        for bad in [
            "",
            "-5",
            "1.5",
            "soon",
            "12 s",
            "Mon, 06 Nov 1994 08:50:07 GMT",
            "Sun, 06 Nov 1994 08:50:07 PST",
            "Fri, 30 Feb 2021 00:00:00 GMT",
        ] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad:?}");
        }
    }

    #[test]
    fn backoff_doubles_within_its_bound_and_is_capped() {
        let policy =
            RetryPolicy::default().backoff(Duration::from_millis(100), Duration::from_secs(1));
        let almost_one = 1.0 - f64::EPSILON;
        assert_eq!(policy.delay(1, None, 0.0), Duration::ZERO);
        assert!(policy.delay(1, None, almost_one) <= Duration::from_millis(100));
        assert!(policy.delay(2, None, almost_one) <= Duration::from_millis(200));
        assert!(policy.delay(2, None, almost_one) > Duration::from_millis(199));
        assert!(policy.delay(3, None, 0.5) == Duration::from_millis(200));
        assert_eq!(policy.delay(10, None, 0.5), Duration::from_millis(500));
        assert!(policy.delay(u32::MAX, None, almost_one) <= Duration::from_secs(1));
        // Out-of-range fractions cannot make a delay beyond the bound or panic.
        assert_eq!(policy.delay(1, None, 7.0), Duration::from_millis(100));
        assert_eq!(policy.delay(1, None, -1.0), Duration::ZERO);
        let unbounded = RetryPolicy::default().backoff(Duration::MAX, Duration::MAX);
        assert_eq!(unbounded.delay(3, None, 1.0), Duration::MAX);
        assert!(unbounded.delay(3, None, 0.5) > Duration::from_secs(1 << 60));
        assert_eq!(policy.delay(1, None, f64::NAN), Duration::ZERO);
    }

    #[test]
    fn retry_after_wins_over_backoff_but_is_capped() {
        let policy =
            RetryPolicy::default().backoff(Duration::from_millis(100), Duration::from_secs(2));
        let asked = Some(Duration::from_secs(1));
        assert_eq!(policy.delay(1, asked, 0.0), Duration::from_secs(1));
        let too_long = Some(Duration::from_secs(3600));
        assert_eq!(policy.delay(1, too_long, 0.9), Duration::from_secs(2));
    }

    #[test]
    fn jitter_stays_in_range_and_varies() {
        let samples: Vec<f64> = (0..1000).map(|_| jitter_fraction()).collect();
        assert!(samples.iter().all(|f| (0.0..1.0).contains(f)));
        let low = samples.iter().filter(|f| **f < 0.5).count();
        assert!((300..700).contains(&low), "{low} of 1000 below one half");
    }

    #[test]
    fn only_idempotent_methods_unless_opted_in() {
        let policy = RetryPolicy::default();
        for method in [
            Method::GET,
            Method::HEAD,
            Method::PUT,
            Method::DELETE,
            Method::OPTIONS,
        ] {
            assert!(policy.allows(&method), "{method}");
        }
        assert!(!policy.allows(&Method::POST));
        assert!(!policy.allows(&Method::PATCH));
        let other = |name: &[u8]| Method::from_bytes(name).expect("a method name");
        assert!(policy.allows(&other(b"QUERY")));
        assert!(!policy.allows(&other(b"PURGE")));
        let opted_in = RetryPolicy::default().retry_non_idempotent(true);
        assert!(opted_in.allows(&Method::POST) && opted_in.allows(&Method::PATCH));
        assert!(!RetryPolicy::disabled().allows(&Method::GET));
        assert_eq!(RetryPolicy::default().max_attempts(0).max_attempts, 1);
    }

    #[test]
    fn retryable_statuses() {
        for code in [429, 502, 503, 504] {
            assert!(is_retryable_status(StatusCode::from_u16(code).unwrap()));
        }
        for code in [200, 400, 401, 404, 409, 422, 500, 501, 505] {
            assert!(!is_retryable_status(StatusCode::from_u16(code).unwrap()));
        }
    }
}
