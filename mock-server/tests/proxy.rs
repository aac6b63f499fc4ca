//! `bluetape-mock proxy`: in front of upstreams that deviate from the document, that fail, that
//! redirect, and that must receive the credentials the journal and the log never show.

use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post, put};
use bluetape_mock::{
    BODY_LIMIT_BYTES, MockConfig, ProxyConfig, Rule, RunningMock, Side, VIOLATIONS_HEADER,
    Violation,
};
use serde_json::{Value, json};
use test_support::CapturedLogs;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const KEY: &str = "key-that-must-stay-secret-4711";
const ACCOUNT: &str = "account-that-must-stay-secret-0815";

/// Every test's logs, captured once per test binary.
fn logs() -> &'static CapturedLogs {
    static LOGS: OnceLock<CapturedLogs> = OnceLock::new();
    LOGS.get_or_init(CapturedLogs::capture_globally)
}

/// An upstream on a free port: its base URL.
async fn upstream(router: Router) -> String {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("the test's setup works");
    let url = format!(
        "http://{}",
        listener.local_addr().expect("the test's setup works")
    );
    tokio::spawn(async move { axum::serve(listener, router).await });
    url
}

async fn proxy_to(url: &str, configure: impl FnOnce(&mut ProxyConfig)) -> RunningMock {
    logs();
    let mut config = ProxyConfig::new(url, false).expect("the test's setup works");
    configure(&mut config);
    RunningMock::start_proxy(MockConfig::default(), config)
        .await
        .expect("the test's setup works")
}

/// A reply through the proxy: status, headers and body text.
struct Reply {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }

    fn violations(&self) -> Vec<Violation> {
        self.headers
            .get(VIOLATIONS_HEADER)
            .map(|value| serde_json::from_slice(value.as_bytes()).expect("the test's setup works"))
            .unwrap_or_default()
    }
}

async fn send(proxy: &RunningMock, method: &str, path: &str, body: Option<&str>) -> Reply {
    let mut request = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("the test's setup works")
        .request(
            method.parse().expect("the test's setup works"),
            format!("{}{path}", proxy.url()),
        )
        .header("x-bluetape-key", KEY)
        .header("x-integration-accountid", ACCOUNT);
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(body.to_owned());
    }
    let response = request.send().await.expect("the test's setup works");
    Reply {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        body: response.text().await.expect("the test's setup works"),
    }
}

const COMPANY: &str = r#"{"id":"co1","businessName":"Acme","businessAddress":"1 Main St",
    "sourceModifiedDate":"2023-01-04T09:47:57Z"}"#;
const CUSTOMER: &str = r#"{"id":"cu1","firstName":"John","lastName":"Doe",
    "emailAddress":"john@example.com","cellPhoneNumber":"+11234567890",
    "sourceModifiedDate":"2023-01-04T09:47:57Z"}"#;
const UPDATE: &str = r#"{"firstName":"Jane","lastName":"Doe",
    "emailAddress":"jane@example.com","cellPhoneNumber":"+11234567890",
    "sourceModifiedDate":"2023-01-04T09:47:57Z"}"#;
const LINK: &str = r#"{"customerId":"cu1"}"#;

/// An upstream that breaks the document once per operation.
fn deviating() -> Router {
    Router::new()
        // 200 where only 201 is documented.
        .route(
            "/integration/company",
            post(|| async { (StatusCode::OK, axum::Json(json!({"blueTapeId": "b1"}))) }),
        )
        // The required signUpUrl left out.
        .route(
            "/integration/customer",
            post(|| async { (StatusCode::CREATED, axum::Json(json!({"blueTapeId": "b2"}))) }),
        )
        // A string field sent as a number.
        .route(
            "/integration/customer/{id}",
            put(|| async {
                (
                    StatusCode::ACCEPTED,
                    axum::Json(json!({"blueTapeId": 12.5})),
                )
            }),
        )
        // A status no operation documents.
        .route(
            "/integration/customer/{id}/signup",
            get(|| async { (StatusCode::IM_A_TEAPOT, axum::Json(json!({"code": "418"}))) }),
        )
        // The wrong content type.
        .route(
            "/integration/company/{id}/customer",
            post(|| async {
                (
                    StatusCode::CREATED,
                    [(header::CONTENT_TYPE, "text/plain")],
                    "linked",
                )
            }),
        )
}

