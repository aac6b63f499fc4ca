//! [`Journal`]: the requests the mock received, newest last, bounded so that a long-running mock
//! does not grow without limit. Credentials are never recorded.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};

use axum::http::Method;
use axum::http::request::Parts;
use serde_json::value::RawValue;

use crate::config::DEFAULT_JOURNAL_CAPACITY;
use crate::request_id::REQUEST_ID_HEADER;
use crate::violations::Violation;

pub use bluetape_mock_control::{JournalEntry, REDACTED, RequestBody};

/// A request as recorded: copied into buffers that the slot keeps from the entry it replaced, so
/// that once the journal is full, recording allocates nothing. Copied, not shared: a header value
/// or body kept as a slice of the connection's read buffer would keep that buffer alive, and the
/// server would allocate a new one for every request. Turned into a [`JournalEntry`] only when the
/// journal is read.
#[derive(Debug, Clone, Default)]
struct Slot {
    sequence: u64,
    method: Method,
    operation: Option<Arc<str>>,
    status: Option<u16>,
    fault: Option<String>,
    violations: Vec<Violation>,
    /// The path with its query, then each header's name and value, then the body, end to end.
    text: Vec<u8>,
    /// Where the path ends in `text`.
    path_end: usize,
    /// Where each header's name, then its value, ends in `text`; the body follows the last.
    header_ends: Vec<(usize, usize)>,
}

impl Slot {
    fn fill(&mut self, sequence: u64, request: &Parts, operation: Option<&Arc<str>>, body: &[u8]) {
        self.sequence = sequence;
        self.method.clone_from(&request.method);
        self.operation = operation.cloned();
        self.status = None;
        self.fault = None;
        self.violations.clear();
        self.text.clear();
        self.header_ends.clear();
        let path = request
            .uri
            .path_and_query()
            .map_or_else(|| request.uri.path(), |path| path.as_str());
        self.text.extend_from_slice(path.as_bytes());
        self.path_end = self.text.len();
        for (name, value) in &request.headers {
            self.text.extend_from_slice(name.as_str().as_bytes());
            let name_end = self.text.len();
            self.text.extend_from_slice(value.as_bytes());
            self.header_ends.push((name_end, self.text.len()));
        }
        self.text.extend_from_slice(body);
    }

    /// Each header's name and value, as received.
    fn headers(&self) -> impl Iterator<Item = (&[u8], &[u8])> {
        let mut start = self.path_end;
        self.header_ends.iter().map(move |&(name_end, value_end)| {
            let header = (&self.text[start..name_end], &self.text[name_end..value_end]);
            start = value_end;
            header
        })
    }

    fn body(&self) -> &[u8] {
        let body_start = self
            .header_ends
            .last()
            .map_or(self.path_end, |&(_, end)| end);
        &self.text[body_start..]
    }

    fn entry(&self) -> JournalEntry {
        let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
        JournalEntry {
            sequence: self.sequence,
            method: self.method.to_string(),
            path: text(&self.text[..self.path_end]),
            operation: self.operation.as_deref().map(str::to_owned),
            status: self.status,
            request_id: self
                .headers()
                .find(|(name, _)| name.eq_ignore_ascii_case(REQUEST_ID_HEADER.as_str().as_bytes()))
                .map(|(_, value)| text(value)),
            headers: redacted_headers(self.headers()),
            body: body_value(self.body()),
            fault: self.fault.clone(),
            violations: self.violations.clone(),
        }
    }
}

/// The headers of a request as the journal shows them: the API's credential headers redacted,
/// non-text values lossily decoded.
fn redacted_headers<'a>(
    headers: impl Iterator<Item = (&'a [u8], &'a [u8])>,
) -> BTreeMap<String, String> {
    let credentials = [
        bluetape_model::API_KEY_HEADER,
        bluetape_model::ACCOUNT_ID_HEADER,
    ];
    headers
        .map(|(name, value)| {
            let shown = if credentials
                .iter()
                .any(|credential| name.eq_ignore_ascii_case(credential.as_bytes()))
            {
                REDACTED.to_owned()
            } else {
                String::from_utf8_lossy(value).into_owned()
            };
            (String::from_utf8_lossy(name).into_owned(), shown)
        })
        .collect()
}

