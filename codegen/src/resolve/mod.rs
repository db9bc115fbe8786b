//! Stage 2: `$ref` resolution.
//!
//! A [`Location`] (file + JSON pointer) names every piece of the spec. References are resolved
//! on the raw JSON trees, so any RFC 6901 pointer works, not only `#/components/...`: a ref to
//! `#/components/schemas/channel/properties/from/oneOf/0` lands on the same location as the
//! inline schema it points at, which is what lets the type space emit that schema once.
//!
//! Relative-file refs (`voice.yml#/components/schemas/EndpointApp`) load the other file on first
//! use, relative to the referring file; refs inside it resolve within it. Each distinct ref is
//! followed once and memoized, and each location is deserialized into an `openapiv3` value once.

pub mod pointer;

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{Error, ErrorKind, Position};
use crate::load;

/// Index of a loaded file; 0 is the root spec.
pub type FileId = usize;

/// A place in one of the loaded files. Ordered, so maps keyed by it iterate deterministically.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    pub file: FileId,
    /// Escaped JSON pointer, `""` for the whole file.
    pub pointer: String,
}

impl Location {
    /// The location of a child member or array item.
    pub fn child(&self, token: &str) -> Location {
        Location {
            file: self.file,
            pointer: pointer::join(&self.pointer, token),
        }
    }

    /// The location of a nested child, one token per level.
    pub fn descend(&self, tokens: &[&str]) -> Location {
        tokens.iter().fold(self.clone(), |loc, t| loc.child(t))
    }

    /// The last token, unescaped (`channel` for `/components/schemas/channel`).
    pub fn last_token(&self) -> Option<String> {
        let last = self.pointer.rsplit('/').next()?;
        pointer::parse(&format!("/{last}"))
            .ok()
            .and_then(|mut t| t.pop())
    }
}

struct SourceFile {
    /// Where the file is read from.
    path: PathBuf,
    /// How the file is named in messages: relative to the root spec as the user named it.
    shown: PathBuf,
    tree: Value,
}

/// The loaded files and the memo tables of resolution.
pub struct Resolver {
    files: Vec<SourceFile>,
    by_real_path: HashMap<PathBuf, FileId>,
    /// `(file the ref is written in, ref text)` -> final location, after following ref chains.
    followed: HashMap<(FileId, String), Location>,
    schemas: HashMap<Location, Rc<openapiv3::Schema>>,
}

impl Resolver {
    /// Loads the root spec. `shown` is the name used in messages and generated headers.
    pub fn load(path: &Path, shown: &Path) -> Result<Resolver, Error> {
        let tree = load::read_tree(path, shown)?;
        Ok(Resolver::from_tree(path, shown, tree))
    }

    /// Starts from an already parsed root tree (used by tests and fuzzing).
    pub fn from_tree(path: &Path, shown: &Path, tree: Value) -> Resolver {
        let mut by_real_path = HashMap::new();
        by_real_path.insert(real_path(path), 0);
        Resolver {
            files: vec![SourceFile {
                path: path.to_owned(),
                shown: shown.to_owned(),
                tree,
            }],
            by_real_path,
            followed: HashMap::new(),
            schemas: HashMap::new(),
        }
    }

    pub fn root(&self) -> &Value {
        &self.files[0].tree
    }

    /// The name of a file as shown in messages.
    pub fn shown(&self, file: FileId) -> &Path {
        &self.files[file].shown
    }

    /// Every file that was read, root first: what a build script must watch.
    pub fn input_paths(&self) -> impl Iterator<Item = &Path> {
        self.files.iter().map(|f| f.path.as_path())
    }

    /// The JSON at a location (which must have come from this resolver).
    pub fn tree(&self, at: &Location) -> Option<&Value> {
        let tokens = pointer::parse(&at.pointer).ok()?;
        pointer::walk(&self.files[at.file].tree, &tokens).ok()
    }

    /// An error at a location.
    pub fn error(&self, at: &Location, kind: ErrorKind) -> Error {
        Error::at_pointer(self.shown(at.file), &at.pointer, kind)
    }

    /// Follows `reference`, written at `at`, through any chain of refs to a location that is
    /// not itself a ref. Pure alias cycles and dangling refs are errors naming where they start.
    pub fn follow(&mut self, reference: &str, at: &Location) -> Result<Location, Error> {
        let key = (at.file, reference.to_owned());
        if let Some(done) = self.followed.get(&key) {
            return Ok(done.clone());
        }
        let mut chain: Vec<Location> = Vec::new();
        let mut current_ref = reference.to_owned();
        let mut current_at = at.clone();
        let target = loop {
            let target = self.locate(&current_ref, &current_at).map_err(|reason| {
                self.error(
                    &current_at,
                    ErrorKind::Reference {
                        reference: current_ref.clone(),
                        reason,
                    },
                )
            })?;
            let next_ref = self
                .tree(&target)
                .and_then(|v| v.get("$ref"))
                .and_then(Value::as_str)
                .map(str::to_owned);
            match next_ref {
                None => break target,
                Some(next) => {
                    if target == *at || chain.contains(&target) {
                        return Err(self.error(
                            at,
                            ErrorKind::Reference {
                                reference: reference.to_owned(),
                                reason: "the references form a cycle that never reaches a \
                                         definition"
                                    .into(),
                            },
                        ));
                    }
                    chain.push(target.clone());
                    current_at = target;
                    current_ref = next;
                }
            }
        };
        self.followed.insert(key, target.clone());
        Ok(target)
    }

