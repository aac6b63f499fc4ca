//! Validation of JSON bodies against the component schemas of the 3.1 document.
//!
//! The document is the contract, so the checks it states (non-empty ids, e-mail format, E.164
//! pattern, at most one customer, non-negative counts) are enforced by validating against the
//! document itself rather than by a second, hand-written copy of each rule. The mock server validates
//! every request body this way, and the tests validate every documented example.

use std::collections::HashMap;
use std::fmt;

use serde_json::{Value, json};
use utoipa::ToSchema;

use crate::render::{RenderError, Version, document};

/// One way a body breaks its schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The offending field as a readable path (`customers[0].emailAddress`), or `body` for the
    /// body as a whole.
    pub field: String,
    /// The same place as a JSON pointer into the body (`/customers/0/emailAddress`; empty for the
    /// body as a whole).
    pub pointer: String,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}: {}", self.field, self.message)
    }
}

/// The validator of a component schema could not be built.
#[derive(Debug, thiserror::Error)]
pub enum ValidatorError {
    /// The document could not be derived.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// A component schema is not a valid JSON Schema.
    #[error("the schema {name} is not a valid JSON Schema: {message}")]
    InvalidSchema {
        /// The component schema's name.
        name: String,
        /// What the JSON Schema compiler reported.
        message: String,
    },
}

/// Validates bodies against the document's component schemas, with formats asserted.
pub struct BodyValidator {
    by_schema: HashMap<String, jsonschema::Validator>,
}

impl fmt::Debug for BodyValidator {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut names: Vec<_> = self.by_schema.keys().collect();
        names.sort();
        formatter
            .debug_struct("BodyValidator")
            .field("schemas", &names)
            .finish()
    }
}

impl BodyValidator {
    /// Compiles one validator per component schema of the 3.1 document.
    ///
    /// # Errors
    ///
    /// [`ValidatorError`] when the document cannot be derived or a schema does not compile.
    pub fn new() -> Result<Self, ValidatorError> {
        Self::for_document(&document(Version::V3_1)?)
    }

    /// Compiles one validator per component schema of the given OpenAPI 3.1 document.
    ///
    /// # Errors
    ///
    /// [`ValidatorError::InvalidSchema`] when a schema does not compile.
    pub fn for_document(openapi: &Value) -> Result<Self, ValidatorError> {
        let components = components(openapi);
        let names: Vec<String> = components
            .get("schemas")
            .and_then(Value::as_object)
            .map(|schemas| schemas.keys().cloned().collect())
            .unwrap_or_default();
        let mut by_schema = HashMap::with_capacity(names.len());
        for name in names {
            let validator = Self::compile(
                &json!({ "$ref": format!("#/components/schemas/{name}") }),
                &components,
            )
            .map_err(|message| ValidatorError::InvalidSchema {
                name: name.clone(),
                message,
            })?;
            by_schema.insert(name, validator);
        }
        Ok(BodyValidator { by_schema })
    }

    /// Compiles any schema of the document (an inline one, say), resolving `#/components/...`
    /// references against `components`.
    fn compile(schema: &Value, components: &Value) -> Result<jsonschema::Validator, String> {
        let mut root = schema.clone();
        if let Value::Object(fields) = &mut root {
            fields.insert("components".into(), components.clone());
        }
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .build(&root)
            .map_err(|error| error.to_string())
    }

    /// The violations of `body` against the schema of `T`; empty when the body is valid.
    pub fn violations<T: ToSchema>(&self, body: &Value) -> Vec<Violation> {
        self.violations_of(&T::name(), body)
    }

    /// The violations of `body` against the component schema named `schema`.
    pub fn violations_of(&self, schema: &str, body: &Value) -> Vec<Violation> {
        let Some(validator) = self.by_schema.get(schema) else {
            return vec![Violation {
                field: "body".into(),
                pointer: String::new(),
                message: format!("the document has no schema named {schema}"),
            }];
        };
        violations(validator, body)
    }
}

fn components(openapi: &Value) -> Value {
    openapi
        .get("components")
        .cloned()
        .unwrap_or_else(|| json!({}))
}

