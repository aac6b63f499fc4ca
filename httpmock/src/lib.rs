#![doc = include_str!("../README.md")]

// progenitor's generated code compiles its path regexes with `unwrap()`, formats ids with
// `to_string()` and has no doc comments; it is checked by `cargo xtask codegen --check`, not
// edited, and laid out by prettyplease, not rustfmt.
#[allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::to_string_in_format_args
)]
#[rustfmt::skip]
mod generated;

pub use generated::*;
