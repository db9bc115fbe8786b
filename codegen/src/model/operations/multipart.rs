//! `multipart/form-data` request bodies: an object schema becomes a struct (as for JSON), and
//! each of its properties a part (or several) of the form.
//!
//! - `type: string, format: binary` is a file: the field holds bytes (`Vec<u8>`), sent as a
//!   part with a file name (the property's name; servers that store uploads need one) and
//!   the content type of the media type's `encoding` for it, else `application/octet-stream`.
//!   A list of binaries is one such part per item, all with the property's name.
//! - Numbers, strings (`format: byte` included: base64 text), booleans and string enums are
//!   text parts; a list of them is one text part per item.
//! - Anything else (objects, maps, lists of objects, any JSON) is one part holding its JSON
//!   text, `application/json` (the default the OpenAPI specification gives objects).
//! - `additionalProperties`, a flattened union, and a body that is a map or a free-form object
//!   are sent member by member (text for scalars, JSON otherwise).
//!
//! `encoding.<property>.contentType` sets a part's content type; for a text property, a JSON
//! content type makes it a JSON part. The binary properties of a schema are bytes wherever the
//! schema is used (`format: binary` has no meaning in JSON anyway).

use std::collections::HashMap;
use std::rc::Rc;

use openapiv3::{MediaType, ReferenceOr, Schema};

use super::{media_of, unwrap_option};
use crate::error::ErrorKind;
use crate::model::shape::Shape;
use crate::model::types::TypeSpace;
use crate::model::{Api, Media, Part, PartKind, TypeKind, TypeRef};
use crate::naming;
use crate::resolve::Location;

/// The content type of a binary part the spec says nothing about.
const BINARY: &str = "application/octet-stream";
/// The content type of a part holding JSON text.
const JSON: &str = "application/json";

impl TypeSpace<'_> {
    /// The body type and the parts of a `multipart/form-data` media type (at `media_at`), or
    /// `None` when its schema is not an object (the body is then sent as raw bytes).
    pub(super) fn multipart(
        &mut self,
        media_type: &MediaType,
        media_at: &Location,
        hint: &str,
    ) -> Option<(TypeRef, Vec<Part>)> {
        let item = media_type.schema.as_ref()?;
        let schema_at = media_at.child("schema");
        let (at, schema) = self.resolve_schema(item, &schema_at)?;
        let shape = Shape::of(&schema);
        if !shape.is_object() && shape.all_of.is_empty() {
            return None;
        }
        let ty = match self.of_ref_or(item, &schema_at, hint) {
            TypeRef::Option(inner) => *inner,
            ty => ty,
        };
        let content_type = |name: &str| {
            media_type
                .encoding
                .get(name)
                .and_then(|e| e.content_type.as_deref())
        };
        let id = match ty.expand(&self.defs) {
            TypeRef::Map(_) | TypeRef::JsonObject => {
                let whole = Part {
                    field: None,
                    name: String::new(),
                    kind: PartKind::Members,
                    optional: false,
                    content_type: None,
                };
                return Some((ty, vec![whole]));
            }
            TypeRef::Named(id) => *id,
            _ => return None,
        };
        if !matches!(&self.defs[id].kind, TypeKind::Struct(s) if s.params_of.is_none()) {
            return None;
        }
        self.binary_fields(id, &at, schema);

        let TypeKind::Struct(def) = &self.defs[id].kind else {
            return None;
        };
        let def = def.clone();
        let mut parts = Vec::with_capacity(def.fields.len() + 1);
        for field in &def.fields {
            let optional = !field.required || matches!(field.ty, TypeRef::Option(_));
            let mut kind = if field.flatten {
                PartKind::Members
            } else {
                self.part_kind(&field.ty)
            };
            let given = match kind {
                PartKind::Members => None,
                _ => content_type(&field.wire),
            };
            let given = given.and_then(|text| {
                let chosen = chosen_type(text);
                if chosen.is_none() && !text.contains('*') {
                    let encoding_at = media_at.descend(&["encoding", &field.wire, "contentType"]);
                    self.warn(self.resolver.error(
                        &encoding_at,
                        ErrorKind::Invalid(format!(
                            "`{text}` names no single media type; the part is sent with the \
                             default content type of its kind"
                        )),
                    ));
                }
                chosen
            });
            // A list said to be JSON is one JSON part; a string said to be JSON holds JSON
            // text already, and is sent as it is (with that content type).
            if kind == PartKind::Texts
                && given.as_deref().is_some_and(|t| media_of(t) == Media::Json)
            {
                kind = PartKind::Json;
            }
            let content_type = match kind {
                PartKind::File | PartKind::Files => Some(given.unwrap_or_else(|| BINARY.into())),
                PartKind::Json => Some(given.unwrap_or_else(|| JSON.into())),
                PartKind::Text | PartKind::Texts => given,
                PartKind::Members => None,
            };
            parts.push(Part {
                field: Some(field.name.clone()),
                name: field.wire.clone(),
                kind,
                optional,
                content_type,
            });
        }
        if def.additional.is_some() {
            parts.push(Part {
                field: Some(naming::ADDITIONAL_PROPERTIES.into()),
                name: String::new(),
                kind: PartKind::Members,
                optional: false,
                content_type: None,
            });
        }
        Some((ty, parts))
    }

    /// How a field of a form is sent. (Aliases are followed, but no `Option` other than the
    /// field's own: the emitted code matches on the field's value as it is.)
    fn part_kind(&self, ty: &TypeRef) -> PartKind {
        match unwrap_option(ty).expand(&self.defs) {
            TypeRef::Bytes => PartKind::File,
            TypeRef::Vec(item) => match item.expand(&self.defs) {
                TypeRef::Bytes => PartKind::Files,
                item if self.is_scalar(item) => PartKind::Texts,
                _ => PartKind::Json,
            },
            ty if self.is_scalar(ty) => PartKind::Text,
            _ => PartKind::Json,
        }
    }

    /// Makes the fields of struct `id` (modelled from `schema`, at `at`) whose property is
    /// `type: string, format: binary` (or a list of those) hold bytes.
    fn binary_fields(&mut self, id: usize, at: &Location, schema: Rc<Schema>) {
        // The properties, wherever they are declared (allOf parts included); the first
        // declaration of a name wins, as in the struct.
        let mut parts = Vec::new();
        self.flatten_parts(schema, at.clone(), &mut parts, &mut Default::default());
        let mut properties: HashMap<String, (ReferenceOr<Box<Schema>>, Location)> = HashMap::new();
        for (part_at, part) in &parts {
            for (name, item) in Shape::of(part).properties.into_iter().flatten() {
                properties
                    .entry(name.clone())
                    .or_insert_with(|| (item.clone(), part_at.descend(&["properties", name])));
            }
        }
        let TypeKind::Struct(def) = &self.defs[id].kind else {
            return;
        };
        let wires: Vec<(usize, String)> = def
            .fields
            .iter()
            .enumerate()
            .filter(|(_, f)| !f.flatten)
            .map(|(i, f)| (i, f.wire.clone()))
            .collect();
        for (i, wire) in wires {
            let Some((item, property_at)) = properties.get(&wire) else {
                continue;
            };
            let Some(ty) = self.binary_type(item, property_at) else {
                continue;
            };
            if let TypeKind::Struct(def) = &mut self.defs[id].kind {
                def.fields[i].ty = ty;
            }
        }
    }

    /// `Vec<u8>` for a binary string, a list of them for a list of binaries (`Option` when
    /// nullable); `None` for any other schema.
    fn binary_type(&mut self, item: &ReferenceOr<Box<Schema>>, at: &Location) -> Option<TypeRef> {
        let (at, schema) = self.resolve_schema(item, at)?;
        let shape = Shape::of(&schema);
        let ty = if is_binary(&shape) {
            TypeRef::Bytes
        } else if let (Some("array"), Some(items)) = (shape.typ, shape.items) {
            let (_, items) = self.resolve_schema(items, &at.child("items"))?;
            if !is_binary(&Shape::of(&items)) {
                return None;
            }
            TypeRef::Vec(Box::new(TypeRef::Bytes))
        } else {
            return None;
        };
        Some(if shape.nullable() {
            TypeRef::Option(Box::new(ty))
        } else {
            ty
        })
    }
}

