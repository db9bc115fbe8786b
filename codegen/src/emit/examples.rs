//! The `spec_examples` test module of a generated crate: every `example` of the spec becomes
//! a test that deserializes it into its Rust type and serializes it back. An example that
//! does not fit its schema is kept as an ignored test whose reason says why, so nothing is
//! silently left out and `cargo test -- --ignored` shows what the spec gets wrong. The
//! example of a member read leniently (a string holding its number) is read as the member
//! reads it.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::gate;
use super::types::{holds_time, type_tokens, Scope};
use crate::model::Api;
use crate::naming;

pub fn examples_file(api: &Api) -> TokenStream {
    let mut names = naming::Scope::with_reserved(&[
        "round_trip",
        "round_trip_to",
        "same",
        "parses",
        "read_leniently",
    ]);
    let mut plain = false;
    let mut filled = false;
    let mut parsed = false;
    let mut lenient = false;
    let tests: Vec<TokenStream> = api
        .examples
        .iter()
        .map(|example| {
            let candidate = naming::field_name(&example.subject);
            let name = format_ident!("{}", names.claim(candidate, &example.subject));
            let mut ty = type_tokens(api, &example.ty, Scope::Elsewhere);
            if holds_time(api, &example.ty) {
                ty = quote!(crate::runtime::time_format::Wire<#ty>);
            }
            let json = serde_json::to_string(&example.value).unwrap_or_default();
            let doc = format!(" `{}`", crate::text::visible(&example.location));
            let ignore = example.misfit.as_ref().map(|reason| {
                let reason = format!("the spec's example does not fit its schema: {reason}");
                quote!(#[ignore = #reason])
            });
            let call = match &example.round_trip {
                Some(back) if example.lenient => {
                    lenient = true;
                    let back = serde_json::to_string(back).unwrap_or_default();
                    quote!(read_leniently::<#ty>(#json, #back);)
                }
                _ if !example.exact => {
                    parsed = true;
                    quote!(parses::<#ty>(#json);)
                }
                Some(back) => {
                    filled = true;
                    let back = serde_json::to_string(back).unwrap_or_default();
                    quote!(round_trip_to::<#ty>(#json, #back);)
                }
                None => {
                    plain = true;
                    quote!(round_trip::<#ty>(#json);)
                }
            };
            let cfg = gate::cfg(api, &gate::of_ref(api, &example.ty));
            gate::items(
                cfg,
                quote! {
                    #[doc = #doc]
                    #[test]
                    #ignore
                    fn #name() {
                        #call
                    }
                },
            )
        })
        .collect();
    // Reads `json` as a `T` (in the helpers below).
    let read = quote! {
        let value: T = match ::serde_json::from_str(json) {
            ::std::result::Result::Ok(value) => value,
            ::std::result::Result::Err(e) => {
                panic!("{json} does not deserialize into {}: {e}", ::std::any::type_name::<T>())
            }
        };
    };
    let helpers = if filled {
        let round_trip = plain.then(|| {
            quote! {
                /// Parses `json` as `T` and checks that serializing gives the same JSON back
                /// (numbers compared by value, an absent member equal to `null`).
                fn round_trip<T>(json: &str)
                where
                    T: ::serde::de::DeserializeOwned + ::serde::Serialize,
                {
                    round_trip_to::<T>(json, json);
                }
            }
        });
        quote! {
            #round_trip

            /// Parses `json` as `T` and checks that serializing gives `back`: the same JSON,
            /// with the members it leaves out that take a default filled in (numbers compared
            /// by value, an absent member equal to `null`).
            fn round_trip_to<T>(json: &str, back: &str)
            where
                T: ::serde::de::DeserializeOwned + ::serde::Serialize,
            {
                #read
                let expected: ::serde_json::Value = ::serde_json::from_str(back).expect("example is JSON");
                let back = ::serde_json::to_value(&value).expect("serializes");
                assert!(same(&expected, &back), "round trip changed the example:\n  spec: {json}\n  back: {back}\n  expected: {expected}");
            }
        }
    } else if plain {
        quote! {
            /// Parses `json` as `T` and checks that serializing gives the same JSON back (numbers
            /// compared by value, an absent member equal to `null`).
            fn round_trip<T>(json: &str)
            where
                T: ::serde::de::DeserializeOwned + ::serde::Serialize,
            {
                let expected: ::serde_json::Value = ::serde_json::from_str(json).expect("example is JSON");
                let value: T = match ::serde_json::from_value(expected.clone()) {
                    ::std::result::Result::Ok(value) => value,
                    ::std::result::Result::Err(e) => {
                        panic!("{json} does not deserialize into {}: {e}", ::std::any::type_name::<T>())
                    }
                };
                let back = ::serde_json::to_value(&value).expect("serializes");
                assert!(same(&expected, &back), "round trip changed the example:\n  spec: {expected}\n  back: {back}");
            }
        }
    } else {
        TokenStream::new()
    };
    // What the round trips compare with, when there are round trips.
    let same = (plain || filled || lenient).then(|| {
        quote! {
            fn same(a: &::serde_json::Value, b: &::serde_json::Value) -> bool {
                use ::serde_json::Value;
                match (a, b) {
                    (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
                    (Value::Array(x), Value::Array(y)) => {
                        x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
                    }
                    (Value::Object(x), Value::Object(y)) => x
                        .keys()
                        .chain(y.keys())
                        .all(|k| same(x.get(k).unwrap_or(&Value::Null), y.get(k).unwrap_or(&Value::Null))),
                    _ => a == b,
                }
            }
        }
    });
    // Values of types the generated code does not define may be written back another way
    // (`+00:00` as `Z`): only read and written.
    let parses = parsed.then(|| {
        quote! {
            /// Parses `json` as `T` and checks that it serializes (a type the generated code
            /// does not define, such as a typed date-time, may write the same value
            /// differently).
            fn parses<T>(json: &str)
            where
                T: ::serde::de::DeserializeOwned + ::serde::Serialize,
            {
                #read
                ::serde_json::to_value(&value).expect("serializes");
            }
        }
    });
    let read_leniently = lenient.then(|| {
        quote! {
            /// Reads `json` as a member read leniently reads it (a number or boolean, or a
            /// string holding one: see `crate::runtime::lenient`) and checks that serializing
            /// gives `back`, the value as the schema writes it.
            fn read_leniently<T>(json: &str, back: &str)
            where
                T: crate::runtime::lenient::Lenient + ::serde::Serialize,
            {
                let mut deserializer = ::serde_json::Deserializer::from_str(json);
                let value: T = match crate::runtime::lenient::deserialize(&mut deserializer) {
                    ::std::result::Result::Ok(value) => value,
                    ::std::result::Result::Err(e) => {
                        panic!("{json} is not read leniently as {}: {e}", ::std::any::type_name::<T>())
                    }
                };
                let expected: ::serde_json::Value = ::serde_json::from_str(back).expect("example is JSON");
                let back = ::serde_json::to_value(&value).expect("serializes");
                assert!(same(&expected, &back), "reading changed the example:\n  spec: {json}\n  back: {back}\n  expected: {expected}");
            }
        }
    });
    // With some tag features off, the tests of their types are left out, and a helper may
    // be used by none of the others.
    let some_left_out = api
        .features
        .as_ref()
        .map(|_| quote!(#![cfg_attr(not(feature = "all"), allow(dead_code))]));
    quote! {
        //! The spec's examples, each deserialized into its generated type and serialized back.
        #some_left_out

        #helpers

        #parses

        #read_leniently

        #same

        #( #tests )*
    }
}
