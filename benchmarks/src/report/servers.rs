//! The servers under wrk: the mock against the floor in alternating rounds (with each one's CPU
//! time per request), the mock as its store grows, Prism; and wrk itself.

use std::path::Path;
use std::process::Command;

use bluetape_model::render::{Format, Version, path as document_path};
use test_support::process::{ServerProcess, StepError, run};

use super::measurement::{bench_mock, io_error, measure, number};
use super::plan::{CONCURRENCY, Plan, SCENARIOS, Scenario, WRK};
use super::results::{
    Comparison, Contender, FloorComparison, Front, GrowthPoint, Load, ProxyComparison,
};

/// What the server rounds run with: the workspace (the wrk scripts), `bluetape-bench`, the mock's
/// binary and the plan.
#[derive(Clone, Copy)]
pub(crate) struct Servers<'a> {
    pub(crate) root: &'a Path,
    pub(crate) bench: &'a Path,
    pub(crate) mock_binary: &'a Path,
    pub(crate) plan: &'a Plan,
}

impl Servers<'_> {
    /// The plan's rounds of `contenders`, each round starting with the next one: for each,
    /// `start` starts fresh servers (wrk loads the last; the others stand behind it, stopped
    /// when it is measured), and `rounds_of` says where in `comparison` wrk's reading and the loaded server's
    /// CPU time per request go: the comparison of the contenders.
    fn rounds<C: Copy + PartialEq>(
        &self,
        scenario: &Scenario,
        contenders: &[C],
        prefix: &str,
        start: impl Fn(C) -> Result<Vec<ServerProcess>, StepError>,
    ) -> Result<Comparison<C>, StepError> {
        let mut comparison = Comparison::new(scenario.name, contenders);
        for round in 0..self.plan.floor_rounds {
            for contender in turn(contenders, round) {
                let started = start(contender)?;
                let Some(loaded) = started.last() else {
                    continue;
                };
                let cpu_before = cpu_nanoseconds(loaded.pid())?;
                let load = self.wrk(scenario, loaded.url(), prefix)?;
                let cpu = cpu_nanoseconds(loaded.pid())?.saturating_sub(cpu_before);
                if let Some(rounds) = comparison.of_mut(contender) {
                    rounds
                        .cpu_us
                        .push(cpu as f64 / 1e3 / load.requests.max(1) as f64);
                    rounds.loads.push(load);
                }
            }
        }
        Ok(comparison)
    }

    /// wrk with `scenario`'s script on the server at `url` for the plan's seconds, its ids
    /// prefixed with `prefix`.
    fn wrk(&self, scenario: &Scenario, url: &str, prefix: &str) -> Result<Load, StepError> {
        let target = format!("{url}{}", scenario.path);
        wrk(
            self.root,
            scenario.script,
            &target,
            self.plan.wrk_seconds,
            prefix,
        )
    }
}

/// The contenders in round `round`'s order: each round starts with the next one, so that none
/// always runs on a warmer machine.
fn turn<T: Copy>(contenders: &[T], round: usize) -> Vec<T> {
    let mut order = contenders.to_vec();
    order.rotate_left(round % contenders.len().max(1));
    order
}

/// The floor server of `bluetape-bench` (reading each body when `reads_body`), on a free port.
pub(crate) fn start_floor(bench: &Path, reads_body: bool) -> Result<ServerProcess, StepError> {
    let mut command = Command::new(bench);
    command.args(["floor", "--port", "0"]);
    if reads_body {
        command.arg("--reads-body");
    }
    ServerProcess::announcing_url("the floor server", &mut command)
}

/// Rounds in turn order (mock first, then the floor first, …), each server fresh, the same wrk
/// script; with the floor that reads bodies too for a scenario with a body.
pub(crate) fn floor_rounds(
    servers: &Servers<'_>,
    scenario: &Scenario,
) -> Result<FloorComparison, StepError> {
    let mut contenders = vec![Contender::Mock, Contender::Floor];
    if scenario.has_body {
        contenders.push(Contender::ReadingFloor);
    }
    let start = |contender| {
        Ok(vec![match contender {
            Contender::Mock => bench_mock(servers.mock_binary)?,
            Contender::Floor => start_floor(servers.bench, false)?,
            Contender::ReadingFloor => start_floor(servers.bench, true)?,
        }])
    };
    servers.rounds(scenario, &contenders, "floor", start)
}

