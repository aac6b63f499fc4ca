//! The MCP Bundle of `bluetape-mcp` (`.mcpb`, one click to install in Claude Desktop): the
//! manifest that codegen writes (`mcp/bundle/manifest.json`) and the release binary under
//! `server/`, validated and packed by the pinned `mcpb`.

use std::path::{Path, PathBuf};
use std::process::Command;

use test_support::process::run;

use super::names::{DIRECTORY, MCP_BINARY, PLATFORMS, VERSION};
use super::staging::{copy, failure, release_binaries};
use crate::codegen::mcp_listings::BUNDLE_MANIFEST_FILE;
use crate::error::XtaskError;
use crate::tools::Tools;

const STEP: &str = "mcp bundle";

/// The bundle's file name: the server, its version and the platform of its binary.
pub fn file_name() -> String {
    let platform = PLATFORMS[0];
    format!(
        "{MCP_BINARY}-{VERSION}-{}-{}.mcpb",
        platform.os, platform.cpu
    )
}

/// Builds the release binary, stages the bundle, runs `mcpb validate` on its manifest and `mcpb
/// pack`; returns the bundle's path.
///
/// # Errors
///
/// [`XtaskError::Step`] when the build, the validation or the packing fails.
pub fn pack(root: &Path, tools: &Tools) -> Result<PathBuf, XtaskError> {
    let binaries = release_binaries(root, &[MCP_BINARY])?;
    let staging = root.join(DIRECTORY).join("bundle-staging");
    crate::tools::clean(&staging)?;
    copy(
        &root.join(BUNDLE_MANIFEST_FILE),
        &staging.join("manifest.json"),
    )?;
    copy(
        &binaries.join(MCP_BINARY),
        &staging.join("server").join(MCP_BINARY),
    )?;
    copy(&root.join("LICENSE"), &staging.join("LICENSE"))?;
    let mcpb = tools.npm_tool("mcpb");
    let validated = run(
        STEP,
        Command::new(&mcpb)
            .args(["validate", "manifest.json"])
            .current_dir(&staging),
    )?;
    if !validated.contains("Manifest schema validation passes") {
        return Err(failure(
            STEP,
            format!("mcpb validate did not pass the manifest: {validated}"),
        ));
    }
    let bundle = root.join(DIRECTORY).join(file_name());
    run(
        STEP,
        Command::new(&mcpb)
            .arg("pack")
            .arg(&staging)
            .arg(&bundle)
            .current_dir(root),
    )?;
    Ok(bundle)
}
