//! A response read to the end (within the size limit), and the decoders that turn its body
//! into an operation's value or error.

use bytes::{Bytes, BytesMut};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use super::error::{ApiError, Error, ErrorResponse};

/// A response read to the end, before it is decoded.
#[derive(Debug, Clone)]
pub struct RawResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// How many attempts the call made; this is the last one's response.
    pub attempts: u32,
}

impl RawResponse {
    /// The success value, made from the body by `decode`.
    pub fn value<T, E>(
        self,
        decode: impl FnOnce(&[u8]) -> Result<T, serde_json::Error>,
    ) -> Result<T, Error<E>> {
        match decode(&self.body) {
            Ok(value) => Ok(value),
            Err(source) => Err(Error::Decode {
                response: Box::new(self.into_parts()),
                source,
            }),
        }
    }

    /// The success value, decoded from a JSON body.
    pub fn json<T: DeserializeOwned, E>(self) -> Result<T, Error<E>> {
        self.value(|body| serde_json::from_slice(body))
    }

    /// A declared error response, its value made from the body by `decode`.
    pub fn api_error<E>(
        self,
        decode: impl FnOnce(&[u8]) -> Result<E, serde_json::Error>,
    ) -> Error<E> {
        match decode(&self.body) {
            Ok(value) => Error::Api(Box::new(ApiError {
                value,
                response: self.into_parts(),
            })),
            Err(source) => Error::Decode {
                response: Box::new(self.into_parts()),
                source,
            },
        }
    }

    /// A response whose status the operation does not declare.
    pub fn unexpected<E>(self) -> Error<E> {
        Error::UnexpectedStatus(Box::new(self.into_parts()))
    }

    /// The response, as an error keeps it.
    pub fn into_parts(self) -> ErrorResponse {
        ErrorResponse {
            status: self.status,
            headers: self.headers,
            body: self.body,
            attempts: self.attempts,
        }
    }
}

/// A text body (invalid UTF-8 replaced: the server's mistake should not lose the rest).
pub fn text(body: &[u8]) -> Result<String, serde_json::Error> {
    Ok(String::from_utf8_lossy(body).into_owned())
}

/// A binary body.
pub fn bytes(body: &[u8]) -> Result<Vec<u8>, serde_json::Error> {
    Ok(body.to_vec())
}

/// Why a body was not read whole.
#[derive(Debug)]
pub enum ReadError {
    /// The connection failed while the body was read.
    Http(reqwest::Error),
    /// The body is larger than the limit; the response holds its first `limit` bytes at
    /// most (none when `Content-Length` said so up front).
    TooLarge(RawResponse),
}

/// Reads a response to the end, stopping at `limit` bytes: a server that sends more (or
/// announces more in `Content-Length`) gets no further than the limit into memory.
pub async fn read_limited(
    mut response: reqwest::Response,
    limit: u64,
) -> Result<RawResponse, ReadError> {
    let mut raw = RawResponse {
        status: response.status(),
        // The response is consumed here: its headers are moved, not copied.
        headers: std::mem::take(response.headers_mut()),
        body: Bytes::new(),
        attempts: 0,
    };
    if response
        .content_length()
        .is_some_and(|length| length > limit)
    {
        return Err(ReadError::TooLarge(raw));
    }
    // Most bodies come in one chunk: it is kept as it came, and copied into a buffer only
    // when a second one follows.
    let mut first: Option<Bytes> = None;
    let mut body = BytesMut::new();
    while let Some(chunk) = response.chunk().await.map_err(ReadError::Http)? {
        let held = first.as_ref().map_or(0, Bytes::len) + body.len();
        let room = usize::try_from(limit.saturating_sub(held as u64)).unwrap_or(usize::MAX);
        if let Some(first) = first.take() {
            body.extend_from_slice(&first);
        }
        if chunk.len() > room {
            body.extend_from_slice(&chunk[..room]);
            raw.body = body.freeze();
            return Err(ReadError::TooLarge(raw));
        }
        if body.is_empty() {
            first = Some(chunk);
        } else {
            body.extend_from_slice(&chunk);
        }
    }
    raw.body = first.unwrap_or_else(|| body.freeze());
    Ok(raw)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::convert::Infallible;

    fn response(status: u16, body: &'static [u8]) -> RawResponse {
        RawResponse {
            status: StatusCode::from_u16(status).unwrap(),
            headers: HeaderMap::new(),
            body: Bytes::from_static(body),
            attempts: 2,
        }
    }

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Thing {
        id: u32,
    }

    #[test]
    fn json_values_and_decode_errors_keep_the_response() {
        let ok: Thing = response(200, br#"{"id": 7}"#)
            .json::<_, Infallible>()
            .unwrap();
        assert_eq!(ok, Thing { id: 7 });
        for body in [&b""[..], b"{\"id\": ", b"<html>oops</html>", b"null"] {
            let owned = Bytes::copy_from_slice(body);
            let raw = RawResponse {
                body: owned,
                ..response(200, b"")
            };
            let error = raw.json::<Thing, Infallible>().unwrap_err();
            assert!(matches!(error, Error::Decode { .. }), "{error}");
            assert_eq!(error.body(), Some(body));
            assert_eq!(error.attempts(), 2);
        }
    }

    #[test]
    fn api_errors_and_unexpected_statuses() {
        let error =
            response(404, br#"{"id": 1}"#).api_error(|b| serde_json::from_slice::<Thing>(b));
        assert_eq!(error.api_value(), Some(&Thing { id: 1 }));
        assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
        let error = response(404, b"nope").api_error(|b| serde_json::from_slice::<Thing>(b));
        assert!(matches!(error, Error::Decode { .. }));
        let error = response(418, b"teapot").unexpected::<Infallible>();
        assert!(matches!(error, Error::UnexpectedStatus(_)));
        assert_eq!(error.body(), Some(&b"teapot"[..]));
    }

    #[test]
    fn text_and_bytes_never_fail() {
        assert_eq!(text(b"caf\xc3\xa9 \xff").unwrap(), "café \u{fffd}");
        assert_eq!(bytes(b"\x00\x01").unwrap(), vec![0, 1]);
    }
}
