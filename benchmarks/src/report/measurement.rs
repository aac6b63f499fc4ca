//! What every part of the report measures with: `bluetape-bench` run and read, the median, the
//! benchmark customer, and the error of a file that cannot be read or written.

use std::path::Path;
use std::process::Command;

use serde_json::Value;
use test_support::process::{self, ServerProcess, StepError};

/// [`StepError`] for a file that cannot be read or written.
pub(crate) fn io_error(action: &str, path: impl AsRef<Path>, error: std::io::Error) -> StepError {
    StepError::new(
        format!("{action} {}", path.as_ref().display()),
        error.to_string(),
    )
}

/// The middle value (the upper one of an even count); NaN for none.
pub(crate) fn median_of(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted.get(sorted.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Runs `bluetape-bench` with `arguments` and reads the JSON report it prints.
pub(crate) fn measure(bench: &Path, arguments: &[&str]) -> Result<Value, StepError> {
    let output = process::run("bluetape-bench", Command::new(bench).args(arguments))?;
    serde_json::from_str(output.trim()).map_err(|error| StepError {
        step: "bluetape-bench".into(),
        message: format!("unreadable report {output:?}: {error}"),
    })
}

/// The number at `key` of a `bluetape-bench` report; NaN when it has none.
pub(crate) fn number(report: &Value, key: &str) -> f64 {
    report[key].as_f64().unwrap_or(f64::NAN)
}

/// A fresh `bluetape-mock` on a free port, holding the customer the get-signup scenario reads.
pub(crate) fn bench_mock(binary: &Path) -> Result<ServerProcess, StepError> {
    let mock = ServerProcess::mock(binary)?;
    create_bench_customer(mock.url())?;
    Ok(mock)
}

/// Creates the customer the get-signup scenario reads (the mock keeps state; Prism ignores it).
pub(crate) fn create_bench_customer(url: &str) -> Result<(), StepError> {
    let script = "import sys, urllib.request\n\
        body = b'{\"id\":\"bench-customer\",\"firstName\":\"John\",\"lastName\":\"Doe\",\"emailAddress\":\"john.doe@example.com\",\"cellPhoneNumber\":\"+11234567890\",\"sourceModifiedDate\":\"2023-01-04T09:47:57.477Z\"}'\n\
        request = urllib.request.Request(sys.argv[1] + '/integration/customer', data=body, method='POST', headers={'Content-Type': 'application/json', 'X-BlueTape-Key': 'mock-api-key', 'X-Integration-AccountId': 'mock-account-id'})\n\
        urllib.request.urlopen(request).read()\n";
    process::run(
        "create the benchmark customer",
        Command::new("python3").args(["-c", script, url]),
    )
    .map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_takes_the_middle_or_the_upper_middle() {
        assert_eq!(median_of(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median_of(&[4.0, 1.0, 3.0, 2.0]), 3.0);
        assert!(median_of(&[]).is_nan());
    }
}
