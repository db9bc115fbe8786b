//! Does a JSON value fit a type of the model? Used to decide which of the spec's examples
//! the generated crate's tests must round-trip, and to say why the others are skipped; and to
//! find the members that the examples write as strings holding a number or boolean (see
//! [`super::lenient`]).

use serde_json::Value;

use super::lenient::reads_as;
use super::{Api, External, StandsFor, TypeId, TypeKind, TypeRef};
use crate::json::describe;

/// `Ok(())` when `value` is valid for `ty` as the spec describes it (declared members only,
/// enum values as listed, required members present), else why not. A member read leniently
/// ([`super::Field::lenient`]) may be a string holding its value, as the generated type reads
/// it.
pub fn fits(api: &Api, value: &Value, ty: &TypeRef) -> Result<(), String> {
    let mut walk = Walk { api, found: None };
    walk.value(value, ty, &mut Vec::new())
}

/// A member of a struct that an example writes as a string holding its number or boolean.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tolerated {
    /// The struct.
    pub ty: TypeId,
    /// The index of the member's field.
    pub field: usize,
    /// The string.
    pub text: String,
}

/// [`fits`], where any number or boolean member may be a string holding its value: the
/// members written so, when the value fits that way.
pub fn fits_tolerating(api: &Api, value: &Value, ty: &TypeRef) -> Result<Vec<Tolerated>, String> {
    let mut walk = Walk {
        api,
        found: Some(Vec::new()),
    };
    walk.value(value, ty, &mut Vec::new())?;
    Ok(walk.found.unwrap_or_default())
}

/// One check of a value: the members found written as strings, when they are tolerated
/// ([`fits_tolerating`]).
struct Walk<'a> {
    api: &'a Api,
    found: Option<Vec<Tolerated>>,
}

impl Walk<'_> {
    /// Does `value` fit `ty`? `entered` holds the definitions already entered for this same
    /// value (through aliases, newtypes and unions): meeting one again means a type that
    /// contains itself with nothing in between (`U: {oneOf: [$ref: U, ...]}`), which no value
    /// can end.
    fn value(
        &mut self,
        value: &Value,
        ty: &TypeRef,
        entered: &mut Vec<usize>,
    ) -> Result<(), String> {
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
                other => self.value(other, inner, entered),
            },
            TypeRef::Vec(item) => match value {
                Value::Array(items) => items.iter().enumerate().try_for_each(|(i, v)| {
                    self.value(v, item, &mut Vec::new())
                        .map_err(|e| format!("item {i}: {e}"))
                }),
                _ => expect(false, "a list"),
            },
            TypeRef::Tuple(items) => match value {
                Value::Array(values) if values.len() == items.len() => values
                    .iter()
                    .zip(items)
                    .enumerate()
                    .try_for_each(|(i, (v, item))| {
                        self.value(v, item, &mut Vec::new())
                            .map_err(|e| format!("item {i}: {e}"))
                    }),
                _ => expect(false, &format!("a list of {} items", items.len())),
            },
            TypeRef::Map(item) => match value {
                Value::Object(members) => members.iter().try_for_each(|(k, v)| {
                    self.value(v, item, &mut Vec::new())
                        .map_err(|e| format!("member `{k}`: {e}"))
                }),
                _ => expect(false, "an object"),
            },
            TypeRef::Named(id) => self.definition(value, *id, None, entered),
            TypeRef::External(id) => fits_external(&self.api.externals[*id], value),
        }
    }

    fn definition(
        &mut self,
        value: &Value,
        id: usize,
        without: Option<&str>,
        entered: &mut Vec<usize>,
    ) -> Result<(), String> {
        let api = self.api;
        let def = &api.types[id];
        if entered.contains(&id) {
            return Err(format!(
                "`{}` contains itself with nothing in between",
                def.name
            ));
        }
        entered.push(id);
        match &def.kind {
            TypeKind::Alias(target) | TypeKind::Newtype(target) => {
                self.value(value, target, entered)
            }
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
                for (index, field) in s.fields.iter().enumerate().filter(|(_, f)| !f.flatten) {
                    match members.get(&field.wire) {
                        // An absent optional member is fine; a `null` one only if it is nullable.
                        Some(member) => self.member(id, index, member)?,
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
                        Some(ty) => self
                            .value(member, ty, &mut Vec::new())
                            .map_err(|e| format!("member `{name}`: {e}"))?,
                        None if open => {}
                        None => {
                            return Err(format!("member `{name}` is not declared in the schema"))
                        }
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
                    TypeRef::Named(vid) => self.definition(value, *vid, Some(&t.tag), entered),
                    other => self.value(value, other, entered),
                }
            }
            TypeKind::Untagged(u) => {
                let mut reasons = Vec::new();
                for v in &u.variants {
                    // Each variant is tried from here: what another one entered, or found
                    // written as strings, does not count.
                    let mut entered = entered.clone();
                    let found = self.found.clone();
                    match self.value(value, &v.ty, &mut entered) {
                        Ok(()) => return Ok(()),
                        Err(e) => {
                            self.found = found;
                            reasons.push(format!("{}: {e}", v.name));
                        }
                    }
                }
                Err(format!("fits no variant ({})", reasons.join("; ")))
            }
            // No schema describes it: its variants' bodies are checked as the types they are.
            TypeKind::Responses(_) => Err(format!("`{}` is not a wire type", def.name)),
        }
    }

    /// Does `member` fit the field `index` of struct `id`? A string holding the value of a
    /// number or boolean member does when the member is read leniently, or when such strings
    /// are tolerated (and then recorded).
    fn member(&mut self, id: TypeId, index: usize, member: &Value) -> Result<(), String> {
        let api = self.api;
        let TypeKind::Struct(s) = &api.types[id].kind else {
            return Ok(());
        };
        let field = &s.fields[index];
        let strict = self.value(member, &field.ty, &mut Vec::new());
        let Err(reason) = strict else {
            return Ok(());
        };
        let tolerated = self.found.is_some() || field.lenient.is_some();
        match member.as_str() {
            Some(text) if tolerated && reads_as(&api.types, member, &field.ty).is_some() => {
                if let Some(found) = &mut self.found {
                    found.push(Tolerated {
                        ty: id,
                        field: index,
                        text: text.to_owned(),
                    });
                }
                Ok(())
            }
            _ => Err(format!("member `{}`: {reason}", field.wire)),
        }
    }
}

