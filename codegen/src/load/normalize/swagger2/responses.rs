//! Response objects: `schema` -> `content` under each media type of `produces` (the
//! operation's, else the document's, else JSON), `examples` (per media type) -> that media
//! type's `example`, `headers` -> header objects with a `schema`.

use serde_json::{json, Map, Value};

use super::{media_types, parameters, schema, Cx};
use crate::json::pointer::join;

/// The response written at `from`, to be put at `at`. A `$ref` is kept (rewritten later).
pub fn response(
    response: &Value,
    produces: &[String],
    at: &str,
    from: &str,
    cx: &mut Cx<'_>,
) -> Value {
    let Value::Object(members) = response else {
        return response.clone();
    };
    if members.contains_key("$ref") {
        return response.clone();
    }
    let mut out = Map::new();
    for (key, value) in members {
        match (key.as_str(), value) {
            ("schema", body_schema) => {
                let content = content(members, body_schema, produces, at, from, cx);
                out.insert("content".into(), content);
            }
            ("headers", Value::Object(headers)) => {
                let mut converted = Map::new();
                for (name, header) in headers {
                    let header_at = join(&join(at, "headers"), name);
                    let header_from = join(&join(from, "headers"), name);
                    let value = match header {
                        Value::Object(h) => parameters::header(h, &header_at, &header_from, cx),
                        other => other.clone(),
                    };
                    converted.insert(name.clone(), value);
                }
                out.insert(key.clone(), Value::Object(converted));
            }
            ("examples", _) => {}
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    Value::Object(out)
}

/// The `content` of a response whose schema is `body_schema`.
fn content(
    members: &Map<String, Value>,
    body_schema: &Value,
    produces: &[String],
    at: &str,
    from: &str,
    cx: &mut Cx<'_>,
) -> Value {
    let examples = members.get("examples").and_then(Value::as_object);
    let schema_from = join(from, "schema");
    let mut content = Map::new();
    for media_type in media_types(produces) {
        let media_at = join(&join(at, "content"), &media_type);
        let schema_at = join(&media_at, "schema");
        let mut schema = body_schema.clone();
        schema::fix(&mut schema, &schema_at, &schema_from, &mut cx.moves);
        cx.moves.moved(&schema_at, &schema_from);
        let mut media = json!({ "schema": schema });
        if let Some(example) = examples.and_then(|e| e.get(&media_type)) {
            media["example"] = example.clone();
            let example_from = join(&join(from, "examples"), &media_type);
            cx.moves.moved(&join(&media_at, "example"), &example_from);
        }
        content.insert(media_type, media);
    }
    Value::Object(content)
}
