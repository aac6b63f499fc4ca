//! [`front_door`]: the one service every request enters. A request for a documented operation is
//! journalled, authenticated, given a fault if one is set, steered if it asks (`Prefer: code=`),
//! and served by its [`Endpoint`](crate::endpoints::Endpoint); any other path is a JSON 404, or 405
//! with `Allow` for a documented path and another method. The control API goes to an axum router.
//!
//! The operation is found once, in the [`OperationTable`] read from the document, and its endpoint
//! is called directly: the request passes no per-route router, middleware or extractor, each of
//! which boxes a future and clones the state (a profile of create-customer showed that stack
//! costing as much as the operation itself). For the same reason the few things tower-http's
//! layers did here are done inline, once, where the request already is: its id (the caller's, or
//! a new v4 UUID) set on the request and the reply, a span carrying it, the credential headers
//! marked sensitive, a panic turned into the documented 500. As layers, with the response body
//! boxed back into one type after them, they cost 0.8 µs of a create's 11 µs.

use std::convert::Infallible;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Instant;

use axum::Router;
use axum::extract::Request;
use axum::http::header::{self, Entry};
use axum::http::request::Parts;
use axum::http::{HeaderName, StatusCode};
use axum::response::{IntoResponse, Response};
use bluetape_model::{ACCOUNT_ID_HEADER, API_KEY_HEADER, DocumentedError};
use futures_util::FutureExt;
use subtle::ConstantTimeEq;
use tower::{Service, ServiceExt};
use tracing::Instrument;

use crate::ApiError;
use crate::admin::{self, ADMIN_PREFIX};
use crate::browser::BrowserPolicy;
use crate::config::BODY_LIMIT_BYTES;
use crate::console::Console;
use crate::endpoints::Call;
use crate::faults::FaultKind;
use crate::operation_table::{DocumentedOperation, Routed};
use crate::proxy::Exchange;
use crate::request_id::{self, REQUEST_ID_HEADER};
use crate::state::AppState;
use crate::steering::steer_or_serve;

/// A reply that must not be sent: the connection is closed instead (a `drop` fault).
#[derive(Debug, Clone, Copy)]
pub(crate) struct DropConnection;

/// The mock as one service, ready for `axum::serve`.
///
/// # Errors
///
/// When a credential header name of the model is not a valid HTTP header name.
pub(crate) fn front_door(
    state: AppState,
) -> Result<MockService, axum::http::header::InvalidHeaderName> {
    let credentials = [
        HeaderName::from_bytes(API_KEY_HEADER.as_bytes())?,
        HeaderName::from_bytes(ACCOUNT_ID_HEADER.as_bytes())?,
    ];
    let control = Router::new()
        .nest(ADMIN_PREFIX, admin::router(state.clone()))
        .method_not_allowed_fallback(method_not_allowed)
        .fallback(unknown_route)
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .with_state(state.clone());
    Ok(MockService(Arc::new(Door {
        state,
        control,
        credentials,
    })))
}

struct Door {
    state: AppState,
    /// The control API (with the JSON 404 and 405 of its unknown routes and methods).
    control: Router,
    /// The API's credential headers, marked sensitive in every request.
    credentials: [HeaderName; 2],
}

/// See the [module](self).
#[derive(Clone)]
pub(crate) struct MockService(Arc<Door>);

impl Service<Request> for MockService {
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, _context: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, mut request: Request) -> Self::Future {
        let door = self.0.clone();
        for name in &door.credentials {
            if let Entry::Occupied(mut values) = request.headers_mut().entry(name) {
                values
                    .iter_mut()
                    .for_each(|value| value.set_sensitive(true));
            }
        }
        let request_id = request_id::assign(request.headers_mut());
        let span = tracing::debug_span!(
            "request",
            method = %request.method(),
            uri = %request.uri(),
            request_id = %String::from_utf8_lossy(request_id.as_bytes()),
        );
        let started = (!span.is_disabled()).then(Instant::now);
        Box::pin(
            async move {
                let mut response = AssertUnwindSafe(enter(&door, request))
                    .catch_unwind()
                    .await
                    .unwrap_or_else(|_| {
                        ApiError::from(DocumentedError::Unexpected).into_response()
                    });
                log_reply(response.status(), started);
                // A proxied reply keeps the upstream's id, if it sent one.
                if let Entry::Vacant(entry) = response.headers_mut().entry(REQUEST_ID_HEADER) {
                    entry.insert(request_id);
                }
                Ok(response)
            }
            .instrument(span),
        )
    }
}

/// Logs the reply in the request's span (its status, and the latency when the span is on); a
/// server error at error level.
fn log_reply(status: StatusCode, started: Option<Instant>) {
    let code = status.as_u16();
    if let Some(started) = started {
        let latency_ms = started.elapsed().as_secs_f64() * 1e3;
        tracing::debug!(status = code, latency_ms, "finished processing request");
    }
    if status.is_server_error() {
        tracing::error!(status = code, "answered a server error");
    }
}

