//! The test kit of `bluetape-mock` as an integrator uses it: the control API over HTTP (reset,
//! journal, faults), `Prefer: code=` steering, the admin token beyond loopback, and the client's
//! resilience (retries, `Retry-After`, timeouts, dropped connections) proven against real faults,
//! counting attempts in the journal.

use std::time::{Duration, Instant};

use bluetape_client::{Client, Error, RetryPolicy};
use bluetape_mock::{ADMIN_PREFIX, MockConfig, RunningMock};
use serde_json::{Value, json};
use test_support::{attached, company, customer};

/// Credentials distinctive enough that finding them in the journal is a leak.
const API_KEY: &str = "kit-key-5c1e8a77";
const ACCOUNT_ID: &str = "kit-account-0d93f2";

async fn mock() -> RunningMock {
    RunningMock::start(MockConfig::with_credentials(API_KEY, ACCOUNT_ID))
        .await
        .expect("the mock starts")
}

fn client(mock: &RunningMock, retry: RetryPolicy) -> Client {
    Client::builder()
        .base_url(mock.url())
        .api_key(API_KEY)
        .account_id(ACCOUNT_ID)
        .retry_policy(retry)
        .build()
        .expect("a valid configuration")
}

/// A quick retry policy: the backoff is not what these tests measure.
fn quick_retries() -> RetryPolicy {
    RetryPolicy::default().with_initial_backoff(Duration::from_millis(20))
}

/// Calls the control API: `method` on `path` (under the prefix) with an optional JSON body.
async fn control(
    mock: &RunningMock,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let http = reqwest::Client::new();
    let url = format!("{}{ADMIN_PREFIX}{path}", mock.url());
    let mut request = http.request(method.parse().expect("a method"), url);
    match body {
        Some(body) => request = request.json(&body),
        // The control API's POSTs take JSON only (no page can send that cross-site unasked).
        None if method == "POST" => {
            request = request.header("content-type", "application/json");
        }
        None => {}
    }
    let response = request.send().await.expect("the control API answers");
    let status = response.status().as_u16();
    let text = response.text().await.expect("a body");
    let value = serde_json::from_str(&text).unwrap_or(Value::Null);
    (status, value)
}

async fn set_fault(mock: &RunningMock, rule: Value) {
    let (status, reply) = control(mock, "POST", "/faults", Some(rule)).await;
    assert_eq!(status, 201, "{reply}");
}

