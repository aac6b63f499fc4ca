//! The workflows of `openapi/bluetape.arazzo.yaml` linted (Spectral's Arazzo ruleset and Redocly,
//! no rule off, no warning allowed) and run by Redocly's `respect` against a fresh mock: twice
//! with its credentials, where every workflow must pass (fresh ids each run), then with a wrong
//! key, where every workflow must fail (so the criteria check something).

use std::path::Path;

use bluetape_mock::{DEFAULT_ACCOUNT_ID, DEFAULT_API_KEY};
use bluetape_writers::arazzo::{FILE_NAME, SOURCE_NAME};
use serde_json::Value;
use test_support::process::{ServerProcess, run};

use super::context::{Context, README_MOCK_URL, command, readme_shows, run_reporting_tool};
use xtask::error::XtaskError;

const STEP: &str = "arazzo workflows";

/// Lints the workflows, then runs them; returns the runs' summary table.
pub fn lint_and_run(context: &Context) -> Result<String, XtaskError> {
    let workflows = format!("openapi/{FILE_NAME}");
    // The README's command is the one run here, but for the mock's port.
    let readme_command = format!(
        "redocly {}",
        respect_arguments(&workflows, README_MOCK_URL, DEFAULT_API_KEY).join(" ")
    );
    readme_shows(context, STEP, &[&readme_command])?;
    run(
        STEP,
        command(context.tools.npm_tool("spectral"), context)
            .args(["lint", "--ruleset", ".spectral-arazzo.yaml"])
            .args(["--fail-severity", "hint", &workflows]),
    )?;
    run(
        STEP,
        command(context.tools.npm_tool("redocly"), context).args(["lint", &workflows]),
    )?;
    let mock = ServerProcess::mock(&context.mock_binary)?;
    let out = context.root.join("target/arazzo");
    xtask::tools::clean(&out)?;
    let mut table = String::from("| run | workflow | steps | result |\n|---|---|---|---|\n");
    for run_number in 1..=2 {
        let report = out.join(format!("run-{run_number}.json"));
        let arguments = respect_arguments(&workflows, mock.url(), DEFAULT_API_KEY);
        run_reporting_tool(context, STEP, "redocly", arguments, &["-J"], &report)?;
        let outcomes = outcomes(&report)?;
        for (workflow, steps, status) in &outcomes {
            table.push_str(&format!(
                "| {run_number} | {workflow} | {steps} | {status} |\n"
            ));
        }
        let failed: Vec<&str> = outcomes
            .iter()
            .filter(|(_, _, status)| status != "success")
            .map(|(workflow, _, _)| workflow.as_str())
            .collect();
        if outcomes.is_empty() || !failed.is_empty() {
            return Err(failure(format!(
                "run {run_number} against the mock: workflows failed: {failed:?} (report: {})",
                report.display()
            )));
        }
    }
    // With a wrong key every workflow must fail: its criteria assert something.
    let report = out.join("wrong-key.json");
    let arguments = respect_arguments(&workflows, mock.url(), "not-the-key");
    let wrong = run_reporting_tool(context, STEP, "redocly", arguments, &["-J"], &report);
    let outcomes = outcomes(&report)?;
    let passed: Vec<&str> = outcomes
        .iter()
        .filter(|(_, _, status)| status == "success")
        .map(|(workflow, _, _)| workflow.as_str())
        .collect();
    if wrong.is_ok() || outcomes.is_empty() || !passed.is_empty() {
        return Err(failure(format!(
            "with a wrong key these workflows passed: {passed:?}: their criteria check nothing"
        )));
    }
    for (workflow, steps, status) in &outcomes {
        table.push_str(&format!(
            "| wrong key | {workflow} | {steps} | {status} (expected) |\n"
        ));
    }
    Ok(table)
}

/// `respect`'s arguments: the workflows, both credentials as inputs, the API's server.
fn respect_arguments(workflows: &str, url: &str, api_key: &str) -> Vec<String> {
    vec![
        "respect".into(),
        workflows.into(),
        "--input".into(),
        format!("apiKey={api_key}"),
        "--input".into(),
        format!("accountId={DEFAULT_ACCOUNT_ID}"),
        "-S".into(),
        format!("{SOURCE_NAME}={url}"),
    ]
}

/// Each workflow of a respect report: its id, how many steps ran, its status.
fn outcomes(report: &Path) -> Result<Vec<(String, usize, String)>, XtaskError> {
    let text =
        std::fs::read_to_string(report).map_err(|source| XtaskError::io("read", report, source))?;
    let report: Value = serde_json::from_str(&text)
        .map_err(|error| failure(format!("respect's report does not parse: {error}")))?;
    Ok(report["files"]
        .as_object()
        .into_iter()
        .flat_map(|files| files.values())
        .flat_map(|file| file["executedWorkflows"].as_array().into_iter().flatten())
        .map(|workflow| {
            (
                workflow["workflowId"].as_str().unwrap_or("?").to_owned(),
                workflow["executedSteps"].as_array().map_or(0, Vec::len),
                workflow["status"].as_str().unwrap_or("?").to_owned(),
            )
        })
        .collect())
}

fn failure(message: String) -> XtaskError {
    XtaskError::Step {
        step: STEP.into(),
        message,
    }
}
