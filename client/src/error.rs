//! [`Error`]: the one error type of the client.

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, LOCATION};

use crate::generated::types;

/// How much of an unexpected body an error keeps: enough to see what answered, never megabytes.
pub const BODY_EXCERPT_LIMIT: usize = 512;

/// Response headers that carry a request id, in the order they are looked for.
const REQUEST_ID_HEADERS: [&str; 3] = ["x-request-id", "request-id", "x-correlation-id"];

/// Everything a call can fail with. Match on the variant, or use the helpers
/// ([`is_not_found`](Error::is_not_found), [`is_conflict`](Error::is_conflict), …).
///
/// No variant holds a credential: errors are safe to log.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with a documented error status and an error body.
    Api {
        /// The HTTP status.
        status: StatusCode,
        /// The error code: the status as a string (`"404"`) or a symbolic code such as
        /// `company_can_have_only_one_customer`.
        code: String,
        /// The API's explanation.
        reason: String,
        /// The request id the server sent back, if any: quote it to BlueTape support.
        request_id: Option<String>,
    },
    /// The request or the response did not complete within the configured timeout.
    Timeout(reqwest::Error),
    /// BlueTape could not be reached, or the connection broke.
    Connection(reqwest::Error),
    /// The request was refused before it was sent: a field breaks the API's rules.
    InvalidRequest {
        /// The offending field (`cellPhoneNumber`, `customers`, the path's `id`, …).
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// The API answered something the document does not describe: an undocumented status, or a
    /// body that does not parse (an empty 502 from a gateway, an HTML error page).
    UnexpectedResponse {
        /// The HTTP status, when known.
        status: Option<StatusCode>,
        /// The start of the body (at most [`BODY_EXCERPT_LIMIT`] bytes, lossily decoded).
        body_excerpt: String,
    },
    /// The server answered with a redirect (3xx), which the client never follows: its credentials
    /// go to the configured base URL and nowhere else. Nothing was sent to `target_origin`.
    Redirect {
        /// The redirect status (301, 302, 303, 307, 308, …).
        status: StatusCode,
        /// Where the redirect pointed, as an origin only (`scheme://host:port`), never a path, a
        /// query or user information; `None` when the reply had no valid `Location`.
        target_origin: Option<String>,
    },
    /// The client could not be built: a missing credential, a malformed base URL, …
    Configuration(String),
}

// Written out rather than derived: a derive macro would cost every user's build a second `syn`.
impl std::fmt::Display for Error {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Api {
                status,
                code,
                reason,
                ..
            } => write!(
                formatter,
                "BlueTape answered {status}: {reason} (code {code})"
            ),
            Error::Timeout(_) => {
                formatter.write_str("the request to BlueTape timed out (after any retries)")
            }
            Error::Connection(error) => write!(formatter, "cannot reach BlueTape: {error}"),
            Error::InvalidRequest { field, message } => {
                write!(formatter, "invalid request: {field}: {message}")
            }
            Error::UnexpectedResponse {
                status,
                body_excerpt,
            } => {
                let status = status.map(|s| format!(" ({s})")).unwrap_or_default();
                write!(
                    formatter,
                    "unexpected response from BlueTape{status}: {body_excerpt:?}"
                )
            }
            Error::Redirect {
                status,
                target_origin,
            } => write!(
                formatter,
                "BlueTape answered {status} redirecting to {}; not followed: the client sends its \
                 credentials only to its base URL (check the base URL, or the proxy in front of \
                 the API)",
                target_origin.as_deref().unwrap_or("no valid location")
            ),
            Error::Configuration(message) => {
                write!(formatter, "invalid client configuration: {message}")
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Timeout(error) | Error::Connection(error) => Some(error),
            _ => None,
        }
    }
}

