//! Checks of request values against the spec's validation keywords (`minLength`,
//! `maxLength`, `minimum`, `maximum` and their exclusive forms, `minItems`, `maxItems`; a
//! `pattern` is checked by `pattern.rs`, copied only into crates that have one), made before
//! anything is sent.
//!
//! Generated code implements [`Validate`] for the types that (transitively) carry a rule, and
//! a client method collects every broken rule of its parameters and body into one
//! [`Violations`], which becomes [`Error::Validation`](super::Error::Validation) with all of
//! them, not just the first. A violation says where the value sits, which rule it breaks, and
//! what was found, but never the text of a string (it could be a secret): its length only.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;

/// Where a value sits in a request: `body.channel.from.number`, `params.page_size`,
/// `body.tags[2]`, `body.labels["en"]`, `conversation_id`. Built on the stack as the checks
/// descend, and written out only for a violation: checking a valid request allocates
/// nothing.
#[derive(Debug, Clone, Copy)]
pub enum Path<'a> {
    /// A parameter, or `body` or `params`.
    Root(&'a str),
    /// A member of an object, by its name in the spec.
    Field(&'a Path<'a>, &'a str),
    /// An item of a list.
    Index(&'a Path<'a>, usize),
    /// A value of a map.
    Key(&'a Path<'a>, &'a str),
}

impl<'a> Path<'a> {
    pub const fn root(name: &'a str) -> Path<'a> {
        Path::Root(name)
    }

    /// The member `name` of the object here.
    pub fn field(&'a self, name: &'a str) -> Path<'a> {
        Path::Field(self, name)
    }

    /// The item `index` of the list here.
    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path::Index(self, index)
    }

    /// The value of `key` in the map here.
    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path::Key(self, key)
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root(name) => f.write_str(name),
            Path::Field(parent, name) => write!(f, "{parent}.{name}"),
            Path::Index(parent, index) => write!(f, "{parent}[{index}]"),
            Path::Key(parent, key) => write!(f, "{parent}[{key:?}]"),
        }
    }
}

/// A rule of the spec, with its value as the spec gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rule {
    MinLength(usize),
    MaxLength(usize),
    /// An ECMA-262 regular expression, matched anywhere in the value unless anchored.
    Pattern(&'static str),
    Minimum(String),
    ExclusiveMinimum(String),
    Maximum(String),
    ExclusiveMaximum(String),
    MinItems(usize),
    MaxItems(usize),
}

impl fmt::Display for Rule {
    /// The keyword and its value, as the spec writes them: `maxLength 100`, `minimum 1`,
    /// `pattern ^[a-z]+$`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::MinLength(n) => write!(f, "minLength {n}"),
            Rule::MaxLength(n) => write!(f, "maxLength {n}"),
            Rule::Pattern(pattern) => write!(f, "pattern {pattern}"),
            Rule::Minimum(n) => write!(f, "minimum {n}"),
            Rule::ExclusiveMinimum(n) => write!(f, "exclusiveMinimum {n}"),
            Rule::Maximum(n) => write!(f, "maximum {n}"),
            Rule::ExclusiveMaximum(n) => write!(f, "exclusiveMaximum {n}"),
            Rule::MinItems(n) => write!(f, "minItems {n}"),
            Rule::MaxItems(n) => write!(f, "maxItems {n}"),
        }
    }
}

/// What was found where a rule is broken: a string's length (never its text), a list's
/// size, a number.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Found {
    /// A string of this many characters (Unicode code points, as JSON Schema counts).
    Length(usize),
    /// A list of this many items.
    Items(usize),
    /// A number, as Rust prints it.
    Number(String),
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Found::Length(n) => write!(f, "a string of length {n}"),
            Found::Items(1) => f.write_str("a list of 1 item"),
            Found::Items(n) => write!(f, "a list of {n} items"),
            Found::Number(n) => write!(f, "the value {n}"),
        }
    }
}

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Where the value sits (see [`Path`]).
    pub path: String,
    pub rule: Rule,
    pub found: Found,
}

impl fmt::Display for Violation {
    /// `params.page_size: the value 500 breaks maximum 100`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} breaks {}", self.path, self.found, self.rule)
    }
}

