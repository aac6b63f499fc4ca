//! Serde helpers that keep the wire format exactly as the schema describes it. (Amounts have their
//! own crate, [`bluetape_amount`], shared with the client.)

use bluetape_amount::{Amount, AmountError};
use rust_decimal::prelude::ToPrimitive;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer};

/// Parses the text of a JSON number as an integer. `5`, `5.0` and `5e0` are all the integer 5, as
/// in JSON Schema; `5.5` is not an integer.
///
/// # Errors
///
/// A message naming the number when it is not an integer or does not fit in 64 bits.
pub fn parse_integer(text: &str) -> Result<i64, String> {
    let too_large = || format!("{text} does not fit in a 64-bit integer");
    let value = match text.parse::<Amount>() {
        Ok(value) => value.decimal(),
        Err(AmountError::OutOfRange(_)) => return Err(too_large()),
        Err(error) => return Err(error.to_string()),
    };
    if !value.is_integer() {
        return Err(format!("{text} is not an integer"));
    }
    value.to_i64().ok_or_else(too_large)
}

/// Deserializes an integer from a JSON number (see [`parse_integer`]).
pub fn integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    let number = serde_json::Number::deserialize(deserializer)?;
    parse_integer(&number.to_string()).map_err(D::Error::custom)
}

#[cfg(test)]
mod tests {
    use super::parse_integer;

    #[test]
    fn integral_numbers_are_integers() {
        assert_eq!(parse_integer("17179869183.0"), Ok(17_179_869_183));
        assert_eq!(parse_integer("5e2"), Ok(500));
        assert!(parse_integer("5.5").unwrap_err().contains("not an integer"));
        assert!(parse_integer("1e19").unwrap_err().contains("64-bit"));
        assert!(parse_integer("1e40").unwrap_err().contains("64-bit"));
    }
}
