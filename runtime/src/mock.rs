//! Typed mocks of the client's operations on a local [wiremock](https://docs.rs/wiremock)
//! server, for the tests of code that calls the client. Compiled only with the crate's `mock`
//! feature (which adds the `wiremock` dependency); nothing of it is built otherwise.
//!
//! A generated crate's `mock` module has one function per operation that returns a
//! [`Route`] for it: a route matches the operation's method and path template (and, if asked,
//! its path parameters, parameters and body, as the client writes them), and answers with
//! typed values. What the generated code knows of an operation (its types, how its values go
//! on the wire) it says by implementing [`MockOperation`] for a type of its own; everything
//! else is here.
//!
//! ```ignore
//! let server = wiremock::MockServer::start().await;
//! mock::create_member()
//!     .path("CON-1")
//!     .body(&request)
//!     .respond_ok(&member)
//!     .expect(1)
//!     .mount(&server)
//!     .await;
//! let client = Client::builder().base_url(server.uri()).build()?;
//! ```

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use bytes::Bytes;
use percent_encoding::percent_decode_str;
use serde::Serialize;
use wiremock::{Match, Mock, Request as Received, Respond, Times};

/// The server to mount routes on (`MockServer::start().await`, on 127.0.0.1), and wiremock's
/// own responses (for [`Route::respond_with`]): here so that a test needs no other import.
pub use wiremock::{MockServer, ResponseTemplate};

use super::error::RuntimeError;
use super::request::Body;

/// A piece of one segment of a path template: `{conversation_id}` is `[Param]`,
/// `{name}.json` is `[Param, Text(".json")]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Text(&'static str),
    Param,
}

/// What a mock needs to know of one operation, written by the generator for a type of its own
/// per operation (an empty enum: the type only names the operation). Operations that lack
/// a body, parameters or declared error values have `Infallible` there, so that the route's
/// methods for them cannot be called.
pub trait MockOperation: 'static {
    /// What the client's method returns on success.
    type Success;
    /// The declared error value (`Error::Api`) of the operation.
    type Error;
    /// The request body, as the client's method takes it.
    type Body: ?Sized;
    /// The operation's parameters struct (query, header and cookie parameters).
    type Params;
    /// The `operationId`: the name of the route in wiremock's messages.
    const ID: &'static str;
    /// The HTTP method, upper case.
    const METHOD: &'static str;
    /// The path template, one entry per `/`-separated segment.
    const SEGMENTS: &'static [&'static [Part]];
    /// The names of the query pairs the client writes besides the parameters (pairs written
    /// into the path template, API keys sent in the query): left out when the parameters are
    /// compared.
    const OTHER_QUERY: &'static [&'static str];

    /// The response that gives `value` to the client: the status the spec declares for it,
    /// and its body.
    fn success(value: &Self::Success) -> ResponseTemplate;
    /// The response that gives `value` as the declared error, with `status`.
    fn error(status: u16, value: &Self::Error) -> ResponseTemplate;
    /// The body the client sends for `value`.
    fn body(value: &Self::Body) -> Result<Body, RuntimeError>;
    /// The query pairs, headers and cookies the client sends for `value` (an error where the
    /// client would refuse it: a typed value that cannot be written).
    fn params(value: &Self::Params) -> Result<SentParams, RuntimeError>;
}

/// What the client writes for an operation's parameters: the fields that a request method
/// fills (see [`super::Request`]), so that the generated code that fills them serves here
/// as well.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SentParams {
    /// `name=value` pairs, percent-encoded.
    pub query: Vec<String>,
    pub headers: Vec<(&'static str, String)>,
    pub cookies: Vec<(String, String)>,
}

