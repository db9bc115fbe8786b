//! Vonage application authentication: RS256 JSON Web Tokens minted from an application id and
//! its private key, reused while they are fresh and refreshed shortly before they expire.
//!
//! The Conversation API accepts `Authorization: Bearer <JWT>` where the JWT is signed with the
//! private key of a Vonage application (the `private.key` file the dashboard downloads).
//! [`ApplicationAuth`] holds the parsed key and hands out tokens through the runtime's
//! [`TokenProvider`], so the client asks it for a token before each attempt of each request:
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use std::time::Duration;
//! use vonage_conversation::application_auth::ApplicationAuth;
//!
//! let auth = ApplicationAuth::builder("aaaaaaaa-bbbb-cccc-dddd-0123456789ab")
//!     .private_key_file("private.key") // read and checked here, once
//!     .lifetime(Duration::from_secs(10 * 60))
//!     .build()?;
//! # Ok(()) }
//! ```
//!
//! # The tokens
//! Vonage's rules for application JWTs: algorithm RS256, header `typ: JWT`; claims
//! `application_id`, `iat`, `jti` and `exp` (30 s to 24 h after `iat`), and optionally `sub`
//! (a user name, for the Client SDK), `acl` (the paths the token may use) and `nbf`. Each token
//! gets a fresh `jti`: 128 bits from the operating system's CSPRNG (ring's `SystemRandom`),
//! written as a UUID v4. A token is reused until [`REFRESH_MARGIN`] before it expires, so a
//! request never leaves with a token that could expire in flight or under a little clock skew;
//! then exactly one caller signs a new one while concurrent callers wait for it (signing is
//! synchronous and short, so a plain mutex held across it gives single flight without holding
//! a lock across an `.await`).
//!
//! # Secrets
//! The private key and the tokens never appear in `Debug` output or in errors: [`ApplicationAuth`]
//! and [`ApplicationAuthBuilder`] print `<redacted>` for the key, and no error carries key bytes
//! (a bad key is described by its PEM label and what is wrong with it). A bad key is reported by
//! [`ApplicationAuthBuilder::build`], never at the first request: the key is parsed and a trial
//! token is signed there.
//!
//! # Why `jsonwebtoken` 9.3.1, without its `use_pem` feature
//! - It signs RS256 with `ring`, which the client already builds for rustls, so it adds no
//!   second C crypto build. `jsonwebtoken` 10 and later make you choose `aws_lc_rs` (a C build
//!   of about 38 s) or `rust_crypto`, which signs with the `rsa` crate and its unfixed timing
//!   advisory RUSTSEC-2023-0071; `jwt-simple` needs a newer rustc than this crate's 1.85.
//!   `cargo tree` of the client with this module shows neither `rsa` nor `aws-lc`.
//! - Its `use_pem` feature parses PEM through `pem` and `simple_asn1`, which pull in `time`,
//!   `time-macros`, `deranged`, `num-bigint` and six more crates. So this module reads PEM
//!   itself (base64 between the armour lines) and takes the PKCS#1 key out of a PKCS#8 wrapper
//!   (three DER elements); `ring` then checks the key fully when the trial token is signed.
//! - Build cost, measured with `cargo build --timings` of clean debug builds of the client's
//!   dependencies with and without this module, on the project's 2-core machine while other
//!   builds ran (absolute times inflated; compare ratios): the two added crates, `jsonwebtoken`
//!   (7.6 s) and `base64` 0.22 (1.7 s), are 9.3 s of the 390 s summed over all units (2.4%);
//!   wall time 193 s without, 200 s with. `ring` is built once either way (it gains its `std`
//!   feature). With `use_pem`, twelve more crates would add about 31 s of unit time (`time`
//!   7 s, `num-bigint` 6 s, `time-macros` 5 s, `deranged` 4 s, `simple_asn1` 4 s, ...).

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use jsonwebtoken::errors::ErrorKind as JwtErrorKind;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use ring::rand::{SecureRandom, SystemRandom};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::runtime::{BoxError, TokenFuture, TokenProvider};

