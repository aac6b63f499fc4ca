//! `cargo xtask bench [--quick]`: builds `bluetape-mock`, `bluetape-mcp` and `bluetape-bench` (release, or dev for
//! `--quick`), makes sure wrk and the pinned Prism are there, then runs the harness,
//! `bluetape-bench report` (benchmarks/src/report/), which measures and writes BENCHMARKS.md.

use std::path::Path;
use std::process::Command;

use test_support::process::{cargo, run_streaming};

use crate::error::XtaskError;
use crate::tools;

/// The load generator (Debian's `wrk`).
const WRK: &str = "/usr/bin/wrk";

/// Builds what the harness measures, then runs it.
///
/// # Errors
///
/// [`XtaskError::Step`] when a tool is missing, a build fails, or the harness fails.
pub fn run(root: &Path, quick: bool) -> Result<(), XtaskError> {
    tools::require("bench", WRK, "apt-get install wrk")?;
    let tools = tools::ensure(root)?;
    let (profile, directory) = if quick {
        ("dev", "debug")
    } else {
        ("release", "release")
    };
    println!("building bluetape-mock, bluetape-mcp and bluetape-bench ({profile} profile)");
    // One build each, as a user builds each binary: built together, cargo would unify their
    // features (bluetape-bench's writers turn on serde_json's `preserve_order`, which the mock
    // built alone does not have) and measure a mock nobody runs.
    for package in ["bluetape-mock", "bluetape-mcp", "benchmarks"] {
        test_support::process::run(
            "build the benchmarks",
            cargo()
                .args(["build", "--quiet", "--profile", profile, "-p", package])
                .current_dir(root),
        )?;
    }
    let binaries = root.join("target").join(directory);
    let mut report = Command::new(binaries.join("bluetape-bench"));
    report
        .arg("report")
        .arg("--root")
        .arg(root)
        .arg("--mock")
        .arg(binaries.join("bluetape-mock"))
        .arg("--prism")
        .arg(tools.npm_tool("prism"))
        .arg("--mcp")
        .arg(binaries.join("bluetape-mcp"))
        .current_dir(root);
    if quick {
        report.arg("--quick");
    }
    run_streaming("bluetape-bench report", &mut report)?;
    Ok(())
}
