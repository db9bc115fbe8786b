//! One flat view of a schema.
//!
//! openapiv3 splits schemas into `Type(..)` variants when they look like a plain type and
//! `Any(..)` otherwise (e.g. `properties` without `type: object`, or `type: string` with a
//! keyword it does not expect). The modeller does not care which; it reads this view.

use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaData, SchemaKind, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value;

type Properties = indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>;

pub struct Shape<'a> {
    pub data: &'a SchemaData,
    /// The `type` keyword, when present.
    pub typ: Option<&'a str>,
    pub format: Option<String>,
    /// `enum` values, `null` included when the spec lists it.
    pub enumeration: Vec<Value>,
    pub properties: Option<&'a Properties>,
    pub required: &'a [String],
    pub additional: Option<&'a AdditionalProperties>,
    pub items: Option<&'a ReferenceOr<Box<Schema>>>,
    pub one_of: &'a [ReferenceOr<Schema>],
    pub any_of: &'a [ReferenceOr<Schema>],
    pub all_of: &'a [ReferenceOr<Schema>],
}

fn format_text<T: serde::Serialize>(format: &VariantOrUnknownOrEmpty<T>) -> Option<String> {
    match format {
        VariantOrUnknownOrEmpty::Item(item) => serde_json::to_value(item)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned)),
        VariantOrUnknownOrEmpty::Unknown(text) => Some(text.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

fn values<T: Into<Value> + Clone>(items: &[Option<T>]) -> Vec<Value> {
    items
        .iter()
        .map(|v| v.clone().map_or(Value::Null, Into::into))
        .collect()
}

impl<'a> Shape<'a> {
    pub fn of(schema: &'a Schema) -> Shape<'a> {
        let mut shape = Shape {
            data: &schema.schema_data,
            typ: None,
            format: None,
            enumeration: Vec::new(),
            properties: None,
            required: &[],
            additional: None,
            items: None,
            one_of: &[],
            any_of: &[],
            all_of: &[],
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(t)) => {
                shape.typ = Some("string");
                shape.format = format_text(&t.format);
                shape.enumeration = values(&t.enumeration);
            }
            SchemaKind::Type(Type::Number(t)) => {
                shape.typ = Some("number");
                shape.format = format_text(&t.format);
                shape.enumeration = values(&t.enumeration);
            }
            SchemaKind::Type(Type::Integer(t)) => {
                shape.typ = Some("integer");
                shape.format = format_text(&t.format);
                shape.enumeration = values(&t.enumeration);
            }
            SchemaKind::Type(Type::Boolean(t)) => {
                shape.typ = Some("boolean");
                shape.enumeration = values(&t.enumeration);
            }
            SchemaKind::Type(Type::Object(t)) => {
                shape.typ = Some("object");
                shape.properties = Some(&t.properties);
                shape.required = &t.required;
                shape.additional = t.additional_properties.as_ref();
            }
            SchemaKind::Type(Type::Array(t)) => {
                shape.typ = Some("array");
                shape.items = t.items.as_ref();
            }
            SchemaKind::OneOf { one_of } => shape.one_of = one_of,
            SchemaKind::AnyOf { any_of } => shape.any_of = any_of,
            SchemaKind::AllOf { all_of } => shape.all_of = all_of,
            SchemaKind::Not { .. } => {}
            SchemaKind::Any(any) => {
                shape.typ = any.typ.as_deref();
                shape.format = any.format.clone();
                shape.enumeration = any.enumeration.clone();
                if !any.properties.is_empty() || shape.typ == Some("object") {
                    shape.properties = Some(&any.properties);
                }
                shape.required = &any.required;
                shape.additional = any.additional_properties.as_ref();
                shape.items = any.items.as_ref();
                shape.one_of = &any.one_of;
                shape.any_of = &any.any_of;
                shape.all_of = &any.all_of;
            }
        }
        shape
    }

    /// `nullable: true`, or `null` listed among the enum values.
    pub fn nullable(&self) -> bool {
        self.data.nullable || self.enumeration.iter().any(Value::is_null)
    }

    /// True for a schema that describes an object (declared or implied by its keywords).
    pub fn is_object(&self) -> bool {
        self.typ == Some("object")
            || (self.typ.is_none() && (self.properties.is_some() || self.additional.is_some()))
    }
}

/// Title and description, joined as documentation.
pub fn docs(data: &SchemaData) -> Option<String> {
    join_docs(data.title.as_deref(), data.description.as_deref())
}

pub fn join_docs(first: Option<&str>, second: Option<&str>) -> Option<String> {
    let first = first.map(str::trim).filter(|s| !s.is_empty());
    let second = second.map(str::trim).filter(|s| !s.is_empty());
    match (first, second) {
        (Some(a), Some(b)) if a == b => Some(a.to_owned()),
        (Some(a), Some(b)) => Some(format!("{a}\n\n{b}")),
        (Some(a), None) | (None, Some(a)) => Some(a.to_owned()),
        (None, None) => None,
    }
}
