//! Builds the [`Api`] model from a loaded spec: component schemas first (so they claim their
//! own names), then every operation in document order; then recursion is broken and every
//! type gets its final unique name.

use std::collections::HashSet;

use indexmap::IndexMap;
use openapiv3::{PathItem, ReferenceOr};
use serde::de::IgnoredAny;
use serde_json::Value;

use super::configure;
use super::dedupe::{is_body_schema, merge_identical, remap_operations};
use super::defaults::with_defaults;
use super::fits::fits;
use super::operations::{server_url, Context};
use super::recursion::break_cycles;
use super::types::{component_name, TypeSpace};
use super::{
    Api, Checked, Example, ParamLocation, SecurityKind, SecurityScheme, TypeDef, TypeKind, TypeRef,
};
use crate::config::Config;
use crate::error::{Error, ErrorKind, Errors};
use crate::load::normalize::{OTHER_METHODS, PATH_ITEM_METHODS};
use crate::naming::{self, Scope};
use crate::resolve::{Expect, Kind, Location, Obj, Resolver};

/// The model and the problems that did not stop it from being built (warnings).
pub struct Built {
    pub api: Api,
    pub warnings: Vec<Error>,
}

/// Models the spec held by `resolver`, as `config` asks. Errors are collected across the
/// whole spec and returned together.
pub fn build(resolver: &mut Resolver, config: &Config) -> Result<Built, Errors> {
    let root = Location {
        file: 0,
        pointer: String::new(),
    };
    let spec: Root = resolver.deserialize(&root).map_err(|first| {
        let mut errors = Errors::from(first);
        errors.0.extend(resolver.take_deferred());
        errors
    })?;
    let mut space = TypeSpace::new(resolver);
    let components = root.child("components");

    let security = security_schemes(&mut space, &spec, &components);
    let no_schemas = IndexMap::new();
    let schemas = spec.components.as_ref().map_or(&no_schemas, |c| &c.schemas);
    configure::prepare(&mut space, config, schemas.keys(), &components);

    if let Some(c) = &spec.components {
        for name in c.schemas.keys() {
            let at = components.descend(&["schemas", name]);
            if space.replaced.contains_key(&at) {
                continue;
            }
            let hint = naming::type_name(name);
            let reference = space
                .resolver
                .tree(&at)
                .and_then(|v| v.get("$ref"))
                .and_then(|r| r.as_str())
                .map(str::to_owned);
            let Some(reference) = reference else {
                space.at_location(&at, &hint);
                continue;
            };
            let item: ReferenceOr<openapiv3::Schema> = ReferenceOr::Reference { reference };
            // A component that is only a `$ref`: an alias named after the component (unless
            // the target, an inline schema first met here, took that name itself).
            let target = space.of_ref_or(&item, &at, &hint);
            if !matches!(&target, TypeRef::Named(id) if space.defs[*id].name == hint) {
                let constraints = space.constraints_of(&item, &at, &target);
                space.add_definition(TypeDef {
                    name: hint,
                    docs: None,
                    origin: at,
                    example: None,
                    kind: TypeKind::Alias(target),
                    constraints,
                    derives: Vec::new(),
                });
            }
        }
    }

    let mut methods = Scope::with_reserved(naming::CLIENT_METHODS);
    configure::reserve_methods(config, &mut methods);
    let mut ids = HashSet::new();
    let mut operations = Vec::new();
    let paths_at = root.child("paths");
    // `x-` keys of the Paths object are specification extensions, not paths.
    for path in spec.paths.keys().filter(|p| !p.starts_with("x-")) {
        let path_at = paths_at.child(path);
        let item: ReferenceOr<PathItem> = match path_item(space.resolver, &path_at) {
            Ok(item) => item,
            Err(e) => {
                space.error(e);
                continue;
            }
        };
        let (item, path_at) = match space.resolver.item(&item, &path_at, path_item) {
            Ok(found) => found,
            Err(e) => {
                space.error(e);
                continue;
            }
        };
        let others = other_methods(&mut space, &item, &path_at);
        let standard = item
            .iter()
            .map(|(method, operation)| (method, path_at.child(method), operation));
        let other = others
            .iter()
            .map(|(method, at, operation)| (method.as_str(), at.clone(), operation));
        for (method, at, operation) in standard.chain(other) {
            let id = match &operation.operation_id {
                Some(id) => id.clone(),
                None => format!("{method} {path}"),
            };
            if !ids.insert(id.clone()) {
                space.error(space.resolver.error(
                    &at.child("operationId"),
                    ErrorKind::Invalid(format!(
                        "operationId `{id}` is used by another operation too"
                    )),
                ));
            }
            let (name, type_prefix) = match configure::method_name(config, &id) {
                Some(name) => (name.clone(), naming::type_part(&name)),
                None => (
                    methods.claim(naming::method_name(&id), &id),
                    naming::type_part(&id),
                ),
            };
            let requirements = operation.security.as_ref().or(spec.security.as_ref());
            let op = space.operation(Context {
                path,
                method,
                operation,
                at,
                path_parameters: &item.parameters,
                path_at: path_at.clone(),
                path_servers: &item.servers,
                name,
                id,
                type_prefix,
                security: alternatives(requirements, &security),
            });
            operations.push(op);
        }
    }

    let mut webhooks = space.webhooks(&root, path_item);

    // The private methods each operation's method is made of (see
    // [`Operation::request_fn`]), named around the operations' own methods.
    for op in &mut operations {
        // (Without a keyword's escape: `self_` gives `self_request`, not `self__request`.)
        let base = op.name.trim_end_matches('_');
        op.request_fn = methods.claim(format!("{base}_request"), &op.name);
        op.decode_fn = methods.claim(format!("{base}_decode"), &op.name);
    }
    // The types that stand for the operations in the `mock` module.
    let mut mock_types = Scope::with_reserved(naming::PRELUDE_TYPES);
    for op in &mut operations {
        op.mock_type = mock_types.claim(naming::type_name(&op.name), &op.id);
    }

    let spec_file = space.resolver.shown(0).to_path_buf();
    for error in configure::unknown_operations(config, &ids, &spec_file)
        .into_iter()
        .chain(configure::unknown_formats(
            config,
            &space.formats_met,
            &spec_file,
        ))
    {
        space.errors.push(error);
    }

    let TypeSpace {
        mut defs,
        mut errors,
        mut warnings,
        examples: mut inline_examples,
        resolver,
        externals,
        ..
    } = space;
    // Problems found next to one whose error was not reported (it did not matter) do not
    // matter either; next to a reported one, they are reported too.
    let deferred = resolver.take_deferred();
    if !errors.is_empty() {
        errors.0.extend(deferred);
        errors.dedup();
        return Err(errors);
    }
    warnings.dedup();
    break_cycles(&mut defs);
    // Copies of one inline schema become one type (see `dedupe`), before the names are made
    // unique: a merged type takes the name of one of its copies.
    let merged = merge_identical(&mut defs, |def| {
        component_name(&def.origin).is_none()
            && !is_body_schema(&def.origin.pointer)
            && !matches!(&def.kind, TypeKind::Responses(_))
            && !matches!(&def.kind, TypeKind::Struct(s) if s.params_of.is_some())
    });
    remap_operations(
        &merged,
        &mut operations,
        &mut webhooks,
        &mut inline_examples,
    );
    // Component schemas claim their names first, before an inline type met earlier whose
    // name happens to be the same (`message._links` -> `MessageLinks` vs `message_links`).
    let mut names = Scope::default();
    let own_name = |def: &TypeDef| {
        component_name(&def.origin).is_some_and(|c| naming::type_name(&c) == def.name)
    };
    let (first, rest): (Vec<usize>, Vec<usize>) =
        (0..defs.len()).partition(|&i| own_name(&defs[i]));
    for i in first.into_iter().chain(rest) {
        let def = &mut defs[i];
        def.name = names.claim(naming::type_name(&def.name), &def.name);
    }
    let renamed = configure::name_types(config, &mut defs, &spec_file);
    if !renamed.is_empty() {
        return Err(Errors(renamed));
    }
    let mut examples: Vec<Example> = defs
        .iter()
        .enumerate()
        .filter_map(|(id, def)| {
            let value = def.example.clone()?;
            let file = resolver.shown(def.origin.file).display().to_string();
            Some(Example {
                location: format!("{}#{}/example", file.replace('\\', "/"), def.origin.pointer),
                subject: def.name.clone(),
                ty: TypeRef::Named(id),
                value,
                misfit: None,
                round_trip: None,
                exact: true,
                lenient: false,
            })
        })
        .collect();
    // Shared parameters and bodies are met once per operation; keep each example once.
    let mut seen = HashSet::new();
    inline_examples.retain(|e| seen.insert(e.location.clone()));
    examples.append(&mut inline_examples);
    let default_server = spec
        .servers
        .first()
        .map(server_url)
        .filter(|url| url.starts_with("http://") || url.starts_with("https://"));
    let mut api = Api {
        title: spec.info.title.clone(),
        version: spec.info.version.clone(),
        description: spec.info.description.clone(),
        default_server,
        security,
        types: defs,
        externals,
        operations,
        examples,
        webhooks,
        checked: Checked::default(),
        features: None,
    };
    super::defaults::settle(&mut api, resolver, &mut warnings);
    super::operations::settle_optional_parts(&mut api);
    settle_examples(&mut api, config);
    super::pagination::settle(&mut api);
    super::validation::settle(&mut api);
    if config.tag_features {
        api.features = Some(super::features::settle(&api));
    }
    // The stream methods of paged operations, named around every other method.
    for op in &mut api.operations {
        let base = op.name.trim_end_matches('_').to_owned();
        if let Some(p) = &mut op.pagination {
            p.pages_fn = methods.claim(format!("{base}_pages"), &op.name);
            p.items_fn = methods.claim(format!("{base}_stream"), &op.name);
        }
    }
    Ok(Built { api, warnings })
}

