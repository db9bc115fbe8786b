//! What a user chooses about the generated code that the spec does not say: derives to add,
//! their own types for schemas and formats, other names, the crate's version and edition.
//!
//! One set of options, plain data, shared by the build-script API (the builder methods of
//! [`crate::Generator`]) and the command line (flags, and a TOML file read by
//! [`Config::from_toml`]). It is checked twice: on its own before the spec is read
//! ([`Config::problems`]: paths parse, new names are identifiers), and against the spec while
//! the model is built, where each name it gives (a schema, a type, an operation, a format)
//! must be one the spec has: a typo is an error that names it, never an option that quietly
//! does nothing.
//!
//! The model applies it (replacements and formats in the type space, names once they are
//! given), so the emitters only print what the model says.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind, Position};
use crate::naming;

/// The options of one generation run (see the module docs). `Config::default()` is what a
/// run without options does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// Derives added to every generated type that can have one (structs and enums: a type
    /// alias cannot), as Rust paths (`Hash`, `serde::Serialize`). Those a type derives
    /// already are not repeated.
    pub derives: Vec<String>,
    /// Derives added to the named types, by the name the generator gives them
    /// (`ChannelFromApp`).
    pub type_derives: BTreeMap<String, Vec<String>>,
    /// Schemas replaced by the user's types, by the schema's name under
    /// `components/schemas` (`Money`), as Rust paths (`my_crate::Money`): the schema gets no
    /// type of its own and every reference to it uses the path.
    pub replace: BTreeMap<String, String>,
    /// Types of the values of a `format` (`date-time`, `uuid`, or any other).
    pub formats: BTreeMap<String, FormatType>,
    /// Typed formats wherever the spec has them: `date-time` and `date` with the chosen
    /// library, `uuid` as `uuid::Uuid` (the entries of [`Config::formats`] come first). Unlike
    /// those, it names no format, so a spec without them is no error.
    pub typed_formats: Option<Dates>,
    /// New names of types, by the name the generator gives them.
    pub rename_types: BTreeMap<String, String>,
    /// New method names of operations, by `operationId` (or, for an operation without
    /// one, `get /path`).
    pub rename_operations: BTreeMap<String, String>,
    /// The `version` of the generated `Cargo.toml` (default `0.1.0`).
    pub crate_version: Option<String>,
    /// The `edition` of the generated `Cargo.toml` (default `2021`).
    pub edition: Option<String>,
    /// Every number member of every type (not only those whose example in the spec is a
    /// string) is also read from a string holding a number (`"100"`): for servers that quote
    /// their numbers. Sending is unchanged; list items and map values are read as the schema
    /// says.
    pub numbers_as_strings: bool,
    /// One cargo feature per tag of the spec (`tag-repos`), which compiles that tag's
    /// operations and the types they use; all of them on by default (see
    /// `model::features`).
    pub tag_features: bool,
    /// The file the options were read from, named in messages about them.
    pub source: Option<PathBuf>,
}

/// What values of a `format` become.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatType {
    /// `date-time` as `time::OffsetDateTime` (written as RFC 3339), `date` as `time::Date`
    /// (`YYYY-MM-DD`).
    Time,
    /// `date-time` as `chrono::DateTime<chrono::Utc>`, `date` as `chrono::NaiveDate`.
    Chrono,
    /// `uuid` as `uuid::Uuid`.
    Uuid,
    /// The user's type, a Rust path: its serde implementations must read and write the
    /// value as the spec's JSON has it, and it needs `Debug`, `Clone` and `PartialEq` (the
    /// derives of the types that hold it). It applies to the format on strings, numbers and
    /// integers alike.
    Path(String),
}

/// The library of `date-time` and `date` values (see [`Config::typed_formats`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dates {
    Time,
    Chrono,
}

/// A crate that a built-in choice of [`FormatType`] brings into the generated crate's
/// dependencies (only when some type uses it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Library {
    /// `time`: its values are read and written by the runtime's `time_format.rs`, since
    /// the crate's own serde form is not RFC 3339.
    Time,
    Chrono,
    Uuid,
}

impl FormatType {
    /// `time`, `chrono` and `uuid` are the built-in choices; anything else is a path.
    pub fn parse(text: &str) -> FormatType {
        match text {
            "time" => FormatType::Time,
            "chrono" => FormatType::Chrono,
            "uuid" => FormatType::Uuid,
            path => FormatType::Path(path.to_owned()),
        }
    }

