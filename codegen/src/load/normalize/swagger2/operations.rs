//! Paths and operations: parameter lists split into parameters and a request body, responses
//! per `produces`, `schemes` into `servers`.
//!
//! Parameters declared on a path item apply to each of its operations: query, path and header
//! ones stay on the path item (3.0 has the same rule), a body or form fields go into each
//! operation's request body, unless the operation declares its own body (or a form field of
//! the same name). A `$ref` to a parameter in this file is followed to tell a body or form
//! field from the rest; one into another file is taken to be a query, path or header
//! parameter (see the README).

use serde_json::{Map, Value};

use super::bodies::{self, Field};
use super::{media_list, parameters, responses, servers, Cx};
use crate::json::pointer::{self, join};

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];

/// The `paths` object.
pub fn paths(paths: &Value, cx: &mut Cx<'_>) -> Value {
    let Value::Object(items) = paths else {
        return paths.clone();
    };
    let mut out = Map::new();
    for (path, item) in items {
        let at = join("/paths", path);
        let converted = match item {
            Value::Object(item) if !path.starts_with("x-") => path_item(item, &at, cx),
            other => other.clone(),
        };
        out.insert(path.clone(), converted);
    }
    Value::Object(out)
}

/// A parameter list sorted out.
#[derive(Default)]
struct Sorted {
    /// Query, path and header parameters (converted, or refs) with where they were written.
    plain: Vec<(Value, String)>,
    /// The body parameter: the parameter, where it was written, and the component it is when
    /// the list refers to one of the document's `parameters`.
    body: Option<(Map<String, Value>, String, Option<String>)>,
    form: Vec<Field>,
}

