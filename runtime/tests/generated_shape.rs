//! The shape generated code will have (runtime/README.md shows the same), compiled and run
//! against the test server: a client type wrapping the runtime, its builder, a static
//! operation, and a method that is a few lines. Also the copy contract: the runtime's files
//! refer to each other only through `super::`.

mod support;

use client_runtime as runtime;
use runtime::url::{path_param, query_pair};
use support::{json, reply, TestServer};

// ---- what the generator would write -------------------------------------------------

/// The server URL the spec names first.
pub const DEFAULT_BASE_URL: Option<&str> = Some("https://api.example.com/v1");

#[derive(Debug, Clone)]
pub struct Client {
    runtime: runtime::Runtime,
}

impl From<runtime::Runtime> for Client {
    fn from(runtime: runtime::Runtime) -> Self {
        Client { runtime }
    }
}

#[derive(Debug, serde::Deserialize, PartialEq)]
pub struct Conversation {
    pub id: String,
}

#[derive(Debug, serde::Deserialize, PartialEq)]
pub struct NotFound {
    pub title: String,
}

/// A request body with rules of the spec, and the check the generator writes for it.
#[derive(Debug, serde::Serialize)]
pub struct Rename {
    pub name: String,
}

impl runtime::validate::Validate for Rename {
    fn validate(
        &self,
        path: &runtime::validate::Path<'_>,
        out: &mut runtime::validate::Violations,
    ) {
        let at = path.field("name");
        out.min_length(&at, &self.name, 1);
        out.max_length(&at, &self.name, 10);
    }
}

static RENAME_CONVERSATION: runtime::Operation = runtime::Operation {
    id: "renameConversation",
    method: reqwest::Method::PUT,
    path: "/conversations/{conversation_id}",
    server: None,
    security: &[],
};

const BEARER_AUTH: runtime::Scheme = runtime::Scheme::bearer("bearerAuth");

static GET_CONVERSATION: runtime::Operation = runtime::Operation {
    id: "getConversation",
    method: reqwest::Method::GET,
    path: "/conversations/{conversation_id}",
    server: None,
    security: &[&[BEARER_AUTH]],
};

impl Client {
    /// A builder with this crate's defaults.
    pub fn builder() -> runtime::ClientBuilder<Client> {
        runtime::ClientBuilder::new(
            concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")),
            DEFAULT_BASE_URL,
        )
    }

    /// A client with the defaults.
    pub fn new() -> Result<Self, runtime::Error> {
        Self::builder().build()
    }

    /// The same client, with other settings for the calls made through the copy.
    pub fn with_options(&self, options: runtime::CallOptions) -> Self {
        Client {
            runtime: self.runtime.with_options(options),
        }
    }

    /// `GET /conversations/{conversation_id}`
    pub async fn get_conversation(
        &self,
        conversation_id: &str,
        page_size: Option<u32>,
    ) -> Result<Conversation, runtime::Error<NotFound>> {
        let mut request = self.runtime.request(
            &GET_CONVERSATION,
            &[
                "conversations",
                path_param("conversation_id", conversation_id)?,
            ],
        )?;
        if let Some(value) = &page_size {
            request
                .query
                .push(query_pair("page_size", &value.to_string()));
        }
        let response = self.runtime.send(request).await?;
        match response.status.as_u16() {
            200 => response.json(),
            404 => Err(response.api_error(|body| serde_json::from_slice(body))),
            _ => Err(response.unexpected()),
        }
    }
}

impl Client {
    /// `PUT /conversations/{conversation_id}`: checked before sending.
    pub async fn rename_conversation(
        &self,
        conversation_id: &str,
        body: &Rename,
    ) -> Result<(), runtime::Error> {
        if self.runtime.validates_requests() {
            let mut out = runtime::validate::Violations::new();
            let at = runtime::validate::Path::root("conversation_id");
            out.max_length(&at, conversation_id, 8);
            let at = runtime::validate::Path::root("body");
            out.check(&at, body);
            out.into_result()?;
        }
        let mut request = self.runtime.request(
            &RENAME_CONVERSATION,
            &[
                "conversations",
                path_param("conversation_id", conversation_id)?,
            ],
        )?;
        request.body = runtime::Body::json(body)?;
        let response = self.runtime.send(request).await?;
        match response.status.as_u16() {
            204 => Ok(()),
            _ => Err(response.unexpected()),
        }
    }
}

