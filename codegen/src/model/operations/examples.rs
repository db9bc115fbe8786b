//! The examples of parameters and media types: each value is recorded with the type it
//! should fit (see [`crate::model::Example`]).

use openapiv3::{MediaType, ReferenceOr};

use crate::model::types::TypeSpace;
use crate::model::TypeRef;
use crate::resolve::{Location, Resolver};

impl TypeSpace<'_> {
    /// The `example` and `examples` of a media type (request or response body).
    pub(super) fn media_examples(
        &mut self,
        media: &MediaType,
        at: &Location,
        subject: &str,
        ty: &TypeRef,
    ) {
        if let Some(example) = &media.example {
            self.example(&at.child("example"), subject.to_owned(), ty, example);
        }
        for (name, item) in &media.examples {
            let at = at.descend(&["examples", name]);
            self.named_example(item, &at, subject, ty);
        }
    }

    /// One entry of an `examples` map: an Example object (maybe a ref) whose `value` counts.
    pub(super) fn named_example(
        &mut self,
        item: &ReferenceOr<openapiv3::Example>,
        at: &Location,
        subject: &str,
        ty: &TypeRef,
    ) {
        let found = self.resolver.item(item, at, Resolver::deserialize);
        let Some((example, at)) = found.map_err(|e| self.error(e)).ok() else {
            return;
        };
        if let Some(value) = &example.value {
            self.example(&at.child("value"), subject.to_owned(), ty, value);
        }
    }
}
