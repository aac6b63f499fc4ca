//! `bluetape-mock`: a stateful local BlueTape integration API server.
//!
//! It serves the five operations of the OpenAPI document with the model types of spec-gen, keeps
//! companies and customers in memory (safe under concurrency) or, with [`Store::open`], in SQLite
//! or in PostgreSQL shared by several mocks, enforces the documented rules, and
//! answers every documented error: 400 (with the field named) for bad input, 401 for a missing or
//! unknown credential, 404, 409, and 413 for bodies over 1 MiB. Every reply carries an `x-request-id`
//! (the caller's, when it sent one), which the request log shows too. Request bodies are validated against
//! the document itself, so the mock accepts exactly what the spec allows.
//!
//! # How a request flows
//!
//! 1. [`RunningMock`] (`server`) binds a port and builds the shared state (`state`): the
//!    [`Store`], the journal, the faults, the operation table read from the document, the body
//!    validator, and the backend chosen for the [`MockConfig`]: the mock or the proxy.
//! 2. `front_door` is the frame every request enters: it gives it an id (`request_id`) and a span,
//!    applies what a browser may do (`browser`), serves the console (`console`) and the control
//!    API (`admin`); for an API request it reads the body within the limit, finds the operation
//!    (`operation_table`), records it in the journal (`journal`), hands it to the backend, and
//!    completes the journal entry from the backend's typed outcome.
//! 3. `backend::mock` checks both credentials, then applies a fault (`faults`) or a
//!    `Prefer: code=` steering (`steering`), else hands the request to its endpoint. `endpoints`
//!    serve the five operations: the body decoded and checked against the document
//!    (`json_body`), the [`Store`] asked (it answers in the API's documented errors, its rules
//!    written once in `store::rules` over memory, SQLite or PostgreSQL), the reply
//!    sent with the operation's documented success status; a refusal becomes an [`ApiError`]
//!    reply (`api_error`).
//! 4. Beside them, the control API (`admin`) reads and resets the same state, and `seed` fills a
//!    store from a file before the first request.
//! 5. In proxy mode ([`RunningMock::start_proxy`], `bluetape-mock proxy --upstream <URL>`) the
//!    backend is `backend::proxy`: it forwards each API request to a real server and checks the
//!    request and the reply against the document; with `--record FILE` it writes what the upstream
//!    accepted as a seed (`backend::proxy::recorder`).
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
mod backend;
mod browser;
mod config;
pub mod console;
mod endpoints;
mod faults;
mod front_door;
mod journal;
mod json_body;
mod operation_table;
mod request_id;
mod seed;
mod server;
mod sharded_map;
mod state;
mod steering;
mod store;
mod violations;

pub use admin::{
    ADMIN_PREFIX, ADMIN_TOKEN_VARIABLE, AnsweredBy, JournalPage, OperationAnswer, admin_openapi,
};
pub use api_error::ApiError;
pub use backend::proxy::{
    DEFAULT_UPSTREAM_TIMEOUT, ProxyConfig, ProxyError, UPSTREAM_REPLY_LIMIT_BYTES,
};
pub use config::{
    BODY_LIMIT_BYTES, DEFAULT_ACCOUNT_ID, DEFAULT_API_KEY, DEFAULT_JOURNAL_CAPACITY, MockConfig,
};
pub use faults::{ActiveFault, FaultError, FaultKind, FaultRule};
pub use journal::{JournalEntry, REDACTED, RequestBody};
pub use request_id::REQUEST_ID_HEADER;
pub use seed::SeedError;
pub use server::RunningMock;
pub use steering::PREFER_HEADER;
pub use store::{
    CompanyRecord, CustomerRecord, Issued, IssuedToCompany, IssuedToCustomer, StateError, Store,
    StoreError,
};
pub use violations::{Rule, Side, VIOLATIONS_HEADER, Violation, ViolationSummary};
