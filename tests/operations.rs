//! Calls every operation of the generated `vonage_conversation::Client` against a local
//! wiremock server (127.0.0.1 only, no network).
//!
//! Most tests mount the crate's own typed mocks (`vonage_conversation::mock`, the `mock`
//! feature): a route matches the operation's method and path template, its path parameters,
//! parameters and body as the client writes them, answers with a typed value, and expects its
//! number of calls (checked when the server is dropped). No path and no JSON is written there.
//!
//! The tests that prove the wire format keep raw assertions, since a mock writes what the
//! client writes (the same serde derives, the same encoders) and so cannot tell whether that
//! is right: the exact query text (order, percent-encoding, `50` for `50.0`, no bare `?`),
//! JSON bodies where names are renamed or unions tagged (`type`, `dtmfAnswer`,
//! `content-type`, channel `from`/`to`), responses decoded from literal JSON (HAL `_embedded`
//! and `_links`, `isSystem`, free-form bodies, integers, fields the schema does not declare,
//! unknown enum values), percent-encoded path segments, a base URL with a path prefix, the
//! headers (no `authorization` without a token, the user agent) and a request without body.

use std::time::Duration;

use serde_json::{json, Map, Value};
use vonage_conversation::mock;
use vonage_conversation::models::{
    Action, Channel, ChannelFrom, ChannelFromApp, ChannelFromPhone, ChannelFromSip, ChannelFromVbc,
    ChannelFromWebsocket, ChannelFromWebsocketContentType, ChannelFromWebsocketHeaders,
    ChannelLegIdsItem, ChannelTo, ChannelToPhone, ChannelType, Conversation, ConversationLite,
    ConversationProperties, CreateEventRequest, CreateEventResponse, CreateMemberRequest,
    CreateMemberResponse, CreateUserRequest, CreateUserResponse, EventRetrieved, Format,
    GetMemberResponse, GetMembersResponseItem, GetUserResponse, GetUsersResponseItem,
    GetuserConversationsResponseItem, GetuserConversationsResponseItemTimestamp, Initiator,
    InitiatorJoined, LegState, LinksConversation, LinksConversationSelf, LinksConversationsList,
    LinksConversationsListSelf, ListConversationsParams, ListConversationsResponse,
    ListConversationsResponseEmbedded, ListConversationsResponseEmbeddedConversationsItem,
    ListConversationsResponseEmbeddedConversationsItemLinks,
    ListConversationsResponseEmbeddedConversationsItemLinksSelf, ListLegsResponse,
    ListLegsResponseEmbedded, ListLegsResponseEmbeddedLegsItem, ListLegsResponseLinks,
    ListLegsResponseLinksSelf, MemberAction, MemberState, Order, RecordConversation,
    RetrieveConversationResponse, RetrieveConversationResponseMembersItem,
    RetrieveConversationResponseProperties, TimestampResConversation, TimestampResMember,
    UpdateMemberRequest, UpdateMemberResponse, UpdateUserRequest, UpdateUserResponse,
};
use vonage_conversation::runtime::{CallOptions, RetryPolicy, TimeoutKind};
use vonage_conversation::{Client, Error};
use wiremock::matchers::{any, header};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

// ---------------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------------

/// The bearer token every test client sends.
const TOKEN: &str = "test-jwt.eyJhcHAiOiIxMjMifQ.sig";

/// Starts a mock server that answers every request with `response`.
async fn server_replying(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

/// A client sending to `base_url` with the test bearer token. Retries are off: these tests
/// are about what one exchange sends and returns (the section on retries turns them on).
fn client_for(base_url: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .bearer_token(TOKEN)
        .retry(RetryPolicy::disabled())
        .build()
        .expect("the client builds")
}

/// Starts a mock server answering every request with `response`, and a client pointed at it.
async fn setup(response: ResponseTemplate) -> (MockServer, Client) {
    let server = server_replying(response).await;
    let client = client_for(&server.uri());
    (server, client)
}

/// Starts a mock server with no route yet, and a client pointed at it: the test mounts the
/// routes it needs with the crate's typed mocks.
async fn mocked() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = client_for(&server.uri());
    (server, client)
}

/// Only requests with the test client's bearer token.
fn authorized() -> impl wiremock::Match {
    header("authorization", format!("Bearer {TOKEN}").as_str())
}

/// A response with status `status` and `body` as its JSON body.
fn json_reply(status: u16, body: Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

/// `value` (a JSON object literal) as the map type the models use for free-form objects.
fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("not a JSON object: {other}"),
    }
}

/// The one request the server received (fails if there were zero or several).
async fn single_request(server: &MockServer) -> Request {
    let mut requests = server
        .received_requests()
        .await
        .expect("request recording is enabled");
    assert_eq!(
        requests.len(),
        1,
        "expected exactly one request, got {requests:#?}"
    );
    requests.remove(0)
}

/// All values of header `name` in `request`.
fn header_values<'r>(request: &'r Request, name: &str) -> Vec<&'r str> {
    request
        .headers
        .get_all(name)
        .iter()
        .map(|value| value.to_str().expect("header value is visible ASCII"))
        .collect()
}

/// What an operation must have sent.
struct Sent<'a> {
    method: &'a str,
    /// The raw (percent-encoded) path.
    path: &'a str,
    /// The raw query string; `None` means the URL has no `?` at all.
    query: Option<&'a str>,
    /// The JSON body; `None` means an empty body and no `content-type`.
    body: Option<Value>,
}

/// Asserts that `request` is exactly what `sent` describes, with the bearer token.
fn assert_sent(request: &Request, sent: Sent<'_>) {
    assert_eq!(request.method.as_str(), sent.method, "HTTP method");
    assert_eq!(request.url.path(), sent.path, "raw request path");
    assert_eq!(request.url.query(), sent.query, "raw query string");
    assert_eq!(
        header_values(request, "authorization"),
        [format!("Bearer {TOKEN}")],
        "authorization header"
    );
    match sent.body {
        Some(expected) => {
            assert_eq!(
                header_values(request, "content-type"),
                ["application/json"],
                "content-type of a JSON body"
            );
            let received: Value =
                serde_json::from_slice(&request.body).expect("the request body is JSON");
            assert_eq!(received, expected, "JSON request body");
        }
        None => {
            assert_eq!(
                header_values(request, "content-type"),
                Vec::<&str>::new(),
                "no content-type without a body"
            );
            assert!(
                request.body.is_empty(),
                "expected no body, got {:?}",
                String::from_utf8_lossy(&request.body)
            );
        }
    }
}

/// Shorthand for a request without query string.
fn sent(method: &'static str, path: &'static str, body: Option<Value>) -> Sent<'static> {
    Sent {
        method,
        path,
        query: None,
        body,
    }
}

// ---------------------------------------------------------------------------------------------
// Conversations
// ---------------------------------------------------------------------------------------------

