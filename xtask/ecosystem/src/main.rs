//! `xtask-ecosystem`: the tasks of `cargo xtask` that need a running mock, in a binary of their
//! own so that `cargo xtask codegen` builds neither the mock nor anything it generates. `cargo
//! xtask ecosystem` and `cargo xtask docs` start it; it takes the same arguments.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod docs;
mod ecosystem;

/// The BlueTape workspace's tasks that need a running mock.
#[derive(Parser)]
#[command(name = "xtask-ecosystem", about)]
struct Arguments {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// See `cargo xtask ecosystem --help`.
    Ecosystem {
        /// Run only the steps whose name contains this text; the others are reported as skipped.
        #[arg(long)]
        only: Option<String>,
    },
    /// See `cargo xtask docs --help`.
    Docs {
        /// Where to write the site (emptied first), relative to the current directory.
        dir: std::path::PathBuf,
    },
}

fn main() -> ExitCode {
    let root = match xtask::workspace::root() {
        Ok(root) => root,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    let result = match Arguments::parse().task {
        Task::Ecosystem { only } => ecosystem::run_all(&root, only.as_deref()),
        Task::Docs { dir } => xtask::tools::ensure(&root).and_then(|tools| {
            let written = docs::write_site(&root, &tools, &dir)?;
            println!("wrote {} files into {}", written.len(), dir.display());
            Ok(())
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
