//! The configuration as a TOML file (`codegen generate --config codegen.toml`):
//!
//! ```toml
//! crate-version = "0.3.0"
//! edition = "2024"
//! derives = ["Hash"]              # every generated type
//! typed-formats = "time"          # date-time and date with `time`, uuid as uuid::Uuid
//! numbers-as-strings = true       # every number member also read from "100"
//! tag-features = true             # one cargo feature per tag of the spec
//!
//! [type-derives]
//! ChannelType = ["Copy"]
//!
//! [replace]                       # schema = Rust path
//! Money = "my_crate::Money"
//!
//! [formats]                       # format = time | chrono | uuid | Rust path
//! date-time = "chrono"
//! decimal = "rust_decimal::Decimal"
//!
//! [rename-types]
//! ConversationId = "ConvId"
//!
//! [rename-operations]             # operationId = method name
//! getuserConversations = "user_conversations"
//! ```
//!
//! A key the file format does not have is an error, as is any value of the wrong type.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::{Config, Dates, FormatType};
use crate::error::{Error, ErrorKind, Errors, Position};

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct File {
    crate_version: Option<String>,
    edition: Option<String>,
    #[serde(default)]
    derives: Vec<String>,
    typed_formats: Option<String>,
    #[serde(default)]
    numbers_as_strings: bool,
    #[serde(default)]
    tag_features: bool,
    #[serde(default)]
    type_derives: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    replace: BTreeMap<String, String>,
    #[serde(default)]
    formats: BTreeMap<String, String>,
    #[serde(default)]
    rename_types: BTreeMap<String, String>,
    #[serde(default)]
    rename_operations: BTreeMap<String, String>,
}

impl Config {
    /// Reads a configuration file (see the module docs).
    pub fn load(path: impl AsRef<Path>) -> Result<Config, Errors> {
        let path = path.as_ref();
        match std::fs::read_to_string(path) {
            Ok(text) => Config::from_toml(&text, path),
            Err(e) => Err(Errors::from(Error::new(
                path,
                Position::File,
                ErrorKind::Read(e.to_string()),
            ))),
        }
    }

    /// The configuration in `text`, read from `path` (named in messages, and kept as
    /// [`Config::source`]).
    pub fn from_toml(text: &str, path: &Path) -> Result<Config, Errors> {
        let file: File = toml::from_str(text).map_err(|e| {
            let position = match e.span() {
                Some(span) => line_column(text, span.start),
                None => Position::File,
            };
            let message = format!("invalid configuration: {}", e.message().trim_end());
            Errors::from(Error::new(path, position, ErrorKind::Invalid(message)))
        })?;
        let typed_formats = match file.typed_formats.as_deref() {
            None => None,
            Some(text) => match Dates::parse(text) {
                Some(dates) => Some(dates),
                None => {
                    let message = format!("typed-formats: `{text}` is neither `time` nor `chrono`");
                    return Err(Errors::from(Error::new(
                        path,
                        Position::File,
                        ErrorKind::Invalid(message),
                    )));
                }
            },
        };
        Ok(Config {
            derives: file.derives,
            type_derives: file.type_derives,
            replace: file.replace,
            formats: file
                .formats
                .iter()
                .map(|(format, ty)| (format.clone(), FormatType::parse(ty)))
                .collect(),
            typed_formats,
            rename_types: file.rename_types,
            rename_operations: file.rename_operations,
            crate_version: file.crate_version,
            edition: file.edition,
            numbers_as_strings: file.numbers_as_strings,
            tag_features: file.tag_features,
            source: Some(path.to_path_buf()),
        })
    }
}

/// The line and column (1-based, in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> Position {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .unwrap_or_default()
        .chars()
        .count()
        + 1;
    Position::LineColumn { line, column }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Config, String> {
        Config::from_toml(text, Path::new("codegen.toml")).map_err(|e| e.to_string())
    }

    /// Every option of the file, as the module docs show it.
    #[test]
    fn every_option_is_read() {
        let text = include_str!("file.rs")
            .lines()
            .skip_while(|l| !l.starts_with("//! ```toml"))
            .skip(1)
            .take_while(|l| !l.starts_with("//! ```"))
            .map(|l| l.trim_start_matches("//!").trim_start_matches(' '))
            .collect::<Vec<_>>()
            .join("\n");
        let config = read(&text).unwrap();
        let map = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
            pairs
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        };
        assert_eq!(
            config,
            Config {
                derives: vec!["Hash".into()],
                type_derives: [("ChannelType".to_owned(), vec!["Copy".to_owned()])].into(),
                replace: map(&[("Money", "my_crate::Money")]),
                formats: [
                    ("date-time".to_owned(), FormatType::Chrono),
                    (
                        "decimal".to_owned(),
                        FormatType::Path("rust_decimal::Decimal".into())
                    ),
                ]
                .into(),
                typed_formats: Some(Dates::Time),
                rename_types: map(&[("ConversationId", "ConvId")]),
                rename_operations: map(&[("getuserConversations", "user_conversations")]),
                crate_version: Some("0.3.0".into()),
                edition: Some("2024".into()),
                numbers_as_strings: true,
                tag_features: true,
                source: Some("codegen.toml".into()),
            }
        );
        assert!(config.problems().is_empty(), "{:?}", config.problems());
    }

    /// The README's example file sets every option, and reads.
    #[test]
    fn the_readme_example_reads() {
        let readme = include_str!("../../../README.md");
        let section = &readme[readme.find("### Configuration").expect("a section")..];
        let start = section.find("```toml\n").expect("a TOML example") + 8;
        let end = start + section[start..].find("```").expect("closed");
        let config = read(&section[start..end]).unwrap();
        assert!(config.problems().is_empty());
        let every = [
            !config.derives.is_empty(),
            !config.type_derives.is_empty(),
            !config.replace.is_empty(),
            !config.formats.is_empty(),
            config.typed_formats.is_some(),
            !config.rename_types.is_empty(),
            !config.rename_operations.is_empty(),
            config.crate_version.is_some(),
            config.edition.is_some(),
            config.numbers_as_strings,
            config.tag_features,
        ];
        assert!(every.iter().all(|set| *set), "{config:?}");
    }

    /// A misspelt key, a value of the wrong type and a library that is not one are errors
    /// with the place in the file.
    #[test]
    fn mistakes_are_errors_with_their_place() {
        assert_eq!(
            read("derives = [\"Hash\"]\nrename-type = { A = \"B\" }\n").unwrap_err(),
            "error: codegen.toml:2:1: invalid configuration: unknown field `rename-type`, \
             expected one of `crate-version`, `edition`, `derives`, `typed-formats`, \
             `numbers-as-strings`, `tag-features`, `type-derives`, `replace`, `formats`, \
             `rename-types`, `rename-operations`"
        );
        assert_eq!(
            read("edition = 2024\n").unwrap_err(),
            "error: codegen.toml:1:11: invalid configuration: invalid type: integer `2024`, \
             expected a string"
        );
        assert_eq!(
            read("typed-formats = \"jiff\"\n").unwrap_err(),
            "error: codegen.toml: typed-formats: `jiff` is neither `time` nor `chrono`"
        );
        assert!(read("derives = [\n")
            .unwrap_err()
            .starts_with("error: codegen.toml:"));
        assert_eq!(read("").unwrap().source, Some("codegen.toml".into()));
    }
}
