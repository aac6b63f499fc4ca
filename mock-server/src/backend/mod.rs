//! [`Backend`]: what answers an API request once the front door has framed it (given it an id
//! and a span, read its body within the limit, found its operation and journalled it). It is
//! chosen once, when the server is built:
//!
//! - [`mock`]: the mock itself: both credentials checked, then a fault, a `Prefer: code=`
//!   steering or the operation's endpoint;
//! - [`proxy`]: the validating proxy: the request forwarded to a real server, request and reply
//!   checked against the document.
//!
//! Either takes an [`ApiRequest`] and hands back a [`Served`]: the reply, and what the journal
//! records of it ([`Outcome`](exchange::Outcome)) (`exchange`).

pub(crate) mod exchange;
pub(crate) mod mock;
pub(crate) mod proxy;

pub(crate) use self::exchange::{ApiRequest, Served, Shared};
use self::mock::MockBackend;
use self::proxy::Proxy;

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
            Backend::Proxy(proxy) => proxy.forward(shared.validator, request).await,
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