/// The lifetime of a token unless [`ApplicationAuthBuilder::lifetime`] says otherwise.
pub const DEFAULT_LIFETIME: Duration = Duration::from_secs(15 * 60);
/// The shortest lifetime Vonage accepts.
pub const MIN_LIFETIME: Duration = Duration::from_secs(30);
/// The longest lifetime Vonage accepts.
pub const MAX_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);
/// A cached token is replaced once it has this little time left (or half its lifetime, for
/// lifetimes under a minute, so that even the shortest allowed token is reused for a while).
pub const REFRESH_MARGIN: Duration = Duration::from_secs(30);

/// Where tokens get the current time from: [`SystemTime::now`] unless a test injects another
/// clock with [`ApplicationAuthBuilder::clock`].
pub type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// What `Debug` output shows in place of the private key.
const REDACTED: &str = "<redacted>";

/// Mints Vonage application JWTs and caches the current one. Build it with
/// [`ApplicationAuth::builder`] (or the [`from_pem`](Self::from_pem) and
/// [`from_key_file`](Self::from_key_file) shortcuts) and give it to the client as its bearer
/// token provider.
pub struct ApplicationAuth {
    application_id: String,
    key: EncodingKey,
    lifetime: Duration,
    subject: Option<String>,
    acl: Option<Map<String, Value>>,
    not_before: Option<u64>,
    clock: Clock,
    random: SystemRandom,
    cache: Mutex<Option<CachedToken>>,
    signed: AtomicU64,
}

/// The token handed out until it is due for refresh (times in seconds since 1970).
struct CachedToken {
    token: String,
    issued_at: u64,
    expires_at: u64,
}

/// Options of an [`ApplicationAuth`]; nothing is checked until [`build`](Self::build).
pub struct ApplicationAuthBuilder {
    application_id: String,
    key: Option<KeySource>,
    lifetime: Duration,
    subject: Option<String>,
    acl: Option<Value>,
    not_before: Option<SystemTime>,
    clock: Option<Clock>,
}

/// The private key as given, before it is read and parsed.
enum KeySource {
    Pem(String),
    File(PathBuf),
}

/// Why an [`ApplicationAuth`] could not be built or could not mint a token. No variant holds
/// key material or a token.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ApplicationAuthError {
    /// The application id was empty.
    #[error("the Vonage application id is empty")]
    EmptyApplicationId,
    /// Neither [`ApplicationAuthBuilder::private_key_pem`] nor
    /// [`ApplicationAuthBuilder::private_key_file`] was called.
    #[error("no private key given: call `private_key_pem` or `private_key_file`")]
    MissingPrivateKey,
    /// The key file could not be read.
    #[error("cannot read the private key file `{}`: {source}", path.display())]
    ReadKeyFile {
        /// The file as given.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// The key was read but cannot sign RS256 tokens.
    #[error("the private key {origin} cannot be used: {problem}")]
    BadKey {
        /// Where the key came from.
        origin: KeyOrigin,
        /// What is wrong with it.
        problem: KeyProblem,
    },
    /// The token lifetime is outside [`MIN_LIFETIME`]..=[`MAX_LIFETIME`].
    #[error("a token lifetime of {lifetime:?} is outside the 30 s to 24 h that Vonage accepts")]
    LifetimeOutOfRange {
        /// The lifetime asked for.
        lifetime: Duration,
    },
    /// The `acl` claim was not a JSON object.
    #[error("the `acl` claim must be a JSON object, not {found}")]
    AclNotObject {
        /// The JSON type given instead.
        found: &'static str,
    },
    /// A time (the clock's, or `nbf`) lies before 1970 and has no JWT timestamp.
    #[error("the {what} is before 1970-01-01, which a JWT cannot express")]
    TimeBeforeEpoch {
        /// Which time: "current time" or "not-before time".
        what: &'static str,
    },
    /// The operating system's random number generator failed (no `jti` can be made).
    #[error("the system random number generator failed, so no token id can be made")]
    Random,
    /// Signing failed although the key passed the trial signature at construction.
    #[error("cannot sign the token: {reason}")]
    Signing {
        /// The signer's description (never key material).
        reason: String,
    },
}

/// Where a private key came from, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyOrigin {
    /// Given as PEM text.
    Text,
    /// Read from this file.
    File(PathBuf),
}

impl fmt::Display for KeyOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyOrigin::Text => f.write_str("given as text"),
            KeyOrigin::File(path) => write!(f, "in `{}`", path.display()),
        }
    }
}