/// listConversations: GET /conversations with all five query parameters, in spec order, with
/// `:` percent-encoded and whole numbers written without `.0`; the HAL list response decodes.
#[tokio::test]
#[allow(deprecated)]
async fn list_conversations_with_all_query_params() {
    let (server, client) = setup(json_reply(
        200,
        json!({
            "_embedded": {"conversations": [
                {
                    "uuid": "CON-1",
                    "name": "support_chat",
                    "_links": {"self": {"href": "https://api.nexmo.com/v0.1/conversations/CON-1"}}
                },
                {"uuid": "CON-2", "name": "sales_chat"}
            ]},
            "_links": {"self": {"href": "https://api.nexmo.com/v0.1/conversations?page_size=50"}},
            "count": 2,
            "page_size": 50,
            "record_index": 10
        }),
    ))
    .await;

    let params = ListConversationsParams {
        date_start: Some("2025-04-15T13:51:51.259Z".to_owned()),
        date_end: Some("2025-04-16T08:00:00Z".to_owned()),
        page_size: Some(50.0),
        record_index: Some(10.0),
        order: Some(Order::Desc),
    };
    let response = client
        .list_conversations(&params)
        .await
        .expect("list succeeds");

    assert_sent(
        &single_request(&server).await,
        Sent {
            method: "GET",
            path: "/conversations",
            query: Some(
                "date_start=2025-04-15T13%3A51%3A51.259Z&date_end=2025-04-16T08%3A00%3A00Z\
                 &page_size=50&record_index=10&order=desc",
            ),
            body: None,
        },
    );
    assert_eq!(
        response,
        ListConversationsResponse {
            embedded: ListConversationsResponseEmbedded {
                conversations: vec![
                    ListConversationsResponseEmbeddedConversationsItem {
                        links: Some(ListConversationsResponseEmbeddedConversationsItemLinks {
                            self_: Some(
                                ListConversationsResponseEmbeddedConversationsItemLinksSelf {
                                    href: Some(
                                        "https://api.nexmo.com/v0.1/conversations/CON-1".to_owned()
                                    ),
                                }
                            ),
                        }),
                        name: "support_chat".to_owned(),
                        uuid: "CON-1".to_owned(),
                    },
                    ListConversationsResponseEmbeddedConversationsItem {
                        links: None,
                        name: "sales_chat".to_owned(),
                        uuid: "CON-2".to_owned(),
                    },
                ],
            },
            links: LinksConversationsList {
                self_: LinksConversationsListSelf {
                    href: "https://api.nexmo.com/v0.1/conversations?page_size=50".to_owned(),
                },
            },
            count: 2.0,
            page_size: 50.0,
            record_index: 10.0,
        }
    );
}

/// listConversations: an `order` value the spec does not list is sent verbatim, and a zero
/// `record_index` is sent (not mistaken for "absent"); unset parameters are left out. The
/// route matches these parameters as the client writes them; the raw query proves the text.
#[tokio::test]
#[allow(deprecated)]
async fn list_conversations_with_custom_order_and_zero_index() {
    let (server, client) = mocked().await;
    let params = ListConversationsParams {
        record_index: Some(0.0),
        order: Some(Order::Other("custom".to_owned())),
        ..ListConversationsParams::default()
    };
    let page = ListConversationsResponse {
        embedded: ListConversationsResponseEmbedded {
            conversations: Vec::new(),
        },
        links: LinksConversationsList {
            self_: LinksConversationsListSelf {
                href: "https://api.nexmo.com/v0.1/conversations".to_owned(),
            },
        },
        count: 0.0,
        page_size: 10.0,
        record_index: 0.0,
    };
    mock::list_conversations()
        .params(&params)
        .respond_ok(&page)
        .expect(1)
        .mount(&server)
        .await;

    let response = client
        .list_conversations(&params)
        .await
        .expect("list succeeds");

    assert_eq!(response, page);
    let request = single_request(&server).await;
    assert_eq!(request.url.query(), Some("record_index=0&order=custom"));
}

/// listConversations: with no parameter set the URL has no query string at all (no bare `?`).
#[tokio::test]
#[allow(deprecated)]
async fn list_conversations_without_params_sends_no_query() {
    let (server, client) = mocked().await;
    let page = ListConversationsResponse {
        embedded: ListConversationsResponseEmbedded {
            conversations: vec![ListConversationsResponseEmbeddedConversationsItem {
                links: None,
                name: "only".to_owned(),
                uuid: "CON-9".to_owned(),
            }],
        },
        links: LinksConversationsList {
            self_: LinksConversationsListSelf {
                href: "https://api.nexmo.com/v0.1/conversations".to_owned(),
            },
        },
        count: 1.0,
        page_size: 10.0,
        record_index: 0.0,
    };
    mock::list_conversations()
        .params(&ListConversationsParams::default())
        .and(authorized())
        .respond_ok(&page)
        .expect(1)
        .mount(&server)
        .await;

    let response = client
        .list_conversations(&ListConversationsParams::default())
        .await
        .expect("list succeeds");

    assert_eq!(response, page);
    let request = single_request(&server).await;
    assert!(
        !request.url.as_str().contains('?'),
        "bare `?` in {}",
        request.url
    );
}

/// createConversation: POST /conversations with the conversation as its body; the
/// ConversationLite answered is what the method returns.
#[tokio::test]
async fn create_conversation() {
    let (server, client) = mocked().await;
    let body = Conversation {
        display_name: Some("Customer Chat".to_owned()),
        image_url: None,
        name: Some("customer_chat".to_owned()),
        properties: Some(ConversationProperties { ttl: Some(60.0) }),
    };
    let created = ConversationLite {
        href: "https://api.nexmo.com/v0.1/conversations/CON-new".to_owned(),
        id: "CON-new".to_owned(),
    };
    mock::create_conversation()
        .body(&body)
        .and(authorized())
        .respond_ok(&created)
        .expect(1)
        .mount(&server)
        .await;

    let response = client
        .create_conversation(Some(&body))
        .await
        .expect("create succeeds");

    assert_eq!(response, created);
}

/// createConversation without a body (the request body is optional in the spec): nothing is
/// sent, and no `content-type` either.
#[tokio::test]
async fn create_conversation_without_body() {
    let (server, client) = setup(json_reply(
        200,
        json!({"id": "CON-empty", "href": "https://api.nexmo.com/v0.1/conversations/CON-empty"}),
    ))
    .await;

    let response = client
        .create_conversation(None)
        .await
        .expect("create succeeds");

    assert_sent(
        &single_request(&server).await,
        sent("POST", "/conversations", None),
    );
    assert_eq!(response.id, "CON-empty");
}

