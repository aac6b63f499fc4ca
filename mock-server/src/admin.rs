//! The control API, under [`ADMIN_PREFIX`] (a path the BlueTape API cannot have: its operations are
//! under `/integration/`): reset, the request journal, faults, the operations served. Its types
//! and its OpenAPI document, [`admin_openapi`] (committed as
//! `openapi/bluetape-mock-admin.openapi.json`), are `bluetape-mock-control`'s, which declares each
//! operation that a handler here serves.
//!
//! On loopback it is open; on any other address it needs the admin token
//! (`Authorization: Bearer <token>`), and is closed when none is set.

use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use bluetape_mock_control::JournalQuery;
use subtle::ConstantTimeEq;

use crate::ApiError;
use crate::faults::{ActiveFault, FaultRule};
use crate::state::{AdminAccess, AppState};
use crate::violations::ViolationSummary;

pub use bluetape_mock_control::{
    ADMIN_PREFIX, ADMIN_TOKEN_VARIABLE, AnsweredBy, JournalPage, OperationAnswer, admin_openapi,
};

/// The control API's routes (nested under [`ADMIN_PREFIX`]).
pub(crate) fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/reset", post(reset))
        .route("/journal", get(journal).delete(clear_journal))
        .route(
            "/faults",
            get(list_faults).post(add_fault).delete(clear_faults),
        )
        .route("/faults/{id}", delete(remove_fault))
        .route("/violations", get(violations))
        .route("/operations", get(operations))
        .route_layer(middleware::from_fn_with_state(state, authorize))
}

async fn authorize(State(state): State<AppState>, request: Request, next: Next) -> Response {
    match &state.admin {
        AdminAccess::Open => next.run(request).await,
        AdminAccess::Token(token) if bearer_matches(request.headers(), token) => {
            next.run(request).await
        }
        AdminAccess::Token(_) => ApiError::status(
            StatusCode::UNAUTHORIZED,
            "The control API needs `Authorization: Bearer <admin token>`.",
        )
        .into_response(),
        AdminAccess::Closed => ApiError::status(
            StatusCode::FORBIDDEN,
            format!(
                "The control API is closed: the mock listens beyond loopback and has no admin \
                 token. Start it with --admin-token or {ADMIN_TOKEN_VARIABLE}."
            ),
        )
        .into_response(),
    }
}

fn bearer_matches(headers: &HeaderMap, token: &str) -> bool {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.as_bytes().strip_prefix(b"Bearer "))
        .is_some_and(|given| bool::from(given.ct_eq(token.as_bytes())))
}

/// Forget every company, customer, journal entry and fault; 503 when the state database fails
/// (then the records are all still there).
async fn reset(State(state): State<AppState>) -> Result<StatusCode, ApiError> {
    state.reset()?;
    Ok(StatusCode::NO_CONTENT)
}

/// What the mock received.
async fn journal(
    State(state): State<AppState>,
    Query(query): Query<JournalQuery>,
) -> Json<JournalPage> {
    Json(JournalPage {
        capacity: state.journal.capacity(),
        entries: state.journal.entries(query.operation.as_deref()),
    })
}

/// Forget the journal.
async fn clear_journal(State(state): State<AppState>) -> StatusCode {
    state.journal.clear();
    StatusCode::NO_CONTENT
}

/// The faults that are set.
async fn list_faults(State(state): State<AppState>) -> Json<Vec<ActiveFault>> {
    Json(state.faults.list())
}

/// Set a fault.
async fn add_fault(
    State(state): State<AppState>,
    body: Result<Json<FaultRule>, axum::extract::rejection::JsonRejection>,
) -> Result<(StatusCode, Json<ActiveFault>), ApiError> {
    let Json(rule) = body.map_err(|rejection| ApiError::invalid(rejection.body_text()))?;
    let active = state
        .faults
        .add(rule, &state.operations.ids())
        .map_err(|error| ApiError::invalid(error.0))?;
    Ok((StatusCode::CREATED, Json(active)))
}

/// Remove every fault.
async fn clear_faults(State(state): State<AppState>) -> StatusCode {
    state.faults.clear();
    StatusCode::NO_CONTENT
}

/// Remove one fault.
async fn remove_fault(
    State(state): State<AppState>,
    Path(id): Path<u64>,
) -> Result<StatusCode, ApiError> {
    if state.faults.remove(id) {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::status(
            StatusCode::NOT_FOUND,
            format!("No fault has the id {id}."),
        ))
    }
}

/// In proxy mode, what broke the document.
async fn violations(State(state): State<AppState>) -> Result<Json<ViolationSummary>, ApiError> {
    match state.backend.proxy() {
        Some(proxy) => Ok(Json(proxy.summary())),
        None => Err(ApiError::status(
            StatusCode::NOT_FOUND,
            "The mock is not running as a proxy: start it with `bluetape-mock proxy --upstream <URL>`.",
        )),
    }
}

/// The operations of the document and how each is answered.
async fn operations(State(state): State<AppState>) -> Json<Vec<OperationAnswer>> {
    let proxied = state.backend.proxy().is_some();
    Json(
        state
            .operations
            .iter()
            .map(|operation| OperationAnswer {
                operation_id: operation.id.to_string(),
                method: operation.method().to_string(),
                path: operation.template().to_owned(),
                answered_by: if proxied {
                    AnsweredBy::Upstream
                } else if operation.answered_from_examples() {
                    AnsweredBy::Examples
                } else {
                    AnsweredBy::Behaviour
                },
            })
            .collect(),
    )
}
