//! The `mock` module (compiled with the crate's `mock` feature only): typed mocks of the
//! operations for the tests of code that calls the client. Everything that is the same for
//! every spec (matching, answers, expectations) is the runtime's `mock.rs`; per operation,
//! this writes a function that returns a route for it, the type that stands for it (what the
//! runtime's `MockOperation` needs: its types, and how its values go on the wire, written by
//! the same code as the client's), and a `path` method for its path parameters.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::api_name;
use super::client::{body_value, outcome_tokens, path_arg, send_param, template_text, ArgText};
use super::docs::{inner_doc_attrs, lines_to_attrs};
use super::gate;
use super::types::{type_tokens, Scope};
use super::FileTokens;
use crate::model::{
    Api, Media, Operation, Outcome, ParamLocation, SecurityKind, Segment, SegmentPart, Status,
    TypeKind, TypeRef,
};

/// The `mock` module: one function, one type and its impls per operation.
pub fn mock_file(api: &Api) -> FileTokens<'_> {
    let docs = inner_doc_attrs(&[
        format!(
            "Typed mocks of the operations of {}, on a local wiremock server",
            api_name(&api.title)
        ),
        "(compiled with the crate's `mock` feature only).".into(),
        String::new(),
        "Each function returns a [`Route`](crate::runtime::mock::Route) for its operation: it matches"
            .into(),
        "the operation's method and path, and optionally its path parameters (`path`), its".into(),
        "parameters and its body, as the client writes them; it answers with typed values".into(),
        "(`respond_ok`, `respond_error`), a status, raw bytes or a sequence of those, and".into(),
        "checks how many requests it gets (`expect`) when the server is dropped. A client".into(),
        "sends to the server with `Client::builder().base_url(server.uri())`.".into(),
    ]);
    // (A spec without operations has nothing to mock, nor to import.)
    let import = (!api.operations.is_empty()).then(|| {
        let gate = gate::union_of(api, |f| &f.operations, |_| true);
        gate::items(
            gate::cfg(api, &gate),
            quote!(
                use crate::runtime;
            ),
        )
    });
    let head = quote! {
        #docs

        #import
    };
    FileTokens::Items {
        docs: head,
        count: api.operations.len(),
        item: Box::new(move |i| super::Gated {
            cfg: gate::cfg(api, &gate::of_operation(api, i)),
            tokens: operation(api, &api.operations[i]),
        }),
    }
}