/// A mock of one operation: what requests it matches, how it answers them, and how many it
/// expects. Made by the generated `mock` module's function for the operation; it does
/// nothing until it is [mounted](Route::mount) on a server.
///
/// Every route matches the operation's method and path template on the server's root (give
/// the client `server.uri()` as its base URL). The other conditions are optional: path
/// parameters (the generated `path` method of the operation's route), [parameters](Route::params),
/// [body](Route::body), [any other wiremock matcher](Route::and).
///
/// Answers are given in order, one per request; the last one is given again to every request
/// after it. So `.respond_status(503).respond_status(503).respond_ok(&value)` answers 503
/// twice, then the value.
#[must_use = "a route does nothing until it is mounted"]
pub struct Route<O> {
    pinned: Vec<Option<String>>,
    pinned_query: Vec<(String, String)>,
    params: Option<SentParams>,
    body: Option<ExpectedBody>,
    extra: Vec<Box<dyn Match>>,
    answers: Vec<ResponseTemplate>,
    delay: Option<Duration>,
    expect: Option<Times>,
    name: Option<String>,
    operation: PhantomData<fn() -> O>,
}

impl<O: MockOperation> Default for Route<O> {
    fn default() -> Self {
        Route::new()
    }
}

impl<O: MockOperation> Route<O> {
    /// A route that matches every request for the operation, and has no answer yet.
    pub fn new() -> Self {
        Route {
            pinned: vec![None; O::SEGMENTS.len()],
            pinned_query: Vec::new(),
            params: None,
            body: None,
            extra: Vec::new(),
            answers: Vec::new(),
            delay: None,
            expect: None,
            name: None,
            operation: PhantomData,
        }
    }

    /// Only requests whose path segment `index` (counted in the template, from 0) is `text`,
    /// before percent-encoding. The generated `path` method of an operation's route calls
    /// this for each of its segments with parameters.
    pub fn path_segment(mut self, index: usize, text: &str) -> Self {
        if let Some(slot) = self.pinned.get_mut(index) {
            *slot = Some(text.to_owned());
        }
        self
    }

