//! The exact decimal amount of the BlueTape integration API: [`Amount`], a
//! [`rust_decimal::Decimal`] within the API's range, written and read as a plain JSON number
//! (`888.33`), digit for digit.
//!
//! Exactness without side effects: an amount is written through serde_json's additive `raw_value`
//! feature and read from the number's own text, so this crate never turns on serde_json's
//! `arbitrary_precision`, which would change how every other crate in the build parses numbers.
//!
//! ```
//! use bluetape_amount::Amount;
//!
//! let amount: Amount = "1234567890123456789012345.67".parse()?;
//! assert_eq!(serde_json::to_string(&amount)?, "1234567890123456789012345.67");
//! assert_eq!(serde_json::from_str::<Amount>("1234567890123456789012345.67")?, amount);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Features (off by default): `schemars`, a `schemars::JsonSchema` (0.8) implementation.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::value::RawValue;

/// Fractional digits an exact decimal keeps: 28, as in .NET's `decimal` (the docs' "decimal" type)
/// and `rust_decimal`. Digits past the 28th place are rounded half-to-even, as .NET does.
pub const DECIMAL_MAX_SCALE: u32 = 28;

/// Largest magnitude of an amount: exactly 7.9 × 10²⁸, just inside the range of .NET's `decimal`
/// and `rust_decimal` (±79,228,162,514,264,337,593,543,950,335). The documents state it as the
/// bounds of every amount's schema.
pub const AMOUNT_MAX_MAGNITUDE: Decimal =
    Decimal::from_parts(2_550_136_832, 1_364_693_707, 4_282_598_581, false, 0);

/// An amount written as a decimal string (`"888.33"`, `"-5"`), for the channels where a JSON
/// number would pass through a binary float before reaching us (MCP clients and `rmcp` read tool
/// arguments as `f64`): an optional minus, at most 29 whole digits, at most
/// [`DECIMAL_MAX_SCALE`] fractional ones; no exponent, no `+`.
pub const AMOUNT_TEXT_PATTERN: &str = r"^-?[0-9]{1,29}(\.[0-9]{1,28})?$";

/// [`AMOUNT_MAX_MAGNITUDE`] as the documents state it, a binary float: `7.9e28`, the nearest `f64`
/// (the bound of a JSON Schema is a JSON number).
pub fn amount_max_magnitude_f64() -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    // A whole decimal of 29 digits always converts; the fallback is never taken.
    AMOUNT_MAX_MAGNITUDE.to_f64().unwrap_or(f64::MAX)
}

/// An exact decimal amount of the API, within ±[`AMOUNT_MAX_MAGNITUDE`]: written as a JSON number
/// with exactly its digits (`10000.00` stays `10000.00`), and read from a JSON number's text
/// without passing through a binary float.
///
/// Reading is exact when serde_json reads the amount from JSON text (`from_str`, `from_slice`,
/// `from_reader`, reqwest's `json()`) or from a [`serde_json::Value`] holding an integer. Where serde
/// has already turned the number into an `f64` (a `Value` holding a fraction, a field inside a
/// `#[serde(flatten)]` or untagged container), the amount is that float's shortest decimal form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Amount(Decimal);

/// Why a text or a decimal is not an [`Amount`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    /// The text is not a number.
    NotANumber(String),
    /// The number lies beyond ±[`AMOUNT_MAX_MAGNITUDE`].
    OutOfRange(String),
}

impl fmt::Display for AmountError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AmountError::NotANumber(text) => write!(formatter, "{text} is not a number"),
            AmountError::OutOfRange(text) => write!(
                formatter,
                "{text} is outside the range of an amount (±{AMOUNT_MAX_MAGNITUDE})"
            ),
        }
    }
}

impl std::error::Error for AmountError {}

impl Amount {
    /// The amount `mantissa` × 10^-`scale` (`Amount::new(88_833, 2)` is 888.33), as
    /// [`Decimal::new`]. Always in range: an `i64` mantissa is far below the largest amount.
    ///
    /// # Panics
    ///
    /// When `scale` exceeds [`DECIMAL_MAX_SCALE`], as [`Decimal::new`] does.
    pub fn new(mantissa: i64, scale: u32) -> Amount {
        Amount(Decimal::new(mantissa, scale))
    }

    /// The exact decimal.
    pub fn decimal(self) -> Decimal {
        self.0
    }
}

impl TryFrom<Decimal> for Amount {
    type Error = AmountError;

    /// The decimal as an amount, if within ±[`AMOUNT_MAX_MAGNITUDE`].
    fn try_from(decimal: Decimal) -> Result<Amount, AmountError> {
        if decimal.abs() > AMOUNT_MAX_MAGNITUDE {
            return Err(AmountError::OutOfRange(decimal.to_string()));
        }
        Ok(Amount(decimal))
    }
}

