//! JSON trees as every stage sees them: RFC 6901 pointers into them
//! ([`pointer`](mod@pointer)) and the words messages use for their values ([`describe`]).
//!
//! A leaf: it uses no stage of the pipeline, so that the stages which read trees (`load`,
//! `resolve`, `model`) can all use it without depending on one another.

pub mod pointer;

use serde_json::Value;

/// A short description of a JSON value's kind, for error messages.
pub fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}
