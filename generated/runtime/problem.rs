//! RFC 9457 problem details (`application/problem+json`), read from any error response.

use serde_json::{Map, Value};

use super::error::ErrorResponse;

/// The problem details of an error response (RFC 9457). Members of the wrong JSON type are
/// ignored, as the RFC says, so a sloppy server still yields the members it got right.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Problem {
    /// A URI naming the problem type; `about:blank` (the RFC's default) when absent.
    pub r#type: String,
    /// A short summary of the problem type.
    pub title: Option<String>,
    /// The HTTP status the server gave, as it wrote it in the body.
    pub status: Option<u16>,
    /// An explanation of this occurrence.
    pub detail: Option<String>,
    /// A URI naming this occurrence (some servers put their trace id here: quote it to
    /// their support).
    pub instance: Option<String>,
    /// Every other member of the object, by name (validation errors, limits, ids).
    pub extensions: Map<String, Value>,
}

impl Problem {
    /// The problem details of a response whose `Content-Type` is
    /// `application/problem+json` (any parameters, any case) and whose body is a JSON
    /// object; `None` for anything else.
    pub fn from_response(response: &ErrorResponse) -> Option<Problem> {
        let content_type = response
            .headers
            .get(reqwest::header::CONTENT_TYPE)?
            .to_str()
            .ok()?;
        if !is_problem_json(content_type) {
            return None;
        }
        Problem::from_json(&response.body)
    }

    /// The problem details in `body`, when it is a JSON object.
    pub fn from_json(body: &[u8]) -> Option<Problem> {
        let Ok(Value::Object(mut members)) = serde_json::from_slice::<Value>(body) else {
            return None;
        };
        let mut text = |name: &str| match members.remove(name) {
            Some(Value::String(text)) => Some(text),
            _ => None,
        };
        let r#type = text("type").unwrap_or_else(|| "about:blank".to_owned());
        let title = text("title");
        let detail = text("detail");
        let instance = text("instance");
        let status = match members.remove("status") {
            Some(Value::Number(number)) => number.as_u64().and_then(|n| u16::try_from(n).ok()),
            _ => None,
        };
        Some(Problem {
            r#type,
            title,
            status,
            detail,
            instance,
            extensions: members,
        })
    }
}

/// Whether a `Content-Type` value is `application/problem+json`.
fn is_problem_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case("application/problem+json")
}

#[cfg(test)]
mod tests {
    use super::{is_problem_json, Problem};
    use serde_json::json;

    #[test]
    fn reads_every_member_and_keeps_extensions() {
        let body = json!({
            "type": "https://developer.example.com/errors#not-found",
            "title": "Not found",
            "status": 404,
            "detail": "Conversation CON-1 does not exist",
            "instance": "bf0ca0bf927b3b52e3cb03217e1a1ddf",
            "invalid_parameters": [{"name": "id", "reason": "unknown"}],
        });
        let problem = Problem::from_json(body.to_string().as_bytes()).expect("an object");
        assert_eq!(
            problem.r#type,
            "https://developer.example.com/errors#not-found"
        );
        assert_eq!(problem.title.as_deref(), Some("Not found"));
        assert_eq!(problem.status, Some(404));
        assert_eq!(
            problem.detail.as_deref(),
            Some("Conversation CON-1 does not exist")
        );
        assert_eq!(
            problem.instance.as_deref(),
            Some("bf0ca0bf927b3b52e3cb03217e1a1ddf")
        );
        assert_eq!(problem.extensions.len(), 1);
        assert_eq!(
            problem.extensions["invalid_parameters"][0]["reason"],
            "unknown"
        );
    }

    #[test]
    fn members_of_the_wrong_type_are_ignored() {
        let body = br#"{"type": 7, "title": ["x"], "status": "404", "detail": null}"#;
        let problem = Problem::from_json(body).expect("an object");
        assert_eq!(problem.r#type, "about:blank");
        assert_eq!(problem.title, None);
        assert_eq!(problem.status, None);
        assert_eq!(problem.detail, None);
        assert!(problem.extensions.is_empty());
        let huge = br#"{"status": 70000}"#;
        assert_eq!(Problem::from_json(huge).expect("an object").status, None);
    }

    #[test]
    fn anything_but_an_object_is_no_problem() {
        for body in [
            &b""[..],
            b"[]",
            b"\"text\"",
            b"{\"title\": ",
            b"<html>502</html>",
        ] {
            assert_eq!(Problem::from_json(body), None, "{body:?}");
        }
    }

    #[test]
    fn content_type_is_matched_without_parameters_or_case() {
        assert!(is_problem_json("application/problem+json"));
        assert!(is_problem_json("Application/Problem+JSON; charset=utf-8"));
        assert!(!is_problem_json("application/json"));
        assert!(!is_problem_json("text/html"));
        assert!(!is_problem_json(""));
    }
}
