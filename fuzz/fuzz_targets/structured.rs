//! Structure-aware fuzzing: the input bytes are choices that build an OpenAPI document from
//! the keywords the generator understands (schemas, refs, unions, parameters, bodies,
//! responses), with names, values and texts drawn from a list of troublesome ones (Rust
//! keywords, quotes, comment and attribute openers, empty strings, unicode). The document
//! goes through the whole generator; any outcome is fine except a panic, a hang, an
//! "internal error" (generated code that does not parse), or generated code that still has
//! a spec text outside of a string literal or a comment.

#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Map, Value};

/// Names of members, schemas, parameters and operations.
const NAMES: &[&str] = &[
    "id",
    "name",
    "type",
    "Type",
    "r#type",
    "self",
    "Self",
    "super",
    "crate",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Error",
    "Client",
    "Default",
    "Other",
    "new",
    "body",
    "params",
    "url",
    "additional_properties",
    "a b",
    "a-b",
    "a.b",
    "a/b",
    "a~b",
    "$ref",
    "",
    "_",
    "__",
    "0",
    "1st",
    "é",
    "日本",
    "x-ext",
    "kind",
    "Kind",
    "KIND",
    "value",
    "Value",
    "\"quoted\"",
    "a\nb",
    "fn",
    "async",
    "await",
    "dyn",
    "try",
    "gen",
    "union",
    "macro_rules",
    "foo(); evil()",
    "*/",
    "#[",
    "}",
    "{",
    "<T>",
    "Pet",
    "pet",
    "PET",
    "pet_id",
    "petId",
];

/// Texts of descriptions, summaries, titles and example strings.
const TEXTS: &[&str] = &[
    "plain",
    "",
    "*/ fn evil() {} /*",
    "\"] fn evil() {} #[doc = \"",
    "#[cfg(any())]",
    "```\nfn main() {}\n```",
    "```rust\nlet x = 1;",
    "back\\slash \\u{0} \\n",
    "<script>x</script>",
    "line\nline\r\nline",
    "tab\there",
    "\u{0}",
    "\u{202e}rtl",
    "${x} {{y}} #{z}",
    "//! inner",
    "/// outer",
    "*/",
    "/*",
    "\\",
    "r#\"raw\"#",
    "'",
    "é日本🦀",
];

/// Path templates.
const PATHS: &[&str] = &[
    "/",
    "/things",
    "/things/{id}",
    "/{a}/{b}",
    "/{a}{b}",
    "/files/{name}.json",
    "/{}",
    "/{ id }",
    "/a?b={id}",
    "/a#frag",
    "//",
    "/{id}/{id}",
    "/é/{日本}",
    "/a/{id}/b/{type}",
    "/{self}",
    "/{params}",
    "/x/{a b}",
    "/{r#type}",
];

const MEDIA: &[&str] = &[
    "application/json",
    "text/plain",
    "application/x-www-form-urlencoded",
    "application/octet-stream",
    "*/*",
    "multipart/form-data",
    "application/problem+json",
    "application/json; charset=utf-8",
    "weird",
    "",
];

const STATUS: &[&str] = &[
    "200", "201", "204", "2XX", "default", "404", "500", "101", "999", "5XX", "300",
];

const FORMATS: &[&str] = &[
    "int32",
    "int64",
    "uint32",
    "uint64",
    "float",
    "double",
    "date-time",
    "binary",
    "byte",
    "uuid",
    "",
    "weird",
];

struct Gen<'a, 'b> {
    u: &'b mut Unstructured<'a>,
    /// Component schema names, chosen up front so that refs can name them.
    schemas: Vec<String>,
    /// Names of `components/{parameters,requestBodies,responses}`, for refs to them.
    parameters: Vec<String>,
    bodies: Vec<String>,
    responses: Vec<String>,
    depth: usize,
}

