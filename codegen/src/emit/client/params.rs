//! Parameters on the wire: query, header and cookie values encoded as their `style` and
//! `explode` say, and the small runtime helpers that do it (emitted only when used).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::super::types::is_displayable;
use crate::model::{
    Api, ParamLocation, ParamShape, ParamStyle, PartKind, SecurityKind, SentParam, TypeKind,
    TypeRef,
};

/// Code that adds one parameter to `query` (encoded `name=value` pairs), `headers` or
/// `cookies` (named by its location), as its style says (see [`ParamStyle`]).
pub(super) fn send_param(api: &Api, sent: &SentParam, ty: &TypeRef) -> TokenStream {
    let field = format_ident!("{}", sent.field);
    let wire = &sent.wire;
    let (value_ty, optional) = match ty {
        TypeRef::Option(inner) => (inner.as_ref(), true),
        other => (other, !sent.required),
    };
    let item = match value_ty.expand(&api.types) {
        TypeRef::Vec(item) if sent.shape == ParamShape::List => Some(item.as_ref()),
        _ => None,
    };
    let delimiter = match sent.style {
        ParamStyle::SpaceDelimited => "%20",
        ParamStyle::PipeDelimited => "|",
        ParamStyle::Form | ParamStyle::DeepObject | ParamStyle::Simple => ",",
    };
    let explode = sent.explode;
    let order = member_order(api, value_ty);
    let push = match (sent.location, item) {
        (ParamLocation::Query, _) if sent.style == ParamStyle::DeepObject => {
            quote!(query_deep_object(&mut query, #wire, value, #order);)
        }
        (ParamLocation::Query, Some(item)) if explode => {
            let text = value_text(api, item, quote!(item));
            quote! {
                for item in value {
                    query.push(query_pair(#wire, &#text));
                }
            }
        }
        (ParamLocation::Query, Some(item)) => {
            let text = value_text(api, item, quote!(item));
            quote!(query.push(query_joined(#wire, value.iter().map(|item| #text), #delimiter));)
        }
        (ParamLocation::Query, None) if sent.shape == ParamShape::Object => {
            quote!(query_form(&mut query, #wire, value, #explode, #delimiter, #order);)
        }
        (ParamLocation::Query, None) => {
            let text = value_text(api, value_ty, quote!(value));
            quote!(query.push(query_pair(#wire, &#text));)
        }
        (ParamLocation::Cookie, None) if sent.shape == ParamShape::Object => quote! {
            for (name, pieces) in form_pairs(#wire, value, #explode, #order) {
                cookies.push((name, pieces.join(",")));
            }
        },
        (location, item) => {
            let (target, name) = match location {
                ParamLocation::Cookie => (format_ident!("cookies"), quote!(#wire.to_owned())),
                _ => (format_ident!("headers"), quote!(#wire)),
            };
            match item {
                Some(item) => {
                    let text = value_text(api, item, quote!(item));
                    quote! {
                        #target.push((
                            #name,
                            value.iter().map(|item| #text).collect::<Vec<_>>().join(","),
                        ));
                    }
                }
                None if sent.shape == ParamShape::Object => quote! {
                    if let Some(text) = simple_text(value, #explode, #order) {
                        #target.push((#name, text));
                    }
                },
                None => {
                    let text = value_text(api, value_ty, quote!(value));
                    quote!(#target.push((#name, #text));)
                }
            }
        }
    };
    if optional {
        quote! {
            if let Some(value) = &params.#field {
                #push
            }
        }
    } else {
        quote! {
            {
                let value = &params.#field;
                #push
            }
        }
    }
}

/// The wire names of a struct's declared members, in the spec's order (an object parameter's
/// members are sent in that order); empty for other types.
fn member_order(api: &Api, ty: &TypeRef) -> TokenStream {
    let names: Vec<&str> = match ty.expand(&api.types) {
        TypeRef::Named(id) => match &api.types[*id].kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .filter(|f| !f.flatten)
                .map(|f| f.wire.as_str())
                .collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    quote!(&[#( #names ),*])
}

/// Which of the encoding helpers the operations use (each is emitted only then, so that the
/// generated crate has no dead code).
#[derive(Default)]
struct Helpers {
    query: bool,
    query_pair: bool,
    query_joined: bool,
    query_form: bool,
    query_deep_object: bool,
    simple_text: bool,
    form_pairs: bool,
    member_parts: bool,
}

impl Helpers {
    fn of(api: &Api) -> Helpers {
        let mut helpers = Helpers::default();
        for op in &api.operations {
            let sent = op.params.iter().flat_map(|p| &p.params);
            for sent in sent {
                let list = sent.shape == ParamShape::List;
                let object = sent.shape == ParamShape::Object;
                match sent.location {
                    ParamLocation::Query => {
                        helpers.query = true;
                        if sent.style == ParamStyle::DeepObject {
                            helpers.query_deep_object = true;
                        } else if object {
                            helpers.query_form = true;
                        } else if list && !sent.explode {
                            helpers.query_joined = true;
                        } else {
                            helpers.query_pair = true;
                        }
                    }
                    ParamLocation::Header if object => helpers.simple_text = true,
                    ParamLocation::Cookie if object && sent.explode => helpers.form_pairs = true,
                    ParamLocation::Cookie if object => helpers.simple_text = true,
                    _ => {}
                }
            }
            let query_keys = op.security.iter().any(|i| {
                matches!(
                    api.security[*i].kind,
                    SecurityKind::ApiKey {
                        location: ParamLocation::Query,
                        ..
                    }
                )
            });
            helpers.query |= query_keys;
            helpers.query_pair |= query_keys;
            let members = op.body.iter().flat_map(|b| &b.parts);
            helpers.member_parts |= members.into_iter().any(|p| p.kind == PartKind::Members);
        }
        helpers.form_pairs |= helpers.query_form;
        helpers.query_joined |= helpers.query_form;
        helpers
    }
}

/// The encoding helpers the operations use (see [`Helpers`]).
pub(super) fn helpers(api: &Api) -> TokenStream {
    let used = Helpers::of(api);
    let mut items = Vec::new();
    if used.query {
        items.push(quote! {
            /// All but the unreserved characters of RFC 3986 (letters, digits, `-._~`).
            const NOT_UNRESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
                .remove(b'-')
                .remove(b'.')
                .remove(b'_')
                .remove(b'~');

            /// Percent-encodes a name or value, so that the delimiters a parameter style adds
            /// stay apart from it.
            fn encode(text: &str) -> String {
                percent_encoding::utf8_percent_encode(text, NOT_UNRESERVED).to_string()
            }

            /// Adds the query's pairs (percent-encoded already) to the URL, after those it has.
            fn append_query(url: &mut reqwest::Url, pairs: &[String]) {
                let query = match url.query() {
                    Some(existing) if !existing.is_empty() => {
                        format!("{existing}&{}", pairs.join("&"))
                    }
                    _ => pairs.join("&"),
                };
                url.set_query(Some(&query));
            }
        });
    }
    if used.query_pair {
        items.push(quote! {
            /// One `name=value` pair of a query string, percent-encoded.
            fn query_pair(name: &str, value: &str) -> String {
                format!("{}={}", encode(name), encode(value))
            }
        });
    }
    if used.query_joined {
        items.push(quote! {
            /// A query pair whose value is several pieces, each percent-encoded, joined by the
            /// delimiter of the parameter's style (`,`, `%20` or `|`), which stays literal.
            fn query_joined(
                name: &str,
                pieces: impl Iterator<Item = String>,
                delimiter: &str,
            ) -> String {
                let pieces: Vec<String> =
                    pieces.map(|piece| encode(&piece)).collect();
                format!("{}={}", encode(name), pieces.join(delimiter))
            }
        });
    }
    let members = used.query_form || used.query_deep_object || used.simple_text || used.form_pairs;
    if members {
        items.push(quote! {
            /// The members of a parameter value that is an object: the declared properties
            /// first, in the spec's order (`order`), then the others by name. Null members
            /// (unset optional properties) are left out. `Err` holds a value that is no object.
            fn members<T: serde::Serialize + ?Sized>(
                value: &T,
                order: &[&str],
            ) -> Result<
                Vec<(String, serde_json::Value)>,
                serde_json::Value,
            > {
                match serde_json::to_value(value) {
                    Ok(serde_json::Value::Object(members)) => {
                        let mut members: Vec<_> = members
                            .into_iter()
                            .filter(|(_, member)| !member.is_null())
                            .collect();
                        members.sort_by_key(|(name, _)| {
                            order
                                .iter()
                                .position(|declared| *declared == name)
                                .unwrap_or(order.len())
                        });
                        Ok(members)
                    }
                    Ok(other) => Err(other),
                    Err(_) => {
                        Err(serde_json::Value::Null)
                    }
                }
            }

            /// The text of a value inside a parameter: a string as it is, anything else (a
            /// number, a boolean, a nested list or object) as JSON.
            fn member_text(value: &serde_json::Value) -> String {
                match value {
                    serde_json::Value::String(text) => text.clone(),
                    other => other.to_string(),
                }
            }
        });
    }
    if used.form_pairs {
        items.push(quote! {
            /// The pairs of a parameter in `form` style (or a delimited one), as names and the
            /// pieces of their values. Exploded, an object is one pair per member
            /// (`role=admin`, `firstName=Alex`) and a list one pair per item; else either is
            /// one pair of all its pieces (`id` with `role`, `admin`, `firstName`, `Alex`).
            fn form_pairs<T: serde::Serialize + ?Sized>(
                name: &str,
                value: &T,
                explode: bool,
                order: &[&str],
            ) -> Vec<(String, Vec<String>)> {
                let pieces: Vec<String> = match members(value, order) {
                    Ok(members) if explode => {
                        return members
                            .into_iter()
                            .map(|(name, member)| {
                                (name, Vec::from([member_text(&member)]))
                            })
                            .collect();
                    }
                    Ok(members) => members
                        .into_iter()
                        .flat_map(|(name, member)| [name, member_text(&member)])
                        .collect(),
                    Err(serde_json::Value::Array(items)) if explode => {
                        return items
                            .iter()
                            .filter(|item| !item.is_null())
                            .map(|item| (name.to_owned(), Vec::from([member_text(item)])))
                            .collect();
                    }
                    Err(serde_json::Value::Array(items)) => {
                        items.iter().map(member_text).collect()
                    }
                    Err(serde_json::Value::Null) => Vec::new(),
                    Err(other) => Vec::from([member_text(&other)]),
                };
                if pieces.is_empty() {
                    Vec::new()
                } else {
                    Vec::from([(name.to_owned(), pieces)])
                }
            }
        });
    }
    if used.query_form {
        items.push(quote! {
            /// Adds a parameter in `form` style (or a delimited one) to a query: see
            /// [`form_pairs`]; the pieces of a value are joined by `delimiter`.
            fn query_form<T: serde::Serialize + ?Sized>(
                query: &mut Vec<String>,
                name: &str,
                value: &T,
                explode: bool,
                delimiter: &str,
                order: &[&str],
            ) {
                for (name, pieces) in form_pairs(name, value, explode, order) {
                    query.push(query_joined(&name, pieces.into_iter(), delimiter));
                }
            }
        });
    }
    if used.query_deep_object {
        items.push(quote! {
            /// Adds a parameter in `deepObject` style to a query: one pair per member,
            /// `id[role]=admin`. Nested objects nest further (`id[address][city]=Paris`) and
            /// lists are indexed (`id[tags][0]=a`); null members are left out.
            fn query_deep_object<T: serde::Serialize + ?Sized>(
                query: &mut Vec<String>,
                name: &str,
                value: &T,
                order: &[&str],
            ) {
                match members(value, order) {
                    Ok(members) => {
                        for (member_name, member) in members {
                            let member_name = encode(&member_name);
                            let key = format!("{}[{member_name}]", encode(name));
                            deep_pairs(query, key, &member);
                        }
                    }
                    Err(other) => deep_pairs(query, encode(name), &other),
                }
            }

            /// The `deepObject` pairs of one value under `key` (percent-encoded already).
            fn deep_pairs(
                query: &mut Vec<String>,
                key: String,
                value: &serde_json::Value,
            ) {
                match value {
                    serde_json::Value::Null => {}
                    serde_json::Value::Object(members) => {
                        for (name, member) in members {
                            deep_pairs(query, format!("{key}[{}]", encode(name)), member);
                        }
                    }
                    serde_json::Value::Array(items) => {
                        for (i, item) in items.iter().enumerate() {
                            deep_pairs(query, format!("{key}[{i}]"), item);
                        }
                    }
                    other => {
                        let text = encode(&member_text(other));
                        query.push(format!("{key}={text}"));
                    }
                }
            }
        });
    }
    if used.simple_text {
        items.push(quote! {
            /// The text of an object in `simple` style (a header), and of an unexploded object
            /// cookie: `role,admin,firstName,Alex`, exploded `role=admin,firstName=Alex`;
            /// `None` when there is nothing to send.
            fn simple_text<T: serde::Serialize + ?Sized>(
                value: &T,
                explode: bool,
                order: &[&str],
            ) -> Option<String> {
                let pieces: Vec<String> = match members(value, order) {
                    Ok(members) => members
                        .iter()
                        .map(|(name, member)| {
                            let separator = if explode { "=" } else { "," };
                            format!("{name}{separator}{}", member_text(member))
                        })
                        .collect(),
                    Err(serde_json::Value::Array(items)) => {
                        items.iter().map(member_text).collect()
                    }
                    Err(serde_json::Value::Null) => Vec::new(),
                    Err(other) => Vec::from([member_text(&other)]),
                };
                (!pieces.is_empty()).then(|| pieces.join(","))
            }
        });
    }
    if used.member_parts {
        items.push(quote! {
            /// Adds the members of a value (a map, a flattened union, a free-form object) to a
            /// multipart form, one part each, named by its key: text for strings, numbers and
            /// booleans, JSON (`application/json`) otherwise. Null members are left out.
            fn member_parts<T: serde::Serialize + ?Sized>(
                mut form: reqwest::multipart::Form,
                value: &T,
            ) -> Result<reqwest::multipart::Form, Error> {
                if let Ok(serde_json::Value::Object(members)) =
                    serde_json::to_value(value)
                {
                    for (name, member) in members {
                        form = match member {
                            serde_json::Value::Null => form,
                            serde_json::Value::String(text) => form.text(name, text),
                            serde_json::Value::Bool(_) | serde_json::Value::Number(_) => {
                                form.text(name, member.to_string())
                            }
                            other => form.part(
                                name,
                                reqwest::multipart::Part::text(other.to_string())
                                    .mime_str("application/json")?,
                            ),
                        };
                    }
                }
                Ok(form)
            }
        });
    }
    quote!(#( #items )*)
}

/// The text of a parameter value: `Display` for scalars and string enums, JSON otherwise.
fn value_text(api: &Api, ty: &TypeRef, value: TokenStream) -> TokenStream {
    if is_displayable(api, ty) {
        quote!(#value.to_string())
    } else {
        quote!(serde_json::to_string(#value).unwrap_or_default())
    }
}
