//! [`front_door`]: the one service every request enters, the frame around both backends. It gives
//! each request its id and span, turns a panic into the documented 500, applies what a browser
//! may do, serves the console and routes the control API to an axum router. An API request's body
//! is read within the limit, its operation found, and it is journalled; then the server's
//! [`Backend`] answers it (the mock, or the proxy) and hands back the reply with its typed
//! [`Outcome`](crate::backend::exchange::Outcome), which completes the journal entry.
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
use axum::http::header::Entry;
use axum::http::{HeaderName, StatusCode};
use axum::response::{IntoResponse, Response};
use bluetape_model::{ACCOUNT_ID_HEADER, API_KEY_HEADER, DocumentedError};
use futures_util::FutureExt;
use tower::{Service, ServiceExt};
use tracing::Instrument;

use crate::ApiError;
use crate::admin::{self, ADMIN_PREFIX};
use crate::backend::{self, ApiRequest, Served};
use crate::browser::BrowserPolicy;
use crate::config::BODY_LIMIT_BYTES;
use crate::console::Console;
use crate::operation_table::Routed;
use crate::request_id::{self, REQUEST_ID_HEADER};
use crate::state::AppState;

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

/// An API request, recorded in the journal with what was answered, and answered by the
/// server's backend. A dropped reply (a `drop` fault) closes the connection instead.
async fn serve_api(door: &Door, request: Request) -> Response {
    let state = &door.state;
    let (parts, body) = request.into_parts();
    // Read here (bounded) so that the journal holds what the backend saw.
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
    let shared = backend::Shared {
        faults: &state.faults,
        validator: &state.validator,
    };
    let request = ApiRequest {
        parts: &parts,
        body: &bytes,
        routed,
    };
    let Served {
        mut response,
        outcome,
    } = state.backend.serve(shared, request).await;
    if !outcome.violations.is_empty() {
        tracing::debug!(
            violations = outcome.violations.len(),
            "checked the exchange against the document"
        );
    }
    state.journal.complete(
        sequence,
        (!outcome.dropped).then(|| response.status().as_u16()),
        outcome.note,
        outcome.violations,
    );
    if outcome.dropped {
        // A body that fails before its first byte makes the server close the connection without
        // writing the reply: the client sees the connection drop.
        *response.body_mut() = axum::body::Body::from_stream(futures_util::stream::once(async {
            Err::<axum::body::Bytes, _>(std::io::Error::other("dropped by a fault"))
        }));
    }
    response
}

async fn unknown_route() -> ApiError {
    crate::backend::mock::unknown_route()
}

async fn method_not_allowed() -> ApiError {
    crate::backend::mock::method_not_allowed()
}
