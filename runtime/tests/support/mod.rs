//! A scripted HTTP/1.1 test server on 127.0.0.1, on a raw TCP listener so that it can also
//! misbehave: never answer, trickle bytes, cut a body short. Every connection carries one
//! request and is closed after the answer.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use client_runtime::{ClientBuilder, Operation, Runtime, Security};
use reqwest::Method;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A request as the server read it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    /// The request target: path and query, exactly as sent.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What the server does with a request.
pub enum Reply {
    /// Writes these bytes and closes.
    Raw(Vec<u8>),
    /// Never answers (until the client gives up and closes).
    Hang,
    /// Writes `head`, then one byte of body every `every`, forever.
    Trickle { head: Vec<u8>, every: Duration },
}

/// A complete response with `Content-Length`.
pub fn reply(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let mut out = format!("HTTP/1.1 {status} Status\r\nconnection: close\r\n");
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str(&format!("content-length: {}\r\n\r\n", body.len()));
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    Reply::Raw(bytes)
}

/// A JSON response.
pub fn json(status: u16, body: &str) -> Reply {
    reply(
        status,
        &[("content-type", "application/json")],
        body.as_bytes(),
    )
}

type Handler = dyn Fn(usize, &Recorded) -> Reply + Send + Sync;

pub struct TestServer {
    pub url: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
}

impl TestServer {
    /// A server that answers request number `n` (from 0) with `handler(n, request)`.
    pub async fn start(
        handler: impl Fn(usize, &Recorded) -> Reply + Send + Sync + 'static,
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let recorded = Arc::clone(&requests);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let handler = Arc::clone(&handler);
                let recorded = Arc::clone(&recorded);
                tokio::spawn(serve(stream, handler, recorded));
            }
        });
        TestServer { url, requests }
    }

    /// The requests read so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }

    /// How many requests were read so far.
    pub fn count(&self) -> usize {
        self.requests.lock().unwrap().len()
    }
}

async fn serve(mut stream: TcpStream, handler: Arc<Handler>, recorded: Arc<Mutex<Vec<Recorded>>>) {
    let Some(request) = read_request(&mut stream).await else {
        return;
    };
    let n = {
        let mut all = recorded.lock().unwrap();
        all.push(request.clone());
        all.len() - 1
    };
    match handler(n, &request) {
        Reply::Raw(bytes) => {
            let _ = stream.write_all(&bytes).await;
            let _ = stream.shutdown().await;
        }
        Reply::Hang => {
            // Read (and drop) until the client closes the connection.
            let mut buffer = [0u8; 1024];
            while matches!(stream.read(&mut buffer).await, Ok(n) if n > 0) {}
        }
        Reply::Trickle { head, every } => {
            if stream.write_all(&head).await.is_err() {
                return;
            }
            loop {
                tokio::time::sleep(every).await;
                if stream.write_all(b" ").await.is_err() {
                    return;
                }
            }
        }
    }
}

async fn read_request(stream: &mut TcpStream) -> Option<Recorded> {
    let mut data = Vec::new();
    let mut buffer = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let n = stream.read(&mut buffer).await.ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&buffer[..n]);
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(name, _)| name == "content-length")
        .and_then(|(_, value)| value.parse().ok())
        .unwrap_or(0);
    let mut body = data[head_end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut buffer).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&buffer[..n]);
    }
    Some(Recorded {
        method,
        target,
        headers,
        body,
    })
}

/// A port on 127.0.0.1 that nothing listens on (bound, then released).
pub async fn refused_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    url
}

/// A builder for `url` with test-sized backoffs (milliseconds) and limits.
pub fn builder(url: &str) -> ClientBuilder {
    Runtime::builder("client-runtime-tests/0", None)
        .base_url(url)
        .retry(
            client_runtime::RetryPolicy::default()
                .backoff(Duration::from_millis(1), Duration::from_millis(20)),
        )
        .attempt_timeout(Duration::from_secs(5))
        .operation_timeout(Duration::from_secs(10))
}

/// A static operation; tests leak one per call site so that it lives for `'static`.
pub fn operation(method: Method, path: &'static str, security: Security) -> &'static Operation {
    Box::leak(Box::new(Operation {
        id: "testOperation",
        method,
        path,
        server: None,
        security,
    }))
}

/// An HTTP date (IMF-fixdate) `seconds` from now.
pub fn http_date_in(seconds: u64) -> String {
    httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(seconds))
}
