//! [`decode`]: a request body checked against its schema in the document, then deserialized into a
//! spec-gen type; every failure a 400 naming the problem.

use axum::http::{HeaderMap, header};
use bluetape_model::utoipa::ToSchema;
use bluetape_model::validation::BodyValidator;
use bluetape_model::{
    Company, Customer, CustomerLink, CustomerUpdate, DocumentedError, MAX_CUSTOMERS_PER_COMPANY,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::ApiError;

/// A request body of the API: its schema is in the document, and it may have a refusal of its own
/// with a documented code, checked before the generic schema validation.
pub trait Body: DeserializeOwned + ToSchema {
    /// Refuses what the API answers with a documented error of its own; the default refuses nothing.
    fn precheck(_body: &Value) -> Result<(), ApiError> {
        Ok(())
    }
}

/// More customers than a company may have is 400 `company_can_have_only_one_customer`, not the
/// generic 400 that the schema's `maxItems` would give.
impl Body for Company {
    fn precheck(body: &Value) -> Result<(), ApiError> {
        let customers = body.get("customers").and_then(Value::as_array);
        if customers.is_some_and(|customers| customers.len() > MAX_CUSTOMERS_PER_COMPANY) {
            return Err(DocumentedError::TooManyCustomers.into());
        }
        Ok(())
    }
}

impl Body for Customer {}
impl Body for CustomerUpdate {}
impl Body for CustomerLink {}

/// The body `bytes` (sent with `headers`) as a `T`, valid against `T`'s schema in the document.
///
/// # Errors
///
/// 400 for another media type than JSON, malformed JSON, or a body the document refuses (the
/// reason naming the field).
pub fn decode<T: Body>(
    validator: &BodyValidator,
    headers: &HeaderMap,
    bytes: &[u8],
) -> Result<T, ApiError> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|media_type| media_type.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return Err(ApiError::invalid(
            "body: expected Content-Type: application/json.",
        ));
    }
    // Parsed once: the schema validates this value, and the typed body is read from it.
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|error| ApiError::invalid(format!("body: malformed JSON: {error}.")))?;
    T::precheck(&value)?;
    if let Some(violation) = validator.violations::<T>(&value).into_iter().next() {
        return Err(ApiError::invalid(format!("{violation}.")));
    }
    // The schema accepted it. The typed body is read from the bytes, not from the value: a value
    // holds fractions as binary floats, the bytes hold an amount's digits, and reading them checks
    // its range exactly (the schema's check of a float is exact only to 16 digits).
    serde_json::from_slice(bytes).map_err(|_| refusal_naming_the_field::<T>(bytes))
}

/// The refusal of a body the model is stricter about than the schema, naming the field. Read
/// again with the path tracked only then: tracking it costs an allocation per key on every body.
fn refusal_naming_the_field<T: DeserializeOwned>(bytes: &[u8]) -> ApiError {
    let deserializer = &mut serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, T>(deserializer) {
        Ok(_) => ApiError::invalid("body: unreadable."),
        Err(error) => {
            let field = field_name(error.path());
            ApiError::invalid(format!("{field}: {}.", error.into_inner()))
        }
    }
}

/// The field a path names, as the schema's messages name it (`creditDetails.creditAmount`,
/// `customers[0].id`): serde_json's private key, under which an amount reads its raw text, is not
/// a field.
fn field_name(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut field = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => field.push_str(&format!("[{index}]")),
            Segment::Map { key } if key.starts_with("$serde_json::private") => {}
            Segment::Map { key } | Segment::Enum { variant: key } => {
                if !field.is_empty() {
                    field.push('.');
                }
                field.push_str(key);
            }
            Segment::Unknown => field.push_str(if field.is_empty() { "?" } else { ".?" }),
        }
    }
    if field.is_empty() {
        "body".into()
    } else {
        field
    }
}
