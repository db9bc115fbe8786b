//! One API written in OpenAPI 3.0 and in 3.1: the load stage rewrites the 3.1 document into
//! the 3.0 shape, so `codegen diff` across the two versions reports only real changes, and
//! messages about a rewritten document point into the file as written.

use std::path::PathBuf;

fn write(name: &str, text: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("versions");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// The model of `text`, written to a file named `name` (each test its own names: tests run
/// in parallel, and one writing a file another reads would race).
fn model(name: &str, text: &str) -> codegen::model::Api {
    let path = write(name, text);
    match codegen::Generator::new(&path).shown_as(name).model() {
        Ok(built) => built.api,
        Err(errors) => panic!("{name}: {errors}"),
    }
}

const PATHS: &str = "paths:
  /pets/{id}:
    get:
      operationId: getPet
      parameters:
        - name: id
          in: path
          required: true
          schema: {type: integer, format: int64}
      responses:
        \"200\":
          description: The pet
          content:
            application/json:
              schema: {$ref: \"#/components/schemas/Pet\"}
";

const V30: &str = "openapi: 3.0.3
info: {title: Pets, version: \"1\"}
components:
  schemas:
    Owner:
      type: object
      required: [name]
      properties:
        name: {type: string}
    Pet:
      type: object
      required: [id, kind]
      properties:
        id: {type: integer, format: int64, minimum: 0, exclusiveMinimum: true}
        kind: {type: string, enum: [cat]}
        tag: {type: string, nullable: true}
        owner:
          nullable: true
          allOf: [{$ref: \"#/components/schemas/Owner\"}]
        label: {type: string, format: byte}
";

/// The same API as [`V30`], written as 3.1 tools write it.
const V31: &str = "openapi: 3.1.0
info: {title: Pets, version: \"1\"}
components:
  schemas:
    Owner:
      type: object
      required: [name]
      properties:
        name: {type: string}
    Pet:
      type: object
      required: [id, kind]
      properties:
        id: {type: integer, format: int64, exclusiveMinimum: 0}
        kind: {const: cat}
        tag: {type: [string, \"null\"]}
        owner:
          anyOf: [{$ref: \"#/components/schemas/Owner\"}, {type: \"null\"}]
        label: {type: string, contentEncoding: base64}
";

fn changes(old: &codegen::model::Api, new: &codegen::model::Api) -> Vec<String> {
    codegen::diff::diff(old, new)
        .changes
        .into_iter()
        .map(|c| format!("{}: {}", c.subject, c.detail))
        .collect()
}

#[test]
fn a_3_0_spec_and_its_3_1_rewrite_have_no_differences() {
    let old = model("pets30.yaml", &format!("{V30}{PATHS}"));
    let new = model("pets31.yaml", &format!("{V31}{PATHS}"));
    assert_eq!(changes(&old, &new), Vec::<String>::new());
}

#[test]
fn a_real_change_across_versions_is_reported_alone() {
    let old = model("pets30-before-change.yaml", &format!("{V30}{PATHS}"));
    // The 3.1 version makes `tag` required.
    let changed = V31.replace("required: [id, kind]", "required: [id, kind, tag]");
    let new = model("pets31-changed.yaml", &format!("{changed}{PATHS}"));
    let found = changes(&old, &new);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("tag"), "{found:?}");
}

#[test]
fn an_error_in_a_moved_value_points_where_it_was_written() {
    // The null branch is dropped and the ref moves to `allOf/0`: the broken ref is reported
    // at `anyOf/1/$ref`, where the file has it.
    let spec = V31.replace(
        "anyOf: [{$ref: \"#/components/schemas/Owner\"}, {type: \"null\"}]",
        "anyOf: [{type: \"null\"}, {$ref: \"#/components/schemas/Nobody\"}]",
    );
    let path = write("pets31-broken.yaml", &format!("{spec}{PATHS}"));
    let errors = codegen::Generator::new(&path)
        .shown_as("pets31-broken.yaml")
        .model()
        .err()
        .expect("the ref is broken");
    let text = errors.to_string();
    assert!(
        text.contains("pets31-broken.yaml#/components/schemas/Pet/properties/owner/anyOf/1"),
        "{text}"
    );
}
