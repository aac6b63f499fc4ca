//! The names a mock is reached by: its default credentials and where its control API lives.

/// The API key the mock accepts unless told otherwise. For local use only.
pub const DEFAULT_API_KEY: &str = "mock-api-key";
/// The integration account id the mock accepts unless told otherwise. For local use only.
pub const DEFAULT_ACCOUNT_ID: &str = "mock-account-id";
/// Where the control API lives (a path the BlueTape API cannot have: its operations are under
/// `/integration/`).
pub const ADMIN_PREFIX: &str = "/__admin";
/// The environment variable `bluetape-mock` reads the admin token from (`--admin-token`).
pub const ADMIN_TOKEN_VARIABLE: &str = "BLUETAPE_MOCK_ADMIN_TOKEN";
