//! `codegen`: the generator as a command-line program.
//!
//! Exit status: 0 on success, 1 when the spec is bad (the message names the file and the
//! pointer or line), 2 on bad usage (clap's convention).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate { spec, out, name } => generate(spec, out, name),
    }
}

fn generate(spec: PathBuf, out: PathBuf, name: Option<String>) -> ExitCode {
    if let Some(name) = &name {
        if let Err(message) = codegen::check_crate_name(name) {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    }
    let command = format!(
        "codegen generate {} --out {}",
        spec.display(),
        out.display()
    );
    let generated = match codegen::Generator::new(&spec)
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
    match generated.write_crate(&out, &name) {
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
