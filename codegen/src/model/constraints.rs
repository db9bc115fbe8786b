//! Validation keywords (`pattern`, `minLength`/`maxLength`, `minimum`/`maximum` and their
//! exclusive forms, `minItems`/`maxItems`): what a value must satisfy before the client sends
//! it, carried on the model where values are used (struct fields, parameters, bodies, and
//! aliases), as [`Constraints`].
//!
//! A use of a type carries the rules of the schema at that position, not those of a named
//! type it refers to: a struct or union checks its own members, and an alias's rules are
//! folded into every use of it once the model is settled (a Rust type alias of `String` can
//! have no method of its own). A list carries its items' rules, a map its values'.
//!
//! The rules are checked here first: a `pattern` the generated client's regex engine
//! (regex-lite, the one compiled here) cannot compile, bounds that no value meets
//! (`minLength` above `maxLength`) or that no value of the Rust type meets, are reported as
//! warnings and left out, so that a generated client never fails on a rule of its own.

use std::borrow::Borrow;

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::shape::Shape;
use super::types::TypeSpace;
use super::TypeRef;
use crate::error::ErrorKind;
use crate::resolve::Location;

/// What a value must satisfy, for one use of a type.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// The rules of the value itself, in the order the keywords are listed in [`Rule`].
    pub rules: Vec<Rule>,
    /// For a list: what each item must satisfy.
    pub items: Option<Box<Constraints>>,
    /// For a map: what each value must satisfy.
    pub values: Option<Box<Constraints>>,
}

impl Constraints {
    /// True when nothing is checked.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty() && self.items.is_none() && self.values.is_none()
    }

    /// True when some rule is a `pattern`, at any depth.
    pub fn has_pattern(&self) -> bool {
        self.rules.iter().any(|r| matches!(r, Rule::Pattern(_)))
            || self.items.as_ref().is_some_and(|c| c.has_pattern())
            || self.values.as_ref().is_some_and(|c| c.has_pattern())
    }

    /// Adds the rules of `other` that are not there yet (a value must satisfy both).
    pub(super) fn merge(&mut self, other: Constraints) {
        for rule in other.rules {
            if !self.rules.contains(&rule) {
                self.rules.push(rule);
            }
        }
        merge_nested(&mut self.items, other.items);
        merge_nested(&mut self.values, other.values);
    }
}

fn merge_nested(into: &mut Option<Box<Constraints>>, other: Option<Box<Constraints>>) {
    match (into.as_mut(), other) {
        (Some(mine), Some(other)) => mine.merge(*other),
        (None, Some(other)) => *into = Some(other),
        (_, None) => {}
    }
}

/// `Some` unless empty.
pub(super) fn nested(constraints: Constraints) -> Option<Box<Constraints>> {
    (!constraints.is_empty()).then(|| Box::new(constraints))
}

/// One validation keyword, as the spec writes it. Lengths count characters (Unicode code
/// points), as JSON Schema does.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    MinLength(u64),
    MaxLength(u64),
    /// An ECMA-262 regular expression the value must match somewhere (it is not anchored
    /// unless it says so), known to compile with regex-lite.
    Pattern(String),
    Minimum(Bound),
    ExclusiveMinimum(Bound),
    Maximum(Bound),
    ExclusiveMaximum(Bound),
    MinItems(u64),
    MaxItems(u64),
}

/// A bound of a number, in the kind of number its value is: within range of the integer
/// type it is for, or a finite float (within range of `f32` for an `f32`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound {
    Integer(i128),
    Float(f64),
}

/// A number as the spec writes it.
#[derive(Debug, Clone, Copy)]
enum Number {
    Int(i64),
    Float(f64),
}

/// The validation keywords of one schema, whichever way openapiv3 read it.
#[derive(Default)]
struct Keywords<'s> {
    pattern: Option<&'s str>,
    min_length: Option<usize>,
    max_length: Option<usize>,
    minimum: Option<Number>,
    maximum: Option<Number>,
    exclusive_minimum: bool,
    exclusive_maximum: bool,
    min_items: Option<usize>,
    max_items: Option<usize>,
}

