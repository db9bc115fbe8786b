//! OpenAPI 3.1 and 3.2 rewritten into the 3.0 shape.
//!
//! 3.1 made the Schema Object full JSON Schema 2020-12 and added a few document-level members;
//! 3.2 only adds to 3.1. The rewrite is done on the JSON tree, in four steps, one file each:
//!
//! - `document`: the members of the document itself (`openapi` becomes `3.0.3`, an absent
//!   `paths` becomes empty, `webhooks` moves to `x-codegen-webhooks`, `jsonSchemaDialect` is checked),
//!   and the walk that finds every schema of the file;
//! - `operations`: what 3.2 adds to path items and parameters that the 3.0 shape cannot hold:
//!   the `query` method and `additionalOperations` move to an extension the model reads,
//!   `in: querystring` parameters are taken out with a warning;
//! - `refs`: `$ref`s by `$anchor` become JSON pointers; `$ref`s by `$id` are refused;
//! - `schema`: each schema in the 3.0 vocabulary (see that file for what becomes what, and
//!   what is kept out of the types with a warning).
//!
//! Every value moved is recorded in [`Origins`]; the messages this rewrite gives itself point
//! into the file as written.

mod document;
mod operations;
mod refs;
mod schema;

use std::path::Path;

use serde_json::Value;

use super::{Normalized, Origins};
use crate::error::{Error, ErrorKind, Errors};

/// The state of one file's rewrite: where moved values came from, and what was found.
struct Rewrite<'a> {
    shown: &'a Path,
    origins: Origins,
    warnings: Vec<Error>,
    errors: Errors,
    anchors: refs::Anchors,
}

impl Rewrite<'_> {
    /// The pointer, in the file as written, of what is now at `pointer`.
    fn original(&self, pointer: &str) -> String {
        self.origins.original(pointer).into_owned()
    }

    /// Records that the value now at `new` was at `old` (both pointers into the rewritten
    /// tree as it was before this move: `old` is mapped through the moves recorded so far).
    fn moved(&mut self, new: &str, old: &str) {
        let original = self.original(old);
        if new != original {
            self.origins.record(new, original);
        }
    }

    fn warn(&mut self, pointer: &str, message: String) {
        let at = self.original(pointer);
        self.warnings.push(Error::at_pointer(
            self.shown,
            &at,
            ErrorKind::Invalid(message),
        ));
    }

    fn fail(&mut self, pointer: &str, kind: ErrorKind) {
        let at = self.original(pointer);
        self.errors.push(Error::at_pointer(self.shown, &at, kind));
    }
}

/// Rewrites one file of a 3.1 or 3.2 spec. `root` is true for the spec itself, false for a
/// file reached by a `$ref`.
pub fn normalize(mut tree: Value, shown: &Path, root: bool) -> Result<Normalized, Errors> {
    let mut rewrite = Rewrite {
        shown,
        origins: Origins::default(),
        warnings: Vec::new(),
        errors: Errors::default(),
        anchors: refs::Anchors::of(&tree),
    };
    if root {
        document::top_level(&mut rewrite, &mut tree);
    }
    document::walk(&mut rewrite, &mut tree, root);
    let Rewrite {
        origins,
        warnings,
        errors,
        ..
    } = rewrite;
    errors.into_result(Normalized {
        tree,
        origins,
        warnings,
    })
}

#[cfg(test)]
mod tests;
