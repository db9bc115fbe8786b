//! Enums: string enums, and integer enums (`type: integer` with `enum`). Both take a value
//! the spec does not list as `Other(value)` rather than failing.

use std::collections::HashSet;

use super::TypeSpace;
use crate::model::shape::Shape;
use crate::model::{EnumVariant, IntegerEnum, IntegerVariant, StringEnum, TypeKind, TypeRef};
use crate::naming::{self, Scope};
use crate::resolve::Location;

impl TypeSpace<'_> {
    /// The variant names `x-enum-varnames` gives an enum (a widely used extension), one per
    /// value but `null`, or `None` (with a warning when the extension is there but unusable).
    fn spec_variant_names(&mut self, shape: &Shape<'_>, at: &Location) -> Option<Vec<String>> {
        let names = shape.data.extensions.get("x-enum-varnames")?;
        let names: Option<Vec<String>> = names.as_array().and_then(|names| {
            names
                .iter()
                .map(|n| n.as_str().map(str::to_owned))
                .collect()
        });
        let values = &shape.enumeration;
        let count = values.iter().filter(|v| !v.is_null()).count();
        match names {
            Some(names) if names.len() == count => Some(names),
            // Names for every value, `null` included: the one of `null` names nothing.
            Some(names) if names.len() == values.len() => Some(
                names
                    .into_iter()
                    .zip(values)
                    .filter(|(_, v)| !v.is_null())
                    .map(|(n, _)| n)
                    .collect(),
            ),
            _ => {
                self.warn(self.resolver.error(
                    &at.child("x-enum-varnames"),
                    crate::error::ErrorKind::Invalid(format!(
                        "`x-enum-varnames` should be a list of {count} names, one per enum \
                         value; the variants are named after the values"
                    )),
                ));
                None
            }
        }
    }

    fn duplicate_enum_value(&mut self, at: &Location, value: &str) {
        self.warn(self.resolver.error(
            &at.child("enum"),
            crate::error::ErrorKind::Invalid(format!(
                "the enum lists `{value}` twice; the second is ignored"
            )),
        ));
    }

    pub(super) fn string_enum(
        &mut self,
        values: &[&str],
        shape: &Shape<'_>,
        at: &Location,
    ) -> TypeKind {
        let mut scope = Scope::with_reserved(&[naming::OTHER_VARIANT]);
        let mut variants = Vec::with_capacity(values.len());
        let mut seen_values = HashSet::new();
        let spec_names = self.spec_variant_names(shape, at);
        for (i, value) in values.iter().enumerate() {
            if !seen_values.insert(*value) {
                self.duplicate_enum_value(at, value);
                continue;
            }
            let raw = spec_names
                .as_ref()
                .map_or(*value, |names| names[i].as_str());
            variants.push(EnumVariant {
                name: scope.claim(naming::variant_name(raw), raw),
                value: (*value).to_owned(),
            });
        }
        let default = shape
            .data
            .default
            .as_ref()
            .and_then(|d| d.as_str())
            .and_then(|d| variants.iter().position(|v| v.value == d));
        TypeKind::Enum(StringEnum { variants, default })
    }

    pub(super) fn integer_enum(
        &mut self,
        repr: TypeRef,
        values: &[i128],
        shape: &Shape<'_>,
        at: &Location,
    ) -> TypeKind {
        let mut scope = Scope::with_reserved(&[naming::OTHER_VARIANT]);
        let mut variants: Vec<IntegerVariant> = Vec::with_capacity(values.len());
        let spec_names = self.spec_variant_names(shape, at);
        for (i, &value) in values.iter().enumerate() {
            if variants.iter().any(|v| v.value == value) {
                self.duplicate_enum_value(at, &value.to_string());
                continue;
            }
            let (name, named_by_spec) = match &spec_names {
                Some(names) => (
                    scope.claim(naming::variant_name(&names[i]), &names[i]),
                    true,
                ),
                None => {
                    let candidate = if value < 0 {
                        format!("VMinus{}", value.unsigned_abs())
                    } else {
                        format!("V{value}")
                    };
                    (scope.claim(candidate.clone(), &candidate), false)
                }
            };
            variants.push(IntegerVariant {
                name,
                value,
                named_by_spec,
            });
        }
        let default = shape
            .data
            .default
            .as_ref()
            .and_then(integer_value)
            .and_then(|d| variants.iter().position(|v| v.value == d));
        TypeKind::IntEnum(IntegerEnum {
            repr,
            variants,
            default,
        })
    }
}

/// The values of a string enum (`null` aside), or `None` when the schema is not one.
pub(super) fn string_enum<'s>(shape: &'s Shape<'_>) -> Option<Vec<&'s str>> {
    if !matches!(shape.typ, None | Some("string")) {
        return None;
    }
    let values: Vec<&str> = shape
        .enumeration
        .iter()
        .filter(|v| !v.is_null())
        .map(|v| v.as_str())
        .collect::<Option<_>>()?;
    (!values.is_empty()).then_some(values)
}

/// The integer type of a `type: integer` schema, from its `format`.
pub(in crate::model) fn integer_type(format: Option<&str>) -> TypeRef {
    match format {
        Some("int32") => TypeRef::I32,
        Some("uint32") => TypeRef::U32,
        Some("uint64") => TypeRef::U64,
        _ => TypeRef::I64,
    }
}

/// A JSON number that is a whole number (`2`, or `2.0` as YAML may give it).
pub(in crate::model) fn integer_value(value: &serde_json::Value) -> Option<i128> {
    if let Some(n) = value.as_i64() {
        return Some(n.into());
    }
    if let Some(n) = value.as_u64() {
        return Some(n.into());
    }
    let f = value.as_f64()?;
    // Exactly representable whole numbers only (2^53 and beyond are not all integers).
    (f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0).then_some(f as i128)
}

/// True when the integer type holds `value`.
pub(in crate::model) fn integer_fits(repr: &TypeRef, value: i128) -> bool {
    match repr {
        TypeRef::I32 => i32::try_from(value).is_ok(),
        TypeRef::I64 => i64::try_from(value).is_ok(),
        TypeRef::U32 => u32::try_from(value).is_ok(),
        TypeRef::U64 => u64::try_from(value).is_ok(),
        _ => false,
    }
}

/// The integer type and values of an integer enum (`null` aside), or `None` when the schema
/// is not one: `type: integer` and every value a whole number that type holds. Other enums
/// of numbers (`type: number`, or values that are not all integers) stay plain numbers.
pub(super) fn integer_enum(shape: &Shape<'_>) -> Option<(TypeRef, Vec<i128>)> {
    if shape.typ != Some("integer") {
        return None;
    }
    let repr = integer_type(shape.format.as_deref());
    let values: Vec<i128> = shape
        .enumeration
        .iter()
        .filter(|v| !v.is_null())
        .map(|v| integer_value(v).filter(|n| integer_fits(&repr, *n)))
        .collect::<Option<_>>()?;
    (!values.is_empty()).then_some((repr, values))
}
