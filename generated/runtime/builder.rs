//! The client builder: every setting of a client, with defaults under which nothing can
//! hang forever.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;

use super::auth::BoxError;
use super::auth::{Credential, Credentials, StaticToken, TokenProvider};
use super::budget::Bucket;
use super::client::{Runtime, Shared};
use super::error::Error;
use super::hooks::{AttemptContext, AttemptReport, Hooks};
use super::retry::RetryPolicy;
use super::secret::Secret;
use super::url::{parse_base_url, redacted};

/// Default limit for opening a connection (TCP and TLS).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default limit for one attempt: sending, waiting for the answer, reading the body.
pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default limit for a whole call, all attempts and the pauses between them included.
pub const DEFAULT_OPERATION_TIMEOUT: Duration = Duration::from_secs(60);
/// Default largest response body read into memory (16 MiB).
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 16 * 1024 * 1024;

/// The time limits of a client; `None` is no limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Timeouts {
    /// Opening a connection: [`DEFAULT_CONNECT_TIMEOUT`]. Applies to the HTTP client the
    /// builder makes; an injected `reqwest::Client` keeps its own.
    pub connect: Option<Duration>,
    /// One attempt: [`DEFAULT_ATTEMPT_TIMEOUT`].
    pub attempt: Option<Duration>,
    /// A whole call: [`DEFAULT_OPERATION_TIMEOUT`].
    pub operation: Option<Duration>,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Some(DEFAULT_CONNECT_TIMEOUT),
            attempt: Some(DEFAULT_ATTEMPT_TIMEOUT),
            operation: Some(DEFAULT_OPERATION_TIMEOUT),
        }
    }
}

/// Builds a client: the runtime, wrapped in the generated crate's client type `C` (any
/// type made from a [`Runtime`]; `Runtime` itself by default).
pub struct ClientBuilder<C = Runtime> {
    user_agent: String,
    default_server: Option<&'static str>,
    base_url: Option<String>,
    http: Option<reqwest::Client>,
    user_agent_set: bool,
    timeouts: Timeouts,
    retry: RetryPolicy,
    credentials: Credentials,
    max_response_bytes: u64,
    validate_requests: bool,
    hooks: Hooks,
    client: PhantomData<fn() -> C>,
}

impl<C: From<Runtime>> ClientBuilder<C> {
    /// A builder with the defaults: `user_agent` (the generated crate passes its name and
    /// version, `name/1.2.3`) and the server the spec names first, if it names an absolute
    /// one (`default_server`).
    pub fn new(user_agent: impl Into<String>, default_server: Option<&'static str>) -> Self {
        ClientBuilder {
            user_agent: user_agent.into(),
            default_server,
            base_url: None,
            http: None,
            user_agent_set: false,
            timeouts: Timeouts::default(),
            retry: RetryPolicy::default(),
            credentials: Credentials::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            validate_requests: true,
            hooks: Hooks::default(),
            client: PhantomData,
        }
    }

    /// Sends every operation to `url` (e.g. `http://127.0.0.1:4010` for a mock server),
    /// including those for which the spec names a server of their own. Checked by
    /// [`ClientBuilder::build`].
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Sends requests through `http` (for proxies, TLS settings and middleware of your
    /// own). Its connect timeout and user agent are its own, unless
    /// [`ClientBuilder::user_agent`] is called too.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Sets all three time limits at once.
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// Sets the limit for opening a connection (`None`: none).
    pub fn connect_timeout(mut self, limit: impl Into<Option<Duration>>) -> Self {
        self.timeouts.connect = limit.into();
        self
    }

    /// Sets the limit for one attempt (`None`: none).
    pub fn attempt_timeout(mut self, limit: impl Into<Option<Duration>>) -> Self {
        self.timeouts.attempt = limit.into();
        self
    }

    /// Sets the limit for a whole call (`None`: none).
    pub fn operation_timeout(mut self, limit: impl Into<Option<Duration>>) -> Self {
        self.timeouts.operation = limit.into();
        self
    }

    /// Sets the `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self.user_agent_set = true;
        self
    }