#[derive(Debug)]
struct Entries {
    capacity: usize,
    next_sequence: u64,
    entries: VecDeque<Slot>,
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
    pub(crate) fn record(&self, request: &Parts, operation: Option<&Arc<str>>, body: &[u8]) -> u64 {
        let mut entries = self.lock();
        let sequence = entries.next_sequence;
        entries.next_sequence += 1;
        if entries.capacity == 0 {
            return sequence;
        }
        // The oldest entry's buffers take the new one, once the journal is full.
        let mut slot = if entries.entries.len() == entries.capacity {
            entries.entries.pop_front().unwrap_or_default()
        } else {
            Slot::default()
        };
        slot.fill(sequence, request, operation, body);
        entries.entries.push_back(slot);
        sequence
    }

    /// Adds what was answered to the request `sequence`, if the journal still holds it.
    pub(crate) fn complete(
        &self,
        sequence: u64,
        status: Option<u16>,
        fault: Option<String>,
        violations: Vec<Violation>,
    ) {
        let mut entries = self.lock();
        // Every request recorded takes the next sequence and the back of the queue, and only the
        // front is dropped: the sequences along the queue are consecutive, so the slot's place is
        // its distance from the oldest.
        let oldest = entries.entries.front().map_or(0, |slot| slot.sequence);
        let place = sequence
            .checked_sub(oldest)
            .and_then(|place| usize::try_from(place).ok());
        if let Some(slot) = place
            .and_then(|place| entries.entries.get_mut(place))
            .filter(|slot| slot.sequence == sequence)
        {
            slot.status = status;
            slot.fault = fault;
            slot.violations = violations;
        }
    }

