//! The `client` module: the `Client` struct, its configuration methods, and one async method
//! per operation.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::api_name;
use super::docs::{inner_doc_attrs, lines_to_attrs, sanitize};
use super::runtime::{client_support, Uses};
use super::types::{body_tokens, expand, is_displayable, type_tokens, Scope};
use crate::model::{
    Api, Body, Media, Operation, Outcome, ParamLocation, ParamShape, ParamStyle, PartKind,
    SecurityKind, Segment, SegmentPart, SentParam, Status, TypeKind, TypeRef,
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
        Some(url) => quote!(::std::option::Option::Some(#url)),
        None => quote!(::std::option::Option::None),
    };
    let mut fields = vec![
        quote!(http: ::reqwest::Client,),
        quote!(base_url: ::std::option::Option<::reqwest::Url>,),
    ];
    let mut inits = vec![
        quote!(http,),
        quote!(base_url: ::std::option::Option::None,),
    ];
    let mut auth_methods = Vec::new();
    if has_bearer {
        fields.push(quote!(bearer_token: ::std::option::Option<::std::string::String>,));
        inits.push(quote!(bearer_token: ::std::option::Option::None,));
        auth_methods.push(quote! {
            /// Sends `Authorization: Bearer <token>` with every operation that accepts it.
            pub fn with_bearer_token(mut self, token: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.bearer_token = ::std::option::Option::Some(token.into());
                self
            }
        });
    }
    if has_basic {
        fields.push(quote!(basic_auth: ::std::option::Option<(::std::string::String, ::std::option::Option<::std::string::String>)>,));
        inits.push(quote!(basic_auth: ::std::option::Option::None,));
        auth_methods.push(quote! {
            /// Sends HTTP basic authentication with every operation that accepts it.
            pub fn with_basic_auth(
                mut self,
                username: impl ::std::convert::Into<::std::string::String>,
                password: ::std::option::Option<::std::string::String>,
            ) -> Self {
                self.basic_auth = ::std::option::Option::Some((username.into(), password));
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
        fields.push(quote!(api_keys: ::std::collections::BTreeMap<::std::string::String, ::std::string::String>,));
        inits.push(quote!(api_keys: ::std::collections::BTreeMap::new(),));
        auth_methods.push(quote! {
            #[doc = #doc]
            pub fn with_api_key(
                mut self,
                scheme: &str,
                key: impl ::std::convert::Into<::std::string::String>,
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
            fn path_param<'a>(name: &'static str, value: &'a str) -> ::std::result::Result<&'a str, RequestError> {
                match value {
                    "" | "." | ".." => ::std::result::Result::Err(RequestError::InvalidPathParameter {
                        name,
                        value: value.to_owned(),
                    }),
                    _ => ::std::result::Result::Ok(value),
                }
            }
        }
    });
    let head = quote! {
        #module_docs

        use crate::error::Error;

        /// The server URL the spec names first, used when no base URL is set.
        pub const DEFAULT_BASE_URL: ::std::option::Option<&str> = #default_base_url;

        #client_docs
        #[derive(Debug, Clone)]
        pub struct Client {
            #( #fields )*
        }

        impl Client {
            /// A client with a default `reqwest` HTTP client (rustls with the ring provider).
            pub fn new() -> ::std::result::Result<Self, Error> {
                // Without a process-wide provider, rustls cannot pick one when several crates
                // enable different ones; installing fails harmlessly if one is already set.
                let _ = ::rustls::crypto::ring::default_provider().install_default();
                let http = ::reqwest::Client::builder().build()?;
                ::std::result::Result::Ok(Self::with_http_client(http))
            }

            /// A client that sends its requests through `http` (for timeouts, proxies, TLS
            /// settings and middleware of your own).
            pub fn with_http_client(http: ::reqwest::Client) -> Self {
                Client { #( #inits )* }
            }

            /// Sends every operation to `base_url` (e.g. `http://127.0.0.1:4010` for a mock
            /// server), including those for which the spec names a server of their own.
            pub fn with_base_url(mut self, base_url: &str) -> ::std::result::Result<Self, Error> {
                self.base_url = ::std::option::Option::Some(parse_base_url(base_url)?);
                ::std::result::Result::Ok(self)
            }

            /// The base URL set with [`Client::with_base_url`], if any.
            pub fn base_url(&self) -> ::std::option::Option<&::reqwest::Url> {
                self.base_url.as_ref()
            }

            /// The underlying HTTP client.
            pub fn http_client(&self) -> &::reqwest::Client {
                &self.http
            }

            #( #auth_methods )*

            /// The URL of an operation: the base URL set by the user, else the operation's own
            /// server, else the spec's; then the path segments, each percent-encoded.
            fn url(
                &self,
                server: ::std::option::Option<&str>,
                segments: &[&str],
            ) -> ::std::result::Result<::reqwest::Url, RequestError> {
                let mut url = match (&self.base_url, server.or(DEFAULT_BASE_URL)) {
                    (::std::option::Option::Some(base), _) => base.clone(),
                    (::std::option::Option::None, ::std::option::Option::Some(server)) => parse_base_url(server)?,
                    (::std::option::Option::None, ::std::option::Option::None) => return ::std::result::Result::Err(RequestError::NoBaseUrl),
                };
                let base = url.to_string();
                url.path_segments_mut()
                    .map_err(|()| RequestError::InvalidBaseUrl {
                        url: base,
                        reason: "it cannot have a path".to_owned(),
                    })?
                    .pop_if_empty()
                    .extend(segments);
                ::std::result::Result::Ok(url)
            }
        }
    };
    let helpers = helpers(api);
    let tail = quote! {
        #path_param
        #helpers

        fn parse_base_url(url: &str) -> ::std::result::Result<::reqwest::Url, RequestError> {
            let parsed = ::reqwest::Url::parse(url).map_err(|e| RequestError::InvalidBaseUrl {
                url: url.to_owned(),
                reason: e.to_string(),
            })?;
            if parsed.cannot_be_a_base() {
                return ::std::result::Result::Err(RequestError::InvalidBaseUrl {
                    url: url.to_owned(),
                    reason: "it cannot have a path".to_owned(),
                });
            }
            ::std::result::Result::Ok(parsed)
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
    match expand(api, ty) {
        TypeRef::String => (quote!(&str), false),
        t if is_displayable(api, t) => match t {
            TypeRef::Named(_) => {
                let ty = type_tokens(api, ty, Scope::Elsewhere);
                (quote!(&#ty), true)
            }
            _ => (type_tokens(api, ty, Scope::Elsewhere), true),
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
    quote!(&::std::format!(#format, #(#values),*))
}

fn operation(api: &Api, op: &Operation) -> TokenStream {
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
        let ty = type_tokens(api, &TypeRef::Named(p.ty), Scope::Elsewhere);
        args.push(quote!(params: &#ty));
    }
    if let Some(body) = &op.body {
        let ty = match body.media {
            Media::Text => quote!(str),
            Media::Binary => quote!([u8]),
            Media::Json | Media::Form | Media::Multipart => {
                type_tokens(api, &body.ty, Scope::Elsewhere)
            }
        };
        args.push(if body.required {
            quote!(body: &#ty)
        } else {
            quote!(body: ::std::option::Option<&#ty>)
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
                continue;
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
                if let ::std::option::Option::Some(token) = &self.bearer_token {
                    request = request.bearer_auth(token);
                }
            }),
            SecurityKind::Basic => auth.push(quote! {
                if let ::std::option::Option::Some((username, password)) = &self.basic_auth {
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
                    if let ::std::option::Option::Some(key) = self.api_keys.get(#key) {
                        #push
                    }
                });
            }
        }
    }

    let url_mut = (!query.is_empty() || !op.fixed_query.is_empty()).then(|| quote!(mut));
    let query_code = (!query.is_empty()).then(|| {
        quote! {
            let mut query: ::std::vec::Vec<::std::string::String> = ::std::vec::Vec::new();
            #( #query )*
            if !query.is_empty() {
                append_query(&mut url, &query);
            }
        }
    });
    let headers_code = (!headers.is_empty()).then(|| {
        quote! {
            let mut headers: ::std::vec::Vec<(&str, ::std::string::String)> = ::std::vec::Vec::new();
            #( #headers )*
            for (name, value) in headers {
                request = request.header(name, value);
            }
        }
    });
    let cookies_code = (!cookies.is_empty()).then(|| {
        quote! {
            let mut cookies: ::std::vec::Vec<(::std::string::String, ::std::string::String)> = ::std::vec::Vec::new();
            #( #cookies )*
            if !cookies.is_empty() {
                let cookie = cookies
                    .iter()
                    .map(|(name, value)| ::std::format!("{name}={value}"))
                    .collect::<::std::vec::Vec<_>>()
                    .join("; ");
                request = request.header(::reqwest::header::COOKIE, cookie);
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
                    .header(::reqwest::header::CONTENT_TYPE, #content_type)
                    .body(body.to_owned())
            },
            Media::Binary => quote! {
                request
                    .header(::reqwest::header::CONTENT_TYPE, #content_type)
                    .body(body.to_vec())
            },
        };
        if body.required {
            quote!(request = #attach;)
        } else {
            quote! {
                if let ::std::option::Option::Some(body) = body {
                    request = #attach;
                }
            }
        }
    });
    let needs_mut_request =
        !headers.is_empty() || !cookies.is_empty() || !auth.is_empty() || op.body.is_some();
    let request_mut = needs_mut_request.then(|| quote!(mut));

    let server = match &op.server {
        Some(url) => quote!(::std::option::Option::Some(#url)),
        None => quote!(::std::option::Option::None),
    };
    let method = format_ident!("{}", op.method);
    let (ret, err, arms) = response_arms(api, op);

    quote! {
        #docs
        #deprecated
        pub async fn #name(&self, #( #args ),*) -> ::std::result::Result<#ret, Error #err> {
            let #url_mut url = self.url(#server, &[#( #segments ),*])?;
            #( #fixed_query )*
            #query_code
            let #request_mut request = self.http.request(::reqwest::Method::#method, url);
            #headers_code
            #cookies_code
            #( #auth )*
            #body_code
            let response = RawResponse::read(request.send().await?).await?;
            match response.status.as_u16() {
                #arms
            }
        }
    }
}

/// Code that adds one parameter to `query` (encoded `name=value` pairs), `headers` or
/// `cookies` (named by its location), as its style says (see [`ParamStyle`]).
fn send_param(api: &Api, sent: &SentParam, ty: &TypeRef) -> TokenStream {
    let field = format_ident!("{}", sent.field);
    let wire = &sent.wire;
    let (value_ty, optional) = match ty {
        TypeRef::Option(inner) => (inner.as_ref(), true),
        other => (other, !sent.required),
    };
    let item = match expand(api, value_ty) {
        TypeRef::Vec(item) if sent.shape == ParamShape::List => Some(item.as_ref()),
        _ => None,
    };
    let delimiter = match sent.style {
        ParamStyle::SpaceDelimited => "%20",
        ParamStyle::PipeDelimited => "|",
        ParamStyle::Form | ParamStyle::DeepObject | ParamStyle::Simple => ",",
    };
    let explode = sent.explode;
    let order = member_order(api, value_ty);
    let push = match (sent.location, item) {
        (ParamLocation::Query, _) if sent.style == ParamStyle::DeepObject => {
            quote!(query_deep_object(&mut query, #wire, value, #order);)
        }
        (ParamLocation::Query, Some(item)) if explode => {
            let text = value_text(api, item, quote!(item));
            quote! {
                for item in value {
                    query.push(query_pair(#wire, &#text));
                }
            }
        }
        (ParamLocation::Query, Some(item)) => {
            let text = value_text(api, item, quote!(item));
            quote!(query.push(query_joined(#wire, value.iter().map(|item| #text), #delimiter));)
        }
        (ParamLocation::Query, None) if sent.shape == ParamShape::Object => {
            quote!(query_form(&mut query, #wire, value, #explode, #delimiter, #order);)
        }
        (ParamLocation::Query, None) => {
            let text = value_text(api, value_ty, quote!(value));
            quote!(query.push(query_pair(#wire, &#text));)
        }
        (ParamLocation::Cookie, None) if sent.shape == ParamShape::Object => quote! {
            for (name, pieces) in form_pairs(#wire, value, #explode, #order) {
                cookies.push((name, pieces.join(",")));
            }
        },
        (location, item) => {
            let (target, name) = match location {
                ParamLocation::Cookie => (format_ident!("cookies"), quote!(#wire.to_owned())),
                _ => (format_ident!("headers"), quote!(#wire)),
            };
            match item {
                Some(item) => {
                    let text = value_text(api, item, quote!(item));
                    quote! {
                        #target.push((
                            #name,
                            value.iter().map(|item| #text).collect::<::std::vec::Vec<_>>().join(","),
                        ));
                    }
                }
                None if sent.shape == ParamShape::Object => quote! {
                    if let ::std::option::Option::Some(text) = simple_text(value, #explode, #order) {
                        #target.push((#name, text));
                    }
                },
                None => {
                    let text = value_text(api, value_ty, quote!(value));
                    quote!(#target.push((#name, #text));)
                }
            }
        }
    };
    if optional {
        quote! {
            if let ::std::option::Option::Some(value) = &params.#field {
                #push
            }
        }
    } else {
        quote! {
            {
                let value = &params.#field;
                #push
            }
        }
    }
}

/// The wire names of a struct's declared members, in the spec's order (an object parameter's
/// members are sent in that order); empty for other types.
fn member_order(api: &Api, ty: &TypeRef) -> TokenStream {
    let names: Vec<&str> = match expand(api, ty) {
        TypeRef::Named(id) => match &api.types[*id].kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .filter(|f| !f.flatten)
                .map(|f| f.wire.as_str())
                .collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    quote!(&[#( #names ),*])
}

/// The statements that build `form`, the `reqwest` multipart form of a `multipart/form-data`
/// body (`body`, a reference to its struct or map), part by part (see [`crate::model::Part`]).
fn multipart_form(body: &Body) -> TokenStream {
    let mut parts = Vec::new();
    for part in &body.parts {
        let name = &part.name;
        let content_type = part.content_type.as_deref().unwrap_or_default();
        let with_type = |value: TokenStream| quote!(::reqwest::multipart::Part::text(#value).mime_str(#content_type)?);
        let file = |value: TokenStream| {
            quote! {
                ::reqwest::multipart::Part::bytes(#value.clone())
                    .file_name(#name)
                    .mime_str(#content_type)?
            }
        };
        let add = match part.kind {
            PartKind::File => {
                let part = file(quote!(value));
                quote!(form = form.part(#name, #part);)
            }
            PartKind::Files => {
                let part = file(quote!(item));
                quote! {
                    for item in value {
                        form = form.part(#name, #part);
                    }
                }
            }
            PartKind::Text if part.content_type.is_some() => {
                let part = with_type(quote!(value.to_string()));
                quote!(form = form.part(#name, #part);)
            }
            PartKind::Text => quote!(form = form.text(#name, value.to_string());),
            PartKind::Texts if part.content_type.is_some() => {
                let part = with_type(quote!(item.to_string()));
                quote! {
                    for item in value {
                        form = form.part(#name, #part);
                    }
                }
            }
            PartKind::Texts => quote! {
                for item in value {
                    form = form.text(#name, item.to_string());
                }
            },
            PartKind::Json => {
                let part = with_type(quote!(::serde_json::to_string(value).unwrap_or_default()));
                quote!(form = form.part(#name, #part);)
            }
            PartKind::Members => quote!(form = member_parts(form, value)?;),
        };
        parts.push(match &part.field {
            None => quote! {
                {
                    let value = body;
                    #add
                }
            },
            Some(field) if part.optional => {
                let field = format_ident!("{}", field);
                quote! {
                    if let ::std::option::Option::Some(value) = &body.#field {
                        #add
                    }
                }
            }
            Some(field) => {
                let field = format_ident!("{}", field);
                quote! {
                    {
                        let value = &body.#field;
                        #add
                    }
                }
            }
        });
    }
    if parts.is_empty() {
        return quote!(let form = ::reqwest::multipart::Form::new(););
    }
    quote! {
        let mut form = ::reqwest::multipart::Form::new();
        #( #parts )*
    }
}

/// Which of the encoding helpers the operations use (each is emitted only then, so that the
/// generated crate has no dead code).
#[derive(Default)]
struct Helpers {
    query: bool,
    query_pair: bool,
    query_joined: bool,
    query_form: bool,
    query_deep_object: bool,
    simple_text: bool,
    form_pairs: bool,
    member_parts: bool,
}

impl Helpers {
    fn of(api: &Api) -> Helpers {
        let mut helpers = Helpers::default();
        for op in &api.operations {
            let sent = op.params.iter().flat_map(|p| &p.params);
            for sent in sent {
                let list = sent.shape == ParamShape::List;
                let object = sent.shape == ParamShape::Object;
                match sent.location {
                    ParamLocation::Query => {
                        helpers.query = true;
                        if sent.style == ParamStyle::DeepObject {
                            helpers.query_deep_object = true;
                        } else if object {
                            helpers.query_form = true;
                        } else if list && !sent.explode {
                            helpers.query_joined = true;
                        } else {
                            helpers.query_pair = true;
                        }
                    }
                    ParamLocation::Header if object => helpers.simple_text = true,
                    ParamLocation::Cookie if object && sent.explode => helpers.form_pairs = true,
                    ParamLocation::Cookie if object => helpers.simple_text = true,
                    _ => {}
                }
            }
            let query_keys = op.security.iter().any(|i| {
                matches!(
                    api.security[*i].kind,
                    SecurityKind::ApiKey {
                        location: ParamLocation::Query,
                        ..
                    }
                )
            });
            helpers.query |= query_keys;
            helpers.query_pair |= query_keys;
            let members = op.body.iter().flat_map(|b| &b.parts);
            helpers.member_parts |= members.into_iter().any(|p| p.kind == PartKind::Members);
        }
        helpers.form_pairs |= helpers.query_form;
        helpers.query_joined |= helpers.query_form;
        helpers
    }
}

/// The encoding helpers the operations use (see [`Helpers`]).
fn helpers(api: &Api) -> TokenStream {
    let used = Helpers::of(api);
    let mut items = Vec::new();
    if used.query {
        items.push(quote! {
            /// All but the unreserved characters of RFC 3986 (letters, digits, `-._~`).
            const NOT_UNRESERVED: &::percent_encoding::AsciiSet = &::percent_encoding::NON_ALPHANUMERIC
                .remove(b'-')
                .remove(b'.')
                .remove(b'_')
                .remove(b'~');

            /// Percent-encodes a name or value, so that the delimiters a parameter style adds
            /// stay apart from it.
            fn encode(text: &str) -> ::std::string::String {
                ::percent_encoding::utf8_percent_encode(text, NOT_UNRESERVED).to_string()
            }

            /// Adds the query's pairs (percent-encoded already) to the URL, after those it has.
            fn append_query(url: &mut ::reqwest::Url, pairs: &[::std::string::String]) {
                let query = match url.query() {
                    ::std::option::Option::Some(existing) if !existing.is_empty() => {
                        ::std::format!("{existing}&{}", pairs.join("&"))
                    }
                    _ => pairs.join("&"),
                };
                url.set_query(::std::option::Option::Some(&query));
            }
        });
    }
    if used.query_pair {
        items.push(quote! {
            /// One `name=value` pair of a query string, percent-encoded.
            fn query_pair(name: &str, value: &str) -> ::std::string::String {
                ::std::format!("{}={}", encode(name), encode(value))
            }
        });
    }
    if used.query_joined {
        items.push(quote! {
            /// A query pair whose value is several pieces, each percent-encoded, joined by the
            /// delimiter of the parameter's style (`,`, `%20` or `|`), which stays literal.
            fn query_joined(
                name: &str,
                pieces: impl ::std::iter::Iterator<Item = ::std::string::String>,
                delimiter: &str,
            ) -> ::std::string::String {
                let pieces: ::std::vec::Vec<::std::string::String> =
                    pieces.map(|piece| encode(&piece)).collect();
                ::std::format!("{}={}", encode(name), pieces.join(delimiter))
            }
        });
    }
    let members = used.query_form || used.query_deep_object || used.simple_text || used.form_pairs;
    if members {
        items.push(quote! {
            /// The members of a parameter value that is an object: the declared properties
            /// first, in the spec's order (`order`), then the others by name. Null members
            /// (unset optional properties) are left out. `Err` holds a value that is no object.
            fn members<T: ::serde::Serialize + ?::std::marker::Sized>(
                value: &T,
                order: &[&str],
            ) -> ::std::result::Result<
                ::std::vec::Vec<(::std::string::String, ::serde_json::Value)>,
                ::serde_json::Value,
            > {
                match ::serde_json::to_value(value) {
                    ::std::result::Result::Ok(::serde_json::Value::Object(members)) => {
                        let mut members: ::std::vec::Vec<_> = members
                            .into_iter()
                            .filter(|(_, member)| !member.is_null())
                            .collect();
                        members.sort_by_key(|(name, _)| {
                            order
                                .iter()
                                .position(|declared| *declared == name)
                                .unwrap_or(order.len())
                        });
                        ::std::result::Result::Ok(members)
                    }
                    ::std::result::Result::Ok(other) => ::std::result::Result::Err(other),
                    ::std::result::Result::Err(_) => {
                        ::std::result::Result::Err(::serde_json::Value::Null)
                    }
                }
            }

            /// The text of a value inside a parameter: a string as it is, anything else (a
            /// number, a boolean, a nested list or object) as JSON.
            fn member_text(value: &::serde_json::Value) -> ::std::string::String {
                match value {
                    ::serde_json::Value::String(text) => text.clone(),
                    other => other.to_string(),
                }
            }
        });
    }
    if used.form_pairs {
        items.push(quote! {
            /// The pairs of a parameter in `form` style (or a delimited one), as names and the
            /// pieces of their values. Exploded, an object is one pair per member
            /// (`role=admin`, `firstName=Alex`) and a list one pair per item; else either is
            /// one pair of all its pieces (`id` with `role`, `admin`, `firstName`, `Alex`).
            fn form_pairs<T: ::serde::Serialize + ?::std::marker::Sized>(
                name: &str,
                value: &T,
                explode: bool,
                order: &[&str],
            ) -> ::std::vec::Vec<(::std::string::String, ::std::vec::Vec<::std::string::String>)> {
                let pieces: ::std::vec::Vec<::std::string::String> = match members(value, order) {
                    ::std::result::Result::Ok(members) if explode => {
                        return members
                            .into_iter()
                            .map(|(name, member)| {
                                (name, ::std::vec::Vec::from([member_text(&member)]))
                            })
                            .collect();
                    }
                    ::std::result::Result::Ok(members) => members
                        .into_iter()
                        .flat_map(|(name, member)| [name, member_text(&member)])
                        .collect(),
                    ::std::result::Result::Err(::serde_json::Value::Array(items)) if explode => {
                        return items
                            .iter()
                            .filter(|item| !item.is_null())
                            .map(|item| (name.to_owned(), ::std::vec::Vec::from([member_text(item)])))
                            .collect();
                    }
                    ::std::result::Result::Err(::serde_json::Value::Array(items)) => {
                        items.iter().map(member_text).collect()
                    }
                    ::std::result::Result::Err(::serde_json::Value::Null) => ::std::vec::Vec::new(),
                    ::std::result::Result::Err(other) => ::std::vec::Vec::from([member_text(&other)]),
                };
                if pieces.is_empty() {
                    ::std::vec::Vec::new()
                } else {
                    ::std::vec::Vec::from([(name.to_owned(), pieces)])
                }
            }
        });
    }
    if used.query_form {
        items.push(quote! {
            /// Adds a parameter in `form` style (or a delimited one) to a query: see
            /// [`form_pairs`]; the pieces of a value are joined by `delimiter`.
            fn query_form<T: ::serde::Serialize + ?::std::marker::Sized>(
                query: &mut ::std::vec::Vec<::std::string::String>,
                name: &str,
                value: &T,
                explode: bool,
                delimiter: &str,
                order: &[&str],
            ) {
                for (name, pieces) in form_pairs(name, value, explode, order) {
                    query.push(query_joined(&name, pieces.into_iter(), delimiter));
                }
            }
        });
    }
    if used.query_deep_object {
        items.push(quote! {
            /// Adds a parameter in `deepObject` style to a query: one pair per member,
            /// `id[role]=admin`. Nested objects nest further (`id[address][city]=Paris`) and
            /// lists are indexed (`id[tags][0]=a`); null members are left out.
            fn query_deep_object<T: ::serde::Serialize + ?::std::marker::Sized>(
                query: &mut ::std::vec::Vec<::std::string::String>,
                name: &str,
                value: &T,
                order: &[&str],
            ) {
                match members(value, order) {
                    ::std::result::Result::Ok(members) => {
                        for (member_name, member) in members {
                            let member_name = encode(&member_name);
                            let key = ::std::format!("{}[{member_name}]", encode(name));
                            deep_pairs(query, key, &member);
                        }
                    }
                    ::std::result::Result::Err(other) => deep_pairs(query, encode(name), &other),
                }
            }

            /// The `deepObject` pairs of one value under `key` (percent-encoded already).
            fn deep_pairs(
                query: &mut ::std::vec::Vec<::std::string::String>,
                key: ::std::string::String,
                value: &::serde_json::Value,
            ) {
                match value {
                    ::serde_json::Value::Null => {}
                    ::serde_json::Value::Object(members) => {
                        for (name, member) in members {
                            deep_pairs(query, ::std::format!("{key}[{}]", encode(name)), member);
                        }
                    }
                    ::serde_json::Value::Array(items) => {
                        for (i, item) in items.iter().enumerate() {
                            deep_pairs(query, ::std::format!("{key}[{i}]"), item);
                        }
                    }
                    other => {
                        let text = encode(&member_text(other));
                        query.push(::std::format!("{key}={text}"));
                    }
                }
            }
        });
    }
    if used.simple_text {
        items.push(quote! {
            /// The text of an object in `simple` style (a header), and of an unexploded object
            /// cookie: `role,admin,firstName,Alex`, exploded `role=admin,firstName=Alex`;
            /// `None` when there is nothing to send.
            fn simple_text<T: ::serde::Serialize + ?::std::marker::Sized>(
                value: &T,
                explode: bool,
                order: &[&str],
            ) -> ::std::option::Option<::std::string::String> {
                let pieces: ::std::vec::Vec<::std::string::String> = match members(value, order) {
                    ::std::result::Result::Ok(members) => members
                        .iter()
                        .map(|(name, member)| {
                            let separator = if explode { "=" } else { "," };
                            ::std::format!("{name}{separator}{}", member_text(member))
                        })
                        .collect(),
                    ::std::result::Result::Err(::serde_json::Value::Array(items)) => {
                        items.iter().map(member_text).collect()
                    }
                    ::std::result::Result::Err(::serde_json::Value::Null) => ::std::vec::Vec::new(),
                    ::std::result::Result::Err(other) => ::std::vec::Vec::from([member_text(&other)]),
                };
                (!pieces.is_empty()).then(|| pieces.join(","))
            }
        });
    }
    if used.member_parts {
        items.push(quote! {
            /// Adds the members of a value (a map, a flattened union, a free-form object) to a
            /// multipart form, one part each, named by its key: text for strings, numbers and
            /// booleans, JSON (`application/json`) otherwise. Null members are left out.
            fn member_parts<T: ::serde::Serialize + ?::std::marker::Sized>(
                mut form: ::reqwest::multipart::Form,
                value: &T,
            ) -> ::std::result::Result<::reqwest::multipart::Form, Error> {
                if let ::std::result::Result::Ok(::serde_json::Value::Object(members)) =
                    ::serde_json::to_value(value)
                {
                    for (name, member) in members {
                        form = match member {
                            ::serde_json::Value::Null => form,
                            ::serde_json::Value::String(text) => form.text(name, text),
                            ::serde_json::Value::Bool(_) | ::serde_json::Value::Number(_) => {
                                form.text(name, member.to_string())
                            }
                            other => form.part(
                                name,
                                ::reqwest::multipart::Part::text(other.to_string())
                                    .mime_str("application/json")?,
                            ),
                        };
                    }
                }
                ::std::result::Result::Ok(form)
            }
        });
    }
    quote!(#( #items )*)
}

/// The text of a parameter value: `Display` for scalars and string enums, JSON otherwise.
fn value_text(api: &Api, ty: &TypeRef, value: TokenStream) -> TokenStream {
    if is_displayable(api, ty) {
        quote!(#value.to_string())
    } else {
        quote!(::serde_json::to_string(#value).unwrap_or_default())
    }
}

/// The success type, the error type and the match arms (by status) that turn a response
/// into one of them. Arms go from the most specific status to the least: codes, then ranges,
/// then `default` (the catch-all); a status declared by no response is unexpected.
fn response_arms(api: &Api, op: &Operation) -> (TokenStream, TokenStream, TokenStream) {
    let ret = outcome_tokens(api, &op.success).unwrap_or_else(|| quote!(()));
    let err = outcome_tokens(api, &op.failure).map(|e| quote!(<#e>));

    let mut arms: Vec<(Status, TokenStream)> = Vec::new();
    for r in &op.responses {
        let success = r.status.is_success();
        let outcome = if success { &op.success } else { &op.failure };
        let arm = match outcome {
            Outcome::Empty if success => quote!(::std::result::Result::Ok(())),
            // No error response has a body (a bodiless one next to one with a body would make
            // the side per-status): no arm, every error status is unexpected.
            Outcome::Empty => continue,
            Outcome::One(_, media) => {
                let decode = decoder(*media);
                if success && matches!(media, Media::Json | Media::Form) {
                    quote!(response.json())
                } else if success {
                    quote!(response.value(#decode))
                } else {
                    quote!(::std::result::Result::Err(response.api_error(#decode)))
                }
            }
            Outcome::PerStatus(id) => {
                let def = &api.types[*id];
                let TypeKind::Responses(e) = &def.kind else {
                    continue;
                };
                let Some(variant) = e.variants.iter().find(|v| v.status == r.status) else {
                    continue;
                };
                let ty = format_ident!("{}", def.name);
                let name = format_ident!("{}", variant.name);
                let value = match &variant.body {
                    Some((_, media)) => {
                        let decode = decode_call(*media);
                        quote!(|body| #decode.map(crate::models::#ty::#name))
                    }
                    None => quote!(|_| ::std::result::Result::Ok(crate::models::#ty::#name)),
                };
                match (success, &variant.body) {
                    (true, None) => quote!(::std::result::Result::Ok(crate::models::#ty::#name)),
                    (true, Some(_)) => quote!(response.value(#value)),
                    (false, _) => quote!(::std::result::Result::Err(response.api_error(#value))),
                }
            }
        };
        arms.push((r.status, arm));
    }

    // No success status declared and nothing else to go by: any 2XX is success.
    if !op.responses.iter().any(|r| r.status.is_success()) {
        arms.push((Status::Range(2), quote!(::std::result::Result::Ok(()))));
    }
    arms.sort_by_key(|(status, _)| match status {
        Status::Code(_) => 0,
        Status::Range(_) => 1,
        Status::Default => 2,
    });
    // Statuses of one kind (codes, or ranges) with the same arm share it: `200 | 201 => ...`.
    // Codes are disjoint, and so are ranges, so merging within a kind keeps the meaning.
    let mut out: Vec<(Vec<TokenStream>, usize, String, TokenStream)> = Vec::new();
    let mut catch_all = quote!(::std::result::Result::Err(response.unexpected()));
    let codes: Vec<u16> = arms
        .iter()
        .filter_map(|(status, _)| match status {
            Status::Code(code) => Some(*code),
            _ => None,
        })
        .collect();
    for (status, arm) in arms {
        let kind = match status {
            Status::Code(_) => 0,
            Status::Range(_) => 1,
            Status::Default => {
                catch_all = arm;
                continue;
            }
        };
        let patterns = status_patterns(status, &codes);
        if patterns.is_empty() {
            // A range whose every code has an arm of its own.
            continue;
        }
        let text = arm.to_string();
        match out.iter_mut().find(|(_, k, t, _)| *k == kind && *t == text) {
            Some((merged, ..)) => merged.extend(patterns),
            None => out.push((patterns, kind, text, arm)),
        }
    }
    let mut out: Vec<TokenStream> = out
        .into_iter()
        .map(|(patterns, _, _, arm)| quote!(#( #patterns )|* => #arm,))
        .collect();
    out.push(quote!(_ => #catch_all,));
    (ret, err.unwrap_or_default(), quote!(#( #out )*))
}

/// The patterns of a status. A range leaves out the codes that have arms of their own, so
/// that no two arms overlap (`4XX` with `404` declared is `400..=403 | 405..=499`).
fn status_patterns(status: Status, codes: &[u16]) -> Vec<TokenStream> {
    let pattern = |lo: u16, hi: u16| {
        let lo_lit = proc_macro2::Literal::u16_unsuffixed(lo);
        let hi_lit = proc_macro2::Literal::u16_unsuffixed(hi);
        if lo == hi {
            quote!(#lo_lit)
        } else {
            quote!(#lo_lit..=#hi_lit)
        }
    };
    match status {
        Status::Code(code) => vec![pattern(code, code)],
        Status::Range(hundreds) => {
            let (first, last) = (hundreds * 100, hundreds * 100 + 99);
            let mut patterns = Vec::new();
            let mut lo = first;
            for code in (first..=last).filter(|c| codes.contains(c)) {
                if code > lo {
                    patterns.push(pattern(lo, code - 1));
                }
                lo = code + 1;
            }
            if lo <= last {
                patterns.push(pattern(lo, last));
            }
            patterns
        }
        Status::Default => vec![quote!(_)],
    }
}

/// The function that turns a body of this media type into its value.
fn decoder(media: Media) -> TokenStream {
    match media {
        Media::Json | Media::Form => quote!(|body| ::serde_json::from_slice(body)),
        Media::Text => quote!(text),
        Media::Binary | Media::Multipart => quote!(bytes),
    }
}

/// The call that turns `body` of this media type into its value.
fn decode_call(media: Media) -> TokenStream {
    match media {
        Media::Json | Media::Form => quote!(::serde_json::from_slice(body)),
        Media::Text => quote!(text(body)),
        Media::Binary | Media::Multipart => quote!(bytes(body)),
    }
}

/// The type one side of the responses gives the caller; `None` when it is nothing.
fn outcome_tokens(api: &Api, outcome: &Outcome) -> Option<TokenStream> {
    match outcome {
        Outcome::Empty => None,
        Outcome::One(ty, media) => Some(body_tokens(api, ty, *media, Scope::Elsewhere)),
        Outcome::PerStatus(id) => {
            let name = format_ident!("{}", api.types[*id].name);
            Some(quote!(crate::models::#name))
        }
    }
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
