//! One JSON Schema 2020-12 schema (as OpenAPI 3.1 writes them) in the 3.0 vocabulary.
//!
//! | 3.1 | 3.0 |
//! | --- | --- |
//! | `type: [T, "null"]` | `type: T`, `nullable: true` |
//! | `type: [T, U]` | `oneOf` of one schema per type, each with the keywords of its type |
//! | `oneOf`/`anyOf` with a `{type: "null"}` branch | the other branches, `nullable: true`; one branch left is merged into the schema (a `$ref` as `allOf: [$ref]`, which the model reads as the referenced type itself) |
//! | `$ref` with other members | `allOf: [{$ref}]` next to them (a description documents the use; constraints apply on top of the referenced type) |
//! | `const: v` | `enum: [v]` (and the `type` of `v` when none is given), so a `Literal["cat"]` property tells tagged-union variants apart |
//! | `examples: [a, ...]` | `example: a` |
//! | `exclusiveMinimum: n` | `minimum: n`, `exclusiveMinimum: true` (same for the maximum) |
//! | `contentEncoding: base64` | `format: byte` |
//! | `contentMediaType` (not text, JSON or XML) | `format: binary` |
//! | `true`, `false` | `{}`, `{not: {}}` |
//! | `prefixItems: [A, B]` (at most that many items) | `x-codegen-prefix-items`, which the model reads as a tuple `(A, B)` |
//! | `$defs` | kept in place: a `$ref` to `#/.../$defs/X` resolves like any pointer |
//! | `$id`, `$anchor`, `$schema`, `$comment`, `$dynamicAnchor` | removed (refs by anchor are rewritten first, see `refs`) |
//!
//! Keywords that only validate (`if`/`then`/`else`, `unevaluatedProperties`,
//! `unevaluatedItems`, `dependentRequired`, `dependentSchemas`, `patternProperties`,
//! `propertyNames`, `contains`, `minContains`, `maxContains`) are removed with a warning: the
//! types do not check them. `$dynamicRef` (and the older `$recursiveRef`) is an error: what it
//! refers to depends on where the schema is used. 3.0 keywords met in a 3.1 file (`nullable`,
//! boolean `exclusiveMinimum`) are left as they are.

use serde_json::{Map, Value};

use super::super::TUPLE_ITEMS;
use super::Rewrite;
use crate::error::ErrorKind;
use crate::json::pointer;

/// Keywords removed without a word: they name or annotate the schema, and mean nothing to the
/// types once refs by anchor are rewritten.
const DROPPED: &[&str] = &[
    "$id",
    "$anchor",
    "$schema",
    "$comment",
    "$dynamicAnchor",
    "$recursiveAnchor",
    "$vocabulary",
    "contentSchema",
];

/// Keywords that only validate: kept out of the types, with a warning.
const VALIDATION_ONLY: &[&str] = &[
    "if",
    "then",
    "else",
    "unevaluatedProperties",
    "unevaluatedItems",
    "dependentRequired",
    "dependentSchemas",
    "patternProperties",
    "propertyNames",
    "contains",
    "minContains",
    "maxContains",
];

/// The keywords that apply to values of one JSON type, moved into that type's branch when a
/// `type` list becomes a `oneOf`.
fn keywords_of(ty: &str) -> &'static [&'static str] {
    match ty {
        "string" => &["minLength", "maxLength", "pattern", "format"],
        "number" | "integer" => &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
            "format",
        ],
        "array" => &["items", "minItems", "maxItems", "uniqueItems", TUPLE_ITEMS],
        "object" => &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
        ],
        _ => &[],
    }
}

/// Rewrites the schema at `at` and every schema inside it.
pub(super) fn walk(rw: &mut Rewrite<'_>, value: &mut Value, at: &str, root: bool) {
    match value {
        Value::Bool(true) => *value = Value::Object(Map::new()),
        Value::Bool(false) => {
            let mut never = Map::new();
            never.insert("not".to_owned(), Value::Object(Map::new()));
            *value = Value::Object(never);
        }
        _ => {}
    }
    let Some(schema) = value.as_object_mut() else {
        return;
    };
    rewrite(rw, schema, at);
    children(rw, schema, at, root);
}

