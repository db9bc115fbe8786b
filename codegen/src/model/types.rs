//! The type space: every schema becomes a [`TypeRef`], and every schema that needs a named Rust
//! type becomes exactly one [`TypeDef`], interned by its [`Location`].
//!
//! Interning by location (not by name or by content) is what makes a schema reached through
//! several refs, or through a ref and inline, come out once; and it makes recursion work: a
//! definition is registered before its children are built, so a child that refers back finds it.

use std::borrow::Borrow;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use openapiv3::{AdditionalProperties, ReferenceOr, Schema};

use super::shape::{docs, Shape};
use super::{
    Field, FieldDefault, IntegerEnum, IntegerVariant, StringEnum, StructDef, TypeDef, TypeId,
    TypeKind, TypeRef, UntaggedUnion, UntaggedVariant,
};
use crate::error::{Error, Errors};
use crate::naming::{self, Scope};
use crate::resolve::{Location, Resolver};

/// A schema is interned per location, and once more per tag property it is used without (the
/// variant structs of a tagged union leave the tag to serde).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    at: Location,
    without: Option<String>,
}

pub struct TypeSpace<'r> {
    pub resolver: &'r mut Resolver,
    /// Definitions in discovery order; `name` holds the candidate until names are assigned.
    pub defs: Vec<TypeDef>,
    seen: HashMap<Key, TypeRef>,
    /// Inline schemas without a definition that are being built: re-entering one means a
    /// recursion that no named type breaks.
    building: HashSet<Key>,
    /// Problems that make the spec unusable; generation fails with all of them.
    pub errors: Errors,
    /// Problems worked around; reported, but generation goes on.
    pub warnings: Vec<Error>,
    /// Examples of schemas that have no definition of their own (inline properties,
    /// parameters, media types); definitions keep theirs in [`TypeDef::example`].
    pub examples: Vec<super::Example>,
    /// How many schemas [`TypeSpace::of_schema`] is inside of (see [`MAX_DEPTH`]).
    depth: usize,
    depth_reported: bool,
}

/// How deep schemas may nest (through properties, items, unions and refs) before the
/// generator gives up: modelling recurses once per level, and a spec of a few hundred
/// kilobytes could otherwise exhaust the stack.
pub const MAX_DEPTH: usize = 500;

/// One property of an object being built, wherever it came from (the schema itself or one of
/// its allOf parts).
pub struct Property<'s> {
    pub name: &'s str,
    pub schema: &'s ReferenceOr<Box<Schema>>,
    pub at: Location,
}

