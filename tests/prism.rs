//! The generated client against Prism, a mock server that validates every request against
//! `specs/conversation.yml` (422 with the violations otherwise) and answers with the spec's
//! own examples, on 127.0.0.1 only.
//!
//! (Prism's `--dynamic` mode is not used: for this spec it invents channel payloads with
//! random `type` strings that violate the spec, as Prism's own `sl-violations` header says.)
//!
//! Prism comes from npm (`npm ci`, see package.json). Without it the test says so and passes,
//! unless `REQUIRE_PRISM=1` is set, as `.ci/run` does, where a missing Prism fails it.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use vonage_conversation::application_auth::ApplicationAuth;
use vonage_conversation::models::*;
use vonage_conversation::runtime::Credential;
use vonage_conversation::{Client, Error};

/// Kills the Prism process when the test ends, passing or not.
struct Prism {
    child: Child,
    port: u16,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn prism_binary() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/.bin/prism");
    path.exists().then_some(path)
}

fn start_prism(binary: &Path) -> Prism {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on 127.0.0.1");
    let child = Command::new(binary)
        .args(["mock", "specs/conversation.yml", "-h", "127.0.0.1", "-p"])
        .arg(port.to_string())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("prism starts");
    let prism = Prism { child, port };
    let deadline = Instant::now() + Duration::from_secs(60);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "prism did not listen on port {port} within 60 s"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    prism
}

fn sip_channel() -> Channel {
    // Of the channel variants, only a SIP payload matches exactly one branch of the spec's
    // un-discriminated oneOf (app, phone, websocket and vbc payloads also satisfy `sip`, which
    // requires only `type`), so it is the one Prism's oneOf validation accepts.
    Channel {
        type_: Some(ChannelType::Sip),
        from: Some(ChannelFrom::Sip(ChannelFromSip {
            uri: Some("sip:rebekka@sip.example.com".into()),
        })),
        to: Some(ChannelTo::Sip(ChannelFromSip {
            uri: Some("sip:jamie@sip.example.com".into()),
        })),
        ..Default::default()
    }
}

