//! Stage 5: tokens to formatted source text, with the `@generated` header.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use proc_macro2::TokenStream;

use crate::emit::{gate, FileTokens, Gated};
use crate::error::{Error, ErrorKind, Position};

/// Formats one file.
pub fn format_file(name: &str, tokens: TokenStream, header: &str) -> Result<String, Error> {
    Ok(with_header(header, &space_items(&print(name, tokens)?)))
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
    F: Fn(usize) -> Gated + Sync,
{
    let render = |range: std::ops::Range<usize>| {
        let items = parse_items(name, range.map(&item))?;
        Ok(prettyplease::unparse(&file_of(items)))
    };
    let mut text = print(name, docs)?;
    for rendered in render_chunks(name, count, render)? {
        text.push_str(&rendered);
    }
    Ok(with_header(header, &space_items(&text)))
}

/// Formats a file given as `head`, whose last item is an `impl` block, `count` methods to add
/// at the end of that block, emitted on demand by `method` (whose error, if any, is the
/// file's), and `tail`, the items after it.
///
/// Like [`format_items`], for specs with thousands of operations: chunks of methods are
/// formatted on all threads, each inside an `impl` block of its own whose first and last lines
/// are then dropped (prettyplease indents a method the same in any `impl` block).
pub fn format_methods<F>(
    name: &str,
    header: &str,
    head: TokenStream,
    count: usize,
    method: F,
    tail: TokenStream,
) -> Result<String, Error>
where
    F: Fn(usize) -> Result<Gated, Error> + Sync,
{
    let render = |range: std::ops::Range<usize>| -> Result<String, Error> {
        let pieces: Vec<Gated> = range.map(&method).collect::<Result<_, _>>()?;
        let mut block: syn::ItemImpl = syn::parse_quote!(impl Chunk {});
        block.items = parse_methods(name, pieces)?;
        let text = prettyplease::unparse(&file_of(vec![syn::Item::Impl(block)]));
        text.split_once('\n')
            .and_then(|(_, rest)| rest.strip_suffix("}\n"))
            .map(str::to_owned)
            .ok_or_else(|| internal(name, "a chunk of methods is not one `impl` block"))
    };
    let head = print(name, head)?;
    let mut text = head
        .strip_suffix("}\n")
        .ok_or_else(|| internal(name, "the file does not end with an `impl` block"))?
        .to_owned();
    for rendered in render_chunks(name, count, render)? {
        text.push_str(&rendered);
    }
    text.push_str("}\n");
    text.push_str(&print(name, tail)?);
    Ok(with_header(header, &space_items(&text)))
}

/// Renders `count` items in chunks, on all threads, and returns the chunks' text (or whatever
/// `render` makes of them) in order, so the output does not depend on the number of threads.
fn render_chunks<T, R>(name: &str, count: usize, render: R) -> Result<Vec<T>, Error>
where
    T: Send,
    R: Fn(std::ops::Range<usize>) -> Result<T, Error> + Sync,
{
    const CHUNK: usize = 64;
    let chunks = count.div_ceil(CHUNK);
    let results: Vec<Mutex<Option<Result<T, Error>>>> =
        (0..chunks).map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(chunks.max(1));
    let work = || loop {
        let chunk = next.fetch_add(1, Ordering::Relaxed);
        if chunk >= chunks {
            break;
        }
        let rendered = render(chunk * CHUNK..count.min((chunk + 1) * CHUNK));
        if let Ok(mut slot) = results[chunk].lock() {
            *slot = Some(rendered);
        }
    };
    std::thread::scope(|scope| {
        for _ in 0..workers {
            // Emitting and parsing recurse once per level of a type, as modelling does.
            let thread = std::thread::Builder::new()
                .stack_size(crate::LARGE_STACK)
                .spawn_scoped(scope, work);
            if thread.is_err() {
                // No thread to be had: this one does the work.
                work();
            }
        }
    });
    results
        .into_iter()
        .map(|slot| {
            slot.into_inner()
                .ok()
                .flatten()
                .unwrap_or_else(|| Err(internal(name, "a formatting thread failed")))
        })
        .collect()
}

/// Stage 4 without stage 5, for the benchmark (`codegen/examples/stages.rs`): emits the tokens
/// of every file, the large ones in the chunks and on the threads that [`format_items`] and
/// [`format_methods`] use, and drops them unprinted. Returns the number of token trees at the
/// top level of the files (a check that something was emitted).
pub fn emit_only(files: Vec<(&'static str, FileTokens<'_>)>) -> Result<usize, Error> {
    let mut trees = 0;
    for (name, tokens) in files {
        trees += match tokens {
            FileTokens::Verbatim { .. } => 0,
            FileTokens::Whole(tokens) => tokens.into_iter().count(),
            FileTokens::Items { docs, count, item } => {
                let emit = |range: std::ops::Range<usize>| {
                    Ok(range
                        .map(|i| item(i).tokens.into_iter().count())
                        .sum::<usize>())
                };
                docs.into_iter().count() + render_chunks(name, count, emit)?.iter().sum::<usize>()
            }
            FileTokens::Methods {
                head,
                count,
                method,
                tail,
            } => {
                let emit = |range: std::ops::Range<usize>| {
                    range
                        .map(|i| method(i).map(|m| m.tokens.into_iter().count()))
                        .sum::<Result<usize, Error>>()
                };
                head.into_iter().count()
                    + tail.into_iter().count()
                    + render_chunks(name, count, emit)?.iter().sum::<usize>()
            }
        };
    }
    Ok(trees)
}

/// A file of `items`, to print.
fn file_of(items: Vec<syn::Item>) -> syn::File {
    let mut file: syn::File = syn::parse_quote!();
    file.items = items;
    file
}

/// The items of `pieces`, parsed, each gated piece's with its `cfg` (see [`Gated`]).
fn parse_items(name: &str, pieces: impl Iterator<Item = Gated>) -> Result<Vec<syn::Item>, Error> {
    let parse = |tokens| {
        Ok(syn::parse2::<syn::File>(tokens)
            .map_err(|e| internal(name, e))?
            .items)
    };
    parse_pieces(pieces, parse, gate::on_items)
}

/// The methods of `pieces` (items of an `impl` block), parsed like [`parse_items`].
fn parse_methods(name: &str, pieces: Vec<Gated>) -> Result<Vec<syn::ImplItem>, Error> {
    let parse = |tokens: TokenStream| {
        let block = quote::quote!(impl Chunk { #tokens });
        Ok(syn::parse2::<syn::ItemImpl>(block)
            .map_err(|e| internal(name, e))?
            .items)
    };
    parse_pieces(pieces.into_iter(), parse, gate::on_impl_items)
}

/// Parses each gated piece alone and puts its `cfg` on what it holds; the pieces in a row
/// that have none are parsed together. Every token is parsed once.
fn parse_pieces<T>(
    pieces: impl Iterator<Item = Gated>,
    parse: impl Fn(TokenStream) -> Result<Vec<T>, Error>,
    gate: impl Fn(&syn::Attribute, &mut [T]),
) -> Result<Vec<T>, Error> {
    let mut out = Vec::new();
    let mut plain = TokenStream::new();
    for piece in pieces {
        match piece.cfg {
            None => plain.extend(piece.tokens),
            Some(cfg) => {
                if !plain.is_empty() {
                    out.extend(parse(std::mem::take(&mut plain))?);
                }
                let mut gated = parse(piece.tokens)?;
                gate(&cfg, &mut gated);
                out.extend(gated);
            }
        }
    }
    if !plain.is_empty() {
        out.extend(parse(plain)?);
    }
    Ok(out)
}

/// The tokens of (a part of) file `name`, parsed into a `syn::File` and printed by
/// prettyplease; a parse failure is a bug in the emitters, reported as an internal error.
fn print(name: &str, tokens: TokenStream) -> Result<String, Error> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| internal(name, e))?;
    Ok(prettyplease::unparse(&file))
}

fn with_header(header: &str, body: &str) -> String {
    let mut out = String::with_capacity(header.len() + body.len() + 1);
    out.push_str(header);
    out.push('\n');
    out.push_str(body);
    out
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
            let prev_ends_item =
                prev.trim() == "}" || (prev.ends_with(';') && !prev.trim_start().starts_with("//"));
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

#[cfg(test)]
mod tests {
    use quote::{format_ident, quote};

    use super::*;

    /// Methods formatted in chunks, each in an `impl` block of its own, come out exactly as the
    /// whole file formatted at once; a gated method gets its `cfg` after its docs, as if the
    /// emitter had written it there.
    #[test]
    fn methods_in_chunks_print_as_one_file() {
        let cfg_of = |i: usize| -> Option<syn::Attribute> {
            (i % 3 == 1).then(|| syn::parse_quote!(#[cfg(feature = "tag-things")]))
        };
        let method_tokens = |i: usize, cfg: Option<syn::Attribute>| {
            let name = format_ident!("operation_{i}");
            let doc = format!(" Operation {i}; it ends with a semicolon;");
            quote! {
                #[doc = #doc]
                #cfg
                pub async fn #name(&self, id: &str) -> ::std::result::Result<(), Error> {
                    let url = ::std::format!("{}/things/{}", self.base, id);
                    self.send(url).await
                }
            }
        };
        let method = |i: usize| {
            Ok(Gated {
                cfg: cfg_of(i),
                tokens: method_tokens(i, None),
            })
        };
        let head = quote! {
            #![doc = " The client."]
            use crate::error::Error;
            pub struct Client { base: ::std::string::String }
            impl Client {
                pub fn new() -> Self { Client { base: ::std::string::String::new() } }
            }
        };
        let tail = quote! {
            fn helper() -> u32 { 1 }
        };
        for count in [0, 1, 64, 65, 200] {
            let methods: TokenStream = (0..count).map(|i| method_tokens(i, cfg_of(i))).collect();
            let whole = quote! {
                #![doc = " The client."]
                use crate::error::Error;
                pub struct Client { base: ::std::string::String }
                impl Client {
                    pub fn new() -> Self { Client { base: ::std::string::String::new() } }
                    #methods
                }
                fn helper() -> u32 { 1 }
            };
            let expected = format_file("client.rs", whole, "// header").unwrap();
            let chunked = format_methods(
                "client.rs",
                "// header",
                head.clone(),
                count,
                method,
                tail.clone(),
            )
            .unwrap();
            assert_eq!(chunked, expected, "{count} methods");
            if count > 1 {
                assert!(expected.contains("#[cfg(feature = \"tag-things\")]"));
            }
        }
    }

    /// Items emitted one by one, some gated, come out as the whole file with each gated
    /// item's `cfg` after its docs.
    #[test]
    fn gated_items_get_their_cfg_on_every_item() {
        let item_tokens = |i: usize, cfg: Option<syn::Attribute>| {
            let name = format_ident!("Thing{i}");
            let doc = format!(" Thing {i}.");
            quote! {
                #[doc = #doc]
                #cfg
                #[derive(Debug)]
                pub struct #name;
                #cfg
                impl #name {
                    pub fn new() -> Self { Self }
                }
            }
        };
        let cfg_of = |i: usize| -> Option<syn::Attribute> {
            i.is_multiple_of(2)
                .then(|| syn::parse_quote!(#[cfg(feature = "tag-things")]))
        };
        for count in [1, 2, 64, 65, 130] {
            let whole: TokenStream = (0..count).map(|i| item_tokens(i, cfg_of(i))).collect();
            let expected = format_file("models.rs", whole, "// header").unwrap();
            let item = |i: usize| Gated {
                cfg: cfg_of(i),
                tokens: item_tokens(i, None),
            };
            let chunked =
                format_items("models.rs", "// header", TokenStream::new(), count, item).unwrap();
            assert_eq!(chunked, expected, "{count} items");
        }
    }
}
