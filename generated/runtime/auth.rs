//! Credentials: the token-provider interface, the credentials a client holds per security
//! scheme, and choosing which of an operation's security requirements to satisfy.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use super::error::Error;
use super::secret::Secret;

/// Any error, as a token provider or a hook reports it.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// The future of a bearer token.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<String, BoxError>> + Send + 'a>>;

/// Asked for a bearer token before each attempt of each request that uses bearer auth
/// (so a provider can refresh an expiring token, or mint one per request). A provider
/// that fails ends the call with [`Error::Credentials`].
pub trait TokenProvider: Send + Sync {
    /// The token to send now.
    fn token(&self) -> TokenFuture<'_>;

    /// The token, when it is at hand without waiting (a token that never changes): then
    /// the runtime sends it as it is, without asking [`TokenProvider::token`] (whose boxed
    /// future and copy of the token would be made on every attempt). `None`, the default:
    /// ask `token`.
    fn ready_token(&self) -> Option<&Secret> {
        None
    }
}

/// A token that never changes.
#[derive(Debug, Clone)]
pub struct StaticToken(Secret);

impl StaticToken {
    /// The provider of `token`.
    pub fn new(token: impl Into<String>) -> Self {
        StaticToken(Secret::new(token))
    }
}

impl TokenProvider for StaticToken {
    fn token(&self) -> TokenFuture<'_> {
        let token = self.0.expose().to_owned();
        Box::pin(std::future::ready(Ok(token)))
    }

    fn ready_token(&self) -> Option<&Secret> {
        Some(&self.0)
    }
}

/// The credentials of one security scheme.
#[derive(Clone)]
pub enum Credential {
    /// `Authorization: Bearer <token>`, the token asked of the provider per attempt.
    Bearer(Arc<dyn TokenProvider>),
    /// HTTP basic authentication. The user name is a secret too: some APIs put their key
    /// there.
    Basic {
        username: Secret,
        password: Option<Secret>,
    },
    /// An API key, sent where the scheme says (header, query or cookie).
    ApiKey(Secret),
}

impl Credential {
    /// A bearer credential with a token that never changes.
    pub fn bearer_token(token: impl Into<String>) -> Self {
        Credential::Bearer(Arc::new(StaticToken::new(token)))
    }

    /// A bearer credential whose token comes from `provider`.
    pub fn token_provider(provider: impl TokenProvider + 'static) -> Self {
        Credential::Bearer(Arc::new(provider))
    }

    /// A basic-auth credential.
    pub fn basic(username: impl Into<String>, password: Option<String>) -> Self {
        Credential::Basic {
            username: Secret::new(username),
            password: password.map(Secret::new),
        }
    }

    /// An API-key credential.
    pub fn api_key(key: impl Into<String>) -> Self {
        Credential::ApiKey(Secret::new(key))
    }

    /// Whether this credential is of the kind `kind` takes.
    fn fits(&self, kind: &SchemeKind) -> bool {
        matches!(
            (self, kind),
            (Credential::Bearer(_), SchemeKind::Bearer)
                | (Credential::Basic { .. }, SchemeKind::Basic)
                | (Credential::ApiKey(_), SchemeKind::ApiKey { .. })
        )
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credential::Bearer(_) => f.write_str("Bearer(<token provider>)"),
            Credential::Basic { username, password } => f
                .debug_struct("Basic")
                .field("username", username)
                .field("password", password)
                .finish(),
            Credential::ApiKey(key) => f.debug_tuple("ApiKey").field(key).finish(),
        }
    }
}

/// A security scheme of the spec, as an operation's requirement names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scheme {
    /// The scheme's name under `components.securitySchemes`.
    pub name: &'static str,
    pub kind: SchemeKind,
}

impl Scheme {
    /// An HTTP `bearer` scheme (or OAuth 2 / OpenID Connect, sent as a bearer token).
    pub const fn bearer(name: &'static str) -> Self {
        Scheme {
            name,
            kind: SchemeKind::Bearer,
        }
    }

    /// An HTTP `basic` scheme.
    pub const fn basic(name: &'static str) -> Self {
        Scheme {
            name,
            kind: SchemeKind::Basic,
        }
    }

    /// An `apiKey` scheme sent as `parameter` in `location`.
    pub const fn api_key(
        name: &'static str,
        location: KeyLocation,
        parameter: &'static str,
    ) -> Self {
        Scheme {
            name,
            kind: SchemeKind::ApiKey {
                location,
                parameter,
            },
        }
    }
}