impl Gen<'_, '_> {
    fn pick<'s>(&mut self, from: &'s [&'s str]) -> Result<&'s str> {
        self.u.choose(from).copied()
    }

    fn name(&mut self) -> Result<String> {
        if self.u.ratio(1, 8)? {
            // Now and then a name of its own.
            let len = self.u.int_in_range(0..=6)?;
            let mut s = String::new();
            for _ in 0..len {
                s.push(char::from(self.u.int_in_range(0x20..=0x7e)?));
            }
            return Ok(s);
        }
        Ok(self.pick(NAMES)?.to_owned())
    }

    fn text(&mut self) -> Result<String> {
        Ok(self.pick(TEXTS)?.to_owned())
    }

    fn maybe(
        &mut self,
        map: &mut Map<String, Value>,
        key: &str,
        value: impl FnOnce(&mut Self) -> Result<Value>,
    ) -> Result<()> {
        if self.u.ratio(1, 4)? {
            let value = value(self)?;
            map.insert(key.to_owned(), value);
        }
        Ok(())
    }

    fn scalar(&mut self) -> Result<Value> {
        Ok(match self.u.int_in_range(0..=6)? {
            0 => Value::Null,
            1 => json!(self.u.arbitrary::<bool>()?),
            2 => json!(self.u.arbitrary::<i64>()?),
            3 => json!(self.u.int_in_range(0..=3)? as f64 / 2.0),
            4 => json!(self.name()?),
            5 => json!(self.text()?),
            _ => json!([self.name()?, {"k": self.text()?}]),
        })
    }

    /// A `$ref` to somewhere: a component, a member inside one, nowhere, or broken.
    fn reference(&mut self) -> Result<Value> {
        let target = match self.u.int_in_range(0..=7)? {
            0..=3 if !self.schemas.is_empty() => {
                let name = self.u.choose(&self.schemas)?.clone();
                format!("#/components/schemas/{}", escape(&name))
            }
            4 if !self.schemas.is_empty() => {
                let name = self.u.choose(&self.schemas)?.clone();
                let member = self.name()?;
                format!(
                    "#/components/schemas/{}/properties/{}",
                    escape(&name),
                    escape(&member)
                )
            }
            5 => "#/components/schemas/Missing".to_owned(),
            6 => "parts/thing.yaml#/components/schemas/Thing".to_owned(),
            _ => self.name()?,
        };
        Ok(json!({ "$ref": target }))
    }

    fn schema_or_ref(&mut self) -> Result<Value> {
        if self.u.ratio(1, 3)? {
            self.reference()
        } else {
            self.schema()
        }
    }

    fn schema(&mut self) -> Result<Value> {
        self.depth += 1;
        let result = self.schema_inner();
        self.depth -= 1;
        result
    }

    fn schema_inner(&mut self) -> Result<Value> {
        let mut s = Map::new();
        let deep = self.depth > 4;
        let choice = if deep {
            self.u.int_in_range(0..=2)?
        } else {
            self.u.int_in_range(0..=9)?
        };
        match choice {
            0 => {
                let t = self.pick(&["string", "integer", "number", "boolean", "null", "weird"])?;
                s.insert("type".into(), json!(t));
                self.maybe(&mut s, "format", |g| Ok(json!(g.pick(FORMATS)?)))?;
            }
            1 => {
                let n = self.u.int_in_range(0..=5)?;
                let mut values = Vec::new();
                for _ in 0..n {
                    values.push(if self.u.ratio(3, 4)? {
                        json!(self.name()?)
                    } else {
                        self.scalar()?
                    });
                }
                s.insert("type".into(), json!(self.pick(&["string", "integer"])?));
                s.insert("enum".into(), Value::Array(values));
            }
            2 => {}
            3 | 4 => {
                s.insert("type".into(), json!("object"));
                let n = self.u.int_in_range(0..=4)?;
                let mut props = Map::new();
                let mut required = Vec::new();
                for _ in 0..n {
                    let name = self.name()?;
                    if self.u.ratio(1, 2)? {
                        required.push(json!(name.clone()));
                    }
                    let schema = self.schema_or_ref()?;
                    props.insert(name, schema);
                }
                if self.u.ratio(1, 6)? {
                    required.push(json!(self.name()?));
                }
                s.insert("properties".into(), Value::Object(props));
                if !required.is_empty() {
                    s.insert("required".into(), Value::Array(required));
                }
                if self.u.ratio(1, 4)? {
                    let extra = if self.u.ratio(1, 2)? {
                        json!(self.u.arbitrary::<bool>()?)
                    } else {
                        self.schema_or_ref()?
                    };
                    s.insert("additionalProperties".into(), extra);
                }
            }
            5 => {
                s.insert("type".into(), json!("array"));
                if self.u.ratio(7, 8)? {
                    s.insert("items".into(), self.schema_or_ref()?);
                }
            }
            6 | 7 => {
                let keyword = self.pick(&["oneOf", "anyOf", "allOf"])?;
                let n = self.u.int_in_range(0..=3)?;
                let mut parts = Vec::new();
                for _ in 0..n {
                    parts.push(self.schema_or_ref()?);
                }
                s.insert(keyword.into(), Value::Array(parts));
                if self.u.ratio(1, 3)? {
                    let mut d = Map::new();
                    d.insert("propertyName".into(), json!(self.name()?));
                    if self.u.ratio(1, 2)? && !self.schemas.is_empty() {
                        let target = self.u.choose(&self.schemas)?.clone();
                        d.insert(
                            "mapping".into(),
                            json!({ self.name()?: format!("#/components/schemas/{}", escape(&target)) }),
                        );
                    }
                    s.insert("discriminator".into(), Value::Object(d));
                }
                if self.u.ratio(1, 3)? {
                    let name = self.name()?;
                    let schema = self.schema_or_ref()?;
                    s.insert("properties".into(), json!({ name: schema }));
                }
            }
            8 => {
                s.insert("type".into(), json!("object"));
                s.insert("additionalProperties".into(), self.schema_or_ref()?);
            }
            _ => {
                s.insert("allOf".into(), json!([self.reference()?]));
                s.insert("nullable".into(), json!(true));
            }
        }
        self.maybe(&mut s, "nullable", |g| {
            Ok(json!(g.u.arbitrary::<bool>()?))
        })?;
        self.maybe(&mut s, "description", |g| Ok(json!(g.text()?)))?;
        self.maybe(&mut s, "title", |g| Ok(json!(g.text()?)))?;
        self.maybe(&mut s, "default", |g| Ok(g.scalar()?))?;
        self.maybe(&mut s, "example", |g| Ok(g.scalar()?))?;
        self.maybe(&mut s, "readOnly", |g| {
            Ok(json!(g.u.arbitrary::<bool>()?))
        })?;
        self.maybe(&mut s, "deprecated", |_| Ok(json!(true)))?;
        Ok(Value::Object(s))
    }

    fn content(&mut self) -> Result<Value> {
        let mut content = Map::new();
        for _ in 0..self.u.int_in_range(0..=2)? {
            let mut media = Map::new();
            if self.u.ratio(7, 8)? {
                media.insert("schema".into(), self.schema_or_ref()?);
            }
            self.maybe(&mut media, "example", |g| Ok(g.scalar()?))?;
            content.insert(self.pick(MEDIA)?.to_owned(), Value::Object(media));
        }
        Ok(Value::Object(content))
    }

    fn parameter(&mut self, path: &str) -> Result<Value> {
        let mut p = Map::new();
        // Path parameters mostly name a placeholder of the path.
        let placeholders: Vec<&str> = path.split(['{', '}']).skip(1).step_by(2).collect();
        let location = self.pick(&["path", "query", "header", "cookie", "path"])?;
        let name = if location == "path" && !placeholders.is_empty() && self.u.ratio(4, 5)? {
            self.u.choose(&placeholders)?.to_string()
        } else {
            self.name()?
        };
        p.insert("name".into(), json!(name));
        p.insert("in".into(), json!(location));
        p.insert(
            "required".into(),
            json!(location == "path" || self.u.arbitrary::<bool>()?),
        );
        if self.u.ratio(7, 8)? {
            p.insert("schema".into(), self.schema_or_ref()?);
        } else {
            p.insert("content".into(), self.content()?);
        }
        self.maybe(&mut p, "description", |g| Ok(json!(g.text()?)))?;
        self.maybe(&mut p, "explode", |g| Ok(json!(g.u.arbitrary::<bool>()?)))?;
        self.maybe(&mut p, "style", |g| {
            Ok(json!(g.pick(&[
                "form",
                "simple",
                "deepObject",
                "pipeDelimited"
            ])?))
        })?;
        Ok(Value::Object(p))
    }

    fn operation(&mut self, path: &str) -> Result<Value> {
        let mut op = Map::new();
        if self.u.ratio(5, 6)? {
            op.insert("operationId".into(), json!(self.name()?));
        }
        self.maybe(&mut op, "summary", |g| Ok(json!(g.text()?)))?;
        self.maybe(&mut op, "description", |g| Ok(json!(g.text()?)))?;
        self.maybe(&mut op, "deprecated", |_| Ok(json!(true)))?;
        let mut params = Vec::new();
        for _ in 0..self.u.int_in_range(0..=3)? {
            params.push(self.parameter_or_ref(path)?);
        }
        op.insert("parameters".into(), Value::Array(params));
        if self.u.ratio(1, 3)? {
            let body = match self.component_ref("requestBodies")? {
                Some(reference) => reference,
                None => self.request_body()?,
            };
            op.insert("requestBody".into(), body);
        }
        let mut responses = Map::new();
        for _ in 0..self.u.int_in_range(0..=3)? {
            let response = match self.component_ref("responses")? {
                Some(reference) => reference,
                None => self.response()?,
            };
            responses.insert(self.pick(STATUS)?.to_owned(), response);
        }
        op.insert("responses".into(), Value::Object(responses));
        if self.u.ratio(1, 6)? {
            op.insert("security".into(), json!([{ self.name()?: [] }]));
        }
        if self.u.ratio(1, 6)? {
            op.insert("servers".into(), json!([{ "url": self.server()? }]));
        }
        Ok(Value::Object(op))
    }

    fn parameter_or_ref(&mut self, path: &str) -> Result<Value> {
        match self.component_ref("parameters")? {
            Some(reference) => Ok(reference),
            None => self.parameter(path),
        }
    }

    /// Now and then a ref to a component of that section (maybe one that does not exist).
    fn component_ref(&mut self, section: &str) -> Result<Option<Value>> {
        if !self.u.ratio(1, 4)? {
            return Ok(None);
        }
        let names = match section {
            "parameters" => &self.parameters,
            "requestBodies" => &self.bodies,
            _ => &self.responses,
        };
        let name = if names.is_empty() || self.u.ratio(1, 8)? {
            "Missing".to_owned()
        } else {
            self.u.choose(names)?.clone()
        };
        Ok(Some(
            json!({ "$ref": format!("#/components/{section}/{}", escape(&name)) }),
        ))
    }

    fn request_body(&mut self) -> Result<Value> {
        Ok(json!({"required": self.u.arbitrary::<bool>()?, "content": self.content()?}))
    }

    fn response(&mut self) -> Result<Value> {
        let mut r = Map::new();
        r.insert("description".into(), json!(self.text()?));
        if self.u.ratio(3, 4)? {
            r.insert("content".into(), self.content()?);
        }
        if self.u.ratio(1, 6)? {
            r.insert(
                "headers".into(),
                json!({ self.name()?: {"schema": self.schema_or_ref()?} }),
            );
        }
        Ok(Value::Object(r))
    }

    fn security_schemes(&mut self) -> Result<Value> {
        let mut schemes = Map::new();
        for _ in 0..self.u.int_in_range(1..=3)? {
            let scheme = match self.u.int_in_range(0..=5)? {
                0 => json!({"type": "http", "scheme": "bearer"}),
                1 => json!({"type": "http", "scheme": "basic"}),
                2 => json!({"type": "http", "scheme": self.name()?}),
                3 => {
                    json!({"type": "apiKey", "in": self.pick(&["header", "query", "cookie"])?, "name": self.name()?})
                }
                4 => {
                    json!({"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://x", "scopes": {}}}})
                }
                _ => json!({"type": "openIdConnect", "openIdConnectUrl": self.text()?}),
            };
            schemes.insert(self.name()?, scheme);
        }
        Ok(Value::Object(schemes))
    }

    fn server(&mut self) -> Result<String> {
        Ok(self
            .pick(&[
                "https://api.example.com/v1",
                "http://localhost:{port}/\"quoted\"",
                "/relative",
                "",
                "https://example.com/\"); evil(); (\"",
                "https://{region}.example.com",
                "not a url",
            ])?
            .to_owned())
    }

    fn document(&mut self) -> Result<Value> {
        for _ in 0..self.u.int_in_range(0..=5)? {
            let name = self.name()?;
            self.schemas.push(name);
        }
        let mut schemas = Map::new();
        for name in self.schemas.clone() {
            let schema = if self.u.ratio(1, 6)? {
                self.reference()?
            } else {
                self.schema()?
            };
            schemas.insert(name, schema);
        }
        for _ in 0..self.u.int_in_range(0..=2)? {
            let name = self.name()?;
            self.parameters.push(name);
        }
        for _ in 0..self.u.int_in_range(0..=2)? {
            let name = self.name()?;
            self.bodies.push(name);
        }
        for _ in 0..self.u.int_in_range(0..=2)? {
            let name = self.name()?;
            self.responses.push(name);
        }
        let mut parameters = Map::new();
        for name in self.parameters.clone() {
            let parameter = self.parameter("/{id}")?;
            parameters.insert(name, parameter);
        }
        let mut bodies = Map::new();
        for name in self.bodies.clone() {
            let body = self.request_body()?;
            bodies.insert(name, body);
        }
        let mut responses = Map::new();
        for name in self.responses.clone() {
            let response = self.response()?;
            responses.insert(name, response);
        }
        let mut paths = Map::new();
        for _ in 0..self.u.int_in_range(0..=3)? {
            let path = self.pick(PATHS)?.to_owned();
            if self.u.ratio(1, 8)? {
                // A path item that is a ref to another one (or to nothing).
                let other = self.pick(PATHS)?;
                paths.insert(
                    path,
                    json!({ "$ref": format!("#/paths/{}", escape(other)) }),
                );
                continue;
            }
            let mut item = Map::new();
            for _ in 0..self.u.int_in_range(1..=2)? {
                let method = self.pick(&["get", "post", "put", "delete", "patch", "head"])?;
                item.insert(method.into(), self.operation(&path)?);
            }
            if self.u.ratio(1, 4)? {
                let parameter = self.parameter_or_ref(&path)?;
                item.insert("parameters".into(), json!([parameter]));
            }
            paths.insert(path, Value::Object(item));
        }
        let mut doc = json!({
            "openapi": "3.0.3",
            "info": {"title": self.text()?, "version": self.text()?, "description": self.text()?},
            "paths": paths,
            "components": {
                "schemas": schemas,
                "parameters": parameters,
                "requestBodies": bodies,
                "responses": responses,
            },
        });
        if self.u.ratio(1, 2)? {
            doc["servers"] = json!([{ "url": self.server()? }]);
        }
        if self.u.ratio(1, 4)? {
            doc["components"]["securitySchemes"] = self.security_schemes()?;
            if self.u.ratio(1, 2)? {
                doc["security"] = json!([{ self.name()?: [] }]);
            }
        }
        Ok(doc)
    }
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn work_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("codegen-fuzz-structured-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("parts")).expect("create the fuzz work directory");
        std::fs::write(
            dir.join("parts/thing.yaml"),
            "components:\n  schemas:\n    Thing:\n      type: object\n      properties:\n        id:\n          type: string\n",
        )
        .expect("write parts/thing.yaml");
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let mut gen = Gen {
        u: &mut u,
        schemas: Vec::new(),
        parameters: Vec::new(),
        bodies: Vec::new(),
        responses: Vec::new(),
        depth: 0,
    };
    let Ok(doc) = gen.document() else {
        return;
    };
    let path = work_dir().join("spec.json");
    std::fs::write(&path, serde_json::to_vec(&doc).unwrap()).expect("write the spec");
    match codegen::Generator::new(&path)
        .shown_as("spec.json")
        .generate()
    {
        Ok(generated) => {
            for file in &generated.files {
                check_tokens(file.name, &file.contents);
            }
        }
        Err(errors) => {
            for error in errors.iter() {
                assert!(
                    !matches!(error.kind, codegen::ErrorKind::Internal(_)),
                    "internal error: {error}\nspec: {doc:#}"
                );
            }
        }
    }
});