/// Every request: first what a browser may do ([`BrowserPolicy`]: a foreign `Host` refused on
/// every path, the control API same-site only, CORS preflights); then the control API's to the
/// router, any other to [`serve_api`], with the CORS grant on its reply if its origin has one.
async fn enter(door: &Door, request: Request) -> Response {
    let browser = &door.state.browser;
    if let Some(refusal) = browser.foreign_host(&request) {
        return refusal;
    }
    if Console::serves(&request) {
        return door.state.console.answer(&request);
    }
    if request.uri().path().starts_with(ADMIN_PREFIX) {
        if let Some(refusal) = browser.cross_site_control(&request) {
            return refusal;
        }
        return door
            .control
            .clone()
            .oneshot(request)
            .await
            .unwrap_or_else(|never| match never {});
    }
    if let Some(answer) = browser.preflight(&request) {
        return answer;
    }
    let granted = browser.granted_origin(&request);
    let mut response = serve_api(door, request).await;
    if let Some(origin) = granted {
        BrowserPolicy::allow(origin, &mut response);
    }
    response
}

/// An API request, recorded in the journal with what was answered, and served (see [`answer`]),
/// or forwarded in proxy mode. A `drop` fault closes the connection instead of answering.
async fn serve_api(door: &Door, request: Request) -> Response {
    let state = &door.state;
    let (parts, body) = request.into_parts();
    // Read here (bounded) so that the journal holds what the endpoint saw.
    let Ok(bytes) = axum::body::to_bytes(body, BODY_LIMIT_BYTES).await else {
        return ApiError::status(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("body: larger than {BODY_LIMIT_BYTES} bytes."),
        )
        .into_response();
    };
    let routed = state.operations.route(&parts.method, parts.uri.path());
    let operation = match &routed {
        Routed::Operation(operation, _) => Some(&operation.id),
        Routed::WrongMethod(_) | Routed::Unknown => None,
    };
    let sequence = state.journal.record(&parts, operation, &bytes);
    if let Some(proxy) = &state.proxy {
        let (operation, path_id) = match &routed {
            Routed::Operation(operation, id) => (Some(&*operation.id), *id),
            Routed::WrongMethod(_) | Routed::Unknown => (None, None),
        };
        let mut response = proxy
            .forward(&parts, bytes.clone(), operation, path_id, &state.validator)
            .await;
        let exchange = response
            .extensions_mut()
            .remove::<Exchange>()
            .unwrap_or_default();
        tracing::debug!(
            violations = exchange.violations.len(),
            "checked the exchange against the document"
        );
        state.journal.complete(
            sequence,
            Some(response.status().as_u16()),
            exchange.failure,
            exchange.violations,
        );
        return response;
    }
    let mut response = match routed {
        Routed::Operation(operation, id) => {
            let call = Call {
                store: &state.store,
                validator: &state.validator,
                endpoint: operation.endpoint,
                success: operation.success_status(),
                id,
                request: &parts,
                body: &bytes,
            };
            answer(state, operation, &call).await
        }
        Routed::WrongMethod(allow) => {
            let mut response = method_not_allowed().await.into_response();
            response.headers_mut().insert(header::ALLOW, allow);
            response
        }
        Routed::Unknown => unknown_route().await.into_response(),
    };
    let dropped = response.extensions().get::<DropConnection>().is_some();
    let fault = response
        .extensions()
        .get::<FaultKind>()
        .map(FaultKind::describe);
    state.journal.complete(
        sequence,
        (!dropped).then(|| response.status().as_u16()),
        fault,
        Vec::new(),
    );
    if dropped {
        // A body that fails before its first byte makes the server close the connection without
        // writing the reply: the client sees the connection drop.
        *response.body_mut() = axum::body::Body::from_stream(futures_util::stream::once(async {
            Err::<axum::body::Bytes, _>(std::io::Error::other("dropped by a fault"))
        }));
    }
    response
}

/// A request for a documented operation: both credentials must be present and match, compared in
/// constant time; then a fault set for the operation applies, then a `Prefer: code=` steering
/// header, else the operation's endpoint serves it.
async fn answer(state: &AppState, operation: &DocumentedOperation, call: &Call<'_>) -> Response {
    let config = &state.config;
    // Evaluate both, so that timing does not tell which one was wrong.
    let key_ok = header_matches(call.request, API_KEY_HEADER, &config.api_key);
    let account_ok = header_matches(call.request, ACCOUNT_ID_HEADER, &config.account_id);
    if !(key_ok & account_ok) {
        return ApiError::from(DocumentedError::Unauthorized).into_response();
    }
    let Some(fault) = state.faults.take(&operation.id) else {
        return steer_or_serve(operation, call);
    };
    let mut response = match &fault {
        FaultKind::Status {
            status,
            retry_after_seconds,
        } => fault_reply(*status, *retry_after_seconds),
        FaultKind::Drop => {
            let mut response = StatusCode::INTERNAL_SERVER_ERROR.into_response();
            response.extensions_mut().insert(DropConnection);
            response
        }
        FaultKind::Latency { milliseconds } => {
            tokio::time::sleep(std::time::Duration::from_millis(*milliseconds)).await;
            steer_or_serve(operation, call)
        }
    };
    response.extensions_mut().insert(fault);
    response
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
                "{} (a fault set on the mock).",
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

fn header_matches(request: &Parts, name: &str, expected: &str) -> bool {
    request
        .headers
        .get(name)
        .is_some_and(|value| bool::from(value.as_bytes().ct_eq(expected.as_bytes())))
}

async fn unknown_route() -> ApiError {
    ApiError::from(DocumentedError::NotFound)
}

async fn method_not_allowed() -> ApiError {
    ApiError::status(StatusCode::METHOD_NOT_ALLOWED, "Method not allowed.")
}
