//! The workspace's automation, as a library: `cargo xtask` (`src/main.rs`) dispatches to these
//! tasks, and `xtask-ecosystem` (`xtask/ecosystem/`, the tasks that need a running mock) shares
//! their errors, pinned tools and generated files' names. Nothing here builds the mock or any
//! file that codegen writes.

pub mod bench;
pub mod changelog;
pub mod codegen;
pub mod compat;
pub mod distribution;
pub mod error;
pub mod release;
pub mod semver_check;
pub mod tools;
pub mod workspace;
