//! `cargo xtask bench [--quick]`: the client and the mock measured side by side with what users
//! would pick instead, on loopback, bounded in count and time. The full run writes BENCHMARKS.md;
//! `--quick` (CI) only proves the harness works, with numbers too small to mean anything.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use bluetape_model::render::{Format, Version, path as document_path};
use serde_json::Value;

use crate::consumer_build;
use crate::error::XtaskError;
use crate::process::{ServerProcess, cargo, run};
use crate::tools;

/// The load generator (Debian's `wrk`).
const WRK: &str = "/usr/bin/wrk";
/// Concurrent connections of the mock throughput runs.
const CONCURRENCY: &str = "64";
/// Targets: generated client time ≤ 1.05 × hand-written (sequential and concurrent); mock ≥ 20 ×
/// Prism's rps; mock ≥ 0.8 × the floor's rps (median of alternating rounds).
const CLIENT_TARGET: f64 = 1.05;
const MOCK_TARGET: f64 = 20.0;
const FLOOR_TARGET: f64 = 0.8;
/// Concurrent tasks of the concurrent client row.
const CLIENT_TASKS: usize = 64;
/// Where the full run writes its charts, relative to the workspace root.
const CHARTS: &str = "benchmarks/charts";

/// How much to measure.
struct Plan {
    profile: &'static str,
    calls: usize,
    rounds: usize,
    /// Calls of each operation per task per round, with [`CLIENT_TASKS`] tasks.
    concurrent_calls: usize,
    wrk_seconds: u32,
    /// Alternating rounds of the mock and the floor, per scenario.
    floor_rounds: usize,
    /// Store sizes (customers) at which growth is measured, and wrk's seconds at each.
    growth: (&'static [usize], u32),
    /// Timed runs of the edit loop (after one warm-up run in the full plan).
    edit_runs: usize,
    serialization: (usize, usize),
    derivation: (usize, usize),
    codegen_runs: usize,
    /// Alternating rounds of the consumer builds (each a cold build of two applications).
    consumer_rounds: usize,
}

const FULL: Plan = Plan {
    profile: "release",
    calls: 300,
    rounds: 9,
    concurrent_calls: 30,
    wrk_seconds: 10,
    floor_rounds: 3,
    growth: (&[10_000, 100_000, 1_000_000], 3),
    edit_runs: 3,
    serialization: (20_000, 15),
    derivation: (50, 15),
    codegen_runs: 7,
    consumer_rounds: 3,
};

const QUICK: Plan = Plan {
    profile: "dev",
    calls: 10,
    rounds: 2,
    concurrent_calls: 1,
    wrk_seconds: 1,
    floor_rounds: 1,
    growth: (&[1_000], 1),
    edit_runs: 0,
    serialization: (200, 3),
    derivation: (2, 3),
    codegen_runs: 2,
    consumer_rounds: 1,
};

/// One wrk run.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Load {
    pub(crate) requests_per_second: f64,
    pub(crate) requests: u64,
    pub(crate) p50_us: f64,
    pub(crate) p75_us: f64,
    pub(crate) p90_us: f64,
    pub(crate) p99_us: f64,
    pub(crate) failures: u64,
}

/// The mock and the floor, in alternating rounds of one scenario; for a scenario with a request
/// body, the floor that reads it too.
pub(crate) struct FloorComparison {
    pub(crate) scenario: &'static str,
    pub(crate) mock: Rounds,
    pub(crate) floor: Rounds,
    /// The floor reading each body into its model type (`bluetape-bench floor --reads-body`);
    /// no rounds for a scenario without a body.
    pub(crate) reading: Rounds,
}

/// One server's rounds against the floor.
#[derive(Default)]
pub(crate) struct Rounds {
    /// wrk's reading of each round.
    pub(crate) loads: Vec<Load>,
    /// The server's CPU time per request in each round, in µs.
    pub(crate) cpu_us: Vec<f64>,
}

impl Rounds {
    /// These rounds' req/s over those of `baseline`, round by round.
    fn ratios_to(&self, baseline: &Rounds) -> Vec<f64> {
        self.loads
            .iter()
            .zip(&baseline.loads)
            .map(|(load, base)| load.requests_per_second / base.requests_per_second)
            .collect()
    }

    /// The mean req/s of the rounds.
    fn mean_requests_per_second(&self) -> f64 {
        self.loads
            .iter()
            .map(|load| load.requests_per_second)
            .sum::<f64>()
            / self.loads.len().max(1) as f64
    }
}

