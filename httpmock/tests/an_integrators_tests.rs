//! An integrator's tests, written only against the published crates (bluetape-client,
//! bluetape-httpmock, httpmock): code that calls every operation of the API, tested against typed
//! doubles, including a 409, a 404 and the checks of what was called.

use bluetape_client::{Client, chrono, types};
use bluetape_httpmock::MockServerExt;
use httpmock::MockServer;

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.base_url())
        .api_key("test-key")
        .account_id("test-account")
        .build()
        .expect("a valid configuration")
}

fn date() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2023-01-04T09:47:57Z")
        .expect("an RFC 3339 literal")
        .to_utc()
}

fn company(id: &str) -> types::Company {
    types::Company::builder()
        .id(id)
        .business_name("Acme Inc.")
        .business_address("1400 24th Ave, San Francisco, CA 94122, USA")
        .source_modified_date(date())
        .try_into()
        .expect("a valid company")
}

/// The customer as the API's JSON, the way an integrator often keeps a fixture.
fn customer(id: &str) -> types::Customer {
    serde_json::from_value(serde_json::json!({
        "id": id,
        "firstName": "John",
        "lastName": "Doe",
        "emailAddress": "john.doe@example.com",
        "cellPhoneNumber": "+11234567890",
        "sourceModifiedDate": date(),
    }))
    .expect("a valid customer")
}

fn update() -> types::CustomerUpdate {
    serde_json::from_value(serde_json::json!({
        "firstName": "Mary",
        "lastName": "Smith",
        "emailAddress": "mary.smith@example.com",
        "cellPhoneNumber": "+11678902345",
        "sourceModifiedDate": date(),
    }))
    .expect("a valid update")
}

fn result(blue_tape_id: &str) -> types::BlueTapeIntegrationResult {
    types::BlueTapeIntegrationResult {
        blue_tape_id: blue_tape_id.into(),
    }
}

fn error(code: &str, reason: &str) -> types::ErrorResponse {
    types::ErrorResponse {
        code: code.into(),
        reason: reason.into(),
    }
}

fn sign_up(url: &str) -> types::SignUpDetails {
    types::SignUpDetails {
        sign_up_url: url.into(),
    }
}

/// The code under test: onboards a company, then its contact, and returns the contact's URL.
async fn onboard(client: &Client) -> Result<String, bluetape_client::Error> {
    client.create_company(company("co1")).await?;
    client.create_customer(customer("cu1")).await?;
    client.link_company_customer("co1", "cu1").await?;
    client.update_customer("cu1", update()).await?;
    Ok(client.get_customer_signup("cu1").await?.sign_up_url)
}

#[tokio::test]
async fn every_operation_through_typed_doubles() {
    let server = MockServer::start_async().await;
    let create_company = server.create_company(|when, then| {
        when.body(&company("co1"));
        then.created(&types::CompanyCreated {
            blue_tape_id: "b-co1".into(),
            sign_up_urls: vec![],
        });
    });
    let create_customer = server.create_customer(|when, then| {
        when.body(&customer("cu1"));
        then.created(&types::CustomerCreated {
            blue_tape_id: "b-cu1".into(),
            sign_up_url: "https://www.bluetape.com/signup?id=1".into(),
        });
    });
    let link = server.link_company_customer(|when, then| {
        when.id(&"co1".parse().expect("an id"))
            .body(&types::CustomerLink {
                customer_id: "cu1".parse().expect("an id"),
            });
        then.created(&result("b-co1"));
    });
    let update = server.update_customer(|when, then| {
        when.id(&"cu1".parse().expect("an id")).body(&update());
        then.accepted(&result("b-cu1"));
    });
    let signup = server.get_customer_signup(|when, then| {
        when.id(&"cu1".parse().expect("an id"));
        then.ok(&sign_up("https://www.bluetape.com/signup?id=1"));
    });

    let url = onboard(&client(&server)).await.unwrap();

    assert_eq!(url, "https://www.bluetape.com/signup?id=1");
    for mock in [create_company, create_customer, link, update, signup] {
        mock.assert_async().await;
    }
}

#[tokio::test]
async fn a_conflict_and_a_missing_record_reach_the_code_under_test() {
    let server = MockServer::start_async().await;
    let conflict = server.create_company(|_, then| {
        then.conflict(&error("409", "Company already exists."));
    });
    let missing = server.get_customer_signup(|when, then| {
        when.id(&"nobody".parse().expect("an id"));
        then.not_found(&error("404", "Customer not found."));
    });
    let client = client(&server);

    let error = onboard(&client).await.unwrap_err();
    assert!(error.is_conflict(), "{error:?}");
    assert_eq!(error.code(), Some("409"));
    let error = client.get_customer_signup("nobody").await.unwrap_err();
    assert!(error.is_not_found(), "{error:?}");

    conflict.assert_async().await;
    missing.assert_async().await;
    // Nothing after the failed create was sent.
    assert_eq!(conflict.calls_async().await, 1);
}
