//! Operations: one client method each, with their URL template, parameters, body and
//! responses. Parameters, request bodies and responses may be `$ref`s (to components or
//! anywhere else); they are resolved like schemas.

use openapiv3::{MediaType, Parameter, ParameterSchemaOrContent, ReferenceOr, Server};

use super::types::TypeSpace;
use super::{
    Body, Field, FieldDefault, Media, Operation, ParamLocation, ParamsStruct, PathParam, QueryPair,
    Response, Segment, SegmentPart, SentParam, Status, StructDef, Success, TypeDef, TypeKind,
    TypeRef,
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
        let success = success_of(&responses);
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
            security: cx.security,
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
            let (location, explode) = match &d.parameter {
                Parameter::Path { .. } => continue,
                Parameter::Query { parameter_data, .. } => {
                    (ParamLocation::Query, parameter_data.explode.unwrap_or(true))
                }
                Parameter::Header { .. } => (ParamLocation::Header, false),
                Parameter::Cookie { parameter_data, .. } => (
                    ParamLocation::Cookie,
                    parameter_data.explode.unwrap_or(true),
                ),
            };
            let data = d.parameter.parameter_data_ref();
            let ty = self.parameter_type(d, type_prefix);
            let name = scope.claim(naming::field_name(&data.name), &data.name);
            let is_list = matches!(self.expand(&ty), TypeRef::Vec(_));
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
                explode,
                is_list,
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

    /// A type with aliases followed to what they stand for. (A loop, with at most one step
    /// per definition: a cycle of aliases, which should not exist, cannot hang it.)
    pub fn expand<'t>(&'t self, mut ty: &'t TypeRef) -> &'t TypeRef {
        let mut steps = 0;
        while steps <= self.defs.len() {
            steps += 1;
            ty = match ty {
                TypeRef::Named(id) => match &self.defs[*id].kind {
                    TypeKind::Alias(target) => target,
                    _ => return ty,
                },
                TypeRef::Option(inner) => inner,
                _ => return ty,
            };
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
        let (ty, media) = self.content_type(content_type, media_type, &at, &hint);
        Some(Body {
            ty,
            required: body.required,
            media,
            content_type: content_type.to_owned(),
            docs: body.description.clone(),
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
            });
        }
        out
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

fn media_of(content_type: &str) -> Media {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
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

fn success_of(responses: &[Response]) -> Success {
    let mut bodies = responses
        .iter()
        .filter(|r| r.status.is_success())
        .filter_map(|r| r.body.clone());
    match bodies.next() {
        None => Success::Empty,
        Some((first, media)) => {
            if bodies.all(|(ty, _)| ty == first) {
                Success::One(first, media)
            } else {
                // Success responses of different types: the caller gets the JSON value.
                Success::One(TypeRef::Json, Media::Json)
            }
        }
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
