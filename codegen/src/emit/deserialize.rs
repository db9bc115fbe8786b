//! `Deserialize` impls written out for structs and string enums, as calls into the runtime's
//! `de` module, instead of serde's derive.
//!
//! The derive is what compiling a large generated crate costs most (docs/performance.md:
//! on GitHub's crate, 2.0 of the 3.3 GB the models took, and two thirds of the time), since
//! it writes a field enum with its own visitor and some six match arms or blocks per field,
//! each value read behind a `?`. Written out, a struct is one `from_map` with, per field, a
//! slot, a match arm (whose `Result` the `match` yields, under one `?`) and a line that takes
//! its value or says what an absent one is. What is read is what the derive read
//! from an object (see the runtime's `de` docs). Structs holding a flattened union keep the
//! derive: they read the same object twice, which is what serde's `flatten` does.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::models::default_fn;
use super::types::holds_time;
use crate::model::{Api, Field, StringEnum, StructDef};
use crate::naming;

/// True when struct `s` is read by an impl of this module (see the module docs): it holds no
/// flattened union, its members' wire names are distinct, and its map of other members (if
/// any) holds no `time` values.
pub fn handles_struct(api: &Api, s: &StructDef) -> bool {
    let mut wires: Vec<&str> = s.fields.iter().map(|f| f.wire.as_str()).collect();
    wires.sort_unstable();
    let distinct = wires.windows(2).all(|pair| pair[0] != pair[1]);
    let flattened = s.fields.iter().any(|f| f.flatten);
    let timed_others = s.additional.as_ref().is_some_and(|ty| holds_time(api, ty));
    distinct && !flattened && !timed_others
}

