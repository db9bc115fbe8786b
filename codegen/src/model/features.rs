//! One cargo feature per tag ([`crate::Config::tag_features`]): a crate generated from a
//! large spec compiles only the operations its user needs, and the types those use.
//!
//! Each tag of the spec's operations becomes the feature `tag-<tag in kebab case>`. An
//! operation is compiled when any of its tags' features is on; one without tags always is.
//! A type is compiled when something compiled uses it: an operation (its parameters, body and
//! responses, and every type those hold, at any depth), a webhook (always), or another type.
//! The types no operation or webhook uses (schemas a spec defines for its users, such as
//! GitHub's webhook payloads in its 3.0 spec) get a feature of their own, `unused-types`. The
//! feature `all` turns every one of them on, and is on by default, so that a crate built with
//! its default features is the whole API.
//!
//! Working this out takes time in proportion to the model plus the gates it writes (each
//! feature's walk enters a type once, and never one that is always compiled).

use std::collections::BTreeMap;

use super::walk::{children, ids_in_operation, ids_in_type};
use super::{Api, TypeId, TypeKind, TypeRef};
use crate::naming;

/// The features that compile an item: `None` when it is always compiled, else the indices of
/// [`Features::names`] (sorted, at least one), any of which compiles it.
pub type Gate = Option<Vec<usize>>;

/// The cargo features of a crate generated with one feature per tag.
#[derive(Debug, Clone, Default)]
pub struct Features {
    /// The feature names, in alphabetical order: `tag-…` for the tags, and `unused-types`
    /// when some types are used by nothing.
    pub names: Vec<String>,
    /// For each feature, the tags it stands for (two tags may give one name), empty for
    /// `unused-types`.
    pub tags: Vec<Vec<String>>,
    /// For each operation (in [`Api::operations`] order), the features that compile it.
    pub operations: Vec<Gate>,
    /// For each type definition (in [`Api::types`] order), the features that compile it.
    pub types: Vec<Gate>,
}

/// The feature of the types that nothing uses.
pub const UNUSED_TYPES: &str = "unused-types";

impl Features {
    /// The gate of a type reference: that of the definitions it names (a list of a type is
    /// compiled with the type), `None` for one that names none.
    pub fn of_type(&self, ty: &TypeRef) -> Gate {
        let mut ids = Vec::new();
        ids_in_type(ty, &mut |&id| ids.push(id));
        union(ids.iter().map(|&id| &self.types[id]))
    }
}

/// The features that compile something used by each of `gates`: `None` (always) when any of
/// them is always compiled, else the union of their features; `None` for no gates at all.
pub fn union<'a>(gates: impl IntoIterator<Item = &'a Gate>) -> Gate {
    let mut all: Vec<usize> = Vec::new();
    let mut any = false;
    for gate in gates {
        any = true;
        match gate {
            None => return None,
            Some(features) => all.extend(features),
        }
    }
    all.sort_unstable();
    all.dedup();
    (any && !all.is_empty()).then_some(all)
}

/// The stamp of a definition that is always compiled (see `walk`).
const ALWAYS: usize = usize::MAX;
/// The stamp of a definition that nothing has reached yet.
const NEVER: usize = usize::MAX - 1;

