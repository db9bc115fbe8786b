//! The README's usage example (tests/readme.rs checks the README quotes this file).
//! Run: `VONAGE_JWT=... cargo run --example create_member`

use vonage_conversation::models::{Channel, ChannelFrom, ChannelFromVbc, CreateMemberRequest};
use vonage_conversation::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::new()?.with_bearer_token(std::env::var("VONAGE_JWT").unwrap());

    let member = CreateMemberRequest {
        user_id: "USR-63f61863-4a51-4f6b-86e1-46edebio0391".into(),
        channel: Channel {
            from: Some(ChannelFrom::Vbc(ChannelFromVbc {
                extension: "1234".into(),
            })),
            ..Default::default()
        },
        action: None,
        knocking_id: None,
        media: None,
        member_id: None,
        member_id_inviting: None,
    };
    match client
        .create_member("CON-f972836a-550f-45fa-956c-12a2ab5b7d22", Some(&member))
        .await
    {
        Ok(created) => println!("member {:?}", created.id),
        // Any status the operation does not declare as success, with what the server said.
        Err(error @ Error::UnexpectedStatus(_)) => {
            eprintln!(
                "{error}: {}",
                String::from_utf8_lossy(error.body().unwrap_or_default())
            )
        }
        Err(error) => return Err(error),
    }
    Ok(())
}
