//! The mock on each place it keeps its records (`--state`): memory, a SQLite file, PostgreSQL,
//! side by side in the same rounds (each round runs the three in turn, each mock fresh), wrk on
//! create-customer and get-signup. PostgreSQL is measured when `BLUETAPE_BENCH_POSTGRES_URL` (or
//! `BLUETAPE_TEST_POSTGRES_URL`, which CI sets) names a database the benchmark may empty; otherwise
//! its rows say SKIPPED.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use test_support::process::{ServerProcess, StepError};

use super::measurement::{create_bench_customer, median_of};
use super::plan::{CONCURRENCY, Plan, SCENARIOS};
use super::results::Load;
use super::servers;

/// Where the records are kept in a round.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Backend {
    Memory,
    Sqlite,
    Postgres(String),
}

impl Backend {
    fn name(&self) -> &'static str {
        match self {
            Backend::Memory => "memory",
            Backend::Sqlite => "SQLite file",
            Backend::Postgres(_) => "PostgreSQL (local, loopback)",
        }
    }
}

/// One backend's loads: per scenario, one per round.
#[derive(Debug, Clone)]
pub(crate) struct BackendLoads {
    name: &'static str,
    /// By scenario name, in [`SCENARIOS`]' order.
    loads: Vec<(&'static str, Vec<Load>)>,
}

/// What the rounds measured: the backends' loads, and what was skipped.
#[derive(Debug, Clone)]
pub(crate) struct StateRounds {
    backends: Vec<BackendLoads>,
    skipped: Option<String>,
}

/// The database of the PostgreSQL rows, if one is named.
fn postgres_url() -> Option<String> {
    ["BLUETAPE_BENCH_POSTGRES_URL", "BLUETAPE_TEST_POSTGRES_URL"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|url| !url.is_empty()))
}

/// A fresh mock keeping its records in `backend` (emptied), holding the get-signup customer.
fn start(mock_binary: &Path, backend: &Backend, folder: &Path) -> Result<ServerProcess, StepError> {
    let mut command = Command::new(mock_binary);
    command.args(["--host", "127.0.0.1", "--port", "0"]);
    match backend {
        Backend::Memory => {}
        Backend::Sqlite => {
            let file = folder.join("state.db");
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
            }
            command.arg("--state").arg(file);
        }
        Backend::Postgres(url) => {
            command.args(["--state", url]);
        }
    }
    let mock = ServerProcess::announcing_url("bluetape-mock --state", &mut command)?;
    if let Backend::Postgres(_) = backend {
        // A fresh mock on a shared database: empty it as the control API does.
        test_support::process::run(
            "reset the PostgreSQL state",
            Command::new("python3").args([
                "-c",
                "import sys, urllib.request\nurllib.request.urlopen(urllib.request.Request(sys.argv[1] + '/__admin/reset', data=b'{}', method='POST', headers={'Content-Type': 'application/json'})).read()",
                mock.url(),
            ]),
        )?;
    }
    create_bench_customer(mock.url())?;
    Ok(mock)
}

/// The rounds: in each, every backend in turn, each scenario for `plan.wrk_seconds`.
pub(crate) fn rounds(
    root: &Path,
    mock_binary: &Path,
    plan: &Plan,
) -> Result<StateRounds, StepError> {
    let mut backends = vec![Backend::Memory, Backend::Sqlite];
    let skipped = match postgres_url() {
        Some(url) => {
            backends.push(Backend::Postgres(url));
            None
        }
        None => Some(
            "PostgreSQL: SKIPPED (no BLUETAPE_BENCH_POSTGRES_URL nor BLUETAPE_TEST_POSTGRES_URL)"
                .to_owned(),
        ),
    };
    let folder = tempfile_folder()?;
    let mut measured: Vec<BackendLoads> = backends
        .iter()
        .map(|backend| BackendLoads {
            name: backend.name(),
            loads: SCENARIOS
                .iter()
                .map(|scenario| (scenario.name, Vec::new()))
                .collect(),
        })
        .collect();
    for round in 0..plan.floor_rounds {
        for (index, (backend, loads)) in backends.iter().zip(&mut measured).enumerate() {
            let mock = start(mock_binary, backend, &folder)?;
            for (scenario, (_, scenario_loads)) in SCENARIOS.iter().zip(&mut loads.loads) {
                // New ids in every round and backend: PostgreSQL's records outlive the mock.
                let prefix = format!("state-{round}-{index}");
                scenario_loads.push(servers::wrk(
                    root,
                    scenario.script,
                    &format!("{}{}", mock.url(), scenario.path),
                    plan.wrk_seconds,
                    &prefix,
                )?);
            }
        }
    }
    let _ = std::fs::remove_dir_all(&folder);
    Ok(StateRounds {
        backends: measured,
        skipped,
    })
}

fn tempfile_folder() -> Result<std::path::PathBuf, StepError> {
    let folder = std::env::temp_dir().join(format!("bluetape-bench-state-{}", std::process::id()));
    std::fs::create_dir_all(&folder).map_err(|error| {
        StepError::new(
            "bench",
            format!("cannot create {}: {error}", folder.display()),
        )
    })?;
    Ok(folder)
}

/// The section of the report: per backend and scenario, req/s and p99 (medians of the rounds),
/// and the ratio to memory in the same rounds.
pub(crate) fn rows(measured: &StateRounds) -> String {
    let mut text = format!(
        "\n**Where the mock keeps its records** (`--state`): each round runs the mock on memory, on a SQLite file and on PostgreSQL in turn, each fresh, wrk with {CONCURRENCY} connections; medians of the rounds, and the median of each round's ratio to memory.\n\n| state | scenario | req/s (median) | p99 (median) | × memory's req/s |\n|---|---|---|---|---|\n"
    );
    let Some(memory) = measured.backends.first() else {
        return text;
    };
    for backend in &measured.backends {
        for ((scenario, loads), (_, memory_loads)) in backend.loads.iter().zip(&memory.loads) {
            let rps: Vec<f64> = loads.iter().map(|load| load.requests_per_second).collect();
            let p99: Vec<f64> = loads.iter().map(|load| load.p99_us).collect();
            let ratios: Vec<f64> = loads
                .iter()
                .zip(memory_loads)
                .map(|(load, memory)| load.requests_per_second / memory.requests_per_second)
                .collect();
            let _ = writeln!(
                text,
                "| {} | {scenario} | {:.0} | {:.2} ms | {:.3} |",
                backend.name,
                median_of(&rps),
                median_of(&p99) / 1e3,
                median_of(&ratios),
            );
        }
    }
    if let Some(skipped) = &measured.skipped {
        let _ = writeln!(text, "| {skipped} | | | | |");
    }
    text
}
