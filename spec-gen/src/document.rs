//! The OpenAPI 3.1 document, assembled by utoipa from the model and the operations.

use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityRequirement, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::company::{Company, CompanyCreated, CustomerSignUpUrl, OneCustomerPerCompany};
use crate::credit_details::{AgingOverdueBalance, CreditDetails};
use crate::customer::{
    CompanyCustomer, Customer, CustomerCreated, CustomerLink, CustomerUpdate, SignUpDetails,
};
use crate::error_response::ErrorResponse;
use crate::integration_result::BlueTapeIntegrationResult;
use crate::markdown_pages::MarkdownPages;
use crate::operations;
use crate::vocabulary::Vocabulary;
use crate::workflows::Workflows;

/// Name of the security scheme for the `X-BlueTape-Key` header.
pub const API_KEY_SCHEME: &str = "blueTapeKey";
/// Name of the security scheme for the `X-Integration-AccountId` header.
pub const ACCOUNT_ID_SCHEME: &str = "integrationAccountId";
/// Header carrying the API key.
pub const API_KEY_HEADER: &str = "X-BlueTape-Key";
/// Header carrying the integration account id.
pub const ACCOUNT_ID_HEADER: &str = "X-Integration-AccountId";
/// The production server.
pub const PRODUCTION_URL: &str = "https://api.bluetape.com/genericBthubService";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "BlueTape Integration API",
        description = "Create companies and customers in BlueTape, link them, and get each customer's \
            sign-up URL.\n\nEvery call is authenticated by two headers, `X-BlueTape-Key` and \
            `X-Integration-AccountId`, both required.\n\nAmounts are exact decimals sent as JSON numbers \
            (`888.33`); read them into a decimal type, not a binary float. Optional fields are left out \
            when unset: they are never `null`.",
        license(name = "Apache-2.0", url = "https://www.apache.org/licenses/LICENSE-2.0"),
        contact(name = "BlueTape OpenAPI toolkit", url = "https://github.com/bluetape/bluetape-openapi")
    ),
    servers(
        (url = PRODUCTION_URL, description = "Production"),
        (url = "http://127.0.0.1:{port}", description = "Local mock server (`bluetape-mock`)",
            variables(("port" = (default = "8080", description = "Port the mock server listens on"))))
    ),
    paths(
        operations::create_company,
        operations::link_company_customer,
        operations::create_customer,
        operations::update_customer,
        operations::get_customer_signup,
    ),
    components(schemas(
        Company, CreditDetails, AgingOverdueBalance, CompanyCreated, CustomerSignUpUrl,
        CompanyCustomer, Customer, CustomerUpdate, CustomerLink, CustomerCreated, SignUpDetails,
        BlueTapeIntegrationResult, ErrorResponse,
    )),
    modifiers(&SecuritySchemes, &Vocabulary, &OneCustomerPerCompany, &Workflows, &MarkdownPages),
    tags(
        (name = "Company", description = "Companies: the businesses that buy on credit, and their links to customers."),
        (name = "Customer", description = "Customers: the main contact of a company, and their sign-up URL.")
    )
)]
struct ApiDoc;

/// Adds the two header API keys, which the derive cannot declare, and requires both on every
/// operation.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            API_KEY_SCHEME,
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                API_KEY_HEADER,
                "Your BlueTape API key.",
            ))),
        );
        components.add_security_scheme(
            ACCOUNT_ID_SCHEME,
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                ACCOUNT_ID_HEADER,
                "Your integration account id.",
            ))),
        );
        let both = SecurityRequirement::new(API_KEY_SCHEME, Vec::<String>::new())
            .add(ACCOUNT_ID_SCHEME, Vec::<String>::new());
        openapi.security = Some(vec![both]);
    }
}

/// The OpenAPI 3.1 document of the API, as utoipa derives it: [`render::document`](crate::render::document)
/// adds the code samples.
pub fn openapi() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// Every operation of a document as JSON (the API's 3.1 or 3.0.3 one), in the document's order:
/// its method (lower case), its path and the operation object.
pub fn operations_of(
    openapi: &serde_json::Value,
) -> impl Iterator<Item = (&str, &str, &serde_json::Value)> {
    openapi["paths"]
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(path, item)| Some((path, item.as_object()?)))
        .flat_map(|(path, item)| {
            item.iter()
                .filter(|(_, operation)| operation["operationId"].is_string())
                .map(move |(method, operation)| (method.as_str(), path.as_str(), operation))
        })
}
