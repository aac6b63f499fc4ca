
// --- Throwaway operations of the add-an-operation drill (.ci/add_operation_drill.sh). ---

/// Path of `getCompanyDrill`.
pub const GET_COMPANY_DRILL_PATH: &str = "/integration/company/{id}/drill";

/// Drill: a GET.
#[utoipa::path(
    get,
    path = GET_COMPANY_DRILL_PATH,
    operation_id = "getCompanyDrill",
    tag = "Company",
    summary = "Get a company (drill)",
    description = "A throwaway GET of the add-an-operation drill.",
    params(("id" = String, Path, format = "identifier", description = "Identifier of the company.", example = "a0b9cedc32ce")),
    responses(
        (status = 200, description = "Successful operation.", body = BlueTapeIntegrationResult, example = json!(BlueTapeIntegrationResult::example())),
        (status = 404, description = "Not found.", body = ErrorResponse, example = json!(DocumentedError::NotFound.body())),
        CommonErrors,
    )
)]
fn get_company_drill() {}

/// Drill: a POST whose body carries an amount.
#[utoipa::path(
    post,
    path = "/integration/company/import-drill",
    operation_id = "importCompanyDrill",
    tag = "Company",
    summary = "Import a company (drill)",
    description = "A throwaway POST of the add-an-operation drill; its body carries amounts.",
    request_body(content = Company, description = "The company to import."),
    responses(
        (status = 201, description = "Created, successful operation.", body = CompanyCreated, example = json!(CompanyCreated::example())),
        (status = 400, description = "Invalid request.", body = ErrorResponse, example = json!(ErrorResponse::new("400", "Invalid request."))),
        CommonErrors,
    )
)]
fn import_company_drill() {}

/// Drill: a PUT whose body has amounts at its top level.
#[utoipa::path(
    put,
    path = "/integration/company/{id}/credit-drill",
    operation_id = "updateCompanyCreditDrill",
    tag = "Company",
    summary = "Update a company's credit (drill)",
    description = "A throwaway PUT of the add-an-operation drill; amounts at the body's top level.",
    params(("id" = String, Path, format = "identifier", description = "Identifier of the company.", example = "a0b9cedc32ce")),
    request_body(content = crate::credit_details::CreditDetails, description = "The new credit details."),
    responses(
        (status = 202, description = "Accepted, successful operation.", body = BlueTapeIntegrationResult, example = json!(BlueTapeIntegrationResult::example())),
        (status = 400, description = "Invalid request.", body = ErrorResponse, example = json!(ErrorResponse::new("400", "Invalid request."))),
        CommonErrors,
    )
)]
fn update_company_credit_drill() {}
