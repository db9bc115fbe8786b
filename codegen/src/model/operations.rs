//! Operations: one client method each, with their URL template, parameters, body and
//! responses. Parameters, request bodies and responses may be `$ref`s (to components or
//! anywhere else); they are resolved like schemas.

use openapiv3::{MediaType, Parameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr, Server};

use super::types::TypeSpace;
use super::{
    Body, Field, FieldDefault, Media, Operation, Outcome, ParamLocation, ParamShape, ParamStyle,
    ParamsStruct, PathParam, QueryPair, Response, Segment, SegmentPart, SentParam, Status,
    StatusEnum, StatusVariant, StructDef, TypeDef, TypeKind, TypeRef,
};
use crate::error::ErrorKind;
use crate::naming::{self, Scope};
use crate::resolve::Location;

/// What an operation needs from its surroundings.
pub struct Context<'a> {
    pub path: &'a str,
    pub method: &'a str,
    pub operation: &'a openapiv3::Operation,
    pub at: Location,
    pub path_parameters: &'a [ReferenceOr<Parameter>],
    pub path_at: Location,
    pub path_servers: &'a [Server],
    /// The method name, already made unique among all operations.
    pub name: String,
    pub id: String,
    /// Indices of the security schemes that apply.
    pub security: Vec<usize>,
}

/// A parameter after resolution, with where it was declared.
struct Declared {
    parameter: Parameter,
    at: Location,
    /// Declared under `components/parameters`: its types are named after the component.
    component: Option<String>,
}

