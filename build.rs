//! Generates the client library in `generated/` from `specs/conversation.yml`, when the
//! `regenerate` feature is on: in this repository's own builds (the workspace's default members
//! turn it on), never in a crate that depends on this one. Without it, this script does nothing
//! and the generator is not compiled at all: `generated/` is committed, and
//! `tests/generation.rs` fails when it differs from what the generator produces.
//!
//! Files are written only when their bytes change, so a fresh clone builds without touching
//! the work tree, and `git diff generated/` shows exactly what a spec or generator change did.
//! A broken spec fails the build with the generator's messages (file and JSON pointer).

fn main() {
    // Without this line, cargo would rerun the script whenever any file of the package changed.
    println!("cargo:rerun-if-changed=build.rs");
    #[cfg(feature = "regenerate")]
    regenerate();
}

#[cfg(feature = "regenerate")]
fn regenerate() {
    use std::path::Path;
    use std::process::exit;

    const SPEC: &str = "specs/conversation.yml";

    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    println!("cargo:rerun-if-changed=codegen/src");
    println!("cargo:rerun-if-changed=codegen/Cargo.toml");
    // The runtime's files are copied into generated/runtime/.
    println!("cargo:rerun-if-changed=runtime/src");

    let result = codegen::Generator::new(root.join(SPEC))
        .shown_as(SPEC)
        .regenerate_command("cargo build")
        // Hand-written: Vonage application JWTs, a token provider for the runtime.
        .extra_module("application_auth", "../src/application_auth.rs")
        .generate();
    let generated = match result {
        Ok(generated) => generated,
        Err(errors) => {
            println!("cargo:rerun-if-changed={}", root.join(SPEC).display());
            eprintln!("{errors}");
            exit(1);
        }
    };
    for input in &generated.inputs {
        println!("cargo:rerun-if-changed={}", input.display());
    }
    for warning in &generated.warnings {
        println!("cargo:warning={warning}");
    }
    if let Err(e) = generated.write_sources(root.join("generated")) {
        eprintln!("error: cannot write generated/: {e}");
        exit(1);
    }
}
