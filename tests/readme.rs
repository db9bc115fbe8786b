//! The README's usage example is `examples/create_member.rs`, which `cargo test` compiles,
//! and its test with the mocks is `examples/user-project/tests/busy.rs`, which
//! `tests/user_project.rs` runs: these tests keep the README's copies identical, so the
//! README never shows code that does not build.

#[test]
fn readme_quotes_the_compiled_example() {
    let readme = include_str!("../README.md");
    let example = include_str!("../examples/create_member.rs");
    let code: String = example
        .lines()
        .skip_while(|l| l.starts_with("//!") || l.is_empty())
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(
        readme.contains(&format!("```rust,no_run\n{code}```")),
        "README.md's usage example differs from examples/create_member.rs"
    );
}

#[test]
fn readme_quotes_the_user_projects_test() {
    let readme = include_str!("../README.md");
    let test = include_str!("../examples/user-project/tests/busy.rs");
    assert!(
        readme.contains(&format!("```rust\n{test}```")),
        "README.md's test with the mocks differs from examples/user-project/tests/busy.rs"
    );
}
