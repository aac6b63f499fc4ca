//! The mock's front door over raw HTTP: what every request meets before an operation serves it
//! (routing, 404 and 405, body limit and media type, path parameters, request ids, credentials).

use bluetape_mock::{
    BODY_LIMIT_BYTES, DEFAULT_ACCOUNT_ID, DEFAULT_API_KEY, MockConfig, REQUEST_ID_HEADER,
    RunningMock,
};
use serde_json::{Value, json};

const CUSTOMER: &str = r#"{"firstName":"John","lastName":"Doe","emailAddress":"john@example.com",
    "cellPhoneNumber":"+11234567890","sourceModifiedDate":"2023-01-04T09:47:57Z"}"#;

/// A reply: status, headers, body as JSON.
struct Reply {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Value,
}

async fn send(mock: &RunningMock, method: &str, path: &str, body: Option<String>) -> Reply {
    send_with(mock, method, path, body, &[]).await
}

async fn send_with(
    mock: &RunningMock,
    method: &str,
    path: &str,
    body: Option<String>,
    headers: &[(&str, &str)],
) -> Reply {
    let mut request = reqwest::Client::new()
        .request(
            method.parse().expect("a method"),
            format!("{}{path}", mock.url()),
        )
        .header("x-bluetape-key", DEFAULT_API_KEY)
        .header("x-integration-accountid", DEFAULT_ACCOUNT_ID);
    if !headers.iter().any(|(name, _)| *name == "content-type") {
        request = request.header("content-type", "application/json");
    }
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    if let Some(body) = body {
        request = request.body(body);
    }
    let response = request.send().await.expect("the mock answers");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.expect("a body");
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    Reply {
        status,
        headers,
        body,
    }
}

/// A mock with the default configuration.
async fn started() -> RunningMock {
    RunningMock::start(MockConfig::default())
        .await
        .expect("the mock starts")
}

fn customer(id: &str) -> String {
    let mut customer: Value = serde_json::from_str(CUSTOMER).expect("valid JSON");
    customer["id"] = json!(id);
    customer.to_string()
}

#[tokio::test]
async fn a_documented_path_with_another_method_is_405_listing_the_allowed_one() {
    let mock = started().await;
    let reply = send(&mock, "DELETE", "/integration/customer/c1", None).await;
    assert_eq!(reply.status, 405);
    assert_eq!(reply.headers["allow"], "PUT");
    assert_eq!(
        reply.body,
        json!({"code": "405", "reason": "Method not allowed."})
    );
    // HEAD is not in the document either (axum used to answer it as a GET).
    let reply = send(&mock, "HEAD", "/integration/customer/c1/signup", None).await;
    assert_eq!(
        (reply.status, &reply.headers["allow"]),
        (405, &"GET".parse().unwrap())
    );
    let reply = send(&mock, "GET", "/integration/company", None).await;
    assert_eq!(
        (reply.status, &reply.headers["allow"]),
        (405, &"POST".parse().unwrap())
    );
    mock.shutdown().await.unwrap();
}

#[tokio::test]
async fn an_unknown_path_is_404_even_without_credentials() {
    let mock = started().await;
    let reply = reqwest::get(format!("{}/integration/nothing", mock.url()))
        .await
        .unwrap();
    assert_eq!(reply.status().as_u16(), 404);
    let body: Value = reply.json().await.unwrap();
    assert_eq!(body, json!({"code": "404", "reason": "Not found."}));
    let entries = mock.journal(None);
    assert_eq!(entries.len(), 1);
    assert_eq!(
        (entries[0].status, &entries[0].operation),
        (Some(404), &None)
    );
    mock.shutdown().await.unwrap();
}

