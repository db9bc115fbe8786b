//! The client runtime: everything a generated client does that is the same for every spec.
//!
//! A generated method describes its call as plain data (a [`Request`] for a static
//! [`Operation`]), hands it to [`Runtime::send`], and decodes the [`RawResponse`] by status
//! with [`RawResponse::json`], [`RawResponse::api_error`] and [`RawResponse::unexpected`].
//! `send` applies the credentials, the hooks, the three time limits, retries (backoff with
//! full jitter, `Retry-After`, the retry budget), the response size limit and tracing.
//!
//! These files are copied verbatim into every generated crate (as its `runtime` module),
//! so they refer to each other only through `super::`.

mod attempt;
pub mod auth;
pub mod budget;
pub mod builder;
pub mod client;
pub mod de;
pub mod error;
pub mod form;
pub mod hooks;
pub mod lenient;
#[cfg(feature = "mock")]
pub mod mock;
pub mod multipart;
pub mod paginate;
pub mod params;
pub mod pattern;
pub mod problem;
pub mod request;
pub mod response;
pub mod retry;
pub mod secret;
mod send;
pub mod ser;
pub mod time_format;
mod trace;
pub mod url;
pub mod validate;

pub use auth::{
    BoxError, Credential, KeyLocation, Scheme, SchemeKind, Security, StaticToken, TokenFuture,
    TokenProvider,
};
pub use budget::RetryBudget;
pub use builder::{ClientBuilder, Timeouts};
pub use client::{CallOptions, Runtime};
pub use error::{ApiError, Error, ErrorResponse, RuntimeError, TimeoutKind};
pub use hooks::{AttemptContext, AttemptReport};
pub use problem::Problem;
pub use request::{Body, Operation, Request};
pub use response::RawResponse;
pub use retry::RetryPolicy;
pub use secret::Secret;
pub use validate::{Validate, ValidationError, Violation, Violations};
