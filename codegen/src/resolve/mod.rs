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

mod check;

pub use check::{Expect, Kind, Obj};

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;

use openapiv3::ReferenceOr;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{Error, ErrorKind, Errors, Position};
use crate::json::pointer;
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

    /// The last token of a location under `/components/<section>/`: the name of the component,
    /// for the location of one (`pets` for `/components/parameters/pets`).
    pub fn in_components(&self, section: &str) -> Option<String> {
        let rest = self.pointer.strip_prefix("/components/")?;
        rest.strip_prefix(section)?.strip_prefix('/')?;
        self.last_token()
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
    /// The file's tree, normalized to the OpenAPI 3.0 shape.
    tree: Value,
    /// Where the normalizer moved parts of this file from.
    origins: load::Origins,
}

/// The loaded files and the memo tables of resolution.
pub struct Resolver {
    files: Vec<SourceFile>,
    /// The root spec's version: every file a `$ref` reaches is normalized as written in it.
    dialect: load::Dialect,
    /// What the load stage had to say about the files read so far (see [`Resolver::warnings`]).
    load_warnings: Vec<Error>,
    by_real_path: HashMap<PathBuf, FileId>,
    /// `(file the ref is written in, ref text)` -> final location, after following ref chains
    /// (or the error it leads to, so that a broken chain is reported once, however often it
    /// is used).
    followed: HashMap<(FileId, String), Result<Location, Error>>,
    schemas: HashMap<Location, Rc<openapiv3::Schema>>,
    /// Per file, scanned on first use: the pointers of the objects with `default: null`.
    null_defaults: RefCell<HashMap<FileId, HashSet<String>>>,
    /// Problems found by [`Resolver::deserialize`] beyond the one it returns.
    deferred: RefCell<Vec<Error>>,
}

impl Resolver {
    /// Loads the root spec, tells its version and normalizes it to the OpenAPI 3.0 shape.
    /// `shown` is the name used in messages and generated headers.
    pub fn load(path: &Path, shown: &Path) -> Result<Resolver, Errors> {
        let tree = load::read_tree(path, shown)?;
        Resolver::from_spec_tree(path, shown, tree)
    }

    /// Starts from the parsed root tree of a spec of any accepted version (as [`Resolver::load`]
    /// does after reading the file; also used by fuzzing).
    pub fn from_spec_tree(path: &Path, shown: &Path, tree: Value) -> Result<Resolver, Errors> {
        let dialect = load::detect(&tree, shown)?;
        let normalized = load::normalize(tree, dialect, shown, true)?;
        let mut resolver = Resolver::from_tree(path, shown, normalized.tree);
        resolver.dialect = dialect;
        resolver.files[0].origins = normalized.origins;
        resolver.load_warnings = normalized.warnings;
        Ok(resolver)
    }

    /// Starts from a root tree that is already in the OpenAPI 3.0 shape, unchecked (tests).
    pub fn from_tree(path: &Path, shown: &Path, tree: Value) -> Resolver {
        let mut by_real_path = HashMap::new();
        by_real_path.insert(real_path(path), 0);
        Resolver {
            files: vec![SourceFile {
                path: path.to_owned(),
                shown: shown.to_owned(),
                tree,
                origins: load::Origins::default(),
            }],
            dialect: load::Dialect::OpenApi30,
            load_warnings: Vec::new(),
            by_real_path,
            followed: HashMap::new(),
            schemas: HashMap::new(),
            null_defaults: RefCell::new(HashMap::new()),
            deferred: RefCell::new(Vec::new()),
        }
    }

    /// The warnings of the load stage (from normalizing each file read), in reading order.
    pub fn take_load_warnings(&mut self) -> Vec<Error> {
        std::mem::take(&mut self.load_warnings)
    }