/// The schemas inside a rewritten schema.
fn children(rw: &mut Rewrite<'_>, schema: &mut Map<String, Value>, at: &str, root: bool) {
    for (key, member) in schema.iter_mut() {
        let child = pointer::join(at, key);
        match key.as_str() {
            "properties" | "$defs" | "definitions" => {
                if let Some(map) = member.as_object_mut() {
                    for (name, value) in map.iter_mut() {
                        walk(rw, value, &pointer::join(&child, name), root);
                    }
                }
            }
            "allOf" | "oneOf" | "anyOf" | TUPLE_ITEMS => {
                if let Some(list) = member.as_array_mut() {
                    for (i, value) in list.iter_mut().enumerate() {
                        walk(rw, value, &pointer::join(&child, &i.to_string()), root);
                    }
                }
            }
            "items" | "not" => walk(rw, member, &child, root),
            // `true`/`false` are 3.0 values here.
            "additionalProperties" if member.is_object() => walk(rw, member, &child, root),
            _ => {}
        }
    }
}

/// One schema object, in place (its children are rewritten after it).
fn rewrite(rw: &mut Rewrite<'_>, schema: &mut Map<String, Value>, at: &str) {
    for key in ["$dynamicRef", "$recursiveRef"] {
        if schema.contains_key(key) {
            rw.fail(
                &pointer::join(at, key),
                ErrorKind::Invalid(format!(
                    "`{key}` is not supported: what it refers to depends on where the schema \
                     is used; write a `$ref` to the schema meant"
                )),
            );
            schema.remove(key);
        }
    }
    if let Some(Value::String(reference)) = schema.get_mut("$ref") {
        rw.reference(reference, at);
    }
    // First, so that the members of a branch merged into the schema are rewritten with it.
    null_branches(rw, schema, at);
    for key in DROPPED {
        schema.remove(*key);
    }
    for key in VALIDATION_ONLY {
        if schema.remove(*key).is_some() {
            rw.warn(
                &pointer::join(at, key),
                format!("`{key}` only validates; the generated types do not check it"),
            );
        }
    }
    constant(schema);
    if let Some(Value::Array(examples)) = schema.get("examples") {
        let first = examples.first().cloned();
        schema.remove("examples");
        if let Some(first) = first {
            schema.entry("example").or_insert(first);
        }
    }
    exclusive_bounds(schema);
    content(schema);
    prefix_items(rw, schema, at);
    type_list(rw, schema, at);
    ref_siblings(rw, schema, at);
}

/// `const` as a one-value `enum`, typed after its value when the schema has no `type`.
fn constant(schema: &mut Map<String, Value>) {
    let Some(value) = schema.remove("const") else {
        return;
    };
    if value.is_null() {
        schema.insert("nullable".to_owned(), Value::Bool(true));
        return;
    }
    if !schema.contains_key("type") {
        let ty = match &value {
            Value::String(_) => Some("string"),
            Value::Bool(_) => Some("boolean"),
            Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
            Value::Number(_) => Some("number"),
            _ => None,
        };
        if let Some(ty) = ty {
            schema.insert("type".to_owned(), Value::String(ty.to_owned()));
        }
    }
    schema
        .entry("enum")
        .or_insert_with(|| Value::Array(vec![value]));
}

