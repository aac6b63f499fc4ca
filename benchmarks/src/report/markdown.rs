//! The report: the table of every row, and BENCHMARKS.md around it.

use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use serde_json::Value;
use test_support::process::StepError;

use super::measurement::{io_error, median_of, number};
use super::plan::{
    CLIENT_TARGET, CLIENT_TASKS, CONCURRENCY, FLOOR_TARGET, MOCK_TARGET, PROXY_FLOOR_TARGET,
    READING_FLOOR_TARGET,
};
use super::results::{
    Contender, FloorComparison, Front, GrowthPoint, Load, ProxyComparison, Rounds,
};

/// The rows of the mock behind the proxy against the mock alone.
pub(crate) fn proxy_rows(comparisons: &[ProxyComparison]) -> String {
    let mut text = String::new();
    for comparison in comparisons {
        let (proxied, alone) = (comparison.of(Front::Proxy), comparison.of(Front::Nothing));
        let ratios = proxied.ratios_to(alone);
        let rounds: Vec<String> = ratios.iter().map(|ratio| format!("{ratio:.2}")).collect();
        let p50 = |rounds: &Rounds| rounds.median_ms(|load| load.p50_us);
        let p99 = |rounds: &Rounds| rounds.median_ms(|load| load.p99_us);
        let _ = writeln!(
            text,
            "| mock behind `bluetape-mock proxy`, {}, {CONCURRENCY} connections, {} alternating rounds | proxy → mock {:.0} req/s (mean), p50 {:.2} ms, p99 {:.2} ms (medians) | mock alone {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms | {:.2}× the req/s (median; rounds {}); p50 +{:.2} ms, p99 +{:.2} ms | reported: the cost of checking both ways and of the extra hop |",
            comparison.scenario,
            ratios.len(),
            proxied.mean_requests_per_second(),
            p50(proxied),
            p99(proxied),
            alone.mean_requests_per_second(),
            p50(alone),
            p99(alone),
            median_of(&ratios),
            rounds.join(", "),
            p50(proxied) - p50(alone),
            p99(proxied) - p99(alone),
        );
        let forwarded = comparison.of(Front::ForwardingFloor);
        let ratios = proxied.ratios_to(forwarded);
        let rounds: Vec<String> = ratios.iter().map(|ratio| format!("{ratio:.2}")).collect();
        let median = median_of(&ratios);
        let _ = writeln!(
            text,
            "| `bluetape-mock proxy` against the forwarding floor, {}, same rounds | proxy → mock {:.0} req/s (mean), p50 {:.2} ms | forwarding floor → mock (`bluetape-bench floor --forward-to`: axum + reqwest, nothing checked or recorded) {:.0} req/s (mean), p50 {:.2} ms | {median:.2}× the req/s (median; rounds {}) | ≥ {PROXY_FLOOR_TARGET}×: {} |",
            comparison.scenario,
            proxied.mean_requests_per_second(),
            p50(proxied),
            forwarded.mean_requests_per_second(),
            p50(forwarded),
            rounds.join(", "),
            verdict(median >= PROXY_FLOOR_TARGET),
        );
    }
    text
}

pub(crate) fn extended_table(
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
        let mock = comparison.of(Contender::Mock);
        let floor = comparison.of(Contender::Floor);
        let reading = comparison.of(Contender::ReadingFloor);
        let ratios = mock.ratios_to(floor);
        let rounds: Vec<String> = ratios.iter().map(|ratio| format!("{ratio:.2}")).collect();
        let median = median_of(&ratios);
        // A request with a body is held to the floor that reads it; one without, to the floor.
        let target = if reading.loads.is_empty() {
            format!("≥ {FLOOR_TARGET}×: {}", verdict(median >= FLOOR_TARGET))
        } else {
            "reported: held to the floor that reads the body (next row)".to_owned()
        };
        let _ = writeln!(
            text,
            "| mock against the floor, {}, {CONCURRENCY} connections, {} alternating rounds | bluetape-mock {:.0} req/s (mean), {:.1} µs of CPU per request (median) | floor (axum, constant body) {:.0} req/s (mean), {:.1} µs of CPU per request (median) | {median:.2}× the req/s (median; rounds {}) | {target} |",
            comparison.scenario,
            ratios.len(),
            mock.mean_requests_per_second(),
            median_of(&mock.cpu_us),
            floor.mean_requests_per_second(),
            median_of(&floor.cpu_us),
            rounds.join(", "),
        );
        if !reading.loads.is_empty() {
            let against_floor = median_of(&reading.ratios_to(floor));
            let mock_against_it = median_of(&mock.ratios_to(reading));
            let _ = writeln!(
                text,
                "| the floor reading the body, {}, same rounds | floor with axum's `Json` extractor (the body read into its model type, nothing checked or stored) {:.0} req/s (mean), {:.1} µs of CPU per request (median) | floor (constant body) | {against_floor:.2}× the floor's req/s (median); bluetape-mock {mock_against_it:.2}× its req/s | bluetape-mock ≥ {READING_FLOOR_TARGET}× its req/s: {} |",
                comparison.scenario,
                reading.mean_requests_per_second(),
                median_of(&reading.cpu_us),
                verdict(mock_against_it >= READING_FLOOR_TARGET),
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

/// The row of a `bluetape-bench mcp-overhead` report.
pub(crate) fn mcp_row(report: &Value) -> String {
    format!(
        "| a tool call through `bluetape-mcp` (stdio, rmcp's client), {} calls per round (create_customer, get_customer_signup), median of {} alternating rounds | bluetape-mcp {:.0} µs per call ({:.1} ms) | the same calls through bluetape-client {:.0} µs per call ({:.1} ms) | {:.2}× the time; +{:.0} µs per call | reported: what the MCP layer adds (JSON-RPC over a pipe, the argument checks) |\n",
        report["calls_per_round"],
        report["rounds"],
        number(report, "mcp_us_per_call"),
        number(report, "mcp_median_ms"),
        number(report, "client_us_per_call"),
        number(report, "client_median_ms"),
        number(report, "ratio"),
        number(report, "mcp_us_per_call") - number(report, "client_us_per_call"),
    )
}

/// The row of a `bluetape-bench client-overhead` report: `what` was measured.
pub(crate) fn client_row(text: &mut String, what: &str, report: &Value) {
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

pub(crate) fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "**missed**" }
}

pub(crate) fn table(
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

pub(crate) fn failures(load: &Load) -> String {
    if load.failures == 0 {
        String::new()
    } else {
        format!(" ({} failed)", load.failures)
    }
}

pub(crate) fn write_report(root: &Path, table: &str) -> Result<(), StepError> {
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
         - MCP overhead: `bluetape-mcp` started as assistants start it (a child process over stdio, \
           credentials in its environment) and driven by rmcp's client, against the same calls made \
           through bluetape-client directly, one mock, alternating rounds; each call creates a \
           customer or reads its sign-up URL.\n\
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
         - The proxy: `bluetape-mock proxy --upstream <a mock>` (forwarding each request through \
           reqwest and checking request and reply against the document) against the same mock \
           alone, and against the forwarding floor (`bluetape-bench floor --forward-to <a mock>`: \
           axum and reqwest forwarding each request and reply as they came, nothing checked or \
           recorded) in front of the same kind of mock; fresh servers each round, each round \
           starting with the next of the three, the same wrk script; the ratio is the median of \
           the rounds', the latencies the medians of the rounds' p50 and p99 and what the proxy \
           adds to them.\n\
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
    std::fs::write(&path, report).map_err(|source| io_error("write", &path, source))
}

pub(crate) fn prism_version(root: &Path) -> String {
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
