//! The configuration ([`Config`]) in the model: replaced schemas and typed formats enter the
//! type space before anything is modelled, new method names before operations claim theirs,
//! new type names and derives once every type has its name. Every name the configuration
//! gives must be one the spec has; each that is not is an error that names it (with the
//! names it may have been meant as).

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use super::shape::Shape;
use super::types::TypeSpace;
use super::{External, StandsFor, TypeDef, TypeKind};
use crate::config::{derive_name, suggestions, Config};
use crate::error::Error;
use crate::naming::Scope;
use crate::resolve::Location;

/// Enters the replaced schemas and the types of formats into the type space. `schemas` are
/// the names under `components/schemas`, at `components`.
pub(super) fn prepare<'s>(
    space: &mut TypeSpace<'_>,
    config: &Config,
    schemas: impl Iterator<Item = &'s String> + Clone,
    components: &Location,
) {
    for (format, (ty, _)) in config.format_types() {
        // A choice that has no type for the format is reported by `Config::problems`.
        if let Ok(resolved) = ty.resolve(&format) {
            space.format_types.insert(format, resolved);
        }
    }
    let spec = space.resolver.shown(0).to_path_buf();
    for (schema, path) in &config.replace {
        if !schemas.clone().any(|name| name == schema) {
            let known = schemas.clone().map(String::as_str);
            let message = format!(
                "replace.{schema}: the spec has no schema `{schema}`{}",
                meant(schema, known)
            );
            space.errors.push(config.error(&spec, message));
            continue;
        }
        let at = components.descend(&["schemas", schema]);
        let scalar = match space.resolver.schema(&at) {
            Ok(found) => {
                let shape = Shape::of(&found);
                matches!(shape.typ, Some("string" | "number" | "integer" | "boolean"))
                    && shape.properties.is_none()
            }
            Err(_) => false,
        };
        let external = External {
            path: path.clone(),
            stands_for: StandsFor::Schema(schema.clone()),
            scalar,
            library: None,
        };
        // A component that is only a `$ref` is what it refers to: refs to it end there.
        let reference = space
            .resolver
            .tree(&at)
            .and_then(|v| v.get("$ref"))
            .and_then(|r| r.as_str())
            .map(str::to_owned);
        if let Some(target) = reference.and_then(|r| space.resolver.follow(&r, &at).ok()) {
            space.replace(&target, external.clone());
        }
        space.replace(&at, external);
    }
}

/// Reserves the new method names of operations, so that no other operation claims one.
/// (They are checked to be unique, and none of the client's own, by `Config::problems`.)
pub(super) fn reserve_methods(config: &Config, methods: &mut Scope) {
    for name in config.rename_operations.values() {
        methods.claim(name.clone(), name);
    }
}

/// The method name the configuration gives the operation `id`, if it gives one.
pub(super) fn method_name(config: &Config, id: &str) -> Option<String> {
    config.rename_operations.get(id).cloned()
}

/// The renamed operations the spec does not have.
pub(super) fn unknown_operations(
    config: &Config,
    ids: &HashSet<String>,
    spec: &Path,
) -> Vec<Error> {
    config
        .rename_operations
        .keys()
        .filter(|id| !ids.contains(*id))
        .map(|id| {
            let known = ids.iter().map(String::as_str);
            let message = format!(
                "rename-operations.{id}: the spec has no operation `{id}`{}",
                meant(id, known)
            );
            config.error(spec, message)
        })
        .collect()
}

/// The formats the configuration names that the spec has on no schema it applies to.
/// `met` holds the formats met on strings, numbers and integers (`true`: on a string).
pub(super) fn unknown_formats(
    config: &Config,
    met: &BTreeMap<String, bool>,
    spec: &Path,
) -> Vec<Error> {
    let mut errors = Vec::new();
    for (format, (ty, named)) in config.format_types() {
        if !named {
            continue;
        }
        let message = match met.get(&format) {
            Some(true) => continue,
            Some(false) if !ty.is_builtin() => continue,
            Some(false) => format!(
                "formats.{format}: the spec has `format: {format}` on numbers or integers \
                 only, and `{ty}` applies to strings"
            ),
            None => format!(
                "formats.{format}: the spec has no string, number or integer schema with \
                 `format: {format}`{}",
                meant(&format, met.keys().map(String::as_str))
            ),
        };
        errors.push(config.error(spec, message));
    }
    errors
}