/// The mock measured with this many customers stored.
pub(crate) struct GrowthPoint {
    pub(crate) records: usize,
    pub(crate) rss_bytes: u64,
    pub(crate) get: Load,
    /// Creates per second while the store grew to this size (`bluetape-bench fill`).
    pub(crate) create_per_second: f64,
}

/// Runs the benchmarks, prints the table, and (full run) writes BENCHMARKS.md.
///
/// # Errors
///
/// [`XtaskError::Step`] when a part cannot run (a missing tool, a server that does not start).
pub fn run_all(root: &Path, quick: bool) -> Result<(), XtaskError> {
    let plan = if quick { &QUICK } else { &FULL };
    tools::require("bench", WRK, "apt-get install wrk")?;
    let tools = tools::ensure(root)?;
    println!(
        "building bluetape-mock and bluetape-bench ({} profile)",
        plan.profile
    );
    run(
        "build the benchmarks",
        cargo()
            .args([
                "build",
                "--quiet",
                "--profile",
                plan.profile,
                "-p",
                "bluetape-mock",
                "-p",
                "benchmarks",
            ])
            .current_dir(root),
    )?;
    let binaries = root
        .join("target")
        .join(if quick { "debug" } else { "release" });
    let bench = binaries.join("bluetape-bench");
    let mock_binary = binaries.join("bluetape-mock");

    println!(
        "client overhead: {} calls of each operation × {} rounds per client",
        plan.calls, plan.rounds
    );
    let client = client_overhead(&bench, &mock_binary, plan.calls, plan.rounds, 1)?;

    println!(
        "client overhead, concurrent: {CLIENT_TASKS} tasks × {} calls of each operation × {} rounds per client",
        plan.concurrent_calls, plan.rounds
    );
    let concurrent_client = client_overhead(
        &bench,
        &mock_binary,
        plan.concurrent_calls,
        plan.rounds,
        CLIENT_TASKS,
    )?;

    let mut floors = Vec::new();
    for scenario in SCENARIOS {
        println!(
            "mock against the floor: {}, {} alternating rounds of {} s",
            scenario.name, plan.floor_rounds, plan.wrk_seconds
        );
        floors.push(floor_rounds(root, &bench, &mock_binary, &scenario, plan)?);
    }

    let (sizes, growth_seconds) = plan.growth;
    println!("growth: the mock at {sizes:?} customers, {growth_seconds} s of wrk at each");
    let (baseline_rss, growth) = growth(root, &bench, &mock_binary, sizes, growth_seconds)?;

    let edit_loop = if plan.edit_runs == 0 {
        println!("edit loop: SKIPPED (--quick: it recompiles the workspace's model dependents)");
        None
    } else {
        println!(
            "edit loop: edit the model, cargo xtask codegen, snapshot tests; {} warm runs",
            plan.edit_runs
        );
        Some(edit_loop(root, plan.edit_runs)?)
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
            let mock = ServerProcess::mock(&mock_binary)?;
            create_bench_customer(mock.url())?;
            wrk(
                root,
                script,
                &format!("{}{path}", mock.url()),
                plan.wrk_seconds,
                "prism-comparison",
            )?
        };
        let prism = {
            let prism = start_prism(root, &tools.npm_tool("prism"))?;
            wrk(
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
    let (iterations, samples) = plan.derivation;
    let derivation = measure(
        &bench,
        &[
            "spec-derivation",
            "--iterations",
            &iterations.to_string(),
            "--samples",
            &samples.to_string(),
        ],
    )?;
    let (iterations, samples) = plan.serialization;
    let serialization = measure(
        &bench,
        &[
            "serialization",
            "--iterations",
            &iterations.to_string(),
            "--samples",
            &samples.to_string(),
        ],
    )?;

    println!(
        "cargo xtask codegen --check, warm, {} runs",
        plan.codegen_runs
    );
    let mut codegen = Vec::new();
    for _ in 0..plan.codegen_runs {
        let started = Instant::now();
        run(
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

    let mut table = table(&client, &loads, &derivation, &serialization, codegen_median);
    table.push_str(&consumer_build::rows(&consumers, median_of));
    table.push_str(&extended_table(
        &concurrent_client,
        &floors,
        baseline_rss,
        &growth,
        edit_loop,
    ));
    table.push_str(&consumer_build::added_cost(&consumers));
    println!("\n{table}");
    if quick {
        println!("(quick mode: harness check only; these numbers are not representative)");
    } else {
        crate::bench_charts::growth(&root.join(CHARTS).join("growth.svg"), &growth)?;
        crate::bench_charts::latency(&root.join(CHARTS).join("latency.svg"), &floors)?;
        write_report(root, &table)?;
        println!("wrote BENCHMARKS.md and {CHARTS}/*.svg");
    }
    Ok(())
}

/// A wrk scenario.
struct Scenario {
    name: &'static str,
    /// The wrk script, from the workspace root.
    script: &'static str,
    /// The path wrk is given (the script may send another).
    path: &'static str,
    /// Whether its requests have a body (then the floor that reads bodies is measured too).
    has_body: bool,
}

/// The wrk scenarios.
const SCENARIOS: [Scenario; 2] = [
    Scenario {
        name: "create-customer",
        script: "benchmarks/wrk/create_customer.lua",
        path: "/",
        has_body: true,
    },
    Scenario {
        name: "get-signup",
        script: "benchmarks/wrk/get_signup.lua",
        path: "/integration/customer/bench-customer/signup",
        has_body: false,
    },
];

/// bluetape-client against hand-written reqwest (`bluetape-bench client-overhead`), against a
/// fresh mock: `tasks` concurrent tasks (1: sequential calls) each make `calls` calls of every
/// operation per round.
fn client_overhead(
    bench: &Path,
    mock_binary: &Path,
    calls: usize,
    rounds: usize,
    tasks: usize,
) -> Result<Value, XtaskError> {
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

/// The servers of a round against the floor.
#[derive(Clone, Copy, PartialEq)]
enum Contender {
    Mock,
    Floor,
    /// The floor reading each body into its model type.
    ReadingFloor,
}

/// The floor server of `bluetape-bench` (reading each body when `reads_body`), on a free port.
fn start_floor(bench: &Path, reads_body: bool) -> Result<ServerProcess, XtaskError> {
    let mut command = Command::new(bench);
    command.args(["floor", "--port", "0"]);
    if reads_body {
        command.arg("--reads-body");
    }
    ServerProcess::announcing_url("the floor server", &mut command)
}

/// Rounds in turn order (mock first, then the floor first, …), each server fresh, the same wrk
/// script; with the floor that reads bodies too for a scenario with a body.
fn floor_rounds(
    root: &Path,
    bench: &Path,
    mock_binary: &Path,
    scenario: &Scenario,
    plan: &Plan,
) -> Result<FloorComparison, XtaskError> {
    let mut comparison = FloorComparison {
        scenario: scenario.name,
        mock: Rounds::default(),
        floor: Rounds::default(),
        reading: Rounds::default(),
    };
    let mut contenders = vec![Contender::Mock, Contender::Floor];
    if scenario.has_body {
        contenders.push(Contender::ReadingFloor);
    }
    for round in 0..plan.floor_rounds {
        // Each round starts with the next contender, so that none always runs on a warmer machine.
        let mut order = contenders.clone();
        order.rotate_left(round % contenders.len());
        for contender in order {
            let server = match contender {
                Contender::Mock => {
                    let mock = ServerProcess::mock(mock_binary)?;
                    create_bench_customer(mock.url())?;
                    mock
                }
                Contender::Floor => start_floor(bench, false)?,
                Contender::ReadingFloor => start_floor(bench, true)?,
            };
            let cpu_before = cpu_nanoseconds(server.pid())?;
            let load = wrk(
                root,
                scenario.script,
                &format!("{}{}", server.url(), scenario.path),
                plan.wrk_seconds,
                "floor",
            )?;
            let cpu = cpu_nanoseconds(server.pid())?.saturating_sub(cpu_before);
            let cpu_us = cpu as f64 / 1e3 / load.requests.max(1) as f64;
            let rounds = match contender {
                Contender::Mock => &mut comparison.mock,
                Contender::Floor => &mut comparison.floor,
                Contender::ReadingFloor => &mut comparison.reading,
            };
            rounds.loads.push(load);
            rounds.cpu_us.push(cpu_us);
        }
    }
    Ok(comparison)
}

/// The CPU time process `pid`'s threads have used, in ns: the sum over its threads of the first
/// field of `/proc/<pid>/task/<tid>/schedstat` (time spent on a CPU). A thread that has ended is
/// not counted: the servers' threads live as long as the server.
fn cpu_nanoseconds(pid: u32) -> Result<u64, XtaskError> {
    let tasks = format!("/proc/{pid}/task");
    let mut total = 0;
    for task in std::fs::read_dir(&tasks).map_err(|error| XtaskError::io("read", &tasks, error))? {
        let path = task
            .map_err(|error| XtaskError::io("read", &tasks, error))?
            .path()
            .join("schedstat");
        // A thread that ended between the listing and the read has nothing more to count.
        let Ok(schedstat) = std::fs::read_to_string(&path) else {
            continue;
        };
        total += schedstat
            .split_whitespace()
            .next()
            .and_then(|nanoseconds| nanoseconds.parse::<u64>().ok())
            .ok_or_else(|| XtaskError::Step {
                step: "floor".into(),
                message: format!("unreadable {}: {schedstat:?}", path.display()),
            })?;
    }
    Ok(total)
}

/// One mock grown to each size in turn (customers created by `bluetape-bench fill`), its resident
/// memory and its throughput read at each; returns the memory before growth too.
fn growth(
    root: &Path,
    bench: &Path,
    mock_binary: &Path,
    sizes: &[usize],
    seconds: u32,
) -> Result<(u64, Vec<GrowthPoint>), XtaskError> {
    let mock = ServerProcess::mock(mock_binary)?;
    create_bench_customer(mock.url())?;
    let baseline = resident_bytes(mock.pid())?;
    let mut filled = 0;
    let mut points = Vec::new();
    for &size in sizes {
        // The creates that grow the store are the create-customer measurement: wrk's own creates
        // would overshoot the next size (tens of thousands a second).
        let count = size.saturating_sub(filled);
        let report = measure(
            bench,
            &[
                "fill",
                "--url",
                mock.url(),
                "--start",
                &filled.to_string(),
                "--count",
                &count.to_string(),
            ],
        )?;
        filled += count;
        let create_per_second = count as f64 / number(&report, "seconds");
        let rss_bytes = resident_bytes(mock.pid())?;
        let Scenario {
            script: get_script,
            path: get_path,
            ..
        } = SCENARIOS[1];
        let get = wrk(
            root,
            get_script,
            &format!("{}{get_path}", mock.url()),
            seconds,
            "get",
        )?;
        points.push(GrowthPoint {
            // The benchmark customer of get-signup is one more.
            records: filled + 1,
            rss_bytes,
            get,
            create_per_second,
        });
    }
    Ok((baseline, points))
}

/// The resident memory of process `pid` (`VmRSS` of `/proc/<pid>/status`).
fn resident_bytes(pid: u32) -> Result<u64, XtaskError> {
    let path = format!("/proc/{pid}/status");
    let status =
        std::fs::read_to_string(&path).map_err(|error| XtaskError::io("read", &path, error))?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.split_whitespace().next()?.parse::<u64>().ok())
        .map(|kib| kib * 1024)
        .ok_or_else(|| XtaskError::Step {
            step: "growth".into(),
            message: format!("no VmRSS in {path}"),
        })
}

/// The loop of someone changing the model: edit a doc comment, `cargo xtask codegen`, the
/// snapshot tests (which then show the change as a diff). Warm: one untimed run first. The source
/// is restored, and regenerated, whatever happens.
fn edit_loop(root: &Path, runs: usize) -> Result<Duration, XtaskError> {
    const FILE: &str = "spec-gen/src/company.rs";
    const LINE: &str = "    /// Name of the company.";
    let path = root.join(FILE);
    let original =
        std::fs::read_to_string(&path).map_err(|error| XtaskError::io("read", &path, error))?;
    if !original.contains(LINE) {
        return Err(XtaskError::Step {
            step: "edit loop".into(),
            message: format!("{FILE} has no line {LINE:?} to edit"),
        });
    }
    let restore = RestoreOnDrop {
        path: path.clone(),
        original: original.clone(),
        root: root.to_path_buf(),
    };
    let mut times = Vec::new();
    for run_number in 0..=runs {
        let edited = original.replacen(LINE, &format!("{LINE} (Edit {run_number}.)"), 1);
        std::fs::write(&path, edited).map_err(|error| XtaskError::io("write", &path, error))?;
        let started = Instant::now();
        run(
            "edit loop: cargo xtask codegen",
            cargo()
                .args(["run", "--quiet", "-p", "xtask", "--", "codegen"])
                .current_dir(root),
        )?;
        run(
            "edit loop: snapshot tests",
            cargo()
                .args([
                    "test",
                    "--quiet",
                    "-p",
                    "tests",
                    "--test",
                    "snapshots_of_the_schema",
                ])
                .env("INSTA_UPDATE", "no")
                .env("INSTA_FORCE_PASS", "1")
                .current_dir(root),
        )?;
        if run_number > 0 {
            times.push(started.elapsed());
        }
    }
    drop(restore);
    times.sort();
    Ok(times[times.len() / 2])
}

/// Puts a source file back, and regenerates, when the edit loop ends or fails.
struct RestoreOnDrop {
    path: std::path::PathBuf,
    original: String,
    root: std::path::PathBuf,
}

impl Drop for RestoreOnDrop {
    fn drop(&mut self) {
        if std::fs::write(&self.path, &self.original).is_err() {
            eprintln!("edit loop: could not restore {}", self.path.display());
        }
        let _ = run(
            "edit loop: regenerate",
            cargo()
                .args(["run", "--quiet", "-p", "xtask", "--", "codegen"])
                .current_dir(&self.root),
        );
    }
}

fn extended_table(
    concurrent: &Value,
    floors: &[FloorComparison],
    baseline_rss: u64,
    growth: &[GrowthPoint],
    edit_loop: Option<Duration>,
) -> String {
    let mut text = String::new();
    let what = format!(
        "{CLIENT_TASKS} concurrent tasks, {} calls (5 operations) per round",
        concurrent["calls_per_round"]
    );
    client_row(&mut text, &what, concurrent);
    for comparison in floors {
        let (mock, floor, reading) = (&comparison.mock, &comparison.floor, &comparison.reading);
        let ratios = mock.ratios_to(floor);
        let rounds: Vec<String> = ratios.iter().map(|ratio| format!("{ratio:.2}")).collect();
        let median = median_of(&ratios);
        let _ = writeln!(
            text,
            "| mock against the floor, {}, {CONCURRENCY} connections, {} alternating rounds | bluetape-mock {:.0} req/s (mean), {:.1} µs of CPU per request (median) | floor (axum, constant body) {:.0} req/s (mean), {:.1} µs of CPU per request (median) | {median:.2}× the req/s (median; rounds {}) | ≥ {FLOOR_TARGET}×: {} |",
            comparison.scenario,
            ratios.len(),
            mock.mean_requests_per_second(),
            median_of(&mock.cpu_us),
            floor.mean_requests_per_second(),
            median_of(&floor.cpu_us),
            rounds.join(", "),
            verdict(median >= FLOOR_TARGET),
        );
        if !reading.loads.is_empty() {
            let against_floor = median_of(&reading.ratios_to(floor));
            let mock_against_it = median_of(&mock.ratios_to(reading));
            let _ = writeln!(
                text,
                "| the floor reading the body, {}, same rounds | floor with axum's `Json` extractor (the body read into its model type, nothing checked or stored) {:.0} req/s (mean), {:.1} µs of CPU per request (median) | floor (constant body) | {against_floor:.2}× the floor's req/s (median); bluetape-mock {mock_against_it:.2}× its req/s | reported: what the least real handler costs |",
                comparison.scenario,
                reading.mean_requests_per_second(),
                median_of(&reading.cpu_us),
            );
        }
    }
    text.push_str("\n**Growth**: one mock, its store grown to each size by `bluetape-bench fill` (creates through 64 concurrent connections, timed: the create-customer column); at each size, resident memory, then wrk (64 connections) on get-signup.\n\n| customers stored | resident memory | bytes per record | get-signup req/s (p99) | create-customer req/s while growing to it |\n|---|---|---|---|---|\n");
    for point in growth {
        let per_record = point.rss_bytes.saturating_sub(baseline_rss) as f64 / point.records as f64;
        let _ = writeln!(
            text,
            "| {} | {:.1} MiB | {per_record:.0} | {:.0} ({:.2} ms) | {:.0} |",
            point.records,
            point.rss_bytes as f64 / (1024.0 * 1024.0),
            point.get.requests_per_second,
            point.get.p99_us / 1e3,
            point.create_per_second,
        );
    }
    match edit_loop {
        Some(time) => {
            let _ = writeln!(
                text,
                "\n**Edit loop** (warm, wall, median): edit a doc comment of the model, `cargo xtask codegen`, the snapshot tests: {:.1} s.",
                time.as_secs_f64()
            );
        }
        None => text.push_str("\n**Edit loop**: skipped (`--quick`).\n"),
    }
    text
}

/// The row of a `bluetape-bench client-overhead` report: `what` was measured.
fn client_row(text: &mut String, what: &str, report: &Value) {
    let ratio = number(report, "ratio");
    let _ = writeln!(
        text,
        "| client overhead: {what}, median of {} rounds | bluetape-client {:.0} calls/s ({:.1} ms) | hand-written reqwest {:.0} calls/s ({:.1} ms) | {ratio:.3}× the time | ≤ {CLIENT_TARGET}×: {} |",
        report["rounds"],
        number(report, "generated_calls_per_s"),
        number(report, "generated_median_ms"),
        number(report, "hand_written_calls_per_s"),
        number(report, "hand_written_median_ms"),
        verdict(ratio <= CLIENT_TARGET),
    );
}

/// The middle value (the upper one of an even count); NaN for none.
fn median_of(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted.get(sorted.len() / 2).copied().unwrap_or(f64::NAN)
}

fn measure(bench: &Path, arguments: &[&str]) -> Result<Value, XtaskError> {
    let output = run("bluetape-bench", Command::new(bench).args(arguments))?;
    serde_json::from_str(output.trim()).map_err(|error| XtaskError::Step {
        step: "bluetape-bench".into(),
        message: format!("unreadable report {output:?}: {error}"),
    })
}

/// Creates the customer the get-signup scenario reads (the mock keeps state; Prism ignores it).
fn create_bench_customer(url: &str) -> Result<(), XtaskError> {
    let script = "import sys, urllib.request\n\
        body = b'{\"id\":\"bench-customer\",\"firstName\":\"John\",\"lastName\":\"Doe\",\"emailAddress\":\"john.doe@example.com\",\"cellPhoneNumber\":\"+11234567890\",\"sourceModifiedDate\":\"2023-01-04T09:47:57.477Z\"}'\n\
        request = urllib.request.Request(sys.argv[1] + '/integration/customer', data=body, method='POST', headers={'Content-Type': 'application/json', 'X-BlueTape-Key': 'mock-api-key', 'X-Integration-AccountId': 'mock-account-id'})\n\
        urllib.request.urlopen(request).read()\n";
    run(
        "create the benchmark customer",
        Command::new("python3").args(["-c", script, url]),
    )
    .map(drop)
}

/// Runs wrk with `script` against `url`; `prefix` goes to the script (create-customer's ids).
fn wrk(
    root: &Path,
    script: &str,
    url: &str,
    seconds: u32,
    prefix: &str,
) -> Result<Load, XtaskError> {
    let output = run(
        "wrk",
        Command::new(WRK)
            .args([
                "--threads",
                "2",
                "--connections",
                CONCURRENCY,
                "--latency",
                "--timeout",
                "10s",
            ])
            .arg("--duration")
            .arg(format!("{seconds}s"))
            .arg("--script")
            .arg(root.join(script))
            .arg(url)
            .args(["--", prefix]),
    )?;
    parse_wrk(&output).ok_or_else(|| XtaskError::Step {
        step: "wrk".into(),
        message: format!("cannot read wrk's report:\n{output}"),
    })
}

fn parse_wrk(output: &str) -> Option<Load> {
    let mut load = Load::default();
    for line in output.lines().map(str::trim) {
        let mut words = line.split_whitespace();
        match (words.next(), words.next()) {
            (Some("Requests/sec:"), Some(value)) => {
                load.requests_per_second = value.parse().ok()?
            }
            (Some("50%"), Some(value)) => load.p50_us = micros(value)?,
            (Some("75%"), Some(value)) => load.p75_us = micros(value)?,
            (Some("90%"), Some(value)) => load.p90_us = micros(value)?,
            (Some("99%"), Some(value)) => load.p99_us = micros(value)?,
            _ => {}
        }
        if line.contains(" requests in ") {
            load.requests = line.split_whitespace().next()?.parse().ok()?;
        }
        if let Some(count) = line.strip_prefix("Non-2xx or 3xx responses:") {
            load.failures += count.trim().parse::<u64>().ok()?;
        }
        if let Some(errors) = line.strip_prefix("Socket errors:") {
            load.failures += errors
                .split(',')
                .filter_map(|part| part.split_whitespace().last()?.parse::<u64>().ok())
                .sum::<u64>();
        }
    }
    (load.requests_per_second > 0.0).then_some(load)
}

/// wrk latencies: `812.00us`, `1.23ms`, `2.01s`.
fn micros(value: &str) -> Option<f64> {
    let (number, factor) = if let Some(number) = value.strip_suffix("us") {
        (number, 1.0)
    } else if let Some(number) = value.strip_suffix("ms") {
        (number, 1e3)
    } else if let Some(number) = value.strip_suffix('s') {
        (number, 1e6)
    } else {
        return None;
    };
    Some(number.parse::<f64>().ok()? * factor)
}

/// Prism serving the 3.1 document, on a free port.
fn start_prism(root: &Path, prism: &Path) -> Result<ServerProcess, XtaskError> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map_err(|error| XtaskError::Step {
            step: "start Prism".into(),
            message: error.to_string(),
        })?
        .port();
    let url = format!("http://127.0.0.1:{port}");
    ServerProcess::start(
        "Prism",
        Command::new(prism)
            .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()])
            .arg(root.join(document_path(Version::V3_1, Format::Json))),
        |line| line.contains("Prism is listening").then(|| url.clone()),
    )
}

fn number(report: &Value, key: &str) -> f64 {
    report[key].as_f64().unwrap_or(f64::NAN)
}

fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "**missed**" }
}