/// The function, the type and the impls of one operation.
fn operation(api: &Api, op: &Operation) -> TokenStream {
    let name = format_ident!("{}", op.name);
    let ty = format_ident!("{}", op.mock_type);
    let id = &op.id;
    let method = &op.method;
    let shown = format!("`{} {}`", op.method, op.path);
    let fn_docs = lines_to_attrs(&[
        format!(
            "A mock of [`Client::{}`](crate::Client::{}):",
            op.name, op.name
        ),
        format!("{shown}. Give it answers and mount it on a server."),
    ]);
    let type_docs = lines_to_attrs(&[
        format!("The operation `{id}`, as its mocks see it ([`{name}`] returns its route):"),
        format!("{shown}."),
    ]);
    let infallible = quote!(::core::convert::Infallible);
    let success = outcome_tokens(api, &op.success).unwrap_or_else(|| quote!(()));
    let error = outcome_tokens(api, &op.failure).unwrap_or_else(|| infallible.clone());
    let (body_ty, body_fn) = body(api, op);
    let (params_ty, params_fn) = params(api, op);
    let segments = op.segments.iter().map(|segment| {
        let parts: Vec<TokenStream> = match segment {
            Segment::Literal(text) => vec![quote!(runtime::mock::Part::Text(#text))],
            Segment::Template(parts) => parts
                .iter()
                .map(|part| match part {
                    SegmentPart::Literal(text) => quote!(runtime::mock::Part::Text(#text)),
                    SegmentPart::Param(_) => quote!(runtime::mock::Part::Param),
                })
                .collect(),
        };
        quote!(&[#( #parts ),*])
    });
    let other_query = other_query(api, op);
    let success_fn = success_answer(api, op);
    let error_fn = error_answer(api, op);
    let path = path_method(api, op, &ty);
    quote! {
        #fn_docs
        pub fn #name() -> runtime::mock::Route<#ty> {
            runtime::mock::Route::new()
        }

        #type_docs
        #[derive(Debug)]
        pub enum #ty {}

        impl runtime::mock::MockOperation for #ty {
            type Success = #success;
            type Error = #error;
            type Body = #body_ty;
            type Params = #params_ty;
            const ID: &'static str = #id;
            const METHOD: &'static str = #method;
            const SEGMENTS: &'static [&'static [runtime::mock::Part]] = &[#( #segments ),*];
            const OTHER_QUERY: &'static [&'static str] = &[#( #other_query ),*];

            #success_fn
            #error_fn
            #body_fn
            #params_fn
        }

        #path
    }
}

/// The names of the query pairs the client sends besides the parameters: those written into
/// the path template (with a literal name), and the API keys of the operation's schemes that
/// go in the query.
fn other_query(api: &Api, op: &Operation) -> Vec<String> {
    let mut names: Vec<String> = op
        .fixed_query
        .iter()
        .filter_map(|pair| match pair.name.as_slice() {
            [SegmentPart::Literal(name)] => Some(name.clone()),
            _ => None,
        })
        .collect();
    for scheme in op
        .security
        .iter()
        .flatten()
        .filter_map(|i| api.security.get(*i))
    {
        if let SecurityKind::ApiKey {
            location: ParamLocation::Query,
            name,
        } = &scheme.kind
        {
            names.push(name.clone());
        }
    }
    names.sort();
    names.dedup();
    names
}

/// The answer for a value of type `ty` in one media type, with `status` (tokens of a `u16`).
fn answer(api: &Api, ty: &TypeRef, media: Media, status: TokenStream) -> TokenStream {
    match media {
        Media::Json | Media::Form => {
            // Written as the server would: `time` values through the runtime's formats.
            let value = super::types::serializable(api, ty, quote!(value));
            quote!(runtime::mock::json(#status, #value))
        }
        Media::Text => quote!(runtime::mock::text(#status, value)),
        Media::Binary | Media::Multipart => quote!(runtime::mock::bytes(#status, value)),
    }
}

fn literal(status: u16) -> TokenStream {
    let status = proc_macro2::Literal::u16_unsuffixed(status);
    quote!(#status)
}

/// The status that a success answer has: the code the spec declares for it, else the first
/// code of its range that no other answer declares (`200` for a bare `2XX`).
fn success_status(status: Status, codes: &[u16]) -> u16 {
    match status {
        Status::Code(code) => code,
        Status::Range(hundreds) => (hundreds * 100..hundreds * 100 + 100)
            .find(|code| !codes.contains(code))
            .unwrap_or(hundreds * 100),
        Status::Default => 200,
    }
}

/// `success`: the value the client's method returns, with the status the spec declares.
fn success_answer(api: &Api, op: &Operation) -> TokenStream {
    let codes: Vec<u16> = op
        .responses
        .iter()
        .filter_map(|r| match r.status {
            Status::Code(code) if r.status.is_success() => Some(code),
            _ => None,
        })
        .collect();
    let first = literal(codes.iter().min().copied().unwrap_or(200));
    let answer = match &op.success {
        Outcome::Empty => {
            return quote! {
                fn success(_: &Self::Success) -> ::wiremock::ResponseTemplate {
                    runtime::mock::empty(#first)
                }
            };
        }
        Outcome::One(ty, media) => answer(api, ty, *media, first),
        Outcome::PerStatus(id) => {
            let arms = status_arms(api, *id, |status| literal(success_status(status, &codes)));
            quote!(match value { #( #arms )* })
        }
    };
    quote! {
        fn success(value: &Self::Success) -> ::wiremock::ResponseTemplate {
            #answer
        }
    }
}

/// `error`: the declared error value, with the status the caller gives.
fn error_answer(api: &Api, op: &Operation) -> TokenStream {
    let answer = match &op.failure {
        Outcome::Empty => {
            return quote! {
                fn error(_: u16, value: &Self::Error) -> ::wiremock::ResponseTemplate {
                    match *value {}
                }
            };
        }
        Outcome::One(ty, media) => answer(api, ty, *media, quote!(status)),
        Outcome::PerStatus(id) => {
            let arms = status_arms(api, *id, |_| quote!(status));
            quote!(match value { #( #arms )* })
        }
    };
    quote! {
        fn error(status: u16, value: &Self::Error) -> ::wiremock::ResponseTemplate {
            #answer
        }
    }
}

/// The arms of a match on a per-status enum: each variant's value as its media type says,
/// with the status `status` gives for the variant.
fn status_arms(
    api: &Api,
    id: crate::model::TypeId,
    status: impl Fn(Status) -> TokenStream,
) -> Vec<TokenStream> {
    let def = &api.types[id];
    let TypeKind::Responses(e) = &def.kind else {
        // The client's emitter reports this broken invariant; nothing to answer with here.
        return vec![quote!(_ => runtime::mock::empty(500),)];
    };
    let ty = format_ident!("{}", def.name);
    e.variants
        .iter()
        .map(|variant| {
            let name = format_ident!("{}", variant.name);
            let status = status(variant.status);
            match &variant.body {
                Some((body, media)) => {
                    let answer = answer(api, body, *media, status);
                    quote!(crate::models::#ty::#name(value) => #answer,)
                }
                None => quote!(crate::models::#ty::#name => runtime::mock::empty(#status),),
            }
        })
        .collect()
}

/// The body type and `body`: the bytes the client sends for a body.
fn body(api: &Api, op: &Operation) -> (TokenStream, TokenStream) {
    let Some(body) = &op.body else {
        return (
            quote!(::core::convert::Infallible),
            quote! {
                fn body(
                    body: &Self::Body,
                ) -> ::core::result::Result<runtime::Body, runtime::RuntimeError> {
                    match *body {}
                }
            },
        );
    };
    let ty = match body.media {
        Media::Text => quote!(str),
        Media::Binary => quote!([u8]),
        Media::Json | Media::Form | Media::Multipart => type_tokens(api, &body.ty, Scope::Client),
    };
    let value = match body.media {
        Media::Json => {
            let body = super::types::serializable(api, &body.ty, quote!(body));
            quote!(runtime::Body::json(#body))
        }
        _ => {
            let value = body_value(api, body);
            quote!(::core::result::Result::Ok(#value))
        }
    };
    (
        ty,
        quote! {
            fn body(
                body: &Self::Body,
            ) -> ::core::result::Result<runtime::Body, runtime::RuntimeError> {
                #value
            }
        },
    )
}

/// The parameters type and `params`: what the client writes for them, by the client's code.
fn params(api: &Api, op: &Operation) -> (TokenStream, TokenStream) {
    let Some(p) = &op.params else {
        return (
            quote!(::core::convert::Infallible),
            quote! {
                fn params(
                    params: &Self::Params,
                ) -> Result<runtime::mock::SentParams, runtime::RuntimeError> {
                    match *params {}
                }
            },
        );
    };
    let ty = type_tokens(api, &TypeRef::Named(p.ty), Scope::Client);
    let fields = match &api.types[p.ty].kind {
        TypeKind::Struct(s) => s.fields.as_slice(),
        _ => &[],
    };
    let statements: Vec<TokenStream> = p
        .params
        .iter()
        .zip(fields)
        .filter(|(sent, _)| sent.location != ParamLocation::Path)
        .map(|(sent, field)| send_param(api, sent, &field.ty))
        .collect();
    let function = if statements.is_empty() {
        quote! {
            fn params(_: &Self::Params) -> Result<runtime::mock::SentParams, runtime::RuntimeError> {
                Ok(runtime::mock::SentParams::default())
            }
        }
    } else {
        quote! {
            fn params(params: &Self::Params) -> Result<runtime::mock::SentParams, runtime::RuntimeError> {
                let mut request = runtime::mock::SentParams::default();
                #( #statements )*
                Ok(request)
            }
        }
    };
    (quote!(#ty), function)
}

/// `path`, on the operation's route: its path parameters, as the client's method takes them.
fn path_method(api: &Api, op: &Operation, ty: &proc_macro2::Ident) -> TokenStream {
    if op.path_params.is_empty() {
        return TokenStream::new();
    }
    let mut args = Vec::new();
    let mut texts = Vec::new();
    for p in &op.path_params {
        let ident = format_ident!("{}", p.name);
        let (arg, _) = path_arg(api, &p.ty);
        args.push(quote!(#ident: #arg));
        texts.push(match ArgText::of(api, p) {
            // A value that does not serialize is refused by the client before sending; a
            // route pinned to no text matches nothing, and its expectations say so.
            ArgText::Json(text) => ArgText::Owned(quote!(#text.unwrap_or_default())),
            text => text,
        });
    }
    let pins = op
        .segments
        .iter()
        .enumerate()
        .filter_map(|(index, segment)| match segment {
            Segment::Template(parts) => {
                let text = template_text(op, parts, &texts);
                let index = proc_macro2::Literal::usize_unsuffixed(index);
                Some(quote!(.path_segment(#index, #text)))
            }
            Segment::Literal(_) => None,
        });
    // Pairs that the path template writes with path parameters in them.
    let pairs = op.fixed_query.iter().filter(|pair| {
        pair.name
            .iter()
            .chain(&pair.value)
            .any(|part| matches!(part, SegmentPart::Param(_)))
    });
    let query_pins = pairs.map(|pair| {
        let name = template_text(op, &pair.name, &texts);
        let value = template_text(op, &pair.value, &texts);
        quote!(.query_pair(#name, #value))
    });
    let docs = lines_to_attrs(&[
        "Only requests for these path parameters, given as to".into(),
        format!("[`Client::{}`](crate::Client::{}).", op.name, op.name),
    ]);
    let too_many = (args.len() + 1 > super::client::MAX_ARGUMENTS)
        .then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        impl runtime::mock::Route<#ty> {
            #docs
            #too_many
            pub fn path(self, #( #args ),*) -> Self {
                self #( #pins )* #( #query_pins )*
            }
        }
    }
}