    /// Only requests whose query has the pair `name=value` (before percent-encoding): for a
    /// pair that the path template writes with a path parameter (`/exports/{id}?format={format}`).
    /// The generated `path` method of an operation's route calls this for such pairs.
    pub fn query_pair(mut self, name: &str, value: &str) -> Self {
        self.pinned_query.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Only requests with exactly these parameters, as the client writes them: the same query
    /// pairs (in any order; an unset parameter must be absent), and these header and cookie
    /// values (other headers and cookies may be there too: credentials, the user agent).
    ///
    /// # Panics
    ///
    /// If the client could not send `params` either (a typed value that cannot be written).
    pub fn params(mut self, params: &O::Params) -> Self {
        match O::params(params) {
            Ok(sent) => self.params = Some(sent),
            Err(error) => panic!(
                "mock of `{}`: the parameters cannot be sent: {error}",
                O::ID
            ),
        }
        self
    }

    /// Only requests with this body, as the client writes it: the same JSON value for a JSON
    /// body (whatever the order of its members), the same bytes otherwise (a multipart body's
    /// boundary aside), and the same media type.
    ///
    /// # Panics
    ///
    /// If the client could not send `body` either (a value that JSON cannot hold).
    pub fn body(mut self, body: &O::Body) -> Self {
        match O::body(body) {
            Ok(body) => self.body = Some(ExpectedBody::from(body)),
            Err(error) => panic!("mock of `{}`: the body cannot be sent: {error}", O::ID),
        }
        self
    }

    /// Only requests that `matcher` (any wiremock matcher) matches as well.
    pub fn and(mut self, matcher: impl Match + 'static) -> Self {
        self.extra.push(Box::new(matcher));
        self
    }

    /// Answers with `value`, what the client's method then returns: with the status the spec
    /// declares for it.
    pub fn respond_ok(mut self, value: &O::Success) -> Self {
        self.answers.push(O::success(value));
        self
    }

    /// Answers with `value` as the operation's declared error, with `status` (one that the
    /// spec declares for it, or the client reports an unexpected status).
    pub fn respond_error(mut self, status: u16, value: &O::Error) -> Self {
        self.answers.push(O::error(status, value));
        self
    }

    /// Answers with `status` and no body.
    pub fn respond_status(mut self, status: u16) -> Self {
        self.answers.push(ResponseTemplate::new(status));
        self
    }

    /// Answers with `status` and `body`, sent with `content_type`: a body the spec does not
    /// declare (an `application/problem+json` error, a broken body).
    pub fn respond_raw(
        mut self,
        status: u16,
        content_type: &str,
        body: impl Into<Vec<u8>>,
    ) -> Self {
        self.answers
            .push(ResponseTemplate::new(status).set_body_raw(body.into(), content_type));
        self
    }

    /// Answers with `response`, wiremock's own (headers such as `Retry-After`, a delay of
    /// its own).
    pub fn respond_with(mut self, response: ResponseTemplate) -> Self {
        self.answers.push(response);
        self
    }

    /// Delays every answer of the route by `delay` (an answer with a delay of its own, from
    /// [`Route::respond_with`], keeps it).
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// How many requests the route must match: `1`, `2..`, `..=3`. Checked when the server
    /// is dropped (or verified), as wiremock checks its mocks; the route's name (the
    /// `operationId` unless [named](Route::named)) says which one failed.
    pub fn expect(mut self, times: impl Into<Times>) -> Self {
        self.expect = Some(times.into());
        self
    }

    /// The name the route has in wiremock's messages (the `operationId` by default).
    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// The route as a wiremock mock, for what this type does not do itself (a priority,
    /// [`Mock::mount_as_scoped`]).
    ///
    /// # Panics
    ///
    /// If the route has no answer.
    pub fn into_mock(self) -> Mock {
        assert!(
            !self.answers.is_empty(),
            "mock of `{}` has no answer: give one with respond_ok, respond_error, \
             respond_status, respond_raw or respond_with",
            O::ID
        );
        let delay = self.delay;
        let answers = self
            .answers
            .into_iter()
            .map(|answer| match delay {
                Some(delay) => answer.set_delay(delay),
                None => answer,
            })
            .collect();
        let matcher = RouteMatcher {
            method: O::METHOD,
            segments: O::SEGMENTS,
            other_query: O::OTHER_QUERY,
            pinned: self.pinned,
            pinned_query: self.pinned_query,
            params: self.params,
            body: self.body,
            extra: self.extra,
        };
        let mut mock = Mock::given(matcher)
            .respond_with(Answers {
                answers,
                next: AtomicUsize::new(0),
            })
            .named(self.name.unwrap_or_else(|| O::ID.to_owned()));
        if let Some(times) = self.expect {
            mock = mock.expect(times);
        }
        mock
    }

    /// Mounts the route on `server`.
    ///
    /// # Panics
    ///
    /// If the route has no answer.
    pub async fn mount(self, server: &MockServer) {
        self.into_mock().mount(server).await;
    }
}

impl<O: MockOperation> fmt::Debug for Route<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Route")
            .field("operation", &O::ID)
            .field("pinned", &self.pinned)
            .field("pinned_query", &self.pinned_query)
            .field("params", &self.params)
            .field("body", &self.body)
            .field("matchers", &self.extra.len())
            .field("answers", &self.answers.len())
            .field("delay", &self.delay)
            .finish_non_exhaustive()
    }
}

/// `value` as a JSON body with `status`: a success or an error value of a JSON response.
///
/// # Panics
///
/// If `value` is one that JSON cannot hold (a map with keys that are not strings).
pub fn json<T: Serialize + ?Sized>(status: u16, value: &T) -> ResponseTemplate {
    match serde_json::to_vec(value) {
        Ok(body) => ResponseTemplate::new(status).set_body_raw(body, "application/json"),
        Err(error) => panic!("a mock's answer cannot be JSON: {error}"),
    }
}

/// `value` as a `text/plain` body with `status`.
pub fn text(status: u16, value: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(value.as_bytes().to_vec(), "text/plain")
}

/// `value` as an `application/octet-stream` body with `status`.
pub fn bytes(status: u16, value: &[u8]) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(value.to_vec(), "application/octet-stream")
}

/// `status` without a body.
pub fn empty(status: u16) -> ResponseTemplate {
    ResponseTemplate::new(status)
}

/// The route's answers, one per request, the last one again and again.
struct Answers {
    answers: Vec<ResponseTemplate>,
    next: AtomicUsize,
}

impl Respond for Answers {
    fn respond(&self, _: &Received) -> ResponseTemplate {
        let next = self.next.fetch_add(1, Ordering::Relaxed);
        let last = self.answers.len().saturating_sub(1);
        match self.answers.get(next.min(last)) {
            Some(answer) => answer.clone(),
            None => ResponseTemplate::new(500),
        }
    }
}

