//! Swagger 2.0 -> OpenAPI 3.0, on the JSON tree.
//!
//! The document is read as written (never changed) and a 3.0 document is built from it, part
//! by part; every part that lands somewhere else is recorded in [`Moves`], so that messages
//! point into the 2.0 file and `$ref`s are rewritten to the new places. One file per job:
//!
//! - `servers`: `host`, `basePath`, `schemes` (and an operation's own `schemes`);
//! - `parameters`: non-body parameters, their `type`... into `schema`, `collectionFormat` into
//!   `style`/`explode`; response headers the same way;
//! - `bodies`: `body` and `formData` parameters into a `requestBody` (`consumes`);
//! - `responses`: `schema` into `content` (`produces`), `examples`, `headers`;
//! - `operations`: paths, operations and their parameter lists;
//! - `security`: `securityDefinitions`;
//! - `schema`: what differs inside Schema Objects (`x-nullable`, `discriminator`, `file`);
//! - `refs`: every `$ref`, to where its target is now.
//!
//! What is not converted is said in the README ("Swagger 2.0").

mod bodies;
mod moves;
mod operations;
mod parameters;
mod refs;
mod responses;
mod schema;
mod security;
mod servers;

use std::path::Path;

use serde_json::{json, Map, Value};

use super::Normalized;
use crate::error::{Error, ErrorKind, Errors};
use crate::json::pointer::join;
use moves::Moves;

/// What the parts of the conversion share.
struct Cx<'a> {
    shown: &'a Path,
    /// The file as written: what local refs point into.
    original: &'a Value,
    /// The spec itself, not a file its refs reach.
    root: bool,
    moves: Moves,
    warnings: Vec<Error>,
    errors: Vec<Error>,
    /// The document's `consumes` and `produces` (an operation's own replace them).
    consumes: Vec<String>,
    produces: Vec<String>,
}

impl Cx<'_> {
    /// A warning at a pointer of the file as written.
    fn warn(&mut self, from: &str, message: String) {
        let warning = Error::at_pointer(self.shown, from, ErrorKind::Invalid(message));
        self.warnings.push(warning);
    }

    /// An error at a pointer of the file as written.
    fn fail(&mut self, from: &str, message: String) {
        let error = Error::at_pointer(self.shown, from, ErrorKind::Invalid(message));
        self.errors.push(error);
    }
}

/// Converts one file: the spec (`root`), or a file a `$ref` reaches, which holds
/// `definitions`, `parameters` and `responses`, or is one schema.
pub fn convert(tree: Value, shown: &Path, root: bool) -> Result<Normalized, Errors> {
    let mut cx = Cx {
        shown,
        original: &tree,
        root,
        moves: Moves::default(),
        warnings: Vec::new(),
        errors: Vec::new(),
        consumes: media_list(tree.get("consumes")),
        produces: media_list(tree.get("produces")),
    };
    let mut converted = match &tree {
        Value::Object(document) if root || is_container(document) => {
            Value::Object(document_of(document, root, &mut cx))
        }
        // One parameter, response or schema in a file of its own.
        Value::Object(object) if is_parameter(object) => {
            parameters::parameter(object, "", "", &mut cx)
        }
        Value::Object(object) if is_response(object) => {
            let produces = cx.produces.clone();
            responses::response(&tree, &produces, "", "", &mut cx)
        }
        other => {
            let mut value = other.clone();
            schema::fix(&mut value, "", "", &mut cx.moves);
            value
        }
    };
    refs::rewrite(&mut converted, "", false, &mut cx);
    let mut errors = Errors(cx.errors);
    errors.dedup();
    errors.into_result(Normalized {
        tree: converted,
        origins: cx.moves.origins,
        warnings: cx.warnings,
    })
}

/// A file that is one query, path or header parameter (a body or form parameter in a file
/// of its own is not converted: see the README).
fn is_parameter(object: &Map<String, Value>) -> bool {
    let location = object.get("in").and_then(Value::as_str);
    object.contains_key("name") && matches!(location, Some("query" | "path" | "header"))
}

/// A file that is one response: a `description` with a `schema` or `headers`, and no schema
/// keywords of its own.
fn is_response(object: &Map<String, Value>) -> bool {
    let schema_like = ["type", "properties", "items", "allOf", "$ref"]
        .iter()
        .any(|k| object.contains_key(*k));
    object.contains_key("description")
        && (object.contains_key("schema") || object.contains_key("headers"))
        && !schema_like
}

/// A referenced file that holds sections rather than being one value.
fn is_container(document: &Map<String, Value>) -> bool {
    ["definitions", "parameters", "responses", "paths"]
        .iter()
        .any(|section| document.get(*section).is_some_and(Value::is_object))
}

