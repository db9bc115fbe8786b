//! Does a JSON value fit a type of the model? Used to decide which of the spec's examples
//! the generated crate's tests must round-trip, and to say why the others are skipped.

use serde_json::Value;

use super::{Api, TypeKind, TypeRef};
use crate::json::describe;

/// `Ok(())` when `value` is valid for `ty` as the spec describes it (declared members only,
/// enum values as listed, required members present), else why not.
pub fn fits(api: &Api, value: &Value, ty: &TypeRef) -> Result<(), String> {
    fits_in(api, value, ty, &mut Vec::new())
}

/// [`fits`], where `entered` holds the definitions already entered for this same value
/// (through aliases, newtypes and unions): meeting one again means a type that contains
/// itself with nothing in between (`U: {oneOf: [$ref: U, ...]}`), which no value can end.
fn fits_in(api: &Api, value: &Value, ty: &TypeRef, entered: &mut Vec<usize>) -> Result<(), String> {
    let expect = |ok: bool, what: &str| {
        if ok {
            Ok(())
        } else {
            Err(format!("{} where the schema wants {what}", shown(value)))
        }
    };
    match ty {
        TypeRef::Bool => expect(value.is_boolean(), "a boolean"),
        TypeRef::I32 => expect(
            value.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
            "a 32-bit integer",
        ),
        TypeRef::I64 => expect(value.is_i64(), "an integer"),
        TypeRef::U32 => expect(
            value.as_u64().is_some_and(|n| u32::try_from(n).is_ok()),
            "an unsigned 32-bit integer",
        ),
        TypeRef::U64 => expect(value.is_u64(), "an unsigned integer"),
        TypeRef::F32 | TypeRef::F64 => expect(value.is_number(), "a number"),
        TypeRef::String => expect(value.is_string(), "a string"),
        TypeRef::Bytes => Err("a binary body has no JSON example".into()),
        TypeRef::Json => Ok(()),
        TypeRef::JsonObject => expect(value.is_object(), "an object"),
        TypeRef::Option(inner) => match value {
            Value::Null => Ok(()),
            other => fits_in(api, other, inner, entered),
        },
        TypeRef::Vec(item) => match value {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .try_for_each(|(i, v)| fits(api, v, item).map_err(|e| format!("item {i}: {e}"))),
            _ => expect(false, "a list"),
        },
        TypeRef::Map(item) => match value {
            Value::Object(members) => members.iter().try_for_each(|(k, v)| {
                fits(api, v, item).map_err(|e| format!("member `{k}`: {e}"))
            }),
            _ => expect(false, "an object"),
        },
        TypeRef::Named(id) => fits_definition(api, value, *id, None, entered),
    }
}

fn fits_definition(
    api: &Api,
    value: &Value,
    id: usize,
    without: Option<&str>,
    entered: &mut Vec<usize>,
) -> Result<(), String> {
    let def = &api.types[id];
    if entered.contains(&id) {
        return Err(format!(
            "`{}` contains itself with nothing in between",
            def.name
        ));
    }
    entered.push(id);
    match &def.kind {
        TypeKind::Alias(target) | TypeKind::Newtype(target) => fits_in(api, value, target, entered),
        TypeKind::Enum(e) => match value.as_str() {
            Some(text) if e.variants.iter().any(|v| v.value == text) => Ok(()),
            Some(text) => Err(format!(
                "`{text}` is not one of the values of `{}`",
                def.name
            )),
            None => Err(format!("{} where the schema wants a string", shown(value))),
        },
        TypeKind::IntEnum(e) => match value
            .as_i64()
            .map(i128::from)
            .or_else(|| value.as_u64().map(i128::from))
        {
            Some(n) if e.variants.iter().any(|v| v.value == n) => Ok(()),
            Some(n) => Err(format!("`{n}` is not one of the values of `{}`", def.name)),
            None => Err(format!(
                "{} where the schema wants an integer",
                shown(value)
            )),
        },
        TypeKind::Struct(s) => {
            let Value::Object(members) = value else {
                return Err(format!(
                    "{} where the schema wants an object",
                    describe(value)
                ));
            };
            for field in s.fields.iter().filter(|f| !f.flatten) {
                match members.get(&field.wire) {
                    // An absent optional member is fine; a `null` one only if it is nullable.
                    Some(member) => fits(api, member, &field.ty)
                        .map_err(|e| format!("member `{}`: {e}", field.wire))?,
                    None if field.required => {
                        return Err(format!("required member `{}` is missing", field.wire))
                    }
                    None => {}
                }
            }
            let open = s.fields.iter().any(|f| f.flatten);
            for (name, member) in members {
                if Some(name.as_str()) == without || s.fields.iter().any(|f| &f.wire == name) {
                    continue;
                }
                match &s.additional {
                    Some(ty) => {
                        fits(api, member, ty).map_err(|e| format!("member `{name}`: {e}"))?
                    }
                    None if open => {}
                    None => return Err(format!("member `{name}` is not declared in the schema")),
                }
            }
            Ok(())
        }
        TypeKind::Tagged(t) => {
            let tag = value
                .get(&t.tag)
                .and_then(Value::as_str)
                .ok_or_else(|| format!("the tag member `{}` is missing", t.tag))?;
            let variant = t
                .variants
                .iter()
                .find(|v| v.value == tag)
                .ok_or_else(|| format!("`{tag}` is not a value of the tag `{}`", t.tag))?;
            match &variant.ty {
                TypeRef::Named(vid) => fits_definition(api, value, *vid, Some(&t.tag), entered),
                other => fits_in(api, value, other, entered),
            }
        }
        TypeKind::Untagged(u) => {
            let mut reasons = Vec::new();
            for v in &u.variants {
                // Each variant is tried from here: what another one entered does not count.
                let mut entered = entered.clone();
                match fits_in(api, value, &v.ty, &mut entered) {
                    Ok(()) => return Ok(()),
                    Err(e) => reasons.push(format!("{}: {e}", v.name)),
                }
            }
            Err(format!("fits no variant ({})", reasons.join("; ")))
        }
        // No schema describes it: its variants' bodies are checked as the types they are.
        TypeKind::Responses(_) => Err(format!("`{}` is not a wire type", def.name)),
    }
}

/// A value as a reason shows it: its kind, and its text when short.
fn shown(value: &Value) -> String {
    if value.is_null() {
        return "null".into();
    }
    let text = value.to_string();
    if text.len() <= 40 {
        format!("{} {text}", describe(value))
    } else {
        describe(value).to_owned()
    }
}
