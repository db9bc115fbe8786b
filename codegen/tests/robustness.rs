//! Inputs that once crashed or hung the generator: each must end quickly, in bounded memory,
//! with a result or with errors, never a panic or a stack overflow.
//!
//! - Large generated specs (deep nesting, long chains of aliases), written at test time.
//! - `tests/fixtures/fuzz/`: inputs found by the fuzz targets (see `fuzz/`), kept as they were
//!   found, each run through the whole generator.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn tmp(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("robustness");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

const HEAD: &str = "openapi: 3.0.3\ninfo:\n  title: Generated\n  version: \"1.0\"\n";

/// Generates from `text` (written to a file named `name`), and how long it took.
fn run(name: &str, text: &str) -> (Result<codegen::Generated, codegen::Errors>, Duration) {
    let path = tmp(name);
    std::fs::write(&path, text).unwrap();
    let started = Instant::now();
    let result = codegen::Generator::new(&path).shown_as(name).generate();
    (result, started.elapsed())
}

/// `count` component schemas, each an object whose `next` member is the next one.
fn property_chain(count: usize) -> String {
    let mut text = format!(
        "{HEAD}paths:\n  /first:\n    get:\n      operationId: first\n      responses:\n        \
         \"200\":\n          description: The first\n          content:\n            \
         application/json:\n              schema:\n                \
         $ref: \"#/components/schemas/S0\"\ncomponents:\n  schemas:\n"
    );
    for i in 0..count {
        text.push_str(&format!(
            "    S{i}:\n      type: object\n      properties:\n        next:\n          \
             $ref: \"#/components/schemas/S{}\"\n",
            i + 1
        ));
    }
    text.push_str(&format!("    S{count}:\n      type: string\n"));
    text
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    // Within the limit: fine, even on a test thread's small stack.
    let (result, _) = run("chain_400.yaml", &property_chain(400));
    let generated = result.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(generated.api.types.len(), 401);
    // Past it: one error where the limit is reached (it used to overflow the stack).
    let (result, elapsed) = run("chain_5000.yaml", &property_chain(5000));
    let errors = result.expect_err("too deep").to_string();
    assert_eq!(errors.lines().count(), 1, "{errors}");
    assert!(
        errors.starts_with(&format!(
            "error: chain_5000.yaml#/components/schemas/S{}: schemas nest more than {} levels deep",
            codegen::model::MAX_DEPTH,
            codegen::model::MAX_DEPTH
        )),
        "{errors}"
    );
    assert!(elapsed < Duration::from_secs(60), "{elapsed:?}");
}

#[test]
fn long_chains_of_aliases_are_followed_in_linear_time() {
    const COUNT: usize = 5000;
    // `S0: {$ref: S1}`, ... : each component used to follow the rest of the chain again.
    let mut refs = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n");
    for i in 0..COUNT {
        refs.push_str(&format!(
            "    S{i}:\n      $ref: \"#/components/schemas/S{}\"\n",
            i + 1
        ));
    }
    refs.push_str(&format!("    S{COUNT}:\n      type: string\n"));
    let (result, elapsed) = run("alias_chain.yaml", &refs);
    assert_eq!(result.unwrap().api.types.len(), COUNT + 1);
    assert!(elapsed < Duration::from_secs(60), "{elapsed:?}");

    // Lists of lists, last first: each alias used to walk the rest of the chain (with a
    // linear search at each step) to find whether it contains itself.
    let mut lists = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n");
    lists.push_str(&format!("    S{COUNT}:\n      type: string\n"));
    for i in (0..COUNT).rev() {
        lists.push_str(&format!(
            "    S{i}:\n      type: array\n      items:\n        $ref: \"#/components/schemas/S{}\"\n",
            i + 1
        ));
    }
    let (result, elapsed) = run("list_chain.yaml", &lists);
    assert_eq!(result.unwrap().api.types.len(), COUNT + 1);
    assert!(elapsed < Duration::from_secs(60), "{elapsed:?}");
}

