//! `multipart/form-data` bodies (RFC 7578), encoded in memory so that a retry can send the
//! same bytes again. (Copied into a generated crate only when some operation has such a
//! body; it needs no `multipart` feature of reqwest.)

use std::borrow::Cow;

use bytes::Bytes;
use serde::Serialize;
use serde_json::Value;

use super::error::{Error, RuntimeError};
use super::request::Body;
use super::retry::jitter_fraction;

/// A form being built, part by part, in the order added.
#[derive(Debug, Clone, Default)]
pub struct Form {
    parts: Vec<(String, Part)>,
}

/// One part of a form: its content, and optionally a file name and a content type.
#[derive(Debug, Clone)]
pub struct Part {
    content: Bytes,
    file_name: Option<String>,
    content_type: Option<Cow<'static, str>>,
}

impl Part {
    /// A text part.
    pub fn text(text: impl Into<String>) -> Part {
        Part::bytes(text.into().into_bytes())
    }

    /// A binary part.
    pub fn bytes(content: impl Into<Bytes>) -> Part {
        Part {
            content: content.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// Sends the part as a file of this name.
    pub fn file_name(mut self, name: impl Into<String>) -> Part {
        self.file_name = Some(name.into());
        self
    }

    /// Sets the part's content type; an empty one is left out, and one with a line break
    /// or another control character is refused (it would end the part's header).
    pub fn mime_str(mut self, content_type: &str) -> Result<Part, RuntimeError> {
        if content_type.chars().any(char::is_control) {
            return Err(RuntimeError(Error::InvalidHeader {
                name: "content-type".to_owned(),
            }));
        }
        self.content_type = (!content_type.is_empty()).then(|| Cow::Owned(content_type.to_owned()));
        Ok(self)
    }
}

impl Form {
    /// An empty form.
    pub fn new() -> Form {
        Form::default()
    }

    /// Adds a text part.
    pub fn text(self, name: impl Into<String>, text: impl Into<String>) -> Form {
        self.part(name, Part::text(text))
    }

    /// Adds a part.
    pub fn part(mut self, name: impl Into<String>, part: Part) -> Form {
        self.parts.push((name.into(), part));
        self
    }

    /// The form as a request body: a boundary that occurs in no part, the parts, and the
    /// content type that names the boundary.
    pub fn into_body(self) -> Body {
        let mut boundary = new_boundary();
        while self
            .parts
            .iter()
            .any(|(_, part)| contains(&part.content, boundary.as_bytes()))
        {
            boundary = new_boundary();
        }
        let content = self.encode(&boundary);
        Body::bytes(content, format!("multipart/form-data; boundary={boundary}"))
    }

    fn encode(&self, boundary: &str) -> Vec<u8> {
        let mut out = Vec::new();
        for (name, part) in &self.parts {
            out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let mut disposition =
                format!("Content-Disposition: form-data; name=\"{}\"", quoted(name));
            if let Some(file_name) = &part.file_name {
                disposition.push_str(&format!("; filename=\"{}\"", quoted(file_name)));
            }
            out.extend_from_slice(disposition.as_bytes());
            out.extend_from_slice(b"\r\n");
            if let Some(content_type) = &part.content_type {
                out.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
            }
            out.extend_from_slice(b"\r\n");
            out.extend_from_slice(&part.content);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        out
    }
}

/// Adds the members of a value (a map, a flattened union, a free-form object) to a form,
/// one part each, named by its key: text for strings, numbers and booleans, JSON
/// (`application/json`) otherwise. Null members are left out.
pub fn member_parts<T: Serialize + ?Sized>(mut form: Form, value: &T) -> Form {
    if let Ok(Value::Object(members)) = serde_json::to_value(value) {
        for (name, member) in members {
            form = match member {
                Value::Null => form,
                Value::String(text) => form.text(name, text),
                Value::Bool(_) | Value::Number(_) => form.text(name, member.to_string()),
                other => {
                    let mut part = Part::text(other.to_string());
                    part.content_type = Some(Cow::Borrowed("application/json"));
                    form.part(name, part)
                }
            };
        }
    }
    form
}

/// A name inside a quoted header parameter: `"`, CR and LF percent-encoded, as browsers do.
fn quoted(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn new_boundary() -> String {
    let random = |_| (jitter_fraction() * f64::from(u32::MAX)) as u32;
    let words: Vec<String> = (0..4).map(random).map(|w| format!("{w:08x}")).collect();
    format!("client-runtime-{}", words.concat())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_parts_in_order_with_names_files_and_types() {
        let form = Form::new()
            .text("name", "Zoë")
            .part(
                "file",
                Part::bytes(&b"\x00\x01data"[..])
                    .file_name("a \"b\".bin")
                    .mime_str("application/octet-stream")
                    .unwrap(),
            )
            .text("evil\r\nname", "x");
        let expected = concat!(
            "--B\r\n",
            "Content-Disposition: form-data; name=\"name\"\r\n\r\n",
            "Zoë\r\n",
            "--B\r\n",
            "Content-Disposition: form-data; name=\"file\"; filename=\"a %22b%22.bin\"\r\n",
            "Content-Type: application/octet-stream\r\n\r\n",
            "\u{0}\u{1}data\r\n",
            "--B\r\n",
            "Content-Disposition: form-data; name=\"evil%0D%0Aname\"\r\n\r\n",
            "x\r\n",
            "--B--\r\n",
        );
        assert_eq!(String::from_utf8(form.encode("B")).unwrap(), expected);
    }

    #[test]
    fn the_boundary_is_named_in_the_content_type_and_occurs_in_no_part() {
        let body = Form::new().text("a", "client-runtime-").into_body();
        let Body::Bytes {
            content,
            content_type,
        } = body
        else {
            panic!("a multipart body is replayable bytes");
        };
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .expect("a boundary");
        assert!(boundary.len() <= 70);
        let text = String::from_utf8(content.to_vec()).unwrap();
        assert!(text.starts_with(&format!("--{boundary}\r\n")));
        assert!(text.ends_with(&format!("--{boundary}--\r\n")));
        assert_eq!(text.matches(boundary).count(), 2);
    }

    #[test]
    fn members_become_parts_and_bad_content_types_are_refused() {
        let value = serde_json::json!({"a": "x", "b": 2, "c": null, "d": {"e": true}});
        let form = member_parts(Form::new(), &value);
        let text = String::from_utf8(form.encode("B")).unwrap();
        assert!(text.contains("name=\"a\"\r\n\r\nx\r\n"));
        assert!(text.contains("name=\"b\"\r\n\r\n2\r\n"));
        assert!(!text.contains("name=\"c\""));
        assert!(
            text.contains("name=\"d\"\r\nContent-Type: application/json\r\n\r\n{\"e\":true}\r\n")
        );
        assert!(Part::text("x")
            .mime_str("text/plain\r\nX-Injected: 1")
            .is_err());
        assert!(Part::text("x").mime_str("").unwrap().content_type.is_none());
    }
}
