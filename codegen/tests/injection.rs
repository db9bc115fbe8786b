//! Nothing in a spec changes the structure of the generated code.
//!
//! Every fixture of the workspace (`tests/fixtures/*.yaml`, among them `hostile_texts.yaml`
//! and `hostile_names.yaml`, written to try) is generated and its files are parsed with syn:
//!
//! - `models.rs` defines exactly the model's types, each once, and the `impl`s the generator
//!   writes for them; nothing else.
//! - `client.rs` has the generator's own items, and in `impl Client` its own methods plus one
//!   async method per operation of the model and the two private methods it is made of;
//!   nothing else. (So no spec name can shadow the
//!   prelude's names there, which `client.rs` writes plainly: `Option`, `Vec`, `String`.)
//! - `mock.rs` has, per operation of the model, a function, a type, its `MockOperation` impl
//!   with the trait's items, and for an operation with path parameters a `path` method on
//!   its route; nothing else.
//! - `lib.rs` and `spec_examples.rs` have only the generator's items; the runtime's files
//!   (`runtime/`) are the same for every spec, copies of `runtime/src/`.
//! - Every attribute is one the generator writes (spec text ends up in `doc` attributes and
//!   string literals, never in an attribute of its own).
//! - Every type and operation of the model comes from the spec: its location exists there.
//! - In the hostile fixtures, the word `evil` only appears in identifiers the model made from
//!   spec names (never as code of its own).
//!
//! (The root crate's fixture suite compiles every fixture crate and runs clippy on it.)

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use codegen::model::{Api, TypeKind};
use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::ToTokens;
use syn::{ImplItem, Item};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

/// The fixture specs, without extension.
fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Attributes the generator writes.
const ATTRIBUTES: &[&str] = &[
    "allow",
    "cfg",
    "default",
    "deprecated",
    "derive",
    "doc",
    "ignore",
    "non_exhaustive",
    "rustfmt",
    "serde",
    "test",
];

/// Items of `client.rs` that are the generator's own (not from the spec), besides the constants
/// of the security schemes.
const CLIENT_ITEMS: &[&str] = &["Client", "DEFAULT_BASE_URL"];

/// Methods written in the `impl`s of `models.rs`: of string and integer enums (`as_str`,
/// `value`, `Display`, `From`), and `Default` of structs whose members have defaults (whose
/// own functions, `default_<field>`, are checked against the model, as are the constructors
/// and setters of structs).
const MODEL_METHODS: &[&str] = &[
    "as_str",
    "default",
    "deserialize",
    "fmt",
    "from",
    "from_map",
    "serialize",
    "validate",
    "value",
];

/// The runtime modules `models.rs` imports for the checks of its types (lower-case names,
/// which no type of the model can take).
const MODEL_USES: &[&str] = &[
    "use crate :: runtime :: validate ;",
    "use crate :: runtime :: pattern ;",
];

/// The one trait `models.rs` implements through an imported module.
const VALIDATE_TRAIT: &str = "validate :: Validate";

/// The trait of the runtime by which a struct is read (`runtime::de`).
const OBJECT_TRAIT: &str = "crate :: runtime :: de :: Object";

/// The constants of an impl of [`OBJECT_TRAIT`]: the struct's name, and its members' wire
/// names, sorted, and nothing else.
fn object_constant(api: &Api, name: &str, constant: &syn::ImplItemConst) -> bool {
    let Some(TypeKind::Struct(s)) = api.types.iter().find(|t| t.name == name).map(|t| &t.kind)
    else {
        return false;
    };
    let strings = |expr: &syn::Expr| -> Option<Vec<String>> {
        let syn::Expr::Reference(reference) = expr else {
            return None;
        };
        let syn::Expr::Array(array) = reference.expr.as_ref() else {
            return None;
        };
        array
            .elems
            .iter()
            .map(|e| match e {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(text),
                    ..
                }) => Some(text.value()),
                _ => None,
            })
            .collect()
    };
    match constant.ident.to_string().as_str() {
        "NAME" => matches!(&constant.expr, syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(text), ..
        }) if text.value() == name),
        "MEMBERS" => {
            let mut wires: Vec<String> = s.fields.iter().map(|f| f.wire.clone()).collect();
            wires.sort();
            strings(&constant.expr) == Some(wires)
        }
        _ => false,
    }
}