/// What is wrong with a private key. Labels are PEM block names (`PUBLIC KEY`), never contents.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyProblem {
    /// No `-----BEGIN ...-----` / `-----END ...-----` block was found.
    #[error(
        "it is not PEM text (expected a `-----BEGIN PRIVATE KEY-----` block, as in the \
         `private.key` file Vonage gives you)"
    )]
    NotPem,
    /// The PEM blocks hold no private key (a public key or a certificate, say).
    #[error("it holds a `{label}` PEM block, not a private key")]
    NotPrivateKey {
        /// The label of the first block.
        label: String,
    },
    /// The key is encrypted with a password.
    #[error("it is encrypted; decrypt it first (`openssl pkcs8 -in key.pem -out private.key`)")]
    Encrypted,
    /// The key is not an RSA key; Vonage application keys are RSA.
    #[error("it is {kind} key, but Vonage application keys are RSA (RS256)")]
    NotRsa {
        /// The kind of key found, e.g. "an EC".
        kind: String,
    },
    /// A private key block in a format this module does not read.
    #[error(
        "`{label}` blocks are not supported; give a `PRIVATE KEY` (PKCS#8) or \
         `RSA PRIVATE KEY` (PKCS#1) block"
    )]
    UnsupportedFormat {
        /// The label of the block.
        label: String,
    },
    /// The PEM body is not base64, or the DER inside is not a private key structure.
    #[error("it is malformed: {detail}")]
    Malformed {
        /// Which layer is broken.
        detail: &'static str,
    },
    /// The RSA signer refused the key (too small, inconsistent, ...).
    #[error("the RS256 signer rejects it ({reason}); it needs an RSA key of 2048 to 4096 bits")]
    Rejected {
        /// The signer's description.
        reason: String,
    },
}

/// The claims of a Vonage application token, in the order they are written.
#[derive(Serialize)]
struct Claims<'a> {
    application_id: &'a str,
    iat: u64,
    exp: u64,
    jti: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    sub: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    acl: Option<&'a Map<String, Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nbf: Option<u64>,
}

impl ApplicationAuth {
    /// Starts the options for the Vonage application `application_id` (a UUID from the
    /// dashboard). A private key must be given before [`build`](ApplicationAuthBuilder::build).
    pub fn builder(application_id: impl Into<String>) -> ApplicationAuthBuilder {
        ApplicationAuthBuilder {
            application_id: application_id.into(),
            key: None,
            lifetime: DEFAULT_LIFETIME,
            subject: None,
            acl: None,
            not_before: None,
            clock: None,
        }
    }

    /// Application auth with default options from the key's PEM text.
    pub fn from_pem(
        application_id: impl Into<String>,
        private_key_pem: impl Into<String>,
    ) -> Result<Self, ApplicationAuthError> {
        Self::builder(application_id)
            .private_key_pem(private_key_pem)
            .build()
    }

    /// Application auth with default options from a key file (such as Vonage's `private.key`),
    /// read once, here.
    pub fn from_key_file(
        application_id: impl Into<String>,
        path: impl AsRef<Path>,
    ) -> Result<Self, ApplicationAuthError> {
        Self::builder(application_id).private_key_file(path).build()
    }

    /// The current token: the cached one while it has more than the refresh margin left,
    /// otherwise a newly signed one (which is then cached). Concurrent callers that find the
    /// cached token due wait while one of them signs, and all get the new token.
    pub fn current_token(&self) -> Result<String, ApplicationAuthError> {
        let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        // Read the clock under the lock, so a caller that waited sees the time after waiting.
        let now = unix_seconds((self.clock)(), "current time")?;
        if let Some(cached) = cache.as_ref() {
            if cached.is_fresh(now, self.refresh_margin()) {
                return Ok(cached.token.clone());
            }
        }
        let fresh = self.sign(now)?;
        let token = fresh.token.clone();
        *cache = Some(fresh);
        Ok(token)
    }

    /// How many tokens this value has signed (the trial signature at construction not counted):
    /// one per lifetime in steady use, for metrics and tests.
    pub fn tokens_signed(&self) -> u64 {
        self.signed.load(Ordering::Relaxed)
    }

    /// The lifetime of each token.
    pub fn lifetime(&self) -> Duration {
        self.lifetime
    }