fn path_item(item: &Map<String, Value>, at: &str, cx: &mut Cx<'_>) -> Value {
    let shared = sort(item.get("parameters"), &join(at, "parameters"), cx);
    let mut out = Map::new();
    for (key, value) in item {
        match (key.as_str(), value) {
            ("parameters", Value::Array(_)) => {
                let list = placed(&shared.plain, &join(at, key), cx);
                if !list.is_empty() {
                    out.insert(key.clone(), Value::Array(list));
                }
            }
            (method, Value::Object(operation)) if METHODS.contains(&method) => {
                let converted = operation_of(operation, &shared, &join(at, method), cx);
                out.insert(key.clone(), converted);
            }
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    Value::Object(out)
}

fn operation_of(
    operation: &Map<String, Value>,
    shared: &Sorted,
    at: &str,
    cx: &mut Cx<'_>,
) -> Value {
    let own = sort(operation.get("parameters"), &join(at, "parameters"), cx);
    let consumes = match operation.get("consumes") {
        Some(listed) => media_list(Some(listed)),
        None => cx.consumes.clone(),
    };
    let produces = match operation.get("produces") {
        Some(listed) => media_list(Some(listed)),
        None => cx.produces.clone(),
    };
    let mut out = Map::new();
    for (key, value) in operation {
        match key.as_str() {
            "consumes" | "produces" | "schemes" => {}
            "parameters" => {
                let list = placed(&own.plain, &join(at, key), cx);
                if !list.is_empty() {
                    out.insert(key.clone(), Value::Array(list));
                }
                let body = request_body(&own, shared, &consumes, &join(at, "requestBody"), cx);
                if let Some(body) = body {
                    out.insert("requestBody".into(), body);
                }
            }
            "responses" => {
                out.insert(
                    key.clone(),
                    responses_of(value, &produces, &join(at, key), cx),
                );
            }
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    if !operation.contains_key("parameters") {
        let body = request_body(&own, shared, &consumes, &join(at, "requestBody"), cx);
        if let Some(body) = body {
            out.insert("requestBody".into(), body);
        }
    }
    if let Value::Object(document) = cx.original {
        if let Some(servers) = servers::of_operation(document, operation) {
            out.insert("servers".into(), servers);
            cx.moves.derived(&join(at, "servers"), &join(at, "schemes"));
        }
    }
    Value::Object(out)
}

fn responses_of(responses: &Value, produces: &[String], at: &str, cx: &mut Cx<'_>) -> Value {
    let Value::Object(members) = responses else {
        return responses.clone();
    };
    let mut out = Map::new();
    for (status, response) in members {
        let converted = if status.starts_with("x-") {
            response.clone()
        } else {
            let here = join(at, status);
            responses::response(response, produces, &here, &here, cx)
        };
        out.insert(status.clone(), converted);
    }
    Value::Object(out)
}

/// The parameters that stay parameters, at their new indices in the list at `at`.
fn placed(plain: &[(Value, String)], at: &str, cx: &mut Cx<'_>) -> Vec<Value> {
    plain
        .iter()
        .enumerate()
        .map(|(index, (param, from))| {
            cx.moves.moved(&join(at, &index.to_string()), from);
            param.clone()
        })
        .collect()
}

/// The operation's request body: its own body or form, else the path item's; a body that is
/// one of the document's `parameters` is a ref to its `requestBodies` component, when the
/// operation consumes what the document does.
fn request_body(
    own: &Sorted,
    shared: &Sorted,
    consumes: &[String],
    at: &str,
    cx: &mut Cx<'_>,
) -> Option<Value> {
    if let Some((param, from, component)) = own.body.as_ref().or(shared.body.as_ref()) {
        if !own.form.is_empty() || !shared.form.is_empty() {
            cx.fail(
                from,
                "an operation has either a body parameter or form fields (`formData`), \
                 not both"
                    .into(),
            );
        }
        if let (Some(name), true) = (component, consumes == cx.consumes.as_slice()) {
            cx.moves.moved(at, from);
            let reference = format!("#/components/requestBodies/{}", pointer::escape(name));
            return Some(serde_json::json!({ "$ref": reference }));
        }
        return Some(bodies::body(param, consumes, at, from, cx));
    }
    let mut fields: Vec<&Field> = own.form.iter().collect();
    for field in &shared.form {
        let name = field.param.get("name");
        if !own.form.iter().any(|f| f.param.get("name") == name) {
            fields.push(field);
        }
    }
    if fields.is_empty() {
        return None;
    }
    Some(bodies::form(&fields, consumes, at, cx))
}

/// Sorts a parameter list (written at `at`) into plain parameters, a body and form fields.
fn sort(list: Option<&Value>, at: &str, cx: &mut Cx<'_>) -> Sorted {
    let mut sorted = Sorted::default();
    let Some(Value::Array(items)) = list else {
        return sorted;
    };
    let original = cx.original;
    for (index, item) in items.iter().enumerate() {
        let from = join(at, &index.to_string());
        let (param, param_from) = match local_target(item, original) {
            Some((target, pointer)) => (target, pointer),
            None => (item, from.clone()),
        };
        let Value::Object(members) = param else {
            sorted.plain.push((item.clone(), from));
            continue;
        };
        match members.get("in").and_then(Value::as_str) {
            _ if members.contains_key("$ref") => sorted.plain.push((item.clone(), from)),
            Some("body") => {
                if let Some((_, first, _)) = &sorted.body {
                    let first = first.clone();
                    cx.fail(
                        &from,
                        format!("a second body parameter (the first is at `{first}`)"),
                    );
                    continue;
                }
                let component = param_from
                    .strip_prefix("/parameters/")
                    .filter(|name| !name.contains('/'))
                    .and_then(|name| pointer::parse(&format!("/{name}")).ok()?.pop());
                sorted.body = Some((members.clone(), param_from, component));
            }
            Some("formData") => sorted.form.push(Field {
                param: members.clone(),
                from: param_from,
            }),
            // A ref to a plain parameter stays a ref (rewritten later); an inline one is
            // converted.
            _ if item.get("$ref").is_some() => sorted.plain.push((item.clone(), from)),
            _ => {
                // Put where it lands once the body and form fields are out of the list.
                let new = join(at, &sorted.plain.len().to_string());
                let converted = parameters::parameter(members, &new, &from, cx);
                sorted.plain.push((converted, from));
            }
        }
    }
    sorted
}

/// What a `$ref` into this file (as written) names, and its pointer, following a chain of
/// refs; `None` for an object that is no ref, a ref into another file, or a dangling one
/// (reported by the ref rewriting).
fn local_target<'v>(item: &'v Value, original: &'v Value) -> Option<(&'v Value, String)> {
    let mut here = item;
    let mut found = None;
    // A chain longer than the document is a cycle.
    for _ in 0..64 {
        let Some(reference) = here.get("$ref").and_then(Value::as_str) else {
            return found;
        };
        let fragment = reference.strip_prefix('#')?;
        let decoded = percent_encoding::percent_decode_str(fragment)
            .decode_utf8()
            .ok()?;
        let tokens = pointer::parse(&decoded).ok()?;
        here = pointer::walk(original, &tokens).ok()?;
        let canonical = tokens.iter().fold(String::new(), |p, t| join(&p, t));
        found = Some((here, canonical));
    }
    None
}