fn keywords(schema: &Schema) -> Keywords<'_> {
    let mut k = Keywords::default();
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(t)) => {
            k.pattern = t.pattern.as_deref();
            k.min_length = t.min_length;
            k.max_length = t.max_length;
        }
        SchemaKind::Type(Type::Integer(t)) => {
            k.minimum = t.minimum.map(Number::Int);
            k.maximum = t.maximum.map(Number::Int);
            k.exclusive_minimum = t.exclusive_minimum;
            k.exclusive_maximum = t.exclusive_maximum;
        }
        SchemaKind::Type(Type::Number(t)) => {
            k.minimum = t.minimum.map(Number::Float);
            k.maximum = t.maximum.map(Number::Float);
            k.exclusive_minimum = t.exclusive_minimum;
            k.exclusive_maximum = t.exclusive_maximum;
        }
        SchemaKind::Type(Type::Array(t)) => {
            k.min_items = t.min_items;
            k.max_items = t.max_items;
        }
        SchemaKind::Any(any) => {
            k.pattern = any.pattern.as_deref();
            k.min_length = any.min_length;
            k.max_length = any.max_length;
            k.minimum = any.minimum.map(Number::Float);
            k.maximum = any.maximum.map(Number::Float);
            k.exclusive_minimum = any.exclusive_minimum.unwrap_or(false);
            k.exclusive_maximum = any.exclusive_maximum.unwrap_or(false);
            k.min_items = any.min_items;
            k.max_items = any.max_items;
        }
        _ => {}
    }
    k
}

/// How deep `allOf` parts are followed for their keywords (parts that include each other end
/// there).
const MAX_PARTS_DEPTH: usize = 16;