#[tokio::test]
#[allow(deprecated)]
async fn every_operation_passes_prism_validation() {
    let Some(binary) = prism_binary() else {
        assert!(
            std::env::var_os("REQUIRE_PRISM").is_none(),
            "REQUIRE_PRISM is set but node_modules/.bin/prism is missing: run `npm ci`"
        );
        eprintln!("skipped: Prism is not installed (run `npm ci`)");
        return;
    };
    let prism = start_prism(&binary);
    // Application JWTs, as against the real API: Prism wants a bearer token (any will do),
    // and gets one signed with the test key, minted once and reused by every call.
    let auth = ApplicationAuth::from_pem(
        "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab",
        include_str!("data/test_rsa_private.pem"),
    )
    .expect("the test key signs");
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{}", prism.port))
        .credential("bearerAuth", Credential::token_provider(auth))
        .build()
        .unwrap();
    let conversation = "CON-f972836a-550f-45fa-956c-12a2ab5b7d22";

    // Every call must be accepted (a request the spec rejects gets a 422) and the response,
    // the spec's example, must decode into the generated type.
    let all_params = ListConversationsParams {
        date_start: Some("2025-04-15T13:51:51.259Z".into()),
        date_end: Some("2025-04-16T13:51:51.259Z".into()),
        page_size: Some(50.0),
        record_index: Some(0.0),
        order: Some(Order::Desc),
    };
    // Two examples contradict their own schemas (`count: example: '100'` on a `number`,
    // `sequence_number: example: '123'` on an `integer`), and Prism answers with them: the
    // generated types read those members from such strings too (see `runtime::lenient`).
    for params in [&all_params, &ListConversationsParams::default()] {
        let page = client.list_conversations(params).await.unwrap();
        assert_eq!(page.count, 100.0);
    }
    let conversation_body = Conversation {
        name: Some("customer_chat".into()),
        display_name: Some("Customer Chat".into()),
        image_url: Some("https://example.com/image.png".into()),
        properties: Some(ConversationProperties { ttl: Some(60.0) }),
    };
    client
        .create_conversation(Some(&conversation_body))
        .await
        .unwrap();
    client.create_conversation(None).await.unwrap();
    client.retrieve_conversation(conversation).await.unwrap();
    client
        .replace_conversation(conversation, Some(&conversation_body))
        .await
        .unwrap();
    client.delete_conversation(conversation).await.unwrap();

    client.get_events(conversation).await.unwrap();
    let event = CreateEventRequest {
        type_: "text".into(),
        from: "MEM-63f61863-4a51-4f6b-86e1-46edebio0391".into(),
        to: None,
        body: Some(
            serde_json::json!({"text": "Hello"})
                .as_object()
                .unwrap()
                .clone(),
        ),
    };
    client
        .create_event(conversation, Some(&event))
        .await
        .unwrap();
    client.get_event(conversation, "5").await.unwrap();
    client.delete_event(conversation, "5").await.unwrap();

    let member = "MEM-63f61863-4a51-4f6b-86e1-46edebio0391";
    client.get_members(conversation).await.unwrap();
    let new_member = CreateMemberRequest {
        user_id: "USR-63f61863-4a51-4f6b-86e1-46edebio0391".into(),
        channel: sip_channel(),
        action: Some(MemberAction::Invite),
        knocking_id: None,
        media: None,
        member_id: None,
        member_id_inviting: None,
    };
    client
        .create_member(conversation, Some(&new_member))
        .await
        .unwrap();
    client.get_member(conversation, member).await.unwrap();
    let update = UpdateMemberRequest {
        action: Some(MemberAction::Join),
        channel: Some(sip_channel()),
    };
    client
        .update_member(conversation, member, Some(&update))
        .await
        .unwrap();
    client.delete_member(conversation, member).await.unwrap();

    let record = RecordConversation {
        action: Action::Start,
        event_method: "POST".into(),
        event_url: Some(vec!["https://example.com/event".into()]),
        format: Format::Mp3,
        split: "conversation".into(),
    };
    client
        .record_conversation(conversation, Some(&record))
        .await
        .unwrap();

    client.list_legs().await.unwrap();
    client.delete_leg("a595959595959595995").await.unwrap();

    let user = "USR-63f61863-4a51-4f6b-86e1-46edebio0391";
    client.get_users().await.unwrap();
    let new_user = CreateUserRequest {
        name: Some("my_user_name".into()),
        display_name: Some("My User Name".into()),
        image_url: Some("https://example.com/image.png".into()),
    };
    client.create_user(Some(&new_user)).await.unwrap();
    client.get_user(user).await.unwrap();
    let user_update = UpdateUserRequest {
        name: Some("my_user_name".into()),
        ..Default::default()
    };
    client.update_user(user, Some(&user_update)).await.unwrap();
    client.delete_user(user).await.unwrap();
    let conversations = client.getuser_conversations(user).await.unwrap();
    assert!(
        conversations.iter().any(|c| c.sequence_number == Some(123)),
        "{conversations:?}"
    );

    // A request outside the spec's bounds is refused by the client before it is sent...
    let too_big = ListConversationsParams {
        page_size: Some(500.0),
        ..Default::default()
    };
    let error = client.list_conversations(&too_big).await.unwrap_err();
    let violations = error.violations().expect("refused before sending");
    assert_eq!(violations.len(), 1);
    assert_eq!(violations[0].path, "params.page_size");
    // ...and, with the client's checks off, by Prism, which does validate: the client hands
    // the server's explanation to the caller.
    let unchecked = Client::builder()
        .base_url(format!("http://127.0.0.1:{}", prism.port))
        .bearer_token("any")
        .validate_requests(false)
        .build()
        .unwrap();
    let error = unchecked.list_conversations(&too_big).await.unwrap_err();
    assert!(matches!(error, Error::UnexpectedStatus(_)), "{error:?}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(422));
    let problem: serde_json::Value = error.body_json().unwrap().unwrap();
    assert!(problem.to_string().contains("page_size"), "{problem}");
}
