//! What several integration tests share. Each test file that uses it declares `mod support;`.

use std::path::Path;
use std::process::Command;

/// A cargo command as a user would type it in a shell: without the variables that cargo sets
/// for a test's process (`CARGO_MANIFEST_DIR`, `CARGO_PKG_NAME`, ...). Some build scripts
/// (ring's) are rerun when one of those changes, so a cargo that inherited them would rebuild
/// such dependencies and everything above them, and the user's next build would rebuild them
/// back. It builds in `target_dir`.
pub fn cargo(target_dir: &Path) -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy();
        if key.starts_with("CARGO_PKG_")
            || key.starts_with("CARGO_MANIFEST_")
            || ["CARGO_CRATE_NAME", "CARGO_BIN_NAME", "OUT_DIR"].contains(&&*key)
        {
            command.env_remove(&*key);
        }
    }
    command.env("CARGO_TARGET_DIR", target_dir);
    command
}

/// The target directory the calling test was built in (`CARGO_TARGET_TMPDIR` is
/// `<target>/tmp`).
pub fn target_dir() -> &'static Path {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("CARGO_TARGET_TMPDIR is a directory in the target directory")
}
