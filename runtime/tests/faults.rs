//! The fault suite: a test server on 127.0.0.1 misbehaves in every way the issue lists, and
//! each test checks what the caller sees.

mod support;

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use client_runtime::{
    Body, CallOptions, Error, Operation, RetryBudget, RetryPolicy, Runtime, TimeoutKind,
};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use support::{builder, http_date_in, json, operation, refused_url, reply, Reply, TestServer};

/// A generated method in miniature: build the request, send it, decode by status.
async fn call(
    runtime: &Runtime,
    op: &'static Operation,
    segments: &[&str],
    body: Body,
) -> Result<Value, Error> {
    let mut request = runtime.request(op, segments)?;
    request.body = body;
    let response = runtime.send(request).await?;
    match response.status.as_u16() {
        200 | 201 => response.json(),
        _ => Err(response.unexpected()),
    }
}

fn get() -> &'static Operation {
    operation(Method::GET, "/items", &[])
}

/// `GET /items`, which must fail, and fail in less than 5 s (no test waits long).
async fn get_error(runtime: &Runtime) -> Error {
    let started = Instant::now();
    let error = call(runtime, get(), &["items"], Body::Empty)
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    error
}

/// A client of `url` with the test defaults of [`builder`].
fn client(url: &str) -> Runtime {
    builder(url).build_runtime().unwrap()
}

/// The default attempts with a 1 ms backoff that a `Retry-After` can stretch to `max`.
fn waits_up_to(max: Duration) -> RetryPolicy {
    RetryPolicy::default().backoff(Duration::from_millis(1), max)
}

/// A retry policy of `attempts` attempts and millisecond pauses.
fn fast_retries(attempts: u32) -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(attempts)
        .backoff(Duration::from_millis(1), Duration::from_millis(10))
}