/// A value whose parts may break rules of the spec: implemented by the generated types that
/// (transitively) carry a rule, and by the containers of such types.
pub trait Validate {
    /// Records in `out` every rule that `self`, sitting at `path`, breaks.
    fn validate(&self, path: &Path<'_>, out: &mut Violations);
}

impl<T: Validate + ?Sized> Validate for &T {
    fn validate(&self, path: &Path<'_>, out: &mut Violations) {
        (**self).validate(path, out);
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate(&self, path: &Path<'_>, out: &mut Violations) {
        (**self).validate(path, out);
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self, path: &Path<'_>, out: &mut Violations) {
        if let Some(value) = self {
            value.validate(path, out);
        }
    }
}

impl<T: Validate> Validate for [T] {
    fn validate(&self, path: &Path<'_>, out: &mut Violations) {
        for (index, item) in self.iter().enumerate() {
            item.validate(&path.index(index), out);
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self, path: &Path<'_>, out: &mut Violations) {
        self.as_slice().validate(path, out);
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn validate(&self, path: &Path<'_>, out: &mut Violations) {
        for (key, value) in self {
            value.validate(&path.key(key), out);
        }
    }
}

/// The rules a request breaks, collected by the checks of all its parts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Violations {
    list: Vec<Violation>,
}

impl Violations {
    pub fn new() -> Violations {
        Violations::default()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Violation> {
        self.list.iter()
    }

    /// Records a broken rule.
    pub fn push(&mut self, path: &Path<'_>, rule: Rule, found: Found) {
        self.list.push(Violation {
            path: path.to_string(),
            rule,
            found,
        });
    }

    /// Checks a value that implements [`Validate`] (a generated type, or a container of
    /// them).
    pub fn check<T: Validate + ?Sized>(&mut self, path: &Path<'_>, value: &T) {
        value.validate(path, self);
    }

    /// `minLength`: at least `min` characters.
    pub fn min_length(&mut self, path: &Path<'_>, value: &str, min: usize) {
        let length = value.chars().count();
        if length < min {
            self.push(path, Rule::MinLength(min), Found::Length(length));
        }
    }

    /// `maxLength`: at most `max` characters.
    pub fn max_length(&mut self, path: &Path<'_>, value: &str, max: usize) {
        // Each character takes one byte at least: a short enough text needs no counting.
        if value.len() <= max {
            return;
        }
        let length = value.chars().count();
        if length > max {
            self.push(path, Rule::MaxLength(max), Found::Length(length));
        }
    }

    /// `minItems`: at least `min` items.
    pub fn min_items<T>(&mut self, path: &Path<'_>, value: &[T], min: usize) {
        if value.len() < min {
            self.push(path, Rule::MinItems(min), Found::Items(value.len()));
        }
    }

    /// `maxItems`: at most `max` items.
    pub fn max_items<T>(&mut self, path: &Path<'_>, value: &[T], max: usize) {
        if value.len() > max {
            self.push(path, Rule::MaxItems(max), Found::Items(value.len()));
        }
    }

    /// `minimum`: `value >= min`. A float that is not a number (NaN) breaks every bound.
    pub fn minimum<T: PartialOrd + fmt::Display>(&mut self, path: &Path<'_>, value: T, min: T) {
        self.bound(path, value, min, Ordering::is_ge, Rule::Minimum);
    }

    /// `minimum` with `exclusiveMinimum: true`: `value > min`.
    pub fn exclusive_minimum<T: PartialOrd + fmt::Display>(
        &mut self,
        path: &Path<'_>,
        value: T,
        min: T,
    ) {
        self.bound(path, value, min, Ordering::is_gt, Rule::ExclusiveMinimum);
    }

    /// `maximum`: `value <= max`.
    pub fn maximum<T: PartialOrd + fmt::Display>(&mut self, path: &Path<'_>, value: T, max: T) {
        self.bound(path, value, max, Ordering::is_le, Rule::Maximum);
    }

    /// `maximum` with `exclusiveMaximum: true`: `value < max`.
    pub fn exclusive_maximum<T: PartialOrd + fmt::Display>(
        &mut self,
        path: &Path<'_>,
        value: T,
        max: T,
    ) {
        self.bound(path, value, max, Ordering::is_lt, Rule::ExclusiveMaximum);
    }

    /// Records `rule` unless `value` compares with `limit` as `holds` accepts (a value that
    /// does not compare, NaN, breaks it).
    fn bound<T: PartialOrd + fmt::Display>(
        &mut self,
        path: &Path<'_>,
        value: T,
        limit: T,
        holds: fn(Ordering) -> bool,
        rule: fn(String) -> Rule,
    ) {
        if !value.partial_cmp(&limit).is_some_and(holds) {
            self.push(
                path,
                rule(limit.to_string()),
                Found::Number(value.to_string()),
            );
        }
    }

    /// `Ok` when no rule is broken, else the error that carries them all.
    pub fn into_result(self) -> Result<(), ValidationError> {
        if self.list.is_empty() {
            Ok(())
        } else {
            Err(ValidationError {
                violations: self.list,
            })
        }
    }
}

/// The rules of the spec that a request breaks (at least one), so it was not sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    violations: Vec<Violation>,
}

impl ValidationError {
    /// Every broken rule, in the order of the request's parts.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }
}

impl fmt::Display for ValidationError {
    /// `the request breaks 2 rules of the spec, so it was not sent: params.page_size: the
    /// value 500 breaks maximum 100; body.name: a string of length 0 breaks minLength 1`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.violations.len() {
            1 => f.write_str("the request breaks a rule of the spec, so it was not sent: ")?,
            n => write!(
                f,
                "the request breaks {n} rules of the spec, so it was not sent: "
            )?,
        }
        for (i, violation) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{violation}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

#[cfg(test)]
mod tests {
    use super::*;

