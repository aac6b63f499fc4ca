//! The mock's router: the five operations, auth, faults, JSON errors for unknown routes and methods.

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
use crate::config::{BODY_LIMIT_BYTES, Fault, MockConfig};
use crate::json_body::ValidJson;
use crate::store::Store;

/// What every handler shares.
#[derive(Clone)]
pub(crate) struct AppState {
    pub(crate) store: Arc<Store>,
    validator: Arc<BodyValidator>,
    config: Arc<MockConfig>,
}

impl FromRef<AppState> for Arc<BodyValidator> {
    fn from_ref(state: &AppState) -> Self {
        state.validator.clone()
    }
}

/// The router of a mock with the given configuration and store.
pub(crate) fn router(
    config: MockConfig,
    store: Arc<Store>,
    validator: Arc<BodyValidator>,
) -> Router {
    let state = AppState {
        store,
        validator,
        config: Arc::new(config),
    };
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
        .route_layer(middleware::from_fn_with_state(state.clone(), authenticate))
        .method_not_allowed_fallback(method_not_allowed)
        .fallback(unknown_route)
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT_BYTES))
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

/// Both credentials must be present and match, compared in constant time; then any configured
/// fault applies.
async fn authenticate(State(state): State<AppState>, request: Request, next: Next) -> Response {
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
    match state.config.fault {
        Some(Fault::InternalError) => ApiError::from(DocumentedError::Unexpected).into_response(),
        None => next.run(request).await,
    }
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
