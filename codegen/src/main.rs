//! `codegen`: the generator as a command-line program.
//!
//! Exit status: 0 on success, 1 when a spec is bad (the message names the file and the
//! pointer or line) or the configuration names something the spec does not have, 2 on bad
//! usage (clap's convention; a configuration that is wrong on its own too), 3 when
//! `diff --fail-on-breaking` finds a breaking change.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use codegen::config::{Config, Dates, FormatType};
use codegen::workspace::{enclosing, Enclosing};
use codegen::Membership;

/// Most of a run is small allocations (token trees, syntax trees, strings), a third of the
/// time with glibc's malloc; with mimalloc a large spec generates about a quarter faster
/// (docs/performance.md, "The command-line program's allocator").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "codegen",
    version,
    about = "Generate a typed async Rust client from an OpenAPI 3.0 spec"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write a standalone client crate (Cargo.toml and src/) for a spec.
    Generate {
        /// The spec: OpenAPI 3.0, YAML or JSON.
        spec: PathBuf,
        /// The directory of the crate to write (created if missing).
        #[arg(long)]
        out: PathBuf,
        /// The crate name (default: from the spec's title).
        #[arg(long)]
        name: Option<String>,
        /// Whether the crate's Cargo.toml has a `[workspace]` table of its own: `auto` leaves
        /// it out when a cargo workspace above the output directory claims it (as `cargo new`
        /// does; add the crate to that workspace's `members`), `standalone` always writes
        /// one, `member` never does.
        #[arg(long, value_enum, default_value_t = Workspace::Auto)]
        workspace: Workspace,
        #[command(flatten)]
        options: Box<Options>,
    },
    /// Report what changed between two versions of a spec, for users of the generated client.
    Diff {
        /// The old spec.
        old: PathBuf,
        /// The new spec.
        new: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Markdown)]
        format: Format,
        /// Exit with status 3 when a breaking change is found (for CI gating).
        #[arg(long)]
        fail_on_breaking: bool,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Workspace {
    Auto,
    Standalone,
    Member,
}

/// The generator's options (`codegen::config::Config`): a TOML file, and flags that add to
/// it (a flag given several times adds several entries).
#[derive(Args)]
struct Options {
    /// A configuration file (TOML): derives, replaced schemas, types of formats, renames, the
    /// crate's version and edition, numbers as strings; the flags below add to it.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Add a derive to every generated struct and enum: `--derive Hash`.
    #[arg(long = "derive", value_name = "PATH")]
    derives: Vec<String>,
    /// Add a derive to one type (named as the generator names it): `--type-derive Channel=Eq`.
    #[arg(long = "type-derive", value_name = "TYPE=PATH", value_parser = pair)]
    type_derives: Vec<(String, String)>,
    /// Use your type for a schema, which is then not generated: `--replace Money=my_crate::Money`.
    #[arg(long = "replace", value_name = "SCHEMA=PATH", value_parser = pair)]
    replace: Vec<(String, String)>,
    /// The type of a format's values: `time`, `chrono`, `uuid` or a Rust path
    /// (`--format date-time=chrono`, `--format decimal=rust_decimal::Decimal`).
    #[arg(long = "format", value_name = "FORMAT=TYPE", value_parser = pair)]
    formats: Vec<(String, String)>,
    /// Type `date-time` and `date` with `time` or `chrono`, and `uuid` as `uuid::Uuid`,
    /// wherever the spec has them.
    #[arg(long, value_name = "LIBRARY", value_parser = ["time", "chrono"])]
    typed_formats: Option<String>,
    /// Rename a type (named as the generator names it): `--rename-type ConversationId=ConvId`.
    #[arg(long = "rename-type", value_name = "TYPE=NEW", value_parser = pair)]
    rename_types: Vec<(String, String)>,
    /// Rename an operation's method: `--rename-operation getuserConversations=user_conversations`.
    #[arg(long = "rename-operation", value_name = "OPERATION_ID=METHOD", value_parser = pair)]
    rename_operations: Vec<(String, String)>,
    /// The `version` of the generated Cargo.toml (default 0.1.0).
    #[arg(long, value_name = "SEMVER")]
    crate_version: Option<String>,
    /// The `edition` of the generated Cargo.toml: 2021 (default) or 2024.
    #[arg(long)]
    edition: Option<String>,
    /// Read numbers written as strings ("100") in every number member, not only where the
    /// spec's own example writes them so; they are still sent as numbers.
    #[arg(long)]
    numbers_as_strings: bool,
    /// One cargo feature per tag of the spec (`tag-repos`), to compile only the operations
    /// of some tags and the types they use; all on by default.
    #[arg(long)]
    tag_features: bool,
}

