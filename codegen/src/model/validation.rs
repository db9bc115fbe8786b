//! Which values have something to check before they are sent: the rules of aliases folded
//! into every use of them, and the definitions that get a check of their own (an
//! `impl Validate` in the generated crate) because they carry a rule, directly or through
//! what they hold, and a request can hold them.

use super::constraints::nested;
use super::{Api, Constraints, TypeDef, TypeId, TypeKind, TypeRef};

/// Which definitions have a check of their own (an `impl Validate`), by [`TypeId`].
#[derive(Debug, Clone, Default)]
pub struct Checked(Vec<bool>);

impl Checked {
    /// The definitions that carry a rule (their own members', or those of a type they
    /// hold, at any depth) and that a request can hold (a body, a parameter, or a part of
    /// one).
    pub fn of(api: &Api) -> Checked {
        let types = &api.types;
        // From each definition with a rule of its own to those that hold it, and on: a
        // definition that holds one with something to check has something to check.
        let mut holders: Vec<Vec<TypeId>> = vec![Vec::new(); types.len()];
        let mut carries = vec![false; types.len()];
        let mut work = Vec::new();
        for (id, def) in types.iter().enumerate() {
            let mut held = Vec::new();
            if own_rules(def, &mut held) {
                carries[id] = true;
                work.push(id);
            }
            for h in held {
                holders[h].push(id);
            }
        }
        while let Some(id) = work.pop() {
            for &holder in &holders[id] {
                if !std::mem::replace(&mut carries[holder], true) {
                    work.push(holder);
                }
            }
        }
        let requested = requested(api);
        Checked(
            types
                .iter()
                .enumerate()
                .map(|(id, def)| {
                    // An alias has no impl: its uses carry its rules and check what it holds.
                    let has_impl = matches!(
                        def.kind,
                        TypeKind::Struct(_)
                            | TypeKind::Newtype(_)
                            | TypeKind::Tagged(_)
                            | TypeKind::Untagged(_)
                    );
                    carries[id] && requested[id] && has_impl
                })
                .collect(),
        )
    }

    /// True when the definition has a check of its own.
    pub fn has(&self, id: TypeId) -> bool {
        self.0.get(id).copied().unwrap_or(false)
    }

    /// True when some definition has one.
    pub fn any(&self) -> bool {
        self.0.iter().any(|v| *v)
    }

    /// True when a value of `ty`, at a use that carries `constraints`, has something to
    /// check.
    pub fn checks(&self, types: &[TypeDef], ty: &TypeRef, constraints: &Constraints) -> bool {
        !constraints.is_empty() || self.holds(types, ty)
    }

    /// True when `ty` holds (through options, lists, maps and aliases) a definition that has
    /// a check of its own.
    pub fn holds(&self, types: &[TypeDef], ty: &TypeRef) -> bool {
        holds_validated(types, &self.0, ty, 0)
    }

    /// True when some rule that is checked is a `pattern`: the generated crate then needs
    /// the runtime's `pattern.rs` and the regex-lite crate.
    pub fn patterns(&self, api: &Api) -> bool {
        let in_operations = api.operations.iter().any(|op| {
            op.path_params.iter().any(|p| p.constraints.has_pattern())
                || op
                    .body
                    .as_ref()
                    .is_some_and(|b| b.constraints.has_pattern())
        });
        self.patterns_in_types(api) || in_operations
    }

    /// True when a definition's own check (an `impl Validate` in `models`) has a `pattern`.
    pub fn patterns_in_types(&self, api: &Api) -> bool {
        (0..api.types.len()).any(|id| self.pattern_in_type(api, id))
    }

    /// True when the check of the definition `id` matches a pattern.
    pub fn pattern_in_type(&self, api: &Api, id: TypeId) -> bool {
        let def = &api.types[id];
        self.has(id)
            && match &def.kind {
                TypeKind::Struct(s) => {
                    s.fields.iter().any(|f| f.constraints.has_pattern())
                        || s.additional_constraints.has_pattern()
                }
                TypeKind::Newtype(_) => def.constraints.has_pattern(),
                _ => false,
            }
    }
}

