//! The checks of request values against the spec's validation keywords (see
//! [`Constraints`]): an `impl Validate` (the runtime's `validate.rs`) for each type that
//! carries a rule, directly or through what it contains, and that some request can hold;
//! and the checks a client method makes before sending (see [`request_checks`]).
//!
//! Types without a rule get nothing: most specs have few rules, and every impl is code the
//! user's build compiles. An alias (`pub type ConversationId = String`) can have no impl of
//! its own; the model puts its rules on every use of it instead.

use std::collections::HashSet;

use heck::ToShoutySnakeCase;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote, ToTokens};

use super::gate;
use crate::model::{
    Api, Bound, Checked, Constraints, Field, Media, Operation, Rule, StructDef, TypeId, TypeKind,
    TypeRef,
};

/// How the runtime's modules are named where the code goes: `validate` and `pattern` in
/// `models` (which imports them; a schema type cannot take a lower-case name), or through
/// `runtime::` in `client` (which imports the runtime, like every other runtime item it
/// names).
#[derive(Clone, Copy)]
pub enum Modules {
    Imported,
    ThroughRuntime,
}

impl Modules {
    fn validate(self) -> TokenStream {
        match self {
            Modules::Imported => quote!(validate),
            Modules::ThroughRuntime => quote!(runtime::validate),
        }
    }

    fn pattern(self) -> TokenStream {
        match self {
            Modules::Imported => quote!(pattern),
            Modules::ThroughRuntime => quote!(runtime::pattern),
        }
    }
}

/// The `use` lines `models` needs for its impls, if it has any.
pub fn models_imports(api: &Api) -> TokenStream {
    let checked = &api.checked;
    if !checked.any() {
        return TokenStream::new();
    }
    let pattern = checked.patterns_in_types(api).then(|| {
        let gate = gate::union_of(api, |f| &f.types, |id| checked.pattern_in_type(api, id));
        gate::items(
            gate::cfg(api, &gate),
            quote!(
                use crate::runtime::pattern;
            ),
        )
    });
    let gate = gate::union_of(api, |f| &f.types, |id| checked.has(id));
    let validate = gate::items(
        gate::cfg(api, &gate),
        quote!(
            use crate::runtime::validate;
        ),
    );
    quote! {
        #validate
        #pattern
    }
}

/// `impl Validate for Name`, for a definition that has one.
pub fn validate_impl(api: &Api, id: TypeId, name: &Ident) -> Option<TokenStream> {
    if !api.checked.has(id) {
        return None;
    }
    let def = &api.types[id];
    let mut cx = Writer::new(api, Modules::Imported);
    let body = match &def.kind {
        TypeKind::Struct(s) => cx.struct_body(s),
        TypeKind::Newtype(target) => {
            let at = quote!(at);
            let checks = cx.value(
                &Value::Place(quote!(self.0)),
                target,
                &def.constraints,
                &at,
                "",
            );
            quote! {
                let at = *path;
                #checks
            }
        }
        TypeKind::Tagged(t) => {
            let checked: Vec<&str> = t
                .variants
                .iter()
                .filter(|v| cx.holds(&v.ty))
                .map(|v| v.name.as_str())
                .collect();
            // A tagged union has an `Other` variant besides the spec's.
            variants_match(name, &checked, false)
        }
        TypeKind::Untagged(u) => {
            let checked: Vec<&str> = u
                .variants
                .iter()
                .filter(|v| cx.holds(&v.ty))
                .map(|v| v.name.as_str())
                .collect();
            variants_match(name, &checked, checked.len() == u.variants.len())
        }
        _ => return None,
    };
    // The model drops the rules that do not apply to a Rust type (`validation::applicable`),
    // so a definition with a check has a rule to check; should one not, its impl still
    // compiles cleanly (other definitions' checks call it).
    let body = if body.is_empty() {
        quote!(let _ = (path, out);)
    } else {
        body
    };
    let validate = Modules::Imported.validate();
    let allow = cx
        .approximates_a_constant
        .then(|| quote!(#[allow(clippy::approx_constant)]));
    Some(quote! {
        impl #validate::Validate for #name {
            #allow
            fn validate(&self, path: &#validate::Path<'_>, out: &mut #validate::Violations) {
                #body
            }
        }
    })
}

/// Checks the value of each variant in `checked` (all of them when `all`), whose types
/// have checks of their own.
fn variants_match(name: &Ident, checked: &[&str], all: bool) -> TokenStream {
    let variants: Vec<Ident> = checked.iter().map(|v| format_ident!("{}", v)).collect();
    match variants.as_slice() {
        [variant] if !all => quote! {
            if let #name::#variant(value) = self {
                out.check(path, value);
            }
        },
        _ => {
            let rest = (!all).then(|| quote!(_ => {}));
            quote! {
                match self {
                    #( #name::#variants(value) => out.check(path, value), )*
                    #rest
                }
            }
        }
    }
}

