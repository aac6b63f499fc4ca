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
    /// Symbolic code of the one-customer rule (see [`crate::MAX_CUSTOMERS_PER_COMPANY`]).
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
        DocumentedError::CustomerNotFound.body()
    }
}

/// The error replies the API documents, each with its status, code and reason: the documents'
/// examples and the mock's answers both come from here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentedError {
    /// 401: a credential is missing or unknown.
    Unauthorized,
    /// 404: no route has this path.
    NotFound,
    /// 404: no company has this id.
    CompanyNotFound,
    /// 404: no customer has this id.
    CustomerNotFound,
    /// 409: a company with this id exists.
    CompanyExists,
    /// 409: a customer with this id exists.
    CustomerExists,
    /// 400 `company_can_have_only_one_customer`: a company created with more than one customer.
    TooManyCustomers,
    /// 409 `company_can_have_only_one_customer`: the company has a customer already.
    CompanyHasACustomer,
    /// 500.
    Unexpected,
}

impl DocumentedError {
    /// The HTTP status and the reason, as the API words it.
    const fn parts(self) -> (u16, &'static str) {
        match self {
            DocumentedError::Unauthorized => (401, "Unauthorized."),
            DocumentedError::NotFound => (404, "Not found."),
            DocumentedError::CompanyNotFound => (404, "Company not found."),
            DocumentedError::CustomerNotFound => (404, "Customer not found."),
            DocumentedError::CompanyExists => (409, "Company already exists."),
            DocumentedError::CustomerExists => (409, "Customer already exists."),
            DocumentedError::TooManyCustomers => (400, "A company can have only one customer."),
            DocumentedError::CompanyHasACustomer => (409, "The company already has a customer."),
            DocumentedError::Unexpected => (500, "Unexpected error."),
        }
    }

    /// The HTTP status.
    pub const fn status(self) -> u16 {
        self.parts().0
    }

    /// The reason, as the API words it.
    pub const fn reason(self) -> &'static str {
        self.parts().1
    }

    /// The body: a symbolic code for the one-customer rule, else the status as the code.
    pub fn body(self) -> ErrorResponse {
        let code = match self {
            DocumentedError::TooManyCustomers | DocumentedError::CompanyHasACustomer => {
                ErrorResponse::ONLY_ONE_CUSTOMER.to_owned()
            }
            other => other.status().to_string(),
        };
        ErrorResponse::new(code, self.reason())
    }
}
