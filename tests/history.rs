//! Spec version bumps, on the real upstream history of the Conversation API (vendored under
//! `tests/history/`, see SOURCES.md): every version generates, unchanged parts of a spec give
//! unchanged code, and `codegen diff` reports what a Rust user must know.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

fn history() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/history")
}

/// The root spec of each version (`voice.yml` files are only referred to).
fn versions() -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(history()).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&dir).unwrap() {
            let file = file.unwrap().path();
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            if name.starts_with("conversation") && name.ends_with(".yml") {
                let version = dir.file_name().unwrap().to_string_lossy().into_owned();
                out.push((version, file));
            }
        }
    }
    out.sort();
    out
}

fn generate(spec: &Path) -> codegen::Generated {
    codegen::Generator::new(spec)
        .shown_as(spec.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap())
        .generate()
        .unwrap_or_else(|errors| panic!("{} does not generate:\n{errors}", spec.display()))
}

fn file<'a>(generated: &'a codegen::Generated, name: &str) -> &'a str {
    &generated
        .files
        .iter()
        .find(|f| f.name == name)
        .unwrap()
        .contents
}

#[test]
fn every_version_generates() {
    let versions = versions();
    let names: Vec<&str> = versions.iter().map(|(v, _)| v.as_str()).collect();
    assert_eq!(names, ["1.6.0", "1.7.0", "2.0.1", "v0.2-1.0.1"]);
    for (version, spec) in &versions {
        let generated = generate(spec);
        assert!(
            !generated.api.operations.is_empty(),
            "{version}: no operations"
        );
        assert!(
            file(&generated, "lib.rs").contains(&format!(
                "pub const SPEC_VERSION: &str = \"{}\";",
                generated.api.version
            )),
            "{version}: SPEC_VERSION missing"
        );
    }
}

/// Refs of the 1.7.0 and 2.0.1 specs that leave the file point into voice.yml; the files the
/// generator read are reported so a build script can watch them.
#[test]
fn external_files_are_inputs() {
    let generated = generate(&history().join("2.0.1/conversation.yml"));
    let inputs: Vec<String> = generated
        .inputs
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(inputs, ["conversation.yml", "voice.yml"]);
}

/// Splits generated code into items keyed by the name they define (a type with its impls,
/// or a client method), so two versions can be compared item by item.
fn items(code: &str) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    let mut chunk = String::new();
    let flush = |chunk: &mut String, out: &mut BTreeMap<String, String>| {
        if let Some(name) = item_name(chunk) {
            out.entry(name).or_default().push_str(chunk);
        }
        chunk.clear();
    };
    for line in code.lines() {
        // Items (top-level, or methods inside `impl Client`) are separated by blank lines.
        if line.is_empty() {
            flush(&mut chunk, &mut out);
            continue;
        }
        chunk.push_str(line);
        chunk.push('\n');
    }
    flush(&mut chunk, &mut out);
    out
}

fn item_name(chunk: &str) -> Option<String> {
    for line in chunk.lines() {
        let line = line.trim_start();
        for prefix in [
            "pub struct ",
            "pub enum ",
            "pub type ",
            "impl ",
            "pub async fn ",
        ] {
            if let Some(rest) = line.strip_prefix(prefix) {
                let rest = rest
                    .strip_prefix("::std::fmt::Display for ")
                    .unwrap_or(rest);
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                return Some(name);
            }
        }
    }
    None
}

fn spec_json(path: &Path) -> Value {
    let text = std::fs::read(path).unwrap();
    codegen::load::parse_tree(&text, false, path).unwrap()
}

/// Component schemas whose JSON is the same in both specs and which refer (transitively) only
/// to schemas that are also the same.
fn unchanged_schemas(old: &Value, new: &Value) -> BTreeSet<String> {
    let (a, b) = (&old["components"]["schemas"], &new["components"]["schemas"]);
    let mut same: BTreeSet<String> = a
        .as_object()
        .unwrap()
        .iter()
        .filter(|(k, v)| b.get(k.as_str()) == Some(v))
        .map(|(k, _)| k.clone())
        .collect();
    loop {
        let before = same.len();
        let snapshot = same.clone();
        same.retain(|k| refs(&a[k.as_str()]).iter().all(|r| snapshot.contains(r)));
        if same.len() == before {
            return same;
        }
    }
}

