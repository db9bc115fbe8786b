//! `body` and `formData` parameters -> a `requestBody`.
//!
//! A body parameter's `schema` goes under each media type of `consumes` (the operation's, else
//! the document's, else JSON). `formData` parameters become the properties of one object
//! schema (`type: file` a binary string), under `multipart/form-data` and/or
//! `application/x-www-form-urlencoded` as `consumes` lists them (neither listed: multipart if
//! a field is a file, else urlencoded); an array field's `collectionFormat` becomes the
//! `encoding` of a urlencoded form.

use serde_json::{json, Map, Value};

use super::{extensions, media_types, parameters, schema, Cx};
use crate::json::pointer::join;

/// The request body of a body parameter written at `from`, to be put at `at`.
pub fn body(
    param: &Map<String, Value>,
    consumes: &[String],
    at: &str,
    from: &str,
    cx: &mut Cx<'_>,
) -> Value {
    let mut out = Map::new();
    if let Some(description) = param.get("description") {
        out.insert("description".into(), description.clone());
    }
    cx.moves.moved(at, from);
    let schema_from = join(from, "schema");
    let Some(body_schema) = param.get("schema") else {
        cx.fail(
            from,
            "a body parameter needs a `schema` (what the body holds)".into(),
        );
        return Value::Object(out);
    };
    let mut content = Map::new();
    for media_type in media_types(consumes) {
        let schema_at = join(&join(&join(at, "content"), &media_type), "schema");
        let mut schema = body_schema.clone();
        schema::fix(&mut schema, &schema_at, &schema_from, &mut cx.moves);
        cx.moves.moved(&schema_at, &schema_from);
        content.insert(media_type, json!({ "schema": schema }));
    }
    out.insert("content".into(), Value::Object(content));
    if let Some(required) = param.get("required") {
        out.insert("required".into(), required.clone());
    }
    out.extend(extensions(param).map(|(k, v)| (k.clone(), v.clone())));
    Value::Object(out)
}

/// One `formData` parameter (after following a local ref) and where it was written.
pub struct Field {
    pub param: Map<String, Value>,
    pub from: String,
}

/// The request body of an operation's form fields, to be put at `at`.
pub fn form(fields: &[&Field], consumes: &[String], at: &str, cx: &mut Cx<'_>) -> Value {
    let is_form = |t: &String| {
        let t = t.to_ascii_lowercase();
        t.starts_with("multipart/form-data") || t.starts_with("application/x-www-form-urlencoded")
    };
    let mut media: Vec<String> = consumes.iter().filter(|t| is_form(t)).cloned().collect();
    if media.is_empty() {
        let has_file = fields
            .iter()
            .any(|f| f.param.get("type").and_then(Value::as_str) == Some("file"));
        media.push(if has_file {
            "multipart/form-data".into()
        } else {
            "application/x-www-form-urlencoded".into()
        });
    }
    // How each array field is written (warned about once, not per media type).
    let styles: Vec<Option<(&str, bool)>> = fields
        .iter()
        .map(|f| parameters::style(&f.param, "formData", &f.from, cx))
        .collect();
    let mut content = Map::new();
    for (index, media_type) in media.iter().enumerate() {
        let media_at = join(&join(at, "content"), media_type);
        let schema_at = join(&media_at, "schema");
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut encoding = Map::new();
        for (field, style) in fields.iter().zip(&styles) {
            let Some(name) = field.param.get("name").and_then(Value::as_str) else {
                continue;
            };
            let property_at = join(&join(&schema_at, "properties"), name);
            let mut property =
                parameters::value_schema(&field.param, &property_at, &field.from, cx);
            if let (Some(description), Value::Object(members)) =
                (field.param.get("description"), &mut property)
            {
                members.insert("description".into(), description.clone());
            }
            if index == 0 {
                cx.moves.moved(&property_at, &field.from);
            } else {
                cx.moves.derived(&property_at, &field.from);
            }
            properties.insert(name.to_owned(), property);
            if field.param.get("required") == Some(&Value::Bool(true)) {
                required.push(json!(name));
            }
            let urlencoded = media_type.starts_with("application/x-www-form-urlencoded");
            if let (true, Some((style, explode))) = (urlencoded, style) {
                encoding.insert(
                    name.to_owned(),
                    json!({ "style": style, "explode": explode }),
                );
            }
        }
        let mut schema = json!({ "type": "object", "properties": properties });
        if !required.is_empty() {
            schema["required"] = Value::Array(required);
        }
        let mut media_object = json!({ "schema": schema });
        if !encoding.is_empty() {
            media_object["encoding"] = Value::Object(encoding);
        }
        content.insert(media_type.clone(), media_object);
    }
    Value::Object(Map::from_iter([(
        "content".to_owned(),
        Value::Object(content),
    )]))
}
