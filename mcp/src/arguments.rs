//! A tool call's arguments, checked against the tool's schema (rmcp does not), then split into the
//! path's parameters and the body's JSON text, every amount written as the exact number its
//! decimal string says.

use bluetape_amount::{AMOUNT_TEXT_PATTERN, Amount};
use bluetape_client::rust_decimal::Decimal;
use serde_json::{Map, Value};

use crate::catalog::ToolEntry;
pub use crate::failure::Refusal;

/// A call's arguments, checked and ready for the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// The path parameters' values, in the tool's order.
    pub path: Vec<String>,
    /// The body as JSON text (amounts as numbers, digit for digit), when the operation has one.
    pub body: Option<String>,
}

/// Checks `arguments` against `entry`'s schema and splits them.
///
/// # Errors
///
/// The first [`Refusal`]: a schema violation, or an amount that is out of range or has more
/// digits than an exact decimal holds.
pub fn check(entry: &ToolEntry, arguments: &Map<String, Value>) -> Result<Checked, Refusal> {
    let instance = Value::Object(arguments.clone());
    if let Some(error) = entry.validator.iter_errors(&instance).next() {
        return Err(Refusal {
            field: field_of(error.instance_path().as_str()),
            message: error.to_string(),
        });
    }
    let mut body = arguments.clone();
    let path = entry
        .path_parameters
        .iter()
        .map(|name| match body.remove(name) {
            Some(Value::String(value)) => Ok(value),
            _ => Err(Refusal {
                field: name.clone(),
                message: "a string is required".into(),
            }),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let body = if entry.operation.has_body {
        let schema = serde_json::json!({ "properties": entry.input_schema.get("properties") });
        let mut text = String::with_capacity(256);
        write_exact(&Value::Object(body), &schema, "", &mut text)?;
        Some(text)
    } else {
        None
    };
    Ok(Checked { path, body })
}

/// The field path of a JSON pointer into the arguments; `arguments` for the whole.
fn field_of(pointer: &str) -> String {
    if pointer.is_empty() {
        "arguments".into()
    } else {
        bluetape_model::validation::field_path(pointer)
    }
}

/// Whether `schema` is an amount written as a decimal string.
fn is_amount(schema: &Value) -> bool {
    schema["type"] == "string" && schema["pattern"] == AMOUNT_TEXT_PATTERN
}

/// Writes `value` as JSON text, each amount (by `schema`) as a bare number with exactly the digits
/// of its decimal string.
fn write_exact(
    value: &Value,
    schema: &Value,
    pointer: &str,
    out: &mut String,
) -> Result<(), Refusal> {
    match value {
        Value::String(text) if is_amount(schema) => {
            out.push_str(&exact_amount(text, pointer)?);
        }
        Value::Object(fields) => {
            out.push('{');
            for (index, (name, field)) in fields.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(name.clone()).to_string());
                out.push(':');
                let child = &schema["properties"][name];
                write_exact(field, child, &format!("{pointer}/{name}"), out)?;
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_exact(item, &schema["items"], &format!("{pointer}/{index}"), out)?;
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
    Ok(())
}

/// The JSON number of an amount's decimal string, refused when a decimal cannot hold it exactly
/// (more digits than 96 bits, more than 28 fractional) or it lies beyond the API's range.
fn exact_amount(text: &str, pointer: &str) -> Result<String, Refusal> {
    let refuse = |message: String| Refusal {
        field: field_of(pointer),
        message,
    };
    // The range first (this parse rounds, and refuses only what lies beyond ±7.9e28), then
    // exactness: a decimal of 28 significant digits, never rounded.
    text.parse::<Amount>()
        .map_err(|error| refuse(error.to_string()))?;
    let decimal = Decimal::from_str_exact(text).map_err(|_| {
        refuse(format!(
            "{text:?} has more digits than an exact decimal holds (28 significant digits); \
             nothing was rounded, nothing was sent"
        ))
    })?;
    let amount = Amount::try_from(decimal).map_err(|error| refuse(error.to_string()))?;
    serde_json::to_string(&amount).map_err(|error| refuse(error.to_string()))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::catalog::Catalog;

    fn call(tool: &str, arguments: Value) -> Result<Checked, Refusal> {
        let catalog = Catalog::load(false).expect("the catalog loads");
        let entry = catalog.get(tool).expect("the tool exists");
        let Value::Object(arguments) = arguments else {
            panic!("arguments are an object")
        };
        check(entry, &arguments)
    }

    fn company(amount: &str) -> Value {
        json!({
            "id": "a0b9cedc32ce",
            "businessName": "Acme Inc.",
            "businessAddress": "1400 24th Ave",
            "sourceModifiedDate": "2024-03-09T00:10:20.300Z",
            "creditDetails": {"creditAmount": amount, "agingOverdueBalance": [
                {"daysFrom": 1, "overdueBalance": amount}
            ]}
        })
    }

    #[test]
    fn a_27_digit_amount_becomes_the_same_digits_as_a_number() {
        let checked = call("create_company", company("1234567890123456789012345.67"))
            .expect("the arguments pass");
        let body = checked.body.expect("a body");
        assert!(
            body.contains(r#""creditAmount":1234567890123456789012345.67"#),
            "{body}"
        );
        assert!(
            body.contains(r#""overdueBalance":1234567890123456789012345.67"#),
            "{body}"
        );
        let parsed: bluetape_client::types::Company =
            serde_json::from_str(&body).expect("the client's type reads it");
        assert_eq!(
            parsed
                .credit_details
                .and_then(|details| details.credit_amount)
                .map(|amount| amount.to_string()),
            Some("1234567890123456789012345.67".to_owned())
        );
    }

    #[test]
    fn an_amount_as_a_number_is_refused_naming_its_field() {
        let mut arguments = company("1");
        arguments["creditDetails"]["creditAmount"] = json!(888.33);
        let refusal = call("create_company", arguments).expect_err("refused");
        assert_eq!(refusal.field, "creditDetails.creditAmount");
    }

    #[test]
    fn an_amount_a_decimal_cannot_hold_exactly_is_refused_not_rounded() {
        let mut arguments = company("1");
        arguments["creditDetails"]["creditAmount"] = json!("1234567890123456789.0123456789012");
        let refusal = call("create_company", arguments).expect_err("refused");
        assert_eq!(refusal.field, "creditDetails.creditAmount");
        assert!(refusal.message.contains("nothing was rounded"), "{refusal}");
        let beyond =
            call("create_company", company("99999999999999999999999999999")).expect_err("refused");
        assert!(beyond.message.contains("outside the range"), "{beyond}");
    }

    #[test]
    fn unknown_missing_and_malformed_arguments_name_the_field() {
        let mut misspelt = company("1");
        misspelt["businessNme"] = json!("Acme");
        let refusal = call("create_company", misspelt).expect_err("refused");
        assert_eq!(refusal.field, "arguments");
        assert!(refusal.message.contains("businessNme"), "{refusal}");

        let refusal = call("get_customer_signup", json!({})).expect_err("refused");
        assert!(refusal.message.contains("id"), "{refusal}");

        let mut late = company("1");
        late["sourceModifiedDate"] = json!("yesterday");
        let refusal = call("create_company", late).expect_err("refused");
        assert_eq!(refusal.field, "sourceModifiedDate");
    }

    #[test]
    fn path_parameters_leave_the_body() {
        let checked = call(
            "link_company_customer",
            json!({"id": "a0b9cedc32ce", "customerId": "dc506b22c7fa"}),
        )
        .expect("the arguments pass");
        assert_eq!(checked.path, ["a0b9cedc32ce"]);
        assert_eq!(
            checked.body.as_deref(),
            Some(r#"{"customerId":"dc506b22c7fa"}"#)
        );
        let signup =
            call("get_customer_signup", json!({"id": "dc506b22c7fa"})).expect("the arguments pass");
        assert_eq!(signup.body, None);
    }
}
