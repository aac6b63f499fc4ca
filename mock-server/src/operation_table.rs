//! [`OperationTable`]: which documented operation a request is for, and what that operation may
//! answer, read from the OpenAPI document itself, so that the mock keeps no second list of paths,
//! statuses or example bodies.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::http::{HeaderValue, Method, StatusCode};
use serde_json::Value;

use crate::endpoints::Endpoint;

/// One operation of the document.
#[derive(Debug, Clone)]
pub struct DocumentedOperation {
    /// Its `operationId` (shared: the journal keeps it for every request).
    pub id: Arc<str>,
    /// What serves it: its endpoint, or `None` for an operation with no behaviour written, which
    /// answers its documented success status and example.
    pub endpoint: Option<Endpoint>,
    /// The component schema of its JSON body, if it takes one.
    pub body_schema: Option<String>,
    method: Method,
    /// The path template, as the document writes it.
    template: String,
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

    /// The status the mock answers a success with: the operation's documented 2xx. Where the
    /// document lists two (`linkCompanyCustomer`: 200 or 201, the published page contradicts
    /// itself), the later one, 201, the status of the docs' Responses table.
    pub fn success_status(&self) -> StatusCode {
        self.statuses()
            .filter(|status| (200..300).contains(status))
            .filter_map(|status| StatusCode::from_u16(status).ok())
            .last()
            .unwrap_or(StatusCode::OK)
    }

    /// Its HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// Its path template, as the document writes it.
    pub fn template(&self) -> &str {
        &self.template
    }

    /// Whether it is answered from the document's examples (no endpoint serves it).
    pub fn answered_from_examples(&self) -> bool {
        self.endpoint.is_none()
    }

    /// The example body of the reply with `status`, if that status is documented.
    pub fn example(&self, status: u16) -> Option<&Value> {
        self.responses.get(&status)
    }

    /// Whether `path` is this operation's path; if so, its `{parameter}` segment (still
    /// percent-encoded), if it has one.
    fn matches<'p>(&self, path: &'p str) -> Option<Option<&'p str>> {
        let mut segments = path.trim_start_matches('/').split('/');
        let mut parameter = None;
        for expected in &self.segments {
            let segment = segments.next()?;
            match expected {
                Some(literal) if literal == segment => {}
                None if !segment.is_empty() => parameter = Some(segment),
                _ => return None,
            }
        }
        segments.next().is_none().then_some(parameter)
    }
}

/// Where a request goes.
#[derive(Debug)]
pub enum Routed<'t, 'p> {
    /// To a documented operation; with its path parameter (still percent-encoded), if it has one.
    Operation(&'t DocumentedOperation, Option<&'p str>),
    /// Nowhere: the path is documented, but not for this method; the methods that are, for
    /// `Allow`.
    WrongMethod(HeaderValue),
    /// Nowhere: no documented path.
    Unknown,
}

/// The operations of the document, to look requests up in.
#[derive(Debug, Clone, Default)]
pub struct OperationTable {
    operations: Vec<DocumentedOperation>,
}

