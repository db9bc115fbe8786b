//! Parameters on the wire: query, header and cookie values encoded as their `style` and
//! `explode` say, with the runtime's helpers (`runtime::url`, and `runtime::params` for lists
//! and objects, which a crate gets only when some parameter needs it).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::super::types::{is_displayable, serializable};
use crate::model::{Api, ParamLocation, ParamShape, ParamStyle, SentParam, TypeKind, TypeRef};

/// How one parameter is written, as its location, `style`, `explode` and shape say (see
/// [`ParamStyle`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Writer {
    /// One `name=value` query pair.
    QueryPair,
    /// A list, one query pair per item (`form`, exploded).
    QueryPairs,
    /// A list, one query pair with the items joined by the style's delimiter.
    QueryJoined,
    /// An object in `form` style (or a delimited one).
    QueryForm,
    /// An object or list in `deepObject` style.
    QueryDeepObject,
    /// An object cookie, `form` style.
    CookieForm,
    /// An object header (or cookie), `simple` style.
    Simple,
    /// A list header or cookie: the items joined by `,`.
    JoinedText,
    /// A scalar header or cookie.
    Text,
}

impl Writer {
    fn of(api: &Api, sent: &SentParam, value_ty: &TypeRef) -> Writer {
        let list = matches!(value_ty.expand(&api.types), TypeRef::Vec(_))
            && sent.shape == ParamShape::List;
        let object = sent.shape == ParamShape::Object;
        match sent.location {
            ParamLocation::Query if sent.style == ParamStyle::DeepObject => Writer::QueryDeepObject,
            ParamLocation::Query if list && sent.explode => Writer::QueryPairs,
            ParamLocation::Query if list => Writer::QueryJoined,
            ParamLocation::Query if object => Writer::QueryForm,
            ParamLocation::Query => Writer::QueryPair,
            ParamLocation::Cookie if object && !list => Writer::CookieForm,
            _ if list => Writer::JoinedText,
            _ if object => Writer::Simple,
            _ => Writer::Text,
        }
    }

    /// Whether the writer needs the runtime's `params` module (which a crate gets only if
    /// some parameter does).
    fn uses_params_module(self) -> bool {
        matches!(
            self,
            Writer::QueryJoined
                | Writer::QueryForm
                | Writer::QueryDeepObject
                | Writer::CookieForm
                | Writer::Simple
        )
    }
}

/// The value type of a parameter (without the `Option` of a nullable or optional one), and
/// whether it is optional.
fn value_type<'a>(sent: &SentParam, ty: &'a TypeRef) -> (&'a TypeRef, bool) {
    match ty {
        TypeRef::Option(inner) => (inner.as_ref(), true),
        other => (other, !sent.required),
    }
}

/// Whether some parameter of the API is written with the runtime's `params` module.
pub(in super::super) fn uses_params_module(api: &Api) -> bool {
    api.operations.iter().any(|op| {
        let Some(p) = &op.params else {
            return false;
        };
        let fields = match &api.types[p.ty].kind {
            TypeKind::Struct(s) => s.fields.as_slice(),
            _ => &[],
        };
        p.params.iter().zip(fields).any(|(sent, field)| {
            sent.location != ParamLocation::Path
                && Writer::of(api, sent, value_type(sent, &field.ty).0).uses_params_module()
        })
    })
}

