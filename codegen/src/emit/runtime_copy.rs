//! The client runtime: the files of `runtime/src/` in this repository, embedded in the
//! generator and copied into every generated crate as its `runtime` module (`lib.rs` becomes
//! `runtime/mod.rs`).
//!
//! The copies are verbatim, byte for byte, so that what runs in a generated crate is what the
//! runtime crate compiles, lints and tests. Two exceptions, both in `mod.rs` only: it starts
//! with the `@generated` header and a line saying where it comes from, and the `pub mod` lines
//! of the optional files a crate does not get are left out (a crate gets `params.rs`,
//! `form.rs`, `multipart.rs`, `paginate.rs`, `pattern.rs`, `time_format.rs` and `lenient.rs`
//! only when its spec (or its configuration) needs them, so that it has no dead code).

use std::borrow::Cow;

use super::client::uses_params_module;
use super::FileTokens;
use crate::model::{Api, Media, TypeKind};

/// When a crate gets a file of the runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Need {
    Always,
    /// Some parameter is a list or an object written by a style's rules, or a body is a form.
    Params,
    /// Some request body is `application/x-www-form-urlencoded`.
    Form,
    /// Some request body is `multipart/form-data`, sent part by part.
    Multipart,
    /// Some operation is paged (it gets stream methods).
    Paginate,
    /// Some request value is checked against a `pattern` (regex-lite).
    Pattern,
    /// Some member is read leniently (see `model::Field::lenient`).
    Lenient,
    /// Some type is a `time` type (a format mapped to `time` by the configuration).
    Time,
}

/// One file of `runtime/src/`.
struct Source {
    /// Its name there.
    name: &'static str,
    /// Its name in a generated crate, relative to the source root.
    copy: &'static str,
    text: &'static str,
    need: Need,
}

macro_rules! sources {
    ($($name:literal => $need:ident),* $(,)?) => {
        &[$(Source {
            name: $name,
            copy: concat!("runtime/", $name),
            text: include_str!(concat!("../../../runtime/src/", $name)),
            need: Need::$need,
        }),*]
    };
}

/// Every file of `runtime/src/` but `lib.rs` (a test checks that none is missing).
const SOURCES: &[Source] = sources![
    "attempt.rs" => Always,
    "auth.rs" => Always,
    "budget.rs" => Always,
    "builder.rs" => Always,
    "client.rs" => Always,
    "de.rs" => Always,
    "error.rs" => Always,
    "form.rs" => Form,
    "hooks.rs" => Always,
    "lenient.rs" => Lenient,
    // Always copied, compiled only with the crate's `mock` feature (`#[cfg]` in `lib.rs`).
    "mock.rs" => Always,
    "multipart.rs" => Multipart,
    "paginate.rs" => Paginate,
    "params.rs" => Params,
    "pattern.rs" => Pattern,
    "problem.rs" => Always,
    "request.rs" => Always,
    "response.rs" => Always,
    "retry.rs" => Always,
    "secret.rs" => Always,
    "send.rs" => Always,
    "ser.rs" => Always,
    "time_format.rs" => Time,
    "trace.rs" => Always,
    "url.rs" => Always,
    "validate.rs" => Always,
];

/// The runtime's `lib.rs`, which becomes `runtime/mod.rs`.
const LIB: &str = include_str!("../../../runtime/src/lib.rs");

/// The first lines of `runtime/mod.rs`, under the `@generated` header.
const MOD_HEADER: &str =
    "// The client runtime: the generator's `runtime/src/`, copied verbatim. This file is its\n\
// `lib.rs`, without the `mod` lines of files this crate does not need.\n";

/// Whether some operation of `api` is paged: its crate then gets the runtime's `paginate.rs`
/// and depends on `futures-util`.
pub fn is_paged(api: &Api) -> bool {
    api.operations.iter().any(|op| op.pagination.is_some())
}

/// Whether some member of `api` is read leniently: its crate then gets the runtime's
/// `lenient.rs`.
fn has_lenient_members(api: &Api) -> bool {
    api.types.iter().any(|def| match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().any(|f| f.lenient.is_some()),
        _ => false,
    })
}

/// Whether some type of `api` is a `time` type: its crate then gets the runtime's
/// `time_format.rs` (and depends on `time`, see `crate::manifest`).
pub fn uses_time(api: &Api) -> bool {
    api.externals
        .iter()
        .any(|e| e.library == Some(crate::model::Library::Time))
}

/// The runtime's files for a crate generated from `api`, as the crate names them.
pub fn runtime_files(api: &Api) -> Vec<(&'static str, FileTokens<'static>)> {
    let bodies = |media: Media| {
        api.operations
            .iter()
            .any(|op| op.body.as_ref().is_some_and(|b| b.media == media))
    };
    let form = bodies(Media::Form);
    let patterns = api.checked.patterns(api);
    let needed = |need: Need| match need {
        Need::Always => true,
        Need::Params => form || uses_params_module(api),
        Need::Form => form,
        Need::Multipart => bodies(Media::Multipart),
        Need::Paginate => is_paged(api),
        Need::Pattern => patterns,
        Need::Lenient => has_lenient_members(api),
        Need::Time => uses_time(api),
    };
    let mut lib = String::from(MOD_HEADER);
    let left_out: Vec<String> = SOURCES
        .iter()
        .filter(|source| !needed(source.need))
        .map(|source| format!("pub mod {};", source.name.trim_end_matches(".rs")))
        .collect();
    for line in LIB.split_inclusive('\n') {
        if !left_out.iter().any(|l| line.trim_end() == l) {
            lib.push_str(line);
        }
    }
    let mut files = vec![(
        "runtime/mod.rs",
        FileTokens::Verbatim {
            text: Cow::Owned(lib),
            headed: true,
        },
    )];
    for source in SOURCES.iter().filter(|source| needed(source.need)) {
        files.push((
            source.copy,
            FileTokens::Verbatim {
                text: Cow::Borrowed(source.text),
                headed: false,
            },
        ));
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn runtime_src() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/src")
    }

    /// A file added to the runtime must be listed, or generated crates would lack it.
    #[test]
    fn every_runtime_file_is_listed() {
        let mut on_disk: Vec<String> = std::fs::read_dir(runtime_src())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".rs") && name != "lib.rs")
            .collect();
        on_disk.sort();
        let listed: Vec<&str> = SOURCES.iter().map(|s| s.name).collect();
        assert_eq!(on_disk, listed);
    }

    /// Each optional file has exactly one `pub mod` line in `lib.rs`, which is what is left
    /// out, and no other file names it (so leaving it out leaves nothing dangling).
    #[test]
    fn optional_files_are_named_once_in_lib_rs() {
        for source in SOURCES.iter().filter(|s| s.need != Need::Always) {
            let module = source.name.trim_end_matches(".rs");
            let line = format!("pub mod {module};");
            assert_eq!(
                LIB.lines().filter(|l| *l == line).count(),
                1,
                "lib.rs: {line}"
            );
            let users: Vec<&str> = SOURCES
                .iter()
                .filter(|other| {
                    let text = other.text;
                    text.contains(&format!("super::{module}::"))
                        || text.contains(&format!("super::{module};"))
                })
                .map(|other| other.name)
                .collect();
            let allowed: &[&str] = match source.need {
                // A form body is written with the parameter encoders.
                Need::Params => &["form.rs"],
                _ => &[],
            };
            assert_eq!(users, allowed, "files that use {module}");
        }
    }
}
