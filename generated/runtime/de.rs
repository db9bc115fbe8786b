//! Reading generated structs and string enums with little code per type.
//!
//! serde's derived `Deserialize` writes, for every struct, an enum of its fields with a
//! visitor of its own, a visitor for the struct with a sequence and a map method, and some six
//! match arms or blocks per field; on a large spec that code is most of what compiling the
//! crate costs (GitHub's: about 2 of the 3.3 GB the models took, and two thirds of the time).
//! A generated struct instead implements [`Object`]: a sorted list of its members' wire names
//! and one `from_map` with one slot, one match arm and one line per field, every step a call
//! into this module. What is read is what the derive reads from a JSON object: unknown
//! members are skipped (or kept, by a struct with `additionalProperties`), a member given
//! twice is an error, and an absent one is `None` for an `Option`, the spec's default where it
//! gives one, and otherwise a "missing field" error. Unlike the derive, a JSON array is not
//! taken for a struct (by position): no spec describes an object that way.
//!
//! A string enum reads its value as text ([`text`]) and matches it; a value it does not list
//! is kept in its `Other` variant.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;

/// A struct read from a JSON object by [`deserialize`]. Generated structs implement it; their
/// `Deserialize` is a call of [`deserialize`].
pub trait Object: Sized {
    /// The struct's name, for errors ("expected struct Name").
    const NAME: &'static str;
    /// The wire names of its members, sorted (as `str`s compare), so that [`next_member`]
    /// finds a name by binary search.
    const MEMBERS: &'static [&'static str];

    /// Reads the struct from the members of an object.
    fn from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Reads an [`Object`] (the body of a generated struct's `Deserialize`).
pub fn deserialize<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_struct(T::NAME, T::MEMBERS, ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_map(map)
    }
}

/// The next member's index in `members` (sorted, see [`Object::MEMBERS`]), `members.len()` for
/// a member not listed, `None` after the last.
pub fn next_member<'de, A: MapAccess<'de>>(
    map: &mut A,
    members: &'static [&'static str],
) -> Result<Option<usize>, A::Error> {
    let found = map.next_key_seed(MemberName {
        members,
        keep_others: false,
    })?;
    Ok(found.map(|member| match member {
        Member::Listed(index) => index,
        Member::Other(_) => members.len(),
    }))
}

/// A member's key, as [`next_named_member`] reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Member<'de> {
    /// The index of a listed member in the struct's [`Object::MEMBERS`].
    Listed(usize),
    /// The name of a member the struct does not list.
    Other(Cow<'de, str>),
}

/// The next member's key, with its name when the struct does not list it (for a struct that
/// keeps such members, with [`other_member`]); `None` after the last.
pub fn next_named_member<'de, A: MapAccess<'de>>(
    map: &mut A,
    members: &'static [&'static str],
) -> Result<Option<Member<'de>>, A::Error> {
    map.next_key_seed(MemberName {
        members,
        keep_others: true,
    })
}

/// Reads a key as a [`Member`]; the name of one not listed is kept only when asked.
struct MemberName {
    members: &'static [&'static str],
    keep_others: bool,
}

impl MemberName {
    /// The member named `name`; the name of one not listed is taken (`keep`) only when asked.
    fn member<'de>(&self, name: &str, keep: impl FnOnce() -> Cow<'de, str>) -> Member<'de> {
        match self.members.binary_search(&name) {
            Ok(index) => Member::Listed(index),
            Err(_) if self.keep_others => Member::Other(keep()),
            Err(_) => Member::Other(Cow::Borrowed("")),
        }
    }
}

impl<'de> DeserializeSeed<'de> for MemberName {
    type Value = Member<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Member<'de>, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for MemberName {
    type Value = Member<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_borrowed_str<E: de::Error>(self, name: &'de str) -> Result<Member<'de>, E> {
        Ok(self.member(name, || Cow::Borrowed(name)))
    }

    // (A `String` key goes through `visit_str`, serde's default.)
    fn visit_str<E: de::Error>(self, name: &str) -> Result<Member<'de>, E> {
        Ok(self.member(name, || Cow::Owned(name.to_owned())))
    }