/// An operation's security requirements (its own, else the spec's) as alternatives, each
/// the indices of the schemes it needs together (see [`Operation::security`]). An empty
/// requirement (`{}`: no credentials needed) is an alternative like any other; one that names
/// a scheme the client cannot send (unsupported, or not defined) is left out, since no
/// configuration of the client can meet it. Alternatives keep the spec's order (the client
/// sends the first one it has credentials for); the same one twice is kept once.
fn alternatives(
    requirements: Option<&Vec<openapiv3::SecurityRequirement>>,
    schemes: &[SecurityScheme],
) -> Vec<Vec<usize>> {
    let mut alternatives: Vec<Vec<usize>> = Vec::new();
    for requirement in requirements.into_iter().flatten() {
        let ids: Option<Vec<usize>> = requirement
            .keys()
            .map(|key| schemes.iter().position(|s| &s.key == key))
            .collect();
        let Some(mut ids) = ids else {
            continue;
        };
        ids.sort_unstable();
        ids.dedup();
        if !alternatives.contains(&ids) {
            alternatives.push(ids);
        }
    }
    alternatives
}

/// Works out, once defaults are settled, which members are read leniently (see
/// [`super::Field::lenient`]), then which examples fit their types and what those come back
/// as (see [`Example::misfit`] and [`Example::round_trip`]).
fn settle_examples(api: &mut Api, config: &Config) {
    let mut examples = std::mem::take(&mut api.examples);
    super::lenient::settle(api, &examples, config);
    for example in &mut examples {
        example.exact = !reaches_external(api, &example.ty, &mut HashSet::new());
        if example.lenient {
            // The example of a member read leniently: a string holding the value, which comes
            // back as the value.
            example.round_trip = super::lenient::reads_as(&api.types, &example.value, &example.ty);
            continue;
        }
        match fits(api, &example.value, &example.ty) {
            Ok(()) => {
                let back = with_defaults(api, &example.value, &example.ty);
                example.round_trip = (back != example.value).then_some(back);
            }
            Err(reason) => example.misfit = Some(reason),
        }
    }
    api.examples = examples;
}

