//! [`RunningMock`]: a mock server started in-process, on a port of its own, shut down gracefully.

use std::io;
use std::net::SocketAddr;
use std::sync::LazyLock;

use axum::ServiceExt;
use bluetape_model::validation::BodyValidator;
use tokio::net::{TcpListener, ToSocketAddrs};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::backend::Backend;
use crate::backend::mock::MockBackend;
use crate::backend::proxy::{Proxy, ProxyConfig};
use crate::browser::BrowserPolicy;
use crate::config::MockConfig;
use crate::console::Console;
use crate::faults::{ActiveFault, FaultError, FaultRule, Faults};
use crate::front_door::front_door;
use crate::journal::{Journal, JournalEntry};
use crate::operation_table::OperationTable;
use crate::state::{AdminAccess, AppState, Shared};
use crate::store::{Store, StoreError};
use crate::violations::ViolationSummary;

/// A mock server running on a tokio task. Dropping it without [`shutdown`](RunningMock::shutdown)
/// stops it too, abruptly.
pub struct RunningMock {
    address: SocketAddr,
    url: String,
    state: AppState,
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
        Self::serve(address, config, Chosen::Mock(store)).await
    }

    /// Starts a validating proxy to `proxy`'s upstream on `127.0.0.1` and a free port: each API
    /// request is forwarded as received and its reply passed back as received, both checked
    /// against the document ([`RunningMock::violations`], the journal, the reply's
    /// [`VIOLATIONS_HEADER`](crate::VIOLATIONS_HEADER)). `config`'s credentials do not apply (the
    /// upstream checks the caller's own); its faults do, in front of the upstream.
    ///
    /// # Errors
    ///
    /// When no port can be bound, the document's schemas do not compile, or the forwarding client
    /// cannot be built.
    pub async fn start_proxy(config: MockConfig, proxy: ProxyConfig) -> io::Result<Self> {
        Self::bind_proxy(("127.0.0.1", 0), config, proxy).await
    }

    /// [`RunningMock::start_proxy`] on the given address (port 0: a free port).
    ///
    /// # Errors
    ///
    /// As [`RunningMock::start_proxy`].
    pub async fn bind_proxy(
        address: impl ToSocketAddrs,
        config: MockConfig,
        proxy: ProxyConfig,
    ) -> io::Result<Self> {
        Self::serve(address, config, Chosen::Proxy(proxy)).await
    }

    async fn serve(
        address: impl ToSocketAddrs,
        config: MockConfig,
        chosen: Chosen,
    ) -> io::Result<Self> {
        let document = bluetape_model::render::document(bluetape_model::render::Version::V3_1)
            .map_err(io::Error::other)?;
        let validator = BodyValidator::for_document(&document).map_err(io::Error::other)?;
        let operations = OperationTable::from_document(&document);
        let faults = Faults::default();
        // The faults set at start are rules like any other: listed, journalled, cleared by reset.
        for rule in &config.faults {
            faults
                .add(rule.clone(), &operations.ids())
                .map_err(io::Error::other)?;
        }
        // The console fills in the mock's credentials; a proxy's are the user's own.
        let console_credentials = matches!(chosen, Chosen::Mock(_))
            .then(|| (config.api_key.clone(), config.account_id.clone()));
        let backend = match chosen {
            Chosen::Proxy(proxy) => {
                Backend::Proxy(Proxy::new(proxy, &document).map_err(io::Error::other)?)
            }
            Chosen::Mock(store) => Backend::Mock(
                MockBackend::new(&config.api_key, &config.account_id, store)
                    .map_err(io::Error::other)?,
            ),
        };
        // Last: the console keeps the document itself (no copy).
        let console = Console::new(document, console_credentials);
        let listener = TcpListener::bind(address).await?;
        let address = listener.local_addr()?;
        let browser = BrowserPolicy::new(
            address.ip().is_loopback(),
            address.port(),
            &config.allowed_hosts,
            &config.cors_origins,
        )
        .map_err(|message| io::Error::new(io::ErrorKind::InvalidInput, message))?;
        let state = AppState::new(Shared {
            validator,
            journal: Journal::new(config.journal_capacity),
            faults,
            operations,
            admin: AdminAccess::new(config.admin_token.as_deref(), address.ip().is_loopback()),
            browser,
            console,
            backend,
        });
        let app = front_door(state.clone()).map_err(io::Error::other)?;
        let (shutdown, shutdown_received) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, app.into_make_service())
                .with_graceful_shutdown(async {
                    // A dropped sender is a shutdown too.
                    let _ = shutdown_received.await;
                })
                .await
        });
        Ok(RunningMock {
            address,
            url: format!("http://{address}"),
            state,
            shutdown: Some(shutdown),
            task: Some(task),
        })
    }

    /// The `operationId`s of the document that no written behaviour serves: each answers its
    /// documented success status and example. Empty in proxy mode, which forwards them all.
    pub fn answered_from_examples(&self) -> Vec<String> {
        if self.state.backend.proxy().is_some() {
            return Vec::new();
        }
        self.state
            .operations
            .answered_from_examples()
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    /// The base URL to give a client: `http://127.0.0.1:<port>`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The address the server listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The server's records, to inspect what requests stored. A proxy keeps none (the upstream
    /// holds them): its store is empty.
    pub fn store(&self) -> &Store {
        static NO_RECORDS: LazyLock<Store> = LazyLock::new(Store::default);
        self.state.backend.store().unwrap_or(&NO_RECORDS)
    }

    /// Forgets every company, customer, journal entry and fault (the control API's `reset`).
    ///
    /// # Errors
    ///
    /// [`StoreError::Unavailable`] when the state database fails (the records stay).
    pub fn reset(&self) -> Result<(), StoreError> {
        self.state.reset()
    }

    /// The requests received, oldest first (at most the journal's capacity); only those for
    /// `operation` (an `operationId`) when given.
    pub fn journal(&self, operation: Option<&str>) -> Vec<JournalEntry> {
        self.state.journal.entries(operation)
    }

    /// Sets a fault (see [`FaultRule`]); returns it with its id.
    ///
    /// # Errors
    ///
    /// [`FaultError`] naming what is wrong with the rule.
    pub fn add_fault(&self, rule: FaultRule) -> Result<ActiveFault, FaultError> {
        self.state.faults.add(rule, &self.state.operations.ids())
    }

    /// The faults that are set, in the order they apply.
    pub fn faults(&self) -> Vec<ActiveFault> {
        self.state.faults.list()
    }

    /// Removes the fault `id`; false if none has it.
    pub fn remove_fault(&self, id: u64) -> bool {
        self.state.faults.remove(id)
    }

    /// In proxy mode, the violations seen since the start or the last reset, per operation and
    /// rule; `None` for a mock.
    pub fn violations(&self) -> Option<ViolationSummary> {
        self.state.backend.proxy().map(Proxy::summary)
    }

    /// Removes every fault.
    pub fn clear_faults(&self) {
        self.state.faults.clear();
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

impl std::fmt::Debug for RunningMock {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("RunningMock")
            .field("address", &self.address)
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl Drop for RunningMock {
    fn drop(&mut self) {
        if let Some(task) = &self.task {
            task.abort();
        }
    }
}

/// The backend a server is started with, and the state it takes.
enum Chosen {
    /// The mock, serving these records.
    Mock(Store),
    /// The validating proxy.
    Proxy(ProxyConfig),
}
