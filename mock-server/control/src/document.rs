//! The OpenAPI document of `bluetape-mock`'s control API, [`admin_openapi`]: its operations are
//! declared here for utoipa, beside their types, so that the document derives without building
//! the server (`cargo xtask codegen` writes it into `openapi/bluetape-mock-admin.openapi.json`).
//!
//! The functions are never called: each carries its `#[utoipa::path]` declaration, as
//! `bluetape-model` declares the API's operations. The server's handlers (`bluetape-mock`'s
//! `admin.rs`) serve the same paths; its tests check that every path here is served.
#![allow(dead_code)]

use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

use crate::faults::{ActiveFault, FaultKind, FaultRule};
use crate::journal::{JournalEntry, JournalPage};
use crate::operations::{AnsweredBy, OperationAnswer};
use crate::violations::{Rule, Side, Violation, ViolationSummary};

/// The replies every control may give, whatever its input: 401 and 403. Declared for the
/// document only (the server's handlers answer them), hence never constructed.
#[derive(utoipa::IntoResponses)]
enum AdminErrors {
    /// The admin token is missing or wrong.
    #[response(status = 401)]
    Unauthorized(bluetape_model::ErrorResponse),
    /// The control API is closed (no admin token beyond loopback).
    #[response(status = 403)]
    Closed(bluetape_model::ErrorResponse),
}

/// The journal's filter.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct JournalQuery {
    /// Only the requests for this `operationId`.
    pub operation: Option<String>,
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
fn reset() {}

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
fn journal() {}

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
fn clear_journal() {}

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
fn list_faults() {}

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
fn add_fault() {}

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
fn clear_faults() {}

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
fn remove_fault() {}

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
fn violations() {}

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
fn operations() {}

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
