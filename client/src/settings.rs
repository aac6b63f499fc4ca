//! [`CallSettings`]: what may differ from one call to the next (the timeout and the retry policy),
//! kept in the generated client's inner slot so that a derived client costs one clone.

use std::time::Duration;

use crate::RetryPolicy;

/// The per-call settings of a [`Client`](crate::Client): set by its builder, overridden on a
/// derived client by [`Client::with_timeout`](crate::Client::with_timeout) and
/// [`Client::with_retry_policy`](crate::Client::with_retry_policy). Public only as the inner type
/// of the [`raw`](crate::raw) client; it cannot be built outside this crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallSettings {
    /// The limit on each attempt, from connecting to reading the body.
    pub(crate) timeout: Duration,
    /// The limit the shared reqwest client applies itself: a call sets its own only when it
    /// differs (in reqwest a per-request timeout costs a map in each request, and in each copy
    /// kept for a retry).
    pub(crate) client_timeout: Duration,
    /// When and how often a failed attempt is retried.
    pub(crate) retry: RetryPolicy,
}
