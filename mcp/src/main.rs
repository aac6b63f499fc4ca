//! `bluetape-mcp`: serves the BlueTape integration API's tools to an AI assistant, over stdio (the
//! default) or streamable HTTP on loopback. Run `bluetape-mcp --help`.

use std::net::SocketAddr;
use std::process::ExitCode;

use bluetape_client::{ACCOUNT_ID_ENV, API_KEY_ENV, BASE_URL_ENV, Client};
use bluetape_mcp::http::HttpServer;
use bluetape_mcp::stdio::StdioTransport;
use bluetape_mcp::{BlueTapeMcp, CatalogError, Target};
use bluetape_mock::{DEFAULT_ACCOUNT_ID, DEFAULT_API_KEY, MockConfig, RunningMock};
use clap::Parser;
use rmcp::ServiceExt;

/// An MCP server over the BlueTape integration API: one tool per operation.
///
/// The credentials come from the environment only: BLUETAPE_API_KEY and BLUETAPE_ACCOUNT_ID (never
/// from a flag, which `ps` would show). Calls go to production unless BLUETAPE_BASE_URL is set.
/// Logs go to stderr (RUST_LOG sets the level); stdout carries MCP only.
#[derive(Parser, Debug)]
#[command(name = "bluetape-mcp", version, about, long_about)]
struct Arguments {
    /// Start a bluetape-mock in-process and call it instead (offline; no credentials needed).
    #[arg(long)]
    mock: bool,
    /// Serve only the tools that change nothing (get_customer_signup).
    #[arg(long)]
    read_only: bool,
    /// Serve MCP's streamable HTTP at http://ADDRESS/mcp instead of stdio; loopback only
    /// (127.0.0.1:PORT or [::1]:PORT; port 0 picks a free one, printed on stderr).
    #[arg(long, value_name = "ADDRESS")]
    http: Option<SocketAddr>,
}

/// Why the server could not start or stopped in error.
#[derive(Debug, thiserror::Error)]
enum StartError {
    #[error(
        "{0} is not set: bluetape-mcp reads the API credentials from the environment only \
         ({API_KEY_ENV} and {ACCOUNT_ID_ENV}, e.g. in the assistant's MCP configuration), \
         or run it with --mock"
    )]
    MissingVariable(&'static str),
    #[error("{0}")]
    Client(#[from] bluetape_client::Error),
    #[error("{0}")]
    Catalog(#[from] CatalogError),
    #[error("cannot start the in-process mock: {0}")]
    Mock(std::io::Error),
    #[error("{0}")]
    Http(std::io::Error),
    #[error("MCP over stdio: {0}")]
    Stdio(String),
}

fn main() -> ExitCode {
    let arguments = Arguments::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("bluetape_mcp=info,warn")),
        )
        .init();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("bluetape-mcp: cannot start the runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(arguments)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("bluetape-mcp: {error}");
            ExitCode::from(2)
        }
    }
}

/// Standard input and output as the transport. When they are pipes (as an assistant starts the
/// server) they are read and written without blocking; tokio's `Stdin` would hand every read to
/// its blocking thread pool, a thread hop per message (measured: most of a call's time).
fn stdio() -> StdioTransport {
    use std::os::fd::AsFd;
    use tokio::net::unix::pipe;
    let pipes = std::io::stdin()
        .as_fd()
        .try_clone_to_owned()
        .and_then(pipe::Receiver::from_owned_fd)
        .and_then(|input| {
            let output = std::io::stdout()
                .as_fd()
                .try_clone_to_owned()
                .and_then(pipe::Sender::from_owned_fd)?;
            Ok((input, output))
        });
    match pipes {
        Ok((input, output)) => StdioTransport::new(Box::new(input), Box::new(output)),
        // A terminal or a file: tokio's own handles.
        Err(_) => StdioTransport::new(Box::new(tokio::io::stdin()), Box::new(tokio::io::stdout())),
    }
}

async fn run(arguments: Arguments) -> Result<(), StartError> {
    let (client, mock, target) = if arguments.mock {
        let mock = RunningMock::start(MockConfig::default())
            .await
            .map_err(StartError::Mock)?;
        let client = Client::builder()
            .base_url(mock.url())
            .api_key(DEFAULT_API_KEY)
            .account_id(DEFAULT_ACCOUNT_ID)
            .build()?;
        (client, Some(mock), Target::InProcessMock)
    } else {
        for variable in [API_KEY_ENV, ACCOUNT_ID_ENV] {
            if std::env::var_os(variable).is_none_or(|value| value.is_empty()) {
                return Err(StartError::MissingVariable(variable));
            }
        }
        (Client::from_env()?, None, Target::Api)
    };
    let server = BlueTapeMcp::new(client.clone(), &target, arguments.read_only)?;
    tracing::info!(
        base_url = client.base_url(),
        tools = server.tools().len(),
        "bluetape-mcp {} (calls go to {}; set {BASE_URL_ENV} to change it)",
        env!("CARGO_PKG_VERSION"),
        client.base_url(),
    );

    let served = match arguments.http {
        Some(address) => {
            let http = HttpServer::bind(address, server)
                .await
                .map_err(StartError::Http)?;
            eprintln!("bluetape-mcp listening on {}", http.url());
            http.run(async {
                // Without a signal handler the server runs until killed, which is no worse.
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(StartError::Http)
        }
        None => match server.serve(stdio()).await {
            Ok(running) => running
                .waiting()
                .await
                .map(|_| ())
                .map_err(|error| StartError::Stdio(error.to_string())),
            Err(error) => Err(StartError::Stdio(error.to_string())),
        },
    };
    if let Some(mock) = mock {
        mock.shutdown().await.map_err(StartError::Mock)?;
    }
    served
}