#[tokio::test]
async fn retry_after_in_seconds_is_honoured_then_200() {
    let server = TestServer::start(|n, _| match n {
        0 => reply(429, &[("retry-after", "1")], b"slow down"),
        _ => json(200, r#"{"ok": true}"#),
    })
    .await;
    let runtime = builder(&server.url)
        .retry(waits_up_to(Duration::from_secs(5)))
        .build_runtime()
        .unwrap();
    let started = Instant::now();
    let value = call(&runtime, get(), &["items"], Body::Empty)
        .await
        .unwrap();
    assert_eq!(value["ok"], true);
    assert_eq!(server.count(), 2);
    // Backoff alone would have waited at most 1 ms.
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured_then_200() {
    // Two seconds from when the server answers (one second and a bit, at second precision).
    let server = TestServer::start(|n, _| match n {
        0 => reply(429, &[("retry-after", &http_date_in(2))], b""),
        _ => json(200, "[]"),
    })
    .await;
    let runtime = builder(&server.url)
        .retry(waits_up_to(Duration::from_secs(5)))
        .build_runtime()
        .unwrap();
    let started = Instant::now();
    call(&runtime, get(), &["items"], Body::Empty)
        .await
        .unwrap();
    assert_eq!(server.count(), 2);
    assert!(
        started.elapsed() >= Duration::from_millis(500),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn retry_after_is_capped_by_the_maximum_backoff_and_readable_from_the_error() {
    let server = TestServer::start(|_, _| reply(429, &[("retry-after", "3600")], b"")).await;
    let runtime = client(&server.url);
    let error = get_error(&runtime).await;
    assert_eq!(error.status(), Some(StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(error.attempts(), 3);
    assert_eq!(error.retry_after(), Some(Duration::from_secs(3600)));
    assert!(error.is_retryable());
}

#[tokio::test]
async fn two_503_then_200() {
    let server = TestServer::start(|n, _| match n {
        0 | 1 => reply(503, &[], b"unavailable"),
        _ => json(200, r#"{"id": 1}"#),
    })
    .await;
    let runtime = client(&server.url);
    let value = call(&runtime, get(), &["items"], Body::Empty)
        .await
        .unwrap();
    assert_eq!(value["id"], 1);
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn service_unavailable_forever_gives_up_with_the_last_response_and_the_attempt_count() {
    let server = TestServer::start(|n, _| {
        reply(
            503,
            &[("x-attempt", &(n + 1).to_string())],
            format!("attempt {}", n + 1).as_bytes(),
        )
    })
    .await;
    let runtime = builder(&server.url)
        .retry(fast_retries(4))
        .build_runtime()
        .unwrap();
    let error = get_error(&runtime).await;
    assert!(matches!(error, Error::UnexpectedStatus(_)), "{error}");
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(error.attempts(), 4);
    assert_eq!(error.body(), Some(&b"attempt 4"[..]));
    assert_eq!(error.response().unwrap().headers["x-attempt"], "4");
    assert!(error.is_retryable());
    assert_eq!(server.count(), 4);
}

#[tokio::test]
async fn post_is_not_retried_unless_opted_in_per_client_or_per_call() {
    let post = operation(Method::POST, "/items", &[]);
    let server = TestServer::start(|_, _| reply(503, &[], b"")).await;
    let body = || Body::json(&serde_json::json!({"name": "x"})).unwrap();

    let runtime = client(&server.url);
    let error = call(&runtime, post, &["items"], body()).await.unwrap_err();
    assert_eq!((error.attempts(), server.count()), (1, 1));

    // Per call: a view of the same client.
    let opted = runtime.with_options(CallOptions::new().retry_non_idempotent(true));
    let error = call(&opted, post, &["items"], body()).await.unwrap_err();
    assert_eq!((error.attempts(), server.count()), (3, 4));
    // The original client is unchanged.
    call(&runtime, post, &["items"], body()).await.unwrap_err();
    assert_eq!(server.count(), 5);

    // Per client.
    let runtime = builder(&server.url)
        .retry(fast_retries(3).retry_non_idempotent(true))
        .build_runtime()
        .unwrap();
    let error = call(&runtime, post, &["items"], body()).await.unwrap_err();
    assert_eq!((error.attempts(), server.count()), (3, 8));
    let patch = operation(Method::PATCH, "/items", &[]);
    call(&runtime, patch, &["items"], body()).await.unwrap_err();
    assert_eq!(server.count(), 11);
}

#[tokio::test]
async fn retries_can_be_switched_off() {
    let server = TestServer::start(|_, _| reply(503, &[], b"")).await;
    let runtime = builder(&server.url)
        .retry(RetryPolicy::disabled())
        .build_runtime()
        .unwrap();
    let error = get_error(&runtime).await;
    assert_eq!((error.attempts(), server.count()), (1, 1));
}

#[tokio::test]
async fn a_body_that_cannot_be_replayed_is_never_retried() {
    let put = operation(Method::PUT, "/items", &[]);
    let server = TestServer::start(|_, _| reply(503, &[], b"")).await;
    let runtime = client(&server.url);
    let body = Body::once(reqwest::Body::from("streamed"), "text/plain");
    let error = call(&runtime, put, &["items"], body).await.unwrap_err();
    assert_eq!((error.attempts(), server.count()), (1, 1));
    assert_eq!(server.requests()[0].body, b"streamed");
}

#[tokio::test]
async fn a_replayed_body_is_sent_byte_identical() {
    let put = operation(Method::PUT, "/items/{id}", &[]);
    let server = TestServer::start(|n, _| match n {
        0 => reply(502, &[], b""),
        _ => json(200, "{}"),
    })
    .await;
    let runtime = client(&server.url);
    let payload = serde_json::json!({"name": "Zoë", "tags": ["a", "b"], "n": 1.5});
    call(
        &runtime,
        put,
        &["items", "7"],
        Body::json(&payload).unwrap(),
    )
    .await
    .unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let expected = serde_json::to_vec(&payload).unwrap();
    for request in &requests {
        assert_eq!(request.body, expected);
        assert_eq!(request.header("content-type"), Some("application/json"));
        assert_eq!(
            request.header("content-length"),
            Some(&*expected.len().to_string())
        );
    }
}

#[tokio::test]
async fn connection_refused_is_retried_then_reported() {
    let url = refused_url().await;
    let runtime = builder(&url).build_runtime().unwrap();
    let error = get_error(&runtime).await;
    match &error {
        Error::Http { source, attempts } => {
            assert!(source.is_connect(), "{source}");
            assert_eq!(*attempts, 3);
        }
        other => panic!("{other}"),
    }
    assert!(error.is_retryable());
    assert_eq!(error.status(), None);
    assert!(error.to_string().contains("after 3 attempt(s)"), "{error}");
}

#[tokio::test]
async fn a_server_that_never_answers_hits_the_attempt_timeout() {
    let server = TestServer::start(|_, _| Reply::Hang).await;
    let runtime = builder(&server.url)
        .attempt_timeout(Duration::from_millis(200))
        .retry(fast_retries(2))
        .build_runtime()
        .unwrap();
    let error = get_error(&runtime).await;
    assert!(
        matches!(
            error,
            Error::Timeout {
                limit: TimeoutKind::Attempt,
                attempts: 2
            }
        ),
        "{error}"
    );
    assert_eq!(error.timeout(), Some(TimeoutKind::Attempt));
    assert!(error.is_retryable());
    assert_eq!(server.count(), 2);
    assert_eq!(
        error.to_string(),
        "the attempt timeout was reached after 2 attempt(s)"
    );
}

#[tokio::test]
async fn a_trickling_server_hits_the_operation_timeout() {
    let head =
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n[";
    let server = TestServer::start(move |_, _| Reply::Trickle {
        head: head.to_vec(),
        every: Duration::from_millis(20),
    })
    .await;
    let runtime = builder(&server.url)
        .attempt_timeout(Duration::from_secs(30))
        .operation_timeout(Duration::from_millis(500))
        .build_runtime()
        .unwrap();
    let error = get_error(&runtime).await;
    assert!(
        matches!(
            error,
            Error::Timeout {
                limit: TimeoutKind::Operation,
                attempts: 1
            }
        ),
        "{error}"
    );
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_that_keeps_the_body() {
    let server = TestServer::start(|_, _| json(200, r#"{"id": 1, "na"#)).await;
    let runtime = client(&server.url);
    let error = get_error(&runtime).await;
    assert!(matches!(error, Error::Decode { .. }), "{error}");
    assert_eq!(error.status(), Some(StatusCode::OK));
    assert_eq!(error.body(), Some(&br#"{"id": 1, "na"#[..]));
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn a_connection_cut_mid_body_is_an_http_error() {
    let server = TestServer::start(|_, _| {
        Reply::Raw(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{\"id\": 1".to_vec())
    })
    .await;
    let runtime = client(&server.url);
    let error = get_error(&runtime).await;
    assert!(matches!(error, Error::Http { .. }), "{error}");
    assert_eq!(error.attempts(), 1, "a body read error is not retried");
}

#[tokio::test]
async fn an_html_502_page_is_retried_then_kept_as_it_came() {
    let page = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let server = TestServer::start(move |_, _| {
        reply(502, &[("content-type", "text/html")], page.as_bytes())
    })
    .await;
    let runtime = client(&server.url);
    let error = get_error(&runtime).await;
    assert!(matches!(error, Error::UnexpectedStatus(_)), "{error}");
    assert_eq!(error.status(), Some(StatusCode::BAD_GATEWAY));
    assert_eq!(error.body(), Some(page.as_bytes()));
    assert_eq!(error.attempts(), 3);
    assert!(error.problem().is_none());
    assert!(error.body_json::<Value>().unwrap().is_err());
}

#[tokio::test]
async fn a_wrong_content_type_does_not_stop_a_json_body_from_decoding() {
    let server =
        TestServer::start(|_, _| reply(200, &[("content-type", "text/html")], br#"{"id": 3}"#))
            .await;
    let runtime = client(&server.url);
    let value = call(&runtime, get(), &["items"], Body::Empty)
        .await
        .unwrap();
    assert_eq!(value["id"], 3);
}

#[tokio::test]
async fn problem_json_is_read_back_field_by_field() {
    let server = TestServer::start(|n, _| {
        let (status, body) = match n {
            0 => (
                400,
                serde_json::json!({
                    "type": "https://developer.example.com/api-errors#invalid-json",
                    "title": "Invalid JSON",
                    "detail": "Unexpected end of input",
                    "instance": "bf0ca0bf927b3b52e3cb03217e1a1ddf",
                }),
            ),
            1 => (
                404,
                serde_json::json!({
                    "type": "https://developer.example.com/api-errors#not-found",
                    "title": "Not Found",
                    "status": 404,
                    "instance": "urn:trace:404",
                }),
            ),
            _ => (
                422,
                serde_json::json!({
                    "type": "https://developer.example.com/api-errors#validation",
                    "title": "Invalid parameters",
                    "status": 422,
                    "invalid_parameters": [{"name": "page_size", "reason": "must be <= 100"}],
                    "trace": {"id": 9},
                }),
            ),
        };
        reply(
            status,
            &[("content-type", "application/problem+json; charset=utf-8")],
            body.to_string().as_bytes(),
        )
    })
    .await;
    let runtime = client(&server.url);

    let error = get_error(&runtime).await;
    let problem = error.problem().expect("a problem");
    assert_eq!(error.status(), Some(StatusCode::BAD_REQUEST));
    assert_eq!(
        problem.r#type,
        "https://developer.example.com/api-errors#invalid-json"
    );
    assert_eq!(problem.title.as_deref(), Some("Invalid JSON"));
    assert_eq!(problem.status, None);
    assert_eq!(problem.detail.as_deref(), Some("Unexpected end of input"));
    assert_eq!(
        problem.instance.as_deref(),
        Some("bf0ca0bf927b3b52e3cb03217e1a1ddf")
    );
    assert!(problem.extensions.is_empty());

    let error = get_error(&runtime).await;
    let problem = error.problem().expect("a problem");
    assert_eq!(problem.status, Some(404));
    assert_eq!(problem.title.as_deref(), Some("Not Found"));
    assert_eq!(problem.detail, None);
    assert_eq!(problem.instance.as_deref(), Some("urn:trace:404"));

    let error = get_error(&runtime).await;
    let problem = error.problem().expect("a problem");
    assert_eq!(problem.status, Some(422));
    assert_eq!(problem.instance, None);
    assert_eq!(problem.extensions.len(), 2);
    assert_eq!(
        problem.extensions["invalid_parameters"][0]["reason"],
        "must be <= 100"
    );
    assert_eq!(problem.extensions["trace"]["id"], 9);
    assert!(!error.is_retryable());
    assert_eq!(server.count(), 3, "4xx answers are not retried");
}

#[tokio::test]
async fn a_problem_body_under_another_content_type_is_no_problem() {
    let server = TestServer::start(|_, _| json(400, r#"{"title": "Bad", "status": 400}"#)).await;
    let runtime = client(&server.url);
    let error = get_error(&runtime).await;
    assert!(error.problem().is_none());
    assert_eq!(error.body_json::<Value>().unwrap().unwrap()["title"], "Bad");
}

#[tokio::test]
async fn an_empty_200_body_where_json_is_expected_is_a_decode_error() {
    let server = TestServer::start(|_, _| json(200, "")).await;
    let runtime = client(&server.url);
    let error = get_error(&runtime).await;
    assert!(matches!(error, Error::Decode { .. }), "{error}");
    assert_eq!(error.body(), Some(&b""[..]));
}

#[tokio::test]
async fn a_body_over_the_size_limit_is_refused_announced_or_not() {
    let big = vec![b'x'; 64 * 1024];
    let chunked = {
        // No Content-Length: the client finds out while reading.
        let mut bytes =
            b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n".to_vec();
        for _ in 0..16 {
            bytes.extend_from_slice(format!("{:x}\r\n", 4096).as_bytes());
            bytes.extend_from_slice(&[b'y'; 4096]);
            bytes.extend_from_slice(b"\r\n");
        }
        bytes.extend_from_slice(b"0\r\n\r\n");
        bytes
    };
    let server = TestServer::start(move |n, _| match n {
        0 => json(200, std::str::from_utf8(&big).unwrap()),
        _ => Reply::Raw(chunked.clone()),
    })
    .await;
    let runtime = builder(&server.url)
        .max_response_bytes(10_000)
        .build_runtime()
        .unwrap();

    let error = get_error(&runtime).await;
    assert!(
        matches!(error, Error::BodyTooLarge { limit: 10_000, .. }),
        "{error}"
    );
    assert_eq!(error.status(), Some(StatusCode::OK));
    assert_eq!(
        error.body(),
        Some(&b""[..]),
        "announced too large: nothing read"
    );
    assert!(
        error.to_string().contains("limit of 10000 bytes"),
        "{error}"
    );

    let error = get_error(&runtime).await;
    assert!(matches!(error, Error::BodyTooLarge { .. }), "{error}");
    assert_eq!(error.body().map(<[u8]>::len), Some(10_000));
    assert_eq!(error.attempts(), 1);
}

#[tokio::test]
async fn path_parameters_are_encoded_and_never_change_the_path() {
    let server = TestServer::start(|_, _| json(200, "{}")).await;
    let runtime = builder(&format!("{}/v1/", server.url))
        .build_runtime()
        .unwrap();
    let op = operation(Method::GET, "/users/{user_id}/items", &[]);
    let values = [
        ("a/b", "/v1/users/a%2Fb/items"),
        ("../admin", "/v1/users/..%2Fadmin/items"),
        ("x?y=1", "/v1/users/x%3Fy=1/items"),
        ("x#frag", "/v1/users/x%23frag/items"),
        ("with space", "/v1/users/with%20space/items"),
        ("Zoë 東京", "/v1/users/Zo%C3%AB%20%E6%9D%B1%E4%BA%AC/items"),
        ("100%", "/v1/users/100%25/items"),
    ];
    for (value, _) in values {
        let id = client_runtime::url::path_param("user_id", value).unwrap();
        call(&runtime, op, &["users", id, "items"], Body::Empty)
            .await
            .unwrap();
    }
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    let expected: Vec<&str> = values.iter().map(|(_, target)| *target).collect();
    assert_eq!(targets, expected);

    for value in ["", ".", ".."] {
        let error = client_runtime::url::path_param("user_id", value).unwrap_err();
        assert!(matches!(
            error.0,
            Error::InvalidPathParameter {
                name: "user_id",
                ..
            }
        ));
    }
    // Even past `path_param`, a dot segment is refused rather than normalised away.
    for value in [".", ".."] {
        let error = call(&runtime, op, &["users", value, "items"], Body::Empty).await;
        assert!(
            matches!(error, Err(Error::InvalidPathParameter { .. })),
            "{value:?}"
        );
    }
    assert_eq!(server.count(), values.len(), "nothing else went out");
}

#[tokio::test]
async fn the_retry_budget_limits_retries_across_concurrent_callers() {
    let server = Arc::new(TestServer::start(|_, _| reply(503, &[], b"")).await);
    let runtime = builder(&server.url)
        .retry(
            RetryPolicy::default()
                .max_attempts(5)
                .backoff(Duration::from_millis(1), Duration::from_millis(5))
                .budget(Some(RetryBudget::new(10, 5, 1))),
        )
        .build_runtime()
        .unwrap();
    let callers: Vec<_> = (0..20)
        .map(|_| {
            let runtime = runtime.clone();
            tokio::spawn(async move {
                call(&runtime, get(), &["items"], Body::Empty)
                    .await
                    .unwrap_err()
                    .attempts()
            })
        })
        .collect();
    let mut attempts = Vec::new();
    for caller in callers {
        attempts.push(caller.await.unwrap());
    }
    // 20 first attempts, and the two retries 10 tokens pay for; without a budget, 100.
    let total: u32 = attempts.iter().sum();
    assert_eq!(total, 22, "{attempts:?}");
    assert_eq!(server.count(), 22);
    assert_eq!(runtime.retry_budget_tokens(), Some(0));
}

#[tokio::test]
async fn hooks_run_per_attempt_and_can_add_headers() {
    let server = TestServer::start(|n, _| match n {
        0 => reply(503, &[], b""),
        _ => json(200, "{}"),
    })
    .await;
    // Attempt number, status, path of each attempt the after-hook saw.
    type Seen = Vec<(u32, Option<u16>, String)>;
    let seen: Arc<Mutex<Seen>> = Arc::default();
    let log = Arc::clone(&seen);
    let runtime = builder(&server.url)
        .before_attempt(|request, context| {
            let value = format!("{}#{}", context.operation_id, context.attempt);
            request.headers_mut().insert("x-attempt", value.parse()?);
            Ok(())
        })
        .after_attempt(move |report| {
            let status = report.outcome.as_ref().ok().map(|s| s.as_u16());
            log.lock()
                .unwrap()
                .push((report.attempt, status, report.path.to_owned()));
            assert!(report.duration < Duration::from_secs(5));
            assert_eq!(report.method, Method::GET);
        })
        .build_runtime()
        .unwrap();
    call(&runtime, get(), &["items"], Body::Empty)
        .await
        .unwrap();
    let headers: Vec<Option<String>> = server
        .requests()
        .iter()
        .map(|r| r.header("x-attempt").map(str::to_owned))
        .collect();
    assert_eq!(
        headers,
        [
            Some("testOperation#1".into()),
            Some("testOperation#2".into())
        ]
    );
    assert_eq!(
        *seen.lock().unwrap(),
        [
            (1, Some(503), "/items".to_owned()),
            (2, Some(200), "/items".to_owned())
        ]
    );
}

#[tokio::test]
async fn a_failing_before_hook_ends_the_call_before_sending() {
    let server = TestServer::start(|_, _| json(200, "{}")).await;
    let runtime = builder(&server.url)
        .before_attempt(|_, _| Err("no signing key".into()))
        .build_runtime()
        .unwrap();
    let error = get_error(&runtime).await;
    assert!(matches!(error, Error::Hook(_)), "{error}");
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn the_user_agent_defaults_to_the_crate_and_can_be_set() {
    let server = TestServer::start(|_, _| json(200, "{}")).await;
    let runtime = client(&server.url);
    call(&runtime, get(), &["items"], Body::Empty)
        .await
        .unwrap();
    let runtime = builder(&server.url)
        .user_agent("my-app/2")
        .build_runtime()
        .unwrap();
    call(&runtime, get(), &["items"], Body::Empty)
        .await
        .unwrap();
    let injected = reqwest::Client::builder()
        .user_agent("injected/1")
        .build()
        .unwrap();
    let runtime = builder(&server.url)
        .http_client(injected.clone())
        .build_runtime()
        .unwrap();
    call(&runtime, get(), &["items"], Body::Empty)
        .await
        .unwrap();
    let runtime = builder(&server.url)
        .http_client(injected)
        .user_agent("explicit/3")
        .build_runtime()
        .unwrap();
    call(&runtime, get(), &["items"], Body::Empty)
        .await
        .unwrap();
    let agents: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.header("user-agent").unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        agents,
        [
            "client-runtime-tests/0",
            "my-app/2",
            "injected/1",
            "explicit/3"
        ]
    );
}

#[tokio::test]
async fn an_operation_timeout_shorter_than_the_retry_pause_ends_with_the_last_response() {
    let server = TestServer::start(|_, _| reply(503, &[("retry-after", "30")], b"busy")).await;
    let runtime = builder(&server.url)
        .retry(waits_up_to(Duration::from_secs(60)))
        .operation_timeout(Duration::from_millis(500))
        .build_runtime()
        .unwrap();
    // `get_error` checks that this takes less than 5 s: no pause of 30 s was begun.
    let error = get_error(&runtime).await;
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(error.attempts(), 1);
    assert_eq!(error.retry_after(), Some(Duration::from_secs(30)));
}

#[tokio::test]
async fn a_query_and_headers_and_cookies_go_out_as_described() {
    let server = TestServer::start(|_, _| json(200, "{}")).await;
    let runtime = client(&server.url);
    let op = operation(Method::DELETE, "/items", &[]);
    let mut request = runtime.request(op, &["items"]).unwrap();
    request
        .query
        .push(client_runtime::url::query_pair("q", "a&b"));
    request
        .query
        .push(client_runtime::url::query_pair("page", "2"));
    request.headers.push(("X-Request-Id", "abc".to_owned()));
    request
        .cookies
        .push(("session".to_owned(), "s1".to_owned()));
    request
        .cookies
        .push(("theme".to_owned(), "dark".to_owned()));
    let response = runtime.send(request).await.unwrap();
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.attempts, 1);
    let sent = &server.requests()[0];
    assert_eq!(sent.method, "DELETE");
    assert_eq!(sent.target, "/items?q=a%26b&page=2");
    assert_eq!(sent.header("x-request-id"), Some("abc"));
    assert_eq!(sent.header("cookie"), Some("session=s1; theme=dark"));

    let mut request = runtime.request(op, &["items"]).unwrap();
    request.headers.push(("X-Bad", "line\r\nbreak".to_owned()));
    let error: Error = runtime.send(request).await.unwrap_err().into();
    assert!(
        matches!(&error, Error::InvalidHeader { name } if name == "X-Bad"),
        "{error}"
    );
    assert!(!error.to_string().contains("break"));
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn the_base_url_must_be_valid_and_there_must_be_one() {
    let error = Runtime::builder("t/0", None)
        .base_url("not a url")
        .build_runtime()
        .unwrap_err();
    assert!(matches!(error, Error::InvalidBaseUrl { .. }), "{error}");
    let runtime = Runtime::builder("t/0", None).build_runtime().unwrap();
    let error = runtime.request(get(), &["items"]).unwrap_err().into_inner();
    assert!(matches!(error, Error::NoBaseUrl), "{error}");

    // The spec's server, then an operation's own, then the builder's base URL.
    let server = TestServer::start(|_, _| json(200, "{}")).await;
    let spec_default: &'static str = Box::leak(format!("{}/spec", server.url).into_boxed_str());
    let runtime = Runtime::builder("t/0", Some(spec_default))
        .build_runtime()
        .unwrap();
    assert_eq!(
        runtime.request(get(), &["a"]).unwrap().url.path(),
        "/spec/a"
    );
    let own: &'static str = Box::leak(format!("{}/own", server.url).into_boxed_str());
    let with_server: &'static Operation = Box::leak(Box::new(Operation {
        server: Some(own),
        ..Operation {
            id: "x",
            method: Method::GET,
            path: "/a",
            server: None,
            security: &[],
        }
    }));
    assert_eq!(
        runtime.request(with_server, &["a"]).unwrap().url.path(),
        "/own/a"
    );
    let runtime = Runtime::builder("t/0", Some(spec_default))
        .base_url(format!("{}/mine", server.url))
        .build_runtime()
        .unwrap();
    assert_eq!(
        runtime.request(with_server, &["a"]).unwrap().url.path(),
        "/mine/a"
    );
}

#[tokio::test]
async fn a_token_provider_failure_is_a_credentials_error() {
    struct Failing(AtomicU32);
    impl client_runtime::TokenProvider for Failing {
        fn token(&self) -> client_runtime::TokenFuture<'_> {
            self.0.fetch_add(1, Ordering::SeqCst);
            Box::pin(async { Err("key file missing".into()) })
        }
    }
    let server = TestServer::start(|_, _| json(200, "{}")).await;
    let runtime = builder(&server.url)
        .token_provider(Failing(AtomicU32::new(0)))
        .build_runtime()
        .unwrap();
    const BEARER: client_runtime::Scheme = client_runtime::Scheme::bearer("bearerAuth");
    let op = operation(Method::GET, "/items", &[&[BEARER]]);
    let error = call(&runtime, op, &["items"], Body::Empty)
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Credentials { scheme, .. } if scheme == "bearerAuth"),
        "{error}"
    );
    assert_eq!(server.count(), 0);
}

// Linux drops SYNs to a full accept queue (other kernels may refuse them instead).
#[cfg(target_os = "linux")]
#[tokio::test]
async fn a_connection_that_cannot_be_opened_in_time_hits_the_connect_timeout() {
    // A listener that never accepts, its queue filled: the kernel drops further SYNs, so a
    // new connection neither opens nor is refused.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(0).unwrap();
    let address = listener.local_addr().unwrap();
    let mut fillers = Vec::new();
    for _ in 0..8 {
        match tokio::time::timeout(
            Duration::from_millis(100),
            tokio::net::TcpStream::connect(address),
        )
        .await
        {
            Ok(Ok(stream)) => fillers.push(stream),
            _ => break,
        }
    }
    let runtime = builder(&format!("http://{address}"))
        .connect_timeout(Duration::from_millis(200))
        .retry(RetryPolicy::disabled())
        .build_runtime()
        .unwrap();
    let error = get_error(&runtime).await;
    assert!(
        matches!(
            error,
            Error::Timeout {
                limit: TimeoutKind::Connect,
                attempts: 1
            }
        ),
        "{error:?}"
    );
    assert!(error.is_retryable());
    drop(listener);
}

#[tokio::test]
async fn a_multipart_body_is_replayed_byte_identical() {
    use client_runtime::multipart::{Form, Part};
    let post = operation(Method::POST, "/files", &[]);
    let server = TestServer::start(|n, _| match n {
        0 => reply(503, &[], b""),
        _ => json(201, "{}"),
    })
    .await;
    let runtime = builder(&server.url)
        .retry(fast_retries(3).retry_non_idempotent(true))
        .build_runtime()
        .unwrap();
    let form = Form::new().text("title", "Zoë").part(
        "file",
        Part::bytes(vec![0u8, 159, 146, 150])
            .file_name("a.bin")
            .mime_str("application/octet-stream")
            .unwrap(),
    );
    call(&runtime, post, &["files"], form.into_body())
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].body, requests[1].body);
    let content_type = requests[0].header("content-type").unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap();
    let mut expected = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nZoë\r\n--{boundary}\r\n\
         Content-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    expected.extend_from_slice(&[0, 159, 146, 150]);
    expected.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    assert_eq!(requests[1].body, expected);
}

#[tokio::test]
async fn a_head_response_announcing_a_large_body_is_not_too_large() {
    let server = TestServer::start(|_, _| {
        Reply::Raw(
            b"HTTP/1.1 200 OK\r\ncontent-length: 1000000\r\nconnection: close\r\n\r\n".to_vec(),
        )
    })
    .await;
    let runtime = builder(&server.url)
        .max_response_bytes(10)
        .build_runtime()
        .unwrap();
    let head = operation(Method::HEAD, "/items", &[]);
    let response = runtime
        .send(runtime.request(head, &["items"]).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status, StatusCode::OK);
    assert!(response.body.is_empty());
    assert_eq!(response.headers["content-length"], "1000000");
}

#[tokio::test]
async fn time_limits_and_attempts_can_be_changed_per_call() {
    let server = TestServer::start(|_, _| Reply::Hang).await;
    let runtime = client(&server.url);
    let view = runtime.with_options(
        CallOptions::new()
            .attempt_timeout(Duration::from_millis(100))
            .max_attempts(2),
    );
    assert_eq!(view.timeouts().attempt, Some(Duration::from_millis(100)));
    assert_eq!(
        runtime.timeouts().attempt,
        Some(Duration::from_secs(5)),
        "the client is unchanged"
    );
    let error = get_error(&view).await;
    assert!(
        matches!(
            error,
            Error::Timeout {
                limit: TimeoutKind::Attempt,
                attempts: 2
            }
        ),
        "{error}"
    );
    let view = view.with_options(CallOptions::new().operation_timeout(Duration::from_millis(150)));
    let error = get_error(&view).await;
    assert_eq!(error.timeout(), Some(TimeoutKind::Operation), "{error}");
    assert_eq!(view.retry_policy().max_attempts, 2, "options stack");
}

#[test]
fn the_validation_switch_is_on_by_default() {
    let runtime = Runtime::builder("t/0", None).build_runtime().unwrap();
    assert!(runtime.validates_requests());
    let runtime = Runtime::builder("t/0", None)
        .validate_requests(false)
        .build_runtime()
        .unwrap();
    assert!(!runtime.validates_requests());
}
