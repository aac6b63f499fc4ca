//! `cargo xtask dist [npm|bundle|image]`: the packages other ecosystems install, built into
//! `target/dist/` from the release binaries, and the names they are published under, declared
//! once here:
//!
//! - [`npm`]: `bluetape-mock` and `bluetape-mcp`, each a small launcher whose binary travels in a
//!   package per platform (as esbuild and biome ship theirs), plus the mock's JavaScript helper;
//! - [`bundle`]: the MCP Bundle (`.mcpb`) of `bluetape-mcp`, packed by the pinned `mcpb`;
//! - [`image`]: the mock's container image, `FROM scratch` with a static binary, built by podman.
//!
//! Codegen writes the registry entry and the bundle manifest from the same names
//! ([`crate::codegen::mcp_listings`]); `cargo xtask ecosystem` installs and runs what this builds.

pub mod bundle;
pub mod image;
pub mod names;
pub mod npm;
pub mod staging;

use std::path::{Path, PathBuf};

use crate::error::XtaskError;

/// What to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Artifact {
    /// The npm packages' tarballs (`npm pack`).
    Npm,
    /// The MCP Bundle (`mcpb pack`).
    Bundle,
    /// The mock's container image (`podman build`).
    Image,
}

/// Builds `artifacts` (every one when empty) into [`names::DIRECTORY`] and prints what it wrote.
///
/// # Errors
///
/// [`XtaskError::Step`] naming the build or tool that failed.
pub fn run_all(root: &Path, artifacts: &[Artifact]) -> Result<(), XtaskError> {
    let all = [Artifact::Npm, Artifact::Bundle, Artifact::Image];
    let artifacts = if artifacts.is_empty() {
        &all[..]
    } else {
        artifacts
    };
    let tools = crate::tools::ensure(root)?;
    for artifact in artifacts {
        let written = match artifact {
            Artifact::Npm => npm::pack(root)?,
            Artifact::Bundle => vec![bundle::pack(root, &tools)?],
            Artifact::Image => vec![PathBuf::from(image::build(root)?)],
        };
        for path in written {
            println!("  {}", path.display());
        }
    }
    Ok(())
}
