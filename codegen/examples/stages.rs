//! Times the pipeline on one spec: `cargo run --release -p codegen --example stages -- SPEC`.
//!
//! Prints one line: the time to parse the spec's JSON (the baseline: no generator can be
//! faster than reading its input), to model it, and the whole run (parse, model, emit,
//! format, in memory). `scripts/bench.sh` runs it repeatedly and reports medians and ratios.

use std::path::Path;
use std::time::Instant;

fn main() {
    let Some(spec) = std::env::args().nth(1) else {
        eprintln!("usage: stages SPEC");
        std::process::exit(2);
    };
    let path = Path::new(&spec);
    let t = Instant::now();
    let tree = codegen::load::read_tree(path, path).unwrap_or_else(|e| panic!("{e}"));
    let parsed = t.elapsed();
    let t = Instant::now();
    let mut resolver = codegen::resolve::Resolver::from_tree(path, path, tree);
    let built = codegen::model::build(&mut resolver, &codegen::Config::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let modelled = t.elapsed();
    let t = Instant::now();
    let generated = codegen::Generator::new(path)
        .generate()
        .unwrap_or_else(|e| panic!("{e}"));
    let whole = t.elapsed();
    let bytes: usize = generated.files.iter().map(|f| f.contents.len()).sum();
    println!(
        "parse_ms={:.1} model_ms={:.1} whole_ms={:.1} types={} operations={} output_bytes={bytes}",
        parsed.as_secs_f64() * 1e3,
        modelled.as_secs_f64() * 1e3,
        whole.as_secs_f64() * 1e3,
        built.api.types.len(),
        built.api.operations.len()
    );
}