/// True when a use in the definition carries a rule (an alias's are its uses'); adds the
/// definitions it holds to `held`. Per-status responses are no value of a request: they hold
/// nothing here.
fn own_rules(def: &TypeDef, held: &mut Vec<TypeId>) -> bool {
    match &def.kind {
        TypeKind::Struct(s) => {
            for f in &s.fields {
                named_in(&f.ty, held);
            }
            if let Some(v) = &s.additional {
                named_in(v, held);
            }
            s.fields.iter().any(|f| !f.constraints.is_empty())
                || (s.additional.is_some() && !s.additional_constraints.is_empty())
        }
        TypeKind::Newtype(target) => {
            named_in(target, held);
            !def.constraints.is_empty()
        }
        TypeKind::Alias(target) => {
            named_in(target, held);
            false
        }
        TypeKind::Tagged(t) => {
            t.variants.iter().for_each(|v| named_in(&v.ty, held));
            false
        }
        TypeKind::Untagged(u) => {
            u.variants.iter().for_each(|v| named_in(&v.ty, held));
            false
        }
        TypeKind::Enum(_) | TypeKind::IntEnum(_) | TypeKind::Responses(_) => false,
    }
}

/// True when `ty` holds (through options, lists, maps and aliases) a definition marked in
/// `marked`.
fn holds_validated(types: &[TypeDef], marked: &[bool], ty: &TypeRef, depth: usize) -> bool {
    if depth > types.len() + 8 {
        return false;
    }
    match ty {
        TypeRef::Option(inner) | TypeRef::Vec(inner) | TypeRef::Map(inner) => {
            holds_validated(types, marked, inner, depth + 1)
        }
        TypeRef::Named(id) => match &types[*id].kind {
            TypeKind::Alias(target) => holds_validated(types, marked, target, depth + 1),
            _ => marked[*id],
        },
        _ => false,
    }
}

/// The definitions a request can hold: those of bodies and parameters, and all they hold.
fn requested(api: &Api) -> Vec<bool> {
    let types = &api.types;
    let mut seen = vec![false; types.len()];
    let mut work: Vec<TypeId> = Vec::new();
    for op in &api.operations {
        for p in &op.path_params {
            named_in(&p.ty, &mut work);
        }
        if let Some(params) = &op.params {
            work.push(params.ty);
        }
        if let Some(body) = &op.body {
            named_in(&body.ty, &mut work);
        }
    }
    while let Some(id) = work.pop() {
        if std::mem::replace(&mut seen[id], true) {
            continue;
        }
        match &types[id].kind {
            TypeKind::Alias(t) | TypeKind::Newtype(t) => named_in(t, &mut work),
            TypeKind::Struct(s) => {
                for f in &s.fields {
                    named_in(&f.ty, &mut work);
                }
                if let Some(v) = &s.additional {
                    named_in(v, &mut work);
                }
            }
            TypeKind::Tagged(t) => t.variants.iter().for_each(|v| named_in(&v.ty, &mut work)),
            TypeKind::Untagged(u) => u.variants.iter().for_each(|v| named_in(&v.ty, &mut work)),
            TypeKind::Enum(_) | TypeKind::IntEnum(_) | TypeKind::Responses(_) => {}
        }
    }
    seen
}

/// Adds the definition `ty` names (through options, lists and maps) to `work`.
fn named_in(ty: &TypeRef, work: &mut Vec<TypeId>) {
    match ty {
        TypeRef::Option(inner) | TypeRef::Vec(inner) | TypeRef::Map(inner) => named_in(inner, work),
        TypeRef::Tuple(items) => items.iter().for_each(|item| named_in(item, work)),
        TypeRef::Named(id) => work.push(*id),
        _ => {}
    }
}

/// The rules of `c` that apply to a value of `ty`: lengths and patterns to text, bounds to
/// numbers, counts to lists, and the same for the items of a list and the values of a map.
/// The others say nothing about the Rust value (a `maxLength` on bytes, a `minimum` on text,
/// a rule on a type the model names): dropped here, so that what [`Checked`] says is checked
/// is what the generated checks check.
fn applicable(types: &[TypeDef], ty: &TypeRef, c: Constraints, depth: usize) -> Constraints {
    use super::Rule;
    if depth > types.len() + 8 {
        return Constraints::default();
    }
    let keep = |c: &Constraints, applies: fn(&Rule) -> bool| -> Vec<Rule> {
        c.rules.iter().filter(|r| applies(r)).cloned().collect()
    };
    match ty.expand(types) {
        TypeRef::Option(inner) => applicable(types, inner, c, depth + 1),
        TypeRef::String => Constraints {
            rules: keep(&c, |r| {
                matches!(
                    r,
                    Rule::MinLength(_) | Rule::MaxLength(_) | Rule::Pattern(_)
                )
            }),
            ..Constraints::default()
        },
        TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 | TypeRef::F32 | TypeRef::F64 => {
            Constraints {
                rules: keep(&c, |r| {
                    matches!(
                        r,
                        Rule::Minimum(_)
                            | Rule::ExclusiveMinimum(_)
                            | Rule::Maximum(_)
                            | Rule::ExclusiveMaximum(_)
                    )
                }),
                ..Constraints::default()
            }
        }
        TypeRef::Vec(item) => Constraints {
            rules: keep(&c, |r| matches!(r, Rule::MinItems(_) | Rule::MaxItems(_))),
            items: c
                .items
                .and_then(|items| nested(applicable(types, item, *items, depth + 1))),
            values: None,
        },
        TypeRef::Map(value) => Constraints {
            rules: Vec::new(),
            items: None,
            values: c
                .values
                .and_then(|values| nested(applicable(types, value, *values, depth + 1))),
        },
        _ => Constraints::default(),
    }
}

