//! `host`, `basePath` and `schemes` -> `servers`: one server per scheme, in the order listed.
//!
//! 2.0 says an absent `schemes` means the scheme the document was fetched with; a generator
//! reads a file, so HTTPS is assumed. Without `host` the URL is `basePath` alone, relative to
//! wherever the API is served (as 3.0's relative server URLs are); without either, there is no
//! server (2.0: the host that serves the documentation).

use serde_json::{json, Map, Value};

/// The servers and the pointer of the 2.0 member they mostly come from.
pub struct Servers {
    pub value: Value,
    pub from: String,
}

/// The document's servers.
pub fn of_document(document: &Map<String, Value>) -> Option<Servers> {
    let schemes = document.get("schemes");
    let urls = urls(document, schemes)?;
    let from = if document.contains_key("host") {
        "/host"
    } else {
        "/basePath"
    };
    Some(Servers {
        value: list(urls),
        from: from.to_owned(),
    })
}

/// An operation's servers, when its own `schemes` differ from the document's.
pub fn of_operation(
    document: &Map<String, Value>,
    operation: &Map<String, Value>,
) -> Option<Value> {
    let schemes = operation.get("schemes")?;
    if document.get("schemes") == Some(schemes) {
        return None;
    }
    urls(document, Some(schemes)).map(list)
}

fn urls(document: &Map<String, Value>, schemes: Option<&Value>) -> Option<Vec<String>> {
    let host = document.get("host").and_then(Value::as_str);
    let base = document
        .get("basePath")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim_end_matches('/');
    let Some(host) = host else {
        return (!base.is_empty()).then(|| vec![base.to_owned()]);
    };
    let mut schemes: Vec<&str> = schemes
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if schemes.is_empty() {
        schemes.push("https");
    }
    Some(
        schemes
            .iter()
            .map(|scheme| format!("{scheme}://{host}{base}"))
            .collect(),
    )
}

fn list(urls: Vec<String>) -> Value {
    Value::Array(urls.into_iter().map(|url| json!({ "url": url })).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn servers(document: Value) -> Option<Value> {
        of_document(document.as_object().unwrap()).map(|s| s.value)
    }

    #[test]
    fn one_server_per_scheme() {
        let document = json!({"host": "api.example.com:8443", "basePath": "/v2/", "schemes": ["https", "http"]});
        assert_eq!(
            servers(document),
            Some(
                json!([{"url": "https://api.example.com:8443/v2"}, {"url": "http://api.example.com:8443/v2"}])
            )
        );
        assert_eq!(
            servers(json!({"host": "h.example"})),
            Some(json!([{"url": "https://h.example"}]))
        );
        assert_eq!(
            servers(json!({"basePath": "/api"})),
            Some(json!([{"url": "/api"}]))
        );
        assert_eq!(servers(json!({"basePath": "/"})), None);
        let document = json!({"host": "h.example", "schemes": ["https"]});
        let document = document.as_object().unwrap();
        let operation = json!({"schemes": ["http"]});
        assert_eq!(
            of_operation(document, operation.as_object().unwrap()),
            Some(json!([{"url": "http://h.example"}]))
        );
        let same = json!({"schemes": ["https"]});
        assert_eq!(of_operation(document, same.as_object().unwrap()), None);
    }
}
