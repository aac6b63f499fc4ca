//! The console at the mock's root: an interactive reference of the API (Scalar, served from the
//! binary) whose requests go to the mock itself, same origin. See `console/README.md`.
//!
//! - `GET /`: the page, with a Content-Security-Policy of `connect-src 'self'` and nothing from
//!   anywhere else (no font, no CDN, no telemetry);
//! - `GET /console/scalar.js`, `/console/console.js`: the scripts (Scalar gzip-compressed as
//!   embedded, unpacked only for a client that does not take gzip);
//! - `GET /console/config.json`: Scalar's configuration; in mock mode both credentials filled in
//!   with the mock's, in proxy mode none (the user's own keys go through the proxy);
//! - `GET /console/openapi.json`: the document the mock validates with, its server the mock's own
//!   URL as the browser reached it, with the operations' code samples as `cargo xtask codegen`
//!   wrote them into `console/code-samples.json` (the mock builds none itself).
//!
//! Every part carries `Cross-Origin-Resource-Policy: same-origin`, and the configuration is JSON,
//! not script: a page of another origin can neither read it nor include it.

use std::io::Read;
use std::sync::OnceLock;

use axum::extract::Request;
use axum::http::header::{self, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use bluetape_model::{ACCOUNT_ID_SCHEME, API_KEY_SCHEME};
use serde_json::{Value, json};

/// The version of `@scalar/api-reference` embedded (its `dist/browser/standalone.js`).
pub const SCALAR_VERSION: &str = "1.76.0";
/// The SHA-256 of that file as published on npm, uncompressed.
pub const SCALAR_STANDALONE_SHA256: &str =
    "dcb027152bf20bf2f6dcd66e8f9fb073c1a9e274cf0b94b939a7d99ab8947060";
/// Scalar's script, as `gzip -9 -n` wrote it.
const SCALAR_GZIP: &[u8] = include_bytes!("../console/scalar-standalone.js.gz");
/// The console's page.
pub const CONSOLE_HTML: &str = include_str!("../console/index.html");
/// The console's start: fetches the configuration, then starts Scalar.
pub const CONSOLE_JS: &str = include_str!("../console/console.js");

/// Every operation's `x-codeSamples`, by `operationId`, as written by `cargo xtask codegen`.
pub const CODE_SAMPLES_JSON: &str = include_str!("../console/code-samples.json");

/// The Content-Security-Policy of the console served by the mock: its own origin only.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src \
     'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; font-src 'self' data:; \
     base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The paths the console serves, besides `/`.
const SCRIPT_PATH: &str = "/console/scalar.js";
const START_PATH: &str = "/console/console.js";
const CONFIG_PATH: &str = "/console/config.json";
const DOCUMENT_PATH: &str = "/console/openapi.json";

/// Scalar's script, uncompressed.
///
/// # Errors
///
/// When the embedded file is not gzip (it is checked by a test).
pub fn scalar_script() -> std::io::Result<Vec<u8>> {
    let mut script = Vec::with_capacity(SCALAR_GZIP.len() * 4);
    flate2::read::GzDecoder::new(SCALAR_GZIP).read_to_end(&mut script)?;
    Ok(script)
}

/// Scalar's configuration: the document at `document_url`, everything that would reach another
/// origin off (fonts, the proxy, telemetry, the client button's cloud), nothing kept in the
/// browser, and with `credentials` both API-key schemes filled in.
pub fn configuration(document_url: &str, credentials: Option<(&str, &str)>) -> Value {
    let mut configuration = json!({
        "url": document_url,
        "withDefaultFonts": false,
        "proxyUrl": "",
        "hideClientButton": true,
        "showDeveloperTools": "never",
        "telemetry": false,
        "persistAuth": false,
        // Scalar's "Ask AI" calls Scalar's servers.
        "agent": { "disabled": true },
    });
    if let Some((api_key, account_id)) = credentials {
        configuration["authentication"] = json!({
            "securitySchemes": {
                API_KEY_SCHEME: { "value": api_key },
                ACCOUNT_ID_SCHEME: { "value": account_id },
            },
        });
    }
    configuration
}

/// What the console of one server shows.
#[derive(Debug, Clone)]
pub(crate) struct Console {
    /// The document the mock validates with, without its servers.
    document: Value,
    /// In mock mode, the credentials to fill in; in proxy mode none.
    credentials: Option<(String, String)>,
}

impl Console {
    pub(crate) fn new(mut document: Value, credentials: Option<(String, String)>) -> Console {
        if let Value::Object(fields) = &mut document {
            fields.remove("servers");
        }
        Console {
            document,
            credentials,
        }
    }

    /// Whether `request` is the console's (the root, or a path under `/console/`).
    pub(crate) fn serves(request: &Request) -> bool {
        let path = request.uri().path();
        path == "/" || path.starts_with("/console/")
    }

    /// The answer to a request for the console.
    pub(crate) fn answer(&self, request: &Request) -> Response {
        if request.method() != Method::GET && request.method() != Method::HEAD {
            let mut refusal = crate::ApiError::status(
                StatusCode::METHOD_NOT_ALLOWED,
                "Method not allowed.".to_owned(),
            )
            .into_response();
            refusal
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
            return refusal;
        }
        let mut response = match request.uri().path() {
            "/" => {
                let mut page = (
                    [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                    CONSOLE_HTML,
                )
                    .into_response();
                page.headers_mut().insert(
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(CONTENT_SECURITY_POLICY),
                );
                page
            }
            SCRIPT_PATH => script(request),
            START_PATH => (
                [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
                CONSOLE_JS,
            )
                .into_response(),
            CONFIG_PATH => {
                let credentials = self
                    .credentials
                    .as_ref()
                    .map(|(key, account)| (key.as_str(), account.as_str()));
                let url = DOCUMENT_PATH.trim_start_matches('/');
                axum::Json(configuration(url, credentials)).into_response()
            }
            DOCUMENT_PATH => {
                let mut document = self.document.clone();
                add_code_samples(&mut document);
                document["servers"] = json!([{
                    "url": own_origin(request),
                    "description": if self.credentials.is_some() {
                        "This bluetape-mock"
                    } else {
                        "This bluetape-mock proxy: each call goes on to the real API, checked both ways"
                    },
                }]);
                axum::Json(document).into_response()
            }
            _ => {
                return crate::ApiError::from(bluetape_model::DocumentedError::NotFound)
                    .into_response();
            }
        };
        let headers = response.headers_mut();
        headers.insert(
            "cross-origin-resource-policy",
            HeaderValue::from_static("same-origin"),
        );
        headers.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        );
        headers
            .entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static("no-store"));
        response
    }
}

/// Scalar's script: gzip as embedded when the client takes it, else unpacked.
fn script(request: &Request) -> Response {
    let takes_gzip = request
        .headers()
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|coding| {
            let mut parts = coding.split(';');
            let name = parts.next().unwrap_or_default().trim();
            let refused = parts.any(|parameter| {
                parameter
                    .trim()
                    .strip_prefix("q=")
                    .is_some_and(|q| q.trim().parse::<f32>().is_ok_and(|q| q == 0.0))
            });
            (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
        });
    let mut response = if takes_gzip {
        let mut response = (
            [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
            SCALAR_GZIP,
        )
            .into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        response
    } else {
        match scalar_script() {
            Ok(script) => (
                [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
                script,
            )
                .into_response(),
            Err(_) => {
                return crate::ApiError::from(bluetape_model::DocumentedError::Unexpected)
                    .into_response();
            }
        }
    };
    let headers = response.headers_mut();
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=86400"),
    );
    response
}

/// Adds each operation's `x-codeSamples` from [`CODE_SAMPLES_JSON`], read once, on the first
/// request for the document (not at start). An operation without samples is left as it is.
fn add_code_samples(document: &mut Value) {
    static SAMPLES: OnceLock<serde_json::Map<String, Value>> = OnceLock::new();
    let samples = SAMPLES.get_or_init(|| {
        serde_json::from_str(CODE_SAMPLES_JSON).unwrap_or_else(|error| {
            tracing::error!(%error, "console/code-samples.json is not a JSON object");
            serde_json::Map::new()
        })
    });
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for operation in paths
        .values_mut()
        .filter_map(Value::as_object_mut)
        .flat_map(|item| item.values_mut())
        .filter_map(Value::as_object_mut)
    {
        let Some(id) = operation.get("operationId").and_then(Value::as_str) else {
            continue;
        };
        if let Some(operation_samples) = samples.get(id) {
            let operation_samples = operation_samples.clone();
            operation.insert("x-codeSamples".to_owned(), operation_samples);
        }
    }
}

/// `http://<Host>`: the mock as the browser reached it, so that the console's calls stay on the
/// page's origin.
fn own_origin(request: &Request) -> String {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|host| host.to_str().ok())
        .unwrap_or("127.0.0.1");
    format!("http://{host}")
}

#[cfg(test)]
mod tests {
    use sha2::{Digest, Sha256};

    use super::*;

    #[test]
    fn the_embedded_scalar_is_the_published_file() {
        let script = scalar_script().expect("the embedded file is gzip");
        let digest = Sha256::digest(&script);
        let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
        assert_eq!(hex, SCALAR_STANDALONE_SHA256);
    }

    #[test]
    fn every_operation_of_the_console_document_has_its_code_samples() {
        let mut document = bluetape_model::render::document(bluetape_model::render::Version::V3_1)
            .expect("the model derives its document");
        add_code_samples(&mut document);
        let operations: Vec<_> = bluetape_model::operations_of(&document).collect();
        assert!(!operations.is_empty());
        for (_, _, operation) in operations {
            let samples = operation["x-codeSamples"].as_array();
            assert!(
                samples.is_some_and(|samples| samples.len() >= 7),
                "{}: {samples:?}",
                operation["operationId"]
            );
        }
    }

    #[test]
    fn the_configuration_reaches_no_other_origin_and_fills_credentials_only_when_given() {
        let mock = configuration("console/openapi.json", Some(("key", "account")));
        assert_eq!(mock["withDefaultFonts"], false);
        assert_eq!(mock["proxyUrl"], "");
        assert_eq!(mock["telemetry"], false);
        assert_eq!(mock["persistAuth"], false);
        assert_eq!(
            mock["authentication"]["securitySchemes"][API_KEY_SCHEME]["value"],
            "key"
        );
        let proxy = configuration("console/openapi.json", None);
        assert!(proxy.get("authentication").is_none());
    }
}
