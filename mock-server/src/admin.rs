//! The control API, under [`ADMIN_PREFIX`] (a path the BlueTape API cannot have: its operations are
//! under `/integration/`): reset, the request journal, faults. Described by its own OpenAPI
//! document, [`admin_openapi`], committed as `openapi/bluetape-mock-admin.openapi.json`.
//!
//! On loopback it is open; on any other address it needs the admin token
//! (`Authorization: Bearer <token>`), and is closed when none is set.

use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;
use utoipa::{IntoParams, OpenApi, ToSchema};

use crate::ApiError;
use crate::faults::{ActiveFault, FaultKind, FaultRule};
use crate::journal::JournalEntry;
use crate::state::{AdminAccess, AppState};
use crate::violations::{Rule, Side, Violation, ViolationSummary};

/// Where the control API lives.
pub const ADMIN_PREFIX: &str = "/__admin";
/// The environment variable `bluetape-mock` reads the admin token from (`--admin-token`).
pub const ADMIN_TOKEN_VARIABLE: &str = "BLUETAPE_MOCK_ADMIN_TOKEN";

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

/// The replies every control may give, whatever its input: 401 and 403. Declared for the
/// document only (the handlers answer them through [`ApiError`]), hence never constructed.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
enum AdminErrors {
    /// The admin token is missing or wrong.
    #[response(status = 401)]
    Unauthorized(bluetape_model::ErrorResponse),
    /// The control API is closed (no admin token beyond loopback).
    #[response(status = 403)]
    Closed(bluetape_model::ErrorResponse),
}

/// Forget every company, customer, journal entry and fault.
#[utoipa::path(
    post,
    path = "/__admin/reset",
    operation_id = "reset",
    tag = "Control",
    summary = "Reset the mock",
    description = "Empties the store (companies and customers, including seeded ones), the journal \
        and the faults, as if the mock had just started without a seed.",
    responses(
        (status = 204, description = "Reset."),
        AdminErrors,
    )
)]
async fn reset(State(state): State<AppState>) -> StatusCode {
    state.reset();
    StatusCode::NO_CONTENT
}

/// The journal's filter.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct JournalQuery {
    /// Only the requests for this `operationId`.
    operation: Option<String>,
}

/// The requests the mock received, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct JournalPage {
    /// How many requests the journal keeps at most (`--journal-capacity`).
    pub capacity: usize,
    /// The requests, oldest first.
    pub entries: Vec<JournalEntry>,
}

/// What the mock received.
#[utoipa::path(
    get,
    path = "/__admin/journal",
    operation_id = "getJournal",
    tag = "Control",
    summary = "List the requests received",
    description = "The last requests the mock received (at most its journal capacity), oldest \
        first: method, path, operation, status, request id, headers (credentials redacted) and \
        body. Control API requests are not recorded.",
    params(JournalQuery),
    responses(
        (status = 200, description = "The journal.", body = JournalPage),
        AdminErrors,
    )
)]
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
#[utoipa::path(
    delete,
    path = "/__admin/journal",
    operation_id = "clearJournal",
    tag = "Control",
    summary = "Clear the journal",
    description = "Forgets every recorded request; the next one is numbered 1.",
    responses(
        (status = 204, description = "Cleared."),
        AdminErrors,
    )
)]
async fn clear_journal(State(state): State<AppState>) -> StatusCode {
    state.journal.clear();
    StatusCode::NO_CONTENT
}

/// The faults that are set.
#[utoipa::path(
    get,
    path = "/__admin/faults",
    operation_id = "listFaults",
    tag = "Control",
    summary = "List the faults",
    description = "The faults that are set, in the order they apply, each with its id and, for a \
        rule with `times`, how many requests it still applies to.",
    responses(
        (status = 200, description = "The faults, in the order they apply.", body = Vec<ActiveFault>),
        AdminErrors,
    )
)]
async fn list_faults(State(state): State<AppState>) -> Json<Vec<ActiveFault>> {
    Json(state.faults.list())
}

/// Set a fault.
#[utoipa::path(
    post,
    path = "/__admin/faults",
    operation_id = "addFault",
    tag = "Control",
    summary = "Set a fault",
    description = "From now on, requests to `operation` (every operation when absent) get `fault`: \
        an error status (with `Retry-After` if asked), added latency, or a dropped connection. \
        With `times`, for the next that many matching requests; with `probability` (and a \
        `seed`, to repeat a run), for each matching request with that probability; else for \
        every matching request until removed. The first rule set that matches and fires applies; \
        authentication is checked first.",
    request_body(content = FaultRule, example = json!({"operation": "getCustomerSignup", "fault": {"type": "status", "status": 429, "retryAfterSeconds": 1}, "times": 1})),
    responses(
        (status = 201, description = "Set.", body = ActiveFault),
        (status = 400, description = "The rule is malformed or names an unknown operation.", body = bluetape_model::ErrorResponse),
        AdminErrors,
    )
)]
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
#[utoipa::path(
    delete,
    path = "/__admin/faults",
    operation_id = "clearFaults",
    tag = "Control",
    summary = "Remove every fault",
    description = "Removes every fault: from now on every request runs its operation.",
    responses(
        (status = 204, description = "Removed."),
        AdminErrors,
    )
)]
async fn clear_faults(State(state): State<AppState>) -> StatusCode {
    state.faults.clear();
    StatusCode::NO_CONTENT
}

