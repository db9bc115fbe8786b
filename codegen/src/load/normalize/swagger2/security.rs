//! `securityDefinitions` -> `components/securitySchemes`: `basic` is HTTP basic, `apiKey`
//! stays, `oauth2`'s one `flow` becomes a `flows` entry (`implicit`, `password`,
//! `application` -> `clientCredentials`, `accessCode` -> `authorizationCode`).

use serde_json::{json, Map, Value};

use super::{extensions, Cx};
use crate::json::pointer::join;

/// The security schemes of a `securityDefinitions` mapping.
pub fn schemes(definitions: &Map<String, Value>, cx: &mut Cx<'_>) -> Map<String, Value> {
    let mut out = Map::new();
    for (name, definition) in definitions {
        let from = join("/securityDefinitions", name);
        let converted = match definition {
            Value::Object(d) => scheme(d, &join("/components/securitySchemes", name), &from, cx),
            other => other.clone(),
        };
        out.insert(name.clone(), converted);
    }
    out
}

fn scheme(definition: &Map<String, Value>, at: &str, from: &str, cx: &mut Cx<'_>) -> Value {
    let text = |key: &str| definition.get(key).cloned();
    let mut out = Map::new();
    match definition.get("type").and_then(Value::as_str) {
        Some("basic") => {
            out.insert("type".into(), json!("http"));
            out.insert("scheme".into(), json!("basic"));
        }
        Some("oauth2") => {
            out.insert("type".into(), json!("oauth2"));
            let flow = definition.get("flow").and_then(Value::as_str).unwrap_or("");
            let (name, keys): (&str, &[&str]) = match flow {
                "implicit" => ("implicit", &["authorizationUrl"]),
                "password" => ("password", &["tokenUrl"]),
                "application" => ("clientCredentials", &["tokenUrl"]),
                "accessCode" => ("authorizationCode", &["authorizationUrl", "tokenUrl"]),
                _ => {
                    cx.fail(
                        &join(from, "flow"),
                        format!(
                            "`flow` {} is not an OAuth2 flow of Swagger 2.0 (`implicit`, \
                             `password`, `application`, `accessCode`)",
                            definition
                                .get("flow")
                                .map_or("(none)".into(), Value::to_string)
                        ),
                    );
                    return Value::Object(definition.clone());
                }
            };
            let mut flow_object = Map::new();
            for key in keys {
                if let Some(url) = text(key) {
                    flow_object.insert((*key).into(), url);
                }
            }
            flow_object.insert("scopes".into(), text("scopes").unwrap_or_else(|| json!({})));
            let flow_at = join(&join(at, "flows"), name);
            cx.moves.derived(&flow_at, from);
            out.insert("flows".into(), json!({ name: flow_object }));
        }
        // `apiKey` (the same in 3.0), and anything else, checked by the 3.0 reading.
        _ => return Value::Object(definition.clone()),
    }
    if let Some(description) = text("description") {
        out.insert("description".into(), description);
    }
    out.extend(extensions(definition).map(|(k, v)| (k.clone(), v.clone())));
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::moves::Moves;
    use super::*;

    #[test]
    fn every_kind_and_flow() {
        let original = Value::Null;
        let mut cx = Cx {
            shown: Path::new("spec.yaml"),
            original: &original,
            root: true,
            moves: Moves::default(),
            warnings: Vec::new(),
            errors: Vec::new(),
            consumes: Vec::new(),
            produces: Vec::new(),
        };
        let definitions = json!({
            "basic": {"type": "basic", "description": "User and password"},
            "key": {"type": "apiKey", "name": "X-Key", "in": "header"},
            "app": {"type": "oauth2", "flow": "application", "tokenUrl": "https://t.example/token",
                    "scopes": {"read": "Read"}, "x-internal": true},
            "code": {"type": "oauth2", "flow": "accessCode", "authorizationUrl": "https://t.example/a",
                     "tokenUrl": "https://t.example/t", "scopes": {}},
            "implicit": {"type": "oauth2", "flow": "implicit", "authorizationUrl": "https://t.example/a"},
            "password": {"type": "oauth2", "flow": "password", "tokenUrl": "https://t.example/t", "scopes": {}}
        });
        let schemes = schemes(definitions.as_object().unwrap(), &mut cx);
        assert_eq!(
            Value::Object(schemes),
            json!({
                "basic": {"type": "http", "scheme": "basic", "description": "User and password"},
                "key": {"type": "apiKey", "name": "X-Key", "in": "header"},
                "app": {"type": "oauth2", "flows": {"clientCredentials": {
                    "tokenUrl": "https://t.example/token", "scopes": {"read": "Read"}}},
                    "x-internal": true},
                "code": {"type": "oauth2", "flows": {"authorizationCode": {
                    "authorizationUrl": "https://t.example/a", "tokenUrl": "https://t.example/t",
                    "scopes": {}}}},
                "implicit": {"type": "oauth2", "flows": {"implicit": {
                    "authorizationUrl": "https://t.example/a", "scopes": {}}}},
                "password": {"type": "oauth2", "flows": {"password": {
                    "tokenUrl": "https://t.example/t", "scopes": {}}}}
            })
        );
        assert!(cx.errors.is_empty());
        assert_eq!(
            cx.moves
                .origins
                .original("/components/securitySchemes/app/flows/clientCredentials/tokenUrl"),
            "/securityDefinitions/app/tokenUrl"
        );
    }
}
