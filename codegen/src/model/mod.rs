//! Stage 3: the intermediate model of the API.
//!
//! This is what the emitters see; they never touch openapiv3 types. Every type has its final,
//! unique Rust name here, every field its Rust and wire names, every operation its URL pieces,
//! parameters, body and responses. [`build`] turns a resolved spec into an [`Api`].

mod build;
mod configure;
mod constraints;
mod dedupe;
mod defaults;
mod features;
mod fits;
mod lenient;
mod operations;
mod pagination;
mod recursion;
mod shape;
mod types;
mod validation;
mod walk;

pub use build::{build, Built};
pub use constraints::{Bound, Constraints, Rule};
pub use features::{union, Features, Gate};
pub use pagination::{FieldPath, FieldStep, NextPage, OffsetUnit, Pagination};
pub use types::MAX_DEPTH;
pub use validation::Checked;

pub use crate::config::Library;
use crate::resolve::Location;

/// Index of a [`TypeDef`] in [`Api::types`].
pub type TypeId = usize;

/// Index of an [`External`] in [`Api::externals`].
pub type ExternalId = usize;

/// The whole API, ready to emit.
#[derive(Debug, Clone)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// The first server URL of the spec, with variables replaced by their defaults; `None`
    /// when the spec has none or it is relative (the user must then set a base URL).
    pub default_server: Option<String>,
    pub security: Vec<SecurityScheme>,
    pub types: Vec<TypeDef>,
    /// The types the model uses but does not define (see [`External`]), each once.
    pub externals: Vec<External>,
    pub operations: Vec<Operation>,
    /// Every `example` of the spec, with the type it should fit.
    pub examples: Vec<Example>,
    /// The webhooks the API sends (OpenAPI 3.1 `webhooks`), in document order.
    pub webhooks: Vec<Webhook>,
    /// Which definitions get a check of their own before a request is sent (worked out
    /// once, when the model is settled; empty before).
    pub checked: Checked,
    /// The cargo features of the tags, when asked for ([`crate::Config::tag_features`]).
    pub features: Option<Features>,
}

/// A type the model uses but does not define, as the configuration asks
/// ([`crate::config::Config`]): the user's type for a replaced schema, or the type of a
/// `format` (`::time::OffsetDateTime`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct External {
    /// The Rust path (checked to be a path to a type).
    pub path: String,
    /// What it stands for.
    pub stands_for: StandsFor,
    /// Its values are one piece of text in a parameter or a form part (the schema is a
    /// string, a number, an integer or a boolean), written as their JSON form (a string
    /// without its quotes); otherwise they are written member by member, as objects are.
    pub scalar: bool,
    /// The library of a built-in choice: a dependency of the crate, and for
    /// [`Library::Time`] the runtime's serde adapter.
    pub library: Option<Library>,
}

/// What an [`External`] type stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StandsFor {
    /// The schema of this name under `components/schemas`, which the configuration replaces.
    Schema(String),
    /// Values of this `format`.
    Format(String),
}

impl std::fmt::Display for StandsFor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StandsFor::Schema(name) => write!(f, "schema `{name}`"),
            StandsFor::Format(format) => write!(f, "format `{format}`"),
        }
    }
}

/// One operation of a webhook: a request the API sends to its users, whose body the
/// generated crate parses (its `webhooks` module).
#[derive(Debug, Clone)]
pub struct Webhook {
    /// The webhook's name in the spec (its key under `webhooks`).
    pub key: String,
    /// `POST`, ... (upper case).
    pub method: String,
    /// The name of the function that parses its body (`parse_new_pet`), unique among them.
    pub function: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    /// The type of its JSON body; `None` when it declares no JSON body.
    pub payload: Option<TypeRef>,
}

