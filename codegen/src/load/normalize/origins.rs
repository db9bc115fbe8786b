//! Where rewritten parts of a document came from.
//!
//! The normalizers move values (a Swagger 2.0 `definitions/Pet` becomes
//! `components/schemas/Pet`); later stages report problems at the new place. An [`Origins`]
//! records each move as a pointer prefix, so every message can be turned back into a pointer
//! into the file the user wrote.

use std::borrow::Cow;
use std::collections::HashMap;

/// Moves recorded for one file: the pointer of a value in the rewritten tree -> its pointer in
/// the original file. A pointer under a recorded one maps by its prefix.
#[derive(Debug, Clone, Default)]
pub struct Origins {
    moved: HashMap<String, String>,
}

impl Origins {
    /// Records that the value now at `new` was written at `original`.
    pub fn record(&mut self, new: impl Into<String>, original: impl Into<String>) {
        self.moved.insert(new.into(), original.into());
    }

    pub fn is_empty(&self) -> bool {
        self.moved.is_empty()
    }

    /// The pointer in the original file of what is now at `pointer`: the longest recorded
    /// prefix (whole tokens only) is replaced by where it came from. Unmoved parts map to
    /// themselves. Costs one lookup per token of `pointer`.
    pub fn original<'a>(&self, pointer: &'a str) -> Cow<'a, str> {
        if self.moved.is_empty() {
            return Cow::Borrowed(pointer);
        }
        let mut end = pointer.len();
        loop {
            if let Some(original) = self.moved.get(&pointer[..end]) {
                return Cow::Owned(format!("{original}{}", &pointer[end..]));
            }
            match pointer[..end].rfind('/') {
                Some(slash) => end = slash,
                None => return Cow::Borrowed(pointer),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_by_the_longest_recorded_prefix() {
        let mut origins = Origins::default();
        origins.record("/components/schemas", "/definitions");
        origins.record(
            "/paths/~1pets/post/requestBody/content/application~1json/schema",
            "/paths/~1pets/post/parameters/0/schema",
        );
        assert_eq!(
            origins.original("/components/schemas/Pet/properties/id"),
            "/definitions/Pet/properties/id"
        );
        assert_eq!(
            origins
                .original("/paths/~1pets/post/requestBody/content/application~1json/schema/items"),
            "/paths/~1pets/post/parameters/0/schema/items"
        );
        assert_eq!(origins.original("/info/title"), "/info/title");
        // Only whole tokens match: `/components/schemasX` is not under `/components/schemas`.
        assert_eq!(
            origins.original("/components/schemasX"),
            "/components/schemasX"
        );
    }
}
