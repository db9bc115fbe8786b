//! Where exactly a part of a spec has the wrong shape.
//!
//! openapiv3 deserializes many objects through `#[serde(flatten)]` and untagged enums (every
//! `$ref`-or-object, every schema), which buffer their input: when such a value is wrong, serde
//! only says which object failed, not which of its members. This module describes the OpenAPI
//! 3.0 objects as openapiv3 reads them (what each member must be: a string, a list, another
//! object, ...) and walks a value that failed to deserialize, to report every member that is
//! wrong at its own JSON pointer.
//!
//! It only runs after a deserialization failed, so it never rejects what openapiv3 accepts:
//! at worst it finds nothing, and the serde error is reported as it is.

use serde_json::{Map, Value};

use crate::json::pointer;

/// What a value must be.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// Anything (examples, defaults, extensions).
    Any,
    Str,
    Bool,
    Number,
    /// A non-negative integer (`minLength`, `maxItems`, ...).
    Count,
    /// One of these strings.
    OneOf(&'static [&'static str]),
    List(&'static Kind),
    /// A mapping with values of one kind.
    Map(&'static Kind),
    Obj(Obj),
    /// A mapping with a string `$ref`, or the object.
    RefOr(Obj),
    /// `additionalProperties`: a boolean or a schema.
    SchemaOrBool,
}

/// The OpenAPI 3.0 objects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Obj {
    Document,
    Info,
    Contact,
    License,
    Server,
    ServerVariable,
    Components,
    Paths,
    PathItem,
    Operation,
    ExternalDocs,
    Parameter,
    Header,
    MediaType,
    Encoding,
    RequestBody,
    Responses,
    Response,
    Example,
    Link,
    Schema,
    Discriminator,
    SecurityScheme,
    OAuthFlows,
    Tag,
}

/// Whether a member may be left out, or be `null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Presence {
    Required,
    /// May be absent or `null` (an `Option`).
    Optional,
    /// May be absent, but `null` is wrong (a list, map or boolean with a default).
    Defaulted,
}

use Presence::{Defaulted, Optional, Required};

