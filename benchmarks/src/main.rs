//! `bluetape-bench`: the measurements behind `cargo xtask bench`. `report` is the harness: it runs
//! the others side by side (each measurement subcommand prints one JSON object on stdout), with
//! wrk, Prism and cold builds of the consumer applications, and writes BENCHMARKS.md.

mod client_overhead;
mod fill;
mod floor;
mod mcp_overhead;
mod report;
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
    /// Every measurement side by side, then the table (BENCHMARKS.md and its charts unless
    /// `--quick`). `cargo xtask bench` builds what it needs and runs this.
    Report {
        /// Check the harness only, with tiny counts; writes nothing.
        #[arg(long)]
        quick: bool,
        /// The workspace root.
        #[arg(long)]
        root: std::path::PathBuf,
        /// The `bluetape-mock` binary to measure.
        #[arg(long)]
        mock: std::path::PathBuf,
        /// Prism's executable.
        #[arg(long)]
        prism: std::path::PathBuf,
        /// The `bluetape-mcp` binary to measure.
        #[arg(long)]
        mcp: std::path::PathBuf,
    },
    /// A tool call through `bluetape-mcp` (a child process over stdio, rmcp's client) against the
    /// same call through bluetape-client, in alternating rounds, against the mock at `--url`.
    McpOverhead {
        /// Base URL of a running bluetape-mock (default credentials).
        #[arg(long)]
        url: String,
        /// The `bluetape-mcp` binary.
        #[arg(long)]
        mcp: std::path::PathBuf,
        /// Create-and-read sequences per round.
        #[arg(long, default_value_t = 200)]
        calls: usize,
        /// Rounds per path (alternating).
        #[arg(long, default_value_t = 7)]
        rounds: usize,
    },
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
        /// Concurrent tasks, each making `calls` calls of every operation per round.
        #[arg(long, default_value_t = 1)]
        tasks: usize,
    },
    /// Create `count` customers (ids `grow-<start + i>`) through `concurrency` concurrent
    /// connections, to grow a mock's store.
    Fill {
        /// Base URL of a running bluetape-mock.
        #[arg(long)]
        url: String,
        /// The first id's number.
        #[arg(long, default_value_t = 0)]
        start: usize,
        /// How many customers to create.
        #[arg(long)]
        count: usize,
        /// Concurrent requests.
        #[arg(long, default_value_t = 64)]
        concurrency: usize,
    },
    /// Serve the floor: the mock's routes answering constant bodies, checking nothing; or, with
    /// `--forward-to`, forwarding every request.
    Floor {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        /// Port to listen on; 0 picks a free one (the URL is printed).
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// Read each request body into its model type (axum's `Json` extractor) before answering:
        /// the least a real handler does.
        #[arg(long)]
        reads_body: bool,
        /// Forward every request to this upstream instead (the floor of `bluetape-mock proxy`):
        /// as it came, reply included, nothing checked.
        #[arg(long, conflicts_with = "reads_body")]
        forward_to: Option<String>,
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

/// Runs a measurement's future on a runtime of one thread, as every in-process measurement does
/// (the comparisons are per thread; the servers measured run in their own processes).
fn on_one_thread(
    measurement: impl std::future::Future<Output = Result<String, String>>,
) -> Result<String, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| error.to_string())?;
    runtime.block_on(measurement)
}

fn main() -> ExitCode {
    let result = match Arguments::parse().measurement {
        Measurement::Report {
            quick,
            root,
            mock,
            prism,
            mcp,
        } => {
            let options = report::Options {
                root,
                quick,
                mock_binary: mock,
                prism,
                mcp_binary: mcp,
            };
            return match report::run(&options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("error: {error}");
                    ExitCode::FAILURE
                }
            };
        }
        Measurement::ClientOverhead {
            url,
            calls,
            rounds,
            tasks,
        } => client_overhead::run(&url, calls, rounds, tasks),
        Measurement::McpOverhead {
            url,
            mcp,
            calls,
            rounds,
        } => mcp_overhead::run(&url, &mcp, calls, rounds),
        Measurement::Fill {
            url,
            start,
            count,
            concurrency,
        } => fill::run(&url, start, count, concurrency),
        Measurement::Floor {
            host,
            port,
            reads_body,
            forward_to,
        } => floor::serve(&host, port, reads_body, forward_to.as_deref()),
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