impl TypeSpace<'_> {
    /// The constraints of the schema position `item` at `at`, whose type is `ty`. Empty for a
    /// named type other than an alias (it checks its own members); an alias's rules are
    /// added to each use of it by [`settle`](super::validation::settle).
    pub(in crate::model) fn constraints_of<S: Borrow<Schema> + Clone>(
        &mut self,
        item: &ReferenceOr<S>,
        at: &Location,
        ty: &TypeRef,
    ) -> Constraints {
        let ty = match ty {
            TypeRef::Option(inner) => inner.as_ref(),
            other => other,
        };
        if !may_carry_rules(ty) {
            return Constraints::default();
        }
        match item {
            // Read where it is (resolving would copy it).
            ReferenceOr::Item(schema) => self.constraints_in(schema.borrow(), at, ty, 0),
            ReferenceOr::Reference { .. } => match self.resolve_schema(item, at) {
                Some((at, schema)) => self.constraints_in(&schema, &at, ty, 0),
                None => Constraints::default(),
            },
        }
    }

    /// The constraints of `schema`, which sits at `at` and has the type `ty`: its own
    /// keywords, those of its `allOf` parts (a value must satisfy every part), and those of
    /// its items or map values.
    pub(in crate::model) fn constraints_in(
        &mut self,
        schema: &Schema,
        at: &Location,
        ty: &TypeRef,
        depth: usize,
    ) -> Constraints {
        let ty = match ty {
            TypeRef::Option(inner) => inner.as_ref(),
            other => other,
        };
        if !may_carry_rules(ty) || depth > MAX_PARTS_DEPTH {
            return Constraints::default();
        }
        let mut out = Constraints {
            rules: self.rules(&keywords(schema), at, ty),
            ..Constraints::default()
        };
        let shape = Shape::of(schema);
        match ty {
            TypeRef::Vec(item_ty) => {
                if let Some(items) = shape.items {
                    out.items = nested(self.constraints_of(items, &at.child("items"), item_ty));
                }
            }
            TypeRef::Map(value_ty) => {
                if let Some(openapiv3::AdditionalProperties::Schema(value)) = shape.additional {
                    let value_at = at.child("additionalProperties");
                    out.values = nested(self.constraints_of(value, &value_at, value_ty));
                }
            }
            _ => {}
        }
        for (i, part) in shape.all_of.iter().enumerate() {
            let part_at = at.descend(&["allOf", &i.to_string()]);
            if let Some((part_at, part)) = self.resolve_schema(part, &part_at) {
                let more = self.constraints_in(&part, &part_at, ty, depth + 1);
                out.merge(more);
            }
        }
        out
    }

    /// The rules of `k` that apply to values of `ty`; contradictions and patterns that do not
    /// compile are reported and left out.
    fn rules(&mut self, k: &Keywords<'_>, at: &Location, ty: &TypeRef) -> Vec<Rule> {
        let mut rules = Vec::new();
        match ty {
            TypeRef::String => {
                let (min, max) =
                    self.ordered(at, ("minLength", k.min_length), ("maxLength", k.max_length));
                rules.extend(min.map(|n| Rule::MinLength(n as u64)));
                rules.extend(max.map(|n| Rule::MaxLength(n as u64)));
                if let Some(pattern) = k.pattern {
                    match regex_lite::Regex::new(pattern) {
                        Ok(_) => rules.push(Rule::Pattern(pattern.to_owned())),
                        Err(e) => {
                            let reason = e.to_string();
                            let reason = reason.lines().last().unwrap_or_default().trim();
                            self.warn_once(
                                &at.child("pattern"),
                                format!(
                                    "`pattern` is not checked before sending: the regex engine of \
                                     the generated client (regex-lite) cannot compile it: {reason}"
                                ),
                            );
                        }
                    }
                }
            }
            TypeRef::Vec(_) => {
                let (min, max) =
                    self.ordered(at, ("minItems", k.min_items), ("maxItems", k.max_items));
                rules.extend(min.map(|n| Rule::MinItems(n as u64)));
                rules.extend(max.map(|n| Rule::MaxItems(n as u64)));
            }
            number => {
                let Some(range) = NumberRange::of(number) else {
                    return rules;
                };
                let min = k.minimum.and_then(|n| {
                    self.bound(at, "minimum", n, k.exclusive_minimum, &range, Side::Lower)
                });
                let max = k.maximum.and_then(|n| {
                    self.bound(at, "maximum", n, k.exclusive_maximum, &range, Side::Upper)
                });
                match (min, max) {
                    (Some(lo), Some(hi)) if !range.meets(lo, hi) => self.warn_once(
                        at,
                        "`minimum` and `maximum` leave no value: neither is checked before \
                         sending"
                            .to_owned(),
                    ),
                    (min, max) => {
                        rules.extend(min.map(|(b, exclusive)| {
                            if exclusive {
                                Rule::ExclusiveMinimum(b)
                            } else {
                                Rule::Minimum(b)
                            }
                        }));
                        rules.extend(max.map(|(b, exclusive)| {
                            if exclusive {
                                Rule::ExclusiveMaximum(b)
                            } else {
                                Rule::Maximum(b)
                            }
                        }));
                    }
                }
            }
        }
        rules
    }

    /// A lower and an upper count (`minLength`/`maxLength`, `minItems`/`maxItems`), unless the
    /// lower one is above the upper one: then neither (reported).
    fn ordered(
        &mut self,
        at: &Location,
        (min_name, min): (&str, Option<usize>),
        (max_name, max): (&str, Option<usize>),
    ) -> (Option<usize>, Option<usize>) {
        match (min, max) {
            (Some(lo), Some(hi)) if lo > hi => {
                self.warn_once(
                    at,
                    format!(
                        "`{min_name}` {lo} is greater than `{max_name}` {hi}: no value fits, so \
                         neither is checked before sending"
                    ),
                );
                (None, None)
            }
            // A lower bound of 0 holds for every value.
            (lo, hi) => (lo.filter(|&n| n > 0), hi),
        }
    }

    /// A `minimum` or `maximum` as a bound of the Rust type: `None` when every value of the
    /// type meets it (nothing to check) or none does (reported).
    fn bound(
        &mut self,
        at: &Location,
        keyword: &str,
        n: Number,
        exclusive: bool,
        range: &NumberRange,
        side: Side,
    ) -> Option<(Bound, bool)> {
        let (bound, exclusive) = match range.bound(n, exclusive, side) {
            Ok(found) => found?,
            Err(reason) => {
                self.warn_once(
                    &at.child(keyword),
                    format!("`{keyword}` is not checked before sending: {reason}"),
                );
                return None;
            }
        };
        Some((bound, exclusive))
    }

    /// A warning, once per place (a shared parameter or schema is met once per use).
    fn warn_once(&mut self, at: &Location, message: String) {
        let warning = self.resolver.error(at, ErrorKind::Invalid(message));
        if !self.warnings.contains(&warning) {
            self.warn(warning);
        }
    }
}

