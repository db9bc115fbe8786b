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
