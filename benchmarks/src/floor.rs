//! The floor of `cargo xtask bench`: a minimal axum server with the mock's routes that answers each
//! with a constant JSON body and checks nothing (no credentials, no body, no store). The mock's
//! throughput over the floor's is the share of the server's time that is the framework's.

use axum::Router;
use axum::body::Bytes;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post, put};
use bluetape_model::operations::{
    CREATE_COMPANY_PATH, CREATE_CUSTOMER_PATH, GET_CUSTOMER_SIGNUP_PATH,
    LINK_COMPANY_CUSTOMER_PATH, UPDATE_CUSTOMER_PATH,
};
use bluetape_model::{BlueTapeIntegrationResult, CompanyCreated, CustomerCreated, SignUpDetails};

/// Serves the floor on `host:port` until the process is stopped; prints its URL first.
pub fn serve(host: &str, port: u16) -> Result<String, String> {
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
        axum::serve(listener, router()?)
            .await
            .map_err(|error| error.to_string())?;
        Ok(String::new())
    })
}

fn router() -> Result<Router, String> {
    let body = |value: serde_json::Result<Vec<u8>>| {
        value.map(Bytes::from).map_err(|error| error.to_string())
    };
    let company = body(serde_json::to_vec(&CompanyCreated::example()))?;
    let customer = body(serde_json::to_vec(&CustomerCreated::example()))?;
    let result = body(serde_json::to_vec(&BlueTapeIntegrationResult::example()))?;
    let sign_up = body(serde_json::to_vec(&SignUpDetails::example()))?;
    let answer = |status: StatusCode, body: Bytes| {
        move || {
            let body = body.clone();
            async move { (status, [(header::CONTENT_TYPE, "application/json")], body).into_response() }
        }
    };
    Ok(Router::new()
        .route(
            CREATE_COMPANY_PATH,
            post(answer(StatusCode::CREATED, company)),
        )
        .route(
            CREATE_CUSTOMER_PATH,
            post(answer(StatusCode::CREATED, customer)),
        )
        .route(
            UPDATE_CUSTOMER_PATH,
            put(answer(StatusCode::ACCEPTED, result.clone())),
        )
        .route(
            LINK_COMPANY_CUSTOMER_PATH,
            post(answer(StatusCode::CREATED, result)),
        )
        .route(
            GET_CUSTOMER_SIGNUP_PATH,
            get(answer(StatusCode::OK, sign_up)),
        ))
}
