//! [`MockConfig`]: the credentials the mock accepts, and test faults.

use std::fmt;

/// The API key the mock accepts unless told otherwise. For local use only.
pub const DEFAULT_API_KEY: &str = "mock-api-key";
/// The integration account id the mock accepts unless told otherwise. For local use only.
pub const DEFAULT_ACCOUNT_ID: &str = "mock-account-id";
/// The largest request body accepted; a larger one is answered with 413.
pub const BODY_LIMIT_BYTES: usize = 1024 * 1024;

/// How a mock server behaves.
#[derive(Clone, PartialEq, Eq)]
pub struct MockConfig {
    /// The `X-BlueTape-Key` every request must carry.
    pub api_key: String,
    /// The `X-Integration-AccountId` every request must carry.
    pub account_id: String,
    /// When set, every authenticated request fails with this fault, so that clients can test their
    /// handling of server errors against the real mock. It is set at start as a fault rule (so a
    /// reset clears it); faults set at run time
    /// ([`RunningMock::add_fault`](crate::RunningMock::add_fault), the control API) do more.
    pub fault: Option<Fault>,
    /// The token the control API requires (`Authorization: Bearer <token>`). Without one, the
    /// control API is open on loopback and closed on any other address.
    pub admin_token: Option<String>,
    /// How many requests the journal keeps (the oldest are dropped first).
    pub journal_capacity: usize,
}

/// A failure the mock can be told to answer every authenticated request with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// `500` with the error body `{"code":"500","reason":"Unexpected error."}`.
    InternalError,
}

impl Default for MockConfig {
    fn default() -> Self {
        MockConfig {
            api_key: DEFAULT_API_KEY.to_owned(),
            account_id: DEFAULT_ACCOUNT_ID.to_owned(),
            fault: None,
            admin_token: None,
            journal_capacity: crate::journal::DEFAULT_JOURNAL_CAPACITY,
        }
    }
}

impl fmt::Debug for MockConfig {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("MockConfig")
            .field("api_key", &"[redacted]")
            .field("account_id", &"[redacted]")
            .field("fault", &self.fault)
            .field(
                "admin_token",
                &self.admin_token.as_ref().map(|_| "[redacted]"),
            )
            .field("journal_capacity", &self.journal_capacity)
            .finish()
    }
}
