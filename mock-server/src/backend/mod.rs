//! [`Backend`]: what answers an API request once the front door has framed it (given it an id
//! and a span, read its body within the limit, found its operation and journalled it). It is
//! chosen once, when the server is built:
//!
//! - [`mock`]: the mock itself: both credentials checked, then a fault, a `Prefer: code=`
//!   steering or the operation's endpoint;
//! - [`proxy`]: the validating proxy: a fault set for the operation, else the request forwarded
//!   to a real server, request and reply checked against the document.
//!
//! Either takes an [`ApiRequest`] and hands back a [`Served`]: the reply, and what the journal
//! records of it ([`Outcome`](exchange::Outcome)) (`exchange`).

pub(crate) mod exchange;
mod fault_injection;
pub(crate) mod mock;
pub(crate) mod proxy;

pub(crate) use self::exchange::{ApiRequest, Served, Shared};
use self::fault_injection::with_fault;
use self::mock::MockBackend;
use self::proxy::Proxy;
use crate::operation_table::Routed;
use crate::store::{Store, StoreError};

/// The backend a server was built with.
pub(crate) enum Backend {
    /// Answers from the store, as the API would.
    Mock(MockBackend),
    /// Forwards to an upstream and checks both ways.
    Proxy(Proxy),
}

impl Backend {
    /// Answers one API request.
    pub(crate) async fn serve(&self, shared: Shared<'_>, request: ApiRequest<'_>) -> Served {
        match self {
            Backend::Mock(mock) => mock.serve(shared, request).await,
            Backend::Proxy(proxy) => {
                let operation = match &request.routed {
                    Routed::Operation(operation, _) => Some(&*operation.id),
                    Routed::WrongMethod(_) | Routed::Unknown => None,
                };
                with_fault(
                    shared.faults,
                    operation,
                    proxy.forward(shared.validator, request),
                )
                .await
            }
        }
    }

    /// The mock's records; `None` for the proxy, whose records are the upstream's.
    pub(crate) fn store(&self) -> Option<&Store> {
        match self {
            Backend::Mock(mock) => Some(mock.store()),
            Backend::Proxy(_) => None,
        }
    }

    /// Forgets the backend's own state: the mock's records, or the proxy's violation counts.
    pub(crate) fn reset(&self) -> Result<(), StoreError> {
        match self {
            Backend::Mock(mock) => mock.store().clear(),
            Backend::Proxy(proxy) => {
                proxy.clear();
                Ok(())
            }
        }
    }

    /// The proxy, when this backend is one.
    pub(crate) fn proxy(&self) -> Option<&Proxy> {
        match self {
            Backend::Mock(_) => None,
            Backend::Proxy(proxy) => Some(proxy),
        }
    }
}
