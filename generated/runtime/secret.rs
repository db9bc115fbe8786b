//! A value that must never be shown: a token, a password, an API key.

use std::fmt;

/// A secret string. Its `Debug` prints `"<redacted>"` and it has no `Display`, so it cannot
/// reach a log line, a `Debug` dump of the client or an error message by accident;
/// [`Secret::expose`] is the one way to read it, at the place where it is sent.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps `value`.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for putting it on the wire.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"<redacted>\"")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::Secret;

    #[test]
    fn debug_hides_the_value() {
        let secret = Secret::new("hunter2");
        assert_eq!(format!("{secret:?}"), "\"<redacted>\"");
        assert_eq!(
            format!("{:#?}", Some(&secret)),
            "Some(\n    \"<redacted>\",\n)"
        );
        assert_eq!(secret.expose(), "hunter2");
    }
}