fn violations(validator: &jsonschema::Validator, instance: &Value) -> Vec<Violation> {
    // The common case, a valid body, without building any error: `is_valid` stops at nothing and
    // allocates nothing, where collecting errors walks every keyword for its messages.
    if validator.is_valid(instance) {
        return Vec::new();
    }
    validator
        .iter_errors(instance)
        .map(|error| Violation {
            field: field_path(error.instance_path().as_str()),
            pointer: error.instance_path().as_str().to_owned(),
            message: error.to_string(),
        })
        .collect()
}

/// Validates `instance` against an arbitrary schema of `openapi` (for examples of inline schemas).
///
/// # Errors
///
/// The compiler's message when the schema does not compile.
pub fn violations_of_inline(
    openapi: &Value,
    schema: &Value,
    instance: &Value,
) -> Result<Vec<Violation>, String> {
    let validator = BodyValidator::compile(schema, &components(openapi))?;
    Ok(violations(&validator, instance))
}

/// Turns a JSON pointer into the path a developer would write: `/customers/0/id` →
/// `customers[0].id`; the empty pointer → `body`.
pub fn field_path(pointer: &str) -> String {
    let mut path = String::new();
    for segment in pointer.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        if !segment.is_empty() && segment.bytes().all(|byte| byte.is_ascii_digit()) {
            path.push_str(&format!("[{segment}]"));
        } else {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(&segment);
        }
    }
    if path.is_empty() { "body".into() } else { path }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Company, Customer, CustomerLink};

    fn validator() -> BodyValidator {
        BodyValidator::new().unwrap()
    }

    fn customer_with(field: &str, value: Value) -> Value {
        let mut customer = serde_json::to_value(Customer::example()).unwrap();
        customer[field] = value;
        customer
    }

    #[test]
    fn documented_customer_is_valid() {
        let customer = serde_json::to_value(Customer::example()).unwrap();
        assert_eq!(validator().violations::<Customer>(&customer), []);
    }

    #[test]
    fn bad_email_names_the_field() {
        let violations =
            validator().violations::<Customer>(&customer_with("emailAddress", json!("john.doe")));
        assert_eq!(violations.len(), 1, "{violations:?}");
        assert_eq!(violations[0].field, "emailAddress");
    }

    #[test]
    fn phone_without_plus_is_not_e164() {
        let violations = validator()
            .violations::<Customer>(&customer_with("cellPhoneNumber", json!("11234567890")));
        assert_eq!(violations[0].field, "cellPhoneNumber");
    }

    #[test]
    fn sixteen_digits_are_too_many_for_e164() {
        let violations = validator().violations::<Customer>(&customer_with(
            "cellPhoneNumber",
            json!("+1234567890123456"),
        ));
        assert_eq!(violations[0].field, "cellPhoneNumber");
    }

    #[test]
    fn empty_id_is_refused() {
        let violations = validator().violations::<CustomerLink>(&json!({ "customerId": "" }));
        assert_eq!(violations[0].field, "customerId");
    }

    #[test]
    fn null_optional_field_is_refused() {
        let violations =
            validator().violations::<Customer>(&customer_with("companyId", Value::Null));
        assert_eq!(violations[0].field, "companyId");
    }

    #[test]
    fn two_customers_are_refused_and_nested_fields_are_named() {
        let mut company = serde_json::to_value(Company::example()).unwrap();
        let customer = company["customers"][0].clone();
        company["customers"] = json!([customer, customer]);
        company["creditDetails"]["agingOverdueBalance"][0]["daysFrom"] = json!(-1);
        let fields: Vec<String> = validator()
            .violations::<Company>(&company)
            .into_iter()
            .map(|v| v.field)
            .collect();
        assert!(fields.contains(&"customers".to_string()), "{fields:?}");
        let pointers: Vec<String> = validator()
            .violations::<Company>(&company)
            .into_iter()
            .map(|v| v.pointer)
            .collect();
        assert!(
            pointers.contains(&"/creditDetails/agingOverdueBalance/0/daysFrom".to_string()),
            "{pointers:?}"
        );
        assert!(
            fields.contains(&"creditDetails.agingOverdueBalance[0].daysFrom".to_string()),
            "{fields:?}"
        );
    }

    #[test]
    fn field_path_reads_like_code() {
        assert_eq!(field_path(""), "body");
        assert_eq!(
            field_path("/customers/0/emailAddress"),
            "customers[0].emailAddress"
        );
        assert_eq!(field_path("/a~1b"), "a/b");
    }
}
