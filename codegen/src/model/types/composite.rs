//! Composite objects: `allOf` (merged into one struct) and objects that combine `properties`
//! with a `oneOf`/`anyOf` (the union becomes a flattened field).

use std::collections::HashSet;
use std::rc::Rc;

use openapiv3::{AdditionalProperties, Schema};

use super::{Property, TypeSpace};
use crate::model::shape::Shape;
use crate::model::{Constraints, Field, TypeKind, TypeRef};
use crate::naming;
use crate::resolve::Location;

impl TypeSpace<'_> {
    /// The definition of a schema with `allOf`, or with both properties and a union.
    pub(super) fn composite(
        &mut self,
        schema: &Schema,
        at: &Location,
        hint: &str,
        without: Option<&str>,
    ) -> TypeKind {
        let mut parts: Vec<(Location, Rc<Schema>)> = Vec::new();
        let mut visiting: HashSet<Location> = HashSet::new();
        self.flatten_parts(
            Rc::new(schema.clone()),
            at.clone(),
            &mut parts,
            &mut visiting,
        );

        let shapes: Vec<Shape<'_>> = parts.iter().map(|(_, s)| Shape::of(s)).collect();
        let mut properties: Vec<Property<'_>> = Vec::new();
        let mut required: Vec<String> = Vec::new();
        let mut additional = None;
        let mut unions: Vec<usize> = Vec::new();
        let mut others: Vec<usize> = Vec::new();
        let mut named: HashSet<&str> = HashSet::new();
        for (i, shape) in shapes.iter().enumerate() {
            let part_at = &parts[i].0;
            for (name, property) in shape.properties.into_iter().flatten() {
                if named.insert(name) {
                    properties.push(Property {
                        name,
                        schema: property,
                        at: part_at.descend(&["properties", name]),
                    });
                }
            }
            required.extend(shape.required.iter().cloned());
            if let Some(AdditionalProperties::Schema(_)) = shape.additional {
                if additional.is_none() {
                    additional = self.additional(shape, part_at, hint);
                }
            }
            if !shape.one_of.is_empty() || !shape.any_of.is_empty() {
                unions.push(i);
            } else if shape.properties.is_none() && shape.typ.is_some_and(|t| t != "object") {
                others.push(i);
            }
        }

        // `allOf: [$ref: X]` (often used to add a description or `nullable` to a ref) and
        // `allOf` over one union: the type of that one part.
        if properties.is_empty() && additional.is_none() && without.is_none() {
            let meaningful: Vec<usize> = unions.iter().chain(&others).copied().collect();
            if meaningful.len() == 1 && (unions.len() + others.len()) == 1 {
                let (part_at, part) = &parts[meaningful[0]];
                let part = part.clone();
                let target = if unions.is_empty() && part_at == at {
                    // The schema itself (`type: string` next to an `allOf` of docs): its own
                    // type, not a definition of itself (an alias of itself has no end).
                    self.anonymous(&Shape::of(&part), part_at, hint)
                } else if unions.is_empty() {
                    self.of_schema(&part, part_at, &format!("{hint}Value"), None)
                } else {
                    let shape = Shape::of(&part);
                    return self.union_of(&part, &shape, part_at, hint);
                };
                return TypeKind::Alias(target);
            }
            if unions.is_empty() && others.is_empty() {
                return TypeKind::Alias(TypeRef::JsonObject);
            }
        }

        let mut def = self.struct_def(&properties, &required, additional, hint, without);
        let mut scope = naming::Scope::default();
        for field in &def.fields {
            scope.claim(field.name.clone(), &field.name);
        }
        for (n, &i) in unions.iter().enumerate() {
            let (part_at, part) = &parts[i];
            let part = part.clone();
            let shape = Shape::of(&part);
            let union_hint = if unions.len() == 1 {
                format!("{hint}Variant")
            } else {
                format!("{hint}Variant{n}")
            };
            let ty = self.union_definition(&part, &shape, part_at, &union_hint);
            let name = scope.claim("variant".into(), "variant");
            def.constructor.push(def.fields.len());
            def.fields.push(Field {
                name,
                wire: String::new(),
                ty,
                required: true,
                docs: None,
                deprecated: false,
                boxed: false,
                flatten: true,
                default: None,
                constraints: Constraints::default(),
                lenient: None,
            });
        }
        if !others.is_empty() {
            self.warn(
                self.resolver.error(
                    at,
                    crate::error::ErrorKind::Invalid(
                        "allOf combines an object with a non-object schema; only the object \
                     parts are typed"
                            .into(),
                    ),
                ),
            );
        }
        TypeKind::Struct(def)
    }

    /// Expands nested allOf parts (following refs) into a flat list, the schema itself first.
    pub(in crate::model) fn flatten_parts(
        &mut self,
        schema: Rc<Schema>,
        at: Location,
        parts: &mut Vec<(Location, Rc<Schema>)>,
        visiting: &mut HashSet<Location>,
    ) {
        // A set: a chain of n allOf levels is flattened for each of its n definitions.
        if !visiting.insert(at.clone()) {
            return;
        }
        let all_of: Vec<_> = Shape::of(&schema).all_of.to_vec();
        parts.push((at.clone(), schema));
        for (i, item) in all_of.iter().enumerate() {
            let item_at = at.descend(&["allOf", &i.to_string()]);
            if let Some((part_at, part)) = self.resolve_schema(item, &item_at) {
                self.flatten_parts(part, part_at, parts, visiting);
            }
        }
    }
}