/// Remove one fault.
#[utoipa::path(
    delete,
    path = "/__admin/faults/{id}",
    operation_id = "removeFault",
    tag = "Control",
    summary = "Remove a fault",
    description = "Removes the fault with this id; the others stay.",
    params(("id" = u64, Path, description = "The fault's id, as set.")),
    responses(
        (status = 204, description = "Removed."),
        AdminErrors,
        (status = 404, description = "No fault has this id.", body = bluetape_model::ErrorResponse),
    )
)]
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
#[utoipa::path(
    get,
    path = "/__admin/violations",
    operation_id = "getViolations",
    tag = "Control",
    summary = "Count the violations seen by the proxy",
    description = "In proxy mode (`bluetape-mock proxy --upstream <URL>`): how many exchanges were \
        proxied since the start or the last reset, and how many violations of the document their \
        requests and replies had, per operation (or method and path, for a request that matched \
        none) and rule. Each violation itself is in its journal entry.",
    responses(
        (status = 200, description = "The counts.", body = ViolationSummary),
        AdminErrors,
        (status = 404, description = "The mock is not running as a proxy.", body = bluetape_model::ErrorResponse),
    )
)]
async fn violations(State(state): State<AppState>) -> Result<Json<ViolationSummary>, ApiError> {
    match state.backend.proxy() {
        Some(proxy) => Ok(Json(proxy.summary())),
        None => Err(ApiError::status(
            StatusCode::NOT_FOUND,
            "The mock is not running as a proxy: start it with `bluetape-mock proxy --upstream <URL>`.",
        )),
    }
}

/// One operation of the document, and how the mock answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OperationAnswer {
    /// The operation's `operationId`.
    pub operation_id: String,
    /// Its HTTP method.
    pub method: String,
    /// Its path template.
    pub path: String,
    /// How the mock answers it.
    pub answered_by: AnsweredBy,
}

/// How the mock answers an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum AnsweredBy {
    /// Its behaviour is written: records are created, read and refused as the API does.
    Behaviour,
    /// No behaviour is written: its documented success status and example (credentials,
    /// validation, faults, `Prefer` and the journal apply all the same).
    Examples,
    /// In proxy mode: forwarded to the upstream and checked against the document.
    Upstream,
}

/// The operations of the document and how each is answered.
#[utoipa::path(
    get,
    path = "/__admin/operations",
    operation_id = "listOperations",
    tag = "Control",
    summary = "List the operations and how each is answered",
    description = "Every operation of the document the mock serves, in the document's order, with \
        how it is answered: by its written behaviour (`behaviour`), by its documented success \
        status and example (`examples`: an operation added to the document before its \
        behaviour), or, in proxy mode, by the upstream (`upstream`).",
    responses(
        (status = 200, description = "The operations.", body = Vec<OperationAnswer>),
        AdminErrors,
    )
)]
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

#[derive(OpenApi)]
#[openapi(
    info(
        title = "bluetape-mock control API",
        description = "Steers a running `bluetape-mock` from tests: reset its state, read the \
            requests it received, and set faults; in proxy mode, count the violations of the \
            document. Served under `/__admin` beside the BlueTape \
            API. Open on loopback; beyond loopback it needs the admin token \
            (`--admin-token` or `BLUETAPE_MOCK_ADMIN_TOKEN`) as `Authorization: Bearer <token>`.\n\n\
            Without the control API, one request can be steered to any documented status of its \
            operation with the header `Prefer: code=<status>`: the mock answers that status with \
            the document's example body (an undocumented status is a 400).",
        license(name = "Apache-2.0", url = "https://www.apache.org/licenses/LICENSE-2.0"),
        contact(name = "BlueTape OpenAPI toolkit", url = "https://github.com/bluetape/bluetape-openapi")
    ),
    servers((url = "http://127.0.0.1:{port}", description = "A local bluetape-mock",
        variables(("port" = (default = "8080", description = "Port the mock listens on"))))),
    paths(reset, journal, clear_journal, list_faults, add_fault, clear_faults, remove_fault, violations, operations),
    components(schemas(OperationAnswer, AnsweredBy, JournalPage, JournalEntry, FaultRule, FaultKind, ActiveFault, ViolationSummary, Violation, Side, Rule, bluetape_model::ErrorResponse)),
    modifiers(&AdminTokenScheme),
    tags((name = "Control", description = "Reset, journal, faults, and the operations served."))
)]
struct AdminApi;

/// The admin token, optional on loopback.
struct AdminTokenScheme;

impl utoipa::Modify for AdminTokenScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{
            HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
        };
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "adminToken",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "The admin token (`--admin-token`); not needed when the mock listens on loopback without one.",
                    ))
                    .build(),
            ),
        );
        openapi.security = Some(vec![
            SecurityRequirement::default(),
            SecurityRequirement::new("adminToken", Vec::<String>::new()),
        ]);
    }
}

/// The OpenAPI 3.1 document of the control API.
pub fn admin_openapi() -> utoipa::openapi::OpenApi {
    let mut openapi = AdminApi::openapi();
    openapi.info.version = env!("CARGO_PKG_VERSION").to_owned();
    openapi
}