/// retrieveConversation: GET /conversations/{id}; the full Conversation object decodes,
/// including `_links`, nested members with channel, initiator (`isSystem`) and timestamps.
#[tokio::test]
async fn retrieve_conversation() {
    let (server, client) = setup(json_reply(
        200,
        json!({
            "uuid": "CON-63f61863",
            "name": "customer_chat",
            "display_name": "Customer Chat",
            "api_key": "abcd1234",
            "sequence_number": "7",
            "numbers": {"phone": "14155550100"},
            "properties": {"video": true},
            "timestamp": {
                "created": "2025-04-15T13:51:51.259Z",
                "updated": "2025-04-15T14:00:00.000Z"
            },
            "_links": {"self": {"href": "https://api.nexmo.com/v0.1/conversations/CON-63f61863"}},
            "members": [{
                "member_id": "MEM-1",
                "user_id": "USR-1",
                "name": "jamie",
                "state": "joined",
                "timestamp": {"joined": "2025-04-15T13:52:00.000Z"},
                "initiator": {"joined": {"isSystem": true}},
                "channel": {"type": "app"}
            }]
        }),
    ))
    .await;

    let response = client
        .retrieve_conversation("CON-63f61863")
        .await
        .expect("retrieve succeeds");

    assert_sent(
        &single_request(&server).await,
        sent("GET", "/conversations/CON-63f61863", None),
    );
    assert_eq!(
        response,
        RetrieveConversationResponse {
            links: Some(LinksConversation {
                self_: Some(LinksConversationSelf {
                    href: Some("https://api.nexmo.com/v0.1/conversations/CON-63f61863".to_owned()),
                }),
            }),
            api_key: Some("abcd1234".to_owned()),
            display_name: Some("Customer Chat".to_owned()),
            members: Some(vec![RetrieveConversationResponseMembersItem {
                channel: Some(Channel {
                    type_: Some(ChannelType::App),
                    ..Channel::default()
                }),
                initiator: Some(Initiator {
                    joined: Some(InitiatorJoined {
                        is_system: Some(true),
                        member_id: None,
                        user_id: None,
                    }),
                }),
                member_id: Some("MEM-1".to_owned()),
                name: Some("jamie".to_owned()),
                state: Some(MemberState::Joined),
                timestamp: Some(TimestampResMember {
                    joined: Some("2025-04-15T13:52:00.000Z".to_owned()),
                    ..TimestampResMember::default()
                }),
                user_id: Some("USR-1".to_owned()),
            }]),
            name: Some("customer_chat".to_owned()),
            numbers: Some(object(json!({"phone": "14155550100"}))),
            properties: Some(RetrieveConversationResponseProperties { video: Some(true) }),
            sequence_number: Some("7".to_owned()),
            timestamp: Some(TimestampResConversation {
                created: Some("2025-04-15T13:51:51.259Z".to_owned()),
                destroyed: None,
                updated: Some("2025-04-15T14:00:00.000Z".to_owned()),
            }),
            uuid: "CON-63f61863".to_owned(),
        }
    );
}

/// replaceConversation: PUT /conversations/{id} with the conversation as its body.
#[tokio::test]
async fn replace_conversation() {
    let (server, client) = mocked().await;
    let body = Conversation {
        display_name: Some("Renamed".to_owned()),
        image_url: Some("https://example.com/image.png".to_owned()),
        name: None,
        properties: None,
    };
    let replaced = ConversationLite {
        href: "https://api.nexmo.com/v0.1/conversations/CON-7".to_owned(),
        id: "CON-7".to_owned(),
    };
    mock::replace_conversation()
        .path("CON-7")
        .body(&body)
        .respond_ok(&replaced)
        .expect(1)
        .mount(&server)
        .await;

    let response = client
        .replace_conversation("CON-7", Some(&body))
        .await
        .expect("replace succeeds");

    assert_eq!(response, replaced);
}

/// deleteConversation: DELETE /conversations/{id}; an empty object is an empty map.
#[tokio::test]
async fn delete_conversation() {
    let (server, client) = mocked().await;
    mock::delete_conversation()
        .path("CON-7")
        .respond_ok(&Map::new())
        .expect(1)
        .mount(&server)
        .await;

    let response = client
        .delete_conversation("CON-7")
        .await
        .expect("delete succeeds");

    assert_eq!(response, Map::new());
}

/// recordConversation: PUT /conversations/{id}/record with the record options; the 204
/// without body is `()`. The spec gives this path its own server
/// (`https://api.nexmo.com/v1`), yet the request reached the mock server: a base URL set by
/// the user wins over the operation's server.
#[tokio::test]
async fn record_conversation_goes_to_the_user_base_url() {
    let (server, client) = mocked().await;
    let body = RecordConversation {
        action: Action::Start,
        event_method: "POST".to_owned(),
        event_url: Some(vec!["https://example.com/event".to_owned()]),
        format: Format::Wav,
        split: "conversation".to_owned(),
    };
    mock::record_conversation()
        .path("CON-rec")
        .body(&body)
        .respond_ok(&())
        .expect(1)
        .mount(&server)
        .await;

    // The `()` pattern pins the success type: 204 carries no value.
    let () = client
        .record_conversation("CON-rec", Some(&body))
        .await
        .expect("record succeeds");

    assert_eq!(
        single_request(&server).await.url.path(),
        "/conversations/CON-rec/record"
    );
}

/// The record options the spec gives defaults (`event_method: POST`, `format: mp3`,
/// `split: conversation`) are plain values that take the default when the member is absent;
/// serialized, they are sent like any other member.
#[test]
fn record_conversation_members_take_their_defaults() {
    let body: RecordConversation =
        serde_json::from_value(json!({"action": "start"})).expect("deserializes");
    assert_eq!(body.action, Action::Start);
    assert_eq!(body.event_method, "POST");
    assert_eq!(body.format, Format::Mp3);
    assert_eq!(body.split, "conversation");
    assert_eq!(body.event_url, None);
    assert_eq!(
        serde_json::to_value(&body).expect("serializes"),
        json!({
            "action": "start",
            "event_method": "POST",
            "format": "mp3",
            "split": "conversation"
        })
    );
    // A member that is there wins, of course.
    let body: RecordConversation =
        serde_json::from_value(json!({"action": "start", "format": "wav"})).expect("deserializes");
    assert_eq!(body.format, Format::Wav);
}

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

/// getEvents: GET /conversations/{id}/events; an array of events decodes (free-form `body`,
/// optional `from`/`to`/`state`).
#[tokio::test]
#[allow(deprecated)]
async fn get_events() {
    let (server, client) = setup(json_reply(
        200,
        json!([
            {
                "id": "1",
                "type": "text",
                "from": "MEM-1",
                "body": {"text": "Hello"},
                "timestamp": "2025-04-15T13:51:51.259Z",
                "href": "https://api.nexmo.com/v0.1/conversations/CON-1/events/1"
            },
            {
                "id": "2",
                "type": "member:joined",
                "state": "joined",
                "to": "MEM-2",
                "body": {},
                "timestamp": "2025-04-15T13:52:00.000Z",
                "href": "https://api.nexmo.com/v0.1/conversations/CON-1/events/2"
            }
        ]),
    ))
    .await;

    let response = client.get_events("CON-1").await.expect("list succeeds");

    assert_sent(
        &single_request(&server).await,
        sent("GET", "/conversations/CON-1/events", None),
    );
    assert_eq!(
        response,
        vec![
            EventRetrieved {
                body: object(json!({"text": "Hello"})),
                from: Some("MEM-1".to_owned()),
                href: "https://api.nexmo.com/v0.1/conversations/CON-1/events/1".to_owned(),
                id: "1".to_owned(),
                state: None,
                timestamp: "2025-04-15T13:51:51.259Z".to_owned(),
                to: None,
                type_: "text".to_owned(),
            },
            EventRetrieved {
                body: Map::new(),
                from: None,
                href: "https://api.nexmo.com/v0.1/conversations/CON-1/events/2".to_owned(),
                id: "2".to_owned(),
                state: Some(MemberState::Joined),
                timestamp: "2025-04-15T13:52:00.000Z".to_owned(),
                to: Some("MEM-2".to_owned()),
                type_: "member:joined".to_owned(),
            },
        ]
    );
}

