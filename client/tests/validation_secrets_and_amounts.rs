//! Bad input is refused before sending, naming the field; secrets never print; amounts are exact.

mod common;

use bluetape_client::{Amount, Client, Error, types};
use common::{ACCOUNT_ID, API_KEY, client};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Calls `operation` against a server that must receive nothing, and returns the refused field.
async fn refused_field(operation: impl AsyncFnOnce(&Client) -> Result<(), Error>) -> String {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    match operation(&client(&server)).await {
        Err(Error::InvalidRequest { field, .. }) => field,
        other => panic!("expected an invalid request, got {other:?}"),
    }
}

#[tokio::test]
async fn a_phone_not_in_e164_or_a_bad_email_is_refused_before_sending() {
    let phone = common::customer().cell_phone_number("11234567890");
    assert_eq!(
        refused_field(async |c| c.create_customer(phone).await.map(drop)).await,
        "cellPhoneNumber"
    );
    let email = common::update().email_address("john.doe");
    assert_eq!(
        refused_field(async |c| c.update_customer("c1", email).await.map(drop)).await,
        "emailAddress"
    );
}

#[tokio::test]
async fn empty_ids_are_refused_before_sending() {
    assert_eq!(
        refused_field(async |c| c.create_customer(common::customer().id("")).await.map(drop)).await,
        "id"
    );
    assert_eq!(
        refused_field(async |c| c.get_customer_signup("").await.map(drop)).await,
        "id"
    );
    assert_eq!(
        refused_field(async |c| c.link_company_customer("a", "").await.map(drop)).await,
        "customerId"
    );
    assert_eq!(
        refused_field(async |c| c.link_company_customer("", "b").await.map(drop)).await,
        "id"
    );
}

#[tokio::test]
async fn dot_segment_path_ids_are_refused_before_sending() {
    // URL normalisation would drop them, sending the request to another route.
    for id in [".", ".."] {
        assert_eq!(
            refused_field(async |c| c.get_customer_signup(id).await.map(drop)).await,
            "id"
        );
        assert_eq!(
            refused_field(async |c| c.update_customer(id, common::update()).await.map(drop)).await,
            "id"
        );
        assert_eq!(
            refused_field(async |c| c.link_company_customer(id, "b").await.map(drop)).await,
            "id"
        );
    }
}

#[tokio::test]
async fn second_customer_is_refused_before_sending() {
    let customer = common::attached();
    let two = common::company().customers(vec![customer.clone(), customer]);
    assert_eq!(
        refused_field(async |c| c.create_company(two).await.map(drop)).await,
        "customers"
    );
}

#[tokio::test]
async fn bad_email_of_an_attached_customer_names_its_index() {
    let mut customer = common::attached();
    customer.email_address = "nope".into();
    let company = common::company().customers(vec![customer]);
    assert_eq!(
        refused_field(async |c| c.create_company(company).await.map(drop)).await,
        "customers[0].emailAddress"
    );
}

#[tokio::test]
async fn secrets_never_appear_in_debug_display_errors_or_logs() {
    let captured = test_support::CapturedLogs::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(captured.writer())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(401).set_body_raw(
            r#"{"code":"401","reason":"Unauthorized."}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    let builder = Client::builder()
        .base_url(server.uri())
        .api_key(API_KEY)
        .account_id(ACCOUNT_ID);
    let client = client(&server);
    let mut printed = vec![
        format!("{builder:?}"),
        format!("{client:?}"),
        format!("{client:#?}"),
    ];
    for error in [
        client.get_customer_signup("c1").await.unwrap_err(),
        client
            .create_customer(common::customer())
            .await
            .unwrap_err(),
        Client::builder()
            .account_id(ACCOUNT_ID)
            .base_url("http://127.0.0.1:1")
            .api_key("")
            .build()
            .unwrap_err(),
        Client::builder()
            .api_key(format!("{API_KEY}\n"))
            .account_id(ACCOUNT_ID)
            .build()
            .unwrap_err(),
    ] {
        printed.push(format!("{error}"));
        printed.push(format!("{error:?}"));
        printed.push(format!("{error:#?}"));
    }
    let logs = captured.text();
    assert!(
        logs.contains("retrying BlueTape request"),
        "the retry log line is captured: {logs}"
    );
    printed.push(logs);
    for text in printed {
        assert!(
            !text.contains(API_KEY) && !text.contains(ACCOUNT_ID),
            "a secret leaked: {text}"
        );
    }
}

#[tokio::test]
async fn amounts_travel_as_exact_json_numbers() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(201).set_body_raw(r#"{"blueTapeId":"b"}"#, "application/json"),
        )
        .mount(&server)
        .await;
    let amounts = [
        "888.33",
        "0.1",
        "9876543210123.45",
        "1234567890123456789012345.67",
    ];
    let details = types::CreditDetails::builder()
        .credit_amount(Some(amounts[0].parse::<Amount>().unwrap()))
        .outstanding_amount(Some(amounts[1].parse::<Amount>().unwrap()))
        .overdue_balance(Some(amounts[2].parse::<Amount>().unwrap()))
        .invoices_overall_amount(Some(amounts[3].parse::<Amount>().unwrap()));
    client(&server)
        .create_company(common::company().credit_details(Some(details.try_into().unwrap())))
        .await
        .unwrap();
    let body =
        String::from_utf8(server.received_requests().await.unwrap()[0].body.clone()).unwrap();
    for (field, amount) in [
        "creditAmount",
        "outstandingAmount",
        "overdueBalance",
        "invoicesOverallAmount",
    ]
    .iter()
    .zip(amounts)
    {
        assert!(
            body.contains(&format!("\"{field}\":{amount}")),
            "{field} is not {amount} in {body}"
        );
    }
    // And back: a reply's numbers are read digit for digit.
    let read: types::CreditDetails = serde_json::from_str(
        r#"{"creditAmount":888.33,"outstandingAmount":0.1,"overdueBalance":10000}"#,
    )
    .unwrap();
    assert_eq!(read.credit_amount.unwrap().to_string(), "888.33");
    assert_eq!(read.outstanding_amount.unwrap().to_string(), "0.1");
    assert_eq!(read.overdue_balance.unwrap().to_string(), "10000");
    assert_eq!(
        serde_json::to_string(&read).unwrap(),
        r#"{"creditAmount":888.33,"outstandingAmount":0.1,"overdueBalance":10000}"#
    );
}
