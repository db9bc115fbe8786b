//! An OpenAPI 3.0 to Rust client generator.
//!
//! The pipeline, one module per stage:
//!
//! 1. [`load`]: read YAML or JSON into a JSON tree; check the `openapi` version.
//! 2. [`resolve`]: resolve `$ref`s (any JSON pointer, other files) to [`resolve::Location`]s.
//! 3. [`model`]: build the intermediate model ([`model::Api`]): named types, operations.
//! 4. `emit`: turn the model into Rust tokens (`models`, `client`, `lib`), and add the
//!    client runtime's files (`runtime/src/` of this repository, embedded) as they are.
//! 5. `format`: print the tokens with prettyplease under an `@generated` header.
//! 6. `write`: write the files, only when their bytes change.
//!
//! Every stage may use the leaves [`json`] (pointers into JSON trees) and [`naming`] (Rust
//! identifiers); a stage uses no stage after it. [`diff`] compares two specs as their generated
//! clients see them.
//!
//! From a build script:
//!
//! ```no_run
//! let generated = codegen::Generator::new("specs/conversation.yml")
//!     .regenerate_command("cargo build")
//!     .generate()
//!     .unwrap_or_else(|errors| panic!("{errors}"));
//! generated.write_sources("generated").unwrap();
//! ```
//!
//! With options ([`config::Config`]; the command line reads the same from a TOML file):
//!
//! ```no_run
//! use codegen::config::{Dates, FormatType};
//!
//! let generated = codegen::Generator::new("specs/api.yaml")
//!     .typed_formats(Dates::Time)                   // date-time, date, uuid: typed
//!     .format("decimal", FormatType::parse("rust_decimal::Decimal"))
//!     .replace("Money", "my_crate::Money")          // the schema is not generated
//!     .derive("Hash")                               // on every type
//!     .type_derive("ChannelType", "Copy")
//!     .rename_type("ConversationId", "ConvId")
//!     .rename_operation("getuserConversations", "user_conversations")
//!     .crate_version("0.3.0")
//!     .edition("2024")
//!     .generate()
//!     .unwrap_or_else(|errors| panic!("{errors}"));
//! generated.write_crate("crates/api", "api").unwrap();
//! ```

pub mod config;
pub mod diff;
mod emit;
pub mod error;
mod format;
pub mod json;
pub mod load;
mod manifest;
pub mod model;
pub mod naming;
pub mod resolve;
mod text;
#[cfg(feature = "cli")]
pub mod workspace;
mod write;

use std::io;
use std::path::{Path, PathBuf};

pub use config::Config;
pub use error::{Error, ErrorKind, Errors, Position};
pub use manifest::{
    check_crate_name, crate_name_for, dependencies, Membership, FEATURES, MOCK_DEPENDENCY,
    PAGINATION_DEPENDENCIES, PATTERN_DEPENDENCY, RUNTIME_DEPENDENCIES,
};
pub use write::write_if_changed;

/// Configuration of one generation run (builder style, for build scripts and the CLI).
#[derive(Debug, Clone)]
pub struct Generator {
    spec: PathBuf,
    shown: Option<PathBuf>,
    command: String,
    extra: Vec<emit::ExtraModule>,
    config: Config,
}

/// One generated source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// File name relative to the crate's source root (`lib.rs`, `models.rs`, ...).
    pub name: &'static str,
    pub contents: String,
}

/// The result of a run.
#[derive(Debug, Clone)]
pub struct Generated {
    pub api: model::Api,
    pub files: Vec<GeneratedFile>,
    /// Every spec file that was read (the root and the files its refs name): what a build
    /// script must watch.
    pub inputs: Vec<PathBuf>,
    /// Problems that were worked around (reported, not fatal).
    pub warnings: Vec<Error>,
    header: String,
    package: manifest::Package,
}

impl Generator {
    /// Generates from the spec at `spec`.
    pub fn new(spec: impl Into<PathBuf>) -> Generator {
        Generator {
            spec: spec.into(),
            shown: None,
            command: "codegen generate".to_owned(),
            extra: Vec::new(),
            config: Config::default(),
        }
    }

    /// Sets every option at once (the builder methods below change one each).
    pub fn config(mut self, config: Config) -> Generator {
        self.config = config;
        self
    }

    /// Adds a derive (a path: `Hash`, `serde::Serialize`) to every generated struct and
    /// enum, besides those it has anyway.
    pub fn derive(mut self, path: impl Into<String>) -> Generator {
        self.config.derives.push(path.into());
        self
    }

    /// Adds a derive to one type, by the name the generator gives it.
    pub fn type_derive(mut self, ty: impl Into<String>, path: impl Into<String>) -> Generator {
        let derives = self.config.type_derives.entry(ty.into()).or_default();
        derives.push(path.into());
        self
    }

