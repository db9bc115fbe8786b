//! Credentials on the wire, per security scheme and alternative; and secrets kept out of
//! `Debug` output and error messages.

mod support;

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use client_runtime::{
    Body, Credential, Error, KeyLocation, Operation, Runtime, Scheme, Security, TokenFuture,
    TokenProvider,
};
use reqwest::Method;
use support::{builder, json, operation, refused_url, reply, Recorded, TestServer};

const BEARER: Scheme = Scheme::bearer("bearerAuth");
const BASIC: Scheme = Scheme::basic("basicAuth");
const QUERY_KEY: Scheme = Scheme::api_key("queryKey", KeyLocation::Query, "api_key");
const HEADER_KEY: Scheme = Scheme::api_key("headerKey", KeyLocation::Header, "X-API-Key");
const COOKIE_KEY: Scheme = Scheme::api_key("cookieKey", KeyLocation::Cookie, "key");

async fn send(runtime: &Runtime, op: &'static Operation) -> Result<(), Error> {
    let mut request = runtime.request(op, &["items"])?;
    request
        .cookies
        .push(("theme".to_owned(), "dark".to_owned()));
    let response = runtime.send(request).await?;
    match response.status.as_u16() {
        200 => Ok(()),
        _ => Err(response.unexpected()),
    }
}

async fn sent_with(runtime: &Runtime, server: &TestServer, security: Security) -> Recorded {
    send(runtime, operation(Method::GET, "/items", security))
        .await
        .unwrap();
    server.requests().pop().unwrap()
}

/// Counts how often it is asked, and hands out `token-<n>`.
struct Counting(AtomicU32);

impl TokenProvider for Counting {
    fn token(&self) -> TokenFuture<'_> {
        let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
        Box::pin(async move { Ok(format!("token-{n}")) })
    }
}

#[tokio::test]
async fn a_bearer_token_goes_to_operations_that_accept_it_only() {
    let server = TestServer::start(|_, _| json(200, "{}")).await;
    let runtime = builder(&server.url)
        .bearer_token("s3cr3t")
        .build_runtime()
        .unwrap();
    let sent = sent_with(&runtime, &server, &[&[BEARER]]).await;
    assert_eq!(sent.header("authorization"), Some("Bearer s3cr3t"));
    let sent = sent_with(&runtime, &server, &[]).await;
    assert_eq!(sent.header("authorization"), None);
}

#[tokio::test]
async fn the_token_provider_is_asked_before_every_attempt() {
    let server = TestServer::start(|n, _| match n {
        0 => reply(503, &[], b""),
        _ => json(200, "{}"),
    })
    .await;
    let runtime = builder(&server.url)
        .token_provider(Counting(AtomicU32::new(0)))
        .build_runtime()
        .unwrap();
    send(&runtime, operation(Method::GET, "/items", &[&[BEARER]]))
        .await
        .unwrap();
    let tokens: Vec<Option<String>> = server
        .requests()
        .iter()
        .map(|r| r.header("authorization").map(str::to_owned))
        .collect();
    assert_eq!(
        tokens,
        [Some("Bearer token-1".into()), Some("Bearer token-2".into())]
    );
}

#[tokio::test]
async fn api_keys_go_in_the_header_query_or_cookie_the_scheme_names() {
    let server = TestServer::start(|_, _| json(200, "{}")).await;
    let runtime = builder(&server.url)
        .api_key("queryKey", "q k&=")
        .api_key("headerKey", "h-key")
        .api_key("cookieKey", "c-key")
        .build_runtime()
        .unwrap();
    let sent = sent_with(&runtime, &server, &[&[QUERY_KEY]]).await;
    assert_eq!(sent.target, "/items?api_key=q%20k%26%3D");
    let sent = sent_with(&runtime, &server, &[&[HEADER_KEY]]).await;
    assert_eq!(sent.header("x-api-key"), Some("h-key"));
    assert_eq!(sent.target, "/items");
    let sent = sent_with(&runtime, &server, &[&[COOKIE_KEY]]).await;
    assert_eq!(sent.header("cookie"), Some("theme=dark; key=c-key"));
    // Both together (one alternative asking for two schemes).
    let sent = sent_with(&runtime, &server, &[&[HEADER_KEY, QUERY_KEY]]).await;
    assert_eq!(sent.header("x-api-key"), Some("h-key"));
    assert_eq!(sent.target, "/items?api_key=q%20k%26%3D");
}