impl OperationTable {
    /// The operations of an OpenAPI document (as JSON). An operation that no [`Endpoint`] serves
    /// is answered from its examples.
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
                let endpoint = Endpoint::serving(&method, template);
                let body_schema = operation
                    .pointer("/requestBody/content/application~1json/schema/$ref")
                    .and_then(Value::as_str)
                    .and_then(|reference| reference.strip_prefix("#/components/schemas/"))
                    .map(str::to_owned);
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
                    endpoint,
                    body_schema,
                    method,
                    template: template.clone(),
                    segments,
                    responses,
                });
            }
        }
        OperationTable { operations }
    }

    /// Where a request with `method` and `path` goes.
    pub fn route<'t, 'p>(&'t self, method: &Method, path: &'p str) -> Routed<'t, 'p> {
        let mut allowed: Vec<&str> = Vec::new();
        for operation in &self.operations {
            if let Some(parameter) = operation.matches(path) {
                if operation.method == method {
                    return Routed::Operation(operation, parameter);
                }
                allowed.push(operation.method.as_str());
            }
        }
        if allowed.is_empty() {
            return Routed::Unknown;
        }
        allowed.sort_unstable();
        allowed.dedup();
        // Method names are tokens, so the list is a valid header value.
        match HeaderValue::from_str(&allowed.join(", ")) {
            Ok(allow) => Routed::WrongMethod(allow),
            Err(_) => Routed::Unknown,
        }
    }

    /// Every operation, in document order.
    pub fn iter(&self) -> impl Iterator<Item = &DocumentedOperation> {
        self.operations.iter()
    }

    /// The `operationId`s answered from the document's examples, in document order.
    pub fn answered_from_examples(&self) -> Vec<&str> {
        self.operations
            .iter()
            .filter(|operation| operation.answered_from_examples())
            .map(|operation| &*operation.id)
            .collect()
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

    impl OperationTable {
        fn find(&self, method: &Method, path: &str) -> Option<&DocumentedOperation> {
            match self.route(method, path) {
                Routed::Operation(operation, _) => Some(operation),
                Routed::WrongMethod(_) | Routed::Unknown => None,
            }
        }
    }

    #[test]
    fn requests_find_their_operation_by_method_and_path() {
        let table = OperationTable::from_document(&document(Version::V3_1).unwrap());
        let find = |method: Method, path: &str| table.find(&method, path).map(|o| &*o.id);
        for (method, path, operation) in [
            (Method::POST, "/integration/company", "createCompany"),
            (
                Method::POST,
                "/integration/company/a1/customer",
                "linkCompanyCustomer",
            ),
            (
                Method::GET,
                "/integration/customer/c1/signup",
                "getCustomerSignup",
            ),
            (Method::PUT, "/integration/customer/c1", "updateCustomer"),
        ] {
            assert_eq!(find(method, path), Some(operation));
        }
        assert_eq!(find(Method::GET, "/integration/customer/c1"), None);
        assert_eq!(find(Method::GET, "/integration/customer//signup"), None);
        assert_eq!(find(Method::POST, "/integration/company/extra/x/y"), None);
    }

    #[test]
    fn a_documented_path_with_another_method_lists_the_allowed_ones() {
        let table = OperationTable::from_document(&document(Version::V3_1).unwrap());
        let allowed = |method: Method, path: &str| match table.route(&method, path) {
            Routed::WrongMethod(allow) => allow,
            other => panic!("{other:?}"),
        };
        assert_eq!(allowed(Method::DELETE, "/integration/customer/c1"), "PUT");
        assert_eq!(
            allowed(Method::PUT, "/integration/company/a%20b/customer"),
            "POST"
        );
        assert_eq!(
            allowed(Method::GET, "/integration/company/a%20b/customer"),
            "POST"
        );
        assert!(matches!(
            table.route(&Method::GET, "/integration/nothing"),
            Routed::Unknown
        ));
        match table.route(&Method::POST, "/integration/company/a%20b/customer") {
            Routed::Operation(operation, parameter) => {
                assert_eq!(&*operation.id, "linkCompanyCustomer");
                assert_eq!(parameter, Some("a%20b"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_operations_with_an_endpoint_are_the_endpoints_and_the_rest_answer_from_examples() {
        let mut openapi = document(Version::V3_1).unwrap();
        let table = OperationTable::from_document(&openapi);
        let mut served: Vec<Endpoint> =
            table.operations.iter().filter_map(|o| o.endpoint).collect();
        served.sort_unstable();
        assert_eq!(served, Endpoint::ALL);
        for operation in table.iter() {
            assert_eq!(
                operation.answered_from_examples(),
                Endpoint::serving(operation.method(), operation.template()).is_none()
            );
        }

        let before = table.answered_from_examples().len();
        openapi["paths"]["/integration/customer/{id}"]["delete"] = serde_json::json!({"operationId": "deleteCustomer", "responses": {"204": {"description": "Deleted."}}});
        let table = OperationTable::from_document(&openapi);
        let from_examples = table.answered_from_examples();
        assert_eq!(from_examples.len(), before + 1);
        assert!(
            from_examples.contains(&"deleteCustomer"),
            "{from_examples:?}"
        );
        let delete = table
            .find(&Method::DELETE, "/integration/customer/c1")
            .unwrap();
        assert_eq!(delete.success_status(), StatusCode::NO_CONTENT);
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
        let openapi = document(Version::V3_1).unwrap();
        let documented: Vec<&str> = bluetape_model::operations_of(&openapi)
            .filter_map(|(_, _, operation)| operation["operationId"].as_str())
            .collect();
        assert_eq!(table.ids(), documented);
    }

    #[test]
    fn each_operation_succeeds_with_its_documented_status() {
        let table = OperationTable::from_document(&document(Version::V3_1).unwrap());
        let success = |method: Method, path: &str| {
            table.find(&method, path).unwrap().success_status().as_u16()
        };
        assert_eq!(success(Method::POST, "/integration/company"), 201);
        assert_eq!(
            success(Method::POST, "/integration/company/a1/customer"),
            201
        );
        assert_eq!(success(Method::POST, "/integration/customer"), 201);
        assert_eq!(success(Method::PUT, "/integration/customer/c1"), 202);
        assert_eq!(success(Method::GET, "/integration/customer/c1/signup"), 200);
    }
}