/// An `example` (or an entry of `examples`) from the spec, and the type it describes.
#[derive(Debug, Clone)]
pub struct Example {
    /// Where it sits: `file#/json/pointer`.
    pub location: String,
    /// What it is an example of, for a test name: `ChannelType`, `ChannelFromApp.user`.
    pub subject: String,
    pub ty: TypeRef,
    pub value: serde_json::Value,
    /// Why the value does not fit `ty` as the spec describes it (declared members only, enum
    /// values as listed, required members present), or `None` when it fits.
    pub misfit: Option<String>,
    /// What the value comes back as once deserialized into `ty` and serialized again, when
    /// that is not `value` itself: the members it leaves out that take a default come back
    /// with it, and the strings of members read leniently come back as the numbers or
    /// booleans they hold. `None` when it comes back unchanged, or does not fit.
    pub round_trip: Option<serde_json::Value>,
    /// Serializing the value gives back what [`Example::round_trip`] says, so the test
    /// compares; false when the type holds an [`External`] type, whose serde form may write
    /// the same value another way (`+00:00` as `Z`): the test then only reads and writes it.
    pub exact: bool,
    /// The example of a member that is read leniently because of it (see [`Field::lenient`]):
    /// a string holding a number or boolean, which the member's type reads as that value.
    pub lenient: bool,
}

impl Api {
    /// Type definitions in emission order: by name, so that a change to one schema moves no
    /// other definition in the output.
    pub fn types_by_name(&self) -> Vec<&TypeDef> {
        let mut types: Vec<&TypeDef> = self.types.iter().collect();
        types.sort_by(|a, b| a.name.cmp(&b.name));
        types
    }
}

/// A named Rust type: one per component schema, and one per inline object, enum or union.
#[derive(Debug, Clone)]
pub struct TypeDef {
    pub name: String,
    pub docs: Option<String>,
    /// Where the schema sits (for tests that check the spec's examples against the type).
    pub origin: Location,
    /// The schema's `example`, if it has one.
    pub example: Option<serde_json::Value>,
    pub kind: TypeKind,
    /// For an alias or newtype: what its values must satisfy (the schema's validation
    /// keywords, with those of the aliases it expands to). Every use of an alias carries
    /// them too (see [`Field::constraints`]); other definitions check their own members.
    pub constraints: Constraints,
    /// Derives the configuration adds (Rust paths), besides those the type has anyway.
    pub derives: Vec<String>,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    /// `pub type Name = Target;` (a named schema that is a primitive, list or map).
    Alias(TypeRef),
    /// `pub struct Name(pub Target);` for an alias that refers to itself (a type alias cannot).
    Newtype(TypeRef),
    Struct(StructDef),
    Enum(StringEnum),
    IntEnum(IntegerEnum),
    Tagged(TaggedUnion),
    Untagged(UntaggedUnion),
    /// The responses of one side of an operation, by status (see [`Outcome::PerStatus`]).
    /// Not a wire type: the client picks the variant from the status, then decodes the body.
    Responses(StatusEnum),
}

#[derive(Debug, Clone)]
pub struct StatusEnum {
    /// The operation whose responses these are: its method name ([`Operation::name`]).
    pub operation: String,
    pub side: Side,
    pub variants: Vec<StatusVariant>,
}

/// The two sides of an operation's responses: what its method returns, and what its error
/// carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Success,
    Failure,
}

