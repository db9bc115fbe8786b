//! Where the spec's own examples contradict its schemas in a harmless way (`count: '100'` on a
//! number, `sequence_number: '123'` on an integer), a server that answers as the examples
//! show is understood: `list_conversations` and `getuser_conversations` decode answers shaped
//! like those examples, against a local wiremock server (127.0.0.1 only). What cannot be read
//! as a number is still an error that says so, and the members are sent back as numbers.

// `list_conversations` is deprecated by the spec, and it is what these tests are about.
#![allow(deprecated)]

use serde_json::json;
use vonage_conversation::models::ListConversationsParams;
use vonage_conversation::{Client, Error};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[path = "support/server.rs"]
mod server;

async fn server_answering(route: &str, body: serde_json::Value) -> (MockServer, Client) {
    server::serving(
        Mock::given(method("GET")).and(path(route)),
        ResponseTemplate::new(200).set_body_json(body),
    )
    .await
}

/// A list of conversations as the spec's example of `count` writes it.
fn conversations(count: serde_json::Value) -> serde_json::Value {
    json!({
        "count": count,
        "page_size": 10,
        "record_index": 0,
        "_links": {"self": {"href": "https://api.nexmo.com/v1/conversations?page_size=10"}},
        "_embedded": {"conversations": [{
            "uuid": "CON-f972836a-550f-45fa-956c-12a2ab5b7d22",
            "name": "customer_chat",
            "_links": {"self": {"href": "https://api.nexmo.com/v1/conversations/CON-f972836a"}}
        }]}
    })
}

#[tokio::test]
async fn list_conversations_reads_a_count_written_as_a_string() {
    let (_server, client) = server_answering("/conversations", conversations(json!("100"))).await;
    let page = client
        .list_conversations(&ListConversationsParams::default())
        .await
        .unwrap();
    assert_eq!(page.count, 100.0);
    assert_eq!(page.embedded.conversations.len(), 1);
    // Sent (or stored) as the schema says: a number.
    assert_eq!(serde_json::to_value(&page).unwrap()["count"], json!(100.0));

    // The form the schema gives is read as before.
    let (_server, client) = server_answering("/conversations", conversations(json!(7))).await;
    let page = client
        .list_conversations(&ListConversationsParams::default())
        .await
        .unwrap();
    assert_eq!(page.count, 7.0);
}

#[tokio::test]
async fn a_string_that_holds_no_number_is_still_a_decode_error() {
    let (_server, client) = server_answering("/conversations", conversations(json!("many"))).await;
    let error = client
        .list_conversations(&ListConversationsParams::default())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
    let source = std::error::Error::source(&error).map(ToString::to_string);
    assert!(
        source
            .as_deref()
            .is_some_and(|s| s.contains("invalid value: string \"many\", expected a number")),
        "{source:?}"
    );
}

#[tokio::test]
async fn getuser_conversations_reads_a_sequence_number_written_as_a_string() {
    let body = json!([
        {"id": "CON-1", "name": "chat", "sequence_number": "123", "state": "JOINED"},
        {"id": "CON-2", "name": "call", "sequence_number": 45},
        {"id": "CON-3", "name": "quiet"}
    ]);
    let (_server, client) = server_answering("/users/USR-1/conversations", body).await;
    let conversations = client.getuser_conversations("USR-1").await.unwrap();
    let numbers: Vec<Option<i64>> = conversations.iter().map(|c| c.sequence_number).collect();
    assert_eq!(numbers, [Some(123), Some(45), None]);
    assert_eq!(
        serde_json::to_value(&conversations[0]).unwrap()["sequence_number"],
        json!(123)
    );
}