/// The component names a schema refers to; a ref anywhere else (another file, a deep
/// pointer) is returned whole, so it never counts as unchanged.
fn refs(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                out.push(
                    r.strip_prefix("#/components/schemas/")
                        .filter(|rest| !rest.contains('/'))
                        .unwrap_or(r)
                        .to_owned(),
                );
            }
            map.values().for_each(|v| out.extend(refs(v)));
        }
        Value::Array(items) => items.iter().for_each(|v| out.extend(refs(v))),
        _ => {}
    }
    out
}

/// A bump touches only what changed: every schema that is the same in 1.7.0 and 2.0.1 gives
/// the same code, and so does every operation whose definition is the same.
#[test]
fn unchanged_schemas_and_operations_give_unchanged_code() {
    let (old_path, new_path) = (
        history().join("1.7.0/conversation.yml"),
        history().join("2.0.1/conversation.yml"),
    );
    let (old_spec, new_spec) = (spec_json(&old_path), spec_json(&new_path));
    let (old, new) = (generate(&old_path), generate(&new_path));

    let unchanged = unchanged_schemas(&old_spec, &new_spec);
    assert!(
        unchanged.len() >= 35,
        "only {} unchanged schemas",
        unchanged.len()
    );
    let (old_models, new_models) = (
        items(file(&old, "models.rs")),
        items(file(&new, "models.rs")),
    );
    for key in &unchanged {
        let name = codegen::naming::type_name(key);
        let (a, b) = (&old_models[&name], &new_models[&name]);
        assert_eq!(a, b, "schema `{key}` is unchanged but its code changed");
    }

    // Operations: same JSON, and only unchanged schemas (or none) referred to.
    let (old_client, new_client) = (
        items(file(&old, "client.rs")),
        items(file(&new, "client.rs")),
    );
    let mut compared = 0;
    for (path, item) in old_spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let Some(id) = op.get("operationId").and_then(Value::as_str) else {
                continue;
            };
            let same_json = new_spec["paths"][path][method] == *op
                && new_spec["paths"][path].get("parameters") == item.get("parameters");
            let only_unchanged_refs = refs(op)
                .iter()
                .chain(&refs(&item["parameters"]))
                .all(|r| unchanged_ref(r, &unchanged, &old_spec, &new_spec));
            if !(same_json && only_unchanged_refs) {
                continue;
            }
            let name = codegen::naming::method_name(id);
            assert_eq!(
                old_client[&name], new_client[&name],
                "operation `{id}` is unchanged but its method changed"
            );
            compared += 1;
        }
    }
    assert!(
        compared >= 5,
        "only {compared} unchanged operations compared"
    );
}

/// A ref from an operation that names something the same in both specs: an unchanged
/// schema, or a parameter, request body or response component that is equal and itself
/// refers only to unchanged things.
fn unchanged_ref(r: &str, unchanged: &BTreeSet<String>, old: &Value, new: &Value) -> bool {
    if unchanged.contains(r) {
        return true;
    }
    for kind in ["parameters", "requestBodies", "responses"] {
        if let Some(name) = r.strip_prefix(&format!("#/components/{kind}/")) {
            let component = &old["components"][kind][name];
            return !component.is_null()
                && *component == new["components"][kind][name]
                && refs(component)
                    .iter()
                    .all(|r| unchanged_ref(r, unchanged, old, new));
        }
    }
    false
}

fn report(old: &Path, new: &Path) -> codegen::diff::Report {
    let model = |p: &Path| {
        codegen::Generator::new(p)
            .model()
            .unwrap_or_else(|e| panic!("{e}"))
            .api
    };
    codegen::diff::diff(&model(old), &model(new))
}

