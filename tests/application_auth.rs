//! Vonage application JWTs, checked the way the server checks them: the signature against the
//! application's public key (with `jsonwebtoken`'s decoder), then every claim. The keys in
//! `tests/data/` are test-only keys made with openssl (see its README). Time is an injected
//! clock, so the refresh near expiry is tested without waiting 15 minutes.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{json, Value};
use vonage_conversation::application_auth::{
    ApplicationAuth, ApplicationAuthBuilder, ApplicationAuthError, KeyOrigin, KeyProblem,
    DEFAULT_LIFETIME,
};
use vonage_conversation::runtime::TokenProvider;

const APP_ID: &str = "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab";
const PRIVATE_PKCS8: &str = include_str!("data/test_rsa_private.pem");
const PRIVATE_PKCS1: &str = include_str!("data/test_rsa_private_pkcs1.pem");
const PUBLIC_PKCS1: &str = include_str!("data/test_rsa_public_pkcs1.pem");
const PUBLIC_SPKI: &str = include_str!("data/test_rsa_public.pem");
const OTHER_PUBLIC_PKCS1: &str = include_str!("data/other_rsa_public_pkcs1.pem");
const ENCRYPTED: &str = include_str!("data/test_rsa_private_encrypted.pem");
const RSA_1024: &str = include_str!("data/test_rsa1024_private.pem");
const EC_PRIVATE: &str = include_str!("data/test_ec_private.pem");

/// 2030-01-01T00:00:00Z: tests that move the clock start here.
const START: u64 = 1_893_456_000;

/// A clock the test moves by hand (seconds since 1970).
#[derive(Clone)]
struct TestClock(Arc<AtomicU64>);

impl TestClock {
    fn at(seconds: u64) -> Self {
        TestClock(Arc::new(AtomicU64::new(seconds)))
    }
    fn set(&self, seconds: u64) {
        self.0.store(seconds, Ordering::SeqCst);
    }
    fn now(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(self.0.load(Ordering::SeqCst))
    }
}

/// Options with the test key and `clock`.
fn builder_at(clock: &TestClock) -> ApplicationAuthBuilder {
    let clock = clock.clone();
    ApplicationAuth::builder(APP_ID)
        .private_key_pem(PRIVATE_PKCS8)
        .clock(move || clock.now())
}

fn auth_at(clock: &TestClock) -> ApplicationAuth {
    builder_at(clock).build().expect("the test key builds")
}

/// The base64 body of a PEM block (the test data's public keys).
fn pem_body(pem: &str) -> Vec<u8> {
    let body: String = pem
        .lines()
        .skip_while(|line| !line.starts_with("-----BEGIN"))
        .skip(1)
        .take_while(|line| !line.starts_with("-----END"))
        .collect();
    base64::engine::general_purpose::STANDARD
        .decode(body)
        .expect("test data is base64")
}

/// Verifies `token` as the server does, with the key pair's public key, and returns its claims.
/// `exp` is checked against the real clock only when `check_exp` (injected clocks run in 2030).
fn verify_with(
    public_pkcs1: &str,
    token: &str,
    check_exp: bool,
) -> jsonwebtoken::errors::Result<Value> {
    let key = DecodingKey::from_rsa_der(&pem_body(public_pkcs1));
    let mut validation = Validation::new(Algorithm::RS256);
    validation.validate_exp = check_exp;
    validation.leeway = 0;
    validation.set_required_spec_claims(&["exp", "iat", "jti"]);
    jsonwebtoken::decode::<Value>(token, &key, &validation).map(|data| data.claims)
}

fn verify(token: &str, check_exp: bool) -> Value {
    verify_with(PUBLIC_PKCS1, token, check_exp).expect("the token verifies with the public key")
}

async fn token_of(auth: &ApplicationAuth) -> String {
    auth.token().await.expect("a token")
}

fn is_uuid_v4(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.iter().map(|g| g.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
        && groups
            .iter()
            .all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
        && groups[2].starts_with('4')
}

/// A path in the temporary directory, unique to this test process and `name`.
fn temp_path(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("application-auth-{}-{name}", std::process::id()))
}