/// createEvent: POST /conversations/{id}/events with `type` renamed on the wire; the declared
/// success status is 201.
#[tokio::test]
async fn create_event() {
    let (server, client) = setup(json_reply(
        201,
        json!({
            "id": "5",
            "href": "https://api.nexmo.com/v0.1/conversations/CON-1/events/5",
            "timestamp": "2025-04-15T13:51:51.259Z"
        }),
    ))
    .await;

    let body = CreateEventRequest {
        body: Some(object(json!({"text": "My Text"}))),
        from: "MEM-1".to_owned(),
        to: Some("MEM-2".to_owned()),
        type_: "text".to_owned(),
    };
    let response = client
        .create_event("CON-1", Some(&body))
        .await
        .expect("create succeeds");

    assert_sent(
        &single_request(&server).await,
        sent(
            "POST",
            "/conversations/CON-1/events",
            Some(
                json!({"body": {"text": "My Text"}, "from": "MEM-1", "to": "MEM-2", "type": "text"}),
            ),
        ),
    );
    assert_eq!(
        response,
        CreateEventResponse {
            href: Some("https://api.nexmo.com/v0.1/conversations/CON-1/events/5".to_owned()),
            id: Some("5".to_owned()),
            timestamp: Some("2025-04-15T13:51:51.259Z".to_owned()),
        }
    );
}

/// getEvent: GET /conversations/{conversation_id}/events/{event_id}, parameters in order.
#[tokio::test]
async fn get_event() {
    let (server, client) = mocked().await;
    let event = EventRetrieved {
        body: object(json!({"text": "Hi"})),
        from: Some("MEM-1".to_owned()),
        href: "https://api.nexmo.com/v0.1/conversations/CON-1/events/5".to_owned(),
        id: "5".to_owned(),
        state: None,
        timestamp: "2025-04-15T13:51:51.259Z".to_owned(),
        to: None,
        type_: "text".to_owned(),
    };
    mock::get_event()
        .path("CON-1", "5")
        .respond_ok(&event)
        .expect(1)
        .mount(&server)
        .await;

    let response = client.get_event("CON-1", "5").await.expect("get succeeds");

    assert_eq!(response, event);
}

/// deleteEvent: DELETE /conversations/{conversation_id}/events/{event_id}.
#[tokio::test]
async fn delete_event() {
    let (server, client) = mocked().await;
    mock::delete_event()
        .path("CON-1", "5")
        .respond_ok(&Map::new())
        .expect(1)
        .mount(&server)
        .await;

    let response = client
        .delete_event("CON-1", "5")
        .await
        .expect("delete succeeds");

    assert_eq!(response, Map::new());
}

// ---------------------------------------------------------------------------------------------
// Members
// ---------------------------------------------------------------------------------------------

/// getMembers: GET /conversations/{id}/members; the member list.
#[tokio::test]
#[allow(deprecated)]
async fn get_members() {
    let (server, client) = mocked().await;
    let members = vec![
        GetMembersResponseItem {
            name: "jamie".to_owned(),
            state: MemberState::Joined,
            user_id: "USR-1".to_owned(),
            user_name: "Jamie".to_owned(),
        },
        GetMembersResponseItem {
            name: "alex".to_owned(),
            state: MemberState::Invited,
            user_id: "USR-2".to_owned(),
            user_name: "Alex".to_owned(),
        },
    ];
    mock::get_members()
        .path("CON-1")
        .respond_ok(&members)
        .expect(1)
        .mount(&server)
        .await;

    let response = client.get_members("CON-1").await.expect("list succeeds");

    assert_eq!(response, members);
}

/// createMember: POST /conversations/{id}/members with an app channel (tagged `from`/`to`)
/// and a free-form media object; the 201 member decodes.
#[tokio::test]
async fn create_member() {
    let (server, client) = setup(json_reply(
        201,
        json!({
            "id": "MEM-1",
            "user_id": "USR-1",
            "state": "invited",
            "href": "https://api.nexmo.com/v0.1/conversations/CON-1/members/MEM-1",
            "timestamp": {"invited": "2025-04-15T13:51:51.259Z"},
            "channel": {"type": "app", "from": {"type": "app", "user": "jamie"}},
            "initiator": {"joined": {"isSystem": false, "member_id": "MEM-9", "user_id": "USR-9"}}
        }),
    ))
    .await;

    let body = CreateMemberRequest {
        action: Some(MemberAction::Invite),
        channel: Channel {
            type_: Some(ChannelType::App),
            from: Some(ChannelFrom::App(ChannelFromApp {
                user: "jamie".to_owned(),
            })),
            to: Some(ChannelTo::App(ChannelFromApp {
                user: "alex".to_owned(),
            })),
            leg_id: None,
            leg_ids: None,
        },
        knocking_id: None,
        media: Some(object(
            json!({"audio_settings": {"enabled": true, "muted": false}}),
        )),
        member_id: None,
        member_id_inviting: Some("MEM-9".to_owned()),
        user_id: "USR-1".to_owned(),
    };
    let response = client
        .create_member("CON-1", Some(&body))
        .await
        .expect("create succeeds");

    assert_sent(
        &single_request(&server).await,
        sent(
            "POST",
            "/conversations/CON-1/members",
            Some(json!({
                "action": "invite",
                "channel": {
                    "type": "app",
                    "from": {"type": "app", "user": "jamie"},
                    "to": {"type": "app", "user": "alex"}
                },
                "media": {"audio_settings": {"enabled": true, "muted": false}},
                "member_id_inviting": "MEM-9",
                "user_id": "USR-1"
            })),
        ),
    );
    assert_eq!(
        response,
        CreateMemberResponse {
            channel: Some(Channel {
                type_: Some(ChannelType::App),
                from: Some(ChannelFrom::App(ChannelFromApp {
                    user: "jamie".to_owned()
                })),
                ..Channel::default()
            }),
            href: Some("https://api.nexmo.com/v0.1/conversations/CON-1/members/MEM-1".to_owned()),
            id: Some("MEM-1".to_owned()),
            initiator: Some(Initiator {
                joined: Some(InitiatorJoined {
                    is_system: Some(false),
                    member_id: Some("MEM-9".to_owned()),
                    user_id: Some("USR-9".to_owned()),
                }),
            }),
            state: Some(MemberState::Invited),
            timestamp: Some(TimestampResMember {
                invited: Some("2025-04-15T13:51:51.259Z".to_owned()),
                ..TimestampResMember::default()
            }),
            user_id: Some("USR-1".to_owned()),
        }
    );
}

/// getMember: GET /conversations/{conversation_id}/members/{member_id}, parameters in order:
/// the route for another member is not the one that answers.
#[tokio::test]
async fn get_member() {
    let (server, client) = mocked().await;
    let member = |id: &str| GetMemberResponse {
        href: Some(format!(
            "https://api.nexmo.com/v0.1/conversations/CON-1/members/{id}"
        )),
        id: Some(id.to_owned()),
    };
    mock::get_member()
        .path("CON-1", "MEM-1")
        .respond_ok(&member("MEM-1"))
        .expect(0)
        .mount(&server)
        .await;
    mock::get_member()
        .path("CON-1", "MEM-2")
        .respond_ok(&member("MEM-2"))
        .expect(1)
        .mount(&server)
        .await;

    let response = client
        .get_member("CON-1", "MEM-2")
        .await
        .expect("get succeeds");

    assert_eq!(response, member("MEM-2"));
}

