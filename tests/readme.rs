//! The README's usage example is `examples/create_member.rs`, which `cargo test` compiles:
//! this test keeps the README's copy identical, so the README never shows code that does not
//! build.

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
