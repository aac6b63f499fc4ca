//! [`MockConfig`]: the credentials the mock accepts, the faults it starts with, its control API's
//! token and its journal's capacity.

use std::fmt;

use crate::faults::FaultRule;

pub use bluetape_mock_control::{DEFAULT_ACCOUNT_ID, DEFAULT_API_KEY};
/// The largest request body accepted; a larger one is answered with 413.
pub const BODY_LIMIT_BYTES: usize = 1024 * 1024;
/// How many requests the journal keeps unless told otherwise (`--journal-capacity`).
pub const DEFAULT_JOURNAL_CAPACITY: usize = 1000;

/// How a mock server behaves.
#[derive(Clone, PartialEq)]
pub struct MockConfig {
    /// The `X-BlueTape-Key` every request must carry.
    pub api_key: String,
    /// The `X-Integration-AccountId` every request must carry.
    pub account_id: String,
    /// Faults set from the start, as if added through
    /// [`RunningMock::add_fault`](crate::RunningMock::add_fault) before the first request (a reset
    /// clears them): `FaultRule::always(FaultKind::Status { status: 500, .. })` makes every
    /// authenticated request fail, to test a client's handling of server errors.
    pub faults: Vec<FaultRule>,
    /// The token the control API requires (`Authorization: Bearer <token>`). Without one, the
    /// control API is open on loopback and closed on any other address.
    pub admin_token: Option<String>,
    /// How many requests the journal keeps (the oldest are dropped first).
    pub journal_capacity: usize,
    /// Names the mock answers to besides `localhost`, `127.0.0.1` and `[::1]` while it listens on
    /// loopback (`NAME` with any port, or `NAME:PORT`), e.g. a container's name; a request with
    /// any other `Host` is refused with 421 (DNS rebinding). Beyond loopback every `Host` is
    /// answered.
    pub allowed_hosts: Vec<String>,
    /// The exact origins (`http://localhost:3000`, or `null`) whose pages may call the API through
    /// CORS; none by default. Never `*`, never the control API.
    pub cors_origins: Vec<String>,
}

impl Default for MockConfig {
    fn default() -> Self {
        MockConfig {
            api_key: DEFAULT_API_KEY.to_owned(),
            account_id: DEFAULT_ACCOUNT_ID.to_owned(),
            faults: Vec::new(),
            admin_token: None,
            journal_capacity: DEFAULT_JOURNAL_CAPACITY,
            allowed_hosts: Vec::new(),
            cors_origins: Vec::new(),
        }
    }
}

impl MockConfig {
    /// The default configuration, accepting these credentials instead of the defaults.
    pub fn with_credentials(api_key: impl Into<String>, account_id: impl Into<String>) -> Self {
        MockConfig {
            api_key: api_key.into(),
            account_id: account_id.into(),
            ..MockConfig::default()
        }
    }
}

impl fmt::Debug for MockConfig {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("MockConfig")
            .field("api_key", &"[redacted]")
            .field("account_id", &"[redacted]")
            .field("faults", &self.faults)
            .field(
                "admin_token",
                &self.admin_token.as_ref().map(|_| "[redacted]"),
            )
            .field("journal_capacity", &self.journal_capacity)
            .field("allowed_hosts", &self.allowed_hosts)
            .field("cors_origins", &self.cors_origins)
            .finish()
    }
}
