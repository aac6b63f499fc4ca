//! [`OperationTable`]: which documented operation a request is for, and what that operation may
//! answer, read from the OpenAPI document itself, so that the mock keeps no second list of paths,
//! statuses or example bodies.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::http::Method;
use serde_json::Value;

/// One operation of the document.
#[derive(Debug, Clone)]
pub struct DocumentedOperation {
    /// Its `operationId` (shared: the journal keeps it for every request).
    pub id: Arc<str>,
    method: Method,
    /// The path template's segments; `None` stands for a `{parameter}`.
    segments: Vec<Option<String>>,
    /// Each documented status, with the example body of its reply.
    responses: BTreeMap<u16, Value>,
}

impl DocumentedOperation {
    /// The documented statuses, in order.
    pub fn statuses(&self) -> impl Iterator<Item = u16> + '_ {
        self.responses.keys().copied()
    }

    /// The example body of the reply with `status`, if that status is documented.
    pub fn example(&self, status: u16) -> Option<&Value> {
        self.responses.get(&status)
    }

    fn matches(&self, method: &Method, path: &str) -> bool {
        if method != self.method {
            return false;
        }
        let mut segments = path.trim_start_matches('/').split('/');
        let all_match = self.segments.iter().all(|expected| {
            segments.next().is_some_and(|segment| match expected {
                Some(literal) => literal == segment,
                None => !segment.is_empty(),
            })
        });
        all_match && segments.next().is_none()
    }
}

/// The operations of the document, to look requests up in.
#[derive(Debug, Clone, Default)]
pub struct OperationTable {
    operations: Vec<DocumentedOperation>,
}

impl OperationTable {
    /// The operations of an OpenAPI document (as JSON).
    pub fn from_document(document: &Value) -> Self {
        let mut operations = Vec::new();
        let paths = document.get("paths").and_then(Value::as_object);
        for (template, item) in paths.into_iter().flatten() {
            let Some(item) = item.as_object() else {
                continue;
            };
            for (method, operation) in item {
                let (Ok(method), Some(id)) = (
                    Method::from_bytes(method.to_ascii_uppercase().as_bytes()),
                    operation.get("operationId").and_then(Value::as_str),
                ) else {
                    continue;
                };
                let segments = template
                    .trim_start_matches('/')
                    .split('/')
                    .map(|segment| (!segment.starts_with('{')).then(|| segment.to_owned()))
                    .collect();
                let responses = operation
                    .get("responses")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                    .filter_map(|(status, response)| {
                        let example = response
                            .pointer("/content/application~1json/example")
                            .cloned()
                            .unwrap_or(Value::Null);
                        Some((status.parse().ok()?, example))
                    })
                    .collect();
                operations.push(DocumentedOperation {
                    id: Arc::from(id),
                    method,
                    segments,
                    responses,
                });
            }
        }
        OperationTable { operations }
    }

    /// The operation a request with `method` and `path` is for.
    pub fn find(&self, method: &Method, path: &str) -> Option<&DocumentedOperation> {
        self.operations
            .iter()
            .find(|operation| operation.matches(method, path))
    }

    /// Every `operationId`, in document order.
    pub fn ids(&self) -> Vec<&str> {
        self.operations
            .iter()
            .map(|operation| &*operation.id)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bluetape_model::render::{Version, document};

    #[test]
    fn requests_find_their_operation_by_method_and_path() {
        let table = OperationTable::from_document(&document(Version::V3_1).unwrap());
        let find = |method: Method, path: &str| table.find(&method, path).map(|o| &*o.id);
        assert_eq!(
            find(Method::POST, "/integration/company"),
            Some("createCompany")
        );
        assert_eq!(
            find(Method::POST, "/integration/company/a1/customer"),
            Some("linkCompanyCustomer")
        );
        assert_eq!(
            find(Method::GET, "/integration/customer/c1/signup"),
            Some("getCustomerSignup")
        );
        assert_eq!(
            find(Method::PUT, "/integration/customer/c1"),
            Some("updateCustomer")
        );
        assert_eq!(find(Method::GET, "/integration/customer/c1"), None);
        assert_eq!(find(Method::GET, "/integration/customer//signup"), None);
        assert_eq!(find(Method::POST, "/integration/company/extra/x/y"), None);
    }

    #[test]
    fn each_operation_knows_its_documented_statuses_and_examples() {
        let table = OperationTable::from_document(&document(Version::V3_1).unwrap());
        let signup = table
            .find(&Method::GET, "/integration/customer/c1/signup")
            .unwrap();
        assert_eq!(
            signup.statuses().collect::<Vec<_>>(),
            [200, 400, 401, 404, 500]
        );
        assert_eq!(
            signup.example(404).unwrap()["reason"],
            "Customer not found."
        );
        assert_eq!(table.ids().len(), 5);
    }
}
