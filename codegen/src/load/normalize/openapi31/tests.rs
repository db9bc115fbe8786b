//! The rewrite of each 3.1 construct, on trees, with where moved values came from.

use std::path::Path;

use serde_json::{json, Value};

use super::normalize;
use crate::load::normalize::Normalized;

fn document(schemas: Value) -> Value {
    json!({
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "components": {"schemas": schemas},
    })
}

fn rewritten(schemas: Value) -> Normalized {
    normalize(document(schemas), Path::new("spec.yaml"), true).unwrap_or_else(|e| panic!("{e}"))
}

fn schema<'a>(normalized: &'a Normalized, name: &str) -> &'a Value {
    &normalized.tree["components"]["schemas"][name]
}

#[test]
fn the_document_says_3_0_and_has_paths() {
    let n = rewritten(json!({}));
    assert_eq!(n.tree["openapi"], "3.0.3");
    assert_eq!(n.tree["paths"], json!({}));
}

#[test]
fn type_lists_become_nullable_or_unions() {
    let n = rewritten(json!({
        "A": {"type": ["string", "null"], "maxLength": 3},
        "B": {"type": ["integer", "string"], "minimum": 1, "maxLength": 2, "enum": [1, "x"]},
    }));
    assert_eq!(
        schema(&n, "A"),
        &json!({"type": "string", "nullable": true, "maxLength": 3})
    );
    assert_eq!(
        schema(&n, "B"),
        &json!({"oneOf": [
            {"type": "integer", "minimum": 1, "enum": [1]},
            {"type": "string", "maxLength": 2, "enum": ["x"]},
        ]})
    );
    assert_eq!(
        n.origins
            .original("/components/schemas/B/oneOf/1/maxLength"),
        "/components/schemas/B/maxLength"
    );
}

