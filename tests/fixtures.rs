//! The generator on small specs, one feature each (`tests/fixtures/*.yaml`).
//!
//! - Every fixture generates without errors, and without warnings but those listed in
//!   `FIXTURE_WARNINGS`; its `models.rs` and `client.rs` are snapshotted
//!   (`tests/snapshots/fixtures__<fixture>_{models,client}.snap`).
//! - Targeted checks, independent of the snapshots, pin what each fixture is about (a tagged
//!   union is tagged, a linked list is boxed, colliding names are distinct, ...), mostly on the
//!   model (`Generated::api`), which is what the emitters print.
//! - Every fixture's crate is clean under clippy and rustdoc (`-D warnings`), and passes its
//!   behaviour test if it has one (`tests/fixtures/<name>.rs`); all of them are members of one
//!   throwaway workspace, checked by three cargo commands.
//! - Every spec in `tests/fixtures/errors/` is rejected with messages that name the file and
//!   a JSON pointer or a line and column (the messages are snapshotted too).

mod support;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::model::{Api, Field, ParamShape, StructDef, TypeDef, TypeKind, TypeRef};
use codegen::{Generated, Position};
use support::{root, tmp};

/// Defines one snapshot test per fixture, named after it, and the list of all fixtures.
macro_rules! fixtures {
    ($($name:ident),* $(,)?) => {
        const FIXTURES: &[&str] = &[$(stringify!($name)),*];

        mod snapshot {
            $(
                #[test]
                fn $name() {
                    super::snapshot(stringify!($name));
                }
            )*
        }
    };
}

fixtures!(
    additional_properties,
    allof_merge,
    arrays_of_arrays,
    callback_refs,
    dedupe_copies,
    defaults,
    enums,
    external_refs,
    formats,
    hostile_names,
    hostile_texts,
    keywords_collisions,
    lenient,
    multipart,
    nullable_required,
    oneof_discriminator,
    oneof_inferred_tag,
    oneof_untagged,
    openapi31_fastapi,
    openapi31_handwritten,
    openapi31_utoipa,
    openapi32_methods,
    openapi32_webhooks,
    pagination,
    path_template_query,
    paths_extensions,
    query_styles,
    recursive_alias,
    recursive_list,
    recursive_mutual,
    recursive_tree,
    ref_chain,
    ref_components,
    ref_escaped,
    ref_nested_pointer,
    responses,
    security,
    swagger2_parameters,
    swagger2_petstore_like,
    swagger2_refs,
    swagger2_security,
    tag_features,
    validation,
    validation_inapplicable,
);

/// Error fixtures (`tests/fixtures/errors/<name>.yaml`, or `<name>` when it has an extension),
/// with where their (first) message must point: file and position. A message at a file as a
/// whole (`empty.yaml: ...`) is only right for the problems that have no position.
const ERROR_FIXTURES: &[(&str, &str)] = &[
    (
        "alias_bomb",
        "alias_bomb.yaml:8:6: invalid YAML: the aliases (`*name`) of this file expand to too many values",
    ),
    (
        "alias_cycle",
        "alias_cycle.yaml#/components/schemas/a: cannot resolve `$ref: #/components/schemas/b`",
    ),
    (
        "alias_cycle_long",
        "alias_cycle_long.yaml#/components/schemas/a: cannot resolve `$ref: #/components/schemas/b`: \
         the references form a cycle",
    ),
    (
        "bad_ref_in_other_file",
        "errors/parts/thing.yaml#/components/schemas/Thing/properties/owner: ",
    ),
    (
        "dangling_ref",
        "dangling_ref.yaml#/paths/~1things/get/responses/200/content/application~1json/schema/items: ",
    ),
    (
        "duplicate_operation_id",
        "duplicate_operation_id.yaml#/paths/~1other-things/get/operationId: ",
    ),
    ("empty", "empty.yaml: the file is empty"),
    (
        "index_out_of_range",
        "index_out_of_range.yaml#/paths/~1things/get/responses/200/content/application~1json/schema: ",
    ),
    (
        "info_wrong_type",
        "info_wrong_type.yaml#/info/title: not a valid OpenAPI 3.0 document: expected a string",
    ),
    (
        "json_duplicate_key.json",
        "json_duplicate_key.json:7:11: invalid JSON: the key `get` appears twice in one object",
    ),
    (
        "json_trailing_garbage.json",
        "json_trailing_garbage.json:6:1: invalid JSON: trailing characters",
    ),
    (
        "malformed_pointer",
        "malformed_pointer.yaml#/paths/~1things/get/responses/200/content/application~1json/schema: ",
    ),
    (
        "malformed_pointer_no_slash",
        "malformed_pointer_no_slash.yaml#/paths/~1things/get/responses/200/content/application~1json/schema: \
         cannot resolve `$ref: #components/schemas/Thing`",
    ),
    (
        "missing_file_ref",
        "missing_file_ref.yaml#/paths/~1things/get/responses/200/content/application~1json/schema: \
         cannot resolve `$ref: no_such_file.yaml#/components/schemas/Thing`: \
         tests/fixtures/errors/no_such_file.yaml: cannot read the file: no such file",
    ),
    (
        "missing_info",
        "missing_info.yaml#: not a valid OpenAPI 3.0 document: missing the required member `info`",
    ),
    (
        "missing_openapi",
        "missing_openapi.yaml#: not a valid OpenAPI 3.0 document: missing the `openapi` field",
    ),
    (
        "missing_paths",
        "missing_paths.yaml#: not a valid OpenAPI 3.0 document: missing the required member `paths`",
    ),
    (
        "not_a_mapping",
        "not_a_mapping.yaml#: not a valid OpenAPI 3.0 document: the document is a list",
    ),
    (
        "openapi31_broken_schema",
        "openapi31_broken_schema.yaml#/components/schemas/Pet/required: \
         not a valid OpenAPI 3.1 or 3.2 document: expected a list of strings",
    ),
    (
        "openapi31_dynamic_ref",
        "openapi31_dynamic_ref.yaml#/components/schemas/Tree/properties/children/items/$dynamicRef: \
         `$dynamicRef` is not supported",
    ),
    (
        "openapi31_id_ref",
        "openapi31_id_ref.yaml#/paths/~1pets/get/responses/200/content/application~1json/schema/$ref: \
         cannot resolve `$ref: https://example.com/schemas/pet`: it names the schema at \
         `#/components/schemas/Pet` by its `$id`",
    ),
    (
        "openapi31_unknown_dialect",
        "openapi31_unknown_dialect.yaml#/jsonSchemaDialect: unsupported OpenAPI version: \
         `jsonSchemaDialect: \"https://json-schema.org/draft/2019-09/schema\"`",
    ),
    (
        "openapi32_bad_methods",
        "openapi32_bad_methods.yaml#/paths/~1things/additionalOperations/BAD METHOD: \
         `BAD METHOD` is not an HTTP method name",
    ),
    (
        "paths_not_a_mapping",
        "paths_not_a_mapping.yaml#/paths: not a valid OpenAPI 3.0 document: expected a Paths Object",
    ),
    (
        "ref_to_broken_yaml",
        "ref_to_broken_yaml.yaml#/paths/~1things/get/responses/200/content/application~1json/schema: \
         cannot resolve `$ref: parts/broken.yaml#/components/schemas/Thing`: \
         tests/fixtures/errors/parts/broken.yaml:5:18: invalid YAML",
    ),
    (
        "ref_to_directory",
        "ref_to_directory.yaml#/paths/~1things/get/responses/200/content/application~1json/schema: \
         cannot resolve `$ref: parts/a_directory.yaml#/components/schemas/Thing`: \
         tests/fixtures/errors/parts/a_directory.yaml: cannot read the file: it is a directory",
    ),
    (
        "ref_to_non_utf8",
        "ref_to_non_utf8.yaml#/paths/~1things/get/responses/200/content/application~1json/schema: \
         cannot resolve `$ref: parts/latin1.yaml#/components/schemas/Thing`: \
         tests/fixtures/errors/parts/latin1.yaml:5:24: cannot read the file: the file is not UTF-8",
    ),
    (
        "ref_to_url",
        "ref_to_url.yaml#/paths/~1things/get/responses/200/content/application~1json/schema: \
         cannot resolve `$ref: https://schemas.example.com/thing.yaml#/components/schemas/Thing`: \
         remote references are not supported",
    ),
    (
        "required_not_a_list",
        "required_not_a_list.yaml#/components/schemas/Order/properties/customer/properties/address/required: \
         not a valid OpenAPI 3.0 document: expected a list of strings, found the string \"street\"",
    ),
    (
        "schema_properties_list",
        "schema_properties_list.yaml#/components/schemas/Thing/properties: \
         not a valid OpenAPI 3.0 document: expected a mapping, found a list",
    ),
    (
        "several_problems",
        "several_problems.yaml#/components/schemas/Thing/properties/owner: ",
    ),
    (
        "swagger12",
        "swagger12.yaml#/swagger: unsupported OpenAPI version: `swagger: 1.2`",
    ),
    (
        "swagger2_body_and_form",
        "swagger2_body_and_form.yaml#/paths/~1things/post/parameters/0: an operation has either \
         a body parameter or form fields",
    ),
    (
        "swagger2_broken_definition",
        "swagger2_broken_definition.yaml#/definitions/Order/properties/address/required: \
         not a valid Swagger 2.0 document: expected a list of strings",
    ),
    (
        "swagger2_broken_parameter",
        "swagger2_broken_parameter.yaml#/paths/~1things/post/parameters/1/maximum: \
         not a valid Swagger 2.0 document: expected a number",
    ),
    (
        "swagger2_broken_response",
        "swagger2_broken_response.yaml#/paths/~1things/get/responses/200/schema/properties: \
         not a valid Swagger 2.0 document: expected a mapping, found a list",
    ),
    (
        "swagger2_dangling_ref_in_body",
        "swagger2_dangling_ref_in_body.yaml#/paths/~1things/post/parameters/1/schema/properties/owner: \
         cannot resolve `$ref: #/definitions/Owner`",
    ),
    (
        "undeclared_path_param",
        "undeclared_path_param.yaml#/paths/~1things~1{thingId}/get: ",
    ),
    (
        "undeclared_path_params",
        "undeclared_path_params.yaml#/paths/~1orgs~1{org}~1repos~1{repo}/get: \
         the path `/orgs/{org}/repos/{repo}` names `{org}`",
    ),
    ("whitespace_only", "whitespace_only.yaml: the file is empty"),
    (
        "wrong_types_in_paths",
        "wrong_types_in_paths.yaml#/paths/~1things/get/parameters/0/in: \
         not a valid OpenAPI 3.0 document: expected one of `query`, `header`, `path`, `cookie`",
    ),
    ("yaml_bad_indentation", "yaml_bad_indentation.yaml:5:3: invalid YAML"),
    (
        "yaml_duplicate_key",
        "yaml_duplicate_key.yaml:9:5: invalid YAML: the key `get` appears twice in the mapping at \
         `/paths/~1things`",
    ),
    ("yaml_syntax", "yaml_syntax.yaml:5:18: "),
];

/// Crates generated with options (`codegen::Config`), each from a spec, checked like the
/// fixtures' (snapshots where a test asks for them, clippy, rustdoc, the behaviour test
/// `tests/fixtures/<name>.rs` if there is one).
const CONFIGURED: &[(&str, &str)] = &[
    ("formats_time", "tests/fixtures/formats.yaml"),
    ("formats_chrono", "tests/fixtures/formats.yaml"),
    // The conversation client with typed date-times (the committed one has strings).
    ("conversation_time", "specs/conversation.yml"),
];

/// The options of a crate of [`CONFIGURED`].
fn configure(name: &str, generator: codegen::Generator) -> codegen::Generator {
    use codegen::config::{Dates, FormatType};
    match name {
        "formats_time" => generator
            .typed_formats(Dates::Time)
            .replace("Money", "::serde_json::Value")
            .derive("Hash"),
        "formats_chrono" => generator
            .format("date-time", FormatType::Chrono)
            .format("date", FormatType::Chrono)
            .format("uuid", FormatType::Uuid)
            .type_derive("Log", "Eq")
            .type_derive("Money", "Eq")
            .type_derive("Money", "Hash")
            .rename_type("Event", "Happening")
            .rename_operation("listEvents", "events_of_day")
            .crate_version("2.1.0-beta.1")
            .edition("2024"),
        // Its spec writes `format: dateTime` (on the `date_start` and `date_end` parameters).
        "conversation_time" => generator
            .typed_formats(Dates::Time)
            .format("dateTime", FormatType::Time),
        "tag_features" => generator.tag_features(true),
        _ => generator,
    }
}

/// Every crate the fixtures make: one per fixture, and the [`CONFIGURED`] ones.
fn crates() -> impl Iterator<Item = &'static str> {
    FIXTURES
        .iter()
        .copied()
        .chain(CONFIGURED.iter().map(|(name, _)| *name))
}

/// Runs the generator on `tests/fixtures/<name>.yaml` (or the spec and options of a
/// [`CONFIGURED`] crate), named relative to the crate so that messages and headers do not
/// depend on the machine.
fn try_generate(name: &str) -> Result<Generated, codegen::Errors> {
    let relative = match CONFIGURED
        .iter()
        .find(|(configured, _)| *configured == name)
    {
        Some((_, spec)) => spec.to_string(),
        None => format!("tests/fixtures/{name}.yaml"),
    };
    let generator = codegen::Generator::new(root().join(&relative))
        .shown_as(&relative)
        .regenerate_command("cargo test --test fixtures");
    configure(name, generator).generate()
}

fn generate(name: &str) -> Generated {
    try_generate(name).unwrap_or_else(|errors| panic!("fixture `{name}` fails:\n{errors}"))
}

fn file<'a>(generated: &'a Generated, name: &str) -> &'a str {
    match generated.files.iter().find(|f| f.name == name) {
        Some(f) => &f.contents,
        None => panic!("no generated file `{name}`"),
    }
}

