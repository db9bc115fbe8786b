//! JSON specs, parsed with serde_json into a tree, with one check serde_json leaves out: a
//! key written twice in one object is an error (serde_json would keep the last value and
//! silently drop the first, as YAML parsers here refuse to).
//!
//! serde_json's own depth limit (128 levels) stops valid specs (inline schemas of Kubernetes
//! CRDs nest deeper). A document that meets it is read again without it, up to
//! [`super::MAX_NESTING`] levels (what the stages after loading recurse through), on a thread
//! with a stack for that depth: this reader recurses once per level, and its caller's stack
//! may be small.

use std::cell::Cell;

use serde::de::{DeserializeSeed, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::MAX_NESTING;

/// Why a document was not read: serde_json's error (with the line and column), and whether it
/// is only too deep (valid JSON, past [`MAX_NESTING`]).
#[derive(Debug)]
pub struct Failure {
    pub error: serde_json::Error,
    pub too_deep: bool,
}

/// Parses one JSON document.
pub fn parse(text: &str) -> Result<Value, Failure> {
    match parse_with_limit(text, true) {
        Err(failure)
            if failure
                .error
                .to_string()
                .starts_with("recursion limit exceeded") =>
        {
            crate::with_large_stack(|| parse_with_limit(text, false))
        }
        other => other,
    }
}

/// Parses with serde_json's depth limit of 128 levels, or with [`MAX_NESTING`] only.
fn parse_with_limit(text: &str, serde_json_limit: bool) -> Result<Value, Failure> {
    let too_deep = Cell::new(false);
    let mut deserializer = serde_json::Deserializer::from_str(text);
    if !serde_json_limit {
        deserializer.disable_recursion_limit();
    }
    let seed = UniqueKeys {
        depth: 0,
        too_deep: &too_deep,
    };
    let parsed = seed
        .deserialize(&mut deserializer)
        .and_then(|value| deserializer.end().map(|()| value));
    parsed.map_err(|error| Failure {
        error,
        too_deep: too_deep.get(),
    })
}

/// Builds a [`Value`] as serde_json does, but refuses duplicate keys and nesting past
/// [`MAX_NESTING`]. serde_json adds the line and column to the error.
#[derive(Clone, Copy)]
struct UniqueKeys<'a> {
    /// How many lists and objects the value is in.
    depth: usize,
    too_deep: &'a Cell<bool>,
}

impl<'a> UniqueKeys<'a> {
    /// The seed for the members of a list or object; an error past [`MAX_NESTING`].
    fn inner<E: serde::de::Error>(self) -> Result<UniqueKeys<'a>, E> {
        if self.depth >= MAX_NESTING {
            self.too_deep.set(true);
            return Err(E::custom(format!(
                "the document nests deeper than {MAX_NESTING} levels (lists and objects) here, \
                 more than the generator reads"
            )));
        }
        Ok(UniqueKeys {
            depth: self.depth + 1,
            ..self
        })
    }
}

impl<'de> DeserializeSeed<'de> for UniqueKeys<'_> {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for UniqueKeys<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // JSON has no NaN or infinity, so the number always exists.
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let inner = self.inner()?;
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element_seed(inner)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let inner = self.inner()?;
        let mut members = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if members.contains_key(&key) {
                return Err(A::Error::custom(format!(
                    "the key `{key}` appears twice in one object"
                )));
            }
            let value = map.next_value_seed(inner)?;
            members.insert(key, value);
        }
        Ok(Value::Object(members))
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn parses_like_serde_json() {
        let text =
            r#"{"b": [1, -2, 3.5, true, null, "x"], "a": {"c": {}}, "big": 18446744073709551615}"#;
        let ours = parse(text).unwrap();
        let theirs: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(ours, theirs);
        // Key order is kept (serde_json's `preserve_order`).
        assert_eq!(
            ours.as_object().unwrap().keys().collect::<Vec<_>>(),
            ["b", "a", "big"]
        );
    }

    #[test]
    fn refuses_a_key_written_twice_with_its_position() {
        let error = parse("{\n  \"a\": {\"x\": 1,\n    \"x\": 2}\n}")
            .unwrap_err()
            .error;
        assert_eq!(error.line(), 3);
        assert!(
            error.to_string().contains("the key `x` appears twice"),
            "{error}"
        );
        // The same key in different objects is fine.
        assert!(parse(r#"{"a": {"x": 1}, "b": {"x": 1}}"#).is_ok());
        assert!(parse("[1] 2").is_err());
    }

    /// `levels` arrays, one in the other.
    fn nested(levels: usize) -> String {
        format!("{}{}", "[".repeat(levels), "]".repeat(levels))
    }

    #[test]
    fn reads_deeper_than_serde_json_and_says_where_it_stops() {
        // On a test thread's small stack: the deep reading takes a large one of its own.
        let mut value = parse(&nested(super::MAX_NESTING)).expect("within the limit");
        let failure = parse(&nested(super::MAX_NESTING + 1)).unwrap_err();
        for _ in 1..super::MAX_NESTING {
            value = value[0].take();
        }
        assert_eq!(value, serde_json::json!([]));
        assert!(failure.too_deep);
        // At the bracket that is one too many (serde_json may have read the next character).
        let column = failure.error.column();
        assert!(
            (super::MAX_NESTING + 1..=super::MAX_NESTING + 2).contains(&column),
            "{column}"
        );
        assert!(
            failure.error.to_string().starts_with(&format!(
                "the document nests deeper than {} levels",
                super::MAX_NESTING
            )),
            "{}",
            failure.error
        );
        assert!(!parse("[1, }").unwrap_err().too_deep);
    }
}
