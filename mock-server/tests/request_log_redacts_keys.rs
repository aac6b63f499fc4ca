//! With request logging on, the log shows each request with its request id, but never the
//! credentials.

use std::io::Write;
use std::sync::{Arc, Mutex};

use bluetape_mock::{DEFAULT_ACCOUNT_ID, DEFAULT_API_KEY, MockConfig, RunningMock};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let mut buffer = self
            .0
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?;
        buffer.extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn request_log_never_contains_the_credentials() {
    let captured = Captured::default();
    let writer = captured.clone();
    // The server logs from its own tasks, on any worker thread: the subscriber must be global.
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .init();
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

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
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