/// A call (method, path, body) and the one violation its reply must have (operation, rule,
/// pointer).
type Deviation = (
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
    Rule,
    &'static str,
);

/// The five calls, one per operation.
const DEVIATIONS: [Deviation; 5] = [
    (
        "POST",
        "/integration/company",
        Some(COMPANY),
        "createCompany",
        Rule::UndocumentedStatus,
        "",
    ),
    (
        "POST",
        "/integration/customer",
        Some(CUSTOMER),
        "createCustomer",
        Rule::ResponseBody,
        "/signUpUrl",
    ),
    (
        "PUT",
        "/integration/customer/cu1",
        Some(UPDATE),
        "updateCustomer",
        Rule::ResponseBody,
        "/blueTapeId",
    ),
    (
        "GET",
        "/integration/customer/cu1/signup",
        None,
        "getCustomerSignup",
        Rule::UndocumentedStatus,
        "",
    ),
    (
        "POST",
        "/integration/company/co1/customer",
        Some(LINK),
        "linkCompanyCustomer",
        Rule::ContentType,
        "",
    ),
];

#[tokio::test]
async fn each_deviation_of_the_upstream_is_reported_once_and_passed_on() {
    let proxy = proxy_to(&upstream(deviating()).await, |_| {}).await;
    for (method, path, body, operation, rule, pointer) in DEVIATIONS {
        let reply = send(&proxy, method, path, body).await;
        let violations = reply.violations();
        assert_eq!(violations.len(), 1, "{operation}: {violations:#?}");
        let violation = &violations[0];
        assert_eq!(
            (violation.side, violation.rule, violation.pointer.as_str()),
            (Side::Response, rule, pointer),
            "{operation}: {violation:#?}"
        );
        // The reply itself is the upstream's, unchanged.
        assert_ne!(reply.status, 502, "{operation}");
        let entry = proxy.journal(Some(operation)).pop().unwrap();
        assert_eq!(entry.violations, violations, "{operation}");
        assert_eq!(entry.status, Some(reply.status));
    }
    let summary = proxy.violations().unwrap();
    assert_eq!((summary.total, summary.exchanges), (5, 5));
    assert_eq!(
        summary.by_operation["createCustomer"]["response-body"], 1,
        "{summary:#?}"
    );
    assert_eq!(
        send(&proxy, "POST", "/integration/company", Some(COMPANY))
            .await
            .body,
        r#"{"blueTapeId":"b1"}"#,
        "the body byte for byte"
    );
    proxy.reset().expect("a proxy has no database to fail");
    assert_eq!(
        proxy.violations().unwrap().total,
        0,
        "reset clears the counts"
    );
    proxy.shutdown().await.unwrap();
}

#[tokio::test]
async fn with_fail_on_violation_each_deviation_becomes_a_502_naming_it() {
    let proxy = proxy_to(&upstream(deviating()).await, |config| {
        config.fail_on_violation = true;
    })
    .await;
    for (method, path, body, operation, rule, _) in DEVIATIONS {
        let reply = send(&proxy, method, path, body).await;
        assert_eq!(reply.status, 502, "{operation}: {}", reply.body);
        let error = reply.json();
        assert_eq!(error["code"], "502");
        let reason = error["reason"].as_str().unwrap();
        assert!(reason.contains(rule.name()), "{operation}: {reason}");
        assert_eq!(reply.violations().len(), 1, "{operation}");
    }
    proxy.shutdown().await.unwrap();
}

