//! `bluetape-mcp`: the BlueTape integration API as tools for AI assistants, over the Model Context
//! Protocol. One tool per operation of the document, each calling the matching [`bluetape_client::Client`]
//! method, so the client's rules hold: its validation, no redirect followed, plain `http` only to
//! loopback, a POST never retried.
//!
//! - [`catalog`]: the tools as `cargo xtask codegen` derives them from the OpenAPI document
//!   (`src/tools.json`): flat arguments, no `$ref`, amounts as decimal strings;
//! - [`arguments`]: a call's arguments checked against the tool's schema (rmcp does not), amounts
//!   turned into exact numbers;
//! - [`server`]: [`BlueTapeMcp`], the `rmcp` server handler;
//! - [`http`]: the streamable HTTP transport, on loopback only.
//!
//! The binary reads the credentials from the environment only (`BLUETAPE_API_KEY`,
//! `BLUETAPE_ACCOUNT_ID`): never from flags, tool arguments or request headers.

pub mod arguments;
pub mod catalog;
// Generated: `cargo xtask codegen` writes it from the document.
#[rustfmt::skip]
pub mod dispatch;
pub mod failure;
pub mod http;
pub mod server;
pub mod stdio;

pub use catalog::{Catalog, CatalogError, Operation};
pub use server::{BlueTapeMcp, Target};