/// True when a value of `ty` may hold a value of an [`External`](super::External) type, at
/// any depth (`seen`: the definitions entered already).
fn reaches_external(api: &Api, ty: &TypeRef, seen: &mut HashSet<usize>) -> bool {
    match ty {
        TypeRef::External(_) => true,
        TypeRef::Option(inner) | TypeRef::Vec(inner) | TypeRef::Map(inner) => {
            reaches_external(api, inner, seen)
        }
        TypeRef::Tuple(items) => items.iter().any(|item| reaches_external(api, item, seen)),
        TypeRef::Named(id) if seen.insert(*id) => match &api.types[*id].kind {
            TypeKind::Alias(target) | TypeKind::Newtype(target) => {
                reaches_external(api, target, seen)
            }
            TypeKind::Struct(s) => {
                s.fields.iter().any(|f| reaches_external(api, &f.ty, seen))
                    || s.additional
                        .as_ref()
                        .is_some_and(|a| reaches_external(api, a, seen))
            }
            TypeKind::Tagged(t) => t
                .variants
                .iter()
                .any(|v| reaches_external(api, &v.ty, seen)),
            TypeKind::Untagged(u) => u
                .variants
                .iter()
                .any(|v| reaches_external(api, &v.ty, seen)),
            TypeKind::Responses(r) => r.variants.iter().any(|v| {
                v.body
                    .as_ref()
                    .is_some_and(|(ty, _)| reaches_external(api, ty, seen))
            }),
            TypeKind::Enum(_) | TypeKind::IntEnum(_) => false,
        },
        _ => false,
    }
}