/// Attributes the generator writes (`error.rs`, which owes nothing to the spec, aside).
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

/// The injection texts say `fn evil() {}`, `#[cfg(any())]`, ...: if any of it escaped its doc
/// comment or string literal, the identifier `evil` or an attribute of its own would appear
/// in the tokens. (Spec names become identifiers only through `naming`, which makes
/// `foo(); evil()` into `foo_evil`.)
fn check_tokens(file: &str, code: &str) {
    let parsed: syn::File = match syn::parse_file(code) {
        Ok(parsed) => parsed,
        Err(e) => panic!("{file} does not parse: {e}\n{code}"),
    };
    walk(file, quote::ToTokens::to_token_stream(&parsed));
}

fn walk(file: &str, tokens: proc_macro2::TokenStream) {
    use proc_macro2::{Delimiter, TokenTree};
    let mut previous_hash = false;
    for token in tokens {
        match &token {
            TokenTree::Group(group) => {
                if previous_hash && group.delimiter() == Delimiter::Bracket && file != "error.rs" {
                    if let Some(TokenTree::Ident(first)) = group.stream().into_iter().next() {
                        let name = first.to_string();
                        assert!(
                            ATTRIBUTES.contains(&name.as_str()),
                            "{file}: attribute `#[{name}]` the generator never writes"
                        );
                    }
                }
                walk(file, group.stream());
            }
            TokenTree::Ident(ident) => {
                assert!(
                    ident != "evil",
                    "{file}: spec text outside of a literal or comment"
                );
            }
            TokenTree::Punct(_) | TokenTree::Literal(_) => {}
        }
        previous_hash = match &token {
            TokenTree::Punct(p) if p.as_char() == '#' => true,
            TokenTree::Punct(p) if p.as_char() == '!' => previous_hash,
            _ => false,
        };
    }
}
