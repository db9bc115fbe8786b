//! `codegen diff`: what changed between two versions of a spec, for a Rust user of the
//! generated crate.
//!
//! Both specs are modelled as the generator would model them; operations are matched by
//! operationId, types by Rust name. Every change is *wire-level* (the JSON or HTTP exchange
//! changes) or *Rust-level* (only the generated Rust API changes, e.g. a type renamed because
//! the spec was bundled differently), and *breaking* (code or requests that worked may stop
//! working) or not.
//!
//! The policy: removing anything, adding something required, making something required,
//! changing a type, and removing an enum value or union variant are breaking. Adding an
//! operation, an optional field or parameter, an enum value (enums have `Other` and are
//! `#[non_exhaustive]`) or a union variant is not; neither is a newly deprecated operation.
//! Making a required field optional changes its Rust type (`T` to `Option<T>`), so it is a
//! breaking Rust-level change.

mod render;
mod shape;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

pub use render::{to_json, to_markdown};
use shape::{expanded_text, rust_text, WireShapes};

use crate::model::{
    Api, Field, IntegerEnum, Operation, Outcome, StringEnum, StructDef, TypeId, TypeKind, TypeRef,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The HTTP exchange changes.
    Wire,
    /// Only the generated Rust API changes.
    Rust,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub level: Level,
    pub breaking: bool,
    /// What changed: `Client::create_member`, `ChannelFrom`, `Member.state`.
    pub subject: String,
    /// How, in a sentence fragment: "added", "type changed from `String` to `MemberState`".
    pub detail: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Version {
    pub title: String,
    pub version: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub old: Version,
    pub new: Version,
    /// Ordered by level, then breaking first, then subject.
    pub changes: Vec<Change>,
}

impl Report {
    pub fn breaking(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.breaking)
    }
}

/// Compares two modelled specs.
pub fn diff(old: &Api, new: &Api) -> Report {
    let mut cx = Diff {
        old,
        new,
        old_wire: WireShapes::new(old),
        new_wire: WireShapes::new(new),
        renamed: BTreeMap::new(),
        changes: Vec::new(),
        old_aliases: aliases(old),
        new_aliases: aliases(new),
    };
    cx.types();
    cx.operations();
    let mut changes = cx.changes;
    changes.sort_by(|a, b| {
        (a.level, !a.breaking, &a.subject, &a.detail).cmp(&(
            b.level,
            !b.breaking,
            &b.subject,
            &b.detail,
        ))
    });
    changes.dedup();
    Report {
        old: Version {
            title: old.title.clone(),
            version: old.version.clone(),
        },
        new: Version {
            title: new.title.clone(),
            version: new.version.clone(),
        },
        changes,
    }
}

struct Diff<'a> {
    old: &'a Api,
    new: &'a Api,
    old_wire: WireShapes<'a>,
    new_wire: WireShapes<'a>,
    /// Old type name -> new type name, for types that only changed name.
    renamed: BTreeMap<String, String>,
    changes: Vec<Change>,
    /// Each alias and the definition it stands for (see [`Diff::named_alike`]).
    old_aliases: HashMap<&'a str, TypeId>,
    new_aliases: HashMap<&'a str, TypeId>,
}