/// How a scheme's credential is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemeKind {
    Bearer,
    Basic,
    ApiKey {
        location: KeyLocation,
        /// The header, query parameter or cookie name.
        parameter: &'static str,
    },
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLocation {
    Header,
    Query,
    Cookie,
}

/// An operation's security requirement: alternatives, each a list of schemes that must all
/// be satisfied together (OpenAPI's `security` array). Empty: the operation needs none.
pub type Security = &'static [&'static [Scheme]];

/// The credentials a client holds: per scheme name, and for "every bearer scheme" and
/// "every basic scheme" (so that a caller need not know the spec's scheme names for the
/// common case of one).
#[derive(Clone, Default)]
pub struct Credentials {
    by_scheme: BTreeMap<String, Credential>,
    any_bearer: Option<Credential>,
    any_basic: Option<Credential>,
}

impl Credentials {
    /// Sets the credential of the scheme named `scheme`.
    pub fn set(&mut self, scheme: impl Into<String>, credential: Credential) {
        self.by_scheme.insert(scheme.into(), credential);
    }

    /// Sets the bearer credential used by every bearer scheme that has none of its own.
    pub fn set_any_bearer(&mut self, provider: Arc<dyn TokenProvider>) {
        self.any_bearer = Some(Credential::Bearer(provider));
    }

    /// Sets the basic credential used by every basic scheme that has none of its own.
    pub fn set_any_basic(&mut self, username: Secret, password: Option<Secret>) {
        self.any_basic = Some(Credential::Basic { username, password });
    }

    /// The credential for `scheme`: its own if it has one of the right kind, else the one
    /// for every scheme of its kind.
    fn for_scheme(&self, scheme: &Scheme) -> Option<&Credential> {
        let own = self
            .by_scheme
            .get(scheme.name)
            .filter(|credential| credential.fits(&scheme.kind));
        own.or(match scheme.kind {
            SchemeKind::Bearer => self.any_bearer.as_ref(),
            SchemeKind::Basic => self.any_basic.as_ref(),
            SchemeKind::ApiKey { .. } => None,
        })
    }

    /// The schemes to satisfy, with their credentials: those of the first alternative
    /// whose credentials are all configured. An empty alternative ("no auth needed") never
    /// wins over one that is configured, since a caller who set credentials wants them
    /// sent; when none is fully configured, nothing is sent (and the server answers, say,
    /// 401).
    pub fn choose(&self, security: Security) -> Chosen<'_> {
        let schemes = security
            .iter()
            .filter(|alternative| !alternative.is_empty())
            .find(|alternative| {
                alternative
                    .iter()
                    .all(|scheme| self.for_scheme(scheme).is_some())
            })
            .copied()
            .unwrap_or_default();
        Chosen {
            schemes,
            credentials: self,
        }
    }
}

/// The schemes of one security alternative whose credentials are all configured (see
/// [`Credentials::choose`]); borrowed, not collected, since it is chosen on every call.
#[derive(Debug, Clone, Copy)]
pub struct Chosen<'a> {
    schemes: &'static [Scheme],
    credentials: &'a Credentials,
}

impl<'a> Chosen<'a> {
    /// The schemes with their credentials.
    pub fn iter(&self) -> impl Iterator<Item = (Scheme, &'a Credential)> + 'a {
        let credentials = self.credentials;
        self.schemes.iter().filter_map(move |scheme| {
            credentials
                .for_scheme(scheme)
                .map(|credential| (*scheme, credential))
        })
    }

    /// Whether no credentials are to be sent.
    pub fn is_empty(&self) -> bool {
        self.schemes.is_empty()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("by_scheme", &self.by_scheme)
            .field("any_bearer", &self.any_bearer)
            .field("any_basic", &self.any_basic)
            .finish()
    }
}

/// The credentials of one attempt, resolved (tokens fetched), ready to be put on the wire;
/// borrowed from the client's credentials where they are at hand.
#[derive(Debug, Default)]
pub struct Resolved<'a> {
    pub bearer: Option<Cow<'a, Secret>>,
    pub basic: Option<(&'a Secret, Option<&'a Secret>)>,
    pub headers: Vec<(&'static str, &'a Secret)>,
    pub query: Vec<(&'static str, &'a Secret)>,
    pub cookies: Vec<(&'static str, &'a Secret)>,
}

