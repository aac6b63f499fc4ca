//! [`Contract`]: what the document says each operation's request and replies must be, read once
//! from the document, and the checks of a proxied exchange against it.
//!
//! Each deviation is reported once, where it starts: an undocumented status is not also checked
//! for its body, a reply of the wrong content type is not also parsed as JSON.

use std::collections::{BTreeMap, HashMap};

use axum::http::HeaderMap;
use axum::http::header::CONTENT_TYPE;
use bluetape_model::validation::BodyValidator;
use bluetape_model::{ACCOUNT_ID_HEADER, API_KEY_HEADER};
use serde_json::Value;

use crate::violations::{Rule, Side, Violation};

/// The media type of every documented body.
const JSON: &str = "application/json";

/// One documented reply: its media type and the schema of its body, if it has one.
#[derive(Debug, Clone)]
struct Reply {
    content_type: Option<String>,
    schema: Option<String>,
}

/// What one operation takes and answers.
#[derive(Debug, Clone, Default)]
struct OperationContract {
    /// The request body's schema, when it takes one.
    request_schema: Option<String>,
    /// The path parameter's length bounds, when it has one.
    path_min_length: Option<usize>,
    path_max_length: Option<usize>,
    /// Each documented status.
    replies: BTreeMap<u16, Reply>,
}

/// The document's operations as the proxy checks them.
#[derive(Debug, Clone, Default)]
pub(crate) struct Contract {
    operations: HashMap<String, OperationContract>,
}

fn schema_name(schema: &Value) -> Option<String> {
    schema["$ref"].as_str().map(|reference| {
        reference
            .trim_start_matches("#/components/schemas/")
            .to_owned()
    })
}

fn length(schema: &Value, keyword: &str) -> Option<usize> {
    schema[keyword]
        .as_u64()
        .and_then(|value| usize::try_from(value).ok())
}

