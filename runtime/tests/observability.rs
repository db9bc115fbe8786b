//! Tracing: one span per call with what happened, one event per retry; never a secret or a
//! body. A small subscriber of our own records every field the runtime emits.

mod support;

use std::fmt::Debug;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use client_runtime::{Body, KeyLocation, Scheme};
use reqwest::Method;
use support::{builder, json, operation, reply, TestServer};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Fields, as `name = value` text, of a span or an event.
type Fields = Vec<(String, String)>;

#[derive(Default)]
struct Recorded {
    spans: Vec<(u64, String, Fields)>,
    events: Vec<Fields>,
}

#[derive(Clone, Default)]
struct Recorder {
    recorded: Arc<Mutex<Recorded>>,
    next_id: Arc<AtomicU64>,
}

struct Collect<'a>(&'a mut Fields);

impl Visit for Collect<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name().to_owned(), value.to_owned()));
    }
}

/// Only the runtime's own spans and events (not those of hyper or h2).
fn ours(metadata: &Metadata<'_>) -> bool {
    metadata.target().starts_with("client_runtime")
}

impl Subscriber for Recorder {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        ours(metadata)
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let id = self.next_id.fetch_add(1, Ordering::SeqCst) + 1;
        let mut fields = Vec::new();
        span.record(&mut Collect(&mut fields));
        let name = span.metadata().name().to_owned();
        self.recorded.lock().unwrap().spans.push((id, name, fields));
        Id::from_u64(id)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut recorded = self.recorded.lock().unwrap();
        if let Some((_, _, fields)) = recorded
            .spans
            .iter_mut()
            .find(|(id, ..)| *id == span.into_u64())
        {
            values.record(&mut Collect(fields));
        }
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = Vec::new();
        event.record(&mut Collect(&mut fields));
        self.recorded.lock().unwrap().events.push(fields);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

fn field<'a>(fields: &'a Fields, name: &str) -> Option<&'a str> {
    fields
        .iter()
        .rev()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

#[tokio::test]
async fn a_span_per_call_an_event_per_retry_and_no_secret() {
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());

    let server = TestServer::start(|n, _| match n {
        0 => reply(503, &[], b"BODY-SECRET-1"),
        _ => json(200, r#"{"token": "BODY-SECRET-2"}"#),
    })
    .await;
    let runtime = builder(&server.url)
        .bearer_token("TOKEN-SECRET")
        .api_key("key", "KEY-SECRET")
        .build_runtime()
        .unwrap();
    const SECURITY: client_runtime::Security = &[&[
        Scheme::bearer("bearer"),
        Scheme::api_key("key", KeyLocation::Query, "k"),
    ]];
    let op = operation(Method::PUT, "/users/{user_id}", SECURITY);
    let mut request = runtime.request(op, &["users", "USER-42"]).unwrap();
    request.body = Body::json(&serde_json::json!({"password": "BODY-SECRET-3"})).unwrap();
    let response = runtime.send(request).await.unwrap();
    assert_eq!(response.attempts, 2);

    let recorded = recorder.recorded.lock().unwrap();
    assert_eq!(recorded.spans.len(), 1, "one span per call");
    let (_, name, span) = &recorded.spans[0];
    assert_eq!(name, "http_operation");
    assert_eq!(field(span, "operation.id"), Some("testOperation"));
    assert_eq!(field(span, "http.method"), Some("PUT"));
    assert_eq!(field(span, "http.path_template"), Some("/users/{user_id}"));
    assert_eq!(field(span, "http.status"), Some("200"));
    assert_eq!(field(span, "attempts"), Some("2"));
    assert!(field(span, "duration_ms").is_some());

    assert_eq!(recorded.events.len(), 1, "one event per retry");
    let event = &recorded.events[0];
    assert_eq!(field(event, "message"), Some("retrying"));
    assert_eq!(field(event, "reason"), Some("status 503"));
    assert_eq!(field(event, "attempt"), Some("1"));
    assert!(field(event, "delay_ms").is_some());

    let everything = format!("{:?} {:?}", recorded.spans, recorded.events);
    for secret in ["SECRET", "USER-42"] {
        assert!(!everything.contains(secret), "{secret} in {everything}");
    }
}

#[tokio::test]
async fn a_failed_call_records_its_status_attempts_and_error_kind() {
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let server = TestServer::start(|_, _| reply(504, &[], b"")).await;
    let runtime = builder(&server.url).build_runtime().unwrap();
    let response = runtime
        .send(
            runtime
                .request(operation(Method::GET, "/a", &[]), &["a"])
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(
        response.status.as_u16(),
        504,
        "a response is a response, whatever its status"
    );

    let runtime = builder(&support::refused_url().await)
        .retry(client_runtime::RetryPolicy::disabled())
        .build_runtime()
        .unwrap();
    let request = runtime
        .request(operation(Method::GET, "/a", &[]), &["a"])
        .unwrap();
    runtime.send(request).await.unwrap_err();

    let recorded = recorder.recorded.lock().unwrap();
    let spans: Vec<&Fields> = recorded.spans.iter().map(|(_, _, fields)| fields).collect();
    assert_eq!(field(spans[0], "http.status"), Some("504"));
    assert_eq!(field(spans[0], "attempts"), Some("3"));
    assert_eq!(field(spans[1], "error"), Some("connect"));
    assert_eq!(field(spans[1], "attempts"), Some("1"));
    assert_eq!(field(spans[1], "http.status"), None);
    // Two retries on the 504s, then one "not retrying" for each call.
    let messages: Vec<&str> = recorded
        .events
        .iter()
        .filter_map(|e| field(e, "message"))
        .collect();
    assert_eq!(
        messages,
        ["retrying", "retrying", "not retrying", "not retrying"]
    );
}