impl<'r> TypeSpace<'r> {
    pub fn new(resolver: &'r mut Resolver) -> TypeSpace<'r> {
        TypeSpace {
            resolver,
            defs: Vec::new(),
            seen: HashMap::new(),
            building: HashSet::new(),
            errors: Errors::default(),
            warnings: Vec::new(),
            examples: Vec::new(),
            depth: 0,
            depth_reported: false,
        }
    }

    pub fn error(&mut self, error: Error) {
        self.errors.push(error);
        // The other wrong members of what failed to deserialize, if that is what failed.
        for deferred in self.resolver.take_deferred() {
            self.errors.push(deferred);
        }
    }

    pub fn warn(&mut self, warning: Error) {
        self.warnings.push(warning);
    }

    /// Records an example of a type.
    pub fn example(
        &mut self,
        at: &Location,
        subject: String,
        ty: &TypeRef,
        value: &serde_json::Value,
    ) {
        let location = format!("{}#{}", self.resolver.shown(at.file).display(), at.pointer);
        self.examples.push(super::Example {
            location: location.replace('\\', "/"),
            subject,
            ty: ty.clone(),
            value: value.clone(),
            misfit: None,
            round_trip: None,
        });
    }

    /// The type of a schema position that is either a `$ref` or an inline schema at `at`.
    pub fn of_ref_or<S: Borrow<Schema>>(
        &mut self,
        item: &ReferenceOr<S>,
        at: &Location,
        hint: &str,
    ) -> TypeRef {
        match item {
            ReferenceOr::Reference { reference } => match self.resolver.follow(reference, at) {
                Ok(target) => self.at_location(&target, hint),
                Err(e) => {
                    self.error(e);
                    TypeRef::Json
                }
            },
            ReferenceOr::Item(schema) => self.of_schema(schema.borrow(), at, hint, None),
        }
    }

    /// The type of the schema at a resolved location.
    pub fn at_location(&mut self, at: &Location, hint: &str) -> TypeRef {
        let key = Key {
            at: at.clone(),
            without: None,
        };
        if let Some(found) = self.seen.get(&key) {
            return found.clone();
        }
        match self.resolver.schema(at) {
            Ok(schema) => self.of_schema(&schema, at, hint, None),
            Err(e) => {
                self.error(e);
                self.seen.insert(key, TypeRef::Json);
                TypeRef::Json
            }
        }
    }

    /// Follows a ref (if it is one) to the location and schema it names.
    pub fn resolve_schema<S: Borrow<Schema> + Clone>(
        &mut self,
        item: &ReferenceOr<S>,
        at: &Location,
    ) -> Option<(Location, Rc<Schema>)> {
        match item {
            ReferenceOr::Reference { reference } => {
                let target = match self.resolver.follow(reference, at) {
                    Ok(target) => target,
                    Err(e) => {
                        self.error(e);
                        return None;
                    }
                };
                match self.resolver.schema(&target) {
                    Ok(schema) => Some((target, schema)),
                    Err(e) => {
                        self.error(e);
                        None
                    }
                }
            }
            ReferenceOr::Item(schema) => Some((at.clone(), Rc::new(schema.borrow().clone()))),
        }
    }

    /// The type of `schema`, which sits at `at`. `without` names a property to leave out (the
    /// tag of a tagged union variant).
    pub fn of_schema(
        &mut self,
        schema: &Schema,
        at: &Location,
        hint: &str,
        without: Option<&str>,
    ) -> TypeRef {
        if self.depth >= MAX_DEPTH {
            if !self.depth_reported {
                self.depth_reported = true;
                self.error(self.resolver.error(
                    at,
                    crate::error::ErrorKind::Invalid(format!(
                        "schemas nest more than {MAX_DEPTH} levels deep here (through \
                         properties, items, unions and refs); the generator stops there"
                    )),
                ));
            }
            return TypeRef::Json;
        }
        self.depth += 1;
        let ty = self.of_schema_within(schema, at, hint, without);
        self.depth -= 1;
        ty
    }

    /// [`TypeSpace::of_schema`], one level deeper.
    fn of_schema_within(
        &mut self,
        schema: &Schema,
        at: &Location,
        hint: &str,
        without: Option<&str>,
    ) -> TypeRef {
        let key = Key {
            at: at.clone(),
            without: without.map(str::to_owned),
        };
        if let Some(found) = self.seen.get(&key) {
            return found.clone();
        }
        // The tag-less copy of a tagged union's variant is not the component itself: it is
        // named after the union (`PetCat`), so the component keeps its own name.
        let component = component_name(at).filter(|_| without.is_none());
        let hint = component
            .as_deref()
            .map_or_else(|| hint.to_owned(), naming::type_name);
        let shape = Shape::of(schema);
        let wrap = |t: TypeRef| {
            if shape.nullable() {
                TypeRef::Option(Box::new(t))
            } else {
                t
            }
        };

        // `allOf: [$ref: X]` alone (a ref given a description or `nullable`) is X itself.
        let wrapped =
            ref_wrapper(&shape).filter(|_| without.is_none() && !self.wrappers_cycle(at, schema));
        let wrapped_at = at.descend(&["allOf", "0"]);

        if (needs_definition(&shape) && wrapped.is_none()) || without.is_some() {
            let id = self.reserve(&hint, at, schema);
            self.seen.insert(key, wrap(TypeRef::Named(id)));
            let kind = self.definition(schema, &shape, at, &hint, without);
            self.defs[id].kind = kind;
            return wrap(TypeRef::Named(id));
        }

        if component.is_some() {
            // A named schema that is a primitive, list or map: an alias, so the name the spec
            // gives it (and its docs) appear in the Rust API.
            let id = self.reserve(&hint, at, schema);
            self.seen.insert(key, wrap(TypeRef::Named(id)));
            let target = match wrapped {
                Some(item) => self.of_ref_or(item, &wrapped_at, &hint),
                None => self.anonymous(&shape, at, &hint),
            };
            self.defs[id].kind = TypeKind::Alias(target);
            return wrap(TypeRef::Named(id));
        }

        if !self.building.insert(key.clone()) {
            self.warn(
                self.resolver.error(
                    at,
                    crate::error::ErrorKind::Invalid(
                        "this schema contains itself without any named type in between; \
                     it is typed as any JSON value"
                            .into(),
                    ),
                ),
            );
            return TypeRef::Json;
        }
        let ty = wrap(match wrapped {
            Some(item) => self.of_ref_or(item, &wrapped_at, &hint),
            None => self.anonymous(&shape, at, &hint),
        });
        self.building.remove(&key);
        self.seen.insert(key, ty.clone());
        ty
    }

    /// Do `allOf: [$ref]` wrappers, followed from `schema`, come back to one already passed
    /// (so that no definition is ever reached)?
    fn wrappers_cycle(&mut self, at: &Location, schema: &Schema) -> bool {
        let mut passed = vec![at.clone()];
        let mut current = (at.clone(), Rc::new(schema.clone()));
        while let Some(item) = ref_wrapper(&Shape::of(&current.1)).cloned() {
            let Some(next) = self.resolve_schema(&item, &current.0.descend(&["allOf", "0"])) else {
                return false;
            };
            if passed.contains(&next.0) {
                return true;
            }
            passed.push(next.0.clone());
            current = next;
        }
        false
    }

    fn reserve(&mut self, hint: &str, at: &Location, schema: &Schema) -> TypeId {
        self.defs.push(TypeDef {
            name: hint.to_owned(),
            docs: docs(&schema.schema_data),
            origin: at.clone(),
            example: schema.schema_data.example.clone(),
            kind: TypeKind::Alias(TypeRef::Json),
        });
        self.defs.len() - 1
    }

    /// Registers a definition that is not a schema (an operation's parameter struct).
    pub fn add_definition(&mut self, def: TypeDef) -> TypeId {
        self.defs.push(def);
        self.defs.len() - 1
    }

    /// Types that need no definition of their own: primitives, lists, maps, any JSON.
    pub(super) fn anonymous(&mut self, shape: &Shape<'_>, at: &Location, hint: &str) -> TypeRef {
        match shape.typ {
            Some("string") => TypeRef::String,
            Some("boolean") => TypeRef::Bool,
            Some("integer") => integer_type(shape.format.as_deref()),
            Some("number") => match shape.format.as_deref() {
                Some("float") => TypeRef::F32,
                _ => TypeRef::F64,
            },
            Some("array") => match shape.items {
                Some(items) => {
                    let item = self.of_ref_or(items, &at.child("items"), &format!("{hint}Item"));
                    TypeRef::Vec(Box::new(item))
                }
                None => TypeRef::Vec(Box::new(TypeRef::Json)),
            },
            _ if shape.is_object() => match shape.additional {
                Some(AdditionalProperties::Schema(value)) => {
                    let value = self.of_ref_or(
                        value,
                        &at.child("additionalProperties"),
                        &format!("{hint}Value"),
                    );
                    TypeRef::Map(Box::new(value))
                }
                _ => TypeRef::JsonObject,
            },
            _ => TypeRef::Json,
        }
    }

    /// Builds the definition of a schema that needs one (see [`needs_definition`]).
    fn definition(
        &mut self,
        schema: &Schema,
        shape: &Shape<'_>,
        at: &Location,
        hint: &str,
        without: Option<&str>,
    ) -> TypeKind {
        if let Some(values) = string_enum(shape) {
            return self.string_enum(&values, shape, at);
        }
        if let Some((repr, values)) = integer_enum(shape) {
            return self.integer_enum(repr, &values, shape, at);
        }
        let has_properties = shape.properties.is_some_and(|p| !p.is_empty());
        let union = !shape.one_of.is_empty() || !shape.any_of.is_empty();
        if union && !has_properties && shape.all_of.is_empty() && without.is_none() {
            return self.union_of(schema, shape, at, hint);
        }
        if has_properties && !union && shape.all_of.is_empty() {
            let properties: Vec<Property<'_>> = shape
                .properties
                .into_iter()
                .flatten()
                .map(|(name, schema)| Property {
                    name,
                    schema,
                    at: at.descend(&["properties", name]),
                })
                .collect();
            let additional = self.additional(shape, at, hint);
            return TypeKind::Struct(self.struct_def(
                &properties,
                shape.required,
                additional,
                hint,
                without,
            ));
        }
        self.composite(schema, at, hint, without)
    }

    /// The value type of `additionalProperties` when it is a schema (a flattened map field).
    pub(super) fn additional(
        &mut self,
        shape: &Shape<'_>,
        at: &Location,
        hint: &str,
    ) -> Option<TypeRef> {
        match shape.additional {
            Some(AdditionalProperties::Schema(value)) => Some(self.of_ref_or(
                value,
                &at.child("additionalProperties"),
                &format!("{hint}Value"),
            )),
            _ => None,
        }
    }

    /// The fields of an object, in the spec's order, with unique Rust names.
    pub fn struct_def(
        &mut self,
        properties: &[Property<'_>],
        required: &[String],
        additional: Option<TypeRef>,
        hint: &str,
        without: Option<&str>,
    ) -> StructDef {
        let mut scope = Scope::with_reserved(&[naming::ADDITIONAL_PROPERTIES]);
        let mut fields = Vec::with_capacity(properties.len());
        let required: HashSet<&str> = required.iter().map(String::as_str).collect();
        for property in properties {
            if Some(property.name) == without {
                continue;
            }
            let child_hint = format!("{hint}{}", naming::type_part(property.name));
            let ty = self.of_ref_or(property.schema, &property.at, &child_hint);
            let (docs, data) = self.property_docs(property.schema, &property.at);
            if let ReferenceOr::Item(schema) = property.schema {
                if let Some(example) = &schema.schema_data.example {
                    if !matches!(ty, TypeRef::Named(_)) {
                        let subject = format!("{hint}.{}", property.name);
                        self.example(&property.at.child("example"), subject, &ty, example);
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
            });
        }
        StructDef {
            fields,
            additional,
            params_of: None,
        }
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
    pub(super) fn schema_default<S: Borrow<Schema>>(
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

    /// The variant names `x-enum-varnames` gives an enum (a widely used extension), one per
    /// value but `null`, or `None` (with a warning when the extension is there but unusable).
    fn spec_variant_names(&mut self, shape: &Shape<'_>, at: &Location) -> Option<Vec<String>> {
        let names = shape.data.extensions.get("x-enum-varnames")?;
        let names: Option<Vec<String>> = names.as_array().and_then(|names| {
            names
                .iter()
                .map(|n| n.as_str().map(str::to_owned))
                .collect()
        });
        let values = &shape.enumeration;
        let count = values.iter().filter(|v| !v.is_null()).count();
        match names {
            Some(names) if names.len() == count => Some(names),
            // Names for every value, `null` included: the one of `null` names nothing.
            Some(names) if names.len() == values.len() => Some(
                names
                    .into_iter()
                    .zip(values)
                    .filter(|(_, v)| !v.is_null())
                    .map(|(n, _)| n)
                    .collect(),
            ),
            _ => {
                self.warn(self.resolver.error(
                    &at.child("x-enum-varnames"),
                    crate::error::ErrorKind::Invalid(format!(
                        "`x-enum-varnames` should be a list of {count} names, one per enum \
                         value; the variants are named after the values"
                    )),
                ));
                None
            }
        }
    }

    fn duplicate_enum_value(&mut self, at: &Location, value: &str) {
        self.warn(self.resolver.error(
            &at.child("enum"),
            crate::error::ErrorKind::Invalid(format!(
                "the enum lists `{value}` twice; the second is ignored"
            )),
        ));
    }

    fn string_enum(&mut self, values: &[&str], shape: &Shape<'_>, at: &Location) -> TypeKind {
        let mut scope = Scope::with_reserved(&[naming::OTHER_VARIANT]);
        let mut variants = Vec::with_capacity(values.len());
        let mut seen_values = HashSet::new();
        let spec_names = self.spec_variant_names(shape, at);
        for (i, value) in values.iter().enumerate() {
            if !seen_values.insert(*value) {
                self.duplicate_enum_value(at, value);
                continue;
            }
            let raw = spec_names
                .as_ref()
                .map_or(*value, |names| names[i].as_str());
            variants.push(super::EnumVariant {
                name: scope.claim(naming::variant_name(raw), raw),
                value: (*value).to_owned(),
            });
        }
        let default = shape
            .data
            .default
            .as_ref()
            .and_then(|d| d.as_str())
            .and_then(|d| variants.iter().position(|v| v.value == d));
        TypeKind::Enum(StringEnum { variants, default })
    }

    fn integer_enum(
        &mut self,
        repr: TypeRef,
        values: &[i128],
        shape: &Shape<'_>,
        at: &Location,
    ) -> TypeKind {
        let mut scope = Scope::with_reserved(&[naming::OTHER_VARIANT]);
        let mut variants: Vec<IntegerVariant> = Vec::with_capacity(values.len());
        let spec_names = self.spec_variant_names(shape, at);
        for (i, &value) in values.iter().enumerate() {
            if variants.iter().any(|v| v.value == value) {
                self.duplicate_enum_value(at, &value.to_string());
                continue;
            }
            let (name, named_by_spec) = match &spec_names {
                Some(names) => (
                    scope.claim(naming::variant_name(&names[i]), &names[i]),
                    true,
                ),
                None => {
                    let candidate = if value < 0 {
                        format!("VMinus{}", value.unsigned_abs())
                    } else {
                        format!("V{value}")
                    };
                    (scope.claim(candidate.clone(), &candidate), false)
                }
            };
            variants.push(IntegerVariant {
                name,
                value,
                named_by_spec,
            });
        }
        let default = shape
            .data
            .default
            .as_ref()
            .and_then(integer_value)
            .and_then(|d| variants.iter().position(|v| v.value == d));
        TypeKind::IntEnum(IntegerEnum {
            repr,
            variants,
            default,
        })
    }

    /// A union kept as a definition of its own (the flattened union field of a composite
    /// object), interned at the location of its `oneOf`/`anyOf` list.
    pub(super) fn union_definition(
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
    /// variants apart (see [`super::oneof`]), untagged otherwise.
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
            TypeRef::Option(inner) => self.variant_label(inner),
            TypeRef::Named(id) => self.defs[*id].name.clone(),
        }
    }
}

/// The name a location gives its schema: `X` for `.../components/schemas/X` (in any file) and
/// for `#/definitions/X` (left by some bundlers).
pub fn component_name(at: &Location) -> Option<String> {
    let rest = at
        .pointer
        .strip_prefix("/components/schemas/")
        .or_else(|| at.pointer.strip_prefix("/definitions/"))?;
    if rest.contains('/') {
        return None;
    }
    at.last_token()
}

/// Objects with properties, enums and unions get a named definition; everything else is
/// expressed with std and serde_json types.
fn needs_definition(shape: &Shape<'_>) -> bool {
    string_enum(shape).is_some()
        || integer_enum(shape).is_some()
        || shape.properties.is_some_and(|p| !p.is_empty())
        || !shape.one_of.is_empty()
        || !shape.any_of.is_empty()
        || !shape.all_of.is_empty()
}

/// The ref of an `allOf` that is nothing but one `$ref` (no members of its own).
fn ref_wrapper<'s>(shape: &Shape<'s>) -> Option<&'s ReferenceOr<Schema>> {
    match shape.all_of {
        [item @ ReferenceOr::Reference { .. }]
            if shape.properties.is_none_or(|p| p.is_empty())
                && shape.additional.is_none()
                && shape.enumeration.is_empty()
                && shape.one_of.is_empty()
                && shape.any_of.is_empty() =>
        {
            Some(item)
        }
        _ => None,
    }
}

/// The values of a string enum (`null` aside), or `None` when the schema is not one.
fn string_enum<'s>(shape: &'s Shape<'_>) -> Option<Vec<&'s str>> {
    if !matches!(shape.typ, None | Some("string")) {
        return None;
    }
    let values: Vec<&str> = shape
        .enumeration
        .iter()
        .filter(|v| !v.is_null())
        .map(|v| v.as_str())
        .collect::<Option<_>>()?;
    (!values.is_empty()).then_some(values)
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

/// The integer type of a `type: integer` schema, from its `format`.
pub(super) fn integer_type(format: Option<&str>) -> TypeRef {
    match format {
        Some("int32") => TypeRef::I32,
        Some("uint32") => TypeRef::U32,
        Some("uint64") => TypeRef::U64,
        _ => TypeRef::I64,
    }
}

/// A JSON number that is a whole number (`2`, or `2.0` as YAML may give it).
pub(super) fn integer_value(value: &serde_json::Value) -> Option<i128> {
    if let Some(n) = value.as_i64() {
        return Some(n.into());
    }
    if let Some(n) = value.as_u64() {
        return Some(n.into());
    }
    let f = value.as_f64()?;
    // Exactly representable whole numbers only (2^53 and beyond are not all integers).
    (f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0).then_some(f as i128)
}

/// True when the integer type holds `value`.
pub(super) fn integer_fits(repr: &TypeRef, value: i128) -> bool {
    match repr {
        TypeRef::I32 => i32::try_from(value).is_ok(),
        TypeRef::I64 => i64::try_from(value).is_ok(),
        TypeRef::U32 => u32::try_from(value).is_ok(),
        TypeRef::U64 => u64::try_from(value).is_ok(),
        _ => false,
    }
}

/// The integer type and values of an integer enum (`null` aside), or `None` when the schema
/// is not one: `type: integer` and every value a whole number that type holds. Other enums
/// of numbers (`type: number`, or values that are not all integers) stay plain numbers.
fn integer_enum(shape: &Shape<'_>) -> Option<(TypeRef, Vec<i128>)> {
    if shape.typ != Some("integer") {
        return None;
    }
    let repr = integer_type(shape.format.as_deref());
    let values: Vec<i128> = shape
        .enumeration
        .iter()
        .filter(|v| !v.is_null())
        .map(|v| integer_value(v).filter(|n| integer_fits(&repr, *n)))
        .collect::<Option<_>>()?;
    (!values.is_empty()).then_some((repr, values))
}

/// Docs with a note of the generator's as their last paragraph.
fn with_note(docs: Option<String>, note: &str) -> String {
    match docs {
        Some(text) if !text.trim().is_empty() => format!("{}\n\n{note}", text.trim_end()),
        _ => note.to_owned(),
    }
}