type Field = (&'static str, Kind, Presence);

const STRINGS: Kind = Kind::List(&Kind::Str);
const SCHEMA: Kind = Kind::RefOr(Obj::Schema);
const SCHEMAS: Kind = Kind::List(&SCHEMA);
const SCHEMA_MAP: Kind = Kind::Map(&SCHEMA);
const EXAMPLES: Kind = Kind::Map(&Kind::RefOr(Obj::Example));
const CONTENT: Kind = Kind::Map(&Kind::Obj(Obj::MediaType));
const HEADERS: Kind = Kind::Map(&Kind::RefOr(Obj::Header));
const PARAMETERS: Kind = Kind::List(&Kind::RefOr(Obj::Parameter));
const SERVERS: Kind = Kind::List(&Kind::Obj(Obj::Server));
const SECURITY: Kind = Kind::List(&Kind::Map(&STRINGS));
const QUERY_STYLES: &[&str] = &["form", "spaceDelimited", "pipeDelimited", "deepObject"];
const LOCATIONS: &[&str] = &["query", "header", "path", "cookie"];

impl Obj {
    /// The name the OpenAPI specification gives the object.
    fn title(self) -> &'static str {
        match self {
            Obj::Document => "an OpenAPI document",
            Obj::Info => "an Info Object",
            Obj::Contact => "a Contact Object",
            Obj::License => "a License Object",
            Obj::Server => "a Server Object",
            Obj::ServerVariable => "a Server Variable Object",
            Obj::Components => "a Components Object",
            Obj::Paths => "a Paths Object",
            Obj::PathItem => "a Path Item Object",
            Obj::Operation => "an Operation Object",
            Obj::ExternalDocs => "an External Documentation Object",
            Obj::Parameter => "a Parameter Object",
            Obj::Header => "a Header Object",
            Obj::MediaType => "a Media Type Object",
            Obj::Encoding => "an Encoding Object",
            Obj::RequestBody => "a Request Body Object",
            Obj::Responses => "a Responses Object",
            Obj::Response => "a Response Object",
            Obj::Example => "an Example Object",
            Obj::Link => "a Link Object",
            Obj::Schema => "a Schema Object",
            Obj::Discriminator => "a Discriminator Object",
            Obj::SecurityScheme => "a Security Scheme Object",
            Obj::OAuthFlows => "an OAuth Flows Object",
            Obj::Tag => "a Tag Object",
        }
    }

    /// The members with a fixed name (see [`Checker::object`] for the others).
    fn fields(self) -> &'static [Field] {
        match self {
            Obj::Document => &[
                ("openapi", Kind::Str, Required),
                ("info", Kind::Obj(Obj::Info), Required),
                ("servers", SERVERS, Defaulted),
                ("paths", Kind::Obj(Obj::Paths), Required),
                ("components", Kind::Obj(Obj::Components), Optional),
                ("security", SECURITY, Optional),
                ("tags", Kind::List(&Kind::Obj(Obj::Tag)), Defaulted),
                ("externalDocs", Kind::Obj(Obj::ExternalDocs), Optional),
            ],
            Obj::Info => &[
                ("title", Kind::Str, Required),
                ("description", Kind::Str, Optional),
                ("termsOfService", Kind::Str, Optional),
                ("contact", Kind::Obj(Obj::Contact), Optional),
                ("license", Kind::Obj(Obj::License), Optional),
                ("version", Kind::Str, Required),
            ],
            Obj::Contact => &[
                ("name", Kind::Str, Optional),
                ("url", Kind::Str, Optional),
                ("email", Kind::Str, Optional),
            ],
            Obj::License => &[("name", Kind::Str, Required), ("url", Kind::Str, Optional)],
            Obj::Server => &[
                ("url", Kind::Str, Required),
                ("description", Kind::Str, Optional),
                (
                    "variables",
                    Kind::Map(&Kind::Obj(Obj::ServerVariable)),
                    Optional,
                ),
            ],
            Obj::ServerVariable => &[
                ("enum", STRINGS, Defaulted),
                ("default", Kind::Str, Required),
                ("description", Kind::Str, Optional),
            ],
            Obj::Components => &[
                ("schemas", SCHEMA_MAP, Defaulted),
                (
                    "responses",
                    Kind::Map(&Kind::RefOr(Obj::Response)),
                    Defaulted,
                ),
                (
                    "parameters",
                    Kind::Map(&Kind::RefOr(Obj::Parameter)),
                    Defaulted,
                ),
                ("examples", EXAMPLES, Defaulted),
                (
                    "requestBodies",
                    Kind::Map(&Kind::RefOr(Obj::RequestBody)),
                    Defaulted,
                ),
                ("headers", HEADERS, Defaulted),
                (
                    "securitySchemes",
                    Kind::Map(&Kind::RefOr(Obj::SecurityScheme)),
                    Defaulted,
                ),
                ("links", Kind::Map(&Kind::RefOr(Obj::Link)), Defaulted),
                // Not read by the generator (see `model::build::path_item`).
                ("callbacks", Kind::Any, Optional),
            ],
            // Only members named `/...` are paths; see `pattern`.
            Obj::Paths => &[],
            Obj::PathItem => &[
                ("summary", Kind::Str, Optional),
                ("description", Kind::Str, Optional),
                ("get", Kind::Obj(Obj::Operation), Optional),
                ("put", Kind::Obj(Obj::Operation), Optional),
                ("post", Kind::Obj(Obj::Operation), Optional),
                ("delete", Kind::Obj(Obj::Operation), Optional),
                ("options", Kind::Obj(Obj::Operation), Optional),
                ("head", Kind::Obj(Obj::Operation), Optional),
                ("patch", Kind::Obj(Obj::Operation), Optional),
                ("trace", Kind::Obj(Obj::Operation), Optional),
                ("servers", SERVERS, Defaulted),
                ("parameters", PARAMETERS, Defaulted),
            ],
            Obj::Operation => &[
                ("tags", STRINGS, Defaulted),
                ("summary", Kind::Str, Optional),
                ("description", Kind::Str, Optional),
                ("externalDocs", Kind::Obj(Obj::ExternalDocs), Optional),
                ("operationId", Kind::Str, Optional),
                ("parameters", PARAMETERS, Defaulted),
                ("requestBody", Kind::RefOr(Obj::RequestBody), Optional),
                ("responses", Kind::Obj(Obj::Responses), Required),
                // Not read by the generator (see `model::build::path_item`).
                ("callbacks", Kind::Any, Optional),
                ("deprecated", Kind::Bool, Defaulted),
                ("security", SECURITY, Optional),
                ("servers", SERVERS, Defaulted),
            ],
            Obj::ExternalDocs => &[
                ("description", Kind::Str, Optional),
                ("url", Kind::Str, Required),
            ],
            // Plus `style`, which depends on `in`; see `Checker::object`.
            Obj::Parameter => &[
                ("name", Kind::Str, Required),
                ("in", Kind::OneOf(LOCATIONS), Required),
                ("description", Kind::Str, Optional),
                ("required", Kind::Bool, Defaulted),
                ("deprecated", Kind::Bool, Optional),
                ("schema", SCHEMA, Optional),
                ("content", CONTENT, Optional),
                ("example", Kind::Any, Optional),
                ("examples", EXAMPLES, Defaulted),
                ("explode", Kind::Bool, Optional),
                ("allowReserved", Kind::Bool, Defaulted),
                ("allowEmptyValue", Kind::Bool, Optional),
            ],
            Obj::Header => &[
                ("description", Kind::Str, Optional),
                ("style", Kind::OneOf(&["simple"]), Defaulted),
                ("required", Kind::Bool, Defaulted),
                ("deprecated", Kind::Bool, Optional),
                ("schema", SCHEMA, Optional),
                ("content", CONTENT, Optional),
                ("example", Kind::Any, Optional),
                ("examples", EXAMPLES, Defaulted),
            ],
            Obj::MediaType => &[
                ("schema", SCHEMA, Optional),
                ("example", Kind::Any, Optional),
                ("examples", EXAMPLES, Defaulted),
                ("encoding", Kind::Map(&Kind::Obj(Obj::Encoding)), Defaulted),
            ],
            Obj::Encoding => &[
                ("contentType", Kind::Str, Optional),
                ("headers", HEADERS, Defaulted),
                ("style", Kind::OneOf(QUERY_STYLES), Optional),
                ("explode", Kind::Bool, Defaulted),
                ("allowReserved", Kind::Bool, Defaulted),
            ],
            Obj::RequestBody => &[
                ("description", Kind::Str, Optional),
                ("content", CONTENT, Defaulted),
                ("required", Kind::Bool, Defaulted),
            ],
            // Plus the status codes; see `pattern`.
            Obj::Responses => &[("default", Kind::RefOr(Obj::Response), Optional)],
            Obj::Response => &[
                ("description", Kind::Str, Required),
                ("headers", HEADERS, Defaulted),
                ("content", CONTENT, Defaulted),
                ("links", Kind::Map(&Kind::RefOr(Obj::Link)), Defaulted),
            ],
            Obj::Example => &[
                ("summary", Kind::Str, Optional),
                ("description", Kind::Str, Optional),
                ("value", Kind::Any, Optional),
                ("externalValue", Kind::Str, Optional),
            ],
            Obj::Link => &[
                ("description", Kind::Str, Optional),
                ("operationRef", Kind::Str, Optional),
                ("operationId", Kind::Str, Optional),
                ("requestBody", Kind::Any, Optional),
                ("parameters", Kind::Map(&Kind::Any), Defaulted),
                ("server", Kind::Obj(Obj::Server), Optional),
            ],
            Obj::Schema => &[
                ("nullable", Kind::Bool, Defaulted),
                ("readOnly", Kind::Bool, Defaulted),
                ("writeOnly", Kind::Bool, Defaulted),
                ("deprecated", Kind::Bool, Defaulted),
                ("externalDocs", Kind::Obj(Obj::ExternalDocs), Optional),
                ("example", Kind::Any, Optional),
                ("title", Kind::Str, Optional),
                ("description", Kind::Str, Optional),
                ("discriminator", Kind::Obj(Obj::Discriminator), Optional),
                ("default", Kind::Any, Optional),
                ("type", Kind::Str, Optional),
                ("pattern", Kind::Str, Optional),
                ("multipleOf", Kind::Number, Optional),
                ("exclusiveMinimum", Kind::Bool, Optional),
                ("exclusiveMaximum", Kind::Bool, Optional),
                ("minimum", Kind::Number, Optional),
                ("maximum", Kind::Number, Optional),
                ("properties", SCHEMA_MAP, Optional),
                ("required", STRINGS, Optional),
                ("additionalProperties", Kind::SchemaOrBool, Optional),
                ("minProperties", Kind::Count, Optional),
                ("maxProperties", Kind::Count, Optional),
                ("items", SCHEMA, Optional),
                ("minItems", Kind::Count, Optional),
                ("maxItems", Kind::Count, Optional),
                ("uniqueItems", Kind::Bool, Optional),
                ("enum", Kind::List(&Kind::Any), Optional),
                ("format", Kind::Str, Optional),
                ("minLength", Kind::Count, Optional),
                ("maxLength", Kind::Count, Optional),
                ("oneOf", SCHEMAS, Optional),
                ("allOf", SCHEMAS, Optional),
                ("anyOf", SCHEMAS, Optional),
                ("not", SCHEMA, Optional),
            ],
            Obj::Discriminator => &[
                ("propertyName", Kind::Str, Required),
                ("mapping", Kind::Map(&Kind::Str), Defaulted),
            ],
            // The members depend on `type`; see `Checker::object`.
            Obj::SecurityScheme => &[
                (
                    "type",
                    Kind::OneOf(&["apiKey", "http", "oauth2", "openIdConnect"]),
                    Required,
                ),
                ("description", Kind::Str, Optional),
            ],
            // Each flow is checked by `Checker::flow`.
            Obj::OAuthFlows => &[],
            Obj::Tag => &[
                ("name", Kind::Str, Required),
                ("description", Kind::Str, Optional),
                ("externalDocs", Kind::Obj(Obj::ExternalDocs), Optional),
            ],
        }
    }
}

