//! `bluetape-mock`: runs the BlueTape mock server until Ctrl-C.
//!
//! ```text
//! bluetape-mock --host 127.0.0.1 --port 0
//! bluetape-mock proxy --upstream https://api.bluetape.com/genericBthubService --port 0
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use std::time::Duration;

use bluetape_mock::{
    DEFAULT_ACCOUNT_ID, DEFAULT_API_KEY, DEFAULT_JOURNAL_CAPACITY, DEFAULT_UPSTREAM_TIMEOUT,
    MockConfig, ProxyConfig, RunningMock, Store,
};
use bluetape_model::validation::BodyValidator;
use clap::Parser;

/// mimalloc: per-request allocations cost less than with glibc's allocator (see Cargo.toml).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A stateful local BlueTape integration API server; or, with `proxy`, a validating proxy to a
/// real one.
#[derive(Parser)]
#[command(version, about)]
struct Arguments {
    #[command(flatten)]
    server: ServerOptions,
    /// The X-BlueTape-Key requests must carry.
    #[arg(long, env = "BLUETAPE_MOCK_API_KEY", default_value = DEFAULT_API_KEY, hide_env_values = true)]
    api_key: String,
    /// The X-Integration-AccountId requests must carry.
    #[arg(long, env = "BLUETAPE_MOCK_ACCOUNT_ID", default_value = DEFAULT_ACCOUNT_ID, hide_env_values = true)]
    account_id: String,
    /// Load companies and customers from this JSON file before serving:
    /// `{"companies": [<Company>…], "customers": [<Customer>…]}`, each valid as its create body.
    /// With --state, loaded only into an empty state.
    #[arg(long, env = "BLUETAPE_MOCK_SEED", value_name = "FILE")]
    seed: Option<PathBuf>,
    /// Keep the records in a database that outlives the mock, instead of memory: a SQLite file
    /// (created if missing), or a postgres://user:password@host/database URL that several mocks
    /// share. A reply of 2xx means the record is stored; a database lost while running answers
    /// 503.
    #[arg(
        long,
        env = "BLUETAPE_MOCK_STATE",
        value_name = "PATH|URL",
        hide_env_values = true
    )]
    state: Option<String>,
    #[command(subcommand)]
    mode: Option<Mode>,
}

/// What the mock and the proxy share: where they listen, the control API, the journal, the log.
#[derive(clap::Args)]
struct ServerOptions {
    /// Address to listen on (the container image listens on 0.0.0.0).
    #[arg(
        long,
        env = "BLUETAPE_MOCK_HOST",
        default_value = "127.0.0.1",
        global = true
    )]
    host: String,
    /// Port to listen on; 0 picks a free one (the URL is printed).
    #[arg(
        long,
        env = "BLUETAPE_MOCK_PORT",
        default_value_t = 8080,
        global = true
    )]
    port: u16,
    /// The token the control API (under /__admin) requires, as `Authorization: Bearer <token>`.
    /// Without one the control API is open on loopback and closed on any other address.
    #[arg(
        long,
        env = "BLUETAPE_MOCK_ADMIN_TOKEN",
        hide_env_values = true,
        global = true
    )]
    admin_token: Option<String>,
    /// How many requests the journal (GET /__admin/journal) keeps; the oldest go first.
    #[arg(long, default_value_t = DEFAULT_JOURNAL_CAPACITY, global = true)]
    journal_capacity: usize,
    /// Log every request (method, path, status, latency, violations; never the credentials).
    /// RUST_LOG refines it.
    #[arg(long, global = true)]
    log: bool,
    /// Also answer requests whose Host is NAME (or NAME:PORT), e.g. a container's name. On
    /// loopback the mock answers only localhost, 127.0.0.1 and [::1] with its port: any other
    /// Host is a web page's DNS rebinding, refused with 421. Repeatable.
    #[arg(long = "allow-host", value_name = "NAME", global = true)]
    allow_hosts: Vec<String>,
    /// Let pages of ORIGIN (exactly, e.g. http://localhost:3000; `null` only when named) call the
    /// API from a browser (CORS); never the control API. Off by default. Repeatable.
    #[arg(long = "cors-origin", value_name = "ORIGIN", global = true)]
    cors_origins: Vec<String>,
}

#[derive(clap::Subcommand)]
enum Mode {
    /// Forward every API request to a real server, unchanged, and its reply back, unchanged;
    /// report where either breaks the document (journal, `x-bluetape-violations` reply header,
    /// GET /__admin/violations, log).
    Proxy(ProxyOptions),
}

