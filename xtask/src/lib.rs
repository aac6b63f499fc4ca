//! Workspace automation behind `cargo xtask`: regenerates every derived file (the OpenAPI documents in
//! `openapi/`, the generated client) and checks them for drift.

pub mod bench;
pub mod client_codegen;
pub mod codegen;
pub mod compat;
pub mod ecosystem;
pub mod error;
pub mod process;
pub mod python_wheel;
pub mod release;
pub mod semver_check;
pub mod tools;
pub mod workspace;

pub use error::XtaskError;