/// A type the resolver deserializes, with the kind of value it reads: what a value that fails
/// to deserialize into it is walked against (by `check`) to find each wrong member.
pub trait Expect {
    const KIND: Kind;
}

impl Kind {
    /// The kind of a `$ref` to a value of this kind, or that value itself.
    const fn or_ref(self) -> Kind {
        match self {
            Kind::Obj(obj) | Kind::RefOr(obj) => Kind::RefOr(obj),
            other => other,
        }
    }
}

impl<T: Expect> Expect for openapiv3::ReferenceOr<T> {
    const KIND: Kind = T::KIND.or_ref();
}

/// `impl Expect for` each openapiv3 type that reads an OpenAPI object.
macro_rules! objects {
    ($($ty:ident => $obj:ident,)*) => {
        $(impl Expect for openapiv3::$ty {
            const KIND: Kind = Kind::Obj(Obj::$obj);
        })*
    };
}

objects! {
    OpenAPI => Document,
    Info => Info,
    Components => Components,
    Paths => Paths,
    PathItem => PathItem,
    Operation => Operation,
    Parameter => Parameter,
    Header => Header,
    MediaType => MediaType,
    RequestBody => RequestBody,
    Response => Response,
    Example => Example,
    Schema => Schema,
    SecurityScheme => SecurityScheme,
}