/// True for the types whose uses may carry rules: strings, numbers, lists and maps (of
/// anything), and aliases (whose target may be one of those; the rules of a component alias
/// are its definition's, see [`TypeSpace::constraints_of`]).
fn may_carry_rules(ty: &TypeRef) -> bool {
    !matches!(
        ty,
        TypeRef::Bool | TypeRef::Bytes | TypeRef::Json | TypeRef::JsonObject | TypeRef::Named(_)
    )
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Lower,
    Upper,
}

/// The values of a Rust number type.
enum NumberRange {
    Integer { min: i128, max: i128 },
    Float { max: f64 },
}

impl NumberRange {
    fn of(ty: &TypeRef) -> Option<NumberRange> {
        let integer = |min: i128, max: i128| Some(NumberRange::Integer { min, max });
        match ty {
            TypeRef::I32 => integer(i32::MIN.into(), i32::MAX.into()),
            TypeRef::I64 => integer(i64::MIN.into(), i64::MAX.into()),
            TypeRef::U32 => integer(0, u32::MAX.into()),
            TypeRef::U64 => integer(0, u64::MAX.into()),
            TypeRef::F32 => Some(NumberRange::Float {
                max: f64::from(f32::MAX),
            }),
            TypeRef::F64 => Some(NumberRange::Float { max: f64::MAX }),
            _ => None,
        }
    }

    /// The bound a keyword sets on this type, and whether it is exclusive: `Ok(None)` when
    /// every value meets it, `Err` (why) when none does or it is no number.
    fn bound(
        &self,
        n: Number,
        exclusive: bool,
        side: Side,
    ) -> Result<Option<(Bound, bool)>, String> {
        match *self {
            NumberRange::Integer { min, max } => {
                let (value, exclusive) = match n {
                    Number::Int(i) => (i128::from(i), exclusive),
                    Number::Float(f) if !f.is_finite() => {
                        return Err(format!("{f} is not a number a value can be compared with"))
                    }
                    // An integer above 1.5 is at least 2, one below 1.5 at most 1.
                    Number::Float(f) if f.fract() != 0.0 => match side {
                        Side::Lower => (f.ceil() as i128, false),
                        Side::Upper => (f.floor() as i128, false),
                    },
                    Number::Float(f) => (f as i128, exclusive),
                };
                // The bound as an inclusive one, to compare with the type's range.
                let inclusive = match (side, exclusive) {
                    (Side::Lower, true) => value + 1,
                    (Side::Upper, true) => value - 1,
                    (_, false) => value,
                };
                match side {
                    Side::Lower if inclusive <= min => Ok(None),
                    Side::Upper if inclusive >= max => Ok(None),
                    Side::Lower if inclusive > max => Err(format!(
                        "no value of the integer type ({min} to {max}) reaches it"
                    )),
                    Side::Upper if inclusive < min => Err(format!(
                        "no value of the integer type ({min} to {max}) is below it"
                    )),
                    _ => Ok(Some((Bound::Integer(value), exclusive))),
                }
            }
            NumberRange::Float { max } => {
                let value = match n {
                    Number::Int(i) => i as f64,
                    Number::Float(f) => f,
                };
                if !value.is_finite() {
                    return Err(format!(
                        "{value} is not a number a value can be compared with"
                    ));
                }
                if value.abs() > max {
                    // Beyond the type's range: met by all values on one side, none on the other.
                    let all = (side == Side::Lower) == (value < 0.0);
                    return if all {
                        Ok(None)
                    } else {
                        Err(format!("{value} is out of range of the number type"))
                    };
                }
                Ok(Some((Bound::Float(value), exclusive)))
            }
        }
    }

