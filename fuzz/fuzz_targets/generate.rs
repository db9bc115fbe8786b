//! Arbitrary bytes through the whole generator: load, resolve, model, then emit and format.
//! Any outcome is fine (a spec is accepted or rejected with errors) except a panic, a hang or
//! unbounded memory, which libFuzzer reports.
//!
//! The first byte chooses how the rest is read: bit 0 set means JSON (else YAML, which also
//! sniffs a leading `{`). The spec is also written to a file, so the full `Generator` runs
//! and relative `$ref`s resolve next to it (`parts/thing.yaml` exists there).

#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

/// A directory of this process for the spec file.
fn work_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("codegen-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("parts")).expect("create the fuzz work directory");
        // A file that relative refs can name.
        std::fs::write(
            dir.join("parts/thing.yaml"),
            "components:\n  schemas:\n    Thing:\n      type: object\n      properties:\n        id:\n          type: string\n",
        )
        .expect("write parts/thing.yaml");
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, bytes)) = data.split_first() else {
        return;
    };
    let json = mode & 1 == 1;
    let name = if json { "spec.json" } else { "spec.yaml" };
    let path = work_dir().join(name);
    let shown = Path::new(name);

    // Written first: if the process dies without a word (a stack overflow on the generator's
    // thread kills it before libFuzzer can save the input), `run.sh` keeps this file.
    std::fs::write(&path, bytes).expect("write the spec");

    // The stages one by one, in memory.
    let Ok(tree) = codegen::load::parse_tree(bytes, json, shown) else {
        return;
    };
    let Ok(mut resolver) = codegen::resolve::Resolver::from_spec_tree(&path, shown, tree) else {
        return;
    };
    if codegen::model::build(&mut resolver, &codegen::Config::default()).is_err() {
        return;
    }

    // The model was built: the whole pipeline, emitting and formatting code, from the file.
    if let Ok(generated) = codegen::Generator::new(&path).shown_as(shown).generate() {
        assert!(!generated.files.is_empty());
    }
});