impl Error {
    /// The HTTP status of the reply this error comes from, if there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api { status, .. } => Some(*status),
            Error::UnexpectedResponse { status, .. } => *status,
            Error::Redirect { status, .. } => Some(*status),
            Error::Timeout(error) | Error::Connection(error) => error.status(),
            Error::InvalidRequest { .. } | Error::Configuration(_) => None,
        }
    }

    /// The API's error code (`"404"`, `company_can_have_only_one_customer`), for [`Error::Api`].
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Api { code, .. } => Some(code),
            _ => None,
        }
    }

    /// The request id the server sent back, for [`Error::Api`].
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// A 404: the company or customer does not exist.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
    }

    /// A 409: a company or customer with this id exists already.
    pub fn is_conflict(&self) -> bool {
        self.status() == Some(StatusCode::CONFLICT)
    }

    /// A 401: the API key or the account id is missing or unknown.
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(StatusCode::UNAUTHORIZED)
    }

    /// A 400 from the API, or a request the client refused before sending it.
    pub fn is_invalid_request(&self) -> bool {
        matches!(self, Error::InvalidRequest { .. })
            || self.status() == Some(StatusCode::BAD_REQUEST)
    }

    /// The request timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout(_))
    }

    /// The error of a call made through the [`raw`](crate::raw) interface, mapped as [`Client`]'s
    /// methods map theirs.
    ///
    /// [`Client`]: crate::Client
    pub async fn from_raw(error: progenitor_client::Error<types::ErrorResponse>) -> Error {
        Error::from_generated(error, None).await
    }

    /// Maps progenitor's error, given the status of the last response (which progenitor drops when a
    /// documented reply's body does not parse).
    pub(crate) async fn from_generated(
        error: progenitor_client::Error<types::ErrorResponse>,
        last_status: Option<StatusCode>,
    ) -> Error {
        use progenitor_client::Error as Generated;
        match error {
            Generated::InvalidRequest(message) => Error::invalid_from_conversion(&message),
            Generated::CommunicationError(error)
            | Generated::ResponseBodyError(error)
            | Generated::InvalidUpgrade(error) => transport(error),
            Generated::ErrorResponse(reply) => {
                let status = reply.status();
                let request_id = request_id(reply.headers()).map(str::to_owned);
                let types::ErrorResponse { code, reason } = reply.into_inner();
                Error::Api {
                    status,
                    code,
                    reason,
                    request_id,
                }
            }
            Generated::InvalidResponsePayload(body, _) => Error::UnexpectedResponse {
                status: last_status,
                body_excerpt: excerpt(&body),
            },
            Generated::UnexpectedResponse(response) if response.status().is_redirection() => {
                Error::Redirect {
                    status: response.status(),
                    target_origin: target_origin(&response),
                }
            }
            Generated::UnexpectedResponse(response) => {
                let status = Some(response.status());
                Error::UnexpectedResponse {
                    status,
                    body_excerpt: bounded_body(response).await,
                }
            }
            Generated::Custom(message) => Error::UnexpectedResponse {
                status: last_status,
                body_excerpt: message,
            },
        }
    }
}

/// Lets `?` turn a failed builder conversion (a nested body built with `builder()`) into
/// [`Error::InvalidRequest`] naming the field.
impl From<types::error::ConversionError> for Error {
    fn from(error: types::error::ConversionError) -> Self {
        Error::invalid_from_conversion(&error.to_string())
    }
}

fn transport(error: reqwest::Error) -> Error {
    if error.is_timeout() {
        Error::Timeout(error)
    } else if error.is_builder() {
        Error::Configuration(error.to_string())
    } else {
        Error::Connection(error)
    }
}

/// How typify's builders report a field they refuse; [`Error::invalid_from_conversion`] reads it.
const CONVERSION_MARKER: &str = "error converting supplied value for ";

impl Error {
    /// The message progenitor carries for this error, in the form typify's builders use, so that
    /// [`Error::invalid_from_conversion`] gives back the same field and message.
    pub(crate) fn to_conversion_message(&self) -> String {
        match self {
            Error::InvalidRequest { field, message } => {
                format!("{CONVERSION_MARKER}{field}: {message}")
            }
            other => other.to_string(),
        }
    }

