//! [`Violation`]: one way a proxied request or reply breaks the document, and
//! [`ViolationSummary`]: how many of each the proxy has seen, per operation and rule.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The reply header that lists a proxied exchange's violations as a JSON array (as Prism's
/// `sl-violations` does); absent when there are none.
pub const VIOLATIONS_HEADER: &str = "x-bluetape-violations";

/// Which side of the exchange broke the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// What the client sent.
    Request,
    /// What the upstream answered.
    Response,
}

/// The rules a proxied exchange is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// The request matches no operation of the document (method and path).
    UnknownOperation,
    /// A credential header (`X-BlueTape-Key`, `X-Integration-AccountId`) is missing.
    MissingCredential,
    /// The path's `id` breaks its parameter's schema.
    PathParameter,
    /// The request body is not JSON, or breaks the operation's request schema.
    RequestBody,
    /// The upstream answered a status the operation does not document.
    UndocumentedStatus,
    /// The reply's `Content-Type` is not the documented one.
    ContentType,
    /// The reply body is not JSON, or breaks the schema documented for its status.
    ResponseBody,
}

impl Rule {
    /// The rule's name, as serialized.
    pub fn name(self) -> &'static str {
        match self {
            Rule::UnknownOperation => "unknown-operation",
            Rule::MissingCredential => "missing-credential",
            Rule::PathParameter => "path-parameter",
            Rule::RequestBody => "request-body",
            Rule::UndocumentedStatus => "undocumented-status",
            Rule::ContentType => "content-type",
            Rule::ResponseBody => "response-body",
        }
    }
}

/// One way a proxied request or reply breaks the document. Never holds a credential's value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Violation {
    /// The request or the reply.
    #[serde(rename = "where")]
    pub side: Side,
    /// Where in it, as a JSON pointer into the body (empty for the body as a whole, or for what is
    /// not in the body: the status, a header, the path).
    pub pointer: String,
    /// The rule it breaks.
    pub rule: Rule,
    /// What is wrong, in words.
    pub message: String,
}

impl Violation {
    /// A violation of `rule` on `side`, at `pointer`.
    pub fn new(side: Side, rule: Rule, pointer: &str, message: impl Into<String>) -> Self {
        Violation {
            side,
            pointer: pointer.to_owned(),
            rule,
            message: message.into(),
        }
    }
}

/// How many violations the proxy has seen since it started or was reset, per operation (or the
/// method and path of a request that matched none) and rule.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ViolationSummary {
    /// Every violation seen.
    pub total: u64,
    /// Exchanges proxied, with or without violations.
    pub exchanges: u64,
    /// Per operation, per rule name: how many.
    pub by_operation: BTreeMap<String, BTreeMap<String, u64>>,
}
