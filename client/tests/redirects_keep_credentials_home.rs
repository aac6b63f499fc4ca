//! The credentials never leave the base URL: the client follows no redirect (the API documents
//! none), so a server answering 3xx to another origin, another port, another scheme, or from https
//! down to http receives nothing, and the caller gets `Error::Redirect` naming the status and the
//! target origin.

mod common;

use std::sync::Arc;

use bluetape_client::Error;
use common::{ACCOUNT_ID, API_KEY, OPERATIONS, call, client};
use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use wiremock::{Mock, MockServer, ResponseTemplate};

const REDIRECTS: [u16; 5] = [301, 302, 303, 307, 308];

/// The origin of a wiremock server, as `Error::Redirect` names it.
fn origin(server: &MockServer) -> String {
    format!("http://{}", server.address())
}

/// Answers every request to `server` with `status` and `Location: location`.
async fn redirect_all(server: &MockServer, status: u16, location: &str) {
    server.reset().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(status).insert_header("location", location))
        .mount(server)
        .await;
}

/// Calls every operation and checks that each one fails with the redirect, unfollowed.
async fn assert_every_operation_refuses(
    client: &bluetape_client::Client,
    status: u16,
    target_origin: &str,
) {
    for (operation, ..) in OPERATIONS {
        let error = call(client, operation)
            .await
            .expect_err("a redirect is an error");
        match &error {
            Error::Redirect {
                status: got,
                target_origin: Some(got_origin),
            } => {
                assert_eq!(
                    (got.as_u16(), got_origin.as_str()),
                    (status, target_origin),
                    "{operation}"
                );
            }
            other => panic!("{operation} after {status}: {other:?}"),
        }
        let shown = format!("{error} {error:?}");
        assert!(
            !shown.contains(API_KEY) && !shown.contains(ACCOUNT_ID),
            "{shown}"
        );
        assert!(
            shown.contains(&status.to_string()) && shown.contains(target_origin),
            "{shown}"
        );
    }
}

/// Asserts that `server` received no request carrying either credential (in fact none at all).
async fn assert_no_credentials_reached(server: &MockServer) {
    let requests = server
        .received_requests()
        .await
        .expect("wiremock records requests");
    let leaked = requests.iter().any(|request| {
        request.headers.contains_key("x-bluetape-key")
            || request.headers.contains_key("x-integration-accountid")
    });
    assert!(!leaked, "a credential reached the redirect target");
    assert!(
        requests.is_empty(),
        "the redirect was followed: {requests:?}"
    );
}

#[tokio::test]
async fn redirects_to_another_port_are_never_followed_for_any_operation_or_status() {
    let api = MockServer::start().await;
    let stranger = MockServer::start().await;
    let client = client(&api);
    for status in REDIRECTS {
        redirect_all(&api, status, &format!("{}/collect", stranger.uri())).await;
        assert_every_operation_refuses(&client, status, &origin(&stranger)).await;
        // One request per operation: none was retried or followed.
        assert_eq!(
            api.received_requests().await.unwrap().len(),
            OPERATIONS.len()
        );
    }
    assert_no_credentials_reached(&stranger).await;
}

#[tokio::test]
async fn redirects_to_another_host_or_a_relative_location_are_refused_too() {
    let api = MockServer::start().await;
    let client = client(&api);
    redirect_all(&api, 307, "https://evil.example:8443/steal?key=1").await;
    assert_every_operation_refuses(&client, 307, "https://evil.example:8443").await;
    // A relative location resolves against the request: same origin, still not followed.
    redirect_all(&api, 308, "/integration/elsewhere").await;
    assert_every_operation_refuses(&client, 308, &origin(&api)).await;
    assert_eq!(
        api.received_requests().await.unwrap().len(),
        OPERATIONS.len(),
        "only the 308 round's requests, each sent once"
    );
}

#[tokio::test]
async fn a_location_differing_only_in_scheme_is_not_followed() {
    let api = MockServer::start().await;
    let client = client(&api);
    let upgraded = format!("https://{}", api.address());
    for status in REDIRECTS {
        redirect_all(&api, status, &format!("{upgraded}/integration/company")).await;
        assert_every_operation_refuses(&client, status, &upgraded).await;
        assert_eq!(
            api.received_requests().await.unwrap().len(),
            OPERATIONS.len()
        );
    }
}

#[tokio::test]
async fn a_redirect_without_location_is_a_redirect_error_with_no_origin() {
    let api = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(302))
        .mount(&api)
        .await;
    let error = client(&api)
        .get_customer_signup("dc506b22c7fa")
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Redirect {
                status: StatusCode::FOUND,
                target_origin: None
            }
        ),
        "{error:?}"
    );
}

/// An https server (self-signed for `localhost`) answering every request with `status` and
/// `Location: location`. Returns its port and the certificate to trust.
async fn tls_redirector(status: u16, location: String) -> (u16, String) {
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()])
        .expect("a self-signed certificate");
    let certificate_pem = certified.cert.pem();
    let chain = vec![CertificateDer::from(certified.cert.der().to_vec())];
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
        certified.signing_key.serialize_der(),
    ));
    let config = ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .expect("a valid certificate and key");
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let port = listener.local_addr().expect("a bound address").port();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            let location = location.clone();
            tokio::spawn(async move {
                let Ok(mut stream) = acceptor.accept(stream).await else {
                    return;
                };
                // Read the head and any body, then answer and close.
                let mut received = Vec::new();
                let mut buffer = [0u8; 4096];
                loop {
                    let Ok(read) = stream.read(&mut buffer).await else {
                        return;
                    };
                    received.extend_from_slice(&buffer[..read]);
                    if read == 0 || request_complete(&received) {
                        break;
                    }
                }
                let reply = format!(
                    "HTTP/1.1 {status} Redirect\r\nlocation: {location}\r\ncontent-length: 0\r\n\
                     connection: close\r\n\r\n"
                );
                let _ = stream.write_all(reply.as_bytes()).await;
                let _ = stream.shutdown().await;
            });
        }
    });
    (port, certificate_pem)
}

/// Whether `received` holds a whole request: the head, then `content-length` bytes of body.
fn request_complete(received: &[u8]) -> bool {
    let text = String::from_utf8_lossy(received);
    let Some(head_end) = text.find("\r\n\r\n") else {
        return false;
    };
    let length = text[..head_end]
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())?
        })
        .unwrap_or(0);
    received.len() >= head_end + 4 + length
}

#[tokio::test]
async fn an_https_to_http_downgrade_is_never_followed() {
    let stranger = MockServer::start().await;
    for status in REDIRECTS {
        let (port, certificate) =
            tls_redirector(status, format!("{}/collect", stranger.uri())).await;
        let client = bluetape_client::Client::builder()
            .base_url(format!("https://localhost:{port}"))
            .api_key(API_KEY)
            .account_id(ACCOUNT_ID)
            .add_root_certificate_pem(certificate)
            .build()
            .unwrap();
        assert_every_operation_refuses(&client, status, &origin(&stranger)).await;
    }
    assert_no_credentials_reached(&stranger).await;
}
