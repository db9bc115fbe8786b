//! The `client` module: the `Client` struct, its configuration methods, and one async method
//! per operation.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::api_name;
use super::docs::{inner_doc_attrs, lines_to_attrs, sanitize};
use super::runtime::{client_support, Uses};
use super::types::{is_displayable, type_tokens, Scope};
mod multipart;
mod params;
mod responses;

use multipart::multipart_form;
use params::{helpers, send_param};
use responses::response_arms;

use crate::error::{Error, ErrorKind, Position};
use crate::json::pointer;
use crate::model::{
    Api, Media, Operation, Outcome, ParamLocation, PartKind, SecurityKind, Segment, SegmentPart,
    TypeKind, TypeRef,
};

/// The `client` module: the operations' methods are emitted on demand, each at the end of the
/// `impl Client` block (see [`super::FileTokens::Methods`]).
pub fn client_file(api: &Api) -> super::FileTokens<'_> {
    let module_docs = inner_doc_attrs(&[format!(
        "The HTTP client of {}: one async method per operation.",
        api_name(&api.title)
    )]);
    let has_bearer = api.security.iter().any(|s| s.kind == SecurityKind::Bearer);
    let has_basic = api.security.iter().any(|s| s.kind == SecurityKind::Basic);
    let has_api_keys = api
        .security
        .iter()
        .any(|s| matches!(s.kind, SecurityKind::ApiKey { .. }));

    let default_base_url = match &api.default_server {
        Some(url) => quote!(Some(#url)),
        None => quote!(None),
    };
    let mut fields = vec![
        quote!(http: reqwest::Client,),
        quote!(base_url: Option<reqwest::Url>,),
    ];
    let mut inits = vec![quote!(http,), quote!(base_url: None,)];
    let mut auth_methods = Vec::new();
    if has_bearer {
        fields.push(quote!(bearer_token: Option<String>,));
        inits.push(quote!(bearer_token: None,));
        auth_methods.push(quote! {
            /// Sends `Authorization: Bearer <token>` with every operation that accepts it.
            pub fn with_bearer_token(mut self, token: impl Into<String>) -> Self {
                self.bearer_token = Some(token.into());
                self
            }
        });
    }
    if has_basic {
        fields.push(quote!(basic_auth: Option<(String, Option<String>)>,));
        inits.push(quote!(basic_auth: None,));
        auth_methods.push(quote! {
            /// Sends HTTP basic authentication with every operation that accepts it.
            pub fn with_basic_auth(
                mut self,
                username: impl Into<String>,
                password: Option<String>,
            ) -> Self {
                self.basic_auth = Some((username.into(), password));
                self
            }
        });
    }
    if has_api_keys {
        let keys: Vec<String> = api
            .security
            .iter()
            .filter(|s| matches!(s.kind, SecurityKind::ApiKey { .. }))
            .map(|s| format!("`{}`", s.key))
            .collect();
        let doc = crate::text::visible(&format!(
            " Sets the API key of a security scheme of the spec ({}); it is sent with every \
             operation that accepts that scheme.",
            keys.join(", ")
        ));
        fields.push(quote!(api_keys: std::collections::BTreeMap<String, String>,));
        inits.push(quote!(api_keys: std::collections::BTreeMap::new(),));
        auth_methods.push(quote! {
            #[doc = #doc]
            pub fn with_api_key(
                mut self,
                scheme: &str,
                key: impl Into<String>,
            ) -> Self {
                self.api_keys.insert(scheme.to_owned(), key.into());
                self
            }
        });
    }

    let client_docs = lines_to_attrs(&client_doc_lines(api));
    // Only segments that are one whole parameter go through `path_param`.
    let uses_path_param = api.operations.iter().flat_map(|op| &op.segments).any(
        |s| matches!(s, Segment::Template(parts) if matches!(parts.as_slice(), [SegmentPart::Param(_)])),
    );
    let body_of = |outcome: &Outcome, media: Media| match outcome {
        Outcome::Empty => false,
        Outcome::One(_, found) => *found == media,
        Outcome::PerStatus(id) => match &api.types[*id].kind {
            TypeKind::Responses(e) => e
                .variants
                .iter()
                .any(|v| matches!(v.body, Some((_, found)) if found == media)),
            _ => false,
        },
    };
    let uses_media = |media: Media| {
        api.operations
            .iter()
            .any(|op| body_of(&op.success, media) || body_of(&op.failure, media))
    };
    let support = client_support(Uses {
        path_param: uses_path_param,
        value: api.operations.iter().any(|op| op.success != Outcome::Empty),
        json: api
            .operations
            .iter()
            .any(|op| matches!(op.success, Outcome::One(_, Media::Json | Media::Form))),
        api_error: api.operations.iter().any(|op| op.failure != Outcome::Empty),
        text: uses_media(Media::Text),
        bytes: uses_media(Media::Binary) || uses_media(Media::Multipart),
    });
    let path_param = uses_path_param.then(|| {
        quote! {
            /// A path parameter's value, unless it is one that would change the path itself.
            fn path_param<'a>(name: &'static str, value: &'a str) -> Result<&'a str, RequestError> {
                match value {
                    "" | "." | ".." => Err(RequestError::InvalidPathParameter {
                        name,
                        value: value.to_owned(),
                    }),
                    _ => Ok(value),
                }
            }
        }
    });
    let head = quote! {
        #module_docs

        use crate::error::Error;

        /// The server URL the spec names first, used when no base URL is set.
        pub const DEFAULT_BASE_URL: Option<&str> = #default_base_url;

        #client_docs
        #[derive(Debug, Clone)]
        pub struct Client {
            #( #fields )*
        }

        impl Client {
            /// A client with a default `reqwest` HTTP client (rustls with the ring provider).
            pub fn new() -> Result<Self, Error> {
                // Without a process-wide provider, rustls cannot pick one when several crates
                // enable different ones; installing fails harmlessly if one is already set.
                let _ = rustls::crypto::ring::default_provider().install_default();
                let http = reqwest::Client::builder().build()?;
                Ok(Self::with_http_client(http))
            }

            /// A client that sends its requests through `http` (for timeouts, proxies, TLS
            /// settings and middleware of your own).
            pub fn with_http_client(http: reqwest::Client) -> Self {
                Client { #( #inits )* }
            }

            /// Sends every operation to `base_url` (e.g. `http://127.0.0.1:4010` for a mock
            /// server), including those for which the spec names a server of their own.
            pub fn with_base_url(mut self, base_url: &str) -> Result<Self, Error> {
                self.base_url = Some(parse_base_url(base_url)?);
                Ok(self)
            }

            /// The base URL set with [`Client::with_base_url`], if any.
            pub fn base_url(&self) -> Option<&reqwest::Url> {
                self.base_url.as_ref()
            }

            /// The underlying HTTP client.
            pub fn http_client(&self) -> &reqwest::Client {
                &self.http
            }

            #( #auth_methods )*

            /// The URL of an operation: the base URL set by the user, else the operation's own
            /// server, else the spec's; then the path segments, each percent-encoded.
            fn url(
                &self,
                server: Option<&str>,
                segments: &[&str],
            ) -> Result<reqwest::Url, RequestError> {
                let mut url = match (&self.base_url, server.or(DEFAULT_BASE_URL)) {
                    (Some(base), _) => base.clone(),
                    (None, Some(server)) => parse_base_url(server)?,
                    (None, None) => return Err(RequestError::NoBaseUrl),
                };
                let base = url.to_string();
                url.path_segments_mut()
                    .map_err(|()| RequestError::InvalidBaseUrl {
                        url: base,
                        reason: "it cannot have a path".to_owned(),
                    })?
                    .pop_if_empty()
                    .extend(segments);
                Ok(url)
            }
        }
    };
    let helpers = helpers(api);
    let tail = quote! {
        #path_param
        #helpers

        fn parse_base_url(url: &str) -> Result<reqwest::Url, RequestError> {
            let parsed = reqwest::Url::parse(url).map_err(|e| RequestError::InvalidBaseUrl {
                url: url.to_owned(),
                reason: e.to_string(),
            })?;
            if parsed.cannot_be_a_base() {
                return Err(RequestError::InvalidBaseUrl {
                    url: url.to_owned(),
                    reason: "it cannot have a path".to_owned(),
                });
            }
            Ok(parsed)
        }

        #support
    };
    super::FileTokens::Methods {
        head,
        count: api.operations.len(),
        method: Box::new(move |i| operation(api, &api.operations[i])),
        tail,
    }
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
        let how = match &scheme.kind {
            SecurityKind::Bearer => "[`Client::with_bearer_token`]".to_owned(),
            SecurityKind::Basic => "[`Client::with_basic_auth`]".to_owned(),
            SecurityKind::ApiKey { .. } => {
                format!("[`Client::with_api_key`] with scheme `\"{}\"`", scheme.key)
            }
        };
        lines.push(String::new());
        lines.push(format!(
            "Security scheme `{}`: set it with {how}.",
            scheme.key
        ));
    }
    lines
}

/// How a path parameter is taken: `&str` for strings, by value for numbers and booleans,
/// by reference for enums.
fn path_arg(api: &Api, ty: &TypeRef) -> (TokenStream, bool) {
    match ty.expand(&api.types) {
        TypeRef::String => (quote!(&str), false),
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

/// A `&str` expression for literal text and path parameters (a path segment that is more
/// than one parameter, or a pair of [`Operation::fixed_query`]). `to_string` tells, per path
/// parameter, whether its argument is not a `&str` already.
fn template_text(op: &Operation, parts: &[SegmentPart], to_string: &[bool]) -> TokenStream {
    if let [SegmentPart::Param(i)] = parts {
        let ident = format_ident!("{}", op.path_params[*i].name);
        return if to_string[*i] {
            quote!(&#ident.to_string())
        } else {
            quote!(#ident)
        };
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
    for part in parts {
        match part {
            SegmentPart::Literal(text) => {
                format.push_str(&text.replace('{', "{{").replace('}', "}}"))
            }
            SegmentPart::Param(i) => {
                format.push_str("{}");
                values.push(format_ident!("{}", op.path_params[*i].name));
            }
        }
    }
    quote!(&format!(#format, #(#values),*))
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

fn operation(api: &Api, op: &Operation) -> Result<TokenStream, Error> {
    let name = format_ident!("{}", op.name);
    let docs = lines_to_attrs(&operation_doc_lines(op));
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));

    let mut args = Vec::new();
    let mut to_string = Vec::new();
    for p in &op.path_params {
        let ident = format_ident!("{}", p.name);
        let (ty, needs_string) = path_arg(api, &p.ty);
        args.push(quote!(#ident: #ty));
        to_string.push(needs_string);
    }
    let segments = op.segments.iter().map(|segment| match segment {
        Segment::Literal(text) => quote!(#text),
        Segment::Template(parts) => match parts.as_slice() {
            [SegmentPart::Param(i)] => {
                let ident = format_ident!("{}", op.path_params[*i].name);
                let wire = &op.path_params[*i].wire;
                if to_string[*i] {
                    quote!(path_param(#wire, &#ident.to_string())?)
                } else {
                    quote!(path_param(#wire, #ident)?)
                }
            }
            parts => template_text(op, parts, &to_string),
        },
    });
    let fixed_query = op.fixed_query.iter().map(|pair| {
        let name = template_text(op, &pair.name, &to_string);
        let value = template_text(op, &pair.value, &to_string);
        quote!(url.query_pairs_mut().append_pair(#name, #value);)
    });

    let params = op.params.as_ref();
    if let Some(p) = params {
        let ty = type_tokens(api, &TypeRef::Named(p.ty), Scope::Client);
        args.push(quote!(params: &#ty));
    }
    if let Some(body) = &op.body {
        let ty = match body.media {
            Media::Text => quote!(str),
            Media::Binary => quote!([u8]),
            Media::Json | Media::Form | Media::Multipart => {
                type_tokens(api, &body.ty, Scope::Client)
            }
        };
        args.push(if body.required {
            quote!(body: &#ty)
        } else {
            quote!(body: Option<&#ty>)
        });
    }

    // Parameters, by where they are sent.
    let mut query = Vec::new();
    let mut headers = Vec::new();
    let mut cookies = Vec::new();
    if let Some(p) = params {
        let def = match &api.types[p.ty].kind {
            TypeKind::Struct(s) => Some(s),
            _ => None,
        };
        for (i, sent) in p.params.iter().enumerate() {
            let Some(field) = def.and_then(|d| d.fields.get(i)) else {
                let message = format!("parameter `{}` has no field in its struct", sent.wire);
                return Err(internal(op, &message));
            };
            let target = match sent.location {
                ParamLocation::Query => &mut query,
                ParamLocation::Header => &mut headers,
                ParamLocation::Cookie => &mut cookies,
                ParamLocation::Path => continue,
            };
            target.push(send_param(api, sent, &field.ty));
        }
    }

    // Credentials of the schemes this operation accepts.
    let mut auth = Vec::new();
    for scheme in op.security.iter().map(|i| &api.security[*i]) {
        let key = &scheme.key;
        match &scheme.kind {
            SecurityKind::Bearer => auth.push(quote! {
                if let Some(token) = &self.bearer_token {
                    request = request.bearer_auth(token);
                }
            }),
            SecurityKind::Basic => auth.push(quote! {
                if let Some((username, password)) = &self.basic_auth {
                    request = request.basic_auth(username, password.as_ref());
                }
            }),
            SecurityKind::ApiKey { location, name } => {
                let (target, push) = match location {
                    ParamLocation::Query => {
                        (&mut query, quote!(query.push(query_pair(#name, key));))
                    }
                    ParamLocation::Cookie => (
                        &mut cookies,
                        quote!(cookies.push((#name.to_owned(), key.clone()));),
                    ),
                    _ => (&mut headers, quote!(headers.push((#name, key.clone()));)),
                };
                target.push(quote! {
                    if let Some(key) = self.api_keys.get(#key) {
                        #push
                    }
                });
            }
        }
    }

    let url_mut = (!query.is_empty() || !op.fixed_query.is_empty()).then(|| quote!(mut));
    let query_code = (!query.is_empty()).then(|| {
        quote! {
            let mut query: Vec<String> = Vec::new();
            #( #query )*
            if !query.is_empty() {
                append_query(&mut url, &query);
            }
        }
    });
    let headers_code = (!headers.is_empty()).then(|| {
        quote! {
            let mut headers: Vec<(&str, String)> = Vec::new();
            #( #headers )*
            for (name, value) in headers {
                request = request.header(name, value);
            }
        }
    });
    let cookies_code = (!cookies.is_empty()).then(|| {
        quote! {
            let mut cookies: Vec<(String, String)> = Vec::new();
            #( #cookies )*
            if !cookies.is_empty() {
                let cookie = cookies
                    .iter()
                    .map(|(name, value)| format!("{name}={value}"))
                    .collect::<Vec<_>>()
                    .join("; ");
                request = request.header(reqwest::header::COOKIE, cookie);
            }
        }
    });
    let body_code = op.body.as_ref().map(|body| {
        let content_type = &body.content_type;
        let attach = match body.media {
            Media::Json => quote!(request.json(body)),
            Media::Form => quote!(request.form(body)),
            Media::Multipart => {
                let form = multipart_form(body);
                quote!({
                    #form
                    request.multipart(form)
                })
            }
            Media::Text => quote! {
                request
                    .header(reqwest::header::CONTENT_TYPE, #content_type)
                    .body(body.to_owned())
            },
            Media::Binary => quote! {
                request
                    .header(reqwest::header::CONTENT_TYPE, #content_type)
                    .body(body.to_vec())
            },
        };
        if body.required {
            quote!(request = #attach;)
        } else {
            quote! {
                if let Some(body) = body {
                    request = #attach;
                }
            }
        }
    });
    let needs_mut_request =
        !headers.is_empty() || !cookies.is_empty() || !auth.is_empty() || op.body.is_some();
    let request_mut = needs_mut_request.then(|| quote!(mut));

    let server = match &op.server {
        Some(url) => quote!(Some(#url)),
        None => quote!(None),
    };
    let method = format_ident!("{}", op.method);
    let (ret, err, arms) = response_arms(api, op)?;

    Ok(quote! {
        #docs
        #deprecated
        pub async fn #name(&self, #( #args ),*) -> Result<#ret, Error #err> {
            let #url_mut url = self.url(#server, &[#( #segments ),*])?;
            #( #fixed_query )*
            #query_code
            let #request_mut request = self.http.request(reqwest::Method::#method, url);
            #headers_code
            #cookies_code
            #( #auth )*
            #body_code
            let response = RawResponse::read(request.send().await?).await?;
            match response.status.as_u16() {
                #arms
            }
        }
    })
}

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
            "Sent to `{server}` unless a base URL is set with [`Client::with_base_url`]."
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
