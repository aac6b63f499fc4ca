//! `bluetape-mock`: a stateful local BlueTape integration API server.
//!
//! It serves the five operations of the OpenAPI document with the model types of spec-gen, keeps
//! companies and customers in memory (safe under concurrency), enforces the documented rules, and
//! answers every documented error: 400 (with the field named) for bad input, 401 for a missing or
//! unknown credential, 404, 409, and 413 for bodies over 1 MiB. Every reply carries an `x-request-id`
//! (the caller's, when it sent one), which the request log shows too. Request bodies are validated against
//! the document itself, so the mock accepts exactly what the spec allows.
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! let mock = bluetape_mock::RunningMock::start(bluetape_mock::MockConfig::default()).await?;
//! println!("BlueTape mock at {}", mock.url());
//! mock.shutdown().await
//! # }
//! ```

mod admin;
mod api_error;
mod config;
mod endpoints;
mod faults;
mod front_door;
mod journal;
mod json_body;
mod operation_table;
mod seed;
mod server;
mod sharded_map;
mod store;

pub use admin::{ADMIN_PREFIX, ADMIN_TOKEN_VARIABLE, JournalPage, admin_openapi};
pub use api_error::ApiError;
pub use config::{BODY_LIMIT_BYTES, DEFAULT_ACCOUNT_ID, DEFAULT_API_KEY, Fault, MockConfig};
pub use faults::{ActiveFault, FaultError, FaultKind, FaultRule};
pub use front_door::{PREFER_HEADER, REQUEST_ID_HEADER};
pub use journal::{DEFAULT_JOURNAL_CAPACITY, JournalEntry, REDACTED, RequestBody};
pub use seed::SeedError;
pub use server::RunningMock;
pub use store::{CompanyRecord, CustomerRecord, Store};