    fn visit_bytes<E: de::Error>(self, name: &[u8]) -> Result<Member<'de>, E> {
        match std::str::from_utf8(name) {
            Ok(name) => self.visit_str(name),
            Err(_) => Err(E::invalid_value(de::Unexpected::Bytes(name), &self)),
        }
    }
}

/// Reads the value of member `name` into its slot; a member given twice is an error.
pub fn value<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    value_seed(map, slot, PhantomData, name)
}

/// [`value`], read by `seed` (a member read leniently, or as a `time` value's text).
pub fn value_seed<'de, A: MapAccess<'de>, S: DeserializeSeed<'de>>(
    map: &mut A,
    slot: &mut Option<S::Value>,
    seed: S,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value_seed(seed)?);
    Ok(())
}

/// Skips the value of a member the struct does not read.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// Reads the value of a member the struct does not list into its map of such members (see
/// [`next_named_member`]); a later one of the same name replaces the earlier.
pub fn other_member<'de, A: MapAccess<'de>, V: Deserialize<'de>>(
    map: &mut A,
    others: &mut BTreeMap<String, V>,
    member: Member<'de>,
) -> Result<(), A::Error> {
    match member {
        Member::Other(name) => {
            others.insert(name.into_owned(), map.next_value()?);
            Ok(())
        }
        // Not reached: a listed member has an arm of its own.
        Member::Listed(_) => skip(map),
    }
}

/// The error for required member `name`, absent (a generated struct's `from_map` returns it
/// for a member whose type is not an `Option`; an absent `Option` is `None`, as with serde's
/// derive).
pub fn missing<E: de::Error>(name: &'static str) -> E {
    E::missing_field(name)
}

/// A string enum's value as text, borrowed from the input when it can be.
pub fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Cow<'de, str>, D::Error> {
    deserializer.deserialize_str(Text)
}

struct Text;

