//! YAML nested deeper than serde_yaml reads.
//!
//! serde_yaml refuses any document nested more than 128 levels (a fixed limit, not an
//! option), which valid specs pass: Kubernetes CRDs and generated specs nest inline schemas
//! dozens of levels deep, and each schema level is two YAML levels (`properties`, the name).
//! Such a document is read again here, from the events of saphyr-parser, whose block
//! structure has no depth limit (its flow collections, `{...}` and `[...]`, stop at 255
//! levels). The tree is built with an explicit stack, so the reading itself needs no stack
//! per level; the stages after it recurse, so [`MAX_NESTING`] bounds what is read.
//!
//! The result is the tree [`super::parse`] would build: the same value budget for aliases,
//! the same errors for a key written twice or a key that is a list or mapping, tags dropped,
//! and plain scalars typed by serde_yaml itself (`~`, `true`, `0x1F`, `.inf`, ...), so that a
//! document reads the same whichever reader reads it.

use std::path::Path;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span, Tag};
use serde_json::{Map, Number, Value};

use crate::error::{Error, ErrorKind, Position};
use crate::json::pointer;
use crate::load::MAX_NESTING;

/// A list or mapping being built, with the anchor it gets when done.
enum Open {
    List(Vec<Value>, usize),
    /// The members so far, the key whose value comes next, the anchor.
    Mapping(Map<String, Value>, Option<String>, usize),
}

struct Builder<'t> {
    shown: &'t Path,
    stack: Vec<Open>,
    anchors: Vec<Option<Value>>,
    remaining: usize,
    done: Option<Value>,
    documents: usize,
}

/// Parses YAML text that serde_yaml found too deep, into the tree [`super::parse`] builds.
pub fn parse(text: &str, shown: &Path) -> Result<Value, Error> {
    let mut builder = Builder {
        shown,
        stack: Vec::new(),
        anchors: Vec::new(),
        remaining: super::budget(text.len()),
        done: None,
        documents: 0,
    };
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| scan_error(&e, shown))?;
        builder.event(event, span)?;
    }
    Ok(builder.done.unwrap_or(Value::Null))
}

fn scan_error(error: &ScanError, shown: &Path) -> Error {
    let mark = error.marker();
    let position = Position::LineColumn {
        line: mark.line(),
        column: mark.col() + 1,
    };
    let kind = if error.info() == "recursion limit exceeded" {
        // saphyr-parser's limit on flow collections; block ones have none.
        ErrorKind::Invalid(
            "flow collections (`{...}`, `[...]`) nest deeper than 255 levels here, more than \
             the YAML reader reads: write the deep part in block style, or the file as JSON"
                .to_owned(),
        )
    } else {
        ErrorKind::Yaml(error.info().to_owned())
    };
    Error::new(shown, position, kind)
}

