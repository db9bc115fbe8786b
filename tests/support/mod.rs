//! What the tests that build other crates with cargo share (`tests/fixtures.rs`, the crates
//! of the fixtures; `tests/user_project.rs`, a user's project): the target directory, the
//! cargo command, and the check that such a crate used the versions of the repository's lock
//! file.
//!
//! Those crates build into the workspace's own target directory, which `scripts/check-history.sh`
//! and the fuzz check in `.ci/run` use too, all under the same flags (the environment's:
//! warnings are denied by `clippy -- -D warnings` and `RUSTDOCFLAGS`, which reach only the
//! crates being checked, never their dependencies), so that a dependency compiled with the
//! same features is compiled once. (`cargo test` does not hold the target directory's lock
//! while tests run.)

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// The repository.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Where the tests write the crates they build: `target/tmp`.
pub fn tmp() -> &'static Path {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
}

/// The target directory that every cargo command of a CI run shares (see above).
pub fn shared_target_dir() -> &'static Path {
    tmp()
        .parent()
        .expect("CARGO_TARGET_TMPDIR is a directory in the target directory")
}

/// A cargo command in `dir`, building into the shared target directory.
pub fn cargo(dir: &Path) -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    // Cargo runs this test with variables that describe its package (`CARGO_MANIFEST_DIR`,
    // `CARGO_PKG_NAME`, ...). Some build scripts (ring's) are rerun when one of those changes,
    // so a cargo that inherited them would rebuild such dependencies and everything above them,
    // and the workspace's own next build would rebuild them back.
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy();
        if key.starts_with("CARGO_PKG_")
            || key.starts_with("CARGO_MANIFEST_")
            || ["CARGO_CRATE_NAME", "CARGO_BIN_NAME", "OUT_DIR"].contains(&&*key)
        {
            command.env_remove(&*key);
        }
    }
    command
        .env("CARGO_TARGET_DIR", shared_target_dir())
        .current_dir(dir);
    command
}

/// The registry packages of a lock file, one `name = ".." version = ".."` string each.
pub fn registry_packages(lock: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(lock).unwrap();
    text.split("[[package]]")
        .filter(|package| package.contains("\nsource = \"registry+"))
        .map(|package| {
            let lines = package.lines();
            let fields: Vec<&str> = lines
                .filter(|l| l.starts_with("name = ") || l.starts_with("version = "))
                .collect();
            fields.join(" ")
        })
        .collect()
}

/// The packages of `lock` (a copy of the repository's lock file that cargo completed) at
/// versions that the repository's lock file does not have: none, or the build was not the
/// repository's.
pub fn unlocked_packages(lock: &Path) -> Vec<String> {
    registry_packages(lock)
        .difference(&registry_packages(&root().join("Cargo.lock")))
        .cloned()
        .collect()
}
