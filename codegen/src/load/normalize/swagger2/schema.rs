//! Swagger 2.0 Schema Objects in the 3.0 shape. They are nearly the same; what differs:
//!
//! - `x-nullable: true` (the go-swagger and swaggo way, 2.0 has no null) is 3.0's
//!   `nullable: true`; next to a `$ref`, where 3.0 ignores siblings, the ref is wrapped in a
//!   one-member `allOf` that can carry it;
//! - `discriminator` is the name of the property, 3.0's `{propertyName: ...}`;
//! - `type: file` (a response or form field that is a file) is `type: string, format: binary`.
//!
//! Applied to every schema below the one given (properties, items, allOf, ...).

use serde_json::{json, Map, Value};

use super::moves::Moves;
use crate::json::pointer::join;

/// Converts the schema now at `at`, written at `from`, and every schema inside it, in place.
pub fn fix(schema: &mut Value, at: &str, from: &str, moves: &mut Moves) {
    let Value::Object(members) = schema else {
        return;
    };
    fix_members(members, at, from, moves);
    for (key, value) in members.iter_mut() {
        let (at, from) = (join(at, key), join(from, key));
        match key.as_str() {
            "properties" => {
                if let Value::Object(properties) = value {
                    for (name, property) in properties.iter_mut() {
                        fix(property, &join(&at, name), &join(&from, name), moves);
                    }
                }
            }
            "items" | "additionalProperties" | "not" => fix_all(value, &at, &from, moves),
            "allOf" | "anyOf" | "oneOf" if value.is_array() => fix_all(value, &at, &from, moves),
            _ => {}
        }
    }
}

/// A schema, or each schema of a list.
fn fix_all(value: &mut Value, at: &str, from: &str, moves: &mut Moves) {
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                let i = i.to_string();
                fix(item, &join(at, &i), &join(from, &i), moves);
            }
        }
        other => fix(other, at, from, moves),
    }
}

fn fix_members(members: &mut Map<String, Value>, at: &str, from: &str, moves: &mut Moves) {
    if let Some(nullable) = members.remove("x-nullable") {
        if members.contains_key("$ref") && nullable == Value::Bool(true) {
            let reference = members.remove("$ref").unwrap_or_default();
            members.insert("allOf".into(), json!([{ "$ref": reference }]));
            moves.derived(&join(&join(at, "allOf"), "0"), from);
        }
        members.insert("nullable".into(), nullable);
    }
    if let Some(Value::String(property)) = members.get("discriminator") {
        let discriminator = json!({ "propertyName": property });
        members.insert("discriminator".into(), discriminator);
    }
    if members.get("type").and_then(Value::as_str) == Some("file") {
        members.insert("type".into(), json!("string"));
        members.insert("format".into(), json!("binary"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_schemas_are_converted() {
        let mut schema = json!({
            "type": "object",
            "discriminator": "kind",
            "properties": {
                "owner": {"$ref": "#/definitions/Owner", "x-nullable": true},
                "tags": {"type": "array", "items": {"type": "string", "x-nullable": true}},
                "photo": {"type": "file"},
                "example": {"type": "string", "x-nullable": false}
            },
            "allOf": [{"additionalProperties": {"type": "file"}}]
        });
        let mut moves = Moves::default();
        fix(
            &mut schema,
            "/components/schemas/Pet",
            "/definitions/Pet",
            &mut moves,
        );
        assert_eq!(
            moves
                .origins
                .original("/components/schemas/Pet/properties/owner/allOf/0"),
            "/definitions/Pet/properties/owner"
        );
        assert_eq!(
            schema,
            json!({
                "type": "object",
                "discriminator": {"propertyName": "kind"},
                "properties": {
                    "owner": {"nullable": true, "allOf": [{"$ref": "#/definitions/Owner"}]},
                    "tags": {"type": "array", "items": {"type": "string", "nullable": true}},
                    "photo": {"type": "string", "format": "binary"},
                    "example": {"type": "string", "nullable": false}
                },
                "allOf": [{"additionalProperties": {"type": "string", "format": "binary"}}]
            })
        );
    }
}
