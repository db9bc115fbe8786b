//! One attempt of a call: credentials, the before-attempt hooks, sending, reading the body
//! within the size limit, all within the attempt's time limit; then the after-attempt hooks.

use std::time::Duration;

use reqwest::header::{HeaderValue, COOKIE};
use tokio::time::Instant;

use super::auth::{resolve, Chosen, Resolved};
use super::client::Runtime;
use super::error::{Error, TimeoutKind};
use super::hooks::{AttemptContext, AttemptReport};
use super::request::Body;
use super::response::{read_limited, RawResponse, ReadError};
use super::secret::Secret;
use super::send::Prepared;
use super::url::{append_query, query_pair};

/// What every attempt of one call shares.
pub(super) struct Attempt<'a> {
    pub(super) runtime: &'a Runtime,
    pub(super) prepared: &'a Prepared,
    pub(super) credentials: Chosen<'a>,
    /// The limit of one attempt.
    pub(super) limit: Option<Duration>,
    /// When the whole call must end.
    pub(super) deadline: Option<Instant>,
}

impl Attempt<'_> {
    /// Makes attempt number `number`, then tells the after-attempt hooks how it went.
    pub(super) async fn run(&self, number: u32, body: Body) -> Result<RawResponse, Error> {
        let started = Instant::now();
        let attempt_deadline = self.limit.and_then(|limit| started.checked_add(limit));
        let (deadline, limit) = match (attempt_deadline, self.deadline) {
            (Some(attempt), Some(operation)) if attempt < operation => {
                (Some(attempt), TimeoutKind::Attempt)
            }
            (_, Some(operation)) => (Some(operation), TimeoutKind::Operation),
            (attempt, None) => (attempt, TimeoutKind::Attempt),
        };
        let work = self.send(number, body);
        let outcome = match deadline {
            Some(deadline) => match tokio::time::timeout_at(deadline, work).await {
                Ok(outcome) => outcome,
                Err(_elapsed) => Err(Error::Timeout {
                    limit,
                    attempts: number,
                }),
            },
            None => work.await,
        };
        let hooks = &self.runtime.shared.hooks.after;
        if !hooks.is_empty() {
            let report = AttemptReport {
                operation_id: self.prepared.operation.id,
                method: &self.prepared.method,
                path: self.prepared.url.path(),
                attempt: number,
                duration: started.elapsed(),
                outcome: match &outcome {
                    Ok(response) => Ok(response.status),
                    Err(error) => Err(error),
                },
            };
            for hook in hooks {
                hook(&report);
            }
        }
        outcome
    }

    async fn send(&self, number: u32, body: Body) -> Result<RawResponse, Error> {
        let shared = &self.runtime.shared;
        let resolved = resolve(self.credentials).await?;
        // Built in a plain function: its locals (the builder, the URL, the cookies) are not
        // kept in this future, which every call moves and polls.
        let (request, secret_in_url) = self.request(number, body, resolved)?;
        let http_error = |source: reqwest::Error| http_error(source, number, secret_in_url);
        let response = shared.http.execute(request).await.map_err(http_error)?;
        match read_limited(response, shared.max_response_bytes).await {
            Ok(response) => Ok(response),
            Err(ReadError::Http(source)) => Err(http_error(source)),
            Err(ReadError::TooLarge(mut response)) => {
                response.attempts = number;
                Err(Error::BodyTooLarge {
                    limit: shared.max_response_bytes,
                    response: Box::new(response.into_parts()),
                })
            }
        }
    }

    /// The HTTP request of attempt number `number`, after the before-attempt hooks, and
    /// whether its URL holds a secret (then errors must not show it).
    fn request(
        &self,
        number: u32,
        body: Body,
        resolved: Resolved<'_>,
    ) -> Result<(reqwest::Request, bool), Error> {
        let shared = &self.runtime.shared;
        let prepared = self.prepared;
        let mut url = prepared.url.clone();
        if !resolved.query.is_empty() {
            let pairs: Vec<String> = resolved
                .query
                .iter()
                .map(|(name, key)| query_pair(name, key.expose()))
                .collect();
            append_query(&mut url, &pairs);
        }
        // reqwest puts the URL in its errors' messages: not when it holds a secret.
        let secret_in_url = !resolved.query.is_empty() || url.password().is_some();

        let mut builder = shared
            .http
            .request(prepared.method.clone(), url)
            .headers(prepared.headers.clone());
        match body {
            Body::Empty => {}
            Body::Bytes { content, .. } => builder = builder.body(content),
            Body::Once { body, .. } => builder = builder.body(body),
        }
        if let Some(token) = &resolved.bearer {
            builder = builder.bearer_auth(token.expose());
        }
        if let Some((username, password)) = resolved.basic {
            builder = builder.basic_auth(username.expose(), password.map(Secret::expose));
        }
        for (name, key) in &resolved.headers {
            builder = builder.header(*name, sensitive(key.expose(), name)?);
        }
        let mut cookies: Vec<String> = prepared.cookies.iter().cloned().collect();
        cookies.extend(
            resolved
                .cookies
                .iter()
                .map(|(name, key)| format!("{name}={}", key.expose())),
        );
        if !cookies.is_empty() {
            builder = builder.header(COOKIE, sensitive(&cookies.join("; "), "cookie")?);
        }
        let mut request = builder
            .build()
            .map_err(|source| http_error(source, number, secret_in_url))?;

        let context = AttemptContext {
            operation_id: prepared.operation.id,
            path_template: prepared.operation.path,
            attempt: number,
        };
        for hook in &shared.hooks.before {
            hook(&mut request, &context).map_err(Error::Hook)?;
        }
        Ok((request, secret_in_url))
    }
}

/// A header value that `Debug` output of the request does not show.
fn sensitive(value: &str, name: &str) -> Result<HeaderValue, Error> {
    let mut value = HeaderValue::from_str(value).map_err(|_| Error::InvalidHeader {
        name: name.to_owned(),
    })?;
    value.set_sensitive(true);
    Ok(value)
}

/// The error of a failed send or read: a timeout says which, and the URL is left out of
/// the message when it holds a secret.
fn http_error(source: reqwest::Error, attempts: u32, secret_in_url: bool) -> Error {
    if source.is_timeout() {
        // reqwest's own limits: the connect timeout of a client this builder made, or any
        // timeout of an injected client, which counts as the attempt's.
        let limit = if source.is_connect() {
            TimeoutKind::Connect
        } else {
            TimeoutKind::Attempt
        };
        return Error::Timeout { limit, attempts };
    }
    let source = if secret_in_url {
        source.without_url()
    } else {
        source
    };
    Error::Http { source, attempts }
}