    /// An invalid request from a type conversion's message. typify's builders report
    /// `error converting supplied value for <field>: <why>`; the field is kept, under its wire name.
    pub(crate) fn invalid_from_conversion(message: &str) -> Error {
        if let Some(start) = message.find(CONVERSION_MARKER) {
            let rest = &message[start + CONVERSION_MARKER.len()..];
            if let Some((field, why)) = rest.split_once(": ") {
                return Error::InvalidRequest {
                    field: camel_case(field),
                    message: why.to_owned(),
                };
            }
        }
        Error::InvalidRequest {
            field: "body".into(),
            message: message.to_owned(),
        }
    }
}

/// Rust field names back to the wire's: `cell_phone_number` → `cellPhoneNumber`.
fn camel_case(snake: &str) -> String {
    let mut words = snake.split('_');
    let mut camel = words.next().unwrap_or_default().to_owned();
    for word in words {
        let mut letters = word.chars();
        if let Some(first) = letters.next() {
            camel.extend(first.to_uppercase());
            camel.push_str(letters.as_str());
        }
    }
    camel
}

/// The request id among a reply's headers, if the server sent one.
pub(crate) fn request_id(headers: &HeaderMap) -> Option<&str> {
    REQUEST_ID_HEADERS
        .iter()
        .find_map(|name| headers.get(*name)?.to_str().ok())
}

/// The origin a redirect points to, resolved against the request's URL. Only the origin: a
/// `Location` may carry user information or tokens in its path or query, which an error must not
/// repeat.
fn target_origin(response: &reqwest::Response) -> Option<String> {
    let location = response.headers().get(LOCATION)?.to_str().ok()?;
    let target = response.url().join(location).ok()?;
    let host = target.host_str()?;
    // The port always shows, so that a target differing only in port is plain to see.
    Some(match target.port_or_known_default() {
        Some(port) => format!("{}://{host}:{port}", target.scheme()),
        None => format!("{}://{host}", target.scheme()),
    })
}

/// Reads at most [`BODY_EXCERPT_LIMIT`] bytes of a body, whatever its size.
async fn bounded_body(mut response: reqwest::Response) -> String {
    let mut collected = Vec::new();
    while collected.len() < BODY_EXCERPT_LIMIT {
        match response.chunk().await {
            Ok(Some(chunk)) => collected.extend_from_slice(&chunk),
            Ok(None) | Err(_) => break,
        }
    }
    excerpt(&collected)
}

fn excerpt(body: &[u8]) -> String {
    let end = body.len().min(BODY_EXCERPT_LIMIT);
    let mut text = String::from_utf8_lossy(&body[..end]).into_owned();
    if body.len() > BODY_EXCERPT_LIMIT {
        text.push('…');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typify_conversion_message_names_the_field() {
        let error = Error::invalid_from_conversion(
            "conversion to `Customer` for body failed: error converting supplied value for cell_phone_number: doesn't match pattern",
        );
        let Error::InvalidRequest { field, message } = error else {
            panic!("{error:?}")
        };
        assert_eq!(
            (field.as_str(), message.as_str()),
            ("cellPhoneNumber", "doesn't match pattern")
        );
    }

    #[test]
    fn excerpt_is_bounded() {
        let long = vec![b'x'; BODY_EXCERPT_LIMIT * 4];
        let text = excerpt(&long);
        assert_eq!(text.chars().count(), BODY_EXCERPT_LIMIT + 1);
        assert!(text.ends_with('…'));
    }

    #[test]
    fn helpers_read_the_status() {
        let error = Error::Api {
            status: StatusCode::CONFLICT,
            code: "409".into(),
            reason: "Customer already exists.".into(),
            request_id: None,
        };
        assert!(error.is_conflict() && !error.is_not_found());
        assert_eq!(error.code(), Some("409"));
        assert_eq!(
            error.to_string(),
            "BlueTape answered 409 Conflict: Customer already exists. (code 409)"
        );
    }
}
