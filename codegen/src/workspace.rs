//! Which cargo workspace a crate written into a directory belongs to, found the way cargo
//! finds it: the nearest directory above the crate's whose `Cargo.toml` has a `[workspace]`
//! table that does not exclude the crate (cargo looks further up past one that does).
//!
//! The CLI's `--workspace auto` uses it as `cargo new` does: a crate inside a workspace gets
//! no `[workspace]` table (with one, it would be a second workspace root in the first one's
//! directory, and listing it in `members` would fail with "multiple workspace roots"); a crate
//! outside any workspace, or excluded by the ones around it, gets an empty one, so that no
//! workspace further up ever claims it. A `package.workspace` key of a package above the crate
//! (a pointer to a root elsewhere) is not followed.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use crate::resolve::normalize;

/// What lies above a crate's directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Enclosing {
    /// No workspace is above the directory.
    None,
    /// The workspace of `manifest` claims the directory: the crate must not have a
    /// `[workspace]` table, and builds once `members` lists it.
    Workspace {
        /// The workspace's root `Cargo.toml`.
        manifest: PathBuf,
        /// The crate's directory relative to the workspace's, `/`-separated: the entry
        /// `members` needs.
        member: String,
        /// `members` lists the directory already (by its path or a glob).
        listed: bool,
    },
    /// The workspaces above the directory exclude it (`exclude`) and none claims it, so cargo
    /// takes the crate for a workspace of its own.
    Excluded {
        /// The nearest workspace that excludes it.
        manifest: PathBuf,
    },
    /// A `Cargo.toml` on the way up cannot be read or is not TOML: cargo would stop at it.
    Unreadable { manifest: PathBuf, reason: String },
}

/// The workspace that a crate written into `dir` (which need not exist yet) belongs to. Paths
/// are compared by their text, `.` and `..` resolved, as cargo compares them (symbolic links
/// are not followed).
pub fn enclosing(dir: &Path) -> Enclosing {
    let dir = match std::path::absolute(dir) {
        Ok(dir) => normalize(&dir),
        Err(e) => {
            return Enclosing::Unreadable {
                manifest: dir.join("Cargo.toml"),
                reason: e.to_string(),
            }
        }
    };
    let own_manifest = dir.join("Cargo.toml");
    let mut excluded = None;
    // The crate's own directory is skipped: its `Cargo.toml` is the one about to be written.
    for root in dir.ancestors().skip(1) {
        let manifest = root.join("Cargo.toml");
        let text = match std::fs::read_to_string(&manifest) {
            Ok(text) => text,
            Err(e) if e.kind() == ErrorKind::NotFound => continue,
            Err(e) => {
                let reason = e.to_string();
                return Enclosing::Unreadable { manifest, reason };
            }
        };
        let table: toml::Table = match text.parse() {
            Ok(table) => table,
            Err(e) => {
                let reason = crate::text::one_line(&e.to_string());
                return Enclosing::Unreadable { manifest, reason };
            }
        };
        let Some(workspace) = table.get("workspace").and_then(toml::Value::as_table) else {
            continue;
        };
        let entries = |key: &str| -> Vec<&str> {
            workspace
                .get(key)
                .and_then(toml::Value::as_array)
                .map(|items| items.iter().filter_map(toml::Value::as_str).collect())
                .unwrap_or_default()
        };
        let members = entries("members");
        // Cargo's rule (`Workspace::is_excluded`): an entry of `exclude` is a prefix of the
        // crate's manifest path and no entry of `members` is (globs are not expanded there).
        let prefix_of_crate = |entries: &[&str]| {
            entries
                .iter()
                .any(|entry| own_manifest.starts_with(normalize(&root.join(entry))))
        };
        if prefix_of_crate(&entries("exclude")) && !prefix_of_crate(&members) {
            excluded.get_or_insert(manifest);
            continue;
        }
        let listed = members
            .iter()
            .any(|pattern| matches_path(&normalize(&root.join(pattern)), &dir));
        let member = dir
            .strip_prefix(root)
            .map(|rest| {
                rest.components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/")
            })
            .unwrap_or_default();
        return Enclosing::Workspace {
            manifest,
            member,
            listed,
        };
    }
    match excluded {
        Some(manifest) => Enclosing::Excluded { manifest },
        None => Enclosing::None,
    }
}

