//! Stage 1: read a spec file into a JSON tree, tell which version it is written in, and
//! normalize it to the OpenAPI 3.0 shape.
//!
//! Everything after this stage works on `serde_json::Value` trees in the 3.0 shape (for `$ref`
//! resolution by JSON pointer) and on `openapiv3` types deserialized from them. JSON files are
//! parsed with serde_json directly (refusing duplicate keys, see `json`); YAML goes through
//! `yaml`, the one place that knows about serde_yaml. OpenAPI 3.1/3.2 and Swagger 2.0 are
//! rewritten by `normalize`, which records where moved parts came from.

mod json;
pub mod normalize;
mod version;
mod yaml;

pub use normalize::{normalize, Normalized, Origins};
pub use version::{detect, Dialect};

use std::path::Path;

use serde_json::Value;

use crate::error::{Error, ErrorKind, Position};

/// How deep a document may nest (lists and mappings), JSON or YAML: far beyond what the model
/// reads ([`crate::model::MAX_DEPTH`] schemas, at most about twice as many levels), and within
/// what the readers and the stages after them recurse through on the generator's stack.
pub const MAX_NESTING: usize = 2_000;

/// Reads and parses one file, YAML or JSON, into a JSON tree.
///
/// `shown` is the name used in error messages (the path as the user gave it, so messages and
/// generated headers do not depend on the machine's directory layout).
pub fn read_tree(path: &Path, shown: &Path) -> Result<Value, Error> {
    let bytes = std::fs::read(path).map_err(|e| {
        Error::new(
            shown,
            Position::File,
            ErrorKind::Read(why_unreadable(&e, path)),
        )
    })?;
    parse_tree(&bytes, is_json_path(path), shown)
}

/// Why a file cannot be read, in the same words on every platform: the OS's own text differs
/// between systems ("No such file or directory (os error 2)", "The system cannot find the file
/// specified. (os error 2)"), and Windows reports a directory as "access denied".
fn why_unreadable(error: &std::io::Error, path: &Path) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        _ if path.is_dir() => "it is a directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let text = error.to_string();
            match text.find(" (os error ") {
                Some(end) => text[..end].to_owned(),
                None => text,
            }
        }
    }
}

/// Parses file contents; `json` selects the JSON parser (by file extension or content sniffing).
pub fn parse_tree(bytes: &[u8], json: bool, shown: &Path) -> Result<Value, Error> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        // Where the first byte that is not UTF-8 sits (the column counts characters).
        let valid = String::from_utf8_lossy(&bytes[..e.valid_up_to()]);
        let line = valid.matches('\n').count() + 1;
        let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Error::new(
            shown,
            Position::LineColumn { line, column },
            ErrorKind::Read(
                "the file is not UTF-8 text (re-save it as UTF-8; OpenAPI documents must be)"
                    .into(),
            ),
        )
    })?;
    if text.trim().is_empty() {
        return Err(Error::new(shown, Position::File, ErrorKind::Empty));
    }
    if json || text.trim_start().starts_with('{') {
        json::parse(text).map_err(|failure| {
            let e = failure.error;
            // serde_json appends " at line L column C"; the position is reported apart.
            let message = match e.to_string().find(" at line ") {
                Some(i) => e.to_string()[..i].to_owned(),
                None => e.to_string(),
            };
            Error::new(
                shown,
                Position::LineColumn {
                    line: e.line(),
                    column: e.column(),
                },
                if failure.too_deep {
                    ErrorKind::Invalid(message)
                } else {
                    ErrorKind::Json(message)
                },
            )
        })
    } else {
        yaml::parse(text, shown)
    }
}

fn is_json_path(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("json"))
}