    /// The recorded requests, oldest first; only those for `operation` when given.
    pub fn entries(&self, operation: Option<&str>) -> Vec<JournalEntry> {
        let selected: Vec<Slot> = self
            .lock()
            .entries
            .iter()
            .filter(|slot| {
                operation.is_none_or(|operation| slot.operation.as_deref() == Some(operation))
            })
            .cloned()
            .collect();
        // Decoding happens here, outside the lock and off the request path.
        selected.iter().map(Slot::entry).collect()
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

fn body_value(body: &[u8]) -> Option<RequestBody> {
    if body.is_empty() {
        return None;
    }
    let raw = std::str::from_utf8(body)
        .ok()
        .and_then(|text| RawValue::from_string(text.trim().to_owned()).ok())
        .or_else(|| serde_json::value::to_raw_value(&String::from_utf8_lossy(body)).ok())?;
    Some(RequestBody::from_raw(raw))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn request(path: &'static str, headers: &[(&'static str, &'static str)]) -> Parts {
        let mut request = axum::http::Request::builder()
            .method(Method::POST)
            .uri(path);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.body(()).unwrap().into_parts().0
    }

    fn record(journal: &Journal, path: &'static str, operation: Option<&str>) -> u64 {
        let operation = operation.map(Arc::from);
        journal.record(&request(path, &[]), operation.as_ref(), b"{\"a\":1}")
    }

    #[test]
    fn it_keeps_the_last_entries_up_to_its_capacity() {
        let journal = Journal::new(2);
        for path in ["/a", "/b", "/c"] {
            let sequence = record(&journal, path, Some("op"));
            journal.complete(sequence, Some(201), None, Vec::new());
        }
        let entries = journal.entries(None);
        assert_eq!(
            entries
                .iter()
                .map(|e| (e.sequence, e.path.as_str()))
                .collect::<Vec<_>>(),
            [(2, "/b"), (3, "/c")]
        );
        assert_eq!(
            entries[0].body.as_ref().map(RequestBody::json),
            Some(serde_json::json!({"a": 1}))
        );
        assert_eq!(entries[1].status, Some(201));
        journal.clear();
        assert!(journal.entries(None).is_empty());
    }

    #[test]
    fn a_reply_completes_its_own_request_in_any_order_and_a_dropped_one_is_ignored() {
        let journal = Journal::new(3);
        let sequences: Vec<u64> = ["/a", "/b", "/c", "/d", "/e"]
            .into_iter()
            .map(|path| record(&journal, path, Some("op")))
            .collect();
        // Replies come back out of order; /a and /b were dropped to respect the capacity.
        for (sequence, status) in sequences.iter().zip([200, 201, 202, 203, 204]).rev() {
            journal.complete(*sequence, Some(status), None, Vec::new());
        }
        journal.complete(99, Some(500), None, Vec::new());
        let completed: Vec<_> = journal
            .entries(None)
            .iter()
            .map(|entry| (entry.path.clone(), entry.status))
            .collect();
        assert_eq!(
            completed,
            [
                ("/c".to_owned(), Some(202)),
                ("/d".to_owned(), Some(203)),
                ("/e".to_owned(), Some(204))
            ]
        );
    }

    #[test]
    fn it_filters_by_operation() {
        let journal = Journal::new(10);
        record(&journal, "/a", Some("createCompany"));
        record(&journal, "/b", None);
        assert_eq!(journal.entries(Some("createCompany")).len(), 1);
        assert_eq!(journal.entries(None).len(), 2);
    }

    #[test]
    fn credential_values_are_redacted() {
        let journal = Journal::new(1);
        let headers = [
            ("x-bluetape-key", "secret"),
            ("X-Integration-AccountId", "account"),
            ("content-type", "application/json"),
            ("x-request-id", "r-1"),
        ];
        journal.record(&request("/c", &headers), None, b"");
        let entry = &journal.entries(None)[0];
        assert_eq!(entry.headers["x-bluetape-key"], REDACTED);
        assert_eq!(entry.headers["x-integration-accountid"], REDACTED);
        assert_eq!(entry.headers["content-type"], "application/json");
        assert_eq!(entry.request_id.as_deref(), Some("r-1"));
        assert_eq!(entry.body, None);
    }

    #[test]
    fn a_reused_slot_shows_only_its_own_request() {
        let journal = Journal::new(1);
        let long = request("/a/long/path?query=1", &[("x-one", "1"), ("x-two", "2")]);
        journal.record(&long, None, b"{\"long\":\"body\"}");
        let short = request("/b", &[("x-three", "3")]);
        let sequence = journal.record(&short, None, b"not json");
        journal.complete(sequence, Some(404), Some("drop".into()), Vec::new());
        let entries = journal.entries(None);
        assert_eq!(entries.len(), 1);
        let entry = &entries[0];
        assert_eq!(entry.path, "/b");
        assert_eq!(entry.method, "POST");
        assert_eq!(
            entry.headers,
            BTreeMap::from([("x-three".to_owned(), "3".to_owned())])
        );
        assert_eq!(
            entry.body.as_ref().map(RequestBody::json),
            Some(Value::String("not json".into()))
        );
        assert_eq!(
            (entry.status, entry.fault.as_deref()),
            (Some(404), Some("drop"))
        );
        assert_eq!(entry.request_id, None);
    }

    #[test]
    fn amounts_stay_as_received() {
        let journal = Journal::new(1);
        let body = br#"{"creditAmount":1234567890123456789012345.67,"b":10000.00}"#;
        journal.record(&request("/a", &[]), None, body);
        let entry = &journal.entries(None)[0];
        let text = entry.body.as_ref().map(RequestBody::text);
        assert_eq!(text.map(str::as_bytes), Some(&body[..]));
        let written = serde_json::to_string(entry).unwrap();
        assert!(
            written
                .contains(r#""body":{"creditAmount":1234567890123456789012345.67,"b":10000.00}"#)
        );
    }
}
