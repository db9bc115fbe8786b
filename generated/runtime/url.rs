//! Building an operation's URL: the base URL, percent-encoded path segments, the query.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::Url;

use super::error::{Error, RuntimeError};

/// Parses a base URL: absolute, and able to take a path (`mailto:x` cannot).
pub fn parse_base_url(url: &str) -> Result<Url, RuntimeError> {
    let invalid = |reason: String| {
        RuntimeError(Error::InvalidBaseUrl {
            url: url.to_owned(),
            reason,
        })
    };
    let parsed = Url::parse(url).map_err(|e| invalid(e.to_string()))?;
    if parsed.cannot_be_a_base() {
        return Err(invalid("it cannot have a path".to_owned()));
    }
    Ok(parsed)
}

/// A path parameter's value, unless it is one that would change the path itself: empty,
/// `.` or `..` (`DELETE /users/..` would be `DELETE /`).
pub fn path_param<'a>(name: &'static str, value: &'a str) -> Result<&'a str, RuntimeError> {
    match value {
        "" | "." | ".." => Err(RuntimeError(Error::InvalidPathParameter {
            name,
            value: value.to_owned(),
        })),
        _ => Ok(value),
    }
}

/// `base` with `segments` appended to its path, each percent-encoded as one segment (`/`,
/// `?`, `#`, `%`, spaces and non-ASCII text included), so that no value can change the
/// path's shape. A segment that is `.` or `..` is refused: URL normalisation would drop it.
pub fn join_path(base: &Url, segments: &[&str]) -> Result<Url, RuntimeError> {
    if let Some(segment) = segments.iter().find(|s| matches!(**s, "." | "..")) {
        return Err(RuntimeError(Error::InvalidPathParameter {
            name: "(path segment)",
            value: (*segment).to_owned(),
        }));
    }
    let mut url = base.clone();
    url.path_segments_mut()
        .map_err(|()| {
            RuntimeError(Error::InvalidBaseUrl {
                url: base.to_string(),
                reason: "it cannot have a path".to_owned(),
            })
        })?
        .pop_if_empty()
        .extend(segments);
    Ok(url)
}

/// A URL as it may be shown: with its password (if it has one) redacted.
pub fn redacted(url: &Url) -> String {
    let mut shown = url.clone();
    if shown.password().is_some() {
        // Cannot fail: a URL with a password can have one.
        let _ = shown.set_password(Some("<redacted>"));
    }
    shown.to_string()
}

/// All but the unreserved characters of RFC 3986 (letters, digits, `-._~`).
const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes a name or value, so that the delimiters a parameter style adds stay
/// apart from it.
pub fn encode(text: &str) -> String {
    utf8_percent_encode(text, NOT_UNRESERVED).to_string()
}

/// One `name=value` pair of a query string, percent-encoded.
pub fn query_pair(name: &str, value: &str) -> String {
    format!("{}={}", encode(name), encode(value))
}

/// The text of a value of a type that the generated code does not define (a typed format
/// such as `time::OffsetDateTime`, or the user's type) in a path, query, header or form
/// part: its JSON form, a string without its quotes, so that it is written as it is in a
/// body (`2024-05-01T10:00:00Z`); `name` is the parameter's, for the error when the value
/// cannot be serialized.
pub fn value_text<T: serde::Serialize + ?Sized>(
    name: &'static str,
    value: &T,
) -> Result<String, RuntimeError> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => Ok(text),
        Ok(other) => Ok(other.to_string()),
        Err(source) => Err(RuntimeError(Error::EncodeParameter { name, source })),
    }
}