    /// `error` with its pointer turned back into one into the file the user wrote, where the
    /// normalizer moved the part it names (a no-op for OpenAPI 3.0 files).
    pub fn original_error(&self, mut error: Error) -> Error {
        if let (ErrorKind::Shape(message), Some(version)) =
            (&mut error.kind, self.dialect.rewritten_from())
        {
            let message = std::mem::take(message);
            error.kind = ErrorKind::ShapeOf { version, message };
        }
        if let Position::Pointer(pointer) = &error.position {
            if let Some(file) = self.files.iter().find(|f| f.shown == error.file) {
                if let std::borrow::Cow::Owned(original) = file.origins.original(pointer) {
                    error.position = Position::Pointer(original);
                }
            }
        }
        error
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

    /// True when the object at `at` has `default: null`, which openapiv3 reads as no default
    /// at all. (One scan per file rather than a lookup per schema: this is asked of every
    /// property of a spec, and almost never true.)
    pub fn has_null_default(&self, at: &Location) -> bool {
        let mut scanned = self.null_defaults.borrow_mut();
        let pointers = scanned
            .entry(at.file)
            .or_insert_with(|| null_default_pointers(&self.files[at.file].tree));
        !pointers.is_empty() && pointers.contains(&at.pointer)
    }

    /// An error at a location.
    pub fn error(&self, at: &Location, kind: ErrorKind) -> Error {
        Error::at_pointer(self.shown(at.file), &at.pointer, kind)
    }

    /// Follows `reference`, written at `at`, through any chain of refs to a location that is
    /// not itself a ref. A dangling ref is an error where it is written; a pure alias cycle is
    /// one error, at the first of its members that was met, whichever ref leads into it (so
    /// that it is reported once).
    pub fn follow(&mut self, reference: &str, at: &Location) -> Result<Location, Error> {
        let key = (at.file, reference.to_owned());
        if let Some(done) = self.followed.get(&key) {
            return done.clone();
        }
        // The refs passed, each with the location that holds it.
        let mut passed: Vec<((FileId, String), Location)> = vec![(key, at.clone())];
        let mut seen: HashSet<Location> = HashSet::from([at.clone()]);
        let result = loop {
            let ((file, current_ref), current_at) = passed.last().expect("never empty");
            debug_assert_eq!(*file, current_at.file);
            let (current_ref, current_at) = (current_ref.clone(), current_at.clone());
            let target = match self.locate(&current_ref, &current_at) {
                Ok(target) => target,
                Err(reason) => {
                    break Err(self.error(
                        &current_at,
                        ErrorKind::Reference {
                            reference: current_ref,
                            reason,
                        },
                    ))
                }
            };
            let next_ref = self
                .tree(&target)
                .and_then(|v| v.get("$ref"))
                .and_then(Value::as_str)
                .map(str::to_owned);
            let Some(next_ref) = next_ref else {
                break Ok(target);
            };
            let next_key = (target.file, next_ref);
            if let Some(done) = self.followed.get(&next_key) {
                break done.clone();
            }
            if !seen.insert(target.clone()) {
                break Err(self.cycle_error(&passed, &target));
            }
            passed.push((next_key, target));
        };
        for (key, _) in passed {
            self.followed.insert(key, result.clone());
        }
        result
    }

    /// The error for a cycle of refs that comes back to `target`: at the first member of the
    /// cycle that was met, naming every member.
    fn cycle_error(&self, passed: &[((FileId, String), Location)], target: &Location) -> Error {
        let start = passed.iter().position(|(_, at)| at == target).unwrap_or(0);
        let members = &passed[start..];
        let mut names: Vec<String> = members
            .iter()
            .map(|(_, at)| self.location_text(at))
            .collect();
        names.push(self.location_text(target));
        let ((_, reference), first) = &members[0];
        self.error(
            first,
            ErrorKind::Reference {
                reference: reference.clone(),
                reason: format!(
                    "the references form a cycle that never reaches a definition: {}",
                    names.join(" -> ")
                ),
            },
        )
    }

    /// `#/pointer` for the root file, `file#/pointer` for another.
    fn location_text(&self, at: &Location) -> String {
        if at.file == 0 {
            format!("#{}", at.pointer)
        } else {
            let file = self.shown(at.file).display().to_string();
            format!("{}#{}", file.replace('\\', "/"), at.pointer)
        }
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
            self.load_relative(file_part, reference, at.file)?
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

    fn load_relative(
        &mut self,
        relative: &str,
        reference: &str,
        from: FileId,
    ) -> Result<FileId, String> {
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
        let tree = load::read_tree(&path, &shown).map_err(|e| {
            let mut reason = match e.position {
                Position::File => format!("{}: {}", e.file.display(), e.kind),
                _ => e.to_string(),
            };
            if !path.exists() && !reference.contains('#') {
                // `components/schemas/Pet` is read as a file name.
                reason.push_str(" (a ref into this file starts with `#/`)");
            }
            reason
        })?;
        let normalized = load::normalize(tree, self.dialect, &shown, false).map_err(|errors| {
            let messages: Vec<String> = errors.iter().map(Error::to_string).collect();
            messages.join("; ")
        })?;
        self.load_warnings.extend(normalized.warnings);
        let id = self.files.len();
        self.files.push(SourceFile {
            path,
            shown,
            tree: normalized.tree,
            origins: normalized.origins,
        });
        self.by_real_path.insert(real, id);
        Ok(id)
    }

    /// Deserializes the JSON at a location into an openapiv3 (or any serde) type; a type error
    /// names the pointer of the offending member. When several members are wrong, the first
    /// is returned and the others are kept for [`Resolver::take_deferred`].
    pub fn deserialize<T: DeserializeOwned + Expect>(&self, at: &Location) -> Result<T, Error> {
        let tree = self
            .tree(at)
            .ok_or_else(|| self.error(at, ErrorKind::Internal("location does not exist".into())))?;
        deserialize_all_at(tree, self.shown(at.file), &at.pointer).map_err(|errors| {
            let mut errors = errors.0.into_iter();
            let first = errors.next().expect("an error has at least one problem");
            self.deferred.borrow_mut().extend(errors);
            first
        })
    }

    /// The problems [`Resolver::deserialize`] found beyond those it returned.
    pub fn take_deferred(&self) -> Vec<Error> {
        std::mem::take(&mut *self.deferred.borrow_mut())
    }

    /// What a position that may hold a `$ref` (at `at`) holds, with where it sits: the object
    /// written there, or the one the ref names, followed through any chain of refs and read by
    /// `read` (usually [`Resolver::deserialize`]).
    pub fn item<'i, T: Clone>(
        &mut self,
        item: &'i ReferenceOr<T>,
        at: &Location,
        read: impl FnOnce(&Resolver, &Location) -> Result<T, Error>,
    ) -> Result<(Cow<'i, T>, Location), Error> {
        match item {
            ReferenceOr::Item(item) => Ok((Cow::Borrowed(item), at.clone())),
            ReferenceOr::Reference { reference } => {
                let target = self.follow(reference, at)?;
                let item = read(self, &target)?;
                Ok((Cow::Owned(item), target))
            }
        }
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

/// The pointers of the objects in `tree` that have a member `default` whose value is `null`.
fn null_default_pointers(tree: &Value) -> HashSet<String> {
    enum Token<'a> {
        Key(&'a str),
        Index(usize),
    }
    let mut found = HashSet::new();
    // Depth-first without recursion (trees may be deep): each value with its depth, and the
    // tokens of the path to the value being visited.
    let mut stack: Vec<(&Value, usize)> = vec![(tree, 0)];
    let mut path: Vec<Token<'_>> = Vec::new();
    let mut tokens: Vec<Option<Token<'_>>> = vec![None];
    while let (Some((value, depth)), Some(token)) = (stack.pop(), tokens.pop()) {
        path.truncate(depth.saturating_sub(1));
        if let Some(token) = token {
            path.push(token);
        }
        match value {
            Value::Object(members) => {
                if members.get("default").is_some_and(Value::is_null) {
                    let mut pointer = String::new();
                    for token in &path {
                        match token {
                            Token::Key(key) => pointer = pointer::join(&pointer, key),
                            Token::Index(i) => pointer = pointer::join(&pointer, &i.to_string()),
                        }
                    }
                    found.insert(pointer);
                }
                for (key, member) in members {
                    if member.is_object() || member.is_array() {
                        stack.push((member, depth + 1));
                        tokens.push(Some(Token::Key(key)));
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    if item.is_object() || item.is_array() {
                        stack.push((item, depth + 1));
                        tokens.push(Some(Token::Index(i)));
                    }
                }
            }
            _ => {}
        }
    }
    found
}

/// Deserializes `tree` (found at `base_pointer` of `file`) and turns a serde error into an
/// error at the exact pointer of the member that failed (the first, when several did).
pub fn deserialize_at<T: DeserializeOwned + Expect>(
    tree: &Value,
    file: &Path,
    base_pointer: &str,
) -> Result<T, Error> {
    deserialize_all_at(tree, file, base_pointer).map_err(|mut errors| errors.0.swap_remove(0))
}

/// Like [`deserialize_at`], with every member that is wrong.
///
/// serde (through serde_path_to_error) names the member that failed, except inside the
/// flattened and untagged structures openapiv3 uses for schemas and `$ref`-or-object values,
/// where it can only name the object. So the value is walked again, against the kind of value
/// the type reads ([`Expect`]), to find each wrong member; serde's error is the fallback.
pub fn deserialize_all_at<T: DeserializeOwned + Expect>(
    tree: &Value,
    file: &Path,
    base_pointer: &str,
) -> Result<T, Errors> {
    let error = match serde_path_to_error::deserialize(tree) {
        Ok(value) => return Ok(value),
        Err(error) => error,
    };
    let problems = check::check(tree, T::KIND, base_pointer);
    if !problems.is_empty() {
        return Err(Errors(
            problems
                .into_iter()
                .map(|p| Error::at_pointer(file, &p.pointer, ErrorKind::Shape(p.message)))
                .collect(),
        ));
    }
    Err(Errors::from(serde_error_at(&error, file, base_pointer)))
}

fn serde_error_at(
    e: &serde_path_to_error::Error<serde_json::Error>,
    file: &Path,
    base_pointer: &str,
) -> Error {
    {
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
    }
}

fn parent(path: &Path) -> &Path {
    path.parent().unwrap_or(Path::new(""))
}

fn real_path(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| normalize(path))
}

/// Removes `.` and folds `dir/..` without touching the file system.
pub(crate) fn normalize(path: &Path) -> PathBuf {
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

#[cfg(test)]
mod tests {
    use openapiv3::Parameter;
    use serde_json::json;

    use super::*;

    /// serde only names the `$ref`-or-parameter that failed; the kind the type expects names
    /// the member.
    #[test]
    fn a_wrong_member_is_reported_where_it_is() {
        let value = json!({"name": "q", "in": "query", "schema": {"required": "x"}});
        let errors =
            deserialize_all_at::<ReferenceOr<Parameter>>(&value, Path::new("spec.yaml"), "/p")
                .expect_err("`required` is no list");
        let positions: Vec<&Position> = errors.0.iter().map(|e| &e.position).collect();
        assert_eq!(positions, [&Position::Pointer("/p/schema/required".into())]);
    }
}
