//! A first run of the client against the local mock server: application-JWT auth, a paged
//! stream, and what errors look like. After the README's set-up (`npm ci` installs the mock
//! server, Prism):
//!
//! ```text
//! cargo run --example tour
//! ```
//!
//! It starts Prism on a free port of 127.0.0.1 with `specs/conversation.yml`, runs against it,
//! and stops it. Prism checks every request against the spec and answers with data made up
//! from the spec's schemas (asked for by a `before_attempt` hook that adds
//! `Prefer: dynamic=true`).
//!
//! The private key is the repository's test key (`tests/data/test_rsa_private.pem`): Prism
//! does not check signatures. Against the real API, use your application's id and key.

use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use futures_util::{StreamExt, TryStreamExt};
use vonage_conversation::application_auth::ApplicationAuth;
use vonage_conversation::models::ListConversationsParams;
use vonage_conversation::runtime::RetryPolicy;
use vonage_conversation::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let prism = MockServer::start()?;
    println!("mock server (Prism) on {}", prism.url);

    // 1. Auth: RS256 application JWTs, signed once and reused until shortly before they
    //    expire, whatever the number of calls.
    let auth = ApplicationAuth::from_key_file(
        "aaaaaaaa-bbbb-cccc-dddd-0123456789ab",
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/test_rsa_private.pem"),
    )?;
    let client = Client::builder()
        .base_url(&prism.url)
        .token_provider(auth)
        .retry(RetryPolicy::default().max_attempts(3))
        .operation_timeout(Duration::from_secs(10))
        .before_attempt(|request, _| {
            request
                .headers_mut()
                .insert("prefer", "dynamic=true".parse().expect("a header value"));
            Ok(())
        })
        .build()?;

    // 2. Paged streams: pages are fetched as the stream is polled; `record_index` advances by
    //    the items received until the total the server announces (`count`). Made-up data
    //    announces made-up totals, so take at most 3 pages, and 10 items.
    let params = ListConversationsParams::default().with_page_size(5.0);
    #[allow(deprecated)] // `GET /conversations` is deprecated in the spec.
    let pages: Vec<_> = client
        .list_conversations_pages(&params)
        .take(3)
        .try_collect()
        .await?;
    println!();
    for page in &pages {
        println!(
            "page at record_index {}: {} conversations (the server counts {} in all)",
            page.record_index,
            page.embedded.conversations.len(),
            page.count
        );
    }
    #[allow(deprecated)]
    let conversations: Vec<_> = client
        .list_conversations_stream(&params)
        .take(10)
        .try_collect()
        .await?;
    println!(
        "the item stream gave {} conversations:",
        conversations.len()
    );
    for conversation in &conversations {
        println!("  {:?} {:?}", conversation.uuid, conversation.name);
    }

    // 3. Errors. A request that breaks the spec's constraints is refused before it is sent,
    //    with every broken rule and where it is.
    let too_large = ListConversationsParams::default().with_page_size(500.0);
    #[allow(deprecated)]
    let refused = client.list_conversations(&too_large).await.unwrap_err();
    println!("\nrefused before sending: {refused}");

    // The same request with checks off reaches the server, which answers with RFC 9457
    // problem details (Vonage does the same; `instance` is its trace id).
    let unchecked = Client::builder()
        .base_url(&prism.url)
        .bearer_token("any token will do for Prism")
        .validate_requests(false)
        .build()?;
    #[allow(deprecated)]
    match unchecked.list_conversations(&too_large).await {
        Ok(_) => println!("the server accepted page_size=500"),
        Err(error) => describe(&error),
    }
    Ok(())
}

/// What a caller can read from an error.
fn describe(error: &Error) {
    println!("\nthe server said no: {error}");
    println!("  status: {:?}", error.status());
    println!(
        "  attempts: {}, worth retrying: {}",
        error.attempts(),
        error.is_retryable()
    );
    if let Some(problem) = error.problem() {
        println!("  problem title: {:?}", problem.title);
        println!("  problem detail: {:?}", problem.detail);
    }
}

/// Prism, from `node_modules` (the README's `npm ci`), stopped when dropped.
struct MockServer {
    child: Child,
    url: String,
}

impl MockServer {
    fn start() -> Result<Self, Box<dyn std::error::Error>> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let prism = root.join("node_modules/.bin/prism");
        if !prism.exists() {
            return Err("the mock server is not installed: run `npm ci` first".into());
        }
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let child = Command::new(prism)
            .args(["mock", "specs/conversation.yml", "-h", "127.0.0.1", "-p"])
            .arg(port.to_string())
            .current_dir(root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let server = MockServer {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                return Err("Prism did not start within 60 s".into());
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Ok(server)
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
