//! Recursive types: a struct or enum that contains itself without a `Vec` or map in between
//! would have infinite size, so such fields and variants are boxed; an alias whose target
//! mentions itself cannot be a type alias at all, so it becomes a newtype.

use std::collections::HashSet;

use super::{TypeDef, TypeId, TypeKind, TypeRef};

/// Boxes what must be boxed and turns self-referring aliases into newtypes.
pub fn break_cycles(defs: &mut [TypeDef]) {
    // Only an alias on a cycle of aliases can mention itself: the others (long chains of
    // aliases, in large specs) are not walked at all.
    let alias_edges: Vec<Vec<TypeId>> =
        (0..defs.len()).map(|id| alias_edges_of(defs, id)).collect();
    let alias_components = strongly_connected(&alias_edges);
    let mut component_sizes = vec![0usize; defs.len()];
    for &c in &alias_components {
        component_sizes[c] += 1;
    }
    for id in 0..defs.len() {
        let on_cycle = component_sizes[alias_components[id]] > 1 || alias_edges[id].contains(&id);
        if !on_cycle {
            continue;
        }
        if let TypeKind::Alias(target) = &defs[id].kind {
            if alias_mentions(defs, target, id) {
                let target = target.clone();
                defs[id].kind = TypeKind::Newtype(target);
            }
        }
    }
    let edges: Vec<Vec<TypeId>> = (0..defs.len()).map(|id| edges_of(defs, id)).collect();
    let components = strongly_connected(&edges);
    for id in 0..defs.len() {
        let component = components[id];
        let same = |ty: &TypeRef| direct_edges(ty).iter().any(|t| components[*t] == component);
        let boxed: Vec<bool> = match &defs[id].kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| same(&f.ty)).collect(),
            TypeKind::Tagged(t) => t.variants.iter().map(|v| same(&v.ty)).collect(),
            TypeKind::Untagged(u) => u.variants.iter().map(|v| same(&v.ty)).collect(),
            _ => continue,
        };
        match &mut defs[id].kind {
            TypeKind::Struct(s) => s
                .fields
                .iter_mut()
                .zip(boxed)
                .for_each(|(f, b)| f.boxed = b),
            TypeKind::Tagged(t) => t
                .variants
                .iter_mut()
                .zip(boxed)
                .for_each(|(v, b)| v.boxed = b),
            TypeKind::Untagged(u) => u
                .variants
                .iter_mut()
                .zip(boxed)
                .for_each(|(v, b)| v.boxed = b),
            _ => {}
        }
    }
}

/// Does expanding `ty` through aliases reach the alias `me`? (Iterative: alias chains can be
/// long.)
fn alias_mentions(defs: &[TypeDef], ty: &TypeRef, me: TypeId) -> bool {
    let mut visited = HashSet::new();
    let mut work = vec![ty];
    while let Some(ty) = work.pop() {
        match named_in(ty) {
            Some(id) if id == me => return true,
            Some(id) if visited.insert(id) => {
                if let TypeKind::Alias(target) = &defs[id].kind {
                    work.push(target);
                }
            }
            Some(_) | None => {}
        }
    }
    false
}

/// The definition a type names, through `Vec`, map and `Option` wrappers.
fn named_in(mut ty: &TypeRef) -> Option<TypeId> {
    loop {
        match ty {
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => ty = inner,
            TypeRef::Named(id) => return Some(*id),
            _ => return None,
        }
    }
}

/// The aliases an alias expands to directly.
fn alias_edges_of(defs: &[TypeDef], id: TypeId) -> Vec<TypeId> {
    let TypeKind::Alias(target) = &defs[id].kind else {
        return Vec::new();
    };
    named_in(target)
        .filter(|t| matches!(defs[*t].kind, TypeKind::Alias(_)))
        .into_iter()
        .collect()
}

/// The definitions a use of `ty` stores inline (not behind a `Vec` or map).
fn direct_edges(ty: &TypeRef) -> Vec<TypeId> {
    match ty {
        TypeRef::Option(inner) => direct_edges(inner),
        TypeRef::Tuple(items) => items.iter().flat_map(direct_edges).collect(),
        TypeRef::Named(id) => vec![*id],
        _ => Vec::new(),
    }
}

/// What a definition stores inline.
fn edges_of(defs: &[TypeDef], id: TypeId) -> Vec<TypeId> {
    match &defs[id].kind {
        TypeKind::Alias(t) | TypeKind::Newtype(t) => direct_edges(t),
        TypeKind::Struct(s) => s.fields.iter().flat_map(|f| direct_edges(&f.ty)).collect(),
        TypeKind::Tagged(t) => t
            .variants
            .iter()
            .flat_map(|v| direct_edges(&v.ty))
            .collect(),
        TypeKind::Untagged(u) => u
            .variants
            .iter()
            .flat_map(|v| direct_edges(&v.ty))
            .collect(),
        TypeKind::Enum(_) | TypeKind::IntEnum(_) => Vec::new(),
        // Never stored in another type: no cycle goes through it.
        TypeKind::Responses(_) => Vec::new(),
    }
}

/// Tarjan's algorithm, iterative: the component number of every definition. A definition
/// that reaches itself only through inline edges shares a component with what it contains.
fn strongly_connected(edges: &[Vec<TypeId>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![UNSEEN; n];
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        let mut work: Vec<(TypeId, usize)> = vec![(root, 0)];
        while let Some((v, edge)) = work.pop() {
            if edge == 0 {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(edge) {
                work.push((v, edge + 1));
                if index[w] == UNSEEN {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = next_component;
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
        }
    }
    component
}