    /// The application id that tokens carry.
    pub fn application_id(&self) -> &str {
        &self.application_id
    }

    fn refresh_margin(&self) -> u64 {
        REFRESH_MARGIN.as_secs().min(self.lifetime.as_secs() / 2)
    }

    /// Signs a token issued at `now`.
    fn sign(&self, now: u64) -> Result<CachedToken, ApplicationAuthError> {
        let jti = new_token_id(&self.random)?;
        let expires_at = now.saturating_add(self.lifetime.as_secs());
        let claims = Claims {
            application_id: &self.application_id,
            iat: now,
            exp: expires_at,
            jti: &jti,
            sub: self.subject.as_deref(),
            acl: self.acl.as_ref(),
            nbf: self.not_before,
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::RS256), &claims, &self.key)
            .map_err(|error| ApplicationAuthError::Signing {
                reason: signer_reason(&error),
            })?;
        self.signed.fetch_add(1, Ordering::Relaxed);
        Ok(CachedToken {
            token,
            issued_at: now,
            expires_at,
        })
    }
}

impl CachedToken {
    /// Fresh while more than `margin` seconds are left; a clock that went back before the
    /// token's `iat` also makes it due, since the time it was issued at cannot be trusted.
    fn is_fresh(&self, now: u64, margin: u64) -> bool {
        self.issued_at <= now && now.saturating_add(margin) < self.expires_at
    }
}

impl TokenProvider for ApplicationAuth {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(async move { self.current_token().map_err(BoxError::from) })
    }
}

impl fmt::Debug for ApplicationAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApplicationAuth")
            .field("application_id", &self.application_id)
            .field("private_key", &REDACTED)
            .field("lifetime", &self.lifetime)
            .field("subject", &self.subject)
            .field("acl", &self.acl)
            .field("not_before", &self.not_before)
            .field("tokens_signed", &self.tokens_signed())
            .finish_non_exhaustive()
    }
}

impl ApplicationAuthBuilder {
    /// The private key as PEM text: a `PRIVATE KEY` (PKCS#8, what Vonage's dashboard gives) or
    /// `RSA PRIVATE KEY` (PKCS#1) block. Text around the block is ignored, and so that a key
    /// kept in an environment variable works, literal `\n` sequences in one-line text are read
    /// as line breaks.
    pub fn private_key_pem(mut self, pem: impl Into<String>) -> Self {
        self.key = Some(KeySource::Pem(pem.into()));
        self
    }

    /// The private key as a PEM file, read once by [`build`](Self::build).
    pub fn private_key_file(mut self, path: impl AsRef<Path>) -> Self {
        self.key = Some(KeySource::File(path.as_ref().to_path_buf()));
        self
    }

    /// How long each token is valid, from 30 s to 24 h ([`DEFAULT_LIFETIME`] if not set).
    /// Whole seconds count: the fraction is dropped from `exp`.
    pub fn lifetime(mut self, lifetime: Duration) -> Self {
        self.lifetime = lifetime;
        self
    }

    /// The `sub` claim: the user the token acts for (Vonage Client SDK logins).
    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// The `acl` claim: a JSON object restricting the paths the token may use, as Vonage
    /// documents it (e.g. `{"paths": {"/*/users/**": {}}}`); sent as given.
    pub fn acl(mut self, acl: Value) -> Self {
        self.acl = Some(acl);
        self
    }

    /// The `nbf` claim: no token is valid before this time. Every token carries the same
    /// `nbf`, also the refreshed ones.
    pub fn not_before(mut self, time: SystemTime) -> Self {
        self.not_before = Some(time);
        self
    }

    /// Replaces the clock (for tests: to reach the refresh point without waiting).
    pub fn clock(mut self, clock: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.clock = Some(Arc::new(clock));
        self
    }

