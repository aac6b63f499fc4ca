//! Running the built `bluetape` binary against a live `bluetape-mock` started in-process.

#![allow(dead_code)]

use assert_cmd::Command;
use bluetape_mock::{MockConfig, RunningMock};

/// Credentials distinctive enough that finding them in any output is a leak, not a coincidence.
pub const API_KEY: &str = "cli-test-key-7f3a91c2";
pub const ACCOUNT_ID: &str = "cli-test-account-5be804";

pub async fn mock() -> RunningMock {
    RunningMock::start(MockConfig::with_credentials(API_KEY, ACCOUNT_ID))
        .await
        .expect("the mock starts")
}

/// What one run of the binary gave.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// stdout as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|error| panic!("{error}: {self:?}"))
    }

    /// stderr as JSON.
    pub fn error_json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stderr).unwrap_or_else(|error| panic!("{error}: {self:?}"))
    }

    /// Neither credential appears anywhere in the output.
    pub fn assert_no_credentials(&self) {
        for output in [&self.stdout, &self.stderr] {
            assert!(
                !output.contains(API_KEY) && !output.contains(ACCOUNT_ID),
                "a credential was printed: {self:?}"
            );
        }
    }
}

/// Runs `bluetape <arguments>` against `base_url` with the test credentials and `stdin`.
pub async fn bluetape(base_url: &str, arguments: &[&str], stdin: Option<&str>) -> Run {
    let mut command = Command::cargo_bin("bluetape").expect("the bluetape binary is built");
    command
        .args(arguments)
        .args(["--base-url", base_url])
        .env("BLUETAPE_API_KEY", API_KEY)
        .env("BLUETAPE_ACCOUNT_ID", ACCOUNT_ID)
        .env_remove("BLUETAPE_BASE_URL");
    if let Some(stdin) = stdin {
        command.write_stdin(stdin.to_owned());
    }
    run(command).await
}

/// Runs a prepared command off the async runtime, so that the in-process mock keeps serving.
pub async fn run(mut command: Command) -> Run {
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .expect("the command task completes")
        .expect("the binary runs");
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    run.assert_no_credentials();
    run
}

/// The flags of a valid customer with `id`.
pub fn customer_flags(id: &str) -> Vec<String> {
    [
        "--id",
        id,
        "--first-name",
        "John",
        "--last-name",
        "Doe",
        "--email-address",
        "john.doe@example.com",
        "--cell-phone-number",
        "+11234567890",
        "--source-modified-date",
        "2023-01-04T09:47:57Z",
    ]
    .map(str::to_owned)
    .to_vec()
}
