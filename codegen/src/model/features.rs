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
//! Working this out is linear in the size of the model for each feature (a walk of the types
//! each feature reaches).

use std::collections::BTreeMap;

use super::dedupe::{children, named};
use super::{Api, Outcome, TypeId, TypeKind, TypeRef};
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
        named(ty, &mut ids);
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

/// Works out the features of `api` (see the module docs).
pub fn settle(api: &Api) -> Features {
    // Feature names: by tag, merged when two tags give one name.
    let mut by_name: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for op in &api.operations {
        for tag in &op.tags {
            let tags = by_name.entry(naming::tag_feature(tag)).or_default();
            if !tags.contains(tag) {
                tags.push(tag.clone());
            }
        }
    }
    let edges: Vec<Vec<TypeId>> = api.types.iter().map(|def| children(&def.kind)).collect();
    let mut names: Vec<String> = by_name.keys().cloned().collect();
    let tag_index = |tag: &str| names.iter().position(|n| *n == naming::tag_feature(tag));
    let operations: Vec<Gate> = api
        .operations
        .iter()
        .map(|op| {
            let mut features: Vec<usize> = op.tags.iter().filter_map(|t| tag_index(t)).collect();
            features.sort_unstable();
            features.dedup();
            (!features.is_empty()).then_some(features)
        })
        .collect();

    // What each operation and webhook uses directly.
    let roots = |op: &super::Operation| -> Vec<TypeId> {
        let mut ids = Vec::new();
        op.path_params.iter().for_each(|p| named(&p.ty, &mut ids));
        if let Some(params) = &op.params {
            ids.push(params.ty);
        }
        if let Some(body) = &op.body {
            named(&body.ty, &mut ids);
        }
        for response in &op.responses {
            if let Some((ty, _)) = &response.body {
                named(ty, &mut ids);
            }
        }
        for outcome in [&op.success, &op.failure] {
            match outcome {
                Outcome::Empty => {}
                Outcome::One(ty, _) => named(ty, &mut ids),
                Outcome::PerStatus(id) => ids.push(*id),
            }
        }
        if let Some(pagination) = &op.pagination {
            named(&pagination.item, &mut ids);
        }
        ids
    };
    let count = api.types.len();
    let mut always = vec![false; count];
    let mut always_roots: Vec<TypeId> = Vec::new();
    let mut feature_roots: Vec<Vec<TypeId>> = vec![Vec::new(); names.len()];
    for (op, gate) in api.operations.iter().zip(&operations) {
        match gate {
            None => always_roots.extend(roots(op)),
            Some(features) => {
                for &f in features {
                    feature_roots[f].extend(roots(op));
                }
            }
        }
    }
    for webhook in &api.webhooks {
        if let Some(ty) = &webhook.payload {
            named(ty, &mut always_roots);
        }
    }
    walk(&edges, always_roots, &mut always);
    let mut reached: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (f, roots) in feature_roots.into_iter().enumerate() {
        let mut seen = always.clone();
        walk(&edges, roots, &mut seen);
        for id in 0..count {
            if seen[id] && !always[id] {
                reached[id].push(f);
            }
        }
    }
    // What nothing uses: an alias that only keeps a name (see `dedupe`) goes with the type
    // it stands for; everything else gets `unused-types`, with what it uses in turn.
    let stands_for = |id: TypeId| match TypeRef::Named(id).expand(&api.types) {
        TypeRef::Named(target) if *target != id => Some(*target),
        _ => None,
    };
    let unused_roots: Vec<TypeId> = (0..count)
        .filter(|&id| !always[id] && reached[id].is_empty())
        .filter(|&id| !matches!(api.types[id].kind, TypeKind::Alias(_)) || stands_for(id).is_none())
        .collect();
    if !unused_roots.is_empty() {
        let f = names.len();
        names.push(UNUSED_TYPES.to_owned());
        by_name.insert(UNUSED_TYPES.to_owned(), Vec::new());
        let mut seen = always.clone();
        walk(&edges, unused_roots, &mut seen);
        for id in 0..count {
            if seen[id] && !always[id] {
                reached[id].push(f);
            }
        }
    }
    let mut types: Vec<Gate> = (0..count)
        .map(|id| (!always[id]).then(|| reached[id].clone()))
        .collect();
    for id in 0..count {
        if matches!(types[id], Some(ref f) if f.is_empty()) {
            // An alias that nothing uses: compiled with what it stands for.
            types[id] = stands_for(id).and_then(|target| types[target].clone());
        }
    }
    // `unused-types` sorts after the tags: keep the names in order, the indices with them.
    let order: Vec<usize> = {
        let mut order: Vec<usize> = (0..names.len()).collect();
        order.sort_by(|&a, &b| names[a].cmp(&names[b]));
        order
    };
    let mut position = vec![0; names.len()];
    for (new, &old) in order.iter().enumerate() {
        position[old] = new;
    }
    let renumber = |gate: &mut Gate| {
        if let Some(features) = gate {
            features.iter_mut().for_each(|f| *f = position[*f]);
            features.sort_unstable();
        }
    };
    let mut operations = operations;
    operations.iter_mut().for_each(renumber);
    types.iter_mut().for_each(renumber);
    let names: Vec<String> = order.iter().map(|&i| names[i].clone()).collect();
    let tags = names
        .iter()
        .map(|n| by_name.get(n).cloned().unwrap_or_default())
        .collect();
    Features {
        names,
        tags,
        operations,
        types,
    }
}

/// Marks in `seen` every definition reachable from `roots` (those marked already are not
/// entered again).
fn walk(edges: &[Vec<TypeId>], roots: Vec<TypeId>, seen: &mut [bool]) {
    let mut work = roots;
    while let Some(id) = work.pop() {
        if std::mem::replace(&mut seen[id], true) {
            continue;
        }
        work.extend(edges[id].iter().copied().filter(|&c| !seen[c]));
    }
}
