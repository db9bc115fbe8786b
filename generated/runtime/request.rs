//! The plain-data description of one call that a generated method hands to
//! [`Runtime::send`](super::client::Runtime::send).

use std::borrow::Cow;

use bytes::Bytes;
use reqwest::{Method, Url};
use serde::Serialize;

use super::auth::Security;
use super::error::{Error, RuntimeError};

/// What is fixed about an operation: a generated crate has one `static` of these per
/// operation.
#[derive(Debug)]
pub struct Operation {
    /// The `operationId` (or the name the generator gave it), for tracing and hooks.
    pub id: &'static str,
    pub method: Method,
    /// The path template, `/conversations/{conversation_id}`: for tracing (a template,
    /// unlike the path, never holds an id or other data).
    pub path: &'static str,
    /// The operation's own server URL, if the spec names one; a base URL set on the client
    /// wins over it.
    pub server: Option<&'static str>,
    /// Which credentials the operation accepts.
    pub security: Security,
}

/// One call: the operation, its URL with the path parameters filled in, and the query
/// pairs, headers, cookies and body the generated method adds. Fields are public: a
/// generated method pushes onto them directly.
#[derive(Debug)]
pub struct Request {
    pub operation: &'static Operation,
    /// The base URL and path; the query is in [`Request::query`].
    pub url: Url,
    /// `name=value` pairs, percent-encoded already (see [`super::url::query_pair`]).
    pub query: Vec<String>,
    /// Header names from the spec (any case) and values; checked when sending.
    pub headers: Vec<(&'static str, String)>,
    /// Cookie names and values, sent in one `Cookie` header.
    pub cookies: Vec<(String, String)>,
    pub body: Body,
}

impl Request {
    /// A request for `operation` to `url`, with no query, headers, cookies or body yet.
    pub fn new(operation: &'static Operation, url: Url) -> Self {
        Request {
            operation,
            url,
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: Body::Empty,
        }
    }
}

/// A request body.
#[derive(Debug, Default)]
pub enum Body {
    #[default]
    Empty,
    /// Bytes in memory: sent again as they are, byte for byte, if the request is retried.
    Bytes {
        content: Bytes,
        content_type: Cow<'static, str>,
    },
    /// A body that can be sent once only (a stream): a request with one is never retried.
    Once {
        body: reqwest::Body,
        content_type: Cow<'static, str>,
    },
}

impl Body {
    /// `value` as JSON (`application/json`).
    pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<Body, RuntimeError> {
        let content = serde_json::to_vec(value).map_err(|e| RuntimeError(Error::EncodeBody(e)))?;
        Ok(Body::bytes(content, "application/json"))
    }

    /// `content` as it is, with its content type.
    pub fn bytes(content: impl Into<Bytes>, content_type: impl Into<Cow<'static, str>>) -> Body {
        Body::Bytes {
            content: content.into(),
            content_type: content_type.into(),
        }
    }

    /// A body that can be sent only once (see [`Body::Once`]).
    pub fn once(body: reqwest::Body, content_type: impl Into<Cow<'static, str>>) -> Body {
        Body::Once {
            body,
            content_type: content_type.into(),
        }
    }

    /// Whether the body can be sent again on a retry.
    pub fn is_replayable(&self) -> bool {
        !matches!(self, Body::Once { .. })
    }

    /// The body for one attempt: a copy of a replayable body (bytes are shared, not
    /// copied), or the body itself for one that can be sent once (leaving it empty).
    pub fn for_attempt(&mut self) -> Body {
        match self {
            Body::Empty => Body::Empty,
            Body::Bytes {
                content,
                content_type,
            } => Body::Bytes {
                content: content.clone(),
                content_type: content_type.clone(),
            },
            Body::Once { .. } => std::mem::take(self),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Body;
    use serde_json::json;
    use std::collections::BTreeMap;

    #[test]
    fn json_bodies_are_replayable_bytes() {
        let body = Body::json(&json!({"name": "x"})).unwrap();
        match &body {
            Body::Bytes {
                content,
                content_type,
            } => {
                assert_eq!(&content[..], br#"{"name":"x"}"#);
                assert_eq!(content_type, "application/json");
            }
            other => panic!("{other:?}"),
        }
        assert!(body.is_replayable());
        assert!(!Body::once(reqwest::Body::from("x"), "text/plain").is_replayable());
    }

    #[test]
    fn a_value_json_cannot_hold_is_an_error() {
        let map: BTreeMap<(u8, u8), u8> = BTreeMap::from([((1, 2), 3)]);
        assert!(Body::json(&map).is_err());
    }
}
