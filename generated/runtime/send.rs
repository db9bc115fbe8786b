//! Sending one call: attempts, the time limit of the whole call, retries with backoff,
//! `Retry-After` and the retry budget.

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE, RETRY_AFTER, USER_AGENT};
use reqwest::Method;
use tokio::time::Instant;
use tracing::Instrument;

use super::attempt::Attempt;
use super::client::Runtime;
use super::error::{Error, RuntimeError, TimeoutKind};
use super::request::{Body, Operation, Request};
use super::response::RawResponse;
use super::retry::{is_retryable_status, jitter_fraction, parse_retry_after, RetryReason};
use super::trace;
use super::url::append_query;

/// A request checked and ready to be sent any number of times.
pub(super) struct Prepared {
    pub(super) operation: &'static Operation,
    pub(super) method: Method,
    /// With the query.
    pub(super) url: reqwest::Url,
    /// With the content type and (for an injected client given one) the user agent.
    pub(super) headers: HeaderMap,
    /// The request's own cookies, `name=value; …`.
    pub(super) cookies: Option<String>,
}

impl Runtime {
    /// Sends a request, retrying as the policy allows, and reads the last response to the
    /// end (within the size limit). Whatever the status, a response that was read is
    /// `Ok`: turning it into the operation's value or error is the caller's business.
    pub async fn send(&self, request: Request) -> Result<RawResponse, RuntimeError> {
        let span = trace::operation_span(request.operation);
        let started = Instant::now();
        let result = match self.prepare(request) {
            Err(error) => Err(error),
            // Without a subscriber that wants the span, the attempts are not wrapped in it:
            // entering a disabled span does nothing, but the wrapper is one more move of
            // this large future and a check on every poll.
            Ok((prepared, body)) if span.is_disabled() => {
                self.send_attempts(&prepared, body, started).await
            }
            Ok((prepared, body)) => {
                self.send_attempts(&prepared, body, started)
                    .instrument(span.clone())
                    .await
            }
        };
        trace::finish(&span, &result, started.elapsed());
        result.map_err(RuntimeError)
    }

    async fn send_attempts(
        &self,
        prepared: &Prepared,
        mut body: Body,
        started: Instant,
    ) -> Result<RawResponse, Error> {
        let policy = self.retry_policy();
        let timeouts = self.timeouts();
        let deadline = timeouts
            .operation
            .and_then(|limit| started.checked_add(limit));
        let chosen = self.shared.credentials.choose(prepared.operation.security);
        let attempt = Attempt {
            runtime: self,
            prepared,
            credentials: chosen,
            limit: timeouts.attempt,
            deadline,
        };
        let replayable = body.is_replayable();
        let allowed = policy.allows(&prepared.method);
        let mut number = 0;
        loop {
            number += 1;
            let outcome = attempt.run(number, body.for_attempt()).await;
            let Some(reason) = retry_reason(&outcome) else {
                if let (Some(bucket), Some(budget)) = (&self.shared.bucket, &policy.budget) {
                    bucket.deposit(budget);
                }
                return finish(outcome, number);
            };
            let refusal = if !replayable {
                Some("the body cannot be sent again")
            } else if !allowed {
                Some("the policy does not retry this method")
            } else if number >= policy.max_attempts {
                Some("the last attempt the policy allows was made")
            } else {
                None
            };
            if let Some(why) = refusal {
                trace::no_retry(number, reason, why);
                return finish(outcome, number);
            }
            let retry_after = match &outcome {
                Ok(response) => response
                    .headers
                    .get(RETRY_AFTER)
                    .and_then(|value| value.to_str().ok())
                    .and_then(|value| parse_retry_after(value, std::time::SystemTime::now())),
                Err(_) => None,
            };
            let delay = policy.delay(number, retry_after, jitter_fraction());
            let pause_end = Instant::now().checked_add(delay);
            if deadline.is_some_and(|deadline| pause_end.is_none_or(|end| end >= deadline)) {
                trace::no_retry(
                    number,
                    reason,
                    "the pause would end after the operation timeout",
                );
                return finish(outcome, number);
            }
            // (No nested `if`s here or below: under edition 2024, which a generated crate may
            // choose, clippy would ask for let chains, which 2021 does not have.)
            let exhausted = match (&self.shared.bucket, &policy.budget) {
                (Some(bucket), Some(budget)) => !bucket.withdraw(budget),
                _ => false,
            };
            if exhausted {
                trace::budget_exhausted(number, reason);
                return finish(outcome, number);
            }
            trace::retry(number, reason, delay);
            tokio::time::sleep(delay).await;
        }
    }

    /// Checks the request's headers and puts its query on the URL, once for all attempts.
    fn prepare(&self, request: Request) -> Result<(Prepared, Body), Error> {
        let invalid = |name: &str| Error::InvalidHeader {
            name: name.to_owned(),
        };
        let mut headers = HeaderMap::new();
        for (name, value) in &request.headers {
            let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid(name))?;
            let value = HeaderValue::from_str(value).map_err(|_| invalid(name))?;
            headers.append(header, value);
        }
        let content_type = match &request.body {
            Body::Empty => None,
            Body::Bytes { content_type, .. } | Body::Once { content_type, .. } => {
                Some(content_type)
            }
        };
        if let Some(content_type) = content_type.filter(|_| !headers.contains_key(CONTENT_TYPE)) {
            let value = HeaderValue::from_str(content_type).map_err(|_| invalid("content-type"))?;
            headers.insert(CONTENT_TYPE, value);
        }
        let user_agent = self.shared.user_agent.as_ref();
        if let Some(user_agent) = user_agent.filter(|_| !headers.contains_key(USER_AGENT)) {
            headers.insert(USER_AGENT, user_agent.clone());
        }
        let cookies = (!request.cookies.is_empty()).then(|| {
            let pairs: Vec<String> = request
                .cookies
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect();
            pairs.join("; ")
        });
        let mut url = request.url;
        append_query(&mut url, &request.query);
        let prepared = Prepared {
            operation: request.operation,
            method: request.operation.method.clone(),
            url,
            headers,
            cookies,
        };
        Ok((prepared, request.body))
    }
}

/// Why an attempt's outcome is worth another attempt, if it is.
fn retry_reason(outcome: &Result<RawResponse, Error>) -> Option<RetryReason> {
    match outcome {
        Ok(response) if is_retryable_status(response.status) => {
            Some(RetryReason::Status(response.status))
        }
        Ok(_) => None,
        Err(Error::Http { source, .. }) if source.is_connect() => Some(RetryReason::Connect),
        Err(Error::Http { source, .. }) if source.is_timeout() => Some(RetryReason::Timeout),
        Err(Error::Timeout {
            limit: TimeoutKind::Connect | TimeoutKind::Attempt,
            ..
        }) => Some(RetryReason::Timeout),
        Err(_) => None,
    }
}

/// The call's result, with the number of attempts it made.
fn finish(outcome: Result<RawResponse, Error>, attempts: u32) -> Result<RawResponse, Error> {
    outcome.map(|mut response| {
        response.attempts = attempts;
        response
    })
}
