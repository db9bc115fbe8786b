//! Non-body parameters (query, path, header; formData fields reuse the value part), response
//! headers, and the document's `parameters` section.
//!
//! A 2.0 parameter describes its value with keywords of its own (`type`, `format`, `items`,
//! `enum`, `default`, bounds); 3.0 puts them in a `schema`. `collectionFormat` (how an array
//! is written) becomes `style` and `explode`; 2.0's default, `csv`, is written out, since 3.0's
//! default for a query (`form`, exploded: `ids=1&ids=2`) is 2.0's `multi`.

use serde_json::{json, Map, Value};

use super::{bodies, schema, Cx};
use crate::json::pointer::join;

/// The keywords of a parameter, header or `items` that describe the value: its schema.
const VALUE_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "items",
    "enum",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "multipleOf",
    "x-nullable",
];

/// The schema of a parameter, header or `items` object written at `from`, to be put at `at`.
pub fn value_schema(source: &Map<String, Value>, at: &str, from: &str, cx: &mut Cx<'_>) -> Value {
    let mut schema = Map::new();
    for (key, value) in source {
        if !VALUE_KEYWORDS.contains(&key.as_str()) {
            continue;
        }
        let value = match (key.as_str(), value) {
            ("items", Value::Object(items)) => {
                value_schema(items, &join(at, key), &join(from, key), cx)
            }
            _ => value.clone(),
        };
        schema.insert(key.clone(), value);
    }
    let mut schema = Value::Object(schema);
    schema::fix(&mut schema, at, from, &mut cx.moves);
    schema
}

/// A query, path or header parameter written at `from`, to be put at `at`.
pub fn parameter(param: &Map<String, Value>, at: &str, from: &str, cx: &mut Cx<'_>) -> Value {
    let mut out = Map::new();
    for (key, value) in param {
        if !VALUE_KEYWORDS.contains(&key.as_str()) && key != "collectionFormat" {
            out.insert(key.clone(), value.clone());
        }
    }
    let location = param.get("in").and_then(Value::as_str).unwrap_or("");
    if let Some((style, explode)) = style(param, location, from, cx) {
        out.insert("style".into(), json!(style));
        out.insert("explode".into(), json!(explode));
    }
    let schema_at = join(at, "schema");
    let schema = value_schema(param, &schema_at, from, cx);
    out.insert("schema".into(), schema);
    cx.moves.derived(&schema_at, from);
    Value::Object(out)
}

/// A response header: its description and extensions, and a schema.
pub fn header(header: &Map<String, Value>, at: &str, from: &str, cx: &mut Cx<'_>) -> Value {
    let mut out = Map::new();
    for (key, value) in header {
        if key == "description" || key.starts_with("x-") && key != "x-nullable" {
            out.insert(key.clone(), value.clone());
        }
    }
    if let Some((style, explode)) = style(header, "header", from, cx) {
        out.insert("style".into(), json!(style));
        out.insert("explode".into(), json!(explode));
    }
    let schema_at = join(at, "schema");
    let schema = value_schema(header, &schema_at, from, cx);
    out.insert("schema".into(), schema);
    cx.moves.derived(&schema_at, from);
    Value::Object(out)
}

/// 3.0's `style` and `explode` for an array parameter's `collectionFormat`, by where the
/// parameter goes (`formData` as an `encoding` of a form body). `None` for a value that is no
/// array. Formats 3.0 cannot say (`tsv`; anything but `csv` in a path or header) are sent as
/// `csv`, with a warning.
pub fn style(
    param: &Map<String, Value>,
    location: &str,
    from: &str,
    cx: &mut Cx<'_>,
) -> Option<(&'static str, bool)> {
    if param.get("type").and_then(Value::as_str) != Some("array") {
        return None;
    }
    let format = param
        .get("collectionFormat")
        .and_then(Value::as_str)
        .unwrap_or("csv");
    let in_query = matches!(location, "query" | "formData");
    let csv = if in_query {
        ("form", false)
    } else {
        ("simple", false)
    };
    let converted = match (in_query, format) {
        (_, "csv") => csv,
        (true, "multi") => ("form", true),
        (true, "ssv") => ("spaceDelimited", false),
        (true, "pipes") => ("pipeDelimited", false),
        (_, other) => {
            let why = if other == "tsv" {
                "OpenAPI 3.0 has no tab-separated style".to_owned()
            } else if ["multi", "ssv", "pipes"].contains(&other) {
                format!("OpenAPI 3.0 has no such style for a {location} parameter")
            } else {
                "it is not a 2.0 collection format".to_owned()
            };
            cx.warn(
                &join(from, "collectionFormat"),
                format!(
                    "`collectionFormat: {other}` is not converted ({why}); the values are \
                     sent comma-separated (`csv`)"
                ),
            );
            csv
        }
    };
    Some(converted)
}

