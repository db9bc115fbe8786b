//! What the conversion moved, both ways: for messages (new pointer -> where the user wrote it,
//! kept in [`Origins`]) and for `$ref`s (a pointer the user wrote -> where that value is now).

use std::collections::BTreeMap;

use crate::load::normalize::Origins;

/// The moves of one file.
#[derive(Debug, Default)]
pub struct Moves {
    pub origins: Origins,
    /// Original pointer -> new pointer, for rewriting refs (the first move of a value wins:
    /// a schema copied under two media types is referred to by its first place).
    forward: BTreeMap<String, String>,
}

impl Moves {
    /// The value written at `original` is now at `new`, and refs to it follow it.
    pub fn moved(&mut self, new: &str, original: &str) {
        self.origins.record(new, original);
        self.forward
            .entry(original.to_owned())
            .or_insert_with(|| new.to_owned());
    }

    /// `new` was made from what is at `original` (messages point there), but refs to
    /// `original` do not lead to `new` (a parameter's `schema`, built from the parameter).
    pub fn derived(&mut self, new: &str, original: &str) {
        self.origins.record(new, original);
    }

    /// Where the value the user wrote at `original` (an escaped pointer) is now: the longest
    /// moved prefix (whole tokens) replaced; `None` when no prefix moved.
    pub fn new_place(&self, original: &str) -> Option<String> {
        let mut end = original.len();
        loop {
            if let Some(new) = self.forward.get(&original[..end]) {
                return Some(format!("{new}{}", &original[end..]));
            }
            end = original[..end].rfind('/')?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_follow_the_longest_moved_prefix() {
        let mut moves = Moves::default();
        moves.moved("/components/schemas", "/definitions");
        moves.moved("/components/requestBodies/Pet", "/parameters/Pet");
        moves.moved(
            "/components/requestBodies/Pet/content/application~1json/schema",
            "/parameters/Pet/schema",
        );
        moves.derived("/components/parameters/limit/schema", "/parameters/limit");
        assert_eq!(
            moves.new_place("/definitions/Pet/properties/id").as_deref(),
            Some("/components/schemas/Pet/properties/id")
        );
        assert_eq!(
            moves.new_place("/parameters/Pet/schema/items").as_deref(),
            Some("/components/requestBodies/Pet/content/application~1json/schema/items")
        );
        assert_eq!(moves.new_place("/parameters/limit"), None);
        assert_eq!(moves.new_place("/definitionsX"), None);
        assert_eq!(
            moves
                .origins
                .original("/components/parameters/limit/schema/maximum"),
            "/parameters/limit/maximum"
        );
    }
}
