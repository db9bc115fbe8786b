//! Writing generated structs with little code per struct.
//!
//! serde's derived `Serialize` writes, per member, a `?` (a branch and an early return) and,
//! for one that may be absent, an `if` in the count of members and another around the call;
//! on a large spec that is much of what the crate's checking costs (docs/performance.md). A
//! generated struct's `serialize` instead starts a [`Members`] with the count, calls one
//! method per member, and ends it: the first error is kept and returned by [`Members::end`],
//! and what is written is what the derive wrote (absent `Option`s are left out).

use serde::ser::{SerializeStruct, Serializer};
use serde::Serialize;

/// A struct being written member by member (see the module's docs).
pub struct Members<S: Serializer> {
    state: Result<S::SerializeStruct, S::Error>,
}

/// Starts writing struct `name`, whose `required` members are always written and whose
/// optional ones are written when `present`.
pub fn start<S: Serializer>(
    serializer: S,
    name: &'static str,
    required: usize,
    present: &[bool],
) -> Members<S> {
    let len = required + present.iter().filter(|present| **present).count();
    Members {
        state: serializer.serialize_struct(name, len),
    }
}

impl<S: Serializer> Members<S> {
    /// Writes a member (unless writing has failed already).
    pub fn member<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.write(|state| state.serialize_field(name, value));
    }

    /// Writes a member that may be absent: `None` is left out.
    pub fn optional<T: Serialize>(&mut self, name: &'static str, value: &Option<T>) {
        if value.is_some() {
            self.member(name, value);
        } else {
            self.write(|state| state.skip_field(name));
        }
    }

    /// Does `step` unless a step before it failed; keeps its error.
    fn write(&mut self, step: impl FnOnce(&mut S::SerializeStruct) -> Result<(), S::Error>) {
        let Ok(state) = &mut self.state else {
            return;
        };
        if let Err(error) = step(state) {
            self.state = Err(error);
        }
    }

    /// Ends the struct: what the serializer returns, or the first error.
    pub fn end(self) -> Result<S::Ok, S::Error> {
        self.state?.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::ser::Error as _;

    /// What a generated struct's impl looks like (see `emit::models` in the generator).
    struct Page {
        count: i64,
        next: Option<String>,
        tags: Vec<String>,
    }

    impl Serialize for Page {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut out = start(serializer, "Page", 2, &[self.next.is_some()]);
            out.member("count", &self.count);
            out.optional("next", &self.next);
            out.member("tags", &self.tags);
            out.end()
        }
    }

    #[test]
    fn members_are_written_in_order_and_absent_ones_left_out() {
        let page = Page {
            count: 2,
            next: None,
            tags: vec!["a".into()],
        };
        assert_eq!(
            serde_json::to_string(&page).unwrap(),
            r#"{"count":2,"tags":["a"]}"#
        );
        let page = Page {
            next: Some("b".into()),
            ..page
        };
        assert_eq!(
            serde_json::to_string(&page).unwrap(),
            r#"{"count":2,"next":"b","tags":["a"]}"#
        );
    }

    /// A member that cannot be written.
    struct Broken;

    impl Serialize for Broken {
        fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(S::Error::custom("broken"))
        }
    }

    #[test]
    fn the_first_error_is_returned_and_nothing_is_written_after_it() {
        struct Two;
        impl Serialize for Two {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut out = start(serializer, "Two", 2, &[]);
                out.member("a", &Broken);
                out.member("b", &1);
                out.end()
            }
        }
        let mut written = Vec::new();
        let error = serde_json::to_writer(&mut written, &Two).unwrap_err();
        assert_eq!(error.to_string(), "broken");
        assert_eq!(String::from_utf8(written).unwrap(), r#"{"a":"#);
    }
}
