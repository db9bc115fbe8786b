//! The error type of every client method, and what it tells about the response.

use std::convert::Infallible;
use std::fmt;
use std::time::{Duration, SystemTime};

use super::auth::BoxError;
use super::problem::Problem;
use super::retry::{is_retryable_status, parse_retry_after};
use super::validate::{ValidationError, Violation};

/// Why a call did not produce a value. Every variant that saw a response keeps its
/// status, headers and body, so the caller can inspect what the server said.
///
/// `E` is what the spec says the operation's error responses hold (a schema type, or
/// an enum with one variant per status when they differ); it is [`Infallible`] for an
/// operation that declares none, and then [`Error::Api`] cannot occur.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<E = Infallible> {
    /// The base URL given to the client is not an absolute URL that can take a path.
    #[error("invalid base URL `{url}`: {reason}")]
    InvalidBaseUrl { url: String, reason: String },
    /// A path parameter is empty, `.` or `..`: sent as a path segment it would name
    /// another resource (`DELETE /users/..` is `DELETE /`), so nothing is sent.
    #[error("path parameter `{name}` cannot be {value:?}")]
    InvalidPathParameter { name: &'static str, value: String },
    /// The spec names no absolute server URL and none was set on the client.
    #[error("no base URL: the spec names no absolute server URL; set one with the client builder's `base_url`")]
    NoBaseUrl,
    /// A header name or value the request cannot carry (a line break in a value, say), so
    /// nothing is sent. The value is not shown: it may be a secret.
    #[error("header `{name}` has a name or value that cannot be sent")]
    InvalidHeader { name: String },
    /// Parameters or the body break rules of the spec (`maxLength`, `minimum`, `pattern`,
    /// ...), so nothing is sent. It carries every broken rule, with where it was broken
    /// (see [`Error::violations`]). The client builder's `validate_requests(false)` turns
    /// the checks off.
    #[error(transparent)]
    Validation(#[from] ValidationError),
    /// The request body could not be encoded, so nothing is sent.
    #[error("cannot encode the request body: {0}")]
    EncodeBody(#[source] serde_json::Error),
    /// A parameter (or a text part of a form) of a type the generated code does not define
    /// (a typed format, the user's type) could not be written as text: its serialization
    /// failed (a date-time outside what RFC 3339 can write, say), so nothing is sent.
    #[error("cannot write `{name}` as text: {source}")]
    EncodeParameter {
        name: &'static str,
        #[source]
        source: serde_json::Error,
    },
    /// The credentials of a security scheme could not be had (a token provider failed).
    #[error("cannot get credentials for security scheme `{scheme}`: {source}")]
    Credentials {
        scheme: String,
        #[source]
        source: BoxError,
    },
    /// A `before_attempt` hook refused the request.
    #[error("a before-attempt hook failed: {0}")]
    Hook(#[source] BoxError),
    /// The request could not be sent or the response not read (connection refused, TLS,
    /// the connection closed mid-body), after `attempts` attempts.
    #[error("HTTP request failed after {attempts} attempt(s): {source}")]
    Http {
        #[source]
        source: reqwest::Error,
        attempts: u32,
    },
    /// A time limit was reached: see [`TimeoutKind`] for which one.
    #[error("the {limit} timeout was reached after {attempts} attempt(s)")]
    Timeout { limit: TimeoutKind, attempts: u32 },
    /// The response body is larger than the client's response size limit. The response
    /// keeps the status, the headers and the first `limit` bytes of the body at most.
    #[error("the body of a {} response is larger than the limit of {limit} bytes", .response.status)]
    BodyTooLarge {
        limit: u64,
        response: Box<ErrorResponse>,
    },
    /// The server answered with an error status the spec declares for the operation,
    /// and a body of the declared type (decoded in [`ApiError::value`]).
    #[error("the server answered with error status {}", .0.response.status)]
    Api(Box<ApiError<E>>),
    /// The server answered with a status the operation does not declare, or an error
    /// status it declares without a body.
    #[error("unexpected HTTP status {}", .0.status)]
    UnexpectedStatus(Box<ErrorResponse>),
    /// A paged stream cannot go on: the server leads it in a circle (a next page named
    /// before, the same page twice in a row), or names a next page that is no URL or lies on
    /// another origin (where the client's credentials must not go). The pages before were
    /// delivered.
    #[error("cannot fetch the next page: {reason}")]
    Pagination { reason: String },
    /// The server answered with a status the operation declares, but the body is not
    /// what the spec says.
    #[error("cannot decode the body of a {} response: {source}", .response.status)]
    Decode {
        response: Box<ErrorResponse>,
        #[source]
        source: serde_json::Error,
    },
}

/// Which time limit ended a call (see the client builder for the defaults).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeoutKind {
    /// Opening the connection (TCP and TLS) took too long.
    Connect,
    /// One attempt (sending, waiting for the answer, reading its body) took too long.
    Attempt,
    /// The whole call, with all its attempts and the pauses between them, took too long.
    Operation,
}

impl fmt::Display for TimeoutKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TimeoutKind::Connect => "connect",
            TimeoutKind::Attempt => "attempt",
            TimeoutKind::Operation => "operation",
        })
    }
}

/// An error response the spec declares: its decoded body, and the response itself.
#[derive(Debug, Clone)]
pub struct ApiError<E> {
    pub value: E,
    pub response: ErrorResponse,
}

