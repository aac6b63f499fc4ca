//! The OpenAPI 3.1 document, assembled by utoipa from the model and the operations.

use utoipa::openapi::schema::{ArrayItems, Schema, SchemaFormat};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::openapi::{Components, RefOr};
use utoipa::{Modify, OpenApi};

use crate::company::{Company, CompanyCreated, CustomerSignUpUrl};
use crate::credit_details::{AgingOverdueBalance, CreditDetails};
use crate::customer::{
    CompanyCustomer, Customer, CustomerCreated, CustomerLink, CustomerUpdate, SignUpDetails,
};
use crate::error_response::ErrorResponse;
use crate::integration_result::BlueTapeIntegrationResult;
use crate::operations;

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
        (url = "https://api.bluetape.com/genericBthubService", description = "Production"),
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
    modifiers(&SecuritySchemes, &BareDecimals),
    security(("blueTapeKey" = [], "integrationAccountId" = [])),
    tags(
        (name = "Company", description = "Companies: the businesses that buy on credit, and their links to customers."),
        (name = "Customer", description = "Customers: the main contact of a company, and their sign-up URL.")
    )
)]
struct ApiDoc;

/// Adds the two header API keys, which the derive cannot declare.
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
    }
}

/// The format the model writes on `Decimal` fields (`#[schema(format = "decimal")]`), removed from
/// the document by [`BareDecimals`].
pub const DECIMAL_MARKER_FORMAT: &str = "decimal";

/// Turns the model's `format: decimal` marker into a bare `type: number`.
///
/// Amounts must reach generators as `type: number` with no format: Java's generator maps that to
/// `BigDecimal`, and it warns on any format it does not know, `decimal` included; `double` would make
/// them floats. utoipa cannot say "a number, no format" for a Rust type that is not a float, and an
/// inline custom schema loses the field's description (utoipa wraps it in an `allOf` with an object
/// type), so the model marks its decimals and this step removes the marker.
struct BareDecimals;

impl Modify for BareDecimals {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(Components { schemas, .. }) = openapi.components.as_mut() {
            schemas.values_mut().for_each(unmark_decimals);
        }
    }
}

fn unmark_decimals(schema: &mut RefOr<Schema>) {
    match schema {
        RefOr::T(Schema::Object(object)) => {
            if matches!(&object.format, Some(SchemaFormat::Custom(format)) if format == DECIMAL_MARKER_FORMAT)
            {
                object.format = None;
            }
            object.properties.values_mut().for_each(unmark_decimals);
        }
        RefOr::T(Schema::Array(array)) => {
            if let ArrayItems::RefOrSchema(items) = &mut array.items {
                unmark_decimals(items);
            }
        }
        _ => {}
    }
}

/// The OpenAPI 3.1 document of the API.
pub fn openapi() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    /// Every number schema of the document, with its JSON pointer.
    fn numbers(value: &Value, pointer: String, found: &mut Vec<(String, Value)>) {
        match value {
            Value::Object(fields) => {
                if fields.get("type") == Some(&Value::from("number")) {
                    found.push((pointer.clone(), value.clone()));
                }
                for (key, item) in fields {
                    if key != "example" {
                        numbers(item, format!("{pointer}/{key}"), found);
                    }
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    numbers(item, format!("{pointer}/{index}"), found);
                }
            }
            _ => {}
        }
    }

    #[test]
    fn amounts_are_bare_bounded_numbers() {
        let document = serde_json::to_value(super::openapi()).unwrap();
        let mut found = Vec::new();
        numbers(&document, String::new(), &mut found);
        // Nine amounts and the average invoice count in CreditDetails, and one in AgingOverdueBalance.
        assert_eq!(found.len(), 11, "{found:#?}");
        for (pointer, schema) in found {
            assert!(
                schema.get("format").is_none(),
                "{pointer} keeps a format: {schema}"
            );
            assert!(
                schema.get("maximum").is_some() && schema.get("minimum").is_some(),
                "{pointer}"
            );
            assert!(
                schema.get("description").is_some(),
                "{pointer} lost its description"
            );
        }
    }
}
