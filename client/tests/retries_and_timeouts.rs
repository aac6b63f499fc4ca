//! Retries happen only where they are safe, honour `Retry-After`, and timeouts fire.

mod common;

use std::time::{Duration, Instant};

use bluetape_client::{Error, RetryPolicy};
use common::{client, client_with};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const SIGNUP: &str = r#"{"signUpUrl":"https://www.bluetape.com/signup?id=1"}"#;

fn ok_signup() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(SIGNUP, "application/json")
}

/// A server that answers every `verb` request with `reply`.
async fn answering(verb: &str, reply: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .respond_with(reply)
        .mount(&server)
        .await;
    server
}

/// A server whose first GET reply is `status` with `Retry-After: retry_after`, and the next ones
/// succeed.
async fn asking_to_wait(status: u16, retry_after: &str) -> MockServer {
    let server = MockServer::start().await;
    let wait = ResponseTemplate::new(status).insert_header("retry-after", retry_after);
    fail_then(&server, "GET", wait, 1, ok_signup()).await;
    server
}

/// How many requests `server` received.
async fn request_count(server: &MockServer) -> usize {
    server
        .received_requests()
        .await
        .map_or(0, |requests| requests.len())
}

/// Mounts `failure` for the first `times` requests, then `success`.
async fn fail_then(
    server: &MockServer,
    verb: &str,
    failure: ResponseTemplate,
    times: u64,
    success: ResponseTemplate,
) {
    Mock::given(method(verb))
        .respond_with(failure)
        .up_to_n_times(times)
        .mount(server)
        .await;
    Mock::given(method(verb))
        .respond_with(success)
        .mount(server)
        .await;
}

#[tokio::test]
async fn get_is_retried_on_503_then_succeeds() {
    let server = MockServer::start().await;
    fail_then(&server, "GET", ResponseTemplate::new(503), 2, ok_signup()).await;
    client(&server).get_customer_signup("c1").await.unwrap();
    assert_eq!(request_count(&server).await, 3);
}

#[tokio::test]
async fn put_is_retried_on_429() {
    let server = MockServer::start().await;
    let accepted =
        ResponseTemplate::new(202).set_body_raw(r#"{"blueTapeId":"b"}"#, "application/json");
    fail_then(&server, "PUT", ResponseTemplate::new(429), 1, accepted).await;
    client(&server)
        .update_customer("c1", common::update())
        .await
        .unwrap();
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn retries_stop_after_the_default_two() {
    let server = answering("GET", ResponseTemplate::new(503)).await;
    let error = client(&server).get_customer_signup("c1").await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(request_count(&server).await, 3);
}

#[tokio::test]
async fn post_is_never_retried_once_sent() {
    for status in [500, 503, 429] {
        let server = answering("POST", ResponseTemplate::new(status)).await;
        let client = client(&server);
        client
            .create_customer(common::customer())
            .await
            .unwrap_err();
        client.create_company(common::company()).await.unwrap_err();
        client.link_company_customer("a", "b").await.unwrap_err();
        assert_eq!(request_count(&server).await, 3, "status {status}");
    }
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = answering(
        "GET",
        ResponseTemplate::new(404).set_body_raw(
            r#"{"code":"404","reason":"Customer not found."}"#,
            "application/json",
        ),
    )
    .await;
    assert!(
        client(&server)
            .get_customer_signup("c1")
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn retries_can_be_switched_off() {
    let server = answering("GET", ResponseTemplate::new(503)).await;
    client_with(&server, RetryPolicy::none())
        .get_customer_signup("c1")
        .await
        .unwrap_err();
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = asking_to_wait(429, "1").await;
    let started = Instant::now();
    client(&server).get_customer_signup("c1").await.unwrap();
    let waited = started.elapsed();
    // The backoff alone would be ~5 ms: only Retry-After explains a wait of a second.
    assert!(waited >= Duration::from_millis(950), "waited {waited:?}");
}

#[tokio::test]
async fn retry_after_beyond_the_limit_is_returned_at_once() {
    let server = asking_to_wait(503, "3600").await;
    let started = Instant::now();
    let error = client(&server).get_customer_signup("c1").await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(request_count(&server).await, 1);
}

/// A client that makes one attempt per call, each limited to `timeout`.
fn single_attempt(server: &MockServer, timeout: Duration) -> bluetape_client::Client {
    common::builder(server)
        .timeout(timeout)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("a valid configuration")
}

/// Whether a get-signup call of `client` fails with a timeout.
async fn signup_times_out(client: &bluetape_client::Client) -> bool {
    client
        .get_customer_signup("c1")
        .await
        .expect_err("the call fails")
        .is_timeout()
}

#[tokio::test]
async fn timeout_fires() {
    let server = answering("GET", ok_signup().set_delay(Duration::from_secs(5))).await;
    let client = single_attempt(&server, Duration::from_millis(200));
    let started = Instant::now();
    let error = client.get_customer_signup("c1").await.unwrap_err();
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert!(error.is_timeout());
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn timed_out_get_is_retried_but_timed_out_post_is_not() {
    let server = answering("GET", ok_signup().set_delay(Duration::from_secs(5))).await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let client = common::builder(&server)
        .timeout(Duration::from_millis(100))
        .retry_policy(RetryPolicy::default().with_initial_backoff(Duration::from_millis(5)))
        .build()
        .unwrap();
    assert!(
        client
            .get_customer_signup("c1")
            .await
            .unwrap_err()
            .is_timeout()
    );
    assert!(
        client
            .create_customer(common::customer())
            .await
            .unwrap_err()
            .is_timeout()
    );
    let requests = server.received_requests().await.unwrap();
    let gets = requests
        .iter()
        .filter(|r| r.method.as_str() == "GET")
        .count();
    let posts = requests
        .iter()
        .filter(|r| r.method.as_str() == "POST")
        .count();
    assert_eq!((gets, posts), (3, 1));
}

#[tokio::test]
async fn a_derived_client_changes_the_timeout_of_its_calls_only() {
    let server = answering("GET", ok_signup().set_delay(Duration::from_millis(600))).await;
    let patient = client_with(&server, RetryPolicy::none());
    let hasty = patient.with_timeout(Duration::from_millis(100));
    assert_eq!(hasty.timeout(), Duration::from_millis(100));
    assert_eq!(patient.timeout(), bluetape_client::DEFAULT_TIMEOUT);

    let started = Instant::now();
    assert!(signup_times_out(&hasty).await);
    assert!(started.elapsed() < Duration::from_millis(600));
    patient.get_customer_signup("c1").await.unwrap();
}

#[tokio::test]
async fn a_derived_client_may_wait_longer_than_its_parent() {
    let server = answering("GET", ok_signup().set_delay(Duration::from_millis(400))).await;
    let hasty = single_attempt(&server, Duration::from_millis(100));
    let patient = hasty.with_timeout(Duration::from_secs(5));
    assert!(signup_times_out(&hasty).await);
    patient.get_customer_signup("c1").await.unwrap();
}

#[tokio::test]
async fn a_derived_client_changes_the_retry_policy_of_its_calls_only() {
    let server = answering("GET", ResponseTemplate::new(503)).await;
    let retrying = client(&server);
    let once = retrying.with_retry_policy(RetryPolicy::none());
    assert_eq!(once.retry_policy().max_retries(), 0);

    once.get_customer_signup("c1").await.unwrap_err();
    assert_eq!(request_count(&server).await, 1);
    retrying.get_customer_signup("c1").await.unwrap_err();
    assert_eq!(
        request_count(&server).await,
        1 + 3,
        "the original client still retries twice"
    );
}
