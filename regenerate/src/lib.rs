//! Nothing but a dependency: this package exists so that `cargo build` in the repository turns
//! on `vonage-conversation/regenerate` (see `Cargo.toml`), and the client's build script
//! regenerates `generated/` from the spec, while dependents of the client compile no generator.
