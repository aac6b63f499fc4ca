//! What passes between the front door and a backend: the [`ApiRequest`] handed on, the
//! [`Shared`] parts of the server a backend reads, and the [`Served`] reply with its typed
//! [`Outcome`].

use axum::body::Bytes;
use axum::http::request::Parts;
use axum::response::Response;
use bluetape_model::validation::BodyValidator;

use crate::faults::Faults;
use crate::operation_table::Routed;
use crate::violations::Violation;

/// What the server shares that a backend reads: the faults and the document's checks, which
/// both use. Each backend owns the rest of its state.
#[derive(Clone, Copy)]
pub(crate) struct Shared<'a> {
    pub(crate) faults: &'a Faults,
    pub(crate) validator: &'a BodyValidator,
}

/// An API request as the front door hands it on: its head, its whole body, and its operation
/// as routed.
pub(crate) struct ApiRequest<'a> {
    pub(crate) parts: &'a Parts,
    pub(crate) body: &'a Bytes,
    pub(crate) routed: Routed<'a, 'a>,
}

/// A backend's answer.
pub(crate) struct Served {
    /// The reply to send (unless [`Outcome::dropped`]).
    pub(crate) response: Response,
    /// What the journal records of the exchange.
    pub(crate) outcome: Outcome,
}

/// What the journal records of an exchange besides the request: whether a reply went out, what
/// was done to it, and what broke the document.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    /// No reply is sent: the connection is closed instead (a `drop` fault).
    pub(crate) dropped: bool,
    /// The fault applied, or why the upstream gave no whole reply.
    pub(crate) note: Option<String>,
    /// In proxy mode, how the request or the reply broke the document.
    pub(crate) violations: Vec<Violation>,
}

impl Served {
    /// A reply with nothing to note.
    pub(crate) fn plain(response: Response) -> Served {
        Served {
            response,
            outcome: Outcome::default(),
        }
    }
}
