//! [`ErrorResponse`]: the one error body of every operation.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The body of every error reply. `code` is a string: either numeric-looking, the HTTP status
/// (`"404"`), or symbolic (`company_can_have_only_one_customer`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(example = ErrorResponse::example)]
pub struct ErrorResponse {
    /// Machine-readable error code: the HTTP status as a string (`"404"`) or a symbolic code.
    #[schema(example = "404")]
    pub code: String,

    /// Human-readable explanation of the error.
    #[schema(example = "Customer not found.")]
    pub reason: String,
}

impl ErrorResponse {
    /// Symbolic code of a company created with more than one customer.
    pub const ONLY_ONE_CUSTOMER: &'static str = "company_can_have_only_one_customer";

    /// An error body with the given code and reason.
    pub fn new(code: impl Into<String>, reason: impl Into<String>) -> Self {
        ErrorResponse {
            code: code.into(),
            reason: reason.into(),
        }
    }

    /// The documented example: an unknown customer.
    pub fn example() -> Self {
        ErrorResponse::new("404", "Customer not found.")
    }
}
