//! Rewrites a document of any accepted version into the OpenAPI 3.0 shape, on the JSON tree,
//! before the resolver or the model see it.
//!
//! Each input version has one file here; everything after the load stage knows only 3.0.
//! What a rewrite moves is recorded in [`Origins`], so that messages about the rewritten tree
//! still point into the file the user wrote (`Resolver::original_error`). A 3.0 document is
//! passed through untouched (not even walked).
//!
//! Every file of a spec is normalized: the root and each file a `$ref` reaches, the latter with
//! the root's [`Dialect`] (a referenced file has no version field of its own).

mod openapi31;
mod origins;
mod swagger2;

use std::path::Path;

use serde_json::Value;

pub use origins::Origins;

use super::version::Dialect;
use crate::error::{Error, Errors};

/// The extension under which a rewritten schema passes on the item schemas of a tuple (a
/// JSON Schema `prefixItems` that lists every item), for the model to type as a Rust tuple.
pub const TUPLE_ITEMS: &str = "x-codegen-prefix-items";

/// The extension under which a rewritten document passes on its `webhooks`.
pub const WEBHOOKS: &str = "x-codegen-webhooks";

/// The extension of a path item under which a rewritten document passes on the operations
/// whose methods the 3.0 shape has no field for (OpenAPI 3.2's `query` and
/// `additionalOperations`), keyed by the method as it is sent (`QUERY`, `PURGE`).
pub const OTHER_METHODS: &str = "x-codegen-other-methods";

/// The methods a 3.0 (and 3.1) path item has fields for.
pub const PATH_ITEM_METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// A document in the 3.0 shape, where its parts came from, and what the rewrite had to say
/// (keywords kept out of the types, say), as warnings pointing into the original file.
#[derive(Debug)]
pub struct Normalized {
    pub tree: Value,
    pub origins: Origins,
    pub warnings: Vec<Error>,
}

impl Normalized {
    fn untouched(tree: Value) -> Normalized {
        Normalized {
            tree,
            origins: Origins::default(),
            warnings: Vec::new(),
        }
    }
}

/// Normalizes one file. `root` is true for the spec itself, false for a file reached by a
/// `$ref` (which holds only fragments: schemas, parameters, ...).
pub fn normalize(
    tree: Value,
    dialect: Dialect,
    shown: &Path,
    root: bool,
) -> Result<Normalized, Errors> {
    match dialect {
        Dialect::OpenApi30 => Ok(Normalized::untouched(tree)),
        Dialect::Swagger20 => swagger2::convert(tree, shown, root),
        Dialect::OpenApi31 => openapi31::normalize(tree, shown, root),
    }
}
