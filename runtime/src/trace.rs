//! Tracing: a span per call, an event per retry. Only the operation's id, method and path
//! template, statuses, counts, durations and the kind of an error are recorded: never a
//! header, a URL (it may hold ids or an API key), an error message (it may hold the URL) or
//! a body.

use std::time::Duration;

use tracing::field::Empty;
use tracing::Span;

use super::error::Error;
use super::request::Operation;
use super::response::RawResponse;
use super::retry::RetryReason;

/// The span of one call; [`finish`] fills in how it ended.
pub(super) fn operation_span(operation: &Operation) -> Span {
    tracing::info_span!(
        "http_operation",
        operation.id = operation.id,
        http.method = operation.method.as_str(),
        http.path_template = operation.path,
        http.status = Empty,
        attempts = Empty,
        duration_ms = Empty,
        error = Empty,
    )
}

/// Records the call's outcome on its span.
pub(super) fn finish(span: &Span, result: &Result<RawResponse, Error>, duration: Duration) {
    span.record("duration_ms", millis(duration));
    match result {
        Ok(response) => {
            span.record("http.status", response.status.as_u16());
            span.record("attempts", response.attempts);
        }
        Err(error) => {
            if let Some(status) = error.status() {
                span.record("http.status", status.as_u16());
            }
            span.record("attempts", error.attempts());
            span.record("error", error_kind(error));
        }
    }
}

/// A retry is about to be made after `delay`.
pub(super) fn retry(attempt: u32, reason: RetryReason, delay: Duration) {
    tracing::info!(
        attempt,
        reason = %reason,
        delay_ms = millis(delay),
        "retrying"
    );
}

/// An attempt failed in a way worth retrying, but no retry is made, for `why`.
pub(super) fn no_retry(attempt: u32, reason: RetryReason, why: &'static str) {
    tracing::debug!(attempt, reason = %reason, why, "not retrying");
}

/// A retry was refused because the retry budget is spent: the server is failing for many
/// callers.
pub(super) fn budget_exhausted(attempt: u32, reason: RetryReason) {
    tracing::warn!(
        attempt,
        reason = %reason,
        "not retrying: the retry budget is exhausted"
    );
}

/// A short, fixed name for the kind of an error.
fn error_kind(error: &Error) -> &'static str {
    match error {
        Error::InvalidBaseUrl { .. } | Error::NoBaseUrl => "base URL",
        Error::InvalidPathParameter { .. } | Error::InvalidHeader { .. } => "invalid request",
        Error::Validation(_) => "validation",
        Error::EncodeBody(_) => "body encoding",
        Error::EncodeParameter { .. } => "parameter encoding",
        Error::Credentials { .. } => "credentials",
        Error::Hook(_) => "hook",
        Error::Http { source, .. } if source.is_connect() => "connect",
        Error::Http { source, .. } if source.is_body() => "body read",
        Error::Http { .. } => "http",
        Error::Timeout { limit, .. } => match limit {
            super::error::TimeoutKind::Connect => "connect timeout",
            super::error::TimeoutKind::Attempt => "attempt timeout",
            super::error::TimeoutKind::Operation => "operation timeout",
        },
        Error::BodyTooLarge { .. } => "body too large",
        Error::Pagination { .. } => "pagination",
        Error::Api(_) | Error::UnexpectedStatus(_) | Error::Decode { .. } => "response",
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
