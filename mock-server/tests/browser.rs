//! What a web page can do to a mock on loopback, over HTTP as a browser would send it: a foreign
//! `Host` (DNS rebinding) is refused on every path; the control API refuses other sites and
//! non-JSON POSTs, and the state survives; CORS preflights are answered for a named origin only.

use bluetape_mock::{DEFAULT_ACCOUNT_ID, DEFAULT_API_KEY, MockConfig, RunningMock};
use reqwest::{Method, StatusCode};
use serde_json::Value;

async fn mock(cors_origins: &[&str], allowed_hosts: &[&str]) -> RunningMock {
    RunningMock::start(MockConfig {
        cors_origins: cors_origins
            .iter()
            .map(|origin| (*origin).to_owned())
            .collect(),
        allowed_hosts: allowed_hosts
            .iter()
            .map(|host| (*host).to_owned())
            .collect(),
        ..MockConfig::default()
    })
    .await
    .expect("the mock starts")
}

use test_support::customer_json as customer;

async fn create_customer(mock: &RunningMock, id: &str) {
    let status = reqwest::Client::new()
        .post(format!("{}/integration/customer", mock.url()))
        .header("x-bluetape-key", DEFAULT_API_KEY)
        .header("x-integration-accountid", DEFAULT_ACCOUNT_ID)
        .json(&customer(id))
        .send()
        .await
        .expect("the mock answers")
        .status();
    assert_eq!(status, StatusCode::CREATED);
}

async fn send(
    mock: &RunningMock,
    method: Method,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> reqwest::Response {
    let mut request = reqwest::Client::new().request(method, format!("{}{path}", mock.url()));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    if let Some(body) = body {
        request = request.body(body.to_owned());
    }
    request.send().await.expect("the mock answers")
}

/// `GET /__admin/journal` with `headers`.
async fn read_journal(mock: &RunningMock, headers: &[(&str, &str)]) -> reqwest::Response {
    send(mock, Method::GET, "/__admin/journal", headers, None).await
}

#[tokio::test]
async fn a_foreign_host_is_refused_on_every_path_with_json() {
    let mock = mock(&[], &["bluetape-mock"]).await;
    create_customer(&mock, "rebinding-1").await;
    for path in [
        "/__admin/journal",
        "/integration/customer/rebinding-1/signup",
        "/",
        "/nowhere",
    ] {
        let reply = send(
            &mock,
            Method::GET,
            path,
            &[("host", "attacker.example")],
            None,
        )
        .await;
        assert_eq!(reply.status(), StatusCode::MISDIRECTED_REQUEST, "{path}");
        let body: Value = reply.json().await.expect("a JSON body");
        assert_eq!(body["code"], "421", "{body}");
        assert!(
            body["reason"]
                .as_str()
                .is_some_and(|reason| reason.contains("--allow-host")),
            "{body}"
        );
    }
    let port = mock.address().port();
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        "bluetape-mock:8080".to_owned(),
    ] {
        let reply = read_journal(&mock, &[("host", &host)]).await;
        assert_eq!(reply.status(), StatusCode::OK, "{host}");
    }
    let other_port = read_journal(&mock, &[("host", "127.0.0.1:1")]).await;
    assert_eq!(other_port.status(), StatusCode::MISDIRECTED_REQUEST);
    mock.shutdown().await.expect("the mock stops");
}