#[test]
fn many_names_that_collide_are_named_in_linear_time() {
    // Every non-ASCII name is `field` in Rust: each used to try `field2`, `field3`, ... from
    // the start (90 s for 30000 members, in release).
    const COUNT: u32 = 20_000;
    let mut text = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Wide:\n      type: object\n      \
         properties:\n"
    );
    for i in 0..COUNT {
        let name = char::from_u32(0x4e00 + i).unwrap();
        text.push_str(&format!("        \"{name}\": {{type: string}}\n"));
    }
    let (result, elapsed) = run("collisions.yaml", &text);
    let generated = result.unwrap_or_else(|e| panic!("{e}"));
    let codegen::model::TypeKind::Struct(wide) = &generated.api.types[0].kind else {
        panic!("not a struct")
    };
    assert_eq!(wide.fields.len(), COUNT as usize);
    assert_eq!(wide.fields.last().unwrap().name, format!("field{COUNT}"));
    assert!(elapsed < Duration::from_secs(60), "{elapsed:?}");
}

#[test]
fn an_alias_cycle_through_many_members_is_one_error() {
    const COUNT: usize = 2000;
    let mut text = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n");
    for i in 0..COUNT {
        text.push_str(&format!(
            "    S{i}:\n      $ref: \"#/components/schemas/S{}\"\n",
            (i + 1) % COUNT
        ));
    }
    let (result, elapsed) = run("alias_ring.yaml", &text);
    let errors = result.expect_err("a cycle").to_string();
    assert_eq!(errors.lines().count(), 1);
    assert!(errors.starts_with("error: alias_ring.yaml#/components/schemas/S0: "));
    assert!(elapsed < Duration::from_secs(60), "{elapsed:?}");
}

#[test]
fn remote_refs_fail_at_once_without_the_network() {
    // An address nothing answers: a connection attempt would hang until a timeout.
    let text = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    \
         A:\n      $ref: \"http://10.255.255.1/spec.yaml#/components/schemas/A\"\n    \
         B:\n      $ref: \"//10.255.255.1/spec.yaml#/components/schemas/B\"\n    \
         C:\n      $ref: \"file:///etc/passwd#/x\"\n"
    );
    let (result, elapsed) = run("remote.yaml", &text);
    let errors = result.expect_err("remote refs").to_string();
    assert_eq!(
        errors
            .matches("remote references are not supported")
            .count(),
        3,
        "{errors}"
    );
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}

/// `tests/fixtures/fuzz/*`: each through the whole generator (a `.json` file as JSON, any
/// other as YAML). A panic fails the test, naming the file.
#[test]
fn fuzz_findings_do_not_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/fuzz");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs in {}", dir.display());
    let mut panicked = Vec::new();
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let started = Instant::now();
        let outcome = std::panic::catch_unwind(|| {
            codegen::Generator::new(file)
                .shown_as(&name)
                .generate()
                .map(|_| ())
        });
        match outcome {
            Ok(Ok(())) | Ok(Err(_)) => {}
            Err(_) => panicked.push(name.clone()),
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{name} took {:?}",
            started.elapsed()
        );
    }
    assert!(
        panicked.is_empty(),
        "the generator panicked on {panicked:?}"
    );
}

/// A schema nested `depth` levels deep: a list of lists of ... strings (`items`), or an object
/// whose member is an object whose member ... (`properties`). The parsers refuse documents
/// nested more than 128 levels, so each level is a `$ref` to the next, kept outside
/// `components` (`#/x-deep/1`, ...) so that it stays an inline schema (a ref to a component
/// would name it). It is the body of a response, so that it reaches both `models.rs` and the
/// client's method signatures.
fn deep_schema(depth: usize, items: bool) -> String {
    let mut text = format!(
        "{HEAD}paths:\n  /deep:\n    get:\n      operationId: deep\n      responses:\n        \
         \"200\":\n          description: Deep\n          content:\n            \
         application/json:\n              schema:\n                \
         $ref: \"#/components/schemas/Deep\"\ncomponents:\n  schemas:\n    \
         Deep: {{$ref: \"#/x-deep/0\"}}\nx-deep:\n"
    );
    for i in 0..depth {
        let next = format!("{{$ref: \"#/x-deep/{}\"}}", i + 1);
        text.push_str(&if items {
            format!("  - {{type: array, items: {next}}}\n")
        } else {
            format!("  - {{type: object, required: [a], properties: {{a: {next}}}}}\n")
        });
    }
    text.push_str("  - {type: string}\n");
    text
}

