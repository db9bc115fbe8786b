//! `codegen`: the generator as a command-line program.
//!
//! Exit status: 0 on success, 1 when a spec is bad (the message names the file and the
//! pointer or line), 2 on bad usage (clap's convention), 3 when `diff --fail-on-breaking`
//! finds a breaking change.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use codegen::workspace::{enclosing, Enclosing};
use codegen::Membership;

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
        /// Read numbers written as strings ("100") in every number member, not only where the
        /// spec's own example writes them so; they are still sent as numbers.
        #[arg(long)]
        numbers_as_strings: bool,
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
            numbers_as_strings,
        } => generate(spec, out, name, workspace, numbers_as_strings),
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
    numbers_as_strings: bool,
) -> ExitCode {
    if let Some(name) = &name {
        if let Err(message) = codegen::check_crate_name(name) {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    }
    // The options that change the code, so that the header's command regenerates it.
    let mut command = format!(
        "codegen generate {} --out {}",
        spec.display(),
        out.display()
    );
    if numbers_as_strings {
        command.push_str(" --numbers-as-strings");
    }
    let generated = match codegen::Generator::new(&spec)
        .numbers_as_strings(numbers_as_strings)
        .regenerate_command(command)
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
