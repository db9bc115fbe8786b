//! `multipart/form-data` request bodies, built part by part with the runtime's multipart form
//! (`runtime::multipart`, which a crate gets only when some body needs it).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::super::types::serializable;
use super::params::value_text;
use crate::model::{Api, Body, Part, PartKind, TypeKind, TypeRef};

/// The text of a text part's value (`value`, a reference): `Display`, or for a type the
/// generated code does not define, its JSON text (see [`value_text`]).
fn part_text(api: &Api, body: &Body, part: &Part, value: TokenStream) -> TokenStream {
    let ty = value_type(api, body, part);
    match ty.expand(&api.types) {
        TypeRef::External(_) => value_text(api, &ty, value, &part.name).get(),
        _ => quote!(#value.to_string()),
    }
}

/// The type of a part's value: its field's (without the field's `Option`; an item's, for
/// text parts of a list; the map of undeclared members for those), or the body's for a part
/// that is the whole body.
fn value_type(api: &Api, body: &Body, part: &Part) -> TypeRef {
    let Some(field) = &part.field else {
        return body.ty.clone();
    };
    let ty = match body.ty.expand(&api.types) {
        TypeRef::Named(id) => match &api.types[*id].kind {
            TypeKind::Struct(s) => match s.fields.iter().find(|f| f.name == *field) {
                Some(f) => f.ty.clone(),
                None => s
                    .additional
                    .clone()
                    .map_or(TypeRef::String, |v| TypeRef::Map(Box::new(v))),
            },
            _ => TypeRef::String,
        },
        _ => TypeRef::String,
    };
    let ty = match ty {
        TypeRef::Option(inner) => *inner,
        other => other,
    };
    match (part.kind, ty.expand(&api.types)) {
        (PartKind::Texts, TypeRef::Vec(item)) => item.as_ref().clone(),
        _ => ty,
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
                let value = serializable(api, &value_type(api, body, part), quote!(value));
                let part = with_type(quote!(serde_json::to_string(#value).unwrap_or_default()));
                quote!(form = form.part(#name, #part);)
            }
            PartKind::Members => {
                let value = serializable(api, &value_type(api, body, part), quote!(value));
                quote!(form = runtime::multipart::member_parts(form, #value);)
            }
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
