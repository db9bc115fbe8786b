//! The `models` module: one item per type definition, in name order.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{doc_attrs, inner_doc_attrs, lines_to_attrs, sanitize};
use super::types::{body_tokens, type_tokens, Scope};
use crate::model::{
    Api, Field, StatusEnum, StringEnum, StructDef, TaggedUnion, TypeDef, TypeKind, TypeRef,
    UntaggedUnion,
};

/// The `models` module, as its docs and one item per type definition in name order. Items
/// are emitted on demand (by index) so the formatter can render them in parallel.
pub fn models_file(api: &Api) -> super::FileTokens<'_> {
    let docs = inner_doc_attrs(&[format!(
        "Types of {}: the schemas of the spec, and the inline objects, enums and unions \
         of its operations.",
        super::api_name(&api.title)
    )]);
    let defs = api.types_by_name();
    super::FileTokens::Items {
        docs,
        count: defs.len(),
        item: Box::new(move |i| definition(api, defs[i])),
    }
}

fn definition(api: &Api, def: &TypeDef) -> TokenStream {
    let docs = doc_attrs(def.docs.as_deref());
    let name = format_ident!("{}", def.name);
    match &def.kind {
        TypeKind::Alias(target) => {
            let target = type_tokens(api, target, Scope::Models);
            quote! { #docs pub type #name = #target; }
        }
        TypeKind::Newtype(target) => {
            let target = type_tokens(api, target, Scope::Models);
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(transparent)]
                pub struct #name(pub #target);
            }
        }
        TypeKind::Struct(s) if s.is_params => params_struct(api, &name, s, docs),
        TypeKind::Struct(s) => struct_def(api, &name, s, docs),
        TypeKind::Enum(e) => string_enum(&name, e, docs),
        TypeKind::Tagged(t) => tagged(api, &name, t, docs),
        TypeKind::Untagged(u) => untagged(api, &name, u, docs),
        TypeKind::Responses(r) => responses(api, &name, r, docs),
    }
}