    /// Sets the retry policy ([`RetryPolicy::disabled`] switches retries off).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Sends `Authorization: Bearer <token>` with every operation that accepts a bearer
    /// scheme without a credential of its own.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.credentials
            .set_any_bearer(Arc::new(StaticToken::new(token)));
        self
    }

    /// Asks `provider` for the bearer token before each attempt of every operation that
    /// accepts a bearer scheme without a credential of its own.
    pub fn token_provider(mut self, provider: impl TokenProvider + 'static) -> Self {
        self.credentials.set_any_bearer(Arc::new(provider));
        self
    }

    /// Sends HTTP basic authentication with every operation that accepts a basic scheme
    /// without a credential of its own.
    pub fn basic_auth(mut self, username: impl Into<String>, password: Option<String>) -> Self {
        self.credentials
            .set_any_basic(Secret::new(username), password.map(Secret::new));
        self
    }

    /// Sets the API key of the security scheme named `scheme` (the name under
    /// `components.securitySchemes`); it goes where the scheme says.
    pub fn api_key(mut self, scheme: impl Into<String>, key: impl Into<String>) -> Self {
        self.credentials.set(scheme, Credential::api_key(key));
        self
    }

    /// Sets the credential of the security scheme named `scheme`.
    pub fn credential(mut self, scheme: impl Into<String>, credential: Credential) -> Self {
        self.credentials.set(scheme, credential);
        self
    }

    /// Sets the largest response body read into memory; a larger one ends the call with
    /// [`Error::BodyTooLarge`]. Default: [`DEFAULT_MAX_RESPONSE_BYTES`].
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Whether parameters and bodies are checked against the spec's constraints before
    /// sending (on by default; the checks themselves come with the generated code).
    pub fn validate_requests(mut self, validate: bool) -> Self {
        self.validate_requests = validate;
        self
    }

    /// Adds a hook that runs before each attempt and may change the request (see
    /// [`BeforeAttempt`](super::hooks::BeforeAttempt)).
    pub fn before_attempt(
        mut self,
        hook: impl Fn(&mut reqwest::Request, &AttemptContext) -> Result<(), BoxError>
            + Send
            + Sync
            + 'static,
    ) -> Self {
        self.hooks.before.push(Arc::new(hook));
        self
    }

    /// Adds a hook that runs after each attempt.
    pub fn after_attempt(
        mut self,
        hook: impl Fn(&AttemptReport<'_>) + Send + Sync + 'static,
    ) -> Self {
        self.hooks.after.push(Arc::new(hook));
        self
    }

    /// The client.
    pub fn build(self) -> Result<C, Error> {
        self.build_runtime().map(C::from)
    }

    /// The runtime, for a client type of your own.
    pub fn build_runtime(self) -> Result<Runtime, Error> {
        let base_url = match &self.base_url {
            Some(url) => Some(parse_base_url(url).map_err(|e| e.0)?),
            None => None,
        };
        let user_agent =
            HeaderValue::from_str(&self.user_agent).map_err(|_| Error::InvalidHeader {
                name: "user-agent".to_owned(),
            })?;
        let (http, user_agent) = match self.http {
            // An injected client keeps its own user agent unless one was set here.
            Some(http) => (http, self.user_agent_set.then_some(user_agent)),
            None => {
                // Without a process-wide provider, rustls cannot pick one when several
                // crates enable different ones; installing fails harmlessly if one is set.
                let _ = rustls::crypto::ring::default_provider().install_default();
                let mut builder = reqwest::Client::builder().user_agent(user_agent);
                if let Some(limit) = self.timeouts.connect {
                    builder = builder.connect_timeout(limit);
                }
                let http = builder.build().map_err(|source| Error::Http {
                    source,
                    attempts: 0,
                })?;
                (http, None)
            }
        };
        let bucket = self.retry.budget.as_ref().map(Bucket::new);
        Ok(Runtime::new(Shared {
            http,
            base_url,
            default_server: self.default_server,
            user_agent,
            timeouts: self.timeouts,
            retry: self.retry,
            bucket,
            credentials: self.credentials,
            max_response_bytes: self.max_response_bytes,
            validate_requests: self.validate_requests,
            hooks: self.hooks,
        }))
    }
}

impl<C> Clone for ClientBuilder<C> {
    fn clone(&self) -> Self {
        ClientBuilder {
            user_agent: self.user_agent.clone(),
            default_server: self.default_server,
            base_url: self.base_url.clone(),
            http: self.http.clone(),
            user_agent_set: self.user_agent_set,
            timeouts: self.timeouts,
            retry: self.retry.clone(),
            credentials: self.credentials.clone(),
            max_response_bytes: self.max_response_bytes,
            validate_requests: self.validate_requests,
            hooks: self.hooks.clone(),
            client: PhantomData,
        }
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("user_agent", &self.user_agent)
            .field("default_server", &self.default_server)
            .field("base_url", &self.base_url.as_deref().map(shown_url))
            .field("http", &self.http.as_ref().map(|_| "<injected>"))
            .field("timeouts", &self.timeouts)
            .field("retry", &self.retry)
            .field("credentials", &self.credentials)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("validate_requests", &self.validate_requests)
            .field("hooks", &self.hooks)
            .finish()
    }
}

/// A base URL as `Debug` may show it (see [`redacted`]).
fn shown_url(url: &str) -> String {
    reqwest::Url::parse(url).map_or_else(|_| "<not a URL>".to_owned(), |url| redacted(&url))
}
