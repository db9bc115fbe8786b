//! How deep the generated types hold one another by value, and the crate attribute that deep
//! nesting needs.
//!
//! rustc works out a struct's layout (and its "struct tail") through every type it holds
//! inline, and stops at its recursion limit of 128 with "reached the recursion limit finding
//! the struct tail". Specs whose inline schemas nest deeply (generated ones, Kubernetes CRDs)
//! give structs that hold structs that hold ... a hundred levels and more: such a crate gets
//! `#![recursion_limit]` raised to fit (200 levels compile with 512). Lists, maps and boxes
//! hold their items on the heap, so they end a chain.

use std::collections::HashMap;

use crate::model::{Api, TypeId, TypeKind, TypeRef};

/// Chains of inline types up to this long compile within rustc's default limit.
const DEFAULT_FITS: usize = 64;

/// The `recursion_limit` the crate needs, when its types nest deeper than rustc's default
/// allows.
pub fn recursion_limit(api: &Api) -> Option<usize> {
    let mut depths = HashMap::new();
    let deepest = (0..api.types.len())
        .map(|id| type_depth(api, id, &mut depths))
        .max()
        .unwrap_or(0);
    (deepest > DEFAULT_FITS).then(|| (2 * deepest).div_ceil(128) * 128)
}

/// How many types deep a value of the type `id` holds others inline (1 for a type that holds
/// none). A type met again while its depth is being worked out (a cycle, which the model
/// breaks with a box) counts as 0.
fn type_depth(api: &Api, id: TypeId, depths: &mut HashMap<TypeId, usize>) -> usize {
    if let Some(&depth) = depths.get(&id) {
        return depth;
    }
    depths.insert(id, 0);
    let inline: Vec<&TypeRef> = match &api.types[id].kind {
        TypeKind::Alias(target) | TypeKind::Newtype(target) => vec![target],
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .filter(|f| !f.boxed)
            .map(|f| &f.ty)
            .collect(),
        TypeKind::Tagged(u) => u
            .variants
            .iter()
            .filter(|v| !v.boxed)
            .map(|v| &v.ty)
            .collect(),
        TypeKind::Untagged(u) => u
            .variants
            .iter()
            .filter(|v| !v.boxed)
            .map(|v| &v.ty)
            .collect(),
        TypeKind::Responses(r) => r
            .variants
            .iter()
            .filter_map(|v| v.body.as_ref().map(|(ty, _)| ty))
            .collect(),
        TypeKind::Enum(_) | TypeKind::IntEnum(_) => Vec::new(),
    };
    let depth = 1 + inline
        .into_iter()
        .map(|ty| ref_depth(api, ty, depths))
        .max()
        .unwrap_or(0);
    depths.insert(id, depth);
    depth
}

fn ref_depth(api: &Api, ty: &TypeRef, depths: &mut HashMap<TypeId, usize>) -> usize {
    match ty {
        TypeRef::Named(id) => type_depth(api, *id, depths),
        TypeRef::Option(inner) => 1 + ref_depth(api, inner, depths),
        _ => 0,
    }
}