/// The responses of one side of an operation, by status. Not serde: the client picks the
/// variant from the status and decodes the body into it.
fn responses(
    api: &Api,
    name: &proc_macro2::Ident,
    r: &StatusEnum,
    docs: TokenStream,
) -> TokenStream {
    let variants = r.variants.iter().map(|v| {
        let variant = format_ident!("{}", v.name);
        // The status leads the description, on its first line when that is plain text.
        let status = format!("`{}`", v.status.spec_text());
        let mut lines = sanitize(&v.docs);
        match lines.first_mut() {
            None => lines.push(format!("{status}.")),
            Some(first) if first.starts_with(|c: char| c.is_alphanumeric()) => {
                *first = format!("{status}: {first}");
            }
            Some(_) => lines.splice(0..0, [status, String::new()]).for_each(drop),
        }
        let doc = lines_to_attrs(&lines);
        match &v.body {
            Some((ty, media)) => {
                let ty = body_tokens(api, ty, *media, Scope::Models);
                quote!(#doc #variant(#ty),)
            }
            None => quote!(#doc #variant,),
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #( #variants )*
        }
    }
}

fn field_type(api: &Api, field: &Field) -> TokenStream {
    let (inner, nullable) = match &field.ty {
        TypeRef::Option(inner) => (inner.as_ref(), true),
        other => (other, false),
    };
    let mut ty = type_tokens(api, inner, Scope::Models);
    if field.boxed {
        ty = quote!(::std::boxed::Box<#ty>);
    }
    if nullable || !field.required {
        ty = quote!(::std::option::Option<#ty>);
    }
    ty
}

fn field_docs(field: &Field) -> TokenStream {
    let mut text = field.docs.clone().unwrap_or_default();
    if field.deprecated {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str("**Deprecated** by the API.");
    }
    doc_attrs((!text.is_empty()).then_some(text.as_str()))
}

fn struct_def(
    api: &Api,
    name: &proc_macro2::Ident,
    s: &StructDef,
    docs: TokenStream,
) -> TokenStream {
    let fields = s.fields.iter().map(|field| {
        let ident = format_ident!("{}", field.name);
        let ty = field_type(api, field);
        let docs = field_docs(field);
        let mut serde = Vec::new();
        if field.flatten {
            serde.push(quote!(flatten));
        } else if field.name != field.wire {
            let wire = &field.wire;
            serde.push(quote!(rename = #wire));
        }
        if !field.required {
            serde.push(quote!(
                default,
                skip_serializing_if = "::std::option::Option::is_none"
            ));
        }
        let serde = (!serde.is_empty()).then(|| quote!(#[serde(#(#serde),*)]));
        quote! { #docs #serde pub #ident: #ty, }
    });
    let additional = s.additional.as_ref().map(|value| {
        let value = type_tokens(api, value, Scope::Models);
        quote! {
            /// Members not declared in the spec (`additionalProperties`).
            #[serde(flatten)]
            pub additional_properties: ::std::collections::BTreeMap<::std::string::String, #value>,
        }
    });
    let default = s.all_optional().then(|| quote!(Default,));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name {
            #( #fields )*
            #additional
        }
    }
}

/// An operation's parameters: plain data the client reads, not serialized by serde.
fn params_struct(
    api: &Api,
    name: &proc_macro2::Ident,
    s: &StructDef,
    docs: TokenStream,
) -> TokenStream {
    let fields = s.fields.iter().map(|field| {
        let ident = format_ident!("{}", field.name);
        let ty = field_type(api, field);
        let mut text = field.docs.clone().unwrap_or_default();
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&format!("Sent as `{}`.", field.wire));
        let docs = doc_attrs(Some(&text));
        quote! { #docs pub #ident: #ty, }
    });
    let default = s.all_optional().then(|| quote!(Default,));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #name {
            #( #fields )*
        }
    }
}

fn string_enum(name: &proc_macro2::Ident, e: &StringEnum, docs: TokenStream) -> TokenStream {
    let variants = e.variants.iter().enumerate().map(|(i, v)| {
        let ident = format_ident!("{}", v.name);
        let value = &v.value;
        let default = (e.default == Some(i)).then(|| quote!(#[default]));
        quote! { #[serde(rename = #value)] #default #ident, }
    });
    let arms = e.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.name);
        let value = &v.value;
        quote! { Self::#ident => #value, }
    });
    let default = e.default.map(|_| quote!(Default,));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, #default ::serde::Serialize, ::serde::Deserialize)]
        #[non_exhaustive]
        pub enum #name {
            #( #variants )*
            /// A value the spec does not list (sent by a newer server, or to send by hand).
            #[serde(untagged)]
            Other(::std::string::String),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( #arms )*
                    Self::Other(value) => value,
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

fn tagged(api: &Api, name: &proc_macro2::Ident, t: &TaggedUnion, docs: TokenStream) -> TokenStream {
    let tag = &t.tag;
    let variants = t.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.name);
        let value = &v.value;
        let mut ty = type_tokens(api, &v.ty, Scope::Models);
        if v.boxed {
            ty = quote!(::std::boxed::Box<#ty>);
        }
        let docs = doc_attrs(v.docs.as_deref());
        quote! { #docs #[serde(rename = #value)] #ident(#ty), }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(tag = #tag)]
        #[allow(clippy::large_enum_variant)]
        #[non_exhaustive]
        pub enum #name {
            #( #variants )*
            /// A payload with a tag value the spec does not list (sent by a newer server), or
            /// one whose members do not match its variant; kept whole.
            #[serde(untagged)]
            Other(::serde_json::Value),
        }
    }
}

fn untagged(
    api: &Api,
    name: &proc_macro2::Ident,
    u: &UntaggedUnion,
    docs: TokenStream,
) -> TokenStream {
    let variants = u.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.name);
        let mut ty = type_tokens(api, &v.ty, Scope::Models);
        if v.boxed {
            ty = quote!(::std::boxed::Box<#ty>);
        }
        let docs = doc_attrs(v.docs.as_deref());
        quote! { #docs #ident(#ty), }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #( #variants )*
        }
    }
}
