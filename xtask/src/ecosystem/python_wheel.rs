//! The Python wheel of `bluetape-mock` (maturin, `bin` bindings), and the proof that a Python user
//! needs nothing else: a fresh venv outside the workspace, holding only the wheel and the pinned
//! test dependencies, runs the generated Python client against the installed mock through the
//! wheel's pytest fixture.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::XtaskError;
use crate::tools::Tools;
use test_support::process::run;

/// The crate whose folder holds `pyproject.toml`.
const MOCK_CRATE: &str = "mock-server";
/// Where the wheel is written, relative to the workspace root.
pub const WHEEL_DIRECTORY: &str = "target/ecosystem/wheel";
/// The pins of the fresh venv: pytest and the generated client's runtime dependencies.
const TEST_REQUIREMENTS: &str = "ecosystem/python-test-requirements.txt";

/// Builds the wheel (release) into [`WHEEL_DIRECTORY`] and returns its path.
///
/// # Errors
///
/// [`XtaskError::Step`] when maturin fails or writes no single wheel.
pub fn build(root: &Path, tools: &Tools) -> Result<PathBuf, XtaskError> {
    const STEP: &str = "python wheel";
    let out = root.join(WHEEL_DIRECTORY);
    crate::tools::clean(&out)?;
    run(
        STEP,
        Command::new(tools.python_tool("maturin"))
            .args(["build", "--release", "--quiet", "--out"])
            .arg(&out)
            .current_dir(root.join(MOCK_CRATE)),
    )?;
    wheel_in(&out)
}

/// The one wheel in `directory`.
pub fn wheel_in(directory: &Path) -> Result<PathBuf, XtaskError> {
    let failure = |message: String| XtaskError::Step {
        step: "python wheel".into(),
        message,
    };
    let wheels: Vec<PathBuf> = std::fs::read_dir(directory)
        .map_err(|error| failure(format!("cannot read {}: {error}", directory.display())))?
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| path.extension().is_some_and(|extension| extension == "whl"))
        .collect();
    match wheels.as_slice() {
        [wheel] => Ok(wheel.clone()),
        _ => Err(failure(format!(
            "expected one wheel in {}, found {wheels:?}",
            directory.display()
        ))),
    }
}

/// A fresh venv in `scratch/venv` with the wheel and the pinned test dependencies; checks that
/// its `bluetape-mock --version` is the workspace's version. Returns the venv's Python.
///
/// # Errors
///
/// [`XtaskError::Step`] when the venv cannot be made, an install fails, or the version differs.
pub fn fresh_venv(root: &Path, scratch: &Path, wheel: &Path) -> Result<PathBuf, XtaskError> {
    const STEP: &str = "python wheel: fresh venv";
    let venv = scratch.join("venv");
    run(
        STEP,
        Command::new("python3").arg("-m").arg("venv").arg(&venv),
    )?;
    run(
        STEP,
        Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .arg(wheel)
            .arg("-r")
            .arg(root.join(TEST_REQUIREMENTS))
            .current_dir(scratch),
    )?;
    let printed = run(
        STEP,
        Command::new(venv.join("bin/bluetape-mock"))
            .arg("--version")
            .current_dir(scratch),
    )?;
    let expected = format!("bluetape-mock {}", env!("CARGO_PKG_VERSION"));
    if printed.trim() != expected {
        return Err(XtaskError::Step {
            step: STEP.into(),
            message: format!("the installed mock prints {printed:?}, expected {expected:?}"),
        });
    }
    Ok(venv.join("bin/python"))
}
