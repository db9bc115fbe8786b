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
        #[derive(Debug, ::thiserror::Error)]
        #[non_exhaustive]
        pub enum Error {
            /// The base URL given to the client is not an absolute URL that can take a path.
            #[error("invalid base URL `{url}`: {reason}")]
            InvalidBaseUrl {
                url: ::std::string::String,
                reason: ::std::string::String,
            },
            /// A path parameter is empty, `.` or `..`: sent as a path segment it would name
            /// another resource (`DELETE /users/..` is `DELETE /`), so nothing is sent.
            #[error("path parameter `{name}` cannot be {value:?}")]
            InvalidPathParameter {
                name: &'static str,
                value: ::std::string::String,
            },
            /// The spec names no absolute server URL and none was set on the client.
            #[error("no base URL: the spec names no absolute server URL; set one with `Client::with_base_url`")]
            NoBaseUrl,
            /// The request could not be sent or the response not read (connection, TLS,
            /// timeout, an invalid header value).
            #[error("HTTP request failed: {0}")]
            Http(#[from] ::reqwest::Error),
            /// The server answered with a status the operation does not declare as success.
            #[error("unexpected HTTP status {}", .0.status)]
            UnexpectedStatus(::std::boxed::Box<ErrorResponse>),
            /// The server answered with a success status, but the body is not what the spec says.
            #[error("cannot decode the body of a {} response: {source}", .response.status)]
            Decode {
                response: ::std::boxed::Box<ErrorResponse>,
                #[source]
                source: ::serde_json::Error,
            },
        }

        /// A response the client could not turn into the operation's success value.
        #[derive(Debug, Clone)]
        pub struct ErrorResponse {
            pub status: ::reqwest::StatusCode,
            pub headers: ::reqwest::header::HeaderMap,
            pub body: ::bytes::Bytes,
        }

        impl Error {
            /// The HTTP status, when a response was received.
            pub fn status(&self) -> ::std::option::Option<::reqwest::StatusCode> {
                match self {
                    Error::Http(error) => error.status(),
                    _ => self.response().map(|response| response.status),
                }
            }

            /// The response (status, headers, body), when one was received and read.
            pub fn response(&self) -> ::std::option::Option<&ErrorResponse> {
                match self {
                    Error::UnexpectedStatus(response) | Error::Decode { response, .. } => {
                        ::std::option::Option::Some(response)
                    }
                    _ => ::std::option::Option::None,
                }
            }

            /// The response body, when a response was received and read.
            pub fn body(&self) -> ::std::option::Option<&[u8]> {
                self.response().map(|response| &response.body[..])
            }

            /// The response body decoded as JSON of type `T` (an error schema of the spec, or
            /// `serde_json::Value`), when a response was received.
            pub fn body_json<T: ::serde::de::DeserializeOwned>(
                &self,
            ) -> ::std::option::Option<::std::result::Result<T, ::serde_json::Error>> {
                self.body().map(::serde_json::from_slice)
            }
        }
    }
}

/// Items of the client module: the response buffer and the decoders the operations use.
pub fn client_support(uses_json: bool, uses_text: bool, uses_bytes: bool) -> TokenStream {
    let json = uses_json.then(|| {
        quote! {
            fn json<T: ::serde::de::DeserializeOwned>(self) -> ::std::result::Result<T, Error> {
                match ::serde_json::from_slice(&self.body) {
                    ::std::result::Result::Ok(value) => ::std::result::Result::Ok(value),
                    ::std::result::Result::Err(source) => ::std::result::Result::Err(Error::Decode {
                        response: ::std::boxed::Box::new(self.into_parts()),
                        source,
                    }),
                }
            }
        }
    });
    let text = uses_text.then(|| {
        quote! {
            fn text(self) -> ::std::string::String {
                ::std::string::String::from_utf8_lossy(&self.body).into_owned()
            }
        }
    });
    let bytes = uses_bytes.then(|| {
        quote! {
            fn bytes(self) -> ::std::vec::Vec<u8> {
                self.body.to_vec()
            }
        }
    });
    quote! {
        /// A response read to the end, before it is decoded.
        struct RawResponse {
            status: ::reqwest::StatusCode,
            headers: ::reqwest::header::HeaderMap,
            body: ::bytes::Bytes,
        }

        impl RawResponse {
            async fn read(response: ::reqwest::Response) -> ::std::result::Result<Self, Error> {
                let status = response.status();
                let headers = response.headers().clone();
                let body = response.bytes().await?;
                ::std::result::Result::Ok(RawResponse { status, headers, body })
            }

            #json
            #text
            #bytes

            fn unexpected(self) -> Error {
                Error::UnexpectedStatus(::std::boxed::Box::new(self.into_parts()))
            }

            fn into_parts(self) -> crate::error::ErrorResponse {
                crate::error::ErrorResponse {
                    status: self.status,
                    headers: self.headers,
                    body: self.body,
                }
            }
        }
    }
}
