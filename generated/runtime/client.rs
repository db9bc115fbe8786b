//! The built runtime that a generated client wraps: its settings, URL building, and
//! per-call options.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;
use reqwest::Url;

use super::auth::Credentials;
use super::budget::Bucket;
use super::builder::{ClientBuilder, Timeouts};
use super::error::{Error, RuntimeError};
use super::hooks::Hooks;
use super::request::{Operation, Request};
use super::retry::RetryPolicy;
use super::url::{join_path, parse_base_url, redacted};

/// A built client: the HTTP client, the settings, the credentials and the retry budget.
/// Cloning is cheap, and clones share the HTTP connections and the retry budget.
#[derive(Clone)]
pub struct Runtime {
    pub(super) shared: Arc<Shared>,
    pub(super) options: CallOptions,
}

/// What every clone of a runtime shares.
pub(super) struct Shared {
    pub(super) http: reqwest::Client,
    pub(super) base_url: Option<Url>,
    pub(super) default_server: Option<&'static str>,
    /// Set per request only for an injected client given a user agent explicitly.
    pub(super) user_agent: Option<HeaderValue>,
    pub(super) timeouts: Timeouts,
    pub(super) retry: RetryPolicy,
    pub(super) bucket: Option<Bucket>,
    pub(super) credentials: Credentials,
    pub(super) max_response_bytes: u64,
    pub(super) validate_requests: bool,
    pub(super) hooks: Hooks,
}

/// Settings that differ for some calls: a view of a client made with
/// [`Runtime::with_options`] applies them to every call made through it (and shares
/// everything else, the retry budget included). Unset fields keep the client's setting.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallOptions {
    /// Whether POST and PATCH are retried (see [`RetryPolicy::retry_non_idempotent`]).
    pub retry_non_idempotent: Option<bool>,
    /// Attempts per call, the first included (1: no retries).
    pub max_attempts: Option<u32>,
    /// The limit for one attempt.
    pub attempt_timeout: Option<Duration>,
    /// The limit for the whole call.
    pub operation_timeout: Option<Duration>,
}

impl CallOptions {
    /// No changes.
    pub fn new() -> Self {
        CallOptions::default()
    }

    /// Sets [`CallOptions::retry_non_idempotent`].
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = Some(retry);
        self
    }

    /// Sets [`CallOptions::max_attempts`].
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = Some(attempts.max(1));
        self
    }

    /// Sets [`CallOptions::attempt_timeout`].
    pub fn attempt_timeout(mut self, limit: Duration) -> Self {
        self.attempt_timeout = Some(limit);
        self
    }

    /// Sets [`CallOptions::operation_timeout`].
    pub fn operation_timeout(mut self, limit: Duration) -> Self {
        self.operation_timeout = Some(limit);
        self
    }
}

impl Runtime {
    pub(super) fn new(shared: Shared) -> Self {
        Runtime {
            shared: Arc::new(shared),
            options: CallOptions::default(),
        }
    }

    /// A builder of a bare runtime (the generated client has its own `builder()`).
    pub fn builder(
        user_agent: impl Into<String>,
        default_server: Option<&'static str>,
    ) -> ClientBuilder {
        ClientBuilder::new(user_agent, default_server)
    }

    /// A view of this client whose calls use `options` (on top of those it has).
    pub fn with_options(&self, options: CallOptions) -> Runtime {
        let mine = self.options;
        Runtime {
            shared: Arc::clone(&self.shared),
            options: CallOptions {
                retry_non_idempotent: options.retry_non_idempotent.or(mine.retry_non_idempotent),
                max_attempts: options.max_attempts.or(mine.max_attempts),
                attempt_timeout: options.attempt_timeout.or(mine.attempt_timeout),
                operation_timeout: options.operation_timeout.or(mine.operation_timeout),
            },
        }
    }

    /// The retry policy of calls made through this view.
    pub fn retry_policy(&self) -> RetryPolicy {
        let mut policy = self.shared.retry.clone();
        if let Some(retry) = self.options.retry_non_idempotent {
            policy.retry_non_idempotent = retry;
        }
        if let Some(attempts) = self.options.max_attempts {
            policy.max_attempts = attempts;
        }
        policy
    }

    /// The time limits of calls made through this view.
    pub fn timeouts(&self) -> Timeouts {
        let mut timeouts = self.shared.timeouts;
        if let Some(limit) = self.options.attempt_timeout {
            timeouts.attempt = Some(limit);
        }
        if let Some(limit) = self.options.operation_timeout {
            timeouts.operation = Some(limit);
        }
        timeouts
    }

    /// The base URL set on the builder, if any.
    pub fn base_url(&self) -> Option<&Url> {
        self.shared.base_url.as_ref()
    }

    /// The underlying HTTP client.
    pub fn http_client(&self) -> &reqwest::Client {
        &self.shared.http
    }

    /// Whether requests are checked against the spec's constraints before sending.
    pub fn validates_requests(&self) -> bool {
        self.shared.validate_requests
    }

    /// Tokens left in the retry budget (`None` without a budget).
    pub fn retry_budget_tokens(&self) -> Option<u32> {
        self.shared.bucket.as_ref().map(Bucket::tokens)
    }

    /// The URL of an operation: the base URL set on the builder, else the operation's own
    /// server, else the spec's; then the path segments, each percent-encoded.
    pub fn url(&self, operation: &Operation, segments: &[&str]) -> Result<Url, RuntimeError> {
        let base = match (
            &self.shared.base_url,
            operation.server.or(self.shared.default_server),
        ) {
            (Some(base), _) => Cow::Borrowed(base),
            (None, Some(server)) => Cow::Owned(parse_base_url(server)?),
            (None, None) => return Err(RuntimeError(Error::NoBaseUrl)),
        };
        join_path(&base, segments)
    }

    /// A request for `operation` with the path `segments` (see [`Runtime::url`]).
    pub fn request(
        &self,
        operation: &'static Operation,
        segments: &[&str],
    ) -> Result<Request, RuntimeError> {
        Ok(Request::new(operation, self.url(operation, segments)?))
    }
}

impl fmt::Debug for Runtime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shared = &self.shared;
        f.debug_struct("Runtime")
            .field("base_url", &shared.base_url.as_ref().map(redacted))
            .field("default_server", &shared.default_server)
            .field("user_agent", &shared.user_agent)
            .field("timeouts", &self.timeouts())
            .field("retry", &self.retry_policy())
            .field("retry_budget_tokens", &self.retry_budget_tokens())
            .field("credentials", &shared.credentials)
            .field("max_response_bytes", &shared.max_response_bytes)
            .field("validate_requests", &shared.validate_requests)
            .field("hooks", &shared.hooks)
            .finish_non_exhaustive()
    }
}
