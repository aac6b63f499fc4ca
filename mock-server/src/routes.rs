//! The mock's router: the five operations, auth, faults, steering, the request journal, the control
//! API, and JSON errors for unknown routes and methods.

use std::sync::Arc;

use axum::extract::{FromRef, FromRequestParts, Request, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use bluetape_model::operations::{
    CREATE_COMPANY_PATH, CREATE_CUSTOMER_PATH, GET_CUSTOMER_SIGNUP_PATH,
    LINK_COMPANY_CUSTOMER_PATH, UPDATE_CUSTOMER_PATH,
};
use bluetape_model::validation::BodyValidator;
use bluetape_model::{
    ACCOUNT_ID_HEADER, API_KEY_HEADER, Company, Customer, CustomerLink, CustomerUpdate,
    DocumentedError,
};
use subtle::ConstantTimeEq;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{
    MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::sensitive_headers::SetSensitiveRequestHeadersLayer;
use tower_http::trace::TraceLayer;

use crate::ApiError;
use crate::admin::{self, ADMIN_PREFIX, AdminAccess};
use crate::config::{BODY_LIMIT_BYTES, MockConfig};
use crate::faults::{FaultKind, Faults};
use crate::journal::{Journal, Recorded};
use crate::json_body::ValidJson;
use crate::operation_table::{DocumentedOperation, OperationTable};
use crate::store::Store;

/// The request header that steers one request to a documented status of its operation, as
/// Prism's: `Prefer: code=409`.
pub const PREFER_HEADER: &str = "prefer";

/// What every handler shares, behind one `Arc`: each extractor and middleware clones the state,
/// and one reference count is cheaper than one per part (a profile of the create path showed the
/// drops of a many-`Arc` state at 3.5% of the time).
#[derive(Clone)]
pub(crate) struct AppState(Arc<Shared>);

impl AppState {
    pub(crate) fn new(shared: Shared) -> Self {
        AppState(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The parts of [`AppState`].
pub(crate) struct Shared {
    pub(crate) store: Arc<Store>,
    pub(crate) validator: Arc<BodyValidator>,
    pub(crate) config: MockConfig,
    pub(crate) journal: Arc<Journal>,
    pub(crate) faults: Arc<Faults>,
    pub(crate) operations: Arc<OperationTable>,
    pub(crate) admin: AdminAccess,
}

/// A reply that must not be sent: the connection is closed instead (a `drop` fault).
#[derive(Debug, Clone, Copy)]
pub(crate) struct DropConnection;

impl FromRef<AppState> for Arc<BodyValidator> {
    fn from_ref(state: &AppState) -> Self {
        state.validator.clone()
    }
}

/// The router of a mock with the given state.
pub(crate) fn router(state: AppState) -> Router {
    let sensitive = [
        credential_header(API_KEY_HEADER),
        credential_header(ACCOUNT_ID_HEADER),
    ];
    Router::new()
        .route(CREATE_COMPANY_PATH, post(create_company))
        .route(LINK_COMPANY_CUSTOMER_PATH, post(link_company_customer))
        .route(CREATE_CUSTOMER_PATH, post(create_customer))
        .route(UPDATE_CUSTOMER_PATH, put(update_customer))
        .route(GET_CUSTOMER_SIGNUP_PATH, get(get_customer_signup))
        .nest(ADMIN_PREFIX, admin::router(state.clone()))
        .method_not_allowed_fallback(method_not_allowed)
        .fallback(unknown_route)
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        // One middleware for the journal, auth, faults and steering: each layer costs a boxed
        // future and a state clone per request (a profile showed the stack's moves and
        // allocations above the handlers' own work).
        .layer(middleware::from_fn_with_state(state.clone(), serve_api))
        .layer(CatchPanicLayer::custom(|_| {
            ApiError::from(DocumentedError::Unexpected).into_response()
        }))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        // Outside the trace layer, so that the span (every log line) carries the id; propagated
        // onto every reply, success or error, so that a client can quote it.
        .layer(PropagateRequestIdLayer::new(REQUEST_ID_HEADER))
        .layer(SetRequestIdLayer::new(REQUEST_ID_HEADER, MakeRequestUuid))
        .layer(SetSensitiveRequestHeadersLayer::new(sensitive))
        .with_state(state)
}

/// The name of a credential header of the model, for the layers that take a `HeaderName`.
fn credential_header(name: &'static str) -> axum::http::HeaderName {
    axum::http::HeaderName::from_bytes(name.as_bytes())
        .expect("the model's header names are valid HTTP tokens (every test starts a router)")
}

/// The header that carries each request's id, in the request (when the caller sent one, it is
/// kept) and in every reply.
pub const REQUEST_ID_HEADER: axum::http::HeaderName =
    axum::http::HeaderName::from_static("x-request-id");

/// The span of one request: method, path and request id on every line it logs.
fn request_span(request: &Request) -> tracing::Span {
    let request_id = request
        .extensions()
        .get::<RequestId>()
        .and_then(|id| id.header_value().to_str().ok())
        .unwrap_or("-");
    tracing::debug_span!(
        "request",
        method = %request.method(),
        uri = %request.uri(),
        request_id = %request_id,
    )
}

/// Every request but the control API's: recorded in the journal with what was answered; for a
/// documented operation, authenticated, then a fault set for it applies, then `Prefer: code=`
/// steering (see [`answer`]). A `drop` fault closes the connection instead of answering.
async fn serve_api(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.uri().path().starts_with(ADMIN_PREFIX) {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    // Read here (bounded like every body) so that the journal holds what the handler saw.
    let bytes = match axum::body::to_bytes(body, BODY_LIMIT_BYTES).await {
        Ok(bytes) => bytes,
        Err(_) => {
            return ApiError::status(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("body: larger than {BODY_LIMIT_BYTES} bytes."),
            )
            .into_response();
        }
    };
    let operation = state.operations.find(&parts.method, parts.uri.path());
    let sequence = state.journal.record(Recorded {
        method: parts.method.clone(),
        uri: parts.uri.clone(),
        operation: operation.map(|operation| operation.id.clone()),
        status: None,
        request_id: parts.headers.get(REQUEST_ID_HEADER).cloned(),
        headers: parts.headers.clone(),
        body: bytes.clone(),
        fault: None,
    });
    let request = Request::from_parts(parts, axum::body::Body::from(bytes));
    let mut response = match operation {
        Some(operation) => answer(&state, operation, request, next).await,
        // Unknown routes and methods: the router's JSON 404 and 405, without credentials.
        None => next.run(request).await,
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

/// A request for `operation`: both credentials must be present and match, compared in constant
/// time; then a fault set for the operation applies, then a `Prefer: code=` steering header.
async fn answer(
    state: &AppState,
    operation: &DocumentedOperation,
    request: Request,
    next: Next,
) -> Response {
    // Evaluate both, so that timing does not tell which one was wrong.
    let key_ok = header_matches(request.headers(), API_KEY_HEADER, &state.config.api_key);
    let account_ok = header_matches(
        request.headers(),
        ACCOUNT_ID_HEADER,
        &state.config.account_id,
    );
    if !(key_ok & account_ok) {
        return ApiError::from(DocumentedError::Unauthorized).into_response();
    }
    if let Some(fault) = state.faults.take(&operation.id) {
        match &fault {
            FaultKind::Status {
                status,
                retry_after_seconds,
            } => {
                let mut response = fault_reply(*status, *retry_after_seconds);
                response.extensions_mut().insert(fault);
                return response;
            }
            FaultKind::Drop => {
                let mut response = StatusCode::INTERNAL_SERVER_ERROR.into_response();
                response.extensions_mut().insert(DropConnection);
                response.extensions_mut().insert(fault);
                return response;
            }
            FaultKind::Latency { milliseconds } => {
                tokio::time::sleep(std::time::Duration::from_millis(*milliseconds)).await;
                let mut response = steer_or_run(operation, request, next).await;
                response.extensions_mut().insert(fault);
                return response;
            }
        }
    }
    steer_or_run(operation, request, next).await
}

/// Answers the documented status a `Prefer: code=<status>` header asks for, with its example
/// body; without the header, runs the operation.
async fn steer_or_run(operation: &DocumentedOperation, request: Request, next: Next) -> Response {
    let Some(prefer) = request.headers().get(PREFER_HEADER) else {
        return next.run(request).await;
    };
    let asked = prefer.to_str().ok().and_then(|value| {
        value
            .split([',', ';'])
            .find_map(|preference| preference.trim().strip_prefix("code="))
    });
    let Some(asked) = asked else {
        return next.run(request).await;
    };
    let documented: Vec<String> = operation.statuses().map(|s| s.to_string()).collect();
    let refused = || {
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
            .insert(axum::http::header::RETRY_AFTER, seconds.into());
    }
    response
}

fn header_matches(headers: &axum::http::HeaderMap, name: &str, expected: &str) -> bool {
    headers
        .get(name)
        .is_some_and(|value| bool::from(value.as_bytes().ct_eq(expected.as_bytes())))
}

/// The `{id}` path parameter; a malformed one is a 400 like any other bad input.
struct PathId(String);

impl<S: Send + Sync> FromRequestParts<S> for PathId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let axum::extract::Path(id) =
            axum::extract::Path::<String>::from_request_parts(parts, state)
                .await
                .map_err(|rejection| ApiError::invalid(format!("id: {rejection}.")))?;
        if id.is_empty() {
            return Err(ApiError::invalid("id: must not be empty."));
        }
        Ok(PathId(id))
    }
}

async fn create_company(
    State(state): State<AppState>,
    ValidJson(company): ValidJson<Company>,
) -> Result<impl IntoResponse, ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(state.store.create_company(company)?),
    ))
}

async fn create_customer(
    State(state): State<AppState>,
    ValidJson(customer): ValidJson<Customer>,
) -> Result<impl IntoResponse, ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(state.store.create_customer(customer)?),
    ))
}

async fn update_customer(
    State(state): State<AppState>,
    PathId(id): PathId,
    ValidJson(update): ValidJson<CustomerUpdate>,
) -> Result<impl IntoResponse, ApiError> {
    Ok((
        StatusCode::ACCEPTED,
        Json(state.store.update_customer(&id, update)?),
    ))
}

/// Answers 201, the status of the docs' Responses table (the spec accepts 200 too).
async fn link_company_customer(
    State(state): State<AppState>,
    PathId(company_id): PathId,
    ValidJson(link): ValidJson<CustomerLink>,
) -> Result<impl IntoResponse, ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(state.store.link(&company_id, &link.customer_id)?),
    ))
}

async fn get_customer_signup(
    State(state): State<AppState>,
    PathId(id): PathId,
) -> Result<impl IntoResponse, ApiError> {
    Ok(Json(state.store.sign_up(&id)?))
}

async fn unknown_route() -> ApiError {
    ApiError::from(DocumentedError::NotFound)
}

async fn method_not_allowed() -> ApiError {
    ApiError::status(StatusCode::METHOD_NOT_ALLOWED, "Method not allowed.")
}