impl TypeSpace<'_> {
    pub fn operation(&mut self, cx: Context<'_>) -> Operation {
        let type_prefix = naming::type_part(&cx.id);
        let declared = self.parameters(&cx);

        // Path parameters are positional arguments, in the order the template names them.
        let mut arguments = Scope::with_reserved(&["self", "params", "body"]);
        let mut path_params: Vec<PathParam> = Vec::new();
        let mut segments = Vec::new();
        let (path, query) = split_template(cx.path);
        for raw in path.split('/').filter(|s| !s.is_empty()) {
            if !raw.contains('{') {
                segments.push(Segment::Literal(raw.to_owned()));
                continue;
            }
            let parts = self.template_parts(
                raw,
                &mut arguments,
                &mut path_params,
                &declared,
                &cx,
                &type_prefix,
            );
            segments.push(Segment::Template(parts));
        }
        let mut fixed_query = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let sent_by_params = |raw: &str| {
                raw.split(['{', '}']).skip(1).step_by(2).any(|placeholder| {
                    declared.iter().any(|d| {
                        matches!(&d.parameter, Parameter::Query { parameter_data, .. }
                            if parameter_data.name == placeholder)
                    })
                })
            };
            if sent_by_params(name) || sent_by_params(value) {
                continue;
            }
            // Literal text is percent-decoded: it is encoded again when sent.
            let mut parts = |raw: &str| {
                let mut parts = self.template_parts(
                    raw,
                    &mut arguments,
                    &mut path_params,
                    &declared,
                    &cx,
                    &type_prefix,
                );
                for part in &mut parts {
                    if let SegmentPart::Literal(text) = part {
                        *text = percent_encoding::percent_decode_str(text)
                            .decode_utf8_lossy()
                            .into_owned();
                    }
                }
                parts
            };
            let name = parts(name);
            let value = parts(value);
            fixed_query.push(QueryPair { name, value });
        }
        for d in &declared {
            if let Parameter::Path { parameter_data, .. } = &d.parameter {
                if !path_params.iter().any(|p| p.wire == parameter_data.name) {
                    self.error(self.resolver.error(
                        &d.at,
                        ErrorKind::Invalid(format!(
                            "path parameter `{}` does not appear in the path `{}`",
                            parameter_data.name, cx.path
                        )),
                    ));
                }
            }
        }

        let params = self.params_struct(&declared, &type_prefix, &cx);
        let body = self.request_body(&cx, &type_prefix);
        let responses = self.responses(&cx, &type_prefix);
        let success = self.outcome(&responses, Side::Success, &type_prefix, &cx);
        let failure = self.outcome(&responses, Side::Failure, &type_prefix, &cx);
        let server = cx
            .operation
            .servers
            .first()
            .or(cx.path_servers.first())
            .map(server_url);

        Operation {
            name: cx.name,
            id: cx.id,
            method: cx.method.to_ascii_uppercase(),
            path: cx.path.to_owned(),
            segments,
            fixed_query,
            server,
            summary: cx.operation.summary.clone(),
            description: cx.operation.description.clone(),
            deprecated: cx.operation.deprecated,
            path_params,
            params,
            body,
            responses,
            success,
            failure,
            security: cx.security,
            pagination: None,
        }
    }

    /// Path-level and operation-level parameters, resolved; the operation's win on conflict.
    fn parameters(&mut self, cx: &Context<'_>) -> Vec<Declared> {
        let mut out: Vec<Declared> = Vec::new();
        let levels = [
            (cx.path_parameters, &cx.path_at),
            (cx.operation.parameters.as_slice(), &cx.at),
        ];
        for (list, base) in levels {
            for (i, item) in list.iter().enumerate() {
                let at = base.descend(&["parameters", &i.to_string()]);
                let Some(declared) = self.parameter(item, at) else {
                    continue;
                };
                let data = declared.parameter.parameter_data_ref();
                let same = |d: &Declared| {
                    let other = d.parameter.parameter_data_ref();
                    other.name == data.name
                        && location(&d.parameter) == location(&declared.parameter)
                };
                match out.iter().position(same) {
                    Some(existing) => out[existing] = declared,
                    None => out.push(declared),
                }
            }
        }
        out
    }

    fn parameter(&mut self, item: &ReferenceOr<Parameter>, at: Location) -> Option<Declared> {
        match item {
            ReferenceOr::Item(parameter) => Some(Declared {
                parameter: parameter.clone(),
                at,
                component: None,
            }),
            ReferenceOr::Reference { reference } => {
                let target = self
                    .resolver
                    .follow(reference, &at)
                    .map_err(|e| self.error(e))
                    .ok()?;
                let parameter: Parameter = self
                    .resolver
                    .deserialize(&target)
                    .map_err(|e| self.error(e))
                    .ok()?;
                let component = target
                    .pointer
                    .strip_prefix("/components/parameters/")
                    .and_then(|_| target.last_token());
                Some(Declared {
                    parameter,
                    at: target,
                    component,
                })
            }
        }
    }

    /// The type of a parameter's value.
    fn parameter_type(&mut self, declared: &Declared, type_prefix: &str) -> TypeRef {
        let data = declared.parameter.parameter_data_ref();
        let hint = match &declared.component {
            Some(component) => naming::type_name(component),
            None => format!("{type_prefix}{}", naming::type_part(&data.name)),
        };
        let ty = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                let ty = self.of_ref_or(schema, &declared.at.child("schema"), &hint);
                if let ReferenceOr::Item(schema) = schema {
                    if let (Some(example), false) =
                        (&schema.schema_data.example, matches!(ty, TypeRef::Named(_)))
                    {
                        let at = declared.at.descend(&["schema", "example"]);
                        self.example(&at, format!("{hint}.schema"), &ty, example);
                    }
                }
                ty
            }
            ParameterSchemaOrContent::Content(content) => match content.iter().next() {
                Some((
                    media,
                    media_type @ MediaType {
                        schema: Some(schema),
                        ..
                    },
                )) => {
                    let at = declared.at.descend(&["content", media]);
                    let ty = self.of_ref_or(schema, &at.child("schema"), &hint);
                    self.media_examples(media_type, &at, &hint, &ty);
                    ty
                }
                _ => TypeRef::String,
            },
        };
        if let Some(example) = &data.example {
            self.example(&declared.at.child("example"), hint.clone(), &ty, example);
        }
        for (name, item) in &data.examples {
            let at = declared.at.descend(&["examples", name]);
            self.named_example(item, &at, &hint, &ty);
        }
        ty
    }

    /// The type and encoding of a body (request or response) of the given content type, whose
    /// `content` map sits in the object at `at`; records its examples when it is JSON.
    fn content_type(
        &mut self,
        content_type: &str,
        media_type: &MediaType,
        at: &Location,
        hint: &str,
    ) -> (TypeRef, Media) {
        let media = media_of(content_type);
        let media_at = at.descend(&["content", content_type]);
        let ty = match (&media_type.schema, media) {
            (_, Media::Binary) => TypeRef::Bytes,
            (Some(schema), _) => self.of_ref_or(schema, &media_at.child("schema"), hint),
            (None, Media::Text) => TypeRef::String,
            (None, _) => TypeRef::Json,
        };
        if media == Media::Json {
            self.media_examples(media_type, &media_at, hint, &ty);
        }
        (ty, media)
    }

    /// The `example` and `examples` of a media type (request or response body).
    fn media_examples(&mut self, media: &MediaType, at: &Location, subject: &str, ty: &TypeRef) {
        if let Some(example) = &media.example {
            self.example(&at.child("example"), subject.to_owned(), ty, example);
        }
        for (name, item) in &media.examples {
            let at = at.descend(&["examples", name]);
            self.named_example(item, &at, subject, ty);
        }
    }

    /// One entry of an `examples` map: an Example object (maybe a ref) whose `value` counts.
    fn named_example(
        &mut self,
        item: &ReferenceOr<openapiv3::Example>,
        at: &Location,
        subject: &str,
        ty: &TypeRef,
    ) {
        let (example, at) = match item {
            ReferenceOr::Item(example) => (example.clone(), at.clone()),
            ReferenceOr::Reference { reference } => {
                let resolved = self.resolver.follow(reference, at).and_then(|target| {
                    let example: openapiv3::Example = self.resolver.deserialize(&target)?;
                    Ok((example, target))
                });
                match resolved {
                    Ok(found) => found,
                    Err(e) => {
                        self.error(e);
                        return;
                    }
                }
            }
        };
        if let Some(value) = &example.value {
            self.example(&at.child("value"), subject.to_owned(), ty, value);
        }
    }

    /// The literal text and `{parameter}`s of one piece of the path template, adding the
    /// parameters not met yet to `path_params`.
    fn template_parts(
        &mut self,
        raw: &str,
        arguments: &mut Scope,
        path_params: &mut Vec<PathParam>,
        declared: &[Declared],
        cx: &Context<'_>,
        type_prefix: &str,
    ) -> Vec<SegmentPart> {
        let mut parts = Vec::new();
        for (i, piece) in raw.split(['{', '}']).enumerate() {
            if i % 2 == 0 {
                if !piece.is_empty() {
                    parts.push(SegmentPart::Literal(piece.to_owned()));
                }
                continue;
            }
            let index = match path_params.iter().position(|p| p.wire == piece) {
                Some(index) => index,
                None => {
                    let param = self.path_param(piece, declared, cx, type_prefix);
                    path_params.push(PathParam {
                        name: arguments.claim(param.name.clone(), piece),
                        ..param
                    });
                    path_params.len() - 1
                }
            };
            parts.push(SegmentPart::Param(index));
        }
        parts
    }

    fn path_param(
        &mut self,
        wire: &str,
        declared: &[Declared],
        cx: &Context<'_>,
        type_prefix: &str,
    ) -> PathParam {
        let found = declared.iter().find(|d| {
            matches!(&d.parameter, Parameter::Path { parameter_data, .. } if parameter_data.name == wire)
        });
        let Some(found) = found else {
            self.error(self.resolver.error(
                &cx.at,
                ErrorKind::Invalid(format!(
                    "the path `{}` names `{{{wire}}}`, but no path parameter `{wire}` is declared",
                    cx.path
                )),
            ));
            return PathParam {
                name: naming::field_name(wire),
                wire: wire.to_owned(),
                ty: TypeRef::String,
                docs: None,
            };
        };
        PathParam {
            name: naming::field_name(wire),
            wire: wire.to_owned(),
            ty: self.parameter_type(found, type_prefix),
            docs: found.parameter.parameter_data_ref().description.clone(),
        }
    }

    /// Query, header and cookie parameters as the fields of one `{Operation}Params` struct.
    fn params_struct(
        &mut self,
        declared: &[Declared],
        type_prefix: &str,
        cx: &Context<'_>,
    ) -> Option<ParamsStruct> {
        let mut fields = Vec::new();
        let mut sent = Vec::new();
        let mut scope = Scope::default();
        for d in declared {
            let (location, style) = match &d.parameter {
                Parameter::Path { .. } => continue,
                Parameter::Query { style, .. } => (
                    ParamLocation::Query,
                    match style {
                        QueryStyle::Form => ParamStyle::Form,
                        QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                        QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                        QueryStyle::DeepObject => ParamStyle::DeepObject,
                    },
                ),
                Parameter::Header { .. } => (ParamLocation::Header, ParamStyle::Simple),
                Parameter::Cookie { .. } => (ParamLocation::Cookie, ParamStyle::Form),
            };
            let data = d.parameter.parameter_data_ref();
            let explode = data.explode.unwrap_or(style == ParamStyle::Form);
            let ty = self.parameter_type(d, type_prefix);
            let name = scope.claim(naming::field_name(&data.name), &data.name);
            let shape = match self.follow_aliases(unwrap_option(&ty)) {
                TypeRef::Vec(_) => ParamShape::List,
                other if self.is_scalar(other) => ParamShape::Scalar,
                _ => ParamShape::Object,
            };
            // The server applies a parameter's default when it is not sent: documented only.
            let default = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    self.schema_default(schema, &d.at.child("schema"))
                }
                ParameterSchemaOrContent::Content(_) => None,
            }
            .map(|(at, json)| FieldDefault {
                json,
                at,
                fills_absent: false,
                value: None,
            });
            sent.push(SentParam {
                field: name.clone(),
                wire: data.name.clone(),
                location,
                required: data.required,
                style,
                explode,
                shape,
            });
            fields.push(Field {
                name,
                wire: data.name.clone(),
                ty,
                required: data.required,
                docs: data.description.clone(),
                deprecated: data.deprecated.unwrap_or(false),
                boxed: false,
                flatten: false,
                default,
            });
        }
        if fields.is_empty() {
            return None;
        }
        let has_required = sent.iter().any(|p| p.required);
        let def = StructDef {
            fields,
            additional: None,
            is_params: true,
        };
        let ty = self.add_definition(TypeDef {
            name: format!("{type_prefix}Params"),
            docs: Some(format!(
                "Query, header and cookie parameters of [`Client::{}`](crate::Client::{}).",
                cx.name, cx.name
            )),
            origin: cx.at.clone(),
            example: None,
            kind: TypeKind::Struct(def),
        });
        Some(ParamsStruct {
            ty,
            params: sent,
            has_required,
        })
    }

    /// True for a type whose values are written as their text in a parameter or a form part:
    /// numbers, strings, booleans and string enums (with aliases already followed).
    pub(super) fn is_scalar(&self, ty: &TypeRef) -> bool {
        ty.is_text_value(|id| &self.defs[id].kind)
    }

    /// A type with aliases (not `Option`s) followed to what they stand for, as the emitters
    /// see it: a value of the result is a value of `ty`. (At most one step per definition: a
    /// cycle of aliases, which should not exist, cannot hang it.)
    pub(super) fn follow_aliases<'t>(&'t self, mut ty: &'t TypeRef) -> &'t TypeRef {
        for _ in 0..=self.defs.len() {
            match ty {
                TypeRef::Named(id) => match &self.defs[*id].kind {
                    TypeKind::Alias(target) => ty = target,
                    _ => return ty,
                },
                _ => return ty,
            }
        }
        ty
    }

    fn request_body(&mut self, cx: &Context<'_>, type_prefix: &str) -> Option<Body> {
        let item = cx.operation.request_body.as_ref()?;
        let mut at = cx.at.child("requestBody");
        let mut hint = format!("{type_prefix}Request");
        let body: openapiv3::RequestBody = match item {
            ReferenceOr::Item(body) => body.clone(),
            ReferenceOr::Reference { reference } => {
                let target = self
                    .resolver
                    .follow(reference, &at)
                    .map_err(|e| self.error(e))
                    .ok()?;
                if let Some(name) = target
                    .pointer
                    .strip_prefix("/components/requestBodies/")
                    .and_then(|_| target.last_token())
                {
                    hint = naming::type_name(&name);
                }
                at = target;
                self.resolver
                    .deserialize(&at)
                    .map_err(|e| self.error(e))
                    .ok()?
            }
        };
        let (content_type, media_type) = pick_content(&body.content)?;
        let multipart = is_form_data(content_type)
            .then(|| {
                let media_at = at.descend(&["content", content_type]);
                self.multipart(media_type, &media_at, &hint)
            })
            .flatten();
        let (ty, media, parts) = match multipart {
            Some((ty, parts)) => (ty, Media::Multipart, parts),
            None => {
                let (ty, media) = self.content_type(content_type, media_type, &at, &hint);
                (ty, media, Vec::new())
            }
        };
        Some(Body {
            ty,
            required: body.required,
            media,
            content_type: content_type.to_owned(),
            docs: body.description.clone(),
            parts,
        })
    }

    fn responses(&mut self, cx: &Context<'_>, type_prefix: &str) -> Vec<Response> {
        let responses = &cx.operation.responses;
        let mut listed: Vec<(Status, String, &ReferenceOr<openapiv3::Response>)> = responses
            .responses
            .iter()
            .map(|(code, response)| {
                let status = match code {
                    openapiv3::StatusCode::Code(c) => Status::Code(*c),
                    openapiv3::StatusCode::Range(r) => Status::Range(*r),
                };
                (status, code.to_string(), response)
            })
            .collect();
        // openapiv3 skips keys it cannot read as a status: they are reported, not dropped
        // without a word. It reads `2xx` as `2XX`: locations use the key as written.
        let raw_at = cx.at.child("responses");
        let keys: Vec<String> = match self.resolver.tree(&raw_at) {
            Some(serde_json::Value::Object(raw)) => raw.keys().cloned().collect(),
            _ => Vec::new(),
        };
        for (_, code, _) in &mut listed {
            if let Some(key) = keys.iter().find(|k| k.eq_ignore_ascii_case(code)) {
                code.clone_from(key);
            }
        }
        for key in &keys {
            if key == "default"
                || key.starts_with("x-")
                || listed.iter().any(|(_, code, _)| code == key)
            {
                continue;
            }
            let warning = self.resolver.error(
                &raw_at.child(key),
                ErrorKind::Invalid(format!(
                    "`{key}` is not an HTTP status code, a range such as `4XX`, or `default`; \
                     this response is ignored"
                )),
            );
            self.warn(warning);
        }
        if let Some(default) = &responses.default {
            listed.push((Status::Default, "default".into(), default));
        }
        let first_success = listed.iter().position(|(s, _, _)| s.is_success());
        let mut out = Vec::with_capacity(listed.len());
        for (i, (status, code, item)) in listed.into_iter().enumerate() {
            let mut at = cx.at.descend(&["responses", &code]);
            let mut hint = if Some(i) == first_success {
                format!("{type_prefix}Response")
            } else {
                format!("{type_prefix}Response{}", naming::type_part(&code))
            };
            let response: openapiv3::Response = match item {
                ReferenceOr::Item(response) => response.clone(),
                ReferenceOr::Reference { reference } => {
                    let Ok(target) = self
                        .resolver
                        .follow(reference, &at)
                        .map_err(|e| self.error(e))
                    else {
                        continue;
                    };
                    if let Some(name) = target
                        .pointer
                        .strip_prefix("/components/responses/")
                        .and_then(|_| target.last_token())
                    {
                        hint = naming::type_name(&name);
                    }
                    at = target;
                    match self.resolver.deserialize(&at) {
                        Ok(response) => response,
                        Err(e) => {
                            self.error(e);
                            continue;
                        }
                    }
                }
            };
            let body = pick_content(&response.content).map(|(content_type, media_type)| {
                self.content_type(content_type, media_type, &at, &hint)
            });
            out.push(Response {
                status,
                body,
                description: response.description.clone(),
                headers: response.headers.keys().cloned().collect(),
            });
        }
        // `default` covers every status the operation does not list, so with no success
        // status listed it describes the success responses too.
        if !out.iter().any(|r| r.status.is_success()) {
            if let Some(default) = out.iter().find(|r| r.status == Status::Default) {
                let success = Response {
                    status: Status::Range(2),
                    ..default.clone()
                };
                out.push(success);
            }
        }
        out
    }
}