#[tokio::test]
async fn the_first_alternative_with_every_credential_set_is_the_one_sent() {
    let server = TestServer::start(|_, _| json(200, "{}")).await;
    let runtime = builder(&server.url)
        .basic_auth("user", Some("pass".to_owned()))
        .api_key("headerKey", "h-key")
        .build_runtime()
        .unwrap();
    // The first alternative lacks the query key: the basic one is used, and only it.
    let sent = sent_with(&runtime, &server, &[&[HEADER_KEY, QUERY_KEY], &[BASIC]]).await;
    assert_eq!(sent.header("authorization"), Some("Basic dXNlcjpwYXNz"));
    assert_eq!(sent.header("x-api-key"), None);
    let sent = sent_with(&runtime, &server, &[&[HEADER_KEY], &[BASIC]]).await;
    assert_eq!(sent.header("x-api-key"), Some("h-key"));
    assert_eq!(sent.header("authorization"), None);
    // A scheme-specific credential wins over the one for every scheme of its kind.
    let runtime = builder(&server.url)
        .bearer_token("any")
        .credential("special", Credential::bearer_token("mine"))
        .build_runtime()
        .unwrap();
    const SPECIAL: Scheme = Scheme::bearer("special");
    let sent = sent_with(&runtime, &server, &[&[SPECIAL]]).await;
    assert_eq!(sent.header("authorization"), Some("Bearer mine"));
    let sent = sent_with(&runtime, &server, &[&[BEARER]]).await;
    assert_eq!(sent.header("authorization"), Some("Bearer any"));
}

#[tokio::test]
async fn debug_of_the_builder_client_and_credentials_shows_no_secret() {
    let secrets = [
        "tok-SECRET",
        "user-SECRET",
        "pass-SECRET",
        "key-SECRET",
        "url-SECRET",
    ];
    let builder = Runtime::builder("t/0", None)
        .base_url("https://someone:url-SECRET@api.example.com/v1")
        .bearer_token("tok-SECRET")
        .basic_auth("user-SECRET", Some("pass-SECRET".to_owned()))
        .api_key("queryKey", "key-SECRET")
        .credential(
            "other",
            Credential::token_provider(Counting(AtomicU32::new(0))),
        )
        .before_attempt(|_, _| Ok(()));
    let runtime = builder.clone().build_runtime().unwrap();
    let credential = Credential::basic("user-SECRET", Some("pass-SECRET".to_owned()));
    let shown = format!(
        "{builder:?}\n{builder:#?}\n{runtime:?}\n{runtime:#?}\n{credential:?}\n{:?}",
        Credential::api_key("key-SECRET")
    );
    for secret in secrets {
        assert!(!shown.contains(secret), "{secret} shown in:\n{shown}");
    }
    assert!(shown.contains("<redacted>"));
    assert!(
        shown.contains("api.example.com"),
        "the rest is still shown:\n{shown}"
    );
}

#[tokio::test]
async fn an_api_key_in_the_query_stays_out_of_error_messages() {
    let url = refused_url().await;
    let runtime = builder(&url)
        .api_key("queryKey", "key-SECRET")
        .retry(client_runtime::RetryPolicy::disabled())
        .build_runtime()
        .unwrap();
    let error = send(&runtime, operation(Method::GET, "/items", &[&[QUERY_KEY]]))
        .await
        .unwrap_err();
    let shown = format!("{error} {error:?} {:?}", std::error::Error::source(&error));
    assert!(!shown.contains("key-SECRET"), "{shown}");
    assert!(matches!(error, Error::Http { .. }), "{error}");
}

#[tokio::test]
async fn hooks_see_sensitive_headers_marked_as_such() {
    let server = TestServer::start(|_, _| json(200, "{}")).await;
    let shown = Arc::new(std::sync::Mutex::new(String::new()));
    let seen = Arc::clone(&shown);
    let runtime = builder(&server.url)
        .bearer_token("tok-SECRET")
        .api_key("headerKey", "key-SECRET")
        .before_attempt(move |request, _| {
            *seen.lock().unwrap() = format!("{request:?} {:?}", request.headers());
            Ok(())
        })
        .build_runtime()
        .unwrap();
    send(
        &runtime,
        operation(Method::GET, "/items", &[&[BEARER, HEADER_KEY]]),
    )
    .await
    .unwrap();
    let shown = shown.lock().unwrap();
    assert!(shown.contains("authorization"), "{shown}");
    assert!(
        !shown.contains("tok-SECRET") && !shown.contains("key-SECRET"),
        "{shown}"
    );
}

#[tokio::test]
async fn body_and_credentials_together() {
    let server = TestServer::start(|_, _| json(200, "{}")).await;
    let runtime = builder(&server.url)
        .bearer_token("t")
        .build_runtime()
        .unwrap();
    let op = operation(Method::POST, "/items", &[&[BEARER]]);
    let mut request = runtime.request(op, &["items"]).unwrap();
    request.body = Body::bytes(&b"raw \x00 bytes"[..], "application/octet-stream");
    runtime.send(request).await.unwrap();
    let sent = &server.requests()[0];
    assert_eq!(sent.body, b"raw \x00 bytes");
    assert_eq!(
        sent.header("content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(sent.header("authorization"), Some("Bearer t"));
}