/// Code that adds one parameter to the request's query (encoded `name=value` pairs), headers
/// or cookies, as its style says (see [`ParamStyle`]).
pub(in crate::emit) fn send_param(api: &Api, sent: &SentParam, ty: &TypeRef) -> TokenStream {
    let field = format_ident!("{}", sent.field);
    let wire = &sent.wire;
    let (value_ty, optional) = value_type(sent, ty);
    let item = match value_ty.expand(&api.types) {
        TypeRef::Vec(item) => item.as_ref(),
        other => other,
    };
    let delimiter = match sent.style {
        ParamStyle::SpaceDelimited => "%20",
        ParamStyle::PipeDelimited => "|",
        ParamStyle::Form | ParamStyle::DeepObject | ParamStyle::Simple => ",",
    };
    let explode = sent.explode;
    let order = member_order(api, value_ty);
    // What the runtime's serde-based writers take (a value holding `time` values, wrapped).
    let serde_value = serializable(api, value_ty, quote!(value));
    let (target, name) = match sent.location {
        ParamLocation::Cookie => (quote!(request.cookies), quote!(#wire.to_owned())),
        _ => (quote!(request.headers), quote!(#wire)),
    };
    let push = match Writer::of(api, sent, value_ty) {
        Writer::QueryDeepObject => quote! {
            runtime::params::query_deep_object(&mut request.query, #wire, #serde_value, #order);
        },
        Writer::QueryPairs => {
            let text = value_text(api, item, quote!(item), wire).get();
            quote! {
                for item in value {
                    request.query.push(runtime::url::query_pair(#wire, &#text));
                }
            }
        }
        Writer::QueryJoined => {
            let texts = value_text(api, item, quote!(item), wire).of_items();
            quote! {
                request.query.push(runtime::params::query_joined(
                    #wire,
                    #texts,
                    #delimiter,
                ));
            }
        }
        Writer::QueryForm => quote! {
            runtime::params::query_form(
                &mut request.query, #wire, #serde_value, #explode, #delimiter, #order,
            );
        },
        Writer::QueryPair => {
            let text = value_text(api, value_ty, quote!(value), wire).get();
            quote!(request.query.push(runtime::url::query_pair(#wire, &#text));)
        }
        Writer::CookieForm => quote! {
            for (name, pieces) in runtime::params::form_pairs(#wire, #serde_value, #explode, #order) {
                request.cookies.push((name, pieces.join(",")));
            }
        },
        Writer::Simple => quote! {
            if let Some(text) = runtime::params::simple_text(#serde_value, #explode, #order) {
                #target.push((#name, text));
            }
        },
        Writer::JoinedText => {
            let joined = value_text(api, item, quote!(item), wire).joined();
            quote! {
                #target.push((
                    #name,
                    #joined,
                ));
            }
        }
        Writer::Text => {
            let text = value_text(api, value_ty, quote!(value), wire).get();
            quote!(#target.push((#name, #text));)
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
pub(super) fn member_order(api: &Api, ty: &TypeRef) -> TokenStream {
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

/// The text of a value (`value`, a reference) in a parameter or a text part: an expression
/// that gives a `String`, or one that gives a `Result` of it (see [`Text::get`]).
pub(super) enum Text {
    Plain(TokenStream),
    Fallible(TokenStream),
}

impl Text {
    /// The expression: a `String`, or for a fallible text a `Result` of one.
    pub(super) fn inner(self) -> TokenStream {
        match self {
            Text::Plain(text) | Text::Fallible(text) => text,
        }
    }

    /// The `String` (a fallible one with `?`: the request method returns its error).
    pub(super) fn get(self) -> TokenStream {
        match self {
            Text::Plain(text) => text,
            Text::Fallible(text) => quote!(#text?),
        }
    }

    /// The texts of the items of `value` (the text being that of `item`), as an iterator of
    /// `String`s (a fallible text is collected first, so that `?` is not in a closure).
    fn of_items(self) -> TokenStream {
        match self {
            Text::Plain(text) => quote!(value.iter().map(|item| #text)),
            Text::Fallible(text) => quote! {
                value
                    .iter()
                    .map(|item| #text)
                    .collect::<Result<Vec<_>, _>>()?
                    .into_iter()
            },
        }
    }

    /// The texts of the items of `value`, joined by `,` (a `String`).
    fn joined(self) -> TokenStream {
        match self {
            Text::Plain(text) => {
                quote!(value.iter().map(|item| #text).collect::<Vec<_>>().join(","))
            }
            Text::Fallible(text) => quote! {
                value
                    .iter()
                    .map(|item| #text)
                    .collect::<Result<Vec<_>, _>>()?
                    .join(",")
            },
        }
    }
}

/// The text of a parameter value: `Display` for scalars and string enums; for a type the
/// generated code does not define, its JSON text (a string without its quotes, the runtime's
/// `url::value_text`, which fails for a value that does not serialize); JSON otherwise.
pub(super) fn value_text(api: &Api, ty: &TypeRef, value: TokenStream, wire: &str) -> Text {
    if let TypeRef::External(_) = ty.expand(&api.types) {
        let value = serializable(api, ty, value);
        return Text::Fallible(quote!(runtime::url::value_text(#wire, #value)));
    }
    Text::Plain(if is_displayable(api, ty) {
        quote!(#value.to_string())
    } else {
        let value = serializable(api, ty, value);
        quote!(serde_json::to_string(#value).unwrap_or_default())
    })
}