    struct Member {
        name: String,
        tags: Vec<String>,
    }

    impl Validate for Member {
        fn validate(&self, path: &Path<'_>, out: &mut Violations) {
            let at = path.field("name");
            out.min_length(&at, &self.name, 1);
            out.max_length(&at, &self.name, 5);
            let at = path.field("tags");
            out.max_items(&at, &self.tags, 2);
            for (i, tag) in self.tags.iter().enumerate() {
                out.max_length(&at.index(i), tag, 3);
            }
        }
    }

    fn member(name: &str, tags: &[&str]) -> Member {
        Member {
            name: name.to_owned(),
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        }
    }

    fn broken<T: Validate + ?Sized>(value: &T) -> Vec<String> {
        let mut out = Violations::new();
        out.check(&Path::root("body"), value);
        out.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_valid_value_breaks_nothing() {
        assert!(broken(&member("ann", &["a", "b"])).is_empty());
        assert_eq!(Violations::new().into_result(), Ok(()));
    }

    #[test]
    fn every_broken_rule_is_reported_with_its_path() {
        assert_eq!(
            broken(&member("", &["ok", "long", "x"])),
            [
                "body.name: a string of length 0 breaks minLength 1",
                "body.tags: a list of 3 items breaks maxItems 2",
                "body.tags[1]: a string of length 4 breaks maxLength 3",
            ]
        );
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        // Five characters, ten bytes.
        assert!(broken(&member("éééé€", &[])).is_empty());
        assert_eq!(
            broken(&member("éééééé", &[])),
            ["body.name: a string of length 6 breaks maxLength 5"]
        );
    }

    #[test]
    fn the_text_of_a_string_is_never_shown() {
        let error = {
            let mut out = Violations::new();
            out.check(&Path::root("body"), &member("hunter2-secret", &[]));
            out.into_result().unwrap_err()
        };
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("length 14"), "{shown}");
    }

    #[test]
    fn bounds_inclusive_and_exclusive() {
        let at = Path::root("params");
        let page_size = at.field("page_size");
        let mut out = Violations::new();
        out.minimum(&page_size, 1, 1);
        out.maximum(&page_size, 100, 100);
        out.exclusive_minimum(&page_size, 0.5, 0.0);
        out.exclusive_maximum(&page_size, 99.5_f32, 100.0);
        assert!(out.is_empty(), "{out:?}");
        out.minimum(&page_size, 0_u32, 1);
        out.maximum(&page_size, 101_i64, 100);
        out.exclusive_minimum(&page_size, 0.0, 0.0);
        out.exclusive_maximum(&page_size, 100.0, 100.0);
        let shown: Vec<String> = out.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "params.page_size: the value 0 breaks minimum 1",
                "params.page_size: the value 101 breaks maximum 100",
                "params.page_size: the value 0 breaks exclusiveMinimum 0",
                "params.page_size: the value 100 breaks exclusiveMaximum 100",
            ]
        );
    }

    #[test]
    fn not_a_number_breaks_every_bound() {
        let mut out = Violations::new();
        let at = Path::root("ratio");
        out.minimum(&at, f64::NAN, 0.0);
        out.maximum(&at, f64::NAN, 1.0);
        assert_eq!(out.len(), 2);
    }

    #[test]
    fn containers_descend_with_index_and_key_paths() {
        let list = vec![member("ok", &[]), member("toolong", &[])];
        assert_eq!(
            broken(&list),
            ["body[1].name: a string of length 7 breaks maxLength 5"]
        );
        let map: BTreeMap<String, Option<Box<Member>>> = [
            ("a \"b\"".to_owned(), Some(Box::new(member("", &[])))),
            ("none".to_owned(), None),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            broken(&map),
            ["body[\"a \\\"b\\\"\"].name: a string of length 0 breaks minLength 1"]
        );
    }

    #[test]
    fn min_items_and_the_error_lists_all_violations() {
        let mut out = Violations::new();
        out.min_items(&Path::root("ids"), &[0u8; 0], 1);
        out.min_length(&Path::root("conversation_id"), "", 1);
        let error = out.into_result().unwrap_err();
        assert_eq!(error.violations().len(), 2);
        assert_eq!(error.violations()[0].rule, Rule::MinItems(1));
        assert_eq!(error.violations()[0].found, Found::Items(0));
        assert_eq!(
            error.to_string(),
            "the request breaks 2 rules of the spec, so it was not sent: ids: a list of 0 \
             items breaks minItems 1; conversation_id: a string of length 0 breaks minLength 1"
        );
    }
}
