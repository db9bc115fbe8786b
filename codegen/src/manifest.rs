//! The `Cargo.toml` of a standalone generated crate.

use crate::config::{Config, Library};
use crate::model::{Api, Features};

/// The runtime dependencies of generated code, as `Cargo.toml` lines: what the client runtime
/// (`runtime/Cargo.toml`, whose README says why each) needs, and serde's `derive` for the
/// models. The workspace's own client crate lists the same (a test checks it).
///
/// reqwest gets no feature that a spec could need: the runtime encodes query strings, JSON,
/// form and multipart bodies itself and reads bodies as bytes, so `json`, `query`, `form`,
/// `multipart` and `charset` are never needed. What reqwest builds beyond HTTP/1.1 over rustls
/// (with ring: no C build of aws-lc-rs) is up to the user, through [`FEATURES`].
pub const RUNTIME_DEPENDENCIES: &[&str] = &[
    r#"bytes = "1""#,
    r#"httpdate = "1""#,
    r#"percent-encoding = "2""#,
    r#"reqwest = { version = "0.13", default-features = false, features = ["rustls-no-provider"] }"#,
    r#"rustls = { version = "0.23", default-features = false, features = ["ring", "std", "tls12"] }"#,
    r#"serde = { version = "1", features = ["derive"] }"#,
    r#"serde_json = "1""#,
    r#"thiserror = "2""#,
    r#"tokio = { version = "1", default-features = false, features = ["time"] }"#,
    r#"tracing = { version = "0.1", default-features = false, features = ["std"] }"#,
];

/// The `[features]` table of every generated crate, as `Cargo.toml` lines: the optional parts
/// of reqwest that cost build time, on by default (what reqwest itself turns on), so that a
/// user who does not need them turns them off with `default-features = false`; and the mocks.
///
/// - `http2`: HTTP/2, offered to servers over TLS (ALPN); without it, every connection is
///   HTTP/1.1. It builds the `h2` crate and hyper's HTTP/2 client, the largest part of the
///   client's tree after rustls and ring.
/// - `system-proxy`: the proxy settings of macOS (system-configuration) and Windows (the
///   registry). It builds nothing on other systems; `HTTP_PROXY`, `HTTPS_PROXY` and `NO_PROXY`
///   are read everywhere, with or without it.
/// - `mock`: typed mocks of the operations (the runtime's `mock.rs` and the generated `mock`
///   module), for the user's tests; off by default, it builds wiremock.
///
/// The workspace's own client crate declares the same (a test checks it).
pub const FEATURES: &[&str] = &[
    r#"default = ["http2", "system-proxy"]"#,
    r#"http2 = ["reqwest/http2"]"#,
    r#"mock = ["dep:wiremock"]"#,
    r#"system-proxy = ["reqwest/system-proxy"]"#,
];

/// What a crate with paged operations needs besides (the runtime's `paginate.rs` streams).
pub const PAGINATION_DEPENDENCIES: &[&str] =
    &[r#"futures-util = { version = "0.3", default-features = false }"#];

/// The dependency lines of the crate generated from `api`: the runtime's, and those of the
/// optional runtime files it gets.
pub fn dependencies(api: &Api) -> Vec<&'static str> {
    let mut lines = RUNTIME_DEPENDENCIES.to_vec();
    if api.operations.iter().any(|op| op.pagination.is_some()) {
        lines.extend_from_slice(PAGINATION_DEPENDENCIES);
    }
    if api.checked.patterns(api) {
        lines.push(PATTERN_DEPENDENCY);
    }
    lines.push(MOCK_DEPENDENCY);
    let mut libraries: Vec<Library> = api.externals.iter().filter_map(|e| e.library).collect();
    libraries.sort_unstable();
    libraries.dedup();
    lines.extend(libraries.into_iter().map(library_dependency));
    lines.sort_unstable();
    lines
}

/// The mock server of the `mock` feature (the runtime's `mock.rs` and the generated `mock`
/// module): optional, so that a crate that does not ask for the mocks does not build it.
pub const MOCK_DEPENDENCY: &str = r#"wiremock = { version = "0.6", optional = true }"#;