/// Emitting and formatting recurse once per level of a type, on threads of their own (the
/// chunks of `models.rs` and of the client's methods): nesting as deep as the model accepts
/// is generated, from a test thread's small stack. (Formatting parses the emitted code with
/// syn: a file that did not parse would be an error.)
#[test]
fn nesting_as_deep_as_the_model_allows_is_generated() {
    // The string at the bottom is the last level the model accepts.
    let depth = codegen::model::MAX_DEPTH - 1;
    for items in [true, false] {
        let name = format!("deep_{}.yaml", if items { "items" } else { "properties" });
        let (result, elapsed) = run(&name, &deep_schema(depth, items));
        let generated = result.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(elapsed < Duration::from_secs(60), "{name}: {elapsed:?}");
        let file = |name: &str| {
            let file = generated.files.iter().find(|f| f.name == name);
            file.map(|f| f.contents.as_str()).unwrap_or_default()
        };
        if items {
            assert_eq!(file("models.rs").matches("Vec<").count(), depth, "{name}");
            assert!(file("client.rs").matches("Vec<").count() >= depth, "{name}");
        } else {
            let structs = file("models.rs").matches("pub struct Deep").count();
            assert_eq!(structs, depth, "{name}");
        }
    }
}

/// A response schema nested `depth` levels deep, written out inline (no refs), as generated
/// specs and Kubernetes CRDs write them: an object whose member `a` is an object whose member
/// ... is a string. Each level is two levels of the document (`properties`, `a`), so 200
/// levels are far past the 128 that serde_yaml and serde_json read by themselves.
fn inline_schema(depth: usize, json: bool) -> String {
    let mut schema = serde_json::json!({"type": "string"});
    for _ in 0..depth {
        schema =
            serde_json::json!({"type": "object", "required": ["a"], "properties": {"a": schema}});
    }
    let spec = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "Generated", "version": "1.0"},
        "paths": {"/deep": {"get": {"operationId": "deep", "responses": {"200": {
            "description": "Deep",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Deep"}}}
        }}}}},
        "components": {"schemas": {"Deep": schema}},
    });
    if json {
        serde_json::to_string_pretty(&spec).unwrap()
    } else {
        // Block style, two spaces per level, as YAML writers indent.
        yaml_block(&spec, 0)
    }
}

/// `value` as block-style YAML (mappings of mappings, lists of strings), indented `level`.
fn yaml_block(value: &serde_json::Value, level: usize) -> String {
    let indent = "  ".repeat(level);
    let mut out = String::new();
    for (key, member) in value.as_object().expect("a mapping") {
        match member {
            serde_json::Value::Object(_) => out.push_str(&format!(
                "{indent}{key:?}:\n{}",
                yaml_block(member, level + 1)
            )),
            other => out.push_str(&format!("{indent}{key:?}: {other}\n")),
        }
    }
    out
}

/// Inline schemas 80 and 200 levels deep, in YAML and JSON, are read (they used to be refused
/// as "invalid YAML: recursion limit exceeded") and generate one struct per level.
#[test]
fn documents_nested_deeper_than_the_parsers_limits_are_read() {
    for depth in [80, 200] {
        for json in [false, true] {
            let name = format!("inline_{depth}.{}", if json { "json" } else { "yaml" });
            let (result, elapsed) = run(&name, &inline_schema(depth, json));
            let generated = result.unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(elapsed < Duration::from_secs(60), "{name}: {elapsed:?}");
            let models = generated
                .files
                .iter()
                .find(|f| f.name == "models.rs")
                .unwrap();
            assert_eq!(
                models.contents.matches("pub struct Deep").count(),
                depth,
                "{name}"
            );
        }
    }
    // Past what is read: said as such, with the line and column, not "invalid".
    let limit = codegen::load::MAX_NESTING;
    let text = format!("{HEAD}paths: {{}}\nx-deep:\n{}1\n", "- ".repeat(limit));
    let (result, _) = run("too_deep.yaml", &text);
    let errors = result.expect_err("too deep").to_string();
    assert_eq!(
        errors,
        format!(
            "error: too_deep.yaml:7:{}: the document nests deeper than {limit} levels (lists \
             and mappings) here, more than the generator reads",
            2 * limit - 1
        )
    );
}
