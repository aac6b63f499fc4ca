//! Helpers shared by the client's tests: a client pointed at a wiremock server, and sample bodies.

#![allow(dead_code)]

use std::time::Duration;

use bluetape_client::{Client, RetryPolicy, types};
use wiremock::MockServer;

pub const API_KEY: &str = "test-key-5f2a9c";
pub const ACCOUNT_ID: &str = "test-account-81d3e7";

/// A client for `server` with quick retries, so retry tests take milliseconds.
pub fn client(server: &MockServer) -> Client {
    client_with(
        server,
        RetryPolicy::default().with_initial_backoff(Duration::from_millis(5)),
    )
}

pub fn client_with(server: &MockServer, retry: RetryPolicy) -> Client {
    builder(server)
        .retry_policy(retry)
        .build()
        .expect("a valid configuration")
}

/// A builder for `server` with the test credentials, for tests that set more (timeouts).
pub fn builder(server: &MockServer) -> bluetape_client::ClientBuilder {
    Client::builder()
        .base_url(server.uri())
        .api_key(API_KEY)
        .account_id(ACCOUNT_ID)
}

pub fn date() -> chrono::DateTime<chrono::Utc> {
    "2023-01-04T09:47:57.477Z".parse().expect("a valid date")
}

pub fn customer() -> types::builder::Customer {
    types::Customer::builder()
        .id("dc506b22c7fa")
        .first_name("John")
        .last_name("Doe")
        .email_address("john.doe@example.com")
        .cell_phone_number("+11234567890")
        .source_modified_date(date())
}

/// A customer created with its company.
pub fn attached() -> types::CompanyCustomer {
    types::CompanyCustomer::builder()
        .id("dc506b22c7fa")
        .first_name("John")
        .last_name("Doe")
        .email_address("john.doe@example.com")
        .cell_phone_number("+11234567890")
        .source_modified_date(date())
        .try_into()
        .expect("a valid customer")
}

pub fn company() -> types::builder::Company {
    types::Company::builder()
        .id("a0b9cedc32ce")
        .business_name("Acme Inc.")
        .business_address("1400 24th Ave, San Francisco, CA 94122, USA")
        .source_modified_date(date())
}

pub fn update() -> types::builder::CustomerUpdate {
    types::CustomerUpdate::builder()
        .first_name("John")
        .last_name("Doe")
        .email_address("john.doe@example.com")
        .cell_phone_number("+11234567890")
        .source_modified_date(date())
}

/// Every operation, called once with valid input, as `(name, result as Debug text or error)`.
pub async fn call(client: &Client, operation: &str) -> Result<(), bluetape_client::Error> {
    match operation {
        "createCompany" => client.create_company(company()).await.map(drop),
        "createCustomer" => client.create_customer(customer()).await.map(drop),
        "updateCustomer" => client
            .update_customer("dc506b22c7fa", update())
            .await
            .map(drop),
        "linkCompanyCustomer" => client
            .link_company_customer("a0b9cedc32ce", "dc506b22c7fa")
            .await
            .map(drop),
        "getCustomerSignup" => client.get_customer_signup("dc506b22c7fa").await.map(drop),
        other => panic!("unknown operation {other}"),
    }
}

/// `(operationId, method, path, success status, success body)` of every operation.
pub const OPERATIONS: [(&str, &str, &str, u16, &str); 5] = [
    (
        "createCompany",
        "POST",
        "/integration/company",
        201,
        r#"{"blueTapeId":"b1","signUpUrls":[]}"#,
    ),
    (
        "createCustomer",
        "POST",
        "/integration/customer",
        201,
        r#"{"blueTapeId":"b2","signUpUrl":"https://www.bluetape.com/signup?id=1"}"#,
    ),
    (
        "updateCustomer",
        "PUT",
        "/integration/customer/dc506b22c7fa",
        202,
        r#"{"blueTapeId":"b2"}"#,
    ),
    (
        "linkCompanyCustomer",
        "POST",
        "/integration/company/a0b9cedc32ce/customer",
        201,
        r#"{"blueTapeId":"b1"}"#,
    ),
    (
        "getCustomerSignup",
        "GET",
        "/integration/customer/dc506b22c7fa/signup",
        200,
        r#"{"signUpUrl":"https://www.bluetape.com/signup?id=1"}"#,
    ),
];

/// The documented error statuses of each operation.
pub fn documented_errors(operation: &str) -> &'static [u16] {
    match operation {
        "createCompany" | "createCustomer" | "linkCompanyCustomer" => &[400, 401, 404, 409, 500],
        _ => &[400, 401, 404, 500],
    }
}