/// The dependency line of a library of typed formats, with the features its types need
/// in the generated code: `chrono` and `uuid` values are read and written by their own serde
/// implementations; `time` values by the runtime's `time_format.rs` (the crate's own serde
/// form is not RFC 3339), which formats and parses with `time` itself.
pub fn library_dependency(library: Library) -> &'static str {
    match library {
        Library::Time => {
            r#"time = { version = "0.3", default-features = false, features = ["std", "formatting", "parsing"] }"#
        }
        Library::Chrono => {
            r#"chrono = { version = "0.4", default-features = false, features = ["std", "serde"] }"#
        }
        Library::Uuid => {
            r#"uuid = { version = "1", default-features = false, features = ["std", "serde"] }"#
        }
    }
}

/// What the configuration says of the package: its version and edition.
#[derive(Debug, Clone)]
pub struct Package {
    pub version: String,
    pub edition: String,
}

impl Package {
    pub fn of(config: &Config) -> Package {
        Package {
            version: config
                .crate_version
                .clone()
                .unwrap_or_else(|| "0.1.0".into()),
            edition: config.edition.clone().unwrap_or_else(|| "2021".into()),
        }
    }
}

/// The regex engine of `pattern` checks (`runtime/src/pattern.rs`): a dependency only of
/// crates whose spec has a pattern that is checked. regex-lite builds in a fifth of the time
/// of `regex` (no Unicode tables, no optimizing engines; see runtime/README.md).
pub const PATTERN_DEPENDENCY: &str = r#"regex-lite = "0.1""#;

/// A valid crate name derived from the spec title (`Conversation API` -> `conversation-api`).
pub fn crate_name_for(api: &Api) -> String {
    let name = heck::ToKebabCase::to_kebab_case(
        api.title
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
            .collect::<String>()
            .as_str(),
    );
    match name.chars().next() {
        None => "api-client".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("api-{name}"),
        Some(_) => name,
    }
}

/// Checks a user-given crate name: ASCII letters, digits, `-` and `_`, starting with a letter.
pub fn check_crate_name(name: &str) -> Result<(), String> {
    let valid = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid {
        Ok(())
    } else {
        Err(format!(
            "`{name}` is not a valid crate name (ASCII letters, digits, `-` and `_`, \
             starting with a letter)"
        ))
    }
}

/// Whether a generated `Cargo.toml` makes its crate a workspace of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Membership {
    /// An empty `[workspace]` table: the crate builds on its own wherever it is written, even
    /// in the directory of another workspace (which does not then claim it).
    #[default]
    Standalone,
    /// No `[workspace]` table, as `cargo new` writes inside a workspace: the crate belongs to
    /// the workspace whose directory holds it, once that workspace lists it in `members`.
    Member,
}

/// The manifest. The crate version is not the spec's `info.version`: that is free text in
/// real specs ("2.0", "v1 beta") and often not semver. It is exposed as `SPEC_VERSION`. The
/// configuration may give one (checked to be semver), and the edition.
pub fn cargo_toml(
    name: &str,
    api: &Api,
    header: &str,
    package: &Package,
    membership: Membership,
) -> String {
    let description = crate::text::one_line(
        &format!(
            "Client for {} {}",
            crate::text::api_name(&api.title),
            api.version
        )
        .replace(['\\', '"'], " "),
    );
    let mut out = String::new();
    for line in header.lines() {
        out.push_str(&line.replacen("//", "#", 1));
        out.push('\n');
    }
    let Package { version, edition } = package;
    out.push_str(&format!(
        "\n[package]\nname = \"{name}\"\nversion = \"{version}\"\nedition = \"{edition}\"\n\
         description = \"{description}\"\npublish = false\n\n[lib]\npath = \"src/lib.rs\"\n\n\
         [dependencies]\n"
    ));
    for dependency in dependencies(api) {
        out.push_str(dependency);
        out.push('\n');
    }
    out.push_str(
        "\n# HTTP/2 (`h2`, a large part of the build) and the proxy settings of macOS and Windows \
         (none\n# elsewhere), on by default: turn them off with `default-features = false` when \
         not needed.\n# `mock`: typed mocks of the operations (the `mock` module), for tests.\n\
         [features]\n",
    );
    match &api.features {
        None => {
            for feature in FEATURES {
                out.push_str(feature);
                out.push('\n');
            }
        }
        Some(features) => out.push_str(&tag_features(features)),
    }
    if membership == Membership::Standalone {
        out.push_str(
            "\n# A crate of its own, not a member of an enclosing workspace.\n[workspace]\n",
        );
    }
    out
}

