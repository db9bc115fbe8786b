//! Operations: one client method each, with their URL template, parameters, body and
//! responses. Parameters, request bodies and responses may be `$ref`s (to components or
//! anywhere else); they are resolved like schemas.
//!
//! `path` takes the path template apart, `params` models the parameters, `bodies` the request
//! body (`multipart` the parts of a form) and `responses` the responses and what the method
//! makes of them; `examples` records the examples met on the way.

mod bodies;
mod examples;
mod multipart;
mod params;
mod path;
mod responses;
mod webhooks;

pub use bodies::media_of;
pub use multipart::settle_optional_parts;

use openapiv3::{Parameter, ReferenceOr, Server};

use super::types::TypeSpace;
use super::{Operation, Side, TypeRef};
use crate::resolve::Location;
use path::Template;

/// What an operation needs from its surroundings.
pub struct Context<'a> {
    pub path: &'a str,
    pub method: &'a str,
    pub operation: &'a openapiv3::Operation,
    pub at: Location,
    pub path_parameters: &'a [ReferenceOr<Parameter>],
    pub path_at: Location,
    pub path_servers: &'a [Server],
    /// The method name, already made unique among all operations.
    pub name: String,
    pub id: String,
    /// What the names of the operation's types start with (`ListEvents` for `ListEventsParams`):
    /// from the operationId, or the method name the configuration gives it.
    pub type_prefix: String,
    /// The security requirement alternatives (see [`Operation::security`]).
    pub security: Vec<Vec<usize>>,
}

impl TypeSpace<'_> {
    /// The operation at `cx`, with the types of its parameters, body and responses.
    pub fn operation(&mut self, cx: Context<'_>) -> Operation {
        let type_prefix = cx.type_prefix.clone();
        let declared = self.parameters(&cx);
        let Template {
            segments,
            fixed_query,
            path_params,
        } = self.template(&declared, &cx, &type_prefix);
        let params = self.params_struct(&declared, &type_prefix, &cx);
        let body = self.request_body(&cx, &type_prefix);
        let responses = self.responses(&cx, &type_prefix);
        let success = self.outcome(&responses, Side::Success, &type_prefix, &cx);
        let failure = self.outcome(&responses, Side::Failure, &type_prefix, &cx);
        let server = cx
            .operation
            .servers
            .first()
            .or(cx.path_servers.first())
            .map(server_url);

        Operation {
            name: cx.name,
            id: cx.id,
            // The fields of a path item are lower case; other methods (`PURGE`) are as sent.
            method: if cx.method.bytes().all(|b| b.is_ascii_lowercase()) {
                cx.method.to_ascii_uppercase()
            } else {
                cx.method.to_owned()
            },
            path: cx.path.to_owned(),
            segments,
            fixed_query,
            server,
            summary: cx.operation.summary.clone(),
            description: cx.operation.description.clone(),
            deprecated: cx.operation.deprecated,
            tags: cx.operation.tags.clone(),
            path_params,
            params,
            body,
            responses,
            success,
            failure,
            security: cx.security,
            pagination: None,
            // Named once every operation has its name (see `build`).
            request_fn: String::new(),
            decode_fn: String::new(),
            mock_type: String::new(),
        }
    }
}

/// The type of a field's value when it is present: its type without the `Option` of
/// `nullable` (an absent or null value is not sent).
pub(super) fn unwrap_option(ty: &TypeRef) -> &TypeRef {
    match ty {
        TypeRef::Option(inner) => inner,
        other => other,
    }
}

/// True for a `$ref` (whose target may be a component, which then names what it holds).
fn is_ref<T>(item: &ReferenceOr<T>) -> bool {
    matches!(item, ReferenceOr::Reference { .. })
}

/// A server's URL with its variables replaced by their defaults.
pub fn server_url(server: &Server) -> String {
    let mut url = server.url.clone();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    url
}