/// The operations of a path item whose methods the 3.0 shape has no field for (OpenAPI 3.2's
/// `QUERY` and `additionalOperations`, which the load stage moves to
/// [`OTHER_METHODS`](crate::load::normalize::OTHER_METHODS)), with the method as sent and
/// where each is. A method that is no HTTP token, or that is one of the standard methods (which
/// have fields of their own), is an error at its place.
fn other_methods(
    space: &mut TypeSpace<'_>,
    item: &PathItem,
    path_at: &Location,
) -> Vec<(String, Location, openapiv3::Operation)> {
    let Some(Value::Object(operations)) = item.extensions.get(OTHER_METHODS) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for method in operations.keys() {
        let at = path_at.child(OTHER_METHODS).child(method);
        let problem = if method.is_empty() || !method.bytes().all(is_token_byte) {
            Some(format!(
                "`{method}` is not an HTTP method name (letters, digits and !#$%&'*+-.^_`|~)"
            ))
        } else if PATH_ITEM_METHODS.contains(&method.to_ascii_lowercase().as_str()) {
            Some(format!(
                "`{method}` has a field of its own (`{}`); `additionalOperations` is for other methods",
                method.to_ascii_lowercase()
            ))
        } else {
            None
        };
        if let Some(problem) = problem {
            space.error(space.resolver.error(&at, ErrorKind::Invalid(problem)));
            continue;
        }
        match operation_without_callbacks(space.resolver, &at) {
            Ok(operation) => found.push((method.clone(), at, operation)),
            Err(e) => space.error(e),
        }
    }
    found
}

/// A `tchar` of RFC 9110: what an HTTP method name is made of.
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// The operation at `at`, without its `callbacks` (see [`path_item`]).
fn operation_without_callbacks(
    resolver: &Resolver,
    at: &Location,
) -> Result<openapiv3::Operation, Error> {
    let has_callbacks = resolver
        .tree(at)
        .and_then(|v| v.as_object())
        .is_some_and(|op| op.contains_key("callbacks"));
    if !has_callbacks {
        return resolver.deserialize(at);
    }
    deserialize_edited(resolver, at, |tree| {
        if let Some(operation) = tree.as_object_mut() {
            operation.remove("callbacks");
        }
    })
}

/// The path item at `at`, without its operations' `callbacks`.
///
/// The generator does not use callbacks, and openapiv3 cannot read a valid one: its `Callback`
/// entries admit no `$ref` (`callbacks: {name: {$ref: '#/components/callbacks/x'}}` fails to
/// deserialize), so a spec using that would be refused for a part that makes no difference.
fn path_item<T: serde::de::DeserializeOwned + Expect>(
    resolver: &Resolver,
    at: &Location,
) -> Result<T, Error> {
    let has_callbacks = resolver
        .tree(at)
        .and_then(|v| v.as_object())
        .is_some_and(|item| {
            item.values().any(|op| {
                op.as_object()
                    .is_some_and(|op| op.contains_key("callbacks"))
            })
        });
    if !has_callbacks {
        return resolver.deserialize(at);
    }
    deserialize_edited(resolver, at, |tree| {
        if let Some(item) = tree.as_object_mut() {
            for op in item.values_mut() {
                if let Some(op) = op.as_object_mut() {
                    op.remove("callbacks");
                }
            }
        }
    })
}

