//! `cargo xtask`: the workspace's automation. Run `cargo xtask --help`. This file parses the
//! command line and dispatches; each task is a module of its own.
//!
//! A binary only: nothing outside this crate depends on it. The freshness of the generated files
//! is tested here, beside the generator (`cargo test -p xtask`, part of `cargo test --workspace`).

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod bench;
mod codegen;
mod compat;
mod docs;
mod ecosystem;
mod error;
mod release;
mod semver_check;
mod tools;
mod workspace;

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
        Task::Codegen { check } => codegen::run(&root, check),
        Task::Ecosystem { only } => ecosystem::run_all(&root, only.as_deref()),
        Task::Compat => compat::run(&root),
        Task::Docs { dir } => tools::ensure(&root).and_then(|tools| {
            let written = docs::write_site(&root, &tools, &dir)?;
            println!("wrote {} files into {}", written.len(), dir.display());
            Ok(())
        }),
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
