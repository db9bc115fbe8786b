//! A user's project (`examples/user-project/`, a crate of its own that depends on the client,
//! and in its tests on the client's typed mocks) builds, and its tests pass: they test a piece
//! of its code (adding a member, listing members, a 503 answered then success) with
//! `vonage_conversation::mock`, writing no path and no JSON.
//!
//! The project is copied into `target/tmp/user-project` with the repository's lock file and
//! built offline into the workspace's target directory (see `support`), its dependency on the
//! client pointed at this repository.

mod support;

use std::path::Path;

use support::{root, tmp};

/// Copies the files of `from` into `to` (written only when their bytes change, so that cargo
/// rebuilds only what changed), the manifest's path to the client made absolute.
fn copy_project(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap();
        if name == "target" || name == "Cargo.lock" {
            continue;
        }
        if path.is_dir() {
            copy_project(&path, &to.join(name));
            continue;
        }
        let mut text = std::fs::read_to_string(&path).unwrap();
        if name == "Cargo.toml" {
            let client = format!("path = {:?}", root().display().to_string());
            assert!(text.contains(r#"path = "../..""#), "{}", path.display());
            text = text.replace(r#"path = "../..""#, &client);
        }
        codegen::write_if_changed(&to.join(name), &text).unwrap();
    }
}

#[test]
fn the_user_projects_tests_pass_with_the_mocks() {
    let project = tmp().join("user-project");
    copy_project(&root().join("examples/user-project"), &project);
    std::fs::copy(root().join("Cargo.lock"), project.join("Cargo.lock")).unwrap();

    let output = support::cargo(&project)
        .args(["test", "--offline"])
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo: {e}"));

    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the user project's tests fail ({}):\n{stdout}{stderr}",
        output.status
    );
    let passed: usize = stdout
        .lines()
        .filter_map(|line| line.strip_prefix("test result: ok. "))
        .filter_map(|rest| rest.split(' ').next()?.parse::<usize>().ok())
        .sum();
    assert_eq!(passed, 3, "its three tests did not all run:\n{stdout}");
    let unlocked = support::unlocked_packages(&project.join("Cargo.lock"));
    assert!(
        unlocked.is_empty(),
        "versions that the repository's Cargo.lock does not have: {unlocked:?}"
    );
}