/// updateMember: PUT /conversations/{conversation_id}/members/{member_id} with a phone
/// channel: the `to` phone variant keeps `dtmfAnswer` in camelCase, and leg ids are sent.
#[tokio::test]
async fn update_member() {
    let (server, client) = setup(json_reply(
        200,
        json!({"id": "MEM-2", "href": "https://api.nexmo.com/v0.1/conversations/CON-1/members/MEM-2"}),
    ))
    .await;

    let body = UpdateMemberRequest {
        action: Some(MemberAction::Join),
        channel: Some(Channel {
            type_: Some(ChannelType::Phone),
            from: Some(ChannelFrom::Phone(ChannelFromPhone {
                number: "14155550199".to_owned(),
            })),
            to: Some(ChannelTo::Phone(ChannelToPhone {
                dtmf_answer: Some("p*123#".to_owned()),
                number: "14155550100".to_owned(),
            })),
            leg_id: Some("leg-1".to_owned()),
            leg_ids: Some(vec![ChannelLegIdsItem {
                leg_id: Some("leg-1".to_owned()),
            }]),
        }),
    };
    let response = client
        .update_member("CON-1", "MEM-2", Some(&body))
        .await
        .expect("update succeeds");

    assert_sent(
        &single_request(&server).await,
        sent(
            "PUT",
            "/conversations/CON-1/members/MEM-2",
            Some(json!({
                "action": "join",
                "channel": {
                    "type": "phone",
                    "from": {"type": "phone", "number": "14155550199"},
                    "to": {"type": "phone", "number": "14155550100", "dtmfAnswer": "p*123#"},
                    "leg_id": "leg-1",
                    "leg_ids": [{"leg_id": "leg-1"}]
                }
            })),
        ),
    );
    assert_eq!(
        response,
        UpdateMemberResponse {
            href: Some("https://api.nexmo.com/v0.1/conversations/CON-1/members/MEM-2".to_owned()),
            id: Some("MEM-2".to_owned()),
        }
    );
}

/// deleteMember: DELETE /conversations/{conversation_id}/members/{member_id}.
#[tokio::test]
async fn delete_member() {
    let (server, client) = mocked().await;
    mock::delete_member()
        .path("CON-1", "MEM-2")
        .respond_ok(&Map::new())
        .expect(1)
        .mount(&server)
        .await;

    let response = client
        .delete_member("CON-1", "MEM-2")
        .await
        .expect("delete succeeds");

    assert_eq!(response, Map::new());
}

// ---------------------------------------------------------------------------------------------
// Legs
// ---------------------------------------------------------------------------------------------

/// listLegs: GET /legs; the spec's example response decodes (fields the schema does not
/// declare, such as `rtc` and `status`, are ignored).
#[tokio::test]
async fn list_legs() {
    let (server, client) = setup(json_reply(
        200,
        json!({
            "_embedded": {"legs": [{
                "_links": {"self": {"href": "https://api.nexmo.com/v0.1/legs/2a71f8a1"}},
                "conversation_uuid": "CON-511d076b",
                "end_time": "",
                "from": {"type": "app"},
                "rtc": {"session_id": "SES-84ebef0d", "state": "terminated"},
                "start_time": "2025-04-15T13:51:51.259Z",
                "state": "terminated",
                "status": "completed",
                "to": {"type": "app"},
                "type": "app",
                "uuid": "2a71f8a1"
            }]},
            "_links": {"self": {"href": "https://api.nexmo.com/v0.1/legs"}},
            "count": 1,
            "page_size": 10,
            "record_index": 0
        }),
    ))
    .await;

    let response = client.list_legs().await.expect("list succeeds");

    assert_sent(&single_request(&server).await, sent("GET", "/legs", None));
    assert_eq!(
        response,
        ListLegsResponse {
            embedded: ListLegsResponseEmbedded {
                legs: vec![ListLegsResponseEmbeddedLegsItem {
                    embedded: None,
                    links: Some(object(
                        json!({"self": {"href": "https://api.nexmo.com/v0.1/legs/2a71f8a1"}})
                    )),
                    conversation_uuid: Some("CON-511d076b".to_owned()),
                    from: Some(object(json!({"type": "app"}))),
                    start_end: None,
                    start_time: Some("2025-04-15T13:51:51.259Z".to_owned()),
                    state: Some(LegState::Terminated),
                    to: Some(object(json!({"type": "app"}))),
                    type_: Some(ChannelType::App),
                    uuid: "2a71f8a1".to_owned(),
                }],
            },
            links: ListLegsResponseLinks {
                self_: ListLegsResponseLinksSelf {
                    href: Some("https://api.nexmo.com/v0.1/legs".to_owned()),
                },
            },
            count: 1.0,
            page_size: 10.0,
            record_index: 0.0,
        }
    );
}

/// deleteLeg: DELETE /legs/{leg_id}.
#[tokio::test]
async fn delete_leg() {
    let (server, client) = mocked().await;
    mock::delete_leg()
        .path("2a71f8a1")
        .respond_ok(&Map::new())
        .expect(1)
        .mount(&server)
        .await;

    let response = client
        .delete_leg("2a71f8a1")
        .await
        .expect("delete succeeds");

    assert_eq!(response, Map::new());
}

// ---------------------------------------------------------------------------------------------
// Users
// ---------------------------------------------------------------------------------------------

/// getUsers: GET /users; the user list.
#[tokio::test]
#[allow(deprecated)]
async fn get_users() {
    let (server, client) = mocked().await;
    let users = vec![
        GetUsersResponseItem {
            href: Some("https://api.nexmo.com/v0.1/users/USR-1".to_owned()),
            id: Some("USR-1".to_owned()),
            name: Some("jamie".to_owned()),
        },
        GetUsersResponseItem {
            href: None,
            id: Some("USR-2".to_owned()),
            name: None,
        },
    ];
    mock::get_users()
        .and(authorized())
        .respond_ok(&users)
        .expect(1)
        .mount(&server)
        .await;

    let response = client.get_users().await.expect("list succeeds");

    assert_eq!(response, users);
}

/// createUser: POST /users with the user as its body.
#[tokio::test]
async fn create_user() {
    let (server, client) = mocked().await;
    let body = CreateUserRequest {
        display_name: Some("My User Name".to_owned()),
        image_url: Some("https://example.com/image.png".to_owned()),
        name: Some("my_user_name".to_owned()),
    };
    let created = CreateUserResponse {
        href: Some("https://api.nexmo.com/v0.1/users/USR-new".to_owned()),
        id: Some("USR-new".to_owned()),
    };
    mock::create_user()
        .body(&body)
        .respond_ok(&created)
        .expect(1)
        .mount(&server)
        .await;

    let response = client
        .create_user(Some(&body))
        .await
        .expect("create succeeds");

    assert_eq!(response, created);
}

/// getUser: GET /users/{user_id}.
#[tokio::test]
async fn get_user() {
    let (server, client) = mocked().await;
    mock::get_user()
        .path("USR-1")
        .and(authorized())
        .respond_ok(&user("USR-1"))
        .expect(1)
        .mount(&server)
        .await;

    let response = client.get_user("USR-1").await.expect("get succeeds");

    assert_eq!(response, user("USR-1"));
}

/// A user as getUser answers it.
fn user(id: &str) -> GetUserResponse {
    GetUserResponse {
        href: Some(format!("https://api.nexmo.com/v0.1/users/{id}")),
        id: Some(id.to_owned()),
        name: Some("jamie".to_owned()),
    }
}