/// The document's `parameters`: body parameters become `components/requestBodies` (refs to
/// them are rewritten where operations use them), `formData` ones are copied into the form of
/// each operation that refers to them (3.0 has no component for one form field), the others
/// `components/parameters`. In a file other than the spec, whose refs the spec's conversion
/// cannot follow, body and form parameters also stay in `components/parameters` as written,
/// so that a ref to one is reported at its `in` (see the README).
pub fn components(
    members: &Map<String, Value>,
    components: &mut Map<String, Value>,
    cx: &mut Cx<'_>,
) {
    let mut parameters = Map::new();
    let mut bodies = Map::new();
    let consumes = cx.consumes.clone();
    for (name, param) in members {
        let from = join("/parameters", name);
        let location = param.get("in").and_then(Value::as_str);
        match (param, location) {
            (Value::Object(body), Some("body")) if cx.root => {
                let at = join("/components/requestBodies", name);
                let converted = bodies::body(body, &consumes, &at, &from, cx);
                bodies.insert(name.clone(), converted);
            }
            (_, Some("formData")) if cx.root => {}
            (Value::Object(param), _) if !param.contains_key("$ref") => {
                let at = join("/components/parameters", name);
                parameters.insert(name.clone(), parameter(param, &at, &from, cx));
                cx.moves.moved(&at, &from);
            }
            _ => {
                let at = join("/components/parameters", name);
                parameters.insert(name.clone(), param.clone());
                cx.moves.moved(&at, &from);
            }
        }
    }
    if !parameters.is_empty() {
        components.insert("parameters".into(), Value::Object(parameters));
    }
    if !bodies.is_empty() {
        components.insert("requestBodies".into(), Value::Object(bodies));
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::moves::Moves;
    use super::*;

    fn cx(original: &Value) -> Cx<'_> {
        Cx {
            shown: Path::new("spec.yaml"),
            original,
            root: true,
            moves: Moves::default(),
            warnings: Vec::new(),
            errors: Vec::new(),
            consumes: Vec::new(),
            produces: Vec::new(),
        }
    }

    fn convert(param: Value) -> (Value, Vec<String>) {
        let original = Value::Null;
        let mut cx = cx(&original);
        let converted = parameter(param.as_object().unwrap(), "/p", "/q", &mut cx);
        let warnings = cx.warnings.iter().map(ToString::to_string).collect();
        (converted, warnings)
    }

    #[test]
    fn value_keywords_go_into_the_schema() {
        let (converted, warnings) = convert(json!({
            "name": "ids", "in": "query", "required": true, "description": "Which",
            "type": "array", "items": {"type": "integer", "format": "int64", "minimum": 1},
            "maxItems": 10, "x-example": [1]
        }));
        assert_eq!(
            converted,
            json!({
                "name": "ids", "in": "query", "required": true, "description": "Which",
                "x-example": [1], "style": "form", "explode": false,
                "schema": {
                    "type": "array", "items": {"type": "integer", "format": "int64", "minimum": 1},
                    "maxItems": 10
                }
            })
        );
        assert!(warnings.is_empty());
    }

    #[test]
    fn collection_formats_become_styles() {
        let style_of = |location: &str, format: &str| {
            let (converted, warnings) = convert(json!({
                "name": "a", "in": location, "type": "array", "items": {"type": "string"},
                "collectionFormat": format
            }));
            (
                converted["style"].as_str().unwrap().to_owned(),
                converted["explode"].as_bool().unwrap(),
                warnings.len(),
            )
        };
        let expect = |s: &str, e: bool, w: usize| (s.to_owned(), e, w);
        assert_eq!(style_of("query", "csv"), expect("form", false, 0));
        assert_eq!(style_of("query", "multi"), expect("form", true, 0));
        assert_eq!(style_of("query", "ssv"), expect("spaceDelimited", false, 0));
        assert_eq!(
            style_of("query", "pipes"),
            expect("pipeDelimited", false, 0)
        );
        assert_eq!(style_of("query", "tsv"), expect("form", false, 1));
        assert_eq!(style_of("header", "csv"), expect("simple", false, 0));
        assert_eq!(style_of("path", "pipes"), expect("simple", false, 1));
        let (_, warnings) = convert(json!({
            "name": "a", "in": "query", "type": "array", "items": {"type": "string"},
            "collectionFormat": "tsv"
        }));
        assert_eq!(
            warnings,
            [
                "spec.yaml#/q/collectionFormat: `collectionFormat: tsv` is not converted (OpenAPI \
              3.0 has no tab-separated style); the values are sent comma-separated (`csv`)"
            ]
        );
        // Not an array: no style.
        let (converted, _) = convert(json!({"name": "a", "in": "query", "type": "string"}));
        assert!(converted.get("style").is_none());
    }
}
