//! `bluetape-bench`: the in-process measurements of `cargo xtask bench`. Each subcommand prints one
//! JSON object on stdout; xtask runs them side by side and writes the table.

mod client_overhead;
mod serialization;
mod stats;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Measurements behind `cargo xtask bench`.
#[derive(Parser)]
struct Arguments {
    #[command(subcommand)]
    measurement: Measurement,
}

#[derive(Subcommand)]
enum Measurement {
    /// The same calls of every operation through bluetape-client and a minimal hand-written
    /// reqwest client, in alternating rounds, against the mock at `--url`.
    ClientOverhead {
        /// Base URL of a running bluetape-mock.
        #[arg(long)]
        url: String,
        /// Calls of each operation per round.
        #[arg(long, default_value_t = 200)]
        calls: usize,
        /// Rounds per client (alternating).
        #[arg(long, default_value_t = 7)]
        rounds: usize,
    },
    /// Serialize + deserialize a Company with full credit details.
    Serialization {
        /// Operations per sample.
        #[arg(long, default_value_t = 20_000)]
        iterations: usize,
        /// Samples.
        #[arg(long, default_value_t = 15)]
        samples: usize,
    },
    /// Derive the OpenAPI documents in-process (3.1 and 3.0.3, JSON and YAML).
    SpecDerivation {
        /// Derivations per sample.
        #[arg(long, default_value_t = 20)]
        iterations: usize,
        /// Samples.
        #[arg(long, default_value_t = 15)]
        samples: usize,
    },
}

fn main() -> ExitCode {
    let result = match Arguments::parse().measurement {
        Measurement::ClientOverhead { url, calls, rounds } => {
            client_overhead::run(&url, calls, rounds)
        }
        Measurement::Serialization {
            iterations,
            samples,
        } => serialization::company(iterations, samples),
        Measurement::SpecDerivation {
            iterations,
            samples,
        } => serialization::spec_derivation(iterations, samples),
    };
    match result {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
