//! Serde helpers that keep the wire format exactly as the schema describes it.

use serde::{Deserialize, Deserializer};

/// Deserializes an optional field that may be absent but never `null`.
///
/// Use with `#[serde(default, deserialize_with = "crate::wire::absent_or_value")]`: an absent field
/// becomes `None` through `default`, and a present one must hold a value. The schema marks these
/// fields optional and not nullable, so a `null` is a client mistake that must be reported (the mock
/// server answers 400), not silently read as "absent".
pub fn absent_or_value<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Probe {
        #[serde(default, deserialize_with = "super::absent_or_value")]
        name: Option<String>,
    }

    #[test]
    fn absent_field_is_none() {
        assert_eq!(
            serde_json::from_str::<Probe>("{}").unwrap(),
            Probe { name: None }
        );
    }

    #[test]
    fn present_field_is_some() {
        let probe: Probe = serde_json::from_str(r#"{"name":"Acme"}"#).unwrap();
        assert_eq!(probe.name.as_deref(), Some("Acme"));
    }

    #[test]
    fn null_is_rejected() {
        let error = serde_json::from_str::<Probe>(r#"{"name":null}"#).unwrap_err();
        assert!(error.to_string().contains("invalid type: null"), "{error}");
    }
}
