//! Responses: the match on the status that turns a response into the method's success value
//! or its error, typed per status as the spec declares.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::super::types::{body_tokens, holds_time, Scope};
use super::internal;
use crate::error::Error;
use crate::model::{Api, Media, Operation, Outcome, Status, TypeKind, TypeRef};

/// The success type, the error type and the match arms (by status) that turn a response
/// into one of them. Arms go from the most specific status to the least: codes, then ranges,
/// then `default` (the catch-all); a status declared by no response is unexpected.
///
/// A side typed per status must be a [`TypeKind::Responses`] enum with a variant for each of
/// its statuses; if the model breaks that, the method would silently lose a status, so it is
/// an internal error.
pub(super) fn response_arms(
    api: &Api,
    op: &Operation,
) -> Result<(TokenStream, TokenStream, TokenStream), Error> {
    let ret = outcome_tokens(api, &op.success).unwrap_or_else(|| quote!(()));
    let err = outcome_tokens(api, &op.failure).map(|e| quote!(<#e>));

    let mut arms: Vec<(Status, TokenStream)> = Vec::new();
    for r in &op.responses {
        let success = r.status.is_success();
        let outcome = if success { &op.success } else { &op.failure };
        let arm = match outcome {
            Outcome::Empty if success => quote!(Ok(())),
            // No error response has a body (a bodiless one next to one with a body would make
            // the side per-status): no arm, every error status is unexpected.
            Outcome::Empty => continue,
            Outcome::One(ty, media) => {
                let decode = decoder(api, ty, *media);
                if success && matches!(media, Media::Json | Media::Form) && !holds_time(api, ty) {
                    quote!(response.json())
                } else if success {
                    quote!(response.value(#decode))
                } else {
                    quote!(Err(response.api_error(#decode)))
                }
            }
            Outcome::PerStatus(id) => {
                let def = &api.types[*id];
                let TypeKind::Responses(e) = &def.kind else {
                    let message = format!("`{}`, its responses' type, is no enum", def.name);
                    return Err(internal(op, &message));
                };
                let Some(variant) = e.variants.iter().find(|v| v.status == r.status) else {
                    let status = r.status.spec_text();
                    let message = format!("`{}` has no variant for status `{status}`", def.name);
                    return Err(internal(op, &message));
                };
                let ty = format_ident!("{}", def.name);
                let name = format_ident!("{}", variant.name);
                let value = match &variant.body {
                    Some((body_ty, media)) => {
                        let decode = decode_call(api, body_ty, *media);
                        quote!(|body| #decode.map(crate::models::#ty::#name))
                    }
                    None => quote!(|_| Ok(crate::models::#ty::#name)),
                };
                match (success, &variant.body) {
                    (true, None) => quote!(Ok(crate::models::#ty::#name)),
                    (true, Some(_)) => quote!(response.value(#value)),
                    (false, _) => quote!(Err(response.api_error(#value))),
                }
            }
        };
        arms.push((r.status, arm));
    }

    // No success status declared and nothing else to go by: any 2XX is success.
    if !op.responses.iter().any(|r| r.status.is_success()) {
        arms.push((Status::Range(2), quote!(Ok(()))));
    }
    arms.sort_by_key(|(status, _)| match status {
        Status::Code(_) => 0,
        Status::Range(_) => 1,
        Status::Default => 2,
    });
    // Statuses of one kind (codes, or ranges) with the same arm share it: `200 | 201 => ...`.
    // Codes are disjoint, and so are ranges, so merging within a kind keeps the meaning.
    let mut out: Vec<(Vec<TokenStream>, usize, String, TokenStream)> = Vec::new();
    let mut catch_all = quote!(Err(response.unexpected()));
    let codes: Vec<u16> = arms
        .iter()
        .filter_map(|(status, _)| match status {
            Status::Code(code) => Some(*code),
            _ => None,
        })
        .collect();
    for (status, arm) in arms {
        let kind = match status {
            Status::Code(_) => 0,
            Status::Range(_) => 1,
            Status::Default => {
                catch_all = arm;
                continue;
            }
        };
        let patterns = status_patterns(status, &codes);
        if patterns.is_empty() {
            // A range whose every code has an arm of its own.
            continue;
        }
        let text = arm.to_string();
        match out.iter_mut().find(|(_, k, t, _)| *k == kind && *t == text) {
            Some((merged, ..)) => merged.extend(patterns),
            None => out.push((patterns, kind, text, arm)),
        }
    }
    let mut out: Vec<TokenStream> = out
        .into_iter()
        .map(|(patterns, _, _, arm)| quote!(#( #patterns )|* => #arm,))
        .collect();
    out.push(quote!(_ => #catch_all,));
    Ok((ret, err.unwrap_or_default(), quote!(#( #out )*)))
}

/// The patterns of a status. A range leaves out the codes that have arms of their own, so
/// that no two arms overlap (`4XX` with `404` declared is `400..=403 | 405..=499`).
fn status_patterns(status: Status, codes: &[u16]) -> Vec<TokenStream> {
    let pattern = |lo: u16, hi: u16| {
        let lo_lit = proc_macro2::Literal::u16_unsuffixed(lo);
        let hi_lit = proc_macro2::Literal::u16_unsuffixed(hi);
        if lo == hi {
            quote!(#lo_lit)
        } else {
            quote!(#lo_lit..=#hi_lit)
        }
    };
    match status {
        Status::Code(code) => vec![pattern(code, code)],
        Status::Range(hundreds) => {
            let (first, last) = (hundreds * 100, hundreds * 100 + 99);
            let mut patterns = Vec::new();
            let mut lo = first;
            for code in (first..=last).filter(|c| codes.contains(c)) {
                if code > lo {
                    patterns.push(pattern(lo, code - 1));
                }
                lo = code + 1;
            }
            if lo <= last {
                patterns.push(pattern(lo, last));
            }
            patterns
        }
        Status::Default => vec![quote!(_)],
    }
}

/// The function that turns a body of this media type into its value (of type `ty`).
fn decoder(api: &Api, ty: &TypeRef, media: Media) -> TokenStream {
    match media {
        // A closure: `from_slice` itself is not generic over the body's lifetime.
        Media::Json | Media::Form => {
            let call = decode_call(api, ty, media);
            quote!(|body| #call)
        }
        Media::Text => quote!(runtime::response::text),
        Media::Binary | Media::Multipart => quote!(runtime::response::bytes),
    }
}

/// The call that turns `body` of this media type into its value (of type `ty`; one that holds
/// `time` values is read through the runtime's `time_format`).
fn decode_call(api: &Api, ty: &TypeRef, media: Media) -> TokenStream {
    match media {
        Media::Json | Media::Form if holds_time(api, ty) => quote! {
            serde_json::from_slice(body).map(|value: runtime::time_format::Wire<_>| value.0)
        },
        Media::Json | Media::Form => quote!(serde_json::from_slice(body)),
        Media::Text => quote!(runtime::response::text(body)),
        Media::Binary | Media::Multipart => quote!(runtime::response::bytes(body)),
    }
}

/// The type one side of the responses gives the caller; `None` when it is nothing.
pub(in crate::emit) fn outcome_tokens(api: &Api, outcome: &Outcome) -> Option<TokenStream> {
    match outcome {
        Outcome::Empty => None,
        Outcome::One(ty, media) => Some(body_tokens(api, ty, *media, Scope::Client)),
        Outcome::PerStatus(id) => {
            let name = format_ident!("{}", api.types[*id].name);
            Some(quote!(crate::models::#name))
        }
    }
}