async fn statuses(mock: &RunningMock, operation: &str) -> Vec<Option<u64>> {
    let (_, journal) = control(
        mock,
        "GET",
        &format!("/journal?operation={operation}"),
        None,
    )
    .await;
    journal["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|entry| entry["status"].as_u64())
        .collect()
}

/// A mock holding company `co1` with its customer `cu1`, and a client of it that does not retry.
async fn with_company_and_its_customer() -> (RunningMock, Client) {
    let mock = mock().await;
    let client = client(&mock, RetryPolicy::none());
    client
        .create_company(company("co1").customers(vec![attached("cu1")]))
        .await
        .expect("the company is created");
    (mock, client)
}

/// Whether reading `customer`'s sign-up URL fails with the API's 404.
async fn is_not_found(client: &Client, customer: &str) -> bool {
    client
        .get_customer_signup(customer)
        .await
        .is_err_and(|error| error.is_not_found())
}

#[tokio::test]
async fn reset_empties_the_store_the_journal_and_the_faults() {
    let (mock, client) = with_company_and_its_customer().await;
    set_fault(&mock, json!({"fault": {"type": "status", "status": 503}})).await;
    assert_eq!(control(&mock, "POST", "/reset", None).await.0, 204);
    assert_eq!(mock.store().counts(), (0, 0));
    assert_eq!(control(&mock, "GET", "/faults", None).await.1, json!([]));
    assert_eq!(
        control(&mock, "GET", "/journal", None).await.1["entries"],
        json!([])
    );
    // The fault is gone and so is the customer: a plain 404.
    assert!(is_not_found(&client, "cu1").await);
}

#[tokio::test]
async fn the_journal_lists_exactly_the_requests_made_without_credentials() {
    let mock = mock().await;
    let client = client(&mock, RetryPolicy::none());
    let created = client
        .create_company_with_response(company("co1"))
        .await
        .unwrap();
    client.create_customer(customer("cu1")).await.unwrap();
    let missing = client.get_customer_signup("nobody").await.unwrap_err();

    let (status, journal) = control(&mock, "GET", "/journal", None).await;
    assert_eq!(status, 200);
    let entries = journal["entries"].as_array().unwrap();
    let seen: Vec<(&str, &str, u64)> = entries
        .iter()
        .map(|entry| {
            (
                entry["method"].as_str().unwrap(),
                entry["operation"].as_str().unwrap(),
                entry["status"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("POST", "createCompany", 201),
            ("POST", "createCustomer", 201),
            ("GET", "getCustomerSignup", 404),
        ]
    );
    assert_eq!(entries[0]["body"]["id"], "co1");
    assert_eq!(entries[0]["requestId"], created.request_id().unwrap());
    assert_eq!(entries[2]["requestId"], missing.request_id().unwrap());
    assert_eq!(entries[2]["path"], "/integration/customer/nobody/signup");
    assert_eq!(entries[0]["headers"]["x-bluetape-key"], "[redacted]");
    let text = journal.to_string();
    assert!(
        !text.contains(API_KEY) && !text.contains(ACCOUNT_ID),
        "{text}"
    );
    // Filtered by operation, and the same from Rust.
    assert_eq!(statuses(&mock, "createCustomer").await, [Some(201)]);
    assert_eq!(mock.journal(Some("getCustomerSignup")).len(), 1);
}

#[tokio::test]
async fn a_429_with_retry_after_makes_a_get_wait_and_succeed_and_a_post_fail_at_once() {
    let mock = mock().await;
    let client = client(&mock, quick_retries());
    client.create_customer(customer("cu1")).await.unwrap();
    let too_many = |operation: &str| {
        json!({"operation": operation, "times": 1,
               "fault": {"type": "status", "status": 429, "retryAfterSeconds": 1}})
    };

    set_fault(&mock, too_many("getCustomerSignup")).await;
    let started = Instant::now();
    client.get_customer_signup("cu1").await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        statuses(&mock, "getCustomerSignup").await,
        [Some(429), Some(200)]
    );

    set_fault(&mock, too_many("createCompany")).await;
    let started = Instant::now();
    let error = client.create_company(company("co1")).await.unwrap_err();
    assert_eq!(error.status().map(|status| status.as_u16()), Some(429));
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(statuses(&mock, "createCompany").await, [Some(429)]);
}

#[tokio::test]
async fn a_get_survives_a_503_and_a_dropped_connection_and_a_post_is_not_resent() {
    let mock = mock().await;
    let client = client(&mock, quick_retries());
    client.create_customer(customer("cu1")).await.unwrap();
    set_fault(
        &mock,
        json!({"operation": "getCustomerSignup", "times": 1, "fault": {"type": "status", "status": 503}}),
    )
    .await;
    client.get_customer_signup("cu1").await.unwrap();
    set_fault(
        &mock,
        json!({"operation": "getCustomerSignup", "times": 1, "fault": {"type": "drop"}}),
    )
    .await;
    client.get_customer_signup("cu1").await.unwrap();
    assert_eq!(
        statuses(&mock, "getCustomerSignup").await,
        [Some(503), Some(200), None, Some(200)]
    );
    let journal = mock.journal(Some("getCustomerSignup"));
    assert_eq!(journal[2].fault.as_deref(), Some("drop"));

    // A POST whose connection drops is not sent again: it may have been applied.
    set_fault(
        &mock,
        json!({"operation": "createCompany", "times": 1, "fault": {"type": "drop"}}),
    )
    .await;
    let error = client.create_company(company("co1")).await.unwrap_err();
    assert!(matches!(error, Error::Connection(_)), "{error:?}");
    assert_eq!(statuses(&mock, "createCompany").await, [None]);
}

#[tokio::test]
async fn latency_beyond_the_timeout_times_out_every_attempt() {
    let mock = mock().await;
    let client = client(&mock, quick_retries()).with_timeout(Duration::from_millis(200));
    set_fault(
        &mock,
        json!({"operation": "getCustomerSignup", "fault": {"type": "latency", "milliseconds": 1500}}),
    )
    .await;
    let error = client.get_customer_signup("cu1").await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    // The first attempt and both retries reached the mock; none was answered in time.
    assert_eq!(
        mock.journal(Some("getCustomerSignup")).len(),
        1 + quick_retries().max_retries() as usize
    );
    // Latency delays, then the operation runs: without the timeout it answers.
    let patient = client.with_timeout(Duration::from_secs(5));
    assert!(is_not_found(&patient, "cu1").await);
}

#[tokio::test]
async fn a_seeded_fault_with_a_probability_gives_the_same_sequence_twice() {
    let mock = mock().await;
    let client = client(&mock, RetryPolicy::none());
    let mut runs = Vec::new();
    for _ in 0..2 {
        control(&mock, "POST", "/reset", None).await;
        client.create_customer(customer("cu1")).await.unwrap();
        set_fault(
            &mock,
            json!({"operation": "getCustomerSignup", "probability": 0.5, "seed": 42,
                   "fault": {"type": "status", "status": 503}}),
        )
        .await;
        let mut run = Vec::new();
        for _ in 0..24 {
            run.push(client.get_customer_signup("cu1").await.is_ok());
        }
        runs.push(run);
    }
    assert_eq!(runs[0], runs[1]);
    let successes = runs[0].iter().filter(|ok| **ok).count();
    assert!((4..=20).contains(&successes), "{successes} of 24 succeeded");
}

#[tokio::test]
async fn faults_the_mock_cannot_apply_are_refused_naming_the_field() {
    let mock = mock().await;
    for (rule, field) in [
        (
            json!({"operation": "nope", "fault": {"type": "drop"}}),
            "operation",
        ),
        (
            json!({"fault": {"type": "status", "status": 200}}),
            "fault.status",
        ),
        (
            json!({"fault": {"type": "drop"}, "probability": 2}),
            "probability",
        ),
    ] {
        let (status, reply) = control(&mock, "POST", "/faults", Some(rule)).await;
        assert_eq!(status, 400);
        assert!(
            reply["reason"].as_str().unwrap().starts_with(field),
            "{reply}"
        );
    }
    let (status, reply) = control(
        &mock,
        "POST",
        "/faults",
        Some(json!({"fault": {"type": "explode"}})),
    )
    .await;
    assert_eq!(status, 400, "{reply}");
    assert_eq!(control(&mock, "DELETE", "/faults/99", None).await.0, 404);
    assert!(mock.faults().is_empty());
}

#[tokio::test]
async fn prefer_steers_a_request_to_a_documented_status_with_its_example() {
    let mock = mock().await;
    let http = reqwest::Client::new();
    let send = |prefer: &'static str| {
        http.post(format!("{}/integration/company", mock.url()))
            .header("X-BlueTape-Key", API_KEY)
            .header("X-Integration-AccountId", ACCOUNT_ID)
            .header("Prefer", prefer)
            .json(
                &json!({"id": "co1", "businessName": "Acme", "businessAddress": "1 Road",
                          "sourceModifiedDate": "2023-01-04T09:00:00Z"}),
            )
            .send()
    };
    let conflict = send("code=409").await.unwrap();
    assert_eq!(conflict.status().as_u16(), 409);
    assert_eq!(
        conflict.json::<Value>().await.unwrap(),
        json!({"code": "409", "reason": "Company already exists."})
    );
    assert_eq!(
        mock.store().counts(),
        (0, 0),
        "a steered request changes nothing"
    );
    let refused = send("code=418").await.unwrap();
    assert_eq!(refused.status().as_u16(), 400);
    let reason = refused.json::<Value>().await.unwrap()["reason"].clone();
    assert!(
        reason
            .as_str()
            .unwrap()
            .contains("201, 400, 401, 404, 409, 500"),
        "{reason}"
    );
    let created = send("respond-async").await.unwrap();
    assert_eq!(
        created.status().as_u16(),
        201,
        "a Prefer without code= steers nothing"
    );
}

#[tokio::test]
async fn the_control_api_needs_its_token_beyond_loopback() {
    let open = RunningMock::bind(("0.0.0.0", 0), MockConfig::default())
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let journal = |port: u16| format!("http://127.0.0.1:{port}{ADMIN_PREFIX}/journal");
    let closed = http
        .get(journal(open.address().port()))
        .send()
        .await
        .unwrap();
    assert_eq!(closed.status().as_u16(), 403);

    let guarded = RunningMock::bind(
        ("0.0.0.0", 0),
        MockConfig {
            admin_token: Some("admin-secret".into()),
            ..MockConfig::default()
        },
    )
    .await
    .unwrap();
    let url = journal(guarded.address().port());
    assert_eq!(http.get(&url).send().await.unwrap().status().as_u16(), 401);
    let wrong = http.get(&url).bearer_auth("guess").send().await.unwrap();
    assert_eq!(wrong.status().as_u16(), 401);
    let right = http
        .get(&url)
        .bearer_auth("admin-secret")
        .send()
        .await
        .unwrap();
    assert_eq!(right.status().as_u16(), 200);
}

#[tokio::test]
async fn a_reference_to_something_missing_is_404_before_any_conflict() {
    let (_mock, client) = with_company_and_its_customer().await;
    // The company has a customer already (a 409 otherwise), but the customer named does not exist.
    let error = client
        .link_company_customer("co1", "nobody")
        .await
        .unwrap_err();
    assert!(error.is_not_found(), "{error:?}");
    // The customer exists already (a 409 otherwise), but the company named does not.
    let error = client
        .create_customer(customer("cu1").company_id(Some("nowhere".parse().unwrap())))
        .await
        .unwrap_err();
    assert!(error.is_not_found(), "{error:?}");
}

#[tokio::test]
async fn every_path_of_the_control_api_document_is_served() {
    let mock = mock().await;
    let document = serde_json::to_value(bluetape_mock::admin_openapi()).unwrap();
    let mut served = 0;
    for (path, item) in document["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            let path = path.trim_start_matches(ADMIN_PREFIX).replace("{id}", "1");
            let body = (method == "post" && path == "/faults")
                .then(|| json!({"fault": {"type": "latency", "milliseconds": 1}}));
            let (status, reply) = control(&mock, &method.to_uppercase(), &path, body).await;
            assert!(
                !(status == 404 && reply["reason"] == "Not found.") && status != 405,
                "{method} {path}: {status} {reply}"
            );
            served += 1;
        }
    }
    assert!(served > 0, "the control API document lists no operation");
}

#[tokio::test]
async fn the_control_api_names_each_operation_of_the_document_and_how_it_is_answered() {
    let mock = mock().await;
    let (status, reply) = control(&mock, "GET", "/operations", None).await;
    assert_eq!(status, 200, "{reply}");
    let openapi = bluetape_model::render::document(bluetape_model::render::Version::V3_1).unwrap();
    let from_examples = mock.answered_from_examples();
    let documented: Vec<Value> = bluetape_model::operations_of(&openapi)
        .map(|(method, path, operation)| {
            let id = operation["operationId"].as_str().unwrap();
            let answered_by = if from_examples.iter().any(|known| known == id) {
                "examples"
            } else {
                "behaviour"
            };
            json!({
                "operationId": id,
                "method": method.to_uppercase(),
                "path": path,
                "answeredBy": answered_by,
            })
        })
        .collect();
    assert_eq!(reply, Value::Array(documented));
    // The operations of the onboarding have their behaviour written, on purpose.
    for id in [
        "createCompany",
        "createCustomer",
        "linkCompanyCustomer",
        "updateCustomer",
        "getCustomerSignup",
    ] {
        assert!(!from_examples.iter().any(|known| known == id), "{id}");
    }
}
