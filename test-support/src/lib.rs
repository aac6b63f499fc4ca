//! What the workspace's tests and tools share: sample bodies for bluetape-client (feature
//! `samples`: `customer`, `attached`, `company`, `update`), tracing output captured in memory ([`CapturedLogs`]),
//! a README's command as written ([`readme_line`]),
//! and child processes with their output kept for errors ([`process`], for `cargo xtask` and
//! `bluetape-bench report`). Never published.

mod logs;
pub mod process;
mod readme;
#[cfg(feature = "samples")]
mod samples;

pub use logs::CapturedLogs;
pub use readme::readme_line;
#[cfg(feature = "samples")]
pub use samples::{attached, company, customer, customer_json, date, update};