impl<'de> Visitor<'de> for Text {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(text))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(text.to_owned()))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a generated struct's impl looks like (see `emit::models` in the generator).
    #[derive(Debug, PartialEq)]
    struct Page {
        count: i64,
        next: Option<String>,
        previous: Option<String>,
        size: i32,
        others: BTreeMap<String, serde_json::Value>,
    }

    impl Page {
        fn default_size() -> i32 {
            10
        }
    }

    impl<'de> Deserialize<'de> for Page {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize(deserializer)
        }
    }

    impl Object for Page {
        const NAME: &'static str = "Page";
        const MEMBERS: &'static [&'static str] = &["count", "next", "page_size", "previous"];

        fn from_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let (mut count, mut next, mut previous, mut size) = (None, None, None, None);
            let mut others = BTreeMap::new();
            while let Some(member) = next_named_member(&mut map, Self::MEMBERS)? {
                match member {
                    Member::Listed(0) => value(&mut map, &mut count, "count")?,
                    Member::Listed(1) => value(&mut map, &mut next, "next")?,
                    Member::Listed(2) => value(&mut map, &mut size, "page_size")?,
                    Member::Listed(3) => value(&mut map, &mut previous, "previous")?,
                    member => other_member(&mut map, &mut others, member)?,
                }
            }
            let Some(count) = count else {
                return Err(missing("count"));
            };
            Ok(Self {
                count,
                next: next.unwrap_or_default(),
                previous: previous.unwrap_or_default(),
                size: size.unwrap_or_else(Self::default_size),
                others,
            })
        }
    }

    /// Like [`Page`], without the map of other members.
    #[derive(Debug, PartialEq)]
    struct Closed {
        id: i64,
    }

    impl<'de> Deserialize<'de> for Closed {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize(deserializer)
        }
    }

    impl Object for Closed {
        const NAME: &'static str = "Closed";
        const MEMBERS: &'static [&'static str] = &["id"];

        fn from_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let mut id = None;
            while let Some(member) = next_member(&mut map, Self::MEMBERS)? {
                match member {
                    0 => value(&mut map, &mut id, "id")?,
                    _ => skip(&mut map)?,
                }
            }
            let Some(id) = id else {
                return Err(missing("id"));
            };
            Ok(Self { id })
        }
    }

    fn page(json: &str) -> Result<Page, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn members_are_read_by_name_in_any_order() {
        let read = page(r#"{"next": "b", "page_size": 5, "count": 3, "previous": null}"#);
        let expected = Page {
            count: 3,
            next: Some("b".into()),
            previous: None,
            size: 5,
            others: BTreeMap::new(),
        };
        assert_eq!(read, Ok(expected));
    }

    #[test]
    fn absent_members_take_none_or_the_default_and_required_ones_are_errors() {
        let read = page(r#"{"count": 3}"#).unwrap();
        assert_eq!((read.next, read.previous, read.size), (None, None, 10));
        let error = page(r#"{"next": "b"}"#).unwrap_err();
        assert_eq!(error, "missing field `count` at line 1 column 13");
    }

    #[test]
    fn members_given_twice_are_errors() {
        let error = page(r#"{"count": 1, "count": 2}"#).unwrap_err();
        assert!(error.starts_with("duplicate field `count`"), "{error}");
    }

    #[test]
    fn members_not_listed_are_kept_or_skipped() {
        let read = page(r#"{"count": 1, "extra": {"a": [1]}, "z": "\u00e9"}"#).unwrap();
        assert_eq!(read.others.len(), 2);
        assert_eq!(read.others["extra"], serde_json::json!({"a": [1]}));
        assert_eq!(read.others["z"], "é");
        let closed: Closed = serde_json::from_str(r#"{"x": [{"id": 1}], "id": 4}"#).unwrap();
        assert_eq!(closed, Closed { id: 4 });
        let error = serde_json::from_str::<Closed>(r#"{"x": {"id": 1}}"#).unwrap_err();
        assert!(
            error.to_string().starts_with("missing field `id`"),
            "{error}"
        );
    }

    #[test]
    fn escaped_member_names_are_read() {
        let read = page(r#"{"c\u006funt": 2, "pag\u0065_size": 1}"#).unwrap();
        assert_eq!((read.count, read.size), (2, 1));
    }

    #[test]
    fn values_of_other_shapes_are_errors_that_name_the_struct() {
        let error = page("[1, null]").unwrap_err();
        assert!(
            error.starts_with("invalid type: sequence, expected struct Page"),
            "{error}"
        );
        let error = page(r#"{"count": "3"}"#).unwrap_err();
        assert!(
            error.starts_with("invalid type: string \"3\", expected i64"),
            "{error}"
        );
    }

    #[test]
    fn structs_are_read_from_json_values_too() {
        let value = serde_json::json!({"count": 7, "other": true});
        let read = Page::deserialize(&value).unwrap();
        assert_eq!((read.count, read.others.len()), (7, 1));
        let read: Page = serde_json::from_value(value).unwrap();
        assert_eq!(read.count, 7);
    }

    #[test]
    fn text_is_borrowed_when_it_can_be() {
        let mut json = serde_json::Deserializer::from_str(r#""plain""#);
        assert!(matches!(text(&mut json), Ok(Cow::Borrowed("plain"))));
        let mut json = serde_json::Deserializer::from_str(r#""\u0041""#);
        assert!(matches!(text(&mut json), Ok(Cow::Owned(s)) if s == "A"));
        let mut json = serde_json::Deserializer::from_str("1");
        let error = text(&mut json).unwrap_err().to_string();
        assert!(
            error.starts_with("invalid type: integer `1`, expected a string"),
            "{error}"
        );
    }
}
