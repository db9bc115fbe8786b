//! `multipart/form-data` request bodies, built part by part with the runtime's multipart form
//! (`runtime::multipart`, which a crate gets only when some body needs it).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::model::{Body, PartKind};

/// The statements that build `form`, the runtime's multipart form of a `multipart/form-data`
/// body (`body`, a reference to its struct or map), part by part (see [`crate::model::Part`]).
pub(super) fn multipart_form(body: &Body) -> TokenStream {
    let mut parts = Vec::new();
    for part in &body.parts {
        let name = &part.name;
        let content_type = part.content_type.as_deref().unwrap_or_default();
        let with_type = |value: TokenStream| quote!(runtime::multipart::Part::text(#value).mime_str(#content_type)?);
        let file = |value: TokenStream| {
            quote! {
                runtime::multipart::Part::bytes(#value.clone())
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
                let part = with_type(quote!(serde_json::to_string(value).unwrap_or_default()));
                quote!(form = form.part(#name, #part);)
            }
            PartKind::Members => quote!(form = runtime::multipart::member_parts(form, value);),
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
                    if let Some(value) = &body.#field {
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
        return quote!(let form = runtime::multipart::Form::new(););
    }
    quote! {
        let mut form = runtime::multipart::Form::new();
        #( #parts )*
    }
}
