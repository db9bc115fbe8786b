//! Hooks that run around each attempt: before (may change the request: extra headers,
//! signing) and after (observe status and timing).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::{Method, StatusCode};

use super::auth::BoxError;
use super::error::Error;

/// What a `before_attempt` hook is told about the attempt it may change.
#[derive(Debug, Clone, Copy)]
pub struct AttemptContext {
    /// The operation's id.
    pub operation_id: &'static str,
    /// The operation's path template (`/users/{user_id}`).
    pub path_template: &'static str,
    /// 1 for the first attempt, 2 for the first retry, and so on.
    pub attempt: u32,
}

/// What an `after_attempt` hook observes about an attempt that ended.
#[derive(Debug)]
pub struct AttemptReport<'a> {
    pub operation_id: &'static str,
    pub method: &'a Method,
    /// The URL's path (never its query, which may hold an API key).
    pub path: &'a str,
    /// 1 for the first attempt, 2 for the first retry, and so on.
    pub attempt: u32,
    /// From the start of the attempt to its end (the body read, or the error).
    pub duration: Duration,
    /// The status, or why there is none.
    pub outcome: Result<StatusCode, &'a Error>,
}

/// Runs before each attempt, after the credentials are applied; an error ends the call
/// with [`Error::Hook`]. It is synchronous: an asynchronous credential belongs in a
/// [`TokenProvider`](super::auth::TokenProvider).
pub type BeforeAttempt =
    Arc<dyn Fn(&mut reqwest::Request, &AttemptContext) -> Result<(), BoxError> + Send + Sync>;

/// Runs after each attempt, whatever its outcome.
pub type AfterAttempt = Arc<dyn Fn(&AttemptReport<'_>) + Send + Sync>;

/// The hooks of a client, each kind run in the order added.
#[derive(Clone, Default)]
pub struct Hooks {
    pub before: Vec<BeforeAttempt>,
    pub after: Vec<AfterAttempt>,
}

impl fmt::Debug for Hooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hooks")
            .field("before", &self.before.len())
            .field("after", &self.after.len())
            .finish()
    }
}
