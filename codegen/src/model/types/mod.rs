//! The type space: every schema becomes a [`TypeRef`], and every schema that needs a named Rust
//! type becomes exactly one [`TypeDef`], interned by its [`Location`].
//!
//! Interning by location (not by name or by content) is what makes a schema reached through
//! several refs, or through a ref and inline, come out once; and it makes recursion work: a
//! definition is registered before its children are built, so a child that refers back finds it.
//!
//! What each kind of schema becomes is built in the files of this module: `structs` (objects),
//! `enums` (string and integer enums), `unions` (oneOf/anyOf, untagged), `tagged` (oneOfs told
//! apart by a property) and `composite` (allOf, and properties next to a union).

mod composite;
mod enums;
mod structs;
mod tagged;
mod unions;

pub(super) use enums::{integer_fits, integer_value};
pub(super) use structs::Property;

use std::borrow::Borrow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;

use openapiv3::{AdditionalProperties, ReferenceOr, Schema};

use super::shape::{docs, Shape};
use super::{Constraints, External, Library, StandsFor, TypeDef, TypeId, TypeKind, TypeRef};
use crate::error::{Error, Errors};
use crate::load::normalize::TUPLE_ITEMS;
use crate::naming;
use crate::resolve::{Location, Resolver};
use enums::{integer_enum, integer_type, string_enum};

/// A schema is interned per location, and once more per tag property it is used without (the
/// variant structs of a tagged union leave the tag to serde).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    at: Location,
    without: Option<String>,
}

/// The model being built: the definitions met so far, interned by location, and what was
/// found wrong on the way.
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
    /// The types used but not defined (see [`External`]), each once, in the order met.
    pub externals: Vec<External>,
    /// The type the configuration gives the values of each format: a path, and the library
    /// of a built-in choice (which applies to strings only).
    pub format_types: BTreeMap<String, (String, Option<Library>)>,
    /// The formats met on string, number and integer schemas; `true` when met on a string.
    pub formats_met: BTreeMap<String, bool>,
    /// The schemas the configuration replaces, by location, with the type that stands for
    /// each.
    pub replaced: HashMap<Location, TypeRef>,
}

/// How deep schemas may nest (through properties, items, unions and refs) before the
/// generator gives up: modelling recurses once per level, and a spec of a few hundred
/// kilobytes could otherwise exhaust the stack.
pub const MAX_DEPTH: usize = 500;

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
            externals: Vec::new(),
            format_types: BTreeMap::new(),
            formats_met: BTreeMap::new(),
            replaced: HashMap::new(),
        }
    }

    /// The use of an external type, registered once.
    pub fn external(&mut self, external: External) -> TypeRef {
        let id = match self.externals.iter().position(|e| *e == external) {
            Some(id) => id,
            None => {
                self.externals.push(external);
                self.externals.len() - 1
            }
        };
        TypeRef::External(id)
    }

    /// A schema the configuration replaces: every use of it is the user's type (registered
    /// before anything is modelled, so that every ref meets it).
    pub fn replace(&mut self, at: &Location, external: External) {
        let ty = self.external(external);
        let key = Key {
            at: at.clone(),
            without: None,
        };
        self.seen.insert(key, ty.clone());
        self.replaced.insert(at.clone(), ty);
    }

    /// The type the configuration gives a primitive schema with a `format` (noted as met),
    /// if it gives one. The built-in choices apply to strings only.
    fn formatted(&mut self, shape: &Shape<'_>, string: bool) -> Option<TypeRef> {
        let format = shape.format.as_deref()?;
        match self.formats_met.get_mut(format) {
            Some(on_string) => *on_string |= string,
            None => {
                self.formats_met.insert(format.to_owned(), string);
            }
        }
        let (path, library) = self.format_types.get(format)?.clone();
        if library.is_some() && !string {
            return None;
        }
        Some(self.external(External {
            path,
            stands_for: StandsFor::Format(format.to_owned()),
            scalar: true,
            library,
        }))
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
            exact: true,
            lenient: false,
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
            if let TypeKind::Alias(target) = &kind {
                self.defs[id].constraints = self.constraints_in(schema, at, target, 0);
            }
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
            self.defs[id].constraints = self.constraints_in(schema, at, &target, 0);
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
            constraints: Constraints::default(),
            derives: Vec::new(),
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
            Some("string") => self.formatted(shape, true).unwrap_or(TypeRef::String),
            Some("boolean") => TypeRef::Bool,
            Some("integer") => self
                .formatted(shape, false)
                .unwrap_or_else(|| integer_type(shape.format.as_deref())),
            Some("number") => {
                self.formatted(shape, false)
                    .unwrap_or(match shape.format.as_deref() {
                        Some("float") => TypeRef::F32,
                        _ => TypeRef::F64,
                    })
            }
            Some("array") if shape.data.extensions.contains_key(TUPLE_ITEMS) => {
                self.tuple(shape, at, hint)
            }
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

    /// An array whose items each have their own schema (`prefixItems` in OpenAPI 3.1, passed
    /// on by the load stage as [`TUPLE_ITEMS`] when the array holds nothing else): a tuple.
    fn tuple(&mut self, shape: &Shape<'_>, at: &Location, hint: &str) -> TypeRef {
        let count = shape
            .data
            .extensions
            .get(TUPLE_ITEMS)
            .and_then(serde_json::Value::as_array)
            .map_or(0, Vec::len);
        let items = (0..count)
            .map(|i| {
                let index = i.to_string();
                let item_at = at.descend(&[TUPLE_ITEMS, &index]);
                let item_hint = format!("{hint}Item{index}");
                let reference = self
                    .resolver
                    .tree(&item_at)
                    .and_then(|v| v.get("$ref"))
                    .and_then(|r| r.as_str())
                    .map(str::to_owned);
                match reference {
                    Some(reference) => {
                        let item: ReferenceOr<Schema> = ReferenceOr::Reference { reference };
                        self.of_ref_or(&item, &item_at, &item_hint)
                    }
                    None => self.at_location(&item_at, &item_hint),
                }
            })
            .collect();
        TypeRef::Tuple(items)
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