// ---- tests -------------------------------------------------------------------------

#[tokio::test]
async fn a_generated_method_in_a_few_lines() {
    let server = TestServer::start(|n, request| match n {
        0 => json(200, r#"{"id": "CON-1"}"#),
        1 => reply(
            404,
            &[("content-type", "application/problem+json")],
            br#"{"title": "Not found", "instance": "trace-1"}"#,
        ),
        _ => json(200, &format!(r#"{{"id": "{}"}}"#, request.target)),
    })
    .await;
    let client = Client::builder()
        .base_url(&server.url)
        .bearer_token("token")
        .build()
        .unwrap();
    let found = client.get_conversation("CON-1", Some(10)).await.unwrap();
    assert_eq!(found, Conversation { id: "CON-1".into() });
    let sent = &server.requests()[0];
    assert_eq!(sent.target, "/conversations/CON-1?page_size=10");
    assert_eq!(sent.header("authorization"), Some("Bearer token"));
    assert_eq!(sent.header("user-agent"), Some("client-runtime/0.1.0"));

    let error = client.get_conversation("CON-2", None).await.unwrap_err();
    assert_eq!(
        error.api_value(),
        Some(&NotFound {
            title: "Not found".into()
        })
    );
    assert_eq!(
        error.problem().unwrap().instance.as_deref(),
        Some("trace-1")
    );

    let error = client.get_conversation("..", None).await.unwrap_err();
    assert!(
        matches!(error, runtime::Error::InvalidPathParameter { .. }),
        "{error}"
    );

    let view = client.with_options(runtime::CallOptions::new().max_attempts(1));
    view.get_conversation("x", None).await.unwrap();
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn a_request_that_breaks_rules_of_the_spec_is_not_sent() {
    let server = TestServer::start(|_, _| reply(204, &[], b"")).await;
    let client = Client::builder().base_url(&server.url).build().unwrap();
    let long = Rename {
        name: "a name too long".into(),
    };
    let error = client
        .rename_conversation("CON-123456789", &long)
        .await
        .unwrap_err();
    let violations: Vec<String> = error
        .violations()
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        violations,
        [
            "conversation_id: a string of length 13 breaks maxLength 8",
            "body.name: a string of length 15 breaks maxLength 10",
        ]
    );
    assert!(
        error.to_string().starts_with("the request breaks 2 rules"),
        "{error}"
    );
    assert_eq!(error.attempts(), 0);
    assert_eq!(server.count(), 0, "nothing is sent");

    let short = Rename { name: "ok".into() };
    client.rename_conversation("CON-1", &short).await.unwrap();
    assert_eq!(server.count(), 1);

    // Switched off, the same request is sent and the server has the last word.
    let unchecked = Client::builder()
        .base_url(&server.url)
        .validate_requests(false)
        .build()
        .unwrap();
    unchecked
        .rename_conversation("CON-123456789", &long)
        .await
        .unwrap();
    assert_eq!(server.requests()[1].target, "/conversations/CON-123456789");
}

#[test]
fn new_keeps_working_and_uses_the_spec_server() {
    let client = Client::new().unwrap();
    let url = client
        .runtime
        .url(&GET_CONVERSATION, &["conversations", "a"])
        .unwrap();
    assert_eq!(url.as_str(), "https://api.example.com/v1/conversations/a");
}

#[test]
fn runtime_files_refer_to_each_other_through_super_only() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(!text.contains("crate::"), "{name} names `crate::`");
        assert!(!text.contains("#!["), "{name} has a crate-level attribute");
        files += 1;
    }
    assert!(files > 10);
}
