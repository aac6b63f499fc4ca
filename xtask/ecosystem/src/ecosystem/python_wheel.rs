//! The Python wheels of `bluetape-mock` and `bluetape-mcp` (maturin, `bin` bindings), and the proof
//! that a Python user needs nothing else: a fresh venv outside the workspace, holding only the
//! wheel and pinned test dependencies, runs the installed binary (the mock through the wheel's
//! pytest fixture, the MCP server through the official Python SDK).

use std::path::{Path, PathBuf};
use std::process::Command;

use test_support::process::run;
use xtask::error::XtaskError;
use xtask::tools::Tools;

/// A wheel we ship: the crate whose folder holds its `pyproject.toml`, the binary it installs,
/// where it is written and the pins of the venv that tests it.
pub struct Wheel {
    /// The crate's folder, relative to the workspace root.
    pub crate_directory: &'static str,
    /// The command the wheel puts on the venv's PATH.
    pub binary: &'static str,
    /// Where the wheel is written, relative to the workspace root.
    pub directory: &'static str,
    /// The pins of the fresh venv that tests it.
    pub test_requirements: &'static str,
}

/// The mock's wheel; its venv has pytest and the generated client's runtime dependencies.
pub const MOCK: Wheel = Wheel {
    crate_directory: "mock-server",
    binary: "bluetape-mock",
    directory: "target/ecosystem/wheel",
    test_requirements: "ecosystem/python-test-requirements.txt",
};

/// The MCP server's wheel; its venv has the official MCP Python SDK.
pub const MCP: Wheel = Wheel {
    crate_directory: "mcp",
    binary: "bluetape-mcp",
    directory: "target/ecosystem/mcp-wheel",
    test_requirements: "ecosystem/mcp-test-requirements.txt",
};

/// Builds `wheel` (release) into its directory and returns its path.
///
/// # Errors
///
/// [`XtaskError::Step`] when maturin fails or writes no single wheel.
pub fn build(root: &Path, tools: &Tools, wheel: &Wheel) -> Result<PathBuf, XtaskError> {
    const STEP: &str = "python wheel";
    let out = root.join(wheel.directory);
    xtask::tools::clean(&out)?;
    run(
        STEP,
        Command::new(tools.python_tool("maturin"))
            .args(["build", "--release", "--quiet", "--out"])
            .arg(&out)
            .current_dir(root.join(wheel.crate_directory)),
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

/// A fresh venv in `scratch/venv` with the built `wheel` and its pinned test dependencies; checks
/// that its binary's `--version` is the workspace's version. Returns the venv's Python.
///
/// # Errors
///
/// [`XtaskError::Step`] when the venv cannot be made, an install fails, or the version differs.
pub fn fresh_venv(root: &Path, scratch: &Path, wheel: &Wheel) -> Result<PathBuf, XtaskError> {
    const STEP: &str = "python wheel: fresh venv";
    let built = wheel_in(&root.join(wheel.directory))?;
    let venv = scratch.join("venv");
    xtask::tools::clean(&venv)?;
    run(
        STEP,
        Command::new("python3").arg("-m").arg("venv").arg(&venv),
    )?;
    run(
        STEP,
        Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .arg(&built)
            .arg("-r")
            .arg(root.join(wheel.test_requirements))
            .current_dir(scratch),
    )?;
    let printed = run(
        STEP,
        Command::new(venv.join("bin").join(wheel.binary))
            .arg("--version")
            .current_dir(scratch),
    )?;
    let expected = format!("{} {}", wheel.binary, env!("CARGO_PKG_VERSION"));
    if printed.trim() != expected {
        return Err(XtaskError::Step {
            step: STEP.into(),
            message: format!("the installed binary prints {printed:?}, expected {expected:?}"),
        });
    }
    Ok(venv.join("bin/python"))
}
