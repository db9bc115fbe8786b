//! Telling the variants of a `oneOf` apart: when can it be an internally tagged enum?
//!
//! An untagged enum tries variants in order and keeps the first that parses, so a payload of
//! one variant can silently parse as another that requires less (a `vbc` channel as `sip`,
//! which only requires `type`). A tagged enum reads one property and picks the variant it
//! names. The rule, conservative on purpose:
//!
//! 1. With a `discriminator`, its `propertyName` is the tag. A variant's value is the
//!    `mapping` key that names it, else the single value of its `enum` for that property, else
//!    the name of the component schema it refers to.
//! 2. Without one, a property is the tag when every variant is an object that *requires* it,
//!    declares it as a string, and pins its value: by a one-value `enum`, or by an `example`
//!    that its `description` confirms in backquotes (`"Must be `app`"`), as specs written
//!    before `const` existed often do.
//! 3. The values must all differ. If any variant fails a condition, the union stays untagged.

use std::rc::Rc;

use openapiv3::{Discriminator, ReferenceOr, Schema};

use super::TypeSpace;
use crate::model::shape::{docs, Shape};
use crate::model::{TaggedUnion, TaggedVariant};
use crate::naming::{self, Scope};
use crate::resolve::Location;

impl TypeSpace<'_> {
    /// The tagged form of a union, or `None` when its variants cannot be told apart by a tag.
    pub(super) fn tagged_union(
        &mut self,
        list: &[ReferenceOr<Schema>],
        list_at: &Location,
        hint: &str,
        discriminator: Option<&Discriminator>,
    ) -> Option<TaggedUnion> {
        let mut variants: Vec<(Location, Rc<Schema>)> = Vec::with_capacity(list.len());
        for (i, item) in list.iter().enumerate() {
            let resolved = self.resolve_schema(item, &list_at.child(&i.to_string()))?;
            let shape = Shape::of(&resolved.1);
            // With a discriminator, a variant may be an `allOf` too: the usual way to extend
            // a base schema that declares the discriminator's property.
            let composed = discriminator.is_some() && !shape.all_of.is_empty();
            let plain_object = (shape.properties.is_some_and(|p| !p.is_empty()) || composed)
                && shape.one_of.is_empty()
                && shape.any_of.is_empty()
                && (shape.all_of.is_empty() || composed);
            if !plain_object {
                return None;
            }
            variants.push(resolved);
        }
        if variants.len() < 2 {
            return None;
        }
        let (tag, values) = match discriminator {
            Some(d) => (
                d.property_name.clone(),
                self.discriminated_values(list, list_at, &variants, d)?,
            ),
            None => self.inferred_tag(&variants)?,
        };
        let mut distinct = values.clone();
        distinct.sort();
        distinct.dedup();
        if distinct.len() != values.len() {
            return None;
        }

        let mut scope = Scope::with_reserved(&[naming::OTHER_VARIANT]);
        let mut out = Vec::with_capacity(variants.len());
        for ((at, schema), value) in variants.iter().zip(values) {
            let variant_hint = format!("{hint}{}", naming::type_part(&value));
            // A replaced schema is the user's type, tag and all.
            let ty = match self.replaced.get(at) {
                Some(ty) => ty.clone(),
                None => self.of_schema(schema, at, &variant_hint, Some(&tag)),
            };
            out.push(TaggedVariant {
                name: scope.claim(naming::variant_name(&value), &value),
                value,
                ty,
                docs: docs(&schema.schema_data),
                boxed: false,
            });
        }
        Some(TaggedUnion { tag, variants: out })
    }

    fn discriminated_values(
        &mut self,
        list: &[ReferenceOr<Schema>],
        list_at: &Location,
        variants: &[(Location, Rc<Schema>)],
        discriminator: &Discriminator,
    ) -> Option<Vec<String>> {
        let mut mapped: Vec<(String, Location)> = Vec::new();
        for (value, reference) in &discriminator.mapping {
            // A mapping value is a ref or a bare component name.
            let reference = if reference.contains('#') || reference.contains('/') {
                reference.clone()
            } else {
                format!("#/components/schemas/{reference}")
            };
            if let Ok(target) = self.resolver.follow(&reference, list_at) {
                mapped.push((value.clone(), target));
            }
        }
        let mut values = Vec::with_capacity(variants.len());
        for (i, (at, schema)) in variants.iter().enumerate() {
            if let Some((value, _)) = mapped.iter().find(|(_, target)| target == at) {
                values.push(value.clone());
                continue;
            }
            let shape = Shape::of(schema);
            if let Some(value) = self.pinned_value(&shape, at, &discriminator.property_name, false)
            {
                values.push(value);
                continue;
            }
            match &list[i] {
                ReferenceOr::Reference { .. } => values.push(at.last_token()?),
                ReferenceOr::Item(_) => return None,
            }
        }
        Some(values)
    }

    fn inferred_tag(
        &mut self,
        variants: &[(Location, Rc<Schema>)],
    ) -> Option<(String, Vec<String>)> {
        let first = Shape::of(&variants[0].1);
        let candidates: Vec<String> = first
            .properties
            .into_iter()
            .flatten()
            .map(|(name, _)| name.clone())
            .filter(|name| {
                variants
                    .iter()
                    .all(|(_, s)| Shape::of(s).required.iter().any(|r| r == name))
            })
            .collect();
        'candidates: for candidate in candidates {
            let mut values = Vec::with_capacity(variants.len());
            for (at, schema) in variants {
                let shape = Shape::of(schema);
                match self.pinned_value(&shape, at, &candidate, true) {
                    Some(value) => values.push(value),
                    None => continue 'candidates,
                }
            }
            return Some((candidate, values));
        }
        None
    }

    /// The one value a string property can take in this variant, if the schema pins it.
    fn pinned_value(
        &mut self,
        shape: &Shape<'_>,
        at: &Location,
        property: &str,
        allow_documented_example: bool,
    ) -> Option<String> {
        let item = shape.properties?.get(property)?;
        let (_, schema) = self.resolve_schema(item, &at.descend(&["properties", property]))?;
        let shape = Shape::of(&schema);
        if !matches!(shape.typ, None | Some("string")) {
            return None;
        }
        let values: Vec<&str> = shape
            .enumeration
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        if values.len() == 1 && shape.enumeration.len() == 1 {
            return Some(values[0].to_owned());
        }
        if !shape.enumeration.is_empty() || !allow_documented_example {
            return None;
        }
        let example = shape.data.example.as_ref()?.as_str()?;
        let description = shape.data.description.as_deref()?;
        description
            .contains(&format!("`{example}`"))
            .then(|| example.to_owned())
    }
}