impl Diff<'_> {
    fn push(
        &mut self,
        level: Level,
        breaking: bool,
        subject: impl Into<String>,
        detail: impl Into<String>,
    ) {
        self.changes.push(Change {
            level,
            breaking,
            subject: subject.into(),
            detail: detail.into(),
        });
    }

    fn types(&mut self) {
        let old_names: BTreeMap<&str, usize> = self
            .old
            .types
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.as_str(), i))
            .collect();
        let new_names: BTreeMap<&str, usize> = self
            .new
            .types
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.as_str(), i))
            .collect();

        // Types only in one version: a pair with the same wire shape is a rename.
        let mut added: Vec<(&str, usize, u64)> = new_names
            .iter()
            .filter(|(name, _)| !old_names.contains_key(*name))
            .map(|(name, id)| (*name, *id, self.new_wire.of(&TypeRef::Named(*id))))
            .collect();
        for (name, id) in &old_names {
            if new_names.contains_key(name) {
                continue;
            }
            let shape = self.old_wire.of(&TypeRef::Named(*id));
            match added.iter().position(|(_, _, s)| *s == shape) {
                Some(i) => {
                    let (new_name, _, _) = added.remove(i);
                    self.renamed.insert((*name).to_owned(), new_name.to_owned());
                    self.push(Level::Rust, true, *name, format!("renamed to `{new_name}`"));
                }
                None => self.push(Level::Rust, true, *name, "type removed"),
            }
        }
        for (name, _, _) in added {
            self.push(Level::Rust, false, name, "type added");
        }

        for (name, old_id) in &old_names {
            let Some(new_id) = new_names.get(name) else {
                continue;
            };
            let (old_kind, new_kind) =
                (&self.old.types[*old_id].kind, &self.new.types[*new_id].kind);
            match (old_kind, new_kind) {
                (TypeKind::Struct(a), TypeKind::Struct(b)) => self.structs(name, a, b),
                (TypeKind::Enum(a), TypeKind::Enum(b)) => {
                    let values = |e: &StringEnum| -> BTreeSet<String> {
                        e.variants.iter().map(|v| v.value.clone()).collect()
                    };
                    self.enum_values(name, &values(a), &values(b));
                }
                (TypeKind::IntEnum(a), TypeKind::IntEnum(b)) => {
                    let values = |e: &IntegerEnum| -> BTreeSet<i128> {
                        e.variants.iter().map(|v| v.value).collect()
                    };
                    self.enum_values(name, &values(a), &values(b));
                }
                (TypeKind::Tagged(a), TypeKind::Tagged(b)) => {
                    for v in &a.variants {
                        match b.variants.iter().find(|w| w.value == v.value) {
                            None => self.push(
                                Level::Wire,
                                true,
                                *name,
                                format!("variant `{}` (`{}: {}`) removed", v.name, a.tag, v.value),
                            ),
                            Some(w) => {
                                self.compare_types(&format!("{name}::{}", v.name), &v.ty, &w.ty)
                            }
                        }
                    }
                    for w in &b.variants {
                        if !a.variants.iter().any(|v| v.value == w.value) {
                            self.push(
                                Level::Wire,
                                false,
                                *name,
                                format!("variant `{}` (`{}: {}`) added", w.name, b.tag, w.value),
                            );
                        }
                    }
                }
                (TypeKind::Alias(a), TypeKind::Alias(b))
                | (TypeKind::Newtype(a), TypeKind::Newtype(b)) => self.compare_types(name, a, b),
                (a, b) => {
                    let same_wire = self.old_wire.of(&TypeRef::Named(*old_id))
                        == self.new_wire.of(&TypeRef::Named(*new_id));
                    if !same_wire || kind_name(a) != kind_name(b) {
                        let level = if same_wire { Level::Rust } else { Level::Wire };
                        self.push(
                            level,
                            true,
                            *name,
                            format!("changed from {} to {}", kind_name(a), kind_name(b)),
                        );
                    }
                }
            }
        }
    }

    /// The values an enum lost (breaking) and gained.
    fn enum_values<T: Ord + std::fmt::Display>(
        &mut self,
        name: &str,
        a: &BTreeSet<T>,
        b: &BTreeSet<T>,
    ) {
        for gone in a.difference(b) {
            self.push(
                Level::Wire,
                true,
                name,
                format!("enum value `{gone}` removed"),
            );
        }
        for new in b.difference(a) {
            self.push(
                Level::Wire,
                false,
                name,
                format!("enum value `{new}` added"),
            );
        }
    }

    fn structs(&mut self, name: &str, a: &StructDef, b: &StructDef) {
        for f in &a.fields {
            let subject = format!("{name}.{}", f.name);
            match b.fields.iter().find(|g| g.wire == f.wire) {
                None => self.push(
                    Level::Wire,
                    true,
                    subject,
                    format!("field `{}` removed", f.wire),
                ),
                Some(g) => self.fields(&subject, f, g),
            }
        }
        for g in &b.fields {
            if !a.fields.iter().any(|f| f.wire == g.wire) {
                let what = if g.required { "required" } else { "optional" };
                self.push(
                    Level::Wire,
                    g.required,
                    format!("{name}.{}", g.name),
                    format!("{what} field `{}` added", g.wire),
                );
            }
        }
    }

    fn fields(&mut self, subject: &str, f: &Field, g: &Field) {
        // Absent members are `None` (optional without a default it takes), or the default.
        let absent_is_none = |f: &Field| !f.required && f.default_value().is_none();
        let shown = |f: &Field| f.default.as_ref().map(|d| d.json.to_string());
        if f.required && !g.required {
            match shown(g).filter(|_| !absent_is_none(g)) {
                Some(default) => self.push(
                    Level::Wire,
                    false,
                    subject,
                    format!("became optional (when absent, it is `{default}`)"),
                ),
                None => self.push(
                    Level::Rust,
                    true,
                    subject,
                    "became optional (its type is now an `Option`)",
                ),
            }
        }
        if !f.required && g.required {
            self.push(Level::Wire, true, subject, "became required");
        }
        if !f.required && !g.required && absent_is_none(f) != absent_is_none(g) {
            let detail = match shown(g).filter(|_| !absent_is_none(g)) {
                Some(default) => {
                    format!(
                        "defaults to `{default}` when absent (its type is no longer an `Option`)"
                    )
                }
                None => "lost its default (its type is now an `Option`)".into(),
            };
            self.push(Level::Rust, true, subject, detail);
        }
        if let (Some(a), Some(b)) = (shown(f), shown(g)) {
            if a != b {
                self.push(
                    Level::Wire,
                    false,
                    subject,
                    format!("default changed from `{a}` to `{b}`"),
                );
            }
        }
        if f.name != g.name {
            self.push(
                Level::Rust,
                true,
                subject,
                format!("Rust field renamed to `{}`", g.name),
            );
        }
        self.compare_types(subject, &f.ty, &g.ty);
    }

    /// Reports a change of the type at a use site (a field, a parameter, a body). When both
    /// sides name the same Rust type, nothing is reported here: changes inside that type are
    /// reported where it is defined. A different spelling is wire-level when the JSON differs,
    /// and Rust-level otherwise; swapping an alias for what it stands for breaks no code.
    fn compare_types(&mut self, subject: &str, a: &TypeRef, b: &TypeRef) {
        let (old_text, new_text) = (rust_text(self.old, a), rust_text(self.new, b));
        if old_text == new_text
            || self.explained_by_renames(&old_text, &new_text)
            || self.named_alike(a, b)
        {
            return;
        }
        let detail = format!("type changed from `{old_text}` to `{new_text}`");
        if self.old_wire.of(a) != self.new_wire.of(b) {
            self.push(Level::Wire, true, subject, detail);
        } else {
            let same_rust = expanded_text(self.old, a) == expanded_text(self.new, b);
            self.push(Level::Rust, !same_rust, subject, detail);
        }
    }

    /// True when the use names the same type in both versions through an alias: the old
    /// version's `ChannelFrom` was an alias of `ChannelTo` (two identical inline schemas
    /// merged into one type) and the new one names `ChannelFrom` itself, or the other way
    /// round. Whatever changed is reported where `ChannelFrom` is defined.
    fn named_alike(&self, a: &TypeRef, b: &TypeRef) -> bool {
        match (a, b) {
            (TypeRef::Option(a), TypeRef::Option(b))
            | (TypeRef::Vec(a), TypeRef::Vec(b))
            | (TypeRef::Map(a), TypeRef::Map(b)) => self.named_alike(a, b),
            (TypeRef::Named(x), TypeRef::Named(y)) => {
                let (old_name, new_name) = (&self.old.types[*x].name, &self.new.types[*y].name);
                old_name == new_name
                    || self.old_aliases.get(new_name.as_str()) == Some(x)
                    || self.new_aliases.get(old_name.as_str()) == Some(y)
            }
            _ => rust_text(self.old, a) == rust_text(self.new, b),
        }
    }

    fn explained_by_renames(&self, old_text: &str, new_text: &str) -> bool {
        let mut renamed = old_text.to_owned();
        for (from, to) in &self.renamed {
            renamed = replace_word(&renamed, from, to);
        }
        renamed == new_text
    }

    fn operations(&mut self) {
        let old_ops: BTreeMap<&str, &Operation> = self
            .old
            .operations
            .iter()
            .map(|o| (o.id.as_str(), o))
            .collect();
        let new_ops: BTreeMap<&str, &Operation> = self
            .new
            .operations
            .iter()
            .map(|o| (o.id.as_str(), o))
            .collect();
        for (id, a) in &old_ops {
            let subject = format!("Client::{}", a.name);
            let Some(b) = new_ops.get(id) else {
                let route = format!("`{} {}`", a.method, a.path);
                match new_ops
                    .values()
                    .find(|b| b.method == a.method && b.path == a.path)
                {
                    Some(b) => self.push(
                        Level::Rust,
                        true,
                        subject,
                        format!(
                            "renamed to `Client::{}` (operationId `{}`, same route {route})",
                            b.name, b.id
                        ),
                    ),
                    None => self.push(
                        Level::Wire,
                        true,
                        subject,
                        format!("operation removed ({route})"),
                    ),
                }
                continue;
            };
            self.operation(&subject, a, b);
        }
        for (id, b) in &new_ops {
            let renamed_here = old_ops.values().any(|a| {
                !new_ops.contains_key(a.id.as_str()) && a.method == b.method && a.path == b.path
            });
            if !old_ops.contains_key(id) && !renamed_here {
                self.push(
                    Level::Wire,
                    false,
                    format!("Client::{}", b.name),
                    format!("operation added (`{} {}`)", b.method, b.path),
                );
            }
        }
    }

    fn operation(&mut self, subject: &str, a: &Operation, b: &Operation) {
        if a.name != b.name {
            self.push(
                Level::Rust,
                true,
                subject,
                format!("method renamed to `{}`", b.name),
            );
        }
        if (a.method.as_str(), a.path.as_str()) != (b.method.as_str(), b.path.as_str()) {
            self.push(
                Level::Wire,
                true,
                subject,
                format!(
                    "route changed from `{} {}` to `{} {}`",
                    a.method, a.path, b.method, b.path
                ),
            );
        }
        if !a.deprecated && b.deprecated {
            self.push(Level::Wire, false, subject, "deprecated");
        }
        if a.server != b.server {
            let show =
                |s: &Option<String>| s.clone().unwrap_or_else(|| "the spec's default".into());
            self.push(
                Level::Wire,
                false,
                subject,
                format!(
                    "server changed from {} to {}",
                    show(&a.server),
                    show(&b.server)
                ),
            );
        }
        for p in &a.path_params {
            match b.path_params.iter().find(|q| q.wire == p.wire) {
                None => self.push(
                    Level::Wire,
                    true,
                    subject,
                    format!("path parameter `{}` removed", p.wire),
                ),
                Some(q) => self.compare_types(&format!("{subject}({})", p.wire), &p.ty, &q.ty),
            }
        }
        for q in &b.path_params {
            if !a.path_params.iter().any(|p| p.wire == q.wire) {
                self.push(
                    Level::Wire,
                    true,
                    subject,
                    format!("path parameter `{}` added", q.wire),
                );
            }
        }
        self.parameters(subject, a, b);
        match (&a.body, &b.body) {
            (None, Some(body)) => self.push(
                Level::Wire,
                true,
                subject,
                format!("request body added (`{}`)", rust_text(self.new, &body.ty)),
            ),
            (Some(_), None) => self.push(Level::Wire, true, subject, "request body removed"),
            (Some(x), Some(y)) => {
                if x.required != y.required {
                    let now = if y.required { "required" } else { "optional" };
                    self.push(
                        Level::Rust,
                        true,
                        subject,
                        format!("request body became {now}"),
                    );
                }
                self.compare_types(&format!("{subject} body"), &x.ty, &y.ty);
            }
            (None, None) => {}
        }
        match (outcome_type(&a.failure), outcome_type(&b.failure)) {
            (Some(x), Some(y)) => self.compare_types(&format!("{subject} error"), &x, &y),
            // The server could always answer so; what changes is the method's error type.
            (None, Some(y)) => self.push(
                Level::Rust,
                true,
                subject,
                format!("error type is now `Error<{}>`", rust_text(self.new, &y)),
            ),
            (Some(x), None) => self.push(
                Level::Rust,
                true,
                subject,
                format!(
                    "error type is now `Error` instead of `Error<{}>`",
                    rust_text(self.old, &x)
                ),
            ),
            (None, None) => {}
        }
        match (outcome_type(&a.success), outcome_type(&b.success)) {
            (Some(x), Some(y)) => self.compare_types(&format!("{subject} response"), &x, &y),
            (None, Some(y)) => self.push(
                Level::Wire,
                true,
                subject,
                format!("now returns `{}` instead of `()`", rust_text(self.new, &y)),
            ),
            (Some(x), None) => self.push(
                Level::Wire,
                true,
                subject,
                format!("now returns `()` instead of `{}`", rust_text(self.old, &x)),
            ),
            (None, None) => {}
        }
    }

    /// Query, header and cookie parameters (the fields of the `{Operation}Params` struct).
    fn parameters(&mut self, subject: &str, a: &Operation, b: &Operation) {
        let fields = |api: &Api, op: &Operation| -> Vec<Field> {
            match op.params.as_ref().map(|p| &api.types[p.ty].kind) {
                Some(TypeKind::Struct(s)) => s.fields.clone(),
                _ => Vec::new(),
            }
        };
        let (a_fields, b_fields) = (fields(self.old, a), fields(self.new, b));
        for f in &a_fields {
            let name = format!("{subject} parameter `{}`", f.wire);
            match b_fields.iter().find(|g| g.wire == f.wire) {
                None => self.push(Level::Wire, true, name, "removed"),
                Some(g) => self.fields(&name, f, g),
            }
        }
        for g in &b_fields {
            if !a_fields.iter().any(|f| f.wire == g.wire) {
                let what = if g.required { "required" } else { "optional" };
                self.push(
                    Level::Wire,
                    g.required,
                    format!("{subject} parameter `{}`", g.wire),
                    format!("{what} parameter added"),
                );
            }
        }
    }
}