fn is_binary(shape: &Shape<'_>) -> bool {
    matches!(shape.typ, None | Some("string")) && shape.format.as_deref() == Some("binary")
}

/// The content type to send for an `encoding.contentType`, which may list several or use
/// wildcards (`image/png, image/jpeg`, `image/*`): the first listed, unless it is a wildcard or
/// not a media type at all.
fn chosen_type(listed: &str) -> Option<String> {
    let first = listed.split(',').next()?.trim();
    let essence = first.split(';').next()?.trim();
    let (kind, subtype) = essence.split_once('/')?;
    let token = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$&-^_.+".contains(c))
    };
    (token(kind) && token(subtype)).then(|| first.to_owned())
}

/// Once defaults are settled (a member with a default it takes is no `Option`), says which
/// parts come from `Option` fields: those are sent only when set.
pub fn settle_optional_parts(api: &mut Api) {
    let mut settled = Vec::new();
    for (op, operation) in api.operations.iter().enumerate() {
        let Some(body) = &operation.body else {
            continue;
        };
        let TypeRef::Named(id) = body.ty.expand(&api.types) else {
            continue;
        };
        let TypeKind::Struct(def) = &api.types[*id].kind else {
            continue;
        };
        for (i, part) in body.parts.iter().enumerate() {
            if let Some(field) = part
                .field
                .as_ref()
                .and_then(|name| def.fields.iter().find(|f| &f.name == name))
            {
                settled.push((op, i, field.is_option()));
            }
        }
    }
    for (op, i, optional) in settled {
        if let Some(body) = &mut api.operations[op].body {
            body.parts[i].optional = optional;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::chosen_type;

    #[test]
    fn the_first_listed_media_type_is_chosen_unless_it_is_a_wildcard() {
        assert_eq!(chosen_type("image/png").as_deref(), Some("image/png"));
        assert_eq!(
            chosen_type(" image/png , image/jpeg").as_deref(),
            Some("image/png")
        );
        assert_eq!(
            chosen_type("text/plain; charset=utf-8").as_deref(),
            Some("text/plain; charset=utf-8")
        );
        assert_eq!(chosen_type("image/*"), None);
        assert_eq!(chosen_type("*/*"), None);
        assert_eq!(chosen_type("png"), None);
        assert_eq!(chosen_type(""), None);
        assert_eq!(chosen_type("a b/c"), None);
    }
}
