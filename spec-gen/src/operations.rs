//! The five operations of the API, declared for utoipa.
//!
//! These functions are never called: each exists to carry its `#[utoipa::path]` declaration, which is
//! the operation's definition in the OpenAPI document. The mock server implements the same routes.
#![allow(dead_code)]

use utoipa::IntoResponses;

use crate::company::{Company, CompanyCreated};
use crate::customer::{Customer, CustomerCreated, CustomerLink, CustomerUpdate, SignUpDetails};
use crate::error_response::{DocumentedError, ErrorResponse};
use crate::integration_result::BlueTapeIntegrationResult;

/// The replies every operation may give, whatever its input: 401 and 500.
#[derive(IntoResponses)]
enum CommonErrors {
    /// Unauthorized: `X-BlueTape-Key` or `X-Integration-AccountId` is missing or unknown.
    #[response(status = 401, example = json!(DocumentedError::Unauthorized.body()))]
    Unauthorized(ErrorResponse),
    /// Unexpected error.
    #[response(status = 500, example = json!(DocumentedError::Unexpected.body()))]
    Unexpected(ErrorResponse),
}

/// Path of `createCompany`.
pub const CREATE_COMPANY_PATH: &str = "/integration/company";
/// Path of `createCustomer`.
pub const CREATE_CUSTOMER_PATH: &str = "/integration/customer";
/// Path of `updateCustomer`.
pub const UPDATE_CUSTOMER_PATH: &str = "/integration/customer/{id}";
/// Path of `linkCompanyCustomer`.
pub const LINK_COMPANY_CUSTOMER_PATH: &str = "/integration/company/{id}/customer";
/// Path of `getCustomerSignup`.
pub const GET_CUSTOMER_SIGNUP_PATH: &str = "/integration/customer/{id}/signup";

/// Add a new company.
#[utoipa::path(
    post,
    path = CREATE_COMPANY_PATH,
    operation_id = "createCompany",
    tag = "Company",
    summary = "Create a company",
    description = "Creates a company. Customers listed in `customers` are created and attached to the \
        new company at once; the reply then holds one sign-up URL per customer.\n\n\
        **At most one customer per company.** The API answers 400 with code \
        `company_can_have_only_one_customer` otherwise. (The published example attaches two customers and \
        shows two sign-up URLs; it contradicts the rule stated on the same page, so the example here \
        attaches one.)\n\n\
        A company whose `id` exists already is refused with 409 \"Company already exists.\": the published \
        Responses table omits 409 but the page shows that reply, so it is documented here.",
    request_body(content = Company, description = "The company to create."),
    responses(
        (status = 201, description = "Created, successful operation.", body = CompanyCreated, example = json!(CompanyCreated::example())),
        (status = 400, description = "Invalid request: a malformed body, a field that breaks its constraints (code `400`, the reason naming the field), or more than one customer (code `company_can_have_only_one_customer`, shown).", body = ErrorResponse, example = json!(DocumentedError::TooManyCustomers.body())),
        (status = 404, description = "Not found.", body = ErrorResponse, example = json!(DocumentedError::NotFound.body())),
        (status = 409, description = "Conflict: a company with this `id` exists already.", body = ErrorResponse, example = json!(DocumentedError::CompanyExists.body())),
        CommonErrors,
    )
)]
fn create_company() {}

/// Create a customer.
#[utoipa::path(
    post,
    path = CREATE_CUSTOMER_PATH,
    operation_id = "createCustomer",
    tag = "Customer",
    summary = "Create a customer",
    description = "Creates a customer and returns its BlueTape id and sign-up URL. The optional `companyId` \
        links the new customer to an existing company at creation; 404 if that company does not exist.\n\n\
        A customer whose `id` exists already is refused with 409 \"Customer already exists.\": the published \
        Responses table omits 409 but the page shows that reply, so it is documented here.\n\n\
        A company takes one customer: linking the new customer to a company that has one already \
        (through `companyId`) is a conflict with the company's state, answered with 409 and code \
        `company_can_have_only_one_customer`.",
    request_body(content = Customer, description = "The customer to create."),
    responses(
        (status = 201, description = "Created, successful operation.", body = CustomerCreated, example = json!(CustomerCreated::example())),
        (status = 400, description = "Invalid request: a malformed body or a field that breaks its constraints.", body = ErrorResponse, example = json!(ErrorResponse::new("400", "cellPhoneNumber: \"12345\" is not an E.164 phone number."))),
        (status = 404, description = "Not found: the company named by `companyId` does not exist.", body = ErrorResponse, example = json!(DocumentedError::CompanyNotFound.body())),
        (status = 409, description = "Conflict: a customer with this `id` exists already (code `409`, shown), or the company named by `companyId` has a customer already (code `company_can_have_only_one_customer`).", body = ErrorResponse, example = json!(DocumentedError::CustomerExists.body())),
        CommonErrors,
    )
)]
fn create_customer() {}