/// The type one side of an operation's responses gives the caller, if any.
fn outcome_type(outcome: &Outcome) -> Option<TypeRef> {
    match outcome {
        Outcome::Empty => None,
        Outcome::One(ty, _) => Some(ty.clone()),
        Outcome::PerStatus(id) => Some(TypeRef::Named(*id)),
    }
}

/// The aliases of an API by name, each with the definition it stands for.
fn aliases(api: &Api) -> HashMap<&str, TypeId> {
    api.types
        .iter()
        .enumerate()
        .filter(|(_, def)| matches!(def.kind, TypeKind::Alias(_)))
        .filter_map(|(id, def)| match TypeRef::Named(id).expand(&api.types) {
            TypeRef::Named(target) => Some((def.name.as_str(), *target)),
            _ => None,
        })
        .collect()
}

fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Alias(_) => "an alias",
        TypeKind::Newtype(_) => "a newtype",
        TypeKind::Struct(_) => "a struct",
        TypeKind::Enum(_) => "a string enum",
        TypeKind::IntEnum(_) => "an integer enum",
        TypeKind::Tagged(_) => "a tagged union",
        TypeKind::Untagged(_) => "an untagged union",
        TypeKind::Responses(_) => "an enum of responses by status",
    }
}

/// Replaces whole identifiers only (`Foo` in `Vec<Foo>`, not in `FooBar`).
fn replace_word(text: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            out.push_str(if word == from { to } else { &word });
            word.clear();
            out.push(c);
        }
    }
    out.pop();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(schemas: serde_json::Value) -> Api {
        let tree = serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "T", "version": "1"},
            "paths": {},
            "components": {"schemas": schemas},
        });
        let path = std::path::Path::new("spec.yaml");
        let mut resolver = crate::resolve::Resolver::from_tree(path, path, tree);
        match crate::model::build(&mut resolver, &Default::default()) {
            Ok(built) => built.api,
            Err(errors) => panic!("{errors}"),
        }
    }

    fn changes(old: serde_json::Value, new: serde_json::Value) -> Vec<(Level, bool, String)> {
        diff(&model(old), &model(new))
            .changes
            .into_iter()
            .map(|c| (c.level, c.breaking, format!("{}: {}", c.subject, c.detail)))
            .collect()
    }

    #[test]
    fn defaults_and_integer_enum_values_are_compared() {
        let thing = |a: serde_json::Value, b: serde_json::Value, d: &str| {
            serde_json::json!({
                "Thing": {"type": "object", "properties": {
                    "a": a,
                    "b": b,
                    "d": {"type": "string", "default": d},
                }},
            })
        };
        let string = serde_json::json!({"type": "string"});
        let with_default = |d: &str| serde_json::json!({"type": "string", "default": d});
        let mut old = thing(string.clone(), with_default("x"), "y");
        let mut new = thing(with_default("z"), string, "w");
        old["P"] = serde_json::json!({"type": "integer", "enum": [1, 2]});
        new["P"] = serde_json::json!({"type": "integer", "enum": [1, 3]});
        assert_eq!(
            changes(old, new),
            [
                (Level::Wire, true, "P: enum value `2` removed".to_owned()),
                (Level::Wire, false, "P: enum value `3` added".to_owned()),
                (
                    Level::Wire,
                    false,
                    "Thing.d: default changed from `\"y\"` to `\"w\"`".to_owned()
                ),
                (
                    Level::Rust,
                    true,
                    "Thing.a: defaults to `\"z\"` when absent (its type is no longer an \
                     `Option`)"
                        .to_owned()
                ),
                (
                    Level::Rust,
                    true,
                    "Thing.b: lost its default (its type is now an `Option`)".to_owned()
                ),
            ]
        );
    }
}