/// A request that breaks the document (an amount sent as a string) is forwarded all the same,
/// and reported where it breaks it.
#[tokio::test]
async fn a_request_that_breaks_the_document_is_forwarded_and_reported() {
    let mock = RunningMock::start(MockConfig::with_credentials(KEY, ACCOUNT))
        .await
        .unwrap();
    let proxy = proxy_to(mock.url(), |_| {}).await;
    let company = r#"{"id":"co1","businessName":"Acme","businessAddress":"1 Main St",
        "sourceModifiedDate":"2023-01-04T09:47:57Z","creditDetails":{"creditAmount":"1234567.89"}}"#;
    let reply = send(&proxy, "POST", "/integration/company", Some(company)).await;
    assert_eq!(reply.status, 400, "the mock's own answer: {}", reply.body);
    let violations = reply.violations();
    assert_eq!(violations.len(), 1, "{violations:#?}");
    assert_eq!(
        (
            violations[0].side,
            violations[0].rule,
            violations[0].pointer.as_str()
        ),
        (
            Side::Request,
            Rule::RequestBody,
            "/creditDetails/creditAmount"
        )
    );
    assert_eq!(
        mock.journal(None).len(),
        1,
        "the request reached the upstream"
    );
    proxy.shutdown().await.unwrap();
    mock.shutdown().await.unwrap();
}

#[tokio::test]
async fn an_upstream_that_is_down_is_a_502() {
    // A port that was free a moment ago: nothing listens on it.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let proxy = proxy_to(&url, |_| {}).await;
    let reply = send(&proxy, "GET", "/integration/customer/cu1/signup", None).await;
    assert_eq!(reply.status, 502, "{}", reply.body);
    assert_eq!(reply.json()["code"], "502");
    assert!(
        reply.json()["reason"]
            .as_str()
            .unwrap()
            .contains("cannot be reached")
    );
    let entry = proxy.journal(None).pop().unwrap();
    assert_eq!(
        (entry.status, entry.fault.as_deref()),
        (Some(502), Some("upstream unreachable"))
    );
    proxy.shutdown().await.unwrap();
}

#[tokio::test]
async fn an_upstream_slower_than_the_timeout_is_a_504_within_it() {
    let slow = Router::new().route(
        "/integration/customer/{id}/signup",
        get(|| async {
            tokio::time::sleep(Duration::from_secs(10)).await;
            "too late"
        }),
    );
    let proxy = proxy_to(&upstream(slow).await, |config| {
        config.upstream_timeout = Duration::from_millis(300);
    })
    .await;
    let started = Instant::now();
    let reply = send(&proxy, "GET", "/integration/customer/cu1/signup", None).await;
    let waited = started.elapsed();
    assert_eq!(reply.status, 504, "{}", reply.body);
    assert_eq!(reply.json()["code"], "504");
    assert!(waited < Duration::from_secs(3), "waited {waited:?}");
    assert_eq!(
        proxy.journal(None).pop().unwrap().fault.as_deref(),
        Some("upstream timeout")
    );
    proxy.shutdown().await.unwrap();
}

/// The upstream promises 100 bytes, sends 12 and closes the connection: the proxy answers 502
/// and never passes the 12 on as a reply.
#[tokio::test]
async fn a_reply_broken_off_mid_body_is_a_502_not_half_a_body() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut connection, _)) = listener.accept().await {
            let mut request = [0u8; 4096];
            let _ = connection.read(&mut request).await;
            let _ = connection
                .write_all(
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                      content-length: 100\r\n\r\n{\"signUpUrl",
                )
                .await;
            drop(connection);
        }
    });
    let proxy = proxy_to(&url, |_| {}).await;
    let reply = send(&proxy, "GET", "/integration/customer/cu1/signup", None).await;
    assert_eq!(reply.status, 502, "{}", reply.body);
    assert!(!reply.body.contains("{\"signUpUrl\"\n"), "{}", reply.body);
    assert_eq!(reply.json()["code"], "502");
    assert_eq!(
        proxy.journal(None).pop().unwrap().fault.as_deref(),
        Some("upstream reply broken")
    );
    proxy.shutdown().await.unwrap();
}

/// Records what an upstream received: each request's headers.
#[derive(Clone, Default)]
struct Received(Arc<Mutex<Vec<HeaderMap>>>);

impl Received {
    fn router(
        &self,
        reply: impl Fn() -> axum::response::Response + Clone + Send + Sync + 'static,
    ) -> Router {
        let received = self.clone();
        Router::new().fallback(move |headers: HeaderMap| {
            let received = received.clone();
            let reply = reply.clone();
            async move {
                received
                    .0
                    .lock()
                    .expect("no test panicked holding it")
                    .push(headers);
                reply()
            }
        })
    }

    fn all(&self) -> Vec<HeaderMap> {
        self.0.lock().expect("no test panicked holding it").clone()
    }
}

