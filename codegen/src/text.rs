//! Spec text in places where not every character may appear as it is.

/// Is `c` a character that comments and manifests cannot carry as it is: a control character
/// (a lone carriage return is an error in a doc comment, and TOML refuses control characters)
/// or a bidirectional override, which rustc refuses in comments and literals because it can
/// make code read differently from what it does?
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every [`is_unsafe`] character written as its escape (`\u{202e}`), for doc
/// comments: the reader sees that something was there. Tabs become four spaces (clippy's
/// `tabs_in_doc_comments`).
pub fn visible(text: &str) -> String {
    if !text.chars().any(|c| c == '\t' || is_unsafe(c)) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| {
            if c == '\t' {
                "    ".to_owned()
            } else if is_unsafe(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// `text` on one line, with runs of whitespace and [`is_unsafe`] characters as one space (for
/// `//` and `#` comments and TOML strings).
pub fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || is_unsafe(c))
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// How to name the API in a sentence: "the Conversation API", "the Petstore API" (a title
/// that ends in "API" gets no second one).
pub fn api_name(title: &str) -> String {
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.to_ascii_lowercase().ends_with("api") {
        format!("the {title}")
    } else {
        format!("the {title} API")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_characters_are_shown_or_dropped() {
        assert_eq!(visible("a\rb\u{202e}c\td"), "a\\u{d}b\\u{202e}c    d");
        assert_eq!(visible("plain é"), "plain é");
        assert_eq!(one_line(" a\r\n b\u{7}\u{2066}c  "), "a b c");
    }
}
