//! What the workspace's tests share: sample bodies for bluetape-client ([`customer`],
//! [`attached`], [`company`], [`update`]) and tracing output captured in memory ([`CapturedLogs`]).
//! A dev-dependency only; never published.

mod logs;
mod samples;

pub use logs::CapturedLogs;
pub use samples::{attached, company, customer, date, update};