    /// Checks every option, reads and parses the key and signs a trial token with it, so that
    /// a wrong key fails here and not at the first request.
    pub fn build(self) -> Result<ApplicationAuth, ApplicationAuthError> {
        if self.application_id.trim().is_empty() {
            return Err(ApplicationAuthError::EmptyApplicationId);
        }
        if !(MIN_LIFETIME..=MAX_LIFETIME).contains(&self.lifetime) {
            return Err(ApplicationAuthError::LifetimeOutOfRange {
                lifetime: self.lifetime,
            });
        }
        let acl = match self.acl {
            None => None,
            Some(Value::Object(acl)) => Some(acl),
            Some(other) => {
                return Err(ApplicationAuthError::AclNotObject {
                    found: json_type(&other),
                })
            }
        };
        let not_before = match self.not_before {
            Some(time) => Some(unix_seconds(time, "not-before time")?),
            None => None,
        };
        let (text, origin) = match self.key {
            None => return Err(ApplicationAuthError::MissingPrivateKey),
            Some(KeySource::Pem(text)) => (text, KeyOrigin::Text),
            Some(KeySource::File(path)) => (read_key_file(&path)?, KeyOrigin::File(path)),
        };
        let bad_key = |problem| ApplicationAuthError::BadKey {
            origin: origin.clone(),
            problem,
        };
        let der = rsa_private_key_der(&text).map_err(bad_key)?;
        let key = EncodingKey::from_rsa_der(&der);
        trial_sign(&key).map_err(bad_key)?;
        Ok(ApplicationAuth {
            application_id: self.application_id,
            key,
            lifetime: self.lifetime,
            subject: self.subject,
            acl,
            not_before,
            clock: self.clock.unwrap_or_else(|| Arc::new(SystemTime::now)),
            random: SystemRandom::new(),
            cache: Mutex::new(None),
            signed: AtomicU64::new(0),
        })
    }
}

impl fmt::Debug for ApplicationAuthBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let key: &dyn fmt::Debug = match &self.key {
            None => &"none",
            Some(KeySource::Pem(_)) => &REDACTED,
            Some(KeySource::File(path)) => path,
        };
        f.debug_struct("ApplicationAuthBuilder")
            .field("application_id", &self.application_id)
            .field("private_key", key)
            .field("lifetime", &self.lifetime)
            .field("subject", &self.subject)
            .field("acl", &self.acl)
            .field("not_before", &self.not_before)
            .finish_non_exhaustive()
    }
}

