//! What the workspace's tests and tools share: sample bodies for bluetape-client ([`customer`],
//! [`attached`], [`company`], [`update`]), tracing output captured in memory ([`CapturedLogs`]),
//! and child processes with their output kept for errors ([`process`], for `cargo xtask` and
//! `bluetape-bench report`). Never published.

mod logs;
pub mod process;
mod samples;

pub use logs::CapturedLogs;
pub use samples::{attached, company, customer, date, update};
