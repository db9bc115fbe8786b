//! What the generated client costs per request, next to the same request written by hand
//! with reqwest, both against one loopback server in the same run:
//!
//! ```text
//! cargo run --release --example request_overhead [-- REQUESTS ROUNDS]
//! ```
//!
//! The server (127.0.0.1, HTTP/1.1 keep-alive) answers every request at once with the same
//! conversation. Each of `ROUNDS` (41) rounds sends `REQUESTS` (200) requests through each
//! client, one after the other, and decodes each answer into the same model type. The output
//! is the median time per request of each, and the median of the rounds' ratios (the
//! generated client's overhead: credentials, hooks, time limits, the retry machinery,
//! tracing). Wall time needs a quiet machine; the instruction counts do not:
//!
//! ```text
//! valgrind --tool=callgrind --callgrind-out-file=cg.out \
//!     target/release/examples/request_overhead 500 1
//! callgrind_annotate --inclusive=yes cg.out | grep -E '(generated|hand_written)_call::\{\{closure\}\} \['
//! ```

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use vonage_conversation::models::RetrieveConversationResponse;
use vonage_conversation::Client;

const BODY: &str = r#"{"uuid":"CON-d66d47de-5bcb-4300-94f0-0c9d4b948e9a","name":"customer_chat","display_name":"Customer Chat","sequence_number":"0","timestamp":{"created":"2019-09-03T18:40:24.324Z","updated":"2019-09-03T18:40:24.324Z"},"properties":{"ttl":60},"_links":{"self":{"href":"https://api.nexmo.com/v0.3/conversations/CON-d66d47de-5bcb-4300-94f0-0c9d4b948e9a"}}}"#;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut args = std::env::args().skip(1);
    let requests: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(200);
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(41);
    let base = serve().await;

    let generated = Client::builder()
        .base_url(base.clone())
        .bearer_token("a-token")
        .build()
        .expect("a client");
    let http = reqwest::Client::builder().build().expect("an HTTP client");
    let url = format!("{base}/conversations/CON-d66d47de-5bcb-4300-94f0-0c9d4b948e9a");

    // Warm up both (connections, allocations).
    for _ in 0..200 {
        generated_call(&generated).await;
        hand_written_call(&http, &url).await;
    }
    // The two clients take turns round by round (which goes first alternates), so that
    // whatever else the machine does weighs on both alike. Turns are blocks of requests, not
    // single ones: a client alone keeps its attempt timer in the same slot of tokio's timer
    // wheel from one request to the next, as a real program does; alternating every request
    // would make each timer the earliest one and wake the driver each time (an artefact).
    let (mut ours, mut theirs, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..rounds {
        let (our_time, their_time) = if round % 2 == 0 {
            let ours = timed(requests, || generated_call(&generated)).await;
            (
                ours,
                timed(requests, || hand_written_call(&http, &url)).await,
            )
        } else {
            let theirs = timed(requests, || hand_written_call(&http, &url)).await;
            (timed(requests, || generated_call(&generated)).await, theirs)
        };
        ratios.push(our_time.as_secs_f64() / their_time.as_secs_f64());
        ours.push(our_time / requests as u32);
        theirs.push(their_time / requests as u32);
    }
    let (ours, theirs) = (median(ours), median(theirs));
    ratios.sort_by(f64::total_cmp);
    let ratio = ratios[ratios.len() / 2];
    println!("requests per round: {requests}, rounds: {rounds} (medians)");
    println!(
        "  hand-written reqwest   {:>8.1} µs/request",
        micros(theirs)
    );
    println!("  generated client       {:>8.1} µs/request", micros(ours));
    println!(
        "  overhead               {:>+8.1} % (median of the rounds' ratios; from {:+.1} % to {:+.1} %)",
        (ratio - 1.0) * 100.0,
        (ratios[0] - 1.0) * 100.0,
        (ratios[ratios.len() - 1] - 1.0) * 100.0
    );
}

/// The time `requests` calls take, one after the other.
async fn timed<F: std::future::Future<Output = ()>>(
    requests: usize,
    call: impl Fn() -> F,
) -> Duration {
    let start = Instant::now();
    for _ in 0..requests {
        call().await;
    }
    start.elapsed()
}

async fn generated_call(client: &Client) {
    let conversation = client
        .retrieve_conversation("CON-d66d47de-5bcb-4300-94f0-0c9d4b948e9a")
        .await
        .expect("the generated call");
    std::hint::black_box(conversation);
}

async fn hand_written_call(http: &reqwest::Client, url: &str) {
    let response = http
        .get(url)
        .bearer_auth("a-token")
        .send()
        .await
        .expect("the hand-written call");
    assert!(response.status().is_success());
    let body = response.bytes().await.expect("a body");
    let conversation: RetrieveConversationResponse =
        serde_json::from_slice(&body).expect("a conversation");
    std::hint::black_box(conversation);
}

/// A keep-alive HTTP/1.1 server on 127.0.0.1 that answers every request with [`BODY`].
async fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1");
    let address = listener.local_addr().expect("an address");
    let response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{BODY}",
        BODY.len()
    );
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let response = response.clone();
            tokio::spawn(async move {
                let mut buffer = Vec::with_capacity(4096);
                let mut chunk = [0u8; 4096];
                loop {
                    // GET requests have no body: a request ends with its blank line.
                    while let Some(end) = find(&buffer, b"\r\n\r\n") {
                        buffer.drain(..end + 4);
                        if socket.write_all(response.as_bytes()).await.is_err() {
                            return;
                        }
                    }
                    match socket.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                    }
                }
            });
        }
    });
    format!("http://{address}")
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values[values.len() / 2]
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}
