//! [`ExitStatus`]: what the `bluetape` process tells its caller, one code per kind of outcome.

use std::process::ExitCode;

use bluetape_client::Error;

/// The exit codes, as `--help` documents them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: the API answered with success; its body is on stdout.
    Success,
    /// 1: anything else (an answer the document does not describe, a redirect, an internal error).
    Other,
    /// 2: usage: a flag or value clap refuses, missing credentials, an invalid base URL.
    Usage,
    /// 3: the input was refused before sending (nothing reached the API).
    RefusedInput,
    /// 4: the API answered 4xx.
    ClientError,
    /// 5: the API answered 5xx.
    ServerError,
    /// 6: the API could not be reached, or did not answer in time.
    Network,
}

/// The text of `--help` that lists the exit codes.
pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  success: the reply body is on stdout (JSON)
  1  another failure (an undocumented reply, a redirect, which is never followed)
  2  usage: an invalid flag or value, missing credentials, an invalid base URL
  3  input refused before sending: nothing was sent
  4  the API answered 4xx: {status, code, reason, requestId} on stderr
  5  the API answered 5xx: {status, code, reason, requestId} on stderr
  6  network: the API could not be reached or did not answer in time";

impl ExitStatus {
    /// The status of a failed call.
    pub fn of(error: &Error) -> ExitStatus {
        match error {
            Error::InvalidRequest { .. } => ExitStatus::RefusedInput,
            Error::Configuration(_) => ExitStatus::Usage,
            Error::Timeout(_) | Error::Connection(_) => ExitStatus::Network,
            other => match other.status() {
                Some(status) if status.is_client_error() => ExitStatus::ClientError,
                Some(status) if status.is_server_error() => ExitStatus::ServerError,
                _ => ExitStatus::Other,
            },
        }
    }
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> Self {
        ExitCode::from(match status {
            ExitStatus::Success => 0,
            ExitStatus::Other => 1,
            ExitStatus::Usage => 2,
            ExitStatus::RefusedInput => 3,
            ExitStatus::ClientError => 4,
            ExitStatus::ServerError => 5,
            ExitStatus::Network => 6,
        })
    }
}
