//! The README's usage example (tests/readme.rs checks the README quotes this file).
//! Run: `VONAGE_APPLICATION_ID=... VONAGE_PRIVATE_KEY=private.key cargo run --example create_member`

use std::time::Duration;

use vonage_conversation::application_auth::ApplicationAuth;
use vonage_conversation::models::{Channel, ChannelFrom, ChannelFromVbc, CreateMemberRequest};
use vonage_conversation::runtime::RetryPolicy;
use vonage_conversation::Client;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // RS256 application JWTs from the application's private key, reused until shortly
    // before they expire.
    let auth = ApplicationAuth::from_key_file(
        std::env::var("VONAGE_APPLICATION_ID")?,
        std::env::var("VONAGE_PRIVATE_KEY")?,
    )?;
    let client = Client::builder()
        .token_provider(auth)
        .operation_timeout(Duration::from_secs(20))
        .retry(RetryPolicy::default().max_attempts(4))
        .build()?;

    // The required members go to `new`; optional ones have `with_` setters.
    let member = CreateMemberRequest::new(
        "USR-63f61863-4a51-4f6b-86e1-46edebio0391",
        Channel::default().with_from(ChannelFrom::Vbc(ChannelFromVbc::new("1234"))),
    );
    match client
        .create_member("CON-f972836a-550f-45fa-956c-12a2ab5b7d22", &member)
        .await
    {
        Ok(created) => println!("member {:?}", created.id),
        Err(error) => {
            // Vonage explains errors in RFC 9457 problem details; `instance` is the trace id
            // its support asks for.
            if let Some(problem) = error.problem() {
                eprintln!("{:?}: {:?}", problem.title, problem.detail);
                eprintln!("trace id: {:?}", problem.instance);
            }
            eprintln!(
                "{error} (after {} attempt(s); worth retrying later: {})",
                error.attempts(),
                error.is_retryable()
            );
            return Err(error.into());
        }
    }
    Ok(())
}
