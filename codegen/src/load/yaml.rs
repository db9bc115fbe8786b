//! YAML to JSON tree conversion, kept behind one function because serde_yaml is marked
//! deprecated upstream and may be swapped out.

use std::path::Path;

use serde_json::{Map, Number, Value};
use serde_yaml::Value as Yaml;

use crate::error::{Error, ErrorKind, Position};

/// Parses YAML text into a JSON tree.
///
/// YAML allows mapping keys that are not strings (`200:` for a response code is common in real
/// specs); they are turned into their text so the tree stays addressable by JSON pointer.
pub fn parse(text: &str, shown: &Path) -> Result<Value, Error> {
    let yaml: Yaml = serde_yaml::from_str(text).map_err(|e| {
        let position = match e.location() {
            Some(l) => Position::LineColumn {
                line: l.line(),
                column: l.column(),
            },
            None => Position::File,
        };
        Error::new(
            shown,
            position,
            ErrorKind::Yaml(strip_location(&e.to_string())),
        )
    })?;
    convert(yaml, shown, &mut String::new())
}

/// serde_yaml appends " at line L column C" to its messages; the position is reported apart.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

fn convert(yaml: Yaml, shown: &Path, pointer: &mut String) -> Result<Value, Error> {
    Ok(match yaml {
        Yaml::Null => Value::Null,
        Yaml::Bool(b) => Value::Bool(b),
        Yaml::Number(n) => number(&n, shown, pointer)?,
        Yaml::String(s) => Value::String(s),
        Yaml::Sequence(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&i.to_string());
                out.push(convert(item, shown, pointer)?);
                pointer.truncate(len);
            }
            Value::Array(out)
        }
        Yaml::Mapping(mapping) => {
            let mut out = Map::with_capacity(mapping.len());
            for (key, value) in mapping {
                let key = key_text(key, shown, pointer)?;
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&crate::resolve::pointer::escape(&key));
                let value = convert(value, shown, pointer)?;
                pointer.truncate(len);
                out.insert(key, value);
            }
            Value::Object(out)
        }
        Yaml::Tagged(tagged) => convert(tagged.value, shown, pointer)?,
    })
}

fn key_text(key: Yaml, shown: &Path, pointer: &str) -> Result<String, Error> {
    match key {
        Yaml::String(s) => Ok(s),
        Yaml::Number(n) => Ok(n.to_string()),
        Yaml::Bool(b) => Ok(b.to_string()),
        Yaml::Null => Ok("null".to_owned()),
        Yaml::Tagged(tagged) => key_text(tagged.value, shown, pointer),
        Yaml::Sequence(_) | Yaml::Mapping(_) => Err(Error::at_pointer(
            shown,
            pointer,
            ErrorKind::Yaml("a mapping key is itself a list or mapping".into()),
        )),
    }
}

fn number(n: &serde_yaml::Number, shown: &Path, pointer: &str) -> Result<Value, Error> {
    if let Some(i) = n.as_i64() {
        return Ok(Value::Number(i.into()));
    }
    if let Some(u) = n.as_u64() {
        return Ok(Value::Number(u.into()));
    }
    let f = n.as_f64().unwrap_or(f64::NAN);
    Number::from_f64(f).map(Value::Number).ok_or_else(|| {
        Error::at_pointer(
            shown,
            pointer,
            ErrorKind::Yaml(format!("the number {n} has no JSON representation")),
        )
    })
}
