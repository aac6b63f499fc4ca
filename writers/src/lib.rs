//! `bluetape-writers`: what is written from the BlueTape model at build time, besides the OpenAPI
//! document itself (which `bluetape-model` derives). `cargo xtask codegen` writes every file of
//! these into the repository; no published crate depends on this one, so the model that
//! `bluetape-mock` runs with carries none of it.
//!
//! - [`documents`]: the committed documents, that is the model's with the operations'
//!   `x-codeSamples`.
//! - [`code_samples`]: a program per operation in seven languages, from the template files in
//!   `templates/`, in the documents and as files.
//! - [`arazzo`]: the API's workflows as an Arazzo document, from the same facts as the links.
//! - [`postman`] and [`http_file`]: the same workflows as a Postman collection and an `.http`
//!   file, for the tools people click; [`workflow_steps`] holds their steps as data.
//! - [`markdown`]: `llms.txt` and a Markdown page per operation, for AI assistants and search.

pub mod arazzo;
pub mod code_samples;
pub mod documents;
pub mod http_file;
pub mod markdown;
pub mod postman;
pub mod workflow_steps;
