//! Schema `default`s of struct fields, settled once every type is known (see
//! [`Field::default`](super::Field::default)): a default that does not fit its field's type is
//! dropped with a warning; one the field takes when absent becomes a [`Literal`].
//!
//! This waits for the whole model because, while a struct is built, the types of its fields
//! may still be placeholders (an alias whose target is being built refers back to it).

use std::collections::HashSet;

use serde_json::Value;

use super::fits::fits;
use super::lenient::reads_as;
use super::types::{integer_fits, integer_value};
use super::{Api, Literal, TypeKind, TypeRef};
use crate::error::{Error, ErrorKind};
use crate::resolve::Resolver;

/// How deep a default value, or a chain of aliases, is followed: deeper ones are only
/// documented (and deeper examples not filled in).
const MAX_DEPTH: usize = 128;

/// Checks every field default against its field's type, and works out the value of those
/// that fill in absent members.
pub fn settle(api: &mut Api, resolver: &Resolver, warnings: &mut Vec<Error>) {
    // (type, field, the value it takes, or why the default does not fit)
    let mut outcomes: Vec<(usize, usize, Result<Option<Literal>, String>)> = Vec::new();
    for (id, def) in api.types.iter().enumerate() {
        let TypeKind::Struct(s) = &def.kind else {
            continue;
        };
        for (i, field) in s.fields.iter().enumerate() {
            let Some(default) = &field.default else {
                continue;
            };
            let outcome = fits(api, &default.json, &field.ty).map(|()| {
                let takes_it = default.fills_absent && !field.boxed && !field.flatten;
                takes_it
                    .then(|| literal(api, &default.json, &field.ty, 0))
                    .flatten()
                    // `null` (or any JSON `null`) is what an absent member is anyway.
                    .filter(|value| !matches!(value, Literal::None | Literal::Json(Value::Null)))
            });
            outcomes.push((id, i, outcome));
        }
    }
    // A parameter shared by several operations is met once per operation: warn once.
    let mut warned = HashSet::new();
    for (id, i, outcome) in outcomes {
        let TypeKind::Struct(s) = &mut api.types[id].kind else {
            continue;
        };
        let field = &mut s.fields[i];
        match outcome {
            Ok(value) => {
                if let Some(default) = &mut field.default {
                    default.value = value;
                }
            }
            Err(reason) => {
                let Some(default) = field.default.take() else {
                    continue;
                };
                // `default: null` on a member that is not nullable is common in real specs (45
                // of 200 in the corpus sample), meaning "no default": which is what it becomes,
                // with the member optional as before. Not worth a warning each.
                if !default.json.is_null() && warned.insert(default.at.clone()) {
                    let message =
                        format!("the default does not fit the schema, so it is ignored: {reason}");
                    warnings.push(resolver.error(&default.at, ErrorKind::Invalid(message)));
                }
            }
        }
    }
}

/// `value` (which fits `ty`) as a Rust value of that type, or `None` when the generator does
/// not write one for it (structs, unions, bytes).
fn literal(api: &Api, value: &Value, ty: &TypeRef, depth: usize) -> Option<Literal> {
    if depth > MAX_DEPTH {
        return None;
    }
    let depth = depth + 1;
    match ty {
        TypeRef::Bool => value.as_bool().map(Literal::Bool),
        TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 => integer_value(value)
            .filter(|n| integer_fits(ty, *n))
            .map(Literal::Integer),
        TypeRef::F32 => value
            .as_f64()
            .map(|f| f as f32)
            .filter(|f| f.is_finite())
            .map(Literal::F32),
        TypeRef::F64 => value.as_f64().filter(|f| f.is_finite()).map(Literal::F64),
        TypeRef::String => value.as_str().map(|s| Literal::String(s.to_owned())),
        // No Rust expression is written for a value of a type the model does not define.
        // Nor for a tuple (its defaults are rare; the value is documented).
        TypeRef::Bytes | TypeRef::External(_) | TypeRef::Tuple(_) => None,
        TypeRef::Json => Some(Literal::Json(value.clone())),
        TypeRef::JsonObject => value.as_object().cloned().map(Literal::JsonObject),
        TypeRef::Vec(item) => value
            .as_array()?
            .iter()
            .map(|v| literal(api, v, item, depth))
            .collect::<Option<_>>()
            .map(Literal::List),
        TypeRef::Map(item) => {
            let mut members: Vec<(&String, &Value)> = value.as_object()?.iter().collect();
            members.sort_by(|a, b| a.0.cmp(b.0));
            members
                .into_iter()
                .map(|(k, v)| Some((k.clone(), literal(api, v, item, depth)?)))
                .collect::<Option<_>>()
                .map(Literal::Map)
        }
        TypeRef::Option(inner) => match value {
            Value::Null => Some(Literal::None),
            other => literal(api, other, inner, depth).map(|v| Literal::Some(Box::new(v))),
        },
        TypeRef::Named(id) => match &api.types[*id].kind {
            TypeKind::Alias(target) => literal(api, value, target, depth),
            TypeKind::Enum(e) => {
                let text = value.as_str()?;
                let index = e.variants.iter().position(|v| v.value == text)?;
                Some(Literal::Variant { ty: *id, index })
            }
            TypeKind::IntEnum(e) => {
                let n = integer_value(value)?;
                let index = e.variants.iter().position(|v| v.value == n)?;
                Some(Literal::Variant { ty: *id, index })
            }
            TypeKind::Newtype(_)
            | TypeKind::Struct(_)
            | TypeKind::Tagged(_)
            | TypeKind::Untagged(_)
            | TypeKind::Responses(_) => None,
        },
    }
}

