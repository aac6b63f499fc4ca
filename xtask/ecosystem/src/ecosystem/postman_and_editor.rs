//! The Postman collection and the `.http` file run as their users run them, with the README's
//! commands, against a fresh mock: newman twice (every test must pass; fresh ids each run), then
//! with a wrong key (every request must fail a test, so the tests check something); then httpyac
//! (every request answered as documented).

use std::path::Path;

use bluetape_mock::{DEFAULT_ACCOUNT_ID, DEFAULT_API_KEY};
use bluetape_writers::http_file::{self, MOCK_ENVIRONMENT};
use bluetape_writers::postman::{self, ACCOUNT_ID_VARIABLE, API_KEY_VARIABLE, BASE_URL_VARIABLE};
use serde_json::Value;
use test_support::process::{ServerProcess, run};

use super::context::{Context, README_MOCK_URL, command, readme_shows, run_reporting_tool};
use xtask::error::XtaskError;

const STEP: &str = "postman collection and .http file";

/// Runs the collection with newman and the `.http` file with httpyac; returns what each request
/// answered.
pub fn run_both(context: &Context) -> Result<String, XtaskError> {
    let collection = format!("openapi/{}", postman::FILE_NAME);
    let http_file = format!("openapi/{}", http_file::FILE_NAME);
    let newman_readme = format!(
        "newman {}",
        newman_arguments(&collection, README_MOCK_URL, DEFAULT_API_KEY).join(" ")
    );
    let httpyac_readme = format!("httpyac {}", httpyac_arguments(&http_file).join(" "));
    readme_shows(context, STEP, &[&newman_readme, &httpyac_readme])?;

    let mock = ServerProcess::mock(&context.mock_binary)?;
    let out = context.root.join("target/postman");
    xtask::tools::clean(&out)?;
    let mut table =
        String::from("| tool | run | request | answered | tests |\n|---|---|---|---|---|\n");
    for run_number in 1..=2 {
        let report = out.join(format!("newman-{run_number}.json"));
        let arguments = newman_arguments(&collection, mock.url(), DEFAULT_API_KEY);
        let outcome =
            run_reporting_tool(context, STEP, "newman", arguments, &NEWMAN_REPORT, &report);
        let executions = executions(&report)?;
        let failed = Execution::failures(&executions);
        // newman failing with every test passed is a failure of its own (a script error).
        if let Err(error) = outcome
            && failed.is_empty()
        {
            return Err(error);
        }
        if executions.len() != EXPECTED_REQUESTS || !failed.is_empty() {
            return Err(failure(format!(
                "newman run {run_number} against the mock: {} requests ran, these failed: {failed:#?} \
                 (report: {})",
                executions.len(),
                report.display()
            )));
        }
        for execution in &executions {
            table.push_str(&execution.row("newman", &run_number.to_string()));
        }
    }
    // With a wrong key every request must fail a test: the tests assert something.
    let report = out.join("newman-wrong-key.json");
    let arguments = newman_arguments(&collection, mock.url(), "not-the-key");
    let wrong = run_reporting_tool(context, STEP, "newman", arguments, &NEWMAN_REPORT, &report);
    let executions = executions(&report)?;
    let passed: Vec<String> = executions
        .iter()
        .filter(|execution| execution.failed == 0)
        .map(Execution::describe)
        .collect();
    if wrong.is_ok() || executions.len() != EXPECTED_REQUESTS || !passed.is_empty() {
        return Err(failure(format!(
            "with a wrong key these requests passed every test: {passed:#?}: their tests check \
             nothing ({} requests ran)",
            executions.len()
        )));
    }
    for execution in &executions {
        table.push_str(&execution.row("newman", "wrong key"));
    }

    // httpyac: the README's command, with the mock's port set as the README says.
    let output = run(
        STEP,
        command(context.tools.npm_tool("httpyac"), context)
            .args(httpyac_arguments(&http_file))
            .args(["--var", &format!("{BASE_URL_VARIABLE}={}", mock.url())])
            .arg("--json"),
    )?;
    let executions = httpyac_executions(&output)?;
    let failed = Execution::failures(&executions);
    if executions.len() != EXPECTED_REQUESTS || !failed.is_empty() {
        return Err(failure(format!(
            "httpyac against the mock: {} requests ran, these failed: {failed:#?}",
            executions.len()
        )));
    }
    for execution in &executions {
        table.push_str(&execution.row("httpyac", "1"));
    }
    Ok(table)
}

/// The requests of both files: the five operations, then the four refusals' steps.
const EXPECTED_REQUESTS: usize = 9;