/// One member that is wrong: its pointer and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub pointer: String,
    pub message: String,
}

/// More than this many problems in one object is noise.
const MAX_PROBLEMS: usize = 20;

/// Every member of `value` (found at `pointer`) that does not fit `kind`.
pub fn check(value: &Value, kind: Kind, pointer: &str) -> Vec<Problem> {
    let mut checker = Checker {
        problems: Vec::new(),
    };
    checker.value(value, kind, &mut pointer.to_owned());
    checker.problems
}

struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    fn report(&mut self, pointer: &str, message: String) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(Problem {
                pointer: pointer.to_owned(),
                message,
            });
        }
    }

    fn mismatch(&mut self, pointer: &str, expected: &str, value: &Value) {
        self.report(
            pointer,
            format!("expected {expected}, found {}", found(value)),
        );
    }

    fn within(
        &mut self,
        pointer: &mut String,
        token: &str,
        f: impl FnOnce(&mut Self, &mut String),
    ) {
        let len = pointer.len();
        pointer.push('/');
        pointer.push_str(&pointer::escape(token));
        f(self, pointer);
        pointer.truncate(len);
    }

    fn value(&mut self, value: &Value, kind: Kind, pointer: &mut String) {
        if self.problems.len() >= MAX_PROBLEMS {
            return;
        }
        match kind {
            Kind::Any => {}
            Kind::Str => {
                if !value.is_string() {
                    self.mismatch(pointer, "a string", value);
                }
            }
            Kind::Bool => {
                if !value.is_boolean() {
                    self.mismatch(pointer, "a boolean (`true` or `false`)", value);
                }
            }
            Kind::Number => {
                if !value.is_number() {
                    self.mismatch(pointer, "a number", value);
                }
            }
            Kind::Count => {
                if !value.is_u64() {
                    self.mismatch(pointer, "a non-negative integer", value);
                }
            }
            Kind::OneOf(allowed) => match value.as_str() {
                Some(s) if allowed.contains(&s) => {}
                _ => {
                    let list: Vec<String> = allowed.iter().map(|a| format!("`{a}`")).collect();
                    let expected = format!("one of {}", list.join(", "));
                    self.mismatch(pointer, &expected, value);
                }
            },
            Kind::List(item) => match value {
                Value::Array(items) => {
                    for (i, v) in items.iter().enumerate() {
                        self.within(pointer, &i.to_string(), |c, p| c.value(v, *item, p));
                    }
                }
                _ => {
                    let expected = match item {
                        Kind::Str => "a list of strings",
                        _ => "a list",
                    };
                    self.mismatch(pointer, expected, value);
                }
            },
            Kind::Map(item) => match value {
                Value::Object(map) => {
                    for (k, v) in map {
                        self.within(pointer, k, |c, p| c.value(v, *item, p));
                    }
                }
                _ => self.mismatch(pointer, "a mapping", value),
            },
            Kind::Obj(obj) => self.object(value, obj, pointer),
            Kind::RefOr(obj) => match value.get("$ref") {
                Some(Value::String(_)) => {}
                Some(other) => {
                    self.within(pointer, "$ref", |c, p| {
                        c.mismatch(p, "a string (a reference)", other)
                    });
                }
                None => self.object(value, obj, pointer),
            },
            Kind::SchemaOrBool => {
                if !value.is_boolean() {
                    if value.is_object() {
                        self.value(value, SCHEMA, pointer);
                    } else {
                        self.mismatch(pointer, "a boolean or a schema", value);
                    }
                }
            }
        }
    }

    fn object(&mut self, value: &Value, obj: Obj, pointer: &mut String) {
        let Value::Object(map) = value else {
            let expected = format!("{} (a mapping)", obj.title());
            return self.mismatch(pointer, &expected, value);
        };
        self.fields(map, obj.fields(), obj.title(), pointer);
        match obj {
            Obj::Paths => {
                for (k, v) in map.iter().filter(|(k, _)| k.starts_with('/')) {
                    let kind = Kind::RefOr(Obj::PathItem);
                    self.within(pointer, k, |c, p| c.value(v, kind, p));
                }
            }
            Obj::Responses => {
                let codes = map
                    .iter()
                    .filter(|(k, _)| *k != "default" && !k.starts_with("x-"));
                for (k, v) in codes {
                    if is_status(k) {
                        let kind = Kind::RefOr(Obj::Response);
                        self.within(pointer, k, |c, p| c.value(v, kind, p));
                    }
                }
            }
            Obj::Parameter | Obj::Header => {
                if !map.contains_key("schema") && !map.contains_key("content") {
                    self.report(
                        pointer,
                        format!("{} needs a `schema` or a `content`", obj.title()),
                    );
                }
                if obj == Obj::Parameter {
                    let styles: &'static [&'static str] =
                        match map.get("in").and_then(Value::as_str) {
                            Some("query") => QUERY_STYLES,
                            Some("path") => &["matrix", "label", "simple"],
                            Some("header") => &["simple"],
                            Some("cookie") => &["form"],
                            _ => &[],
                        };
                    if let (Some(style), false) = (map.get("style"), styles.is_empty()) {
                        self.within(pointer, "style", |c, p| {
                            c.value(style, Kind::OneOf(styles), p)
                        });
                    }
                }
            }
            Obj::Link if !map.contains_key("operationRef") && !map.contains_key("operationId") => {
                self.report(
                    pointer,
                    "a Link Object needs an `operationRef` or an `operationId`".into(),
                );
            }
            Obj::SecurityScheme => {
                let fields: &[Field] = match map.get("type").and_then(Value::as_str) {
                    Some("apiKey") => &[
                        ("in", Kind::OneOf(&["query", "header", "cookie"]), Required),
                        ("name", Kind::Str, Required),
                    ],
                    Some("http") => &[
                        ("scheme", Kind::Str, Required),
                        ("bearerFormat", Kind::Str, Optional),
                    ],
                    Some("oauth2") => &[("flows", Kind::Obj(Obj::OAuthFlows), Required)],
                    Some("openIdConnect") => &[("openIdConnectUrl", Kind::Str, Required)],
                    _ => &[],
                };
                self.fields(map, fields, obj.title(), pointer);
            }
            Obj::OAuthFlows => {
                let flows: [(&str, &[&str]); 4] = [
                    ("implicit", &["authorizationUrl"]),
                    ("password", &["tokenUrl"]),
                    ("clientCredentials", &["tokenUrl"]),
                    ("authorizationCode", &["authorizationUrl", "tokenUrl"]),
                ];
                for (name, urls) in flows {
                    if let Some(flow) = map.get(name).filter(|f| !f.is_null()) {
                        self.within(pointer, name, |c, p| c.flow(flow, urls, p));
                    }
                }
            }
            _ => {}
        }
    }

    /// An OAuth Flow Object, with the URLs its kind of flow requires.
    fn flow(&mut self, value: &Value, urls: &[&'static str], pointer: &mut String) {
        let Value::Object(map) = value else {
            return self.mismatch(pointer, "an OAuth Flow Object (a mapping)", value);
        };
        let mut fields: Vec<Field> = vec![
            ("refreshUrl", Kind::Str, Optional),
            ("scopes", Kind::Map(&Kind::Str), Required),
        ];
        for url in ["authorizationUrl", "tokenUrl"] {
            let presence = if urls.contains(&url) {
                Required
            } else {
                Optional
            };
            fields.push((url, Kind::Str, presence));
        }
        self.fields(map, &fields, "an OAuth Flow Object", pointer);
    }

    fn fields(
        &mut self,
        map: &Map<String, Value>,
        fields: &[Field],
        title: &str,
        pointer: &mut String,
    ) {
        for &(name, kind, presence) in fields {
            match (map.get(name), presence) {
                (None, Required) => self.report(
                    pointer,
                    format!("missing the required member `{name}` of {title}"),
                ),
                (None, _) | (Some(Value::Null), Optional) => {}
                (Some(value), _) => self.within(pointer, name, |c, p| c.value(value, kind, p)),
            }
        }
    }
}

