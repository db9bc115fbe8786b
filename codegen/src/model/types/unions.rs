//! Unions (`oneOf`, `anyOf`): tagged when a property tells the variants apart (see `tagged`),
//! else untagged, tried variant by variant.

use openapiv3::{ReferenceOr, Schema};

use super::{Key, TypeSpace};
use crate::model::shape::{docs, Shape};
use crate::model::{TypeKind, TypeRef, UntaggedUnion, UntaggedVariant};
use crate::naming::{self, Scope};
use crate::resolve::Location;

impl TypeSpace<'_> {
    /// A union kept as a definition of its own (the flattened union field of a composite
    /// object), interned at the location of its `oneOf`/`anyOf` list.
    pub(in crate::model) fn union_definition(
        &mut self,
        schema: &Schema,
        shape: &Shape<'_>,
        at: &Location,
        hint: &str,
    ) -> TypeRef {
        let keyword = if shape.one_of.is_empty() {
            "anyOf"
        } else {
            "oneOf"
        };
        let key = Key {
            at: at.child(keyword),
            without: None,
        };
        if let Some(found) = self.seen.get(&key) {
            return found.clone();
        }
        let id = self.reserve(hint, at, schema);
        self.defs[id].docs = None;
        self.defs[id].example = None;
        self.seen.insert(key, TypeRef::Named(id));
        let kind = self.union_of(schema, shape, at, hint);
        self.defs[id].kind = kind;
        TypeRef::Named(id)
    }

    /// The union a schema's `oneOf` (or `anyOf`) describes: tagged when a property tells the
    /// variants apart (see [`super::tagged`]), untagged otherwise.
    pub(super) fn union_of(
        &mut self,
        schema: &Schema,
        shape: &Shape<'_>,
        at: &Location,
        hint: &str,
    ) -> TypeKind {
        let (list, keyword) = if shape.one_of.is_empty() {
            (shape.any_of, "anyOf")
        } else {
            (shape.one_of, "oneOf")
        };
        let list_at = at.child(keyword);
        let discriminator = schema.schema_data.discriminator.as_ref();
        if let Some(tagged) = self.tagged_union(list, &list_at, hint, discriminator) {
            return TypeKind::Tagged(tagged);
        }
        let mut scope = Scope::default();
        let mut variants = Vec::with_capacity(list.len());
        for (i, item) in list.iter().enumerate() {
            let at = list_at.child(&i.to_string());
            let ty = self.of_ref_or(item, &at, &format!("{hint}Variant{i}"));
            let docs = match item {
                ReferenceOr::Item(s) => docs(&s.schema_data),
                ReferenceOr::Reference { .. } => None,
            };
            // A definition's name is only a candidate yet (`1stRequest` for operation `1st`):
            // made an identifier here, as the definition's own is at the end.
            let label = self.variant_label(&ty);
            let candidate = naming::variant_name(&label);
            variants.push(UntaggedVariant {
                name: scope.claim(candidate, &label),
                ty,
                docs,
                boxed: false,
            });
        }
        TypeKind::Untagged(UntaggedUnion { variants })
    }

    /// A variant name for an untagged union: the type's name, or what kind of value it holds.
    fn variant_label(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Bool => "Boolean".into(),
            TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 => "Integer".into(),
            TypeRef::F32 | TypeRef::F64 => "Number".into(),
            TypeRef::String => "String".into(),
            TypeRef::Bytes => "Bytes".into(),
            TypeRef::Json => "Value".into(),
            TypeRef::JsonObject | TypeRef::Map(_) => "Object".into(),
            TypeRef::Vec(_) => "List".into(),
            TypeRef::Tuple(_) => "Tuple".into(),
            TypeRef::Option(inner) => self.variant_label(inner),
            TypeRef::Named(id) => self.defs[*id].name.clone(),
            // The type's own name: `OffsetDateTime` for `::time::OffsetDateTime`.
            TypeRef::External(id) => {
                let path = &self.externals[*id].path;
                let path = path.split('<').next().unwrap_or(path);
                naming::type_part(path.rsplit("::").next().unwrap_or(path))
            }
        }
    }
}
