//! Every `$ref` of the converted file, pointed at where its target is now.
//!
//! A ref into this file follows the recorded moves ([`Moves::new_place`]); it must name
//! something in the file as written, else it is reported here, in the user's words (the 3.0
//! pointer it would become would only confuse). A ref into another file follows the moves
//! every 2.0 file gets (`definitions` -> `components/schemas`, `parameters` ->
//! `components/parameters`, `responses` -> `components/responses`); that file checks its own.
//! Refs made by the conversion (to `#/components/...`) are left alone. Examples, defaults,
//! enums and extensions are data, not searched.

use serde_json::Value;

use super::Cx;
use crate::error::{Error, ErrorKind};
use crate::json::pointer;

/// The members whose keys are names (of properties, paths, components, ...), not keywords: a
/// property called `example` is a schema, not data.
const NAMED: &[&str] = &[
    "properties",
    "paths",
    "components",
    "schemas",
    "parameters",
    "requestBodies",
    "responses",
    "headers",
    "content",
    "encoding",
    "securitySchemes",
    "callbacks",
    "links",
];

/// Rewrites the refs in `value`, which sits at `at` of the converted file. `names`: the keys
/// of `value` (an object) are names rather than keywords.
pub fn rewrite(value: &mut Value, at: &str, names: bool, cx: &mut Cx<'_>) {
    match value {
        Value::Object(members) => {
            if let (false, Some(Value::String(reference))) = (names, members.get_mut("$ref")) {
                if let Some(new) = new_ref(reference, at, cx) {
                    *reference = new;
                }
            }
            for (key, member) in members.iter_mut() {
                let data = !names
                    && (matches!(key.as_str(), "example" | "examples" | "default" | "enum")
                        || key.starts_with("x-"));
                if !data && (member.is_object() || member.is_array()) {
                    let inner = !names && NAMED.contains(&key.as_str());
                    rewrite(member, &pointer::join(at, key), inner, cx);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                rewrite(item, &pointer::join(at, &i.to_string()), false, cx);
            }
        }
        _ => {}
    }
}

/// The rewritten ref, or `None` to keep it as it is.
fn new_ref(reference: &str, at: &str, cx: &mut Cx<'_>) -> Option<String> {
    let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
    if fragment.starts_with("/components/") && file.is_empty() {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(fragment)
        .decode_utf8()
        .ok()?;
    if !file.is_empty() {
        let new = other_file_place(&decoded)?;
        return Some(format!("{file}#{new}"));
    }
    let tokens = pointer::parse(&decoded).ok()?;
    if let Err(reason) = pointer::walk(cx.original, &tokens) {
        let from = cx.moves.origins.original(at).into_owned();
        cx.errors.push(Error::at_pointer(
            cx.shown,
            &from,
            ErrorKind::Reference {
                reference: reference.to_owned(),
                reason,
            },
        ));
        return None;
    }
    let new = cx.moves.new_place(&decoded)?;
    Some(format!("#{new}"))
}

/// Where a section of another 2.0 file went.
fn other_file_place(fragment: &str) -> Option<String> {
    [
        ("/definitions", "/components/schemas"),
        ("/parameters", "/components/parameters"),
        ("/responses", "/components/responses"),
    ]
    .iter()
    .find_map(|(old, new)| {
        let rest = fragment.strip_prefix(old)?;
        (rest.is_empty() || rest.starts_with('/')).then(|| format!("{new}{rest}"))
    })
}
