//! The consumer-build rows of `cargo xtask bench`: what adding `bluetape-client` (and, to its
//! tests, `bluetape-httpmock`) costs a user's build. Two one-call applications outside the
//! workspace, `benchmarks/consumer-apps/with-client` and the same application hand-written on
//! reqwest, serde and chrono (`with-reqwest`), each with one test on a double of the API, are
//! built cold, in alternating rounds, each in a fresh target directory; then their tests are built
//! on top (`cargo test --no-run`), which times what the dev-dependencies add.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use test_support::process::{StepError, cargo, run};

use super::markdown::verdict;
use super::measurement::{io_error, median_of};

/// The target: the application on bluetape-client builds in at most this many times the time of
/// the hand-written one.
pub const CONSUMER_TARGET: f64 = 1.2;

/// Where the applications are, relative to the workspace root.
const APPS: &str = "benchmarks/consumer-apps";
/// The application on bluetape-client (and its test on bluetape-httpmock).
const WITH_CLIENT: &str = "with-client";
/// The same application by hand (and its test on httpmock alone).
const WITH_REQWEST: &str = "with-reqwest";
/// How many units of the client's build the report names, the costliest first.
const NAMED_UNITS: usize = 8;

/// One application's builds over the rounds.
#[derive(Debug, Default)]
pub struct AppBuilds {
    /// Cold `cargo build` wall time of each round, in seconds.
    pub build_seconds: Vec<f64>,
    /// `cargo test --no-run` after the build, each round, in seconds.
    pub test_seconds: Vec<f64>,
    /// Packages in the graph of `cargo build` (normal and build dependencies, the app included).
    pub packages: usize,
    /// Packages once the dev-dependencies are in.
    pub packages_with_tests: usize,
    /// What each unit of the first cold build took (`cargo build --timings`), by `name version`.
    pub units: BTreeMap<String, f64>,
}

/// Both applications, side by side.
#[derive(Debug)]
pub struct ConsumerBuilds {
    /// `with-client`.
    pub client: AppBuilds,
    /// `with-reqwest`.
    pub hand_written: AppBuilds,
}

/// Builds both applications cold `rounds` times, alternating which goes first.
///
/// # Errors
///
/// [`StepError`] when a build fails or cargo's timings cannot be read.
pub fn measure(root: &Path, rounds: usize) -> Result<ConsumerBuilds, StepError> {
    let apps = root.join(APPS);
    let scratch = root.join("target/consumer-build");
    let mut client = AppBuilds::default();
    let mut hand_written = AppBuilds::default();
    for (app, builds) in [
        (WITH_CLIENT, &mut client),
        (WITH_REQWEST, &mut hand_written),
    ] {
        let manifest = apps.join(app).join("Cargo.toml");
        // Downloads are not part of a build's time.
        run(
            "cargo fetch",
            cargo()
                .args(["fetch", "--locked", "--manifest-path"])
                .arg(&manifest),
        )?;
        builds.packages = packages(&manifest, "normal,build")?;
        builds.packages_with_tests = packages(&manifest, "normal,build,dev")?;
    }
    for round in 0..rounds {
        let mut order = [
            (WITH_CLIENT, &mut client),
            (WITH_REQWEST, &mut hand_written),
        ];
        if round % 2 == 1 {
            order.reverse();
        }
        for (app, builds) in order {
            let manifest = apps.join(app).join("Cargo.toml");
            let target = scratch.join(app);
            remove(&target)?;
            // Cold (a fresh target directory), then the tests on top of that build.
            let cargo_seconds = |arguments: &[&str]| {
                let started = Instant::now();
                run(
                    &format!("cargo {} of {app}", arguments.join(" ")),
                    cargo()
                        .args(arguments)
                        .args(["--locked", "--manifest-path"])
                        .arg(&manifest)
                        .arg("--target-dir")
                        .arg(&target)
                        .env_remove("RUSTFLAGS"),
                )
                .map(|_| started.elapsed().as_secs_f64())
            };
            builds
                .build_seconds
                .push(cargo_seconds(&["build", "--timings"])?);
            if round == 0 {
                builds.units = timings(&target.join("cargo-timings/cargo-timing.html"))?;
            }
            builds
                .test_seconds
                .push(cargo_seconds(&["test", "--no-run"])?);
            println!(
                "  round {}: {app} {:.1} s, its tests {:.1} s more",
                round + 1,
                builds.build_seconds[round],
                builds.test_seconds[round]
            );
        }
    }
    remove(&scratch)?;
    Ok(ConsumerBuilds {
        client,
        hand_written,
    })
}

