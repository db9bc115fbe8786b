//! The typed mocks (`src/mock.rs`, the `mock` feature) with operations written the way the
//! generator writes them (a client method, and a `MockOperation` type per operation), against
//! a wiremock server on 127.0.0.1: what a route matches, how it answers, what it expects.

use std::convert::Infallible;
use std::time::Duration;

use client_runtime as runtime;
use runtime::mock::{MockOperation, Part, Route, SentParams};
use runtime::url::{path_param, query_pair};
use wiremock::MockServer;

// ---- what the generator would write: the client ----------------------------------------

#[derive(Debug, Clone)]
pub struct Client {
    runtime: runtime::Runtime,
}

impl From<runtime::Runtime> for Client {
    fn from(runtime: runtime::Runtime) -> Self {
        Client { runtime }
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Conversation {
    pub id: String,
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NotFound {
    pub title: String,
}

#[derive(Debug, Clone, Default)]
pub struct GetConversationParams {
    pub page_size: Option<u32>,
    pub trace: Option<String>,
    pub session: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Upload {
    pub title: String,
    pub data: Vec<u8>,
}

static GET_CONVERSATION: runtime::Operation = runtime::Operation {
    id: "getConversation",
    method: reqwest::Method::GET,
    path: "/conversations/{conversation_id}",
    server: None,
    security: &[],
};

static RENAME_CONVERSATION: runtime::Operation = runtime::Operation {
    id: "renameConversation",
    method: reqwest::Method::PUT,
    path: "/conversations/{conversation_id}",
    server: None,
    security: &[],
};

static UPLOAD_REPORT: runtime::Operation = runtime::Operation {
    id: "uploadReport",
    method: reqwest::Method::POST,
    path: "/reports/{name}.csv",
    server: None,
    security: &[],
};

fn upload_form(body: &Upload) -> Result<runtime::Body, runtime::RuntimeError> {
    let form = runtime::multipart::Form::new()
        .text("title", body.title.clone())
        .part(
            "data",
            runtime::multipart::Part::bytes(body.data.clone())
                .file_name("data")
                .mime_str("text/csv")?,
        );
    Ok(form.into_body())
}

impl Client {
    pub async fn get_conversation(
        &self,
        conversation_id: &str,
        params: &GetConversationParams,
    ) -> Result<Conversation, runtime::Error<NotFound>> {
        let mut request = self.runtime.request(
            &GET_CONVERSATION,
            &[
                "conversations",
                path_param("conversation_id", conversation_id)?,
            ],
        )?;
        get_conversation_params(&mut request.query, &mut request.headers, params);
        if let Some(value) = &params.session {
            request
                .cookies
                .push(("session".to_owned(), value.to_string()));
        }
        let response = self.runtime.send(request).await?;
        match response.status.as_u16() {
            200 => response.json(),
            404 => Err(response.api_error(|body| serde_json::from_slice(body))),
            _ => Err(response.unexpected()),
        }
    }

    pub async fn rename_conversation(
        &self,
        conversation_id: &str,
        body: &Conversation,
    ) -> Result<(), runtime::Error> {
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

    pub async fn upload_report(&self, name: &str, body: &Upload) -> Result<(), runtime::Error> {
        let mut request = self
            .runtime
            .request(&UPLOAD_REPORT, &["reports", &format!("{name}.csv")])?;
        request.body = upload_form(body)?;
        let response = self.runtime.send(request).await?;
        match response.status.as_u16() {
            201 => Ok(()),
            _ => Err(response.unexpected()),
        }
    }
}

/// The statements the generator writes for the parameters, here shared by the client and its
/// mock as the generated code shares them (it writes them twice, from one emitter).
fn get_conversation_params(
    query: &mut Vec<String>,
    headers: &mut Vec<(&'static str, String)>,
    params: &GetConversationParams,
) {
    if let Some(value) = &params.page_size {
        query.push(query_pair("page_size", &value.to_string()));
    }
    if let Some(value) = &params.trace {
        headers.push(("X-Trace", value.to_string()));
    }
}

// ---- what the generator would write: the mocks ------------------------------------------

pub enum GetConversation {}

impl MockOperation for GetConversation {
    type Success = Conversation;
    type Error = NotFound;
    type Body = Infallible;
    type Params = GetConversationParams;
    const ID: &'static str = "getConversation";
    const METHOD: &'static str = "GET";
    const SEGMENTS: &'static [&'static [Part]] = &[&[Part::Text("conversations")], &[Part::Param]];
    const OTHER_QUERY: &'static [&'static str] = &[];

    fn success(value: &Conversation) -> wiremock::ResponseTemplate {
        runtime::mock::json(200, value)
    }
    fn error(status: u16, value: &NotFound) -> wiremock::ResponseTemplate {
        runtime::mock::json(status, value)
    }
    fn body(value: &Infallible) -> Result<runtime::Body, runtime::RuntimeError> {
        match *value {}
    }
    fn params(params: &GetConversationParams) -> Result<SentParams, runtime::RuntimeError> {
        let mut request = SentParams::default();
        get_conversation_params(&mut request.query, &mut request.headers, params);
        if let Some(value) = &params.session {
            request
                .cookies
                .push(("session".to_owned(), value.to_string()));
        }
        Ok(request)
    }
}

fn get_conversation() -> Route<GetConversation> {
    Route::new()
}

pub enum RenameConversation {}

impl MockOperation for RenameConversation {
    type Success = ();
    type Error = Infallible;
    type Body = Conversation;
    type Params = Infallible;
    const ID: &'static str = "renameConversation";
    const METHOD: &'static str = "PUT";
    const SEGMENTS: &'static [&'static [Part]] = &[&[Part::Text("conversations")], &[Part::Param]];
    const OTHER_QUERY: &'static [&'static str] = &[];

    fn success(_: &()) -> wiremock::ResponseTemplate {
        runtime::mock::empty(204)
    }
    fn error(_: u16, value: &Infallible) -> wiremock::ResponseTemplate {
        match *value {}
    }
    fn body(value: &Conversation) -> Result<runtime::Body, runtime::RuntimeError> {
        runtime::Body::json(value)
    }
    fn params(value: &Infallible) -> Result<SentParams, runtime::RuntimeError> {
        match *value {}
    }
}

fn rename_conversation() -> Route<RenameConversation> {
    Route::new()
}

pub enum UploadReport {}

impl MockOperation for UploadReport {
    type Success = ();
    type Error = Infallible;
    type Body = Upload;
    type Params = Infallible;
    const ID: &'static str = "uploadReport";
    const METHOD: &'static str = "POST";
    const SEGMENTS: &'static [&'static [Part]] =
        &[&[Part::Text("reports")], &[Part::Param, Part::Text(".csv")]];
    const OTHER_QUERY: &'static [&'static str] = &[];