/// Reads a key file as text; a file that is not UTF-8 cannot be PEM.
fn read_key_file(path: &Path) -> Result<String, ApplicationAuthError> {
    let bytes = std::fs::read(path).map_err(|source| ApplicationAuthError::ReadKeyFile {
        path: path.to_path_buf(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|_| ApplicationAuthError::BadKey {
        origin: KeyOrigin::File(path.to_path_buf()),
        problem: KeyProblem::NotPem,
    })
}

/// Signs a token with fixed claims: `ring` parses and checks the whole key only when it signs.
fn trial_sign(key: &EncodingKey) -> Result<(), KeyProblem> {
    let claims = Claims {
        application_id: "trial",
        iat: 0,
        exp: 0,
        jti: "trial",
        sub: None,
        acl: None,
        nbf: None,
    };
    jsonwebtoken::encode(&Header::new(Algorithm::RS256), &claims, key)
        .map(drop)
        .map_err(|error| KeyProblem::Rejected {
            reason: signer_reason(&error),
        })
}

/// The signer's words for a failure: ring's key rejection reasons ("TooSmall",
/// "InvalidEncoding") and jsonwebtoken's messages, none of which quote the key.
fn signer_reason(error: &jsonwebtoken::errors::Error) -> String {
    match error.kind() {
        JwtErrorKind::InvalidRsaKey(reason) => reason.clone(),
        _ => error.to_string(),
    }
}

/// Seconds since 1970 of `time`.
fn unix_seconds(time: SystemTime, what: &'static str) -> Result<u64, ApplicationAuthError> {
    time.duration_since(UNIX_EPOCH)
        .map(|since| since.as_secs())
        .map_err(|_| ApplicationAuthError::TimeBeforeEpoch { what })
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A token id: 128 random bits written as a UUID v4 (`xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`),
/// the form Vonage's own SDKs send.
fn new_token_id(random: &SystemRandom) -> Result<String, ApplicationAuthError> {
    let mut bytes = [0u8; 16];
    random
        .fill(&mut bytes)
        .map_err(|_| ApplicationAuthError::Random)?;
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    let mut id = String::with_capacity(36);
    for (index, byte) in bytes.iter().enumerate() {
        if matches!(index, 4 | 6 | 8 | 10) {
            id.push('-');
        }
        id.push_str(&format!("{byte:02x}"));
    }
    Ok(id)
}

/// One `-----BEGIN label-----` ... `-----END label-----` block of PEM text.
struct PemBlock<'a> {
    label: &'a str,
    /// The base64 body, line breaks removed.
    body: String,
    /// Whether RFC 1421 headers (`Proc-Type: 4,ENCRYPTED`) preceded the body.
    has_headers: bool,
}

/// The PKCS#1 DER of the RSA private key in `text`: from the first PEM block whose label ends
/// in `PRIVATE KEY`, unwrapped from PKCS#8 when needed.
fn rsa_private_key_der(text: &str) -> Result<Vec<u8>, KeyProblem> {
    let unescaped;
    let text = if !text.contains('\n') && text.contains("\\n") {
        unescaped = text.replace("\\n", "\n");
        &unescaped
    } else {
        text
    };
    let blocks = pem_blocks(text);
    let Some(block) = blocks.iter().find(|b| b.label.ends_with("PRIVATE KEY")) else {
        return Err(match blocks.first() {
            Some(first) => KeyProblem::NotPrivateKey {
                label: printable_label(first.label),
            },
            None => KeyProblem::NotPem,
        });
    };
    match block.label {
        "PRIVATE KEY" => pkcs8_rsa_key(&decode_body(block)?).map(<[u8]>::to_vec),
        "RSA PRIVATE KEY" if block.has_headers => Err(KeyProblem::Encrypted),
        "RSA PRIVATE KEY" => decode_body(block),
        "ENCRYPTED PRIVATE KEY" => Err(KeyProblem::Encrypted),
        "EC PRIVATE KEY" => Err(KeyProblem::NotRsa {
            kind: "an EC".into(),
        }),
        "DSA PRIVATE KEY" => Err(KeyProblem::NotRsa {
            kind: "a DSA".into(),
        }),
        other => Err(KeyProblem::UnsupportedFormat {
            label: printable_label(other),
        }),
    }
}

/// The complete blocks of PEM text, in order; lines outside blocks are ignored.
fn pem_blocks(text: &str) -> Vec<PemBlock<'_>> {
    let mut blocks = Vec::new();
    let mut open: Option<PemBlock<'_>> = None;
    for line in text.lines().map(str::trim) {
        if let Some(label) = armour_label(line, "-----BEGIN ") {
            open = Some(PemBlock {
                label,
                body: String::new(),
                has_headers: false,
            });
        } else if let Some(label) = armour_label(line, "-----END ") {
            if let Some(block) = open.take().filter(|block| block.label == label) {
                blocks.push(block);
            }
        } else if let Some(block) = open.as_mut() {
            if line.contains(':') {
                block.has_headers = true;
            } else {
                block.body.push_str(line);
            }
        }
    }
    blocks
}

fn armour_label<'a>(line: &'a str, prefix: &str) -> Option<&'a str> {
    line.strip_prefix(prefix)?.strip_suffix("-----")
}

/// A PEM label fit for an error message: at most 40 printable ASCII characters.
fn printable_label(label: &str) -> String {
    label
        .chars()
        .filter(|c| c.is_ascii_graphic() || *c == ' ')
        .take(40)
        .collect()
}

fn decode_body(block: &PemBlock<'_>) -> Result<Vec<u8>, KeyProblem> {
    base64::engine::general_purpose::STANDARD
        .decode(&block.body)
        .map_err(|_| KeyProblem::Malformed {
            detail: "the PEM body is not valid base64",
        })
}

/// DER tags used in a PKCS#8 `PrivateKeyInfo`.
const DER_SEQUENCE: u8 = 0x30;
const DER_INTEGER: u8 = 0x02;
const DER_OID: u8 = 0x06;
const DER_OCTET_STRING: u8 = 0x04;

/// The contents octets of the algorithm OIDs a PKCS#8 key may name.
const OID_RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
const OID_RSASSA_PSS: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a];
const OID_EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const OID_ED25519: &[u8] = &[0x2b, 0x65, 0x70];
const OID_ED448: &[u8] = &[0x2b, 0x65, 0x71];
const OID_DSA: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01];

