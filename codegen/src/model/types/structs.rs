//! Objects with properties: one struct field per property, in the spec's order.

use std::borrow::Borrow;
use std::collections::HashSet;

use openapiv3::{AdditionalProperties, ReferenceOr, Schema};

use super::{ref_wrapper, TypeSpace};
use crate::model::lenient::reads_as;
use crate::model::shape::{docs, Shape};
use crate::model::{Constraints, Field, FieldDefault, Leniency, StructDef, TypeRef};
use crate::naming::{self, Scope};
use crate::resolve::{Location, Resolver};

/// One property of an object being built, wherever it came from (the schema itself or one of
/// its allOf parts).
pub struct Property<'s> {
    pub name: &'s str,
    pub schema: &'s ReferenceOr<Box<Schema>>,
    pub at: Location,
}

impl TypeSpace<'_> {
    /// The value type of `additionalProperties` when it is a schema (a flattened map field),
    /// with what each value must satisfy.
    pub(in crate::model) fn additional(
        &mut self,
        shape: &Shape<'_>,
        at: &Location,
        hint: &str,
    ) -> Option<(TypeRef, Constraints)> {
        match shape.additional {
            Some(AdditionalProperties::Schema(value)) => {
                let value_at = at.child("additionalProperties");
                let ty = self.of_ref_or(value, &value_at, &format!("{hint}Value"));
                let constraints = self.constraints_of(value, &value_at, &ty);
                Some((ty, constraints))
            }
            _ => None,
        }
    }

    /// The fields of an object, in the spec's order, with unique Rust names.
    pub fn struct_def(
        &mut self,
        properties: &[Property<'_>],
        required: &[String],
        additional: Option<(TypeRef, Constraints)>,
        hint: &str,
        without: Option<&str>,
    ) -> StructDef {
        let mut scope = Scope::with_reserved(&[naming::ADDITIONAL_PROPERTIES]);
        let mut fields = Vec::with_capacity(properties.len());
        let required_order = required;
        let required: HashSet<&str> = required.iter().map(String::as_str).collect();
        for property in properties {
            if Some(property.name) == without {
                continue;
            }
            let child_hint = format!("{hint}{}", naming::type_part(property.name));
            let ty = self.of_ref_or(property.schema, &property.at, &child_hint);
            let constraints = self.constraints_of(property.schema, &property.at, &ty);
            let (docs, data) = self.property_docs(property.schema, &property.at);
            let mut lenient = None;
            if let ReferenceOr::Item(schema) = property.schema {
                if let Some(example) = &schema.schema_data.example {
                    if !matches!(ty, TypeRef::Named(_)) {
                        let subject = format!("{hint}.{}", property.name);
                        self.example(&property.at.child("example"), subject, &ty, example);
                        lenient = self.lenient_example(example, &ty);
                    }
                }
            }
            // A readOnly member is only in responses, a writeOnly one only in requests: one
            // struct serves both, so neither is required, and the docs say which way it goes.
            let read_only = data.as_ref().is_some_and(|d| d.read_only);
            let write_only = data.as_ref().is_some_and(|d| d.write_only);
            let one_way = read_only || write_only;
            let required = required.contains(property.name) && !one_way;
            let docs = match (read_only, write_only) {
                (true, false) => Some(with_note(
                    docs,
                    "Read-only: the server sets it; leave it `None` in requests (it is not sent \
                     then).",
                )),
                (false, true) => Some(with_note(
                    docs,
                    "Write-only: sent in requests; responses leave it out.",
                )),
                _ => docs,
            };
            let default = self
                .schema_default(property.schema, &property.at)
                .map(|(at, json)| FieldDefault {
                    json,
                    at,
                    fills_absent: !required && !one_way,
                    value: None,
                });
            fields.push(Field {
                name: scope.claim(naming::field_name(property.name), property.name),
                wire: property.name.to_owned(),
                ty,
                required,
                docs,
                deprecated: data.is_some_and(|d| d.deprecated),
                boxed: false,
                flatten: false,
                default,
                constraints,
                lenient,
            });
        }
        let (additional, additional_constraints) = match additional {
            Some((ty, constraints)) => (Some(ty), constraints),
            None => (None, Constraints::default()),
        };
        // The required members in the order the schema's `required` lists them: the author's
        // order, where the properties are often sorted by a bundler (`new(user_id, channel)`).
        let mut constructor: Vec<usize> = Vec::new();
        for name in required_order {
            if let Some(i) = fields.iter().position(|f| f.wire == *name && f.required) {
                if !constructor.contains(&i) {
                    constructor.push(i);
                }
            }
        }
        StructDef {
            fields,
            constructor,
            additional,
            additional_constraints,
            params_of: None,
        }
    }

    /// When the example just recorded for a member of type `ty` is a string holding a number
    /// or boolean of that type (`count: {type: number, example: '100'}`): the member is read
    /// leniently, and so is the example in its test (see [`crate::model::Field::lenient`]).
    fn lenient_example(&mut self, example: &serde_json::Value, ty: &TypeRef) -> Option<Leniency> {
        reads_as(&self.defs, example, ty)?;
        let recorded = self.examples.last_mut()?;
        recorded.lenient = true;
        Some(Leniency::Example {
            location: recorded.location.clone(),
            text: example.as_str()?.to_owned(),
        })
    }

    /// A property's docs: its own, or those of the schema its `$ref` names.
    fn property_docs(
        &mut self,
        item: &ReferenceOr<Box<Schema>>,
        at: &Location,
    ) -> (Option<String>, Option<openapiv3::SchemaData>) {
        match item {
            ReferenceOr::Item(schema) => {
                (docs(&schema.schema_data), Some(schema.schema_data.clone()))
            }
            ReferenceOr::Reference { reference } => {
                let Ok(target) = self.resolver.follow(reference, at) else {
                    return (None, None);
                };
                match self.resolver.schema(&target) {
                    Ok(schema) => (docs(&schema.schema_data), Some(schema.schema_data.clone())),
                    Err(_) => (None, None),
                }
            }
        }
    }

    /// The `default` a schema position gives, with where it is written: the schema's own,
    /// else (for `$ref`s and `allOf: [$ref]` wrappers) that of the schema referred to.
    pub(in crate::model) fn schema_default<S: Borrow<Schema>>(
        &mut self,
        item: &ReferenceOr<S>,
        at: &Location,
    ) -> Option<(Location, serde_json::Value)> {
        let mut next = match item {
            ReferenceOr::Reference { reference } => self.resolver.follow(reference, at).ok()?,
            // Read where it is (through the resolver, it would be deserialized once more).
            ReferenceOr::Item(schema) => {
                let schema = schema.borrow();
                if let Some(value) = own_default(self.resolver, at, schema) {
                    return Some((at.child("default"), value));
                }
                let ReferenceOr::Reference { reference } = ref_wrapper(&Shape::of(schema))? else {
                    return None;
                };
                self.resolver
                    .follow(reference, &at.descend(&["allOf", "0"]))
                    .ok()?
            }
        };
        // A bounded walk: wrappers that wrap each other in a ring end it.
        for _ in 0..16 {
            let schema = self.resolver.schema(&next).ok()?;
            if let Some(value) = own_default(self.resolver, &next, &schema) {
                return Some((next.child("default"), value));
            }
            let ReferenceOr::Reference { reference } = ref_wrapper(&Shape::of(&schema))? else {
                return None;
            };
            next = self
                .resolver
                .follow(reference, &next.descend(&["allOf", "0"]))
                .ok()?;
        }
        None
    }
}

/// The `default` of the schema at `at`, `null` included (which openapiv3 reads as no default).
fn own_default(resolver: &Resolver, at: &Location, schema: &Schema) -> Option<serde_json::Value> {
    if let Some(value) = &schema.schema_data.default {
        return Some(value.clone());
    }
    resolver
        .has_null_default(at)
        .then_some(serde_json::Value::Null)
}

/// Docs with a note of the generator's as their last paragraph.
fn with_note(docs: Option<String>, note: &str) -> String {
    match docs {
        Some(text) if !text.trim().is_empty() => format!("{}\n\n{note}", text.trim_end()),
        _ => note.to_owned(),
    }
}
