//! The console at the mock's root, over HTTP: the page and its policy, Scalar from the binary
//! (compressed, or not), the configuration (the mock's credentials filled in; a proxy's never),
//! and the document with the mock's own URL as its server.

use bluetape_mock::console::{CONTENT_SECURITY_POLICY, scalar_script};
use bluetape_mock::{MockConfig, ProxyConfig, RunningMock};
use reqwest::{Method, StatusCode};
use serde_json::Value;

/// A mock with the default configuration.
async fn started() -> RunningMock {
    RunningMock::start(MockConfig::default())
        .await
        .expect("starts")
}

/// `method` on `path` of `mock`, with `Accept-Encoding: accept_encoding` if given.
async fn ask(
    mock: &RunningMock,
    method: Method,
    path: &str,
    accept_encoding: Option<&str>,
) -> reqwest::Response {
    let mut request = http().request(method, format!("{}{path}", mock.url()));
    if let Some(coding) = accept_encoding {
        request = request.header("accept-encoding", coding);
    }
    request.send().await.expect("answers")
}

fn http() -> reqwest::Client {
    // No automatic decompression: the test sees what the mock sends.
    reqwest::Client::builder().build().expect("a client")
}

#[tokio::test]
async fn the_root_serves_the_console_under_a_policy_of_its_own_origin() {
    let mock = started().await;
    let page = ask(&mock, Method::GET, "/", None).await;
    assert_eq!(page.status(), StatusCode::OK);
    let headers = page.headers().clone();
    assert_eq!(headers["content-security-policy"], CONTENT_SECURITY_POLICY);
    assert!(CONTENT_SECURITY_POLICY.contains("connect-src 'self';"));
    assert_eq!(headers["cross-origin-resource-policy"], "same-origin");
    let html = page.text().await.expect("a page");
    assert!(html.contains("console/scalar.js") && html.contains("console/console.js"));
    assert!(
        !html.contains("http"),
        "the page names no other origin: {html}"
    );

    let posted = ask(&mock, Method::POST, "/", None).await;
    assert_eq!(posted.status(), StatusCode::METHOD_NOT_ALLOWED);
    mock.shutdown().await.expect("stops");
}

#[tokio::test]
async fn scalar_comes_from_the_binary_compressed_or_not() {
    let mock = started().await;
    let expected = scalar_script().expect("the embedded script unpacks");
    let compressed = ask(
        &mock,
        Method::GET,
        "/console/scalar.js",
        Some("gzip, deflate, br"),
    )
    .await;
    assert_eq!(compressed.headers()["content-encoding"], "gzip");
    let compressed_size = compressed.bytes().await.expect("a body").len();
    assert!(compressed_size < expected.len() / 2, "{compressed_size}");
    let plain = ask(&mock, Method::GET, "/console/scalar.js", Some("identity")).await;
    assert!(!plain.headers().contains_key("content-encoding"));
    assert_eq!(
        plain.bytes().await.expect("a body").as_ref(),
        expected.as_slice()
    );
    mock.shutdown().await.expect("stops");
}

async fn json(url: String, host: Option<&str>) -> Value {
    let mut request = http().get(url);
    if let Some(host) = host {
        request = request.header("host", host);
    }
    request
        .send()
        .await
        .expect("answers")
        .json()
        .await
        .expect("JSON")
}

#[tokio::test]
async fn the_mock_fills_in_its_credentials_and_names_itself_as_the_server() {
    let mock = RunningMock::start(MockConfig::with_credentials(
        "console-key",
        "console-account",
    ))
    .await
    .expect("starts");
    let config = json(format!("{}/console/config.json", mock.url()), None).await;
    let schemes = &config["authentication"]["securitySchemes"];
    assert_eq!(schemes["blueTapeKey"]["value"], "console-key");
    assert_eq!(schemes["integrationAccountId"]["value"], "console-account");
    assert_eq!(config["persistAuth"], false);
    assert_eq!(config["withDefaultFonts"], false);
    assert_eq!(config["proxyUrl"], "");

    let port = mock.address().port();
    for host in [format!("127.0.0.1:{port}"), format!("localhost:{port}")] {
        let document = json(format!("{}/console/openapi.json", mock.url()), Some(&host)).await;
        let servers = document["servers"].as_array().expect("servers");
        assert_eq!(servers.len(), 1, "{servers:?}");
        assert_eq!(servers[0]["url"], format!("http://{host}"));
        assert!(document["paths"]["/integration/company"]["post"].is_object());
    }
    mock.shutdown().await.expect("stops");
}

#[tokio::test]
async fn a_proxy_fills_in_nothing() {
    let upstream = started().await;
    let proxy = RunningMock::start_proxy(
        MockConfig::default(),
        ProxyConfig::new(upstream.url(), false).expect("a proxy configuration"),
    )
    .await
    .expect("starts");
    let config = json(format!("{}/console/config.json", proxy.url()), None).await;
    assert!(config.get("authentication").is_none(), "{config}");
    let document = json(format!("{}/console/openapi.json", proxy.url()), None).await;
    assert_eq!(
        document["servers"][0]["url"],
        format!("http://127.0.0.1:{}", proxy.address().port())
    );
    assert!(
        upstream.journal(None).is_empty(),
        "the console is the proxy's own"
    );
    proxy.shutdown().await.expect("stops");
    upstream.shutdown().await.expect("stops");
}