/// The two sides of an operation's responses.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Success,
    Failure,
}

impl Side {
    fn holds(self, status: Status) -> bool {
        match self {
            Side::Success => status.is_success(),
            Side::Failure => !status.is_success(),
        }
    }
}

impl TypeSpace<'_> {
    /// What one side of the responses gives the caller: nothing, one type, or (when its
    /// responses differ) an enum with a variant per status.
    fn outcome(
        &mut self,
        responses: &[Response],
        side: Side,
        type_prefix: &str,
        cx: &Context<'_>,
    ) -> Outcome {
        let listed: Vec<&Response> = responses.iter().filter(|r| side.holds(r.status)).collect();
        let Some(first) = listed.first() else {
            return Outcome::Empty;
        };
        if listed.iter().all(|r| r.body.is_none()) {
            return Outcome::Empty;
        }
        if listed.iter().all(|r| r.body == first.body) {
            if let Some((ty, media)) = &first.body {
                return Outcome::One(ty.clone(), *media);
            }
        }
        let mut names = Scope::default();
        let variants = listed
            .iter()
            .map(|r| StatusVariant {
                name: names.claim(naming::status_variant(r.status), &r.status.spec_text()),
                status: r.status,
                body: r.body.clone(),
                docs: r.description.clone(),
            })
            .collect();
        let (suffix, docs) = match side {
            Side::Success => (
                "Success",
                format!(
                    "What [`Client::{0}`](crate::Client::{0}) returns, by status: its success \
                     responses differ.",
                    cx.name
                ),
            ),
            Side::Failure => (
                "Error",
                format!(
                    "The error responses the spec declares for \
                     [`Client::{0}`](crate::Client::{0}), by status; the method's \
                     [`Error::Api`](crate::error::Error::Api) carries one.",
                    cx.name
                ),
            ),
        };
        let id = self.add_definition(TypeDef {
            name: format!("{type_prefix}{suffix}"),
            docs: Some(docs),
            origin: cx.at.descend(&["responses"]),
            example: None,
            kind: TypeKind::Responses(StatusEnum { variants }),
        });
        Outcome::PerStatus(id)
    }
}

