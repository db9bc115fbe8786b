//! Numbers and booleans that arrive written as strings (`"100"` where the spec says a number,
//! `"true"` for a boolean), read all the same.
//!
//! A generated model reads a member this way, with a `#[serde(deserialize_with = …)]` that
//! names this module's [`deserialize`] (from the crate root), where the spec's own
//! example writes the member's value as a string (servers tend to send what the examples
//! show), or every number member when the generator is asked to tolerate numbers as strings
//! everywhere. Only reading changes: such a member is still sent as the schema says.
//!
//! What is read is strict otherwise: a string must hold the whole number (`"12abc"`, `" 1"`,
//! `""` and `"NaN"` are refused), an integer type takes no fraction (`"1.5"`) and no value out
//! of its range, a boolean is `true` or `false` (or those words as strings), and `null` is
//! only a value of an `Option`. The error says what was found and what was wanted.
//!
//! For compile time, one visitor (not generic) reads any JSON scalar, and each member type
//! turns it into its value in a small non-generic function; the generic part, instantiated
//! per deserializer and member type, is a call of each.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, Unexpected, Visitor};

/// Reads a member of type `T` from its JSON value or from a string holding it (see the
/// module's docs).
pub fn deserialize<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Lenient,
{
    let scalar = deserializer.deserialize_any(ScalarVisitor)?;
    T::from_scalar(scalar).map_err(|mismatch| {
        de::Error::invalid_value(mismatch.found.unexpected(), &mismatch.expected)
    })
}

/// [`deserialize`] as a seed: how a generated struct reads such a member (with
/// `de::value_seed`).
pub fn seed<T: Lenient>() -> Seed<T> {
    Seed(PhantomData)
}

/// See [`seed`].
pub struct Seed<T>(PhantomData<T>);

impl<'de, T: Lenient> DeserializeSeed<'de> for Seed<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        deserialize(deserializer)
    }
}

/// A JSON scalar as read, before it becomes the member's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    Null,
    Bool(bool),
    Signed(i64),
    Unsigned(u64),
    Float(f64),
    Text(String),
}

impl Scalar {
    fn unexpected(&self) -> Unexpected<'_> {
        match self {
            Scalar::Null => Unexpected::Unit,
            Scalar::Bool(b) => Unexpected::Bool(*b),
            Scalar::Signed(n) => Unexpected::Signed(*n),
            Scalar::Unsigned(n) => Unexpected::Unsigned(*n),
            Scalar::Float(f) => Unexpected::Float(*f),
            Scalar::Text(text) => Unexpected::Str(text),
        }
    }
}

/// A scalar that is no value of the member's type: what was found, and what was wanted.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    pub found: Scalar,
    pub expected: &'static str,
}