#[test]
fn a_null_branch_makes_the_other_one_nullable() {
    let n = rewritten(json!({
        "Ref": {"anyOf": [{"type": "null"}, {"$ref": "#/components/schemas/X"}], "title": "R"},
        "Inline": {"anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "null"}]},
        "Several": {"oneOf": [{"type": "null"}, {"type": "string"}, {"type": "integer"}]},
        "Const": {"anyOf": [{"const": "a"}, {"type": "null"}]},
    }));
    assert_eq!(
        schema(&n, "Const"),
        &json!({"nullable": true, "type": "string", "enum": ["a"]})
    );
    assert_eq!(
        schema(&n, "Ref"),
        &json!({"title": "R", "nullable": true, "allOf": [{"$ref": "#/components/schemas/X"}]})
    );
    assert_eq!(
        n.origins.original("/components/schemas/Ref/allOf/0/$ref"),
        "/components/schemas/Ref/anyOf/1/$ref"
    );
    assert_eq!(
        schema(&n, "Inline"),
        &json!({"nullable": true, "type": "array", "items": {"type": "string"}})
    );
    assert_eq!(
        n.origins.original("/components/schemas/Inline/items"),
        "/components/schemas/Inline/anyOf/0/items"
    );
    assert_eq!(
        schema(&n, "Several"),
        &json!({"nullable": true, "oneOf": [{"type": "string"}, {"type": "integer"}]})
    );
    assert_eq!(
        n.origins.original("/components/schemas/Several/oneOf/0"),
        "/components/schemas/Several/oneOf/1"
    );
}

#[test]
fn a_ref_with_siblings_moves_into_all_of() {
    let n = rewritten(json!({
        "A": {"$ref": "#/components/schemas/X", "description": "d", "maximum": 3},
        "Plain": {"$ref": "#/components/schemas/X"},
    }));
    assert_eq!(
        schema(&n, "A"),
        &json!({"description": "d", "maximum": 3, "allOf": [{"$ref": "#/components/schemas/X"}]})
    );
    assert_eq!(
        n.origins.original("/components/schemas/A/allOf/0/$ref"),
        "/components/schemas/A/$ref"
    );
    assert_eq!(
        schema(&n, "Plain"),
        &json!({"$ref": "#/components/schemas/X"})
    );
}

#[test]
fn keywords_take_their_3_0_form() {
    let n = rewritten(json!({
        "Const": {"const": "cat"},
        "Bounds": {"type": "number", "exclusiveMinimum": 0, "maximum": 10, "exclusiveMaximum": 5},
        "Bytes": {"type": "string", "contentEncoding": "base64"},
        "File": {"type": "string", "contentMediaType": "image/png"},
        "Text": {"type": "string", "contentMediaType": "text/plain"},
        "Examples": {"type": "string", "examples": ["a", "b"]},
        "Tuple": {"type": "array", "prefixItems": [{"type": "string"}, true], "items": false},
        "Never": {"type": "object", "properties": {"any": true, "none": false}},
    }));
    assert_eq!(
        schema(&n, "Const"),
        &json!({"type": "string", "enum": ["cat"]})
    );
    assert_eq!(
        schema(&n, "Bounds"),
        &json!({"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 5,
                "exclusiveMaximum": true})
    );
    assert_eq!(
        schema(&n, "Bytes"),
        &json!({"type": "string", "format": "byte"})
    );
    assert_eq!(
        schema(&n, "File"),
        &json!({"type": "string", "format": "binary"})
    );
    assert_eq!(schema(&n, "Text"), &json!({"type": "string"}));
    assert_eq!(
        schema(&n, "Examples"),
        &json!({"type": "string", "example": "a"})
    );
    assert_eq!(
        schema(&n, "Tuple"),
        &json!({"type": "array", "maxItems": 2,
                "x-codegen-prefix-items": [{"type": "string"}, {}]})
    );
    assert_eq!(
        schema(&n, "Never")["properties"],
        json!({"any": {}, "none": {"not": {}}})
    );
}

#[test]
fn validation_keywords_are_dropped_with_a_warning() {
    let n = rewritten(json!({
        "A": {"type": "object", "propertyNames": {"pattern": "^a"}, "unevaluatedProperties": false},
    }));
    assert_eq!(schema(&n, "A"), &json!({"type": "object"}));
    let warnings: Vec<String> = n.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("spec.yaml#/components/schemas/A/propertyNames: ")),
        "{warnings:?}"
    );
}

#[test]
fn refs_by_anchor_become_pointers_and_refs_by_id_are_refused() {
    let n = rewritten(json!({
        "A": {"$anchor": "a", "type": "string"},
        "B": {"type": "array", "items": {"$ref": "#a"}},
    }));
    assert_eq!(
        schema(&n, "B")["items"],
        json!({"$ref": "#/components/schemas/A"})
    );
    assert_eq!(schema(&n, "A"), &json!({"type": "string"}));
    let tree = document(json!({
        "A": {"$id": "https://example.com/a", "type": "string"},
        "B": {"$ref": "https://example.com/a"},
        "C": {"$dynamicRef": "#node"},
    }));
    let errors = normalize(tree, Path::new("spec.yaml"), true).unwrap_err();
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages[0].contains("#/components/schemas/B/$ref: "),
        "{messages:?}"
    );
    assert!(
        messages[0].contains("`$ref: '#/components/schemas/A'`"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("#/components/schemas/C/$dynamicRef: "),
        "{messages:?}"
    );
}

#[test]
fn webhooks_move_and_the_dialect_is_checked() {
    let mut tree = document(json!({}));
    tree["webhooks"] = json!({"hook": {"post": {"responses": {}}}});
    tree["jsonSchemaDialect"] = json!("https://spec.openapis.org/oas/3.1/dialect/base");
    let n = normalize(tree.clone(), Path::new("spec.yaml"), true).unwrap();
    assert!(n.tree.get("webhooks").is_none());
    assert!(n.tree["x-codegen-webhooks"]["hook"]["post"].is_object());
    assert_eq!(
        n.origins.original("/x-codegen-webhooks/hook/post"),
        "/webhooks/hook/post"
    );
    tree["jsonSchemaDialect"] = json!("https://example.com/my-dialect");
    let errors = normalize(tree, Path::new("spec.yaml"), true).unwrap_err();
    assert!(errors
        .to_string()
        .contains("spec.yaml#/jsonSchemaDialect: "));
}