    /// Replaces the schema `schema` (its name under `components/schemas`) by the type at
    /// `path` (`my_crate::Money`): the schema gets no type, every reference to it uses the
    /// path. The type's serde form must be the schema's JSON.
    pub fn replace(mut self, schema: impl Into<String>, path: impl Into<String>) -> Generator {
        self.config.replace.insert(schema.into(), path.into());
        self
    }

    /// Gives the values of `format` a type (see [`config::FormatType`]).
    pub fn format(mut self, format: impl Into<String>, ty: config::FormatType) -> Generator {
        self.config.formats.insert(format.into(), ty);
        self
    }

    /// Types `date-time` and `date` with `dates`, and `uuid` as `uuid::Uuid`, wherever the
    /// spec has them (see [`Config::typed_formats`]).
    pub fn typed_formats(mut self, dates: config::Dates) -> Generator {
        self.config.typed_formats = Some(dates);
        self
    }

    /// Renames a type, by the name the generator gives it.
    pub fn rename_type(mut self, from: impl Into<String>, to: impl Into<String>) -> Generator {
        self.config.rename_types.insert(from.into(), to.into());
        self
    }

    /// Gives the operation `operation_id` the method name `name`.
    pub fn rename_operation(
        mut self,
        operation_id: impl Into<String>,
        name: impl Into<String>,
    ) -> Generator {
        let (id, name) = (operation_id.into(), name.into());
        self.config.rename_operations.insert(id, name);
        self
    }

    /// The `version` of the crate's `Cargo.toml` ([`Generated::write_crate`]).
    pub fn crate_version(mut self, version: impl Into<String>) -> Generator {
        self.config.crate_version = Some(version.into());
        self
    }

    /// The `edition` of the crate's `Cargo.toml`: `2021` (the default) or `2024`.
    pub fn edition(mut self, edition: impl Into<String>) -> Generator {
        self.config.edition = Some(edition.into());
        self
    }

    /// Reads numbers written as strings (`"100"`) in every number member of every type, not
    /// only in the members whose example in the spec is written so (the default): for servers
    /// that quote their numbers. Sending is unchanged (numbers are sent as numbers); list
    /// items and map values are read as the schema says.
    pub fn numbers_as_strings(mut self, tolerated: bool) -> Generator {
        self.config.numbers_as_strings = tolerated;
        self
    }

    /// One cargo feature per tag of the spec (`tag-repos`), each compiling its tag's
    /// operations and the types they use, all on by default (through the feature `all`): a
    /// user who needs a few tags of a large API turns default features off and those on.
    pub fn tag_features(mut self, on: bool) -> Generator {
        self.config.tag_features = on;
        self
    }

    /// How the spec is named in messages and headers (default: the path as given). Build
    /// scripts pass a path relative to the crate, so output does not depend on the machine.
    pub fn shown_as(mut self, name: impl Into<PathBuf>) -> Generator {
        self.shown = Some(name.into());
        self
    }

    /// The command named in the `@generated` header as the way to regenerate.
    pub fn regenerate_command(mut self, command: impl Into<String>) -> Generator {
        self.command = command.into();
        self
    }

    /// Adds a hand-written module to the generated crate: `lib.rs` declares
    /// `#[path = "<path>"] pub mod <name>;`, so the file is compiled (and formatted, and
    /// linted) as part of the crate, and can use its `crate::runtime` and `crate::models`
    /// (say, a token provider for the spec's own kind of credentials). `path` is relative to
    /// the directory `lib.rs` is written to (`"../src/auth.rs"` for a file next to it in
    /// `src/`). The name must be a Rust identifier that is no keyword and none of the
    /// generated modules (`client`, `models`, `runtime`, `spec_examples`); [`Generator::generate`]
    /// reports one that is not.
    pub fn extra_module(mut self, name: impl Into<String>, path: impl Into<String>) -> Generator {
        self.extra.push(emit::ExtraModule {
            name: name.into(),
            path: path.into(),
        });
        self
    }

    /// Loads, resolves and models the spec, without emitting code (what `codegen diff` needs).
    pub fn model(&self) -> Result<model::Built, Errors> {
        with_large_stack(|| self.model_here().map(|(built, _)| built))
    }

    /// Runs the pipeline in memory.
    pub fn generate(&self) -> Result<Generated, Errors> {
        with_large_stack(|| self.generate_here())
    }

    /// How the spec is named in messages and in the header.
    fn shown(&self) -> PathBuf {
        self.shown.clone().unwrap_or_else(|| self.spec.clone())
    }