/// updateUser: PUT /users/{user_id} with a websocket channel: the `to` websocket variant
/// keeps its `content-type` key and the enum value `audio/l16;rate=16000`.
#[tokio::test]
async fn update_user() {
    let (server, client) = setup(json_reply(
        200,
        json!({"id": "USR-1", "href": "https://api.nexmo.com/v0.1/users/USR-1"}),
    ))
    .await;

    let body = UpdateUserRequest {
        channels: Some(Channel {
            type_: Some(ChannelType::Websocket),
            to: Some(ChannelTo::Websocket(ChannelFromWebsocket {
                content_type: ChannelFromWebsocketContentType::AudioL16Rate16000,
                headers: Some(ChannelFromWebsocketHeaders {
                    customer_id: Some("ABC123".to_owned()),
                }),
                uri: Some("wss://example.com/socket".to_owned()),
            })),
            ..Channel::default()
        }),
        display_name: Some("Jamie".to_owned()),
        image_url: None,
        name: Some("jamie".to_owned()),
    };
    let response = client
        .update_user("USR-1", Some(&body))
        .await
        .expect("update succeeds");

    assert_sent(
        &single_request(&server).await,
        sent(
            "PUT",
            "/users/USR-1",
            Some(json!({
                "channels": {
                    "type": "websocket",
                    "to": {
                        "type": "websocket",
                        "content-type": "audio/l16;rate=16000",
                        "headers": {"customer_id": "ABC123"},
                        "uri": "wss://example.com/socket"
                    }
                },
                "display_name": "Jamie",
                "name": "jamie"
            })),
        ),
    );
    assert_eq!(
        response,
        UpdateUserResponse {
            href: Some("https://api.nexmo.com/v0.1/users/USR-1".to_owned()),
            id: Some("USR-1".to_owned()),
        }
    );
}

/// deleteUser: DELETE /users/{user_id}.
#[tokio::test]
async fn delete_user() {
    let (server, client) = mocked().await;
    mock::delete_user()
        .path("USR-1")
        .respond_ok(&Map::new())
        .expect(1)
        .mount(&server)
        .await;

    let response = client.delete_user("USR-1").await.expect("delete succeeds");

    assert_eq!(response, Map::new());
}

/// getuserConversations: GET /users/{user_id}/conversations; the integer `sequence_number`
/// and the nested timestamp decode.
#[tokio::test]
async fn getuser_conversations() {
    let (server, client) = setup(json_reply(
        200,
        json!([{
            "id": "CON-1",
            "name": "customer_chat",
            "display_name": "Customer Chat",
            "image_url": "https://example.com/image.png",
            "member_id": "MEM-1",
            "state": "joined",
            "sequence_number": 123,
            "href": "https://api.nexmo.com/v0.1/conversations/CON-1",
            "timestamp": {"created": "2025-04-15T13:51:51.259Z"}
        }]),
    ))
    .await;

    let response = client
        .getuser_conversations("USR-1")
        .await
        .expect("list succeeds");

    assert_sent(
        &single_request(&server).await,
        sent("GET", "/users/USR-1/conversations", None),
    );
    assert_eq!(
        response,
        vec![GetuserConversationsResponseItem {
            display_name: Some("Customer Chat".to_owned()),
            href: Some("https://api.nexmo.com/v0.1/conversations/CON-1".to_owned()),
            id: Some("CON-1".to_owned()),
            image_url: Some("https://example.com/image.png".to_owned()),
            member_id: Some("MEM-1".to_owned()),
            name: Some("customer_chat".to_owned()),
            sequence_number: Some(123),
            state: Some(MemberState::Joined),
            timestamp: Some(GetuserConversationsResponseItemTimestamp {
                created: Some("2025-04-15T13:51:51.259Z".to_owned()),
            }),
        }]
    );
}

// ---------------------------------------------------------------------------------------------
// Path parameters
// ---------------------------------------------------------------------------------------------

/// A path parameter with `/`, space, `?`, `%`, `#` and non-ASCII is percent-encoded into one
/// path segment: it neither adds segments nor starts a query or a fragment.
#[tokio::test]
async fn path_parameter_is_percent_encoded_into_one_segment() {
    let (server, client) = setup(json_reply(200, json!({"uuid": "x"}))).await;

    client
        .retrieve_conversation("a/b c?d%e#f\u{fc}")
        .await
        .expect("retrieve succeeds");

    let request = single_request(&server).await;
    assert_sent(
        &request,
        sent("GET", "/conversations/a%2Fb%20c%3Fd%25e%23f%C3%BC", None),
    );
    assert_eq!(
        request.url.path_segments().map(Iterator::count),
        Some(2),
        "segment count"
    );
}

/// Two path parameters with reserved characters each stay one segment, in their own place.
#[tokio::test]
async fn two_path_parameters_are_encoded_separately() {
    let (server, client) = setup(json_reply(200, json!({}))).await;

    client
        .delete_member("CON 1/2", "MEM?3")
        .await
        .expect("delete succeeds");

    let request = single_request(&server).await;
    assert_sent(
        &request,
        sent("DELETE", "/conversations/CON%201%2F2/members/MEM%3F3", None),
    );
    assert_eq!(
        request.url.path_segments().map(Iterator::count),
        Some(4),
        "segment count"
    );
}

