//! [`Journal`]: the requests the mock received, newest last, bounded so that a long-running mock
//! does not grow without limit. Credentials are never recorded.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, Method, Uri};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

/// How many requests the journal keeps unless told otherwise (`--journal-capacity`).
pub const DEFAULT_JOURNAL_CAPACITY: usize = 1000;

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
    pub body: Option<Value>,
    /// The fault that answered it, if one did (`status 429`, `latency 1500 ms`, `drop`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fault: Option<String>,
}

/// A request as recorded: what is cheap to keep (shared buffers, no text formatting); turned
/// into a [`JournalEntry`] only when the journal is read.
#[derive(Debug, Clone)]
pub(crate) struct Recorded {
    pub(crate) method: Method,
    pub(crate) uri: Uri,
    pub(crate) operation: Option<Arc<str>>,
    pub(crate) status: Option<u16>,
    pub(crate) request_id: Option<HeaderValue>,
    /// As received (cloning a `HeaderMap` shares its values); redacted when the journal is read.
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    pub(crate) fault: Option<String>,
}

/// The headers of a request as the journal shows them: the API's credential headers redacted,
/// non-text values lossily decoded.
fn redacted_headers(headers: &HeaderMap) -> BTreeMap<String, String> {
    let credentials = [
        bluetape_model::API_KEY_HEADER,
        bluetape_model::ACCOUNT_ID_HEADER,
    ];
    headers
        .iter()
        .map(|(name, value)| {
            let shown = if credentials
                .iter()
                .any(|credential| name.as_str().eq_ignore_ascii_case(credential))
            {
                REDACTED.to_owned()
            } else {
                String::from_utf8_lossy(value.as_bytes()).into_owned()
            };
            (name.as_str().to_owned(), shown)
        })
        .collect()
}

#[derive(Debug)]
struct Entries {
    capacity: usize,
    next_sequence: u64,
    entries: VecDeque<(u64, Recorded)>,
}

/// The last requests the mock received, at most `capacity` of them.
#[derive(Debug)]
pub struct Journal {
    entries: Mutex<Entries>,
}

impl Journal {
    /// An empty journal keeping the last `capacity` requests (0 keeps none).
    pub fn new(capacity: usize) -> Self {
        Journal {
            entries: Mutex::new(Entries {
                capacity,
                next_sequence: 1,
                entries: VecDeque::with_capacity(capacity.min(DEFAULT_JOURNAL_CAPACITY)),
            }),
        }
    }

    /// How many requests it keeps at most.
    pub fn capacity(&self) -> usize {
        self.lock().capacity
    }

    /// Records a request as it arrives (so that one whose client gives up is still listed);
    /// returns its sequence number for [`complete`](Journal::complete).
    pub(crate) fn record(&self, recorded: Recorded) -> u64 {
        let mut entries = self.lock();
        let sequence = entries.next_sequence;
        entries.next_sequence += 1;
        if entries.capacity == 0 {
            return sequence;
        }
        if entries.entries.len() == entries.capacity {
            entries.entries.pop_front();
        }
        entries.entries.push_back((sequence, recorded));
        sequence
    }

    /// Adds what was answered to the request `sequence`, if the journal still holds it.
    pub(crate) fn complete(&self, sequence: u64, status: Option<u16>, fault: Option<String>) {
        let mut entries = self.lock();
        // Sequences increase along the queue: search from the newest, where it almost always is.
        if let Some((_, recorded)) = entries
            .entries
            .iter_mut()
            .rev()
            .find(|(recorded_sequence, _)| *recorded_sequence == sequence)
        {
            recorded.status = status;
            recorded.fault = fault;
        }
    }

    /// The recorded requests, oldest first; only those for `operation` when given.
    pub fn entries(&self, operation: Option<&str>) -> Vec<JournalEntry> {
        let selected: Vec<(u64, Recorded)> = self
            .lock()
            .entries
            .iter()
            .filter(|(_, recorded)| {
                operation.is_none_or(|operation| recorded.operation.as_deref() == Some(operation))
            })
            .cloned()
            .collect();
        // Parsing happens here, outside the lock and off the request path.
        selected
            .into_iter()
            .map(|(sequence, recorded)| JournalEntry {
                sequence,
                method: recorded.method.to_string(),
                path: recorded
                    .uri
                    .path_and_query()
                    .map_or_else(|| recorded.uri.path().to_owned(), |path| path.to_string()),
                operation: recorded.operation.as_deref().map(str::to_owned),
                status: recorded.status,
                request_id: recorded
                    .request_id
                    .and_then(|value| value.to_str().ok().map(str::to_owned)),
                headers: redacted_headers(&recorded.headers),
                body: body_value(&recorded.body),
                fault: recorded.fault,
            })
            .collect()
    }

    /// Forgets every entry, and numbers the next request 1 again.
    pub fn clear(&self) {
        let mut entries = self.lock();
        entries.entries.clear();
        entries.next_sequence = 1;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn body_value(body: &Bytes) -> Option<Value> {
    if body.is_empty() {
        return None;
    }
    Some(
        serde_json::from_slice(body)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(body).into_owned())),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recorded(path: &'static str, operation: Option<&str>) -> Recorded {
        Recorded {
            method: Method::GET,
            uri: Uri::from_static(path),
            operation: operation.map(Arc::from),
            status: Some(200),
            request_id: None,
            headers: HeaderMap::new(),
            body: Bytes::from_static(b"{\"a\":1}"),
            fault: None,
        }
    }

    #[test]
    fn it_keeps_the_last_entries_up_to_its_capacity() {
        let journal = Journal::new(2);
        for path in ["/a", "/b", "/c"] {
            let sequence = journal.record(recorded(path, Some("op")));
            journal.complete(sequence, Some(201), None);
        }
        let entries = journal.entries(None);
        assert_eq!(
            entries
                .iter()
                .map(|e| (e.sequence, e.path.as_str()))
                .collect::<Vec<_>>(),
            [(2, "/b"), (3, "/c")]
        );
        assert_eq!(entries[0].body, Some(serde_json::json!({"a": 1})));
        assert_eq!(entries[1].status, Some(201));
        journal.clear();
        assert!(journal.entries(None).is_empty());
    }

    #[test]
    fn it_filters_by_operation() {
        let journal = Journal::new(10);
        journal.record(recorded("/a", Some("createCompany")));
        journal.record(recorded("/b", None));
        assert_eq!(journal.entries(Some("createCompany")).len(), 1);
        assert_eq!(journal.entries(None).len(), 2);
    }

    #[test]
    fn credential_values_are_redacted() {
        let mut headers = HeaderMap::new();
        headers.insert("x-bluetape-key", "secret".parse().unwrap());
        headers.insert("content-type", "application/json".parse().unwrap());
        let shown = redacted_headers(&headers);
        assert_eq!(shown["x-bluetape-key"], REDACTED);
        assert_eq!(shown["content-type"], "application/json");
    }
}
