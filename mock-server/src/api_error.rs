//! [`ApiError`]: every refusal of the mock, as the documented `{code, reason}` body.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use bluetape_model::{DocumentedError, ErrorResponse};

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
}

/// A documented error, answered with its documented status, code and reason.
impl From<DocumentedError> for ApiError {
    fn from(error: DocumentedError) -> Self {
        let ErrorResponse { code, reason } = error.body();
        ApiError {
            status: StatusCode::from_u16(error.status())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            code,
            reason,
        }
    }
}

/// A refusal of the store: the documented error, or 503 when the state database failed (nothing
/// was stored; the reason says why).
impl From<crate::store::StoreError> for ApiError {
    fn from(error: crate::store::StoreError) -> Self {
        match error {
            crate::store::StoreError::Documented(error) => error.into(),
            unavailable @ crate::store::StoreError::Unavailable(_) => {
                ApiError::status(StatusCode::SERVICE_UNAVAILABLE, unavailable.to_string())
            }
        }
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