/// The types a member read leniently can have: the integer and float types of generated
/// models, `bool`, and an `Option` of one (`null` is `None`).
pub trait Lenient: Sized {
    /// The value `scalar` stands for.
    fn from_scalar(scalar: Scalar) -> Result<Self, Mismatch>;
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, a boolean, or a string holding one")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
        Ok(Scalar::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar::Signed(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
        Ok(Scalar::Unsigned(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
        Ok(Scalar::Float(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
        Ok(Scalar::Text(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar, E> {
        Ok(Scalar::Text(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Scalar, D::Error> {
        deserializer.deserialize_any(ScalarVisitor)
    }
}

/// An integer from a JSON integer or a string of decimal digits (with an optional sign), in
/// the range `T` can hold.
fn integer<T: TryFrom<i128>>(scalar: Scalar, expected: &'static str) -> Result<T, Mismatch> {
    let wide = match &scalar {
        Scalar::Signed(n) => Some(i128::from(*n)),
        Scalar::Unsigned(n) => Some(i128::from(*n)),
        Scalar::Text(text) => text.parse::<i128>().ok(),
        _ => None,
    };
    match wide.map(T::try_from) {
        Some(Ok(value)) => Ok(value),
        _ => Err(Mismatch {
            found: scalar,
            expected,
        }),
    }
}

/// A finite number from a JSON number or a string holding one.
fn float(scalar: Scalar, expected: &'static str) -> Result<f64, Mismatch> {
    let value = match &scalar {
        Scalar::Signed(n) => Some(*n as f64),
        Scalar::Unsigned(n) => Some(*n as f64),
        Scalar::Float(f) => Some(*f),
        Scalar::Text(text) => text.parse::<f64>().ok().filter(|f| f.is_finite()),
        _ => None,
    };
    value.ok_or(Mismatch {
        found: scalar,
        expected,
    })
}

impl Lenient for i32 {
    fn from_scalar(scalar: Scalar) -> Result<Self, Mismatch> {
        integer(scalar, "a 32-bit integer, or a string holding one")
    }
}

impl Lenient for i64 {
    fn from_scalar(scalar: Scalar) -> Result<Self, Mismatch> {
        integer(scalar, "an integer, or a string holding one")
    }
}

impl Lenient for u32 {
    fn from_scalar(scalar: Scalar) -> Result<Self, Mismatch> {
        integer(
            scalar,
            "an unsigned 32-bit integer, or a string holding one",
        )
    }
}

impl Lenient for u64 {
    fn from_scalar(scalar: Scalar) -> Result<Self, Mismatch> {
        integer(scalar, "an unsigned integer, or a string holding one")
    }
}

impl Lenient for f64 {
    fn from_scalar(scalar: Scalar) -> Result<Self, Mismatch> {
        float(scalar, "a number, or a string holding one")
    }
}

impl Lenient for f32 {
    fn from_scalar(scalar: Scalar) -> Result<Self, Mismatch> {
        // As serde reads an `f32` from JSON: the nearest `f32` to the number.
        float(scalar, "a number, or a string holding one").map(|f| f as f32)
    }
}

impl Lenient for bool {
    fn from_scalar(scalar: Scalar) -> Result<Self, Mismatch> {
        match &scalar {
            Scalar::Bool(b) => Ok(*b),
            Scalar::Text(text) if text == "true" => Ok(true),
            Scalar::Text(text) if text == "false" => Ok(false),
            _ => Err(Mismatch {
                found: scalar,
                expected: "a boolean, or a string holding one",
            }),
        }
    }
}

impl<T: Lenient> Lenient for Option<T> {
    fn from_scalar(scalar: Scalar) -> Result<Self, Mismatch> {
        match scalar {
            Scalar::Null => Ok(None),
            other => T::from_scalar(other).map(Some),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read<T: Lenient>(json: &str) -> Result<T, String> {
        let mut deserializer = serde_json::Deserializer::from_str(json);
        deserialize(&mut deserializer).map_err(|e| e.to_string())
    }

    #[test]
    fn numbers_are_read_from_numbers_and_from_strings() {
        assert_eq!(read::<f64>("100"), Ok(100.0));
        assert_eq!(read::<f64>("\"100\""), Ok(100.0));
        assert_eq!(read::<f64>("\"-1.5e3\""), Ok(-1500.0));
        assert_eq!(read::<f32>("\"0.25\""), Ok(0.25));
        assert_eq!(read::<i64>("\"123\""), Ok(123));
        assert_eq!(read::<i64>("-7"), Ok(-7));
        assert_eq!(read::<i32>("\"-2147483648\""), Ok(i32::MIN));
        assert_eq!(read::<u64>("\"18446744073709551615\""), Ok(u64::MAX));
        assert_eq!(read::<u32>("4294967295"), Ok(u32::MAX));
        assert_eq!(read::<bool>("\"true\""), Ok(true));
        assert_eq!(read::<bool>("false"), Ok(false));
    }

    #[test]
    fn options_take_null_and_both_forms() {
        assert_eq!(read::<Option<i64>>("null"), Ok(None));
        assert_eq!(read::<Option<i64>>("\"5\""), Ok(Some(5)));
        assert_eq!(read::<Option<f64>>("2.5"), Ok(Some(2.5)));
        assert_eq!(read::<Option<bool>>("\"false\""), Ok(Some(false)));
    }

    #[test]
    fn what_is_not_a_value_of_the_type_is_refused_with_a_clear_error() {
        assert_eq!(
            read::<f64>("\"abc\"").unwrap_err(),
            "invalid value: string \"abc\", expected a number, or a string holding one"
        );
        assert_eq!(
            read::<i32>("\"3000000000\"").unwrap_err(),
            "invalid value: string \"3000000000\", expected a 32-bit integer, or a string holding one"
        );
        assert_eq!(
            read::<u64>("-1").unwrap_err(),
            "invalid value: integer `-1`, expected an unsigned integer, or a string holding one"
        );
        assert_eq!(
            read::<bool>("\"yes\"").unwrap_err(),
            "invalid value: string \"yes\", expected a boolean, or a string holding one"
        );
        assert_eq!(
            read::<i64>("null").unwrap_err(),
            "invalid value: null, expected an integer, or a string holding one"
        );
        assert!(read::<i64>("{}").unwrap_err().starts_with(
            "invalid type: map, expected a number, a boolean, or a string holding one"
        ));
        for refused in ["\"1.5\"", "1.5", "\"\"", "\" 1\"", "\"12abc\"", "true"] {
            assert!(read::<i64>(refused).is_err(), "{refused}");
        }
        for refused in ["\"NaN\"", "\"inf\"", "\"-infinity\"", "\"\"", "\"1,5\""] {
            assert!(read::<f64>(refused).is_err(), "{refused}");
        }
    }

    /// As a generated model uses it: both forms read, the schema's form written.
    #[test]
    fn a_member_is_read_leniently_and_written_as_the_schema_says() {
        #[derive(Debug, PartialEq, serde::Deserialize, serde::Serialize)]
        struct Page {
            #[serde(deserialize_with = "deserialize")]
            count: f64,
            #[serde(
                default,
                deserialize_with = "deserialize",
                skip_serializing_if = "Option::is_none"
            )]
            sequence_number: Option<i64>,
        }
        let page: Page =
            serde_json::from_str(r#"{"count": "100", "sequence_number": "123"}"#).unwrap();
        assert_eq!(
            page,
            Page {
                count: 100.0,
                sequence_number: Some(123)
            }
        );
        assert_eq!(
            serde_json::to_string(&page).unwrap(),
            r#"{"count":100.0,"sequence_number":123}"#
        );
        let absent: Page = serde_json::from_str(r#"{"count": 1}"#).unwrap();
        assert_eq!(absent.sequence_number, None);
        let error = serde_json::from_str::<Page>(r#"{"count": "many"}"#).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("invalid value: string \"many\", expected a number"),
            "{error}"
        );
    }
}
