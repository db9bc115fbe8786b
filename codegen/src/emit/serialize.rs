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
    // Sent even when `None` (as `null`): required members, and those with a default (whose
    // absence would mean the default).
    let always = |f: &&crate::model::Field| f.required || f.default_value().is_some();
    let required = proc_macro2::Literal::usize_unsuffixed(s.fields.iter().filter(always).count());
    let present = s.fields.iter().filter(|f| !always(f)).map(|f| {
        let ident = format_ident!("{}", f.name);
        quote!(self.#ident.is_some())
    });
    let members = s.fields.iter().map(|f| {
        let ident = format_ident!("{}", f.name);
        let wire = &f.wire;
        if always(&f) {
            quote!(out.member(#wire, &self.#ident);)
        } else {
            quote!(out.optional(#wire, &self.#ident);)
        }
    });
    let name_text = name.to_string();
    let out = if s.fields.is_empty() {
        quote!(out)
    } else {
        quote!(mut out)
    };
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                let #out = crate::runtime::ser::start(
                    serializer,
                    #name_text,
                    #required,
                    &[#( #present ),*],
                );
                #( #members )*
                out.end()
            }
        }
    }
}

/// The `Serialize` impl of a string enum: the value as the wire has it (`as_str`).
pub fn string_enum_impl(name: &Ident) -> TokenStream {
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    }
}
