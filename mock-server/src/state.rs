//! [`AppState`]: what every request shares (the journal, the faults, the operation table, the
//! validator, who may use the control API, and the backend with its own state), and the one
//! reset of it all.

use std::sync::Arc;

use bluetape_model::validation::BodyValidator;

use crate::backend::Backend;
use crate::browser::BrowserPolicy;
use crate::console::Console;
use crate::faults::Faults;
use crate::journal::Journal;
use crate::operation_table::OperationTable;
use crate::store::StoreError;

/// What every request shares, behind one `Arc` (one reference count to clone per request, not
/// one per part).
#[derive(Clone)]
pub(crate) struct AppState(Arc<Shared>);

impl AppState {
    pub(crate) fn new(shared: Shared) -> Self {
        AppState(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The parts of [`AppState`].
pub(crate) struct Shared {
    /// Checks request bodies against the document.
    pub(crate) validator: BodyValidator,
    /// The requests received.
    pub(crate) journal: Journal,
    /// The faults set.
    pub(crate) faults: Faults,
    /// The document's operations, to route requests to.
    pub(crate) operations: OperationTable,
    /// Who may use the control API.
    pub(crate) admin: AdminAccess,
    /// What a web browser may do: the names answered, the control API kept same-site, CORS.
    pub(crate) browser: BrowserPolicy,
    /// The console at the root.
    pub(crate) console: Console,
    /// What answers the API's requests: the mock, or the proxy to an upstream.
    pub(crate) backend: Backend,
}

impl Shared {
    /// Forgets every company, customer, journal entry, fault and violation count, as if the mock had just started
    /// without a seed (the control API's `reset`, and [`RunningMock::reset`](crate::RunningMock::reset)).
    ///
    /// # Errors
    ///
    /// [`StoreError::Unavailable`] when the state database fails: the records stay, the journal
    /// and the faults are forgotten.
    pub(crate) fn reset(&self) -> Result<(), StoreError> {
        self.journal.clear();
        self.faults.clear();
        self.backend.reset()
    }
}

/// Who may use the control API.
#[derive(Clone, Debug)]
pub(crate) enum AdminAccess {
    /// Anyone who can reach the mock: it listens on loopback and no token is set.
    Open,
    /// Requests with `Authorization: Bearer <token>`.
    Token(Arc<str>),
    /// Nobody: the mock listens beyond loopback and no token is set.
    Closed,
}

impl AdminAccess {
    pub(crate) fn new(token: Option<&str>, loopback: bool) -> Self {
        match (token, loopback) {
            (Some(token), _) => AdminAccess::Token(token.into()),
            (None, true) => AdminAccess::Open,
            (None, false) => AdminAccess::Closed,
        }
    }
}