/// Adds the query's pairs (percent-encoded already) to the URL, after those it has.
pub fn append_query(url: &mut Url, pairs: &[String]) {
    if pairs.is_empty() {
        return;
    }
    let query = match url.query() {
        Some(existing) if !existing.is_empty() => format!("{existing}&{}", pairs.join("&")),
        _ => pairs.join("&"),
    };
    url.set_query(Some(&query));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base(url: &str) -> Url {
        parse_base_url(url).expect("a valid base URL")
    }

    #[test]
    fn base_urls_must_be_absolute_and_hierarchical() {
        assert_eq!(
            base("http://127.0.0.1:4010").as_str(),
            "http://127.0.0.1:4010/"
        );
        for bad in [
            "",
            "/v1",
            "127.0.0.1:4010",
            "mailto:someone@example.com",
            "http://",
        ] {
            let error = parse_base_url(bad).expect_err(bad).into_inner();
            assert!(
                matches!(error, Error::InvalidBaseUrl { .. }),
                "{bad}: {error}"
            );
        }
    }

    #[test]
    fn segments_are_encoded_one_by_one_and_keep_the_path_shape() {
        let url = join_path(&base("https://api.example.com/v0.1/"), &["users", "a/b"]).unwrap();
        assert_eq!(url.as_str(), "https://api.example.com/v0.1/users/a%2Fb");
        let tricky = "../x?y=1#z %é";
        let url = join_path(&base("https://api.example.com/v0.1"), &["users", tricky]).unwrap();
        assert_eq!(
            url.as_str(),
            "https://api.example.com/v0.1/users/..%2Fx%3Fy=1%23z%20%25%C3%A9"
        );
        assert_eq!(url.path_segments().unwrap().count(), 3);
        assert_eq!(url.query(), None);
        assert_eq!(url.fragment(), None);
    }

    #[test]
    fn dot_segments_are_refused() {
        for value in ["", ".", ".."] {
            assert!(matches!(
                path_param("id", value).map_err(RuntimeError::into_inner),
                Err(Error::InvalidPathParameter { name: "id", .. })
            ));
        }
        assert_eq!(path_param("id", "...").unwrap(), "...");
        assert_eq!(path_param("id", ".%2e").unwrap(), ".%2e");
        let root = base("http://127.0.0.1/");
        for value in [".", ".."] {
            assert!(join_path(&root, &["users", value]).is_err());
        }
        // `%2e%2e` is sent as `%252e%252e`: not a dot segment on the server either.
        let url = join_path(&root, &["users", "%2e%2e"]).unwrap();
        assert_eq!(url.path(), "/users/%252e%252e");
    }

    #[test]
    fn passwords_are_redacted() {
        let url = base("https://user:hunter2@api.example.com/v1?x=1");
        assert_eq!(
            redacted(&url),
            "https://user:%3Credacted%3E@api.example.com/v1?x=1"
        );
        assert_eq!(
            redacted(&base("https://api.example.com/")),
            "https://api.example.com/"
        );
    }

    /// A value is written as it is in JSON, a string without its quotes; one that does not
    /// serialize is an error naming the parameter, not a parameter quietly left out.
    #[test]
    fn values_are_written_as_their_json_text() {
        assert_eq!(
            value_text("at", "2024-05-01T10:00:00Z").unwrap(),
            "2024-05-01T10:00:00Z"
        );
        assert_eq!(value_text("n", &1.5).unwrap(), "1.5");
        assert_eq!(value_text("list", &[1, 2]).unwrap(), "[1,2]");
        let not_json = std::collections::BTreeMap::from([((1, 2), "x")]);
        match value_text("odd", &not_json) {
            Err(RuntimeError(Error::EncodeParameter { name: "odd", .. })) => {}
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn query_pairs_encode_all_but_unreserved_and_append() {
        assert_eq!(
            query_pair("a b", "x&y=z/é~-._"),
            "a%20b=x%26y%3Dz%2F%C3%A9~-._"
        );
        let mut url = base("http://127.0.0.1/items?fixed=1");
        append_query(&mut url, &[query_pair("page", "2"), query_pair("q", "#")]);
        assert_eq!(url.query(), Some("fixed=1&page=2&q=%23"));
        let mut plain = base("http://127.0.0.1/items");
        append_query(&mut plain, &[]);
        assert_eq!(plain.as_str(), "http://127.0.0.1/items");
        append_query(&mut plain, &[query_pair("page", "1")]);
        assert_eq!(plain.as_str(), "http://127.0.0.1/items?page=1");
    }
}
