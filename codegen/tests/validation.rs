//! Validation keywords on the model (`codegen/src/model/constraints.rs` and `validation.rs`):
//! which uses carry which rules, which types get a check of their own, and the warnings for
//! rules that are left out. The fixture's generated crate is checked for behaviour by
//! `tests/fixtures/validation.rs`.

use codegen::model::{Api, Bound, Checked, Constraints, Field, Rule, TypeKind};

fn built() -> codegen::model::Built {
    let spec = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/validation.yaml"
    );
    codegen::Generator::new(spec)
        .shown_as("tests/fixtures/validation.yaml")
        .model()
        .unwrap_or_else(|e| panic!("{e}"))
}

fn api() -> Api {
    built().api
}

fn def_id(api: &Api, name: &str) -> usize {
    api.types
        .iter()
        .position(|d| d.name == name)
        .unwrap_or_else(|| panic!("no type {name}"))
}

fn field<'a>(api: &'a Api, ty: &str, wire: &str) -> &'a Field {
    let TypeKind::Struct(s) = &api.types[def_id(api, ty)].kind else {
        panic!("{ty} is no struct")
    };
    s.fields
        .iter()
        .find(|f| f.wire == wire)
        .unwrap_or_else(|| panic!("no field {wire} in {ty}"))
}

fn rules(api: &Api, ty: &str, wire: &str) -> Vec<Rule> {
    field(api, ty, wire).constraints.rules.clone()
}

fn conversation_id() -> Vec<Rule> {
    vec![
        Rule::MinLength(3),
        Rule::MaxLength(40),
        Rule::Pattern("^CON-[0-9a-f-]+$".into()),
    ]
}

#[test]
fn fields_carry_the_rules_of_their_schema() {
    let api = api();
    assert_eq!(
        rules(&api, "NewMember", "name"),
        [Rule::MinLength(1), Rule::MaxLength(100)]
    );
    // Nullable: the rule is for the value when there is one.
    assert_eq!(rules(&api, "NewMember", "nickname"), [Rule::MaxLength(20)]);
    assert_eq!(
        rules(&api, "ChannelFrom", "number"),
        [
            Rule::MinLength(7),
            Rule::MaxLength(15),
            Rule::Pattern(r"\d{7,15}".into())
        ]
    );
    // `minimum: 0` on an unsigned integer holds for every value: nothing to check.
    assert_eq!(
        rules(&api, "NewMember", "age"),
        [Rule::Maximum(Bound::Integer(150))]
    );
    assert_eq!(
        rules(&api, "ShapeCircle", "radius"),
        [Rule::ExclusiveMinimum(Bound::Float(0.0))]
    );
    assert!(rules(&api, "NewMember", "plain").is_empty());
}

#[test]
fn uses_of_an_alias_carry_its_rules() {
    let api = api();
    let alias = &api.types[def_id(&api, "ConversationId")];
    assert!(matches!(alias.kind, TypeKind::Alias(_)));
    assert_eq!(alias.constraints.rules, conversation_id());
    // As a field, as the items of a list parameter, and as a path parameter.
    assert_eq!(rules(&api, "NewMember", "conversation"), conversation_id());
    let ids = &field(&api, "ListMembersParams", "ids").constraints;
    assert_eq!(ids.rules, [Rule::MinItems(1), Rule::MaxItems(5)]);
    assert_eq!(ids.items.as_ref().unwrap().rules, conversation_id());
    for op in &api.operations {
        if let Some(p) = op.path_params.iter().find(|p| p.wire == "conversation_id") {
            assert_eq!(p.constraints.rules, conversation_id(), "{}", op.id);
        }
    }
    // An alias of a float with both exclusive bounds.
    assert_eq!(
        rules(&api, "NewMember", "score"),
        [
            Rule::ExclusiveMinimum(Bound::Float(0.0)),
            Rule::ExclusiveMaximum(Bound::Float(1.0))
        ]
    );
}

#[test]
fn lists_and_maps_carry_the_rules_of_their_items_and_values() {
    let api = api();
    let contacts = &field(&api, "NewMember", "contacts").constraints;
    assert_eq!(contacts.rules, [Rule::MaxItems(3)]);
    assert!(contacts.items.is_none(), "a struct checks its own fields");
    let codes = &field(&api, "NewMember", "codes").constraints;
    let inner = codes.items.as_ref().unwrap();
    assert!(codes.rules.is_empty());
    assert_eq!(inner.rules, [Rule::MinItems(2)]);
    assert_eq!(
        inner.items.as_ref().unwrap().rules,
        [Rule::Maximum(Bound::Integer(9))]
    );
    let labels = &field(&api, "NewMember", "labels").constraints;
    assert_eq!(labels.values.as_ref().unwrap().rules, [Rule::MaxLength(10)]);
    let TypeKind::Struct(extras) = &api.types[def_id(&api, "Extras")].kind else {
        panic!()
    };
    assert_eq!(
        extras.additional_constraints.rules,
        [Rule::Minimum(Bound::Integer(1))]
    );
}