    /// Stages 1 to 3, on the calling thread: the model, and every spec file that was read.
    fn model_here(&self) -> Result<(model::Built, Vec<PathBuf>), Errors> {
        self.check_config()?;
        let shown = self.shown();
        let mut resolver = resolve::Resolver::load(&self.spec, &shown)?;
        let load_warnings = resolver.take_load_warnings();
        let mut built = model::build(&mut resolver, &self.config).map_err(|errors| {
            let mut errors = Errors(
                errors
                    .0
                    .into_iter()
                    .map(|e| resolver.original_error(e))
                    .collect(),
            );
            // A value the normalizer copied (a 2.0 schema under two media types) is reported
            // once, at the one place it was written.
            errors.dedup();
            errors
        })?;
        let model_warnings = std::mem::take(&mut built.warnings);
        let mut warnings = Errors(
            load_warnings
                .into_iter()
                .chain(resolver.take_load_warnings())
                .chain(
                    model_warnings
                        .into_iter()
                        .map(|w| resolver.original_error(w)),
                )
                .collect(),
        );
        warnings.dedup();
        built.warnings = warnings.0;
        let inputs = resolver.input_paths().map(Path::to_path_buf).collect();
        Ok((built, inputs))
    }

    /// The whole pipeline, on the calling thread.
    fn generate_here(&self) -> Result<Generated, Errors> {
        self.check_extra_modules()?;
        let (built, inputs) = self.model_here()?;
        self.emit_and_format(built, inputs)
    }

    /// Stages 4 and 5 on the calling thread (which needs a large stack: see
    /// [`Generator::generate`]): the files of the crate for a model. Public for the benchmark
    /// (`codegen/examples/stages.rs`), which times the stages one by one.
    #[doc(hidden)]
    pub fn emit_and_format(
        &self,
        built: model::Built,
        inputs: Vec<PathBuf>,
    ) -> Result<Generated, Errors> {
        let api = built.api;
        let header = format!(
            "// @generated by codegen from `{}` ({} {}).\n// Do not edit: regenerate with `{}`.",
            // A line break (even in a file name) would end the comment.
            text::one_line(&self.shown().display().to_string().replace('\\', "/")),
            text::one_line(&api.title),
            text::one_line(&api.version),
            text::one_line(&self.command)
        );
        let mut files = Vec::new();
        let mut errors = Errors::default();
        for (name, tokens) in emit::emit(&api, &self.extra) {
            let formatted = match tokens {
                emit::FileTokens::Verbatim {
                    text,
                    headed: false,
                } => Ok(text.into_owned()),
                emit::FileTokens::Verbatim { text, headed: true } => {
                    Ok(format!("{header}\n{text}"))
                }
                emit::FileTokens::Whole(tokens) => format::format_file(name, tokens, &header),
                emit::FileTokens::Items { docs, count, item } => {
                    format::format_items(name, &header, docs, count, item)
                }
                emit::FileTokens::Methods {
                    head,
                    count,
                    method,
                    tail,
                } => format::format_methods(name, &header, head, count, method, tail),
            };
            match formatted {
                Ok(contents) => files.push(GeneratedFile { name, contents }),
                Err(e) => errors.push(e),
            }
        }
        errors.into_result(Generated {
            api,
            files,
            inputs,
            warnings: built.warnings,
            header,
            package: manifest::Package::of(&self.config),
        })
    }
}

impl Generator {
    /// Stage 4 alone, on the calling thread (which needs a large stack): emits the tokens of
    /// every file and drops them unformatted; returns how many token trees there were. Only
    /// for the benchmark (`codegen/examples/stages.rs`): [`Generator::emit_and_format`] minus
    /// this is the time formatting takes.
    #[doc(hidden)]
    pub fn emit_only(&self, api: &model::Api) -> Result<usize, Errors> {
        format::emit_only(emit::emit(api, &self.extra)).map_err(Errors::from)
    }

    /// Checks the options on their own, before the spec is read (see [`Config::problems`]).
    fn check_config(&self) -> Result<(), Errors> {
        let spec = self.shown();
        let problems = self.config.problems();
        Errors(
            problems
                .into_iter()
                .map(|p| self.config.error(&spec, p))
                .collect(),
        )
        .into_result(())
    }

    /// Checks the names of the modules added with [`Generator::extra_module`]: each must be a
    /// module `lib.rs` can declare, once, next to the generated ones, from a path that can be
    /// written in its attribute.
    fn check_extra_modules(&self) -> Result<(), Errors> {
        let mut errors = Errors::default();
        for (i, module) in self.extra.iter().enumerate() {
            let name = &module.name;
            let problem = if naming::field_name(name) != *name {
                Some("is not a snake_case Rust identifier (or is a keyword)")
            } else if emit::MODULES.contains(&name.as_str()) {
                Some("is the name of a generated module")
            } else if self.extra[..i].iter().any(|other| other.name == *name) {
                Some("is added twice")
            } else if module.path.chars().any(text::is_unsafe) {
                Some("has a path with a control character")
            } else {
                None
            };
            if let Some(problem) = problem {
                let message = format!("the extra module `{name}` {problem}");
                errors.push(Error::new(
                    self.shown(),
                    Position::File,
                    ErrorKind::Invalid(message),
                ));
            }
        }
        errors.into_result(())
    }
}