/// The functions that return the defaults of a struct's fields.
fn default_functions(api: &Api, name: &str) -> Vec<String> {
    let Some(TypeKind::Struct(s)) = api.types.iter().find(|t| t.name == name).map(|t| &t.kind)
    else {
        return Vec::new();
    };
    s.fields
        .iter()
        .filter(|f| f.default_value().is_some())
        .map(|f| format!("default_{}", f.name.strip_suffix('_').unwrap_or(&f.name)))
        .collect()
}

/// The constructor (when some member is required) and the setters (of the optional members)
/// of a struct: `new` and `with_<field>`.
fn builder_functions(api: &Api, name: &str) -> Vec<String> {
    let Some(TypeKind::Struct(s)) = api.types.iter().find(|t| t.name == name).map(|t| &t.kind)
    else {
        return Vec::new();
    };
    let setters = s
        .fields
        .iter()
        .enumerate()
        .filter(|(i, _)| !s.constructor.contains(i))
        .map(|(_, f)| format!("with_{}", f.name.strip_suffix('_').unwrap_or(&f.name)));
    let constructor = (!s.constructor.is_empty()).then(|| "new".to_owned());
    constructor.into_iter().chain(setters).collect()
}

struct Generated {
    name: String,
    api: Api,
    files: Vec<(String, syn::File)>,
}

fn generate(name: &str) -> Generated {
    let spec = fixtures().join(format!("{name}.yaml"));
    let generated = codegen::Generator::new(&spec)
        .shown_as(format!("{name}.yaml"))
        .generate()
        .unwrap_or_else(|errors| panic!("{name}: {errors}"));
    let files = generated
        .files
        .iter()
        .map(|f| {
            let parsed = syn::parse_file(&f.contents)
                .unwrap_or_else(|e| panic!("{name}/{}: does not parse: {e}", f.name));
            (f.name.to_owned(), parsed)
        })
        .collect();
    Generated {
        name: name.to_owned(),
        api: generated.api,
        files,
    }
}

impl Generated {
    fn file(&self, name: &str) -> Option<&syn::File> {
        self.files.iter().find(|(n, _)| n == name).map(|(_, f)| f)
    }
}

fn item_text(item: &impl ToTokens) -> String {
    let text = item.to_token_stream().to_string();
    text.chars().take(200).collect()
}

