//! [`Failure`]: why a checked call produced no reply ([`Refusal`]: refused before sending), and the small steps of a call that
//! [`dispatch`](crate::dispatch) (generated) takes between the arguments and the client.

use bluetape_client::Error;
use serde_json::Value;

/// Why the arguments of a call are refused, naming the field (`customers[0].emailAddress`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct Refusal {
    /// The offending argument, as a developer writes its path; `arguments` for the whole.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

/// Why a checked call produced no reply.
#[derive(Debug)]
pub enum Failure {
    /// Refused before sending: the body did not become the client's type (a rule the schema
    /// cannot state), or the tool names an operation with no client method.
    Refused(Refusal),
    /// The client's error.
    Client(Error),
    /// The API answered, but its reply could not be turned into the tool's result: the call was
    /// sent and may have been applied.
    UnreadableReply(String),
}

impl Failure {
    /// A tool naming an operation that the generated dispatch does not know (a `tools.json`
    /// newer than the server): refused, nothing sent.
    pub fn unknown_operation(operation_id: &str) -> Self {
        Failure::Refused(Refusal {
            field: "tool".into(),
            message: format!("no client method calls the operation {operation_id}"),
        })
    }
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure::Client(error)
    }
}

/// The body, read into the client's type (`{}` for a call without one).
pub fn parse<T: serde::de::DeserializeOwned>(body: Option<&str>) -> Result<T, Failure> {
    serde_json::from_str(body.unwrap_or("{}")).map_err(|error| {
        Failure::Refused(Refusal {
            field: "arguments".into(),
            message: error.to_string(),
        })
    })
}

/// The path parameter at `index` (the arguments were checked against the tool's schema, which
/// requires each).
pub fn path_parameter<'a>(
    path: &'a [String],
    index: usize,
    name: &str,
) -> Result<&'a str, Failure> {
    path.get(index).map(String::as_str).ok_or_else(|| {
        Failure::Refused(Refusal {
            field: name.to_owned(),
            message: "a string is required".into(),
        })
    })
}

/// The client's reply as the tool's structured content.
pub fn reply<T: serde::Serialize>(reply: T) -> Result<Value, Failure> {
    serde_json::to_value(reply).map_err(|error| Failure::UnreadableReply(error.to_string()))
}
