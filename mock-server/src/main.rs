//! `bluetape-mock`: runs the BlueTape mock server until Ctrl-C.
//!
//! ```text
//! bluetape-mock --host 127.0.0.1 --port 0
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use bluetape_mock::{
    DEFAULT_ACCOUNT_ID, DEFAULT_API_KEY, DEFAULT_JOURNAL_CAPACITY, MockConfig, RunningMock, Store,
};
use bluetape_model::validation::BodyValidator;
use clap::Parser;

/// mimalloc: per-request allocations cost less than with glibc's allocator (see Cargo.toml).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A stateful local BlueTape integration API server.
#[derive(Parser)]
#[command(version, about)]
struct Arguments {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on; 0 picks a free one (the URL is printed).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// The X-BlueTape-Key requests must carry.
    #[arg(long, env = "BLUETAPE_MOCK_API_KEY", default_value = DEFAULT_API_KEY, hide_env_values = true)]
    api_key: String,
    /// The X-Integration-AccountId requests must carry.
    #[arg(long, env = "BLUETAPE_MOCK_ACCOUNT_ID", default_value = DEFAULT_ACCOUNT_ID, hide_env_values = true)]
    account_id: String,
    /// Load companies and customers from this JSON file before serving:
    /// `{"companies": [<Company>…], "customers": [<Customer>…]}`, each valid as its create body.
    #[arg(long, env = "BLUETAPE_MOCK_SEED", value_name = "FILE")]
    seed: Option<PathBuf>,
    /// The token the control API (under /__admin) requires, as `Authorization: Bearer <token>`.
    /// Without one the control API is open on loopback and closed on any other address.
    #[arg(long, env = "BLUETAPE_MOCK_ADMIN_TOKEN", hide_env_values = true)]
    admin_token: Option<String>,
    /// How many requests the journal (GET /__admin/journal) keeps; the oldest go first.
    #[arg(long, default_value_t = DEFAULT_JOURNAL_CAPACITY)]
    journal_capacity: usize,
    /// Log every request (method, path, status, latency; never the credentials). RUST_LOG refines it.
    #[arg(long)]
    log: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    let arguments = Arguments::parse();
    if arguments.log {
        let filter = tracing_subscriber::EnvFilter::try_from_default_env()
            .unwrap_or_else(|_| "bluetape_mock=debug".into());
        tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .init();
    }
    let config = MockConfig {
        api_key: arguments.api_key,
        account_id: arguments.account_id,
        faults: Vec::new(),
        admin_token: arguments.admin_token,
        journal_capacity: arguments.journal_capacity,
    };
    let store = match &arguments.seed {
        None => Store::default(),
        Some(path) => {
            let loaded = BodyValidator::new()
                .map_err(|error| error.to_string())
                .and_then(|validator| {
                    Store::from_seed_file(path, &validator).map_err(|error| error.to_string())
                });
            match loaded {
                Ok(store) => store,
                Err(error) => {
                    eprintln!(
                        "error: cannot load the seed file {}: {error}",
                        path.display()
                    );
                    return ExitCode::FAILURE;
                }
            }
        }
    };
    let address = (arguments.host.as_str(), arguments.port);
    let mock = match RunningMock::bind_with_store(address, config, store).await {
        Ok(mock) => mock,
        Err(error) => {
            eprintln!(
                "error: cannot listen on {}:{}: {error}",
                arguments.host, arguments.port
            );
            return ExitCode::FAILURE;
        }
    };
    println!("bluetape-mock listening on {}", mock.url());
    if let Err(error) = tokio::signal::ctrl_c().await {
        eprintln!("error: cannot wait for Ctrl-C: {error}");
    }
    match mock.shutdown().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: the server failed: {error}");
            ExitCode::FAILURE
        }
    }
}
