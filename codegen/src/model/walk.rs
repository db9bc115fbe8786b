//! Where the model names type definitions: the one list of the places a definition, a default
//! value or an operation holds a [`TypeId`], for the passes that read them (what a type uses,
//! what an operation needs) and for those that rewrite them (the merge of copies).
//!
//! Each walker exists twice, for `&` and `&mut`, written once by a macro so that the two
//! cannot drift apart: a place added to one is added to both.

use super::{Literal, Operation, Outcome, TypeId, TypeKind, TypeRef};

macro_rules! walkers {
    ($kind:ident, $literal:ident, $reference:ident, $operation:ident; $($mutability:tt)?) => {
        /// Calls `f` on each definition a type reference names (inside lists, maps, options
        /// and tuples too).
        pub fn $reference(ty: &$($mutability)? TypeRef, f: &mut impl FnMut(&$($mutability)? TypeId)) {
            match ty {
                TypeRef::Named(id) => f(id),
                TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => {
                    $reference(inner, f)
                }
                TypeRef::Tuple(items) => {
                    for item in items {
                        $reference(item, f);
                    }
                }
                _ => {}
            }
        }

        /// Calls `f` on each definition a definition names: in its fields, variants and
        /// targets, and the enums its members' default values are variants of.
        pub fn $kind(kind: &$($mutability)? TypeKind, f: &mut impl FnMut(&$($mutability)? TypeId)) {
            match kind {
                TypeKind::Alias(ty) | TypeKind::Newtype(ty) => $reference(ty, f),
                TypeKind::Struct(s) => {
                    for field in &$($mutability)? s.fields {
                        $reference(&$($mutability)? field.ty, f);
                        if let Some(default) = &$($mutability)? field.default {
                            if let Some(value) = &$($mutability)? default.value {
                                $literal(value, f);
                            }
                        }
                    }
                    if let Some(ty) = &$($mutability)? s.additional {
                        $reference(ty, f);
                    }
                }
                TypeKind::Enum(_) => {}
                TypeKind::IntEnum(e) => $reference(&$($mutability)? e.repr, f),
                TypeKind::Tagged(t) => {
                    for variant in &$($mutability)? t.variants {
                        $reference(&$($mutability)? variant.ty, f);
                    }
                }
                TypeKind::Untagged(u) => {
                    for variant in &$($mutability)? u.variants {
                        $reference(&$($mutability)? variant.ty, f);
                    }
                }
                TypeKind::Responses(r) => {
                    for variant in &$($mutability)? r.variants {
                        if let Some((ty, _)) = &$($mutability)? variant.body {
                            $reference(ty, f);
                        }
                    }
                }
            }
        }

        /// Calls `f` on each enum definition a default value names.
        pub fn $literal(value: &$($mutability)? Literal, f: &mut impl FnMut(&$($mutability)? TypeId)) {
            match value {
                Literal::Variant { ty, .. } => f(ty),
                Literal::Some(inner) => $literal(inner, f),
                Literal::List(items) => {
                    for item in items {
                        $literal(item, f);
                    }
                }
                Literal::Map(entries) => {
                    for (_, item) in entries {
                        $literal(item, f);
                    }
                }
                _ => {}
            }
        }

        /// Calls `f` on each definition an operation uses directly: its path parameters,
        /// its parameters struct, its body, its responses and outcomes, and the items it
        /// pages through.
        pub fn $operation(op: &$($mutability)? Operation, f: &mut impl FnMut(&$($mutability)? TypeId)) {
            for param in &$($mutability)? op.path_params {
                $reference(&$($mutability)? param.ty, f);
            }
            if let Some(params) = &$($mutability)? op.params {
                f(&$($mutability)? params.ty);
            }
            if let Some(body) = &$($mutability)? op.body {
                $reference(&$($mutability)? body.ty, f);
            }
            for response in &$($mutability)? op.responses {
                if let Some((ty, _)) = &$($mutability)? response.body {
                    $reference(ty, f);
                }
            }
            for outcome in [&$($mutability)? op.success, &$($mutability)? op.failure] {
                match outcome {
                    Outcome::Empty => {}
                    Outcome::One(ty, _) => $reference(ty, f),
                    Outcome::PerStatus(id) => f(id),
                }
            }
            if let Some(pagination) = &$($mutability)? op.pagination {
                $reference(&$($mutability)? pagination.item, f);
            }
        }
    };
}

walkers!(ids_in_kind, ids_in_literal, ids_in_type, ids_in_operation;);
walkers!(ids_in_kind_mut, ids_in_literal_mut, ids_in_type_mut, ids_in_operation_mut; mut);

/// The definitions a definition names, in order of mention (with repeats).
pub fn children(kind: &TypeKind) -> Vec<TypeId> {
    let mut out = Vec::new();
    ids_in_kind(kind, &mut |&id| out.push(id));
    out
}