/// The rows of the report's table.
pub fn rows(builds: &ConsumerBuilds) -> String {
    let (client, hand) = (&builds.client, &builds.hand_written);
    let rounds = client.build_seconds.len();
    let build_ratio = median_of(&ratios(&client.build_seconds, &hand.build_seconds));
    let test_ratio = median_of(&ratios(&client.test_seconds, &hand.test_seconds));
    let side = |seconds: &[f64], packages: usize| {
        format!("{:.1} s (median), {packages} packages", median_of(seconds))
    };
    format!(
        "| consumer build: a one-call application, cold `cargo build` (debug), {rounds} alternating rounds | on bluetape-client {} | hand-written on reqwest + serde + chrono {} | {build_ratio:.2}× the time (median of the rounds' ratios) | ≤ {CONSUMER_TARGET}×: {} |\n\
         | consumer build: its test on a double of the API, `cargo test --no-run` after that build (the time it adds; packages with the dev-dependencies), same rounds | on bluetape-httpmock {} | on httpmock alone {} | {test_ratio:.2}× the time | reported |\n",
        side(&client.build_seconds, client.packages),
        side(&hand.build_seconds, hand.packages),
        verdict(build_ratio <= CONSUMER_TARGET),
        side(&client.test_seconds, client.packages_with_tests),
        side(&hand.test_seconds, hand.packages_with_tests),
    )
}

/// A paragraph naming what the client's own units cost a cold build.
pub fn added_cost(builds: &ConsumerBuilds) -> String {
    let added = added_units(&builds.client, &builds.hand_written);
    let total: f64 = added.iter().map(|(_, seconds)| seconds).sum();
    let named: Vec<String> = added
        .iter()
        .take(NAMED_UNITS)
        .map(|(unit, seconds)| format!("{unit} {seconds:.1} s"))
        .collect();
    format!(
        "\n**What the client adds to a cold build** (`cargo build --timings`, first round; the units of the application on bluetape-client that the hand-written one does not build, with their own compile time, which partly overlaps on 2 cores): {} units, {total:.1} s in all; the costliest: {}.",
        added.len(),
        named.join(", ")
    )
}

/// The units of `client`'s build that `hand` does not build, costliest first.
pub(crate) fn added_units(client: &AppBuilds, hand: &AppBuilds) -> Vec<(String, f64)> {
    let mut added: Vec<(String, f64)> = client
        .units
        .iter()
        // The applications themselves are not what the client adds.
        .filter(|(unit, _)| !hand.units.contains_key(*unit) && !unit.starts_with(WITH_CLIENT))
        .map(|(unit, seconds)| (unit.clone(), *seconds))
        .collect();
    added.sort_by(|a, b| b.1.total_cmp(&a.1));
    added
}

pub(crate) fn ratios(ours: &[f64], theirs: &[f64]) -> Vec<f64> {
    ours.iter().zip(theirs).map(|(a, b)| a / b).collect()
}

/// The distinct packages of `cargo tree` over these edge kinds, the root included.
pub(crate) fn packages(manifest: &Path, edges: &str) -> Result<usize, StepError> {
    let tree = run(
        "cargo tree",
        cargo()
            .args([
                "tree",
                "--locked",
                "--prefix",
                "none",
                "-e",
                edges,
                "--manifest-path",
            ])
            .arg(manifest),
    )?;
    Ok(distinct_packages(&tree))
}

