//! Running external commands with their output kept for the error message, and a child process
//! that is stopped when dropped.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use crate::XtaskError;

/// How many trailing lines of a failed command's output an error quotes.
const QUOTED_LINES: usize = 60;

/// Runs `command` to completion; returns its stdout and stderr, interleaved per stream.
///
/// # Errors
///
/// [`XtaskError::Step`] when it cannot start or exits unsuccessfully, quoting the end of its output.
pub fn run(what: &str, command: &mut Command) -> Result<String, XtaskError> {
    let output = command.output().map_err(|error| XtaskError::Step {
        step: what.to_owned(),
        message: format!("cannot run {:?}: {error}", command.get_program()),
    })?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    if output.status.success() {
        Ok(text)
    } else {
        Err(XtaskError::Step {
            step: what.to_owned(),
            message: format!("{} ({})\n{}", describe(command), output.status, tail(&text)),
        })
    }
}

/// The last lines of a command's output, for an error message.
pub fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(QUOTED_LINES)..].join("\n")
}

fn describe(command: &Command) -> String {
    let arguments: Vec<String> = command
        .get_args()
        .map(|argument| argument.to_string_lossy().into_owned())
        .collect();
    format!(
        "{} {}",
        command.get_program().to_string_lossy(),
        arguments.join(" ")
    )
}

/// A running `bluetape-mock`, stopped when dropped.
pub struct MockProcess {
    child: Child,
    url: String,
}

impl MockProcess {
    /// Starts the mock binary on a free port and waits for the URL it prints.
    ///
    /// # Errors
    ///
    /// [`XtaskError::Step`] when it does not start or prints no URL.
    pub fn start(binary: &std::path::Path) -> Result<Self, XtaskError> {
        let failure = |message: String| XtaskError::Step {
            step: "start bluetape-mock".into(),
            message,
        };
        let mut child = Command::new(binary)
            .args(["--host", "127.0.0.1", "--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|error| failure(format!("cannot run {}: {error}", binary.display())))?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| failure("no stdout".into()))?;
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .map_err(|error| failure(format!("cannot read its output: {error}")))?;
        let url = line
            .split_whitespace()
            .find(|word| word.starts_with("http://"))
            .map(str::to_owned)
            .ok_or_else(|| failure(format!("it printed no URL: {line:?}")))?;
        Ok(MockProcess { child, url })
    }

    /// The mock's base URL.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for MockProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
