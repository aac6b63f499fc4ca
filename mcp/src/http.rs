//! `--http 127.0.0.1:PORT`: MCP's streamable HTTP transport at `/mcp`, on loopback only. A foreign
//! `Host` (DNS rebinding) and a foreign `Origin` (a web page) are refused by rmcp's checks, set
//! here to the server's own names.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use tokio::net::TcpListener;

use crate::server::BlueTapeMcp;

/// The path the MCP endpoint is served at.
pub const ENDPOINT_PATH: &str = "/mcp";

/// An MCP server listening over streamable HTTP.
#[derive(Debug)]
pub struct HttpServer {
    listener: TcpListener,
    address: SocketAddr,
    server: BlueTapeMcp,
}

impl HttpServer {
    /// Binds `address`, which must be loopback (`127.0.0.1:PORT`, `[::1]:PORT`; port 0 picks a
    /// free one).
    ///
    /// # Errors
    ///
    /// [`io::ErrorKind::InvalidInput`] for an address off loopback; the bind's error otherwise.
    pub async fn bind(address: SocketAddr, server: BlueTapeMcp) -> io::Result<HttpServer> {
        if !address.ip().is_loopback() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "--http {address}: bluetape-mcp listens on loopback only (127.0.0.1 or [::1]); \
                     whoever reaches it calls the API with your credentials"
                ),
            ));
        }
        let listener = TcpListener::bind(address).await?;
        let address = listener.local_addr()?;
        Ok(HttpServer {
            listener,
            address,
            server,
        })
    }

    /// The endpoint's URL (`http://127.0.0.1:PORT/mcp`).
    pub fn url(&self) -> String {
        format!("http://{}{ENDPOINT_PATH}", self.address)
    }

    /// Serves until `shutdown` completes.
    ///
    /// # Errors
    ///
    /// The listener's error.
    pub async fn run(self, shutdown: impl Future<Output = ()> + Send + 'static) -> io::Result<()> {
        let port = self.address.port();
        let own_hosts = [
            format!("127.0.0.1:{port}"),
            format!("localhost:{port}"),
            format!("[::1]:{port}"),
        ];
        let own_origins = own_hosts.iter().map(|host| format!("http://{host}"));
        let config = StreamableHttpServerConfig::default()
            .with_allowed_hosts(own_hosts.iter().cloned())
            .with_allowed_origins(own_origins)
            .enforce_origin_validation();
        let server = self.server;
        let service = StreamableHttpService::new(
            move || Ok(server.clone()),
            Arc::new(LocalSessionManager::default()),
            config,
        );
        let router = axum::Router::new().nest_service(ENDPOINT_PATH, service);
        axum::serve(self.listener, router)
            .with_graceful_shutdown(shutdown)
            .await
    }
}
