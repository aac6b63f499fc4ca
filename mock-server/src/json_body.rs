//! [`decode`]: a request body checked against its schema in the document, then deserialized into a
//! spec-gen type; every failure a 400 naming the problem. The body is parsed once, unless reading
//! the typed body from the parsed value would not be exact.

use axum::http::{HeaderMap, header};
use bluetape_model::utoipa::ToSchema;
use bluetape_model::validation::BodyValidator;
use bluetape_model::{
    Company, Customer, CustomerLink, CustomerUpdate, DocumentedError, MAX_CUSTOMERS_PER_COMPANY,
};
use std::fmt;

use serde::de::{DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

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

/// Checks that the body `bytes` (sent with `headers`) is JSON valid against the document's
/// component `schema`: the body of an operation the mock answers from its examples, which has no
/// type of its own here.
///
/// # Errors
///
/// 400 for another media type than JSON, malformed JSON, or a body the schema refuses (the reason
/// naming the field).
pub fn check_against(
    validator: &BodyValidator,
    headers: &HeaderMap,
    bytes: &[u8],
    schema: &str,
) -> Result<(), ApiError> {
    check_media_type(headers)?;
    let ParsedBody { value, .. } = parse(bytes)?;
    match validator.violations_of(schema, &value).into_iter().next() {
        Some(violation) => Err(ApiError::invalid(format!("{violation}."))),
        None => Ok(()),
    }
}

fn check_media_type(headers: &HeaderMap) -> Result<(), ApiError> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|media_type| media_type.trim().eq_ignore_ascii_case("application/json"));
    if is_json {
        Ok(())
    } else {
        Err(ApiError::invalid(
            "body: expected Content-Type: application/json.",
        ))
    }
}

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
    check_media_type(headers)?;
    // Parsed once: the schema validates this value, and the typed body is read from it when that
    // is exact.
    let ParsedBody { value, exact } = parse(bytes)?;
    T::precheck(&value)?;
    if let Some(violation) = validator.violations::<T>(&value).into_iter().next() {
        return Err(ApiError::invalid(format!("{violation}.")));
    }
    let typed = if exact {
        T::deserialize(value)
    } else {
        // A value holds fractions as binary floats where the bytes hold an amount's digits (the
        // schema's check of a float is exact only to 16 digits), and keeps the last of a key given
        // twice where the model refuses it: the typed body is read from the bytes.
        serde_json::from_slice(bytes)
    };
    typed.map_err(|_| refusal_naming_the_field::<T>(bytes))
}

/// A body as a [`Value`], and whether reading the typed body from that value gives what reading
/// it from the bytes would.
struct ParsedBody {
    value: Value,
    /// No number is a binary float (a fraction, an exponent, an integer beyond 64 bits) and no
    /// object has a key twice.
    exact: bool,
}

/// `bytes` as a [`Value`], exactly as `serde_json::from_slice` reads it (the last of a key given
/// twice wins), with what the value loses noted in [`ParsedBody::exact`].
fn parse(bytes: &[u8]) -> Result<ParsedBody, ApiError> {
    let malformed =
        |error: serde_json::Error| ApiError::invalid(format!("body: malformed JSON: {error}."));
    let mut exact = true;
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = ExactValue { exact: &mut exact }
        .deserialize(&mut deserializer)
        .map_err(malformed)?;
    deserializer.end().map_err(malformed)?;
    Ok(ParsedBody { value, exact })
}

/// Reads a [`Value`] as serde_json's own `Deserialize` does, clearing `exact` where the value
/// loses something the model would read from the bytes.
struct ExactValue<'flag> {
    exact: &'flag mut bool,
}

impl<'de> DeserializeSeed<'de> for ExactValue<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ExactValue<'_> {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        *self.exact = false;
        Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Value, A::Error> {
        let mut values = Vec::with_capacity(items.size_hint().unwrap_or(0));
        while let Some(value) = items.next_element_seed(ExactValue {
            exact: &mut *self.exact,
        })? {
            values.push(value);
        }
        Ok(Value::Array(values))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = entries.next_key::<String>()? {
            let value = entries.next_value_seed(ExactValue {
                exact: &mut *self.exact,
            })?;
            if object.insert(key, value).is_some() {
                *self.exact = false;
            }
        }
        Ok(Value::Object(object))
    }
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

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn json_headers() -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        headers
    }

    #[test]
    fn a_body_parses_to_serde_jsons_own_value_and_says_when_it_is_not_exact() {
        for (body, exact) in [
            (r#"{"a":1,"b":[-2,true,null,"x\u00e9"],"c":{"d":{}}}"#, true),
            (r#"{"amount":0.1}"#, false),
            (r#"{"amount":1e3}"#, false),
            (r#"{"amount":18446744073709551616}"#, false),
            (r#"{"a":1,"a":2}"#, false),
            (r#"[{"a":{"b":1,"b":1}}]"#, false),
        ] {
            let parsed = parse(body.as_bytes()).expect(body);
            let expected: Value = serde_json::from_str(body).expect(body);
            assert_eq!(parsed.value, expected, "{body}");
            assert_eq!(parsed.exact, exact, "{body}");
        }
        for malformed in ["{", r#"{"a":1} trailing"#, ""] {
            let Err(error) = parse(malformed.as_bytes()) else {
                panic!("{malformed:?} parsed");
            };
            let expected = serde_json::from_str::<Value>(malformed).unwrap_err();
            assert_eq!(
                error.reason,
                format!("body: malformed JSON: {expected}."),
                "{malformed:?}"
            );
        }
    }

    #[test]
    fn amounts_are_exact_whichever_way_the_body_is_read() {
        let validator = BodyValidator::new().expect("the document's validators");
        for amount in ["1500", "-0", "0.1", "1234567890123456789012345.67"] {
            let body = format!(
                r#"{{"id":"co1","businessName":"Acme","businessAddress":"1 Main St",
                "sourceModifiedDate":"2023-01-04T09:47:57Z","creditDetails":{{"creditAmount":{amount}}}}}"#
            );
            let company: Company =
                decode(&validator, &json_headers(), body.as_bytes()).expect(amount);
            let stored = company
                .credit_details
                .and_then(|details| details.credit_amount);
            let expected = if amount == "-0" { "0" } else { amount };
            assert_eq!(
                stored.map(|amount| amount.to_string()).as_deref(),
                Some(expected)
            );
        }
    }

    #[test]
    fn a_key_given_twice_is_refused() {
        let validator = BodyValidator::new().expect("the document's validators");
        let body = concat!(
            r#"{"id":"c1","firstName":"John","firstName":"Jane","lastName":"Doe","#,
            r#""emailAddress":"john.doe@example.com","cellPhoneNumber":"+11234567890","#,
            r#""sourceModifiedDate":"2023-01-04T09:47:57Z"}"#
        );
        let Err(refusal) = decode::<Customer>(&validator, &json_headers(), body.as_bytes()) else {
            panic!("a body with firstName twice was accepted");
        };
        // The name is flattened into `Customer`, so serde knows no path to it: the body's.
        assert!(
            refusal
                .reason
                .starts_with("body: duplicate field `firstName` at line 1"),
            "{}",
            refusal.reason
        );
    }
}
