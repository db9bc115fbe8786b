//! The streams of a paged operation (see [`crate::model::Pagination`]): `<op>_pages`, the
//! pages one after the other, and `<op>_stream`, their items. Both are lazy: a page is
//! fetched when the stream is polled past the one before. The runtime's `paginate` module
//! drives them; what is written here is how this operation asks for a page and where its
//! page says the next one is.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::super::types::{type_tokens, Scope};
use super::path_arg;
use crate::model::{
    Api, FieldPath, FieldStep, NextPage, OffsetUnit, Operation, Pagination, TypeKind, TypeRef,
};

/// The two stream methods of `op`, or nothing when it is not paged.
pub(super) fn stream_methods(
    api: &Api,
    op: &Operation,
    ret: &TokenStream,
    err: &TokenStream,
) -> TokenStream {
    let Some(p) = &op.pagination else {
        return TokenStream::new();
    };
    let name = &op.name;
    let pages_fn = format_ident!("{}", p.pages_fn);
    let items_fn = format_ident!("{}", p.items_fn);
    let request_fn = format_ident!("{}", op.request_fn);
    let decode_fn = format_ident!("{}", op.decode_fn);
    let (args, names) = arguments(api, op);
    let item = type_tokens(api, &p.item, Scope::Client);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    // The item stream of a deprecated operation is made of its (deprecated) page stream.
    let allow_deprecated = op.deprecated.then(|| quote!(#[allow(deprecated)]));
    let too_many = (args.len() + 1 > super::MAX_ARGUMENTS)
        .then(|| quote!(#[allow(clippy::too_many_arguments)]));

    let (setup, request_args, follow) = ask(api, op, p, &names);
    let request_binding = if follow.is_empty() {
        quote!(let request)
    } else {
        quote!(let mut request)
    };
    let needs_url = matches!(p.next, NextPage::HalLink { .. } | NextPage::LinkHeader);
    let url = needs_url.then(|| quote!(let url = request.url.clone();));
    let headers = matches!(p.next, NextPage::LinkHeader)
        .then(|| quote!(let headers = response.headers.clone();));
    let count = borrowed(&p.items, quote!(value)).finish(
        |expr| quote!(#expr.len()),
        |expr| quote!(#expr.map_or(0, |items| items.len())),
    );
    let next = next_page(p);
    let owned_items = owned(&p.items).finish(|expr| expr, |expr| quote!(#expr.unwrap_or_default()));
    let pages_docs = super::super::docs::lines_to_attrs(&[
        format!("The pages of [`Client::{name}`], fetched one after the other as the stream is"),
        "polled, from the page the arguments ask for to the last one.".to_owned(),
        String::new(),
        format!("How the next page is found: {}.", style_text(p)),
        "The stream ends after the last page, or with an error: one from a request, or".to_owned(),
        "[`Error::Pagination`] when the server leads it in a circle".to_owned(),
        "(a next page named twice, the same page twice in a row) or names a next page on"
            .to_owned(),
        "another origin.".to_owned(),
    ]);
    let items_docs = super::super::docs::lines_to_attrs(&[
        format!("Every item of every page of [`Client::{name}`]: the pages of"),
        format!("[`Client::{}`], one item at a time.", p.pages_fn),
    ]);
    quote! {
        #items_docs
        #deprecated
        #allow_deprecated
        #too_many
        pub fn #items_fn<'a>(&'a self, #( #args ),*)
            -> impl futures_util::Stream<Item = Result<#item, Error #err>> + 'a
        {
            runtime::paginate::items(self.#pages_fn(#( #names ),*), |page| #owned_items)
        }

        #pages_docs
        #deprecated
        #too_many
        pub fn #pages_fn<'a>(&'a self, #( #args ),*)
            -> impl futures_util::Stream<Item = Result<#ret, Error #err>> + 'a
        {
            runtime::paginate::pages(move |page: runtime::paginate::PageRequest| async move {
                #setup
                #request_binding = self.#request_fn(#( #request_args ),*)?;
                #follow
                #url
                let response = self.runtime.send(request).await?;
                #headers
                let body = response.body.clone();
                let value = Self::#decode_fn(response)?;
                let items = #count;
                let next = #next;
                Ok::<_, Error #err>(runtime::paginate::Page { value, items, next, body })
            })
        }
    }
}

/// What the docs say of the paging style.
fn style_text(p: &Pagination) -> String {
    let path = |path: &FieldPath| {
        let fields: Vec<&str> = path.0.iter().map(|s| s.field.as_str()).collect();
        format!("`{}`", fields.join("."))
    };
    match &p.next {
        NextPage::LinkHeader => "the `rel=\"next\"` link of the `Link` header".to_owned(),
        NextPage::HalLink { href } => format!("the link at {}", path(href)),
        NextPage::Cursor { param, cursor } => {
            format!(
                "the cursor at {} is sent back as `params.{param}`",
                path(cursor)
            )
        }
        NextPage::LastId {
            param, has_more, ..
        } => format!(
            "while {} is true, the last item's id is sent back as `params.{param}`",
            path(has_more)
        ),
        NextPage::Offset {
            param,
            unit: OffsetUnit::Index,
            total,
            ..
        } => format!(
            "`params.{param}` advances by the items received{}",
            total.as_ref().map_or(String::new(), |t| format!(
                ", up to the total at {}",
                path(t)
            ))
        ),
        NextPage::Offset {
            param,
            unit: OffsetUnit::Page,
            ..
        } => format!("`params.{param}` (a page number) advances by one"),
    }
}

/// The arguments of the stream methods: those of the operation's method, with the lifetime of
/// the stream (which holds on to them).
fn arguments(api: &Api, op: &Operation) -> (Vec<TokenStream>, Vec<Ident>) {
    let mut args = Vec::new();
    let mut names = Vec::new();
    for p in &op.path_params {
        let ident = format_ident!("{}", p.name);
        let (ty, _) = path_arg(api, &p.ty);
        let ty = with_lifetime(ty);
        args.push(quote!(#ident: #ty));
        names.push(ident);
    }
    if let Some(p) = &op.params {
        let ty = type_tokens(api, &TypeRef::Named(p.ty), Scope::Client);
        args.push(quote!(params: &'a #ty));
        names.push(format_ident!("params"));
    }
    (args, names)
}

/// `&T` as `&'a T` (other types as they are).
fn with_lifetime(ty: TokenStream) -> TokenStream {
    let mut tokens = ty.into_iter();
    match tokens.next() {
        Some(proc_macro2::TokenTree::Punct(p)) if p.as_char() == '&' => {
            let rest: TokenStream = tokens.collect();
            quote!(&'a #rest)
        }
        Some(first) => std::iter::once(first).chain(tokens).collect(),
        None => TokenStream::new(),
    }
}

/// How a page is asked for: statements before the request is built (the parameters struct
/// copied and moved to the page), the arguments of the request method, and statements after
/// (a next-page URL replacing the request's).
fn ask(
    api: &Api,
    op: &Operation,
    p: &Pagination,
    names: &[Ident],
) -> (TokenStream, Vec<TokenStream>, TokenStream) {
    let params_arg = |name: &Ident| {
        if name == "params" {
            quote!(&params)
        } else {
            quote!(#name)
        }
    };
    let field_of = |field: &str| {
        op.params
            .as_ref()
            .and_then(|params| match &api.types[params.ty].kind {
                TypeKind::Struct(def) => def.fields.iter().find(|f| f.name == field),
                _ => None,
            })
    };
    match &p.next {
        NextPage::LinkHeader | NextPage::HalLink { .. } => (
            TokenStream::new(),
            names.iter().map(|n| quote!(#n)).collect(),
            quote! {
                if let Some(runtime::paginate::NextPage::Url(url)) = &page.next {
                    // The link holds the whole query.
                    request.url = url.clone();
                    request.query.clear();
                }
            },
        ),
        NextPage::Cursor { param, .. } | NextPage::LastId { param, .. } => {
            let field = format_ident!("{param}");
            let optional = field_of(param).is_none_or(|f| f.is_option());
            let set = if optional {
                quote!(params.#field = Some(token.clone());)
            } else {
                quote!(params.#field = token.clone();)
            };
            (
                quote! {
                    let mut params = params.clone();
                    if let Some(runtime::paginate::NextPage::Token(token)) = &page.next {
                        #set
                    }
                },
                names.iter().map(params_arg).collect(),
                TokenStream::new(),
            )
        }
        NextPage::Offset { param, first, .. } => {
            let field = format_ident!("{param}");
            let optional = field_of(param).is_none_or(|f| f.is_option());
            let first = u64::try_from(*first).unwrap_or(0);
            let (current, set) = if optional {
                (
                    quote!(params.#field.map_or(#first, runtime::paginate::Number::to_count)),
                    quote!(params.#field = Some(runtime::paginate::Number::from_count(position));),
                )
            } else {
                (
                    quote!(runtime::paginate::Number::to_count(params.#field)),
                    quote!(params.#field = runtime::paginate::Number::from_count(position);),
                )
            };
            (
                quote! {
                    let mut params = params.clone();
                    let position = match &page.next {
                        Some(runtime::paginate::NextPage::Position(position)) => *position,
                        _ => #current,
                    };
                    #set
                },
                names.iter().map(params_arg).collect(),
                TokenStream::new(),
            )
        }
    }
}

/// The expression for the next page (a `Result`: a link the stream must not follow is an
/// error it reports after this page), from the decoded `value` (and `url`, `headers`).
fn next_page(p: &Pagination) -> TokenStream {
    match &p.next {
        NextPage::LinkHeader => quote!(runtime::paginate::link_header_next(&headers, &url)),
        NextPage::HalLink { href } => {
            let href = text_at(href);
            quote!(runtime::paginate::next_link(#href, &url))
        }
        NextPage::Cursor { cursor, .. } => {
            let cursor = text_at(cursor);
            quote!(Ok(runtime::paginate::next_token(#cursor)))
        }
        NextPage::LastId {
            has_more, id_field, ..
        } => {
            let has_more = borrowed(has_more, quote!(value))
                .finish(|expr| expr, |expr| quote!(#expr.copied().unwrap_or(false)));
            let last = borrowed(&p.items, quote!(value)).finish(
                |expr| quote!(#expr.last()),
                |expr| quote!(#expr.and_then(|items| items.last())),
            );
            let id = format_ident!("{}", id_field.field);
            let id = if id_field.optional {
                quote!(and_then(|item| item.#id.as_deref()))
            } else {
                quote!(map(|item| item.#id.as_str()))
            };
            quote! {
                Ok(if #has_more {
                    runtime::paginate::next_token(#last.#id)
                } else {
                    None
                })
            }
        }
        NextPage::Offset { unit, total, .. } => {
            let counting = match unit {
                OffsetUnit::Index => quote!(Index),
                OffsetUnit::Page => quote!(Page),
            };
            let total = match total {
                Some(total) => borrowed(total, quote!(value)).finish(
                    |expr| quote!(Some(runtime::paginate::Number::to_count(#expr))),
                    |expr| quote!(#expr.copied().map(runtime::paginate::Number::to_count)),
                ),
                None => quote!(None),
            };
            quote! {
                Ok(runtime::paginate::next_position(
                    runtime::paginate::Counting::#counting,
                    position,
                    items,
                    page.received,
                    #total,
                ))
            }
        }
    }
}

/// The value at a path below a page: a place (`value.embedded.conversations`) while every
/// step is there for sure, an `Option` once a step may be absent.
struct Access {
    expr: TokenStream,
    optional: bool,
}

impl Access {
    /// The expression for a use of the value: `plain` is given the place, `optional` the
    /// `Option`.
    fn finish(
        self,
        plain: impl FnOnce(TokenStream) -> TokenStream,
        optional: impl FnOnce(TokenStream) -> TokenStream,
    ) -> TokenStream {
        if self.optional {
            optional(self.expr)
        } else {
            plain(self.expr)
        }
    }
}

/// The value at `path` below `start`, borrowed: a place, or an `Option<&T>`.
fn borrowed(path: &FieldPath, start: TokenStream) -> Access {
    borrowed_steps(&path.0, start)
}

fn borrowed_steps(steps: &[FieldStep], start: TokenStream) -> Access {
    let mut access = Access {
        expr: start,
        optional: false,
    };
    for step in steps {
        let field = format_ident!("{}", step.field);
        let expr = &access.expr;
        access.expr = match (access.optional, step.optional) {
            (false, false) => quote!(#expr.#field),
            (false, true) => quote!(#expr.#field.as_ref()),
            (true, false) => quote!(#expr.map(|v| &v.#field)),
            (true, true) => quote!(#expr.and_then(|v| v.#field.as_ref())),
        };
        access.optional |= step.optional;
    }
    access
}

/// The value at `path` below `page`, taken out of it: a value, or an `Option<T>`.
fn owned(path: &FieldPath) -> Access {
    let mut access = Access {
        expr: quote!(page),
        optional: false,
    };
    for step in &path.0 {
        let field = format_ident!("{}", step.field);
        let expr = &access.expr;
        access.expr = match (access.optional, step.optional) {
            (false, _) => quote!(#expr.#field),
            (true, false) => quote!(#expr.map(|v| v.#field)),
            (true, true) => quote!(#expr.and_then(|v| v.#field)),
        };
        access.optional |= step.optional;
    }
    access
}

/// `Option<&str>` of a string at `path` below `value` (an optional last member is read with
/// `as_deref`, the form clippy asks for).
fn text_at(path: &FieldPath) -> TokenStream {
    let Some((last, init)) = path.0.split_last() else {
        return quote!(Some(value.as_str()));
    };
    let head = borrowed_steps(init, quote!(value));
    let expr = head.expr;
    let field = format_ident!("{}", last.field);
    match (head.optional, last.optional) {
        (false, false) => quote!(Some(#expr.#field.as_str())),
        (false, true) => quote!(#expr.#field.as_deref()),
        (true, false) => quote!(#expr.map(|v| v.#field.as_str())),
        (true, true) => quote!(#expr.and_then(|v| v.#field.as_deref())),
    }
}
