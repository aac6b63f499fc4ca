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
pub mod npm;

use std::path::{Path, PathBuf};

use test_support::process::{cargo, run};

use crate::error::XtaskError;

/// The MCP server's name in the official registry (reverse DNS of the repository's GitHub
/// owner), which its PyPI and crates.io READMEs state as `mcp-name: …` and its npm package as
/// `mcpName`, so that the registry can tell the packages are ours.
pub const MCP_SERVER_NAME: &str = "io.github.bluetape/bluetape-mcp";
/// The MCP server's binary, crate and crates.io package.
pub const MCP_BINARY: &str = "bluetape-mcp";
/// The MCP server's PyPI package (mcp/pyproject.toml).
pub const MCP_PYPI_PACKAGE: &str = "bluetape-mcp";
/// The MCP server's npm package (npm/bluetape-mcp).
pub const MCP_NPM_PACKAGE: &str = "bluetape-mcp";
/// The mock's binary, crate and npm package.
pub const MOCK_BINARY: &str = "bluetape-mock";
/// The repository every package links to.
pub const REPOSITORY_URL: &str = "https://github.com/bluetape/bluetape-openapi";
/// The npm scope of the per-platform packages (`@bluetape/mock-linux-x64`).
pub const NPM_SCOPE: &str = "@bluetape";
/// Where `cargo xtask dist` writes, relative to the workspace root.
pub const DIRECTORY: &str = "target/dist";

/// A platform we build binaries for, named as Node.js and npm name it.
#[derive(Debug, Clone, Copy)]
pub struct Platform {
    /// `process.platform` and npm's `os`.
    pub os: &'static str,
    /// `process.arch` and npm's `cpu`.
    pub cpu: &'static str,
    /// npm's `libc`: the C library the binary links.
    pub libc: &'static str,
    /// The Rust target triple that builds it.
    pub rust_target: &'static str,
}

/// The platforms with a package: the one this machine builds. Another platform's user gets an
/// error naming it and the other ways to install (`cargo install`, `pip install`).
pub const PLATFORMS: [Platform; 1] = [Platform {
    os: "linux",
    cpu: "x64",
    libc: "glibc",
    rust_target: "x86_64-unknown-linux-gnu",
}];

/// The version every package carries: the workspace's.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

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

/// Builds `artifacts` (every one when empty) into [`DIRECTORY`] and prints what it wrote.
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

/// Builds the release binaries of `binaries` for this machine and returns their folder.
///
/// # Errors
///
/// [`XtaskError::Step`] when cargo fails.
pub fn release_binaries(root: &Path, binaries: &[&str]) -> Result<PathBuf, XtaskError> {
    let mut command = cargo();
    command
        .args(["build", "--release", "--locked", "--quiet"])
        .current_dir(root);
    for binary in binaries {
        command.args(["-p", binary]);
    }
    run("cargo build --release", &mut command)?;
    Ok(root.join("target/release"))
}

/// Copies `from` to `to`, creating `to`'s folder.
///
/// # Errors
///
/// [`XtaskError::Io`] naming the file.
pub fn copy(from: &Path, to: &Path) -> Result<(), XtaskError> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).map_err(|error| XtaskError::io("create", parent, error))?;
    }
    std::fs::copy(from, to).map_err(|error| XtaskError::io("copy", from, error))?;
    Ok(())
}

/// Writes `text` to `path`, creating its folder.
///
/// # Errors
///
/// [`XtaskError::Io`] naming the file.
pub fn write(path: &Path, text: &str) -> Result<(), XtaskError> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|error| XtaskError::io("create", parent, error))?;
    }
    std::fs::write(path, text).map_err(|error| XtaskError::io("write", path, error))
}

fn failure(step: &str, message: impl Into<String>) -> XtaskError {
    XtaskError::Step {
        step: step.into(),
        message: message.into(),
    }
}
