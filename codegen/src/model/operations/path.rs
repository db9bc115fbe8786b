//! The path template of an operation: its segments, the query pairs written into it, and the
//! path parameters it names (the positional arguments of the operation's method).

use openapiv3::Parameter;

use super::params::Declared;
use super::Context;
use crate::error::ErrorKind;
use crate::model::types::TypeSpace;
use crate::model::{Constraints, PathParam, QueryPair, Segment, SegmentPart, TypeRef};
use crate::naming::{self, Scope};

/// A path template taken apart.
pub(super) struct Template {
    pub segments: Vec<Segment>,
    pub fixed_query: Vec<QueryPair>,
    /// In the order the template names them.
    pub path_params: Vec<PathParam>,
}

impl TypeSpace<'_> {
    /// The path template of the operation at `cx`, whose parameters are `declared`.
    pub(super) fn template(
        &mut self,
        declared: &[Declared],
        cx: &Context<'_>,
        type_prefix: &str,
    ) -> Template {
        // Path parameters are positional arguments, in the order the template names them.
        let mut arguments = Scope::with_reserved(naming::OPERATION_ARGUMENTS);
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
                declared,
                cx,
                type_prefix,
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
                    declared,
                    cx,
                    type_prefix,
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
        for d in declared {
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
        Template {
            segments,
            fixed_query,
            path_params,
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
                constraints: Constraints::default(),
            };
        };
        // A path parameter is always sent: a `nullable` schema (or `required: false`, which the
        // spec does not allow here) makes no `Option` of it.
        let ty = super::unwrap_option(&self.parameter_type(found, type_prefix)).clone();
        // A list, a map or an object has no one text form: the method takes the text to put
        // in the path (`&str`), and the schema's rules, which are about the value, are not
        // checked on it.
        let expanded = ty.expand(&self.defs);
        let taken_as_text = !expanded.is_text_value(|id| &self.defs[id].kind)
            && !matches!(expanded, TypeRef::External(_));
        let constraints = if taken_as_text {
            Constraints::default()
        } else {
            self.parameter_constraints(found, &ty)
        };
        PathParam {
            name: naming::field_name(wire),
            wire: wire.to_owned(),
            ty,
            docs: found.parameter.parameter_data_ref().description.clone(),
            constraints,
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