    /// True when some value of the type lies between the two bounds.
    fn meets(&self, (lo, lo_exclusive): (Bound, bool), (hi, hi_exclusive): (Bound, bool)) -> bool {
        match (lo, hi) {
            (Bound::Integer(lo), Bound::Integer(hi)) => {
                let lo = if lo_exclusive { lo + 1 } else { lo };
                let hi = if hi_exclusive { hi - 1 } else { hi };
                lo <= hi
            }
            (Bound::Float(lo), Bound::Float(hi)) => {
                lo < hi || (lo == hi && !lo_exclusive && !hi_exclusive)
            }
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bound(
        ty: TypeRef,
        n: Number,
        exclusive: bool,
        side: Side,
    ) -> Result<Option<(Bound, bool)>, String> {
        NumberRange::of(&ty).unwrap().bound(n, exclusive, side)
    }

    #[test]
    fn integer_bounds_that_every_value_meets_are_dropped() {
        assert_eq!(
            bound(TypeRef::U32, Number::Int(0), false, Side::Lower),
            Ok(None)
        );
        assert_eq!(
            bound(TypeRef::U32, Number::Int(-1), true, Side::Lower),
            Ok(None)
        );
        assert_eq!(
            bound(TypeRef::I32, Number::Int(i64::MAX), false, Side::Upper),
            Ok(None)
        );
        assert_eq!(
            bound(TypeRef::U32, Number::Int(0), true, Side::Lower),
            Ok(Some((Bound::Integer(0), true)))
        );
    }

    #[test]
    fn integer_bounds_that_no_value_meets_are_errors() {
        assert!(bound(TypeRef::U32, Number::Int(-1), false, Side::Upper).is_err());
        assert!(bound(
            TypeRef::I32,
            Number::Int(i64::from(i32::MAX)),
            true,
            Side::Lower
        )
        .is_err());
        assert!(bound(
            TypeRef::I64,
            Number::Float(f64::INFINITY),
            false,
            Side::Lower
        )
        .is_err());
    }

    #[test]
    fn fractional_bounds_of_integers_round_inwards() {
        assert_eq!(
            bound(TypeRef::I64, Number::Float(1.5), true, Side::Lower),
            Ok(Some((Bound::Integer(2), false)))
        );
        assert_eq!(
            bound(TypeRef::I64, Number::Float(9.5), false, Side::Upper),
            Ok(Some((Bound::Integer(9), false)))
        );
    }

    #[test]
    fn float_bounds_beyond_f32_hold_for_all_or_none() {
        assert_eq!(
            bound(TypeRef::F32, Number::Float(1e40), false, Side::Upper),
            Ok(None)
        );
        assert!(bound(TypeRef::F32, Number::Float(1e40), false, Side::Lower).is_err());
        assert_eq!(
            bound(TypeRef::F64, Number::Int(3), false, Side::Upper),
            Ok(Some((Bound::Float(3.0), false)))
        );
    }

    #[test]
    fn bounds_that_leave_no_value() {
        let int = NumberRange::of(&TypeRef::I64).unwrap();
        let b = |n| (Bound::Integer(n), false);
        assert!(int.meets(b(1), b(1)));
        assert!(!int.meets((Bound::Integer(1), true), (Bound::Integer(2), true)));
        let float = NumberRange::of(&TypeRef::F64).unwrap();
        assert!(float.meets((Bound::Float(1.0), true), (Bound::Float(1.5), true)));
        assert!(!float.meets((Bound::Float(1.0), true), (Bound::Float(1.0), false)));
    }
}