/// A path parameter that is a dot segment (`..` or `.`) must not vanish from the URL: that
/// would silently turn `DELETE /users/{user_id}` into `DELETE /users`, another resource.
/// Either the request keeps the `{user_id}` segment or the call fails without sending
/// anything (as URLs normalize `..` and `%2E%2E` alike, failing is the realistic outcome).
#[tokio::test]
async fn dot_segment_path_parameter_does_not_change_the_resource() {
    for user_id in ["..", "."] {
        let (server, client) = setup(json_reply(200, json!({}))).await;

        let result = client.delete_user(user_id).await;

        let requests = server
            .received_requests()
            .await
            .expect("recording is enabled");
        for request in &requests {
            assert_eq!(
                request.url.path_segments().map(Iterator::count),
                Some(2),
                "user_id {user_id:?} was sent as {} {}: the segment was dropped",
                request.method,
                request.url.path()
            );
        }
        if result.is_ok() {
            assert_eq!(requests.len(), 1, "an Ok result must come from one request");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Base URL and authentication
// ---------------------------------------------------------------------------------------------

/// A base URL with a path prefix keeps it (with or without a trailing slash, and also for
/// recordConversation, whose own spec server `/v1` must not replace it).
#[tokio::test]
async fn base_url_path_prefix_is_kept() {
    for suffix in ["/v0.1", "/v0.1/"] {
        let server = server_replying(json_reply(
            200,
            json!({"id": "CON-1", "href": "https://api.nexmo.com/v0.1/conversations/CON-1"}),
        ))
        .await;
        let client = client_for(&format!("{}{suffix}", server.uri()));

        let response = client
            .create_conversation(None)
            .await
            .expect("create succeeds");

        assert_sent(
            &single_request(&server).await,
            sent("POST", "/v0.1/conversations", None),
        );
        assert_eq!(response.id, "CON-1");
    }

    let server = server_replying(ResponseTemplate::new(204)).await;
    let client = client_for(&format!("{}/v0.1", server.uri()));
    // Members the spec gives defaults are sent like any other, with the default value when
    // the caller keeps it.
    let body = RecordConversation {
        action: Action::Stop,
        event_method: RecordConversation::default_event_method(),
        event_url: None,
        format: RecordConversation::default_format(),
        split: RecordConversation::default_split(),
    };
    client
        .record_conversation("CON-1", Some(&body))
        .await
        .expect("record succeeds");
    assert_sent(
        &single_request(&server).await,
        sent(
            "PUT",
            "/v0.1/conversations/CON-1/record",
            Some(json!({
                "action": "stop",
                "event_method": "POST",
                "format": "mp3",
                "split": "conversation"
            })),
        ),
    );
}

/// Without a token on the builder no `authorization` header is sent.
#[tokio::test]
async fn no_authorization_header_without_token() {
    let server = server_replying(json_reply(200, json!({"id": "USR-1"}))).await;
    let client = Client::builder()
        .base_url(server.uri())
        .build()
        .expect("the client builds");

    let response = client.get_user("USR-1").await.expect("get succeeds");

    let request = single_request(&server).await;
    assert_eq!(request.url.path(), "/users/USR-1");
    assert_eq!(header_values(&request, "authorization"), Vec::<&str>::new());
    assert_eq!(response.id.as_deref(), Some("USR-1"));
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// A 404 with a JSON error body that the spec does not declare is `Error::UnexpectedStatus`,
/// and the error exposes the status, headers, raw body and the body decoded as JSON.
#[tokio::test]
async fn non_success_status_is_unexpected_status_with_the_body() {
    let error_body = r#"{"type":"https://developer.nexmo.com/api-errors/conversation#user-not-found","title":"User not found","detail":"User USR-404 does not exist"}"#;
    let (server, client) = mocked().await;
    mock::get_user()
        .path("USR-404")
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("x-request-id", "req-42")
                .set_body_raw(error_body, "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let error = client
        .get_user("USR-404")
        .await
        .expect_err("a 404 is an error");

    assert!(
        matches!(error, Error::UnexpectedStatus(_)),
        "wrong variant: {error:?}"
    );
    assert_eq!(error.status().map(|status| status.as_u16()), Some(404));
    assert_eq!(error.body(), Some(error_body.as_bytes()));
    let json = error
        .body_json::<Value>()
        .expect("a response was received")
        .expect("the body is JSON");
    assert_eq!(
        json,
        json!({
            "type": "https://developer.nexmo.com/api-errors/conversation#user-not-found",
            "title": "User not found",
            "detail": "User USR-404 does not exist"
        })
    );
    let response = error.response().expect("the response is kept");
    assert_eq!(
        response
            .headers
            .get("x-request-id")
            .map(|value| value.as_bytes()),
        Some(&b"req-42"[..])
    );
    assert!(error.to_string().contains("404"), "message: {error}");
}

/// recordConversation declares 400 as an error response without a body: it is
/// `UnexpectedStatus` too, with an empty body kept as such (and no JSON to decode). Values
/// the spec does not list are sent (the route matches the body with them).
#[tokio::test]
async fn declared_error_status_without_body_is_unexpected_status() {
    let (server, client) = mocked().await;
    let body = RecordConversation {
        action: Action::Other("pause".to_owned()),
        event_method: "GET".to_owned(),
        event_url: None,
        format: Format::Other("ogg".to_owned()),
        split: "mixed".to_owned(),
    };
    mock::record_conversation()
        .path("CON-1")
        .body(&body)
        .respond_status(400)
        .expect(1)
        .mount(&server)
        .await;

    let error = client
        .record_conversation("CON-1", Some(&body))
        .await
        .expect_err("a 400 is an error");

    assert!(
        matches!(error, Error::UnexpectedStatus(_)),
        "wrong variant: {error:?}"
    );
    assert_eq!(error.status().map(|status| status.as_u16()), Some(400));
    assert_eq!(error.body(), Some(&b""[..]));
    assert!(matches!(error.body_json::<Value>(), Some(Err(_))));
}

/// A 200 whose body is not JSON is `Error::Decode`, carrying the status, the raw body and a
/// syntax error as source.
#[tokio::test]
async fn undecodable_success_body_is_decode_error() {
    let (server, client) = mocked().await;
    mock::get_user()
        .path("USR-1")
        .respond_raw(200, "text/html", "<html>maintenance</html>")
        .expect(1)
        .mount(&server)
        .await;

    let error = client
        .get_user("USR-1")
        .await
        .expect_err("HTML is not a user");

    match &error {
        Error::Decode { response, source } => {
            assert_eq!(response.status.as_u16(), 200);
            assert_eq!(&response.body[..], b"<html>maintenance</html>");
            assert!(source.is_syntax(), "expected a syntax error, got {source}");
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    assert_eq!(error.status().map(|status| status.as_u16()), Some(200));
    assert_eq!(error.body(), Some(&b"<html>maintenance</html>"[..]));
}

/// A 200 with valid JSON that lacks a required field (`uuid`) is `Error::Decode` with a data
/// error: required fields are enforced.
#[tokio::test]
async fn success_body_missing_required_field_is_decode_error() {
    let (server, client) = mocked().await;
    mock::retrieve_conversation()
        .respond_raw(200, "application/json", r#"{"name": "no_uuid"}"#)
        .expect(1)
        .mount(&server)
        .await;

    let error = client
        .retrieve_conversation("CON-1")
        .await
        .expect_err("uuid is required");

    match &error {
        Error::Decode { response, source } => {
            assert_eq!(response.status.as_u16(), 200);
            assert!(source.is_data(), "expected a data error, got {source}");
            assert!(source.to_string().contains("uuid"), "error: {source}");
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Tagged unions and open enums
// ---------------------------------------------------------------------------------------------

/// Channel `from`/`to` are internally tagged by `type`: `ChannelFrom::Vbc` is sent with
/// `"type":"vbc"`, a SIP target without URI with just `"type":"sip"`; in the response a
/// `{"type":"vbc","extension":...}` parses as Vbc (not as Sip, whose fields are all optional),
/// and an unknown member state and channel type parse as `Other`.
#[tokio::test]
async fn channel_unions_are_tagged_and_unknown_enum_values_are_kept() {
    let (server, client) = setup(json_reply(
        201,
        json!({
            "id": "MEM-1",
            "state": "suspended",
            "channel": {
                "type": "whatsapp",
                "from": {"type": "vbc", "extension": "1234"},
                "to": {"type": "sip", "uri": "sip:rebekka@sip.example.com"}
            }
        }),
    ))
    .await;

    let body = CreateMemberRequest {
        action: None,
        channel: Channel {
            type_: Some(ChannelType::Vbc),
            from: Some(ChannelFrom::Vbc(ChannelFromVbc {
                extension: "1234".to_owned(),
            })),
            to: Some(ChannelTo::Sip(ChannelFromSip { uri: None })),
            leg_id: None,
            leg_ids: None,
        },
        knocking_id: None,
        media: None,
        member_id: None,
        member_id_inviting: None,
        user_id: "USR-1".to_owned(),
    };
    let response = client
        .create_member("CON-1", Some(&body))
        .await
        .expect("create succeeds");

    assert_sent(
        &single_request(&server).await,
        sent(
            "POST",
            "/conversations/CON-1/members",
            Some(json!({
                "channel": {
                    "type": "vbc",
                    "from": {"type": "vbc", "extension": "1234"},
                    "to": {"type": "sip"}
                },
                "user_id": "USR-1"
            })),
        ),
    );
    let channel = response.channel.expect("the channel is decoded");
    assert_eq!(
        channel.from,
        Some(ChannelFrom::Vbc(ChannelFromVbc {
            extension: "1234".to_owned()
        }))
    );
    assert_eq!(
        channel.to,
        Some(ChannelTo::Sip(ChannelFromSip {
            uri: Some("sip:rebekka@sip.example.com".to_owned()),
        }))
    );
    assert_eq!(
        channel.type_,
        Some(ChannelType::Other("whatsapp".to_owned()))
    );
    assert_eq!(
        response.state,
        Some(MemberState::Other("suspended".to_owned()))
    );
}

/// An unknown value of a required enum field (member `state` in getMembers) parses as
/// `Other` instead of failing the whole list.
#[tokio::test]
#[allow(deprecated)]
async fn unknown_required_enum_value_parses_as_other() {
    let (_server, client) = setup(json_reply(
        200,
        json!([
            {"user_id": "USR-1", "name": "jamie", "user_name": "Jamie", "state": "suspended"},
            {"user_id": "USR-2", "name": "alex", "user_name": "Alex", "state": "left"}
        ]),
    ))
    .await;

    let members = client.get_members("CON-1").await.expect("list succeeds");

    assert_eq!(
        members
            .iter()
            .map(|member| member.state.clone())
            .collect::<Vec<_>>(),
        [
            MemberState::Other("suspended".to_owned()),
            MemberState::Left
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// The client's defaults: user agent, retries, problem details, time limits, secrets
// ---------------------------------------------------------------------------------------------

/// A client whose retries wait a millisecond or two (so that retry tests are fast).
fn retrying_client(base_url: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .bearer_token(TOKEN)
        .retry(RetryPolicy::default().backoff(Duration::from_millis(1), Duration::from_millis(5)))
        .build()
        .expect("the client builds")
}

/// Unless set otherwise, the user agent is the crate's name and version.
#[tokio::test]
async fn the_user_agent_is_the_crates_name_and_version() {
    let (server, client) = mocked().await;
    mock::get_user()
        .and(header(
            "user-agent",
            concat!("vonage-conversation/", env!("CARGO_PKG_VERSION")),
        ))
        .respond_ok(&user("USR-1"))
        .expect(1)
        .mount(&server)
        .await;
    client.get_user("USR-1").await.expect("get succeeds");
}

/// A GET that meets a 503 is sent again, and the second answer is the result; a POST is not
/// (the server may have acted on it), unless the caller says it may be, per call here.
#[tokio::test]
async fn a_get_is_retried_and_a_post_only_when_opted_in() {
    let server = MockServer::start().await;
    mock::get_user()
        .path("USR-1")
        .respond_status(503)
        .respond_ok(&user("USR-1"))
        .expect(2)
        .mount(&server)
        .await;
    let client = retrying_client(&server.uri());
    let found = client.get_user("USR-1").await.expect("the retry succeeds");
    assert_eq!(found, user("USR-1"));

    let created = CreateUserResponse {
        href: None,
        id: Some("USR-new".to_owned()),
    };
    let server = MockServer::start().await;
    mock::create_user()
        .respond_status(503)
        .respond_ok(&created)
        .expect(1)
        .mount(&server)
        .await;
    let client = retrying_client(&server.uri());
    let error = client.create_user(None).await.expect_err("no retry");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(error.attempts(), 1);
    assert!(error.is_retryable());

    let server = MockServer::start().await;
    mock::create_user()
        .respond_status(503)
        .respond_ok(&created)
        .expect(2)
        .mount(&server)
        .await;
    let client = retrying_client(&server.uri());
    let response = client
        .with_options(CallOptions::new().retry_non_idempotent(true))
        .create_user(None)
        .await
        .expect("the retry succeeds");
    assert_eq!(response, created);
}

/// A call that gives up says how many attempts it made, and keeps the last response with the
/// wait the server asked for.
#[tokio::test]
async fn a_call_that_gives_up_keeps_the_last_response() {
    let server = MockServer::start().await;
    mock::get_user()
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "0")
                .set_body_string("slow down"),
        )
        .expect(3)
        .mount(&server)
        .await;
    let error = retrying_client(&server.uri())
        .get_user("USR-1")
        .await
        .expect_err("always 429");
    assert!(matches!(error, Error::UnexpectedStatus(_)), "{error:?}");
    assert_eq!(error.attempts(), 3);
    assert_eq!(error.retry_after(), Some(Duration::ZERO));
    assert_eq!(error.body(), Some(&b"slow down"[..]));
}

/// Vonage answers errors with `application/problem+json`; the spec declares no error body,
/// yet the caller reads the problem (its `instance` is the trace id support asks for).
#[tokio::test]
async fn problem_details_are_read_from_an_undeclared_error() {
    let (server, client) = mocked().await;
    mock::get_user()
        .respond_raw(
            404,
            "application/problem+json",
            r#"{"type": "https://developer.nexmo.com/api-errors/conversation#user-not-found",
                "title": "User not found", "detail": "User USR-404 does not exist",
                "instance": "bf0ca0bf927b3b52e3cb03217e1a1ddf", "extra": 7}"#,
        )
        .mount(&server)
        .await;
    let error = client.get_user("USR-404").await.expect_err("a 404");
    let problem = error.problem().expect("a problem+json body");
    assert_eq!(problem.title.as_deref(), Some("User not found"));
    assert_eq!(
        problem.detail.as_deref(),
        Some("User USR-404 does not exist")
    );
    assert_eq!(
        problem.instance.as_deref(),
        Some("bf0ca0bf927b3b52e3cb03217e1a1ddf")
    );
    assert!(!error.is_retryable());
}

/// A server that does not answer within the attempt's limit ends the call with a timeout
/// that says which limit it was.
#[tokio::test]
async fn a_silent_server_is_an_attempt_timeout() {
    let server = MockServer::start().await;
    mock::get_user()
        .respond_ok(&user("USR-1"))
        .delay(Duration::from_secs(3))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .attempt_timeout(Duration::from_millis(100))
        .retry(RetryPolicy::disabled())
        .build()
        .expect("the client builds");
    let error = client.get_user("USR-1").await.expect_err("too slow");
    assert_eq!(error.timeout(), Some(TimeoutKind::Attempt), "{error:?}");
    assert_eq!(error.attempts(), 1);
    assert!(error.is_retryable());
}

/// A port nobody listens on: a transport error after every attempt the policy allows.
#[tokio::test]
async fn a_refused_connection_is_an_http_error_after_the_attempts() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let error = retrying_client(&format!("http://127.0.0.1:{port}"))
        .get_user("USR-1")
        .await
        .expect_err("nobody listens");
    match &error {
        Error::Http { source, attempts } => {
            assert!(source.is_connect(), "{source}");
            assert_eq!(*attempts, 3);
        }
        other => panic!("expected Error::Http, got {other:?}"),
    }
    assert!(error.is_retryable());
}

/// The token never shows in the client's `Debug` output.
#[test]
fn the_token_is_not_in_debug_output() {
    let client = client_for("http://127.0.0.1:9");
    let debug = format!("{client:?} {client:#?}");
    assert!(!debug.contains(TOKEN), "{debug}");
    assert!(!debug.contains("test-jwt"), "{debug}");
}