/// `NAME=VALUE`, split at the first `=`.
fn pair(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.is_empty() && !value.is_empty() => {
            Ok((name.to_owned(), value.to_owned()))
        }
        _ => Err(format!("`{text}` is not NAME=VALUE")),
    }
}

impl Options {
    /// The configuration: the file's, with the flags added (a flag wins over the file for
    /// the same name).
    fn config(&self) -> Result<Config, codegen::Errors> {
        let mut config = match &self.config {
            Some(path) => Config::load(path)?,
            None => Config::default(),
        };
        config.derives.extend(self.derives.iter().cloned());
        for (ty, path) in &self.type_derives {
            config
                .type_derives
                .entry(ty.clone())
                .or_default()
                .push(path.clone());
        }
        config.replace.extend(self.replace.iter().cloned());
        for (format, ty) in &self.formats {
            config.formats.insert(format.clone(), FormatType::parse(ty));
        }
        if let Some(dates) = self.typed_formats.as_deref().and_then(Dates::parse) {
            config.typed_formats = Some(dates);
        }
        config
            .rename_types
            .extend(self.rename_types.iter().cloned());
        config
            .rename_operations
            .extend(self.rename_operations.iter().cloned());
        if let Some(version) = &self.crate_version {
            config.crate_version = Some(version.clone());
        }
        if let Some(edition) = &self.edition {
            config.edition = Some(edition.clone());
        }
        if self.numbers_as_strings {
            config.numbers_as_strings = true;
        }
        if self.tag_features {
            config.tag_features = true;
        }
        Ok(config)
    }

    /// The options as they were given, for the command in the `@generated` header.
    fn as_args(&self) -> String {
        let mut args = String::new();
        let mut add = |flag: &str, value: &str| args.push_str(&format!(" --{flag} {value}"));
        if let Some(path) = &self.config {
            add("config", &path.display().to_string());
        }
        for path in &self.derives {
            add("derive", path);
        }
        let pairs = [
            ("type-derive", &self.type_derives),
            ("replace", &self.replace),
            ("format", &self.formats),
            ("rename-type", &self.rename_types),
            ("rename-operation", &self.rename_operations),
        ];
        for (flag, values) in pairs {
            for (name, value) in values {
                add(flag, &format!("{name}={value}"));
            }
        }
        for (flag, value) in [
            ("typed-formats", &self.typed_formats),
            ("crate-version", &self.crate_version),
            ("edition", &self.edition),
        ] {
            if let Some(value) = value {
                add(flag, value);
            }
        }
        if self.numbers_as_strings {
            args.push_str(" --numbers-as-strings");
        }
        if self.tag_features {
            args.push_str(" --tag-features");
        }
        args
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Markdown,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate {
            spec,
            out,
            name,
            workspace,
            options,
        } => generate(spec, out, name, workspace, &options),
        Command::Diff {
            old,
            new,
            format,
            fail_on_breaking,
        } => diff(old, new, format, fail_on_breaking),
    }
}

fn diff(old: PathBuf, new: PathBuf, format: Format, fail_on_breaking: bool) -> ExitCode {
    let model = |path: &PathBuf| codegen::Generator::new(path).model();
    let (old_api, new_api) = match (model(&old), model(&new)) {
        (Ok(a), Ok(b)) => (a.api, b.api),
        (a, b) => {
            for errors in [a.err(), b.err()].into_iter().flatten() {
                eprintln!("{errors}");
            }
            return ExitCode::from(1);
        }
    };
    let report = codegen::diff::diff(&old_api, &new_api);
    match format {
        Format::Markdown => print!("{}", codegen::diff::to_markdown(&report)),
        Format::Json => print!("{}", codegen::diff::to_json(&report)),
    }
    if fail_on_breaking && report.breaking().next().is_some() {
        eprintln!("breaking changes found");
        return ExitCode::from(3);
    }
    ExitCode::SUCCESS
}

