//! The `pattern` keyword: a regular expression compiled on first use, with regex-lite (no
//! Unicode tables, no optimizing engines: it builds in about 1.5 s of CPU against 7 to 12 s
//! for `regex`, and patterns of specs are short and matched against short values). Copied
//! into a generated crate only when some pattern of its spec is checked, so crates without
//! one do not depend on regex-lite.
//!
//! The generator compiles every pattern with regex-lite and leaves out (with a warning) those
//! it cannot compile (look-around, back-references, `\p{..}`): a pattern here compiles.
//! Should a different regex-lite version refuse one all the same, it is not checked rather
//! than failing the call.

use std::sync::OnceLock;

use super::validate::{Found, Path, Rule, Violations};

/// A pattern of the spec, compiled once, when a value is first checked against it. Meant for
/// a `static`: `static NUMBER: Pattern = Pattern::new(r"^\d{7,15}$");`.
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<Option<regex_lite::Regex>>,
}

impl Pattern {
    pub const fn new(source: &'static str) -> Pattern {
        Pattern {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// The pattern as the spec writes it.
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// Whether `value` matches (anywhere, unless the pattern is anchored, as in ECMA-262);
    /// `None` when the pattern cannot be compiled.
    pub fn is_match(&self, value: &str) -> Option<bool> {
        let regex = self
            .compiled
            .get_or_init(|| regex_lite::Regex::new(self.source).ok());
        regex.as_ref().map(|regex| regex.is_match(value))
    }
}

impl std::fmt::Debug for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

impl Violations {
    /// `pattern`: the value matches the regular expression.
    pub fn pattern(&mut self, path: &Path<'_>, value: &str, pattern: &Pattern) {
        if pattern.is_match(value) == Some(false) {
            let length = value.chars().count();
            self.push(path, Rule::Pattern(pattern.source()), Found::Length(length));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static NUMBER: Pattern = Pattern::new(r"\d{7,15}");
    static ANCHORED: Pattern = Pattern::new(r"^[a-z]+$");

    #[test]
    fn patterns_match_anywhere_unless_anchored() {
        assert_eq!(NUMBER.is_match("tel: 14155550100"), Some(true));
        assert_eq!(NUMBER.is_match("123"), Some(false));
        assert_eq!(ANCHORED.is_match("abc"), Some(true));
        assert_eq!(ANCHORED.is_match("abc1"), Some(false));
    }

    #[test]
    fn digits_are_ascii_as_in_ecma_262() {
        // Arabic-Indic digits are digits to Unicode, not to `\d` in JavaScript.
        assert_eq!(NUMBER.is_match("١٢٣٤٥٦٧٨"), Some(false));
    }

    #[test]
    fn a_mismatch_is_reported_with_the_length_only() {
        let mut out = Violations::new();
        let at = Path::root("body");
        out.pattern(&at.field("number"), "secret", &NUMBER);
        out.pattern(&at.field("number"), "14155550100", &NUMBER);
        let shown: Vec<String> = out.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            ["body.number: a string of length 6 breaks pattern \\d{7,15}"]
        );
    }

    #[test]
    fn a_pattern_that_does_not_compile_is_not_checked() {
        static LOOKAHEAD: Pattern = Pattern::new("^(?=a)");
        assert_eq!(LOOKAHEAD.is_match("b"), None);
        let mut out = Violations::new();
        out.pattern(&Path::root("x"), "b", &LOOKAHEAD);
        assert!(out.is_empty());
    }
}
