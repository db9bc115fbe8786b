//! Paged list operations, recognised from the spec so that the client can stream their items.
//!
//! OpenAPI has no word for pagination, so it is inferred, and conservatively: an operation is
//! paged only when both halves of a paging scheme are in the spec, the request side (a query
//! parameter to feed back) and the response side (where the next page is announced), and the
//! items of a page sit in one place without doubt. A wrong guess would give a stream that
//! stops early or loops, which is worse than no stream: when in doubt, the operation is left
//! as it is. The rule, for a `GET` whose success response is one JSON type:
//!
//! 1. **Items**: the body is a list, or an object with exactly one list member, directly or
//!    up to two objects below (`_embedded.conversations`, `_embedded.data.conversations`);
//!    members under `_links` and `links` are not looked at.
//! 2. **A paging parameter**: the operation has a query parameter named like one of those
//!    below (a page size, an index, a page number, a cursor). A single resource that carries
//!    a `next` link and one list (`GET /members/{id}`) is no page.
//! 3. **How the next page is found**, the first that applies:
//!    - *`Link` header* (RFC 8288, GitHub): the success response declares a `Link` header.
//!      The next page is the URL of its `rel="next"` link.
//!    - *HAL link*: the body has `_links.next.href` (a string). The next page is that URL.
//!    - *Cursor*: the body has a string member named like a next cursor (`next_cursor`,
//!      `next_page_token`, `nextToken`, `continuation_token`, ...), directly or one object
//!      below (`meta.next_cursor`), and the operation a query parameter named like a cursor
//!      (`cursor`, `page_token`, `after`, `marker`, ...). The cursor is fed back through it;
//!      no cursor (or an empty one) ends the stream.
//!    - *`has_more` and the last id* (Stripe): the body has a boolean `has_more`, the items
//!      are objects with a string `id`, and the operation has a `starting_after` (or `after`)
//!      query parameter. The last item's id is fed back while `has_more` is true.
//!    - *Offset*: the operation has a numeric page-size query parameter (`limit`,
//!      `page_size`, `per_page`, ...) and a numeric position parameter: an index
//!      (`offset`, `record_index`, `start`, `skip`), advanced by the number of items
//!      received, or a page number (`page`, `page_number`), advanced by one; counting
//!      starts at the parameter's `default`, else at 0 for an index and 1 for a page
//!      number, when the caller leaves it unset. A numeric
//!      total in the body (`count`, `total`, `total_count`, ...) ends the stream when the
//!      items received reach it; an empty page always does.
//!
//! Names are compared without case, `_` and `-` (`pageSize` is `page_size`). An operation
//! with a request body is never paged.

use super::operations::unwrap_option;
use super::{Api, Media, Operation, Outcome, ParamLocation, ParamShape, Status, TypeKind, TypeRef};

/// How one operation pages (see the module docs for the rule).
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The client method that streams the pages (`<operation>_pages`), unique among the
    /// client's methods.
    pub pages_fn: String,
    /// The client method that streams the items (`<operation>_stream`).
    pub items_fn: String,
    /// Where a page's items are in its body; empty when the body is the list itself.
    pub items: FieldPath,
    /// The type of one item.
    pub item: TypeRef,
    pub next: NextPage,
}

/// Fields to follow from a body to a value, each a field of a struct of the model.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FieldPath(pub Vec<FieldStep>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldStep {
    /// The Rust field name.
    pub field: String,
    /// The field is an `Option` (absent means the value is not there).
    pub optional: bool,
}