#[tokio::test]
async fn token_verifies_with_the_public_key_and_carries_every_claim() {
    let auth = ApplicationAuth::from_pem(APP_ID, PRIVATE_PKCS8).expect("builds");
    let before = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let token = token_of(&auth).await;
    let after = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();

    let header = jsonwebtoken::decode_header(&token).expect("header");
    assert_eq!(header.alg, Algorithm::RS256);
    assert_eq!(header.typ.as_deref(), Some("JWT"));

    let claims = verify(&token, true);
    let object = claims.as_object().expect("claims object");
    let mut names: Vec<&str> = object.keys().map(String::as_str).collect();
    names.sort_unstable();
    assert_eq!(names, ["application_id", "exp", "iat", "jti"]);
    assert_eq!(claims["application_id"], APP_ID);
    let iat = claims["iat"].as_u64().expect("iat is a number");
    assert!((before..=after).contains(&iat), "iat {iat} is now");
    assert_eq!(
        claims["exp"].as_u64(),
        Some(iat + DEFAULT_LIFETIME.as_secs())
    );
    assert_eq!(DEFAULT_LIFETIME, Duration::from_secs(15 * 60));
    assert!(is_uuid_v4(claims["jti"].as_str().expect("jti is text")));
}

#[test]
fn a_pkcs1_key_signs_the_same_way() {
    let auth = ApplicationAuth::from_pem(APP_ID, PRIVATE_PKCS1).expect("builds");
    let claims = verify(&auth.current_token().expect("token"), true);
    assert_eq!(claims["application_id"], APP_ID);
}

#[test]
fn a_key_in_an_environment_variable_with_escaped_newlines_works() {
    let one_line = PRIVATE_PKCS8.replace('\n', "\\n");
    assert!(!one_line.contains('\n'));
    let auth = ApplicationAuth::from_pem(APP_ID, one_line).expect("builds");
    verify(&auth.current_token().expect("token"), true);
}

#[test]
fn a_key_file_is_read_once_at_construction() {
    let path = temp_path("key.pem");
    std::fs::write(&path, PRIVATE_PKCS8).expect("write temp key");
    let auth = ApplicationAuth::from_key_file(APP_ID, &path).expect("builds");
    std::fs::remove_file(&path).expect("remove temp key");
    // The file is gone: tokens still come, from the key read at construction.
    verify(&auth.current_token().expect("token"), true);
}

#[test]
fn the_signature_is_checked_a_tampered_or_foreign_token_fails() {
    let auth = ApplicationAuth::from_pem(APP_ID, PRIVATE_PKCS8).expect("builds");
    let token = auth.current_token().expect("token");
    assert!(verify_with(OTHER_PUBLIC_PKCS1, &token, true).is_err());

    let parts: Vec<&str> = token.split('.').collect();
    let forged_claims = json!({
        "application_id": "someone-else", "iat": 1, "exp": 4_000_000_000u64, "jti": "x"
    });
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(forged_claims.to_string()),
        parts[2]
    );
    assert!(verify_with(PUBLIC_PKCS1, &forged, true).is_err());
}

#[test]
fn optional_claims_are_sent_when_set() {
    let acl = json!({"paths": {"/*/users/**": {}, "/*/conversations/**": {"methods": ["GET"]}}});
    let nbf = UNIX_EPOCH + Duration::from_secs(START - 60);
    let auth = builder_at(&TestClock::at(START))
        .subject("alice")
        .acl(acl.clone())
        .not_before(nbf)
        .lifetime(Duration::from_secs(600))
        .build()
        .expect("builds");
    let claims = verify(&auth.current_token().expect("token"), false);
    assert_eq!(claims["sub"], "alice");
    assert_eq!(claims["acl"], acl);
    assert_eq!(claims["nbf"].as_u64(), Some(START - 60));
    assert_eq!(claims["iat"].as_u64(), Some(START));
    assert_eq!(claims["exp"].as_u64(), Some(START + 600));
}