/// A body a route expects: its media type and bytes.
#[derive(Debug, Clone)]
struct ExpectedBody {
    /// Empty for no body.
    content_type: String,
    content: Bytes,
}

impl From<Body> for ExpectedBody {
    fn from(body: Body) -> Self {
        match body {
            Body::Bytes {
                content,
                content_type,
            } => ExpectedBody {
                content_type: content_type.into_owned(),
                content,
            },
            // The client's bodies are bytes; a stream is never what it sends for a value.
            Body::Empty | Body::Once { .. } => ExpectedBody {
                content_type: String::new(),
                content: Bytes::new(),
            },
        }
    }
}

/// The matcher of a route.
struct RouteMatcher {
    method: &'static str,
    segments: &'static [&'static [Part]],
    other_query: &'static [&'static str],
    pinned: Vec<Option<String>>,
    pinned_query: Vec<(String, String)>,
    params: Option<SentParams>,
    body: Option<ExpectedBody>,
    extra: Vec<Box<dyn Match>>,
}

impl Match for RouteMatcher {
    fn matches(&self, request: &Received) -> bool {
        request.method.as_str() == self.method
            && self.path_matches(request)
            && self.pinned_query_matches(request)
            && self
                .params
                .as_ref()
                .is_none_or(|params| params_match(params, self.other_query, request))
            && self
                .body
                .as_ref()
                .is_none_or(|body| body_matches(body, request))
            && self.extra.iter().all(|matcher| matcher.matches(request))
    }
}

impl RouteMatcher {
    /// The path's segments, percent-decoded, against the template's (and the pinned values).
    fn path_matches(&self, request: &Received) -> bool {
        let Some(segments) = request.url.path_segments() else {
            return false;
        };
        let received: Vec<Cow<'_, str>> = segments
            .filter(|segment| !segment.is_empty())
            .map(|segment| percent_decode_str(segment).decode_utf8_lossy())
            .collect();
        received.len() == self.segments.len()
            && received.iter().zip(self.segments).zip(&self.pinned).all(
                |((text, parts), pinned)| match pinned {
                    Some(pinned) => text == pinned,
                    None => fits(parts, text),
                },
            )
    }
}

impl RouteMatcher {
    /// Every pinned query pair is in the query.
    fn pinned_query_matches(&self, request: &Received) -> bool {
        if self.pinned_query.is_empty() {
            return true;
        }
        let received = query_pairs(request);
        self.pinned_query.iter().all(|pair| received.contains(pair))
    }
}

/// The pairs of the request's query, percent-decoded.
fn query_pairs(request: &Received) -> Vec<(String, String)> {
    request
        .url
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(decoded_pair)
        .collect()
}

/// Whether `text` fits a segment of the template: its literal parts where they are, each
/// parameter at least one character.
fn fits(parts: &[Part], text: &str) -> bool {
    match parts.split_first() {
        None => text.is_empty(),
        Some((Part::Text(literal), rest)) => text
            .strip_prefix(literal)
            .is_some_and(|after| fits(rest, after)),
        Some((Part::Param, rest)) => (1..=text.len())
            .filter(|end| text.is_char_boundary(*end))
            .any(|end| fits(rest, &text[end..])),
    }
}

/// A query pair, percent-decoded.
fn decoded_pair(pair: &str) -> (String, String) {
    let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
    let decode = |text: &str| percent_decode_str(text).decode_utf8_lossy().into_owned();
    (decode(name), decode(value))
}

fn params_match(params: &SentParams, other_query: &[&str], request: &Received) -> bool {
    let mut expected: Vec<(String, String)> =
        params.query.iter().map(|pair| decoded_pair(pair)).collect();
    let mut received: Vec<(String, String)> = query_pairs(request)
        .into_iter()
        .filter(|(name, _)| !other_query.contains(&name.as_str()))
        .collect();
    expected.sort();
    received.sort();
    if expected != received {
        return false;
    }
    let headers = params.headers.iter().all(|(name, value)| {
        request
            .headers
            .get_all(*name)
            .iter()
            .any(|received| received.as_bytes() == value.as_bytes())
    });
    let cookies: Vec<(&str, &str)> = request
        .headers
        .get_all("cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .map(|pair| {
            let pair = pair.trim();
            pair.split_once('=').unwrap_or((pair, ""))
        })
        .collect();
    headers
        && params
            .cookies
            .iter()
            .all(|(name, value)| cookies.contains(&(name.as_str(), value.as_str())))
}