impl Builder<'_> {
    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), Error> {
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(self.error(
                        span,
                        "deserializing from YAML containing more than one document is not \
                         supported"
                            .into(),
                    ));
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                self.charge(1, span)?;
                let value = scalar(&text, style, tag.as_deref())
                    .map_err(|number| self.not_json(&number, span))?;
                self.anchor(anchor, &value);
                self.add(value, span)?;
            }
            Event::SequenceStart(anchor, _) => self.open(Open::List(Vec::new(), anchor), span)?,
            Event::MappingStart(anchor, _) => {
                self.open(Open::Mapping(Map::new(), None, anchor), span)?
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (value, anchor) = match self.stack.pop() {
                    Some(Open::List(items, anchor)) => (Value::Array(items), anchor),
                    Some(Open::Mapping(members, _, anchor)) => (Value::Object(members), anchor),
                    None => return Ok(()),
                };
                self.anchor(anchor, &value);
                self.add(value, span)?;
            }
            Event::Alias(id) => {
                let value = self.anchors.get(id).cloned().flatten().ok_or_else(|| {
                    self.error(span, "an alias (`*name`) of no anchor before it".into())
                })?;
                self.charge(count(&value), span)?;
                self.add(value, span)?;
            }
            _ => {}
        }
        Ok(())
    }

    fn open(&mut self, open: Open, span: Span) -> Result<(), Error> {
        self.charge(1, span)?;
        if self.stack.len() >= MAX_NESTING {
            let problem = format!(
                "the document nests deeper than {MAX_NESTING} levels (lists and mappings) here, \
                 more than the generator reads"
            );
            return Err(Error::new(
                self.shown,
                position(span),
                ErrorKind::Invalid(problem),
            ));
        }
        self.stack.push(open);
        Ok(())
    }

    /// Adds a finished value to what is open: an item, a key, or a key's value.
    fn add(&mut self, value: Value, span: Span) -> Result<(), Error> {
        let here = self.here();
        match self.stack.last_mut() {
            None => self.done = Some(value),
            Some(Open::List(items, _)) => items.push(value),
            Some(Open::Mapping(members, key, _)) => match key.take() {
                Some(key) => {
                    members.insert(key, value);
                }
                None => {
                    let text = key_text(value).ok_or_else(|| {
                        format!("a key of the mapping at {here} is itself a list or mapping")
                    });
                    let text = match text {
                        Ok(text) if members.contains_key(&text) => Err(format!(
                            "the key `{text}` appears twice in the mapping at {here}"
                        )),
                        other => other,
                    };
                    match text {
                        Ok(text) => *key = Some(text),
                        Err(problem) => return Err(self.error(span, problem)),
                    }
                }
            },
        }
        Ok(())
    }

    fn anchor(&mut self, anchor: usize, value: &Value) {
        if anchor > 0 {
            if self.anchors.len() <= anchor {
                self.anchors.resize(anchor + 1, None);
            }
            self.anchors[anchor] = Some(value.clone());
        }
    }

    /// Counts `values` more values against the budget (see [`super::budget`]).
    fn charge(&mut self, values: usize, span: Span) -> Result<(), Error> {
        match self.remaining.checked_sub(values) {
            Some(left) => {
                self.remaining = left;
                Ok(())
            }
            None => Err(self.error(span, super::too_many_values())),
        }
    }

    /// The pointer of the value being built, as [`super::parse`]'s messages name it.
    fn here(&self) -> String {
        let mut at = String::new();
        for open in &self.stack {
            match open {
                Open::List(items, _) => at = pointer::join(&at, &items.len().to_string()),
                Open::Mapping(_, Some(key), _) => at = pointer::join(&at, key),
                Open::Mapping(_, None, _) => {}
            }
        }
        if at.is_empty() {
            "the document".to_owned()
        } else {
            format!("`{at}`")
        }
    }

    fn not_json(&self, number: &str, span: Span) -> Error {
        self.error(
            span,
            format!(
                "the number {number} at {} has no JSON representation",
                self.here()
            ),
        )
    }

    fn error(&self, span: Span, problem: String) -> Error {
        Error::new(self.shown, position(span), ErrorKind::Yaml(problem))
    }
}

fn position(span: Span) -> Position {
    Position::LineColumn {
        line: span.start.line(),
        column: span.start.col() + 1,
    }
}

/// The value of a scalar; `Err` with its text for a number JSON cannot hold (`.inf`).
fn scalar(text: &str, style: ScalarStyle, tag: Option<&Tag>) -> Result<Value, String> {
    let is_str_tag = tag.is_some_and(|t| t.is_yaml_core_schema() && t.suffix == "str");
    if style != ScalarStyle::Plain || is_str_tag {
        return Ok(Value::String(text.to_owned()));
    }
    if text.is_empty() {
        return Ok(Value::Null);
    }
    // Only these characters make up nulls, booleans and numbers; anything else is a string,
    // and is not worth a parse.
    let typed = text
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"+-._~".contains(&b));
    if !typed {
        return Ok(Value::String(text.to_owned()));
    }
    match serde_yaml::from_str::<serde_yaml::Value>(text) {
        Ok(serde_yaml::Value::Null) => Ok(Value::Null),
        Ok(serde_yaml::Value::Bool(b)) => Ok(Value::Bool(b)),
        Ok(serde_yaml::Value::Number(n)) => {
            if let Some(i) = n.as_i64() {
                Ok(Value::Number(i.into()))
            } else if let Some(u) = n.as_u64() {
                Ok(Value::Number(u.into()))
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                Number::from_f64(f).map(Value::Number).ok_or(n.to_string())
            }
        }
        _ => Ok(Value::String(text.to_owned())),
    }
}

/// A mapping key as text, as [`super::parse`] writes it; `None` for a list or mapping.
fn key_text(value: Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s),
        Value::Null => Some("null".into()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(match n.as_f64() {
            Some(f) if !n.is_i64() && !n.is_u64() => serde_yaml::Number::from(f).to_string(),
            _ => n.to_string(),
        }),
        Value::Array(_) | Value::Object(_) => None,
    }
}

