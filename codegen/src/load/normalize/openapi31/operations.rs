//! What OpenAPI 3.2 adds to path items and parameters that the 3.0 shape cannot hold, so
//! that nothing is dropped without a word (the 3.0 reader would skip the methods and refuse
//! the parameters):
//!
//! - the `query` operation (the HTTP QUERY method) and the operations of
//!   `additionalOperations` (any other method) of a path (`paths`, `components/pathItems`)
//!   move to the path item's `x-codegen-other-methods`, keyed by the method as sent (`QUERY`,
//!   `PURGE`), where the model reads them; a webhook's are left out with a warning (a webhook
//!   is received, not sent: its method is only documentation);
//! - parameters `in: querystring` (the whole query string as one value): the operation is
//!   generated without them, with a warning, and so is every operation that refers to such a
//!   parameter in `components/parameters`.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::super::{OTHER_METHODS, PATH_ITEM_METHODS, WEBHOOKS};
use super::Rewrite;
use crate::json::pointer;

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
                path_item(rw, item, &at, &dropped, container == WEBHOOKS);
            }
        }
    }
    if let Some(Value::Object(items)) = doc
        .get_mut("components")
        .and_then(|c| c.get_mut("pathItems"))
    {
        for (name, item) in items.iter_mut() {
            let at = pointer::join("/components/pathItems", name);
            path_item(rw, item, &at, &dropped, false);
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

/// One path item: its 3.2 operations moved (or, for a webhook, out), and the `querystring`
/// parameters of all its operations out.
fn path_item(
    rw: &mut Rewrite<'_>,
    item: &mut Value,
    at: &str,
    dropped: &BTreeSet<String>,
    webhook: bool,
) {
    let Some(item) = item.as_object_mut() else {
        return;
    };
    // (method as sent, where it was)
    let mut others: Vec<(String, String, Value)> = Vec::new();
    if let Some(operation) = item.remove("query") {
        others.push(("QUERY".to_owned(), pointer::join(at, "query"), operation));
    }
    if let Some(additional) = item.remove("additionalOperations") {
        let here = pointer::join(at, "additionalOperations");
        match additional {
            Value::Object(operations) => {
                for (method, operation) in operations {
                    let was = pointer::join(&here, &method);
                    others.push((method, was, operation));
                }
            }
            _ => rw.warn(
                &here,
                "`additionalOperations` is not a map of operations: ignored".to_owned(),
            ),
        }
    }
    let moved_to = pointer::join(at, OTHER_METHODS);
    let mut moved = Map::new();
    for (method, was, operation) in others {
        if webhook {
            rw.warn(
                &was,
                format!(
                    "the webhook's `{method}` operation (OpenAPI 3.2) is left out: webhooks are \
                     read by their 3.0 methods"
                ),
            );
            continue;
        }
        rw.moved(&pointer::join(&moved_to, &method), &was);
        moved.insert(method, operation);
    }
    if !moved.is_empty() {
        item.insert(OTHER_METHODS.to_owned(), Value::Object(moved));
    }
    parameters(
        rw,
        item.get_mut("parameters"),
        &pointer::join(at, "parameters"),
        dropped,
    );
    for method in PATH_ITEM_METHODS {
        if let Some(operation) = item.get_mut(*method).and_then(Value::as_object_mut) {
            let at = pointer::join(&pointer::join(at, method), "parameters");
            parameters(rw, operation.get_mut("parameters"), &at, dropped);
        }
    }
    if let Some(Value::Object(operations)) = item.get_mut(OTHER_METHODS) {
        for (method, operation) in operations.iter_mut() {
            if let Some(operation) = operation.as_object_mut() {
                let at = pointer::join(&pointer::join(&moved_to, method), "parameters");
                parameters(rw, operation.get_mut("parameters"), &at, dropped);
            }
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
