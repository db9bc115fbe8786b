//! The `client` module: the `Client` struct, its constructors, and one async method per
//! operation. Everything that is the same for every spec (URL building, credentials, sending,
//! retries, decoding helpers) is in the crate's copy of the runtime (`crate::runtime`); the
//! code written here describes each operation to it.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::api_name;
use super::docs::{inner_doc_attrs, lines_to_attrs, sanitize};
use super::gate;
use super::types::{is_displayable, type_tokens, Scope};
mod multipart;
mod pagination;
mod params;
mod responses;

pub(super) use params::{send_param, uses_params_module};
pub(super) use responses::outcome_tokens;

use multipart::multipart_form;
use params::member_order;
use responses::response_arms;

use crate::error::{Error, ErrorKind, Position};
use crate::json::pointer;
use crate::model::{
    Api, Body, Media, Operation, ParamLocation, PartKind, SecurityKind, Segment, SegmentPart,
    TypeKind, TypeRef,
};

/// Clippy's `too_many_arguments` limit: a method with more arguments (`self` included) is
/// allowed to have them, since they are the spec's.
pub(in crate::emit) const MAX_ARGUMENTS: usize = 7;

/// The `client` module: the operations' methods are emitted on demand, each at the end of the
/// `impl Client` block (see [`super::FileTokens::Methods`]).
pub fn client_file(api: &Api) -> super::FileTokens<'_> {
    let module_docs = inner_doc_attrs(&[format!(
        "The HTTP client of {}: one async method per operation.",
        api_name(&api.title)
    )]);
    let default_base_url = match &api.default_server {
        Some(url) => quote!(Some(#url)),
        None => quote!(None),
    };
    let schemes = scheme_consts(api);
    let scheme_items = schemes.iter().enumerate().filter_map(|(i, name)| {
        let name = format_ident!("{}", name.as_ref()?);
        let scheme = &api.security[i];
        let key = &scheme.key;
        let value = match &scheme.kind {
            SecurityKind::Bearer => quote!(runtime::Scheme::bearer(#key)),
            SecurityKind::Basic => quote!(runtime::Scheme::basic(#key)),
            SecurityKind::ApiKey { location, name } => {
                let location = match location {
                    ParamLocation::Query => quote!(Query),
                    ParamLocation::Cookie => quote!(Cookie),
                    _ => quote!(Header),
                };
                quote!(runtime::Scheme::api_key(#key, runtime::KeyLocation::#location, #name))
            }
        };
        let doc = crate::text::visible(&format!(" The security scheme `{key}`."));
        let gate = gate::union_of(
            api,
            |f| &f.operations,
            |op| {
                api.operations[op]
                    .security
                    .iter()
                    .flatten()
                    .any(|s| *s == i)
            },
        );
        let cfg = gate::cfg(api, &gate);
        Some(gate::items(
            cfg,
            quote! {
                #[doc = #doc]
                const #name: runtime::Scheme = #value;
            },
        ))
    });
    let client_docs = lines_to_attrs(&client_doc_lines(api));
    let head = quote! {
        #module_docs

        use crate::runtime::{self, Error};

        /// The server URL the spec names first, used when the client has no base URL.
        pub const DEFAULT_BASE_URL: Option<&str> = #default_base_url;

        #( #scheme_items )*

        #client_docs
        #[derive(Debug, Clone)]
        pub struct Client {
            runtime: runtime::Runtime,
        }

        impl From<runtime::Runtime> for Client {
            fn from(runtime: runtime::Runtime) -> Self {
                Client { runtime }
            }
        }

        impl Client {
            /// A builder of a client: base URL, credentials, time limits, retries, hooks and
            /// more, each with a default (see [`runtime::ClientBuilder`]). The user agent is
            /// this crate's name and version unless set.
            pub fn builder() -> runtime::ClientBuilder<Client> {
                runtime::ClientBuilder::new(
                    concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")),
                    DEFAULT_BASE_URL,
                )
            }

            /// A client with the defaults and no credentials: `Client::builder().build()`.
            pub fn new() -> Result<Self, Error> {
                Self::builder().build()
            }

            /// The same client (sharing its connections, credentials and retry budget), with
            /// other settings for the calls made through the copy.
            pub fn with_options(&self, options: runtime::CallOptions) -> Self {
                Client {
                    runtime: self.runtime.with_options(options),
                }
            }

            /// The runtime the client sends its requests with: its base URL, settings and
            /// HTTP client.
            pub fn runtime(&self) -> &runtime::Runtime {
                &self.runtime
            }
        }
    };
    super::FileTokens::Methods {
        head,
        count: api.operations.len(),
        method: Box::new(move |i| {
            Ok(super::Gated {
                cfg: gate::cfg(api, &gate::of_operation(api, i)),
                tokens: operation(api, &api.operations[i], &schemes)?,
            })
        }),
        tail: TokenStream::new(),
    }
}

/// The name of the constant of each security scheme, `None` for one that no operation uses
/// (it would be dead code).
fn scheme_consts(api: &Api) -> Vec<Option<String>> {
    api.security
        .iter()
        .enumerate()
        .map(|(i, scheme)| {
            let used = api
                .operations
                .iter()
                .any(|op| op.security.iter().flatten().any(|s| *s == i));
            used.then(|| scheme.const_name.clone())
        })
        .collect()
}

fn client_doc_lines(api: &Api) -> Vec<String> {
    let mut lines = vec![format!(
        "Client of {}, version {}.",
        api_name(&api.title),
        api.version.trim()
    )];
    if let Some(description) = &api.description {
        lines.push(String::new());
        lines.extend(sanitize(description));
    }
    for scheme in &api.security {
        let key = &scheme.key;
        lines.push(String::new());
        match &scheme.kind {
            SecurityKind::Bearer => {
                lines.push(format!(
                    "Security scheme `{key}` (a bearer token): set a token with the builder's"
                ));
                lines.push(
                    "[`bearer_token`](runtime::ClientBuilder::bearer_token), or a \
                     [`token_provider`](runtime::ClientBuilder::token_provider)"
                        .to_owned(),
                );
                lines.push("that is asked for one before each attempt.".to_owned());
            }
            SecurityKind::Basic => {
                lines.push(format!(
                    "Security scheme `{key}` (HTTP basic authentication): set it with the"
                ));
                lines.push(
                    "builder's [`basic_auth`](runtime::ClientBuilder::basic_auth).".to_owned(),
                );
            }
            SecurityKind::ApiKey { .. } => {
                lines.push(format!(
                    "Security scheme `{key}` (an API key): set it with the"
                ));
                lines.push(format!(
                    "builder's [`api_key`](runtime::ClientBuilder::api_key)`(\"{key}\", key)`."
                ));
            }
        }
    }
    lines
}

/// How a path parameter is taken: `&str` for strings, by value for numbers and booleans,
/// by reference for enums.
pub(in crate::emit) fn path_arg(api: &Api, ty: &TypeRef) -> (TokenStream, bool) {
    match ty.expand(&api.types) {
        TypeRef::String => (quote!(&str), false),
        TypeRef::External(_) => {
            let ty = type_tokens(api, ty, Scope::Client);
            (quote!(&#ty), true)
        }
        t if is_displayable(api, t) => match t {
            TypeRef::Named(_) => {
                let ty = type_tokens(api, ty, Scope::Client);
                (quote!(&#ty), true)
            }
            _ => (type_tokens(api, ty, Scope::Client), true),
        },
        _ => (quote!(&str), false),
    }
}

/// How the argument of a path parameter becomes text.
pub(in crate::emit) enum ArgText {
    /// It is a `&str`.
    Str,
    /// By `Display` (a number, a boolean, an enum).
    Display,
    /// A `Result<String, RuntimeError>` expression: the JSON text of a type the generated
    /// code does not define (the request method returns its error).
    Json(TokenStream),
    /// A `String` expression that cannot fail.
    Owned(TokenStream),
}

impl ArgText {
    pub(in crate::emit) fn of(api: &Api, p: &crate::model::PathParam) -> ArgText {
        let ident = format_ident!("{}", p.name);
        match p.ty.expand(&api.types) {
            TypeRef::External(_) => {
                ArgText::Json(params::value_text(api, &p.ty, quote!(#ident), &p.wire).inner())
            }
            _ if path_arg(api, &p.ty).1 => ArgText::Display,
            _ => ArgText::Str,
        }
    }

    /// The text as a `&str` expression.
    pub(in crate::emit) fn str(&self, ident: &proc_macro2::Ident) -> TokenStream {
        match self {
            ArgText::Str => quote!(#ident),
            ArgText::Display => quote!(&#ident.to_string()),
            ArgText::Json(text) => quote!(&#text?),
            ArgText::Owned(text) => quote!(&#text),
        }
    }

    /// The `String` made before a `format!` that writes it, if there is one.
    fn made_first(&self) -> Option<TokenStream> {
        match self {
            ArgText::Str | ArgText::Display => None,
            ArgText::Json(text) => Some(quote!(#text?)),
            ArgText::Owned(text) => Some(text.clone()),
        }
    }
}

/// A `&str` expression for literal text and path parameters (a path segment that is more
/// than one parameter, or a pair of [`Operation::fixed_query`]). `texts` tells, per path
/// parameter, how its argument becomes text.
pub(in crate::emit) fn template_text(
    op: &Operation,
    parts: &[SegmentPart],
    texts: &[ArgText],
) -> TokenStream {
    if let [SegmentPart::Param(i)] = parts {
        let ident = format_ident!("{}", op.path_params[*i].name);
        return texts[*i].str(&ident);
    }
    if let Some(text) = parts
        .iter()
        .map(|part| match part {
            SegmentPart::Literal(text) => Some(text.as_str()),
            SegmentPart::Param(_) => None,
        })
        .collect::<Option<String>>()
    {
        return quote!(#text);
    }
    let mut format = String::new();
    let mut values = Vec::new();
    let mut texts_first = Vec::new();
    for part in parts {
        match part {
            SegmentPart::Literal(text) => {
                format.push_str(&text.replace('{', "{{").replace('}', "}}"))
            }
            SegmentPart::Param(i) => {
                format.push_str("{}");
                let ident = format_ident!("{}", op.path_params[*i].name);
                if let Some(text) = texts[*i].made_first() {
                    texts_first.push(quote!(let #ident = #text;));
                }
                values.push(ident);
            }
        }
    }
    if texts_first.is_empty() {
        return quote!(&format!(#format, #(#values),*));
    }
    // Texts that may fail are made first (out of the macro, whose arguments the formatter
    // leaves as they are).
    quote! {
        &{
            #( #texts_first )*
            format!(#format, #(#values),*)
        }
    }
}

/// A broken invariant of the model met while emitting an operation's method: a bug of the
/// generator, reported (never a panic, never a method that quietly does less).
fn internal(op: &Operation, message: &str) -> Error {
    let at = format!(
        "#/paths/{}/{}",
        pointer::escape(&op.path),
        op.method.to_ascii_lowercase()
    );
    let message = format!("operation `{}` ({at}): {message}", op.id);
    Error::new("client.rs", Position::File, ErrorKind::Internal(message))
}

/// The methods of one operation: its public method sends the request that its private
/// request method builds ([`Operation::request_fn`]) and hands the response to its private
/// decoder ([`Operation::decode_fn`]). Anything else that sends the operation (a paginator)
/// uses the same two.
fn operation(api: &Api, op: &Operation, schemes: &[Option<String>]) -> Result<TokenStream, Error> {
    let name = format_ident!("{}", op.name);
    let request_fn = format_ident!("{}", op.request_fn);
    let decode_fn = format_ident!("{}", op.decode_fn);
    let docs = lines_to_attrs(&operation_doc_lines(op));
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let (args, names) = arguments(api, op);
    let public = public_arguments(api, op, &args);
    let passed = names.iter().map(|name| {
        // An optional body is taken as `impl Into<Option<&T>>`: `&body` or `None`.
        if *name == "body" && op.body.as_ref().is_some_and(|b| !b.required) {
            quote!(body.into())
        } else {
            quote!(#name)
        }
    });
    let too_many =
        (args.len() + 1 > MAX_ARGUMENTS).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let build = request(api, op, schemes)?;
    let (ret, err, arms) = response_arms(api, op)?;
    let streams = pagination::stream_methods(api, op, &ret, &err);
    Ok(quote! {
        #docs
        #deprecated
        #too_many
        pub async fn #name(&self, #( #public ),*) -> Result<#ret, Error #err> {
            let request = self.#request_fn(#( #passed ),*)?;
            Self::#decode_fn(self.runtime.send(request).await?)
        }

        #too_many
        fn #request_fn(&self, #( #args ),*) -> Result<runtime::Request, runtime::RuntimeError> {
            #build
        }

        fn #decode_fn(response: runtime::RawResponse) -> Result<#ret, Error #err> {
            match response.status.as_u16() {
                #arms
            }
        }

        #streams
    })
}

/// The arguments of an operation's public method: those of its request method
/// ([`arguments`]), but an optional body, which is `impl Into<Option<&T>>` (so `&body` and
/// `None` both do, and `Some(&body)` still does).
fn public_arguments(api: &Api, op: &Operation, args: &[TokenStream]) -> Vec<TokenStream> {
    let mut public = args.to_vec();
    if let (Some(body), Some(last)) = (&op.body, public.last_mut()) {
        if !body.required {
            let ty = body_type(api, body);
            *last = quote!(body: impl Into<Option<&#ty>>);
        }
    }
    public
}

/// The type a body is passed as a reference to: `str` for text, `[u8]` for other media types
/// than JSON, forms and multipart, whose bodies are their model types.
fn body_type(api: &Api, body: &crate::model::Body) -> TokenStream {
    match body.media {
        Media::Text => quote!(str),
        Media::Binary => quote!([u8]),
        Media::Json | Media::Form | Media::Multipart => type_tokens(api, &body.ty, Scope::Client),
    }
}

/// The arguments of an operation's methods (besides `self`), and their names: the path
/// parameters in path order (`&str` for strings), the parameters struct, the body.
fn arguments(api: &Api, op: &Operation) -> (Vec<TokenStream>, Vec<proc_macro2::Ident>) {
    let mut args = Vec::new();
    let mut names = Vec::new();
    for p in &op.path_params {
        let ident = format_ident!("{}", p.name);
        let (ty, _) = path_arg(api, &p.ty);
        args.push(quote!(#ident: #ty));
        names.push(ident);
    }
    if let Some(p) = &op.params {
        let ty = type_tokens(api, &TypeRef::Named(p.ty), Scope::Client);
        args.push(quote!(params: &#ty));
        names.push(format_ident!("params"));
    }
    if let Some(body) = &op.body {
        let ty = body_type(api, body);
        args.push(if body.required {
            quote!(body: &#ty)
        } else {
            quote!(body: Option<&#ty>)
        });
        names.push(format_ident!("body"));
    }
    (args, names)
}

/// The body of an operation's request method: the operation as a `static` (what the runtime
/// needs to know of it: id, method, path template, server, security), the URL from its path
/// segments, then the parameters and the body added to the request.
///
/// (The place for checks of the arguments against the spec's constraints is the start of this
/// method, before anything is built: every method that sends the operation builds its
/// request here.)
fn request(api: &Api, op: &Operation, schemes: &[Option<String>]) -> Result<TokenStream, Error> {
    // The arguments against the spec's constraints, before anything is built.
    let checks = super::validate::request_checks(api, op);
    let texts: Vec<ArgText> = op.path_params.iter().map(|p| ArgText::of(api, p)).collect();
    let segments = op.segments.iter().map(|segment| match segment {
        Segment::Literal(text) => quote!(#text),
        Segment::Template(parts) => match parts.as_slice() {
            [SegmentPart::Param(i)] => {
                let ident = format_ident!("{}", op.path_params[*i].name);
                let wire = &op.path_params[*i].wire;
                let text = texts[*i].str(&ident);
                quote!(runtime::url::path_param(#wire, #text)?)
            }
            parts => template_text(op, parts, &texts),
        },
    });
    let new_request = quote!(self.runtime.request(&OPERATION, &[#( #segments ),*]));

    // Parameters, in the order of the parameters struct, then the body.
    let mut statements = Vec::new();
    if let Some(p) = &op.params {
        let def = match &api.types[p.ty].kind {
            TypeKind::Struct(s) => Some(s),
            _ => None,
        };
        for (i, sent) in p.params.iter().enumerate() {
            let Some(field) = def.and_then(|d| d.fields.get(i)) else {
                let message = format!("parameter `{}` has no field in its struct", sent.wire);
                return Err(internal(op, &message));
            };
            if sent.location != ParamLocation::Path {
                statements.push(send_param(api, sent, &field.ty));
            }
        }
    }
    if let Some(body) = &op.body {
        let value = body_value(api, body);
        statements.push(if body.required {
            quote!(request.body = #value;)
        } else {
            quote! {
                if let Some(body) = body {
                    request.body = #value;
                }
            }
        });
    }

    // Pairs written in the path template go first, as they would in a URL. They are part of
    // the expression that uses the path parameters, so that no local variable (`request`)
    // can shadow a path parameter of the same name.
    let operation = operation_static(op, schemes);
    let request = if op.fixed_query.is_empty() {
        if statements.is_empty() {
            return Ok(quote! {
                #operation
                #checks
                #new_request
            });
        }
        quote!(#new_request?)
    } else {
        let pairs = op.fixed_query.iter().map(|pair| {
            let name = template_text(op, &pair.name, &texts);
            let value = template_text(op, &pair.value, &texts);
            quote!(runtime::url::query_pair(#name, #value))
        });
        quote! {
            runtime::Request {
                query: Vec::from([#( #pairs ),*]),
                ..#new_request?
            }
        }
    };
    if statements.is_empty() {
        return Ok(quote! {
            #operation
            #checks
            Ok(#request)
        });
    }
    Ok(quote! {
        #operation
        #checks
        let mut request = #request;
        #( #statements )*
        Ok(request)
    })
}

/// The request body (`runtime::Body`) for the argument `body`, as the operation's media type
/// says; it may return a `runtime::RuntimeError` with `?`. (The mocks write the same body.)
pub(in crate::emit) fn body_value(api: &Api, body: &Body) -> TokenStream {
    let content_type = &body.content_type;
    match body.media {
        Media::Json => {
            let body = super::types::serializable(api, &body.ty, quote!(body));
            quote!(runtime::Body::json(#body)?)
        }
        Media::Form => {
            let order = member_order(api, &body.ty);
            let body = super::types::serializable(api, &body.ty, quote!(body));
            quote!(runtime::form::form_body(#body, #order))
        }
        Media::Multipart => {
            let form = multipart_form(api, body);
            quote!({
                #form
                form.into_body()
            })
        }
        Media::Text => quote!(runtime::Body::bytes(body.to_owned(), #content_type)),
        Media::Binary => quote!(runtime::Body::bytes(body.to_vec(), #content_type)),
    }
}

/// The `static` that describes an operation to the runtime.
fn operation_static(op: &Operation, schemes: &[Option<String>]) -> TokenStream {
    let id = &op.id;
    let path = &op.path;
    let server = match &op.server {
        Some(url) => quote!(Some(#url)),
        None => quote!(None),
    };
    let alternatives = op.security.iter().map(|alternative| {
        let names = alternative
            .iter()
            .filter_map(|i| schemes.get(*i)?.as_ref())
            .map(|name| format_ident!("{}", name));
        quote!(&[#( #names ),*])
    });
    let security = quote!(&[#( #alternatives ),*]);
    if STANDARD_METHODS.contains(&op.method.as_str()) {
        let method = format_ident!("{}", op.method);
        return quote! {
            static OPERATION: runtime::Operation = runtime::Operation {
                id: #id,
                method: reqwest::Method::#method,
                path: #path,
                server: #server,
                security: #security,
            };
        };
    }
    // Another method (`QUERY`, `PURGE`): a `Method` that is no constant, made on first use
    // from a name the model checked is an HTTP token, which `from_bytes` always accepts.
    let method = proc_macro2::Literal::byte_string(op.method.as_bytes());
    quote! {
        static OPERATION: ::std::sync::LazyLock<runtime::Operation> =
            ::std::sync::LazyLock::new(|| runtime::Operation {
                id: #id,
                method: reqwest::Method::from_bytes(#method)
                    .expect("an HTTP token, as the generator checked"),
                path: #path,
                server: #server,
                security: #security,
            });
    }
}

/// The methods `reqwest::Method` has constants for (as the model writes them).
const STANDARD_METHODS: &[&str] = &[
    "GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "CONNECT",
];

fn operation_doc_lines(op: &Operation) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(summary) = &op.summary {
        lines.extend(sanitize(summary));
    }
    if let Some(description) = &op.description {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(sanitize(description));
    }
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(format!(
        "`{} {}` (operation `{}`)",
        op.method, op.path, op.id
    ));
    if let Some(server) = &op.server {
        lines.push(String::new());
        lines.push(format!(
            "Sent to `{server}` unless the client has a base URL \
             ([`base_url`](runtime::ClientBuilder::base_url) on the builder)."
        ));
    }
    let documented: Vec<_> = op.path_params.iter().filter(|p| p.docs.is_some()).collect();
    if !documented.is_empty() {
        lines.push(String::new());
        for p in documented {
            let text = sanitize(p.docs.as_deref().unwrap_or_default()).join(" ");
            lines.push(format!("- `{}`: {text}", p.name));
        }
    }
    if let Some(body) = &op.body {
        if let Some(text) = &body.docs {
            lines.push(String::new());
            lines.push(format!(
                "Body (`{}`): {}",
                body.content_type,
                sanitize(text).join(" ")
            ));
        }
        if !body.required {
            lines.push(String::new());
            lines.push("The body is optional: pass `&body`, or `None` to send none.".into());
        }
        let files: Vec<String> = body
            .parts
            .iter()
            .filter(|p| matches!(p.kind, PartKind::File | PartKind::Files))
            .map(|p| format!("`{}`", p.name))
            .collect();
        if body.media == Media::Multipart {
            lines.push(String::new());
            lines.push(
                "The body is sent as `multipart/form-data`, one part per field (text, or JSON \
                 for objects); unset optional fields are left out."
                    .into(),
            );
            if !files.is_empty() {
                lines.push(format!(
                    "File parts: {}, each with its own name as file name.",
                    files.join(", ")
                ));
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::super::FileTokens;
    use super::*;
    use crate::model::Outcome;

    fn model(fixture: &str) -> Api {
        let spec = format!("{}/../tests/fixtures/{fixture}", env!("CARGO_MANIFEST_DIR"));
        let built = crate::Generator::new(spec).shown_as(fixture).model();
        built.unwrap_or_else(|e| panic!("{e}")).api
    }

    /// The methods of `client.rs`, emitted as a run does it (formatting is a later stage).
    fn client_text(api: &Api) -> Result<(), Error> {
        let FileTokens::Methods { count, method, .. } = client_file(api) else {
            panic!("the client is emitted method by method");
        };
        (0..count).try_for_each(|i| method(i).map(drop))
    }

    /// What `client.rs` gives for a model broken by `break_it` in the operation `id`.
    fn broken(fixture: &str, id: &str, break_it: impl FnOnce(&mut Api, usize)) -> String {
        let mut api = model(fixture);
        assert!(client_text(&api).is_ok(), "{fixture} before it is broken");
        let op = api.operations.iter().position(|op| op.id == id).unwrap();
        break_it(&mut api, op);
        client_text(&api).unwrap_err().to_string()
    }

    /// A method that would quietly lose a status or a parameter is an error, with the
    /// operation's place in the spec.
    #[test]
    fn a_broken_model_is_an_internal_error() {
        let error_type = |api: &Api, op: usize| match api.operations[op].failure {
            Outcome::PerStatus(id) => id,
            _ => panic!("getThing's errors differ per status"),
        };
        let at = "client.rs: internal error, please report it: operation `getThing` \
                  (#/paths/~1things~1{id}/get)";
        let no_variant = broken("responses.yaml", "getThing", |api, op| {
            let id = error_type(api, op);
            let TypeKind::Responses(e) = &mut api.types[id].kind else {
                panic!("a responses enum");
            };
            e.variants
                .retain(|v| v.status != crate::model::Status::Code(404));
        });
        assert_eq!(
            no_variant,
            format!("{at}: `GetThingError` has no variant for status `404`")
        );
        let no_enum = broken("responses.yaml", "getThing", |api, op| {
            let id = error_type(api, op);
            api.types[id].kind = TypeKind::Alias(TypeRef::String);
        });
        assert_eq!(
            no_enum,
            format!("{at}: `GetThingError`, its responses' type, is no enum")
        );
        let no_field = broken("query_styles.yaml", "formObjects", |api, op| {
            let id = api.operations[op].params.as_ref().unwrap().ty;
            let TypeKind::Struct(s) = &mut api.types[id].kind else {
                panic!("a params struct");
            };
            s.fields.clear();
        });
        assert_eq!(
            no_field,
            "client.rs: internal error, please report it: operation `formObjects` \
             (#/paths/~1form/get): parameter `id` has no field in its struct"
        );
    }
}