#[test]
fn optional_claims_are_absent_when_not_set() {
    let auth = auth_at(&TestClock::at(START));
    let claims = verify(&auth.current_token().expect("token"), false);
    for name in ["sub", "acl", "nbf"] {
        assert!(claims.get(name).is_none(), "{name} is absent: {claims}");
    }
}

#[test]
fn lifetimes_from_30_seconds_to_24_hours_are_accepted_and_others_refused() {
    let build = |lifetime| builder_at(&TestClock::at(START)).lifetime(lifetime).build();
    for seconds in [30, 24 * 60 * 60] {
        let auth = build(Duration::from_secs(seconds)).expect("a lifetime in range builds");
        let claims = verify(&auth.current_token().expect("token"), false);
        assert_eq!(claims["exp"].as_u64(), Some(START + seconds));
    }
    for lifetime in [
        Duration::from_secs(29),
        Duration::from_millis(29_999),
        Duration::from_secs(24 * 60 * 60 + 1),
        Duration::ZERO,
    ] {
        match build(lifetime) {
            Err(error @ ApplicationAuthError::LifetimeOutOfRange { .. }) => {
                assert!(error.to_string().contains("30 s to 24 h"), "{error}")
            }
            other => panic!("{lifetime:?} must be refused, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn one_token_is_reused_across_calls() {
    let clock = TestClock::at(START);
    let auth = auth_at(&clock);
    let first = token_of(&auth).await;
    for later in [0, 1, 60, 600] {
        clock.set(START + later);
        assert_eq!(token_of(&auth).await, first, "{later} s later");
    }
    assert_eq!(auth.tokens_signed(), 1);
}

#[tokio::test]
async fn the_token_is_refreshed_30_seconds_before_it_expires() {
    let clock = TestClock::at(START);
    let auth = auth_at(&clock);
    let first = token_of(&auth).await;
    let first_claims = verify(&first, false);
    let exp = first_claims["exp"].as_u64().expect("exp");

    clock.set(exp - 31);
    assert_eq!(
        token_of(&auth).await,
        first,
        "31 s before expiry: still the same token"
    );

    clock.set(exp - 29);
    let second = token_of(&auth).await;
    assert_ne!(second, first, "29 s before expiry: a new token");
    let second_claims = verify(&second, false);
    assert_ne!(second_claims["jti"], first_claims["jti"]);
    assert_eq!(second_claims["iat"].as_u64(), Some(exp - 29));
    assert_eq!(
        second_claims["exp"].as_u64(),
        Some(exp - 29 + DEFAULT_LIFETIME.as_secs())
    );
    assert_eq!(auth.tokens_signed(), 2);

    // And the new one is reused in turn.
    clock.set(exp);
    assert_eq!(token_of(&auth).await, second);
    assert_eq!(auth.tokens_signed(), 2);
}

#[tokio::test]
async fn a_30_second_token_is_reused_for_half_its_lifetime() {
    let clock = TestClock::at(START);
    let auth = builder_at(&clock)
        .lifetime(Duration::from_secs(30))
        .build()
        .expect("builds");
    let first = token_of(&auth).await;
    clock.set(START + 14);
    assert_eq!(token_of(&auth).await, first, "14 s in: reused");
    clock.set(START + 15);
    assert_ne!(token_of(&auth).await, first, "15 s in: refreshed");
    assert_eq!(auth.tokens_signed(), 2);
}

#[tokio::test]
async fn a_clock_that_goes_back_before_iat_gets_a_new_token() {
    let clock = TestClock::at(START);
    let auth = auth_at(&clock);
    let first = token_of(&auth).await;
    clock.set(START - 3600);
    let second = token_of(&auth).await;
    assert_ne!(second, first);
    assert_eq!(verify(&second, false)["iat"].as_u64(), Some(START - 3600));
}

#[tokio::test]
async fn every_token_has_its_own_jti() {
    let clock = TestClock::at(START);
    let auth = auth_at(&clock);
    let mut ids = HashSet::new();
    for step in 0..20 {
        // Each step is past the refresh point of the previous token.
        clock.set(START + step * DEFAULT_LIFETIME.as_secs());
        let claims = verify(&token_of(&auth).await, false);
        assert!(ids.insert(claims["jti"].as_str().expect("jti").to_owned()));
    }
    assert_eq!(auth.tokens_signed(), 20);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_callers_cause_one_signing() {
    let clock = TestClock::at(START);
    let auth = Arc::new(auth_at(&clock));
    let callers = 50;

    for round in 0..2u64 {
        // Round 0: nothing cached. Round 1: the cached token is due (29 s before expiry).
        if round == 1 {
            clock.set(START + DEFAULT_LIFETIME.as_secs() - 29);
        }
        let barrier = Arc::new(tokio::sync::Barrier::new(callers));
        let tasks: Vec<_> = (0..callers)
            .map(|_| {
                let auth = Arc::clone(&auth);
                let barrier = Arc::clone(&barrier);
                tokio::spawn(async move {
                    barrier.wait().await;
                    auth.token().await.expect("a token")
                })
            })
            .collect();
        let mut tokens = HashSet::new();
        for task in tasks {
            tokens.insert(task.await.expect("task"));
        }
        assert_eq!(
            tokens.len(),
            1,
            "round {round}: every caller got the same token"
        );
        assert_eq!(
            auth.tokens_signed(),
            round + 1,
            "round {round}: one signing"
        );
        let token = tokens.into_iter().next().expect("one token");
        assert_eq!(
            verify(&token, false)["iat"].as_u64(),
            Some(clock.now().duration_since(UNIX_EPOCH).unwrap().as_secs())
        );
    }
}

/// The key material of every test key: each PEM body line (64 base64 characters).
fn key_lines(pem: &str) -> Vec<&str> {
    pem.lines()
        .filter(|line| line.len() >= 40 && !line.contains(' '))
        .collect()
}

fn assert_no_key_material(text: &str) {
    for pem in [
        PRIVATE_PKCS8,
        PRIVATE_PKCS1,
        ENCRYPTED,
        RSA_1024,
        EC_PRIVATE,
    ] {
        for line in key_lines(pem) {
            assert!(!text.contains(line), "key material leaked into: {text}");
        }
    }
    // No slice of base64 long enough to be key material either.
    let longest_base64_run = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '+' || c == '/' || c == '='))
        .map(str::len)
        .max()
        .unwrap_or(0);
    assert!(longest_base64_run < 40, "a long base64 run in: {text}");
}

#[tokio::test]
async fn the_key_and_tokens_never_appear_in_debug_output() {
    let builder = ApplicationAuth::builder(APP_ID)
        .private_key_pem(PRIVATE_PKCS8)
        .subject("alice");
    let shown = format!("{builder:?}");
    assert!(shown.contains("<redacted>"), "{shown}");
    assert_no_key_material(&shown);

    let auth = builder.build().expect("builds");
    let token = token_of(&auth).await;
    let shown = format!("{auth:?} {auth:#?}");
    assert!(
        shown.contains(APP_ID) && shown.contains("<redacted>"),
        "{shown}"
    );
    assert_no_key_material(&shown);
    for part in token.split('.') {
        assert!(!shown.contains(part), "the token leaked into: {shown}");
    }
}

/// Every error a bad input can cause, with what it must say.
fn bad_inputs() -> Vec<(&'static str, Result<ApplicationAuth, ApplicationAuthError>)> {
    let text = |pem: &str| ApplicationAuth::from_pem(APP_ID, pem);
    let garbage_file = temp_path("garbage.key");
    std::fs::write(&garbage_file, b"\x00\xffnot a key at all").expect("write temp file");
    let public_file = temp_path("public.pem");
    std::fs::write(&public_file, PUBLIC_SPKI).expect("write temp file");
    let truncated: String = PRIVATE_PKCS8
        .lines()
        .filter(|line| !line.starts_with("MII"))
        .collect::<Vec<_>>()
        .join("\n");
    let bad_base64 = PRIVATE_PKCS8.replacen("MII", "M*I", 1);
    let results = vec![
        ("not PEM", text("this is not a key")),
        ("empty", text("")),
        ("public key", text(PUBLIC_SPKI)),
        ("public key pkcs1", text(PUBLIC_PKCS1)),
        ("encrypted", text(ENCRYPTED)),
        ("EC", text(EC_PRIVATE)),
        ("RSA 1024", text(RSA_1024)),
        ("truncated DER", text(&truncated)),
        ("bad base64", text(&bad_base64)),
        (
            "missing file",
            ApplicationAuth::from_key_file(APP_ID, temp_path("missing.key")),
        ),
        (
            "garbage file",
            ApplicationAuth::from_key_file(APP_ID, &garbage_file),
        ),
        (
            "public key file",
            ApplicationAuth::from_key_file(APP_ID, &public_file),
        ),
        ("no key", ApplicationAuth::builder(APP_ID).build()),
        (
            "empty app id",
            ApplicationAuth::from_pem(" ", PRIVATE_PKCS8),
        ),
        (
            "lifetime",
            ApplicationAuth::builder(APP_ID)
                .private_key_pem(PRIVATE_PKCS8)
                .lifetime(Duration::from_secs(5))
                .build(),
        ),
        (
            "acl not object",
            ApplicationAuth::builder(APP_ID)
                .private_key_pem(PRIVATE_PKCS8)
                .acl(json!(["/*/users/**"]))
                .build(),
        ),
        (
            "nbf before 1970",
            ApplicationAuth::builder(APP_ID)
                .private_key_pem(PRIVATE_PKCS8)
                .not_before(UNIX_EPOCH - Duration::from_secs(1))
                .build(),
        ),
    ];
    let _ = std::fs::remove_file(garbage_file);
    let _ = std::fs::remove_file(public_file);
    results
}

#[test]
fn a_bad_key_is_a_clear_error_at_construction() {
    for (case, result) in bad_inputs() {
        let error = match result {
            Ok(auth) => panic!("{case}: built {auth:?}"),
            Err(error) => error,
        };
        let message = error.to_string();
        let expected = match case {
            "not PEM" | "empty" => matches!(
                &error,
                ApplicationAuthError::BadKey {
                    origin: KeyOrigin::Text,
                    problem: KeyProblem::NotPem
                }
            ),
            "public key" => {
                matches!(&error, ApplicationAuthError::BadKey { problem: KeyProblem::NotPrivateKey { label }, .. } if label == "PUBLIC KEY")
            }
            "public key pkcs1" => {
                matches!(&error, ApplicationAuthError::BadKey { problem: KeyProblem::NotPrivateKey { label }, .. } if label == "RSA PUBLIC KEY")
            }
            "encrypted" => matches!(
                &error,
                ApplicationAuthError::BadKey {
                    problem: KeyProblem::Encrypted,
                    ..
                }
            ),
            "EC" => {
                matches!(
                    &error,
                    ApplicationAuthError::BadKey {
                        problem: KeyProblem::NotRsa { .. },
                        ..
                    }
                ) && message.contains("an EC key")
            }
            "RSA 1024" => matches!(
                &error,
                ApplicationAuthError::BadKey {
                    problem: KeyProblem::Rejected { .. },
                    ..
                }
            ),
            "truncated DER" | "bad base64" => matches!(
                &error,
                ApplicationAuthError::BadKey {
                    problem: KeyProblem::Malformed { .. },
                    ..
                }
            ),
            "missing file" => {
                matches!(&error, ApplicationAuthError::ReadKeyFile { .. })
                    && message.contains("missing.key")
            }
            "garbage file" => {
                matches!(&error, ApplicationAuthError::BadKey { origin: KeyOrigin::File(path), problem: KeyProblem::NotPem } if path.ends_with(temp_path("garbage.key").file_name().unwrap()))
            }
            "public key file" => {
                matches!(
                    &error,
                    ApplicationAuthError::BadKey {
                        origin: KeyOrigin::File(_),
                        problem: KeyProblem::NotPrivateKey { .. }
                    }
                ) && message.contains("public.pem")
            }
            "no key" => matches!(&error, ApplicationAuthError::MissingPrivateKey),
            "empty app id" => matches!(&error, ApplicationAuthError::EmptyApplicationId),
            "lifetime" => matches!(&error, ApplicationAuthError::LifetimeOutOfRange { .. }),
            "acl not object" => matches!(
                &error,
                ApplicationAuthError::AclNotObject { found: "an array" }
            ),
            "nbf before 1970" => matches!(&error, ApplicationAuthError::TimeBeforeEpoch { .. }),
            other => panic!("unlisted case {other}"),
        };
        assert!(expected, "{case}: unexpected error {error:?} ({message})");
    }
}

#[test]
fn no_error_shows_key_material() {
    for (case, result) in bad_inputs() {
        let error = result.expect_err(case);
        let boxed: vonage_conversation::runtime::BoxError = Box::new(error);
        let mut shown = format!("{boxed:?} {boxed} {boxed:#?}");
        let mut source = boxed.source();
        while let Some(cause) = source {
            shown.push_str(&format!(" {cause:?} {cause}"));
            source = cause.source();
        }
        assert_no_key_material(&shown);
    }
}

#[test]
fn every_truncation_of_a_key_is_an_error_not_a_panic() {
    let body = pem_body(PRIVATE_PKCS8);
    for length in (0..body.len()).step_by(7) {
        let pem = format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
            base64::engine::general_purpose::STANDARD.encode(&body[..length])
        );
        assert!(
            ApplicationAuth::from_pem(APP_ID, pem).is_err(),
            "{length} bytes"
        );
    }
}

/// End to end: the generated client, given application auth as the token provider of the
/// spec's `bearerAuth` scheme, sends `Authorization: Bearer <JWT>`; a server on 127.0.0.1
/// verifies each token with the application's public key (and refuses what does not verify),
/// and two requests carry the same token, signed once.
#[tokio::test]
async fn the_client_sends_application_jwts_the_server_verifies() {
    use vonage_conversation::runtime::{Credential, RetryPolicy};
    use vonage_conversation::Client;
    use wiremock::matchers::{method, path_regex};
    use wiremock::{Mock, MockServer, Request, ResponseTemplate};

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path_regex("^/users/[^/]+$"))
        .respond_with(|request: &Request| {
            let token = request
                .headers
                .get("authorization")
                .and_then(|value| value.to_str().ok())
                .and_then(|value| value.strip_prefix("Bearer "));
            match token.map(|token| verify_with(PUBLIC_PKCS1, token, true)) {
                Some(Ok(claims)) if claims["application_id"] == APP_ID => {
                    ResponseTemplate::new(200).set_body_json(json!({"id": "USR-1"}))
                }
                _ => ResponseTemplate::new(401),
            }
        })
        .mount(&server)
        .await;

    let auth = Arc::new(ApplicationAuth::from_pem(APP_ID, PRIVATE_PKCS8).expect("builds"));
    let client = Client::builder()
        .base_url(server.uri())
        .credential("bearerAuth", Credential::Bearer(auth.clone()))
        .retry(RetryPolicy::disabled())
        .build()
        .expect("the client builds");
    for _ in 0..2 {
        let user = client
            .get_user("USR-1")
            .await
            .expect("the server accepts the JWT");
        assert_eq!(user.id.as_deref(), Some("USR-1"));
    }

    let requests = server.received_requests().await.expect("recording");
    let tokens: Vec<&str> = requests
        .iter()
        .map(|r| r.headers.get("authorization").unwrap().to_str().unwrap())
        .collect();
    assert_eq!(tokens.len(), 2);
    assert_eq!(tokens[0], tokens[1], "one token for both requests");
    assert_eq!(auth.tokens_signed(), 1);

    // The server does check: a tampered token (a byte added to its claims) is refused.
    let other = Client::builder()
        .base_url(server.uri())
        .bearer_token(tokens[0].replace("Bearer ", "").replacen('.', ".x", 1))
        .retry(RetryPolicy::disabled())
        .build()
        .expect("the client builds");
    let error = other.get_user("USR-1").await.expect_err("refused");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
}
