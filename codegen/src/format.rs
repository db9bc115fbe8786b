//! Stage 5: tokens to formatted source text, with the `@generated` header.

use proc_macro2::TokenStream;

use crate::error::{Error, ErrorKind, Position};

/// Formats one file. The tokens are parsed once into a `syn::File` and printed by
/// prettyplease; a parse failure is a bug in the emitters, reported as an internal error.
pub fn format_file(name: &str, tokens: TokenStream, header: &str) -> Result<String, Error> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| {
        Error::new(
            name,
            Position::File,
            ErrorKind::Internal(format!("generated code does not parse: {e}")),
        )
    })?;
    let body = space_items(&prettyplease::unparse(&file));
    let mut out = String::with_capacity(header.len() + body.len() + 1);
    out.push_str(header);
    out.push('\n');
    out.push_str(&body);
    Ok(out)
}

/// prettyplease prints items back to back; a blank line between top-level items and between
/// the items of an `impl` reads as a careful person would write it.
fn space_items(text: &str) -> String {
    const STARTS: &[&str] = &[
        "///", "#[", "pub ", "fn ", "async ", "impl", "const ", "use ", "mod ", "struct ", "enum ",
        "type ",
    ];
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut previous: Option<&str> = None;
    for line in text.lines() {
        if let Some(prev) = previous {
            let indent = line.len() - line.trim_start().len();
            let prev_indent = prev.len() - prev.trim_start().len();
            let body = line.trim_start();
            let starts_item = STARTS.iter().any(|s| body.starts_with(s));
            let prev_ends_item = prev.trim() == "}" || prev.ends_with(';');
            let same_use_block = body.starts_with("use ") && prev.trim_start().starts_with("use ");
            let after_module_docs = prev.starts_with("//!") && !line.starts_with("//!");
            if (indent <= 4
                && indent == prev_indent
                && starts_item
                && prev_ends_item
                && !same_use_block)
                || after_module_docs
            {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        previous = Some(line);
    }
    out
}
