//! Tests of `join_and_list` against the client's typed mocks: no path, no JSON (and
//! `busy.rs`, the README's example).

use user_project::{join_and_list, join_request};
use vonage_conversation::mock;
use vonage_conversation::models::{CreateMemberResponse, GetMembersResponseItem, MemberState};
use vonage_conversation::runtime::mock::MockServer;
use vonage_conversation::Client;

/// A client of the mock server.
fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .build()
        .expect("a client")
}

fn member(name: &str, state: MemberState) -> GetMembersResponseItem {
    GetMembersResponseItem {
        name: name.to_owned(),
        state,
        user_id: format!("USR-{name}"),
        user_name: name.to_owned(),
    }
}

fn created() -> CreateMemberResponse {
    CreateMemberResponse {
        id: Some("MEM-2".to_owned()),
        state: Some(MemberState::Joined),
        ..CreateMemberResponse::default()
    }
}

#[tokio::test]
async fn a_user_joins_and_sees_who_has_joined() {
    let server = MockServer::start().await;
    mock::create_member()
        .path("CON-1")
        .body(&join_request("USR-alex"))
        .respond_ok(&created())
        .expect(1)
        .mount(&server)
        .await;
    mock::get_members()
        .path("CON-1")
        .respond_ok(&vec![
            member("jamie", MemberState::Joined),
            member("sam", MemberState::Invited),
            member("alex", MemberState::Joined),
        ])
        .expect(1)
        .mount(&server)
        .await;

    let names = join_and_list(&client(&server), "CON-1", "USR-alex").await;

    assert_eq!(names.expect("joined"), ["jamie", "alex"]);
}

#[tokio::test]
async fn a_refusal_stops_before_the_list() {
    let server = MockServer::start().await;
    mock::create_member()
        .respond_status(403)
        .expect(1)
        .mount(&server)
        .await;
    mock::get_members()
        .respond_ok(&Vec::new())
        .expect(0)
        .mount(&server)
        .await;

    let error = join_and_list(&client(&server), "CON-1", "USR-alex")
        .await
        .expect_err("refused");

    assert_eq!(error.status().map(|status| status.as_u16()), Some(403));
}