/// Update a customer.
#[utoipa::path(
    put,
    path = UPDATE_CUSTOMER_PATH,
    operation_id = "updateCustomer",
    tag = "Customer",
    summary = "Update a customer",
    description = "Updates the customer named in the path. Success is `202 Accepted`. The body carries no \
        `id`: the path does (the published curl example leaves `{id}` out of the URL, and the Node \
        example reads `customer.Id`; both are mistakes).",
    params(("id" = String, Path, format = "identifier", description = "Identifier of the customer to update.", example = "dc506b22c7fa")),
    request_body(content = CustomerUpdate, description = "The customer's new details."),
    responses(
        (status = 202, description = "Accepted, successful operation.", body = BlueTapeIntegrationResult, example = json!(BlueTapeIntegrationResult::example())),
        (status = 400, description = "Invalid request: a malformed body or a field that breaks its constraints.", body = ErrorResponse, example = json!(ErrorResponse::new("400", "emailAddress: \"john.doe\" is not an e-mail address."))),
        (status = 404, description = "Not found: no customer has this id.", body = ErrorResponse, example = json!(DocumentedError::CustomerNotFound.body())),
        CommonErrors,
    )
)]
fn update_customer() {}

/// Link a company to a customer.
#[utoipa::path(
    post,
    path = LINK_COMPANY_CUSTOMER_PATH,
    operation_id = "linkCompanyCustomer",
    tag = "Company",
    summary = "Link a company to a customer",
    description = "Attaches an existing customer to the company named in the path.\n\n\
        **Success is 200 or 201, with the same body.** The published page contradicts itself: its example \
        says `HTTP 200`, its Responses table says `201 Created`. Both are documented so that every client \
        accepts what the server really sends; treat either as success.\n\n\
        **409 when the company has another customer.** The docs allow one customer per company \
        (code `company_can_have_only_one_customer`) but list no status for this case on this page. \
        Linking is refused because of the company's current state, not because the request is \
        malformed, so the spec documents it as 409 Conflict; clients should also accept that code \
        with 400, which the `ErrorResponse` schema of the 400 reply covers. Linking the customer \
        the company has already succeeds.",
    params(("id" = String, Path, format = "identifier", description = "Identifier of the company to attach the customer to.", example = "a0b9cedc32ce")),
    request_body(content = CustomerLink, description = "The customer to attach."),
    responses(
        (status = 200, description = "Linked, successful operation (the status of the published example).", body = BlueTapeIntegrationResult, example = json!(BlueTapeIntegrationResult::example())),
        (status = 201, description = "Created, successful operation (the status of the published Responses table).", body = BlueTapeIntegrationResult, example = json!(BlueTapeIntegrationResult::example())),
        (status = 400, description = "Invalid request: a malformed body or a field that breaks its constraints.", body = ErrorResponse, example = json!(ErrorResponse::new("400", "customerId: must not be empty."))),
        (status = 404, description = "Not found: the company or the customer does not exist.", body = ErrorResponse, example = json!(DocumentedError::CustomerNotFound.body())),
        (status = 409, description = "Conflict: the company has another customer already (code `company_can_have_only_one_customer`).", body = ErrorResponse, example = json!(DocumentedError::CompanyHasACustomer.body())),
        CommonErrors,
    )
)]
fn link_company_customer() {}

/// Get a customer's sign-up details.
#[utoipa::path(
    get,
    path = GET_CUSTOMER_SIGNUP_PATH,
    operation_id = "getCustomerSignup",
    tag = "Customer",
    summary = "Get customer sign-up details",
    description = "Gets the sign-up details of the customer named in the path. (The published snippets \
        declare `companyId` but use `customerId`: the path takes the customer's id.)",
    params(("id" = String, Path, format = "identifier", description = "Identifier of the customer.", example = "dc506b22c7fa")),
    responses(
        (status = 200, description = "Successful operation.", body = SignUpDetails, example = json!(SignUpDetails::example())),
        (status = 400, description = "Invalid request.", body = ErrorResponse, example = json!(ErrorResponse::new("400", "Invalid request."))),
        (status = 404, description = "Not found: no customer has this id.", body = ErrorResponse, example = json!(DocumentedError::CustomerNotFound.body())),
        CommonErrors,
    )
)]
fn get_customer_signup() {}
