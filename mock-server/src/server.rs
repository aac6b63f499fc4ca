//! [`RunningMock`]: a mock server started in-process, on a port of its own, shut down gracefully.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use bluetape_model::validation::BodyValidator;
use tokio::net::{TcpListener, ToSocketAddrs};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::config::MockConfig;
use crate::routes::router;
use crate::store::Store;

/// A mock server running on a tokio task. Dropping it without [`shutdown`](RunningMock::shutdown)
/// stops it too, abruptly.
#[derive(Debug)]
pub struct RunningMock {
    address: SocketAddr,
    url: String,
    store: Arc<Store>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<io::Result<()>>>,
}

impl RunningMock {
    /// Starts a mock on `127.0.0.1` and a free port.
    ///
    /// # Errors
    ///
    /// When no port can be bound, or the document's schemas do not compile.
    pub async fn start(config: MockConfig) -> io::Result<Self> {
        Self::bind(("127.0.0.1", 0), config).await
    }

    /// Starts a mock on the given address (port 0: a free port).
    ///
    /// # Errors
    ///
    /// When the address cannot be bound, or the document's schemas do not compile.
    pub async fn bind(address: impl ToSocketAddrs, config: MockConfig) -> io::Result<Self> {
        Self::bind_with_store(address, config, Store::default()).await
    }

    /// Starts a mock on the given address serving `store`'s records, e.g. a
    /// [`Store::from_seed_file`].
    ///
    /// # Errors
    ///
    /// When the address cannot be bound, or the document's schemas do not compile.
    pub async fn bind_with_store(
        address: impl ToSocketAddrs,
        config: MockConfig,
        store: Store,
    ) -> io::Result<Self> {
        let validator = BodyValidator::new().map_err(io::Error::other)?;
        let listener = TcpListener::bind(address).await?;
        let address = listener.local_addr()?;
        let store = Arc::new(store);
        let app = router(config, store.clone(), Arc::new(validator));
        let (shutdown, shutdown_received) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    // A dropped sender is a shutdown too.
                    let _ = shutdown_received.await;
                })
                .await
        });
        Ok(RunningMock {
            address,
            url: format!("http://{address}"),
            store,
            shutdown: Some(shutdown),
            task: Some(task),
        })
    }

    /// The base URL to give a client: `http://127.0.0.1:<port>`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The address the server listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The server's records, to inspect what requests stored.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Stops accepting connections, lets requests in flight finish, and waits for the server to end.
    ///
    /// # Errors
    ///
    /// The server's I/O error, if it failed.
    pub async fn shutdown(mut self) -> io::Result<()> {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        match self.task.take() {
            Some(task) => task.await.map_err(io::Error::other)?,
            None => Ok(()),
        }
    }
}

impl Drop for RunningMock {
    fn drop(&mut self) {
        if let Some(task) = &self.task {
            task.abort();
        }
    }
}