/// The checks a client method makes before it sends anything, for an operation whose
/// parameters or body carry a rule; `None` for the others. The method's arguments are named
/// as the client emitter names them: each path parameter by its [`PathParam::name`]
/// (`&str` for strings, by value for numbers), `params: &{Operation}Params`, and `body: &T`
/// (`Option<&T>` when not required; `&str` for text).
///
/// [`PathParam::name`]: crate::model::PathParam::name
pub fn request_checks(api: &Api, op: &Operation) -> Option<TokenStream> {
    let checked = &api.checked;
    let mut cx = Writer::new(api, Modules::ThroughRuntime);
    let mut statements = Vec::new();
    for p in &op.path_params {
        if !checked.checks(&api.types, &p.ty, &p.constraints) {
            continue;
        }
        let ident = format_ident!("{}", p.name);
        let wire = &p.wire;
        let at = format_ident!("at");
        let ty = &p.ty;
        let value = match ty.expand(&api.types) {
            TypeRef::String => Value::Ref(quote!(#ident)),
            t if is_number(t) => Value::Copied(quote!(#ident)),
            _ => Value::Ref(quote!(#ident)),
        };
        let checks = cx.value(&value, ty, &p.constraints, &quote!(#at), &p.name);
        if checks.is_empty() {
            // Rules that do not apply to the Rust type (a length on bytes, say).
            continue;
        }
        let validate = Modules::ThroughRuntime.validate();
        statements.push(quote! {
            let #at = #validate::Path::root(#wire);
            #checks
        });
    }
    if let Some(params) = &op.params {
        if checked.has(params.ty) {
            let validate = Modules::ThroughRuntime.validate();
            statements.push(quote!(out.check(&#validate::Path::root("params"), params);));
        }
    }
    if let Some(body) = &op.body {
        let checked = match body.media {
            Media::Json | Media::Form | Media::Multipart | Media::Text => {
                checked.checks(&api.types, &body.ty, &body.constraints)
            }
            Media::Binary => false,
        };
        if checked {
            let validate = Modules::ThroughRuntime.validate();
            let at = quote!(at);
            // `&T`, or an `Option<&T>` (which the checks take as they take an `&Option<T>`).
            let value = Value::Ref(quote!(body));
            let ty = match (body.media, body.required) {
                (Media::Text, true) => TypeRef::String,
                (Media::Text, false) => TypeRef::Option(Box::new(TypeRef::String)),
                (_, true) => body.ty.clone(),
                (_, false) => TypeRef::Option(Box::new(body.ty.clone())),
            };
            let checks = cx.value(&value, &ty, &body.constraints, &at, "body");
            // Rules that do not apply to what is sent (an object schema sent as text).
            if !checks.is_empty() {
                statements.push(quote! {
                    let at = #validate::Path::root("body");
                    #checks
                });
            }
        }
    }
    if statements.is_empty() {
        return None;
    }
    let validate = Modules::ThroughRuntime.validate();
    Some(quote! {
        if self.runtime.validates_requests() {
            let mut out = #validate::Violations::new();
            #( #statements )*
            out.into_result()?;
        }
    })
}

fn is_number(ty: &TypeRef) -> bool {
    matches!(
        ty,
        TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 | TypeRef::F32 | TypeRef::F64
    )
}

/// A value to check, as an expression.
enum Value {
    /// A place (`self.name`).
    Place(TokenStream),
    /// A reference (`value`, a `&T` or `&str`).
    Ref(TokenStream),
    /// A number, by value.
    Copied(TokenStream),
}

impl Value {
    /// A `&T` expression.
    fn by_ref(&self) -> TokenStream {
        match self {
            Value::Place(expr) | Value::Copied(expr) => quote!(&#expr),
            Value::Ref(expr) => expr.clone(),
        }
    }

    /// An expression to call a method on.
    fn receiver(&self) -> TokenStream {
        match self {
            Value::Place(expr) | Value::Ref(expr) | Value::Copied(expr) => expr.clone(),
        }
    }

    /// The number itself.
    fn copied(&self) -> TokenStream {
        match self {
            Value::Place(expr) | Value::Copied(expr) => expr.clone(),
            Value::Ref(expr) => quote!(*#expr),
        }
    }
}

/// Writes the checks of one impl or method; keeps the names of its pattern statics.
struct Writer<'a> {
    api: &'a Api,
    checked: &'a Checked,
    modules: Modules,
    statics: HashSet<String>,
    approximates_a_constant: bool,
}

impl<'a> Writer<'a> {
    fn new(api: &'a Api, modules: Modules) -> Writer<'a> {
        Writer {
            api,
            checked: &api.checked,
            modules,
            statics: HashSet::new(),
            approximates_a_constant: false,
        }
    }

    fn holds(&self, ty: &TypeRef) -> bool {
        self.checked.holds(&self.api.types, ty)
    }

    /// The body of a struct's `validate`: its fields, by their names in the spec.
    fn struct_body(&mut self, s: &StructDef) -> TokenStream {
        let mut out = Vec::new();
        for field in &s.fields {
            if !self
                .checked
                .checks(&self.api.types, &field.ty, &field.constraints)
            {
                continue;
            }
            let ident = format_ident!("{}", field.name);
            if field.flatten {
                out.push(quote!(out.check(path, &self.#ident);));
                continue;
            }
            let wire = &field.wire;
            if field.constraints.is_empty() {
                out.push(quote!(out.check(&path.field(#wire), &self.#ident);));
                continue;
            }
            let ty = field_value_type(field);
            let at = quote!(at);
            let checks = self.value(
                &Value::Place(quote!(self.#ident)),
                &ty,
                &field.constraints,
                &at,
                &field.name,
            );
            if checks.is_empty() {
                // Rules that do not apply to the Rust type (a length on bytes, say).
                continue;
            }
            out.push(quote! {
                let at = path.field(#wire);
                #checks
            });
        }
        if let Some(value_ty) = &s.additional {
            if self
                .checked
                .checks(&self.api.types, value_ty, &s.additional_constraints)
            {
                if s.additional_constraints.is_empty() {
                    out.push(quote!(out.check(path, &self.additional_properties);));
                } else {
                    let at = quote!(at);
                    let checks = self.value(
                        &Value::Ref(quote!(value)),
                        value_ty,
                        &s.additional_constraints,
                        &at,
                        "additional",
                    );
                    out.push(quote! {
                        for (key, value) in &self.additional_properties {
                            let at = path.key(key);
                            #checks
                        }
                    });
                }
            }
        }
        // Each field's `let at` shadows the one before.
        quote!(#( #out )*)
    }

    /// Statements that check `value`, of type `ty`, whose use carries `c`, at the path in the
    /// variable `at`. `name` names its pattern statics.
    fn value(
        &mut self,
        value: &Value,
        ty: &TypeRef,
        c: &Constraints,
        at: &TokenStream,
        name: &str,
    ) -> TokenStream {
        let ty = ty.expand(&self.api.types);
        match ty {
            TypeRef::Option(inner) => {
                let inner_checks = self.value(&Value::Ref(quote!(value)), inner, c, at, name);
                let value = value.by_ref();
                if inner_checks.is_empty() {
                    return TokenStream::new();
                }
                quote! {
                    if let Some(value) = #value {
                        #inner_checks
                    }
                }
            }
            TypeRef::String => {
                let value = value.by_ref();
                let rules = c.rules.iter().filter_map(|rule| match rule {
                    Rule::MinLength(n) => {
                        let n = usize_literal(*n);
                        Some(quote!(out.min_length(&#at, #value, #n);))
                    }
                    Rule::MaxLength(n) => {
                        let n = usize_literal(*n);
                        Some(quote!(out.max_length(&#at, #value, #n);))
                    }
                    Rule::Pattern(source) => {
                        let pattern = self.modules.pattern();
                        let ident = self.static_name(name);
                        let source = raw_string(source);
                        Some(quote! {
                            static #ident: #pattern::Pattern = #pattern::Pattern::new(#source);
                            out.pattern(&#at, #value, &#ident);
                        })
                    }
                    _ => None,
                });
                let rules: Vec<TokenStream> = rules.collect();
                quote!(#( #rules )*)
            }
            t if is_number(t) => {
                let value = value.copied();
                let rules: Vec<TokenStream> = c
                    .rules
                    .iter()
                    .filter_map(|rule| {
                        let (method, bound) = match rule {
                            Rule::Minimum(b) => (quote!(minimum), b),
                            Rule::ExclusiveMinimum(b) => (quote!(exclusive_minimum), b),
                            Rule::Maximum(b) => (quote!(maximum), b),
                            Rule::ExclusiveMaximum(b) => (quote!(exclusive_maximum), b),
                            _ => return None,
                        };
                        let bound = self.bound(*bound);
                        Some(quote!(out.#method(&#at, #value, #bound);))
                    })
                    .collect();
                quote!(#( #rules )*)
            }
            TypeRef::Vec(item) => {
                let by_ref = value.by_ref();
                let receiver = value.receiver();
                let mut out = Vec::new();
                for rule in &c.rules {
                    match rule {
                        Rule::MinItems(n) => {
                            let n = usize_literal(*n);
                            out.push(quote!(out.min_items(&#at, #by_ref, #n);));
                        }
                        Rule::MaxItems(n) => {
                            let n = usize_literal(*n);
                            out.push(quote!(out.max_items(&#at, #by_ref, #n);));
                        }
                        _ => {}
                    }
                }
                let items = c.items.as_deref().cloned().unwrap_or_default();
                if items.is_empty() {
                    if self.holds(item) {
                        out.push(quote!(out.check(&#at, #by_ref);));
                    }
                } else {
                    let checks = self.value(&Value::Ref(quote!(item)), item, &items, at, name);
                    if !checks.is_empty() {
                        out.push(quote! {
                            for (index, item) in #receiver.iter().enumerate() {
                                let #at = #at.index(index);
                                #checks
                            }
                        });
                    }
                }
                quote!(#( #out )*)
            }
            TypeRef::Map(item) => {
                let by_ref = value.by_ref();
                let values = c.values.as_deref().cloned().unwrap_or_default();
                if values.is_empty() {
                    if self.holds(item) {
                        return quote!(out.check(&#at, #by_ref););
                    }
                    return TokenStream::new();
                }
                let checks = self.value(&Value::Ref(quote!(value)), item, &values, at, name);
                if checks.is_empty() {
                    return TokenStream::new();
                }
                quote! {
                    for (key, value) in #by_ref {
                        let #at = #at.key(key);
                        #checks
                    }
                }
            }
            TypeRef::Named(id) if self.checked.has(*id) => {
                let value = value.by_ref();
                quote!(out.check(&#at, #value);)
            }
            _ => TokenStream::new(),
        }
    }

    /// A number bound as a literal of the value's type (inferred from the value).
    fn bound(&mut self, bound: Bound) -> TokenStream {
        match bound {
            Bound::Integer(n) => {
                let digits = proc_macro2::Literal::u128_unsuffixed(n.unsigned_abs());
                if n < 0 {
                    quote!(-#digits)
                } else {
                    quote!(#digits)
                }
            }
            Bound::Float(f) => {
                if super::models::looks_like_a_constant(&f.abs().to_string()) {
                    self.approximates_a_constant = true;
                }
                let digits = proc_macro2::Literal::f64_unsuffixed(f.abs());
                if f.is_sign_negative() && f != 0.0 {
                    quote!(-#digits)
                } else {
                    quote!(#digits)
                }
            }
        }
    }

    /// A name for a pattern static, from what it checks (`NUMBER`), unique in the impl.
    fn static_name(&mut self, name: &str) -> Ident {
        let base = match name.trim_matches('_').to_shouty_snake_case() {
            s if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) => {
                "PATTERN".to_owned()
            }
            s => s,
        };
        let mut candidate = base.clone();
        let mut n = 2;
        while !self.statics.insert(candidate.clone()) {
            candidate = format!("{base}_{n}");
            n += 1;
        }
        format_ident!("{}", candidate)
    }
}

/// A string literal, raw (`r"\d{7,15}"`) where it can be, so that a pattern reads as the
/// spec writes it.
fn raw_string(text: &str) -> TokenStream {
    let literal = proc_macro2::Literal::string(text).into_token_stream();
    if text.contains('\r') {
        return literal;
    }
    let mut hashes = String::new();
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
        .parse()
        .unwrap_or(literal)
}

/// A `usize` literal.
fn usize_literal(n: u64) -> proc_macro2::Literal {
    proc_macro2::Literal::u64_unsuffixed(n)
}

/// The type of a field's value as its struct holds it: an `Option` when the field is one
/// (absent, or nullable), else its type. Boxing is transparent to the checks (a `Box` derefs).
fn field_value_type(field: &Field) -> TypeRef {
    let inner = match &field.ty {
        TypeRef::Option(inner) => inner.as_ref().clone(),
        other => other.clone(),
    };
    if field.is_option() {
        TypeRef::Option(Box::new(inner))
    } else {
        inner
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The checks of an operation of the validation fixture, formatted, in a method.
    fn checks_of(id: &str) -> String {
        let spec = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/fixtures/validation.yaml"
        );
        let api = crate::Generator::new(spec).model().unwrap().api;
        let op = api.operations.iter().find(|o| o.id == id).unwrap();
        let checks = request_checks(&api, op);
        let file: syn::File = syn::parse2(quote!(fn method() { #checks })).unwrap();
        prettyplease::unparse(&file)
    }

    #[test]
    fn a_method_checks_its_path_parameters_params_and_body() {
        assert_eq!(
            checks_of("listMembers"),
            r#"fn method() {
    if self.runtime.validates_requests() {
        let mut out = runtime::validate::Violations::new();
        let at = runtime::validate::Path::root("conversation_id");
        out.min_length(&at, conversation_id, 3);
        out.max_length(&at, conversation_id, 40);
        static CONVERSATION_ID: runtime::pattern::Pattern = runtime::pattern::Pattern::new(
            r"^CON-[0-9a-f-]+$",
        );
        out.pattern(&at, conversation_id, &CONVERSATION_ID);
        out.check(&runtime::validate::Path::root("params"), params);
        out.into_result()?;
    }
}
"#
        );
    }

    #[test]
    fn numbers_by_value_text_and_list_bodies() {
        assert_eq!(
            checks_of("putNote"),
            r#"fn method() {
    if self.runtime.validates_requests() {
        let mut out = runtime::validate::Violations::new();
        let at = runtime::validate::Path::root("number");
        out.exclusive_minimum(&at, number, 0);
        let at = runtime::validate::Path::root("body");
        out.min_length(&at, body, 1);
        out.max_length(&at, body, 280);
        out.into_result()?;
    }
}
"#
        );
        assert!(checks_of("putTags").contains(
            r#"let at = runtime::validate::Path::root("body");
        if let Some(value) = body {
            out.max_items(&at, value, 10);
            for (index, item) in value.iter().enumerate() {"#
        ));
    }

    #[test]
    fn a_struct_body_is_checked_by_its_impl() {
        assert_eq!(
            checks_of("createTree"),
            r#"fn method() {
    if self.runtime.validates_requests() {
        let mut out = runtime::validate::Violations::new();
        let at = runtime::validate::Path::root("body");
        out.check(&at, body);
        out.into_result()?;
    }
}
"#
        );
    }

    #[test]
    fn a_method_with_nothing_to_check_has_no_checks() {
        assert_eq!(checks_of("getHealth"), "fn method() {}\n");
    }
}
