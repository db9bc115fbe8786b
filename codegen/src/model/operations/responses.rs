//! The responses of an operation, and what its method makes of them: the value it returns on
//! success, and what its error carries for the error statuses the spec declares.

use openapiv3::ReferenceOr;

use super::bodies::pick_content;
use super::{is_ref, Context};
use crate::error::ErrorKind;
use crate::model::types::TypeSpace;
use crate::model::{Outcome, Response, Side, Status, StatusEnum, StatusVariant, TypeDef, TypeKind};
use crate::naming::{self, Scope};
use crate::resolve::Resolver;

impl TypeSpace<'_> {
    pub(super) fn responses(&mut self, cx: &Context<'_>, type_prefix: &str) -> Vec<Response> {
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
            let found = self.resolver.item(
                item,
                &cx.at.descend(&["responses", &code]),
                Resolver::deserialize,
            );
            let Some((response, at)) = found.map_err(|e| self.error(e)).ok() else {
                continue;
            };
            let hint = match at.in_components("responses").filter(|_| is_ref(item)) {
                Some(name) => naming::type_name(&name),
                None if Some(i) == first_success => format!("{type_prefix}Response"),
                None => format!("{type_prefix}Response{}", naming::type_part(&code)),
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

    /// What one side of the responses gives the caller: nothing, one type, or (when its
    /// responses differ) an enum with a variant per status.
    pub(super) fn outcome(
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
            .map(|r| {
                let status = r.status.spec_text();
                StatusVariant {
                    name: names.claim(naming::status_variant(&status), &status),
                    status: r.status,
                    body: r.body.clone(),
                    docs: r.description.clone(),
                }
            })
            .collect();
        let suffix = match side {
            Side::Success => "Success",
            Side::Failure => "Error",
        };
        let id = self.add_definition(TypeDef {
            constraints: Default::default(),
            derives: Vec::new(),
            name: format!("{type_prefix}{suffix}"),
            docs: None,
            origin: cx.at.descend(&["responses"]),
            example: None,
            kind: TypeKind::Responses(StatusEnum {
                operation: cx.name.clone(),
                side,
                variants,
            }),
        });
        Outcome::PerStatus(id)
    }
}