/// One request as run: its name, the status it got, its tests passed and failed, and the first
/// failure's message.
struct Execution {
    name: String,
    status: String,
    passed: usize,
    failed: usize,
    first_failure: Option<String>,
}

impl Execution {
    /// An execution named `name` that answered `status`, from its checks: `failure` gives a
    /// failed check's message, and nothing for a check that passed.
    fn from_checks(
        name: String,
        status: String,
        checks: Option<&Vec<Value>>,
        failure: impl Fn(&Value) -> Option<String>,
    ) -> Execution {
        let checks = checks.map_or(&[][..], Vec::as_slice);
        let failures: Vec<String> = checks.iter().filter_map(failure).collect();
        Execution {
            name,
            status,
            passed: checks.len() - failures.len(),
            failed: failures.len(),
            first_failure: failures.into_iter().next(),
        }
    }

    /// Each execution that failed a check or ran none, described.
    fn failures(executions: &[Execution]) -> Vec<String> {
        executions
            .iter()
            .filter(|execution| execution.failed > 0 || execution.passed == 0)
            .map(Execution::describe)
            .collect()
    }

    fn describe(&self) -> String {
        format!(
            "{} (answered {}; {} passed, {} failed{})",
            self.name,
            self.status,
            self.passed,
            self.failed,
            self.first_failure
                .as_ref()
                .map(|message| format!(": {message}"))
                .unwrap_or_default()
        )
    }

    fn row(&self, tool: &str, run: &str) -> String {
        format!(
            "| {tool} | {run} | {} | {} | {} passed, {} failed |\n",
            self.name, self.status, self.passed, self.failed
        )
    }
}

/// Where newman writes its JSON report (the path follows).
const NEWMAN_REPORT: [&str; 3] = ["--reporters", "cli,json", "--reporter-json-export"];

/// newman's arguments: the collection and its three variables.
fn newman_arguments(collection: &str, url: &str, api_key: &str) -> Vec<String> {
    vec![
        "run".into(),
        collection.into(),
        "--env-var".into(),
        format!("{BASE_URL_VARIABLE}={url}"),
        "--env-var".into(),
        format!("{API_KEY_VARIABLE}={api_key}"),
        "--env-var".into(),
        format!("{ACCOUNT_ID_VARIABLE}={DEFAULT_ACCOUNT_ID}"),
    ]
}

/// httpyac's arguments: every request of the file, in the `mock` environment.
fn httpyac_arguments(http_file: &str) -> Vec<String> {
    vec![
        "send".into(),
        http_file.into(),
        "--all".into(),
        "--env".into(),
        MOCK_ENVIRONMENT.into(),
    ]
}

/// The requests of a newman JSON report.
fn executions(report: &Path) -> Result<Vec<Execution>, XtaskError> {
    let text =
        std::fs::read_to_string(report).map_err(|source| XtaskError::io("read", report, source))?;
    let report: Value = serde_json::from_str(&text)
        .map_err(|error| failure(format!("newman's report does not parse: {error}")))?;
    Ok(report["run"]["executions"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|execution| {
            Execution::from_checks(
                text_of(&execution["item"]["name"]),
                execution["response"]["code"].to_string(),
                execution["assertions"].as_array(),
                |assertion| {
                    let error = &assertion["error"];
                    (!error.is_null()).then(|| text_of(&error["message"]))
                },
            )
        })
        .collect())
}

/// The requests of httpyac's `--json` output.
fn httpyac_executions(output: &str) -> Result<Vec<Execution>, XtaskError> {
    // The JSON document is the output's last part: httpyac may log before it.
    let start = output
        .find("{\n")
        .or_else(|| output.find('{'))
        .ok_or_else(|| failure(format!("httpyac printed no JSON: {output}")))?;
    let report: Value = serde_json::from_str(&output[start..])
        .map_err(|error| failure(format!("httpyac's JSON does not parse: {error}")))?;
    Ok(report["requests"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|request| {
            Execution::from_checks(
                text_of(&request["name"]),
                request["response"]["statusCode"].to_string(),
                request["testResults"].as_array(),
                |result| {
                    (result["status"] != "SUCCESS").then(|| {
                        let message = text_of(&result["message"]);
                        format!("{message}: {}", text_of(&result["error"]["displayMessage"]))
                    })
                },
            )
        })
        .collect())
}

fn text_of(value: &Value) -> String {
    value.as_str().unwrap_or("?").to_owned()
}

fn failure(message: String) -> XtaskError {
    XtaskError::Step {
        step: STEP.into(),
        message,
    }
}
