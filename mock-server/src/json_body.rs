//! [`ValidJson`]: a request body read, size-limited, checked against its schema in the document,
//! then deserialized into a spec-gen type; every failure a 400 or 413 naming the problem.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{FromRef, FromRequest, Request};
use axum::http::{StatusCode, header};
use bluetape_model::utoipa::ToSchema;
use bluetape_model::validation::BodyValidator;
use bluetape_model::{
    Company, Customer, CustomerLink, CustomerUpdate, DocumentedError, MAX_CUSTOMERS_PER_COMPANY,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::ApiError;
use crate::config::BODY_LIMIT_BYTES;

/// A body of type `T`, valid against `T`'s schema in the OpenAPI document.
#[derive(Debug)]
pub struct ValidJson<T>(pub T);

/// A request body of the API: its schema is in the document, and it may have a refusal of its own
/// with a documented code, checked before the generic schema validation.
pub trait Body: DeserializeOwned + ToSchema {
    /// Refuses what the API answers with a documented error of its own; the default refuses nothing.
    fn precheck(_body: &Value) -> Result<(), ApiError> {
        Ok(())
    }
}

/// More customers than a company may have is 400 `company_can_have_only_one_customer`, not the
/// generic 400 that the schema's `maxItems` would give.
impl Body for Company {
    fn precheck(body: &Value) -> Result<(), ApiError> {
        let customers = body.get("customers").and_then(Value::as_array);
        if customers.is_some_and(|customers| customers.len() > MAX_CUSTOMERS_PER_COMPANY) {
            return Err(DocumentedError::TooManyCustomers.into());
        }
        Ok(())
    }
}

impl Body for Customer {}
impl Body for CustomerUpdate {}
impl Body for CustomerLink {}

impl<S, T> FromRequest<S> for ValidJson<T>
where
    S: Send + Sync,
    Arc<BodyValidator>: FromRef<S>,
    T: Body,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(';').next())
            .is_some_and(|media_type| media_type.trim().eq_ignore_ascii_case("application/json"));
        if !is_json {
            return Err(ApiError::invalid(
                "body: expected Content-Type: application/json.",
            ));
        }
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::status(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        format!("body: larger than {BODY_LIMIT_BYTES} bytes."),
                    )
                } else {
                    ApiError::invalid(format!("body: cannot be read: {rejection}."))
                }
            })?;
        let value: Value = serde_json::from_slice(&bytes)
            .map_err(|error| ApiError::invalid(format!("body: malformed JSON: {error}.")))?;
        T::precheck(&value)?;
        let validator = Arc::<BodyValidator>::from_ref(state);
        if let Some(violation) = validator.violations::<T>(&value).into_iter().next() {
            return Err(ApiError::invalid(format!("{violation}.")));
        }
        // The schema accepted it; serde's message names the field if the model is stricter still.
        // From the bytes, not the `Value`: a flattened group buffers the body's other fields, and
        // serde's buffer cannot hold an integer beyond 64 bits read from a `Value` (an extra
        // property the document allows may be one).
        serde_json::from_slice(&bytes)
            .map(ValidJson)
            .map_err(|error| ApiError::invalid(format!("body: {error}.")))
    }
}