/// Does the path `pattern` (a `members` entry, joined to its root), whose components may hold
/// the wildcards `*` and `?`, name the directory `dir`? (Other glob syntax is taken literally.)
fn matches_path(pattern: &Path, dir: &Path) -> bool {
    let pattern: Vec<_> = pattern.components().collect();
    let dir: Vec<_> = dir.components().collect();
    pattern.len() == dir.len()
        && pattern.iter().zip(&dir).all(|(p, d)| {
            let (p, d) = (
                p.as_os_str().to_string_lossy(),
                d.as_os_str().to_string_lossy(),
            );
            wildcard(p.as_bytes(), d.as_bytes())
        })
}

/// One path component against a pattern of `*` (any run of characters) and `?` (any one).
fn wildcard(pattern: &[u8], text: &[u8]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some((b'*', rest)) => (0..=text.len()).any(|skip| wildcard(rest, &text[skip..])),
        Some((b'?', rest)) => !text.is_empty() && wildcard(rest, &text[1..]),
        Some((c, rest)) => text.first() == Some(c) && wildcard(rest, &text[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh directory of its own under the system's temporary directory.
    fn scratch(test: &str) -> PathBuf {
        let dir = std::env::temp_dir()
            .join(format!("codegen-workspace-{}", std::process::id()))
            .join(test);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn the_nearest_workspace_above_claims_the_directory() {
        let root = scratch("nearest");
        write(
            &root.join("Cargo.toml"),
            "[workspace]\nmembers = [\"crates/*\"]\n",
        );
        // A package between the two is no workspace: the search goes on past it.
        write(&root.join("crates/Cargo.toml"), "[package]\nname = \"x\"\n");
        let found = enclosing(&root.join("crates/api"));
        assert_eq!(
            found,
            Enclosing::Workspace {
                manifest: root.join("Cargo.toml"),
                member: "crates/api".into(),
                listed: true,
            }
        );
        // Not listed, and named with `..` on the way.
        let found = enclosing(&root.join("crates/../clients/./api"));
        assert_eq!(
            found,
            Enclosing::Workspace {
                manifest: root.join("Cargo.toml"),
                member: "clients/api".into(),
                listed: false,
            }
        );
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn an_excluded_directory_is_left_to_workspaces_further_up() {
        let root = scratch("excluded");
        write(
            &root.join("Cargo.toml"),
            "[workspace]\nmembers = [\"inner/kept\"]\n",
        );
        write(
            &root.join("inner/Cargo.toml"),
            "[workspace]\nmembers = [\"kept\"]\nexclude = [\"generated\", \"kept\"]\n",
        );
        // Excluded by `inner`, claimed by the workspace above it.
        assert_eq!(
            enclosing(&root.join("inner/generated/api")),
            Enclosing::Workspace {
                manifest: root.join("Cargo.toml"),
                member: "inner/generated/api".into(),
                listed: false,
            }
        );
        // Listed in `members` as well as `exclude`: a member (cargo's rule).
        assert!(matches!(
            enclosing(&root.join("inner/kept")),
            Enclosing::Workspace { manifest, listed: true, .. } if manifest == root.join("inner/Cargo.toml")
        ));
        std::fs::remove_dir_all(&root).unwrap();

        let root = scratch("excluded-everywhere");
        write(
            &root.join("Cargo.toml"),
            "[workspace]\nexclude = [\"generated\"]\n",
        );
        assert_eq!(
            enclosing(&root.join("generated/api")),
            Enclosing::Excluded {
                manifest: root.join("Cargo.toml")
            }
        );
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_broken_manifest_on_the_way_is_reported() {
        let root = scratch("broken");
        write(&root.join("Cargo.toml"), "[workspace\n");
        let found = enclosing(&root.join("api"));
        assert!(
            matches!(&found, Enclosing::Unreadable { manifest, .. } if *manifest == root.join("Cargo.toml")),
            "{found:?}"
        );
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn the_crates_own_manifest_does_not_count() {
        let root = scratch("own");
        // What an earlier standalone run wrote.
        write(
            &root.join("api/Cargo.toml"),
            "[package]\nname = \"api\"\n[workspace]\n",
        );
        let found = enclosing(&root.join("api"));
        assert!(
            !matches!(&found, Enclosing::Workspace { manifest, .. } if *manifest == root.join("api/Cargo.toml")),
            "{found:?}"
        );
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn wildcards_match_one_component() {
        assert!(wildcard(b"*", b"api"));
        assert!(wildcard(b"a?i", b"api"));
        assert!(wildcard(b"cl*-api", b"client-api"));
        assert!(!wildcard(b"cl*-api", b"client-apis"));
        assert!(matches_path(
            Path::new("/w/crates/*"),
            Path::new("/w/crates/api")
        ));
        assert!(!matches_path(
            Path::new("/w/crates/*"),
            Path::new("/w/crates/api/x")
        ));
    }
}