/// The type of a field's value when it is present: its type without the `Option` of
/// `nullable` (an absent or null value is not sent).
pub(super) fn unwrap_option(ty: &TypeRef) -> &TypeRef {
    match ty {
        TypeRef::Option(inner) => inner,
        other => other,
    }
}

fn location(parameter: &Parameter) -> ParamLocation {
    match parameter {
        Parameter::Path { .. } => ParamLocation::Path,
        Parameter::Query { .. } => ParamLocation::Query,
        Parameter::Header { .. } => ParamLocation::Header,
        Parameter::Cookie { .. } => ParamLocation::Cookie,
    }
}

/// The content to use: JSON if offered, else the first listed.
fn pick_content(content: &indexmap::IndexMap<String, MediaType>) -> Option<(&str, &MediaType)> {
    content
        .iter()
        .find(|(t, _)| media_of(t) == Media::Json)
        .or_else(|| content.iter().next())
        .map(|(t, m)| (t.as_str(), m))
}

/// The media type of a content type, lower case, without parameters.
fn essence(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// `multipart/form-data`: sent part by part when its schema is an object (see
/// [`TypeSpace::multipart`]), as raw bytes otherwise.
fn is_form_data(content_type: &str) -> bool {
    essence(content_type) == "multipart/form-data"
}

pub(super) fn media_of(content_type: &str) -> Media {
    let essence = essence(content_type);
    if essence == "application/json" || essence.ends_with("+json") || essence == "*/*" {
        Media::Json
    } else if essence == "application/x-www-form-urlencoded" {
        Media::Form
    } else if essence.starts_with("text/") {
        Media::Text
    } else {
        Media::Binary
    }
}

/// The path and the query of a path template. Real specs put a query (`/rest?method=x`) or a
/// fragment (`/#X-Amz-Target=Service.Action`) in their paths to tell operations on one path
/// apart; a fragment is never sent to the server, so it is dropped rather than percent-encoded
/// into the last path segment. A `#` followed by more segments (`/send/#env/v1/{id}`) is no
/// fragment but part of a segment, and is kept (and percent-encoded) as such.
fn split_template(template: &str) -> (&str, &str) {
    let template = match template.split_once('#') {
        Some((path, fragment)) if !fragment.contains('/') => path,
        _ => template,
    };
    template.split_once('?').unwrap_or((template, ""))
}

/// A server's URL with its variables replaced by their defaults.
pub fn server_url(server: &Server) -> String {
    let mut url = server.url.clone();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    url
}
