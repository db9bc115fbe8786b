//! The `models` module: one item per type definition, in name order.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, ToTokens};

use super::builders::builder_impl;
use super::deserialize;
use super::docs::{doc_attrs, inner_doc_attrs, lines_to_attrs, sanitize};
use super::gate;
use super::serialize;
use super::types::{body_tokens, serde_with, type_tokens, Scope};
use super::validate;
use crate::model::{
    Api, Field, IntegerEnum, Leniency, Literal, Side, StatusEnum, StringEnum, StructDef,
    TaggedUnion, TypeDef, TypeId, TypeKind, TypeRef, UntaggedUnion,
};
use crate::naming;

/// The `models` module, as its docs and one item per type definition in name order. Items
/// are emitted on demand (by index) so the formatter can render them in parallel.
pub fn models_file(api: &Api) -> super::FileTokens<'_> {
    let docs = inner_doc_attrs(&[format!(
        "Types of {}: the schemas of the spec, and the inline objects, enums and unions \
         of its operations.",
        super::api_name(&api.title)
    )]);
    let imports = validate::models_imports(api);
    let docs = quote!(#docs #imports);
    // Definitions by name (see `Api::types_by_name`), as ids.
    let mut ids: Vec<TypeId> = (0..api.types.len()).collect();
    ids.sort_by(|a, b| api.types[*a].name.cmp(&api.types[*b].name));
    super::FileTokens::Items {
        docs,
        count: ids.len(),
        item: Box::new(move |i| {
            let id = ids[i];
            let def = &api.types[id];
            let definition = definition(api, def);
            let checks = validate::validate_impl(api, id, &format_ident!("{}", def.name));
            super::Gated {
                cfg: gate::cfg(api, &gate::of_type(api, id)),
                tokens: quote!(#definition #checks),
            }
        }),
    }
}

fn definition(api: &Api, def: &TypeDef) -> TokenStream {
    let docs = doc_attrs(definition_docs(def).as_deref());
    let name = format_ident!("{}", def.name);
    let extra = &def.derives;
    match &def.kind {
        TypeKind::Alias(target) => {
            let target = type_tokens(api, target, Scope::Models);
            quote! { #docs pub type #name = #target; }
        }
        TypeKind::Newtype(target) => {
            let with = serde_with(api, target).map(|with| quote!(#[serde(#with)]));
            let target = type_tokens(api, target, Scope::Models);
            let extra = extra_derives(extra, SERDE_DERIVES);
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize #extra)]
                #[serde(transparent)]
                pub struct #name(#with pub #target);
            }
        }
        TypeKind::Struct(s) if s.params_of.is_some() => params_struct(api, &name, s, docs, extra),
        TypeKind::Struct(s) => struct_def(api, &name, s, docs, extra),
        TypeKind::Enum(e) => string_enum(&name, e, docs, extra),
        TypeKind::IntEnum(e) => integer_enum(api, &name, e, docs, extra),
        TypeKind::Tagged(t) => tagged(api, &name, t, docs, extra),
        TypeKind::Untagged(u) => untagged(api, &name, u, docs, extra),
        TypeKind::Responses(r) => responses(api, &name, r, docs, extra),
    }
}

/// The derives the configuration adds to a definition (see [`TypeDef::derives`]), as the end
/// of its derive list (`, Hash, Eq`); those of a name it `has` already are left out.
fn extra_derives(extra: &[String], has: &[&str]) -> TokenStream {
    let paths = extra_paths(extra, has);
    quote!(#(, #paths)*)
}

/// The paths of the derives the configuration adds (see [`extra_derives`]).
fn extra_paths(extra: &[String], has: &[&str]) -> Vec<syn::Path> {
    extra
        .iter()
        .filter(|d| !has.contains(&crate::config::derive_name(d)))
        // Checked to be paths before the spec is read (`Config::problems`).
        .filter_map(|d| syn::parse_str::<syn::Path>(d).ok())
        .collect()
}

/// A definition's docs: the spec's, or for the types of an operation rather than a schema,
/// what they hold for which method of the client.
fn definition_docs(def: &TypeDef) -> Option<String> {
    let method = |name: &str| format!("[`Client::{name}`](crate::Client::{name})");
    match &def.kind {
        TypeKind::Struct(StructDef {
            params_of: Some(operation),
            ..
        }) => Some(format!(
            "Query, header and cookie parameters of {}.",
            method(operation)
        )),
        TypeKind::Responses(r) => Some(match r.side {
            Side::Success => format!(
                "What {} returns, by status: its success responses differ.",
                method(&r.operation)
            ),
            Side::Failure => format!(
                "The error responses the spec declares for {}, by status; the method's \
                 [`Error::Api`](crate::runtime::Error::Api) carries one.",
                method(&r.operation)
            ),
        }),
        _ => def.docs.clone(),
    }
}

/// The responses of one side of an operation, by status. Not serde: the client picks the
/// variant from the status and decodes the body into it.
fn responses(
    api: &Api,
    name: &proc_macro2::Ident,
    r: &StatusEnum,
    docs: TokenStream,
    extra: &[String],
) -> TokenStream {
    let extra = extra_derives(extra, &["Debug", "Clone", "PartialEq"]);
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
        #[derive(Debug, Clone, PartialEq #extra)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #( #variants )*
        }
    }
}

/// The Rust type of a field.
pub(super) fn field_type(api: &Api, field: &Field) -> TokenStream {
    let ty = value_type(api, field);
    if field.is_option() {
        quote!(::std::option::Option<#ty>)
    } else {
        ty
    }
}

/// The Rust type of a field's values, without the `Option` of an optional or nullable one.
pub(super) fn value_type(api: &Api, field: &Field) -> TokenStream {
    // A nullable field is one `Option` however it may also be absent.
    let inner = match &field.ty {
        TypeRef::Option(inner) => inner.as_ref(),
        other => other,
    };
    let ty = type_tokens(api, inner, Scope::Models);
    if field.boxed {
        quote!(::std::boxed::Box<#ty>)
    } else {
        ty
    }
}

/// Appends a paragraph to documentation text.
fn paragraph(text: &mut String, more: &str) {
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(more);
}

/// Text as Markdown inline code, whatever backticks it holds.
fn code(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    if longest == 0 {
        return format!("`{text}`");
    }
    let fence = "`".repeat(longest + 1);
    format!("{fence} {text} {fence}")
}

/// The field's default as its docs show it: its JSON text.
fn default_text(field: &Field) -> Option<String> {
    let default = field.default.as_ref()?;
    Some(code(&default.json.to_string()))
}

fn field_docs(field: &Field) -> TokenStream {
    let mut text = field.docs.clone().unwrap_or_default();
    // A required member is never absent: its default says nothing.
    if let Some(default) = default_text(field).filter(|_| !field.required) {
        if field.default_value().is_some() {
            paragraph(&mut text, &format!("Defaults to {default} when absent."));
        } else {
            paragraph(&mut text, &format!("The spec's default: {default}."));
        }
    }
    if field.deprecated {
        paragraph(&mut text, "**Deprecated** by the API.");
    }
    match &field.lenient {
        Some(Leniency::Example {
            location,
            text: example,
        }) => paragraph(
            &mut text,
            &format!(
                "Also read from a string holding the value, such as {}: the spec's own \
                 example writes it so ({}), and servers tend to send what the examples show. \
                 Sent as the schema says.",
                code(&serde_json::Value::from(example.as_str()).to_string()),
                code(location)
            ),
        ),
        Some(Leniency::Everywhere) => paragraph(
            &mut text,
            "Also read from a string holding the number (the generator was asked to tolerate \
             numbers written as strings). Sent as a number.",
        ),
        None => {}
    }
    doc_attrs((!text.is_empty()).then_some(text.as_str()))
}

/// The name of the associated function that returns a field's default (see
/// [`naming::default_fn_name`]).
pub(super) fn default_fn(field: &Field) -> proc_macro2::Ident {
    format_ident!("{}", naming::default_fn_name(&field.name))
}

/// A value of a type, as a Rust expression (in the `models` module).
fn literal(api: &Api, value: &Literal) -> TokenStream {
    match value {
        Literal::Bool(b) => quote!(#b),
        Literal::Integer(n) => {
            let digits = proc_macro2::Literal::u128_unsuffixed(n.unsigned_abs());
            if *n < 0 {
                quote!(-#digits)
            } else {
                quote!(#digits)
            }
        }
        Literal::F32(f) => {
            let digits = proc_macro2::Literal::f32_unsuffixed(f.abs());
            if f.is_sign_negative() {
                quote!(-#digits)
            } else {
                quote!(#digits)
            }
        }
        Literal::F64(f) => float(*f),
        Literal::String(text) => quote!(::std::string::String::from(#text)),
        Literal::Variant { ty, index } => {
            let def = &api.types[*ty];
            let name = format_ident!("{}", def.name);
            let variant = match &def.kind {
                TypeKind::Enum(e) => e.variants.get(*index).map(|v| &v.name),
                TypeKind::IntEnum(e) => e.variants.get(*index).map(|v| &v.name),
                _ => None,
            };
            match variant {
                Some(variant) => {
                    let variant = format_ident!("{}", variant);
                    quote!(#name::#variant)
                }
                None => quote!(::std::default::Default::default()),
            }
        }
        Literal::Some(inner) => {
            let inner = literal(api, inner);
            quote!(::std::option::Option::Some(#inner))
        }
        Literal::None => quote!(::std::option::Option::None),
        Literal::List(items) if items.is_empty() => quote!(::std::vec::Vec::new()),
        Literal::List(items) => {
            let items = items.iter().map(|item| literal(api, item));
            quote!(::std::vec::Vec::from([#(#items),*]))
        }
        Literal::Map(members) if members.is_empty() => {
            quote!(::std::collections::BTreeMap::new())
        }
        Literal::Map(members) => {
            let members = members.iter().map(|(key, value)| {
                let value = literal(api, value);
                quote!((::std::string::String::from(#key), #value))
            });
            quote!(::std::collections::BTreeMap::from([#(#members),*]))
        }
        Literal::Json(value) => json(value),
        Literal::JsonObject(members) if members.is_empty() => quote!(::serde_json::Map::new()),
        Literal::JsonObject(members) => json_members(members),
    }
}

/// A float literal; a negative one as `-` and the literal, as Rust spells it.
fn float(f: f64) -> TokenStream {
    let digits = proc_macro2::Literal::f64_unsuffixed(f.abs());
    if f.is_sign_negative() {
        quote!(-#digits)
    } else {
        quote!(#digits)
    }
}

/// A JSON value as a `serde_json::Value` expression, built from its constructors (the
/// `json!` macro recurses once per element and would hit the recursion limit on long lists;
/// no macro is used, so that the formatter lays the expression out).
fn json(value: &serde_json::Value) -> TokenStream {
    use serde_json::Value;
    match value {
        Value::Null => quote!(::serde_json::Value::Null),
        Value::Bool(b) => quote!(::serde_json::Value::Bool(#b)),
        Value::Number(n) => {
            let number = if let Some(i) = n.as_i64() {
                match i {
                    i64::MIN => quote!(::std::primitive::i64::MIN),
                    i if i < 0 => {
                        let digits = proc_macro2::Literal::i64_suffixed(-i);
                        quote!(-#digits)
                    }
                    i => proc_macro2::Literal::i64_suffixed(i).into_token_stream(),
                }
            } else if let Some(u) = n.as_u64() {
                proc_macro2::Literal::u64_suffixed(u).into_token_stream()
            } else {
                float(n.as_f64().unwrap_or_default())
            };
            quote!(::serde_json::Value::from(#number))
        }
        Value::String(text) => {
            quote!(::serde_json::Value::String(::std::string::String::from(#text)))
        }
        Value::Array(items) if items.is_empty() => {
            quote!(::serde_json::Value::Array(::std::vec::Vec::new()))
        }
        Value::Array(items) => {
            let items = items.iter().map(json);
            quote!(::serde_json::Value::Array(::std::vec::Vec::from([#(#items),*])))
        }
        Value::Object(members) if members.is_empty() => {
            quote!(::serde_json::Value::Object(::serde_json::Map::new()))
        }
        Value::Object(members) => {
            let members = json_members(members);
            quote!(::serde_json::Value::Object(#members))
        }
    }
}

/// A non-empty `serde_json::Map` expression.
fn json_members(members: &serde_json::Map<String, serde_json::Value>) -> TokenStream {
    let members = members.iter().map(|(key, value)| {
        let value = json(value);
        quote!((::std::string::String::from(#key), #value))
    });
    quote!([#(#members),*].into_iter().collect::<::serde_json::Map<_, _>>())
}

fn struct_def(
    api: &Api,
    name: &proc_macro2::Ident,
    s: &StructDef,
    docs: TokenStream,
    extra: &[String],
) -> TokenStream {
    let own_deserialize = deserialize::handles_struct(api, s);
    let own_serialize = serialize::handles_struct(api, s);
    let fields = fields(api, name, s, Serde::of(own_deserialize, own_serialize));
    let additional = s.additional.as_ref().map(|value| {
        let with = serde_with(api, &TypeRef::Map(Box::new(value.clone())));
        let value = type_tokens(api, value, Scope::Models);
        let serde = match with {
            Some(with) => quote!(#[serde(flatten, #with)]),
            None => quote!(#[serde(flatten)]),
        };
        quote! {
            /// Members not declared in the spec (`additionalProperties`).
            #serde
            pub additional_properties: ::std::collections::BTreeMap<::std::string::String, #value>,
        }
    });
    let defaulted: Vec<&Field> = s
        .fields
        .iter()
        .filter(|f| f.default_value().is_some())
        .collect();
    let derive_default = (s.all_optional() && defaulted.is_empty()).then(|| quote!(Default));
    let default_fns = (!defaulted.is_empty()).then(|| {
        let fns = defaulted.iter().filter_map(|field| {
            let value = field.default_value()?;
            let ident = default_fn(field);
            let ty = field_type(api, field);
            let doc = doc_attrs(Some(&format!(
                "The value of [`{}`](Self::{}) when the member is absent: {} (the spec's default).",
                field.name,
                field.name,
                default_text(field).unwrap_or_default()
            )));
            // A number that happens to look like π or e is still the spec's number.
            let allow =
                approximates_a_constant(value).then(|| quote!(#[allow(clippy::approx_constant)]));
            let value = literal(api, value);
            Some(quote! {
                #doc
                #allow
                pub fn #ident() -> #ty {
                    #value
                }
            })
        });
        quote! {
            impl #name {
                #( #fns )*
            }
        }
    });
    let default_impl = (s.all_optional() && !defaulted.is_empty()).then(|| {
        let fields = s.fields.iter().map(|field| {
            let ident = format_ident!("{}", field.name);
            if field.default_value().is_some() {
                let function = default_fn(field);
                quote!(#ident: Self::#function(),)
            } else {
                quote!(#ident: ::std::option::Option::None,)
            }
        });
        let additional = s
            .additional
            .as_ref()
            .map(|_| quote!(additional_properties: ::std::collections::BTreeMap::new(),));
        quote! {
            impl ::std::default::Default for #name {
                fn default() -> Self {
                    Self {
                        #( #fields )*
                        #additional
                    }
                }
            }
        }
    });
    let builders = builder_impl(api, name, s);
    let (derive_deserialize, deserialize_impls) = if own_deserialize {
        (None, Some(deserialize::struct_impls(api, name, s)))
    } else {
        (Some(quote!(::serde::Deserialize)), None)
    };
    let (derive_serialize, serialize_impl) = if own_serialize {
        (None, Some(serialize::struct_impl(name, s)))
    } else {
        (Some(quote!(::serde::Serialize)), None)
    };
    // The struct has a `Default` when its fields are all optional (derived, or written out
    // when some field takes a default of its own).
    let mut has = SERDE_DERIVES.to_vec();
    if s.all_optional() {
        has.push("Default");
    }
    let derives = [derive_default, derive_serialize, derive_deserialize]
        .into_iter()
        .flatten()
        .chain(
            extra_paths(extra, &has)
                .into_iter()
                .map(|p| p.to_token_stream()),
        );
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq #(, #derives)*)]
        pub struct #name {
            #( #fields )*
            #additional
        }

        #serialize_impl

        #deserialize_impls

        #default_fns

        #default_impl

        #builders
    }
}

/// True when a value holds a number that clippy's `approx_constant` lint would take
/// for an approximation of a constant of `std::f64::consts` (`3.14`).
fn approximates_a_constant(value: &Literal) -> bool {
    match value {
        Literal::F32(f) => looks_like_a_constant(&f.abs().to_string()),
        Literal::F64(f) => looks_like_a_constant(&f.abs().to_string()),
        Literal::Some(inner) => approximates_a_constant(inner),
        Literal::List(items) => items.iter().any(approximates_a_constant),
        Literal::Map(members) => members.iter().any(|(_, v)| approximates_a_constant(v)),
        Literal::Json(value) => json_approximates_a_constant(value),
        Literal::JsonObject(members) => members.values().any(json_approximates_a_constant),
        _ => false,
    }
}

fn json_approximates_a_constant(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::Number(n) if n.is_f64() => {
            looks_like_a_constant(&n.as_f64().unwrap_or_default().abs().to_string())
        }
        serde_json::Value::Array(items) => items.iter().any(json_approximates_a_constant),
        serde_json::Value::Object(members) => members.values().any(json_approximates_a_constant),
        _ => false,
    }
}

/// The test of clippy's `approx_constant`, with the fewest digits it asks of any constant:
/// the text is a prefix of the constant's, or the constant rounded to as many decimals.
pub(super) fn looks_like_a_constant(text: &str) -> bool {
    use std::f64::consts::*;
    const CONSTANTS: &[f64] = &[
        E,
        FRAC_1_PI,
        FRAC_1_SQRT_2,
        FRAC_2_PI,
        FRAC_2_SQRT_PI,
        FRAC_PI_2,
        FRAC_PI_3,
        FRAC_PI_4,
        FRAC_PI_6,
        FRAC_PI_8,
        LN_10,
        LN_2,
        LOG10_2,
        LOG10_E,
        LOG2_10,
        LOG2_E,
        PI,
        SQRT_2,
        TAU,
    ];
    let decimals = match text.split_once('.') {
        Some((_, decimals)) => decimals.len(),
        None => return false,
    };
    text.len() > 3
        && CONSTANTS
            .iter()
            .any(|c| c.to_string().starts_with(text) || format!("{c:.decimals$}") == text)
}

/// An operation's parameters: plain data the client reads, not serialized by serde.
fn params_struct(
    api: &Api,
    name: &proc_macro2::Ident,
    s: &StructDef,
    docs: TokenStream,
    extra: &[String],
) -> TokenStream {
    let fields = fields(api, name, s, Serde::Written);
    let default = s.all_optional().then(|| quote!(Default,));
    let builders = builder_impl(api, name, s);
    let extra = extra_paths(extra, &["Debug", "Clone", "PartialEq", "Default"]);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default #( #extra, )*)]
        pub struct #name {
            #( #fields )*
        }

        #builders
    }
}

/// Which of a struct's serde impls are derived, and so need the fields' serde attributes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Serde {
    /// Both derived.
    Derived,
    /// `Serialize` derived, `Deserialize` written out (see `deserialize`).
    SerializeDerived,
    /// Both written out (see `deserialize` and `serialize`), or none at all (an operation's
    /// parameters).
    Written,
}

impl Serde {
    /// From whether `Deserialize` and `Serialize` are written out. (A derived `Deserialize`
    /// with a written `Serialize` takes every attribute, like two derives.)
    fn of(deserialize: bool, serialize: bool) -> Self {
        match (deserialize, serialize) {
            (true, true) => Serde::Written,
            (true, false) => Serde::SerializeDerived,
            (false, _) => Serde::Derived,
        }
    }
}

/// The fields of struct `name`, each with its docs and the serde attributes its derives
/// need (see [`Serde`]).
fn fields<'a>(
    api: &'a Api,
    name: &'a proc_macro2::Ident,
    s: &'a StructDef,
    serde: Serde,
) -> impl Iterator<Item = TokenStream> + 'a {
    s.fields.iter().map(move |field| {
        let ident = format_ident!("{}", field.name);
        let ty = field_type(api, field);
        let (docs, serde) = match s.params_of {
            Some(_) => (param_docs(field), None),
            None => (field_docs(field), serde_attrs(api, name, field, serde)),
        };
        quote! { #docs #serde pub #ident: #ty, }
    })
}

/// How serde's derives write and read a field of struct `name` (see [`Serde`]).
fn serde_attrs(
    api: &Api,
    name: &proc_macro2::Ident,
    field: &Field,
    derived: Serde,
) -> Option<TokenStream> {
    if derived == Serde::Written {
        return None;
    }
    // The attributes only the derived `Deserialize` reads.
    let reading = derived == Serde::Derived;
    let mut serde = Vec::new();
    if field.flatten {
        serde.push(quote!(flatten));
    } else if field.name != field.wire {
        let wire = &field.wire;
        serde.push(quote!(rename = #wire));
    }
    serde.extend(serde_with(api, &field.ty));
    if field.default_value().is_some() {
        // Sent like any other field; `None` (of a nullable field) as `null`, since an
        // absent member would mean the default.
        if reading {
            let path = format!("{name}::{}", default_fn(field));
            serde.push(quote!(default = #path));
        }
    } else if field.omitted_when_none() {
        if reading {
            serde.push(quote!(default));
        }
        serde.push(quote!(
            skip_serializing_if = "::std::option::Option::is_none"
        ));
    }
    if field.lenient.is_some() && reading {
        serde.push(quote!(
            deserialize_with = "crate::runtime::lenient::deserialize"
        ));
    }
    (!serde.is_empty()).then(|| quote!(#[serde(#(#serde),*)]))
}

/// The docs of a parameter: its own, how it is sent, and the default the server assumes.
fn param_docs(field: &Field) -> TokenStream {
    let mut text = field.docs.clone().unwrap_or_default();
    paragraph(&mut text, &format!("Sent as `{}`.", field.wire));
    if let Some(default) = default_text(field) {
        text.push_str(&format!(
            " When it is not sent, the server assumes {default} (the spec's default)."
        ));
    }
    doc_attrs(Some(&text))
}

/// The derives of a newtype or a union, by name.
const SERDE_DERIVES: &[&str] = &["Debug", "Clone", "PartialEq", "Serialize", "Deserialize"];

/// The derives of an enum of values (string or integer), by name.
const ENUM_DERIVES: &[&str] = &[
    "Debug",
    "Clone",
    "PartialEq",
    "Eq",
    "Hash",
    "PartialOrd",
    "Ord",
    "Default",
    "Serialize",
    "Deserialize",
];

fn string_enum(
    name: &proc_macro2::Ident,
    e: &StringEnum,
    docs: TokenStream,
    extra: &[String],
) -> TokenStream {
    // (`Default` is derived only when the spec gives one: one added would need a
    // `#[default]` variant all the same.)
    let extra = extra_derives(extra, ENUM_DERIVES);
    let variants = e.variants.iter().enumerate().map(|(i, v)| {
        let ident = format_ident!("{}", v.name);
        let default = (e.default == Some(i)).then(|| quote!(#[default]));
        quote! { #default #ident, }
    });
    let arms = e.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.name);
        let value = &v.value;
        quote! { Self::#ident => #value, }
    });
    let default = e.default.map(|_| quote!(, Default));
    let deserialize = deserialize::string_enum_impl(name, e);
    let serialize = serialize::string_enum_impl(name);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord #default #extra)]
        #[non_exhaustive]
        pub enum #name {
            #( #variants )*
            /// A value the spec does not list (sent by a newer server, or to send by hand).
            Other(::std::string::String),
        }

        #deserialize

        #serialize

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

fn integer_enum(
    api: &Api,
    name: &proc_macro2::Ident,
    e: &IntegerEnum,
    docs: TokenStream,
    extra: &[String],
) -> TokenStream {
    let extra = extra_derives(extra, &[ENUM_DERIVES, &["Copy"]].concat());
    let repr = type_tokens(api, &e.repr, Scope::Models);
    let number = |value: i128| literal(api, &Literal::Integer(value));
    let variants = e.variants.iter().enumerate().map(|(i, v)| {
        let ident = format_ident!("{}", v.name);
        let docs = v
            .named_by_spec
            .then(|| lines_to_attrs(&[format!("`{}`", v.value)]));
        let default = (e.default == Some(i)).then(|| quote!(#[default]));
        quote! { #docs #default #ident, }
    });
    let to_number = e.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.name);
        let value = number(v.value);
        quote! { Self::#ident => #value, }
    });
    let from_number = e.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.name);
        let value = number(v.value);
        quote! { #value => Self::#ident, }
    });
    let default = e.default.map(|_| quote!(Default,));
    let repr_text = repr.to_string();
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, #default ::serde::Serialize, ::serde::Deserialize #extra)]
        #[serde(from = #repr_text, into = #repr_text)]
        #[non_exhaustive]
        pub enum #name {
            #( #variants )*
            /// A value the spec does not list (sent by a newer server, or to send by hand).
            Other(#repr),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn value(self) -> #repr {
                match self {
                    #( #to_number )*
                    Self::Other(value) => value,
                }
            }
        }

        impl ::std::convert::From<#repr> for #name {
            /// The variant of a listed value, `Other` for the rest.
            fn from(value: #repr) -> Self {
                match value {
                    #( #from_number )*
                    other => Self::Other(other),
                }
            }
        }

        impl ::std::convert::From<#name> for #repr {
            fn from(value: #name) -> Self {
                value.value()
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), f)
            }
        }
    }
}

fn tagged(
    api: &Api,
    name: &proc_macro2::Ident,
    t: &TaggedUnion,
    docs: TokenStream,
    extra: &[String],
) -> TokenStream {
    let extra = extra_derives(extra, SERDE_DERIVES);
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
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize #extra)]
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
    extra: &[String],
) -> TokenStream {
    let extra = extra_derives(extra, SERDE_DERIVES);
    let variants = u.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.name);
        let with = serde_with(api, &v.ty).map(|with| quote!(#[serde(#with)]));
        let mut ty = type_tokens(api, &v.ty, Scope::Models);
        if v.boxed {
            ty = quote!(::std::boxed::Box<#ty>);
        }
        let docs = doc_attrs(v.docs.as_deref());
        quote! { #docs #ident(#with #ty), }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize #extra)]
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #( #variants )*
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_that_clippy_takes_for_constants_are_spotted() {
        for text in ["3.14", "3.14159", "2.718", "0.693", "6.283"] {
            assert!(looks_like_a_constant(text), "{text}");
        }
        for text in ["0.5", "2.0", "3.1", "10.25", "3", "1e21"] {
            assert!(!looks_like_a_constant(text), "{text}");
        }
    }

    #[test]
    fn inline_code_holds_any_backticks() {
        assert_eq!(code("a"), "`a`");
        assert_eq!(code("a`b"), "`` a`b ``");
        assert_eq!(code("``"), "``` `` ```");
    }
}