    /// The Rust type of the values of `format`, and the library it comes from; an error
    /// for a built-in choice that has no type for the format (`time` for `uuid`). The
    /// built-in choices know a format by its letters, whatever their case and separators:
    /// specs write `dateTime` and `date_time` too.
    pub fn resolve(&self, format: &str) -> Result<(String, Option<Library>), String> {
        let builtin = |path: &str, library| Ok((path.to_owned(), Some(library)));
        let known = match plain(format).as_str() {
            "datetime" => "date-time",
            "date" => "date",
            "uuid" => "uuid",
            _ => format,
        };
        match (self, known) {
            (FormatType::Time, "date-time") => builtin("::time::OffsetDateTime", Library::Time),
            (FormatType::Time, "date") => builtin("::time::Date", Library::Time),
            (FormatType::Chrono, "date-time") => {
                builtin("::chrono::DateTime<::chrono::Utc>", Library::Chrono)
            }
            (FormatType::Chrono, "date") => builtin("::chrono::NaiveDate", Library::Chrono),
            (FormatType::Uuid, "uuid") => builtin("::uuid::Uuid", Library::Uuid),
            (FormatType::Time | FormatType::Chrono, _) => Err(format!(
                "`{self}` is a choice for `date-time` and `date` only"
            )),
            (FormatType::Uuid, _) => Err("`uuid` is a choice for `uuid` only".to_owned()),
            (FormatType::Path(path), _) => Ok((path.clone(), None)),
        }
    }

    /// True for the built-in choices, which apply to strings only (a `date-time` integer is
    /// a count of seconds, not RFC 3339 text).
    pub fn is_builtin(&self) -> bool {
        !matches!(self, FormatType::Path(_))
    }
}

impl fmt::Display for FormatType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatType::Time => f.write_str("time"),
            FormatType::Chrono => f.write_str("chrono"),
            FormatType::Uuid => f.write_str("uuid"),
            FormatType::Path(path) => f.write_str(path),
        }
    }
}

impl Dates {
    pub fn parse(text: &str) -> Option<Dates> {
        match text {
            "time" => Some(Dates::Time),
            "chrono" => Some(Dates::Chrono),
            _ => None,
        }
    }
}

/// The editions the generated code compiles under (it needs 2021's `IntoIterator` for
/// arrays).
pub const EDITIONS: &[&str] = &["2021", "2024"];

impl Config {
    /// The type of each format the configuration maps: its own entries, then those of
    /// [`Config::typed_formats`] for the formats it has no entry for. The second member says
    /// whether the format was named (an entry of [`Config::formats`]), so that a spec
    /// without it is an error.
    pub fn format_types(&self) -> BTreeMap<String, (FormatType, bool)> {
        let mut out: BTreeMap<String, (FormatType, bool)> = self
            .formats
            .iter()
            .map(|(format, ty)| (format.clone(), (ty.clone(), true)))
            .collect();
        if let Some(dates) = self.typed_formats {
            let date = match dates {
                Dates::Time => FormatType::Time,
                Dates::Chrono => FormatType::Chrono,
            };
            for (format, ty) in [
                ("date-time", date.clone()),
                ("date", date),
                ("uuid", FormatType::Uuid),
            ] {
                out.entry(format.to_owned()).or_insert((ty, false));
            }
        }
        out
    }

    /// A problem with an option: in its file, or (for options given in code) in the spec's
    /// `spec` run.
    pub fn error(&self, spec: &Path, message: String) -> Error {
        match &self.source {
            Some(file) => Error::new(file, Position::File, ErrorKind::Invalid(message)),
            None => Error::new(
                spec,
                Position::File,
                ErrorKind::Invalid(format!("configuration: {message}")),
            ),
        }
    }

