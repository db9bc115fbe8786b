//! Vonage answers 503 when it is busy: `join_and_list` asks again, and the user joins.

use vonage_conversation::mock;
use vonage_conversation::models::{CreateMemberResponse, GetMembersResponseItem, MemberState};
use vonage_conversation::runtime::mock::MockServer;
use vonage_conversation::Client;

#[tokio::test]
async fn a_busy_server_is_asked_again() {
    let server = MockServer::start().await;
    mock::create_member()
        .path("CON-1")
        .body(&user_project::join_request("USR-alex"))
        .respond_status(503)
        .respond_ok(&CreateMemberResponse::default())
        .expect(2)
        .mount(&server)
        .await;
    let alex = GetMembersResponseItem {
        name: "alex".into(),
        state: MemberState::Joined,
        user_id: "USR-alex".into(),
        user_name: "Alex".into(),
    };
    mock::get_members()
        .path("CON-1")
        .respond_status(503)
        .respond_status(503)
        .respond_ok(&vec![alex])
        .expect(3)
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();

    let names = user_project::join_and_list(&client, "CON-1", "USR-alex").await;

    assert_eq!(names.unwrap(), ["alex"]);
}
