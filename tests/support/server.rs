//! A local wiremock server (127.0.0.1 only) that answers the requests one matcher accepts with
//! one response, and a client of the crate pointed at it (a bearer token, no retries): what
//! the tests of request building and of decoding answers start from.

use vonage_conversation::runtime::RetryPolicy;
use vonage_conversation::Client;
use wiremock::{MockBuilder, MockServer, ResponseTemplate};

pub async fn serving(matching: MockBuilder, response: ResponseTemplate) -> (MockServer, Client) {
    let server = MockServer::start().await;
    matching.respond_with(response).mount(&server).await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("token")
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    (server, client)
}
