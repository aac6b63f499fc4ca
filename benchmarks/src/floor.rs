//! The floor of `cargo xtask bench`: a minimal axum server with the mock's routes that answers each
//! with a constant JSON body and checks nothing (no credentials, no body, no store). The mock's
//! throughput over the floor's is the share of the server's time that is the framework's.
//!
//! With `--reads-body`, each request body is first read into its model type by axum's `Json`
//! extractor, as any real handler must: what is left between it and the mock is the mock's own work
//! (validation against the document, the store, the journal).
//!
//! With `--forward-to URL`, it is the floor of `bluetape-mock proxy` instead: every request is
//! forwarded as it came to the upstream with reqwest, and the upstream's reply sent back as it
//! came, with nothing checked or recorded: what is left between it and the proxy is the proxy's
//! own work (both checks against the document, the journal).

use std::future::ready;

use axum::body::Bytes;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, MethodRouter, on};
use axum::{Json, Router};
use bluetape_model::operations::{
    CREATE_COMPANY_PATH, CREATE_CUSTOMER_PATH, GET_CUSTOMER_SIGNUP_PATH,
    LINK_COMPANY_CUSTOMER_PATH, UPDATE_CUSTOMER_PATH,
};
use bluetape_model::{
    BlueTapeIntegrationResult, Company, CompanyCreated, Customer, CustomerCreated, CustomerLink,
    CustomerUpdate, SignUpDetails,
};
use serde::de::DeserializeOwned;

/// Serves the floor on `host:port` until the process is stopped; prints its URL first. With
/// `reads_body`, each body is read into its model type before the constant reply; with
/// `forward_to`, every request is forwarded there instead.
pub fn serve(
    host: &str,
    port: u16,
    reads_body: bool,
    forward_to: Option<&str>,
) -> Result<String, String> {
    let router = match forward_to {
        Some(upstream) => forwarding_router(upstream)?,
        None => router(reads_body)?,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|error| error.to_string())?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind((host, port))
            .await
            .map_err(|error| format!("cannot listen on {host}:{port}: {error}"))?;
        let address = listener.local_addr().map_err(|error| error.to_string())?;
        println!("floor listening on http://{address}");
        axum::serve(listener, router)
            .await
            .map_err(|error| error.to_string())?;
        Ok(String::new())
    })
}

fn router(reads_body: bool) -> Result<Router, String> {
    let body = |value: serde_json::Result<Vec<u8>>| {
        value.map(Bytes::from).map_err(|error| error.to_string())
    };
    let reply = |status, body| Reply { status, body };
    let company = reply(
        StatusCode::CREATED,
        body(serde_json::to_vec(&CompanyCreated::example()))?,
    );
    let customer = reply(
        StatusCode::CREATED,
        body(serde_json::to_vec(&CustomerCreated::example()))?,
    );
    let result = body(serde_json::to_vec(&BlueTapeIntegrationResult::example()))?;
    let sign_up = reply(
        StatusCode::OK,
        body(serde_json::to_vec(&SignUpDetails::example()))?,
    );
    Ok(Router::new()
        .route(
            CREATE_COMPANY_PATH,
            answer::<Company>(MethodFilter::POST, company, reads_body),
        )
        .route(
            CREATE_CUSTOMER_PATH,
            answer::<Customer>(MethodFilter::POST, customer, reads_body),
        )
        .route(
            UPDATE_CUSTOMER_PATH,
            answer::<CustomerUpdate>(
                MethodFilter::PUT,
                reply(StatusCode::ACCEPTED, result.clone()),
                reads_body,
            ),
        )
        .route(
            LINK_COMPANY_CUSTOMER_PATH,
            answer::<CustomerLink>(
                MethodFilter::POST,
                reply(StatusCode::CREATED, result),
                reads_body,
            ),
        )
        .route(
            GET_CUSTOMER_SIGNUP_PATH,
            on(MethodFilter::GET, move || ready(sign_up.response())),
        ))
}

/// The constant reply of a route.
#[derive(Clone)]
struct Reply {
    status: StatusCode,
    body: Bytes,
}

impl Reply {
    fn response(&self) -> Response {
        (
            self.status,
            [(header::CONTENT_TYPE, "application/json")],
            self.body.clone(),
        )
            .into_response()
    }
}

/// A route answering `reply`; with `reads_body`, once the request body is read into a `Body` (a
/// body that is not one is axum's 4xx).
fn answer<Body>(filter: MethodFilter, reply: Reply, reads_body: bool) -> MethodRouter
where
    Body: DeserializeOwned + Send + 'static,
{
    if reads_body {
        on(filter, move |Json(_): Json<Body>| ready(reply.response()))
    } else {
        on(filter, move || ready(reply.response()))
    }
}

/// The largest body the forwarding floor reads, as the proxy (1 MiB).
const FORWARDED_BODY_LIMIT: usize = 1024 * 1024;

/// Headers of one hop only: never forwarded either way (RFC 9110, 7.6.1), nor `host`.
const HOP_BY_HOP: [header::HeaderName; 7] = [
    header::HOST,
    header::CONNECTION,
    header::TRANSFER_ENCODING,
    header::TE,
    header::UPGRADE,
    header::PROXY_AUTHORIZATION,
    header::TRAILER,
];

/// Every request, forwarded to `upstream` with one shared reqwest client.
fn forwarding_router(upstream: &str) -> Result<Router, String> {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()
        .map_err(|error| error.to_string())?;
    let upstream: std::sync::Arc<str> = upstream.trim_end_matches('/').into();
    Ok(
        Router::new().fallback(move |request: axum::extract::Request| {
            forward(client.clone(), upstream.clone(), request)
        }),
    )
}

/// One request forwarded, and the upstream's reply as it came; a failure is a bare 502.
async fn forward(
    client: reqwest::Client,
    upstream: std::sync::Arc<str>,
    request: axum::extract::Request,
) -> Response {
    let (mut parts, body) = request.into_parts();
    let Ok(body) = axum::body::to_bytes(body, FORWARDED_BODY_LIMIT).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let path = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.path(), |path| path.as_str());
    for name in &HOP_BY_HOP {
        parts.headers.remove(name);
    }
    let sent = client
        .request(parts.method, format!("{upstream}{path}"))
        .headers(parts.headers)
        .body(body)
        .send()
        .await;
    let Ok(reply) = sent else {
        return StatusCode::BAD_GATEWAY.into_response();
    };
    let status = reply.status();
    let mut headers = reply.headers().clone();
    for name in &HOP_BY_HOP {
        headers.remove(name);
    }
    match reply.bytes().await {
        Ok(bytes) => (status, headers, bytes).into_response(),
        Err(_) => StatusCode::BAD_GATEWAY.into_response(),
    }
}
