//! YAML to JSON tree conversion, kept behind one function because serde_yaml is marked
//! deprecated upstream and may be swapped out. A document nested deeper than serde_yaml reads
//! is read by `deep`.

mod deep;

use std::cell::{Cell, RefCell};
use std::fmt;
use std::path::Path;

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::error::{Error, ErrorKind, Position};

/// How many values (scalars, lists and mappings, keys included) a file of `len` bytes may
/// expand to. Without aliases a file holds fewer values than bytes; aliases (`*name`) repeat
/// what their anchor holds, and a small file of nested aliases ("billion laughs") would
/// expand to billions. Legitimate reuse stays far below this.
fn budget(len: usize) -> usize {
    100_000 + 4 * len
}

/// Parses YAML text into a JSON tree.
///
/// The tree is built directly from serde_yaml's events (no intermediate YAML value), counting
/// every value: a document whose aliases expand past [`budget`] is refused, quickly and in
/// bounded memory. YAML allows mapping keys that are not strings (`200:` for a response code
/// is common in real specs); they are turned into their text so the tree stays addressable by
/// JSON pointer. A key given twice in one mapping is an error.
pub fn parse(text: &str, shown: &Path) -> Result<Value, Error> {
    let state = State {
        remaining: Cell::new(budget(text.len())),
        pointer: RefCell::new(String::new()),
        problem: RefCell::new(None),
    };
    let deserializer = serde_yaml::Deserializer::from_str(text);
    let e = match (Node { state: &state }).deserialize(deserializer) {
        Ok(value) => return Ok(value),
        Err(e) => e,
    };
    let position = match e.location() {
        Some(l) => Position::LineColumn {
            line: l.line(),
            column: l.column(),
        },
        None => Position::File,
    };
    let message = match state.problem.take() {
        Some(problem) => problem,
        None => {
            let message = strip_location(&e.to_string());
            if message == "repetition limit exceeded" {
                // serde_yaml's own guard against alias bombs, met before the budget.
                too_many_values()
            } else if message == "recursion limit exceeded" {
                // Nested deeper than serde_yaml's fixed 128 levels: valid YAML, read again.
                return deep::parse(text, shown);
            } else {
                message
            }
        }
    };
    Err(Error::new(shown, position, ErrorKind::Yaml(message)))
}

fn too_many_values() -> String {
    "the aliases (`*name`) of this file expand to too many values (is it an \"alias bomb\"?); \
     write the repeated parts out, or use `$ref`"
        .to_owned()
}

/// serde_yaml appends " at line L column C" to its messages; the position is reported apart.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// What the visitors share: the value budget, the pointer of the value being built (for
/// messages) and the problem they stopped at (serde_yaml only adds the line and column).
struct State {
    remaining: Cell<usize>,
    pointer: RefCell<String>,
    problem: RefCell<Option<String>>,
}

impl State {
    fn fail<E: de::Error>(&self, problem: String) -> E {
        let error = E::custom(&problem);
        self.problem.replace(Some(problem));
        error
    }

    /// Counts one more value.
    fn charge<E: de::Error>(&self) -> Result<(), E> {
        match self.remaining.get().checked_sub(1) {
            Some(left) => {
                self.remaining.set(left);
                Ok(())
            }
            None => Err(self.fail(too_many_values())),
        }
    }

    /// Runs `f` with `token` appended to the pointer.
    fn within<T>(&self, token: &str, f: impl FnOnce() -> T) -> T {
        let len = self.pointer.borrow().len();
        {
            let mut pointer = self.pointer.borrow_mut();
            pointer.push('/');
            pointer.push_str(&crate::json::pointer::escape(token));
        }
        let result = f();
        self.pointer.borrow_mut().truncate(len);
        result
    }

    fn here(&self) -> String {
        let pointer = self.pointer.borrow();
        if pointer.is_empty() {
            "the document".to_owned()
        } else {
            format!("`{pointer}`")
        }
    }
}