/// Numeric `exclusiveMinimum: n` as `minimum: n` + `exclusiveMinimum: true` (the stricter
/// bound when `minimum` is given too); the same for the maximum.
fn exclusive_bounds(schema: &mut Map<String, Value>) {
    for (exclusive, inclusive, lower) in [
        ("exclusiveMinimum", "minimum", true),
        ("exclusiveMaximum", "maximum", false),
    ] {
        let Some(bound) = schema.get(exclusive).and_then(Value::as_f64) else {
            continue;
        };
        let Some(value) = schema.remove(exclusive) else {
            continue;
        };
        let other = schema.get(inclusive).and_then(Value::as_f64);
        let exclusive_wins = match other {
            None => true,
            Some(other) if lower => bound >= other,
            Some(other) => bound <= other,
        };
        if exclusive_wins {
            schema.insert(inclusive.to_owned(), value);
            schema.insert(exclusive.to_owned(), Value::Bool(true));
        }
    }
}

/// `contentEncoding: base64` as `format: byte`; a binary `contentMediaType` as
/// `format: binary`.
fn content(schema: &mut Map<String, Value>) {
    let encoding = schema.remove("contentEncoding");
    let media = schema.remove("contentMediaType");
    if schema.contains_key("format") {
        return;
    }
    let format = match (encoding.as_ref().and_then(Value::as_str), media) {
        (Some(e), _) if e.eq_ignore_ascii_case("base64") || e.eq_ignore_ascii_case("base64url") => {
            "byte"
        }
        (None, Some(Value::String(media))) if is_binary_media(&media) => "binary",
        _ => return,
    };
    schema.insert("format".to_owned(), Value::String(format.to_owned()));
}

fn is_binary_media(media: &str) -> bool {
    let media = media.to_ascii_lowercase();
    !(media.starts_with("text/") || media.contains("json") || media.contains("xml"))
}

/// `prefixItems` as `x-codegen-prefix-items` when the array holds no more items than it lists (a
/// tuple); otherwise dropped with a warning (the items stay a list of `items`).
fn prefix_items(rw: &mut Rewrite<'_>, schema: &mut Map<String, Value>, at: &str) {
    let Some(prefix) = schema.remove("prefixItems") else {
        return;
    };
    let count = prefix.as_array().map_or(0, Vec::len);
    let closed_by_items = schema.get("items") == Some(&Value::Bool(false));
    let max = schema.get("maxItems").and_then(Value::as_u64);
    if closed_by_items {
        schema.remove("items");
        schema
            .entry("maxItems")
            .or_insert_with(|| Value::from(count));
    }
    if count > 0 && (closed_by_items || max == Some(count as u64)) {
        schema.insert(TUPLE_ITEMS.to_owned(), prefix);
        rw.moved(
            &pointer::join(at, TUPLE_ITEMS),
            &pointer::join(at, "prefixItems"),
        );
    } else {
        rw.warn(
            &pointer::join(at, "prefixItems"),
            "`prefixItems` is typed as a tuple only when the array holds no other items \
             (`items: false` or `maxItems` equal to their number); here the items are a list"
                .into(),
        );
    }
}

/// A branch of a union that only allows `null`.
fn is_null_branch(branch: &Value) -> bool {
    let Some(object) = branch.as_object() else {
        return false;
    };
    let null_type = match object.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(types)) => types.iter().all(|t| t == "null") && !types.is_empty(),
        _ => false,
    };
    let null_value = [
        object.get("const"),
        object.get("enum").and_then(|e| e.get(0)),
    ]
    .into_iter()
    .flatten()
    .any(Value::is_null);
    (null_type || null_value)
        && object.keys().all(|k| {
            matches!(
                k.as_str(),
                "type" | "const" | "enum" | "description" | "title" | "nullable"
            )
        })
}

