//! How the crate builds, for this repository and for its users: a second `cargo build` does
//! nothing (no build script rerun, nothing recompiled), `cargo build` here runs the generator,
//! and a crate that depends on this one compiles no generator.
//!
//! These run cargo in this repository's target directory, so after a `cargo build` they cost a
//! few seconds; before one, the first test builds what `cargo build` builds.

use std::path::{Path, PathBuf};
use std::process::Output;

mod support;

use support::root;

/// Runs cargo in `dir`, in the shared target directory, as a user would from a shell (see
/// `support::cargo`), and checks that it succeeds.
fn cargo(dir: &Path, args: &[&str]) -> Output {
    let output = support::cargo(dir)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo: {e}"));
    assert!(
        output.status.success(),
        "`cargo {}` in {} failed:\n{}",
        args.join(" "),
        dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// A second `cargo build` reruns no build script (the generator's included) and compiles
/// nothing: every package is `Fresh`. A build script that printed no `rerun-if-changed`, or
/// one naming a file that does not exist, or that rewrote a file it watches, would rerun here.
#[test]
fn a_second_cargo_build_does_nothing() {
    cargo(root(), &["build"]);
    let second = cargo(root(), &["build", "--verbose"]);
    let log = String::from_utf8_lossy(&second.stderr);
    let work: Vec<&str> = log
        .lines()
        .filter(|line| {
            let line = line.trim_start();
            ["Compiling", "Dirty", "Running"]
                .iter()
                .any(|word| line.starts_with(word))
        })
        .collect();
    let shown: Vec<String> = work
        .iter()
        .map(|line| line.chars().take(300).collect())
        .collect();
    assert!(
        work.is_empty(),
        "the second `cargo build` did work:\n{}",
        shown.join("\n")
    );
    assert!(
        log.lines()
            .any(|line| line.trim_start().starts_with("Fresh vonage-conversation ")),
        "{log}"
    );
}

/// The packages and features that `cargo tree` shows for `dir`'s build, one per line.
fn tree(dir: &Path) -> String {
    let output = cargo(
        dir,
        &[
            "tree",
            "--offline",
            "--edges",
            "normal,build,features",
            "--prefix",
            "none",
        ],
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The generator's crates, found in a `cargo tree` listing: codegen and what only it uses
/// (syn itself is also built for serde's derive, but without its `full` feature; syn 3 is the
/// only syn of these trees, so `syn feature "full"` is that one's).
fn generator_crates(tree: &str) -> Vec<&str> {
    let mut found: Vec<&str> = tree
        .lines()
        .filter(|line| {
            ["codegen v", "prettyplease v", "openapiv3 v", "serde_yaml v"]
                .iter()
                .any(|name| line.starts_with(name))
                || line.starts_with("syn feature \"full\"")
        })
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

/// A crate outside this workspace that depends on this one (by path; a git dependency is
/// resolved the same way) gets the client and not the generator, unless it asks for the
/// `regenerate` feature. In this repository, `cargo build` does build the generator into the
/// build script.
#[test]
fn dependents_compile_no_generator() {
    let here = tree(root());
    assert!(
        here.lines().any(|line| line.starts_with("codegen v")),
        "`cargo build` in the repository would not run the generator:\n{here}"
    );

    let dependent = |name: &str, extra: &str| -> PathBuf {
        let dir = support::tmp().join(name);
        std::fs::create_dir_all(dir.join("src")).unwrap();
        let manifest = format!(
            "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\
             publish = false\n\n[dependencies]\n\
             vonage-conversation = {{ path = {:?}{extra} }}\n\n[workspace]\n",
            root().display().to_string()
        );
        codegen::write_if_changed(&dir.join("Cargo.toml"), &manifest).unwrap();
        codegen::write_if_changed(&dir.join("src/main.rs"), "fn main() {}\n").unwrap();
        // The workspace's versions, all downloaded already (`--offline`).
        std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
        dir
    };

    let plain = tree(&dependent("dependent-plain", ""));
    assert!(plain
        .lines()
        .any(|line| line.starts_with("vonage-conversation v")));
    assert_eq!(generator_crates(&plain), Vec::<&str>::new(), "{plain}");

    // The check itself sees the generator when it is there.
    let regenerating = tree(&dependent(
        "dependent-regenerating",
        ", features = [\"regenerate\"]",
    ));
    let found = generator_crates(&regenerating);
    assert!(
        found.iter().any(|line| line.starts_with("codegen v"))
            && found.iter().any(|line| line.starts_with("syn feature")),
        "{regenerating}"
    );
}
