//! The `error` module and the client's plumbing (URL building, sending, decoding). It is the
//! same for every spec, emitted into each crate so that a generated crate depends only on
//! crates.io libraries.

use proc_macro2::TokenStream;
use quote::quote;

pub fn error_file() -> TokenStream {
    quote! {
        //! The error type of every client method.

        /// Why a call did not produce a value. Every variant that saw a response keeps its
        /// status, headers and body, so the caller can inspect what the server said.
        ///
        /// `E` is what the spec says the operation's error responses hold (a schema type, or
        /// an enum with one variant per status when they differ); it is
        /// [`Infallible`](std::convert::Infallible) for an operation that declares none, and
        /// then [`Error::Api`] cannot occur.
        #[derive(Debug, thiserror::Error)]
        #[non_exhaustive]
        pub enum Error<E = std::convert::Infallible> {
            /// The base URL given to the client is not an absolute URL that can take a path.
            #[error("invalid base URL `{url}`: {reason}")]
            InvalidBaseUrl {
                url: String,
                reason: String,
            },
            /// A path parameter is empty, `.` or `..`: sent as a path segment it would name
            /// another resource (`DELETE /users/..` is `DELETE /`), so nothing is sent.
            #[error("path parameter `{name}` cannot be {value:?}")]
            InvalidPathParameter {
                name: &'static str,
                value: String,
            },
            /// The spec names no absolute server URL and none was set on the client.
            #[error("no base URL: the spec names no absolute server URL; set one with `Client::with_base_url`")]
            NoBaseUrl,
            /// The request could not be sent or the response not read (connection, TLS,
            /// timeout, an invalid header value).
            #[error("HTTP request failed: {0}")]
            Http(#[from] reqwest::Error),
            /// The server answered with an error status the spec declares for the operation,
            /// and a body of the declared type (decoded in [`ApiError::value`]).
            #[error("the server answered with error status {}", .0.response.status)]
            Api(Box<ApiError<E>>),
            /// The server answered with a status the operation does not declare, or an error
            /// status it declares without a body.
            #[error("unexpected HTTP status {}", .0.status)]
            UnexpectedStatus(Box<ErrorResponse>),
            /// The server answered with a status the operation declares, but the body is not
            /// what the spec says.
            #[error("cannot decode the body of a {} response: {source}", .response.status)]
            Decode {
                response: Box<ErrorResponse>,
                #[source]
                source: serde_json::Error,
            },
        }

        /// An error response the spec declares: its decoded body, and the response itself.
        #[derive(Debug, Clone)]
        pub struct ApiError<E> {
            pub value: E,
            pub response: ErrorResponse,
        }

        /// A response the client could not turn into the operation's success value.
        #[derive(Debug, Clone)]
        pub struct ErrorResponse {
            pub status: reqwest::StatusCode,
            pub headers: reqwest::header::HeaderMap,
            pub body: bytes::Bytes,
        }

        impl<E> Error<E> {
            /// The HTTP status, when a response was received.
            pub fn status(&self) -> Option<reqwest::StatusCode> {
                match self {
                    Error::Http(error) => error.status(),
                    _ => self.response().map(|response| response.status),
                }
            }

            /// The response (status, headers, body), when one was received and read.
            pub fn response(&self) -> Option<&ErrorResponse> {
                match self {
                    Error::Api(error) => Some(&error.response),
                    Error::UnexpectedStatus(response) | Error::Decode { response, .. } => {
                        Some(response)
                    }
                    _ => None,
                }
            }

            /// The response body, when a response was received and read.
            pub fn body(&self) -> Option<&[u8]> {
                self.response().map(|response| &response.body[..])
            }

            /// The response body decoded as JSON of type `T` (`serde_json::Value`, or a type
            /// the spec does not declare for this status), when a response was received.
            pub fn body_json<T: serde::de::DeserializeOwned>(
                &self,
            ) -> Option<Result<T, serde_json::Error>> {
                self.body().map(serde_json::from_slice)
            }

            /// The declared error value ([`Error::Api`]), if that is what this error is.
            pub fn api_value(&self) -> Option<&E> {
                match self {
                    Error::Api(error) => Some(&error.value),
                    _ => None,
                }
            }
        }

    }
}

/// Items of the client module: the response buffer and the decoders the operations use.
/// Only what some operation uses is emitted, so that the crate has no dead code.
pub fn client_support(uses: Uses) -> TokenStream {
    let invalid_path_parameter = uses.path_param.then(|| {
        quote! {
            InvalidPathParameter {
                name: &'static str,
                value: String,
            },
        }
    });
    let invalid_path_parameter_arm = uses.path_param.then(|| {
        quote! {
            RequestError::InvalidPathParameter { name, value } => {
                Error::InvalidPathParameter { name, value }
            }
        }
    });
    let value = uses.value.then(|| {
        quote! {
            /// The success value, made from the body by `decode`.
            fn value<T, E>(
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
        }
    });
    let json = uses.json.then(|| {
        quote! {
            /// The success value, decoded from a JSON body.
            fn json<T: serde::de::DeserializeOwned, E>(self) -> Result<T, Error<E>> {
                self.value(|body| serde_json::from_slice(body))
            }
        }
    });
    let api_error = uses.api_error.then(|| {
        quote! {
            /// A declared error response, its value made from the body by `decode`.
            fn api_error<E>(
                self,
                decode: impl FnOnce(&[u8]) -> Result<E, serde_json::Error>,
            ) -> Error<E> {
                match decode(&self.body) {
                    Ok(value) => Error::Api(Box::new(crate::error::ApiError {
                        value,
                        response: self.into_parts(),
                    })),
                    Err(source) => Error::Decode {
                        response: Box::new(self.into_parts()),
                        source,
                    },
                }
            }
        }
    });
    let text = uses.text.then(|| {
        quote! {
            /// A text body (invalid UTF-8 replaced: the server's mistake should not lose the rest).
            fn text(body: &[u8]) -> Result<String, serde_json::Error> {
                Ok(String::from_utf8_lossy(body).into_owned())
            }
        }
    });
    let bytes = uses.bytes.then(|| {
        quote! {
            /// A binary body.
            fn bytes(body: &[u8]) -> Result<Vec<u8>, serde_json::Error> {
                Ok(body.to_vec())
            }
        }
    });
    quote! {
        /// Why no request could be built: the errors every method shares, before anything is
        /// sent, whatever its error type.
        enum RequestError {
            InvalidBaseUrl {
                url: String,
                reason: String,
            },
            #invalid_path_parameter
            NoBaseUrl,
        }

        impl<E> From<RequestError> for Error<E> {
            fn from(error: RequestError) -> Self {
                match error {
                    RequestError::InvalidBaseUrl { url, reason } => Error::InvalidBaseUrl { url, reason },
                    #invalid_path_parameter_arm
                    RequestError::NoBaseUrl => Error::NoBaseUrl,
                }
            }
        }

        /// A response read to the end, before it is decoded.
        struct RawResponse {
            status: reqwest::StatusCode,
            headers: reqwest::header::HeaderMap,
            body: bytes::Bytes,
        }

        impl RawResponse {
            async fn read(response: reqwest::Response) -> Result<Self, reqwest::Error> {
                let status = response.status();
                let headers = response.headers().clone();
                let body = response.bytes().await?;
                Ok(RawResponse { status, headers, body })
            }

            #value
            #json
            #api_error

            fn unexpected<E>(self) -> Error<E> {
                Error::UnexpectedStatus(Box::new(self.into_parts()))
            }

            fn into_parts(self) -> crate::error::ErrorResponse {
                crate::error::ErrorResponse {
                    status: self.status,
                    headers: self.headers,
                    body: self.body,
                }
            }
        }

        #text
        #bytes
    }
}

/// Which optional pieces of the client plumbing the operations use.
#[derive(Debug, Clone, Copy, Default)]
pub struct Uses {
    /// Some segment is one whole path parameter (checked by `path_param`).
    pub path_param: bool,
    /// Some operation decodes a success body.
    pub value: bool,
    /// Some operation's successes are all of one JSON type.
    pub json: bool,
    /// Some operation declares typed error responses.
    pub api_error: bool,
    /// Some response body is text.
    pub text: bool,
    /// Some response body is binary.
    pub bytes: bool,
}