impl Side {
    /// True when responses of this status belong to this side.
    pub fn holds(self, status: Status) -> bool {
        match self {
            Side::Success => status.is_success(),
            Side::Failure => !status.is_success(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct StatusVariant {
    /// `Ok`, `NotFound`, `Status299`, `Status4XX`, `Other` (for `default`).
    pub name: String,
    pub status: Status,
    /// `None` for a response without a body (a unit variant).
    pub body: Option<(TypeRef, Media)>,
    pub docs: String,
}

#[derive(Debug, Clone, Default)]
pub struct StructDef {
    pub fields: Vec<Field>,
    /// The fields that the struct's constructor (`new`) takes, as indices into
    /// [`StructDef::fields`]: its required members, in the order the schema's `required`
    /// lists them (then the flattened unions of a composite object), or, for an operation's
    /// parameters, in the order the operation declares them. Empty when every member may be
    /// absent: the struct then has a `Default` instead. The other fields get setters.
    pub constructor: Vec<usize>,
    /// `additionalProperties` with a schema, next to declared properties: a flattened map.
    pub additional: Option<TypeRef>,
    /// What each value of [`StructDef::additional`] must satisfy.
    pub additional_constraints: Constraints,
    /// For the query, header and cookie parameters of an operation rather than a schema: that
    /// operation's method name ([`Operation::name`]). Not a wire type; derives `Default` where
    /// it can.
    pub params_of: Option<String>,
}

impl StructDef {
    /// True when every field may be absent, so the struct has a `Default` (derived, or
    /// written out when some field defaults to the spec's value, see [`Field::default`]).
    pub fn all_optional(&self) -> bool {
        self.fields.iter().all(|f| !f.required)
    }
}

#[derive(Debug, Clone)]
pub struct Field {
    /// Rust identifier, unique within the struct.
    pub name: String,
    /// Name on the wire (JSON member, query or header name).
    pub wire: String,
    pub ty: TypeRef,
    pub required: bool,
    pub docs: Option<String>,
    pub deprecated: bool,
    /// The field's type contains the struct itself, so it is boxed.
    pub boxed: bool,
    /// `#[serde(flatten)]`: the union part of a composite object (no wire name of its own).
    pub flatten: bool,
    /// The `default` of the field's schema (its own, or that of the schema its `$ref` or
    /// `allOf: [$ref]` names), when the spec gives one that fits the field's type; one that
    /// does not is dropped with a warning.
    ///
    /// Where a member may be absent and is neither `readOnly` nor `writeOnly`, an absent
    /// member takes the default: the field is `T` rather than `Option<T>` (still `Option`
    /// when nullable, `null` being a value of its own), `#[serde(default = ...)]` calls an
    /// associated function `default_<field>()` that returns the value, and a struct whose
    /// fields are all optional gets a `Default` with those values. That is what OpenAPI means
    /// by a default (the value the server assumes for an absent member), and what users of a
    /// response want: the value, not an `Option` to resolve by reading the docs. The price is
    /// on the request side: the field is always sent, the default included, which a server
    /// must take as it would take the member's absence.
    ///
    /// Elsewhere the default is only documented: required members (never absent), one-way
    /// members (absent in one direction whatever their default), values no Rust expression is
    /// written for (objects of a struct type, unions), and the parameters of operations. Those
    /// stay `Option`s, sent only when set: the server applies its own default to what is not
    /// sent, and a client that sent the spec's default on every call would pin it.
    pub default: Option<FieldDefault>,
    /// What a value of the field must satisfy before it is sent: the validation keywords of
    /// its schema, and of the aliases its type expands to (see [`Constraints`]).
    pub constraints: Constraints,
    /// For a number or boolean member (or a nullable one): why it is also read from a string
    /// holding its value (`"100"`), when it is. Sending is unchanged: the value is sent as
    /// the schema says.
    pub lenient: Option<Leniency>,
}

/// Why a number or boolean member is also read from a string holding it (see
/// [`Field::lenient`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Leniency {
    /// The spec's own example of the member (at `location`, `file#/pointer`) writes it as the
    /// string `text`: a server is likely to send what the examples show.
    Example { location: String, text: String },
    /// The generator was asked to read numbers written as strings in every member
    /// ([`crate::Config::numbers_as_strings`]).
    Everywhere,
}

impl Field {
    /// The value absent members deserialize to, when the field takes its default.
    pub fn default_value(&self) -> Option<&Literal> {
        self.default.as_ref().and_then(|d| d.value.as_ref())
    }

    /// True when the field's Rust type is an `Option`: nullable, or optional without a
    /// default it takes.
    pub fn is_option(&self) -> bool {
        matches!(self.ty, TypeRef::Option(_)) || self.omitted_when_none()
    }

    /// True when the member is left out of what is sent while the field is `None`: an optional
    /// member without a default it takes (a required one is sent as `null`, and so is one with
    /// a default, whose absence would mean the default).
    pub fn omitted_when_none(&self) -> bool {
        !self.required && self.default_value().is_none()
    }
}

/// The `default` the spec gives a field (see [`Field::default`]).
#[derive(Debug, Clone)]
pub struct FieldDefault {
    /// The value as the spec writes it (the field's docs show it).
    pub json: serde_json::Value,
    /// Where the spec writes it.
    pub at: Location,
    /// The field sits where an absent member takes the default (an optional member of a
    /// schema that is neither `readOnly` nor `writeOnly`).
    pub fills_absent: bool,
    /// What an absent member deserializes to, as a Rust value of the field's type. Set once
    /// every type is known, when `fills_absent` and the value can be written in Rust.
    pub value: Option<Literal>,
}

/// A value of a field's type, as the emitters write it in Rust.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Bool(bool),
    /// In range of the integer type it is for.
    Integer(i128),
    F32(f32),
    F64(f64),
    String(String),
    /// A variant of an enum definition (string or integer): its index in the variants.
    Variant {
        ty: TypeId,
        index: usize,
    },
    /// A nullable type's value (`null` is `None`).
    Some(Box<Literal>),
    None,
    List(Vec<Literal>),
    /// A `BTreeMap` (`additionalProperties`), in key order.
    Map(Vec<(String, Literal)>),
    /// Any JSON value (`serde_json::Value`).
    Json(serde_json::Value),
    /// A free-form JSON object (`serde_json::Map`).
    JsonObject(serde_json::Map<String, serde_json::Value>),
}

/// A string enum. Deserializing a value the spec does not list yields `Other(value)` instead
/// of an error, so a server adding a value does not break old clients.
#[derive(Debug, Clone)]
pub struct StringEnum {
    pub variants: Vec<EnumVariant>,
    /// Index of the variant named by the schema's `default`.
    pub default: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct EnumVariant {
    pub name: String,
    pub value: String,
}

/// An integer enum (`type: integer` with `enum`), sent as its number. Like a string enum, a
/// value the spec does not list deserializes as `Other(value)` rather than failing.
#[derive(Debug, Clone)]
pub struct IntegerEnum {
    /// The integer type of the values (`I32`, `I64`, `U32` or `U64`, from the `format`).
    pub repr: TypeRef,
    pub variants: Vec<IntegerVariant>,
    /// Index of the variant named by the schema's `default`.
    pub default: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct IntegerVariant {
    /// `V1`, `VMinus1`, or the name `x-enum-varnames` gives.
    pub name: String,
    pub value: i128,
    /// The variant's name comes from `x-enum-varnames` (so its docs show the value).
    pub named_by_spec: bool,
}

/// A oneOf whose variants are told apart by one property (`#[serde(tag = ...)]`).
#[derive(Debug, Clone)]
pub struct TaggedUnion {
    pub tag: String,
    pub variants: Vec<TaggedVariant>,
}

#[derive(Debug, Clone)]
pub struct TaggedVariant {
    pub name: String,
    /// The tag value that selects this variant.
    pub value: String,
    /// The variant's struct, which has no field for the tag.
    pub ty: TypeRef,
    pub docs: Option<String>,
    /// The variant's type contains the union itself, so it is boxed.
    pub boxed: bool,
}

/// A oneOf/anyOf tried variant by variant (`#[serde(untagged)]`).
#[derive(Debug, Clone)]
pub struct UntaggedUnion {
    pub variants: Vec<UntaggedVariant>,
}

#[derive(Debug, Clone)]
pub struct UntaggedVariant {
    pub name: String,
    pub ty: TypeRef,
    pub docs: Option<String>,
    /// The variant's type contains the union itself, so it is boxed.
    pub boxed: bool,
}

/// A use of a type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    Bool,
    I32,
    I64,
    U32,
    U64,
    F32,
    F64,
    String,
    /// Raw bytes (a non-JSON, non-text body, or a binary property of a multipart body).
    Bytes,
    /// Any JSON value.
    Json,
    /// A free-form JSON object.
    JsonObject,
    Vec(Box<TypeRef>),
    /// A fixed-length array whose items have types of their own (a JSON Schema
    /// `prefixItems`, which the load stage passes on as `x-codegen-prefix-items`): a Rust tuple.
    Tuple(Vec<TypeRef>),
    /// A string-keyed map (`additionalProperties`).
    Map(Box<TypeRef>),
    /// `nullable: true`.
    Option(Box<TypeRef>),
    Named(TypeId),
    /// A type the model does not define (see [`External`]).
    External(ExternalId),
}

impl TypeRef {
    /// The type with aliases followed to what they stand for, among the definitions `types`
    /// (an [`Api`]'s, or those of a model being built): a value of the result is a value of
    /// `self`. `Option`s are not unwrapped. At most one step per definition: a cycle of
    /// aliases, which the model breaks with newtypes, cannot hang it.
    pub fn expand<'a>(&'a self, types: &'a [TypeDef]) -> &'a TypeRef {
        let mut ty = self;
        for _ in 0..=types.len() {
            match ty {
                TypeRef::Named(id) => match &types[*id].kind {
                    TypeKind::Alias(target) => ty = target,
                    _ => break,
                },
                _ => break,
            }
        }
        ty
    }

    /// True for a number or boolean type (itself, not through aliases).
    pub fn is_number_or_bool(&self) -> bool {
        matches!(
            self,
            TypeRef::Bool
                | TypeRef::I32
                | TypeRef::I64
                | TypeRef::U32
                | TypeRef::U64
                | TypeRef::F32
                | TypeRef::F64
        )
    }

    /// The number or boolean type that values of this type are, through aliases and the
    /// `Option`s of nullable types, among the definitions `types`; `None` for any other type.
    pub fn scalar<'a>(&'a self, types: &'a [TypeDef]) -> Option<&'a TypeRef> {
        let mut ty = self;
        // Bounded: an alias cycle (which the model breaks with newtypes) cannot hang it.
        for _ in 0..=types.len() {
            match ty.expand(types) {
                TypeRef::Option(inner) => ty = inner,
                scalar if scalar.is_number_or_bool() => return Some(scalar),
                _ => return None,
            }
        }
        None
    }

    /// True for a type whose values are written as their text in a path, query, header or
    /// form part: numbers, strings, booleans and enums. `kind` looks up a definition; aliases
    /// must be followed before.
    pub fn is_text_value<'a>(&self, kind: impl Fn(TypeId) -> &'a TypeKind) -> bool {
        match self {
            TypeRef::String => true,
            TypeRef::Named(id) => matches!(kind(*id), TypeKind::Enum(_) | TypeKind::IntEnum(_)),
            other => other.is_number_or_bool(),
        }
    }
}

/// How the client authenticates, from `components.securitySchemes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// The scheme's key in the spec.
    pub key: String,
    /// The name of the client's constant for it (`BEARER_AUTH`), unique among the client's
    /// constants.
    pub const_name: String,
    pub kind: SecurityKind,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityKind {
    /// `http` + `bearer` (and oauth2 / openIdConnect, which also send bearer tokens).
    Bearer,
    /// `http` + `basic`.
    Basic,
    /// `apiKey` sent in a header, query parameter or cookie.
    ApiKey {
        location: ParamLocation,
        name: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

/// One HTTP operation, emitted as one async method of the client.
#[derive(Debug, Clone)]
pub struct Operation {
    /// Method name (snake case of the operationId, unique).
    pub name: String,
    /// The operationId, or the name derived from method + path when the spec has none.
    pub id: String,
    /// `GET`, `POST`, ... (upper case).
    pub method: String,
    /// The path template as written in the spec.
    pub path: String,
    pub segments: Vec<Segment>,
    /// `name=value` pairs written in the path template after a `?` (see [`QueryPair`]).
    pub fixed_query: Vec<QueryPair>,
    /// Operation- or path-level server override.
    pub server: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// Path parameters, in the order they appear in the path: positional arguments.
    /// The operation's `tags`, as the spec lists them.
    pub tags: Vec<String>,
    pub path_params: Vec<PathParam>,
    /// Query, header and cookie parameters, gathered in one struct.
    pub params: Option<ParamsStruct>,
    pub body: Option<Body>,
    pub responses: Vec<Response>,
    /// What the method returns for a success status.
    pub success: Outcome,
    /// What its error carries for an error status the spec declares.
    pub failure: Outcome,
    /// The credentials this operation accepts, as the spec's `security` says: alternatives,
    /// each the indices into [`Api::security`] of the schemes it needs together. An empty
    /// alternative means "no credentials needed"; no alternatives at all, that the operation
    /// needs none.
    pub security: Vec<Vec<usize>>,
    /// How the operation pages through a list, when it is recognised as paged (see
    /// [`Pagination`]).
    pub pagination: Option<Pagination>,
    /// The name of the client's private method that builds this operation's request (from
    /// the same arguments as its public method), so that every method that sends the
    /// operation (its own, a paginator) builds it the same way. Unique among the client's
    /// methods, as [`Operation::name`] is.
    pub request_fn: String,
    /// The name of the client's private function that turns a response of this operation
    /// into its value or its error (see [`Operation::request_fn`]).
    pub decode_fn: String,
    /// The name of the type that stands for this operation in the generated `mock` module
    /// (its typed mocks): unique there, and never a name of the prelude, which the module's
    /// code uses.
    pub mock_type: String,
}

/// One `/`-separated piece of the path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Literal(String),
    /// A segment made of literal text and parameters (`{id}` or `{name}.json`).
    Template(Vec<SegmentPart>),
}

/// A query pair written into the path template (`/rest?method=flickr.photos.search`,
/// `/history?from={from}`). OpenAPI does not allow it, but real specs do it to tell operations
/// on one path apart; it is sent on every call rather than percent-encoded into the path.
/// Parameters it names that are declared `in: query` are left to the parameters struct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryPair {
    pub name: Vec<SegmentPart>,
    pub value: Vec<SegmentPart>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SegmentPart {
    Literal(String),
    /// Index into [`Operation::path_params`].
    Param(usize),
}

#[derive(Debug, Clone)]
pub struct PathParam {
    /// Rust argument name.
    pub name: String,
    pub wire: String,
    /// Never an `Option`: a path parameter is always sent.
    pub ty: TypeRef,
    pub docs: Option<String>,
    /// What the value must satisfy before it is sent (see [`Field::constraints`]).
    pub constraints: Constraints,
}

/// The struct holding an operation's query, header and cookie parameters.
#[derive(Debug, Clone)]
pub struct ParamsStruct {
    pub ty: TypeId,
    /// Per field of that struct (same order): where and how it is sent.
    pub params: Vec<SentParam>,
    /// True when some parameter is required (no `Default`).
    pub has_required: bool,
}

#[derive(Debug, Clone)]
pub struct SentParam {
    /// The struct field.
    pub field: String,
    pub wire: String,
    pub location: ParamLocation,
    pub required: bool,
    /// How the value is written (the parameter's `style`, or the default for its location).
    pub style: ParamStyle,
    /// The parameter's `explode`, or the default for its style (true for `form` only).
    pub explode: bool,
    pub shape: ParamShape,
}

/// How a parameter value that is a list or an object is written (OpenAPI `style`). For
/// `id = {role: admin, firstName: Alex}` and `ids = [3, 4]`:
///
/// | style            | explode | query                                   | list              |
/// |------------------|---------|-----------------------------------------|-------------------|
/// | `form`           | true    | `role=admin&firstName=Alex`             | `ids=3&ids=4`     |
/// | `form`           | false   | `id=role,admin,firstName,Alex`          | `ids=3,4`         |
/// | `spaceDelimited` | false   | `id=role%20admin%20firstName%20Alex`    | `ids=3%204`       |
/// | `pipeDelimited`  | false   | `id=role\|admin\|firstName\|Alex`       | `ids=3\|4`        |
/// | `deepObject`     | (true)  | `id[role]=admin&id[firstName]=Alex`     | `ids[0]=3&ids[1]=4` |
///
/// Headers use `simple` (`role,admin,firstName,Alex`; exploded `role=admin,firstName=Alex`),
/// cookies `form`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
    Simple,
}

/// What a parameter holds, as far as its serialization goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamShape {
    /// A number, string, boolean or string enum: written as its text.
    Scalar,
    /// A list (`type: array`).
    List,
    /// Anything else: an object, a map, a union or any JSON value, serialized with serde and
    /// written member by member as its style says.
    Object,
}

#[derive(Debug, Clone)]
pub struct Body {
    pub ty: TypeRef,
    pub required: bool,
    pub media: Media,
    /// The content type as written in the spec.
    pub content_type: String,
    pub docs: Option<String>,
    /// For [`Media::Multipart`]: the parts, in the order of the body's fields.
    pub parts: Vec<Part>,
    /// What the body must satisfy before it is sent, when its type is no struct or union
    /// (those check their own members): a list's `maxItems`, a text body's `maxLength`.
    pub constraints: Constraints,
}

/// One part (or set of parts) of a `multipart/form-data` body.
#[derive(Debug, Clone)]
pub struct Part {
    /// The field of the body's struct that holds the value; `None` for the body itself (a
    /// free-form object or map, sent member by member).
    pub field: Option<String>,
    /// The part's name (the property); unused for [`PartKind::Members`].
    pub name: String,
    pub kind: PartKind,
    /// The field is an `Option` (nothing is sent when it is `None`). Settled once defaults
    /// are known: an optional member with a default it takes is no `Option`.
    pub optional: bool,
    /// The part's `Content-Type` (from the media type's `encoding`, else the default of its
    /// kind); `None` sends none (a text part, `text/plain` by default).
    pub content_type: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// `type: string, format: binary`: bytes, sent as a file (with a file name).
    File,
    /// A list of binaries: one file part per item, all with the same name.
    Files,
    /// A number, string, boolean or string enum: a text part.
    Text,
    /// A list of those: one text part per item, all with the same name.
    Texts,
    /// Anything else (objects, lists of objects, any JSON): one part holding its JSON text.
    Json,
    /// A map, flattened union or free-form object: one part per member, named by its key
    /// (text for scalar members, JSON otherwise).
    Members,
}

/// How a body is encoded on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Media {
    Json,
    /// `application/x-www-form-urlencoded` (serde_urlencoded, through reqwest).
    Form,
    /// `multipart/form-data` with an object schema, sent part by part (see [`Part`]); a
    /// request body only (a multipart response is [`Media::Binary`]).
    Multipart,
    Text,
    Binary,
}

