//! Two views of a type for comparing API versions: its Rust spelling (what user code names)
//! and a fingerprint of its wire shape (what goes over HTTP, names of Rust types left out).

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use crate::model::{Api, TypeId, TypeKind, TypeRef};

/// The type as a Rust user writes it: `Option<Vec<ChannelFromApp>>`.
pub fn rust_text(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Bool => "bool".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::U32 => "u32".into(),
        TypeRef::U64 => "u64".into(),
        TypeRef::F32 => "f32".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::String => "String".into(),
        TypeRef::Bytes => "Vec<u8>".into(),
        TypeRef::Json => "serde_json::Value".into(),
        TypeRef::JsonObject => "serde_json::Map<String, Value>".into(),
        TypeRef::Vec(inner) => format!("Vec<{}>", rust_text(api, inner)),
        TypeRef::Tuple(items) => tuple_text(items.iter().map(|t| rust_text(api, t))),
        TypeRef::Map(inner) => format!("BTreeMap<String, {}>", rust_text(api, inner)),
        TypeRef::Option(inner) => format!("Option<{}>", rust_text(api, inner)),
        TypeRef::Named(id) => api.types[*id].name.clone(),
        TypeRef::External(id) => api.externals[*id].path.clone(),
    }
}

/// The type with aliases replaced by what they stand for: two types with the same expanded
/// text are the same Rust type.
pub fn expanded_text(api: &Api, ty: &TypeRef) -> String {
    match ty.expand(&api.types) {
        TypeRef::Named(id) => api.types[*id].name.clone(),
        TypeRef::Vec(inner) => format!("Vec<{}>", expanded_text(api, inner)),
        TypeRef::Tuple(items) => tuple_text(items.iter().map(|t| expanded_text(api, t))),
        TypeRef::Map(inner) => format!("BTreeMap<String, {}>", expanded_text(api, inner)),
        TypeRef::Option(inner) => format!("Option<{}>", expanded_text(api, inner)),
        other => rust_text(api, other),
    }
}

/// `(A, B)`, and `(A,)` for one item, as Rust writes tuples.
fn tuple_text(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    match items.as_slice() {
        [one] => format!("({one},)"),
        _ => format!("({})", items.join(", ")),
    }
}

/// Fingerprints of wire shapes, memoized per definition.
pub struct WireShapes<'a> {
    api: &'a Api,
    memo: HashMap<TypeId, u64>,
    stack: Vec<TypeId>,
}

impl<'a> WireShapes<'a> {
    pub fn new(api: &'a Api) -> Self {
        WireShapes {
            api,
            memo: HashMap::new(),
            stack: Vec::new(),
        }
    }

    /// Equal fingerprints mean the same JSON is accepted: same member names, required-ness,
    /// value kinds, enum values and tags, whatever the Rust types are called. Integer and
    /// number formats are not wire differences.
    pub fn of(&mut self, ty: &TypeRef) -> u64 {
        let mut h = DefaultHasher::new();
        self.feed(ty, &mut h);
        h.finish()
    }

    fn feed(&mut self, ty: &TypeRef, h: &mut DefaultHasher) {
        // An alias is what it stands for: `type AddressE164 = String` is a string.
        match ty.expand(&self.api.types) {
            TypeRef::Bool => "bool".hash(h),
            TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 => "integer".hash(h),
            TypeRef::F32 | TypeRef::F64 => "number".hash(h),
            TypeRef::String => "string".hash(h),
            TypeRef::Bytes => "bytes".hash(h),
            TypeRef::Json => "any".hash(h),
            TypeRef::JsonObject => "object".hash(h),
            TypeRef::Vec(inner) => {
                "array".hash(h);
                self.feed(inner, h);
            }
            TypeRef::Tuple(items) => {
                "tuple".hash(h);
                items.len().hash(h);
                for item in items {
                    self.feed(item, h);
                }
            }
            TypeRef::Map(inner) => {
                "map".hash(h);
                self.feed(inner, h);
            }
            TypeRef::Option(inner) => {
                "nullable".hash(h);
                self.feed(inner, h);
            }
            TypeRef::Named(id) => self.definition(*id).hash(h),
            // The user's type for a schema, or the type of a format: what it stands for.
            TypeRef::External(id) => self.api.externals[*id].stands_for.to_string().hash(h),
        }
    }

    fn definition(&mut self, id: TypeId) -> u64 {
        if let Some(done) = self.memo.get(&id) {
            return *done;
        }
        if let Some(depth) = self.stack.iter().position(|s| *s == id) {
            // A recursive reference: identified by how far up the cycle it points.
            let mut h = DefaultHasher::new();
            ("recursion", self.stack.len() - depth).hash(&mut h);
            return h.finish();
        }
        self.stack.push(id);
        let api = self.api;
        let mut h = DefaultHasher::new();
        match &api.types[id].kind {
            TypeKind::Alias(target) | TypeKind::Newtype(target) => self.feed(target, &mut h),
            TypeKind::Struct(s) => {
                "struct".hash(&mut h);
                let mut fields: Vec<_> = s.fields.iter().collect();
                fields.sort_by(|a, b| a.wire.cmp(&b.wire));
                for f in fields {
                    (&f.wire, f.required, f.flatten).hash(&mut h);
                    self.feed(&f.ty, &mut h);
                }
                if let Some(extra) = &s.additional {
                    "additional".hash(&mut h);
                    self.feed(extra, &mut h);
                }
            }
            TypeKind::Enum(e) => {
                "enum".hash(&mut h);
                let mut values: Vec<&str> = e.variants.iter().map(|v| v.value.as_str()).collect();
                values.sort_unstable();
                values.hash(&mut h);
            }
            TypeKind::IntEnum(e) => {
                "integer enum".hash(&mut h);
                let mut values: Vec<i128> = e.variants.iter().map(|v| v.value).collect();
                values.sort_unstable();
                values.hash(&mut h);
            }
            TypeKind::Tagged(t) => {
                ("tagged", &t.tag).hash(&mut h);
                let mut variants: Vec<_> = t.variants.iter().collect();
                variants.sort_by(|a, b| a.value.cmp(&b.value));
                for v in variants {
                    v.value.hash(&mut h);
                    self.feed(&v.ty, &mut h);
                }
            }
            TypeKind::Untagged(u) => {
                "untagged".hash(&mut h);
                for v in &u.variants {
                    self.feed(&v.ty, &mut h);
                }
            }
            TypeKind::Responses(r) => {
                "responses".hash(&mut h);
                for v in &r.variants {
                    v.status.hash(&mut h);
                    if let Some((ty, media)) = &v.body {
                        format!("{media:?}").hash(&mut h);
                        self.feed(ty, &mut h);
                    }
                }
            }
        }
        self.stack.pop();
        let done = h.finish();
        self.memo.insert(id, done);
        done
    }
}
