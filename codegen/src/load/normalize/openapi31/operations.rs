//! What OpenAPI 3.2 adds to path items and parameters that the 3.0 shape cannot hold, taken
//! out of the document with a warning naming each place, so that nothing is dropped without a
//! word (the 3.0 reader would skip the methods and refuse the parameters):
//!
//! - the `query` operation (the HTTP QUERY method) and the operations of
//!   `additionalOperations` (any other method): not generated;
//! - parameters `in: querystring` (the whole query string as one value): the operation is
//!   generated without them, and so is every operation that refers to such a parameter in
//!   `components/parameters`.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::super::WEBHOOKS;
use super::Rewrite;
use crate::json::pointer;

/// The methods of a 3.0 path item, whose operations may hold parameters.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Takes the 3.2-only operations and `querystring` parameters out of the root document.
pub(super) fn take_out(rw: &mut Rewrite<'_>, doc: &mut Map<String, Value>) {
    let dropped = querystring_components(rw, doc);
    for (container, skip_extensions) in [("paths", true), (WEBHOOKS, false)] {
        if let Some(Value::Object(items)) = doc.get_mut(container) {
            for (key, item) in items.iter_mut() {
                if skip_extensions && key.starts_with("x-") {
                    continue;
                }
                let at = pointer::join(&pointer::join("", container), key);
                path_item(rw, item, &at, &dropped);
            }
        }
    }
    if let Some(Value::Object(items)) = doc
        .get_mut("components")
        .and_then(|c| c.get_mut("pathItems"))
    {
        for (name, item) in items.iter_mut() {
            let at = pointer::join("/components/pathItems", name);
            path_item(rw, item, &at, &dropped);
        }
    }
}

/// Removes the `querystring` parameters of `components/parameters`; returns their refs.
fn querystring_components(rw: &mut Rewrite<'_>, doc: &mut Map<String, Value>) -> BTreeSet<String> {
    let mut dropped = BTreeSet::new();
    let Some(Value::Object(parameters)) = doc
        .get_mut("components")
        .and_then(|c| c.get_mut("parameters"))
    else {
        return dropped;
    };
    parameters.retain(|name, parameter| {
        if !is_querystring(parameter) {
            return true;
        }
        let at = pointer::join("/components/parameters", name);
        rw.warn(
            &pointer::join(&at, "in"),
            "`in: querystring` (OpenAPI 3.2: the whole query string as one value) is not \
             read: the operations that use this parameter are generated without it"
                .to_owned(),
        );
        dropped.insert(format!("#{at}"));
        false
    });
    dropped
}

fn is_querystring(parameter: &Value) -> bool {
    parameter.get("in").and_then(Value::as_str) == Some("querystring")
}

/// One path item: its 3.2 operations out, and the `querystring` parameters of the others.
fn path_item(rw: &mut Rewrite<'_>, item: &mut Value, at: &str, dropped: &BTreeSet<String>) {
    let Some(item) = item.as_object_mut() else {
        return;
    };
    if item.remove("query").is_some() {
        rw.warn(
            &pointer::join(at, "query"),
            "the `query` operation (the HTTP QUERY method of OpenAPI 3.2) is not generated: \
             this generator does not send QUERY requests yet"
                .to_owned(),
        );
    }
    if let Some(additional) = item.remove("additionalOperations") {
        let at = pointer::join(at, "additionalOperations");
        match additional {
            Value::Object(operations) => {
                for method in operations.keys() {
                    rw.warn(
                        &pointer::join(&at, method),
                        format!(
                            "the `{method}` operation (`additionalOperations`, OpenAPI 3.2) \
                             is not generated: this generator sends only the methods of \
                             OpenAPI 3.0 and 3.1"
                        ),
                    );
                }
            }
            _ => rw.warn(
                &at,
                "`additionalOperations` is not a map of operations: ignored".to_owned(),
            ),
        }
    }
    parameters(
        rw,
        item.get_mut("parameters"),
        &pointer::join(at, "parameters"),
        dropped,
    );
    for method in METHODS {
        if let Some(operation) = item.get_mut(*method).and_then(Value::as_object_mut) {
            let at = pointer::join(&pointer::join(at, method), "parameters");
            parameters(rw, operation.get_mut("parameters"), &at, dropped);
        }
    }
}

/// Removes the `querystring` parameters of a list, and the refs to dropped ones; the items
/// after a removed one keep their place in messages.
fn parameters(
    rw: &mut Rewrite<'_>,
    list: Option<&mut Value>,
    at: &str,
    dropped: &BTreeSet<String>,
) {
    let Some(Value::Array(list)) = list else {
        return;
    };
    let mut kept = Vec::with_capacity(list.len());
    for (index, parameter) in std::mem::take(list).into_iter().enumerate() {
        let here = pointer::join(at, &index.to_string());
        let reference = parameter.get("$ref").and_then(Value::as_str);
        if is_querystring(&parameter) {
            rw.warn(
                &pointer::join(&here, "in"),
                "`in: querystring` (OpenAPI 3.2: the whole query string as one value) is not \
                 read: the operation is generated without this parameter"
                    .to_owned(),
            );
            continue;
        }
        if reference.is_some_and(|r| dropped.contains(r)) {
            rw.warn(
                &here,
                "a parameter `in: querystring` (OpenAPI 3.2) is not read: the operation is \
                 generated without it"
                    .to_owned(),
            );
            continue;
        }
        if kept.len() != index {
            rw.moved(&pointer::join(at, &kept.len().to_string()), &here);
        }
        kept.push(parameter);
    }
    *list = kept;
}