/// The whole document (or a referenced file's sections) in the 3.0 shape, in the order the
/// file has its parts: `openapi` first, `servers` after `info`, `components` where the first
/// section that goes into it was.
fn document_of(document: &Map<String, Value>, root: bool, cx: &mut Cx<'_>) -> Map<String, Value> {
    let mut out = Map::new();
    if root {
        out.insert("openapi".into(), json!("3.0.3"));
        cx.moves.derived("/openapi", "/swagger");
    }
    let mut components = Map::new();
    for (key, value) in document {
        match key.as_str() {
            "swagger" | "host" | "basePath" | "schemes" | "consumes" | "produces" => {}
            "definitions" | "parameters" | "responses" | "securityDefinitions" => {
                if !out.contains_key("components") {
                    out.insert("components".into(), Value::Null);
                }
                component_section(key, value, &mut components, cx);
            }
            "paths" => {
                let paths = operations::paths(value, cx);
                out.insert(key.clone(), paths);
            }
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
        if key == "info" && root {
            if let Some(servers) = servers::of_document(document) {
                out.insert("servers".into(), servers.value);
                cx.moves.derived("/servers", &servers.from);
            }
        }
    }
    if let Some(slot) = out.get_mut("components") {
        *slot = Value::Object(components);
    }
    out
}

/// Moves one 2.0 section into `components`.
fn component_section(
    section: &str,
    value: &Value,
    components: &mut Map<String, Value>,
    cx: &mut Cx<'_>,
) {
    let from = join("", section);
    let Value::Object(members) = value else {
        // Not a mapping: left where 3.0 checks it, reported at the 2.0 place.
        let name = new_section(section);
        components.insert(name.into(), value.clone());
        cx.moves.moved(&join("/components", name), &from);
        return;
    };
    match section {
        "definitions" => {
            let mut schemas = members.clone();
            for (name, schema) in schemas.iter_mut() {
                let at = join("/components/schemas", name);
                schema::fix(schema, &at, &join(&from, name), &mut cx.moves);
            }
            cx.moves.moved("/components/schemas", &from);
            components.insert("schemas".into(), Value::Object(schemas));
        }
        "parameters" => parameters::components(members, components, cx),
        "responses" => {
            let mut responses = Map::new();
            let produces = cx.produces.clone();
            for (name, response) in members {
                let (at, from) = (join("/components/responses", name), join(&from, name));
                let converted = responses::response(response, &produces, &at, &from, cx);
                responses.insert(name.clone(), converted);
            }
            cx.moves.moved("/components/responses", &from);
            components.insert("responses".into(), Value::Object(responses));
        }
        _ => {
            let schemes = security::schemes(members, cx);
            cx.moves.moved("/components/securitySchemes", &from);
            components.insert("securitySchemes".into(), Value::Object(schemes));
        }
    }
}

/// The name of the 3.0 `components` member a 2.0 section goes to.
fn new_section(section: &str) -> &'static str {
    match section {
        "definitions" => "schemas",
        "parameters" => "parameters",
        "responses" => "responses",
        _ => "securitySchemes",
    }
}

/// A `consumes` or `produces` list (anything else is no list).
fn media_list(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// The media types of a body or response: those listed, else JSON (what 2.0 tools assume).
fn media_types(listed: &[String]) -> Vec<String> {
    if listed.is_empty() {
        vec!["application/json".to_owned()]
    } else {
        listed.to_vec()
    }
}

/// The `x-` members of an object, to keep on what it becomes.
fn extensions(object: &Map<String, Value>) -> impl Iterator<Item = (&String, &Value)> {
    object.iter().filter(|(key, _)| key.starts_with("x-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn converted(tree: Value) -> Value {
        match convert(tree, Path::new("part.yaml"), false) {
            Ok(normalized) => normalized.tree,
            Err(errors) => panic!("{errors}"),
        }
    }

    #[test]
    fn a_file_of_its_own_is_converted_as_what_it_holds() {
        let parameter = json!({"name": "page", "in": "query", "type": "integer", "minimum": 1});
        assert_eq!(
            converted(parameter),
            json!({"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}})
        );
        let response =
            json!({"description": "Gone", "schema": {"$ref": "all.yaml#/definitions/Problem"}});
        assert_eq!(
            converted(response),
            json!({"description": "Gone", "content": {"application/json": {
                "schema": {"$ref": "all.yaml#/components/schemas/Problem"}}}})
        );
        // A dangling ref is reported in the file's own words.
        let dangling = json!({"description": "Gone", "schema": {"$ref": "#/definitions/X"}});
        let errors = convert(dangling, Path::new("part.yaml"), false).unwrap_err();
        assert_eq!(
            errors.to_string(),
            "error: part.yaml#/schema: cannot resolve `$ref: #/definitions/X`: `#` has no \
             `definitions`"
        );
        let schema = json!({"type": "object", "description": "A thing", "x-nullable": true});
        assert_eq!(
            converted(schema),
            json!({"type": "object", "description": "A thing", "nullable": true})
        );
        let sections = json!({"definitions": {"A": {"$ref": "#/definitions/B"}, "B": {}}});
        assert_eq!(
            converted(sections),
            json!({"components": {"schemas": {
                "A": {"$ref": "#/components/schemas/B"}, "B": {}}}})
        );
    }
}
