//! A tool call through `bluetape-mcp` against the same call through `bluetape-client`: the MCP
//! server runs as assistants run it (a child process over stdio, driven by rmcp's client), both
//! against one mock, in alternating rounds. Each round creates a customer and reads its sign-up
//! URL, `calls` times.

use std::path::Path;
use std::process::Stdio;
use std::time::Instant;

use chrono::Utc;
use rmcp::ServiceExt;
use rmcp::model::CallToolRequestParams;
use rmcp::service::{RoleClient, RunningService};
use rmcp::transport::TokioChildProcess;
use serde_json::{Value, json};

use crate::stats::median;

const API_KEY: &str = "mock-api-key";
const ACCOUNT_ID: &str = "mock-account-id";
/// Calls per sequence: a create and a read.
const CALLS_PER_SEQUENCE: usize = 2;

/// Runs the comparison and returns its JSON report.
pub fn run(url: &str, mcp: &Path, calls: usize, rounds: usize) -> Result<String, String> {
    crate::on_one_thread(compare(url, mcp, calls, rounds))
}

async fn compare(url: &str, mcp: &Path, calls: usize, rounds: usize) -> Result<String, String> {
    let client = bluetape_client::Client::builder()
        .base_url(url)
        .api_key(API_KEY)
        .account_id(ACCOUNT_ID)
        .build()
        .map_err(|error| error.to_string())?;
    let mut command = tokio::process::Command::new(mcp);
    command
        .env_clear()
        .env("BLUETAPE_API_KEY", API_KEY)
        .env("BLUETAPE_ACCOUNT_ID", ACCOUNT_ID)
        .env("BLUETAPE_BASE_URL", url);
    let (transport, _) = TokioChildProcess::builder(command)
        .stderr(Stdio::null())
        .spawn()
        .map_err(|error| format!("cannot start {}: {error}", mcp.display()))?;
    let server = ()
        .serve(transport)
        .await
        .map_err(|error| format!("cannot connect to bluetape-mcp: {error}"))?;

    // One warm-up round each, not counted.
    through_mcp(&server, "warm-m", calls.min(20)).await?;
    through_client(&client, "warm-c", calls.min(20)).await?;
    let (mut mcp_times, mut client_times) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        // Alternate which goes first, so that neither always runs on a warmer machine.
        for mcp_turn in [round % 2 == 0, round % 2 != 0] {
            let started = Instant::now();
            if mcp_turn {
                through_mcp(&server, &format!("m{round}"), calls).await?;
                mcp_times.push(started.elapsed());
            } else {
                through_client(&client, &format!("c{round}"), calls).await?;
                client_times.push(started.elapsed());
            }
        }
    }
    server
        .cancel()
        .await
        .map_err(|error| format!("cannot stop bluetape-mcp: {error}"))?;
    let (mcp_median, client_median) = (median(&mcp_times), median(&client_times));
    let per_call_us = |total: std::time::Duration| {
        total.as_secs_f64() * 1e6 / (calls * CALLS_PER_SEQUENCE) as f64
    };
    Ok(json!({
        "measurement": "mcp_overhead",
        "calls_per_round": calls * CALLS_PER_SEQUENCE,
        "rounds": rounds,
        "mcp_median_ms": mcp_median.as_secs_f64() * 1e3,
        "client_median_ms": client_median.as_secs_f64() * 1e3,
        "mcp_us_per_call": per_call_us(mcp_median),
        "client_us_per_call": per_call_us(client_median),
        "ratio": mcp_median.as_secs_f64() / client_median.as_secs_f64(),
    })
    .to_string())
}

fn customer_arguments(id: &str) -> serde_json::Map<String, Value> {
    let fields = json!({
        "id": id,
        "firstName": "John",
        "lastName": "Doe",
        "emailAddress": "john.doe@example.com",
        "cellPhoneNumber": "+11234567890",
        "sourceModifiedDate": "2023-01-04T09:47:57.477Z",
    });
    match fields {
        Value::Object(fields) => fields,
        _ => serde_json::Map::new(),
    }
}

async fn through_mcp(
    server: &RunningService<RoleClient, ()>,
    prefix: &str,
    calls: usize,
) -> Result<(), String> {
    for call in 0..calls {
        let id = format!("{prefix}-cu-{call}");
        for (tool, arguments) in [
            ("create_customer", customer_arguments(&id)),
            (
                "get_customer_signup",
                customer_arguments(&id)
                    .into_iter()
                    .filter(|(name, _)| name == "id")
                    .collect(),
            ),
        ] {
            let result = server
                .call_tool(CallToolRequestParams::new(tool).with_arguments(arguments))
                .await
                .map_err(|error| format!("{tool}: {error}"))?;
            if result.is_error == Some(true) {
                return Err(format!("{tool} failed: {:?}", result.content));
            }
        }
    }
    Ok(())
}

async fn through_client(
    client: &bluetape_client::Client,
    prefix: &str,
    calls: usize,
) -> Result<(), String> {
    let when = Utc::now();
    for call in 0..calls {
        let id = format!("{prefix}-cu-{call}");
        client
            .create_customer(test_support::customer(&id).source_modified_date(when))
            .await
            .map_err(|error| error.to_string())?;
        client
            .get_customer_signup(&id)
            .await
            .map_err(|error| error.to_string())?;
    }
    Ok(())
}