#[test]
fn parameters_and_bodies_carry_their_rules() {
    let api = api();
    assert_eq!(
        rules(&api, "ListMembersParams", "page_size"),
        [
            Rule::Minimum(Bound::Integer(1)),
            Rule::Maximum(Bound::Integer(100))
        ]
    );
    assert_eq!(
        rules(&api, "ListMembersParams", "cursor"),
        [Rule::Pattern("^[A-Za-z0-9_-]+={0,2}$".into())]
    );
    assert_eq!(
        rules(&api, "ListMembersParams", "X-Trace"),
        [Rule::MinLength(8), Rule::MaxLength(8)]
    );
    let op = |id: &str| api.operations.iter().find(|o| o.id == id).unwrap();
    let number = &op("putNote").path_params[0];
    assert_eq!(
        number.constraints.rules,
        [Rule::ExclusiveMinimum(Bound::Integer(0))]
    );
    let note = &op("putNote").body.as_ref().unwrap().constraints;
    assert_eq!(note.rules, [Rule::MinLength(1), Rule::MaxLength(280)]);
    let tags = &op("putTags").body.as_ref().unwrap().constraints;
    assert_eq!(tags.rules, [Rule::MaxItems(10)]);
    assert_eq!(
        tags.items.as_ref().unwrap().rules,
        [Rule::Pattern("^[a-z]+$".into())]
    );
    // A body of a struct type: the struct checks its own fields.
    assert_eq!(
        op("createMember").body.as_ref().unwrap().constraints,
        Constraints::default()
    );
}

#[test]
fn rules_that_cannot_be_checked_are_left_out_with_a_warning() {
    let built = built();
    let warnings: Vec<String> = built.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "tests/fixtures/validation.yaml#/components/schemas/NewMember/properties/impossible: \
             `minLength` 10 is greater than `maxLength` 5: no value fits, so neither is checked \
             before sending",
            "tests/fixtures/validation.yaml#/paths/~1conversations~1{conversation_id}~1members/\
             get/parameters/2/schema/pattern: `pattern` is not checked before sending: the regex \
             engine of the generated client (regex-lite) cannot compile it: look-around is not \
             supported",
        ]
    );
    let api = built.api;
    assert!(rules(&api, "ListMembersParams", "order").is_empty());
    assert!(rules(&api, "NewMember", "impossible").is_empty());
}

#[test]
fn types_that_requests_hold_and_that_carry_rules_are_checked() {
    let api = api();
    let checked = Checked::of(&api);
    let names = |want: bool| -> Vec<&str> {
        let mut names: Vec<&str> = api
            .types
            .iter()
            .enumerate()
            .filter(|(id, _)| checked.has(*id) == want)
            .map(|(_, d)| d.name.as_str())
            .collect();
        names.sort_unstable();
        names
    };
    assert_eq!(
        names(true),
        [
            "Channel",
            "ChannelFrom",
            "Contact",
            "Extras",
            "ListMembersParams",
            "Nested",
            "NewMember",
            "Shape",
            "ShapeCircle",
            "Tree",
        ]
    );
    // `Circle` and `Member` carry rules but no request holds them; an alias has no check of
    // its own (its uses carry its rules); `ShapeSquare` has no rule.
    for name in [
        "Circle",
        "Member",
        "MemberPage",
        "ConversationId",
        "ShapeSquare",
    ] {
        assert!(names(false).contains(&name), "{name}");
    }
    assert!(checked.patterns(&api));
    // A newtype (an alias that contains itself) has the rules of its alias.
    let nested = &api.types[def_id(&api, "Nested")];
    assert!(matches!(nested.kind, TypeKind::Newtype(_)));
    assert_eq!(nested.constraints.rules, [Rule::MaxItems(2)]);
}

#[test]
fn models_import_the_pattern_engine_only_when_a_type_checks_a_pattern() {
    // A pattern on a path parameter alone is checked in `client.rs`: `models.rs` must not
    // import what it does not use (an unused import is a warning in the user's build).
    let dir = std::env::temp_dir().join(format!("codegen-pattern-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let spec = dir.join("spec.yaml");
    std::fs::write(
        &spec,
        r#"openapi: 3.0.3
info: {title: Patterns, version: "1"}
paths:
  /groups/{name}:
    get:
      operationId: getGroup
      parameters:
        - {name: name, in: path, required: true, schema: {type: string, pattern: "^[a-z]+$"}}
      responses:
        "204": {description: Done.}
    put:
      operationId: putGroup
      parameters:
        - {name: name, in: path, required: true, schema: {type: string, pattern: "^[a-z]+$"}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                size: {type: integer, maximum: 10}
      responses:
        "204": {description: Done.}
"#,
    )
    .unwrap();
    let generated = codegen::Generator::new(&spec)
        .generate()
        .unwrap_or_else(|e| panic!("{e}"));
    let file = |name: &str| {
        generated
            .files
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.contents.clone())
            .unwrap_or_default()
    };
    assert!(file("client.rs").contains("runtime::pattern::Pattern"));
    let models = file("models.rs");
    assert!(models.contains("use crate::runtime::validate;"), "{models}");
    assert!(!models.contains("runtime::pattern"), "{models}");
    std::fs::remove_dir_all(&dir).ok();
}
