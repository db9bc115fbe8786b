//! Which description format a document is written in, read from its `openapi` or `swagger`
//! field before anything else looks at it.

use std::path::Path;

use serde_json::Value;

use crate::error::{Error, ErrorKind};
use crate::json::describe;

/// The input formats the load stage understands. Everything but [`Dialect::OpenApi30`] is
/// rewritten into the OpenAPI 3.0 shape by [`super::normalize`] before later stages see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// OpenAPI 3.0.x: passed through untouched.
    OpenApi30,
    /// OpenAPI 3.1.x and 3.2.x (3.2 only adds to 3.1).
    OpenApi31,
    /// Swagger 2.0.
    Swagger20,
}

impl Dialect {
    /// The name of the version, for one the load stage rewrites into the 3.0 shape; `None`
    /// for 3.0 itself.
    pub fn rewritten_from(self) -> Option<&'static str> {
        match self {
            Dialect::OpenApi30 => None,
            Dialect::OpenApi31 => Some("OpenAPI 3.1 or 3.2"),
            Dialect::Swagger20 => Some("Swagger 2.0"),
        }
    }
}

/// Reads the root document's version field.
///
/// The field is checked first because openapiv3 would otherwise accept most of a document of
/// another version and silently drop what it does not know.
pub fn detect(root: &Value, shown: &Path) -> Result<Dialect, Error> {
    let Some(object) = root.as_object() else {
        return Err(Error::at_pointer(
            shown,
            "",
            ErrorKind::Shape(format!(
                "the document is {}, expected a mapping with `openapi`, `info` and `paths`",
                describe(root)
            )),
        ));
    };
    if let Some(swagger) = object.get("swagger") {
        return match swagger {
            Value::String(v) if v == "2.0" => Ok(Dialect::Swagger20),
            other => Err(Error::at_pointer(
                shown,
                "/swagger",
                ErrorKind::UnsupportedVersion(format!(
                    "`swagger: {}`; the versions read are OpenAPI 3.0, 3.1 and 3.2, and \
                     Swagger 2.0",
                    scalar_text(other)
                )),
            )),
        };
    }
    match object.get("openapi") {
        None => Err(Error::at_pointer(
            shown,
            "",
            ErrorKind::Shape("missing the `openapi` field (expected `openapi: 3.0.x`)".into()),
        )),
        Some(Value::String(version)) if is_minor(version, "3.0") => Ok(Dialect::OpenApi30),
        Some(Value::String(version)) if is_minor(version, "3.1") || is_minor(version, "3.2") => {
            Ok(Dialect::OpenApi31)
        }
        Some(other) => Err(Error::at_pointer(
            shown,
            "/openapi",
            ErrorKind::UnsupportedVersion(format!(
                "`openapi: {}`; the versions read are OpenAPI 3.0, 3.1 and 3.2, and Swagger 2.0",
                scalar_text(other)
            )),
        )),
    }
}

/// `3.1`, `3.1.0`, `3.1.1`, ... for `minor` = `3.1`.
fn is_minor(version: &str, minor: &str) -> bool {
    version == minor
        || version
            .strip_prefix(minor)
            .is_some_and(|rest| rest.starts_with('.'))
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
