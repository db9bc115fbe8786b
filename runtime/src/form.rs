//! `application/x-www-form-urlencoded` request bodies. (Copied into a generated crate only
//! when some operation has such a body; it needs no `form` feature of reqwest.)

use serde::Serialize;
use serde_json::Value;

use super::params::{member_text, members};
use super::request::Body;
use super::url::encode;

/// `value` (an object) as a form body: one `name=value` pair per member, declared members
/// first in the spec's order (`order`), a list as one pair per item (OpenAPI's default
/// for forms: `form` style, exploded), a nested object as JSON text; null members left out.
/// A value that is no object gives an empty body.
pub fn form_body<T: Serialize + ?Sized>(value: &T, order: &[&str]) -> Body {
    let mut pairs = Vec::new();
    for (name, member) in members(value, order).unwrap_or_default() {
        match member {
            Value::Array(items) => {
                for item in items.iter().filter(|item| !item.is_null()) {
                    pairs.push(format!("{}={}", encode(&name), encode(&member_text(item))));
                }
            }
            other => pairs.push(format!(
                "{}={}",
                encode(&name),
                encode(&member_text(&other))
            )),
        }
    }
    Body::bytes(pairs.join("&"), "application/x-www-form-urlencoded")
}

#[cfg(test)]
mod tests {
    use super::super::request::Body;
    use super::form_body;
    use serde_json::json;

    fn text(body: Body) -> String {
        match body {
            Body::Bytes {
                content,
                content_type,
            } => {
                assert_eq!(content_type, "application/x-www-form-urlencoded");
                String::from_utf8(content.to_vec()).unwrap()
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn members_in_declared_order_lists_exploded_nulls_left_out() {
        let value = json!({
            "zeta": "a b&c=d",
            "alpha": 1.5,
            "ids": [1, null, 2],
            "gone": null,
            "nested": {"x": true},
        });
        assert_eq!(
            text(form_body(&value, &["zeta", "alpha"])),
            "zeta=a%20b%26c%3Dd&alpha=1.5&ids=1&ids=2&nested=%7B%22x%22%3Atrue%7D"
        );
        assert_eq!(text(form_body(&json!([1, 2]), &[])), "");
    }
}