#[tokio::test]
async fn the_upstream_gets_both_credentials_which_no_journal_log_or_violation_shows() {
    let received = Received::default();
    // A reply that breaks the document, so that there are violation messages to read.
    let router = received.router(|| (StatusCode::CREATED, "not json").into_response());
    let proxy = proxy_to(&upstream(router).await, |_| {}).await;
    let reply = send(&proxy, "POST", "/integration/customer", Some(CUSTOMER)).await;
    assert_eq!(reply.status, 201);
    let upstream_saw = received.all();
    assert_eq!(upstream_saw.len(), 1);
    assert_eq!(upstream_saw[0]["x-bluetape-key"], KEY);
    assert_eq!(upstream_saw[0]["x-integration-accountid"], ACCOUNT);
    assert!(upstream_saw[0].contains_key("x-request-id"));

    let journal = serde_json::to_string(&proxy.journal(None)).unwrap();
    let violations = reply.headers[VIOLATIONS_HEADER]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(!violations.is_empty());
    let summary = serde_json::to_string(&proxy.violations().unwrap()).unwrap();
    proxy.shutdown().await.unwrap();
    let log = logs().text();
    assert!(
        log.contains("checked the exchange"),
        "the proxy logged: {log}"
    );
    for secret in [KEY, ACCOUNT] {
        for (what, text) in [
            ("journal", &journal),
            ("violations", &violations),
            ("summary", &summary),
            ("log", &log),
        ] {
            assert!(
                !text.contains(secret),
                "the {what} shows a credential: {text}"
            );
        }
    }
    assert!(journal.contains("[redacted]"));
}

