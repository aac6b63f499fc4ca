//! The BlueTape integration API, modelled in Rust: the single source of truth from which every
//! OpenAPI document in `openapi/` is derived.
//!
//! - [`vocabulary`]: the constrained values (identifiers, E.164 phone numbers, amounts, counts),
//!   each defined once with its limits, its serde rules and its schema.
//! - The model: [`Company`], [`CreditDetails`], [`Customer`] and the other request and reply bodies.
//! - The operations and the assembled document: [`openapi`] (OpenAPI 3.1).
//! - [`downgrade`]: the 3.1 document turned into 3.0.3, for tools that read only 3.0.
//! - [`render`]: the documents as JSON values, and as the stable JSON and YAML text committed in
//!   `openapi/`.
//! - [`validation`]: request and reply bodies checked against the document itself.
//! - [`workflows`]: how the operations chain (the document's `links`) and the named workflows.
//!
//! Everything else written from the document (the code samples in its `x-codeSamples`, the
//! Arazzo document, the Postman collection, the `.http` file, `llms.txt` and the Markdown pages)
//! is written at build time by `bluetape-writers`, which is not published: this crate carries the
//! model, not its writers.

mod company;
mod credit_details;
mod customer;
mod document;
pub mod downgrade;
mod error_response;
mod integration_result;
pub mod markdown_pages;
pub mod operations;
pub mod render;
pub mod validation;
pub mod vocabulary;
pub mod wire;
pub mod workflows;

pub use company::{Company, CompanyCreated, CustomerSignUpUrl, MAX_CUSTOMERS_PER_COMPANY};
pub use credit_details::{AgingOverdueBalance, CreditDetails};
pub use customer::{
    CompanyCustomer, Customer, CustomerCreated, CustomerDetails, CustomerLink, CustomerUpdate,
    SignUpDetails,
};
pub use document::{
    ACCOUNT_ID_HEADER, ACCOUNT_ID_SCHEME, API_KEY_HEADER, API_KEY_SCHEME, PRODUCTION_URL, openapi,
    operations_of,
};
pub use error_response::{DocumentedError, ErrorResponse};
pub use integration_result::BlueTapeIntegrationResult;
pub use vocabulary::{Amount, Count, E164_PATTERN};

/// Parses a date-time of a documented example. The literals are RFC 3339, so this cannot fail.
fn example_date(rfc3339: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .expect("example date-times are valid RFC 3339 literals")
        .to_utc()
}

/// The utoipa version the document types come from, for callers that inspect [`openapi`]'s result.
pub use utoipa;