/// Does `value` fit a type the model does not define? A built-in type of a format takes the
/// text the format's definition allows (which its library parses: RFC 3339 for `date-time`,
/// `YYYY-MM-DD` for `date`, the hyphenated form of a `uuid`); the user's type is taken to
/// accept what the spec says (its test shows if it does not).
fn fits_external(external: &External, value: &Value) -> Result<(), String> {
    let (Some(_), StandsFor::Format(format)) = (external.library, &external.stands_for) else {
        return Ok(());
    };
    let Some(text) = value.as_str() else {
        return Err(format!("{} where the schema wants a string", shown(value)));
    };
    let (ok, what) = match format.as_str() {
        "date-time" => (is_date_time(text), "an RFC 3339 date-time"),
        "date" => (is_date(text), "a date (`YYYY-MM-DD`)"),
        _ => (is_uuid(text), "a hyphenated UUID"),
    };
    if ok {
        Ok(())
    } else {
        Err(format!("{} is not {what}", shown(value)))
    }
}

/// `YYYY-MM-DD`, a day of the calendar.
fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let (Some(year), Some(month), Some(day)) =
        (digits(&text[..4]), digits(&text[5..7]), digits(&text[8..]))
    else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// An RFC 3339 `date-time` as both `time` and `chrono` read it: `2024-02-29T13:45:00Z`, with
/// an optional fraction of up to nine digits and `Z` or a `±HH:MM` offset (upper-case `T`
/// and `Z`; no leap second).
fn is_date_time(text: &str) -> bool {
    let Some((date, rest)) = text.split_once('T') else {
        return false;
    };
    if !is_date(date) || rest.len() < 9 || !rest.is_char_boundary(8) {
        return false;
    }
    let (clock, mut rest) = rest.split_at(8);
    let b = clock.as_bytes();
    let in_range = |t: &str, max: u32| digits(t).is_some_and(|n| n <= max);
    if b[2] != b':'
        || b[5] != b':'
        || !in_range(&clock[..2], 23)
        || !in_range(&clock[3..5], 59)
        || !in_range(&clock[6..], 59)
    {
        return false;
    }
    if let Some(fraction) = rest.strip_prefix('.') {
        let n = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if !(1..=9).contains(&n) {
            return false;
        }
        rest = &fraction[n..];
    }
    match rest.as_bytes() {
        [b'Z'] => true,
        [b'+' | b'-', _, _, b':', _, _] => in_range(&rest[1..3], 23) && in_range(&rest[4..], 59),
        _ => false,
    }
}

/// A UUID in its hyphenated form (`8-4-4-4-12` hex digits).
fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.bytes().all(|c| c.is_ascii_hexdigit()))
}

/// A number written in ASCII digits only (no sign).
fn digits(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_texts() {
        for good in [
            "2024-02-29T13:45:00Z",
            "1999-12-31T23:59:59.123456789+05:30",
            "2020-01-01T00:00:00-00:00",
        ] {
            assert!(is_date_time(good), "{good}");
        }
        for bad in [
            "2023-02-29T13:45:00Z",
            "2024-01-01 13:45:00Z",
            "2024-01-01T24:00:00Z",
            "2024-01-01T13:45:00",
            "2024-01-01T13:45:00.Z",
            "2024-01-01T13:45:00.1234567890Z",
            "2024-01-01T13:45:00+5:30",
            "2024-01-01t13:45:00z",
        ] {
            assert!(!is_date_time(bad), "{bad}");
        }
        assert!(is_date("2000-02-29") && !is_date("1900-02-29") && !is_date("2024-13-01"));
        assert!(!is_date("2024-1-01") && !is_date("+024-01-01"));
        assert!(is_uuid("123e4567-e89b-12d3-a456-426614174000"));
        assert!(is_uuid("123E4567-E89B-12D3-A456-426614174000"));
        assert!(!is_uuid("123e4567e89b12d3a456426614174000"));
        assert!(!is_uuid("123e4567-e89b-12d3-a456-42661417400g"));
    }
}
