//! The pinned third-party tools: Python tools in a venv (`.ci/requirements.txt`), npm tools in a
//! local prefix (`.ci/package.json` and its lock file). Each is installed once per version of its
//! pin files, into a cache directory keyed by their hash, and reused while the pins are unchanged.

use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

use crate::error::XtaskError;
use test_support::process::{cargo, run};

/// Environment variable that overrides the tools' cache directory.
pub const CACHE_ENV: &str = "BLUETAPE_TOOLS_CACHE";
/// The pinned cargo-semver-checks.
pub const CARGO_SEMVER_CHECKS_VERSION: &str = "0.51.0";

/// Where the installed tools are.
#[derive(Debug, Clone)]
pub struct Tools {
    /// The Python virtual environment.
    pub venv: PathBuf,
    /// The npm prefix (its `node_modules/.bin` holds the commands).
    pub npm: PathBuf,
}

impl Tools {
    /// A command of the venv (`openapi-spec-validator`, `schemathesis`, …).
    pub fn python_tool(&self, name: &str) -> PathBuf {
        self.venv.join("bin").join(name)
    }

    /// A command of the npm prefix (`redocly`, `spectral`, `tsc`, …).
    pub fn npm_tool(&self, name: &str) -> PathBuf {
        self.npm.join("node_modules").join(".bin").join(name)
    }
}

/// Installs the pinned tools unless the cache already holds these pins, and returns where they are.
///
/// # Errors
///
/// [`XtaskError::Step`] when a pin file cannot be read or an install fails.
pub fn ensure(root: &Path) -> Result<Tools, XtaskError> {
    let cache = cache_directory();
    let requirements = root.join(".ci/requirements.txt");
    let package = root.join(".ci/package.json");
    let lock = root.join(".ci/package-lock.json");

    let venv = cache.join(format!("venv-{}", hash_of(&[&requirements])?));
    if !venv.join("bin/pip").exists() || !venv.join(".complete").exists() {
        clean(&venv)?;
        run(
            "create the Python venv",
            Command::new("python3").arg("-m").arg("venv").arg(&venv),
        )?;
        run(
            "install the pinned Python tools",
            Command::new(venv.join("bin/pip"))
                .args(["install", "--quiet", "--disable-pip-version-check", "-r"])
                .arg(&requirements),
        )?;
        touch(&venv.join(".complete"))?;
    }

    let npm = cache.join(format!("npm-{}", hash_of(&[&package, &lock])?));
    if !npm.join(".complete").exists() {
        clean(&npm)?;
        for file in [&package, &lock] {
            let target = npm.join(file.file_name().unwrap_or_default());
            std::fs::copy(file, &target).map_err(|error| XtaskError::io("copy", file, error))?;
        }
        run(
            "install the pinned npm tools",
            Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
                .current_dir(&npm),
        )?;
        touch(&npm.join(".complete"))?;
    }
    Ok(Tools { venv, npm })
}

/// Where the tools are installed: `BLUETAPE_TOOLS_CACHE`, else `~/.cache/bluetape-tools`.
fn cache_directory() -> PathBuf {
    std::env::var_os(CACHE_ENV)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let home = std::env::var_os("HOME")
                .map(PathBuf::from)
                .unwrap_or_else(std::env::temp_dir);
            home.join(".cache").join("bluetape-tools")
        })
}

/// Fails naming the package that provides `path` when it is missing (a Debian binary or jar).
///
/// # Errors
///
/// [`XtaskError::Step`] naming `step`, the path and the install command.
pub fn require(step: &str, path: &str, install: &str) -> Result<(), XtaskError> {
    if Path::new(path).exists() {
        Ok(())
    } else {
        Err(XtaskError::Step {
            step: step.to_owned(),
            message: format!("{path} is missing: install it with `{install}`"),
        })
    }
}

/// Installs the pinned cargo-semver-checks (compiled by `cargo install --locked`) into its own root
/// unless it is there, and returns the binary.
///
/// # Errors
///
/// [`XtaskError::Step`] when the install fails.
pub fn ensure_cargo_semver_checks() -> Result<PathBuf, XtaskError> {
    let root = cache_directory().join(format!("cargo-semver-checks-{CARGO_SEMVER_CHECKS_VERSION}"));
    let binary = root.join("bin").join("cargo-semver-checks");
    if !binary.exists() {
        run(
            "install cargo-semver-checks",
            cargo()
                .args([
                    "install",
                    "--quiet",
                    "--locked",
                    "cargo-semver-checks",
                    "--version",
                ])
                .arg(CARGO_SEMVER_CHECKS_VERSION)
                .arg("--root")
                .arg(&root),
        )?;
    }
    Ok(binary)
}

fn hash_of(files: &[&Path]) -> Result<String, XtaskError> {
    let mut hasher = Sha256::new();
    for file in files {
        hasher.update(std::fs::read(file).map_err(|error| XtaskError::io("read", file, error))?);
    }
    Ok(hasher
        .finalize()
        .iter()
        .take(8)
        .map(|byte| format!("{byte:02x}"))
        .collect())
}

/// Empties `directory`, creating it if need be.
pub fn clean(directory: &Path) -> Result<(), XtaskError> {
    match std::fs::remove_dir_all(directory) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
            return Err(XtaskError::io("remove", directory, error));
        }
        _ => {}
    }
    std::fs::create_dir_all(directory).map_err(|error| XtaskError::io("create", directory, error))
}

fn touch(path: &Path) -> Result<(), XtaskError> {
    std::fs::write(path, b"").map_err(|error| XtaskError::io("write", path, error))
}