/// Fetches the tokens of the chosen schemes, for one attempt.
pub async fn resolve<'a>(chosen: Chosen<'a>) -> Result<Resolved<'a>, Error> {
    let mut resolved = Resolved::default();
    for (scheme, credential) in chosen.iter() {
        match (credential, scheme.kind) {
            (Credential::Bearer(provider), _) => {
                let token = match provider.ready_token() {
                    Some(token) => Cow::Borrowed(token),
                    None => {
                        let token =
                            provider
                                .token()
                                .await
                                .map_err(|source| Error::Credentials {
                                    scheme: scheme.name.to_owned(),
                                    source,
                                })?;
                        Cow::Owned(Secret::new(token))
                    }
                };
                resolved.bearer = Some(token);
            }
            (Credential::Basic { username, password }, _) => {
                resolved.basic = Some((username, password.as_ref()));
            }
            (
                Credential::ApiKey(key),
                SchemeKind::ApiKey {
                    location,
                    parameter,
                },
            ) => {
                let target = match location {
                    KeyLocation::Header => &mut resolved.headers,
                    KeyLocation::Query => &mut resolved.query,
                    KeyLocation::Cookie => &mut resolved.cookies,
                };
                target.push((parameter, key));
            }
            // `for_scheme` only pairs a scheme with a credential that fits it.
            (Credential::ApiKey(_), _) => {}
        }
    }
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BEARER: Scheme = Scheme::bearer("bearerAuth");
    const BASIC: Scheme = Scheme::basic("basicAuth");
    const KEY: Scheme = Scheme::api_key("apiKey", KeyLocation::Query, "api_key");
    const SECRET_HEADER: Scheme = Scheme::api_key("secret", KeyLocation::Header, "X-Secret");

    fn names(chosen: &Chosen<'_>) -> Vec<&'static str> {
        chosen.iter().map(|(scheme, _)| scheme.name).collect()
    }

    #[test]
    fn the_first_fully_configured_alternative_wins() {
        const SECURITY: Security = &[&[KEY, SECRET_HEADER], &[BEARER], &[]];
        let mut credentials = Credentials::default();
        assert!(credentials.choose(SECURITY).is_empty());
        credentials.set("apiKey", Credential::api_key("k"));
        assert!(
            credentials.choose(SECURITY).is_empty(),
            "half of the first alternative"
        );
        credentials.set_any_bearer(Arc::new(StaticToken::new("t")));
        assert_eq!(names(&credentials.choose(SECURITY)), ["bearerAuth"]);
        credentials.set("secret", Credential::api_key("s"));
        assert_eq!(names(&credentials.choose(SECURITY)), ["apiKey", "secret"]);
    }

    #[test]
    fn an_empty_alternative_does_not_beat_a_configured_one() {
        const OPTIONAL: Security = &[&[], &[BASIC]];
        let mut credentials = Credentials::default();
        assert!(credentials.choose(OPTIONAL).is_empty());
        credentials.set_any_basic(Secret::new("user"), None);
        assert_eq!(names(&credentials.choose(OPTIONAL)), ["basicAuth"]);
        assert!(credentials.choose(&[]).is_empty());
    }

    #[test]
    fn a_credential_of_the_wrong_kind_does_not_count() {
        let mut credentials = Credentials::default();
        credentials.set("bearerAuth", Credential::api_key("k"));
        assert!(credentials.choose(&[&[BEARER]]).is_empty());
        credentials.set_any_bearer(Arc::new(StaticToken::new("t")));
        assert_eq!(names(&credentials.choose(&[&[BEARER]])), ["bearerAuth"]);
    }

    #[test]
    fn debug_shows_no_secret() {
        let mut credentials = Credentials::default();
        credentials.set("key", Credential::api_key("key-secret"));
        credentials.set(
            "basic",
            Credential::basic("user-secret", Some("pass-secret".into())),
        );
        credentials.set("bearer", Credential::bearer_token("token-secret"));
        credentials.set_any_bearer(Arc::new(StaticToken::new("any-token-secret")));
        let debug = format!("{credentials:?} {credentials:#?}");
        for secret in ["key-secret", "user-secret", "pass-secret", "token-secret"] {
            assert!(!debug.contains(secret), "{secret} in {debug}");
        }
        assert!(debug.contains("<redacted>"));
    }
}