/// A status code as openapiv3 reads it: `100` to `999`, or `1XX` to `9XX`.
fn is_status(key: &str) -> bool {
    let bytes = key.as_bytes();
    bytes.len() == 3
        && bytes[0].is_ascii_digit()
        && (bytes[1..].iter().all(u8::is_ascii_digit) || bytes[1..].eq_ignore_ascii_case(b"XX"))
        && key.parse::<u16>().map_or(true, |n| n >= 100)
}

/// The value, as a message shows it.
fn found(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => {
            let mut shown: String = s.chars().take(40).collect();
            if shown.len() < s.len() {
                shown.push('…');
            }
            format!("the string {shown:?}")
        }
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "a mapping".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn problems(value: Value, kind: Kind) -> Vec<(String, String)> {
        check(&value, kind, "/base")
            .into_iter()
            .map(|p| (p.pointer, p.message))
            .collect()
    }

    #[test]
    fn finds_members_deep_inside_schemas() {
        let schema = json!({
            "type": "object",
            "properties": {
                "a": {"type": "object", "required": "x", "properties": {"x": {}}},
                "b": {"items": {"$ref": 5}},
                "c": {"properties": [1, 2]},
            },
            "additionalProperties": {"minLength": -1},
        });
        assert_eq!(
            problems(schema, SCHEMA),
            [
                (
                    "/base/properties/a/required".into(),
                    "expected a list of strings, found the string \"x\"".into()
                ),
                (
                    "/base/properties/b/items/$ref".into(),
                    "expected a string (a reference), found the number 5".into()
                ),
                (
                    "/base/properties/c/properties".into(),
                    "expected a mapping, found a list".into()
                ),
                (
                    "/base/additionalProperties/minLength".into(),
                    "expected a non-negative integer, found the number -1".into()
                ),
            ]
        );
    }

    #[test]
    fn finds_members_inside_path_items() {
        let item = json!({
            "get": {
                "parameters": [{"name": "q", "in": "body", "schema": {}}, {"name": "r", "in": "query"}],
                "responses": {"200": {"content": {}}, "2XX": {"description": 5}, "bad": 1},
            },
        });
        assert_eq!(
            problems(item, Kind::RefOr(Obj::PathItem)),
            [
                (
                    "/base/get/parameters/0/in".into(),
                    "expected one of `query`, `header`, `path`, `cookie`, found the string \"body\"".into()
                ),
                (
                    "/base/get/parameters/1".into(),
                    "a Parameter Object needs a `schema` or a `content`".into()
                ),
                (
                    "/base/get/responses/200".into(),
                    "missing the required member `description` of a Response Object".into()
                ),
                (
                    "/base/get/responses/2XX/description".into(),
                    "expected a string, found the number 5".into()
                ),
            ]
        );
    }

    #[test]
    fn each_type_read_expects_its_object() {
        use openapiv3::{PathItem, ReferenceOr, Response, Schema};
        assert!(matches!(<Schema as Expect>::KIND, Kind::Obj(Obj::Schema)));
        assert!(matches!(
            <ReferenceOr<PathItem> as Expect>::KIND,
            Kind::RefOr(Obj::PathItem)
        ));
        assert!(matches!(
            <ReferenceOr<ReferenceOr<Response>> as Expect>::KIND,
            Kind::RefOr(Obj::Response)
        ));
    }

    #[test]
    fn status_codes() {
        for ok in ["200", "999", "2XX", "5xx", "100"] {
            assert!(is_status(ok), "{ok}");
        }
        for bad in ["20", "2000", "099", "abc", "X00", "2X0", "default"] {
            assert!(!is_status(bad), "{bad}");
        }
    }
}
