//! With request logging on, the log shows each request with its request id, but never the
//! credentials.

use bluetape_mock::{DEFAULT_ACCOUNT_ID, DEFAULT_API_KEY, MockConfig, RunningMock};

#[tokio::test]
async fn request_log_never_contains_the_credentials() {
    let captured = test_support::CapturedLogs::capture_globally();
    let mock = RunningMock::start(MockConfig::default()).await.unwrap();
    let client = bluetape_client::Client::builder()
        .base_url(mock.url())
        .api_key(DEFAULT_API_KEY)
        .account_id(DEFAULT_ACCOUNT_ID)
        .build()
        .unwrap();
    let error = client.get_customer_signup("nobody").await.unwrap_err();
    assert!(error.is_not_found());
    let request_id = error
        .request_id()
        .expect("the mock sends x-request-id")
        .to_owned();
    mock.shutdown().await.unwrap();

    let logs = captured.text();
    assert!(
        logs.contains("/integration/customer/nobody/signup"),
        "the request is logged: {logs}"
    );
    assert!(logs.contains("404"), "its status is logged: {logs}");
    let line = logs
        .lines()
        .find(|line| line.contains("/integration/customer/nobody/signup") && line.contains("404"))
        .expect("a line with the request and its status");
    assert!(
        line.contains(&format!("request_id={request_id}")),
        "the log line carries the id the client was given ({request_id}): {line}"
    );
    assert!(
        !logs.contains(DEFAULT_API_KEY) && !logs.contains(DEFAULT_ACCOUNT_ID),
        "{logs}"
    );
}
