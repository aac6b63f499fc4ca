//! [`OperationAnswer`]: how a running mock answers each operation of the document.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One operation of the document, and how the mock answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OperationAnswer {
    /// The operation's `operationId`.
    pub operation_id: String,
    /// Its HTTP method.
    pub method: String,
    /// Its path template.
    pub path: String,
    /// How the mock answers it.
    pub answered_by: AnsweredBy,
}

/// How the mock answers an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum AnsweredBy {
    /// Its behaviour is written: records are created, read and refused as the API does.
    Behaviour,
    /// No behaviour is written: its documented success status and example (credentials,
    /// validation, faults, `Prefer` and the journal apply all the same).
    Examples,
    /// In proxy mode: forwarded to the upstream and checked against the document.
    Upstream,
}
