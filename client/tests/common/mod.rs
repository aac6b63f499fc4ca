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

/// The sample ids of the operations below.
pub const CUSTOMER_ID: &str = "dc506b22c7fa";
pub const COMPANY_ID: &str = "a0b9cedc32ce";

pub fn customer() -> types::builder::Customer {
    test_support::customer(CUSTOMER_ID)
}

pub fn attached() -> types::CompanyCustomer {
    test_support::attached(CUSTOMER_ID)
}

pub fn company() -> types::builder::Company {
    test_support::company(COMPANY_ID)
}

pub use test_support::update;

/// Every operation, called once with valid input, as `(name, result as Debug text or error)`.
pub async fn call(client: &Client, operation: &str) -> Result<(), bluetape_client::Error> {
    match operation {
        "createCompany" => client.create_company(company()).await.map(drop),
        "createCustomer" => client.create_customer(customer()).await.map(drop),
        "updateCustomer" => client
            .update_customer(CUSTOMER_ID, update())
            .await
            .map(drop),
        "linkCompanyCustomer" => client
            .link_company_customer(COMPANY_ID, CUSTOMER_ID)
            .await
            .map(drop),
        "getCustomerSignup" => client.get_customer_signup(CUSTOMER_ID).await.map(drop),
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
