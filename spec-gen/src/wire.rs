//! Serde helpers that keep the wire format exactly as the schema describes it.

use std::str::FromStr;

use bigdecimal::{BigDecimal, RoundingMode};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer};

use crate::vocabulary::{DECIMAL_MAX_MAGNITUDE, DECIMAL_MAX_SCALE};

/// Parses the text of a JSON number as an exact decimal.
///
/// The digits are kept as written (`10000.00` stays `10000.00`). A number with more than 28
/// fractional digits, or written with an exponent (`1e-30`), is rounded half-to-even to 28 places,
/// as .NET's `decimal` does; a number beyond the decimal range is refused.
///
/// # Errors
///
/// A message naming the number when it is not a number or is out of range.
pub fn parse_decimal(text: &str) -> Result<Decimal, String> {
    if let Ok(exact) = Decimal::from_str_exact(text).or_else(|_| Decimal::from_scientific(text)) {
        return Ok(exact);
    }
    let big = BigDecimal::from_str(text).map_err(|_| format!("{text} is not a number"))?;
    let rounded = big.with_scale_round(i64::from(DECIMAL_MAX_SCALE), RoundingMode::HalfEven);
    Decimal::from_str(&rounded.normalized().to_plain_string()).map_err(|_| {
        format!("{text} is outside the range of an exact decimal (±{DECIMAL_MAX_MAGNITUDE:e})")
    })
}

/// Parses the text of a JSON number as an integer. `5`, `5.0` and `5e0` are all the integer 5, as
/// in JSON Schema; `5.5` is not an integer.
///
/// # Errors
///
/// A message naming the number when it is not an integer or does not fit in 64 bits.
pub fn parse_integer(text: &str) -> Result<i64, String> {
    let value = parse_decimal(text)?;
    if !value.is_integer() {
        return Err(format!("{text} is not an integer"));
    }
    value
        .to_i64()
        .ok_or_else(|| format!("{text} does not fit in a 64-bit integer"))
}

/// Deserializes an exact decimal from a JSON number (see [`parse_decimal`]).
pub fn decimal<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
    let number = serde_json::Number::deserialize(deserializer)?;
    parse_decimal(&number.to_string()).map_err(D::Error::custom)
}

/// Deserializes an integer from a JSON number (see [`parse_integer`]).
pub fn integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    let number = serde_json::Number::deserialize(deserializer)?;
    parse_integer(&number.to_string()).map_err(D::Error::custom)
}

#[cfg(test)]
mod tests {
    use super::{parse_decimal, parse_integer};

    #[test]
    fn decimals_keep_their_digits() {
        for text in ["888.33", "0.1", "10000", "10000.00", "-3.5"] {
            assert_eq!(parse_decimal(text).unwrap().to_string(), text);
        }
    }

    #[test]
    fn decimals_round_past_28_places_like_dotnet() {
        assert_eq!(parse_decimal("1e-30").unwrap().to_string(), "0");
        assert_eq!(
            parse_decimal("0.12345678901234567890123456789012")
                .unwrap()
                .to_string(),
            "0.1234567890123456789012345679"
        );
        assert_eq!(
            parse_decimal("5.430874900846774e+16").unwrap().to_string(),
            "54308749008467740"
        );
    }

    #[test]
    fn decimals_beyond_the_range_are_refused() {
        let error = parse_decimal("3.3502018043188847e+40").unwrap_err();
        assert!(error.contains("outside the range"), "{error}");
        assert!(parse_decimal("7.9e28").is_ok());
    }

    #[test]
    fn integral_numbers_are_integers() {
        assert_eq!(parse_integer("17179869183.0"), Ok(17_179_869_183));
        assert_eq!(parse_integer("5e2"), Ok(500));
        assert!(parse_integer("5.5").unwrap_err().contains("not an integer"));
        assert!(parse_integer("1e19").unwrap_err().contains("64-bit"));
    }
}