/// The media type of a content type (`application/json` of `application/json; charset=utf-8`),
/// lower case.
fn media_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// The `boundary` parameter of a multipart content type.
fn boundary(content_type: &str) -> Option<&str> {
    content_type.split(';').find_map(|parameter| {
        let (name, value) = parameter.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| value.trim().trim_matches('"'))
    })
}

fn body_matches(expected: &ExpectedBody, request: &Received) -> bool {
    let received_type = request
        .headers
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    if expected.content_type.is_empty() {
        return request.body.is_empty() && received_type.is_empty();
    }
    let media = media_type(&expected.content_type);
    if media != media_type(received_type) {
        return false;
    }
    if media == "application/json" || media.ends_with("+json") {
        let value = |bytes: &[u8]| serde_json::from_slice::<serde_json::Value>(bytes).ok();
        return value(&request.body).is_some_and(|received| {
            value(&expected.content).is_some_and(|expected| received == expected)
        });
    }
    // (One `if let` on a tuple: nested `if`s are a lint under edition 2024, whose let chains
    // edition 2021 does not have.)
    let boundaries = media
        .starts_with("multipart/")
        .then(|| boundary(&expected.content_type).zip(boundary(received_type)))
        .flatten();
    if let Some((ours, theirs)) = boundaries {
        let content = replace(
            &expected.content,
            format!("--{ours}").as_bytes(),
            format!("--{theirs}").as_bytes(),
        );
        return content == request.body;
    }
    expected.content == request.body
}

/// `bytes` with every `from` replaced by `to` (bytes, not text: a part may hold any).
fn replace(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut rest = bytes;
    while !rest.is_empty() {
        if !from.is_empty() && rest.starts_with(from) {
            out.extend_from_slice(to);
            rest = &rest[from.len()..];
        } else {
            out.push(rest[0]);
            rest = &rest[1..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_segment_fits_its_literal_parts_and_parameters() {
        assert!(fits(&[Part::Param], "CON-1"));
        assert!(!fits(&[Part::Param], ""));
        assert!(fits(&[Part::Text("members")], "members"));
        assert!(!fits(&[Part::Text("members")], "member"));
        let json = [Part::Param, Part::Text(".json")];
        assert!(fits(&json, "report.json"));
        assert!(fits(&json, "a.json.json"));
        assert!(!fits(&json, ".json"));
        assert!(!fits(&json, "report.xml"));
        let two = [Part::Param, Part::Text("-"), Part::Param];
        assert!(fits(&two, "a-b-c"));
        assert!(!fits(&two, "a-"));
        assert!(fits(&[Part::Param], "\u{fc}"));
    }

    #[test]
    fn query_pairs_are_compared_decoded() {
        assert_eq!(
            decoded_pair("date_start=2025-04-15T13%3A51%3A51Z"),
            ("date_start".to_owned(), "2025-04-15T13:51:51Z".to_owned())
        );
        assert_eq!(decoded_pair("flag"), ("flag".to_owned(), String::new()));
    }

    #[test]
    fn boundaries_are_replaced_byte_for_byte() {
        let part = b"--ab\r\n\xff\x00--a--ab--\r\n";
        assert_eq!(
            replace(part, b"--ab", b"--xyz"),
            b"--xyz\r\n\xff\x00--a--xyz--\r\n"
        );
        assert_eq!(replace(b"abc", b"", b"x"), b"abc");
    }

    #[test]
    fn content_types_give_media_types_and_boundaries() {
        assert_eq!(
            media_type("Application/JSON; charset=utf-8"),
            "application/json"
        );
        assert_eq!(
            boundary("multipart/form-data; boundary=\"abc\""),
            Some("abc")
        );
        assert_eq!(boundary("multipart/form-data"), None);
    }
}
