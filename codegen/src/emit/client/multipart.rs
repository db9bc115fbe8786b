//! `multipart/form-data` request bodies, built part by part with the runtime's multipart form
//! (`runtime::multipart`, which a crate gets only when some body needs it).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::params::value_text;
use crate::model::{Api, Body, Part, PartKind, TypeKind, TypeRef};

/// The text of a text part's value (`value`, a reference): `Display`, or for a type the
/// generated code does not define, its JSON text (see [`value_text`]).
fn part_text(api: &Api, body: &Body, part: &Part, value: TokenStream) -> TokenStream {
    let field = match (body.ty.expand(&api.types), &part.field) {
        (TypeRef::Named(id), Some(field)) => match &api.types[*id].kind {
            TypeKind::Struct(s) => s.fields.iter().find(|f| f.name == *field),
            _ => None,
        },
        _ => None,
    };
    let ty = match field.map(|f| f.ty.expand(&api.types)) {
        Some(TypeRef::Option(inner)) => inner.expand(&api.types),
        other => other.unwrap_or(&TypeRef::String),
    };
    let ty = match (part.kind, ty) {
        (PartKind::Texts, TypeRef::Vec(item)) => item.as_ref(),
        _ => ty,
    };
    match ty.expand(&api.types) {
        TypeRef::External(_) => value_text(api, ty, value, &part.name).get(),
        _ => quote!(#value.to_string()),
    }
}

/// The statements that build `form`, the runtime's multipart form of a `multipart/form-data`
/// body (`body`, a reference to its struct or map), part by part (see [`crate::model::Part`]).
pub(super) fn multipart_form(api: &Api, body: &Body) -> TokenStream {
    let mut parts = Vec::new();
    for part in &body.parts {
        let name = &part.name;
        let text = |value: TokenStream| part_text(api, body, part, value);
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
                let part = with_type(text(quote!(value)));
                quote!(form = form.part(#name, #part);)
            }
            PartKind::Text => {
                let text = text(quote!(value));
                quote!(form = form.text(#name, #text);)
            }
            PartKind::Texts if part.content_type.is_some() => {
                let part = with_type(text(quote!(item)));
                quote! {
                    for item in value {
                        form = form.part(#name, #part);
                    }
                }
            }
            PartKind::Texts => {
                let text = text(quote!(item));
                quote! {
                    for item in value {
                        form = form.text(#name, #text);
                    }
                }
            }
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