/// Counts the distinct `name version` pairs of `cargo tree --prefix none` output.
pub(crate) fn distinct_packages(tree: &str) -> usize {
    tree.lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            Some((words.next()?, words.next()?))
        })
        .collect::<BTreeSet<_>>()
        .len()
}

/// Each unit's time from cargo's `--timings` report: its `UNIT_DATA` (a JSON list of units, each
/// with `name`, `version`, `target` and `duration`), summed per `name version` (a crate's build
/// script and its library are one cost to the user).
pub(crate) fn timings(report: &Path) -> Result<BTreeMap<String, f64>, StepError> {
    let unreadable = |message: String| StepError {
        step: "read cargo's timings".into(),
        message: format!("{}: {message}", report.display()),
    };
    let html = std::fs::read_to_string(report).map_err(|error| unreadable(error.to_string()))?;
    let start = html
        .find("UNIT_DATA = ")
        .ok_or_else(|| unreadable("no UNIT_DATA".into()))?
        + "UNIT_DATA = ".len();
    let mut stream = serde_json::Deserializer::from_str(&html[start..]).into_iter();
    let units: Vec<serde_json::Value> = match stream.next() {
        Some(Ok(serde_json::Value::Array(units))) => units,
        _ => return Err(unreadable("UNIT_DATA is not a JSON list".into())),
    };
    let mut costs = BTreeMap::new();
    for unit in units {
        let (Some(name), Some(version), Some(duration)) = (
            unit["name"].as_str(),
            unit["version"].as_str(),
            unit["duration"].as_f64(),
        ) else {
            return Err(unreadable(format!(
                "a unit without name, version or duration: {unit}"
            )));
        };
        *costs.entry(format!("{name} {version}")).or_insert(0.0) += duration;
    }
    Ok(costs)
}

pub(crate) fn remove(directory: &PathBuf) -> Result<(), StepError> {
    match std::fs::remove_dir_all(directory) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(io_error("remove", directory, source)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packages_are_counted_once_by_name_and_version() {
        let tree = "with-client v0.0.0 (/apps/with-client)\nserde v1.0.0\nserde_derive v1.0.0 (proc-macro)\nserde v1.0.0 (*)\nsyn v2.0.1\nsyn v3.0.1\n";
        assert_eq!(distinct_packages(tree), 5);
    }

    #[test]
    fn cargo_timings_are_read_per_crate() {
        let directory = std::env::temp_dir().join(format!("timings-{}", std::process::id()));
        std::fs::create_dir_all(&directory).unwrap();
        let report = directory.join("cargo-timing.html");
        std::fs::write(
            &report,
            "<script>\nconst UNIT_DATA = [{\"i\":0,\"name\":\"regress\",\"version\":\"0.12.0\",\"target\":\"\",\"duration\":3.5},{\"i\":1,\"name\":\"regress\",\"version\":\"0.12.0\",\"target\":\" build-script\",\"duration\":0.5}];\nconst CONCURRENCY_DATA = [];\n</script>",
        )
        .unwrap();
        let units = timings(&report).unwrap();
        assert_eq!(units["regress 0.12.0"], 4.0);
        std::fs::write(&report, "no data").unwrap();
        assert!(timings(&report).is_err());
        std::fs::remove_dir_all(directory).unwrap();
    }

    #[test]
    fn added_units_are_those_the_hand_written_build_lacks() {
        let client = AppBuilds {
            units: BTreeMap::from([
                ("a 1".into(), 1.0),
                ("b 1".into(), 3.0),
                ("c 1".into(), 2.0),
            ]),
            ..AppBuilds::default()
        };
        let hand = AppBuilds {
            units: BTreeMap::from([("a 1".into(), 1.0)]),
            ..AppBuilds::default()
        };
        assert_eq!(
            added_units(&client, &hand),
            [("b 1".to_owned(), 3.0), ("c 1".to_owned(), 2.0)]
        );
    }
}