/// A redirect is passed back, never followed: the other origin receives nothing.
#[tokio::test]
async fn a_redirect_is_passed_back_and_never_followed() {
    let elsewhere = Received::default();
    let other = upstream(elsewhere.router(|| StatusCode::OK.into_response())).await;
    let location = format!("{other}/steal");
    let redirecting = Router::new().fallback(move || {
        let location = location.clone();
        async move {
            (
                StatusCode::TEMPORARY_REDIRECT,
                [(header::LOCATION, location)],
            )
        }
    });
    let proxy = proxy_to(&upstream(redirecting).await, |_| {}).await;
    let reply = send(&proxy, "POST", "/integration/company", Some(COMPANY)).await;
    assert_eq!(reply.status, 307);
    assert_eq!(reply.violations()[0].rule, Rule::UndocumentedStatus);
    assert!(elsewhere.all().is_empty(), "the other origin was called");
    proxy.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_before_forwarding() {
    let received = Received::default();
    let proxy = proxy_to(
        &upstream(received.router(|| StatusCode::CREATED.into_response())).await,
        |_| {},
    )
    .await;
    let huge = format!("{{\"id\":\"{}\"}}", "x".repeat(BODY_LIMIT_BYTES));
    let reply = send(&proxy, "POST", "/integration/customer", Some(&huge)).await;
    assert_eq!(reply.status, 413);
    assert!(received.all().is_empty(), "the upstream received it");
    proxy.shutdown().await.unwrap();
}

/// The upstream must be https unless it is loopback: the client's rule, in the client's words.
#[test]
fn a_plain_http_upstream_off_loopback_is_refused_as_the_client_refuses_it() {
    let error = ProxyConfig::new("http://api.example.com", false).unwrap_err();
    let client_error =
        bluetape_client::check_base_url("http://api.example.com", false).unwrap_err();
    // One rule (bluetape-base-url), one text, in both.
    let rule = bluetape_base_url::check_base_url("http://api.example.com", false)
        .unwrap_err()
        .to_string();
    assert!(
        error.to_string().ends_with(&rule) && client_error.to_string().ends_with(&rule),
        "{error} / {client_error}"
    );
    assert!(ProxyConfig::new("http://127.0.0.1:9", false).is_ok());
    assert!(ProxyConfig::new("https://api.example.com", false).is_ok());
    assert!(ProxyConfig::new("http://api.example.com", true).is_ok());
}

/// The README's proxy command, as written but for the upstream (a local mock here, production
/// there) and the port (a free one), forwards to the upstream and reports what breaks the document.
#[tokio::test]
async fn the_readmes_proxy_command_runs_as_written() {
    let command = test_support::readme_line(
        concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"),
        "cargo run -p bluetape-mock -- proxy ",
    );
    let mock = RunningMock::start(MockConfig::with_credentials(KEY, ACCOUNT))
        .await
        .unwrap();
    let mut arguments: Vec<String> = command
        .split_whitespace()
        .skip_while(|word| *word != "--")
        .skip(1)
        .map(str::to_owned)
        .collect();
    for (flag, value) in [("--upstream", mock.url()), ("--port", "0")] {
        let at = arguments.iter().position(|word| word == flag).unwrap();
        arguments[at + 1] = value.to_owned();
    }
    let proxy = test_support::process::ServerProcess::announcing_url(
        "bluetape-mock proxy",
        std::process::Command::new(env!("CARGO_BIN_EXE_bluetape-mock")).args(&arguments),
    )
    .unwrap();
    let reply = reqwest::Client::new()
        .get(format!(
            "{}/integration/customer/nobody/signup",
            proxy.url()
        ))
        .header("x-bluetape-key", KEY)
        .header("x-integration-accountid", ACCOUNT)
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 404, "the mock's answer, through the proxy");
    assert_eq!(mock.journal(None).len(), 1);
    let summary: Value = reqwest::get(format!("{}/__admin/violations", proxy.url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(summary["exchanges"], 1, "{summary}");
    assert_eq!(summary["total"], 0, "{summary}");
    drop(proxy);
    mock.shutdown().await.unwrap();
}

#[tokio::test]
async fn faults_set_through_the_control_api_apply_in_front_of_the_upstream() {
    let hits = Arc::new(Mutex::new(0_u32));
    let counted = hits.clone();
    let url = upstream(Router::new().route(
        "/integration/customer/{id}/signup",
        get(move || {
            let counted = counted.clone();
            async move {
                *counted.lock().expect("the test's setup works") += 1;
                (
                    StatusCode::NOT_FOUND,
                    axum::Json(json!({"code": "404", "reason": "Customer not found."})),
                )
            }
        }),
    ))
    .await;
    let proxy = proxy_to(&url, |_| {}).await;
    let control = reqwest::Client::new();
    let added = control
        .post(format!("{}/__admin/faults", proxy.url()))
        .json(&json!({
            "operation": "getCustomerSignup",
            "fault": {"type": "status", "status": 503, "retryAfterSeconds": 2},
            "times": 1,
        }))
        .send()
        .await
        .expect("the control API answers");
    assert_eq!(added.status(), 201);

    let faulted = send(&proxy, "GET", "/integration/customer/c1/signup", None).await;
    assert_eq!(faulted.status, 503, "{}", faulted.body);
    assert_eq!(
        faulted.headers.get("retry-after").map(|v| v.as_bytes()),
        Some(&b"2"[..])
    );
    assert_eq!(
        *hits.lock().expect("the test's setup works"),
        0,
        "a status fault never reaches the upstream"
    );

    // Used up: the next call reaches the upstream.
    let forwarded = send(&proxy, "GET", "/integration/customer/c1/signup", None).await;
    assert_eq!(forwarded.status, 404, "{}", forwarded.body);
    assert_eq!(*hits.lock().expect("the test's setup works"), 1);

    // A latency fault delays the forwarded call; the journal names the fault.
    proxy
        .add_fault(bluetape_mock::FaultRule {
            operation: Some("getCustomerSignup".into()),
            fault: bluetape_mock::FaultKind::Latency { milliseconds: 300 },
            times: Some(1),
            probability: None,
            seed: None,
        })
        .expect("the rule is valid");
    let started = Instant::now();
    let delayed = send(&proxy, "GET", "/integration/customer/c1/signup", None).await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(delayed.status, 404);
    assert_eq!(*hits.lock().expect("the test's setup works"), 2);
    let entries = proxy.journal(Some("getCustomerSignup"));
    assert!(
        entries.iter().any(|entry| entry
            .fault
            .as_deref()
            .is_some_and(|fault| fault.contains("latency"))),
        "{entries:?}"
    );
    proxy.shutdown().await.expect("the proxy stops");
}
