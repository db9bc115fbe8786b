//! The request body of an operation, and the body of any response: its type, and how it is
//! encoded on the wire.

use openapiv3::MediaType;

use super::{is_ref, Context};
use crate::model::types::TypeSpace;
use crate::model::{Body, Constraints, Media, TypeRef};
use crate::naming;
use crate::resolve::{Location, Resolver};

impl TypeSpace<'_> {
    pub(super) fn request_body(&mut self, cx: &Context<'_>, type_prefix: &str) -> Option<Body> {
        let item = cx.operation.request_body.as_ref()?;
        let (body, at) = self
            .resolver
            .item(item, &cx.at.child("requestBody"), Resolver::deserialize)
            .map_err(|e| self.error(e))
            .ok()?;
        let hint = match at.in_components("requestBodies").filter(|_| is_ref(item)) {
            Some(name) => naming::type_name(&name),
            None => format!("{type_prefix}Request"),
        };
        let (content_type, media_type) = pick_content(&body.content)?;
        let multipart = is_form_data(content_type)
            .then(|| {
                let media_at = at.descend(&["content", content_type]);
                self.multipart(media_type, &media_at, &hint)
            })
            .flatten();
        let (ty, media, parts, constraints) = match multipart {
            Some((ty, parts)) => (ty, Media::Multipart, parts, Constraints::default()),
            None => {
                let (ty, media) = self.content_type(content_type, media_type, &at, &hint);
                let constraints = match (&media_type.schema, media) {
                    (_, Media::Binary) | (None, _) => Constraints::default(),
                    (Some(schema), _) => {
                        let schema_at = at.descend(&["content", content_type, "schema"]);
                        self.constraints_of(schema, &schema_at, &ty)
                    }
                };
                (ty, media, Vec::new(), constraints)
            }
        };
        Some(Body {
            ty,
            required: body.required,
            media,
            content_type: content_type.to_owned(),
            docs: body.description.clone(),
            parts,
            constraints,
        })
    }

    /// The type and encoding of a body (request or response) of the given content type, whose
    /// `content` map sits in the object at `at`; records its examples when it is JSON.
    pub(super) fn content_type(
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
}

/// The content to use: JSON if offered, else the first listed.
pub(super) fn pick_content(
    content: &indexmap::IndexMap<String, MediaType>,
) -> Option<(&str, &MediaType)> {
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

pub fn media_of(content_type: &str) -> Media {
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
