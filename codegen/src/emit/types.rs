//! Type uses as tokens, with paths that no spec name can shadow (see [`Scope`]).

use proc_macro2::TokenStream;
use quote::{format_ident, quote, ToTokens};

use crate::model::{Api, ExternalId, Library, Media, TypeRef};

/// Where a type is named from: inside `models` a definition is named bare, elsewhere through
/// `crate::models`. The `client` module declares no name of the spec, so there the prelude's
/// names (`String`, `Vec`, `Option`) are written plainly, and crates by their own names; in
/// the other modules a schema named `Option` could shadow them, so paths are absolute.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Models,
    Client,
    Elsewhere,
}

pub fn type_tokens(api: &Api, ty: &TypeRef, scope: Scope) -> TokenStream {
    let plain = scope == Scope::Client;
    match ty {
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::U32 => quote!(u32),
        TypeRef::U64 => quote!(u64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::String if plain => quote!(String),
        TypeRef::String => quote!(::std::string::String),
        TypeRef::Bytes if plain => quote!(Vec<u8>),
        TypeRef::Bytes => quote!(::std::vec::Vec<u8>),
        TypeRef::Json if plain => quote!(serde_json::Value),
        TypeRef::Json => quote!(::serde_json::Value),
        TypeRef::JsonObject if plain => quote!(serde_json::Map<String, serde_json::Value>),
        TypeRef::JsonObject => {
            quote!(::serde_json::Map<::std::string::String, ::serde_json::Value>)
        }
        TypeRef::Vec(inner) => {
            let inner = type_tokens(api, inner, scope);
            if plain {
                quote!(Vec<#inner>)
            } else {
                quote!(::std::vec::Vec<#inner>)
            }
        }
        TypeRef::Tuple(items) => {
            let items = items.iter().map(|t| type_tokens(api, t, scope));
            quote!((#(#items,)*))
        }
        TypeRef::Map(inner) => {
            let inner = type_tokens(api, inner, scope);
            if plain {
                quote!(std::collections::BTreeMap<String, #inner>)
            } else {
                quote!(::std::collections::BTreeMap<::std::string::String, #inner>)
            }
        }
        TypeRef::Option(inner) => {
            let inner = type_tokens(api, inner, scope);
            if plain {
                quote!(Option<#inner>)
            } else {
                quote!(::std::option::Option<#inner>)
            }
        }
        TypeRef::Named(id) => {
            let name = format_ident!("{}", api.types[*id].name);
            match scope {
                Scope::Models => quote!(#name),
                Scope::Client | Scope::Elsewhere => quote!(crate::models::#name),
            }
        }
        TypeRef::External(id) => external_tokens(api, *id),
    }
}

/// The path of a type the model does not define, as written in the configuration (checked
/// to be a path to a type by `Config::problems` before the spec is read).
fn external_tokens(api: &Api, id: ExternalId) -> TokenStream {
    let path = &api.externals[id].path;
    match syn::parse_str::<syn::TypePath>(path) {
        Ok(path) => path.to_token_stream(),
        // Not reached (see above); any JSON value is what a type of unknown shape holds.
        Err(_) => quote!(::serde_json::Value),
    }
}

/// True when values of the type print as their wire text with `Display` (numbers, strings,
/// booleans and enums), as path, query and header values must.
pub fn is_displayable(api: &Api, ty: &TypeRef) -> bool {
    ty.expand(&api.types)
        .is_text_value(|id| &api.types[id].kind)
}

/// The Rust type a response body is decoded into: its schema's type for JSON (and form), a
/// `String` for text and bytes for anything else, whatever the schema says.
pub fn body_tokens(api: &Api, ty: &TypeRef, media: Media, scope: Scope) -> TokenStream {
    match media {
        Media::Json | Media::Form => type_tokens(api, ty, scope),
        Media::Text => type_tokens(api, &TypeRef::String, scope),
        Media::Binary | Media::Multipart => type_tokens(api, &TypeRef::Bytes, scope),
    }
}

/// True when values of `ty` hold `time` values directly (through options, lists, maps and
/// aliases; a definition that holds one reads and writes it itself). serde reads and writes
/// them with the runtime's `time_format`: its `#[serde(with)]` on a member, its `Wire` and
/// `Formatted` around a whole body or parameter.
pub fn holds_time(api: &Api, ty: &TypeRef) -> bool {
    let mut ty = ty.expand(&api.types);
    // Aliases that refer to themselves through a list are newtypes: this ends.
    for _ in 0..=api.types.len() {
        match ty {
            TypeRef::Option(inner) | TypeRef::Vec(inner) | TypeRef::Map(inner) => {
                ty = inner.expand(&api.types);
            }
            TypeRef::External(id) => return api.externals[*id].library == Some(Library::Time),
            _ => return false,
        }
    }
    false
}

/// `#[serde(with = ...)]` for a member of type `ty`, when it holds `time` values (see
/// [`holds_time`]).
pub fn serde_with(api: &Api, ty: &TypeRef) -> Option<TokenStream> {
    holds_time(api, ty).then(|| quote!(with = "crate::runtime::time_format"))
}

/// A value (a reference expression) as something that serializes as the wire has it: itself,
/// or wrapped in the runtime's `time_format::Formatted` when it holds `time` values.
pub fn serializable(api: &Api, ty: &TypeRef, value: TokenStream) -> TokenStream {
    if holds_time(api, ty) {
        quote!(&runtime::time_format::Formatted(#value))
    } else {
        value
    }
}
