//! The members of a 3.1 document itself, and the walk that finds every schema in a file.

use serde_json::{Map, Value};

use super::super::{OTHER_METHODS, WEBHOOKS};
use super::{schema, Rewrite};
use crate::error::ErrorKind;
use crate::json::pointer;

/// The version the rewritten document says it is: what later stages accept.
const REWRITTEN_VERSION: &str = "3.0.3";

/// The `jsonSchemaDialect`s whose schemas are read: OpenAPI's own (3.1 and 3.2, any
/// revision) and plain JSON Schema 2020-12, of which it is a superset.
fn known_dialect(dialect: &str) -> bool {
    dialect.starts_with("https://spec.openapis.org/oas/3.1/dialect/")
        || dialect.starts_with("https://spec.openapis.org/oas/3.2/dialect/")
        || dialect.trim_end_matches('#') == "https://json-schema.org/draft/2020-12/schema"
}

/// The document-level members of the root file.
pub(super) fn top_level(rw: &mut Rewrite<'_>, tree: &mut Value) {
    let Some(doc) = tree.as_object_mut() else {
        return;
    };
    if let Some(dialect) = doc.remove("jsonSchemaDialect") {
        match dialect.as_str() {
            Some(text) if known_dialect(text) => {}
            _ => rw.fail(
                "/jsonSchemaDialect",
                ErrorKind::UnsupportedVersion(format!(
                    "`jsonSchemaDialect: {dialect}`: only the OpenAPI dialect \
                     (https://spec.openapis.org/oas/3.1/dialect/base) and JSON Schema 2020-12 \
                     are read; schemas in another dialect could mean something else"
                )),
            ),
        }
    }
    doc.insert(
        "openapi".to_owned(),
        Value::String(REWRITTEN_VERSION.to_owned()),
    );
    // 3.1 makes `paths` optional (a document of webhooks or components only).
    doc.entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
    // Webhooks are path items keyed by name; the model reads them from `x-codegen-webhooks` (an
    // extension, which the 3.0 reader leaves alone).
    if let Some(webhooks) = doc.remove("webhooks") {
        doc.insert(WEBHOOKS.to_owned(), webhooks);
        rw.moved(&pointer::join("", WEBHOOKS), "/webhooks");
    }
    super::operations::take_out(rw, doc);
}

/// Members whose values are data (examples, defaults, enum values) or extensions, never
/// walked: a `$ref` or `type` inside them is not one.
fn is_data(key: &str) -> bool {
    matches!(key, "example" | "default" | "enum" | "const" | "value")
        || (key.starts_with("x-") && key != WEBHOOKS && key != OTHER_METHODS)
}

/// Walks a file, rewriting every schema and every `$ref` in it.
///
/// Schemas are found where the 3.0 objects hold them (`components/schemas`, the `schema` of
/// parameters, headers and media types), and under the top-level `definitions` and `$defs`
/// that bundlers leave. A file reached by a `$ref` has no known layout: an object in it that
/// looks like a schema (a JSON Schema `type`, or `properties`, `allOf`, `oneOf`, `anyOf`) is
/// taken as one.
pub(super) fn walk(rw: &mut Rewrite<'_>, tree: &mut Value, root: bool) {
    let Some(doc) = tree.as_object_mut() else {
        return;
    };
    for (key, value) in doc.iter_mut() {
        let at = pointer::join("", key);
        if matches!(key.as_str(), "definitions" | "$defs") {
            schemas_of(rw, value, &at, root);
        } else if !is_data(key) {
            walk_object(rw, value, &at, root);
        }
    }
}

/// Every value of a map of schemas.
fn schemas_of(rw: &mut Rewrite<'_>, map: &mut Value, at: &str, root: bool) {
    if let Some(map) = map.as_object_mut() {
        for (name, value) in map.iter_mut() {
            let child = pointer::join(at, name);
            schema::walk(rw, value, &child, root);
        }
    }
}

/// A value that is not a schema (an OpenAPI object, a map of them, a list).
fn walk_object(rw: &mut Rewrite<'_>, value: &mut Value, at: &str, root: bool) {
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                walk_object(rw, item, &pointer::join(at, &i.to_string()), root);
            }
        }
        Value::Object(object) => {
            if !root && looks_like_schema(object) {
                schema::walk(rw, value, at, root);
                return;
            }
            if let Some(Value::String(reference)) = object.get_mut("$ref") {
                rw.reference(reference, at);
            }
            for (key, member) in object.iter_mut() {
                let child = pointer::join(at, key);
                if key == "schema" || (key == "schemas" && at.ends_with("/components")) {
                    if key == "schema" {
                        schema::walk(rw, member, &child, root);
                    } else {
                        schemas_of(rw, member, &child, root);
                    }
                } else if !is_data(key) && key != "examples" {
                    walk_object(rw, member, &child, root);
                }
            }
        }
        _ => {}
    }
}

/// A schema in a file with no known layout: one with a JSON Schema `type` (a security
/// scheme's `type` is none of these) or with members only schemas have.
fn looks_like_schema(object: &Map<String, Value>) -> bool {
    let typed = match object.get("type") {
        Some(Value::String(t)) => matches!(
            t.as_str(),
            "string" | "number" | "integer" | "boolean" | "array" | "object" | "null"
        ),
        Some(Value::Array(_)) => true,
        _ => false,
    };
    typed
        || [
            "properties",
            "allOf",
            "oneOf",
            "anyOf",
            "prefixItems",
            "const",
        ]
        .iter()
        .any(|k| object.contains_key(*k))
}