#[test]
fn diff_1_6_0_to_1_7_0() {
    let report = report(
        &history().join("1.6.0/conversation.yml"),
        &history().join("1.7.0/conversation.yml"),
    );
    // 1.7.0 adds recording and turns the channel endpoints into oneOf unions. In both
    // versions `from` and `to` are copies of one schema, so one type (`ChannelTo`; the name
    // `ChannelFrom` is its alias): the change is reported once, where it is defined.
    assert!(report
        .changes
        .iter()
        .any(|c| c.subject == "Client::record_conversation" && !c.breaking));
    assert!(report
        .changes
        .iter()
        .any(|c| c.subject == "ChannelTo" && c.breaking));
    assert!(!report.changes.iter().any(|c| c.subject == "Channel.from"));
    insta::assert_snapshot!("diff_1.6.0_to_1.7.0", codegen::diff::to_markdown(&report));
}

#[test]
fn diff_1_7_0_to_2_0_1() {
    let report = report(
        &history().join("1.7.0/conversation.yml"),
        &history().join("2.0.1/conversation.yml"),
    );
    // 2.0.1 deprecates the four list operations and moves recording to its own server.
    let deprecated: Vec<&str> = report
        .changes
        .iter()
        .filter(|c| c.detail == "deprecated")
        .map(|c| c.subject.as_str())
        .collect();
    assert_eq!(
        deprecated,
        [
            "Client::get_events",
            "Client::get_members",
            "Client::get_users",
            "Client::list_conversations"
        ]
    );
    assert!(report.changes.iter().any(|c| c.subject == "EventUrl"
        && c.detail == "type changed from `String` to `Vec<String>`"
        && c.breaking));
    insta::assert_snapshot!("diff_1.7.0_to_2.0.1", codegen::diff::to_markdown(&report));
    insta::assert_snapshot!("diff_1.7.0_to_2.0.1_json", codegen::diff::to_json(&report));
}

/// The vendored spec is the bundled form of 2.0.1: nothing on the wire may differ. Bundling
/// inlined voice.yml's named address schemas, which only changes Rust spellings.
#[test]
fn bundling_changes_nothing_on_the_wire() {
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/conversation.yml");
    let report = report(&history().join("2.0.1/conversation.yml"), &bundled);
    let wire: Vec<_> = report
        .changes
        .iter()
        .filter(|c| c.level == codegen::diff::Level::Wire)
        .collect();
    assert!(wire.is_empty(), "wire-level changes: {wire:#?}");
    insta::assert_snapshot!("diff_2.0.1_to_bundled", codegen::diff::to_markdown(&report));
}

#[test]
fn a_spec_against_itself_has_no_changes() {
    let spec = history().join("1.7.0/conversation.yml");
    assert!(report(&spec, &spec).changes.is_empty());
}

/// A spec that starts declaring an error body changes the method's error type: a Rust-level
/// breaking change (the server could always answer so). A changed error schema is a change
/// of the error type's definition.
#[test]
fn diff_reports_changes_of_declared_error_types() {
    let spec = |error_responses: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n  /x:\n    get:\n      \
             operationId: getX\n      responses:\n        '200': {{description: ok}}\n{error_responses}\
             components:\n  schemas:\n    Problem:\n      type: object\n      properties:\n        \
             title: {{type: string}}\n"
        )
    };
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("diff-errors");
    std::fs::create_dir_all(&dir).unwrap();
    let old = dir.join("old.yaml");
    let new = dir.join("new.yaml");
    std::fs::write(&old, spec("        '404': {description: gone}\n")).unwrap();
    std::fs::write(
        &new,
        spec(
            "        '404':\n          description: gone\n          content:\n            \
             application/json:\n              schema: {$ref: '#/components/schemas/Problem'}\n",
        ),
    )
    .unwrap();
    let added = report(&old, &new);
    let change = added
        .changes
        .iter()
        .find(|c| c.subject == "Client::get_x")
        .unwrap_or_else(|| panic!("no change of get_x in {:?}", added.changes));
    assert_eq!(change.level, codegen::diff::Level::Rust);
    assert!(change.breaking);
    assert!(
        change.detail.contains("Error<Problem>"),
        "{}",
        change.detail
    );
    let removed = report(&new, &old);
    assert!(removed
        .changes
        .iter()
        .any(|c| c.subject == "Client::get_x" && c.breaking && c.detail.contains("instead of")));
}
