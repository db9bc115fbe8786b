//! Errors that point at the spec.
//!
//! Every problem the generator finds in its input names the file and where in it the problem
//! sits: a JSON pointer for structural problems, or a line and column when the text itself does
//! not parse. Independent problems are collected into [`Errors`] so a user sees them together.

use std::fmt;
use std::path::PathBuf;

/// Where in a file a problem sits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Position {
    /// The file as a whole (it cannot be read, or it is empty).
    File,
    /// An RFC 6901 JSON pointer into the document, e.g. `/components/schemas/pet`.
    Pointer(String),
    /// A line and column in the text (1-based), for syntax errors.
    LineColumn { line: usize, column: usize },
}

/// One problem found in a spec.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Error {
    /// The file as the user named it (or as a `$ref` named it, relative to the first file).
    pub file: PathBuf,
    pub position: Position,
    pub kind: ErrorKind,
}

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq, Hash, thiserror::Error)]
pub enum ErrorKind {
    #[error("cannot read the file: {0}")]
    Read(String),
    #[error("the file is empty")]
    Empty,
    #[error("invalid YAML: {0}")]
    Yaml(String),
    #[error("invalid JSON: {0}")]
    Json(String),
    #[error("unsupported OpenAPI version: {0}")]
    UnsupportedVersion(String),
    #[error("not a valid OpenAPI 3.0 document: {0}")]
    Shape(String),
    /// A shape error in a document of another version, which the load stage rewrote into
    /// the 3.0 shape (see `load::normalize`): named after the version the user wrote.
    #[error("not a valid {version} document: {message}")]
    ShapeOf {
        version: &'static str,
        message: String,
    },
    #[error("cannot resolve `$ref: {reference}`: {reason}")]
    Reference { reference: String, reason: String },
    #[error("{0}")]
    Invalid(String),
    #[error("internal error, please report it: {0}")]
    Internal(String),
}

impl Error {
    pub fn new(file: impl Into<PathBuf>, position: Position, kind: ErrorKind) -> Self {
        Error {
            file: file.into(),
            position,
            kind,
        }
    }

    pub fn at_pointer(file: impl Into<PathBuf>, pointer: &str, kind: ErrorKind) -> Self {
        Error::new(file, Position::Pointer(pointer.to_owned()), kind)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.display();
        match &self.position {
            Position::File => write!(f, "{file}: {}", self.kind),
            Position::Pointer(pointer) => write!(f, "{file}#{pointer}: {}", self.kind),
            Position::LineColumn { line, column } => {
                write!(f, "{file}:{line}:{column}: {}", self.kind)
            }
        }
    }
}

impl std::error::Error for Error {}

/// All the problems found in one run, in the order they were found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Errors(pub Vec<Error>);

impl Errors {
    pub fn push(&mut self, error: Error) {
        self.0.push(error);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Error> {
        self.0.iter()
    }

    /// Drops repeats of an error already collected (a broken ref is met by every path that
    /// reaches it), keeping first-seen order.
    pub fn dedup(&mut self) {
        let mut seen = std::collections::HashSet::with_capacity(self.0.len());
        self.0.retain(|e| seen.insert(e.clone()));
    }

    /// `Ok(value)` when nothing was collected, the collected errors otherwise.
    pub fn into_result<T>(self, value: T) -> Result<T, Errors> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl From<Error> for Errors {
    fn from(error: Error) -> Self {
        Errors(vec![error])
    }
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "error: {error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Errors {}
