//! The control API of [`bluetape-mock`](https://crates.io/crates/bluetape-mock): its types (the
//! journal's entries, the fault rules, the proxy's violations, the operations served), its
//! defaults, and its OpenAPI document ([`admin_openapi`]).
//!
//! Apart from the server so that what describes it builds without it: `cargo xtask codegen`
//! writes the control API's document from this crate alone, and a test client can read the
//! journal or set faults with these types and any HTTP client.
//!
//! ```
//! let document = bluetape_mock_control::admin_openapi();
//! assert!(document.paths.paths.contains_key("/__admin/faults"));
//! ```

mod defaults;
mod document;
mod faults;
mod journal;
mod operations;
mod violations;

pub use defaults::{ADMIN_PREFIX, ADMIN_TOKEN_VARIABLE, DEFAULT_ACCOUNT_ID, DEFAULT_API_KEY};
pub use document::{JournalQuery, admin_openapi};
pub use faults::{ActiveFault, FaultKind, FaultRule};
pub use journal::{JournalEntry, JournalPage, REDACTED, RequestBody};
pub use operations::{AnsweredBy, OperationAnswer};
pub use violations::{Rule, Side, VIOLATIONS_HEADER, Violation, ViolationSummary};