/// The value at `at` read from a copy that `edit` changed first; errors point at `at`.
fn deserialize_edited<T: serde::de::DeserializeOwned + Expect>(
    resolver: &Resolver,
    at: &Location,
    edit: impl FnOnce(&mut Value),
) -> Result<T, Error> {
    let mut tree = resolver.tree(at).cloned().unwrap_or_default();
    edit(&mut tree);
    crate::resolve::deserialize_at(&tree, resolver.shown(at.file), &at.pointer)
}

/// What is read of the root document up front. Paths and component schemas are only listed
/// here; each is deserialized where it is modelled, so every part of a spec is deserialized
/// once (a 5.7 MB spec spends most of its modelling time in deserialization).
#[derive(serde::Deserialize)]
struct Root {
    info: openapiv3::Info,
    #[serde(default)]
    servers: Vec<openapiv3::Server>,
    #[serde(default)]
    security: Option<Vec<openapiv3::SecurityRequirement>>,
    paths: IndexMap<String, IgnoredAny>,
    #[serde(default)]
    components: Option<RootComponents>,
}

impl Expect for Root {
    const KIND: Kind = Kind::Obj(Obj::Document);
}

#[derive(serde::Deserialize)]
struct RootComponents {
    #[serde(default)]
    schemas: IndexMap<String, IgnoredAny>,
    #[serde(default, rename = "securitySchemes")]
    security_schemes: IndexMap<String, ReferenceOr<openapiv3::SecurityScheme>>,
}

fn security_schemes(
    space: &mut TypeSpace<'_>,
    spec: &Root,
    components: &Location,
) -> Vec<SecurityScheme> {
    let mut out = Vec::new();
    let Some(c) = &spec.components else {
        return out;
    };
    let mut consts = Scope::with_reserved(naming::CLIENT_CONSTANTS);
    for (key, item) in &c.security_schemes {
        let at = components.descend(&["securitySchemes", key]);
        let scheme = match space.resolver.item(item, &at, Resolver::deserialize) {
            Ok((scheme, _)) => scheme.into_owned(),
            Err(e) => {
                space.error(e);
                continue;
            }
        };
        let (kind, description) = match scheme {
            openapiv3::SecurityScheme::HTTP {
                scheme,
                description,
                ..
            } => match scheme.to_ascii_lowercase().as_str() {
                "bearer" => (SecurityKind::Bearer, description),
                "basic" => (SecurityKind::Basic, description),
                other => {
                    space.warn(space.resolver.error(
                        &at,
                        ErrorKind::Invalid(format!(
                            "HTTP authentication scheme `{other}` is not supported; \
                             set the header yourself on the reqwest client"
                        )),
                    ));
                    continue;
                }
            },
            openapiv3::SecurityScheme::APIKey {
                location,
                name,
                description,
                ..
            } => {
                let location = match location {
                    openapiv3::APIKeyLocation::Query => ParamLocation::Query,
                    openapiv3::APIKeyLocation::Header => ParamLocation::Header,
                    openapiv3::APIKeyLocation::Cookie => ParamLocation::Cookie,
                };
                (SecurityKind::ApiKey { location, name }, description)
            }
            openapiv3::SecurityScheme::OAuth2 { description, .. }
            | openapiv3::SecurityScheme::OpenIDConnect { description, .. } => {
                (SecurityKind::Bearer, description)
            }
        };
        let candidate = naming::const_name(key);
        // A lower-case original: a collision is numbered (`API_KEY2`), never `_upper`.
        let original = candidate.to_ascii_lowercase();
        out.push(SecurityScheme {
            key: key.clone(),
            const_name: consts.claim(candidate, &original),
            kind,
            description,
        });
    }
    out
}