#[derive(clap::Args)]
struct ProxyOptions {
    /// The server to forward to, e.g. https://api.bluetape.com/genericBthubService: https, or
    /// plain http to loopback.
    #[arg(long, value_name = "URL", env = "BLUETAPE_MOCK_UPSTREAM")]
    upstream: String,
    /// Seconds to wait for the upstream's whole reply; past them the proxy answers 504.
    #[arg(long, value_name = "SECONDS", default_value_t = DEFAULT_UPSTREAM_TIMEOUT.as_secs_f64())]
    upstream_timeout: f64,
    /// Answer 502, naming the violation, instead of a reply that breaks the document (for CI).
    #[arg(long)]
    fail_on_violation: bool,
    /// Record what the upstream accepts (the companies and customers it created, updated and
    /// linked, with the ids and sign-up URLs it issued; never a credential) into FILE, a seed for
    /// `bluetape-mock --seed FILE`. A seed already there is recorded on.
    #[arg(long, value_name = "FILE")]
    record: Option<PathBuf>,
    /// Allow plain http to an upstream off loopback (a proxy on a network you trust).
    #[arg(long, env = bluetape_base_url::ALLOW_INSECURE_HTTP_ENV)]
    allow_insecure_http: bool,
}

impl ProxyOptions {
    fn config(&self) -> Result<ProxyConfig, String> {
        let mut config = ProxyConfig::new(&self.upstream, self.allow_insecure_http)
            .map_err(|error| error.to_string())?;
        config.upstream_timeout = Duration::try_from_secs_f64(self.upstream_timeout)
            .ok()
            .filter(|timeout| !timeout.is_zero())
            .ok_or_else(|| {
                format!(
                    "--upstream-timeout {}: must be a positive number of seconds",
                    self.upstream_timeout
                )
            })?;
        config.fail_on_violation = self.fail_on_violation;
        config.record = self.record.clone();
        Ok(config)
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let arguments = Arguments::parse();
    let server = &arguments.server;
    if server.log {
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
        admin_token: server.admin_token.clone(),
        journal_capacity: server.journal_capacity,
        allowed_hosts: server.allow_hosts.clone(),
        cors_origins: server.cors_origins.clone(),
    };
    let address = (server.host.as_str(), server.port);
    if let Some(Mode::Proxy(proxy)) = &arguments.mode {
        let proxy = match proxy.config() {
            Ok(proxy) => proxy,
            Err(error) => {
                eprintln!("error: {error}");
                return ExitCode::from(2);
            }
        };
        let upstream = proxy.upstream().to_owned();
        return match RunningMock::bind_proxy(address, config, proxy).await {
            Ok(mock) => {
                eprintln!("forwarding to {upstream}, checking both ways against the document");
                serve_until_ctrl_c(mock).await
            }
            Err(error) => {
                // Not only the address: the upstream's client or the record file may be at fault,
                // and the error names which.
                eprintln!(
                    "error: cannot start the proxy on {}:{}: {error}",
                    server.host, server.port
                );
                ExitCode::FAILURE
            }
        };
    }
    let store = match open_store(arguments.state.as_deref(), arguments.seed.as_deref()) {
        Ok(store) => store,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mock = match RunningMock::bind_with_store(address, config, store).await {
        Ok(mock) => mock,
        Err(error) => {
            eprintln!(
                "error: cannot listen on {}:{}: {error}",
                server.host, server.port
            );
            return ExitCode::FAILURE;
        }
    };
    serve_until_ctrl_c(mock).await
}

/// The store the mock serves: memory, or the database of `state`; with the records of `seed`
/// loaded into it when it is empty.
fn open_store(state: Option<&str>, seed: Option<&Path>) -> Result<Store, String> {
    let store = match state {
        None => Store::default(),
        Some(state) => Store::open(state).map_err(|error| error.to_string())?,
    };
    let Some(seed) = seed else {
        return Ok(store);
    };
    let counts = store.try_counts().map_err(|error| error.to_string())?;
    if counts != (0, 0) {
        eprintln!(
            "note: the seed file {} is not loaded: the state ({}) already holds {} companies and \
             {} customers",
            seed.display(),
            store.describe(),
            counts.0,
            counts.1
        );
        return Ok(store);
    }
    let validator = BodyValidator::new().map_err(|error| error.to_string())?;
    store
        .load_seed_file(seed, &validator)
        .map_err(|error| format!("cannot load the seed file {}: {error}", seed.display()))?;
    Ok(store)
}

/// Prints the URL (the line the Python helper and the tests wait for), serves until Ctrl-C or
/// SIGTERM (what `docker stop` sends), then shuts down gracefully.
async fn serve_until_ctrl_c(mock: RunningMock) -> ExitCode {
    println!("bluetape-mock listening on {}", mock.url());
    let state = mock.store().describe();
    if state != "memory" {
        eprintln!("records kept in {state}");
    }
    let from_examples = mock.answered_from_examples();
    if !from_examples.is_empty() {
        eprintln!(
            "answered from the document's examples (no behaviour written): {}",
            from_examples.join(", ")
        );
    }
    if !mock.address().ip().is_loopback() {
        eprintln!(
            "note: listening beyond loopback ({}): whoever reaches this port can call the API and \
             every Host is answered; the control API is closed unless --admin-token is set",
            mock.address()
        );
    }
    if let Err(error) = stop_signal().await {
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

/// Ctrl-C, or SIGTERM on Unix: in a container the mock is process 1, which the kernel gives no
/// default action for SIGTERM, so without a handler `docker stop` would wait 10 s and kill it.
async fn stop_signal() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
        tokio::select! {
            interrupted = tokio::signal::ctrl_c() => interrupted,
            _ = terminate.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await
    }
}
