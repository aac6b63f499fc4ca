//! `cargo xtask`: the workspace's automation. Run `cargo xtask --help`. This file parses the
//! command line and dispatches; each task is a module of its own.
//!
//! The tasks are in the library (`src/lib.rs`), which `xtask-ecosystem` (the tasks that need a
//! running mock, in `xtask/ecosystem/`) shares; this binary builds without the mock or any file
//! it generates. The freshness of the generated files is tested beside the generator (`cargo test
//! -p xtask`, part of `cargo test --workspace`).

use std::path::Path;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use xtask::error::XtaskError;
use xtask::{bench, codegen, compat, distribution, release, semver_check, workspace};

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
        #[arg(long, conflicts_with = "list")]
        check: bool,
        /// Write nothing; print the path of every file it generates, one per line.
        #[arg(long)]
        list: bool,
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
    /// Write the docs site into DIR: the Redoc reference, the "try it" console (production and a
    /// local mock as servers), llms.txt and the Markdown pages; no page makes a network request
    /// when it opens (installs pinned tools once).
    Docs {
        /// Where to write the site (emptied first), relative to the current directory.
        dir: std::path::PathBuf,
    },
    /// Measure the client and the mock against what users would pick instead (hand-written
    /// reqwest, Prism); the full run writes BENCHMARKS.md.
    Bench {
        /// Check the harness only, with tiny counts (what CI runs); writes nothing.
        #[arg(long)]
        quick: bool,
    },
    /// Build the packages other ecosystems install into target/dist/: the npm packages, the MCP
    /// Bundle and the mock's container image (all three unless named).
    Dist {
        /// What to build.
        #[arg(value_enum)]
        artifacts: Vec<distribution::Artifact>,
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
    let result = workspace::root().and_then(|root| run(&root, Arguments::parse().task));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(root: &Path, task: Task) -> Result<(), XtaskError> {
    match task {
        Task::Codegen { list: true, .. } => codegen::list(),
        Task::Codegen { check, .. } => codegen::run(root, check),
        Task::Ecosystem { only } => {
            let mut arguments = vec!["ecosystem".to_owned()];
            if let Some(only) = only {
                arguments.extend(["--only".to_owned(), only]);
            }
            with_a_running_mock(root, &arguments)
        }
        Task::Dist { artifacts } => distribution::run_all(root, &artifacts),
        Task::Compat => compat::run(root),
        Task::Docs { dir } => {
            // Relative to where the command was run: the other binary runs from there too.
            let dir = std::path::absolute(&dir)
                .map_err(|source| XtaskError::io("resolve", &dir, source))?;
            with_a_running_mock(root, &["docs".to_owned(), dir.display().to_string()])
        }
        Task::Bench { quick } => bench::run(root, quick),
        Task::Semver => semver_check::check(root),
        Task::Release { version } => release::release(root, &version),
    }
}

/// Runs a task of `xtask-ecosystem` (the tasks that need a running mock), built and started by
/// cargo from this workspace, with its output streamed.
fn with_a_running_mock(root: &Path, arguments: &[String]) -> Result<(), XtaskError> {
    test_support::process::run_streaming(
        "xtask-ecosystem",
        test_support::process::cargo()
            .arg("run")
            .arg("--quiet")
            .arg("--manifest-path")
            .arg(root.join("Cargo.toml"))
            .args(["-p", "xtask-ecosystem", "--"])
            .args(arguments),
    )?;
    Ok(())
}
