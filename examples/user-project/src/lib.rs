//! A piece of a user's application that calls the Conversation API: adding a user to a
//! conversation (in the app), then showing who is in it.

use vonage_conversation::models::{
    Channel, ChannelFrom, ChannelFromApp, ChannelType, CreateMemberRequest, MemberAction,
    MemberState,
};
use vonage_conversation::runtime::CallOptions;
use vonage_conversation::{Client, Error};

/// The request that adds `user_id` to a conversation as a member who has joined, on the app
/// channel.
pub fn join_request(user_id: &str) -> CreateMemberRequest {
    CreateMemberRequest {
        user_id: user_id.to_owned(),
        action: Some(MemberAction::Join),
        channel: Channel {
            type_: Some(ChannelType::App),
            from: Some(ChannelFrom::App(ChannelFromApp {
                user: user_id.to_owned(),
            })),
            ..Channel::default()
        },
        knocking_id: None,
        media: None,
        member_id: None,
        member_id_inviting: None,
    }
}

/// Adds `user_id` to the conversation, then returns the names of the members who have joined
/// it, in the order the API lists them.
///
/// Vonage answers 503 when it is busy. The client sends a `GET` again by itself; adding a
/// member is a `POST`, which it sends again only when asked: here it is, since joining twice
/// is harmless (the member joins once).
pub async fn join_and_list(
    client: &Client,
    conversation_id: &str,
    user_id: &str,
) -> Result<Vec<String>, Error> {
    let retrying = client.with_options(CallOptions::new().retry_non_idempotent(true));
    retrying
        .create_member(conversation_id, Some(&join_request(user_id)))
        .await?;
    #[allow(deprecated)] // The v0.1 list of members; the API has no other.
    let members = client.get_members(conversation_id).await?;
    Ok(members
        .into_iter()
        .filter(|member| member.state == MemberState::Joined)
        .map(|member| member.name)
        .collect())
}