/// Works out the features of `api` (see the module docs).
pub fn settle(api: &Api) -> Features {
    // Feature names, by tag (two tags that give one name are one feature), in alphabetical
    // order; `unused-types`, when needed, comes last, which is its place in that order too.
    let mut by_name: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for op in &api.operations {
        for tag in &op.tags {
            let tags = by_name.entry(naming::tag_feature(tag)).or_default();
            if !tags.contains(tag) {
                tags.push(tag.clone());
            }
        }
    }
    let index: BTreeMap<&str, usize> = by_name
        .keys()
        .enumerate()
        .map(|(i, name)| (name.as_str(), i))
        .collect();
    let operations: Vec<Gate> = api
        .operations
        .iter()
        .map(|op| {
            let mut features: Vec<usize> = op
                .tags
                .iter()
                .filter_map(|tag| index.get(naming::tag_feature(tag).as_str()).copied())
                .collect();
            features.sort_unstable();
            features.dedup();
            (!features.is_empty()).then_some(features)
        })
        .collect();
    let mut names: Vec<String> = by_name.keys().cloned().collect();
    let mut tags: Vec<Vec<String>> = by_name.into_values().collect();

    // What each feature's operations use directly; untagged operations and webhooks are
    // always compiled, and so is everything they use.
    let edges: Vec<Vec<TypeId>> = api.types.iter().map(|def| children(&def.kind)).collect();
    let count = api.types.len();
    let mut always_roots: Vec<TypeId> = Vec::new();
    let mut feature_roots: Vec<Vec<TypeId>> = vec![Vec::new(); names.len()];
    for (op, gate) in api.operations.iter().zip(&operations) {
        let mut roots = Vec::new();
        ids_in_operation(op, &mut |&id| roots.push(id));
        match gate {
            None => always_roots.extend(roots),
            Some(features) => {
                for &f in features {
                    feature_roots[f].extend_from_slice(&roots);
                }
            }
        }
    }
    for webhook in &api.webhooks {
        if let Some(ty) = &webhook.payload {
            ids_in_type(ty, &mut |&id| always_roots.push(id));
        }
    }
    // One walk per feature, each entering only what it has not entered yet (a stamp per
    // definition says which walk saw it last) and never what is always compiled: the work
    // is the size of the gates written, plus the roots.
    let mut stamp = vec![NEVER; count];
    let mut reached: Vec<Vec<usize>> = vec![Vec::new(); count];
    walk(&edges, always_roots, ALWAYS, &mut stamp, &mut |_| {});
    for (f, roots) in feature_roots.into_iter().enumerate() {
        walk(&edges, roots, f, &mut stamp, &mut |id| reached[id].push(f));
    }
    // What nothing uses: an alias that only keeps a name (see `dedupe`) goes with the type
    // it stands for; everything else gets `unused-types`, with what it uses in turn.
    let stands_for = |id: TypeId| match TypeRef::Named(id).expand(&api.types) {
        TypeRef::Named(target) if *target != id => Some(*target),
        _ => None,
    };
    let unused_roots: Vec<TypeId> = (0..count)
        .filter(|&id| stamp[id] == NEVER)
        .filter(|&id| !matches!(api.types[id].kind, TypeKind::Alias(_)) || stands_for(id).is_none())
        .collect();
    if !unused_roots.is_empty() {
        let f = names.len();
        debug_assert!(names.iter().all(|name| name.as_str() < UNUSED_TYPES));
        names.push(UNUSED_TYPES.to_owned());
        tags.push(Vec::new());
        walk(&edges, unused_roots, f, &mut stamp, &mut |id| {
            reached[id].push(f)
        });
    }
    let mut types: Vec<Gate> = (0..count)
        .map(|id| (stamp[id] != ALWAYS).then(|| std::mem::take(&mut reached[id])))
        .collect();
    for id in 0..count {
        if matches!(types[id], Some(ref f) if f.is_empty()) {
            // An alias that nothing uses: compiled with what it stands for.
            types[id] = stands_for(id).and_then(|target| types[target].clone());
        }
    }
    Features {
        names,
        tags,
        operations,
        types,
    }
}

/// Walks from `roots` through `edges`, stamping each definition entered with `walk_id` and
/// calling `enter` on it; a definition stamped with this walk's id or as always compiled is
/// not entered again. Walks run in increasing `walk_id` order, so each definition's list of
/// features comes out sorted.
fn walk(
    edges: &[Vec<TypeId>],
    roots: Vec<TypeId>,
    walk_id: usize,
    stamp: &mut [usize],
    enter: &mut impl FnMut(TypeId),
) {
    let mut work = roots;
    while let Some(id) = work.pop() {
        if stamp[id] == walk_id || stamp[id] == ALWAYS {
            continue;
        }
        stamp[id] = walk_id;
        enter(id);
        work.extend(edges[id].iter().copied());
    }
}
