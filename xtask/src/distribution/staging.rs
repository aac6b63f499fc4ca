//! What the builders of `cargo xtask dist` share: the release binaries, and files copied and
//! written into a package's staging folder.

use std::path::{Path, PathBuf};

use serde_json::Value;
use test_support::process::{cargo, run};

use crate::error::XtaskError;

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

pub(super) fn failure(step: &str, message: impl Into<String>) -> XtaskError {
    XtaskError::Step {
        step: step.into(),
        message: message.into(),
    }
}

/// `value` as pretty JSON with a final newline, as every JSON file we write.
pub fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}
