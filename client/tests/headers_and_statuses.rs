//! Every operation sends both auth headers, and every documented status maps to the right variant.

mod common;

use bluetape_client::{Client, Error};
use common::{ACCOUNT_ID, API_KEY, OPERATIONS, call, client, client_with, documented_errors};
use reqwest::StatusCode;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn json(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_owned(), "application/json")
}

#[tokio::test]
async fn every_operation_sends_both_auth_headers_and_succeeds() {
    let server = MockServer::start().await;
    for (_, verb, route, status, body) in OPERATIONS {
        Mock::given(method(verb))
            .and(path(route))
            .and(header("x-bluetape-key", API_KEY))
            .and(header("x-integration-accountid", ACCOUNT_ID))
            .respond_with(json(status, body))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client(&server);
    for (operation, ..) in OPERATIONS {
        call(&client, operation)
            .await
            .unwrap_or_else(|error| panic!("{operation}: {error}"));
    }
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), OPERATIONS.len());
    for request in requests {
        let agent = request.headers.get("user-agent").unwrap().to_str().unwrap();
        assert!(agent.starts_with("bluetape-client/"), "{agent}");
    }
}

#[tokio::test]
async fn link_accepts_200_as_well_as_201() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(json(200, r#"{"blueTapeId":"b1"}"#))
        .mount(&server)
        .await;
    let linked = client(&server)
        .link_company_customer("a0b9cedc32ce", "dc506b22c7fa")
        .await
        .unwrap();
    assert_eq!(linked.blue_tape_id, "b1");
}

#[tokio::test]
async fn every_documented_error_status_is_an_api_error_with_code_reason_and_request_id() {
    let no_retries = bluetape_client::RetryPolicy::none();
    for (operation, verb, route, ..) in OPERATIONS {
        for &status in documented_errors(operation) {
            let server = MockServer::start().await;
            let body = format!(r#"{{"code":"{status}","reason":"Reason {status}."}}"#);
            Mock::given(method(verb))
                .and(path(route))
                .respond_with(json(status, &body).insert_header("x-request-id", "req-42"))
                .mount(&server)
                .await;
            let error = call(&client_with(&server, no_retries.clone()), operation)
                .await
                .unwrap_err();
            let Error::Api {
                status: got,
                code,
                reason,
                request_id,
            } = &error
            else {
                panic!("{operation} {status}: {error:?}")
            };
            assert_eq!(got.as_u16(), status, "{operation}");
            assert_eq!(code, &status.to_string());
            assert_eq!(reason, &format!("Reason {status}."));
            assert_eq!(request_id.as_deref(), Some("req-42"));
            assert_eq!(error.is_not_found(), status == 404);
            assert_eq!(error.is_conflict(), status == 409);
            assert_eq!(error.is_unauthorized(), status == 401);
        }
    }
}

/// The error a call gets from a server that answers every `verb` request with `reply`.
async fn error_when(
    verb: &str,
    reply: ResponseTemplate,
    operation: impl AsyncFnOnce(&Client) -> Result<(), Error>,
) -> Error {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .respond_with(reply)
        .mount(&server)
        .await;
    operation(&client(&server))
        .await
        .expect_err("the reply is an error")
}

/// The status and body excerpt of an [`Error::UnexpectedResponse`].
fn unexpected(error: &Error) -> (Option<StatusCode>, &str) {
    match error {
        Error::UnexpectedResponse {
            status,
            body_excerpt,
        } => (*status, body_excerpt),
        other => panic!("expected an unexpected response, got {other:?}"),
    }
}

#[tokio::test]
async fn symbolic_code_is_kept() {
    let reply = json(
        400,
        r#"{"code":"company_can_have_only_one_customer","reason":"Only one."}"#,
    );
    let error = error_when("POST", reply, async |c| {
        c.create_company(common::company()).await.map(drop)
    })
    .await;
    assert_eq!(error.code(), Some("company_can_have_only_one_customer"));
    assert!(error.is_invalid_request());
}

#[tokio::test]
async fn empty_documented_500_is_unexpected_response_with_its_status() {
    let error = error_when("POST", ResponseTemplate::new(500), async |c| {
        c.create_customer(common::customer()).await.map(drop)
    })
    .await;
    assert_eq!(
        unexpected(&error),
        (Some(StatusCode::INTERNAL_SERVER_ERROR), "")
    );
}

#[tokio::test]
async fn undocumented_502_from_a_gateway_keeps_status_and_a_bounded_excerpt() {
    let page = format!("<html>{}</html>", "bad gateway ".repeat(1000));
    let reply = ResponseTemplate::new(502).set_body_string(page);
    let error = error_when("POST", reply, async |c| {
        c.create_company(common::company()).await.map(drop)
    })
    .await;
    let (status, excerpt) = unexpected(&error);
    assert_eq!(status, Some(StatusCode::BAD_GATEWAY));
    assert!(excerpt.starts_with("<html>bad gateway"), "{excerpt}");
    assert!(
        excerpt.len() <= bluetape_client::BODY_EXCERPT_LIMIT + 3,
        "{}",
        excerpt.len()
    );
}

#[tokio::test]
async fn success_body_that_does_not_parse_is_unexpected_response() {
    let error = error_when("GET", json(200, "{\"nope\":1}"), async |c| {
        c.get_customer_signup("dc506b22c7fa").await.map(drop)
    })
    .await;
    assert_eq!(unexpected(&error).0, Some(StatusCode::OK));
}

#[tokio::test]
async fn unreachable_server_is_a_connection_error() {
    // A port that was free a moment ago: nothing listens there now.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = bluetape_client::Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .api_key("k")
        .account_id("a")
        .retry_policy(bluetape_client::RetryPolicy::none())
        .build()
        .unwrap();
    let error = client
        .get_customer_signup("dc506b22c7fa")
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Connection(_)), "{error:?}");
}