    fn success(_: &()) -> wiremock::ResponseTemplate {
        runtime::mock::empty(201)
    }
    fn error(_: u16, value: &Infallible) -> wiremock::ResponseTemplate {
        match *value {}
    }
    fn body(value: &Upload) -> Result<runtime::Body, runtime::RuntimeError> {
        upload_form(value)
    }
    fn params(value: &Infallible) -> Result<SentParams, runtime::RuntimeError> {
        match *value {}
    }
}

// ---- tests -------------------------------------------------------------------------------

fn client(server: &MockServer) -> Client {
    Client::from(
        runtime::ClientBuilder::<Client>::new("mock-test/1", None)
            .base_url(server.uri())
            .retry(
                runtime::RetryPolicy::default()
                    .backoff(Duration::from_millis(1), Duration::from_millis(2)),
            )
            .build_runtime()
            .unwrap(),
    )
}

fn conversation(id: &str) -> Conversation {
    Conversation {
        id: id.to_owned(),
        name: Some("support".to_owned()),
    }
}

fn no_params() -> GetConversationParams {
    GetConversationParams::default()
}

/// A route matches its operation's method and path template, and gives the typed value;
/// another operation, or another path, finds no route (wiremock's 404).
#[tokio::test]
async fn a_route_answers_its_operation_with_a_typed_value() {
    let server = MockServer::start().await;
    get_conversation()
        .respond_ok(&conversation("CON-1"))
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server);
    let found = client
        .get_conversation("CON-1", &no_params())
        .await
        .unwrap();
    assert_eq!(found, conversation("CON-1"));
    // Any value of the path parameter, percent-encoded or not.
    client
        .get_conversation("a/b c", &no_params())
        .await
        .unwrap();
    let error = client
        .rename_conversation("CON-1", &conversation("CON-1"))
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    let error = client.upload_report("x", &upload()).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
}

