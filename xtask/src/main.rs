//! `cargo xtask`: the workspace's automation. Run `cargo xtask --help`.
//!
//! A binary only: nothing outside this crate depends on it. The freshness of the generated files
//! is tested here, beside the generator (`cargo test -p xtask`, part of `cargo test --workspace`).

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

mod bench;
mod client_codegen;
mod code_samples;
mod codegen;
mod compat;
mod ecosystem;
mod error;
mod python_wheel;
mod release;
mod semver_check;
mod tools;
mod workspace;

use crate::codegen::Outcome;
use crate::error::XtaskError;

/// The BlueTape workspace's automation.
#[derive(Parser)]
#[command(name = "cargo xtask", about)]
struct Arguments {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Regenerate every derived file (the documents in `openapi/`) from the model in spec-gen/.
    Codegen {
        /// Write nothing; fail with a diff if any derived file is stale.
        #[arg(long)]
        check: bool,
    },
    /// Lint the documents, publish the reference page, build the mock's Python wheel, generate and
    /// test clients in Python, TypeScript and Java, and run schemathesis against the mock
    /// (installs pinned tools once).
    Ecosystem {
        /// Run only the steps whose name contains this text (e.g. `python`); the others are
        /// reported as skipped.
        #[arg(long)]
        only: Option<String>,
    },
    /// Measure the client and the mock against what users would pick instead (hand-written
    /// reqwest, Prism); the full run writes BENCHMARKS.md.
    Bench {
        /// Check the harness only, with tiny counts (what CI runs); writes nothing.
        #[arg(long)]
        quick: bool,
    },
    /// Compare the API with the latest released baseline (openapi/released/) and fail on a
    /// breaking change that the version does not announce.
    Compat,
    /// Check bluetape-client with cargo semver-checks against its last release.
    Semver,
    /// Release <version>: set it everywhere, regenerate, gate it on what changed, write the
    /// baseline and a CHANGELOG section, commit and tag (nothing is published or pushed).
    Release {
        /// The new version, e.g. 0.2.0.
        version: String,
    },
}

fn main() -> ExitCode {
    let root = workspace::root();
    let result = match Arguments::parse().task {
        Task::Codegen { check } => run_codegen(&root, check),
        Task::Ecosystem { only } => ecosystem::run_all(&root, only.as_deref()),
        Task::Compat => run_compat(&root),
        Task::Bench { quick } => bench::run(&root, quick),
        Task::Semver => semver_check::check(&root),
        Task::Release { version } => release::release(&root, &version),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run_codegen(root: &Path, check: bool) -> Result<(), XtaskError> {
    let started = Instant::now();
    let outcomes = codegen::apply(root, &codegen::generated_files()?, check)?;

    for (path, outcome) in &outcomes {
        let status = match outcome {
            Outcome::Unchanged => "unchanged",
            Outcome::Written => "written",
            Outcome::Removed => "removed",
            Outcome::Stale { .. } => "STALE",
        };
        println!("  {status:<9} {}", path.display());
    }
    let elapsed = started.elapsed();
    if let Some((count, report)) = codegen::stale_report(&outcomes) {
        eprint!("\n{report}");
        return Err(XtaskError::Stale { count });
    }
    let verb = if check { "checked" } else { "generated" };
    println!("{verb} {} files in {:.2?}", outcomes.len(), elapsed);
    Ok(())
}

fn run_compat(root: &Path) -> Result<(), XtaskError> {
    let Some(baseline) = compat::latest_baseline(root)? else {
        println!(
            "SKIPPED: no released baseline in openapi/released/ yet: cut one with `cargo xtask release 0.1.0`"
        );
        return Ok(());
    };
    let current = bluetape_model::render::document(bluetape_model::render::Version::V3_0)?;
    let version =
        semver::Version::parse(env!("CARGO_PKG_VERSION")).map_err(|error| XtaskError::Compat {
            message: format!("the workspace version: {error}"),
        })?;
    let findings = compat::gate(&baseline, &current, &version)?;
    let breaking = findings
        .iter()
        .filter(|finding| finding.is_breaking())
        .count();
    println!(
        "compatible with the version: {breaking} breaking change(s), {} in all",
        findings.len()
    );
    Ok(())
}
