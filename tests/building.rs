//! Request values built with the generated constructors and setters are the values struct
//! literals give, and send the same requests; an optional body takes `&body`, `Some(&body)`
//! or `None`. Against a local wiremock server (127.0.0.1 only).

// `list_conversations` is deprecated by the spec; its parameters are the example here.
#![allow(deprecated)]

use serde_json::{json, Value};
use vonage_conversation::models::{
    Channel, ChannelFrom, ChannelFromVbc, ChannelType, Conversation, CreateMemberRequest,
    ListConversationsParams, MemberAction, Order,
};
use vonage_conversation::Client;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

#[path = "support/server.rs"]
mod server;

async fn serving(status: u16, body: Value) -> (MockServer, Client) {
    server::serving(
        Mock::given(any()),
        ResponseTemplate::new(status).set_body_json(body),
    )
    .await
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap_or_default()
}

fn json_of(request: &Request) -> Option<Value> {
    (!request.body.is_empty()).then(|| serde_json::from_slice(&request.body).unwrap())
}

#[test]
fn constructors_and_setters_give_what_struct_literals_give() {
    let built = CreateMemberRequest::new(
        "USR-1",
        Channel::default()
            .with_type(ChannelType::Vbc)
            .with_from(ChannelFrom::Vbc(ChannelFromVbc::new("1234"))),
    )
    .with_action(MemberAction::Invite)
    .with_knocking_id(String::from("KN-1"));
    let literal = CreateMemberRequest {
        user_id: "USR-1".to_owned(),
        channel: Channel {
            type_: Some(ChannelType::Vbc),
            from: Some(ChannelFrom::Vbc(ChannelFromVbc {
                extension: "1234".to_owned(),
            })),
            ..Default::default()
        },
        action: Some(MemberAction::Invite),
        knocking_id: Some("KN-1".to_owned()),
        media: None,
        member_id: None,
        member_id_inviting: None,
    };
    assert_eq!(built, literal);
    // Numbers are taken as they are: an integer literal for an `f64` member would not be.
    let params = ListConversationsParams::default()
        .with_page_size(50.0)
        .with_order(Order::Desc)
        .with_date_start("2025-04-15T13:51:51.259Z");
    assert_eq!(
        params,
        ListConversationsParams {
            date_start: Some("2025-04-15T13:51:51.259Z".to_owned()),
            page_size: Some(50.0),
            order: Some(Order::Desc),
            ..Default::default()
        }
    );
}

#[tokio::test]
async fn an_optional_body_takes_a_reference_or_none() {
    let (server, client) = serving(201, json!({"id": "MEM-1"})).await;
    let member = CreateMemberRequest::new(
        "USR-1",
        Channel::default().with_from(ChannelFrom::Vbc(ChannelFromVbc::new("1234"))),
    );
    client.create_member("CON-1", &member).await.unwrap();
    client.create_member("CON-1", Some(&member)).await.unwrap();
    client.create_member("CON-1", None).await.unwrap();
    let sent: Vec<Option<Value>> = requests(&server).await.iter().map(json_of).collect();
    let expected =
        json!({"user_id": "USR-1", "channel": {"from": {"type": "vbc", "extension": "1234"}}});
    assert_eq!(sent, [Some(expected.clone()), Some(expected), None]);

    let (server, client) = serving(
        200,
        json!({"id": "CON-1", "href": "https://api.nexmo.com/v0.1/conversations/CON-1"}),
    )
    .await;
    let conversation = Conversation::default().with_name("customer_chat");
    client.create_conversation(&conversation).await.unwrap();
    client.create_conversation(None).await.unwrap();
    let sent: Vec<Option<Value>> = requests(&server).await.iter().map(json_of).collect();
    assert_eq!(sent, [Some(json!({"name": "customer_chat"})), None]);
}

#[tokio::test]
async fn parameters_built_with_setters_are_sent() {
    let (server, client) = serving(
        200,
        json!({
            "_embedded": {"conversations": []},
            "_links": {"self": {"href": "https://api.nexmo.com/v0.1/conversations"}},
            "count": 0, "page_size": 50, "record_index": 10
        }),
    )
    .await;
    let params = ListConversationsParams::default()
        .with_page_size(50.0)
        .with_record_index(10.0)
        .with_order(Order::Desc);
    client.list_conversations(&params).await.unwrap();
    let sent = requests(&server).await;
    assert_eq!(
        sent[0].url.query(),
        Some("page_size=50&record_index=10&order=desc")
    );
}
