//! [`ApiError`]: every refusal of the mock, as the documented `{code, reason}` body.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use bluetape_model::ErrorResponse;

/// A refusal, answered with its status and an [`ErrorResponse`] body.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{status}: {code}: {reason}")]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The body's `code`.
    pub code: String,
    /// The body's `reason`.
    pub reason: String,
}

impl ApiError {
    /// An error whose code is its status, as the API's numeric-looking codes are (`"404"`).
    pub fn status(status: StatusCode, reason: impl Into<String>) -> Self {
        ApiError {
            status,
            code: status.as_u16().to_string(),
            reason: reason.into(),
        }
    }

    /// 400 with a reason naming the field.
    pub fn invalid(reason: impl Into<String>) -> Self {
        Self::status(StatusCode::BAD_REQUEST, reason)
    }

    /// 400 `company_can_have_only_one_customer`.
    pub fn only_one_customer() -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            code: ErrorResponse::ONLY_ONE_CUSTOMER.to_owned(),
            reason: "A company can have only one customer.".to_owned(),
        }
    }

    /// 409 `company_can_have_only_one_customer`: the company has a customer already. A conflict with
    /// the company's state, unlike a request listing two customers (400).
    pub fn company_has_a_customer() -> Self {
        ApiError {
            status: StatusCode::CONFLICT,
            code: ErrorResponse::ONLY_ONE_CUSTOMER.to_owned(),
            reason: "The company already has a customer.".to_owned(),
        }
    }

    /// 401 for a missing or unknown credential.
    pub fn unauthorized() -> Self {
        Self::status(StatusCode::UNAUTHORIZED, "Unauthorized.")
    }

    /// 404 "Company not found."
    pub fn company_not_found() -> Self {
        Self::status(StatusCode::NOT_FOUND, "Company not found.")
    }

    /// 404 "Customer not found."
    pub fn customer_not_found() -> Self {
        Self::status(StatusCode::NOT_FOUND, "Customer not found.")
    }

    /// 409 "Company already exists."
    pub fn company_exists() -> Self {
        Self::status(StatusCode::CONFLICT, "Company already exists.")
    }

    /// 409 "Customer already exists."
    pub fn customer_exists() -> Self {
        Self::status(StatusCode::CONFLICT, "Customer already exists.")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(ErrorResponse::new(self.code, self.reason)),
        )
            .into_response()
    }
}