/// The `Deserialize` and `runtime::de::Object` impls of struct `name`, for which
/// [`handles_struct`] holds.
pub fn struct_impls(api: &Api, name: &Ident, s: &StructDef) -> TokenStream {
    let mut members: Vec<&str> = s.fields.iter().map(|f| f.wire.as_str()).collect();
    members.sort_unstable();
    // (Found: the names are distinct, see `handles_struct`.)
    let index = |field: &Field| {
        members
            .binary_search(&field.wire.as_str())
            .unwrap_or_else(|at| at)
    };
    let slots: Vec<Ident> = s
        .fields
        .iter()
        .map(|f| format_ident!("{}", f.name))
        .collect();
    // The map and its keys are locals beside the slots, so their names must be free.
    let names: Vec<&str> = s.fields.iter().map(|f| f.name.as_str()).collect();
    let mut locals = naming::Scope::with_reserved(&names);
    let map = format_ident!("{}", locals.claim("map".into(), "map"));
    let member = format_ident!("{}", locals.claim("member".into(), "member"));
    let others = s
        .additional
        .as_ref()
        .map(|_| format_ident!("{}", naming::ADDITIONAL_PROPERTIES));

    // One arm per member, in the order of `MEMBERS`.
    let mut arms: Vec<(usize, TokenStream)> = s
        .fields
        .iter()
        .zip(&slots)
        .map(|(field, slot)| {
            let index = index(field);
            let literal = proc_macro2::Literal::usize_unsuffixed(index);
            let wire = &field.wire;
            let pattern = match others {
                Some(_) => quote!(de::Member::Listed(#literal)),
                None => quote!(#literal),
            };
            let read = match seed(api, field) {
                Some(seed) => quote!(de::value_seed(&mut #map, &mut #slot, #seed, #wire)),
                None => quote!(de::value(&mut #map, &mut #slot, #wire)),
            };
            (index, quote!(#pattern => #read,))
        })
        .collect();
    arms.sort_by_key(|(index, _)| *index);
    let arms: Vec<TokenStream> = arms.into_iter().map(|(_, arm)| arm).collect();
    let seeds: std::collections::BTreeSet<&str> = s
        .fields
        .iter()
        .filter_map(|field| seed_module(api, field))
        .collect();
    let modules = std::iter::once("de")
        .chain(seeds)
        .map(|module| format_ident!("{module}"));
    let lookup = match &others {
        Some(others) => {
            let body = if s.fields.is_empty() {
                quote!(de::other_member(&mut #map, &mut #others, #member)?;)
            } else {
                quote! {
                    match #member {
                        #( #arms )*
                        #member => de::other_member(&mut #map, &mut #others, #member),
                    }?;
                }
            };
            quote! {
                let mut #others = ::std::collections::BTreeMap::new();
                while let Some(#member) =
                    de::next_named_member(&mut #map, Self::MEMBERS)?
                {
                    #body
                }
            }
        }
        None if s.fields.is_empty() => quote! {
            while de::next_member(&mut #map, Self::MEMBERS)?.is_some() {
                de::skip(&mut #map)?;
            }
        },
        None => quote! {
            while let Some(#member) =
                de::next_member(&mut #map, Self::MEMBERS)?
            {
                match #member {
                    #( #arms )*
                    _ => de::skip(&mut #map),
                }?;
            }
        },
    };
    let mut required = Vec::new();
    let values = s.fields.iter().zip(&slots).map(|(field, slot)| {
        if field.default_value().is_some() {
            let function = default_fn(field);
            quote!(#slot: #slot.unwrap_or_else(Self::#function),)
        } else if field.is_option() || !field.required {
            quote!(#slot: #slot.unwrap_or_default(),)
        } else {
            let wire = &field.wire;
            required.push(quote! {
                let Some(#slot) = #slot else {
                    return Err(de::missing(#wire));
                };
            });
            quote!(#slot,)
        }
    });
    let values: Vec<TokenStream> = values.collect();
    // The prelude's names the body uses, imported by path: the models may have a type named
    // `Some` or `Ok`, which would shadow them.
    let option: Vec<Ident> = [
        (!s.fields.is_empty()).then(|| format_ident!("None")),
        (!s.fields.is_empty() || others.is_some()).then(|| format_ident!("Some")),
    ]
    .into_iter()
    .flatten()
    .collect();
    let result = if required.is_empty() {
        vec![format_ident!("Ok")]
    } else {
        vec![format_ident!("Err"), format_ident!("Ok")]
    };
    let option = (!option.is_empty()).then(|| quote!(use ::std::option::Option::{#( #option ),*};));
    let prelude = quote! {
        #option
        use ::std::result::Result::{#( #result ),*};
    };
    let others_value = others.as_ref().map(|others| quote!(#others,));
    let name_text = name.to_string();
    let deserialize = deserialize_impl(name, quote!(crate::runtime::de::deserialize(deserializer)));
    quote! {
        #deserialize

        impl crate::runtime::de::Object for #name {
            const NAME: &'static str = #name_text;
            const MEMBERS: &'static [&'static str] = &[#( #members ),*];

            fn from_map<'de, A: ::serde::de::MapAccess<'de>>(
                mut #map: A,
            ) -> ::std::result::Result<Self, A::Error> {
                use crate::runtime::{#( #modules ),*};
                #prelude
                #( let mut #slots = None; )*
                #lookup
                #( #required )*
                Ok(Self {
                    #( #values )*
                    #others_value
                })
            }
        }
    }
}

/// How a field whose values are not read by their type's own `Deserialize` is read: by the
/// seed of the runtime's `lenient` (numbers in strings) or `time_format` (`time` values as
/// text). The module is imported by `from_map`.
fn seed(api: &Api, field: &Field) -> Option<TokenStream> {
    let module = format_ident!("{}", seed_module(api, field)?);
    Some(quote!(#module::seed()))
}

/// The runtime module whose seed reads `field` (see [`seed`]).
fn seed_module(api: &Api, field: &Field) -> Option<&'static str> {
    if field.lenient.is_some() {
        Some("lenient")
    } else if holds_time(api, &field.ty) {
        Some("time_format")
    } else {
        None
    }
}

/// The `Deserialize` impl of string enum `name`: its value as text, matched against the
/// values it lists (`Other` for the rest).
pub fn string_enum_impl(name: &Ident, e: &StringEnum) -> TokenStream {
    let arms = e.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.name);
        let value = &v.value;
        quote!(#value => Self::#ident,)
    });
    let read = if e.variants.is_empty() {
        quote!(Self::Other(value.into_owned()))
    } else {
        quote! {
            match &*value {
                #( #arms )*
                _ => Self::Other(value.into_owned()),
            }
        }
    };
    deserialize_impl(
        name,
        quote! {
            let value = crate::runtime::de::text(deserializer)?;
            ::std::result::Result::Ok(#read)
        },
    )
}

/// `impl Deserialize for name` with `body` as the body of `deserialize`.
fn deserialize_impl(name: &Ident, body: TokenStream) -> TokenStream {
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                #body
            }
        }
    }
}