/// A response the client could not turn into the operation's success value.
#[derive(Debug, Clone)]
pub struct ErrorResponse {
    pub status: reqwest::StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: bytes::Bytes,
    /// How many attempts the call made; this response is the last one's.
    pub attempts: u32,
}

/// The errors of the runtime itself, before an operation decodes anything: it converts
/// into every [`Error<E>`] with `?`. (A `From<Error<Infallible>>` for every `Error<E>`
/// would overlap the blanket `From<T> for T`, hence this wrapper.)
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct RuntimeError(pub Error);

impl RuntimeError {
    /// The error, as the one without a declared error type.
    pub fn into_inner(self) -> Error {
        self.0
    }
}

impl From<Error> for RuntimeError {
    fn from(error: Error) -> Self {
        RuntimeError(error)
    }
}

impl From<ValidationError> for RuntimeError {
    fn from(error: ValidationError) -> Self {
        RuntimeError(Error::Validation(error))
    }
}

impl<E> From<RuntimeError> for Error<E> {
    fn from(error: RuntimeError) -> Self {
        match error.0 {
            Error::InvalidBaseUrl { url, reason } => Error::InvalidBaseUrl { url, reason },
            Error::InvalidPathParameter { name, value } => {
                Error::InvalidPathParameter { name, value }
            }
            Error::NoBaseUrl => Error::NoBaseUrl,
            Error::InvalidHeader { name } => Error::InvalidHeader { name },
            Error::Validation(error) => Error::Validation(error),
            Error::EncodeBody(source) => Error::EncodeBody(source),
            Error::EncodeParameter { name, source } => Error::EncodeParameter { name, source },
            Error::Credentials { scheme, source } => Error::Credentials { scheme, source },
            Error::Hook(source) => Error::Hook(source),
            Error::Http { source, attempts } => Error::Http { source, attempts },
            Error::Timeout { limit, attempts } => Error::Timeout { limit, attempts },
            Error::BodyTooLarge { limit, response } => Error::BodyTooLarge { limit, response },
            Error::Api(api) => match api.value {},
            Error::UnexpectedStatus(response) => Error::UnexpectedStatus(response),
            Error::Decode { response, source } => Error::Decode { response, source },
            Error::Pagination { reason } => Error::Pagination { reason },
        }
    }
}

impl<E> Error<E> {
    /// The HTTP status, when a response was received.
    pub fn status(&self) -> Option<reqwest::StatusCode> {
        match self {
            Error::Http { source, .. } => source.status(),
            _ => self.response().map(|response| response.status),
        }
    }

    /// The response (status, headers, body), when one was received and read.
    pub fn response(&self) -> Option<&ErrorResponse> {
        match self {
            Error::Api(error) => Some(&error.response),
            Error::UnexpectedStatus(response)
            | Error::Decode { response, .. }
            | Error::BodyTooLarge { response, .. } => Some(response),
            _ => None,
        }
    }

    /// The response body, when a response was received and read.
    pub fn body(&self) -> Option<&[u8]> {
        self.response().map(|response| &response.body[..])
    }

    /// The response body decoded as JSON of type `T` (`serde_json::Value`, or a type
    /// the spec does not declare for this status), when a response was received.
    pub fn body_json<T: serde::de::DeserializeOwned>(
        &self,
    ) -> Option<Result<T, serde_json::Error>> {
        self.body().map(serde_json::from_slice)
    }

    /// The declared error value ([`Error::Api`]), if that is what this error is.
    pub fn api_value(&self) -> Option<&E> {
        match self {
            Error::Api(error) => Some(&error.value),
            _ => None,
        }
    }

    /// The RFC 9457 problem details of the response, when its `Content-Type` is
    /// `application/problem+json` and its body a JSON object, whether or not the spec
    /// declares that body.
    pub fn problem(&self) -> Option<Problem> {
        self.response().and_then(Problem::from_response)
    }

    /// Whether the same call might succeed if made again later: a connection that could
    /// not be opened, a timeout, or a status of 429, 502, 503 or 504. The client has
    /// retried such calls already as its retry policy allows.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Http { source, .. } => source.is_connect() || source.is_timeout(),
            Error::Timeout { .. } => true,
            _ => self
                .response()
                .is_some_and(|response| is_retryable_status(response.status)),
        }
    }

    /// How long the server asked the client to wait (the response's `Retry-After`, in
    /// seconds or as an HTTP date, counted from now), when it did.
    pub fn retry_after(&self) -> Option<Duration> {
        let value = self.response()?.headers.get(reqwest::header::RETRY_AFTER)?;
        parse_retry_after(value.to_str().ok()?, SystemTime::now())
    }

    /// Which time limit was reached, if this is a timeout (of the client's own limits, or
    /// one that an injected `reqwest::Client` reported, counted as an attempt timeout).
    pub fn timeout(&self) -> Option<TimeoutKind> {
        match self {
            Error::Timeout { limit, .. } => Some(*limit),
            _ => None,
        }
    }

    /// The rules of the spec the request broke, when it was not sent for that reason.
    pub fn violations(&self) -> Option<&[Violation]> {
        match self {
            Error::Validation(error) => Some(error.violations()),
            _ => None,
        }
    }

    /// How many attempts the call made (0 when it failed before sending anything).
    pub fn attempts(&self) -> u32 {
        match self {
            Error::Http { attempts, .. } | Error::Timeout { attempts, .. } => *attempts,
            _ => self.response().map_or(0, |response| response.attempts),
        }
    }
}
