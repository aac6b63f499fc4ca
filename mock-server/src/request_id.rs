//! [`REQUEST_ID_HEADER`]: each request's id, the caller's or a new one, carried by the request
//! (where the journal reads it) and by its reply.

use axum::http::{HeaderMap, HeaderName, HeaderValue};

/// The header that carries each request's id, in the request (when the caller sent one, it is
/// kept) and in every reply.
pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The request's id: the one the caller sent, else a new v4 UUID, set on the request so that the
/// journal shows it.
pub(crate) fn assign(headers: &mut HeaderMap) -> HeaderValue {
    if let Some(id) = headers.get(REQUEST_ID_HEADER) {
        return id.clone();
    }
    let mut text = uuid::Uuid::encode_buffer();
    let id = uuid::Uuid::new_v4().hyphenated().encode_lower(&mut text);
    // A UUID's text is always a valid header value.
    let id = HeaderValue::from_str(id).unwrap_or(HeaderValue::from_static("-"));
    headers.insert(REQUEST_ID_HEADER, id.clone());
    id
}