/// How the request for the next page is made.
#[derive(Debug, Clone, PartialEq)]
pub enum NextPage {
    /// The `rel="next"` URL of the response's `Link` header.
    LinkHeader,
    /// The URL in the body at `href` (`_links.next.href`).
    HalLink { href: FieldPath },
    /// The string at `cursor` in the body, sent back as the query parameter `param` (a field
    /// of the operation's parameters struct).
    Cursor { param: String, cursor: FieldPath },
    /// While the boolean at `has_more` is true, the last item's `id_field` is sent back as
    /// the query parameter `param`.
    LastId {
        param: String,
        has_more: FieldPath,
        id_field: FieldStep,
    },
    /// The query parameter `param` is advanced: by the number of items received for an
    /// index, by one for a page number.
    Offset {
        param: String,
        unit: OffsetUnit,
        /// The page-size parameter (documentation: how many items a page holds).
        size: String,
        /// The total number of items, when the body says it.
        total: Option<FieldPath>,
        /// The Rust type of `param` (without the `Option`), to convert the count to.
        ty: TypeRef,
        /// Where counting starts when the caller leaves `param` unset: the parameter's
        /// `default` when it is an integer, else 0 for an index and 1 for a page number.
        first: i64,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OffsetUnit {
    /// The position of the first item (`offset`, `record_index`).
    Index,
    /// The number of the page (`page`).
    Page,
}

const CURSOR_FIELDS: &[&str] = &[
    "nextcursor",
    "nextpagetoken",
    "nexttoken",
    "continuationtoken",
    "nextcontinuationtoken",
    "nextmarker",
    "nextpagecursor",
];
const CURSOR_PARAMS: &[&str] = &[
    "cursor",
    "pagetoken",
    "nexttoken",
    "continuationtoken",
    "marker",
    "after",
    "pagecursor",
    "startcursor",
];
const LAST_ID_PARAMS: &[&str] = &["startingafter", "after"];
const INDEX_PARAMS: &[&str] = &[
    "offset",
    "recordindex",
    "start",
    "startindex",
    "skip",
    "startat",
];
const PAGE_PARAMS: &[&str] = &["page", "pagenumber", "pagenum", "pageno"];
const SIZE_PARAMS: &[&str] = &[
    "limit",
    "pagesize",
    "perpage",
    "size",
    "maxresults",
    "maxitems",
    "count",
    "pagelimit",
];
const TOTAL_FIELDS: &[&str] = &[
    "total",
    "count",
    "totalcount",
    "totalresults",
    "totalitems",
    "totalrecords",
    "totalsize",
];

/// Sets [`Operation::pagination`] on every operation the rule recognises (the names of its
/// stream methods are left to the caller, who knows the client's other names).
pub fn settle(api: &mut Api) {
    let found: Vec<Option<Pagination>> = api.operations.iter().map(|op| detect(api, op)).collect();
    for (op, pagination) in api.operations.iter_mut().zip(found) {
        op.pagination = pagination;
    }
}

/// Name as compared: lower case, without `_` and `-`.
fn key(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The rule of the module docs, for one operation.
pub fn detect(api: &Api, op: &Operation) -> Option<Pagination> {
    if op.method != "GET" || op.body.is_some() {
        return None;
    }
    let Outcome::One(body, Media::Json) = &op.success else {
        return None;
    };
    let body = body.expand(&api.types);
    let (items, item) = items_of(api, body)?;
    let next = next_page(api, op, body, &item)?;
    Some(Pagination {
        pages_fn: String::new(),
        items_fn: String::new(),
        items,
        item,
        next,
    })
}

/// The single list of a page body: the body itself, or its one list member.
fn items_of(api: &Api, body: &TypeRef) -> Option<(FieldPath, TypeRef)> {
    if let TypeRef::Vec(item) = body {
        return Some((FieldPath::default(), (**item).clone()));
    }
    let mut found = Vec::new();
    lists_below(api, body, &mut Vec::new(), &mut found);
    if found.len() == 1 {
        found.pop()
    } else {
        None
    }
}

/// How many objects deep a page's items may sit (`_embedded.data.conversations`).
const ITEMS_DEPTH: usize = 3;

/// Collects the list members of the struct `ty` and of its object members, down to
/// [`ITEMS_DEPTH`] fields, leaving out links.
fn lists_below(
    api: &Api,
    ty: &TypeRef,
    path: &mut Vec<FieldStep>,
    found: &mut Vec<(FieldPath, TypeRef)>,
) {
    if path.len() == ITEMS_DEPTH {
        return;
    }
    for ((wire, step), member_ty) in members(api, ty) {
        if key(&wire) == "links" {
            continue;
        }
        path.push(step);
        match unwrap_option(member_ty).expand(&api.types) {
            TypeRef::Vec(item) => found.push((FieldPath(path.clone()), (**item).clone())),
            inner @ TypeRef::Named(_) => lists_below(api, inner, path, found),
            _ => {}
        }
        path.pop();
    }
}

/// The members of a struct type: (wire name, step), type. Nothing for other types.
fn members<'a>(api: &'a Api, ty: &TypeRef) -> Vec<((String, FieldStep), &'a TypeRef)> {
    let TypeRef::Named(id) = ty.expand(&api.types) else {
        return Vec::new();
    };
    let TypeKind::Struct(def) = &api.types[*id].kind else {
        return Vec::new();
    };
    def.fields
        .iter()
        .filter(|f| !f.flatten)
        .map(|f| {
            let step = FieldStep {
                field: f.name.clone(),
                optional: f.is_option(),
            };
            ((f.wire.clone(), step), &f.ty)
        })
        .collect()
}

/// The member of `ty` whose name (compared by [`key`]) is in `names`, with its type.
fn member<'a>(api: &'a Api, ty: &TypeRef, names: &[&str]) -> Option<(FieldStep, &'a TypeRef)> {
    members(api, ty)
        .into_iter()
        .find(|((wire, _), _)| names.contains(&key(wire).as_str()))
        .map(|((_, step), ty)| (step, ty))
}

/// A member named as in `names` whose type (aliases followed) satisfies `is`: on the body,
/// or on an object member of it (`meta.next_cursor`).
fn member_path(
    api: &Api,
    body: &TypeRef,
    names: &[&str],
    is: impl Fn(&TypeRef) -> bool,
) -> Option<FieldPath> {
    if let Some((step, ty)) = member(api, body, names) {
        if is(unwrap_option(ty).expand(&api.types)) {
            return Some(FieldPath(vec![step]));
        }
    }
    for ((_, step), ty) in members(api, body) {
        if let Some((inner, inner_ty)) = member(api, unwrap_option(ty), names) {
            if is(unwrap_option(inner_ty).expand(&api.types)) {
                return Some(FieldPath(vec![step, inner]));
            }
        }
    }
    None
}

fn is_number(ty: &TypeRef) -> bool {
    matches!(
        ty,
        TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 | TypeRef::F32 | TypeRef::F64
    )
}

/// The query parameter of `op` named as in `names` whose type satisfies `is`: its field in
/// the parameters struct and its type.
fn query_param(
    api: &Api,
    op: &Operation,
    names: &[&str],
    is: impl Fn(&TypeRef) -> bool,
) -> Option<(String, TypeRef)> {
    let params = op.params.as_ref()?;
    let TypeKind::Struct(def) = &api.types[params.ty].kind else {
        return None;
    };
    params
        .params
        .iter()
        .zip(&def.fields)
        .filter(|(sent, _)| sent.location == ParamLocation::Query)
        .filter(|(sent, _)| sent.shape == ParamShape::Scalar)
        .filter(|(sent, _)| names.contains(&key(&sent.wire).as_str()))
        .map(|(sent, field)| {
            (
                sent.field.clone(),
                unwrap_option(&field.ty).expand(&api.types),
            )
        })
        .find(|(_, ty)| is(ty))
        .map(|(field, ty)| (field, ty.clone()))
}

fn next_page(api: &Api, op: &Operation, body: &TypeRef, item: &TypeRef) -> Option<NextPage> {
    // Every style needs a query parameter that pages: a single resource that happens to
    // carry a `next` link and one list (`GET /members/{id}`) is no page.
    let pages = [
        SIZE_PARAMS,
        INDEX_PARAMS,
        PAGE_PARAMS,
        CURSOR_PARAMS,
        LAST_ID_PARAMS,
    ];
    if !pages
        .iter()
        .any(|names| query_param(api, op, names, |_| true).is_some())
    {
        return None;
    }
    let declares_link = op.responses.iter().any(|r| {
        matches!(r.status, Status::Code(200..=299) | Status::Range(2))
            && r.headers.iter().any(|h| h.eq_ignore_ascii_case("link"))
    });
    if declares_link {
        return Some(NextPage::LinkHeader);
    }
    if let Some(href) = hal_next(api, body) {
        return Some(NextPage::HalLink { href });
    }
    let is_string = |ty: &TypeRef| *ty == TypeRef::String;
    if let Some((param, _)) = query_param(api, op, CURSOR_PARAMS, is_string) {
        if let Some(cursor) = member_path(api, body, CURSOR_FIELDS, is_string) {
            return Some(NextPage::Cursor { param, cursor });
        }
    }
    if let Some((param, _)) = query_param(api, op, LAST_ID_PARAMS, is_string) {
        let has_more = member_path(api, body, &["hasmore"], |ty| *ty == TypeRef::Bool);
        let id =
            member(api, item, &["id"]).filter(|(_, ty)| *ty.expand(&api.types) == TypeRef::String);
        if let (Some(has_more), Some((id_field, _))) = (has_more, id) {
            return Some(NextPage::LastId {
                param,
                has_more,
                id_field,
            });
        }
    }
    let (size, _) = query_param(api, op, SIZE_PARAMS, is_number)?;
    let (param, unit, ty) = match query_param(api, op, INDEX_PARAMS, is_number) {
        Some((param, ty)) => (param, OffsetUnit::Index, ty),
        None => {
            let (param, ty) = query_param(api, op, PAGE_PARAMS, is_number)?;
            (param, OffsetUnit::Page, ty)
        }
    };
    if param == size {
        return None;
    }
    let total = member_path(api, body, TOTAL_FIELDS, is_number);
    let first = param_default(api, op, &param).unwrap_or(match unit {
        OffsetUnit::Index => 0,
        OffsetUnit::Page => 1,
    });
    Some(NextPage::Offset {
        param,
        unit,
        size,
        total,
        ty,
        first,
    })
}

/// The integer `default` of the parameter whose struct field is `field`.
fn param_default(api: &Api, op: &Operation, field: &str) -> Option<i64> {
    let TypeKind::Struct(def) = &api.types[op.params.as_ref()?.ty].kind else {
        return None;
    };
    let field = def.fields.iter().find(|f| f.name == field)?;
    field.default.as_ref()?.json.as_i64()
}

/// `_links.next.href` in the body, when the spec declares it as a string.
fn hal_next(api: &Api, body: &TypeRef) -> Option<FieldPath> {
    let (links, links_ty) = member(api, body, &["links"])?;
    let (next, next_ty) = member(api, unwrap_option(links_ty), &["next"])?;
    let (href, href_ty) = member(api, unwrap_option(next_ty), &["href"])?;
    (*unwrap_option(href_ty).expand(&api.types) == TypeRef::String)
        .then(|| FieldPath(vec![links, next, href]))
}
