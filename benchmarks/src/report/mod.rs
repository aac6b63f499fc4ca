//! `bluetape-bench report [--quick]` (what `cargo xtask bench` runs): the client and the mock
//! measured side by side with what users would pick instead, on loopback, bounded in count and
//! time; what adding the client costs a user's build. The full run writes BENCHMARKS.md and its
//! charts; `--quick` (CI) only proves the harness works, with numbers too small to mean anything.
//!
//! - [`results`]: what the measurements give; [`servers`]: the servers under wrk (the floor
//!   rounds, the growth, Prism); [`state_backends`]: the mock on memory, SQLite and PostgreSQL;
//!   [`edit_loop`]; [`consumer_build`]; [`markdown`] and [`charts`]: the report.

mod charts;
mod consumer_build;
mod edit_loop;
mod markdown;
mod measurement;
mod plan;
mod results;
mod servers;
mod state_backends;

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde_json::Value;
use test_support::process::{self, ServerProcess, StepError, cargo};

use self::measurement::{bench_mock, measure};
use self::plan::{CLIENT_TASKS, CONCURRENCY, FULL, QUICK, SCENARIOS, Scenario};

/// Where the full run writes its charts, relative to the workspace root.
const CHARTS: &str = "benchmarks/charts";

/// What `cargo xtask bench` hands the report: the workspace, the plan, the servers to measure.
#[derive(Debug, Clone)]
pub struct Options {
    /// The workspace root (BENCHMARKS.md, the charts, the consumer applications, the wrk scripts).
    pub root: PathBuf,
    /// Tiny counts, writing nothing: only proves the harness works (CI).
    pub quick: bool,
    /// The `bluetape-mock` binary, built with the same profile as this one.
    pub mock_binary: PathBuf,
    /// Prism's executable (`prism`), from the pinned npm tools.
    pub prism: PathBuf,
    /// The `bluetape-mcp` binary, built with the same profile as this one.
    pub mcp_binary: PathBuf,
}

