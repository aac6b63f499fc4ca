//! The faults a running mock can be told to answer with: [`FaultRule`] (what, for which
//! operation, how often) and [`ActiveFault`] (a rule that is set).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a fault does to a request it matches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "camelCase", deny_unknown_fields)]
pub enum FaultKind {
    /// Answer this status (400–599) with an error body, without running the operation.
    #[serde(rename_all = "camelCase")]
    Status {
        /// The status.
        status: u16,
        /// The `Retry-After` header, in seconds, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        retry_after_seconds: Option<u64>,
    },
    /// Wait this long, then run the operation as usual.
    #[serde(rename_all = "camelCase")]
    Latency {
        /// The added latency, in milliseconds.
        milliseconds: u64,
    },
    /// Close the connection without answering.
    Drop,
}

impl FaultKind {
    /// A short description for the journal: `status 429`, `latency 1500 ms`, `drop`.
    pub fn describe(&self) -> String {
        match self {
            FaultKind::Status { status, .. } => format!("status {status}"),
            FaultKind::Latency { milliseconds } => format!("latency {milliseconds} ms"),
            FaultKind::Drop => "drop".into(),
        }
    }
}

/// A fault and the requests it applies to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FaultRule {
    /// The `operationId` it applies to; every operation when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    /// What it does.
    pub fault: FaultKind,
    /// It applies to the next `times` matching requests, then is removed. Without `times` and
    /// `probability` it applies to every matching request until cleared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 1)]
    pub times: Option<u32>,
    /// It applies to each matching request with this probability (0 to 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 0, maximum = 1)]
    pub probability: Option<f64>,
    /// The seed of the draws of `probability`: the same seed gives the same sequence. Random when
    /// absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
}

impl FaultRule {
    /// A rule for every request to every operation.
    pub fn always(fault: FaultKind) -> Self {
        FaultRule {
            operation: None,
            fault,
            times: None,
            probability: None,
            seed: None,
        }
    }
}

/// A rule that is set, as listed by the control API.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ActiveFault {
    /// Its id, to remove it alone.
    pub id: u64,
    /// The rule.
    #[serde(flatten)]
    pub rule: FaultRule,
    /// How many more requests it applies to, for a rule with `times`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remaining: Option<u32>,
}