    /// What is wrong with the configuration on its own (before it meets a spec), one message
    /// per problem, each naming the option.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let derive = |out: &mut Vec<String>, option: &str, path: &str| {
            if syn::parse_str::<syn::Path>(path).is_err() {
                out.push(format!(
                    "{option}: `{path}` is not a path to a derive macro"
                ));
            }
        };
        for path in &self.derives {
            derive(&mut out, "derives", path);
        }
        for (ty, paths) in &self.type_derives {
            for path in paths {
                derive(&mut out, &format!("type-derives.{ty}"), path);
            }
        }
        for (schema, path) in &self.replace {
            if !is_type_path(path) {
                out.push(format!(
                    "replace.{schema}: `{path}` is not a path to a type"
                ));
            }
        }
        for (format, ty) in &self.formats {
            match ty.resolve(format) {
                Ok((path, _)) if !is_type_path(&path) => out.push(format!(
                    "formats.{format}: `{path}` is not a path to a type"
                )),
                Ok(_) => {}
                Err(reason) => out.push(format!("formats.{format}: {reason}")),
            }
        }
        let mut new_types: BTreeMap<&str, &str> = BTreeMap::new();
        for (old, new) in &self.rename_types {
            if naming::type_name(new) != *new {
                out.push(format!(
                    "rename-types.{old}: `{new}` is not an UpperCamelCase Rust identifier (or \
                     is a keyword)"
                ));
            } else if let Some(first) = new_types.insert(new, old) {
                out.push(format!(
                    "rename-types.{old}: `{first}` is renamed `{new}` too"
                ));
            }
        }
        let mut new_methods: BTreeMap<&str, &str> = BTreeMap::new();
        for (id, new) in &self.rename_operations {
            if naming::method_name(new) != *new {
                out.push(format!(
                    "rename-operations.{id}: `{new}` is not a snake_case Rust identifier (or \
                     is a keyword)"
                ));
            } else if naming::CLIENT_METHODS.contains(&new.as_str()) {
                out.push(format!(
                    "rename-operations.{id}: `{new}` is a method the client has of its own"
                ));
            } else if let Some(first) = new_methods.insert(new, id) {
                out.push(format!(
                    "rename-operations.{id}: `{first}` is renamed `{new}` too"
                ));
            }
        }
        if let Some(version) = &self.crate_version {
            if !is_semver(version) {
                out.push(format!(
                    "crate-version: `{version}` is not a semantic version (`1.2.3`, \
                     `0.4.0-beta.1`)"
                ));
            }
        }
        if let Some(edition) = &self.edition {
            if !EDITIONS.contains(&edition.as_str()) {
                out.push(format!(
                    "edition: `{edition}` is not one the generated code compiles under ({})",
                    EDITIONS.join(", ")
                ));
            }
        }
        out
    }
}

/// Letters and digits, lower case: a name without its case and separators.
fn plain(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The last segment of a derive's path, the name its macro derives (`Serialize` for
/// `serde::Serialize`): two derives of one name conflict.
pub fn derive_name(path: &str) -> &str {
    path.rsplit("::").next().unwrap_or(path).trim()
}

/// A path to a type, generic arguments allowed (`my_crate::Money`,
/// `chrono::DateTime<chrono::Utc>`): no reference, tuple, `impl` or anything else.
fn is_type_path(text: &str) -> bool {
    syn::parse_str::<syn::TypePath>(text).is_ok_and(|path| path.qself.is_none())
}

/// `MAJOR.MINOR.PATCH`, with an optional `-pre-release` and `+build` of ASCII letters,
/// digits, `-` and `.`; numbers without leading zeros.
fn is_semver(text: &str) -> bool {
    let (text, build) = match text.split_once('+') {
        Some((text, build)) => (text, Some(build)),
        None => (text, None),
    };
    let (core, pre) = match text.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (text, None),
    };
    let number = |n: &str| {
        !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) && (n == "0" || !n.starts_with('0'))
    };
    let label = |l: &str| {
        !l.is_empty()
            && l.split('.').all(|part| {
                !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            })
    };
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| number(p))
        && pre.is_none_or(label)
        && build.is_none_or(label)
}

/// The names among `known` that `name` may have been meant as (same letters in another
/// case or with other separators, or one or two letters off), for messages about unknown
/// names: at most three, closest first.
pub fn suggestions<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let wanted = plain(name);
    let mut close: Vec<(usize, &str)> = known
        .into_iter()
        .filter_map(|candidate| {
            let distance = edit_distance(&wanted, &plain(candidate));
            let limit = if wanted.chars().count() > 8 { 2 } else { 1 };
            (distance <= limit).then_some((distance, candidate))
        })
        .collect();
    close.sort();
    close.dedup();
    close.into_iter().take(3).map(|(_, name)| name).collect()
}