/// Runs the benchmarks, prints the table, and (full run) writes BENCHMARKS.md.
///
/// # Errors
///
/// [`StepError`] when a part cannot run (a missing tool, a server that does not start).
pub fn run(options: &Options) -> Result<(), StepError> {
    let Options {
        root,
        quick,
        mock_binary,
        prism,
        mcp_binary,
    } = options;
    let (root, quick) = (root.as_path(), *quick);
    let plan = if quick { &QUICK } else { &FULL };
    let bench = std::env::current_exe()
        .map_err(|error| StepError::new("bench", format!("where is bluetape-bench: {error}")))?;
    let mock_binary = mock_binary.as_path();

    println!(
        "client overhead: {} calls of each operation × {} rounds per client",
        plan.calls, plan.rounds
    );
    let client = client_overhead(&bench, mock_binary, plan.calls, plan.rounds, 1)?;

    println!(
        "client overhead, concurrent: {CLIENT_TASKS} tasks × {} calls of each operation × {} rounds per client",
        plan.concurrent_calls, plan.rounds
    );
    let concurrent_client = client_overhead(
        &bench,
        mock_binary,
        plan.concurrent_calls,
        plan.rounds,
        CLIENT_TASKS,
    )?;

    println!(
        "mcp overhead: {} create-and-read sequences × {} rounds per path",
        plan.calls, plan.rounds
    );
    let mcp = {
        let mock = ServerProcess::mock(mock_binary)?;
        let (calls, rounds) = (plan.calls.to_string(), plan.rounds.to_string());
        let mcp_binary = mcp_binary.to_string_lossy();
        measure(
            &bench,
            &[
                "mcp-overhead",
                "--url",
                mock.url(),
                "--mcp",
                &mcp_binary,
                "--calls",
                &calls,
                "--rounds",
                &rounds,
            ],
        )?
    };

    let (mut floors, mut proxies) = (Vec::new(), Vec::new());
    let servers = servers::Servers {
        root,
        bench: &bench,
        mock_binary,
        plan,
    };
    for scenario in SCENARIOS {
        println!(
            "{}: the mock against the floor, then the proxy against the mock alone and the \
             forwarding floor; {} alternating rounds of {} s",
            scenario.name, plan.floor_rounds, plan.wrk_seconds
        );
        floors.push(servers::floor_rounds(&servers, &scenario)?);
        proxies.push(servers::proxy_rounds(&servers, &scenario)?);
    }

    println!(
        "state: the mock on memory, a SQLite file and PostgreSQL, {} rounds of {} s per scenario",
        plan.floor_rounds, plan.wrk_seconds
    );
    let state = state_backends::rounds(root, mock_binary, plan)?;

    let (sizes, growth_seconds) = plan.growth;
    println!("growth: the mock at {sizes:?} customers, {growth_seconds} s of wrk at each");
    let (baseline_rss, growth) = servers::growth(root, &bench, mock_binary, sizes, growth_seconds)?;

    let edit_loop = if plan.edit_runs == 0 {
        println!("edit loop: SKIPPED (--quick: it recompiles the workspace's model dependents)");
        None
    } else {
        println!(
            "edit loop: edit the model, cargo xtask codegen, snapshot tests; {} warm runs",
            plan.edit_runs
        );
        Some(edit_loop::edit_loop(root, plan.edit_runs)?)
    };

    let mut loads = Vec::new();
    for Scenario {
        name: scenario,
        script,
        path,
        ..
    } in SCENARIOS
    {
        println!(
            "mock throughput: {scenario}, {CONCURRENCY} connections, {} s per server",
            plan.wrk_seconds
        );
        let ours = {
            let mock = bench_mock(mock_binary)?;
            servers::wrk(
                root,
                script,
                &format!("{}{path}", mock.url()),
                plan.wrk_seconds,
                "prism-comparison",
            )?
        };
        let prism = {
            let prism = servers::start_prism(root, prism)?;
            servers::wrk(
                root,
                script,
                &format!("{}{path}", prism.url()),
                plan.wrk_seconds,
                "prism-comparison",
            )?
        };
        loads.push((scenario, ours, prism));
    }

    println!("spec derivation and serialization");
    // Each a median of timed batches inside bluetape-bench.
    let batches = |measurement: &str, (iterations, samples): (usize, usize)| {
        let (iterations, samples) = (iterations.to_string(), samples.to_string());
        let arguments = [
            measurement,
            "--iterations",
            &iterations,
            "--samples",
            &samples,
        ];
        measure(&bench, &arguments)
    };
    let derivation = batches("spec-derivation", plan.derivation)?;
    let serialization = batches("serialization", plan.serialization)?;

    println!(
        "cargo xtask codegen --check, warm, {} runs",
        plan.codegen_runs
    );
    let mut codegen = Vec::new();
    for _ in 0..plan.codegen_runs {
        let started = Instant::now();
        process::run(
            "cargo xtask codegen --check",
            cargo()
                .args(["run", "--quiet", "-p", "xtask", "--", "codegen", "--check"])
                .current_dir(root),
        )?;
        codegen.push(started.elapsed());
    }
    codegen.sort();
    let codegen_median = codegen[codegen.len() / 2];

    println!(
        "consumer builds: a one-call application on bluetape-client and by hand, cold, {} alternating rounds",
        plan.consumer_rounds
    );
    let consumers = consumer_build::measure(root, plan.consumer_rounds)?;

    let mut table = markdown::table(&client, &loads, &derivation, &serialization, codegen_median);
    table.push_str(&consumer_build::rows(&consumers));
    table.push_str(&markdown::proxy_rows(&proxies));
    table.push_str(&markdown::mcp_row(&mcp));
    table.push_str(&markdown::extended_table(
        &concurrent_client,
        &floors,
        baseline_rss,
        &growth,
        edit_loop,
    ));
    table.push_str(&state_backends::rows(&state));
    table.push_str(&consumer_build::added_cost(&consumers));
    println!("\n{table}");
    if quick {
        println!("(quick mode: harness check only; these numbers are not representative)");
    } else {
        charts::growth(&root.join(CHARTS).join("growth.svg"), &growth)?;
        charts::latency(&root.join(CHARTS).join("latency.svg"), &floors)?;
        markdown::write_report(root, &table)?;
        println!("wrote BENCHMARKS.md and {CHARTS}/*.svg");
    }
    Ok(())
}

/// bluetape-client against hand-written reqwest (`bluetape-bench client-overhead`), against a
/// fresh mock: `tasks` concurrent tasks (1: sequential calls) each make `calls` calls of every
/// operation per round.
fn client_overhead(
    bench: &Path,
    mock_binary: &Path,
    calls: usize,
    rounds: usize,
    tasks: usize,
) -> Result<Value, StepError> {
    let mock = ServerProcess::mock(mock_binary)?;
    measure(
        bench,
        &[
            "client-overhead",
            "--url",
            mock.url(),
            "--calls",
            &calls.to_string(),
            "--rounds",
            &rounds.to_string(),
            "--tasks",
            &tasks.to_string(),
        ],
    )
}