#[tokio::test]
async fn every_reply_has_a_request_id_the_callers_when_it_sent_one() {
    let mock = started().await;
    let mine = send_with(
        &mock,
        "GET",
        "/integration/customer/nobody/signup",
        None,
        &[("x-request-id", "my-id-1")],
    )
    .await;
    assert_eq!(mine.headers[REQUEST_ID_HEADER.as_str()], "my-id-1");
    let first = send(&mock, "GET", "/integration/customer/nobody/signup", None).await;
    let second = send(&mock, "POST", "/nowhere", None).await;
    let (first, second) = (
        &first.headers[REQUEST_ID_HEADER.as_str()],
        &second.headers[REQUEST_ID_HEADER.as_str()],
    );
    assert_ne!(first, second);
    assert_eq!(first.len(), 36, "a UUID: {first:?}");
    let journal = mock.journal(None);
    assert_eq!(journal[0].request_id.as_deref(), Some("my-id-1"));
    assert_eq!(
        journal[1].request_id.as_deref(),
        first.to_str().ok(),
        "the journal names the id the reply carried"
    );
    mock.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_body_over_the_limit_is_413_and_another_media_type_400() {
    let mock = started().await;
    let huge = format!("\"{}\"", "x".repeat(BODY_LIMIT_BYTES));
    let reply = send(&mock, "POST", "/integration/customer", Some(huge)).await;
    assert_eq!(reply.status, 413);
    assert_eq!(
        reply.body["reason"],
        format!("body: larger than {BODY_LIMIT_BYTES} bytes.")
    );
    let reply = send_with(
        &mock,
        "POST",
        "/integration/customer",
        Some(customer("c1")),
        &[("content-type", "text/plain")],
    )
    .await;
    assert_eq!(reply.status, 400);
    assert_eq!(
        reply.body["reason"],
        "body: expected Content-Type: application/json."
    );
    let reply = send(&mock, "POST", "/integration/customer", Some("{".into())).await;
    assert_eq!(reply.status, 400);
    assert!(
        reply.body["reason"]
            .as_str()
            .unwrap()
            .starts_with("body: malformed JSON"),
        "{}",
        reply.body
    );
    assert!(mock.store().customer("c1").is_none());
    mock.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_path_id_is_percent_decoded_and_must_be_utf8() {
    let mock = started().await;
    let spaced_and_slashed = customer("a b/c");
    let created = send(
        &mock,
        "POST",
        "/integration/customer",
        Some(spaced_and_slashed),
    )
    .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let reply = send(&mock, "GET", "/integration/customer/a%20b%2Fc/signup", None).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["signUpUrl"], created.body["signUpUrl"]);
    let reply = send(&mock, "GET", "/integration/customer/%FF/signup", None).await;
    assert_eq!(reply.status, 400);
    assert_eq!(reply.body["reason"], "id: not UTF-8 once percent-decoded.");
    mock.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_missing_credential_is_401_before_the_body_is_looked_at() {
    let mock = started().await;
    let reply = reqwest::Client::new()
        .post(format!("{}/integration/customer", mock.url()))
        .header("x-bluetape-key", DEFAULT_API_KEY)
        .body("not even JSON")
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status().as_u16(), 401);
    mock.shutdown().await.unwrap();
}

/// The amounts' range is checked digit for digit: one past 7.9 × 10²⁸ is refused naming the field,
/// though as a binary float it equals the bound; the bound itself and 27 significant digits are
/// stored exactly.
#[tokio::test]
async fn an_amount_is_checked_and_stored_digit_for_digit() {
    let mock = started().await;
    let company = |id: &str, amount: &str| {
        format!(
            r#"{{"id":"{id}","businessName":"Acme","businessAddress":"1 Main St",
            "sourceModifiedDate":"2023-01-04T09:47:57Z","creditDetails":{{"creditAmount":{amount}}}}}"#
        )
    };
    let refused = send(
        &mock,
        "POST",
        "/integration/company",
        Some(company("co1", "79000000000000000000000000001")),
    )
    .await;
    assert_eq!(refused.status, 400, "{}", refused.body);
    let reason = refused.body["reason"].as_str().unwrap();
    assert!(
        reason.starts_with("creditDetails.creditAmount: 79000000000000000000000000001 is outside"),
        "{reason}"
    );
    for (id, amount) in [
        ("co2", "79000000000000000000000000000"),
        ("co3", "1234567890123456789012345.67"),
    ] {
        let created = send(
            &mock,
            "POST",
            "/integration/company",
            Some(company(id, amount)),
        )
        .await;
        assert_eq!(created.status, 201, "{}", created.body);
        let stored = mock.store().company(id).unwrap().company.credit_details;
        let stored = stored.and_then(|details| details.credit_amount);
        assert_eq!(
            stored.map(|amount| amount.to_string()).as_deref(),
            Some(amount)
        );
    }
    mock.shutdown().await.unwrap();
}
