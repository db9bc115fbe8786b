//! What makes a struct of `models.rs` easy to build: a constructor that takes its required
//! members (`CreateMemberRequest::new(user_id, channel)`, in the order the model gives, see
//! `model::StructDef::constructor`) and a chainable setter per optional member
//! (`.with_knocking_id(..)`, named by `naming::setter_name`). Fields stay public, so struct
//! literals still work.
//!
//! Every struct gets them, the types of responses too: the same schema often serves both
//! ways, users build responses for tests and mocks, and which types a request reaches is a
//! guess that a spec bump would change (a method appearing or disappearing with it). The
//! methods are generic (`impl Into<T>`, so `"text"` is a `String`, a struct a `Box` of it),
//! and generic functions cost nothing to compile until they are called, so the many that
//! nobody calls cost only their checking. Numbers and booleans are taken as they are: with
//! `impl Into<f32>` a literal `0.5` (an `f64`) or `5` (an `i32`) would not compile.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::doc_attrs;
use super::models::{default_fn, field_type, value_type};
use crate::model::{Api, Field, StructDef, TypeRef};
use crate::naming;

/// Clippy's `too_many_arguments` limit: a constructor with more is allowed to have them,
/// since they are the spec's required members.
const MAX_ARGUMENTS: usize = 7;

/// The `impl` block with the constructor (when some member is required) and the setters
/// (when some member is optional) of struct `name`; nothing when it has neither.
pub fn builder_impl(api: &Api, name: &proc_macro2::Ident, s: &StructDef) -> TokenStream {
    let constructor = constructor(api, s);
    let setters = s
        .fields
        .iter()
        .enumerate()
        .filter(|(i, _)| !s.constructor.contains(i))
        .map(|(_, field)| setter(api, field));
    let setters: Vec<TokenStream> = setters.collect();
    if constructor.is_empty() && setters.is_empty() {
        return TokenStream::new();
    }
    quote! {
        impl #name {
            #constructor
            #( #setters )*
        }
    }
}

/// How a method takes a value of the field's Rust type `ty` (a field type, or what a setter
/// wraps in `Some`): the parameter's type, and whether it is `impl Into` (then `.into()`).
fn parameter(api: &Api, field: &Field, ty: TokenStream, whole: bool) -> (TokenStream, bool) {
    let mut inner = &field.ty;
    if !whole {
        if let TypeRef::Option(t) = inner {
            inner = t;
        }
    }
    // Numbers and booleans (through aliases, and in an `Option` of a nullable member).
    if inner.scalar(&api.types).is_some() && !field.boxed {
        (ty, false)
    } else {
        (quote!(impl ::std::convert::Into<#ty>), true)
    }
}

fn constructor(api: &Api, s: &StructDef) -> TokenStream {
    if s.constructor.is_empty() {
        return TokenStream::new();
    }
    let mut arguments = Vec::new();
    let mut links = Vec::new();
    let mut values = Vec::new();
    for (i, field) in s.fields.iter().enumerate() {
        let ident = format_ident!("{}", field.name);
        let value = if s.constructor.contains(&i) {
            // Arguments are added in the constructor's order below.
            continue;
        } else if field.default_value().is_some() {
            let function = default_fn(field);
            quote!(#ident: Self::#function(),)
        } else {
            quote!(#ident: ::std::option::Option::None,)
        };
        values.push(value);
    }
    for &i in &s.constructor {
        let Some(field) = s.fields.get(i) else {
            continue;
        };
        let ident = format_ident!("{}", field.name);
        let ty = field_type(api, field);
        let (ty, into) = parameter(api, field, ty, true);
        arguments.push(quote!(#ident: #ty));
        values.push(if into {
            quote!(#ident: #ident.into(),)
        } else {
            quote!(#ident,)
        });
        links.push(format!("[`{0}`](Self::{0})", field.name));
    }
    let additional = s
        .additional
        .as_ref()
        .map(|_| quote!(additional_properties: ::std::collections::BTreeMap::new(),));
    let optional = s.fields.len() > s.constructor.len() || s.additional.is_some();
    let doc = if optional {
        format!(
            "From the required members ({}); the others start unset (or at their defaults), \
             for the `with_` methods to set.",
            links.join(", ")
        )
    } else {
        format!("From its members ({}).", links.join(", "))
    };
    let doc = doc_attrs(Some(&doc));
    let too_many =
        (arguments.len() > MAX_ARGUMENTS).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let new = format_ident!("{}", naming::CONSTRUCTOR);
    quote! {
        #doc
        #too_many
        pub fn #new(#( #arguments ),*) -> Self {
            Self {
                #( #values )*
                #additional
            }
        }
    }
}

fn setter(api: &Api, field: &Field) -> TokenStream {
    let ident = format_ident!("{}", field.name);
    let setter = format_ident!("{}", naming::setter_name(&field.name));
    let doc = doc_attrs(Some(&format!("Sets [`{0}`](Self::{0}).", field.name)));
    let (ty, into) = if field.is_option() {
        parameter(api, field, value_type(api, field), false)
    } else {
        parameter(api, field, field_type(api, field), true)
    };
    let mut value = if into {
        quote!(value.into())
    } else {
        quote!(value)
    };
    if field.is_option() {
        value = quote!(::std::option::Option::Some(#value));
    }
    quote! {
        #doc
        pub fn #setter(mut self, value: #ty) -> Self {
            self.#ident = #value;
            self
        }
    }
}