/// `oneOf`/`anyOf` with a null branch: the other branches, `nullable`.
fn null_branches(rw: &mut Rewrite<'_>, schema: &mut Map<String, Value>, at: &str) {
    for keyword in ["anyOf", "oneOf"] {
        let Some(Value::Array(branches)) = schema.get(keyword) else {
            continue;
        };
        if !branches.iter().any(is_null_branch) {
            continue;
        }
        let list_at = pointer::join(at, keyword);
        let Some(Value::Array(branches)) = schema.remove(keyword) else {
            continue;
        };
        schema.insert("nullable".to_owned(), Value::Bool(true));
        let kept: Vec<(usize, Value)> = branches
            .into_iter()
            .enumerate()
            .filter(|(_, b)| !is_null_branch(b))
            .collect();
        let other_union = ["anyOf", "oneOf"].iter().any(|k| schema.contains_key(*k));
        match <[(usize, Value); 1]>::try_from(kept) {
            Ok([(i, branch)]) if !other_union => {
                merge_branch(
                    rw,
                    schema,
                    at,
                    branch,
                    &pointer::join(&list_at, &i.to_string()),
                );
            }
            Ok(one) => put_list(rw, schema, keyword, one.into(), &list_at),
            Err(kept) => {
                if !kept.is_empty() {
                    put_list(rw, schema, keyword, kept, &list_at);
                }
            }
        }
    }
}

/// Puts the kept branches of a union back, recording where each was.
fn put_list(
    rw: &mut Rewrite<'_>,
    schema: &mut Map<String, Value>,
    keyword: &str,
    kept: Vec<(usize, Value)>,
    list_at: &str,
) {
    let mut list = Vec::with_capacity(kept.len());
    for (new, (old, branch)) in kept.into_iter().enumerate() {
        if new != old {
            rw.moved(
                &pointer::join(list_at, &new.to_string()),
                &pointer::join(list_at, &old.to_string()),
            );
        }
        list.push(branch);
    }
    schema.insert(keyword.to_owned(), Value::Array(list));
}

/// The one branch of a nullable union, made the schema itself: a `$ref` as `allOf: [$ref]`
/// (the model reads that as the referenced type, with the schema's `nullable` on it), an
/// inline schema by merging its members in (the schema's own win; on a clash of members that
/// shape the type, it goes into `allOf` instead).
fn merge_branch(
    rw: &mut Rewrite<'_>,
    schema: &mut Map<String, Value>,
    at: &str,
    branch: Value,
    branch_at: &str,
) {
    let Value::Object(members) = branch else {
        return;
    };
    let shaping = [
        "type",
        "properties",
        "items",
        "allOf",
        "oneOf",
        "anyOf",
        "additionalProperties",
        "enum",
        TUPLE_ITEMS,
    ];
    let clash = members
        .keys()
        .any(|k| shaping.contains(&k.as_str()) && schema.contains_key(k));
    if members.contains_key("$ref") || clash {
        prepend_all_of(rw, schema, at, Value::Object(members), branch_at);
        return;
    }
    for (key, value) in members {
        if schema.contains_key(&key) {
            continue;
        }
        rw.moved(&pointer::join(at, &key), &pointer::join(branch_at, &key));
        schema.insert(key, value);
    }
}

/// Puts `item` (now at `item_at`) first in the schema's `allOf`, moving the others down.
fn prepend_all_of(
    rw: &mut Rewrite<'_>,
    schema: &mut Map<String, Value>,
    at: &str,
    item: Value,
    item_at: &str,
) {
    let list_at = pointer::join(at, "allOf");
    let mut list = match schema.remove("allOf") {
        Some(Value::Array(list)) => list,
        _ => Vec::new(),
    };
    // From the last, so that each move reads where the item was before this rewrite.
    for i in (0..list.len()).rev() {
        rw.moved(
            &pointer::join(&list_at, &(i + 1).to_string()),
            &pointer::join(&list_at, &i.to_string()),
        );
    }
    rw.moved(&pointer::join(&list_at, "0"), item_at);
    list.insert(0, item);
    schema.insert("allOf".to_owned(), Value::Array(list));
}

