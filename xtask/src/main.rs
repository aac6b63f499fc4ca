//! `cargo xtask`: the workspace's automation. Run `cargo xtask --help`.

use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use xtask::codegen::{self, Outcome};
use xtask::{XtaskError, workspace};

/// The BlueTape workspace's automation.
#[derive(Parser)]
#[command(name = "cargo xtask", about)]
struct Arguments {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Regenerate every derived file (the documents in `openapi/`) from the model in spec-gen.
    Codegen {
        /// Write nothing; fail with a diff if any derived file is stale.
        #[arg(long)]
        check: bool,
    },
    /// Lint the documents, publish the reference page, generate and test clients in Python,
    /// TypeScript and Java, and run schemathesis against the mock (installs pinned tools once).
    Ecosystem,
}

fn main() -> ExitCode {
    let result = match Arguments::parse().task {
        Task::Codegen { check } => run_codegen(check),
        Task::Ecosystem => xtask::ecosystem::run_all(&workspace::root()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run_codegen(check: bool) -> Result<(), XtaskError> {
    let started = Instant::now();
    let root = workspace::root();
    let files = codegen::generated_files()?;
    let outcomes = codegen::apply(&root, &files, check)?;

    let document = spec_gen::openapi();
    let operations = document
        .paths
        .paths
        .values()
        .map(operation_count)
        .sum::<usize>();
    let schemas = document
        .components
        .as_ref()
        .map_or(0, |components| components.schemas.len());
    println!("BlueTape OpenAPI: {operations} operations, {schemas} component schemas");
    for (path, outcome) in &outcomes {
        let status = match outcome {
            Outcome::Unchanged => "unchanged",
            Outcome::Written => "written",
            Outcome::Stale { .. } => "STALE",
        };
        println!("  {status:<9} {}", path.display());
    }
    let elapsed = started.elapsed();
    if let Some(report) = codegen::stale_report(&outcomes) {
        eprint!("\n{report}");
        let count = outcomes
            .iter()
            .filter(|(_, o)| matches!(o, Outcome::Stale { .. }))
            .count();
        return Err(XtaskError::Stale { count });
    }
    let verb = if check { "checked" } else { "generated" };
    println!("{verb} {} files in {:.2?}", outcomes.len(), elapsed);
    Ok(())
}

fn operation_count(item: &spec_gen::utoipa::openapi::PathItem) -> usize {
    [
        &item.get,
        &item.put,
        &item.post,
        &item.delete,
        &item.options,
        &item.head,
        &item.patch,
        &item.trace,
    ]
    .iter()
    .filter(|operation| operation.is_some())
    .count()
}