/// A pinned path segment matches its value (before percent-encoding) only.
#[tokio::test]
async fn a_pinned_path_parameter_matches_its_value_only() {
    let server = MockServer::start().await;
    get_conversation()
        .path_segment(1, "a/b c?")
        .respond_ok(&conversation("pinned"))
        .expect(1)
        .mount(&server)
        .await;
    get_conversation()
        .respond_error(404, &NotFound { title: "no".into() })
        .mount(&server)
        .await;
    let client = client(&server);
    let pinned = client.get_conversation("a/b c?", &no_params()).await;
    assert_eq!(pinned.unwrap().id, "pinned");
    let other = client
        .get_conversation("a", &no_params())
        .await
        .unwrap_err();
    assert_eq!(other.api_value(), Some(&NotFound { title: "no".into() }));
    assert_eq!(other.status().map(|s| s.as_u16()), Some(404));
}

/// Parameters match the query exactly as the client writes it (an unset parameter must be
/// absent), and the headers and cookies it writes.
#[tokio::test]
async fn parameters_match_what_the_client_writes() {
    let server = MockServer::start().await;
    let params = GetConversationParams {
        page_size: Some(10),
        trace: Some("t-1".into()),
        session: Some("s 1".into()),
    };
    get_conversation()
        .params(&params)
        .respond_ok(&conversation("with params"))
        .expect(1)
        .mount(&server)
        .await;
    get_conversation()
        .params(&no_params())
        .respond_ok(&conversation("without"))
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server);
    let found = client.get_conversation("CON-1", &params).await.unwrap();
    assert_eq!(found.id, "with params");
    let without = client
        .get_conversation("CON-1", &no_params())
        .await
        .unwrap();
    assert_eq!(without.id, "without");
    // Another header value matches neither route.
    let other = GetConversationParams {
        trace: Some("t-2".into()),
        ..params.clone()
    };
    let error = client.get_conversation("CON-1", &other).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    // Nor does a query with a pair more.
    let more = GetConversationParams {
        page_size: Some(10),
        ..Default::default()
    };
    let error = client.get_conversation("CON-1", &more).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    // Another cookie neither.
    let cookie = GetConversationParams {
        session: Some("s 2".into()),
        ..params.clone()
    };
    let error = client.get_conversation("CON-1", &cookie).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    client
        .get_conversation("CON-2", &no_params())
        .await
        .unwrap();
}

/// A JSON body matches the same value; another value finds no route.
#[tokio::test]
async fn a_json_body_matches_the_same_value() {
    let server = MockServer::start().await;
    rename_conversation()
        .body(&conversation("CON-1"))
        .respond_ok(&())
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    client
        .rename_conversation("CON-1", &conversation("CON-1"))
        .await
        .unwrap();
    let other = Conversation {
        name: None,
        ..conversation("CON-1")
    };
    let error = client
        .rename_conversation("CON-1", &other)
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
}

fn upload() -> Upload {
    Upload {
        title: "April".into(),
        // Not UTF-8: the boundary is replaced byte for byte.
        data: b"a,b\n1,2\n\xff\x00".to_vec(),
    }
}