/// Builds one value.
#[derive(Clone, Copy)]
struct Node<'s> {
    state: &'s State,
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.state.charge()?;
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        match Number::from_f64(v) {
            Some(n) => Ok(Value::Number(n)),
            None => Err(self.state.fail(format!(
                "the number {} at {} has no JSON representation",
                serde_yaml::Number::from(v),
                self.state.here()
            ))),
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let index = items.len().to_string();
            match self.state.within(&index, || seq.next_element_seed(self))? {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key_seed(Key { state: self.state })? {
            if out.contains_key(&key) {
                return Err(self.state.fail(format!(
                    "the key `{key}` appears twice in the mapping at {}",
                    self.state.here()
                )));
            }
            let value = self.state.within(&key, || map.next_value_seed(self))?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }

    /// A tagged value (`!name value`): the tag is dropped.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (_tag, variant): (String, _) = data.variant()?;
        de::VariantAccess::newtype_variant_seed(variant, self)
    }
}

/// Builds the text of a mapping key.
#[derive(Clone, Copy)]
struct Key<'s> {
    state: &'s State,
}

impl<'de> DeserializeSeed<'de> for Key<'_> {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        self.state.charge()?;
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Key<'_> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping key")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(serde_yaml::Number::from(v).to_string())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }

    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Ok("null".to_owned())
    }

    fn visit_none<E: de::Error>(self) -> Result<String, E> {
        Ok("null".to_owned())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<String, A::Error> {
        Err(self.not_scalar())
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<String, A::Error> {
        Err(self.not_scalar())
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<String, A::Error> {
        let (_tag, variant): (String, _) = data.variant()?;
        de::VariantAccess::newtype_variant_seed(variant, self)
    }
}

impl Key<'_> {
    fn not_scalar<E: de::Error>(&self) -> E {
        self.state.fail(format!(
            "a key of the mapping at {} is itself a list or mapping",
            self.state.here()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse_ok(text: &str) -> Value {
        parse(text, Path::new("t.yaml")).unwrap_or_else(|e| panic!("{e}"))
    }

    fn parse_err(text: &str) -> String {
        parse(text, Path::new("t.yaml")).unwrap_err().to_string()
    }

    #[test]
    fn keys_become_text_and_tags_are_dropped() {
        let value = parse_ok("{1.5: a, 200: b, true: c, ~: d, !t k: e, x: !t [1, -2, 0.5]}");
        assert_eq!(
            value,
            json!({"1.5": "a", "200": "b", "true": "c", "null": "d", "k": "e", "x": [1, -2, 0.5]})
        );
    }

    #[test]
    fn aliases_are_expanded() {
        let value = parse_ok("a: &x {b: [1, 2]}\nc: *x\n");
        assert_eq!(value, json!({"a": {"b": [1, 2]}, "c": {"b": [1, 2]}}));
    }

    #[test]
    fn duplicate_and_structured_keys_are_errors_with_positions() {
        let message = parse_err("a:\n  b: 1\n  b: 2\n");
        assert_eq!(
            message,
            "t.yaml:2:3: invalid YAML: the key `b` appears twice in the mapping at `/a`"
        );
        let message = parse_err("a:\n  ? [1, 2]\n  : x\n");
        assert!(
            message.contains("a key of the mapping at `/a` is itself a list"),
            "{message}"
        );
        let message = parse_err("a: [1, .inf]\n");
        assert!(
            message.contains("`/a/1` has no JSON representation"),
            "{message}"
        );
    }

    #[test]
    fn an_alias_bomb_is_refused_quickly() {
        // Each level repeats the previous one 9 times: 9^9 strings once expanded.
        let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for level in 1..9 {
            let previous = format!("*a{}", level - 1);
            let items = [previous.as_str(); 9].join(", ");
            text.push_str(&format!("a{level}: &a{level} [{items}]\n"));
        }
        let started = std::time::Instant::now();
        let message = parse_err(&text);
        assert!(message.contains("alias bomb"), "{message}");
        assert!(started.elapsed().as_secs() < 5);
        // Wide rather than deep: stays under serde_yaml's own repetition limit.
        let wide = format!(
            "a: &a [{}]\nb: [{}]\n",
            vec!["lol"; 2000].join(","),
            vec!["*a"; 2000].join(",")
        );
        let message = parse_err(&wide);
        assert!(message.starts_with("t.yaml:1:"), "{message}");
        assert!(message.contains("alias bomb"), "{message}");
    }
}
