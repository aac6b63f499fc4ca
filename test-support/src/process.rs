//! Running external commands with their output kept for the error message, and servers run as
//! child processes that are stopped when dropped: for `cargo xtask` and `bluetape-bench report`.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A step that failed: what it was, and what went wrong (with the end of the tool's output).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepError {
    /// The step.
    pub step: String,
    /// What failed.
    pub message: String,
}

impl StepError {
    /// A failed step.
    pub fn new(step: impl Into<String>, message: impl Into<String>) -> Self {
        StepError {
            step: step.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for StepError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "{} failed: {}", self.step, self.message)
    }
}

impl std::error::Error for StepError {}

/// How many trailing lines of a failed command's output an error quotes.
const QUOTED_LINES: usize = 60;

/// Runs `command` to completion; returns its stdout and stderr, interleaved per stream.
///
/// # Errors
///
/// [`StepError`] when it cannot start or exits unsuccessfully, quoting the end of its output.
pub fn run(what: &str, command: &mut Command) -> Result<String, StepError> {
    let output = command.output().map_err(|error| {
        StepError::new(
            what,
            format!("cannot run {:?}: {error}", command.get_program()),
        )
    })?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    if output.status.success() {
        Ok(text)
    } else {
        Err(StepError::new(
            what,
            format!("{} ({})\n{}", describe(command), output.status, tail(&text)),
        ))
    }
}

/// Runs `command` to completion with its output shown as it comes (a long step that reports its
/// own progress).
///
/// # Errors
///
/// [`StepError`] when it cannot start or exits unsuccessfully.
pub fn run_streaming(what: &str, command: &mut Command) -> Result<(), StepError> {
    let status = command.status().map_err(|error| {
        StepError::new(what, format!("cannot run {}: {error}", describe(command)))
    })?;
    if status.success() {
        Ok(())
    } else {
        Err(StepError::new(
            what,
            format!("{} ({status})", describe(command)),
        ))
    }
}

/// The cargo that runs this tool (`CARGO`), for the builds and installs it starts itself.
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
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

/// A server started as a child process (`bluetape-mock`, Prism), stopped when dropped.
pub struct ServerProcess {
    child: Child,
    url: String,
}

impl ServerProcess {
    /// Starts `command` with its stdout piped and waits (up to a minute) for the line from which
    /// `ready` reads the server's URL; then drains the rest of its output, so that a full pipe
    /// never stalls it.
    ///
    /// # Errors
    ///
    /// [`StepError`] naming `what` when it does not start or never prints that line.
    pub fn start(
        what: &str,
        command: &mut Command,
        ready: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, StepError> {
        let failure = |message: String| StepError::new(format!("start {what}"), message);
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|error| failure(format!("cannot run {}: {error}", describe(command))))?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| failure("no stdout".into()))?;
        let mut lines = BufReader::new(stdout).lines();
        let deadline = Instant::now() + Duration::from_secs(60);
        let url = loop {
            match lines.next() {
                Some(Ok(line)) => match ready(&line) {
                    Some(url) => break url,
                    None if Instant::now() < deadline => {}
                    None => {
                        let _ = child.kill();
                        return Err(failure(format!("no ready line within a minute: {line:?}")));
                    }
                },
                _ => {
                    let _ = child.kill();
                    return Err(failure("it exited before it was ready".into()));
                }
            }
        };
        std::thread::spawn(move || lines.for_each(drop));
        Ok(ServerProcess { child, url })
    }

    /// Starts the `bluetape-mock` binary on a free port.
    ///
    /// # Errors
    ///
    /// [`StepError`] when it does not start or prints no URL.
    pub fn mock(binary: &Path) -> Result<Self, StepError> {
        Self::announcing_url(
            "bluetape-mock",
            Command::new(binary).args(["--host", "127.0.0.1", "--port", "0"]),
        )
    }

    /// Starts a server that prints the URL it listens on (`… listening on http://…`), as
    /// `bluetape-mock` and the benchmarks' floor do.
    ///
    /// # Errors
    ///
    /// [`StepError`] when it does not start or prints no URL.
    pub fn announcing_url(what: &str, command: &mut Command) -> Result<Self, StepError> {
        Self::start(what, command, |line| {
            line.split_whitespace()
                .find(|word| word.starts_with("http://"))
                .map(str::to_owned)
        })
    }

    /// The server's base URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The server's process id (to read its memory from `/proc`).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