/// The warnings a fixture is expected to give (the others give none): problems it is about,
/// worked around.
const FIXTURE_WARNINGS: &[(&str, &[&str])] = &[
    (
        "validation",
        &[
            "tests/fixtures/validation.yaml#/components/schemas/NewMember/properties/impossible: \
             `minLength` 10 is greater than `maxLength` 5: no value fits, so neither is checked \
             before sending",
            "tests/fixtures/validation.yaml#/paths/~1conversations~1{conversation_id}~1members/get/\
             parameters/2/schema/pattern: `pattern` is not checked before sending: the regex engine \
             of the generated client (regex-lite) cannot compile it: look-around is not supported",
        ],
    ),
    (
        "defaults",
        &[
            "tests/fixtures/defaults.yaml#/components/schemas/Settings/properties/count/default: \
             the default does not fit the schema, so it is ignored: a string \"abc\" where the \
             schema wants an integer",
            "tests/fixtures/defaults.yaml#/components/schemas/Settings/properties/small/default: \
             the default does not fit the schema, so it is ignored: a number 10000000000 where \
             the schema wants a 32-bit integer",
            "tests/fixtures/defaults.yaml#/components/schemas/Settings/properties/unlisted/default: \
             the default does not fit the schema, so it is ignored: `c` is not one of the \
             values of `SettingsUnlisted`",
            "tests/fixtures/defaults.yaml#/paths/~1settings/get/parameters/2/schema/default: \
             the default does not fit the schema, so it is ignored: a string \"many\" where \
             the schema wants an integer",
        ],
    ),
    (
        "swagger2_parameters",
        &["tests/fixtures/swagger2_parameters.yaml#/paths/~1lists/get/parameters/5/\
           collectionFormat: `collectionFormat: tsv` is not converted (OpenAPI 3.0 has no \
           tab-separated style); the values are sent comma-separated (`csv`)"],
    ),
    (
        "openapi31_handwritten",
        &[
            "tests/fixtures/openapi31_handwritten.yaml#/components/schemas/Order/properties/\
             metadata/propertyNames: `propertyNames` only validates; the generated types do not \
             check it",
            "tests/fixtures/openapi31_handwritten.yaml#/components/schemas/Order/properties/\
             shipping/if: `if` only validates; the generated types do not check it",
            "tests/fixtures/openapi31_handwritten.yaml#/components/schemas/Order/properties/\
             shipping/then: `then` only validates; the generated types do not check it",
            "tests/fixtures/openapi31_handwritten.yaml#/components/schemas/ShipmentEvent/\
             unevaluatedProperties: `unevaluatedProperties` only validates; the generated types \
             do not check it",
        ],
    ),
    (
        "openapi32_methods",
        &["tests/fixtures/openapi32_methods.yaml#/paths/~1documents/get/parameters/0/in: \
           `in: querystring` (OpenAPI 3.2: the whole query string as one value) is not read: \
           the operation is generated without this parameter"],
    ),
    (
        "enums",
        &["tests/fixtures/enums.yaml#/components/schemas/Shift/x-enum-varnames: \
           `x-enum-varnames` should be a list of 2 names, one per enum value; the variants are \
           named after the values"],
    ),
];

fn snapshot(name: &str) {
    let generated = generate(name);
    let warnings: Vec<String> = generated.warnings.iter().map(|w| w.to_string()).collect();
    let expected: &[&str] = FIXTURE_WARNINGS
        .iter()
        .find(|(fixture, _)| *fixture == name)
        .map_or(&[], |(_, warnings)| warnings);
    assert_eq!(warnings, expected, "fixture `{name}` warnings");
    insta::assert_snapshot!(format!("{name}_models"), file(&generated, "models.rs"));
    insta::assert_snapshot!(format!("{name}_client"), file(&generated, "client.rs"));
    if MOCK_SNAPSHOTS.contains(&name) {
        insta::assert_snapshot!(format!("{name}_mock"), file(&generated, "mock.rs"));
    }
}

/// The fixtures whose `mock.rs` is snapshot-tested too: answers typed per status and media
/// type, parameters of every style, every kind of body, path parameters in the query.
const MOCK_SNAPSHOTS: &[&str] = &[
    "multipart",
    "path_template_query",
    "query_styles",
    "responses",
];

/// The `.yaml` files directly in `dir`, without extension, sorted.
fn yaml_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn every_fixture_file_is_listed() {
    let dir = root().join("tests/fixtures");
    assert_eq!(
        yaml_files(&dir),
        FIXTURES,
        "tests/fixtures/*.yaml vs FIXTURES"
    );
    let errors: Vec<&str> = ERROR_FIXTURES.iter().map(|(name, _)| *name).collect();
    let mut files = yaml_files(&dir.join("errors"));
    for entry in std::fs::read_dir(dir.join("errors")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() && path.extension().is_some_and(|e| e == "json") {
            files.push(path.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    files.sort();
    assert_eq!(
        files, errors,
        "tests/fixtures/errors/*.{{yaml,json}} vs ERROR_FIXTURES"
    );
}

// ---------------------------------------------------------------------------------------------
// Looking things up in the model.

fn def<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
    api.types
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| {
            let names: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
            panic!("no type `{name}`; the types are {names:?}")
        })
}

fn id_of(api: &Api, name: &str) -> usize {
    api.types.iter().position(|t| t.name == name).unwrap()
}

fn named(api: &Api, name: &str) -> TypeRef {
    TypeRef::Named(id_of(api, name))
}

fn struct_of<'a>(api: &'a Api, name: &str) -> &'a StructDef {
    match &def(api, name).kind {
        TypeKind::Struct(s) => s,
        other => panic!("`{name}` is not a struct: {other:?}"),
    }
}

fn field<'a>(api: &'a Api, ty: &str, wire: &str) -> &'a Field {
    let s = struct_of(api, ty);
    s.fields.iter().find(|f| f.wire == wire).unwrap_or_else(|| {
        let wires: Vec<&str> = s.fields.iter().map(|f| f.wire.as_str()).collect();
        panic!("`{ty}` has no field `{wire}`; it has {wires:?}")
    })
}

fn operation<'a>(api: &'a Api, name: &str) -> &'a codegen::model::Operation {
    api.operations
        .iter()
        .find(|o| o.name == name)
        .unwrap_or_else(|| panic!("no operation `{name}`"))
}

fn success_type(api: &Api, op: &str) -> TypeRef {
    match &operation(api, op).success {
        codegen::model::Outcome::One(ty, _) => ty.clone(),
        other => panic!("`{op}` returns {other:?}, not one type"),
    }
}

fn body_type(api: &Api, op: &str) -> TypeRef {
    operation(api, op)
        .body
        .as_ref()
        .unwrap_or_else(|| panic!("`{op}` has no body"))
        .ty
        .clone()
}

/// The text of the item that `header` (e.g. `pub enum Shape {`) starts, with the attributes
/// and docs above it, up to its closing brace.
fn item<'a>(text: &'a str, header: &str) -> &'a str {
    let at = text
        .find(header)
        .unwrap_or_else(|| panic!("no `{header}` in:\n{text}"));
    // Attributes and docs: the lines above, up to the blank line that ends the previous item.
    let start = text[..at].rfind("\n\n").map_or(0, |i| i + 2);
    let end = at + text[at..].find("\n}").expect("item is closed") + 2;
    &text[start..end]
}

/// The attributes of an item (what comes before its header).
fn attributes<'a>(text: &'a str, header: &str) -> &'a str {
    let whole = item(text, header);
    &whole[..whole.find(header).unwrap()]
}

// ---------------------------------------------------------------------------------------------
// What each fixture is about.

#[test]
fn names_are_unique_and_never_keywords_in_every_fixture() {
    const KEYWORDS: &[&str] = &[
        "as", "async", "await", "box", "break", "const", "continue", "crate", "dyn", "else",
        "enum", "extern", "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match",
        "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
        "trait", "true", "try", "type", "unsafe", "use", "where", "while", "yield",
    ];
    let check = |fixture: &str, what: &str, names: Vec<&str>| {
        let mut seen = HashSet::new();
        for name in names {
            assert!(
                !KEYWORDS.contains(&name),
                "{fixture}: {what} `{name}` is a keyword"
            );
            assert!(
                seen.insert(name),
                "{fixture}: {what} `{name}` is used twice"
            );
        }
    };
    for fixture in FIXTURES {
        let api = generate(fixture).api;
        check(
            fixture,
            "type",
            api.types.iter().map(|t| t.name.as_str()).collect(),
        );
        check(
            fixture,
            "method",
            api.operations.iter().map(|o| o.name.as_str()).collect(),
        );
        for t in &api.types {
            let what = format!("member of `{}`", t.name);
            match &t.kind {
                TypeKind::Struct(s) => {
                    let mut names: Vec<&str> = s.fields.iter().map(|f| f.name.as_str()).collect();
                    if s.additional.is_some() {
                        names.push("additional_properties");
                    }
                    check(fixture, &what, names)
                }
                TypeKind::Enum(e) => {
                    let mut names: Vec<&str> = e.variants.iter().map(|v| v.name.as_str()).collect();
                    names.push("Other");
                    check(fixture, &what, names)
                }
                TypeKind::IntEnum(e) => {
                    let mut names: Vec<&str> = e.variants.iter().map(|v| v.name.as_str()).collect();
                    names.push("Other");
                    check(fixture, &what, names)
                }
                TypeKind::Tagged(u) => check(
                    fixture,
                    &what,
                    u.variants.iter().map(|v| v.name.as_str()).collect(),
                ),
                TypeKind::Untagged(u) => check(
                    fixture,
                    &what,
                    u.variants.iter().map(|v| v.name.as_str()).collect(),
                ),
                TypeKind::Responses(r) => check(
                    fixture,
                    &what,
                    r.variants.iter().map(|v| v.name.as_str()).collect(),
                ),
                TypeKind::Alias(_) | TypeKind::Newtype(_) => {}
            }
        }
        for op in &api.operations {
            // `self` comes first; `params` and `body` after the path parameters.
            let mut args: Vec<&str> = op.path_params.iter().map(|p| p.name.as_str()).collect();
            if op.params.is_some() {
                args.push("params");
            }
            if op.body.is_some() {
                args.push("body");
            }
            check(fixture, &format!("argument of `{}`", op.name), args);
        }
    }
}

#[test]
fn ref_nested_pointer_reuses_the_schema_it_points_into() {
    let generated = generate("ref_nested_pointer");
    let api = &generated.api;
    // `.../oneOf/1/properties/headers` is the `headers` field of the sip variant.
    let headers = field(api, "ChannelFromSip", "headers").ty.clone();
    assert_eq!(headers, named(api, "ChannelFromSipHeaders"));
    assert_eq!(body_type(api, "set_sip_headers"), headers);
    assert_eq!(success_type(api, "set_sip_headers"), headers);
    // `.../oneOf/0` on its own keeps its `type` member (the union's variant leaves it to serde).
    let body = body_type(api, "add_phone");
    let TypeRef::Named(id) = body else {
        panic!("{body:?}")
    };
    let TypeKind::Struct(phone) = &api.types[id].kind else {
        panic!("{:?}", api.types[id])
    };
    assert!(phone.fields.iter().any(|f| f.wire == "type" && f.required));
    assert_eq!(
        api.types[id].origin.pointer,
        "/components/schemas/channel/properties/from/oneOf/0"
    );
    assert!(!struct_of(api, "ChannelFromPhone")
        .fields
        .iter()
        .any(|f| f.wire == "type"));
    assert_eq!(
        api.types
            .iter()
            .filter(|t| t.name.contains("Headers"))
            .count(),
        1
    );
}

#[test]
fn ref_chain_ends_at_one_definition() {
    let generated = generate("ref_chain");
    let api = &generated.api;
    let pet = named(api, "Pet");
    assert_eq!(success_type(api, "get_pet"), pet);
    assert_eq!(field(api, "Owner", "favourite").ty, pet);
    assert_eq!(
        field(api, "Owner", "pets").ty,
        TypeRef::Vec(Box::new(pet.clone()))
    );
    // The components that are only refs are aliases of what they end at.
    for alias in ["PetAlias", "PetAliasAlias"] {
        match &def(api, alias).kind {
            TypeKind::Alias(target) => assert_eq!(*target, pet, "{alias}"),
            other => panic!("{alias}: {other:?}"),
        }
    }
    let models = file(&generated, "models.rs");
    assert!(models.contains("pub type PetAlias = Pet;"), "{models}");
}

#[test]
fn ref_escaped_pointers_are_unescaped() {
    let api = generate("ref_escaped").api;
    // `#/paths/~1items~1{itemId}/.../application~1json/schema` is getItem's response schema.
    let item = success_type(&api, "get_item");
    assert_eq!(body_type(&api, "create_item"), item);
    let TypeRef::Named(id) = &item else {
        panic!("{item:?}")
    };
    assert_eq!(
        api.types[*id].origin.pointer,
        "/paths/~1items~1{itemId}/get/responses/200/content/application~1json/schema"
    );
    // `.../properties/a~0b` is the member `a~b`.
    let ab = field(&api, &api.types[*id].name, "a~b").ty.clone();
    assert_eq!(success_type(&api, "create_item"), ab);
    // The component that refers into the 404 response takes the component's name.
    let error_body = def(&api, "ErrorBody");
    assert_eq!(
        error_body.origin.pointer,
        "/paths/~1items~1{itemId}/get/responses/404/content/application~1problem+json/schema"
    );
}

#[test]
fn ref_components_resolve_parameters_bodies_and_responses() {
    let api = generate("ref_components").api;
    let list = operation(&api, "list_users");
    let params = list.params.as_ref().expect("listUsers has parameters");
    let sent: Vec<(&str, bool)> = params
        .params
        .iter()
        .map(|p| (p.wire.as_str(), p.required))
        .collect();
    assert_eq!(
        sent,
        [
            ("page_size", false),
            ("order", true),
            ("X-Request-Id", false)
        ]
    );
    assert!(params.has_required);
    assert_eq!(
        field(&api, "ListUsersParams", "order").ty,
        named(&api, "Order")
    );
    assert_eq!(success_type(&api, "list_users"), named(&api, "UserList"));
    // The request body and responses are named after their components.
    assert_eq!(body_type(&api, "create_user"), named(&api, "NewUser"));
    assert!(
        operation(&api, "create_user")
            .body
            .as_ref()
            .unwrap()
            .required
    );
    assert_eq!(success_type(&api, "create_user"), named(&api, "User"));
    assert!(def(&api, "Problem")
        .origin
        .pointer
        .starts_with("/components/responses/problem/"));
    // A path-level parameter ref, and a parameter reached by a pointer into another operation.
    let get = operation(&api, "get_user");
    assert_eq!(get.path_params.len(), 1);
    assert_eq!(get.path_params[0].wire, "user_id");
    assert_eq!(get.path_params[0].docs.as_deref(), Some("The user's ID"));
    let sent: Vec<&str> = get
        .params
        .as_ref()
        .unwrap()
        .params
        .iter()
        .map(|p| p.wire.as_str())
        .collect();
    assert_eq!(sent, ["X-Request-Id"]);
}

