//! The generator on the vendored spec: the committed `generated/` is exactly what it produces,
//! it produces the same bytes every time, and the output covers the whole spec.

use std::path::Path;

const SPEC: &str = "specs/conversation.yml";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The same configuration as build.rs.
fn generate(spec: &Path) -> codegen::Generated {
    codegen::Generator::new(spec)
        .shown_as(SPEC)
        .regenerate_command("cargo build")
        .generate()
        .unwrap_or_else(|errors| panic!("{errors}"))
}

/// Like rust-analyzer's sourcegen tests: if `generated/` differs from what the generator
/// produces, the files are rewritten (so the diff shows up in `git status`) and the test fails.
#[test]
fn generated_dir_is_up_to_date() {
    let generated = generate(&root().join(SPEC));
    let dir = root().join("generated");
    let mut stale = Vec::new();
    for file in &generated.files {
        let path = dir.join(file.name);
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        if on_disk != file.contents {
            std::fs::write(&path, &file.contents).unwrap();
            stale.push(file.name);
        }
    }
    let mut extra: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !generated.files.iter().any(|f| f.name == name))
        .collect();
    extra.sort();
    assert!(
        stale.is_empty() && extra.is_empty(),
        "generated/ was stale: rewrote {stale:?}; files the generator no longer writes: {extra:?}. \
         Review and commit generated/."
    );
}

#[test]
fn output_is_byte_identical_across_runs_and_locations() {
    let first = generate(&root().join(SPEC));
    let second = generate(&root().join(SPEC));
    // The same spec at another absolute path: nothing machine-specific may leak into output.
    let elsewhere = tempdir().join("conversation.yml");
    std::fs::copy(root().join(SPEC), &elsewhere).unwrap();
    let third = generate(&elsewhere);
    assert_eq!(first.files, second.files);
    assert_eq!(first.files, third.files);
}

fn tempdir() -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("generation-elsewhere");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn every_operation_and_component_schema_is_generated() {
    let generated = generate(&root().join(SPEC));
    let api = &generated.api;
    let spec: serde_json::Value =
        serde_yaml_to_json(&std::fs::read_to_string(root().join(SPEC)).unwrap());

    // 23 operations, one method each, named snake_case(operationId).
    let mut ids: Vec<String> = Vec::new();
    for item in spec["paths"].as_object().unwrap().values() {
        for (method, op) in item.as_object().unwrap() {
            if [
                "get", "put", "post", "delete", "patch", "head", "options", "trace",
            ]
            .contains(&method.as_str())
            {
                ids.push(op["operationId"].as_str().unwrap().to_owned());
            }
        }
    }
    assert_eq!(ids.len(), 23);
    let client = file(&generated, "client.rs");
    for id in &ids {
        let method = heck_snake(id);
        assert!(
            client.contains(&format!("pub async fn {method}(")),
            "no method `{method}` for operation `{id}`"
        );
    }
    assert!(client.contains("pub async fn getuser_conversations("));
    assert_eq!(client.matches("#[deprecated]").count(), 4);

    // 52 component schemas, one Rust type each, named UpperCamelCase(key).
    let schemas = spec["components"]["schemas"].as_object().unwrap();
    assert_eq!(schemas.len(), 52);
    let models = file(&generated, "models.rs");
    for key in schemas.keys() {
        let name = upper_camel(key);
        let declared = [
            format!("pub struct {name} "),
            format!("pub enum {name} "),
            format!("pub type {name} ="),
        ];
        assert!(
            declared.iter().any(|d| models.contains(d.as_str())),
            "component schema `{key}` has no type `{name}`"
        );
    }
    assert_eq!(
        api.types
            .iter()
            .filter(|t| t.origin.pointer.starts_with("/components/schemas/")
                && t.origin.pointer.matches('/').count() == 3)
            .count(),
        52
    );
}

#[test]
fn channel_endpoints_are_internally_tagged_and_shared() {
    let generated = generate(&root().join(SPEC));
    let models = file(&generated, "models.rs");
    for name in ["ChannelFrom", "ChannelTo"] {
        let at = models.find(&format!("pub enum {name} {{")).unwrap();
        let attrs = &models[..at];
        let attrs = &attrs[attrs.rfind("#[derive").unwrap()..];
        assert!(
            attrs.contains(r#"#[serde(tag = "type")]"#),
            "{name} is not tagged"
        );
    }
    // `to` reuses four of `from`'s variant structs; only its phone variant is its own.
    let to = &models[models.find("pub enum ChannelTo {").unwrap()..];
    let to = &to[..to.find("\n}").unwrap()];
    for variant in [
        "App(ChannelFromApp)",
        "Phone(ChannelToPhone)",
        "Sip(ChannelFromSip)",
        "Websocket(ChannelFromWebsocket)",
        "Vbc(ChannelFromVbc)",
    ] {
        assert!(to.contains(variant), "ChannelTo lacks {variant}:\n{to}");
    }
    assert_eq!(models.matches("pub struct ChannelFromApp ").count(), 1);
    assert!(models.contains("pub dtmf_answer:"));
}

/// The crate's runtime dependencies are the ones the generator writes into standalone crates.
#[test]
fn runtime_dependencies_match_the_generator() {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    for dependency in codegen::RUNTIME_DEPENDENCIES {
        assert!(
            manifest.lines().any(|l| l == *dependency),
            "Cargo.toml lacks `{dependency}`"
        );
    }
}

#[test]
fn snapshots_of_the_generated_client() {
    let generated = generate(&root().join(SPEC));
    insta::assert_snapshot!("conversation_models", file(&generated, "models.rs"));
    insta::assert_snapshot!("conversation_client", file(&generated, "client.rs"));
}

fn file<'a>(generated: &'a codegen::Generated, name: &str) -> &'a str {
    &generated
        .files
        .iter()
        .find(|f| f.name == name)
        .unwrap()
        .contents
}

fn serde_yaml_to_json(text: &str) -> serde_json::Value {
    let shown = Path::new(SPEC);
    codegen::load::parse_tree(text.as_bytes(), false, shown).unwrap()
}

fn heck_snake(id: &str) -> String {
    codegen::naming::method_name(id)
}

fn upper_camel(key: &str) -> String {
    codegen::naming::type_name(key)
}