impl From<Amount> for Decimal {
    fn from(amount: Amount) -> Decimal {
        amount.0
    }
}

impl From<i64> for Amount {
    fn from(whole: i64) -> Amount {
        Amount(Decimal::from(whole))
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(formatter)
    }
}

impl FromStr for Amount {
    type Err = AmountError;

    /// Parses the text of a JSON number (`888.33`, `-5`, `1.5e3`). The digits are kept as written
    /// (`10000.00` stays `10000.00`). A number with more than [`DECIMAL_MAX_SCALE`] fractional
    /// digits is rounded half-to-even to that many places, as .NET's `decimal` does; one beyond
    /// ±[`AMOUNT_MAX_MAGNITUDE`] is refused.
    fn from_str(text: &str) -> Result<Amount, AmountError> {
        let exact = Decimal::from_str_exact(text).or_else(|_| Decimal::from_scientific(text));
        let decimal = match exact {
            Ok(decimal) => decimal,
            Err(_) => rounded(&Digits::of(text)?)?,
        };
        Amount::try_from(decimal).map_err(|_| AmountError::OutOfRange(text.to_owned()))
    }
}

/// A number's text taken apart: its sign, its significant digits (no leading zero) and where its
/// decimal point sits among them (`-0.0125e2` is `-`, `125`, point at 1: -1.25).
struct Digits<'a> {
    text: &'a str,
    negative: bool,
    digits: Vec<u8>,
    point: i64,
}

impl<'a> Digits<'a> {
    fn of(text: &'a str) -> Result<Digits<'a>, AmountError> {
        let not_a_number = || AmountError::NotANumber(text.to_owned());
        let (mantissa, exponent) = match text.split_once(['e', 'E']) {
            Some((mantissa, exponent)) => {
                let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
                let exponent = exponent.parse::<i64>().map_err(|_| not_a_number())?;
                (mantissa, exponent)
            }
            None => (text, 0),
        };
        let (negative, unsigned) = match mantissa.strip_prefix('-') {
            Some(unsigned) => (true, unsigned),
            None => (false, mantissa),
        };
        let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
        let written: Vec<u8> = whole.bytes().chain(fraction.bytes()).collect();
        if written.is_empty() || !written.iter().all(u8::is_ascii_digit) {
            return Err(not_a_number());
        }
        let leading_zeros = written.iter().take_while(|&&digit| digit == b'0').count();
        let count = |length: usize| i64::try_from(length).map_err(|_| not_a_number());
        Ok(Digits {
            text,
            negative,
            point: count(whole.len())? - count(leading_zeros)? + exponent,
            digits: written[leading_zeros..].to_vec(),
        })
    }
}

/// The decimal nearest `number` with at most [`DECIMAL_MAX_SCALE`] fractional digits, ties to
/// even; a number with more significant digits than a decimal holds loses its last ones.
///
/// rust_decimal rounds such text itself, but half away from zero and not at all past an exponent
/// (`1e-30`); bigdecimal does both, but would add num-bigint, num-integer and libm to the build of
/// every application on bluetape-client, for a case a real amount never reaches.
fn rounded(number: &Digits<'_>) -> Result<Decimal, AmountError> {
    let out_of_range = || AmountError::OutOfRange(number.text.to_owned());
    // A decimal holds 29 digits at most: more whole digits than that cannot fit.
    if number.point > 29 {
        return Err(out_of_range());
    }
    // The digits kept: those up to the 28th fractional place.
    let kept_count = number.point + i64::from(DECIMAL_MAX_SCALE);
    let kept_length = usize::try_from(kept_count.max(0))
        .map_err(|_| out_of_range())?
        .min(number.digits.len());
    let (kept, dropped) = number.digits.split_at(kept_length);
    let mut kept = kept.to_vec();
    let mut point = number.point;
    // Below the 29th place, the first dropped digit is a zero that was not written.
    let first_dropped = if kept_count < 0 {
        None
    } else {
        dropped.first()
    };
    let rest_is_zero = dropped.iter().skip(1).all(|&digit| digit == b'0');
    let last_kept_is_odd = kept.last().is_some_and(|&digit| (digit - b'0') % 2 == 1);
    let round_up = match first_dropped {
        Some(b'6'..=b'9') => true,
        Some(b'5') => !rest_is_zero || last_kept_is_odd,
        _ => false,
    };
    if round_up {
        // One more at the last kept place, carried; a carry past the first digit adds a digit.
        let carried = kept.iter_mut().rev().all(|digit| {
            let nine = *digit == b'9';
            *digit = if nine { b'0' } else { *digit + 1 };
            nine
        });
        if carried {
            kept.insert(0, b'1');
            point = if kept_length == 0 {
                // Nothing was kept: the one lands at the 28th place.
                1 - i64::from(DECIMAL_MAX_SCALE)
            } else {
                point + 1
            };
        }
    }
    let digits = String::from_utf8(kept).map_err(|_| out_of_range())?;
    let plain = if digits.is_empty() {
        "0".to_owned()
    } else if point <= 0 {
        let zeros = "0".repeat(usize::try_from(-point).map_err(|_| out_of_range())?);
        format!("0.{zeros}{digits}")
    } else {
        let point = usize::try_from(point).map_err(|_| out_of_range())?;
        let padded = format!("{digits:0<point$}");
        let (whole, fraction) = padded.split_at(point);
        format!("{whole}.{fraction}")
    };
    let sign = if number.negative { "-" } else { "" };
    let signed = format!("{sign}{plain}");
    // `from_str` rounds what still has more significant digits than a decimal holds.
    Decimal::from_str_exact(&signed)
        .or_else(|_| Decimal::from_str(&signed))
        .map(|decimal| decimal.normalize())
        .map_err(|_| out_of_range())
}

impl Serialize for Amount {
    /// Writes the decimal's digits as a JSON number (serde_json's `RawValue`): exact, where a
    /// float would round and a string would change the wire type.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let number =
            RawValue::from_string(self.0.to_string()).map_err(serde::ser::Error::custom)?;
        number.serialize(serializer)
    }
}

