//! Parameter values that are lists or objects, encoded as their OpenAPI `style` and
//! `explode` say, for the query, headers and cookies. (Copied into a generated crate only
//! when some operation has such a parameter.)

use serde::Serialize;
use serde_json::Value;

use super::url::encode;

/// A query pair whose value is several pieces, each percent-encoded, joined by the
/// delimiter of the parameter's style (`,`, `%20` or `|`), which stays literal.
pub fn query_joined(name: &str, pieces: impl Iterator<Item = String>, delimiter: &str) -> String {
    let pieces: Vec<String> = pieces.map(|piece| encode(&piece)).collect();
    format!("{}={}", encode(name), pieces.join(delimiter))
}

/// The members of a parameter value that is an object: the declared properties first, in
/// the spec's order (`order`), then the others by name. Null members (unset optional
/// properties) are left out. `Err` holds a value that is no object.
pub fn members<T: Serialize + ?Sized>(
    value: &T,
    order: &[&str],
) -> Result<Vec<(String, Value)>, Value> {
    match serde_json::to_value(value) {
        Ok(Value::Object(members)) => {
            let mut members: Vec<_> = members
                .into_iter()
                .filter(|(_, member)| !member.is_null())
                .collect();
            members.sort_by_key(|(name, _)| {
                order
                    .iter()
                    .position(|declared| *declared == name)
                    .unwrap_or(order.len())
            });
            Ok(members)
        }
        Ok(other) => Err(other),
        Err(_) => Err(Value::Null),
    }
}

/// The text of a value inside a parameter: a string as it is, anything else (a number, a
/// boolean, a nested list or object) as JSON.
pub fn member_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The pairs of a parameter in `form` style (or a delimited one), as names and the pieces
/// of their values. Exploded, an object is one pair per member (`role=admin`,
/// `firstName=Alex`) and a list one pair per item; else either is one pair of all its
/// pieces (`id` with `role`, `admin`, `firstName`, `Alex`).
pub fn form_pairs<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
    explode: bool,
    order: &[&str],
) -> Vec<(String, Vec<String>)> {
    let pieces: Vec<String> = match members(value, order) {
        Ok(members) if explode => {
            return members
                .into_iter()
                .map(|(name, member)| (name, vec![member_text(&member)]))
                .collect();
        }
        Ok(members) => members
            .into_iter()
            .flat_map(|(name, member)| [name, member_text(&member)])
            .collect(),
        Err(Value::Array(items)) if explode => {
            return items
                .iter()
                .filter(|item| !item.is_null())
                .map(|item| (name.to_owned(), vec![member_text(item)]))
                .collect();
        }
        Err(Value::Array(items)) => items.iter().map(member_text).collect(),
        Err(Value::Null) => Vec::new(),
        Err(other) => vec![member_text(&other)],
    };
    if pieces.is_empty() {
        Vec::new()
    } else {
        vec![(name.to_owned(), pieces)]
    }
}

/// Adds a parameter in `form` style (or a delimited one) to a query: see [`form_pairs`];
/// the pieces of a value are joined by `delimiter`.
pub fn query_form<T: Serialize + ?Sized>(
    query: &mut Vec<String>,
    name: &str,
    value: &T,
    explode: bool,
    delimiter: &str,
    order: &[&str],
) {
    for (name, pieces) in form_pairs(name, value, explode, order) {
        query.push(query_joined(&name, pieces.into_iter(), delimiter));
    }
}

/// Adds a parameter in `deepObject` style to a query: one pair per member,
/// `id[role]=admin`. Nested objects nest further (`id[address][city]=Paris`) and lists are
/// indexed (`id[tags][0]=a`); null members are left out.
pub fn query_deep_object<T: Serialize + ?Sized>(
    query: &mut Vec<String>,
    name: &str,
    value: &T,
    order: &[&str],
) {
    match members(value, order) {
        Ok(members) => {
            for (member_name, member) in members {
                let key = format!("{}[{}]", encode(name), encode(&member_name));
                deep_pairs(query, key, &member);
            }
        }
        Err(other) => deep_pairs(query, encode(name), &other),
    }
}

/// The `deepObject` pairs of one value under `key` (percent-encoded already).
fn deep_pairs(query: &mut Vec<String>, key: String, value: &Value) {
    match value {
        Value::Null => {}
        Value::Object(members) => {
            for (name, member) in members {
                deep_pairs(query, format!("{key}[{}]", encode(name)), member);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                deep_pairs(query, format!("{key}[{i}]"), item);
            }
        }
        other => {
            let text = encode(&member_text(other));
            query.push(format!("{key}={text}"));
        }
    }
}

/// The text of an object in `simple` style (a header), and of an unexploded object
/// cookie: `role,admin,firstName,Alex`, exploded `role=admin,firstName=Alex`; `None` when
/// there is nothing to send.
pub fn simple_text<T: Serialize + ?Sized>(
    value: &T,
    explode: bool,
    order: &[&str],
) -> Option<String> {
    let pieces: Vec<String> = match members(value, order) {
        Ok(members) => members
            .iter()
            .map(|(name, member)| {
                let separator = if explode { "=" } else { "," };
                format!("{name}{separator}{}", member_text(member))
            })
            .collect(),
        Err(Value::Array(items)) => items.iter().map(member_text).collect(),
        Err(Value::Null) => Vec::new(),
        Err(other) => vec![member_text(&other)],
    };
    (!pieces.is_empty()).then(|| pieces.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ORDER: &[&str] = &["role", "firstName"];

    #[test]
    fn form_style_objects_and_lists() {
        let value = json!({"firstName": "Alex", "role": "admin", "extra": null});
        let mut query = Vec::new();
        query_form(&mut query, "id", &value, true, ",", ORDER);
        assert_eq!(query, ["role=admin", "firstName=Alex"]);
        query.clear();
        query_form(&mut query, "id", &value, false, ",", ORDER);
        assert_eq!(query, ["id=role,admin,firstName,Alex"]);
        query.clear();
        query_form(&mut query, "ids", &json!([3, 4, null]), true, ",", &[]);
        assert_eq!(query, ["ids=3", "ids=4"]);
        query.clear();
        query_form(&mut query, "ids", &json!(["a b", "c"]), false, "%20", &[]);
        assert_eq!(query, ["ids=a%20b%20c"]);
        query.clear();
        query_form(&mut query, "none", &json!(null), false, ",", &[]);
        assert!(query.is_empty());
    }

    #[test]
    fn deep_objects_nest_and_index() {
        let value = json!({"role": "admin", "address": {"city": "Paris"}, "tags": ["a", "b"]});
        let mut query = Vec::new();
        query_deep_object(&mut query, "id", &value, ORDER);
        assert_eq!(
            query,
            [
                "id[role]=admin",
                "id[address][city]=Paris",
                "id[tags][0]=a",
                "id[tags][1]=b"
            ]
        );
    }

    #[test]
    fn simple_style_for_headers() {
        let value = json!({"firstName": "Alex", "role": "admin"});
        assert_eq!(
            simple_text(&value, false, ORDER).unwrap(),
            "role,admin,firstName,Alex"
        );
        assert_eq!(
            simple_text(&value, true, ORDER).unwrap(),
            "role=admin,firstName=Alex"
        );
        assert_eq!(simple_text(&json!([1, "x"]), false, &[]).unwrap(), "1,x");
        assert_eq!(simple_text(&json!({}), false, &[]), None);
    }
}
