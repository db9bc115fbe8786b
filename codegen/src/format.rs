//! Stage 5: tokens to formatted source text, with the `@generated` header.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

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

/// Formats a file given as module docs and `count` items emitted on demand by `item`.
///
/// Token streams cannot cross threads, so each worker emits a chunk of items, parses and
/// prints it, and hands back text; the chunks are joined in order, so the output does not
/// depend on the number of threads. This is most of the run time on large specs.
pub fn format_items<F>(
    name: &str,
    header: &str,
    docs: TokenStream,
    count: usize,
    item: F,
) -> Result<String, Error>
where
    F: Fn(usize) -> TokenStream + Sync,
{
    const CHUNK: usize = 64;
    let chunks = count.div_ceil(CHUNK);
    let results: Vec<Mutex<Option<Result<String, Error>>>> =
        (0..chunks).map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(chunks.max(1));
    let render = |chunk: usize| -> Result<String, Error> {
        let end = count.min((chunk + 1) * CHUNK);
        let tokens: TokenStream = (chunk * CHUNK..end).map(&item).collect();
        let file: syn::File = syn::parse2(tokens).map_err(|e| internal(name, e))?;
        Ok(prettyplease::unparse(&file))
    };
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let chunk = next.fetch_add(1, Ordering::Relaxed);
                if chunk >= chunks {
                    break;
                }
                let rendered = render(chunk);
                if let Ok(mut slot) = results[chunk].lock() {
                    *slot = Some(rendered);
                }
            });
        }
    });
    let head: syn::File = syn::parse2(docs).map_err(|e| internal(name, e))?;
    let mut text = prettyplease::unparse(&head);
    for slot in results {
        let rendered = slot
            .into_inner()
            .ok()
            .flatten()
            .unwrap_or_else(|| Err(internal(name, "a formatting thread failed")))?;
        text.push_str(&rendered);
    }
    let body = space_items(&text);
    let mut out = String::with_capacity(header.len() + body.len() + 1);
    out.push_str(header);
    out.push('\n');
    out.push_str(&body);
    Ok(out)
}

fn internal(name: &str, e: impl std::fmt::Display) -> Error {
    Error::new(
        name,
        Position::File,
        ErrorKind::Internal(format!("generated code does not parse: {e}")),
    )
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
            // (A doc line may end with `;` too: it ends nothing.)
            let prev_ends_item = prev.trim() == "}"
                || (prev.ends_with(';') && !prev.trim_start().starts_with("//"));
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