/// A multipart body matches whatever boundary each encoding chose, and a template segment of
/// a parameter and literal text matches the parameter's value with the text.
#[tokio::test]
async fn a_multipart_body_matches_across_boundaries() {
    let server = MockServer::start().await;
    Route::<UploadReport>::new()
        .path_segment(1, "april.csv")
        .body(&upload())
        .respond_ok(&())
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    client.upload_report("april", &upload()).await.unwrap();
    let other = Upload {
        data: b"a,b\n1,3\n".to_vec(),
        ..upload()
    };
    let error = client.upload_report("april", &other).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
}

/// Answers are given in order, the last one again and again: 503, 503, then the value, which
/// the client's retries reach.
#[tokio::test]
async fn answers_come_in_order_and_the_last_one_stays() {
    let server = MockServer::start().await;
    get_conversation()
        .respond_status(503)
        .respond_status(503)
        .respond_ok(&conversation("CON-1"))
        .expect(4)
        .mount(&server)
        .await;
    let client = client(&server);
    let found = client
        .get_conversation("CON-1", &no_params())
        .await
        .unwrap();
    assert_eq!(found.id, "CON-1");
    let again = client
        .get_conversation("CON-1", &no_params())
        .await
        .unwrap();
    assert_eq!(again.id, "CON-1");
    assert_eq!(server.received_requests().await.unwrap().len(), 4);
}

/// A raw answer is what it says; a delayed one reaches the client's time limit.
#[tokio::test]
async fn raw_and_delayed_answers() {
    let server = MockServer::start().await;
    get_conversation()
        .path_segment(1, "raw")
        .respond_raw(
            500,
            "application/problem+json",
            r#"{"title": "broken", "instance": "trace-9"}"#,
        )
        .mount(&server)
        .await;
    get_conversation()
        .path_segment(1, "slow")
        .respond_ok(&conversation("slow"))
        .delay(Duration::from_secs(2))
        .mount(&server)
        .await;
    let client = client(&server);
    let error = client
        .get_conversation("raw", &no_params())
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(
        error.problem().unwrap().instance.as_deref(),
        Some("trace-9")
    );
    let impatient = Client::from(
        runtime::ClientBuilder::<Client>::new("mock-test/1", None)
            .base_url(server.uri())
            .attempt_timeout(Duration::from_millis(100))
            .retry(runtime::RetryPolicy::disabled())
            .build_runtime()
            .unwrap(),
    );
    let error = impatient
        .get_conversation("slow", &no_params())
        .await
        .unwrap_err();
    assert_eq!(error.timeout(), Some(runtime::TimeoutKind::Attempt));
}

/// An expectation that is not met fails the test when the server is verified (or dropped),
/// naming the route after its operation.
#[tokio::test]
async fn an_unmet_expectation_fails() {
    let verified = tokio::spawn(async {
        let server = MockServer::start().await;
        get_conversation()
            .respond_ok(&conversation("CON-1"))
            .expect(1)
            .mount(&server)
            .await;
        server.verify().await;
    })
    .await;
    let panic = verified
        .expect_err("the expectation is not met")
        .into_panic();
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.contains("getConversation"), "{message}");
}

/// A route without an answer is a mistake, said at once.
#[test]
#[should_panic(expected = "mock of `getConversation` has no answer")]
fn a_route_without_an_answer_is_refused() {
    let _ = get_conversation().into_mock();
}

/// A pinned query pair (one the path template writes with a path parameter) must be in the
/// query, whatever else is there.
#[tokio::test]
async fn a_pinned_query_pair_must_be_there() {
    let server = MockServer::start().await;
    get_conversation()
        .query_pair("page_size", "10")
        .respond_ok(&conversation("paged"))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let params = GetConversationParams {
        page_size: Some(10),
        ..no_params()
    };
    let found = client.get_conversation("CON-1", &params).await.unwrap();
    assert_eq!(found.id, "paged");
    let params = GetConversationParams {
        page_size: Some(11),
        ..no_params()
    };
    let error = client.get_conversation("CON-1", &params).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
}
