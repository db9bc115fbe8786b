//! Spec text to rustdoc.
//!
//! Descriptions become `#[doc = "..."]` string literals, one per line, so no text can escape
//! into code. What remains is making the Markdown behave as rustdoc Markdown: fenced and
//! indented code blocks would be compiled as doctests, bare URLs and `[text]` without a link
//! make rustdoc warn. Those are neutralised here.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = " line"]` attributes for a text, after [`sanitize`].
pub fn doc_attrs(text: Option<&str>) -> TokenStream {
    let Some(text) = text else {
        return TokenStream::new();
    };
    lines_to_attrs(&sanitize(text))
}

/// Doc attributes for text that is already rustdoc (written by the generator). Characters a
/// comment cannot hold are shown escaped (see [`crate::text::visible`]).
pub fn lines_to_attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            format!(" {}", crate::text::visible(line))
        }
    });
    quote! { #( #[doc = #lines] )* }
}

/// Inner `#![doc = ...]` attributes, for a module or crate.
pub fn inner_doc_attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            format!(" {}", crate::text::visible(line))
        }
    });
    quote! { #( #![doc = #lines] )* }
}

/// Rustdoc-safe lines of a spec description.
pub fn sanitize(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fence: Option<String> = None;
    // Markdown links may span lines, so link fixes apply to whole paragraphs.
    let mut paragraph: Vec<&str> = Vec::new();
    for raw in text.trim().lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if let Some(marker) = &fence {
            if trimmed.starts_with(marker.as_str()) {
                out.push(marker.clone());
                fence = None;
            } else {
                out.push(line.to_owned());
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            flush_paragraph(&mut paragraph, &mut out);
            // Every code block is shown as text: it is not Rust and must not run as a doctest.
            let marker: String = trimmed
                .chars()
                .take_while(|c| *c == '`' || *c == '~')
                .collect();
            out.push(format!("{marker}text"));
            fence = Some(marker);
            continue;
        }
        if trimmed.is_empty() {
            flush_paragraph(&mut paragraph, &mut out);
            out.push(String::new());
            continue;
        }
        // Indentation of four spaces would make an (untyped, hence Rust) code block.
        paragraph.push(trimmed);
    }
    flush_paragraph(&mut paragraph, &mut out);
    if let Some(marker) = fence {
        out.push(marker);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out
}

/// Fixes the links of a paragraph, then wraps its lines.
fn flush_paragraph(paragraph: &mut Vec<&str>, out: &mut Vec<String>) {
    if paragraph.is_empty() {
        return;
    }
    let fixed = links(&paragraph.join("\n"));
    for line in fixed.lines() {
        wrap(line, out);
    }
    paragraph.clear();
}

/// Text width of doc lines: with `/// ` and an `impl` indentation, lines stay under 100.
const WIDTH: usize = 88;

/// Wraps a long line at spaces. Table rows and headings stay whole; list items continue
/// indented so they stay in their item.
fn wrap(line: &str, out: &mut Vec<String>) {
    if line.chars().count() <= WIDTH || line.starts_with('|') || line.starts_with('#') {
        out.push(line.to_owned());
        return;
    }
    let marker_len = list_marker_len(line);
    let continuation = " ".repeat(marker_len);
    let mut current = String::new();
    for word in line.split(' ') {
        if !current.trim().is_empty() {
            if current.chars().count() + 1 + word.chars().count() > WIDTH {
                out.push(std::mem::replace(&mut current, continuation.clone()));
            } else {
                current.push(' ');
            }
        }
        current.push_str(word);
    }
    if !current.trim().is_empty() {
        out.push(current);
    }
}

/// The width of a list item's marker (`- `, `* `, `12. `), 0 for other lines.
fn list_marker_len(line: &str) -> usize {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        return 2;
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && line[digits..].starts_with(". ") {
        return digits + 2;
    }
    0
}

/// Wraps bare URLs in `<...>` and escapes `[text]` that is not a Markdown link.
fn links(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    let mut in_code = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            i += 1;
            continue;
        }
        if in_code {
            out.push(c);
            i += 1;
            continue;
        }
        let rest: String = chars[i..chars.len().min(i + 8)].iter().collect();
        let starts_url = rest.starts_with("http://") || rest.starts_with("https://");
        let prev = if i == 0 { ' ' } else { chars[i - 1] };
        // `(url)` is bare too, unless it is the target of a link: `[text](url)`.
        let in_plain_parens = prev == '(' && (i < 2 || chars[i - 2] != ']');
        if starts_url && (prev.is_whitespace() || prev == ',' || prev == ';' || in_plain_parens) {
            let mut end = i;
            let mut open_parens = 0usize;
            while end < chars.len() && !chars[end].is_whitespace() && chars[end] != '<' {
                match chars[end] {
                    '(' => open_parens += 1,
                    ')' if open_parens == 0 => break,
                    ')' => open_parens -= 1,
                    _ => {}
                }
                end += 1;
            }
            while end > i && matches!(chars[end - 1], '.' | ',' | ';' | ':' | ')' | '!' | '?') {
                end -= 1;
            }
            out.push('<');
            out.extend(&chars[i..end]);
            out.push('>');
            i = end;
            continue;
        }
        if c == '[' {
            if let Some(close) = chars[i..].iter().position(|c| *c == ']').map(|p| p + i) {
                let next = chars.get(close + 1).copied();
                if matches!(next, Some('(') | Some('[') | Some(':')) {
                    out.push('[');
                } else {
                    out.push_str("\\[");
                    out.extend(&chars[i + 1..close]);
                    out.push_str("\\]");
                    i = close + 1;
                    continue;
                }
            } else {
                out.push_str("\\[");
            }
            i += 1;
            continue;
        }
        if c == ']' {
            out.push(c);
            i += 1;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_blocks_become_text() {
        let lines = sanitize("Example:\n```json\n{\"a\": 1}\n```\n    indented();");
        assert_eq!(
            lines,
            ["Example:", "```text", "{\"a\": 1}", "```", "indented();"]
        );
    }

    #[test]
    fn unterminated_fence_is_closed() {
        assert_eq!(sanitize("```\nfn x()"), ["```text", "fn x()", "```"]);
    }

    #[test]
    fn long_lines_wrap_at_spaces() {
        let long = format!("- {}", "word ".repeat(30).trim_end());
        let lines = sanitize(&long);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.chars().count() <= WIDTH));
        assert!(lines[1..].iter().all(|l| l.starts_with("  word")));
        assert_eq!(lines.join(" ").split_whitespace().count(), 31);
    }

    #[test]
    fn links_may_span_lines_and_parenthesised_urls_are_wrapped() {
        let lines = sanitize(
            "see [media\ntype](https://x.y/z) and (https://a.b/c) or [docs].(https://d.e)",
        );
        assert_eq!(
            lines,
            [
                "see [media",
                "type](https://x.y/z) and (<https://a.b/c>) or \\[docs\\].(<https://d.e>)"
            ]
        );
    }

    #[test]
    fn links_are_made_rustdoc_safe() {
        assert_eq!(
            links("see https://example.com/a. and [DTMF](https://x.y) [note]"),
            "see <https://example.com/a>. and [DTMF](https://x.y) \\[note\\]"
        );
        assert_eq!(links("`[x]` stays"), "`[x]` stays");
    }
}