fn generate(
    spec: PathBuf,
    out: PathBuf,
    name: Option<String>,
    workspace: Workspace,
    options: &Options,
) -> ExitCode {
    if let Some(name) = &name {
        if let Err(message) = codegen::check_crate_name(name) {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    }
    // A configuration that is wrong on its own is bad usage, like a bad flag.
    let config = match options.config() {
        Ok(config) => config,
        Err(errors) => {
            eprintln!("{errors}");
            return ExitCode::from(2);
        }
    };
    let problems = config.problems();
    if !problems.is_empty() {
        for problem in problems {
            eprintln!("error: {}", config.error(&spec, problem));
        }
        return ExitCode::from(2);
    }
    let command = format!(
        "codegen generate {} --out {}{}",
        spec.display(),
        out.display(),
        options.as_args()
    );
    let generated = match codegen::Generator::new(&spec)
        .regenerate_command(command)
        .config(config)
        .generate()
    {
        Ok(generated) => generated,
        Err(errors) => {
            eprintln!("{errors}");
            return ExitCode::from(1);
        }
    };
    for warning in &generated.warnings {
        eprintln!("warning: {warning}");
    }
    let name = name.unwrap_or_else(|| codegen::crate_name_for(&generated.api));
    let membership = membership(&out, workspace);
    match generated.write_crate_as(&out, &name, membership) {
        Ok(written) => {
            eprintln!(
                "generated crate `{name}` in {} ({} operations, {} types; {} files written)",
                out.display(),
                generated.api.operations.len(),
                generated.api.types.len(),
                written.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write to {}: {e}", out.display());
            ExitCode::from(1)
        }
    }
}

/// Whether the crate written into `out` is a workspace of its own, and a note for the user
/// about the workspace around it (see `codegen::workspace`).
fn membership(out: &Path, workspace: Workspace) -> Membership {
    let shown = out.display();
    let found = enclosing(out);
    match (workspace, found) {
        (
            Workspace::Auto,
            Enclosing::Workspace {
                manifest,
                member,
                listed,
            },
        ) => {
            if listed {
                eprintln!(
                    "note: {shown} is a member of the cargo workspace of {}",
                    manifest.display()
                );
            } else {
                eprintln!(
                    "note: {shown} is inside the cargo workspace of {}: add \"{member}\" to its \
                     `members` (the crate's Cargo.toml has no `[workspace]` table; \
                     `--workspace standalone` writes one)",
                    manifest.display()
                );
            }
            Membership::Member
        }
        (Workspace::Auto, Enclosing::Excluded { manifest }) => {
            eprintln!(
                "note: the cargo workspace of {} excludes {shown}, so the crate is a workspace \
                 of its own",
                manifest.display()
            );
            Membership::Standalone
        }
        (Workspace::Auto, Enclosing::Unreadable { manifest, reason }) => {
            eprintln!(
                "warning: cannot tell whether {shown} is in a cargo workspace ({}: {reason}), so \
                 the crate is a workspace of its own; `--workspace member` leaves its \
                 `[workspace]` table out",
                manifest.display()
            );
            Membership::Standalone
        }
        (Workspace::Auto, Enclosing::None) => Membership::Standalone,
        (Workspace::Standalone, found) => {
            if let Enclosing::Workspace {
                manifest,
                member,
                listed: true,
            } = found
            {
                eprintln!(
                    "warning: the cargo workspace of {} lists \"{member}\" in its `members`, \
                     but the crate is a workspace of its own: cargo will refuse two workspace \
                     roots",
                    manifest.display()
                );
            }
            Membership::Standalone
        }
        (Workspace::Member, _) => Membership::Member,
    }
}
