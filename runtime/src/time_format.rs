//! `format: date-time` and `format: date` values as `time` types, read and written as the
//! spec's JSON has them: an `OffsetDateTime` as RFC 3339 text (`2024-05-01T10:00:00Z`), a
//! `Date` as `YYYY-MM-DD`. The `time` crate's own serde form is another text (and needs
//! features of its own), so generated code goes through this module instead: a
//! `#[serde(with = "...")]` naming it on a member that holds such values (in an `Option`, a
//! list or a map as well), [`Formatted`] and [`Wire`] around a whole body or a parameter. (Copied into a generated crate only when its configuration maps a format to
//! `time`; the crate then depends on `time` with its `formatting` and `parsing` features.)

use std::collections::BTreeMap;
use std::marker::PhantomData;

use serde::de::{DeserializeSeed, Error as _};
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime};

/// A value written as text on the wire: a `time` value, or an `Option`, list, map or box of
/// such values.
pub trait TimeFormat: Sized {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// For `#[serde(with = "...")]`: writes the member's value as its text.
pub fn serialize<T: TimeFormat, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    value.write(serializer)
}

/// For `#[serde(with = "...")]`: reads the member's value from its text.
pub fn deserialize<'de, T: TimeFormat, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    T::read(deserializer)
}

/// [`deserialize`] as a seed: how a generated struct reads such a member (with
/// `de::value_seed`).
pub fn seed<T: TimeFormat>() -> Seed<T> {
    Seed(PhantomData)
}

/// See [`seed`].
pub struct Seed<T>(PhantomData<T>);

impl<'de, T: TimeFormat> DeserializeSeed<'de> for Seed<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::read(deserializer)
    }
}

/// A borrowed value that serializes as its text (a request body, a parameter).
pub struct Formatted<'a, T>(pub &'a T);

impl<T: TimeFormat> Serialize for Formatted<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.write(serializer)
    }
}

/// A value that deserializes from its text and serializes as it (a response body).
#[derive(Debug, Clone, PartialEq)]
pub struct Wire<T>(pub T);

impl<T: TimeFormat> Serialize for Wire<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.write(serializer)
    }
}

impl<'de, T: TimeFormat> Deserialize<'de> for Wire<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::read(deserializer).map(Wire)
    }
}

impl TimeFormat for OffsetDateTime {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // RFC 3339 has no room for a year outside 0000-9999 or an offset with seconds.
        let text = self.format(&Rfc3339).map_err(S::Error::custom)?;
        serializer.serialize_str(&text)
    }

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        OffsetDateTime::parse(&text, &Rfc3339)
            .map_err(|e| D::Error::custom(format!("`{text}` is not an RFC 3339 date-time: {e}")))
    }
}

impl TimeFormat for Date {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let year = self.year();
        if !(0..=9999).contains(&year) {
            return Err(S::Error::custom(format!(
                "the year {year} cannot be written as `YYYY-MM-DD`"
            )));
        }
        let text = format!("{year:04}-{:02}-{:02}", u8::from(self.month()), self.day());
        serializer.serialize_str(&text)
    }

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse_date(&text)
            .ok_or_else(|| D::Error::custom(format!("`{text}` is not a date (`YYYY-MM-DD`)")))
    }
}

/// `YYYY-MM-DD`, a day of the calendar.
fn parse_date(text: &str) -> Option<Date> {
    let mut parts = text.split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    let digits =
        |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
    if parts.next().is_some() || !digits(year, 4) || !digits(month, 2) || !digits(day, 2) {
        return None;
    }
    let month = Month::try_from(month.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(year.parse().ok()?, month, day.parse().ok()?).ok()
}

impl<T: TimeFormat> TimeFormat for Option<T> {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => serializer.serialize_some(&Formatted(value)),
            None => serializer.serialize_none(),
        }
    }

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<Wire<T>>::deserialize(deserializer)?.map(|value| value.0))
    }
}

impl<T: TimeFormat> TimeFormat for Vec<T> {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter().map(Formatted))
    }

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let items = Vec::<Wire<T>>::deserialize(deserializer)?;
        Ok(items.into_iter().map(|item| item.0).collect())
    }
}

impl<T: TimeFormat> TimeFormat for BTreeMap<String, T> {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter().map(|(key, value)| (key, Formatted(value))))
    }

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let members = BTreeMap::<String, Wire<T>>::deserialize(deserializer)?;
        Ok(members
            .into_iter()
            .map(|(key, value)| (key, value.0))
            .collect())
    }
}

impl<T: TimeFormat> TimeFormat for Box<T> {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.as_ref().write(serializer)
    }

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::read(deserializer).map(Box::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn at(text: &str) -> OffsetDateTime {
        OffsetDateTime::parse(text, &Rfc3339).expect("RFC 3339")
    }

    #[test]
    fn date_times_are_rfc_3339_and_dates_are_year_month_day() {
        let when = at("2024-02-29T13:45:30.5+01:00");
        let text = serde_json::to_value(Formatted(&when)).unwrap();
        assert_eq!(text, json!("2024-02-29T13:45:30.5+01:00"));
        let back: Wire<OffsetDateTime> = serde_json::from_value(text).unwrap();
        assert_eq!(back.0, when);
        let day = Date::from_calendar_date(987, Month::March, 4).unwrap();
        assert_eq!(
            serde_json::to_value(Formatted(&day)).unwrap(),
            json!("0987-03-04")
        );
        let back: Wire<Date> = serde_json::from_value(json!("0987-03-04")).unwrap();
        assert_eq!(back.0, day);
    }

    #[test]
    fn texts_of_other_shapes_are_errors() {
        for bad in [
            json!("2024-02-30"),
            json!("2024-2-01"),
            json!("20240201"),
            json!(3),
        ] {
            assert!(
                serde_json::from_value::<Wire<Date>>(bad.clone()).is_err(),
                "{bad}"
            );
        }
        let error =
            serde_json::from_value::<Wire<OffsetDateTime>>(json!("2024-01-01 10:00")).unwrap_err();
        assert!(
            error.to_string().contains("is not an RFC 3339 date-time"),
            "{error}"
        );
        let far = Date::from_calendar_date(-5, Month::January, 1).unwrap();
        assert!(serde_json::to_value(Formatted(&far)).is_err());
    }

    /// The shapes a member may have: `#[serde(with)]` reads and writes through them.
    #[test]
    fn options_lists_and_maps_of_values() {
        #[derive(Debug, PartialEq, Serialize, Deserialize)]
        struct Member {
            #[serde(with = "super")]
            at: OffsetDateTime,
            #[serde(with = "super", default, skip_serializing_if = "Option::is_none")]
            until: Option<Date>,
            #[serde(with = "super")]
            seen: Vec<Option<OffsetDateTime>>,
            #[serde(with = "super")]
            days: BTreeMap<String, Box<Date>>,
        }
        let member = json!({
            "at": "2024-05-01T10:00:00Z",
            "seen": ["2024-05-01T10:00:00-02:30", null],
            "days": {"start": "2024-05-01"},
        });
        let read: Member = serde_json::from_value(member.clone()).unwrap();
        assert_eq!(read.until, None);
        assert_eq!(read.seen[0], Some(at("2024-05-01T12:30:00Z")));
        assert_eq!(serde_json::to_value(&read).unwrap(), member);
        let with_until =
            json!({"at": "2024-05-01T10:00:00Z", "until": "2025-01-31", "seen": [], "days": {}});
        let read: Member = serde_json::from_value(with_until.clone()).unwrap();
        assert_eq!(serde_json::to_value(&read).unwrap(), with_until);
    }
}
