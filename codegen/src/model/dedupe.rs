//! Inline schemas of identical shape become one type.
//!
//! Large specs repeat the same inline schema in many places: GitHub's spec writes the
//! `read`/`write` permission enum inline 955 times, and an object holding just `href` 277
//! times. Each copy would be a type of its own, with its own serde derive expansion, which the
//! crate's users pay for on every compile. Here every inline definition is compared with the
//! others by its shape (what the Rust definition would say, docs and spec locations aside),
//! children first, so that two objects whose members are copies of one another are copies
//! too; each set of copies is kept once.
//!
//! Named schemas (`components/schemas`) are never merged, with one another or with inline
//! copies of them: their names are the spec's, and two named schemas of one shape are two
//! concepts to their users. Nor are the definitions of one operation: its parameters, its
//! responses, and the schema of a request or response body itself, which is named after the
//! operation (`PullsUpdateReviewRequest` would be a puzzling type for another operation's
//! body); the types inside a body are merged like any other.
//!
//! **Names.** A merged string enum of at most three values is named after them
//! (`ReadOrWrite`, `BotOrUserOrOrganization`); any other merged type takes the shortest of
//! the names its copies would have had on their own (ties: the first in alphabetical order).
//! Every other copy's name stays, as an alias of the merged type (`pub type
//! AppPermissionsActions = ReadOrWrite;`) that carries the copy's docs and example: code
//! written against a copy's name compiles whatever the spec's next version merges, and an alias
//! costs the compiler next to nothing. The merged type keeps the docs its copies agree on, and
//! none when they differ (each use keeps its own docs, on its field or alias).

use std::collections::HashMap;

use super::walk::{children, ids_in_kind_mut, ids_in_operation_mut, ids_in_type_mut};
use super::{Example, Field, Leniency, Operation, TypeDef, TypeId, TypeKind, TypeRef, Webhook};

/// Where each definition went: its new index, the merged type's for a copy.
pub struct Merged {
    new_id: Vec<TypeId>,
}

impl Merged {
    pub fn id(&self, old: TypeId) -> TypeId {
        self.new_id[old]
    }
}

/// Merges the inline definitions of `defs` that have the same shape (see the module docs),
/// and returns where every old index went. Linear in the size of the definitions: each is
/// visited once, children before parents (an explicit stack, as nesting can be deep).
pub fn merge_identical(defs: &mut Vec<TypeDef>, mergeable: impl Fn(&TypeDef) -> bool) -> Merged {
    let count = defs.len();
    // The class of each definition: definitions in one class are copies of one another.
    let mut class: Vec<Option<usize>> = vec![None; count];
    let mut classes: HashMap<String, usize> = HashMap::new();
    let mut members: Vec<Vec<TypeId>> = Vec::new();
    let mut on_stack = vec![false; count];
    for root in 0..count {
        if class[root].is_some() {
            continue;
        }
        let mut stack: Vec<(TypeId, bool)> = vec![(root, false)];
        while let Some((id, children_done)) = stack.pop() {
            if class[id].is_some() {
                continue;
            }
            if !children_done {
                if on_stack[id] {
                    continue;
                }
                on_stack[id] = true;
                stack.push((id, true));
                for child in children(&defs[id].kind) {
                    if class[child].is_none() && !on_stack[child] {
                        stack.push((child, false));
                    }
                }
                continue;
            }
            on_stack[id] = false;
            let def = &defs[id];
            let new_class = members.len();
            let c = if mergeable(def) {
                // A child still being visited (a cycle) has no class: the key then names the
                // definition itself, which only that definition matches.
                let key = shape_key(def, &|child| match class[child] {
                    Some(c) => format!("c{c}"),
                    None => format!("d{child}"),
                });
                *classes.entry(key).or_insert(new_class)
            } else {
                new_class
            };
            if c == new_class {
                members.push(Vec::new());
            }
            members[c].push(id);
            class[id] = Some(c);
        }
    }

    // Each class is kept as one of its members: the one with the shortest name.
    let mut keeper: Vec<TypeId> = Vec::with_capacity(members.len());
    for copies in &members {
        let best = copies
            .iter()
            .copied()
            .min_by(|&a, &b| {
                let (a, b) = (&defs[a].name, &defs[b].name);
                a.len().cmp(&b.len()).then_with(|| a.cmp(b))
            })
            .unwrap_or_default();
        keeper.push(best);
    }
    let mut new_id = vec![0; count];
    let mut kept = 0;
    for id in 0..count {
        let c = class[id].unwrap_or_default();
        if keeper[c] == id {
            new_id[id] = kept;
            kept += 1;
        }
    }
    for id in 0..count {
        let c = class[id].unwrap_or_default();
        new_id[id] = new_id[keeper[c]];
    }

    // Docs agreed on by every copy; the examples of the others are kept apart.
    let mut docs_agree = vec![true; count];
    for copies in members.iter().filter(|m| m.len() > 1) {
        let first = &defs[copies[0]].docs;
        let agree = copies.iter().all(|&id| &defs[id].docs == first);
        for &id in copies {
            docs_agree[id] = agree;
        }
    }
    let old = std::mem::take(defs);
    let mut aliases = Vec::new();
    for (id, mut def) in old.into_iter().enumerate() {
        let c = class[id].unwrap_or_default();
        if keeper[c] != id {
            // A copy's name stays, as an alias of the merged type with the copy's docs and
            // example: code written against it still compiles.
            let target = TypeRef::Named(new_id[id]);
            aliases.push(alias_of(def, target));
            continue;
        }
        if members[c].len() > 1 {
            if let Some(name) = name_by_values(&def.kind) {
                let own = TypeDef {
                    name: std::mem::replace(&mut def.name, name),
                    docs: def.docs.clone(),
                    origin: def.origin.clone(),
                    example: None,
                    kind: TypeKind::Alias(TypeRef::Named(new_id[id])),
                    constraints: Default::default(),
                    derives: Vec::new(),
                };
                aliases.push(own);
            }
            if !docs_agree[id] {
                def.docs = None;
            }
        }
        defs.push(def);
    }
    let merged = Merged { new_id };
    for def in defs.iter_mut() {
        ids_in_kind_mut(&mut def.kind, &mut |id| *id = merged.id(*id));
    }
    defs.extend(aliases);
    merged
}

