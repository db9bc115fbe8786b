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
//! tracing), in wall time and in the process's CPU time (user + system; the server is in the
//! same process and thread, so it counts on both sides alike). Wall time needs a quiet
//! machine; CPU time less so (waiting for a core is not counted, though other programs still
//! evict caches); the instruction counts not at all:
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
    // The hand-written client sends the same request bytes: the generated client's default
    // `User-Agent` (crate name and version) is a header on the wire, not client overhead.
    let http = reqwest::Client::builder()
        .user_agent(concat!(
            env!("CARGO_PKG_NAME"),
            "/",
            env!("CARGO_PKG_VERSION")
        ))
        .build()
        .expect("an HTTP client");
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
    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    for round in 0..rounds {
        let (our_cost, their_cost) = if round % 2 == 0 {
            let ours = timed(requests, || generated_call(&generated)).await;
            (
                ours,
                timed(requests, || hand_written_call(&http, &url)).await,
            )
        } else {
            let theirs = timed(requests, || hand_written_call(&http, &url)).await;
            (timed(requests, || generated_call(&generated)).await, theirs)
        };
        ours.push(our_cost);
        theirs.push(their_cost);
    }
    println!("requests per round: {requests}, rounds: {rounds} (medians)");
    println!("                         wall time         CPU time (user+sys)");
    let per_request = |costs: &[Cost], of: fn(&Cost) -> Duration| {
        micros(median(costs.iter().map(of).collect())) / requests as f64
    };
    for (name, costs) in [
        ("hand-written reqwest", &theirs),
        ("generated client", &ours),
    ] {
        println!(
            "  {name:<20} {:>8.2} µs/request  {:>8.2} µs/request",
            per_request(costs, |c| c.wall),
            per_request(costs, |c| c.cpu)
        );
    }
    let wall = Ratios::of(&ours, &theirs, |c| c.wall);
    let cpu = Ratios::of(&ours, &theirs, |c| c.cpu);
    println!(
        "  overhead (median of the rounds' ratios)  wall {:+.1} %  CPU {:+.1} %",
        wall.median, cpu.median
    );
    println!(
        "  (rounds from {:+.1} % to {:+.1} % in wall time, {:+.1} % to {:+.1} % in CPU time)",
        wall.lowest, wall.highest, cpu.lowest, cpu.highest
    );
}

/// What a block of requests took: wall time, and the process's CPU time (user + system),
/// which waiting for a core while other programs run does not count.
#[derive(Debug, Clone, Copy)]
struct Cost {
    wall: Duration,
    cpu: Duration,
}

/// The generated client's overhead per round, in percent: the median and the extremes.
struct Ratios {
    median: f64,
    lowest: f64,
    highest: f64,
}

impl Ratios {
    fn of(ours: &[Cost], theirs: &[Cost], of: fn(&Cost) -> Duration) -> Ratios {
        let mut ratios: Vec<f64> = ours
            .iter()
            .zip(theirs)
            .map(|(o, t)| (of(o).as_secs_f64() / of(t).as_secs_f64() - 1.0) * 100.0)
            .collect();
        ratios.sort_by(f64::total_cmp);
        Ratios {
            median: ratios[ratios.len() / 2],
            lowest: ratios[0],
            highest: ratios[ratios.len() - 1],
        }
    }
}

/// The process's CPU time so far (`CLOCK_PROCESS_CPUTIME_ID`: user + system, to the
/// nanosecond, unlike `getrusage`'s tick-based split).
fn cpu_time() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid timespec for the call to write.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut now) };
    assert_eq!(status, 0, "clock_gettime(CLOCK_PROCESS_CPUTIME_ID)");
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

/// What `requests` calls take, one after the other.
async fn timed<F: std::future::Future<Output = ()>>(requests: usize, call: impl Fn() -> F) -> Cost {
    let (start, cpu_start) = (Instant::now(), cpu_time());
    for _ in 0..requests {
        call().await;
    }
    Cost {
        wall: start.elapsed(),
        cpu: cpu_time() - cpu_start,
    }
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