/// A list of types: `null` becomes `nullable`; several others become a `oneOf` (or `anyOf`
/// when the schema has a `oneOf` already) of one schema per type.
fn type_list(rw: &mut Rewrite<'_>, schema: &mut Map<String, Value>, at: &str) {
    if schema
        .get("type")
        .is_some_and(|t| !t.is_string() && !t.is_array())
    {
        schema.remove("type");
        rw.warn(
            &pointer::join(at, "type"),
            "`type` is neither a type name nor a list of them; it is ignored (the schema \
             admits any value)"
                .into(),
        );
        return;
    }
    let types: Vec<String> = match schema.get("type") {
        Some(Value::String(t)) if t == "null" => {
            schema.remove("type");
            schema.insert("nullable".to_owned(), Value::Bool(true));
            return;
        }
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(|t| t.as_str().map(str::to_owned))
            .collect(),
        _ => return,
    };
    schema.remove("type");
    let mut types: Vec<String> = types
        .into_iter()
        .filter(|t| {
            if t == "null" {
                schema.insert("nullable".to_owned(), Value::Bool(true));
            }
            t != "null"
        })
        .collect();
    // `integer` is a `number`: listed together, the values are numbers.
    if types.iter().any(|t| t == "number") {
        types.retain(|t| t != "integer");
    }
    match types.as_slice() {
        [] => {}
        [one] => {
            schema.insert("type".to_owned(), Value::String(one.clone()));
        }
        several => {
            let keyword = if schema.contains_key("oneOf") {
                if schema.contains_key("anyOf") {
                    rw.warn(
                        &pointer::join(at, "type"),
                        "a list of types next to both `oneOf` and `anyOf` is typed as its \
                         first type"
                            .into(),
                    );
                    schema.insert("type".to_owned(), Value::String(several[0].clone()));
                    return;
                }
                "anyOf"
            } else {
                "oneOf"
            };
            let list_at = pointer::join(at, keyword);
            let enumeration = schema.remove("enum");
            let mut branches = Vec::new();
            for (i, ty) in several.iter().enumerate() {
                let branch_at = pointer::join(&list_at, &i.to_string());
                let mut branch = Map::new();
                branch.insert("type".to_owned(), Value::String(ty.clone()));
                for key in keywords_of(ty) {
                    let taken = if *key == "format" {
                        // One format: for the first type it applies to.
                        schema.remove(*key)
                    } else {
                        schema.get(*key).cloned()
                    };
                    if let Some(value) = taken {
                        rw.moved(&pointer::join(&branch_at, key), &pointer::join(at, key));
                        branch.insert((*key).to_owned(), value);
                    }
                }
                if let Some(Value::Array(values)) = &enumeration {
                    let own: Vec<Value> = values
                        .iter()
                        .filter(|v| json_type(v) == Some(ty.as_str()))
                        .cloned()
                        .collect();
                    if !own.is_empty() {
                        branch.insert("enum".to_owned(), Value::Array(own));
                    }
                }
                branches.push(Value::Object(branch));
            }
            for ty in several {
                for key in keywords_of(ty) {
                    schema.remove(*key);
                }
            }
            schema.insert(keyword.to_owned(), Value::Array(branches));
        }
    }
}

/// The JSON Schema type of a value (`integer` for whole numbers).
fn json_type(value: &Value) -> Option<&'static str> {
    match value {
        Value::String(_) => Some("string"),
        Value::Bool(_) => Some("boolean"),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
        Value::Number(_) => Some("number"),
        Value::Array(_) => Some("array"),
        Value::Object(_) => Some("object"),
        Value::Null => None,
    }
}

/// A `$ref` with other members: 3.0 ignores those, 3.1 applies them on top. The ref moves
/// into `allOf` so they keep their meaning (a description stays the schema's; the model
/// reads `allOf: [$ref]` alone as the referenced type).
fn ref_siblings(rw: &mut Rewrite<'_>, schema: &mut Map<String, Value>, at: &str) {
    if !schema.contains_key("$ref") || schema.len() == 1 {
        return;
    }
    let Some(reference) = schema.remove("$ref") else {
        return;
    };
    let mut item = Map::new();
    item.insert("$ref".to_owned(), reference);
    prepend_all_of(rw, schema, at, Value::Object(item), at);
}
