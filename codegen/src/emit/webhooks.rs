//! `webhooks.rs`: one function per webhook of the spec (OpenAPI 3.1 `webhooks`), which parses
//! the body of a webhook request, as the user's HTTP server received it, into its type.
//!
//! Plain functions over bytes rather than a trait or a server: whatever framework receives
//! the request (axum, actix, a Lambda handler), the body is a byte slice, and checking the
//! request's signature is the application's (each vendor signs differently).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs;
use super::types::{type_tokens, Scope};
use crate::model::{Api, TypeRef, Webhook};

pub fn webhooks_file(api: &Api) -> TokenStream {
    let module_docs = docs::inner_doc_attrs(&[
        "The webhooks the API sends: one function per webhook, which parses the body of a"
            .to_owned(),
        "webhook request (the bytes your HTTP server received) into its type. Checking the"
            .to_owned(),
        "request's signature, where the API signs its webhooks, is up to you.".to_owned(),
    ]);
    let functions = api.webhooks.iter().map(|w| function(api, w));
    quote! {
        #module_docs

        #(#functions)*
    }
}

fn function(api: &Api, webhook: &Webhook) -> TokenStream {
    let name = format_ident!("{}", webhook.function);
    let mut lines = vec![format!(
        "Parses the body of the `{}` webhook ({} request).",
        webhook.key, webhook.method
    )];
    for text in [&webhook.summary, &webhook.description]
        .into_iter()
        .flatten()
    {
        lines.push(String::new());
        lines.extend(docs::sanitize(text));
    }
    if webhook.payload.is_none() {
        lines.push(String::new());
        lines.push("The spec declares no JSON body for it: any JSON value is accepted.".into());
    }
    let doc = docs::lines_to_attrs(&lines);
    let ty = type_tokens(
        api,
        webhook.payload.as_ref().unwrap_or(&TypeRef::Json),
        Scope::Elsewhere,
    );
    quote! {
        #doc
        pub fn #name(body: &[u8]) -> ::std::result::Result<#ty, ::serde_json::Error> {
            ::serde_json::from_slice(body)
        }
    }
}