fn table(
    client: &Value,
    loads: &[(&str, Load, Load)],
    derivation: &Value,
    serialization: &Value,
    codegen: Duration,
) -> String {
    let mut text =
        String::from("| benchmark | ours | baseline | ratio | target |\n|---|---|---|---|---|\n");
    let what = format!(
        "{} sequential calls (5 operations)",
        client["calls_per_round"]
    );
    client_row(&mut text, &what, client);
    for (scenario, ours, prism) in loads {
        let ratio = ours.requests_per_second / prism.requests_per_second;
        let _ = writeln!(
            text,
            "| mock throughput, {scenario}, {CONCURRENCY} connections | bluetape-mock {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms{} | Prism {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms{} | {ratio:.1}× the req/s | ≥ {MOCK_TARGET}×: {} |",
            ours.requests_per_second,
            ours.p50_us / 1e3,
            ours.p99_us / 1e3,
            failures(ours),
            prism.requests_per_second,
            prism.p50_us / 1e3,
            prism.p99_us / 1e3,
            failures(prism),
            verdict(ratio >= MOCK_TARGET),
        );
    }
    let _ = writeln!(
        text,
        "| spec derivation in-process (model → 4 documents, 3.0.3 conversion included) | {:.1} ms | | | |",
        number(derivation, "median_us_all_documents") / 1e3
    );
    let _ = writeln!(
        text,
        "| `cargo xtask codegen --check`, warm, wall (median) | {:.2} s | | | |",
        codegen.as_secs_f64()
    );
    let _ = writeln!(
        text,
        "| serialization: Company with full credit details ({} bytes), serialize + deserialize | {:.1} µs | | | |",
        serialization["bytes"],
        number(serialization, "median_ns_per_round_trip") / 1e3
    );
    text
}

