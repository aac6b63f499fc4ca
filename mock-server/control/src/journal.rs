//! What the journal shows of the requests a mock received: [`JournalEntry`], its
//! [`RequestBody`], and the [`JournalPage`] the control API answers.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_json::value::RawValue;
use utoipa::ToSchema;

use crate::violations::Violation;

/// What a credential header's value reads as in the journal.
pub const REDACTED: &str = "[redacted]";

/// One request the mock received, and what it answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct JournalEntry {
    /// Its position among every request the mock received since it started or was reset,
    /// from 1; gaps mean older entries were dropped to respect the capacity.
    pub sequence: u64,
    /// The HTTP method.
    pub method: String,
    /// The path (with its query, if any).
    pub path: String,
    /// The documented operation it was for, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    /// The status answered; absent when no reply was sent: the connection was dropped by a
    /// fault, or the client went away first (a timeout), or the reply is still being made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The request id (`x-request-id`) of the reply.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// The request headers, with the two credential headers' values replaced by `[redacted]`.
    pub headers: BTreeMap<String, String>,
    /// The request body: its JSON when it parses, else its text; absent when empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Value>)]
    pub body: Option<RequestBody>,
    /// The fault that answered it, if one did (`status 429`, `latency 1500 ms`, `drop`); in proxy
    /// mode, the upstream's failure (`upstream timeout`, `upstream unreachable`, `upstream reply
    /// broken`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fault: Option<String>,
    /// In proxy mode, how the request and the upstream's reply break the document; absent when
    /// they do not.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub violations: Vec<Violation>,
}

/// A request body as the journal shows it: the JSON text as received, digit for digit (an amount
/// of 27 significant digits stays exact, where a [`Value`] would hold a binary float), or, for a
/// body that is not JSON, that text as a JSON string.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RequestBody(Box<RawValue>);

impl RequestBody {
    /// A body from its JSON text (a body that is not JSON is recorded as a JSON string).
    pub fn from_raw(raw: Box<RawValue>) -> Self {
        RequestBody(raw)
    }

    /// The body's JSON text, exactly as received (or the JSON string holding a body that was not
    /// JSON).
    pub fn text(&self) -> &str {
        self.0.get()
    }

    /// The body as a [`Value`]: convenient to inspect, but its fractional numbers are binary
    /// floats; compare amounts with [`RequestBody::text`].
    pub fn json(&self) -> Value {
        // The text is valid JSON: RawValue checked it.
        serde_json::from_str(self.text()).unwrap_or(Value::Null)
    }
}

impl PartialEq for RequestBody {
    fn eq(&self, other: &RequestBody) -> bool {
        self.text() == other.text()
    }
}

/// The requests the mock received, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct JournalPage {
    /// How many requests the journal keeps at most (`--journal-capacity`).
    pub capacity: usize,
    /// The requests, oldest first.
    pub entries: Vec<JournalEntry>,
}
