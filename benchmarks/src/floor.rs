//! The floor of `cargo xtask bench`: a minimal axum server with the mock's routes that answers each
//! with a constant JSON body and checks nothing (no credentials, no body, no store). The mock's
//! throughput over the floor's is the share of the server's time that is the framework's.
//!
//! With `--reads-body`, each request body is first read into its model type by axum's `Json`
//! extractor, as any real handler must: what is left between it and the mock is the mock's own work
//! (validation against the document, the store, the journal).

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
/// `reads_body`, each body is read into its model type before the constant reply.
pub fn serve(host: &str, port: u16, reads_body: bool) -> Result<String, String> {
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
        axum::serve(listener, router(reads_body)?)
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