/// The `[features]` table of a crate with one feature per tag: [`FEATURES`], but with `all`
/// (every tag, on by default) in `default`, and a feature per tag (see `model::features`).
fn tag_features(features: &Features) -> String {
    let mut out = String::from(
        "default = [\"all\", \"http2\", \"system-proxy\"]\n\
         # Every operation and type; turn default features off and some `tag-` features on to\n\
         # compile only the operations of those tags and the types they use.\n",
    );
    out.push_str("all = [\n");
    for name in &features.names {
        out.push_str(&format!("    \"{name}\",\n"));
    }
    out.push_str("]\n");
    for line in &FEATURES[1..] {
        out.push_str(line);
        out.push('\n');
    }
    for (name, tags) in features.names.iter().zip(&features.tags) {
        let what = if tags.is_empty() {
            "the types that no operation uses".to_owned()
        } else {
            let tags: Vec<String> = tags
                .iter()
                .map(|t| crate::text::one_line(t).replace(['\\', '"'], " "))
                .collect();
            format!("the operations tagged {}", tags.join(", "))
        };
        out.push_str(&format!("# {what}\n{name} = []\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The manifest of the crate generated from a fixture spec.
    fn manifest_of(fixture: &str) -> String {
        let spec = format!(
            "{}/../tests/fixtures/{fixture}.yaml",
            env!("CARGO_MANIFEST_DIR")
        );
        let api = crate::Generator::new(spec).model().unwrap().api;
        let package = Package {
            version: "0.1.0".into(),
            edition: "2021".into(),
        };
        cargo_toml(
            "fixture",
            &api,
            "// @generated",
            &package,
            Membership::Standalone,
        )
    }

    /// The features reqwest is built with, from the manifest's `reqwest = …` line.
    fn reqwest_features(manifest: &str) -> Vec<&str> {
        let line = manifest
            .lines()
            .find(|l| l.starts_with("reqwest = "))
            .unwrap();
        let list = line.split_once("features = [").unwrap().1;
        let list = list.split_once(']').unwrap().0;
        list.split(", ").map(|f| f.trim_matches('"')).collect()
    }

    /// Whatever a spec's bodies and parameters are (multipart and form bodies, list and object
    /// parameters, paged operations, patterns, none of these), reqwest is built with rustls and
    /// nothing else: HTTP/2 and the system proxy are the crate's own default features, so a
    /// user can turn them off, and no body kind turns on a reqwest feature.
    #[test]
    fn reqwest_gets_only_rustls_and_the_optional_parts_are_crate_features() {
        for fixture in [
            "multipart",
            "query_styles",
            "pagination",
            "validation",
            "enums",
        ] {
            let manifest = manifest_of(fixture);
            assert_eq!(
                reqwest_features(&manifest),
                ["rustls-no-provider"],
                "{fixture}"
            );
            assert!(
                manifest.contains(
                    "[features]\ndefault = [\"http2\", \"system-proxy\"]\n\
                     http2 = [\"reqwest/http2\"]\n\
                     mock = [\"dep:wiremock\"]\n\
                     system-proxy = [\"reqwest/system-proxy\"]\n\n"
                ),
                "{fixture}:\n{manifest}"
            );
            assert!(!manifest.contains("default-features = true"), "{fixture}");
        }
    }

    /// The optional runtime files bring their dependencies, and only they do.
    #[test]
    fn optional_dependencies_follow_the_runtime_files() {
        let has = |fixture: &str, line: &str| manifest_of(fixture).lines().any(|l| l == line);
        assert!(has("pagination", PAGINATION_DEPENDENCIES[0]));
        assert!(!has("multipart", PAGINATION_DEPENDENCIES[0]));
        assert!(has("validation", PATTERN_DEPENDENCY));
        assert!(!has("enums", PATTERN_DEPENDENCY));
    }
}
