//! [`Context`]: what every step of `cargo xtask ecosystem` can use, and the helpers the steps
//! share: a command run from the workspace root, and the check that the README shows what a step
//! runs.

use std::path::{Path, PathBuf};
use std::process::Command;

use xtask::error::XtaskError;
use xtask::tools::Tools;

/// What every step can use.
pub(super) struct Context {
    pub(super) root: PathBuf,
    pub(super) tools: Tools,
    pub(super) mock_binary: PathBuf,
}

/// A command run from the workspace root, with the tools' update notices and telemetry off.
pub(super) fn command(program: impl AsRef<std::ffi::OsStr>, context: &Context) -> Command {
    let mut command = Command::new(program);
    command
        .current_dir(&context.root)
        .env("NO_UPDATE_NOTIFIER", "1")
        .env("REDOCLY_TELEMETRY", "off")
        .env("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
    command
}

/// The mock's URL in the README's commands (the runs use a free port instead).
pub(super) const README_MOCK_URL: &str = "http://127.0.0.1:8080";

/// Fails `step` unless README.md shows each of `commands` as a line of its own, word for word:
/// the README shows what CI runs.
pub(super) fn readme_shows(
    context: &Context,
    step: &str,
    commands: &[&str],
) -> Result<(), XtaskError> {
    let path = context.root.join("README.md");
    let readme =
        std::fs::read_to_string(&path).map_err(|source| XtaskError::io("read", &path, source))?;
    match commands
        .iter()
        .find(|command| !readme.lines().any(|line| line == **command))
    {
        Some(missing) => Err(XtaskError::Step {
            step: step.into(),
            message: format!("README.md does not show the command this step runs: {missing}"),
        }),
        None => Ok(()),
    }
}

/// Runs the pinned npm tool `tool` for `step` with `arguments` (the README's), then
/// `report_arguments` and `report`, where it writes its JSON report; returns what it printed.
pub(super) fn run_reporting_tool(
    context: &Context,
    step: &str,
    tool: &str,
    arguments: Vec<String>,
    report_arguments: &[&str],
    report: &Path,
) -> Result<String, XtaskError> {
    Ok(test_support::process::run(
        step,
        command(context.tools.npm_tool(tool), context)
            .args(arguments)
            .args(report_arguments)
            .arg(report),
    )?)
}