#[test]
fn oneof_inferred_tag_is_internally_tagged() {
    let generated = generate("oneof_inferred_tag");
    let api = &generated.api;
    let TypeKind::Tagged(union) = &def(api, "Endpoint").kind else {
        panic!("Endpoint is not tagged: {:?}", def(api, "Endpoint"))
    };
    assert_eq!(union.tag, "type");
    let values: Vec<&str> = union.variants.iter().map(|v| v.value.as_str()).collect();
    // By one-value enum (app, phone) and by the documented example (websocket, sip).
    assert_eq!(values, ["app", "phone", "websocket", "sip"]);
    // Variant structs leave the tag to serde.
    for v in &union.variants {
        let TypeRef::Named(id) = &v.ty else {
            panic!("{v:?}")
        };
        let TypeKind::Struct(s) = &api.types[*id].kind else {
            panic!("{:?}", api.types[*id])
        };
        assert!(
            !s.fields.iter().any(|f| f.wire == "type"),
            "{} keeps the tag",
            api.types[*id].name
        );
    }
    // The component used as a variant keeps its name (and its tag) for use on its own.
    assert!(field(api, "AppEndpoint", "type").required);
    let models = file(&generated, "models.rs");
    assert!(attributes(models, "pub enum Endpoint {").contains(r#"#[serde(tag = "type")]"#));
    let endpoint = item(models, "pub enum Endpoint {");
    assert!(
        endpoint.contains(r#"#[serde(rename = "websocket")]"#),
        "{endpoint}"
    );
    assert!(!models.contains("pub struct AppEndpoint2"), "{models}");
}

#[test]
fn oneof_discriminator_uses_the_mapping() {
    let generated = generate("oneof_discriminator");
    let api = &generated.api;
    let TypeKind::Tagged(union) = &def(api, "Pet").kind else {
        panic!("Pet is not tagged")
    };
    assert_eq!(union.tag, "petType");
    let values: Vec<&str> = union.variants.iter().map(|v| v.value.as_str()).collect();
    assert_eq!(values, ["kitty", "doggo", "Lizard", "Snake"]);
    // The components keep their names and their `petType` member (Snake's from its allOf).
    for name in ["Cat", "Dog", "Lizard", "Snake"] {
        assert!(field(api, name, "petType").required, "{name}");
    }
    // The variants' structs leave the tag to serde; Snake's merges its allOf parts.
    for v in &union.variants {
        let TypeRef::Named(id) = &v.ty else {
            panic!("{v:?}")
        };
        let TypeKind::Struct(s) = &api.types[*id].kind else {
            panic!("{:?}", api.types[*id])
        };
        assert!(
            !s.fields.iter().any(|f| f.wire == "petType"),
            "{}",
            api.types[*id].name
        );
    }
    let snake = &union.variants[3].ty;
    assert_eq!(*snake, named(api, "PetSnake"));
    assert!(field(api, "PetSnake", "length").required);
    let models = file(&generated, "models.rs");
    assert!(attributes(models, "pub enum Pet {").contains(r#"#[serde(tag = "petType")]"#));
    assert!(item(models, "pub enum Pet {").contains(r#"#[serde(rename = "kitty")]"#));
}

#[test]
fn oneof_untagged_stays_untagged() {
    let generated = generate("oneof_untagged");
    let api = &generated.api;
    let models = file(&generated, "models.rs");
    for name in ["Shape", "Signal", "Contact", "IdOrName"] {
        assert!(
            matches!(def(api, name).kind, TypeKind::Untagged(_)),
            "{name}: {:?}",
            def(api, name).kind
        );
        let attrs = attributes(models, &format!("pub enum {name} {{"));
        assert!(attrs.contains("#[serde(untagged)]"), "{name}:\n{attrs}");
        assert!(!attrs.contains("#[serde(tag"), "{name}:\n{attrs}");
    }
    assert!(!models.contains("#[serde(tag"), "{models}");
    assert!(!api
        .types
        .iter()
        .any(|t| matches!(t.kind, TypeKind::Tagged(_))));
}

#[test]
fn external_refs_resolve_relative_to_their_file() {
    let generated = generate("external_refs");
    let api = &generated.api;
    // Every file read, root first (what a build script must watch).
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap();
    let inputs: Vec<PathBuf> = generated.inputs.iter().map(|p| canonical(p)).collect();
    let fixtures = root().join("tests/fixtures");
    let mut expected: Vec<PathBuf> = [
        "external_refs.yaml",
        "external/other.yaml",
        "external/nested/leaf.yaml",
    ]
    .iter()
    .map(|f| canonical(&fixtures.join(f)))
    .collect();
    assert_eq!(inputs[0], expected[0]);
    let mut sorted = inputs.clone();
    sorted.sort();
    expected.sort();
    assert_eq!(sorted, expected);
    // `LineItem` is reached from other.yaml (`#/...`) and from leaf.yaml (`../other.yaml#/...`).
    let line_item = named(api, "LineItem");
    assert_eq!(
        field(api, "Order", "items").ty,
        TypeRef::Vec(Box::new(line_item.clone()))
    );
    assert_eq!(field(api, "Customer", "favourite_item").ty, line_item);
    assert_eq!(
        api.types
            .iter()
            .filter(|t| t.name.starts_with("LineItem"))
            .count(),
        1
    );
    assert_eq!(field(api, "Customer", "address").ty, named(api, "Address"));
    assert_eq!(success_type(api, "get_order"), named(api, "Order"));
    assert_eq!(
        success_type(api, "list_customers"),
        TypeRef::Vec(Box::new(named(api, "Customer")))
    );
    // Two schemas named `Status`, in two files: two types.
    assert_eq!(
        field(api, "ListCustomersParams", "status").ty,
        named(api, "Status")
    );
    assert_eq!(field(api, "Order", "status").ty, named(api, "Status2"));
    assert_ne!(
        def(api, "Status").origin.file,
        def(api, "Status2").origin.file
    );
}

#[test]
fn keywords_and_collisions_get_distinct_names() {
    let generated = generate("keywords_collisions");
    let api = &generated.api;
    let names: Vec<(&str, &str)> = struct_of(api, "Message")
        .fields
        .iter()
        .map(|f| (f.wire.as_str(), f.name.as_str()))
        .collect();
    for pair in [
        ("type", "type_"),
        ("self", "self_"),
        ("match", "match_"),
        ("content-type", "content_type"),
        ("dtmfAnswer", "dtmf_answer"),
        ("_links", "links"),
        ("links", "links2"),
        ("additional_properties", "additional_properties2"),
    ] {
        assert!(names.contains(&pair), "{pair:?} not in {names:?}");
    }
    let TypeKind::Enum(order) = &def(api, "SortOrder").kind else {
        panic!("SortOrder is not an enum")
    };
    let variants: Vec<(&str, &str)> = order
        .variants
        .iter()
        .map(|v| (v.value.as_str(), v.name.as_str()))
        .collect();
    assert_eq!(
        variants,
        [
            ("asc", "Asc"),
            ("desc", "Desc"),
            ("ASC", "AscUpper"),
            ("DESC", "DescUpper")
        ]
    );
    let methods: Vec<(&str, &str)> = api
        .operations
        .iter()
        .map(|o| (o.id.as_str(), o.name.as_str()))
        .collect();
    for pair in [
        ("foo-bar", "foo_bar"),
        ("fooBar", "foo_bar2"),
        ("new", "new2"),
    ] {
        assert!(methods.contains(&pair), "{pair:?} not in {methods:?}");
    }
    assert_eq!(operation(api, "new2").path_params[0].name, "type_");
    // A component keeps its name against an inline type met earlier (`message._links`).
    assert_eq!(
        field(api, "Message", "reply_links").ty,
        named(api, "MessageLinks")
    );
    assert_eq!(
        field(api, "Message", "_links").ty,
        named(api, "MessageLinks2")
    );
    assert_eq!(field(api, "Message", "owner").ty, named(api, "Self_"));
    let models = file(&generated, "models.rs");
    assert!(models.contains("pub type_: ::std::string::String,"));
    assert!(models.contains("out.member(\"type\", &self.type_);"));
    assert!(models.contains(" => de::value(&mut map, &mut type_, \"type\"),"));
    assert!(models.contains("pub struct Self_ {"));
    let client = file(&generated, "client.rs");
    for method in [
        "pub async fn foo_bar(",
        "pub async fn foo_bar2(",
        "pub async fn new2(",
    ] {
        assert!(client.contains(method), "no `{method}`");
    }
}

#[test]
fn path_template_query_is_sent_as_a_query() {
    use codegen::model::{QueryPair, Segment, SegmentPart};
    let generated = generate("path_template_query");
    let api = &generated.api;
    let literal = |text: &str| vec![SegmentPart::Literal(text.to_owned())];
    let search_photos = operation(api, "search_photos");
    assert_eq!(search_photos.segments, [Segment::Literal("rest".into())]);
    assert_eq!(
        search_photos.fixed_query,
        [QueryPair {
            name: literal("method"),
            value: literal("photos.search")
        }]
    );
    assert_eq!(
        operation(api, "get_photo_info").fixed_query[0].value,
        literal("photos.get info")
    );
    // Declared `in: query`: sent by the parameters struct, not twice.
    assert!(operation(api, "search").fixed_query.is_empty());
    assert!(operation(api, "search").params.is_some());
    // Declared `in: path`: a positional argument, sent in the query.
    let export = operation(api, "export_thing");
    let arguments: Vec<&str> = export.path_params.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(arguments, ["id", "format"]);
    assert_eq!(
        export.fixed_query,
        [QueryPair {
            name: literal("format"),
            value: vec![SegmentPart::Param(1)]
        }]
    );
    // A fragment is dropped; a `#` followed by more segments is part of its segment.
    assert!(operation(api, "start").segments.is_empty());
    assert!(operation(api, "start").fixed_query.is_empty());
    let send = operation(api, "send_to_environment");
    assert_eq!(send.segments[1], Segment::Literal("#env".into()));
    assert_eq!(send.segments.len(), 4);
    let client = file(&generated, "client.rs");
    assert!(client.contains(r#"query: Vec::from([runtime::url::query_pair("format", format)]),"#));
    assert!(!client.contains("\"#Action"));
}

#[test]
fn query_styles_are_modelled_per_parameter() {
    use codegen::model::{ParamLocation, ParamStyle};
    let api = generate("query_styles").api;
    // (operation, wire name) -> (location, style, explode, shape)
    let sent = |op: &str, wire: &str| {
        let params = operation(&api, op).params.as_ref().expect("parameters");
        let p = params.params.iter().find(|p| p.wire == wire).expect(wire);
        (p.location, p.style, p.explode, p.shape)
    };
    use ParamLocation::{Cookie, Header, Query};
    use ParamShape::{List, Object};
    use ParamStyle::{DeepObject, Form, PipeDelimited, Simple, SpaceDelimited};
    assert_eq!(sent("form_objects", "id"), (Query, Form, true, Object));
    assert_eq!(sent("form_objects", "packed"), (Query, Form, false, Object));
    assert_eq!(
        sent("deep_objects", "id"),
        (Query, DeepObject, true, Object)
    );
    // `explode` defaults to true for `form` only.
    assert_eq!(
        sent("deep_objects", "filter"),
        (Query, DeepObject, false, Object)
    );
    assert_eq!(sent("map_params", "labels"), (Query, Form, true, Object));
    assert_eq!(sent("list_styles", "multi"), (Query, Form, true, List));
    assert_eq!(sent("list_styles", "comma"), (Query, Form, false, List));
    assert_eq!(
        sent("list_styles", "space"),
        (Query, SpaceDelimited, false, List)
    );
    assert_eq!(
        sent("list_styles", "pipe"),
        (Query, PipeDelimited, false, List)
    );
    assert_eq!(
        sent("list_styles", "pipeObject"),
        (Query, PipeDelimited, false, Object)
    );
    assert_eq!(
        sent("header_styles", "X-Person"),
        (Header, Simple, false, Object)
    );
    assert_eq!(
        sent("header_styles", "X-Person-Exploded"),
        (Header, Simple, true, Object)
    );
    assert_eq!(
        sent("header_styles", "X-Tags"),
        (Header, Simple, false, List)
    );
    assert_eq!(sent("header_styles", "point"), (Cookie, Form, true, Object));
    assert_eq!(
        sent("header_styles", "packedPoint"),
        (Cookie, Form, false, Object)
    );
}

#[test]
fn multipart_bodies_are_modelled_part_by_part() {
    use codegen::model::{Media, PartKind};
    let api = generate("multipart").api;
    let body = |op: &str| operation(&api, op).body.clone().expect("a body");
    let upload = body("upload");
    assert_eq!(upload.media, Media::Multipart);
    assert_eq!(upload.ty, named(&api, "UploadRequest"));
    let parts: Vec<(&str, PartKind, bool, Option<&str>)> = upload
        .parts
        .iter()
        .map(|p| {
            (
                p.name.as_str(),
                p.kind,
                p.optional,
                p.content_type.as_deref(),
            )
        })
        .collect();
    let octets = Some("application/octet-stream");
    let json = Some("application/json");
    assert_eq!(
        parts,
        [
            ("avatar", PartKind::File, false, Some("image/png")),
            ("attachments", PartKind::Files, true, octets),
            ("title", PartKind::Text, false, None),
            ("count", PartKind::Text, true, None),
            ("kind", PartKind::Text, true, None),
            ("labels", PartKind::Texts, true, None),
            ("meta", PartKind::Json, true, json),
            ("points", PartKind::Json, true, json),
            ("ratings", PartKind::Json, true, json),
            ("note", PartKind::Text, true, None),
            ("settings", PartKind::Text, true, json),
            ("quality", PartKind::Text, false, None),
            ("", PartKind::Members, false, None),
        ]
    );
    // Binary properties hold bytes, in the struct and in the allOf component alike.
    assert_eq!(field(&api, "UploadRequest", "avatar").ty, TypeRef::Bytes);
    assert_eq!(
        field(&api, "UploadRequest", "attachments").ty,
        TypeRef::Vec(Box::new(TypeRef::Bytes))
    );
    assert_eq!(body("put_document").ty, named(&api, "Document"));
    assert_eq!(field(&api, "Document", "content").ty, TypeRef::Bytes);
    assert_eq!(
        field(&api, "Document", "thumbnail").ty,
        TypeRef::Option(Box::new(TypeRef::Bytes))
    );
    assert_eq!(field(&api, "Named", "name").ty, TypeRef::String);
    // A map is sent entry by entry; no object schema (or none at all): raw bytes.
    assert_eq!(body("post_fields").media, Media::Multipart);
    assert_eq!(body("post_fields").parts[0].kind, PartKind::Members);
    for raw in ["post_raw", "post_raw_untyped"] {
        assert_eq!(body(raw).media, Media::Binary, "{raw}");
        assert_eq!(body(raw).ty, TypeRef::Bytes, "{raw}");
        assert_eq!(body(raw).content_type, "multipart/form-data", "{raw}");
    }
    assert_eq!(body("login").media, Media::Form);
    assert_eq!(body("post_either").media, Media::Json);
}

#[test]
fn paths_extensions_and_callback_refs_are_ignored() {
    let api = generate("paths_extensions").api;
    let ops: Vec<&str> = api.operations.iter().map(|o| o.path.as_str()).collect();
    assert_eq!(ops, ["/things"]);
    let api = generate("callback_refs").api;
    assert_eq!(api.operations.len(), 1);
    assert!(operation(&api, "subscribe").body.is_some());
}

#[test]
fn recursive_tree_needs_no_box() {
    let api = generate("recursive_tree").api;
    let node = named(&api, "Node");
    let children = field(&api, "Node", "children");
    assert_eq!(children.ty, TypeRef::Vec(Box::new(node.clone())));
    assert!(!children.boxed);
    let attributes = field(&api, "Node", "attributes");
    assert_eq!(attributes.ty, TypeRef::Map(Box::new(node)));
    assert!(!attributes.boxed);
}

#[test]
fn recursive_list_is_boxed() {
    let generated = generate("recursive_list");
    let api = &generated.api;
    let node = named(api, "ListNode");
    let next = field(api, "ListNode", "next");
    assert_eq!(next.ty, node);
    assert!(next.boxed && !next.required);
    // `nullable` + `allOf: [$ref]` is the node itself too, not a copy of it.
    let previous = field(api, "ListNode", "previous");
    assert_eq!(previous.ty, TypeRef::Option(Box::new(node)));
    assert!(previous.boxed);
    assert!(!field(api, "ListNode", "value").boxed);
    assert_eq!(api.types.len(), 1, "{:?}", api.types);
    let models = file(&generated, "models.rs");
    assert!(models.contains("pub next: ::std::option::Option<::std::boxed::Box<ListNode>>,"));
}

#[test]
fn recursive_mutual_breaks_the_cycle() {
    let api = generate("recursive_mutual").api;
    let ceo = field(&api, "Company", "ceo");
    let employer = field(&api, "Person", "employer");
    assert_eq!(ceo.ty, named(&api, "Person"));
    assert_eq!(employer.ty, named(&api, "Company"));
    assert!(
        ceo.boxed || employer.boxed,
        "the cycle Person -> Company -> Person is not boxed"
    );
    assert!(!field(&api, "Company", "staff").boxed);
}

#[test]
fn recursive_alias_becomes_a_newtype() {
    let generated = generate("recursive_alias");
    let api = &generated.api;
    let nested = named(api, "Nested");
    assert!(
        matches!(&def(api, "Nested").kind, TypeKind::Newtype(t) if *t == TypeRef::Vec(Box::new(nested.clone()))),
        "{:?}",
        def(api, "Nested")
    );
    let tree = named(api, "Tree");
    assert!(
        matches!(&def(api, "Tree").kind, TypeKind::Newtype(t) if *t == TypeRef::Map(Box::new(tree.clone()))),
        "{:?}",
        def(api, "Tree")
    );
    let models = file(&generated, "models.rs");
    assert!(models.contains("pub struct Nested(pub ::std::vec::Vec<Nested>);"));
}

#[test]
fn enums_keep_defaults_nulls_and_integers() {
    let generated = generate("enums");
    let api = &generated.api;
    let TypeKind::Enum(state) = &def(api, "CallState").kind else {
        panic!("CallState is not an enum")
    };
    let default = state.default.map(|i| state.variants[i].value.as_str());
    assert_eq!(default, Some("started"));
    // A nullable enum: `null` is not a variant, the type is optional.
    let TypeKind::Enum(reason) = &def(api, "HangupReason").kind else {
        panic!("HangupReason is not an enum")
    };
    let values: Vec<&str> = reason.variants.iter().map(|v| v.value.as_str()).collect();
    assert_eq!(values, ["busy", "timeout", "rejected"]);
    assert_eq!(
        field(api, "Call", "hangup_reason").ty,
        TypeRef::Option(Box::new(named(api, "HangupReason")))
    );
    // An integer enum is an enum of its own, of the integer type its format says.
    let integer_enum = |name: &str| match &def(api, name).kind {
        TypeKind::IntEnum(e) => e.clone(),
        other => panic!("`{name}` is not an integer enum: {other:?}"),
    };
    let variants = |e: &codegen::model::IntegerEnum| -> Vec<(String, i128)> {
        e.variants
            .iter()
            .map(|v| (v.name.clone(), v.value))
            .collect()
    };
    let owned = |pairs: &[(&str, i128)]| -> Vec<(String, i128)> {
        pairs.iter().map(|(n, v)| ((*n).to_owned(), *v)).collect()
    };
    let priority = integer_enum("Priority");
    assert_eq!(priority.repr, TypeRef::I32);
    assert_eq!(
        variants(&priority),
        owned(&[("V1", 1), ("V2", 2), ("V3", 3)])
    );
    assert_eq!(priority.default, None);
    let level = integer_enum("Level");
    assert_eq!(level.repr, TypeRef::I64);
    assert_eq!(
        variants(&level),
        owned(&[("VMinus1", -1), ("V0", 0), ("V1", 1)])
    );
    assert_eq!(level.default, Some(1));
    let weekday = integer_enum("Weekday");
    assert_eq!(
        variants(&weekday),
        owned(&[("Monday", 1), ("Tuesday", 2), ("Sunday", 7)])
    );
    assert!(weekday.variants.iter().all(|v| v.named_by_spec));
    let shift = integer_enum("Shift");
    assert_eq!(variants(&shift), owned(&[("V1", 1), ("V2", 2)]));
    let big = integer_enum("Big");
    assert_eq!(big.repr, TypeRef::U64);
    assert_eq!(big.variants[1].value, i128::from(u64::MAX));
    // `null` among the values makes it nullable, like a string enum.
    assert_eq!(
        field(api, "Call", "volume").ty,
        TypeRef::Option(Box::new(named(api, "Volume")))
    );
    assert_eq!(integer_enum("Volume").variants.len(), 2);
    // An inline one is named after where it sits.
    assert_eq!(field(api, "Call", "retries").ty, named(api, "CallRetries"));
    integer_enum("CallRetries");
    // Enums of numbers, and integer enums that list a non-integer, stay plain numbers.
    assert!(matches!(
        def(api, "Ratio").kind,
        TypeKind::Alias(TypeRef::F64)
    ));
    assert!(matches!(
        def(api, "Mixed").kind,
        TypeKind::Alias(TypeRef::I64)
    ));
    let TypeKind::Enum(codec) = &def(api, "Codec").kind else {
        panic!("Codec is not an enum")
    };
    let names: Vec<&str> = codec.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "AudioL16Rate8000",
            "AudioL16Rate16000",
            "V10",
            "Empty",
            "Other2"
        ]
    );
    let models = file(&generated, "models.rs");
    assert!(item(models, "pub enum CallState {").contains("#[default]\n    Started,"));
    assert!(item(models, "pub enum Level {").contains("#[default]\n    V0,"));
    assert!(attributes(models, "pub enum Priority {")
        .contains(r#"#[serde(from = "i32", into = "i32")]"#));
    assert!(item(models, "pub enum Priority {").contains("Other(i32),"));
    // A member whose schema (through its `$ref`) has a default takes it when absent.
    let level_field = field(api, "Call", "level");
    assert_eq!(
        level_field.default_value(),
        Some(&codegen::model::Literal::Variant {
            ty: id_of(api, "Level"),
            index: 1
        })
    );
    // Integer enums print their number as query and path values.
    let client = file(&generated, "client.rs");
    assert!(
        client.contains(
            r#"request.query.push(runtime::url::query_pair("priority", &value.to_string()));"#
        ),
        "{client}"
    );
    assert!(
        client.contains("priority: &crate::models::Priority,"),
        "{client}"
    );
}

#[test]
fn defaults_fill_absent_members_or_are_documented() {
    use codegen::model::Literal;
    let generated = generate("defaults");
    let api = &generated.api;
    let text = |s: &str| Literal::String(s.to_owned());
    let variant = |ty: &str, index: usize| Literal::Variant {
        ty: id_of(api, ty),
        index,
    };
    // Optional members take their default when absent, and are not `Option`s then.
    let filled = [
        ("enabled", Literal::Bool(true)),
        ("retries", Literal::Integer(3)),
        ("offset", Literal::Integer(-1)),
        ("ratio", Literal::F32(0.5)),
        ("threshold", Literal::F64(2.0)),
        ("name", text("anonymous")),
        ("motto", text("say \"hi\" `now` */ \\n")),
        // From the schema the `$ref` names, and next to an `allOf` wrapper.
        ("level", variant("Level", 1)),
        ("mode", variant("Mode", 1)),
        ("override", variant("Level", 2)),
        ("tags", Literal::List(vec![text("a"), text("b")])),
        ("empty", Literal::List(Vec::new())),
        (
            "labels",
            Literal::Map(vec![
                ("env".to_owned(), text("prod")),
                ("tier".to_owned(), text("1")),
            ]),
        ),
        ("type", text("basic")),
    ];
    for (wire, value) in filled {
        let f = field(api, "Settings", wire);
        assert_eq!(f.default_value(), Some(&value), "{wire}");
        assert!(!f.is_option(), "{wire}");
    }
    assert!(matches!(
        field(api, "Settings", "metadata").default_value(),
        Some(Literal::JsonObject(_))
    ));
    assert!(matches!(
        field(api, "Settings", "anything").default_value(),
        Some(Literal::Json(_))
    ));
    // Nullable: still an `Option`, whose default is `Some`.
    let nickname = field(api, "Settings", "nickname");
    assert_eq!(
        nickname.default_value(),
        Some(&Literal::Some(Box::new(text("nick"))))
    );
    assert!(nickname.is_option());
    // Only documented: `null`, a readOnly member, an object of a struct type, a required
    // member, and parameters (the server fills those in).
    for (ty, wire) in [
        ("Settings", "comment"),
        ("Settings", "id"),
        ("Settings", "home"),
        ("Job", "state"),
        ("GetSettingsParams", "page_size"),
        ("GetSettingsParams", "level"),
    ] {
        let f = field(api, ty, wire);
        assert!(f.default.is_some(), "{ty}.{wire} has its default");
        assert_eq!(f.default_value(), None, "{ty}.{wire}");
    }
    assert!(field(api, "Settings", "comment").is_option());
    assert!(!field(api, "Job", "state").is_option());
    assert_eq!(
        field(api, "GetSettingsParams", "page_size")
            .default
            .as_ref()
            .unwrap()
            .json,
        serde_json::json!(20)
    );
    // Defaults that do not fit are dropped (and warned about, see `FIXTURE_WARNINGS`).
    for (ty, wire) in [
        ("Settings", "count"),
        ("Settings", "flag"),
        ("Settings", "small"),
        ("Settings", "unlisted"),
        ("GetSettingsParams", "bad_param"),
    ] {
        let f = field(api, ty, wire);
        assert!(f.default.is_none(), "{ty}.{wire}");
        assert!(f.is_option(), "{ty}.{wire}");
    }
    let models = file(&generated, "models.rs");
    // A `Default` written out, with the spec's values, instead of derived.
    assert!(!attributes(models, "pub struct Settings {").contains("Default,"));
    let default_impl = item(models, "impl ::std::default::Default for Settings {");
    assert!(
        default_impl.contains("enabled: Self::default_enabled(),"),
        "{default_impl}"
    );
    assert!(
        default_impl.contains("comment: ::std::option::Option::None,"),
        "{default_impl}"
    );
    // Job has a required member: no `Default` at all.
    assert!(!models.contains("impl ::std::default::Default for Job"));
    assert!(!attributes(models, "pub struct Job {").contains("Default,"));
    let settings = item(models, "pub struct Settings {");
    let reading = item(models, "impl crate::runtime::de::Object for Settings {");
    assert!(
        reading.contains("enabled: enabled.unwrap_or_else(Self::default_enabled),"),
        "{reading}"
    );
    assert!(
        settings.contains("Defaults to `true` when absent."),
        "{settings}"
    );
    // The example leaves members out: its round trip expects their defaults back.
    let examples = file(&generated, "spec_examples.rs");
    assert!(examples.contains("round_trip_to::<"), "{examples}");
}

/// In every fixture, a struct's constructor takes exactly its required members (each once),
/// so that `new` sets every field and the setters cover the rest.
#[test]
fn constructors_take_exactly_the_required_members() {
    for name in FIXTURES {
        let generated = generate(name);
        for def in &generated.api.types {
            let TypeKind::Struct(s) = &def.kind else {
                continue;
            };
            let mut taken = s.constructor.clone();
            taken.sort_unstable();
            let required: Vec<usize> = (0..s.fields.len())
                .filter(|&i| s.fields[i].required)
                .collect();
            assert_eq!(taken, required, "{name}: {}", def.name);
        }
    }
}

/// Members whose spec example is a string holding their number or boolean are read leniently,
/// and the model says why; the tests of those examples read them as the member does. With
/// `numbers_as_strings`, every number member of a type that is read is lenient.
#[test]
fn lenient_members_come_from_the_examples_or_the_option() {
    use codegen::model::Leniency;
    let generated = generate("lenient");
    let api = &generated.api;
    let example = |wire: &str| match &field(api, "Page", wire).lenient {
        Some(Leniency::Example { location, text }) => Some((location.clone(), text.clone())),
        Some(Leniency::Everywhere) => panic!("{wire}: lenient everywhere without the option"),
        None => None,
    };
    let at = "tests/fixtures/lenient.yaml#/components/schemas/Page/properties";
    assert_eq!(
        example("total"),
        Some((format!("{at}/total/example"), "100".into()))
    );
    assert_eq!(
        example("ratio"),
        Some((format!("{at}/ratio/example"), "0.5".into()))
    );
    assert_eq!(
        example("done"),
        Some((format!("{at}/done/example"), "true".into()))
    );
    // A member of an object's example, through an alias.
    assert_eq!(
        example("size"),
        Some((
            "tests/fixtures/lenient.yaml#/paths/~1pages/get/responses/200/content/\
             application~1json/example"
                .into(),
            "12".into()
        ))
    );
    // Strings that hold no value of the type, an example with another problem, parameters.
    assert_eq!(example("small"), None);
    assert_eq!(example("label"), None);
    assert!(field(api, "Item", "weight").lenient.is_none());
    assert!(field(api, "ListPagesParams", "limit").lenient.is_none());
    let lenient_examples: Vec<(&str, Option<&serde_json::Value>)> = api
        .examples
        .iter()
        .filter(|e| e.lenient)
        .map(|e| (e.subject.as_str(), e.round_trip.as_ref()))
        .collect();
    assert_eq!(
        lenient_examples,
        [
            ("Page.total", Some(&serde_json::json!(100.0))),
            ("Page.ratio", Some(&serde_json::json!(0.5))),
            ("Page.done", Some(&serde_json::json!(true))),
        ]
    );
    let misfits: Vec<&str> = api
        .examples
        .iter()
        .filter(|e| e.misfit.is_some())
        .map(|e| e.subject.as_str())
        .collect();
    assert_eq!(
        misfits,
        ["Item", "Page.small", "Page.label", "ListPagesLimit.schema"]
    );

    let relative = "tests/fixtures/lenient.yaml";
    let everywhere = codegen::Generator::new(root().join(relative))
        .shown_as(relative)
        .numbers_as_strings(true)
        .generate()
        .unwrap();
    let api = &everywhere.api;
    let lenient: Vec<(&str, &str, bool)> = ["Page", "Item", "ListPagesParams"]
        .iter()
        .flat_map(|ty| {
            struct_of(api, ty)
                .fields
                .iter()
                .map(move |f| (*ty, f.wire.as_str(), f.lenient.is_some()))
        })
        .collect();
    assert_eq!(
        lenient,
        [
            ("Page", "total", true),
            ("Page", "size", true),
            ("Page", "small", true),
            ("Page", "ratio", true),
            ("Page", "done", true),
            ("Page", "label", true),
            ("Page", "items", false),
            ("Item", "weight", true),
            ("Item", "rank", true),
            ("ListPagesParams", "limit", false),
        ]
    );
    // The examples still say why, where they do; the option says it for the rest.
    assert!(matches!(
        field(api, "Page", "total").lenient,
        Some(Leniency::Example { .. })
    ));
    assert_eq!(
        field(api, "Page", "small").lenient,
        Some(Leniency::Everywhere)
    );
    // Strings read leniently fit: the example of `Item` fails only on its undeclared member.
    let item = api.examples.iter().find(|e| e.subject == "Item").unwrap();
    assert_eq!(
        item.misfit.as_deref(),
        Some("member `unknown` is not declared in the schema")
    );
}

#[test]
fn allof_merges_every_part() {
    let api = generate("allof_merge").api;
    let wires = |name: &str| -> Vec<(String, bool)> {
        struct_of(&api, name)
            .fields
            .iter()
            .map(|f| (f.wire.clone(), f.required))
            .collect()
    };
    let dog = wires("Dog");
    for expected in [("name", true), ("age", false), ("breed", true)] {
        assert!(
            dog.contains(&(expected.0.to_owned(), expected.1)),
            "{expected:?} not in {dog:?}"
        );
    }
    assert_eq!(dog.len(), 3);
    // Animal's `age` (an integer) comes first and wins over the inline part's.
    assert_eq!(field(&api, "Dog", "age").ty, TypeRef::I64);
    let record = wires("DogRecord");
    assert_eq!(record.len(), 6, "{record:?}");
    for required in ["id", "name", "breed"] {
        assert!(
            record.contains(&(required.to_owned(), true)),
            "{required} in {record:?}"
        );
    }
    // `allOf: [$ref: Entity]` with a description is Entity itself.
    let owner = field(&api, "DogRecord", "owner");
    assert_eq!(owner.ty, named(&api, "Entity"));
    assert_eq!(owner.docs.as_deref(), Some("The owner's ID."));
}

#[test]
fn nullable_and_required_map_to_options() {
    let api = generate("nullable_required").api;
    let string = || TypeRef::String;
    let opt = |t: TypeRef| TypeRef::Option(Box::new(t));
    let address = named(&api, "Address");
    // (member, type, required in Rust)
    let expected = [
        ("required_plain", string(), true),
        ("required_nullable", opt(string()), true),
        ("optional_plain", TypeRef::I64, false),
        ("optional_nullable", opt(TypeRef::I64), false),
        ("required_ref", opt(address.clone()), true),
        ("optional_ref", opt(address), false),
        (
            "required_nullable_list",
            opt(TypeRef::Vec(Box::new(string()))),
            true,
        ),
        (
            "optional_list",
            TypeRef::Vec(Box::new(opt(string()))),
            false,
        ),
        // readOnly and writeOnly members are absent in one direction.
        ("id", string(), false),
        ("password", string(), false),
    ];
    for (wire, ty, required) in expected {
        let f = field(&api, "Profile", wire);
        assert_eq!((&f.ty, f.required), (&ty, required), "{wire}");
    }
    assert!(
        !operation(&api, "put_profile")
            .body
            .as_ref()
            .unwrap()
            .required
    );
}

#[test]
fn additional_properties_become_maps() {
    let api = generate("additional_properties").api;
    let map = |t: TypeRef| TypeRef::Map(Box::new(t));
    assert!(
        matches!(&def(&api, "Limits").kind, TypeKind::Alias(t) if *t == map(named(&api, "Limit")))
    );
    assert_eq!(field(&api, "Settings", "labels").ty, map(TypeRef::String));
    assert_eq!(field(&api, "Settings", "metadata").ty, TypeRef::JsonObject);
    assert_eq!(field(&api, "Settings", "extra").ty, map(TypeRef::Json));
    assert_eq!(field(&api, "Settings", "anything").ty, TypeRef::Json);
    let headers = struct_of(&api, "Headers");
    assert_eq!(
        headers.additional,
        Some(TypeRef::Vec(Box::new(TypeRef::String)))
    );
    assert!(field(&api, "Headers", "content-type").required);
    assert_eq!(struct_of(&api, "SettingsStrict").additional, None);
    assert_eq!(body_type(&api, "patch_settings"), map(TypeRef::String));
}

#[test]
fn arrays_of_arrays_nest() {
    let api = generate("arrays_of_arrays").api;
    let vec = |t: TypeRef| TypeRef::Vec(Box::new(t));
    assert!(
        matches!(&def(&api, "Matrix").kind, TypeKind::Alias(t) if *t == vec(vec(TypeRef::F64)))
    );
    assert_eq!(
        field(&api, "Operands", "paths").ty,
        vec(vec(named(&api, "Point")))
    );
    let cells = &field(&api, "Operands", "cells").ty;
    let TypeRef::Vec(a) = cells else {
        panic!("{cells:?}")
    };
    let TypeRef::Vec(b) = a.as_ref() else {
        panic!("{cells:?}")
    };
    let TypeRef::Vec(c) = b.as_ref() else {
        panic!("{cells:?}")
    };
    assert!(matches!(c.as_ref(), TypeRef::Named(_)), "{cells:?}");
    let shape = &operation(&api, "multiply").params.as_ref().unwrap().params[0];
    assert!(shape.shape == ParamShape::List && !shape.explode && shape.required);
}

// ---------------------------------------------------------------------------------------------
// Options (`codegen::Config`): typed formats, replaced schemas, derives, names, version.

/// The snapshots of the crates made with options.
mod configured_snapshot {
    #[test]
    fn formats_time() {
        super::snapshot("formats_time");
    }

    #[test]
    fn formats_chrono() {
        super::snapshot("formats_chrono");
    }
}

/// The Rust path of an external type in the model, or the model's type as it is.
fn type_text(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::External(id) => api.externals[*id].path.clone(),
        TypeRef::Option(inner) => format!("Option<{}>", type_text(api, inner)),
        TypeRef::Vec(inner) => format!("Vec<{}>", type_text(api, inner)),
        TypeRef::Map(inner) => format!("Map<{}>", type_text(api, inner)),
        TypeRef::Named(id) => api.types[*id].name.clone(),
        other => format!("{other:?}"),
    }
}

/// The generated `Cargo.toml` of a crate.
fn manifest(generated: &Generated, name: &str) -> String {
    let dir = tmp().join("manifests").join(name);
    generated.write_crate(&dir, name).unwrap();
    std::fs::read_to_string(dir.join("Cargo.toml")).unwrap()
}

/// Without options, `date-time`, `date` and `uuid` values are strings, checked as strings,
/// and the crate depends on no date or uuid library.
#[test]
fn formats_are_strings_by_default() {
    let generated = generate("formats");
    let api = &generated.api;
    assert_eq!(type_text(api, &field(api, "Event", "at").ty), "Timestamp");
    assert_eq!(type_text(api, &field(api, "Event", "id").ty), "String");
    assert!(!field(api, "Event", "on").constraints.is_empty());
    assert!(api.externals.is_empty());
    let manifest = manifest(&generated, "formats");
    assert!(
        !manifest.contains("time =") && !manifest.contains("uuid ="),
        "{manifest}"
    );
    assert!(
        manifest.contains("version = \"0.1.0\"\nedition = \"2021\""),
        "{manifest}"
    );
}

/// Typed formats with `time` and `uuid`, in every place a value can be; a replaced schema;
/// string rules left out for typed members; only the libraries used become dependencies.
#[test]
fn formats_are_typed_with_time_where_configured() {
    let generated = generate("formats_time");
    let api = &generated.api;
    let event = |wire: &str| type_text(api, &field(api, "Event", wire).ty);
    assert_eq!(event("id"), "::uuid::Uuid");
    assert_eq!(event("at"), "Timestamp");
    match &def(api, "Timestamp").kind {
        TypeKind::Alias(ty) => assert_eq!(type_text(api, ty), "::time::OffsetDateTime"),
        other => panic!("{other:?}"),
    }
    assert_eq!(event("on"), "::time::Date");
    assert_eq!(event("reminders"), "Vec<::time::OffsetDateTime>");
    assert_eq!(event("days"), "Map<::time::Date>");
    assert_eq!(event("price"), "::serde_json::Value");
    assert!(
        api.types.iter().all(|t| t.name != "Money"),
        "Money is replaced"
    );
    // The `starts` default cannot be written as a `time` value: only documented.
    assert!(field(api, "Event", "starts").default_value().is_none());
    // `maxLength` and `pattern` are string rules: not for a date; `note` keeps its own.
    assert!(field(api, "Event", "on").constraints.is_empty());
    assert!(!field(api, "Event", "note").constraints.is_empty());
    let models = file(&generated, "models.rs");
    assert!(
        item(models, "pub struct Event {")
            .contains("#[serde(with = \"crate::runtime::time_format\")]"),
        "{models}"
    );
    assert!(item(models, "pub struct Event {").contains("Serialize, Hash)]"));
    assert!(
        item(models, "impl crate::runtime::de::Object for Event {").contains("time_format::seed()"),
        "{models}"
    );
    let manifest = manifest(&generated, "formats-time");
    assert!(
        manifest.contains("\ntime = ") && manifest.contains("\nuuid = "),
        "{manifest}"
    );
    assert!(!manifest.contains("chrono"), "{manifest}");
    assert!(generated
        .files
        .iter()
        .any(|f| f.name == "runtime/time_format.rs"));
}

/// `chrono` types, renamed types and operations, derives on named types, the package's
/// version and edition.
#[test]
fn names_derives_and_the_package_follow_the_options() {
    let generated = generate("formats_chrono");
    let api = &generated.api;
    assert_eq!(
        type_text(api, &field(api, "Happening", "on").ty),
        "::chrono::NaiveDate"
    );
    assert!(api.types.iter().all(|t| t.name != "Event"));
    assert!(operation(api, "events_of_day").params.is_some());
    assert!(api.types.iter().any(|t| t.name == "EventsOfDayParams"));
    assert_eq!(def(api, "Money").derives, ["Eq", "Hash"]);
    assert_eq!(def(api, "Log").derives, ["Eq"]);
    let manifest = manifest(&generated, "formats-chrono");
    assert!(
        manifest.contains("version = \"2.1.0-beta.1\"\nedition = \"2024\""),
        "{manifest}"
    );
    assert!(manifest.contains("\nchrono = ") && !manifest.contains("\ntime = "));
    assert!(generated
        .files
        .iter()
        .all(|f| f.name != "runtime/time_format.rs"));
}

/// The conversation client with its `format: dateTime` parameters typed as `time` values
/// (its crate is compiled with the fixtures': clippy and rustdoc clean).
#[test]
fn the_conversation_client_takes_typed_date_times() {
    let generated = generate("conversation_time");
    let api = &generated.api;
    let op = operation(api, "list_conversations");
    let params = struct_of(api, &api.types[op.params.as_ref().unwrap().ty].name);
    let types: Vec<String> = params
        .fields
        .iter()
        .filter(|f| f.wire.starts_with("date_"))
        .map(|f| type_text(api, &f.ty))
        .collect();
    assert_eq!(types, ["::time::OffsetDateTime", "::time::OffsetDateTime"]);
}

// ---------------------------------------------------------------------------------------------
// Swagger 2.0, converted to the OpenAPI 3.0 shape by the load stage.

/// The root document of a fixture as the stages after loading see it (in the 3.0 shape).
fn converted(name: &str) -> serde_json::Value {
    let relative = format!("tests/fixtures/{name}.yaml");
    match codegen::resolve::Resolver::load(&root().join(&relative), Path::new(&relative)) {
        Ok(resolver) => resolver.root().clone(),
        Err(errors) => panic!("{name}: {errors}"),
    }
}

/// The media types of a `content` map, in order.
fn media_types(content: &serde_json::Value) -> Vec<&str> {
    content
        .as_object()
        .unwrap_or_else(|| panic!("no content: {content}"))
        .keys()
        .map(String::as_str)
        .collect()
}

#[test]
fn swagger2_documents_become_openapi_30() {
    let tree = converted("swagger2_petstore_like");
    assert_eq!(tree["openapi"], "3.0.3");
    assert!(tree.get("swagger").is_none() && tree.get("definitions").is_none());
    // host + basePath + schemes, one server per scheme as listed.
    assert_eq!(
        tree["servers"],
        serde_json::json!([
            {"url": "https://shop.example.com/v2"},
            {"url": "http://shop.example.com/v2"}
        ])
    );
    let pets = &tree["paths"]["/pets"];
    // The document's `consumes` and `produces`, an operation's own.
    assert_eq!(
        media_types(&pets["post"]["requestBody"]["content"]),
        ["application/json"]
    );
    let pet = &tree["paths"]["/pets/{petId}"];
    assert_eq!(
        media_types(&pet["get"]["responses"]["200"]["content"]),
        ["application/json", "application/xml"]
    );
    assert_eq!(
        media_types(&pet["put"]["requestBody"]["content"]),
        ["application/xml"]
    );
    // Refs to moved parts follow them; extensions stay.
    assert_eq!(
        pets["get"]["parameters"][0]["$ref"],
        "#/components/parameters/limit"
    );
    assert_eq!(
        pet["get"]["responses"]["404"]["$ref"],
        "#/components/responses/NotFound"
    );
    assert_eq!(pets["post"]["x-internal"], false);
    let schemas = &tree["components"]["schemas"];
    assert_eq!(schemas["NewPet"]["x-order"], 1);
    assert_eq!(
        schemas["Pet"]["discriminator"],
        serde_json::json!({"propertyName": "kind"})
    );
    assert_eq!(
        tree["components"]["parameters"]["limit"]["schema"],
        serde_json::json!({"type": "integer", "format": "int32", "minimum": 1, "maximum": 100, "default": 20})
    );

    let generated = generate("swagger2_petstore_like");
    let api = &generated.api;
    assert_eq!(
        api.default_server.as_deref(),
        Some("https://shop.example.com/v2")
    );
    let add = operation(api, "add_pet").body.as_ref().expect("a body");
    assert_eq!((&add.ty, add.required), (&named(api, "NewPet"), true));
    assert_eq!(add.docs.as_deref(), Some("The pet to add"));
    let replace = operation(api, "replace_pet_xml").body.as_ref().unwrap();
    assert_eq!(
        (replace.media, replace.content_type.as_str()),
        (codegen::model::Media::Binary, "application/xml")
    );
    assert_eq!(success_type(api, "get_pet"), named(api, "Pet"));
    assert_eq!(
        success_type(api, "list_pets"),
        TypeRef::Vec(Box::new(named(api, "Pet")))
    );
    let listed = &operation(api, "list_pets").responses[0];
    assert_eq!(listed.headers, ["X-Total-Count"]);
    // `x-nullable`: a required member that may be null, on a plain type and next to a ref.
    let opt = |t: TypeRef| TypeRef::Option(Box::new(t));
    let nickname = field(api, "NewPet", "nickname");
    assert_eq!(
        (&nickname.ty, nickname.required),
        (&opt(TypeRef::String), true)
    );
    let owner = field(api, "NewPet", "owner");
    assert_eq!(
        (&owner.ty, owner.required),
        (&opt(named(api, "Owner")), true)
    );
    // allOf inheritance from the base type with the discriminator.
    assert!(field(api, "Dog", "id").required);
    assert!(!field(api, "Dog", "barks").required);
    let limit = operation(api, "list_pets").params.as_ref().unwrap();
    let wires: Vec<&str> = limit.params.iter().map(|p| p.wire.as_str()).collect();
    assert_eq!(wires, ["limit", "status"]);
    let pet_id = &operation(api, "get_pet").path_params[0];
    assert_eq!(pet_id.wire, "petId");
}

#[test]
fn swagger2_parameters_keep_their_collection_formats() {
    use codegen::model::{Media, ParamLocation, ParamStyle, PartKind};
    let api = generate("swagger2_parameters").api;
    let sent = |op: &str, wire: &str| {
        let params = operation(&api, op).params.as_ref().expect("parameters");
        let p = params.params.iter().find(|p| p.wire == wire).expect(wire);
        (p.location, p.style, p.explode, p.shape)
    };
    use ParamLocation::{Header, Query};
    use ParamShape::List;
    use ParamStyle::{Form, PipeDelimited, Simple, SpaceDelimited};
    // No `collectionFormat` is 2.0's `csv`, not 3.0's exploded `form`.
    assert_eq!(sent("list_formats", "plain"), (Query, Form, false, List));
    assert_eq!(sent("list_formats", "comma"), (Query, Form, false, List));
    assert_eq!(
        sent("list_formats", "space"),
        (Query, SpaceDelimited, false, List)
    );
    assert_eq!(
        sent("list_formats", "pipe"),
        (Query, PipeDelimited, false, List)
    );
    assert_eq!(sent("list_formats", "multi"), (Query, Form, true, List));
    assert_eq!(sent("list_formats", "tab"), (Query, Form, false, List));
    // Declared on the path item.
    assert_eq!(
        sent("list_formats", "X-Trace"),
        (Header, Simple, false, List)
    );

    // Form fields: urlencoded without `consumes`, one field reached by a ref.
    let form = operation(&api, "submit_form").body.clone().expect("a form");
    assert_eq!(form.media, Media::Form);
    assert_eq!(form.content_type, "application/x-www-form-urlencoded");
    assert_eq!(form.ty, named(&api, "SubmitFormRequest"));
    assert!(field(&api, "SubmitFormRequest", "title").required);
    assert_eq!(
        field(&api, "SubmitFormRequest", "note").docs.as_deref(),
        Some("A note kept with the form")
    );
    // A file field: multipart, the file as bytes.
    let upload = operation(&api, "upload").body.clone().expect("a form");
    assert_eq!(upload.media, Media::Multipart);
    let parts: Vec<(&str, PartKind, bool)> = upload
        .parts
        .iter()
        .map(|p| (p.name.as_str(), p.kind, p.optional))
        .collect();
    assert_eq!(
        parts,
        [
            ("file", PartKind::File, false),
            ("caption", PartKind::Text, true)
        ]
    );
    assert_eq!(field(&api, "UploadRequest", "file").ty, TypeRef::Bytes);
    // A body parameter component is a request body component.
    assert_eq!(body_type(&api, "add_tag"), named(&api, "Tag"));
    let tree = converted("swagger2_parameters");
    assert_eq!(
        tree["paths"]["/tags"]["post"]["requestBody"]["$ref"],
        "#/components/requestBodies/tagBody"
    );
    assert_eq!(
        tree["paths"]["/forms"]["post"]["requestBody"]["content"]
            ["application/x-www-form-urlencoded"]["encoding"],
        serde_json::json!({"colours": {"style": "form", "explode": true}})
    );
    assert_eq!(tree["servers"], serde_json::json!([{"url": "/api"}]));
}

#[test]
fn swagger2_security_definitions_become_schemes() {
    use codegen::model::{ParamLocation, SecurityKind};
    let api = generate("swagger2_security").api;
    let kinds: Vec<(&str, &SecurityKind)> = api
        .security
        .iter()
        .map(|s| (s.key.as_str(), &s.kind))
        .collect();
    let key = |location, name: &str| SecurityKind::ApiKey {
        location,
        name: name.to_owned(),
    };
    assert_eq!(
        kinds,
        [
            ("basicAuth", &SecurityKind::Basic),
            ("headerKey", &key(ParamLocation::Header, "X-API-Key")),
            ("queryKey", &key(ParamLocation::Query, "api_key")),
            ("implicitFlow", &SecurityKind::Bearer),
            ("passwordFlow", &SecurityKind::Bearer),
            ("applicationFlow", &SecurityKind::Bearer),
            ("accessCodeFlow", &SecurityKind::Bearer),
        ]
    );
    let requirements = |op: &str| -> Vec<Vec<&str>> {
        operation(&api, op)
            .security
            .iter()
            .map(|all| all.iter().map(|&i| api.security[i].key.as_str()).collect())
            .collect()
    };
    assert_eq!(requirements("list_things"), [["headerKey"], ["basicAuth"]]);
    assert_eq!(
        requirements("add_thing"),
        [vec!["applicationFlow"], vec!["queryKey", "accessCodeFlow"]]
    );
    assert!(requirements("health").is_empty());
    let tree = converted("swagger2_security");
    let schemes = &tree["components"]["securitySchemes"];
    let flows = |name: &str| media_types(&schemes[name]["flows"]);
    assert_eq!(flows("implicitFlow"), ["implicit"]);
    assert_eq!(flows("passwordFlow"), ["password"]);
    assert_eq!(flows("applicationFlow"), ["clientCredentials"]);
    assert_eq!(flows("accessCodeFlow"), ["authorizationCode"]);
    assert_eq!(
        schemes["accessCodeFlow"]["flows"]["authorizationCode"]["tokenUrl"],
        "https://secure.example.com/oauth/token"
    );
    assert_eq!(
        schemes["basicAuth"],
        serde_json::json!({"type": "http", "scheme": "basic", "description": "User name and password"})
    );
}

#[test]
fn swagger2_refs_follow_their_targets_into_other_files() {
    let generated = generate("swagger2_refs");
    let api = &generated.api;
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap();
    let mut inputs: Vec<PathBuf> = generated.inputs.iter().map(|p| canonical(p)).collect();
    inputs.sort();
    let fixtures = root().join("tests/fixtures");
    let mut expected: Vec<PathBuf> = [
        "swagger2_refs.yaml",
        "external/swagger2_parts.yaml",
        "external/swagger2_money.yaml",
    ]
    .iter()
    .map(|f| canonical(&fixtures.join(f)))
    .collect();
    expected.sort();
    assert_eq!(inputs, expected);
    let order = named(api, "Order");
    assert_eq!(
        success_type(api, "list_orders"),
        TypeRef::Vec(Box::new(order.clone()))
    );
    // The other file's definition refers back to this file's, and to its own.
    assert_eq!(field(api, "Order", "customer").ty, named(api, "Customer"));
    let line_item = named(api, "LineItem");
    assert_eq!(
        field(api, "Order", "items").ty,
        TypeRef::Vec(Box::new(line_item.clone()))
    );
    assert_eq!(
        field(api, "CreateOrderRequest", "items").ty,
        TypeRef::Vec(Box::new(line_item))
    );
    assert_eq!(
        api.types
            .iter()
            .filter(|t| t.name.starts_with("LineItem"))
            .count(),
        1
    );
    // A pointer into another operation's body parameter is that request body's schema.
    assert_eq!(body_type(api, "save_draft"), body_type(api, "create_order"));
    match &def(api, "OrderAlias").kind {
        TypeKind::Alias(target) => assert_eq!(*target, order),
        other => panic!("{other:?}"),
    }
    assert_eq!(field(api, "ListOrdersParams", "page").ty, TypeRef::I64);
    assert!(matches!(def(api, "NotFound").kind, TypeKind::Struct(_)));
    // `x-nullable` in the other files.
    assert!(field(api, "CreateOrderRequestTotal", "currency").required);
    let tree = converted("swagger2_refs");
    assert_eq!(
        tree["paths"]["/orders/draft"]["put"]["requestBody"]["content"]["application/json"]
            ["schema"]["$ref"],
        "#/paths/~1orders/post/requestBody/content/application~1json/schema"
    );
}

#[test]
fn swagger2_and_its_openapi30_rewrite_differ_only_by_real_changes() {
    let model = |spec: &Path| {
        codegen::Generator::new(spec)
            .model()
            .unwrap_or_else(|errors| panic!("{}: {errors}", spec.display()))
            .api
    };
    let swagger = model(&root().join("tests/fixtures/swagger2_petstore_like.yaml"));
    let rewrite = root().join("tests/fixtures/rewrites/swagger2_petstore_like.openapi30.yaml");
    let report = codegen::diff::diff(&swagger, &model(&rewrite));
    assert_eq!(report.changes, [], "the 2.0 document and its 3.0 rewrite");
    // A real change shows through the conversion.
    let text = std::fs::read_to_string(&rewrite).unwrap();
    let changed_text = text.replace(
        "enum: [available, sold]",
        "enum: [available, sold, adopted]",
    );
    assert_ne!(changed_text, text);
    let changed = tmp().join("swagger2_petstore_like_changed.yaml");
    std::fs::write(&changed, changed_text).unwrap();
    let changes: Vec<String> = codegen::diff::diff(&swagger, &model(&changed))
        .changes
        .iter()
        .map(|c| format!("{}: {}", c.subject, c.detail))
        .collect();
    assert_eq!(changes, ["PetStatus: enum value `adopted` added"]);
}

// ---------------------------------------------------------------------------------------------
// Bad specs.

/// The errors of the spec `tests/fixtures/errors/<name>` (`.yaml` unless `name` has an
/// extension).
fn error_fixture(name: &str) -> codegen::Errors {
    let relative = if name.contains('.') {
        format!("tests/fixtures/errors/{name}")
    } else {
        format!("tests/fixtures/errors/{name}.yaml")
    };
    let result = codegen::Generator::new(root().join(&relative))
        .shown_as(&relative)
        .generate();
    match result {
        Ok(_) => panic!("{relative}: the generator accepted it"),
        Err(errors) => errors,
    }
}

#[test]
fn error_fixtures_are_rejected_with_file_and_position() {
    for (name, expected) in ERROR_FIXTURES {
        let errors = error_fixture(name);
        assert!(!errors.is_empty());
        let message = errors.to_string();
        let stem = name.strip_suffix(".json").unwrap_or(name);
        let file_name = if name.contains('.') {
            name.to_string()
        } else {
            format!("{name}.yaml")
        };
        for error in errors.iter() {
            let file = error.file.display().to_string().replace('\\', "/");
            assert!(
                file.starts_with("tests/fixtures/errors/"),
                "{name}: `{file}` is not the file of the problem"
            );
            match &error.position {
                Position::Pointer(pointer) => assert!(
                    pointer.is_empty() || pointer.starts_with('/'),
                    "{name}: bad pointer {pointer:?}"
                ),
                Position::LineColumn { line, column } => assert!(*line > 0 && *column > 0),
                Position::File => assert!(
                    expected.starts_with(&format!("{file_name}: ")),
                    "{name}: `{error}` says no position in the file"
                ),
            }
        }
        let first = message.lines().next().unwrap();
        assert!(
            first.starts_with("error: tests/fixtures/") && first.contains(expected),
            "{name}: expected `{expected}` in the first message:\n{message}"
        );
        insta::assert_snapshot!(format!("error_{stem}"), message);
    }
}

/// The messages of a fixture, without the `error: <file>` prefix.
fn error_lines(name: &str) -> Vec<String> {
    let prefix = format!("error: tests/fixtures/errors/{name}.yaml");
    error_fixture(name)
        .to_string()
        .lines()
        .map(|line| line.strip_prefix(&prefix).unwrap_or(line).to_owned())
        .collect()
}

#[test]
fn independent_problems_are_reported_together() {
    let lines = error_lines("several_problems");
    let expected = [
        "#/components/schemas/Thing/properties/owner: cannot resolve `$ref: #/components/schemas/Owner`",
        "#/components/schemas/Thing/properties/tags/items: cannot resolve `$ref: #/components/schemas/Tag`",
        "#/components/schemas/Label/properties/text/maxLength: not a valid OpenAPI 3.0 document",
        "#/paths/~1other-things/get/operationId: operationId `listThings` is used",
        "#/paths/~1other-things/get/responses/200/content/application~1json/schema: \
         cannot resolve `$ref: components/schemas/Thing`",
    ];
    assert_eq!(lines.len(), expected.len(), "{lines:#?}");
    for (line, expected) in lines.iter().zip(expected) {
        assert!(line.starts_with(expected), "`{line}` vs `{expected}`");
    }
    // Every wrong member of one operation, each at its own pointer (not at the path item).
    let lines = error_lines("wrong_types_in_paths");
    let pointers: Vec<&str> = lines
        .iter()
        .map(|l| l.split(": ").next().unwrap())
        .collect();
    assert_eq!(
        pointers,
        [
            "#/paths/~1things/get/parameters/0/in",
            "#/paths/~1things/get/parameters/1/schema/properties",
            "#/paths/~1things/get/responses/200/content/application~1json/schema/items/required",
            "#/paths/~1things/get/responses/404/description",
        ]
    );
    assert_eq!(error_lines("ref_to_url").len(), 2);
    assert_eq!(error_lines("undeclared_path_params").len(), 3);
    assert_eq!(error_lines("info_wrong_type").len(), 2);
}

#[test]
fn an_alias_cycle_is_reported_once_at_its_first_member() {
    for (name, cycle) in [
        ("alias_cycle", &["a", "b", "a"][..]),
        ("alias_cycle_long", &["a", "b", "c", "a"]),
    ] {
        let lines = error_lines(name);
        assert_eq!(lines.len(), 1, "{name}: {lines:#?}");
        assert!(
            lines[0].starts_with("#/components/schemas/a: "),
            "{lines:?}"
        );
        let cycle: Vec<String> = cycle
            .iter()
            .map(|c| format!("#/components/schemas/{c}"))
            .collect();
        assert!(
            lines[0].ends_with(&cycle.join(" -> ")),
            "{name}: {}",
            lines[0]
        );
    }
}

#[test]
fn responses_are_typed_per_status() {
    let generated = generate("responses");
    let api = &generated.api;
    let variants = |name: &str| -> Vec<(String, bool)> {
        match &def(api, name).kind {
            TypeKind::Responses(r) => r
                .variants
                .iter()
                .map(|v| (v.name.clone(), v.body.is_some()))
                .collect(),
            other => panic!("`{name}` is {other:?}"),
        }
    };
    let owned = |list: &[(&str, bool)]| -> Vec<(String, bool)> {
        list.iter().map(|(n, b)| (n.to_string(), *b)).collect()
    };
    assert_eq!(
        variants("CreateThingSuccess"),
        owned(&[("Created", true), ("Accepted", true), ("NoContent", false)])
    );
    assert_eq!(
        variants("GetThingError"),
        owned(&[
            ("NotFound", true),
            ("InternalServerError", true),
            ("Status5XX", true),
            ("Other", true)
        ])
    );
    // One type for every status of a side: that type, no enum.
    assert_eq!(
        operation(api, "create_thing").failure,
        codegen::model::Outcome::One(named(api, "Problem"), codegen::model::Media::Json)
    );
    assert_eq!(
        operation(api, "delete_thing").failure,
        codegen::model::Outcome::Empty
    );
    // `default` alone describes both sides.
    assert_eq!(success_type(api, "get_status"), named(api, "Status"));
}

/// A response key that is no status is reported (openapiv3 would drop it without a word).
#[test]
fn a_response_key_that_is_no_status_is_reported() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bad-status");
    std::fs::create_dir_all(&dir).unwrap();
    let spec = dir.join("spec.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /x:\n    get:\n      \
         responses:\n        '200': {description: ok}\n        '200 OK': {description: no}\n",
    )
    .unwrap();
    let generated = codegen::Generator::new(&spec)
        .shown_as("spec.yaml")
        .generate()
        .unwrap();
    let warnings: Vec<String> = generated.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        warnings,
        ["spec.yaml#/paths/~1x/get/responses/200 OK: `200 OK` \
          is not an HTTP status code, a range such as `4XX`, or `default`; this response is \
          ignored"]
    );
}

// ---------------------------------------------------------------------------------------------
// The generated crates compile.
//
// Every fixture's crate is a member of one throwaway cargo workspace, which three workspace-wide
// cargo commands check: cargo compiles the shared dependencies once and the crates in parallel,
// into the workspace's own target directory (see `support`).

/// The crate that depends on what the behaviour tests use (`tests/fixtures/<name>.rs`), so
/// that every command resolves the same features: see `tests/fixtures/behaviour-dependencies.toml`.
const PIN: &str = "behaviour-dependencies";

/// The behaviour tests' dependencies, as `Cargo.toml` lines.
const BEHAVIOUR_DEPENDENCIES: &str = include_str!("fixtures/behaviour-dependencies.toml");

/// Writes the workspace of every fixture's crate and returns its root. Each member is named
/// after its fixture; files are written only when their bytes change, so that cargo rebuilds
/// only what changed.
fn write_fixture_workspace() -> PathBuf {
    let workspace = tmp().join("fixture-crates");
    for name in crates() {
        write_fixture_crate(&workspace, name);
    }
    let pin = workspace.join(PIN);
    let manifest = format!(
        "[package]\nname = \"{PIN}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [lib]\npath = \"lib.rs\"\n\n[dependencies]\n{BEHAVIOUR_DEPENDENCIES}"
    );
    codegen::write_if_changed(&pin.join("Cargo.toml"), &manifest).unwrap();
    codegen::write_if_changed(&pin.join("lib.rs"), "//! Only its dependencies matter.\n").unwrap();
    let members: Vec<String> = crates().chain([PIN]).map(|m| format!("{m:?}")).collect();
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members.join(", ")
    );
    codegen::write_if_changed(&workspace.join("Cargo.toml"), &manifest).unwrap();
    // The workspace's lock file, for the same (already downloaded) dependency versions. Cargo
    // adds the members to it, so the commands cannot take `--locked`: `support::unlocked_packages`
    // checks the versions instead.
    std::fs::copy(root().join("Cargo.lock"), workspace.join("Cargo.lock")).unwrap();
    workspace
}

/// Writes the crate of one fixture into `<workspace>/<name>`: the generated sources, the
/// generated manifest without the `[workspace]` table that makes a generated crate stand alone,
/// and the fixture's behaviour test if it has one.
fn write_fixture_crate(workspace: &Path, name: &str) {
    let dir = workspace.join(name);
    let generated = generate(name);
    // A file no longer generated must not linger (it would not be compiled, but it confuses).
    if let Ok(entries) = std::fs::read_dir(dir.join("src")) {
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                // `runtime/`: rewritten; a file of it no longer copied is not compiled either.
                continue;
            }
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if !generated.files.iter().any(|f| f.name == name) {
                std::fs::remove_file(&path).unwrap();
            }
        }
    }
    generated.write_sources(dir.join("src")).unwrap();
    // The crate as the generator writes it, for its manifest (which only `write_crate` gives).
    let as_generated = workspace.join(".as-generated").join(name);
    let crate_name = format!("fixture-{}", name.replace('_', "-"));
    generated.write_crate(&as_generated, &crate_name).unwrap();
    let manifest = std::fs::read_to_string(as_generated.join("Cargo.toml")).unwrap();
    let Some((manifest, "")) = manifest.split_once("\n[workspace]\n") else {
        panic!("{name}: the generated Cargo.toml does not end with an empty `[workspace]` table");
    };
    let mut manifest = format!("{manifest}\n");
    let behaviour = root().join("tests/fixtures").join(format!("{name}.rs"));
    let target = dir.join("tests/behaviour.rs");
    if behaviour.exists() {
        let test = std::fs::read_to_string(&behaviour).unwrap();
        codegen::write_if_changed(&target, &test).unwrap();
        manifest.push_str(&format!("[dev-dependencies]\n{BEHAVIOUR_DEPENDENCIES}"));
    } else {
        let _ = std::fs::remove_file(&target);
    }
    codegen::write_if_changed(&dir.join("Cargo.toml"), &manifest).unwrap();
}

fn has_behaviour_test(name: &str) -> bool {
    root()
        .join("tests/fixtures")
        .join(format!("{name}.rs"))
        .exists()
}

/// What failed, per member of the workspace (`workspace` for a failure that names none).
type Failures = BTreeMap<String, Vec<String>>;

/// Runs cargo in the workspace and returns its JSON messages (`args` ask for them). Every
/// diagnostic that rustc, clippy or rustdoc gives on a member, warnings included, is a failure
/// of that member; a command that fails without naming one (a manifest that cargo rejects, a
/// dependency that is not downloaded) is a failure of the workspace.
fn cargo_in(
    workspace: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    failures: &mut Failures,
) -> Vec<serde_json::Value> {
    let output = support::cargo(workspace)
        .args(args)
        .envs(env.iter().copied())
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo: {e}"));
    let messages: Vec<serde_json::Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect();
    let mut named = false;
    for message in &messages {
        if message["reason"] == "compiler-message" {
            let rendered = message["message"]["rendered"].as_str().unwrap_or_default();
            failures
                .entry(member_of(workspace, message))
                .or_default()
                .push(format!("`cargo {}`: {rendered}", args[0]));
            named = true;
        }
    }
    if !output.status.success() && !named {
        failures
            .entry("workspace".into())
            .or_default()
            .push(format!(
                "`cargo {}` failed ({}):\n{}",
                args.join(" "),
                output.status,
                String::from_utf8_lossy(&output.stderr)
            ));
    }
    messages
}

/// The `tag-…` and `unused-types` features a generated `Cargo.toml` declares.
fn tag_features_of(manifest: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(manifest)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", manifest.display()));
    text.lines()
        .filter_map(|line| line.strip_suffix(" = []"))
        .filter(|name| name.starts_with("tag-") || *name == "unused-types")
        .map(str::to_owned)
        .collect()
}

/// The member (its directory's name) that a cargo JSON message is about.
fn member_of(workspace: &Path, message: &serde_json::Value) -> String {
    let manifest = Path::new(message["manifest_path"].as_str().unwrap_or_default());
    match manifest
        .parent()
        .and_then(|dir| dir.strip_prefix(workspace).ok())
    {
        Some(dir) => dir.display().to_string(),
        None => format!("workspace ({})", manifest.display()),
    }
}

/// Slow the first time (the dependencies that the workspace's own build has not compiled with
/// the same features compile once), a few seconds after that (only changed crates recompile).
/// Each fixture crate is clean under clippy (`-D warnings`, all targets: the `spec_examples`
/// test module and the behaviour test too), its docs build with `-D warnings`, and a fixture
/// with a behaviour test (`tests/fixtures/<name>.rs`) passes it.
#[test]
fn every_fixture_crate_compiles_and_is_clippy_clean() {
    let workspace = write_fixture_workspace();
    let mut failures = Failures::new();
    let json = "--message-format=json";
    // With the `mock` feature on (here, in the documentation step and for the behaviour tests,
    // which use it): the feature only adds a module, which uses the rest; the crates without
    // it are checked by `scripts/check-history.sh` and the workspace's own build.
    let clippy = [
        "clippy",
        "--workspace",
        "--all-targets",
        "--all-features",
        "--keep-going",
        "--offline",
        json,
        "--",
        "-D",
        "warnings",
    ];
    cargo_in(&workspace, &clippy, &[], &mut failures);
    // A crate with a feature per tag is clean with each feature alone, and with none.
    let package = "fixture-tag-features";
    let tag_features = tag_features_of(&workspace.join("tag_features/Cargo.toml"));
    assert_eq!(tag_features.len(), 3, "{tag_features:?}");
    for feature in tag_features.into_iter().chain([String::new()]) {
        // The crate's other features on, as in the whole workspace's build, so that no
        // dependency compiles again with other features.
        let mut features = ["mock", "http2", "system-proxy"]
            .map(|f| format!("{package}/{f}"))
            .to_vec();
        if !feature.is_empty() {
            features.push(format!("{package}/{feature}"));
        }
        let features = features.join(",");
        let alone = [
            "clippy",
            "-p",
            package,
            "-p",
            "behaviour-dependencies",
            "--all-targets",
            "--no-default-features",
            "--features",
            &features,
            "--offline",
            json,
            "--",
            "-D",
            "warnings",
        ];
        cargo_in(&workspace, &alone, &[], &mut failures);
    }
    let unlocked = support::unlocked_packages(&workspace.join("Cargo.lock"));
    if !unlocked.is_empty() {
        failures
            .entry("workspace".into())
            .or_default()
            .push(format!(
                "versions that the workspace's Cargo.lock does not have: {unlocked:?}"
            ));
    }
    // The spec's text became rustdoc: no broken links, no bare URLs, no doctests.
    let doc = [
        "doc",
        "--workspace",
        "--all-features",
        "--no-deps",
        "--keep-going",
        "--offline",
        json,
    ];
    cargo_in(
        &workspace,
        &doc,
        &[("RUSTDOCFLAGS", "-D warnings")],
        &mut failures,
    );
    // The behaviour tests build in one command and run one by one, each named after its fixture.
    let behaviours: Vec<String> = crates()
        .filter(|name| has_behaviour_test(name))
        .map(|name| format!("fixture-{}", name.replace('_', "-")))
        .collect();
    let mut test = vec![
        "test",
        "--no-run",
        "--all-features",
        "--offline",
        json,
        "--test",
        "behaviour",
    ];
    for package in &behaviours {
        test.extend(["-p", package.as_str()]);
    }
    let built = cargo_in(&workspace, &test, &[], &mut failures);
    for name in crates().filter(|name| has_behaviour_test(name)) {
        let executable = built.iter().find_map(|message| {
            let ours = message["reason"] == "compiler-artifact"
                && message["target"]["name"] == "behaviour"
                && member_of(&workspace, message) == *name;
            ours.then(|| message["executable"].as_str()).flatten()
        });
        let Some(executable) = executable else {
            failures
                .entry(name.to_string())
                .or_default()
                .push("its behaviour test did not build".into());
            continue;
        };
        let output = Command::new(executable)
            .current_dir(workspace.join(name))
            .output()
            .unwrap_or_else(|e| panic!("cannot run {executable}: {e}"));
        if !output.status.success() {
            failures.entry(name.to_string()).or_default().push(format!(
                "its behaviour test fails ({}):\n{}{}",
                output.status,
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ));
        }
    }
    for (member, problems) in &failures {
        eprintln!("==> {member}\n{}", problems.join("\n"));
    }
    assert!(
        failures.is_empty(),
        "fixture crates that fail: {:?} (their messages above)",
        failures.keys().collect::<Vec<_>>()
    );
}

// ---------------------------------------------------------------------------------------------
// OpenAPI 3.1 and 3.2, rewritten into the 3.0 shape by the load stage.

fn option_of(ty: TypeRef) -> TypeRef {
    TypeRef::Option(Box::new(ty))
}

#[test]
fn openapi31_null_branches_are_options_of_the_other_type() {
    let api = generate("openapi31_fastapi").api;
    // `anyOf: [$ref: Owner, {type: null}]`: Owner itself, no wrapper type.
    assert_eq!(
        field(&api, "Pet", "owner").ty,
        option_of(named(&api, "Owner"))
    );
    assert!(api.types.iter().all(|t| t.name != "PetOwner"));
    assert_eq!(field(&api, "Pet", "tag").ty, option_of(TypeRef::String));
    assert_eq!(
        field(&api, "Pet", "nicknames").ty,
        option_of(TypeRef::Vec(Box::new(TypeRef::String)))
    );
    let utoipa = generate("openapi31_utoipa").api;
    // `oneOf: [{type: null}, $ref: User]` and `type: [T, "null"]`.
    assert_eq!(
        field(&utoipa, "Todo", "assignee").ty,
        option_of(named(&utoipa, "User"))
    );
    assert_eq!(
        field(&utoipa, "Todo", "done_at").ty,
        option_of(TypeRef::String)
    );
    assert_eq!(field(&utoipa, "User", "age").ty, option_of(TypeRef::I32));
    // Several non-null types: a union.
    match &def(&utoipa, "TodoPriority").kind {
        TypeKind::Untagged(u) => {
            let tys: Vec<&TypeRef> = u.variants.iter().map(|v| &v.ty).collect();
            assert_eq!(tys, [&TypeRef::I64, &TypeRef::String]);
        }
        other => panic!("TodoPriority is {other:?}"),
    }
}

#[test]
fn openapi31_const_tags_a_union() {
    let api = generate("openapi31_fastapi").api;
    // Pydantic's `Literal["cat"]` is `const: cat`: the union is tagged by it.
    match &def(&api, "PetAnimal").kind {
        TypeKind::Tagged(t) => {
            assert_eq!(t.tag, "pet_type");
            let values: Vec<&str> = t.variants.iter().map(|v| v.value.as_str()).collect();
            assert_eq!(values, ["cat", "dog"]);
        }
        other => panic!("PetAnimal is {other:?}"),
    }
    // `examples: [...]` is an example.
    assert!(api.examples.iter().any(|e| e.value == "Alice"));
}

#[test]
fn openapi31_prefix_items_are_tuples() {
    let api = generate("openapi31_fastapi").api;
    assert_eq!(
        field(&api, "Pet", "position").ty,
        TypeRef::Tuple(vec![TypeRef::F64, TypeRef::F64])
    );
    let events = generate("openapi32_webhooks");
    assert_eq!(
        field(&events.api, "UserCreated", "tags").ty,
        TypeRef::Tuple(vec![TypeRef::String, TypeRef::I64])
    );
    assert!(file(&events, "models.rs").contains("pub tags: (::std::string::String, i64),"));
}

#[test]
fn openapi31_bounds_and_content_keywords_are_rewritten() {
    let api = generate("openapi31_fastapi").api;
    let bark = format!("{:?}", field(&api, "Dog", "bark_volume").constraints);
    assert!(bark.contains("ExclusiveMinimum"), "{bark}");
    let orders = generate("openapi31_handwritten").api;
    // A 3.0 leftover (boolean `exclusiveMinimum`) in a 3.1 file.
    let rating = format!("{:?}", field(&orders, "Order", "rating").constraints);
    assert!(rating.contains("ExclusiveMinimum"), "{rating}");
    let quantity = format!(
        "{:?}",
        field(&orders, "OrderLinesItem", "quantity").constraints
    );
    assert!(
        quantity.contains("ExclusiveMinimum") && quantity.contains("ExclusiveMaximum"),
        "{quantity}"
    );
    // `true` is any value.
    assert_eq!(field(&orders, "Order", "anything").ty, TypeRef::Json);
    // A binary `contentMediaType` is bytes.
    let utoipa = generate("openapi31_utoipa").api;
    assert_eq!(body_type(&utoipa, "put_attachment"), TypeRef::Bytes);
}

#[test]
fn openapi31_refs_with_siblings_defs_anchors_and_path_items() {
    let api = generate("openapi31_handwritten").api;
    // A ref with a description is the referenced type, documented by the description.
    let total = field(&api, "Order", "total");
    assert_eq!(total.ty, named(&api, "Money"));
    assert!(total
        .docs
        .as_deref()
        .unwrap_or("")
        .contains("What the customer pays"));
    // A ref with a constraint: the referenced type (the alias `Money`, whose own rules the
    // field carries; the `maximum` next to the ref is not checked yet, see the README).
    let discount = field(&api, "Order", "discount");
    assert_eq!(discount.ty, named(&api, "Money"));
    // `$defs` and refs into them (the schema is named after where it is used); a ref by
    // `$anchor`.
    assert_eq!(
        field(&api, "Order", "lines").ty,
        TypeRef::Vec(Box::new(named(&api, "OrderLinesItem")))
    );
    assert_eq!(struct_of(&api, "OrderLinesItem").fields.len(), 2);
    assert_eq!(field(&api, "Order", "address").ty, named(&api, "Address"));
    // `components.pathItems`, and refs with descriptions on parameters and responses.
    assert!(api.operations.iter().any(|o| o.id == "listOrders"));
    assert_eq!(success_type(&api, "get_order"), named(&api, "Order"));
}

#[test]
fn openapi31_webhooks_get_parse_functions() {
    let generated = generate("openapi31_handwritten");
    let hooks: Vec<(&str, &str, Option<&TypeRef>)> = generated
        .api
        .webhooks
        .iter()
        .map(|w| (w.key.as_str(), w.function.as_str(), w.payload.as_ref()))
        .collect();
    let api = &generated.api;
    assert_eq!(
        hooks,
        [
            (
                "orderShipped",
                "parse_order_shipped",
                Some(&named(api, "ShipmentEvent"))
            ),
            (
                "orderCancelled",
                "parse_order_cancelled",
                Some(&named(api, "OrderCancelledPayload"))
            ),
        ]
    );
    assert!(file(&generated, "lib.rs").contains("pub mod webhooks;"));
    // Without `paths`, a document of webhooks only.
    let events = generate("openapi32_webhooks");
    assert!(events.api.operations.is_empty());
    let text = file(&events, "webhooks.rs");
    assert!(text.contains("pub fn parse_user_created("), "{text}");
    assert!(text.contains("pub fn parse_user_deleted("), "{text}");
    // A 3.0 document without webhooks has no such module.
    assert!(!generate("enums")
        .files
        .iter()
        .any(|f| f.name == "webhooks.rs"));
}

/// Copies of one inline schema are one type; named schemas, operation bodies and schemas that
/// differ in anything Rust shows stay apart; each use keeps its docs, each copy its example.
#[test]
fn dedupe_copies_become_one_type() {
    let generated = generate("dedupe_copies");
    let api = &generated.api;
    let ty = |s: &str, wire: &str| type_text(api, &field(api, s, wire).ty);
    // Two-valued copies are named after their values; the docs differ, so the type has none,
    // but each field keeps its own.
    assert_eq!(ty("AppPermissions", "actions"), "ReadOrWrite");
    assert_eq!(ty("AppPermissions", "checks"), "ReadOrWrite");
    assert!(def(api, "ReadOrWrite").docs.is_none());
    assert_eq!(
        field(api, "AppPermissions", "checks").docs.as_deref(),
        Some("Permission for the checks of the app.")
    );
    // Other values, or the same values in another order, are other types.
    assert_eq!(ty("AppPermissions", "contents"), "AppPermissionsContents");
    assert_eq!(ty("AppPermissions", "issues"), "AppPermissionsIssues");
    // A copy in a query parameter is the same type as in a schema.
    assert_eq!(ty("App", "state"), "OpenOrClosed");
    assert_eq!(ty("GetAppParams", "state"), "OpenOrClosed");
    // Objects whose members are copies are copies too; a larger enum takes the shortest name
    // of its copies.
    assert_eq!(ty("App", "owner"), "AppOwner");
    assert_eq!(ty("Installation", "account"), "AppOwner");
    assert_eq!(ty("AppOwner", "kind"), "LoginKind");
    assert_eq!(ty("InstallationLimit", "kind"), "LoginKind");
    // A required member, or an enum with a value less, makes another type.
    assert_eq!(ty("Installation", "limit"), "InstallationLimit");
    assert_eq!(ty("Installation", "app_owner"), "InstallationAppOwner");
    // Named schemas of the same shape stay themselves.
    assert_eq!(ty("Account", "kind"), "LoginKind");
    for name in ["Account", "Login"] {
        assert!(matches!(def(api, name).kind, TypeKind::Struct(_)), "{name}");
    }
    // Links from a schema and from a response body are one type; its examples are both kept.
    assert_eq!(ty("AppLinks", "self"), "AppLinksHtml");
    assert_eq!(ty("AppLinks", "html"), "AppLinksHtml");
    assert_eq!(ty("CreateNoteResponseLinks", "self"), "AppLinksHtml");
    assert_eq!(
        field(api, "AppLinks", "self").docs.as_deref(),
        Some("The app itself.")
    );
    // Each copy's name stays, as an alias with the copy's docs and example.
    let alias = |name: &str| match &def(api, name).kind {
        TypeKind::Alias(target) => type_text(api, target),
        other => panic!("`{name}` is not an alias: {other:?}"),
    };
    assert_eq!(alias("AppPermissionsActions"), "ReadOrWrite");
    assert_eq!(alias("AppPermissionsChecks"), "ReadOrWrite");
    assert_eq!(alias("AppLinksSelf"), "AppLinksHtml");
    assert_eq!(alias("CreateNoteResponseLinksSelf"), "AppLinksHtml");
    assert_eq!(alias("InstallationAccount"), "AppOwner");
    assert_eq!(
        def(api, "AppPermissionsChecks").docs.as_deref(),
        Some("Permission for the checks of the app.")
    );
    let mut link_examples: Vec<&str> = api
        .examples
        .iter()
        .filter(|e| e.value.get("href").is_some())
        .map(|e| e.subject.as_str())
        .collect();
    link_examples.sort_unstable();
    assert_eq!(link_examples, ["AppLinksHtml", "AppLinksSelf"]);
    // Identical request bodies of two operations keep their operations' names.
    assert_eq!(
        body_type(api, "create_note"),
        named(api, "CreateNoteRequest")
    );
    assert_eq!(
        body_type(api, "replace_note"),
        named(api, "ReplaceNoteRequest")
    );
    // A recursive member is boxed in one copy and not in the other: two types.
    assert!(field(api, "NodeParent", "node").boxed);
    assert!(!field(api, "NodeChildrenItem", "node").boxed);
    // Every reference points at a definition that exists, and names are unique.
    let names: HashSet<&str> = api.types.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names.len(), api.types.len());
    let aliases = api
        .types
        .iter()
        .filter(|d| matches!(d.kind, TypeKind::Alias(_)))
        .count();
    assert_eq!((api.types.len(), aliases), (35, 11), "{names:?}");
}

/// One feature per tag: each operation is compiled with its tags' features, each type with
/// the features of what uses it, the types nothing uses with `unused-types`, and `all` (on by
/// default) is every one of them. (That each feature alone compiles cleanly is checked with
/// the fixture crates.)
#[test]
fn tag_features_gate_operations_and_the_types_they_use() {
    let generated = generate("tag_features");
    let api = &generated.api;
    let features = api.features.as_ref().expect("tag features were asked for");
    assert_eq!(
        features.names,
        ["tag-owners-keepers", "tag-pets", "unused-types"]
    );
    let gate = |gate: &Option<Vec<usize>>| -> Vec<&str> {
        gate.iter()
            .flatten()
            .map(|&f| features.names[f].as_str())
            .collect()
    };
    let op = |name: &str| {
        let i = api.operations.iter().position(|o| o.name == name).unwrap();
        gate(&features.operations[i])
    };
    assert_eq!(op("list_pets"), ["tag-pets"]);
    assert_eq!(op("get_owner"), ["tag-owners-keepers"]);
    assert_eq!(op("list_owner_pets"), ["tag-owners-keepers", "tag-pets"]);
    assert!(
        op("health").is_empty(),
        "an operation without tags is always compiled"
    );
    let ty = |name: &str| gate(&features.types[id_of(api, name)]);
    assert_eq!(ty("Pet"), ["tag-owners-keepers", "tag-pets"]);
    assert_eq!(ty("NewPet"), ["tag-pets"]);
    assert_eq!(ty("Problem"), ["tag-pets"]);
    assert_eq!(ty("Owner"), ["tag-owners-keepers"]);
    assert_eq!(ty("Address"), ["tag-owners-keepers", "unused-types"]);
    assert_eq!(ty("Newsletter"), ["unused-types"]);
    // The copies of one enum in three schemas are one type, compiled with any of them; the
    // alias that keeps a copy's name goes with it.
    assert_eq!(
        ty("AvailableOrSold"),
        ["tag-owners-keepers", "tag-pets", "unused-types"]
    );
    assert_eq!(ty("NewPetStatus"), ty("AvailableOrSold"));

    let manifest = manifest(&generated, "tag_features");
    assert!(
        manifest.contains("default = [\"all\", \"http2\", \"system-proxy\"]"),
        "{manifest}"
    );
    assert!(
        manifest.contains(
            "all = [\n    \"tag-owners-keepers\",\n    \"tag-pets\",\n    \"unused-types\",\n]\n"
        ),
        "{manifest}"
    );
    assert!(
        manifest.contains("# the operations tagged Owners & Keepers\ntag-owners-keepers = []"),
        "{manifest}"
    );
    let client = file(&generated, "client.rs");
    assert!(
        client.contains("#[cfg(feature = \"tag-pets\")]\n    pub async fn create_pet("),
        "{client}"
    );
    // The constant of a scheme only `create_pet` uses goes with it.
    assert!(
        client.contains("#[cfg(feature = \"tag-pets\")]\nconst TOKEN"),
        "{client}"
    );
}
