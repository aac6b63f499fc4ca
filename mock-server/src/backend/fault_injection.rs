//! [`with_fault`]: a fault set through the control API, applied in front of either backend (the
//! mock, or the real API behind the proxy), with the same rules.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use bluetape_model::DocumentedError;

use super::exchange::Served;
use crate::ApiError;
use crate::faults::{FaultKind, Faults};

/// `serve`, unless a fault set for `operation` comes first: a status fault answers instead, a
/// dropped connection closes it, a latency delays `serve`. The same rules apply in front of the
/// mock and in front of the real API (the proxy), so that an integration's resilience can be
/// tried against either.
pub(crate) async fn with_fault(
    faults: &Faults,
    operation: Option<&str>,
    serve: impl Future<Output = Served>,
) -> Served {
    let Some(fault) = operation.and_then(|operation| faults.take(operation)) else {
        return serve.await;
    };
    let (mut served, dropped) = match &fault {
        FaultKind::Status {
            status,
            retry_after_seconds,
        } => (
            Served::plain(fault_reply(*status, *retry_after_seconds)),
            false,
        ),
        FaultKind::Drop => (
            Served::plain(StatusCode::INTERNAL_SERVER_ERROR.into_response()),
            true,
        ),
        FaultKind::Latency { milliseconds } => {
            tokio::time::sleep(std::time::Duration::from_millis(*milliseconds)).await;
            (serve.await, false)
        }
    };
    served.outcome.dropped |= dropped;
    let note = fault.describe();
    served.outcome.note = Some(match served.outcome.note.take() {
        Some(other) => format!("{note}; {other}"),
        None => note,
    });
    served
}

/// The reply of a status fault: the documented body for 500, else the status's own reason.
fn fault_reply(status: u16, retry_after_seconds: Option<u64>) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let error = if status == StatusCode::INTERNAL_SERVER_ERROR {
        ApiError::from(DocumentedError::Unexpected)
    } else {
        ApiError::status(
            status,
            format!(
                "{} (a fault set on bluetape-mock).",
                status.canonical_reason().unwrap_or("Error")
            ),
        )
    };
    let mut response = error.into_response();
    if let Some(seconds) = retry_after_seconds {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, seconds.into());
    }
    response
}