/// Folds the rules of aliases into every use of them, once the model is complete (while it
/// is built, an alias's definition may be a placeholder): a field of type `ConversationId`
/// then carries `ConversationId`'s `maxLength`, and an alias or newtype carries those of the
/// aliases it expands to. Then works out which definitions get a check of their own
/// ([`Api::checked`]).
pub fn settle(api: &mut Api) {
    let types = &api.types;
    let folded_defs: Vec<Option<Constraints>> = types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Alias(target) | TypeKind::Newtype(target) => Some(applicable(
                types,
                target,
                effective(types, target, &def.constraints, 0),
                0,
            )),
            _ => None,
        })
        .collect();
    let folded_fields: Vec<Vec<Constraints>> = types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .map(|f| applicable(types, &f.ty, effective(types, &f.ty, &f.constraints, 0), 0))
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    let folded_additional: Vec<Constraints> = types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Struct(s) => s
                .additional
                .as_ref()
                .map_or_else(Constraints::default, |v| {
                    applicable(
                        types,
                        v,
                        effective(types, v, &s.additional_constraints, 0),
                        0,
                    )
                }),
            _ => Constraints::default(),
        })
        .collect();
    let folded_ops: Vec<(Vec<Constraints>, Option<Constraints>)> = api
        .operations
        .iter()
        .map(|op| {
            let params = op
                .path_params
                .iter()
                .map(|p| applicable(types, &p.ty, effective(types, &p.ty, &p.constraints, 0), 0))
                .collect();
            let body = op
                .body
                .as_ref()
                .map(|b| applicable(types, &b.ty, effective(types, &b.ty, &b.constraints, 0), 0));
            (params, body)
        })
        .collect();

    for (((def, folded), fields), additional) in api
        .types
        .iter_mut()
        .zip(folded_defs)
        .zip(folded_fields)
        .zip(folded_additional)
    {
        if let Some(folded) = folded {
            def.constraints = folded;
        }
        if let TypeKind::Struct(s) = &mut def.kind {
            for (field, folded) in s.fields.iter_mut().zip(fields) {
                field.constraints = folded;
            }
            s.additional_constraints = additional;
        }
    }
    for (op, (params, body)) in api.operations.iter_mut().zip(folded_ops) {
        for (param, folded) in op.path_params.iter_mut().zip(params) {
            param.constraints = folded;
        }
        if let (Some(b), Some(folded)) = (&mut op.body, body) {
            b.constraints = folded;
        }
    }
    api.checked = Checked::of(api);
}

/// The constraints of a use of `ty` that declares `own`, with those of the aliases it
/// expands to (at any depth of lists and maps). A chain of aliases is finite (a cycle is a
/// newtype), so the depth only guards against a broken model.
fn effective(types: &[TypeDef], ty: &TypeRef, own: &Constraints, depth: usize) -> Constraints {
    if depth > types.len() + 8 {
        return own.clone();
    }
    match ty {
        TypeRef::Option(inner) => effective(types, inner, own, depth + 1),
        TypeRef::Named(id) => match &types[*id].kind {
            TypeKind::Alias(target) => {
                let mut out = own.clone();
                out.merge(effective(types, target, &types[*id].constraints, depth + 1));
                out
            }
            _ => own.clone(),
        },
        TypeRef::Vec(item) => Constraints {
            rules: own.rules.clone(),
            items: nested(effective(
                types,
                item,
                own.items.as_deref().unwrap_or(&Constraints::default()),
                depth + 1,
            )),
            values: None,
        },
        TypeRef::Map(value) => Constraints {
            rules: own.rules.clone(),
            items: None,
            values: nested(effective(
                types,
                value,
                own.values.as_deref().unwrap_or(&Constraints::default()),
                depth + 1,
            )),
        },
        _ => own.clone(),
    }
}
