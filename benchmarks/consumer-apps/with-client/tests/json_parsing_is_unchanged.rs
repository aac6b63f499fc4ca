//! Adding bluetape-client (and bluetape-httpmock) to an application changes nothing in how the
//! application's own types read JSON: Cargo unifies features, so a dependency that switched on
//! serde_json's `arbitrary_precision` would break all three of these.

use serde::Deserialize;

/// An application's own amount, a number or a text.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(untagged)]
enum Amount {
    Number(f64),
    Text(String),
}

/// An application's own struct with a flattened group holding a number.
#[derive(Debug, PartialEq, Deserialize)]
struct Invoice {
    id: String,
    #[serde(flatten)]
    total: Total,
}

#[derive(Debug, PartialEq, Deserialize)]
struct Total {
    total: f64,
}

#[test]
fn an_untagged_enum_reads_numbers() {
    let amount: Amount = serde_json::from_str("12.5").expect("a number variant");
    assert_eq!(amount, Amount::Number(12.5));
}

#[test]
fn a_flattened_struct_reads_numbers() {
    let invoice: Invoice =
        serde_json::from_str(r#"{"id":"i1","total":12.5}"#).expect("a flattened number");
    assert_eq!(invoice.total, Total { total: 12.5 });
}

#[test]
fn a_value_refuses_what_a_float_cannot_hold() {
    assert!(serde_json::from_str::<serde_json::Value>("1e400").is_err());
    let value: serde_json::Value = serde_json::from_str("0.1").expect("a number");
    assert_eq!(value.as_f64(), Some(0.1));
}

/// And the crate's own amounts stay exact, through the application's own serde_json.
#[test]
fn the_clients_amounts_stay_exact() {
    let amount: bluetape_client::Amount =
        serde_json::from_str("1234567890123456789012345.67").expect("an amount");
    assert_eq!(
        serde_json::to_string(&amount).expect("written"),
        "1234567890123456789012345.67"
    );
}