/// The PKCS#1 `RSAPrivateKey` inside a PKCS#8 `PrivateKeyInfo` (RFC 5208):
/// `SEQUENCE { INTEGER version, SEQUENCE { OID algorithm, params }, OCTET STRING key, ... }`.
/// Only the framing is read here; `ring` checks the key itself.
fn pkcs8_rsa_key(der: &[u8]) -> Result<&[u8], KeyProblem> {
    const MALFORMED: KeyProblem = KeyProblem::Malformed {
        detail: "the DER inside the PEM block is not a PKCS#8 private key",
    };
    let (info, _) = der_element(der, DER_SEQUENCE).ok_or(MALFORMED)?;
    let (_version, rest) = der_element(info, DER_INTEGER).ok_or(MALFORMED)?;
    let (algorithm, rest) = der_element(rest, DER_SEQUENCE).ok_or(MALFORMED)?;
    let (oid, _parameters) = der_element(algorithm, DER_OID).ok_or(MALFORMED)?;
    let kind = match oid {
        OID_RSA_ENCRYPTION => None,
        OID_RSASSA_PSS => Some("an RSASSA-PSS-only"),
        OID_EC_PUBLIC_KEY => Some("an EC"),
        OID_ED25519 => Some("an Ed25519"),
        OID_ED448 => Some("an Ed448"),
        OID_DSA => Some("a DSA"),
        _ => Some("a non-RSA"),
    };
    if let Some(kind) = kind {
        return Err(KeyProblem::NotRsa { kind: kind.into() });
    }
    let (key, _attributes) = der_element(rest, DER_OCTET_STRING).ok_or(MALFORMED)?;
    Ok(key)
}

/// Splits one DER element with tag `tag` off the front of `input`: its contents and the rest.
/// `None` for another tag, an indefinite or over-long length, or too few bytes.
fn der_element(input: &[u8], tag: u8) -> Option<(&[u8], &[u8])> {
    let (&found, rest) = input.split_first()?;
    if found != tag {
        return None;
    }
    let (&first, rest) = rest.split_first()?;
    let (length, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let count = usize::from(first & 0x7f);
        if count == 0 || count > 4 {
            return None;
        }
        let (digits, rest) = rest.split_at_checked(count)?;
        let length = digits
            .iter()
            .fold(0usize, |length, &digit| (length << 8) | usize::from(digit));
        (length, rest)
    };
    rest.split_at_checked(length)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_element_reads_short_and_long_lengths_and_refuses_truncation() {
        assert_eq!(
            der_element(&[0x04, 0x02, 0xaa, 0xbb, 0xcc], 0x04),
            Some((&[0xaa, 0xbb][..], &[0xcc][..]))
        );
        let mut long = vec![0x04, 0x82, 0x01, 0x00];
        long.extend(std::iter::repeat_n(7u8, 256));
        let (contents, rest) = der_element(&long, 0x04).expect("long form");
        assert_eq!((contents.len(), rest.len()), (256, 0));
        assert_eq!(der_element(&long[..100], 0x04), None);
        assert_eq!(der_element(&[0x04, 0x80], 0x04), None, "indefinite length");
        assert_eq!(der_element(&[0x04, 0x85, 1, 1, 1, 1, 1], 0x04), None);
        assert_eq!(der_element(&[0x30, 0x00], 0x04), None, "wrong tag");
        assert_eq!(der_element(&[], 0x04), None);
    }

    #[test]
    fn token_ids_are_uuid_v4_text() {
        let random = SystemRandom::new();
        let id = new_token_id(&random).expect("random");
        assert_eq!(id.len(), 36);
        let groups: Vec<&str> = id.split('-').collect();
        assert_eq!(
            groups.iter().map(|g| g.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(groups[2].starts_with('4'));
        assert!(matches!(groups[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'));
        assert_ne!(id, new_token_id(&random).expect("random"));
    }

    #[test]
    fn a_cached_token_is_due_at_the_margin_and_after_the_clock_goes_back() {
        let cached = CachedToken {
            token: String::new(),
            issued_at: 1000,
            expires_at: 1900,
        };
        assert!(cached.is_fresh(1000, 30));
        assert!(cached.is_fresh(1869, 30));
        assert!(!cached.is_fresh(1870, 30));
        assert!(!cached.is_fresh(999, 30));
    }
}