/// Levenshtein distance, in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

#[cfg(feature = "config-file")]
mod file;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_checked_on_their_own() {
        let config = Config {
            derives: vec!["Hash".into(), "serde::Serialize".into(), "Foo Bar".into()],
            type_derives: [("Thing".to_owned(), vec!["Eq".to_owned(), "&x".to_owned()])].into(),
            replace: [
                ("Money".to_owned(), "my_crate::Money".to_owned()),
                ("Bad".to_owned(), "&'static str".to_owned()),
            ]
            .into(),
            formats: [
                ("date-time".to_owned(), FormatType::Chrono),
                ("uuid".to_owned(), FormatType::Time),
                (
                    "decimal".to_owned(),
                    FormatType::parse("rust_decimal::Decimal"),
                ),
                ("odd".to_owned(), FormatType::parse("fn()")),
            ]
            .into(),
            rename_types: [
                ("A".to_owned(), "Fine".to_owned()),
                ("B".to_owned(), "not_camel".to_owned()),
                ("C".to_owned(), "Fine".to_owned()),
            ]
            .into(),
            rename_operations: [
                ("getThing".to_owned(), "fetch_thing".to_owned()),
                ("other".to_owned(), "builder".to_owned()),
                ("third".to_owned(), "type".to_owned()),
            ]
            .into(),
            crate_version: Some("1.02.3".into()),
            edition: Some("2018".into()),
            ..Config::default()
        };
        assert_eq!(
            config.problems(),
            [
                "derives: `Foo Bar` is not a path to a derive macro",
                "type-derives.Thing: `&x` is not a path to a derive macro",
                "replace.Bad: `&'static str` is not a path to a type",
                "formats.odd: `fn()` is not a path to a type",
                "formats.uuid: `time` is a choice for `date-time` and `date` only",
                "rename-types.B: `not_camel` is not an UpperCamelCase Rust identifier (or is a keyword)",
                "rename-types.C: `A` is renamed `Fine` too",
                "rename-operations.other: `builder` is a method the client has of its own",
                "rename-operations.third: `type` is not a snake_case Rust identifier (or is a keyword)",
                "crate-version: `1.02.3` is not a semantic version (`1.2.3`, `0.4.0-beta.1`)",
                "edition: `2018` is not one the generated code compiles under (2021, 2024)",
            ]
        );
        assert!(Config::default().problems().is_empty());
    }

    #[test]
    fn semantic_versions() {
        for good in [
            "0.1.0",
            "1.2.3",
            "10.0.0-beta.1",
            "1.0.0+build.5",
            "1.0.0-rc-1+x",
        ] {
            assert!(is_semver(good), "{good}");
        }
        for bad in [
            "1.0",
            "1.0.0.0",
            "01.0.0",
            "1.0.0-",
            "1.0.0+",
            "v1.0.0",
            "1.0.0-a..b",
        ] {
            assert!(!is_semver(bad), "{bad}");
        }
    }

    #[test]
    fn typed_formats_fill_in_what_formats_do_not_name() {
        let config = Config {
            formats: [("date".to_owned(), FormatType::Chrono)].into(),
            typed_formats: Some(Dates::Time),
            ..Config::default()
        };
        let types: Vec<(String, (FormatType, bool))> = config.format_types().into_iter().collect();
        assert_eq!(
            types,
            [
                ("date".to_owned(), (FormatType::Chrono, true)),
                ("date-time".to_owned(), (FormatType::Time, false)),
                ("uuid".to_owned(), (FormatType::Uuid, false)),
            ]
        );
        assert_eq!(
            FormatType::Time.resolve("dateTime"),
            Ok(("::time::OffsetDateTime".to_owned(), Some(Library::Time)))
        );
        assert_eq!(
            FormatType::Chrono.resolve("date-time"),
            Ok((
                "::chrono::DateTime<::chrono::Utc>".to_owned(),
                Some(Library::Chrono)
            ))
        );
    }

    #[test]
    fn near_names_are_suggested() {
        let known = ["Money", "MoneyAmount", "Member", "Conversation"];
        assert_eq!(suggestions("money", known), ["Money"]);
        assert_eq!(suggestions("Mony", known), ["Money"]);
        assert_eq!(suggestions("Conversaton", known), ["Conversation"]);
        assert!(suggestions("Nothing", known).is_empty());
    }
}