/// Gives types their new names and their derives, once every type has its own name.
pub(super) fn name_types(config: &Config, defs: &mut [TypeDef], spec: &Path) -> Vec<Error> {
    let mut errors = Vec::new();
    let names: Vec<String> = defs.iter().map(|d| d.name.clone()).collect();
    let known = || names.iter().map(String::as_str);
    let find = |name: &str| names.iter().position(|n| n == name);
    for (name, derives) in &config.type_derives {
        let Some(id) = find(name) else {
            let message = format!(
                "type-derives.{name}: the generated code has no type `{name}`{}",
                meant(name, known())
            );
            errors.push(config.error(spec, message));
            continue;
        };
        if matches!(defs[id].kind, TypeKind::Alias(_)) {
            let message = format!(
                "type-derives.{name}: `{name}` is a type alias (`pub type`), which derives \
                 nothing"
            );
            errors.push(config.error(spec, message));
            continue;
        }
        add_derives(&mut defs[id].derives, derives);
    }
    for def in defs.iter_mut() {
        if !matches!(def.kind, TypeKind::Alias(_)) {
            let named = std::mem::take(&mut def.derives);
            add_derives(&mut def.derives, &config.derives);
            add_derives(&mut def.derives, &named);
        }
    }
    for (old, new) in &config.rename_types {
        let Some(id) = find(old) else {
            let message = format!(
                "rename-types.{old}: the generated code has no type `{old}`{}",
                meant(old, known())
            );
            errors.push(config.error(spec, message));
            continue;
        };
        // Another type keeps this name (it is not renamed too).
        if names
            .iter()
            .any(|n| n == new && !config.rename_types.contains_key(n))
        {
            let message = format!("rename-types.{old}: `{new}` is the name of another type");
            errors.push(config.error(spec, message));
            continue;
        }
        defs[id].name = new.clone();
    }
    errors
}

/// Adds derives not there yet (by the name of their macro: `serde::Serialize` is
/// `Serialize`).
fn add_derives(to: &mut Vec<String>, derives: &[String]) {
    for derive in derives {
        if !to.iter().any(|d| derive_name(d) == derive_name(derive)) {
            to.push(derive.clone());
        }
    }
}

/// ` (did you mean `A` or `B`?)` when some known names are close to `name`; empty when none.
fn meant<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    let close = suggestions(name, known);
    if close.is_empty() {
        return String::new();
    }
    let quoted: Vec<String> = close.iter().map(|n| format!("`{n}`")).collect();
    format!(" (did you mean {}?)", quoted.join(" or "))
}

#[cfg(test)]
mod tests {
    use crate::config::{Config, Dates, FormatType};
    use crate::model::{Api, TypeKind, TypeRef};