fn failures(load: &Load) -> String {
    if load.failures == 0 {
        String::new()
    } else {
        format!(" ({} failed)", load.failures)
    }
}

fn write_report(root: &Path, table: &str) -> Result<(), XtaskError> {
    let cores = std::thread::available_parallelism()
        .map(usize::from)
        .unwrap_or(0);
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|line| line.starts_with("model name"))
                .and_then(|line| line.split(':').nth(1))
                .map(|name| name.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let date = chrono::Utc::now().format("%Y-%m-%d");
    let report = format!(
        "# Benchmarks\n\n\
         Latest full run of `cargo xtask bench` ({date}), on {cores} cores ({cpu}), loopback only. \
         Everything in a row ran side by side in that one run; the machine is shared and noisy, so \
         compare ratios, not absolute numbers, across runs.\n\n\
         Reproduce: `cargo xtask bench` (about 10 minutes after the release build; `--quick` only \
         checks the harness, as CI does).\n\n{table}\n\
         ![throughput of bluetape-mock as its store grows](benchmarks/charts/growth.svg)\n\n\
         ![latency percentiles of bluetape-mock and the floor](benchmarks/charts/latency.svg)\n\n\
         How each row is measured:\n\n\
         - Client overhead: bluetape-client and a minimal hand-written reqwest client (same connection \
           pool settings and timeouts, the model types for bodies, no validation, no retries) make the \
           same calls against one `bluetape-mock` process, in alternating rounds; each round creates a \
           company and a customer, updates the customer, links them and reads the sign-up URL, per call. \
           The concurrent row runs {CLIENT_TASKS} such sequences at once on one runtime thread.\n\
         - Mock throughput: `wrk` with 2 threads and {CONCURRENCY} connections, the same scripts \
           (`benchmarks/wrk/`) against `bluetape-mock` and Prism {PRISM} (`prism mock` on the same \
           document); create-customer sends a new customer id per request.\n\
         - The floor: `bluetape-bench floor`, an axum server with the same routes that answers each \
           with a constant JSON body and checks nothing (no credentials, no validation, no store, no \
           journal, glibc's allocator); it does not even read a request's body. The floor reading the \
           body (`--reads-body`) is the same server whose handlers first read the body into its \
           model type with axum's `Json` extractor, as the least real handler must. The servers run \
           in rounds that each start with the next one (each server fresh), the same wrk script \
           against each; the ratio is the median of the rounds'. \
           Beside it, each server's CPU time per request (its threads' time on a CPU over the wrk \
           run, over wrk's request count): steadier than req/s on a shared machine, and it shows \
           what the mock's own work costs on top of the floor's.\n\
         - Growth: one mock grown by `bluetape-bench fill` (64 concurrent creates through reqwest, \
           timed: the create rate) to each size; resident memory (`VmRSS`) read then, and bytes per \
           record counted from the memory before growth; then wrk on get-signup.\n\
         - Edit loop: a doc comment of the model edited, then `cargo xtask codegen` and the snapshot \
           tests (`cargo test -p tests --test snapshots_of_the_schema`, which then show the change), \
           dev profile, after one untimed warm-up run; the source is restored afterwards.\n\
         - Spec derivation, serialization: medians of timed batches in `bluetape-bench`.\n\
         - Consumer build: `benchmarks/consumer-apps/with-client`, an application that makes one \
           call through bluetape-client, and `with-reqwest`, the same application written by hand on \
           reqwest (its default features), serde and chrono, each built with `cargo build --locked` \
           in a fresh target directory (downloads fetched beforehand, untimed), in rounds that \
           alternate which goes first; then each one's test (on bluetape-httpmock, and on httpmock \
           alone) with `cargo test --no-run` on top of that build. Packages are counted with \
           `cargo tree` (normal and build dependencies; with the dev-dependencies for the tests).\n",
        PRISM = prism_version(root),
    );
    let path = root.join("BENCHMARKS.md");
    std::fs::write(&path, report).map_err(|source| XtaskError::io("write", path, source))
}

