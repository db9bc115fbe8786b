//! RFC 6901 JSON pointers: parsing (with `~0`/`~1` escapes), escaping and walking a tree.

use serde_json::Value;

/// Escapes one reference token: `~` becomes `~0`, `/` becomes `~1`.
pub fn escape(token: &str) -> String {
    if token.contains(['~', '/']) {
        token.replace('~', "~0").replace('/', "~1")
    } else {
        token.to_owned()
    }
}

/// Appends one unescaped token to an escaped pointer.
pub fn join(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    out.push('/');
    out.push_str(&escape(token));
    out
}

/// Splits a pointer into unescaped tokens. The empty pointer is the whole document.
pub fn parse(pointer: &str) -> Result<Vec<String>, String> {
    if pointer.is_empty() {
        return Ok(Vec::new());
    }
    let Some(rest) = pointer.strip_prefix('/') else {
        return Err(format!(
            "`{pointer}` is not a JSON pointer (it must be empty or start with `/`)"
        ));
    };
    rest.split('/').map(unescape).collect()
}

fn unescape(token: &str) -> Result<String, String> {
    let mut out = String::with_capacity(token.len());
    let mut chars = token.chars();
    while let Some(c) = chars.next() {
        if c == '~' {
            match chars.next() {
                Some('0') => out.push('~'),
                Some('1') => out.push('/'),
                _ => {
                    return Err(format!(
                        "`{token}` has a `~` that is not followed by 0 or 1 (RFC 6901 escapes)"
                    ))
                }
            }
        } else {
            out.push(c);
        }
    }
    Ok(out)
}

/// Walks `tokens` down from `root`. On failure, says which prefix exists and what is missing.
pub fn walk<'a>(root: &'a Value, tokens: &[String]) -> Result<&'a Value, String> {
    let mut here = root;
    let mut walked = String::new();
    for token in tokens {
        let next = match here {
            Value::Object(map) => map.get(token.as_str()),
            Value::Array(items) => match array_index(token) {
                Some(i) => items.get(i),
                None => {
                    return Err(format!(
                        "`{token}` is not an array index, but `{}` is a list",
                        shown(&walked)
                    ))
                }
            },
            _ => None,
        };
        match next {
            Some(value) => here = value,
            None => {
                let what = match here {
                    Value::Object(_) => format!("has no `{token}`"),
                    Value::Array(items) => {
                        format!(
                            "has {} items, so index {token} is out of range",
                            items.len()
                        )
                    }
                    other => format!("is {}, not a mapping or list", super::describe(other)),
                };
                return Err(format!("`{}` {what}", shown(&walked)));
            }
        }
        walked = join(&walked, token);
    }
    Ok(here)
}

/// Array indices are decimal without leading zeros (RFC 6901, section 4).
fn array_index(token: &str) -> Option<usize> {
    if token.is_empty() || (token.len() > 1 && token.starts_with('0')) {
        return None;
    }
    if !token.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    token.parse().ok()
}

fn shown(pointer: &str) -> &str {
    if pointer.is_empty() {
        "#"
    } else {
        pointer
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn escapes_round_trip() {
        let tokens = parse("/paths/~1users~1{id}/a~0b").unwrap();
        assert_eq!(tokens, ["paths", "/users/{id}", "a~b"]);
        let rebuilt = tokens.iter().fold(String::new(), |p, t| join(&p, t));
        assert_eq!(rebuilt, "/paths/~1users~1{id}/a~0b");
    }

    #[test]
    fn walks_objects_and_arrays() {
        let doc = json!({"a": {"oneOf": [{"x": 1}, {"y": 2}]}});
        let tokens = parse("/a/oneOf/1/y").unwrap();
        assert_eq!(walk(&doc, &tokens).unwrap(), &json!(2));
    }

    #[test]
    fn reports_what_is_missing() {
        let doc = json!({"a": {"oneOf": [{"x": 1}]}});
        let err = walk(&doc, &parse("/a/oneOf/3").unwrap()).unwrap_err();
        assert_eq!(err, "`/a/oneOf` has 1 items, so index 3 is out of range");
        let err = walk(&doc, &parse("/a/oneOf/01").unwrap()).unwrap_err();
        assert!(err.contains("not an array index"), "{err}");
        assert!(parse("/a~2").is_err());
        assert!(parse("a").is_err());
    }
}
