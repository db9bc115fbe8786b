//! Stage 4: the model as Rust tokens, one token stream per file of the generated crate.

mod builders;
mod client;
mod deserialize;
mod docs;
mod examples;
pub mod gate;
mod mock;
mod models;
mod nesting;
mod runtime_copy;
mod serialize;
mod types;
pub mod validate;
mod webhooks;

use std::borrow::Cow;

use proc_macro2::TokenStream;
use quote::quote;

use crate::error::Error;
use crate::model::Api;

/// The items emitted for one type or one operation, and the `#[cfg(...)]` that compiles them
/// only with some features (see [`gate`]), which the formatter puts on each of them as it
/// parses them (so the tokens are parsed once).
pub struct Gated {
    pub cfg: Option<syn::Attribute>,
    pub tokens: TokenStream,
}

/// The tokens of one file: all at once, or (for large files) as module docs and items that
/// are emitted on demand, so that emitting and formatting can run on several threads.
pub enum FileTokens<'a> {
    Whole(TokenStream),
    Items {
        docs: TokenStream,
        count: usize,
        item: Box<dyn Fn(usize) -> Gated + Sync + 'a>,
    },
    /// A file whose bulk is the methods of one `impl` block (the client's operations), emitted
    /// on demand like `Items`: `head` is the file up to and including that block (with the
    /// methods it always has), `method(i)` the methods that go at the end of the block, `tail`
    /// the items after it. A spec with thousands of operations is formatted on all threads.
    /// A method that cannot be emitted (a broken invariant of the model) is an internal error.
    Methods {
        head: TokenStream,
        count: usize,
        method: Box<dyn Fn(usize) -> Result<Gated, Error> + Sync + 'a>,
        tail: TokenStream,
    },
    /// A file written as it is, not formatted (the runtime's sources); `headed` puts the
    /// `@generated` header on top.
    Verbatim {
        text: Cow<'static, str>,
        headed: bool,
    },
}

/// A module that the generated `lib.rs` declares from a file of the user's (see
/// `Generator::extra_module`): its name, and its path relative to the directory of `lib.rs`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtraModule {
    pub name: String,
    pub path: String,
}

/// The source files of a generated crate, relative to its source root, with their tokens.
pub fn emit<'a>(api: &'a Api, extra: &[ExtraModule]) -> Vec<(&'static str, FileTokens<'a>)> {
    let mut files = vec![
        ("lib.rs", FileTokens::Whole(lib_file(api, extra))),
        ("client.rs", client::client_file(api)),
        ("models.rs", models::models_file(api)),
        ("mock.rs", mock::mock_file(api)),
    ];
    if !api.examples.is_empty() {
        files.push((
            "spec_examples.rs",
            FileTokens::Whole(examples::examples_file(api)),
        ));
    }
    if !api.webhooks.is_empty() {
        files.push((
            "webhooks.rs",
            FileTokens::Whole(webhooks::webhooks_file(api)),
        ));
    }
    files.extend(runtime_copy::runtime_files(api));
    files
}

/// The modules of the generated `lib.rs`: a module the user adds must be named otherwise.
pub const MODULES: &[&str] = &[
    "client",
    "mock",
    "models",
    "runtime",
    "spec_examples",
    "webhooks",
];

pub use crate::text::api_name;

/// The tag features, for the crate's docs: all of them, or the first few and how many more.
fn tag_list(names: &[String]) -> String {
    const SHOWN: usize = 4;
    let tags: Vec<String> = names
        .iter()
        .filter(|n| n.starts_with("tag-"))
        .map(|n| format!("`{n}`"))
        .collect();
    if tags.len() <= SHOWN {
        tags.join(", ")
    } else {
        format!(
            "{}, and {} more",
            tags[..SHOWN].join(", "),
            tags.len() - SHOWN
        )
    }
}

fn lib_file(api: &Api, extra: &[ExtraModule]) -> TokenStream {
    let mut lines = vec![format!(
        "{} (version {})",
        api.title.trim(),
        api.version.trim()
    )];
    if let Some(description) = &api.description {
        lines.push(String::new());
        lines.extend(docs::sanitize(description));
    }
    lines.push(String::new());
    lines.push(
        "Start with [`Client::builder`]; the types of requests and responses are in [`models`],"
            .into(),
    );
    lines.push(
        "and what every client does the same way (errors, credentials, time limits, retries)"
            .into(),
    );
    lines.push("is in [`runtime`].".into());
    lines.push(String::new());
    lines.push(
        "With the crate's `mock` feature, the `mock` module has typed mocks of the operations,"
            .into(),
    );
    lines.push("on a local wiremock server, for the tests of code that calls the client.".into());
    if let Some(features) = &api.features {
        lines.push(String::new());
        lines.push(
            "Each tag of the spec is a cargo feature that compiles the operations of that tag and"
                .into(),
        );
        lines.push(format!(
            "the types they use: {}.",
            tag_list(&features.names)
        ));
        lines.push(
            "`unused-types` compiles the types no operation uses. The default feature `all` turns"
                .into(),
        );
        lines.push(
            "every one on; with `default-features = false`, turn on the tags you need (and".into(),
        );
        lines.push("`http2` and `system-proxy` if wanted).".into());
    }
    let crate_docs = docs::inner_doc_attrs(&lines);
    let recursion_limit = nesting::recursion_limit(api).map(|limit| {
        let limit = limit.to_string();
        quote! { #![recursion_limit = #limit] }
    });
    let title = &api.title;
    let version = &api.version;
    let examples = (!api.examples.is_empty()).then(|| {
        quote! {
            #[cfg(test)]
            #[rustfmt::skip]
            mod spec_examples;
        }
    });
    let webhooks = (!api.webhooks.is_empty()).then(|| {
        quote! {
            #[rustfmt::skip]
            pub mod webhooks;
        }
    });
    let extra = extra.iter().map(|module| {
        let name = quote::format_ident!("{}", module.name);
        let path = &module.path;
        quote! {
            #[path = #path]
            pub mod #name;
        }
    });
    // The modules are formatted by prettyplease when generated; rustfmt would format them
    // differently and fight the build script, so it is told to leave them alone. The
    // runtime's files are formatted already, as the runtime crate's sources; a user's modules
    // are theirs, and formatted with the crate.
    quote! {
        #crate_docs
        #recursion_limit

        #[rustfmt::skip]
        pub mod client;
        #[rustfmt::skip]
        pub mod models;
        #[rustfmt::skip]
        pub mod runtime;
        #[cfg(feature = "mock")]
        #[rustfmt::skip]
        pub mod mock;
        #webhooks
        #examples
        #( #extra )*

        pub use client::Client;
        pub use runtime::{ApiError, Error, ErrorResponse};

        /// The `info.title` of the spec this crate was generated from.
        pub const SPEC_TITLE: &str = #title;
        /// The `info.version` of the spec this crate was generated from.
        pub const SPEC_VERSION: &str = #version;
    }
}
