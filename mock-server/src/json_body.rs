//! [`ValidJson`]: a request body read, size-limited, checked against its schema in the document,
//! then deserialized into a spec-gen type; every failure a 400 or 413 naming the problem.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{FromRef, FromRequest, Request};
use axum::http::{StatusCode, header};
use bluetape_model::utoipa::ToSchema;
use bluetape_model::validation::BodyValidator;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::ApiError;
use crate::config::BODY_LIMIT_BYTES;

/// A body of type `T`, valid against `T`'s schema in the OpenAPI document.
#[derive(Debug)]
pub struct ValidJson<T>(pub T);

impl<S, T> FromRequest<S> for ValidJson<T>
where
    S: Send + Sync,
    Arc<BodyValidator>: FromRef<S>,
    T: DeserializeOwned + ToSchema,
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
        precheck::<T>(&value)?;
        let validator = Arc::<BodyValidator>::from_ref(state);
        if let Some(violation) = validator.violations::<T>(&value).into_iter().next() {
            return Err(ApiError::invalid(format!("{violation}.")));
        }
        // The schema accepted it; serde's message names the field if the model is stricter still.
        serde_json::from_value(value)
            .map(ValidJson)
            .map_err(|error| ApiError::invalid(format!("body: {error}.")))
    }
}

/// Checks with a documented error code of their own, which come before generic schema validation.
fn precheck<T: ToSchema>(value: &Value) -> Result<(), ApiError> {
    if T::name() == bluetape_model::Company::name()
        && value
            .get("customers")
            .and_then(Value::as_array)
            .is_some_and(|customers| customers.len() > 1)
    {
        return Err(ApiError::only_one_customer());
    }
    Ok(())
}
