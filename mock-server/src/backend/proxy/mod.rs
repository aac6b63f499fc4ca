//! The mock as a validating proxy (`bluetape-mock proxy --upstream <URL>`): every API request is
//! forwarded unchanged to a real server, and its reply comes back unchanged, while both are
//! checked against the document ([`contract`]). A violation is reported, not blocked: in the
//! journal entry, in the reply's [`VIOLATIONS_HEADER`], in the control API's summary and in the
//! log; with [`ProxyConfig::fail_on_violation`] a reply that breaks the document becomes a 502
//! naming it. An upstream that cannot be reached, is too slow or breaks off answers 502 or 504
//! ([`upstream`]).

mod contract;
mod recorder;
#[cfg(feature = "hickory-dns")]
mod resolver;
mod upstream;

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bluetape_model::validation::BodyValidator;
use serde_json::Value;

use self::contract::Contract;
use self::recorder::Recorder;
pub use self::upstream::{
    DEFAULT_UPSTREAM_TIMEOUT, ProxyConfig, ProxyError, UPSTREAM_REPLY_LIMIT_BYTES,
};
use self::upstream::{Upstream, UpstreamFailure};
use super::exchange::{ApiRequest, Outcome, Served};
use crate::ApiError;
use crate::operation_table::Routed;
use crate::violations::{
    Counts, Side, VIOLATIONS_HEADER, Violation, ViolationSummary, header_value,
};

/// The proxy: the upstream, the document's contract and the counts of what broke it.
#[derive(Debug)]
pub(crate) struct Proxy {
    upstream: Upstream,
    contract: Contract,
    config: ProxyConfig,
    counts: Counts,
    /// What the upstream accepts, recorded as a seed (`--record FILE`).
    recorder: Option<Recorder>,
}

impl Proxy {
    pub(crate) fn new(config: ProxyConfig, document: &Value) -> Result<Self, ProxyError> {
        let recorder = config
            .record
            .as_deref()
            .map(Recorder::open)
            .transpose()
            .map_err(ProxyError::Record)?;
        Ok(Proxy {
            upstream: Upstream::new(&config)?,
            contract: Contract::from_document(document),
            config,
            counts: Counts::default(),
            recorder,
        })
    }

    /// The violations seen since the start or the last reset.
    pub(crate) fn summary(&self) -> ViolationSummary {
        self.counts.summary()
    }

    pub(crate) fn clear(&self) {
        self.counts.clear();
    }

    /// Forwards one API request and answers with the upstream's reply, checked.
    pub(crate) async fn forward(&self, validator: &BodyValidator, api: ApiRequest<'_>) -> Served {
        let (operation, endpoint, path_id) = match &api.routed {
            Routed::Operation(operation, id) => (Some(&*operation.id), operation.endpoint, *id),
            Routed::WrongMethod(_) | Routed::Unknown => (None, None, None),
        };
        let request = api.parts;
        let body = api.body.clone();
        // Kept for the recorder: a cheap count of the same bytes.
        let request_body = body.clone();
        let mut violations =
            self.contract
                .check_request(operation, path_id, &request.headers, &body, validator);
        let counted_as = operation.map_or_else(
            || format!("{} {}", request.method, request.uri.path()),
            str::to_owned,
        );
        let reply = match self.upstream.forward(request, body).await {
            Ok(reply) => reply,
            Err(failure) => {
                self.counts.add(&counted_as, &violations);
                return failed(&failure, &self.config, self.upstream.base(), violations);
            }
        };
        let reply_violations = self.contract.check_reply(
            operation,
            reply.status.as_u16(),
            &reply.headers,
            &reply.body,
            validator,
        );
        let not_recorded = match (&self.recorder, endpoint) {
            (Some(recorder), Some(endpoint)) if reply.status.is_success() => {
                let id = path_id.map(|id| {
                    percent_encoding::percent_decode_str(id)
                        .decode_utf8_lossy()
                        .into_owned()
                });
                recorder
                    .record(endpoint, id.as_deref(), &request_body, &reply.body)
                    .err()
            }
            _ => None,
        };
        if let Some(reason) = &not_recorded {
            tracing::warn!(operation, %reason, "not recorded");
        }
        let refuse = self.config.fail_on_violation && !reply_violations.is_empty();
        violations.extend(reply_violations);
        self.counts.add(&counted_as, &violations);
        let mut response = if refuse {
            let named: Vec<String> = violations
                .iter()
                .filter(|violation| violation.side == Side::Response)
                .map(|violation| {
                    format!(
                        "{} at {:?}: {}",
                        violation.rule.name(),
                        violation.pointer,
                        violation.message
                    )
                })
                .collect();
            ApiError::status(
                StatusCode::BAD_GATEWAY,
                format!(
                    "The upstream's {} reply breaks the document: {}.",
                    reply.status.as_u16(),
                    named.join("; ")
                ),
            )
            .into_response()
        } else {
            let mut response = Response::new(Body::from(reply.body));
            *response.status_mut() = reply.status;
            *response.headers_mut() = reply.headers;
            response
        };
        mark(&mut response, &violations);
        Served {
            response,
            outcome: Outcome {
                violations,
                note: not_recorded.map(|reason| format!("not recorded: {reason}")),
                ..Outcome::default()
            },
        }
    }
}

/// The answer when the upstream gave no whole reply: 502 or 504 with an `ErrorResponse`.
fn failed(
    failure: &UpstreamFailure,
    config: &ProxyConfig,
    upstream: &str,
    violations: Vec<Violation>,
) -> Served {
    let (status, reason) = failure.reply(upstream, config.upstream_timeout);
    let mut response = ApiError::status(status, reason).into_response();
    mark(&mut response, &violations);
    Served {
        response,
        outcome: Outcome {
            dropped: false,
            note: Some(failure.describe()),
            violations,
        },
    }
}

/// Lists the violations in the reply's header.
fn mark(response: &mut Response, violations: &[Violation]) {
    if !violations.is_empty()
        && let Ok(value) = HeaderValue::from_str(&header_value(violations))
    {
        response.headers_mut().insert(VIOLATIONS_HEADER, value);
    }
}