/// `value` (a JSON value of type `ty`) with the members it leaves out that take a default
/// filled in, and the strings of members read leniently replaced by the values they hold:
/// what deserializing it and serializing it back gives.
pub fn with_defaults(api: &Api, value: &Value, ty: &TypeRef) -> Value {
    let mut filled = value.clone();
    fill(api, &mut filled, ty, 0);
    filled
}

fn fill(api: &Api, value: &mut Value, ty: &TypeRef, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let depth = depth + 1;
    match (ty, value) {
        (TypeRef::Option(inner), value) => fill(api, value, inner, depth),
        (TypeRef::Vec(item), Value::Array(items)) => {
            for v in items {
                fill(api, v, item, depth);
            }
        }
        (TypeRef::Map(item), Value::Object(members)) => {
            for v in members.values_mut() {
                fill(api, v, item, depth);
            }
        }
        (TypeRef::Named(id), value) => fill_definition(api, value, *id, None, depth),
        _ => {}
    }
}

fn fill_definition(api: &Api, value: &mut Value, id: usize, without: Option<&str>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let depth = depth + 1;
    match &api.types[id].kind {
        TypeKind::Alias(target) | TypeKind::Newtype(target) => fill(api, value, target, depth),
        TypeKind::Struct(s) => {
            let Value::Object(members) = value else {
                return;
            };
            for field in s.fields.iter().filter(|f| !f.flatten) {
                match members.get_mut(&field.wire) {
                    Some(member) => {
                        // A string read leniently comes back as the value it holds.
                        if field.lenient.is_some() {
                            if let Some(read) = reads_as(&api.types, member, &field.ty) {
                                *member = read;
                            }
                        }
                        fill(api, member, &field.ty, depth)
                    }
                    None => {
                        if let Some(default) = field.default.as_ref().filter(|d| d.value.is_some())
                        {
                            members.insert(field.wire.clone(), default.json.clone());
                        }
                    }
                }
            }
            if let Some(additional) = &s.additional {
                for (name, member) in members.iter_mut() {
                    let declared = s.fields.iter().any(|f| &f.wire == name);
                    if !declared && Some(name.as_str()) != without {
                        fill(api, member, additional, depth);
                    }
                }
            }
            // A flattened union reads the same object.
            for field in s.fields.iter().filter(|f| f.flatten) {
                fill(api, value, &field.ty, depth);
            }
        }
        TypeKind::Tagged(t) => {
            let tag = value.get(&t.tag).and_then(Value::as_str);
            let Some(variant) = t.variants.iter().find(|v| Some(v.value.as_str()) == tag) else {
                return;
            };
            match &variant.ty {
                TypeRef::Named(vid) => fill_definition(api, value, *vid, Some(&t.tag), depth),
                other => fill(api, value, other, depth),
            }
        }
        TypeKind::Untagged(u) => {
            // The variant serde picks: the first one the value fits.
            if let Some(v) = u.variants.iter().find(|v| fits(api, value, &v.ty).is_ok()) {
                fill(api, value, &v.ty, depth);
            }
        }
        TypeKind::Enum(_) | TypeKind::IntEnum(_) | TypeKind::Responses(_) => {}
    }
}
