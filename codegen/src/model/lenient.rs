//! Members read leniently: numbers and booleans that the spec's own examples write as
//! strings (`count: {type: number, example: '100'}`). Servers tend to send what the examples
//! show, so such a member is also read from a string holding its value (by the runtime's
//! `lenient.rs`), and is still sent as the schema says. [`Config::numbers_as_strings`]
//! extends this to every number member.
//!
//! Where the example sits decides which member it is about: an example of the member itself
//! (recorded where the struct is built, see `types/structs.rs`), or a member of an example of
//! a whole object, met by [`fits_tolerating`] (an example that has some other problem makes no
//! member lenient). The emitters print what the model says: the `deserialize_with`, the
//! docs, and the example tests that read through the runtime's function.

use serde_json::{Number, Value};

use super::fits::{fits_tolerating, Tolerated};
use super::{Api, Example, Leniency, TypeDef, TypeKind, TypeRef};
use crate::config::Config;

/// True for a type whose values are numbers, through aliases and `Option`s.
fn is_number(types: &[TypeDef], ty: &TypeRef) -> bool {
    ty.scalar(types).is_some_and(|t| *t != TypeRef::Bool)
}

/// The JSON value that `value` stands for when it is a string read leniently as `ty`, by the
/// rules of the runtime's `lenient.rs`: the whole string is an integer in the type's range, a
/// finite number, `true` or `false`. `None` when `value` is no such string or `ty` no number
/// or boolean type.
pub fn reads_as(types: &[TypeDef], value: &Value, ty: &TypeRef) -> Option<Value> {
    let text = value.as_str()?;
    let integer = || text.parse::<i128>().ok();
    let float = || text.parse::<f64>().ok().filter(|f| f.is_finite());
    match ty.scalar(types)? {
        TypeRef::Bool => match text {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        TypeRef::I32 => integer()
            .and_then(|n| i32::try_from(n).ok())
            .map(Value::from),
        TypeRef::I64 => integer()
            .and_then(|n| i64::try_from(n).ok())
            .map(Value::from),
        TypeRef::U32 => integer()
            .and_then(|n| u32::try_from(n).ok())
            .map(Value::from),
        TypeRef::U64 => integer()
            .and_then(|n| u64::try_from(n).ok())
            .map(Value::from),
        // As the runtime reads an `f32`: the nearest one.
        TypeRef::F32 => float()
            .and_then(|f| Number::from_f64(f64::from(f as f32)))
            .map(Value::Number),
        TypeRef::F64 => float().and_then(Number::from_f64).map(Value::Number),
        _ => None,
    }
}

/// Makes lenient the members that examples of whole objects write as strings, and, with
/// [`Config::numbers_as_strings`], every number member of every type that is read (not the
/// parameters of operations, which are only sent). Runs before the examples are checked
/// (see [`Example::misfit`]), which then take such strings as fitting.
pub fn settle(api: &mut Api, examples: &[Example], config: &Config) {
    for example in examples.iter().filter(|e| !e.lenient) {
        let Ok(found) = fits_tolerating(api, &example.value, &example.ty) else {
            continue;
        };
        for Tolerated { ty, field, text } in found {
            if let TypeKind::Struct(s) = &mut api.types[ty].kind {
                let field = &mut s.fields[field];
                field.lenient.get_or_insert(Leniency::Example {
                    location: example.location.clone(),
                    text,
                });
            }
        }
    }
    if config.numbers_as_strings {
        let numbers: Vec<(usize, usize)> = api
            .types
            .iter()
            .enumerate()
            .filter_map(|(id, def)| match &def.kind {
                TypeKind::Struct(s) if s.params_of.is_none() => Some((id, s)),
                _ => None,
            })
            .flat_map(|(id, s)| {
                s.fields
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| !f.flatten && is_number(&api.types, &f.ty))
                    .map(move |(index, _)| (id, index))
            })
            .collect();
        for (id, index) in numbers {
            if let TypeKind::Struct(s) = &mut api.types[id].kind {
                s.fields[index].lenient.get_or_insert(Leniency::Everywhere);
            }
        }
    }
}