/// How many values a tree holds (keys included), as the budget counts them.
fn count(value: &Value) -> usize {
    let mut total = 0;
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        total += 1;
        match value {
            Value::Array(items) => stack.extend(items),
            Value::Object(members) => {
                total += members.len();
                stack.extend(members.values());
            }
            _ => {}
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(text: &str) -> (Result<Value, String>, Result<Value, String>) {
        let shown = Path::new("t.yaml");
        (
            super::super::parse(text, shown).map_err(|e| e.to_string()),
            parse(text, shown).map_err(|e| e.to_string()),
        )
    }

    #[test]
    fn reads_as_serde_yaml_does() {
        let text = "\
a: ~
b: null
c: [true, False, 0x1F, -12, +3, 1.5, 1e3, .5, 18446744073709551615, yes, '1', \"2\", !!str 3]
200: {1.5: x, true: y, ~: z, !tag k: v}
d: &anchor {e: [1, 2]}
f: *anchor
g: |
  text
h: plain text, with:colon # and a comment
i: 2001-01-01
j:
";
        let (shallow, deep) = both(text);
        assert_eq!(deep, shallow);
        assert!(deep.is_ok(), "{deep:?}");
        for broken in ["a: 1\na: 2\n", "a:\n  ? [1]\n  : x\n", "a: [1, .inf]\n"] {
            let (shallow, deep) = both(broken);
            let (shallow, deep) = (shallow.unwrap_err(), deep.unwrap_err());
            // The same problem; saphyr places some of them elsewhere on the line.
            let problem = |m: &str| m.split_once(": invalid YAML: ").map(|(_, p)| p.to_owned());
            assert_eq!(problem(&deep), problem(&shallow), "{broken}");
        }
    }

    /// `levels` mappings, each the `a` of the one above, the deepest holding `leaf`.
    fn nested(levels: usize) -> String {
        let mut text = String::new();
        for level in 0..levels {
            text.push_str(&"  ".repeat(level));
            text.push_str("a:\n");
        }
        text.push_str(&"  ".repeat(levels));
        text.push_str("leaf: true\n");
        text
    }

    #[test]
    fn deeper_than_serde_yaml_reads() {
        let text = nested(300);
        let value = super::super::parse(&text, Path::new("t.yaml")).unwrap();
        let mut here = &value;
        for _ in 0..300 {
            here = &here["a"];
        }
        assert_eq!(here["leaf"], Value::Bool(true));
        // The limit of what is read is said as such, with where it was met (`- - - ...`:
        // lists in lists, on one line).
        let lists = format!("{}leaf\n", "- ".repeat(MAX_NESTING + 5));
        let message = parse(&lists, Path::new("t.yaml")).unwrap_err().to_string();
        assert_eq!(
            message,
            format!(
                "t.yaml:1:{}: the document nests deeper than {MAX_NESTING} levels (lists and \
                 mappings) here, more than the generator reads",
                2 * MAX_NESTING + 1
            )
        );
        assert!(!message.contains("invalid"), "{message}");
    }

    #[test]
    fn flow_collections_past_the_readers_limit_are_said_to_be_so() {
        let text = format!("a: {}1{}\n", "[".repeat(300), "]".repeat(300));
        let message = super::super::parse(&text, Path::new("t.yaml"))
            .unwrap_err()
            .to_string();
        assert!(
            message.starts_with("t.yaml:1:") && message.contains("nest deeper than 255 levels"),
            "{message}"
        );
        assert!(!message.contains("invalid"), "{message}");
        // Within it, they are read.
        let text = format!("a: {}1{}\n", "[".repeat(200), "]".repeat(200));
        assert!(super::super::parse(&text, Path::new("t.yaml")).is_ok());
    }

    #[test]
    fn an_alias_bomb_is_refused_here_too() {
        let mut text = nested(200);
        text.push_str("x0: &x0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for level in 1..9 {
            let items = [format!("*x{}", level - 1).as_str(); 9].join(", ");
            text.push_str(&format!("x{level}: &x{level} [{items}]\n"));
        }
        let message = parse(&text, Path::new("t.yaml")).unwrap_err().to_string();
        assert!(message.contains("alias bomb"), "{message}");
    }
}