/// Rounds in turn order of the mock alone, of `bluetape-mock proxy` in front of a mock, and of
/// the forwarding floor in front of a mock, each fresh, the same wrk script: what the extra hop
/// costs, and what checking every exchange against the document costs beyond forwarding it.
pub(crate) fn proxy_rounds(
    servers: &Servers<'_>,
    scenario: &Scenario,
) -> Result<ProxyComparison, StepError> {
    let start = |front| {
        let mock = bench_mock(servers.mock_binary)?;
        let (what, program, arguments) = match front {
            Front::Nothing => return Ok(vec![mock]),
            Front::Proxy => ("bluetape-mock proxy", servers.mock_binary, PROXY_ARGUMENTS),
            Front::ForwardingFloor => ("the forwarding floor", servers.bench, FORWARDING_ARGUMENTS),
        };
        let in_front = ServerProcess::announcing_url(
            what,
            Command::new(program).args(arguments).arg(mock.url()),
        )?;
        Ok(vec![mock, in_front])
    };
    let contenders = [Front::Nothing, Front::Proxy, Front::ForwardingFloor];
    servers.rounds(scenario, &contenders, "proxy", start)
}

/// `bluetape-mock`'s arguments for a proxy on a free loopback port, its upstream last.
const PROXY_ARGUMENTS: &[&str] = &["proxy", "--host", "127.0.0.1", "--port", "0", "--upstream"];
/// `bluetape-bench`'s arguments for the forwarding floor on a free port, its upstream last.
const FORWARDING_ARGUMENTS: &[&str] = &["floor", "--port", "0", "--forward-to"];

/// The CPU time process `pid`'s threads have used, in ns: the sum over its threads of the first
/// field of `/proc/<pid>/task/<tid>/schedstat` (time spent on a CPU). A thread that has ended is
/// not counted: the servers' threads live as long as the server.
pub(crate) fn cpu_nanoseconds(pid: u32) -> Result<u64, StepError> {
    let tasks = format!("/proc/{pid}/task");
    let mut total = 0;
    for task in std::fs::read_dir(&tasks).map_err(|error| io_error("read", &tasks, error))? {
        let path = task
            .map_err(|error| io_error("read", &tasks, error))?
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
            .ok_or_else(|| StepError {
                step: "floor".into(),
                message: format!("unreadable {}: {schedstat:?}", path.display()),
            })?;
    }
    Ok(total)
}

/// One mock grown to each size in turn (customers created by `bluetape-bench fill`), its resident
/// memory and its throughput read at each; returns the memory before growth too.
pub(crate) fn growth(
    root: &Path,
    bench: &Path,
    mock_binary: &Path,
    sizes: &[usize],
    seconds: u32,
) -> Result<(u64, Vec<GrowthPoint>), StepError> {
    let mock = bench_mock(mock_binary)?;
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
pub(crate) fn resident_bytes(pid: u32) -> Result<u64, StepError> {
    let path = format!("/proc/{pid}/status");
    let status = std::fs::read_to_string(&path).map_err(|error| io_error("read", &path, error))?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.split_whitespace().next()?.parse::<u64>().ok())
        .map(|kib| kib * 1024)
        .ok_or_else(|| StepError {
            step: "growth".into(),
            message: format!("no VmRSS in {path}"),
        })
}

/// Runs wrk with `script` against `url`; `prefix` goes to the script (create-customer's ids).
pub(crate) fn wrk(
    root: &Path,
    script: &str,
    url: &str,
    seconds: u32,
    prefix: &str,
) -> Result<Load, StepError> {
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
    parse_wrk(&output).ok_or_else(|| StepError {
        step: "wrk".into(),
        message: format!("cannot read wrk's report:\n{output}"),
    })
}

pub(crate) fn parse_wrk(output: &str) -> Option<Load> {
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
pub(crate) fn micros(value: &str) -> Option<f64> {
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
pub(crate) fn start_prism(root: &Path, prism: &Path) -> Result<ServerProcess, StepError> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map_err(|error| StepError {
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
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        let mut now = before;
        while now < before + 20_000_000 && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(10));
            now = cpu_nanoseconds(pid).unwrap();
        }
        stop.store(true, Ordering::Relaxed);
        worker.join().unwrap();
        assert!(now >= before + 20_000_000, "{before} → {now}");
        assert!(cpu_nanoseconds(u32::MAX).is_err());
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