#[derive(Debug, Clone)]
pub struct Response {
    pub status: Status,
    /// `None` for a response without a body.
    pub body: Option<(TypeRef, Media)>,
    pub description: String,
    /// The names of the headers the response declares, as the spec writes them.
    pub headers: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Code(u16),
    /// `2XX` and the like: the hundreds digit.
    Range(u16),
    Default,
}

impl Status {
    /// `404`, `4XX`, `default`: as the spec writes it.
    pub fn spec_text(self) -> String {
        match self {
            Status::Code(code) => code.to_string(),
            Status::Range(hundreds) => format!("{hundreds}XX"),
            Status::Default => "default".to_owned(),
        }
    }

    pub fn is_success(self) -> bool {
        match self {
            Status::Code(code) => (200..300).contains(&code),
            Status::Range(hundreds) => hundreds == 2,
            Status::Default => false,
        }
    }
}

/// One side of an operation's responses: what its method returns on success
/// (`Result<T, _>`), or what its error carries for the error statuses the spec declares
/// (`Error<E>`, the `Error::Api` variant).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// No response of this side declares a body: `()` on success; on failure, declared error
    /// statuses are reported like undeclared ones (`Error::UnexpectedStatus`).
    Empty,
    /// Every response of this side has a body of this one type.
    One(TypeRef, Media),
    /// The responses of this side differ (in type, or some have a body and some have not):
    /// a [`TypeKind::Responses`] enum with one variant per status.
    PerStatus(TypeId),
}
