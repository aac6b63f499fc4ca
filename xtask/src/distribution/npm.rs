//! The npm packages: `bluetape-mock` (the `bluetape-mock` command and the JavaScript helper
//! `startMock`) and `bluetape-mcp` (the `bluetape-mcp` command), written in `npm/`, and one
//! package per product and platform holding the binary (`@bluetape/mock-linux-x64`).
//!
//! `npm/<package>/package.json` carries neither a version nor the platform packages: both are
//! written here, from [`VERSION`] and [`PLATFORMS`], into a staged copy that `npm pack` packs.
//! The launcher that finds the binary, `npm/launcher.js`, is copied into both packages. Nothing is
//! downloaded at install: npm installs the platform package whose `os`, `cpu` and `libc` match.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Map, Value, json};
use test_support::process::run;

use super::names::{
    DIRECTORY, MCP_BINARY, MCP_SERVER_NAME, MOCK_BINARY, NPM_SCOPE, PLATFORMS, Platform,
    REPOSITORY_URL, VERSION,
};
use super::staging::pretty;
use super::staging::{copy, failure, release_binaries, write};
use crate::error::XtaskError;

const STEP: &str = "npm packages";

/// A product shipped on npm: its package (a folder of `npm/`), its binary, and the word that
/// names its platform packages.
struct Product {
    package: &'static str,
    binary: &'static str,
    platform_word: &'static str,
    /// The MCP registry's name, for the server's package.
    mcp_name: Option<&'static str>,
}

const PRODUCTS: [Product; 2] = [
    Product {
        package: "bluetape-mock",
        binary: MOCK_BINARY,
        platform_word: "mock",
        mcp_name: None,
    },
    Product {
        package: "bluetape-mcp",
        binary: MCP_BINARY,
        platform_word: "mcp",
        mcp_name: Some(MCP_SERVER_NAME),
    },
];

/// Where the tarballs are written, relative to the workspace root.
pub const TARBALLS: &str = "target/dist/npm";

/// The name of `product`'s package for `platform`.
fn platform_package(product: &Product, platform: &Platform) -> String {
    format!(
        "{NPM_SCOPE}/{}-{}-{}",
        product.platform_word, platform.os, platform.cpu
    )
}

/// Builds the release binaries, stages every package and packs each; returns the tarballs.
///
/// # Errors
///
/// [`XtaskError::Step`] when a build or `npm pack` fails, or a package's `package.json` is not
/// JSON; [`XtaskError::Io`] naming a file that cannot be copied.
pub fn pack(root: &Path) -> Result<Vec<PathBuf>, XtaskError> {
    let binaries = release_binaries(root, &[MOCK_BINARY, MCP_BINARY])?;
    let staging = root.join(DIRECTORY).join("npm-staging");
    let tarballs = root.join(TARBALLS);
    crate::tools::clean(&staging)?;
    crate::tools::clean(&tarballs)?;
    std::fs::create_dir_all(&tarballs)
        .map_err(|error| XtaskError::io("create", &tarballs, error))?;
    let mut staged = Vec::new();
    for product in &PRODUCTS {
        staged.push(stage_launcher(root, &staging, product)?);
        for platform in &PLATFORMS {
            staged.push(stage_platform(&binaries, &staging, product, platform)?);
        }
    }
    let mut packed = Vec::new();
    for directory in staged {
        let printed = run(
            STEP,
            Command::new("npm")
                .args(["pack", "--silent", "--pack-destination"])
                .arg(&tarballs)
                .current_dir(&directory)
                .env("NO_UPDATE_NOTIFIER", "1"),
        )?;
        let name = printed.lines().last().unwrap_or_default().trim();
        packed.push(tarballs.join(name));
    }
    Ok(packed)
}

/// Stages `npm/<package>` with its version, its platform packages and the launcher.
fn stage_launcher(root: &Path, staging: &Path, product: &Product) -> Result<PathBuf, XtaskError> {
    let source = root.join("npm").join(product.package);
    let target = staging.join(product.package);
    copy_tree(&source, &target)?;
    copy(
        &root.join("npm/launcher.js"),
        &target.join("lib/launcher.js"),
    )?;
    let manifest_path = target.join("package.json");
    let text = std::fs::read_to_string(&manifest_path)
        .map_err(|error| XtaskError::io("read", &manifest_path, error))?;
    let mut manifest: Map<String, Value> = serde_json::from_str(&text)
        .map_err(|error| failure(STEP, format!("{}: {error}", source.display())))?;
    manifest.insert("version".into(), json!(VERSION));
    if let Some(name) = product.mcp_name {
        manifest.insert("mcpName".into(), json!(name));
    }
    manifest.insert(
        "optionalDependencies".into(),
        PLATFORMS
            .iter()
            .map(|platform| (platform_package(product, platform), json!(VERSION)))
            .collect::<Map<_, _>>()
            .into(),
    );
    write(&manifest_path, &pretty(&Value::Object(manifest)))?;
    Ok(target)
}

/// Stages `product`'s package for `platform`: its binary and a `package.json` that npm installs
/// only on that platform.
fn stage_platform(
    binaries: &Path,
    staging: &Path,
    product: &Product,
    platform: &Platform,
) -> Result<PathBuf, XtaskError> {
    let name = platform_package(product, platform);
    let target = staging.join(name.replace('/', "+"));
    let binary = target.join("bin").join(product.binary);
    copy(&binaries.join(product.binary), &binary)?;
    write(
        &target.join("package.json"),
        &pretty(&json!({
            "name": name,
            "version": VERSION,
            "description": format!(
                "The {} binary for {}-{} ({}); installed by the {} package, not by hand",
                product.binary, platform.os, platform.cpu, platform.libc, product.package
            ),
            "license": "Apache-2.0",
            "repository": {"type": "git", "url": format!("git+{REPOSITORY_URL}.git")},
            "os": [platform.os],
            "cpu": [platform.cpu],
            "libc": [platform.libc],
            "files": ["bin"],
            "preferUnplugged": true,
        })),
    )?;
    write(
        &target.join("README.md"),
        &format!(
            "# {name}\n\nThe `{}` binary for {}-{} ({}). Install [`{}`](https://www.npmjs.com/package/{}) instead: it picks this package on this platform.\n",
            product.binary,
            platform.os,
            platform.cpu,
            platform.libc,
            product.package,
            product.package
        ),
    )?;
    Ok(target)
}

/// Copies the files under `from` into `to`.
fn copy_tree(from: &Path, to: &Path) -> Result<(), XtaskError> {
    let entries = std::fs::read_dir(from).map_err(|error| XtaskError::io("read", from, error))?;
    for entry in entries {
        let path = entry
            .map_err(|error| XtaskError::io("read", from, error))?
            .path();
        let target = to.join(path.file_name().unwrap_or_default());
        if path.is_dir() {
            copy_tree(&path, &target)?;
        } else {
            copy(&path, &target)?;
        }
    }
    Ok(())
}