/// The last identifier of a type path (`Pet` for `Pet`, `crate::models::Pet`).
fn type_ident(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

fn check_models(g: &Generated) -> Vec<String> {
    let mut problems = Vec::new();
    let Some(models) = g.file("models.rs") else {
        return vec!["no models.rs".into()];
    };
    let types: BTreeSet<&str> = g.api.types.iter().map(|t| t.name.as_str()).collect();
    let mut defined: Vec<String> = Vec::new();
    for item in &models.items {
        match item {
            Item::Struct(s) => defined.push(s.ident.to_string()),
            Item::Enum(e) => defined.push(e.ident.to_string()),
            Item::Type(t) => defined.push(t.ident.to_string()),
            Item::Impl(i) => {
                let target = type_ident(&i.self_ty).unwrap_or_default();
                // `From<IntegerEnum> for i32`: the number of an integer enum.
                let number_of_enum = ["i32", "i64", "u32", "u64"].contains(&target.as_str())
                    && i.trait_.as_ref().is_some_and(|(path, _)| {
                        let text = item_text(path);
                        text.starts_with(":: std :: convert :: From <")
                            && types.iter().any(|t| text.ends_with(&format!("< {t} >")))
                    });
                if !types.contains(target.as_str()) && !number_of_enum {
                    problems.push(format!("an impl for `{target}`, not a type of the model"));
                }
                if let Some((path, _)) = &i.trait_ {
                    let text = item_text(path);
                    if path.leading_colon.is_none()
                        && text != VALIDATE_TRAIT
                        && text != OBJECT_TRAIT
                    {
                        problems.push(format!(
                            "an impl of a trait by a relative path: {}",
                            item_text(path)
                        ));
                    }
                }
                let mut own = default_functions(&g.api, &target);
                own.extend(builder_functions(&g.api, &target));
                for member in &i.items {
                    match member {
                        ImplItem::Fn(f)
                            if MODEL_METHODS.contains(&f.sig.ident.to_string().as_str())
                                || own.contains(&f.sig.ident.to_string()) => {}
                        ImplItem::Const(c) if object_constant(&g.api, &target, c) => {}
                        other => problems.push(format!("impl {target}: {}", item_text(other))),
                    }
                }
            }
            Item::Use(u) if MODEL_USES.contains(&item_text(u).as_str()) => {}
            other => problems.push(format!(
                "an item the generator never writes: {}",
                item_text(other)
            )),
        }
    }
    defined.sort();
    let mut expected: Vec<String> = types.iter().map(|t| t.to_string()).collect();
    expected.sort();
    if defined != expected {
        problems.push(format!(
            "models.rs defines {defined:?}, the model has {expected:?}"
        ));
    }
    problems
}

fn check_client(g: &Generated) -> Vec<String> {
    let mut problems = Vec::new();
    let Some(client) = g.file("client.rs") else {
        return vec!["no client.rs".into()];
    };
    let operations: BTreeSet<&str> = g.api.operations.iter().map(|o| o.name.as_str()).collect();
    // The private methods each operation's method is made of.
    let parts: BTreeSet<&str> = g
        .api
        .operations
        .iter()
        .flat_map(|o| [o.request_fn.as_str(), o.decode_fn.as_str()])
        .collect();
    // The stream methods of paged operations (public, not async: they return streams).
    let streams: BTreeSet<&str> = g
        .api
        .operations
        .iter()
        .filter_map(|o| o.pagination.as_ref())
        .flat_map(|p| [p.pages_fn.as_str(), p.items_fn.as_str()])
        .collect();
    let mut methods: Vec<String> = Vec::new();
    let mut private: Vec<String> = Vec::new();
    for item in &client.items {
        let name = match item {
            Item::Use(u) => {
                let text = item_text(u);
                if text != "use crate :: runtime :: { self , Error } ;" {
                    problems.push(format!("a use the generator never writes: {text}"));
                }
                continue;
            }
            // The constant of a security scheme: a `runtime::Scheme` made by one of its
            // constructors, from string literals.
            Item::Const(c) if item_text(&c.ty) == "runtime :: Scheme" => {
                let value = item_text(&c.expr);
                let constructor = ["bearer", "basic", "api_key"]
                    .iter()
                    .any(|f| value.starts_with(&format!("runtime :: Scheme :: {f} (\"")));
                if !constructor {
                    problems.push(format!("a scheme made otherwise: {}", item_text(c)));
                }
                if !g.api.security.iter().any(|s| c.ident == s.const_name) {
                    problems.push(format!("a scheme the model lacks: {}", item_text(c)));
                }
                continue;
            }
            Item::Const(c) => c.ident.to_string(),
            Item::Struct(s) => s.ident.to_string(),
            Item::Impl(i) => {
                let target = type_ident(&i.self_ty).unwrap_or_default();
                // The one trait impl: a built runtime becomes a client (the builder's `build`).
                let own_conversion =
                    item_text(i).starts_with("impl From < runtime :: Runtime > for Client {");
                if i.trait_.is_some() && !own_conversion {
                    problems.push(format!("a trait impl in client.rs: {}", item_text(i)));
                }
                for member in &i.items {
                    let ImplItem::Fn(f) = member else {
                        problems.push(format!("impl {target}: {}", item_text(member)));
                        continue;
                    };
                    let method = f.sig.ident.to_string();
                    match target.as_str() {
                        "Client" if own_conversion && method == "from" => {}
                        "Client" if i.trait_.is_none() => {
                            let own = codegen::naming::CLIENT_METHODS.contains(&method.as_str());
                            let public = matches!(f.vis, syn::Visibility::Public(_));
                            if f.sig.asyncness.is_some() && public {
                                methods.push(method);
                            } else if public && streams.contains(method.as_str()) {
                                continue;
                            } else if !public && f.sig.asyncness.is_none() {
                                private.push(method);
                            } else if !own {
                                problems.push(format!(
                                    "a method of Client that is no operation: {method}"
                                ));
                            }
                        }
                        _ => problems.push(format!("impl {target}: method `{method}`")),
                    }
                }
                target
            }
            other => {
                problems.push(format!(
                    "an item the generator never writes: {}",
                    item_text(other)
                ));
                continue;
            }
        };
        if !CLIENT_ITEMS.contains(&name.as_str()) {
            problems.push(format!(
                "client.rs defines `{name}`, which is not the generator's"
            ));
        }
    }
    methods.sort();
    let expected: Vec<String> = operations.iter().map(|o| o.to_string()).collect();
    if methods != expected {
        problems.push(format!(
            "the async methods of Client are {methods:?}, the operations {expected:?}"
        ));
    }
    private.sort();
    let expected: Vec<String> = parts.iter().map(|o| o.to_string()).collect();
    if private != expected {
        problems.push(format!(
            "the private methods of Client are {private:?}, the operations' parts {expected:?}"
        ));
    }
    problems
}

/// The items of `MockOperation` that each operation's type implements.
const MOCK_OPERATION_ITEMS: &[&str] = &[
    "Success",
    "Error",
    "Body",
    "Params",
    "ID",
    "METHOD",
    "SEGMENTS",
    "OTHER_QUERY",
    "success",
    "error",
    "body",
    "params",
];

fn check_mock(g: &Generated) -> Vec<String> {
    let mut problems = Vec::new();
    let Some(mock) = g.file("mock.rs") else {
        return vec!["no mock.rs".into()];
    };
    let mut functions = BTreeSet::new();
    let mut types = BTreeSet::new();
    let mut implemented = BTreeSet::new();
    let mut routes = BTreeSet::new();
    for item in &mock.items {
        match item {
            Item::Use(u) if item_text(u) == "use crate :: runtime ;" => {}
            Item::Fn(f) => {
                functions.insert(f.sig.ident.to_string());
            }
            Item::Enum(e) if e.variants.is_empty() => {
                types.insert(e.ident.to_string());
            }
            Item::Impl(i) => {
                let Some(ty) = type_ident(&i.self_ty) else {
                    problems.push(format!("mock.rs: {}", item_text(i)));
                    continue;
                };
                let names: Vec<String> = i
                    .items
                    .iter()
                    .map(|item| match item {
                        ImplItem::Type(t) => t.ident.to_string(),
                        ImplItem::Const(c) => c.ident.to_string(),
                        ImplItem::Fn(f) => f.sig.ident.to_string(),
                        other => item_text(other),
                    })
                    .collect();
                let trait_path = i.trait_.as_ref().map(|(path, _)| item_text(path));
                match trait_path.as_deref() {
                    Some("runtime :: mock :: MockOperation") if names == MOCK_OPERATION_ITEMS => {
                        implemented.insert(ty);
                    }
                    // `impl runtime::mock::Route<Type> { pub fn path(..) }`.
                    None if ty == "Route" && names == ["path"] => {
                        let text = item_text(&i.self_ty);
                        let inner = text
                            .strip_prefix("runtime :: mock :: Route < ")
                            .and_then(|t| t.strip_suffix(" >"));
                        match inner {
                            Some(inner) => {
                                routes.insert(inner.to_owned());
                            }
                            None => problems.push(format!("mock.rs: {text}")),
                        }
                    }
                    _ => problems.push(format!("mock.rs: {}", item_text(i))),
                }
            }
            other => problems.push(format!("mock.rs: {}", item_text(other))),
        }
    }
    let operations = &g.api.operations;
    let expected: BTreeSet<String> = operations.iter().map(|o| o.name.clone()).collect();
    if functions != expected {
        problems.push(format!(
            "mock.rs functions {functions:?}, operations {expected:?}"
        ));
    }
    let expected: BTreeSet<String> = operations.iter().map(|o| o.mock_type.clone()).collect();
    if types != expected || implemented != expected {
        problems.push(format!(
            "mock.rs types {types:?} (implemented: {implemented:?}), operations {expected:?}"
        ));
    }
    let expected: BTreeSet<String> = operations
        .iter()
        .filter(|o| !o.path_params.is_empty())
        .map(|o| o.mock_type.clone())
        .collect();
    if routes != expected {
        problems.push(format!(
            "mock.rs path methods {routes:?}, expected {expected:?}"
        ));
    }
    problems
}

fn check_other_files(g: &Generated) -> Vec<String> {
    let mut problems = Vec::new();
    if let Some(lib) = g.file("lib.rs") {
        for item in &lib.items {
            let ok = match item {
                Item::Mod(m) => {
                    m.content.is_none()
                        && [
                            "client",
                            "mock",
                            "models",
                            "runtime",
                            "spec_examples",
                            "webhooks",
                        ]
                        .contains(&m.ident.to_string().as_str())
                }
                Item::Use(u) => {
                    let text = item_text(u);
                    text == "pub use client :: Client ;"
                        || text == "pub use runtime :: { ApiError , Error , ErrorResponse } ;"
                }
                Item::Const(c) => {
                    ["SPEC_TITLE", "SPEC_VERSION"].contains(&c.ident.to_string().as_str())
                }
                _ => false,
            };
            if !ok {
                problems.push(format!("lib.rs: {}", item_text(item)));
            }
        }
    }
    if let Some(webhooks) = g.file("webhooks.rs") {
        // One parsing function per webhook of the spec, doing nothing but parse.
        for item in &webhooks.items {
            let ok = match item {
                Item::Fn(f) => {
                    let name = f.sig.ident.to_string();
                    g.api.webhooks.iter().any(|w| w.function == name)
                        && item_text(&f.block) == "{ :: serde_json :: from_slice (body) }"
                }
                _ => false,
            };
            if !ok {
                problems.push(format!("webhooks.rs: {}", item_text(item)));
            }
        }
    }
    if let Some(examples) = g.file("spec_examples.rs") {
        for item in &examples.items {
            let ok = match item {
                Item::Fn(f) => {
                    let name = f.sig.ident.to_string();
                    let body = item_text(&f.block);
                    ["round_trip", "round_trip_to", "read_leniently", "same"]
                        .contains(&name.as_str())
                        || f.attrs.iter().any(|a| a.path().is_ident("test"))
                            && f.block.stmts.len() == 1
                            && (body.starts_with("{ round_trip :: <")
                                || body.starts_with("{ round_trip_to :: <")
                                || body.starts_with("{ read_leniently :: <"))
                }
                _ => false,
            };
            if !ok {
                problems.push(format!("spec_examples.rs: {}", item_text(item)));
            }
        }
    }
    problems
}

/// Walks tokens: every attribute's path, and every identifier.
fn walk(tokens: TokenStream, attributes: &mut Vec<String>, idents: &mut Vec<String>) {
    let mut previous_hash = false;
    for token in tokens {
        match &token {
            TokenTree::Group(group) => {
                if previous_hash && group.delimiter() == Delimiter::Bracket {
                    if let Some(TokenTree::Ident(first)) = group.stream().into_iter().next() {
                        attributes.push(first.to_string());
                    }
                }
                walk(group.stream(), attributes, idents);
            }
            TokenTree::Ident(ident) => idents.push(ident.to_string()),
            TokenTree::Punct(_) | TokenTree::Literal(_) => {}
        }
        // `#[...]` and `#![...]`.
        previous_hash = match &token {
            TokenTree::Punct(p) if p.as_char() == '#' => true,
            TokenTree::Punct(p) if p.as_char() == '!' => previous_hash,
            _ => false,
        };
    }
}

/// Identifiers the model made from spec names.
fn model_names(api: &Api) -> HashSet<String> {
    let mut names = HashSet::new();
    for t in &api.types {
        names.insert(t.name.clone());
        match &t.kind {
            TypeKind::Struct(s) => {
                names.extend(s.fields.iter().map(|f| f.name.clone()));
                names.extend(default_functions(api, &t.name));
                names.extend(builder_functions(api, &t.name));
            }
            TypeKind::Enum(e) => names.extend(e.variants.iter().map(|v| v.name.clone())),
            TypeKind::IntEnum(e) => names.extend(e.variants.iter().map(|v| v.name.clone())),
            TypeKind::Tagged(u) => names.extend(u.variants.iter().map(|v| v.name.clone())),
            TypeKind::Untagged(u) => names.extend(u.variants.iter().map(|v| v.name.clone())),
            // Named from status codes (numbers), not from spec text.
            TypeKind::Responses(r) => names.extend(r.variants.iter().map(|v| v.name.clone())),
            TypeKind::Alias(_) | TypeKind::Newtype(_) => {}
        }
    }
    names.extend(api.security.iter().map(|s| s.const_name.clone()));
    for op in &api.operations {
        names.insert(op.name.clone());
        names.insert(op.request_fn.clone());
        names.insert(op.decode_fn.clone());
        names.insert(op.mock_type.clone());
        if let Some(p) = &op.pagination {
            names.insert(p.pages_fn.clone());
            names.insert(p.items_fn.clone());
        }
        names.extend(op.path_params.iter().map(|p| p.name.clone()));
    }
    names
}

fn check_tokens(g: &Generated) -> Vec<String> {
    let mut problems = Vec::new();
    let names = model_names(&g.api);
    for (file, parsed) in &g.files {
        if file.starts_with("runtime/") {
            // The same for every spec (see `the_runtime_is_the_same_for_every_spec`).
            continue;
        }
        let mut attributes = Vec::new();
        let mut idents = Vec::new();
        walk(parsed.to_token_stream(), &mut attributes, &mut idents);
        for attribute in attributes {
            if !ATTRIBUTES.contains(&attribute.as_str()) {
                problems.push(format!(
                    "{file}: an attribute `#[{attribute}]` the generator never writes"
                ));
            }
        }
        for ident in idents {
            let test_name = file == "spec_examples.rs";
            if ident.to_lowercase().contains("evil") && !names.contains(&ident) && !test_name {
                problems.push(format!(
                    "{file}: the identifier `{ident}` does not come from a spec name"
                ));
            }
        }
    }
    problems
}

/// Every type and operation of the model is somewhere in the spec.
fn check_origins(g: &Generated) -> Vec<String> {
    let mut problems = Vec::new();
    let spec = fixtures().join(format!("{}.yaml", g.name));
    // As the stages after loading see it (a Swagger 2.0 spec converted to the 3.0 shape).
    let resolver = codegen::resolve::Resolver::load(&spec, &spec).unwrap();
    let tree = resolver.root();
    for t in &g.api.types {
        if t.origin.file == 0 && tree.pointer(&t.origin.pointer).is_none() {
            problems.push(format!(
                "type `{}` comes from `{}`, which is not in the spec",
                t.name, t.origin.pointer
            ));
        }
    }
    for op in &g.api.operations {
        let item = format!("/paths/{}", op.path.replace('~', "~0").replace('/', "~1"));
        let pointer = format!("{item}/{}", op.method.to_ascii_lowercase());
        // OpenAPI 3.2's other methods (QUERY, PURGE), as the load stage passes them on.
        let other = format!(
            "{item}/{}/{}",
            codegen::load::normalize::OTHER_METHODS,
            op.method.replace('~', "~0").replace('/', "~1")
        );
        // A path item may be a `$ref`; then the operation is in the item it names.
        let in_spec = tree.pointer(&pointer).is_some()
            || tree.pointer(&other).is_some()
            || tree
                .pointer(&format!(
                    "/paths/{}",
                    op.path.replace('~', "~0").replace('/', "~1")
                ))
                .is_some_and(|item| item.get("$ref").is_some());
        if !in_spec {
            problems.push(format!(
                "operation `{}` ({} {}) is not in the spec",
                op.name, op.method, op.path
            ));
        }
    }
    problems
}

#[test]
fn generated_code_defines_only_what_the_spec_defines() {
    let names = fixture_names();
    assert!(names.iter().any(|n| n == "hostile_texts"));
    assert!(names.iter().any(|n| n == "hostile_names"));
    let mut failures = Vec::new();
    for name in &names {
        let g = generate(name);
        let problems: Vec<String> = [
            check_models(&g),
            check_client(&g),
            check_mock(&g),
            check_other_files(&g),
            check_tokens(&g),
            check_origins(&g),
        ]
        .concat();
        failures.extend(problems.into_iter().map(|p| format!("{name}: {p}")));
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// The runtime owes nothing to the spec: its files are those of `runtime/src/`, byte for
/// byte, whatever the spec; `mod.rs` is its `lib.rs` under a header, less the `mod` lines of the
/// optional files a crate does not get.
#[test]
fn the_runtime_is_the_same_for_every_spec() {
    let sources = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/src");
    let source = |name: &str| std::fs::read_to_string(sources.join(name)).unwrap();
    let lib = source("lib.rs");
    for name in fixture_names() {
        let spec = fixtures().join(format!("{name}.yaml"));
        let generated = codegen::Generator::new(&spec).generate().unwrap();
        let mut copied = Vec::new();
        for file in &generated.files {
            let Some(copy) = file.name.strip_prefix("runtime/") else {
                continue;
            };
            copied.push(copy);
            if copy != "mod.rs" {
                assert!(file.contents == source(copy), "{name}: {copy} differs");
            }
        }
        assert!(copied.len() > 10, "{name}: {copied:?}");
        let module = generated
            .files
            .iter()
            .find(|f| f.name == "runtime/mod.rs")
            .unwrap();
        let body: String = module
            .contents
            .split_inclusive('\n')
            .skip_while(|l| l.starts_with("// "))
            .collect();
        let expected: String = lib
            .split_inclusive('\n')
            .filter(|line| {
                let module = line
                    .trim_end()
                    .strip_prefix("pub mod ")
                    .and_then(|m| m.strip_suffix(';'));
                module.is_none_or(|m| copied.contains(&format!("{m}.rs").as_str()))
            })
            .collect();
        assert!(
            body == expected,
            "{name}: runtime/mod.rs is not runtime/src/lib.rs"
        );
    }
}

#[test]
fn hostile_texts_stay_in_docs_and_literals() {
    let g = generate("hostile_texts");
    let client = g.file("client.rs").unwrap().to_token_stream().to_string();
    // The server URL and the title are string literals, quotes escaped.
    assert!(
        client.contains(r#""https://api.example.com/v1\"; fn evil() { } \"""#),
        "{client}"
    );
    let lib = g.file("lib.rs").unwrap().to_token_stream().to_string();
    assert!(
        lib.contains(r#"pub const SPEC_VERSION : & str = "1.0\"; pub fn evil() {} //" ;"#),
        "{lib}"
    );
    // Nothing a text says is a function of the crate: the only functions are the operations'.
    let operations: Vec<&str> = g.api.operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(operations, ["foo_evil", "r_try", "evil"]);
}