impl Contract {
    /// Reads every operation of an OpenAPI 3.1 document (as JSON).
    pub(crate) fn from_document(document: &Value) -> Self {
        let mut operations = HashMap::new();
        for item in document["paths"].as_object().into_iter().flatten() {
            for operation in item
                .1
                .as_object()
                .into_iter()
                .flat_map(|item| item.values())
            {
                let Some(id) = operation["operationId"].as_str() else {
                    continue;
                };
                let parameter = operation["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .find(|parameter| parameter["in"] == "path");
                let replies = operation["responses"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .filter_map(|(status, reply)| {
                        let status = status.parse::<u16>().ok()?;
                        let (content_type, media) = reply["content"]
                            .as_object()
                            .and_then(|content| content.iter().next())
                            .map_or((None, &Value::Null), |(name, media)| {
                                (Some(name.clone()), media)
                            });
                        Some((
                            status,
                            Reply {
                                content_type,
                                schema: schema_name(&media["schema"]),
                            },
                        ))
                    })
                    .collect();
                operations.insert(
                    id.to_owned(),
                    OperationContract {
                        request_schema: schema_name(
                            &operation["requestBody"]["content"][JSON]["schema"],
                        ),
                        path_min_length: parameter
                            .and_then(|parameter| length(&parameter["schema"], "minLength")),
                        path_max_length: parameter
                            .and_then(|parameter| length(&parameter["schema"], "maxLength")),
                        replies,
                    },
                );
            }
        }
        Contract { operations }
    }

    /// The request's violations: an operation found, both credential headers present, the path's
    /// id and the body valid for the operation.
    pub(crate) fn check_request(
        &self,
        operation: Option<&str>,
        path_id: Option<&str>,
        headers: &HeaderMap,
        body: &[u8],
        validator: &BodyValidator,
    ) -> Vec<Violation> {
        let Some(contract) = operation.and_then(|id| self.operations.get(id)) else {
            return vec![Violation::new(
                Side::Request,
                Rule::UnknownOperation,
                "",
                "no operation of the document has this method and path",
            )];
        };
        let mut violations = Vec::new();
        for header in [API_KEY_HEADER, ACCOUNT_ID_HEADER] {
            if !headers.contains_key(header) {
                violations.push(Violation::new(
                    Side::Request,
                    Rule::MissingCredential,
                    "",
                    format!("the request has no {header} header"),
                ));
            }
        }
        if let Some(id) = path_id {
            let decoded = percent_encoding::percent_decode_str(id).decode_utf8();
            let characters = decoded.as_ref().map_or(0, |id| id.chars().count());
            let too_short = contract.path_min_length.is_some_and(|min| characters < min);
            let too_long = contract.path_max_length.is_some_and(|max| characters > max);
            if decoded.is_err() || too_short || too_long {
                violations.push(Violation::new(
                    Side::Request,
                    Rule::PathParameter,
                    "",
                    format!(
                        "the path's id ({characters} characters) breaks its schema (minLength {:?}, \
                         maxLength {:?}, UTF-8)",
                        contract.path_min_length, contract.path_max_length
                    ),
                ));
            }
        }
        if let Some(schema) = &contract.request_schema {
            violations.extend(body_violations(
                Side::Request,
                Rule::RequestBody,
                schema,
                body,
                validator,
            ));
        }
        violations
    }

    /// The reply's violations: its status documented for the operation, its content type the
    /// documented one, its body valid for that status's schema. Nothing for a request that
    /// matched no operation (its violation is the request's).
    pub(crate) fn check_reply(
        &self,
        operation: Option<&str>,
        status: u16,
        headers: &HeaderMap,
        body: &[u8],
        validator: &BodyValidator,
    ) -> Vec<Violation> {
        let Some((id, contract)) =
            operation.and_then(|id| self.operations.get(id).map(|contract| (id, contract)))
        else {
            return Vec::new();
        };
        let Some(reply) = contract.replies.get(&status) else {
            let documented: Vec<String> = contract.replies.keys().map(u16::to_string).collect();
            return vec![Violation::new(
                Side::Response,
                Rule::UndocumentedStatus,
                "",
                format!(
                    "{id} does not document status {status} (documented: {})",
                    documented.join(", ")
                ),
            )];
        };
        let Some(expected) = &reply.content_type else {
            return Vec::new();
        };
        let received = headers
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        let media_type = received.split(';').next().unwrap_or_default().trim();
        if !media_type.eq_ignore_ascii_case(expected) {
            return vec![Violation::new(
                Side::Response,
                Rule::ContentType,
                "",
                format!(
                    "the reply's Content-Type is {:?}; {id} documents {expected} for {status}",
                    received
                ),
            )];
        }
        match &reply.schema {
            Some(schema) => {
                body_violations(Side::Response, Rule::ResponseBody, schema, body, validator)
            }
            None => Vec::new(),
        }
    }
}

/// A body's violations of `schema`: not JSON, or each way it breaks the schema. A missing
/// required field points at the field itself.
fn body_violations(
    side: Side,
    rule: Rule,
    schema: &str,
    body: &[u8],
    validator: &BodyValidator,
) -> Vec<Violation> {
    if body.is_empty() {
        return vec![Violation::new(
            side,
            rule,
            "",
            format!("the body is empty; the document says a {schema}"),
        )];
    }
    let value: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(error) => {
            return vec![Violation::new(
                side,
                rule,
                "",
                format!("the body is not JSON ({error}); the document says a {schema}"),
            )];
        }
    };
    validator
        .violations_of(schema, &value)
        .into_iter()
        .map(|violation| {
            let pointer = match required_property(&violation.message) {
                Some(property) => format!("{}/{property}", violation.pointer),
                None => violation.pointer,
            };
            Violation::new(
                side,
                rule,
                &pointer,
                format!("{} ({schema})", violation.message),
            )
        })
        .collect()
}

/// The property of a `"name" is a required property` message.
fn required_property(message: &str) -> Option<&str> {
    message
        .strip_suffix(" is a required property")
        .map(|quoted| quoted.trim_matches('"'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contract() -> (Contract, BodyValidator) {
        let document =
            bluetape_model::render::document(bluetape_model::render::Version::V3_1).unwrap();
        (
            Contract::from_document(&document),
            BodyValidator::for_document(&document).unwrap(),
        )
    }

    fn json_headers(content_type: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, content_type.parse().unwrap());
        headers
    }

    #[test]
    fn a_documented_reply_has_no_violation() {
        let (contract, validator) = contract();
        let violations = contract.check_reply(
            Some("createCompany"),
            201,
            &json_headers("application/json"),
            br#"{"blueTapeId": "b1"}"#,
            &validator,
        );
        assert_eq!(violations, []);
    }

    #[test]
    fn each_deviation_is_reported_once_where_it_starts() {
        let (contract, validator) = contract();
        let check = |status, content_type, body: &[u8]| {
            contract.check_reply(
                Some("createCompany"),
                status,
                &json_headers(content_type),
                body,
                &validator,
            )
        };
        let undocumented = check(200, "application/json", b"{}");
        assert_eq!(undocumented.len(), 1);
        assert_eq!(undocumented[0].rule, Rule::UndocumentedStatus);
        let wrong_type = check(201, "text/plain", b"created");
        assert_eq!(wrong_type.len(), 1);
        assert_eq!(wrong_type[0].rule, Rule::ContentType);
        let missing = check(201, "application/json; charset=utf-8", b"{}");
        assert_eq!(missing.len(), 1);
        assert_eq!(missing[0].pointer, "/blueTapeId");
        let mistyped = check(201, "application/json", br#"{"blueTapeId": 7}"#);
        assert_eq!(mistyped.len(), 1);
        assert_eq!(
            (mistyped[0].rule, mistyped[0].pointer.as_str()),
            (Rule::ResponseBody, "/blueTapeId")
        );
    }

    #[test]
    fn a_request_is_checked_for_credentials_path_and_body() {
        let (contract, validator) = contract();
        let violations = contract.check_request(
            Some("createCustomer"),
            None,
            &HeaderMap::new(),
            br#"{"id": "c1", "firstName": "A", "lastName": "B", "cellPhoneNumber": "+11234567890",
                "sourceModifiedDate": "2024-01-01T00:00:00Z", "emailAddress": 5}"#,
            &validator,
        );
        let rules: Vec<(Rule, &str)> = violations
            .iter()
            .map(|violation| (violation.rule, violation.pointer.as_str()))
            .collect();
        assert_eq!(
            rules,
            [
                (Rule::MissingCredential, ""),
                (Rule::MissingCredential, ""),
                (Rule::RequestBody, "/emailAddress")
            ],
            "{violations:#?}"
        );
        let unknown = contract.check_request(None, None, &HeaderMap::new(), b"", &validator);
        assert_eq!(unknown[0].rule, Rule::UnknownOperation);
    }
}