    /// A spec with two schemas (a `date-time` member, a `uuid` parameter) and an operation.
    fn spec() -> serde_json::Value {
        serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "T", "version": "1"},
            "paths": {"/things/{id}": {"get": {
                "operationId": "getThing",
                "parameters": [{"name": "id", "in": "path", "required": true,
                                "schema": {"type": "string", "format": "uuid"}}],
                "responses": {"200": {"description": "ok", "content": {"application/json":
                    {"schema": {"$ref": "#/components/schemas/Thing"}}}}}
            }}},
            "components": {"schemas": {
                "Money": {"type": "object", "properties": {"amount": {"type": "string"}}},
                "Thing": {"type": "object", "properties": {
                    "at": {"type": "string", "format": "date-time"},
                    "count": {"type": "integer", "format": "int64"},
                    "price": {"$ref": "#/components/schemas/Money"}
                }}
            }}
        })
    }

    fn build(config: &Config) -> Result<Api, String> {
        let path = std::path::Path::new("spec.yaml");
        let mut resolver = crate::resolve::Resolver::from_tree(path, path, spec());
        crate::model::build(&mut resolver, config)
            .map(|built| built.api)
            .map_err(|errors| errors.to_string())
    }

    fn field_type(api: &Api, ty: &str, field: &str) -> String {
        let def = api.types.iter().find(|d| d.name == ty).unwrap();
        let TypeKind::Struct(s) = &def.kind else {
            panic!("{ty} is no struct")
        };
        let field = s.fields.iter().find(|f| f.name == field).unwrap();
        match &field.ty {
            TypeRef::External(id) => api.externals[*id].path.clone(),
            other => format!("{other:?}"),
        }
    }

    /// Every name the configuration gives that the spec does not have is an error naming it
    /// (and what it may have been meant as), all of them at once, in the configuration's file.
    #[test]
    fn unknown_names_are_errors_that_name_them() {
        let config = Config {
            replace: [("Mony".to_owned(), "my::Money".to_owned())].into(),
            formats: [
                ("date-tim".to_owned(), FormatType::Chrono),
                ("int64".to_owned(), FormatType::Chrono),
                ("int64x".to_owned(), FormatType::parse("my::Big")),
            ]
            .into(),
            type_derives: [("Thang".to_owned(), vec!["Hash".to_owned()])].into(),
            rename_types: [("Nothing".to_owned(), "Other".to_owned())].into(),
            rename_operations: [("getThings".to_owned(), "fetch".to_owned())].into(),
            source: Some("codegen.toml".into()),
            ..Config::default()
        };
        let errors = build(&config).unwrap_err();
        let lines: Vec<&str> = errors.lines().collect();
        assert_eq!(
            lines,
            [
                "error: codegen.toml: replace.Mony: the spec has no schema `Mony` (did you mean `Money`?)",
                "error: codegen.toml: rename-operations.getThings: the spec has no operation `getThings` (did you mean `getThing`?)",
                "error: codegen.toml: formats.date-tim: the spec has no string, number or integer schema with `format: date-tim` (did you mean `date-time`?)",
                "error: codegen.toml: formats.int64: the spec has `format: int64` on numbers or integers only, and `chrono` applies to strings",
                "error: codegen.toml: formats.int64x: the spec has no string, number or integer schema with `format: int64x` (did you mean `int64`?)",
            ]
        );
        // Type names are known once the schemas are: their errors come next.
        let config = Config {
            type_derives: [
                ("Thang".to_owned(), vec!["Hash".to_owned()]),
                ("Money".to_owned(), vec!["Hash".to_owned()]),
            ]
            .into(),
            rename_types: [("Nothing".to_owned(), "Other".to_owned())].into(),
            ..Config::default()
        };
        let errors = build(&config).unwrap_err();
        let lines: Vec<&str> = errors.lines().collect();
        assert_eq!(
            lines,
            [
                "error: spec.yaml: configuration: type-derives.Thang: the generated code has no type `Thang` (did you mean `Thing`?)",
                "error: spec.yaml: configuration: rename-types.Nothing: the generated code has no type `Nothing`",
            ]
        );
    }

    /// A replaced schema has no type and its uses are the path; a mapped format's values
    /// have the type, strings only for a built-in choice; renames and derives land.
    #[test]
    fn the_configuration_shapes_the_model() {
        let config = Config {
            replace: [("Money".to_owned(), "my::Money".to_owned())].into(),
            typed_formats: Some(Dates::Chrono),
            formats: [("int64".to_owned(), FormatType::parse("my::Big"))].into(),
            derives: vec!["Hash".to_owned()],
            type_derives: [(
                "Thing".to_owned(),
                vec!["serde::Serialize".to_owned(), "Eq".to_owned()],
            )]
            .into(),
            rename_types: [("Thing".to_owned(), "Item".to_owned())].into(),
            rename_operations: [("getThing".to_owned(), "fetch_item".to_owned())].into(),
            ..Config::default()
        };
        let api = build(&config).unwrap();
        assert!(api
            .types
            .iter()
            .all(|d| d.name != "Money" && d.name != "Thing"));
        assert_eq!(field_type(&api, "Item", "price"), "my::Money");
        assert_eq!(
            field_type(&api, "Item", "at"),
            "::chrono::DateTime<::chrono::Utc>"
        );
        assert_eq!(field_type(&api, "Item", "count"), "my::Big");
        let item = api.types.iter().find(|d| d.name == "Item").unwrap();
        // `Serialize` is the struct's own already; `Hash` comes once.
        assert_eq!(item.derives, ["Hash", "serde::Serialize", "Eq"]);
        let op = &api.operations[0];
        assert_eq!(op.name, "fetch_item");
        assert!(matches!(op.path_params[0].ty, TypeRef::External(_)));
        let libraries: Vec<_> = api.externals.iter().filter_map(|e| e.library).collect();
        assert_eq!(
            libraries,
            [crate::config::Library::Chrono, crate::config::Library::Uuid]
        );
        // A spec without dates or uuids is no error for typed formats.
        let plain = Config {
            typed_formats: Some(Dates::Time),
            ..Config::default()
        };
        assert!(build(&plain).is_ok());
    }
}
