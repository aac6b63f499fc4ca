//! [`steer_or_serve`]: a request may ask for one documented status of its operation with
//! `Prefer: code=<status>` ([`PREFER_HEADER`], as Prism's), and gets that status's example body;
//! without the header, the operation's endpoint serves it.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::ApiError;
use crate::endpoints::Call;
use crate::operation_table::DocumentedOperation;

/// The request header that steers one request to a documented status of its operation, as
/// Prism's: `Prefer: code=409`.
pub const PREFER_HEADER: &str = "prefer";

/// Answers the documented status a `Prefer: code=<status>` header asks for, with its example
/// body; without the header, the operation's endpoint serves the request.
pub(crate) fn steer_or_serve(operation: &DocumentedOperation, call: &Call<'_>) -> Response {
    let asked = call
        .request
        .headers
        .get(PREFER_HEADER)
        .and_then(|prefer| prefer.to_str().ok())
        .and_then(|value| {
            value
                .split([',', ';'])
                .find_map(|preference| preference.trim().strip_prefix("code="))
        });
    let Some(asked) = asked else {
        return call.serve().unwrap_or_else(IntoResponse::into_response);
    };
    let refused = || {
        let documented: Vec<String> = operation.statuses().map(|s| s.to_string()).collect();
        ApiError::invalid(format!(
            "Prefer: code={asked} is not a documented status of {} (documented: {}).",
            operation.id,
            documented.join(", ")
        ))
        .into_response()
    };
    let Ok(status) = asked.trim().parse::<u16>() else {
        return refused();
    };
    match (operation.example(status), StatusCode::from_u16(status)) {
        (Some(example), Ok(status)) => (status, Json(example.clone())).into_response(),
        _ => refused(),
    }
}
