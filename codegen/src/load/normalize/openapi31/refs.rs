//! `$ref`s by `$anchor` and by `$id`.
//!
//! JSON Schema 2020-12 lets a schema name itself (`$anchor: pet`, referred to as `#pet`) or
//! give itself a URI (`$id`), and lets a `$ref` use either. The resolver knows only JSON
//! pointers: a `$ref` to an anchor of the same file is rewritten to the anchor's pointer; one
//! by `$id` is refused with the pointer of the schema it names, which the user can refer to
//! instead.

use std::collections::HashMap;

use serde_json::Value;

use super::Rewrite;
use crate::error::ErrorKind;
use crate::json::pointer;

/// The `$anchor`s and `$id`s of one file, with the pointers of their schemas.
#[derive(Debug, Default)]
pub(super) struct Anchors {
    anchors: HashMap<String, String>,
    ids: HashMap<String, String>,
}

impl Anchors {
    /// Collects them from a whole file (data members such as examples are skipped).
    pub(super) fn of(tree: &Value) -> Anchors {
        let mut anchors = Anchors::default();
        anchors.collect(tree, "");
        anchors
    }

    /// The pointer of the schema whose `$id` a `$ref`'s URI names: the `$id` itself, or
    /// relative to it (its last segment).
    fn by_id(&self, uri: &str) -> Option<String> {
        if let Some(found) = self.ids.get(uri) {
            return Some(found.clone());
        }
        let mut matches: Vec<&String> = self
            .ids
            .iter()
            .filter(|(id, _)| id.rsplit_once('/').is_some_and(|(_, last)| last == uri))
            .map(|(_, at)| at)
            .collect();
        matches.sort();
        matches.first().map(|at| (*at).clone())
    }

    fn collect(&mut self, value: &Value, at: &str) {
        match value {
            Value::Object(object) => {
                for (key, table) in [("$anchor", &mut self.anchors), ("$id", &mut self.ids)] {
                    if let Some(Value::String(name)) = object.get(key) {
                        table.entry(name.clone()).or_insert_with(|| at.to_owned());
                    }
                }
                for (key, member) in object {
                    if !matches!(
                        key.as_str(),
                        "example" | "examples" | "default" | "enum" | "const"
                    ) {
                        self.collect(member, &pointer::join(at, key));
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.collect(item, &pointer::join(at, &i.to_string()));
                }
            }
            _ => {}
        }
    }
}

impl Rewrite<'_> {
    /// Checks the `$ref` of the object at `at`, and rewrites one to an anchor.
    pub(super) fn reference(&mut self, reference: &mut String, at: &str) {
        let (base, fragment) = match reference.split_once('#') {
            Some((base, fragment)) => (base, Some(fragment)),
            None => (reference.as_str(), None),
        };
        let refuse = |rw: &mut Rewrite<'_>, reason: String| {
            rw.fail(
                &pointer::join(at, "$ref"),
                ErrorKind::Reference {
                    reference: reference.clone(),
                    reason,
                },
            );
        };
        if !base.is_empty() {
            if let Some(pointer) = self.anchors.by_id(base) {
                refuse(
                    self,
                    format!(
                        "it names the schema at `#{pointer}` by its `$id`; references by `$id` \
                         are not supported: write `$ref: '#{pointer}'` instead"
                    ),
                );
                return;
            }
        }
        let Some(name) = fragment.filter(|f| !f.is_empty() && !f.starts_with('/')) else {
            return;
        };
        if !base.is_empty() {
            refuse(
                self,
                "references to an `$anchor` of another file are not supported: use a JSON \
                 pointer (`file.yaml#/components/schemas/Name`)"
                    .into(),
            );
            return;
        }
        match self.anchors.anchors.get(name) {
            Some(target) => *reference = format!("#{target}"),
            None => refuse(
                self,
                format!("no schema of this file has `$anchor: {name}`"),
            ),
        }
    }
}