/// The stack of the threads that model, emit and format: each recurses once per level of
/// nested schemas (up to [`model::MAX_DEPTH`]). It is only reserved; what is not used costs
/// nothing.
const LARGE_STACK: usize = 256 << 20;

/// Runs `f` on a thread of its own with a [`LARGE_STACK`]: the calling thread (a build
/// script's, a test's) may have a small one.
fn with_large_stack<T: Send>(f: impl Fn() -> T + Sync) -> T {
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name("codegen".into())
            .stack_size(LARGE_STACK)
            .spawn_scoped(scope, &f);
        match thread {
            Ok(thread) => match thread.join() {
                Ok(value) => value,
                Err(panic) => std::panic::resume_unwind(panic),
            },
            // No thread to be had: the caller's stack, then.
            Err(_) => f(),
        }
    })
}

impl Generated {
    /// Writes the source files into `dir` (which becomes the crate's source root), each only
    /// if its bytes changed. Returns the files written.
    pub fn write_sources(&self, dir: impl AsRef<Path>) -> io::Result<Vec<PathBuf>> {
        let mut written = Vec::new();
        for file in &self.files {
            let path = dir.as_ref().join(file.name);
            if write_if_changed(&path, &file.contents)? {
                written.push(path);
            }
        }
        Ok(written)
    }

    /// Writes a standalone crate: `Cargo.toml` (with an empty `[workspace]` table) and `src/`.
    pub fn write_crate(&self, dir: impl AsRef<Path>, name: &str) -> io::Result<Vec<PathBuf>> {
        self.write_crate_as(dir, name, Membership::Standalone)
    }

    /// Writes a crate, `Cargo.toml` and `src/`, standalone or as the member of a workspace
    /// (see [`Membership`]; with the `cli` feature, `workspace::enclosing` tells which one a
    /// directory calls for).
    pub fn write_crate_as(
        &self,
        dir: impl AsRef<Path>,
        name: &str,
        membership: Membership,
    ) -> io::Result<Vec<PathBuf>> {
        let dir = dir.as_ref();
        let mut written = self.write_sources(dir.join("src"))?;
        let manifest = dir.join("Cargo.toml");
        if write_if_changed(
            &manifest,
            &manifest::cargo_toml(name, &self.api, &self.header, &self.package, membership),
        )? {
            written.push(manifest);
        }
        Ok(written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> Generator {
        let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/enums.yaml");
        Generator::new(spec).shown_as("enums.yaml")
    }

    /// An extra module is declared by `lib.rs` from the path given, after the generated ones.
    #[test]
    fn extra_modules_are_declared_from_their_path() {
        let generated = fixture()
            .extra_module("auth", "../src/auth.rs")
            .extra_module("more_things", "extra/more \"things\".rs")
            .generate()
            .unwrap();
        let lib = &generated.files.iter().find(|f| f.name == "lib.rs").unwrap();
        assert!(
            lib.contents
                .contains("#[path = \"../src/auth.rs\"]\npub mod auth;\n"),
            "{}",
            lib.contents
        );
        assert!(lib
            .contents
            .contains("#[path = \"extra/more \\\"things\\\".rs\"]\npub mod more_things;\n"));
    }

    /// A name `lib.rs` cannot declare is an error naming the module, before anything is read.
    #[test]
    fn bad_extra_module_names_are_errors() {
        let errors = fixture()
            .extra_module("runtime", "a.rs")
            .extra_module("Auth", "b.rs")
            .extra_module("type", "c.rs")
            .extra_module("ok", "d.rs")
            .extra_module("ok", "e.rs")
            .extra_module("line", "f\n.rs")
            .generate()
            .unwrap_err()
            .to_string();
        let lines: Vec<&str> = errors.lines().collect();
        assert_eq!(
            lines,
            [
                "error: enums.yaml: the extra module `runtime` is the name of a generated module",
                "error: enums.yaml: the extra module `Auth` is not a snake_case Rust identifier (or is a keyword)",
                "error: enums.yaml: the extra module `type` is not a snake_case Rust identifier (or is a keyword)",
                "error: enums.yaml: the extra module `ok` is added twice",
                "error: enums.yaml: the extra module `line` has a path with a control character",
            ]
        );
    }
}