fn prism_version(root: &Path) -> String {
    let lock = root.join(".ci/package.json");
    std::fs::read_to_string(lock)
        .ok()
        .and_then(|text| serde_json::from_str::<Value>(&text).ok())
        .and_then(|package| {
            package["devDependencies"]["@stoplight/prism-cli"]
                .as_str()
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "(version unknown)".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_time_of_a_process_counts_its_threads_work() {
        use std::sync::atomic::{AtomicBool, Ordering};
        let pid = std::process::id();
        let before = cpu_nanoseconds(pid).unwrap();
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let spinning = stop.clone();
        let worker = std::thread::spawn(move || {
            let mut spin = 0u64;
            while !spinning.load(Ordering::Relaxed) {
                spin = std::hint::black_box(spin.wrapping_add(1));
            }
            spin
        });
        // The spinning thread's time shows while it runs (however loaded the machine is, within
        // a generous while).
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        let mut now = before;
        while now < before + 20_000_000 && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
            now = cpu_nanoseconds(pid).unwrap();
        }
        stop.store(true, Ordering::Relaxed);
        worker.join().unwrap();
        assert!(now >= before + 20_000_000, "{before} → {now}");
        assert!(cpu_nanoseconds(u32::MAX).is_err());
    }

    #[test]
    fn median_of_takes_the_middle_or_the_upper_middle() {
        assert_eq!(median_of(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median_of(&[4.0, 1.0, 3.0, 2.0]), 3.0);
        assert!(median_of(&[]).is_nan());
    }

    #[test]
    fn reads_wrk_reports() {
        let report = "Running 1s test @ http://127.0.0.1:1/x\n  Latency Distribution\n     50%  812.00us\n     75%    1.02ms\n     90%    1.50ms\n     99%    3.21ms\n  12000 requests in 1.00s, 2.00MB read\n  Non-2xx or 3xx responses: 7\nRequests/sec:  11999.50\n";
        let load = parse_wrk(report).unwrap();
        assert_eq!(load.requests_per_second, 11999.5);
        assert_eq!(load.p50_us, 812.0);
        assert!((load.p99_us - 3210.0).abs() < 1e-6);
        assert_eq!(load.failures, 7);
        assert_eq!(load.requests, 12000);
        assert_eq!(load.p90_us, 1500.0);
    }

    #[test]
    fn reads_wrk_latency_units() {
        assert_eq!(micros("2.5s"), Some(2.5e6));
        assert_eq!(micros("7"), None);
    }
}