/// The alias that keeps a merged-away copy's name.
fn alias_of(copy: TypeDef, target: TypeRef) -> TypeDef {
    TypeDef {
        kind: TypeKind::Alias(target),
        constraints: Default::default(),
        derives: Vec::new(),
        ..copy
    }
}

/// True for the schema of a request or response body itself
/// (`.../requestBody/content/{media}/schema`, `.../responses/{status}/content/{media}/schema`,
/// and their `components` forms), which is named after its operation.
pub fn is_body_schema(pointer: &str) -> bool {
    let tokens: Vec<&str> = pointer.rsplit('/').take(5).collect();
    matches!(
        tokens.as_slice(),
        ["schema", _, "content", "requestBody", ..]
            | ["schema", _, "content", _, "responses" | "requestBodies"]
    )
}

/// The name of a string enum of at most three values, shared by several copies: its values
/// (`ReadOrWrite`), which say more than the name of any one use (`AppPermissionsPages` for
/// the permission of `actions`) and stay the same however the uses change.
fn name_by_values(kind: &TypeKind) -> Option<String> {
    const MAX_VALUES: usize = 3;
    const MAX_LEN: usize = 40;
    let TypeKind::Enum(e) = kind else {
        return None;
    };
    if e.variants.is_empty() || e.variants.len() > MAX_VALUES {
        return None;
    }
    let names: Vec<&str> = e.variants.iter().map(|v| v.name.as_str()).collect();
    let name = names.join("Or");
    (name.len() <= MAX_LEN).then_some(name)
}

/// Points every reference of the API's operations, webhooks and examples at the merged
/// definitions.
pub fn remap_operations(
    merged: &Merged,
    operations: &mut [Operation],
    webhooks: &mut [Webhook],
    examples: &mut [Example],
) {
    let mut f = |id: &mut TypeId| *id = merged.id(*id);
    for op in operations {
        ids_in_operation_mut(op, &mut f);
    }
    for webhook in webhooks {
        if let Some(ty) = &mut webhook.payload {
            ids_in_type_mut(ty, &mut f);
        }
    }
    for example in examples {
        ids_in_type_mut(&mut example.ty, &mut f);
    }
}

/// What the emitted definition says, but for its name, its docs and where the spec writes
/// it: the key two copies share. Referenced definitions are written as `class(id)`.
fn shape_key(def: &TypeDef, class: &dyn Fn(TypeId) -> String) -> String {
    let mut kind = def.kind.clone();
    match &mut kind {
        TypeKind::Struct(s) => s.fields.iter_mut().for_each(strip_field),
        TypeKind::Tagged(t) => t.variants.iter_mut().for_each(|v| v.docs = None),
        TypeKind::Untagged(u) => u.variants.iter_mut().for_each(|v| v.docs = None),
        _ => {}
    }
    // The shape with every definition it names replaced by 0, then their classes in order
    // of mention.
    let mut classes = String::new();
    ids_in_kind_mut(&mut kind, &mut |id| {
        classes.push_str(&class(*id));
        classes.push(',');
        *id = 0;
    });
    format!(
        "{:?}|{:?}|{:?}|{classes}",
        kind, def.constraints, def.derives
    )
}

/// A field's shape: its docs and the spec locations it carries left out.
fn strip_field(field: &mut Field) {
    field.docs = None;
    if let Some(default) = &mut field.default {
        default.at.pointer.clear();
        default.at.file = 0;
    }
    if let Some(Leniency::Example { location, .. }) = &mut field.lenient {
        location.clear();
    }
}