/// 3.2's other methods move to `x-codegen-other-methods` (where the model reads them) with
/// their origins; a webhook's are left out with a warning; `querystring` parameters leave
/// with a warning, and the parameters after a removed one keep their place in messages.
#[test]
fn operations_of_3_2_move_or_leave_with_a_warning() {
    let mut tree = document(json!({}));
    tree["openapi"] = json!("3.2.0");
    tree["components"]["parameters"] = json!({
        "Raw": {"name": "raw", "in": "querystring", "content": {"text/plain": {"schema": {"type": "string"}}}},
        "Limit": {"name": "limit", "in": "query", "schema": {"type": "integer"}},
    });
    tree["paths"] = json!({
        "/things": {
            "get": {
                "parameters": [
                    {"name": "q", "in": "querystring", "content": {"application/x-www-form-urlencoded": {"schema": {"type": "object"}}}},
                    {"$ref": "#/components/parameters/Raw"},
                    {"$ref": "#/components/parameters/Limit"},
                    {"name": "page", "in": "query", "schema": {"type": ["integer", "null"]}},
                ],
                "responses": {"200": {"description": "ok"}},
            },
            "query": {"responses": {"200": {"description": "ok"}}},
            "additionalOperations": {"PURGE": {
                "parameters": [{"name": "scope", "in": "query", "schema": {"type": ["string", "null"]}}],
                "responses": {"204": {"description": "gone"}},
            }},
        },
    });
    tree["webhooks"] = json!({"hook": {"additionalOperations": {"NOTIFY": {"responses": {}}}}});
    let n = normalize(tree, Path::new("spec.yaml"), true).unwrap();
    let item = &n.tree["paths"]["/things"];
    assert!(item.get("query").is_none());
    assert!(item.get("additionalOperations").is_none());
    let others = &item["x-codegen-other-methods"];
    assert!(others["QUERY"]["responses"]["200"].is_object());
    // Moved operations are rewritten like the others (a 3.1 type list here).
    assert_eq!(
        others["PURGE"]["parameters"][0]["schema"],
        json!({"type": "string", "nullable": true})
    );
    assert_eq!(
        n.origins
            .original("/paths/~1things/x-codegen-other-methods/PURGE/responses"),
        "/paths/~1things/additionalOperations/PURGE/responses"
    );
    assert_eq!(
        n.origins
            .original("/paths/~1things/x-codegen-other-methods/QUERY"),
        "/paths/~1things/query"
    );
    assert_eq!(
        item["get"]["parameters"],
        json!([
            {"$ref": "#/components/parameters/Limit"},
            {"name": "page", "in": "query", "schema": {"type": "integer", "nullable": true}},
        ])
    );
    assert!(n.tree["components"]["parameters"].get("Raw").is_none());
    assert_eq!(
        n.origins
            .original("/paths/~1things/get/parameters/1/schema"),
        "/paths/~1things/get/parameters/3/schema"
    );
    assert!(n.tree["x-codegen-webhooks"]["hook"]
        .get("x-codegen-other-methods")
        .is_none());
    let messages: Vec<String> = n.warnings.iter().map(ToString::to_string).collect();
    for place in [
        "spec.yaml#/components/parameters/Raw/in: ",
        "spec.yaml#/paths/~1things/get/parameters/0/in: ",
        "spec.yaml#/paths/~1things/get/parameters/1: ",
        "spec.yaml#/webhooks/hook/additionalOperations/NOTIFY: ",
    ] {
        assert!(
            messages.iter().any(|m| m.starts_with(place)),
            "no warning at {place}: {messages:?}"
        );
    }
    assert_eq!(messages.len(), 4, "{messages:?}");
}
