//! Workspace automation behind `cargo xtask`: regenerates every derived file (the OpenAPI documents in
//! `openapi/`, the generated client) and checks them for drift.

pub mod client_codegen;
pub mod codegen;
pub mod ecosystem;
pub mod error;
pub mod process;
pub mod tools;
pub mod workspace;

pub use error::XtaskError;
