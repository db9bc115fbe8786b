//! The one place that turns spec names into Rust identifiers.
//!
//! Spec names can be anything: `content-type`, `dtmfAnswer`, `_links`, `type`, `foo(); evil()`,
//! unicode or empty. Every identifier the generator emits comes from here: ASCII only, never a
//! keyword, never starting with a digit. The wire name is kept separately (serde renames), so
//! nothing in a name can change the structure of the generated code.

use std::collections::{HashMap, HashSet};

use heck::{ToKebabCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be identifiers (strict and reserved keywords of Rust 2021 and 2024).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Method names the generated `Client` has of its own (its constructors and configuration):
/// operations, and the private methods each operation's method is made of, are named around
/// them. The client's emitter writes these methods; a test checks that it writes no others.
pub const CLIENT_METHODS: &[&str] = &["builder", "new", "with_options", "runtime"];

/// Constants the generated client module has of its own (`OPERATION` is the `static` in each
/// request method): the constants of the security schemes are named around them.
pub const CLIENT_CONSTANTS: &[&str] = &["DEFAULT_BASE_URL", "OPERATION"];

/// The arguments of an operation's method besides its path parameters (`self`, and the
/// parameters struct and the body when it has them): path parameters are named around them.
/// (`out` and `at` are the locals of the checks a request method makes before sending: a path
/// parameter of that name would be shadowed by them.)
pub const OPERATION_ARGUMENTS: &[&str] = &["self", "params", "body", "out", "at"];

/// The names of the Rust prelude (2021) in the type namespace: the types of a generated module
/// whose code writes them plainly (`Vec<_>`, `.to_string()`) are named around them.
pub const PRELUDE_TYPES: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Into",
    "IntoIterator",
    "Iterator",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// The field of a struct that holds the members its schema does not declare
/// (`additionalProperties`): properties are named around it.
pub const ADDITIONAL_PROPERTIES: &str = "additional_properties";

/// The variant of an enum or a tagged union that holds a value the spec does not list:
/// listed values are named around it.
pub const OTHER_VARIANT: &str = "Other";

/// The constructor of a generated struct that has required members: it takes them (see
/// `model::StructDef::constructor`).
pub const CONSTRUCTOR: &str = "new";

/// The chainable setter of an optional field of a generated struct: `with_` and the field's
/// name (`knocking_id` -> `with_knocking_id`; a keyword's escape is dropped, `type_` ->
/// `with_type`). The prefix keeps setters apart from everything else a struct has: its
/// fields (another namespace anyway, but `page.size()` next to `page.size` would read as a
/// getter), [`CONSTRUCTOR`], the `default_<field>` functions of fields with defaults, and the
/// methods of traits; and no name that starts with `with_` is a keyword. Field names are
/// unique and end in `_` only when they escape a keyword, so setter names are unique too.
pub fn setter_name(field: &str) -> String {
    format!("with_{}", field.strip_suffix('_').unwrap_or(field))
}

/// The associated function that returns a field's default value: `default_` and the field's
/// name (`default_type` for `type_`).
pub fn default_fn_name(field: &str) -> String {
    format!("default_{}", field.strip_suffix('_').unwrap_or(field))
}

/// Replaces everything but ASCII letters and digits by word breaks, so heck sees the words.
fn words(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

fn finish(mut ident: String, fallback: &str, digit_prefix: &str) -> String {
    if ident.is_empty() {
        ident = fallback.to_owned();
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert_str(0, digit_prefix);
    }
    if KEYWORDS.contains(&ident.as_str()) {
        ident.push('_');
    }
    ident
}

/// A piece of a type name, to be joined with others (`Links` + `Self`): UpperCamel words
/// without the keyword and digit fixes, which apply to the joined name.
pub fn type_part(raw: &str) -> String {
    words(raw).to_upper_camel_case()
}

/// `channel_type` -> `ChannelType`, `_links_conversation` -> `LinksConversation`.
pub fn type_name(raw: &str) -> String {
    finish(words(raw).to_upper_camel_case(), "Unnamed", "T")
}

/// `dtmfAnswer` -> `dtmf_answer`, `content-type` -> `content_type`, `type` -> `type_`.
pub fn field_name(raw: &str) -> String {
    finish(words(raw).to_snake_case(), "field", "n")
}

/// `getuserConversations` -> `getuser_conversations`.
pub fn method_name(raw: &str) -> String {
    finish(words(raw).to_snake_case(), "operation", "op_")
}

/// The name of a cargo feature for a tag: `tag-` and the tag in kebab case, ASCII letters
/// and digits only (`Pets & Owners` -> `tag-pets-owners`); a tag without any gets its
/// characters' code points (`🐶` -> `tag-u1f436`).
pub fn tag_feature(raw: &str) -> String {
    let kebab = words(raw).to_kebab_case();
    if kebab.is_empty() {
        let points: Vec<String> = raw
            .chars()
            .map(|c| format!("u{:x}", u32::from(c)))
            .collect();
        return format!("tag-{}", points.join("-"));
    }
    format!("tag-{kebab}")
}

/// `bearerAuth` -> `BEARER_AUTH`, `api-key` -> `API_KEY`: a constant.
pub fn const_name(raw: &str) -> String {
    finish(words(raw).to_shouty_snake_case(), "CONSTANT", "C")
}

/// `audio/l16;rate=8000` -> `AudioL16Rate8000`, `1.0` -> `V10`.
pub fn variant_name(raw: &str) -> String {
    finish(words(raw).to_upper_camel_case(), "Empty", "V")
}

/// Hands out names unique within one scope (a module, a struct's fields, an enum's variants),
/// first come first served, in the deterministic order the caller asks.
#[derive(Default)]
pub struct Scope {
    taken: HashSet<String>,
    /// Per numbered prefix (`field`, `v1_`), the number to try first: the ones below it are
    /// taken, so many names that collide (thousands of non-ASCII property names, all `field`)
    /// cost linear time, not quadratic.
    next: HashMap<String, usize>,
}

impl Scope {
    /// A scope in which `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Scope {
        Scope {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
            next: HashMap::new(),
        }
    }

    /// `candidate` if free, otherwise the first free of `candidate2`, `candidate3`, ...
    ///
    /// `original` is the spec's own spelling: when an all-caps original (`ASC`) collides with
    /// a name already given to another spelling (`asc` -> `Asc`), it is tried as `AscUpper`
    /// before any number, which reads better in an enum.
    pub fn claim(&mut self, candidate: String, original: &str) -> String {
        if self.taken.insert(candidate.clone()) {
            return candidate;
        }
        // A keyword's trailing `_` (`type_`, `Self_`) is dropped before a suffix is added:
        // `type__upper` and `Self_2` would break the naming lints, and `type_upper` and
        // `Self2` are no keywords.
        let base = match candidate.strip_suffix('_') {
            Some(base) if !base.is_empty() && KEYWORDS.contains(&base) => base,
            _ => candidate.as_str(),
        };
        let is_upper = original.chars().any(|c| c.is_ascii_alphabetic())
            && !original.chars().any(|c| c.is_ascii_lowercase());
        if is_upper {
            let upper = if base.contains('_') || base.starts_with(char::is_lowercase) {
                format!("{base}_upper")
            } else {
                format!("{base}Upper")
            };
            if self.taken.insert(upper.clone()) {
                return upper;
            }
        }
        let separator = if base.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        let prefix = format!("{base}{separator}");
        let first = self.next.get(&prefix).copied().unwrap_or(2);
        for n in first.. {
            let name = format!("{prefix}{n}");
            if self.taken.insert(name.clone()) {
                self.next.insert(prefix, n + 1);
                return name;
            }
        }
        candidate
    }
}

/// The variant of a per-status response enum, from the status as the spec writes its key
/// (`404`, `4XX`, `default`): the status's reason phrase in UpperCamel case (`404` ->
/// `NotFound`), `Status299` for a code without a registered phrase, `Status4XX` for a range and
/// `Other` for `default`. Distinct statuses give distinct names.
pub fn status_variant(status: &str) -> String {
    if status == "default" {
        return "Other".to_owned();
    }
    if let Some(phrase) = status.parse().ok().and_then(reason_phrase) {
        return type_part(phrase);
    }
    // A code without a phrase, or a range: as written, letters and digits only.
    let text: String = status.chars().filter(char::is_ascii_alphanumeric).collect();
    format!("Status{text}")
}

/// The reason phrases of the IANA HTTP status code registry (RFC 9110 and the RFCs it lists).
fn reason_phrase(code: u16) -> Option<&'static str> {
    Some(match code {
        100 => "Continue",
        101 => "Switching Protocols",
        102 => "Processing",
        103 => "Early Hints",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non-Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        207 => "Multi-Status",
        208 => "Already Reported",
        226 => "IM Used",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        305 => "Use Proxy",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        421 => "Misdirected Request",
        422 => "Unprocessable Content",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        506 => "Variant Also Negotiates",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        511 => "Network Authentication Required",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_plain_ascii_and_never_keywords() {
        assert_eq!(type_name("channel_type"), "ChannelType");
        assert_eq!(type_name("_links_conversation"), "LinksConversation");
        assert_eq!(type_name("self"), "Self_");
        assert_eq!(type_name("200 response"), "T200Response");
        assert_eq!(field_name("type"), "type_");
        assert_eq!(field_name("content-type"), "content_type");
        assert_eq!(field_name("dtmfAnswer"), "dtmf_answer");
        assert_eq!(field_name("foo(); evil()"), "foo_evil");
        assert_eq!(field_name("\"quoted\" name"), "quoted_name");
        assert_eq!(field_name("名前"), "field");
        assert_eq!(field_name(""), "field");
        assert_eq!(method_name("getuserConversations"), "getuser_conversations");
        assert_eq!(const_name("bearerAuth"), "BEARER_AUTH");
        assert_eq!(const_name("api-key (v2)"), "API_KEY_V2");
        assert_eq!(const_name("2fa"), "C2FA");
        assert_eq!(const_name("鍵"), "CONSTANT");
        assert_eq!(variant_name("audio/l16;rate=8000"), "AudioL16Rate8000");
        assert_eq!(variant_name("1.0"), "V10");
        assert_eq!(setter_name("knocking_id"), "with_knocking_id");
        assert_eq!(setter_name(&field_name("type")), "with_type");
        assert_eq!(setter_name(&field_name("self")), "with_self");
        assert_eq!(default_fn_name(&field_name("type")), "default_type");
    }

    #[test]
    fn statuses_are_named_by_their_reason_phrase() {
        assert_eq!(status_variant("200"), "Ok");
        assert_eq!(status_variant("203"), "NonAuthoritativeInformation");
        assert_eq!(status_variant("404"), "NotFound");
        assert_eq!(status_variant("299"), "Status299");
        assert_eq!(status_variant("4XX"), "Status4XX");
        assert_eq!(status_variant("default"), "Other");
    }

    #[test]
    fn collisions_get_distinct_names() {
        let mut scope = Scope::default();
        let names: Vec<String> = ["asc", "desc", "ASC", "DESC", "Asc"]
            .iter()
            .map(|v| scope.claim(variant_name(v), v))
            .collect();
        assert_eq!(names, ["Asc", "Desc", "AscUpper", "DescUpper", "Asc2"]);
        let mut fields = Scope::with_reserved(&["self"]);
        assert_eq!(fields.claim("links".into(), "_links"), "links");
        assert_eq!(fields.claim("links".into(), "links"), "links2");
        assert_eq!(fields.claim("v1".into(), "v1"), "v1");
        assert_eq!(fields.claim("v1".into(), "v-1"), "v1_2");
        // A keyword's escape is not doubled.
        assert_eq!(fields.claim(field_name("type"), "type"), "type_");
        assert_eq!(fields.claim(field_name("TYPE"), "TYPE"), "type_upper");
        assert_eq!(fields.claim(field_name("Type"), "Type"), "type2");
        let mut types = Scope::default();
        assert_eq!(types.claim(type_name("Self"), "Self"), "Self_");
        assert_eq!(types.claim(type_name("self"), "self"), "Self2");
    }
}
