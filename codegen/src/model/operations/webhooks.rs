//! Webhooks: the requests an API sends to its users (OpenAPI 3.1 `webhooks`, which the load
//! stage passes on as `x-codegen-webhooks`). The model keeps, per webhook operation, the type of its
//! body, so that the generated crate can parse a webhook request into it.

use openapiv3::{PathItem, ReferenceOr};

use super::bodies::pick_content;
use crate::load::normalize::WEBHOOKS;
use crate::model::types::TypeSpace;
use crate::model::{Media, TypeRef, Webhook};
use crate::naming::{self, Scope};
use crate::resolve::{Location, Resolver};

impl TypeSpace<'_> {
    /// The webhooks of the document at `root`, in document order. `read_item` reads a path
    /// item (as the operations' are read).
    pub fn webhooks(
        &mut self,
        root: &Location,
        read_item: fn(&Resolver, &Location) -> Result<ReferenceOr<PathItem>, crate::Error>,
    ) -> Vec<Webhook> {
        let webhooks_at = root.child(WEBHOOKS);
        let keys: Vec<String> = match self.resolver.tree(&webhooks_at) {
            Some(serde_json::Value::Object(map)) => map
                .keys()
                .filter(|k| !k.starts_with("x-"))
                .cloned()
                .collect(),
            _ => return Vec::new(),
        };
        let mut functions = Scope::default();
        let mut out = Vec::new();
        for key in keys {
            let item_at = webhooks_at.child(&key);
            let found = read_item(self.resolver, &item_at).and_then(|item| {
                let (item, at) = self.resolver.item(&item, &item_at, read_item_only)?;
                Ok((item.into_owned(), at))
            });
            let (item, path_at) = match found {
                Ok(found) => found,
                Err(e) => {
                    self.error(e);
                    continue;
                }
            };
            let operations: Vec<_> = item.iter().collect();
            let several = operations.len() > 1;
            for (method, operation) in operations {
                let at = path_at.child(method);
                let label = match (&operation.operation_id, several) {
                    (Some(id), _) => id.clone(),
                    (None, false) => key.clone(),
                    (None, true) => format!("{key} {method}"),
                };
                let prefix = naming::type_part(&label);
                let payload = self.webhook_payload(operation, &at, &prefix);
                out.push(Webhook {
                    key: key.clone(),
                    method: method.to_ascii_uppercase(),
                    function: functions
                        .claim(naming::method_name(&format!("parse {label}")), &label),
                    summary: operation.summary.clone(),
                    description: operation.description.clone(),
                    payload,
                });
            }
        }
        out
    }

    /// The type of a webhook's JSON body (`None` when it declares no body or no JSON one).
    fn webhook_payload(
        &mut self,
        operation: &openapiv3::Operation,
        at: &Location,
        prefix: &str,
    ) -> Option<TypeRef> {
        let item = operation.request_body.as_ref()?;
        let (body, body_at) = self
            .resolver
            .item(item, &at.child("requestBody"), Resolver::deserialize)
            .map_err(|e| self.error(e))
            .ok()?;
        let (content_type, media_type) = pick_content(&body.content)?;
        let media_at = body_at.descend(&["content", content_type]);
        if super::media_of(content_type) != Media::Json {
            return None;
        }
        let schema = media_type.schema.as_ref()?;
        Some(self.of_ref_or(
            schema,
            &media_at.child("schema"),
            &format!("{prefix}Payload"),
        ))
    }
}

/// A path item reached by a `$ref` (its callbacks are not read, see `build::path_item`).
fn read_item_only(resolver: &Resolver, at: &Location) -> Result<PathItem, crate::Error> {
    resolver.deserialize(at)
}