#[tokio::test]
async fn a_cross_site_reset_is_refused_and_the_state_survives() {
    let mock = mock(&["http://localhost:3000"], &[]).await;
    create_customer(&mock, "survivor").await;
    // What any page can send without a preflight: a "simple" POST of text/plain.
    let simple = send(
        &mock,
        Method::POST,
        "/__admin/reset",
        &[
            ("origin", "https://evil.example"),
            ("content-type", "text/plain"),
        ],
        Some("{}"),
    )
    .await;
    assert_eq!(simple.status(), StatusCode::FORBIDDEN);
    let granted_origin = send(
        &mock,
        Method::POST,
        "/__admin/reset",
        &[
            ("origin", "http://localhost:3000"),
            ("content-type", "application/json"),
        ],
        Some("{}"),
    )
    .await;
    assert_eq!(
        granted_origin.status(),
        StatusCode::FORBIDDEN,
        "a CORS origin never reaches the control API"
    );
    let fetch_metadata = read_journal(&mock, &[("sec-fetch-site", "cross-site")]).await;
    assert_eq!(fetch_metadata.status(), StatusCode::FORBIDDEN);
    let not_json = send(
        &mock,
        Method::POST,
        "/__admin/reset",
        &[("content-type", "text/plain")],
        Some("{}"),
    )
    .await;
    assert_eq!(not_json.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(
        mock.store().customer("survivor").is_some(),
        "nothing was reset"
    );

    let own = format!("http://127.0.0.1:{}", mock.address().port());
    let same_origin = send(
        &mock,
        Method::POST,
        "/__admin/reset",
        &[("origin", &own), ("content-type", "application/json")],
        Some("{}"),
    )
    .await;
    assert_eq!(same_origin.status(), StatusCode::NO_CONTENT);
    assert!(mock.store().customer("survivor").is_none(), "reset");
    mock.shutdown().await.expect("the mock stops");
}

async fn preflight(mock: &RunningMock, path: &str, origin: &str) -> reqwest::Response {
    send(
        mock,
        Method::OPTIONS,
        path,
        &[
            ("origin", origin),
            ("access-control-request-method", "POST"),
            (
                "access-control-request-headers",
                "content-type, x-bluetape-key, x-integration-accountid",
            ),
        ],
        None,
    )
    .await
}

#[tokio::test]
async fn preflights_are_refused_without_the_option_and_granted_to_the_named_origin_only() {
    let closed = mock(&[], &[]).await;
    let refused = preflight(&closed, "/integration/customer", "http://localhost:3000").await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(
        !refused
            .headers()
            .contains_key("access-control-allow-origin")
    );
    closed.shutdown().await.expect("the mock stops");

    let open = mock(&["http://localhost:3000"], &[]).await;
    let granted = preflight(&open, "/integration/customer", "http://localhost:3000").await;
    assert_eq!(granted.status(), StatusCode::NO_CONTENT);
    let headers = granted.headers();
    assert_eq!(
        headers["access-control-allow-origin"],
        "http://localhost:3000"
    );
    let allowed = headers["access-control-allow-headers"]
        .to_str()
        .expect("text");
    for name in [
        "x-bluetape-key",
        "x-integration-accountid",
        "content-type",
        "prefer",
        "x-request-id",
    ] {
        assert!(allowed.contains(name), "{allowed}");
    }
    assert!(
        headers["access-control-allow-methods"]
            .to_str()
            .expect("text")
            .contains("PUT")
    );

    for (path, origin) in [
        ("/integration/customer", "http://localhost:3001"),
        ("/integration/customer", "null"),
        ("/__admin/reset", "http://localhost:3000"),
    ] {
        let refused = preflight(&open, path, origin).await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{path} {origin}");
        assert!(
            !refused
                .headers()
                .contains_key("access-control-allow-origin"),
            "{path} {origin}"
        );
    }

    // The call itself: the grant and the headers a page may read.
    let reply = send(
        &open,
        Method::POST,
        "/integration/customer",
        &[
            ("origin", "http://localhost:3000"),
            ("content-type", "application/json"),
            ("x-bluetape-key", DEFAULT_API_KEY),
            ("x-integration-accountid", DEFAULT_ACCOUNT_ID),
        ],
        Some(&customer("cors-1").to_string()),
    )
    .await;
    assert_eq!(reply.status(), StatusCode::CREATED);
    assert_eq!(
        reply.headers()["access-control-allow-origin"],
        "http://localhost:3000"
    );
    let exposed = reply.headers()["access-control-expose-headers"]
        .to_str()
        .expect("text");
    for name in ["x-request-id", "retry-after", "x-bluetape-violations"] {
        assert!(exposed.contains(name), "{exposed}");
    }
    let other = send(
        &open,
        Method::GET,
        "/integration/customer/cors-1/signup",
        &[
            ("origin", "https://evil.example"),
            ("x-bluetape-key", DEFAULT_API_KEY),
            ("x-integration-accountid", DEFAULT_ACCOUNT_ID),
        ],
        None,
    )
    .await;
    assert!(
        !other.headers().contains_key("access-control-allow-origin"),
        "an origin it was not given is never reflected"
    );
    open.shutdown().await.expect("the mock stops");

    let null_named = mock(&["null"], &[]).await;
    let granted = preflight(&null_named, "/integration/customer", "null").await;
    assert_eq!(granted.status(), StatusCode::NO_CONTENT);
    assert_eq!(granted.headers()["access-control-allow-origin"], "null");
    null_named.shutdown().await.expect("the mock stops");
}

#[tokio::test]
async fn a_star_origin_stops_the_mock_at_start() {
    let started = RunningMock::start(MockConfig {
        cors_origins: vec!["*".to_owned()],
        ..MockConfig::default()
    })
    .await;
    assert!(started.is_err());
}

/// The mock README's CORS command, word for word (it already asks for a free port): the origin it
/// names is granted, and no other.
#[tokio::test]
async fn the_readmes_cors_command_runs_as_written() {
    let command = test_support::readme_line(
        concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"),
        "bluetape-mock --port 0 --cors-origin ",
    );
    let arguments: Vec<&str> = command
        .split('#')
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .skip(1)
        .collect();
    let origin = arguments
        .iter()
        .skip_while(|word| **word != "--cors-origin")
        .nth(1)
        .expect("an origin")
        .to_string();
    let server = test_support::process::ServerProcess::announcing_url(
        "bluetape-mock",
        std::process::Command::new(env!("CARGO_BIN_EXE_bluetape-mock")).args(&arguments),
    )
    .expect("the mock starts");
    let http = reqwest::Client::new();
    let preflight = |origin: String| {
        http.request(
            Method::OPTIONS,
            format!("{}/integration/customer", server.url()),
        )
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .send()
    };
    let granted = preflight(origin.clone()).await.expect("it answers");
    assert_eq!(granted.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        granted.headers()["access-control-allow-origin"],
        origin.as_str()
    );
    let other = preflight("http://localhost:3001".into())
        .await
        .expect("it answers");
    assert_eq!(other.status(), StatusCode::FORBIDDEN);
}