    /// Resolves one ref (no chain following) to a location that exists.
    fn locate(&mut self, reference: &str, at: &Location) -> Result<Location, String> {
        let (file_part, fragment) = match reference.split_once('#') {
            Some((file, fragment)) => (file, fragment),
            None => (reference, ""),
        };
        let file = if file_part.is_empty() {
            at.file
        } else {
            self.load_relative(file_part, at.file)?
        };
        let fragment = percent_encoding::percent_decode_str(fragment)
            .decode_utf8()
            .map_err(|_| "the fragment is not valid percent-encoded UTF-8".to_owned())?;
        let tokens = pointer::parse(&fragment)?;
        pointer::walk(&self.files[file].tree, &tokens).map_err(|e| {
            if file_part.is_empty() {
                e
            } else {
                format!("in {}: {e}", self.files[file].shown.display())
            }
        })?;
        let canonical = tokens
            .iter()
            .fold(String::new(), |p, t| pointer::join(&p, t));
        Ok(Location {
            file,
            pointer: canonical,
        })
    }

    fn load_relative(&mut self, relative: &str, from: FileId) -> Result<FileId, String> {
        if relative.contains("://") || relative.starts_with("//") {
            return Err(
                "remote references are not supported (the generator never uses the \
                        network); download the file next to the spec and refer to it by a \
                        relative path"
                    .into(),
            );
        }
        let relative = percent_encoding::percent_decode_str(relative)
            .decode_utf8()
            .map_err(|_| "the file name is not valid percent-encoded UTF-8".to_owned())?;
        let base = &self.files[from];
        let path = parent(&base.path).join(relative.as_ref());
        let shown = normalize(&parent(&base.shown).join(relative.as_ref()));
        let real = real_path(&path);
        if let Some(&id) = self.by_real_path.get(&real) {
            return Ok(id);
        }
        let tree = load::read_tree(&path, &shown).map_err(|e| match e.position {
            Position::File => format!("{}: {}", e.file.display(), e.kind),
            _ => e.to_string(),
        })?;
        let id = self.files.len();
        self.files.push(SourceFile { path, shown, tree });
        self.by_real_path.insert(real, id);
        Ok(id)
    }

    /// Deserializes the JSON at a location into an openapiv3 (or any serde) type; a type error
    /// names the pointer of the offending member.
    pub fn deserialize<T: DeserializeOwned>(&self, at: &Location) -> Result<T, Error> {
        let tree = self
            .tree(at)
            .ok_or_else(|| self.error(at, ErrorKind::Internal("location does not exist".into())))?;
        deserialize_at(tree, self.shown(at.file), &at.pointer)
    }

    /// The schema at a location, deserialized once.
    pub fn schema(&mut self, at: &Location) -> Result<Rc<openapiv3::Schema>, Error> {
        if let Some(schema) = self.schemas.get(at) {
            return Ok(schema.clone());
        }
        let schema: openapiv3::Schema = self.deserialize(at)?;
        let schema = Rc::new(schema);
        self.schemas.insert(at.clone(), schema.clone());
        Ok(schema)
    }
}

/// Deserializes `tree` (found at `base_pointer` of `file`) and turns a serde error into an
/// error at the exact pointer of the member that failed.
pub fn deserialize_at<T: DeserializeOwned>(
    tree: &Value,
    file: &Path,
    base_pointer: &str,
) -> Result<T, Error> {
    serde_path_to_error::deserialize(tree).map_err(|e| {
        let mut pointer = base_pointer.to_owned();
        for segment in e.path().iter() {
            match segment {
                serde_path_to_error::Segment::Map { key } => pointer = pointer::join(&pointer, key),
                serde_path_to_error::Segment::Seq { index } => {
                    pointer = pointer::join(&pointer, &index.to_string())
                }
                serde_path_to_error::Segment::Enum { .. }
                | serde_path_to_error::Segment::Unknown => {}
            }
        }
        Error::at_pointer(file, &pointer, ErrorKind::Shape(e.inner().to_string()))
    })
}

fn parent(path: &Path) -> &Path {
    path.parent().unwrap_or(Path::new(""))
}

fn real_path(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| normalize(path))
}

/// Removes `.` and folds `dir/..` without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}
