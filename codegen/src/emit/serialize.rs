//! `Serialize` impls written out for structs and string enums, instead of serde's derive.
//!
//! A struct's is calls into the runtime's `ser` module: one call per member and no `?` (a
//! branch and an early return) per member, which is most of what checking the derive's code
//! costs on a large spec (see the runtime's `ser` docs and docs/performance.md). A string
//! enum writes `as_str()`. Structs with a flattened union or a map of other members, or with
//! `time` values (written through the runtime's `time_format`), keep the derive.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::types::holds_time;
use crate::model::{Api, StructDef};

/// True when struct `s` is written by [`struct_impl`] (see the module docs).
pub fn handles_struct(api: &Api, s: &StructDef) -> bool {
    s.additional.is_none()
        && s.fields
            .iter()
            .all(|f| !f.flatten && !holds_time(api, &f.ty))
}

/// The `Serialize` impl of struct `name`, for which [`handles_struct`] holds: members in the
/// order of the struct's fields, an absent optional one left out, as the derive had it.
pub fn struct_impl(name: &Ident, s: &StructDef) -> TokenStream {
    let always = s.fields.iter().filter(|f| !f.omitted_when_none()).count();
    let always = proc_macro2::Literal::usize_unsuffixed(always);
    let present = s.fields.iter().filter(|f| f.omitted_when_none()).map(|f| {
        let ident = format_ident!("{}", f.name);
        quote!(self.#ident.is_some())
    });
    let members = s.fields.iter().map(|f| {
        let ident = format_ident!("{}", f.name);
        let wire = &f.wire;
        if f.omitted_when_none() {
            quote!(out.optional(#wire, &self.#ident);)
        } else {
            quote!(out.member(#wire, &self.#ident);)
        }
    });
    let name_text = name.to_string();
    let out = if s.fields.is_empty() {
        quote!(out)
    } else {
        quote!(mut out)
    };
    serialize_impl(
        name,
        quote! {
            let #out = crate::runtime::ser::start(
                serializer,
                #name_text,
                #always,
                &[#( #present ),*],
            );
            #( #members )*
            out.end()
        },
    )
}

/// The `Serialize` impl of a string enum: the value as the wire has it (`as_str`).
pub fn string_enum_impl(name: &Ident) -> TokenStream {
    serialize_impl(name, quote!(serializer.serialize_str(self.as_str())))
}

/// `impl Serialize for name` with `body` as the body of `serialize`.
fn serialize_impl(name: &Ident, body: TokenStream) -> TokenStream {
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                #body
            }
        }
    }
}