/// The name under which serde_json hands a value's raw text to a visitor (`RawValue`'s own
/// `Deserialize` asks for it the same way); other deserializers see a newtype and give the number.
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Amount, D::Error> {
        deserializer.deserialize_newtype_struct(RAW_VALUE_TOKEN, AmountVisitor)
    }
}

/// Reads an amount from a JSON number's raw text (serde_json), or from the number another
/// deserializer gives. A string is refused: amounts are numbers on the wire.
struct AmountVisitor;

impl<'de> Visitor<'de> for AmountVisitor {
    type Value = Amount;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON number (an exact decimal amount)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Amount, A::Error> {
        // serde_json's raw value: one entry, the token, then the value's text.
        match map.next_key::<RawKey>()? {
            Some(RawKey) => map.next_value_seed(RawNumber),
            None => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
        }
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, inner: D) -> Result<Amount, D::Error> {
        inner.deserialize_any(self)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Amount, E> {
        Ok(Amount(Decimal::from(value)))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Amount, E> {
        Ok(Amount(Decimal::from(value)))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Amount, E> {
        // `{}` of an f64 is its shortest round-trip form, never an exponent.
        parse_number(&value.to_string())
    }
}

/// The one key of serde_json's raw value map.
struct RawKey;

impl<'de> Deserialize<'de> for RawKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<RawKey, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = RawKey;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("serde_json's raw value")
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<RawKey, E> {
                if key == RAW_VALUE_TOKEN {
                    Ok(RawKey)
                } else {
                    Err(de::Error::invalid_value(de::Unexpected::Str(key), &self))
                }
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// The raw text of a JSON value, which must be a number.
struct RawNumber;

impl<'de> de::DeserializeSeed<'de> for RawNumber {
    type Value = Amount;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Amount, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for RawNumber {
    type Value = Amount;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON number (an exact decimal amount)")
    }

    fn visit_str<E: de::Error>(self, raw: &str) -> Result<Amount, E> {
        let text = raw.trim();
        // A JSON number starts with a digit or a minus; anything else is another JSON type.
        let unexpected = match text.as_bytes().first() {
            Some(b'0'..=b'9' | b'-') => return parse_number(text),
            Some(b'"') => de::Unexpected::Other("a string"),
            Some(b'{') => de::Unexpected::Map,
            Some(b'[') => de::Unexpected::Seq,
            Some(b't' | b'f') => de::Unexpected::Other("a boolean"),
            _ => de::Unexpected::Unit,
        };
        Err(de::Error::invalid_type(unexpected, &self))
    }
}

fn parse_number<E: de::Error>(text: &str) -> Result<Amount, E> {
    Amount::from_str(text).map_err(E::custom)
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Amount {
    fn schema_name() -> String {
        "Amount".to_owned()
    }

    fn json_schema(_: &mut schemars::r#gen::SchemaGenerator) -> schemars::schema::Schema {
        let largest = amount_max_magnitude_f64();
        schemars::schema::SchemaObject {
            instance_type: Some(schemars::schema::InstanceType::Number.into()),
            number: Some(Box::new(schemars::schema::NumberValidation {
                minimum: Some(-largest),
                maximum: Some(largest),
                ..Default::default()
            })),
            ..Default::default()
        }
        .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_of_9_15_and_27_digits_travel_exactly_both_ways() {
        for text in [
            "1234567.89",
            "9876543210123.45",
            "1234567890123456789012345.67",
            "-0.5",
            "10000.00",
            "0",
        ] {
            let amount: Amount = serde_json::from_str(text).unwrap();
            assert_eq!(amount.to_string(), text);
            assert_eq!(serde_json::to_string(&amount).unwrap(), text);
            let body = format!(r#"{{"creditAmount":{text}}}"#);
            let map: std::collections::BTreeMap<String, Amount> =
                serde_json::from_str(&body).unwrap();
            assert_eq!(serde_json::to_string(&map).unwrap(), body);
        }
    }

    #[test]
    fn the_reader_keeps_the_written_digits() {
        let amount: Amount =
            serde_json::from_reader("79000000000000000000000000000".as_bytes()).unwrap();
        assert_eq!(amount.decimal(), AMOUNT_MAX_MAGNITUDE);
    }

    #[test]
    fn digits_past_28_places_round_half_to_even_like_dotnet() {
        let parse = |text: &str| text.parse::<Amount>().unwrap().to_string();
        assert_eq!(parse("1e-30"), "0");
        assert_eq!(
            parse("0.12345678901234567890123456789012"),
            "0.1234567890123456789012345679"
        );
        assert_eq!(parse("5.430874900846774e+16"), "54308749008467740");
        assert_eq!(parse("1.5E-29"), "0");
        assert_eq!(parse("0.00000000000000000000000000000000000005"), "0");
        assert_eq!(parse("-2.5e-28"), "-0.0000000000000000000000000002");
        assert_eq!(parse("3.5e-28"), "0.0000000000000000000000000004");
        assert_eq!(parse("2.50000001e-28"), "0.0000000000000000000000000003");
        assert_eq!(parse("0.99999999999999999999999999995"), "1");
        assert_eq!(parse("6e-29"), "0.0000000000000000000000000001");
        assert_eq!(parse("12.5e-1"), "1.25");
        assert_eq!(parse("0.0000000001e38"), "10000000000000000000000000000");
        assert_eq!(parse("000e-99"), "0");
    }

    #[test]
    fn beyond_the_range_is_refused_exactly() {
        assert_eq!(
            "7.9e28".parse::<Amount>().unwrap().decimal(),
            AMOUNT_MAX_MAGNITUDE
        );
        assert!("-79000000000000000000000000000".parse::<Amount>().is_ok());
        for text in [
            "79000000000000000000000000001",
            "-79000000000000000000000000000.5",
            "3.3502018043188847e+40",
            "79228162514264337593543950336",
            "1e400",
        ] {
            let error = text.parse::<Amount>().unwrap_err();
            assert!(
                matches!(error, AmountError::OutOfRange(_)),
                "{text}: {error:?}"
            );
            assert!(serde_json::from_str::<Amount>(text).is_err(), "{text}");
        }
    }

    #[test]
    fn the_documents_bound_is_the_decimal_bound() {
        assert_eq!(amount_max_magnitude_f64(), 7.9e28);
    }

    #[test]
    fn other_json_types_are_refused() {
        for text in [r#""888.33""#, "true", "null", "[1]", r#"{"a":1}"#] {
            let error = serde_json::from_str::<Amount>(text).unwrap_err();
            assert!(
                error.to_string().contains("invalid type"),
                "{text}: {error}"
            );
        }
        assert!(matches!(
            "abc".parse::<Amount>(),
            Err(AmountError::NotANumber(_))
        ));
        assert!(matches!(
            "1e".parse::<Amount>(),
            Err(AmountError::NotANumber(_))
        ));
    }

    #[test]
    fn a_value_and_a_flattened_container_give_the_float_they_hold() {
        let from_value: Amount = serde_json::from_value(serde_json::json!(888.33)).unwrap();
        assert_eq!(from_value.to_string(), "888.33");
        let whole: Amount = serde_json::from_value(serde_json::json!(12)).unwrap();
        assert_eq!(whole, Amount::from(12));
        #[derive(Deserialize)]
        struct Outer {
            #[serde(flatten)]
            inner: Inner,
        }
        #[derive(Deserialize)]
        struct Inner {
            amount: Amount,
        }
        let outer: Outer = serde_json::from_str(r#"{"amount":12.5}"#).unwrap();
        assert_eq!(outer.inner.amount, Amount::new(125, 1));
    }

    #[test]
    fn a_value_holds_the_amount_as_a_number() {
        let value = serde_json::to_value(Amount::new(88_833, 2)).unwrap();
        assert_eq!(value, serde_json::json!(888.33));
    }
}
