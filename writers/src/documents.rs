//! The documents as committed in `openapi/`: the model's ([`bluetape_model::render::document`])
//! with every operation's `x-codeSamples`, as JSON values and as the files' text.

use bluetape_model::downgrade::downgrade;
use bluetape_model::render::{Format, RenderError, Version};
use serde_json::Value;

use crate::code_samples::{SampleError, annotate};

/// A committed document that could not be written.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// The model's document could not be derived or written (see [`RenderError`]).
    #[error(transparent)]
    Render(#[from] RenderError),
    /// An operation lacks what its code samples need.
    #[error(transparent)]
    CodeSamples(#[from] SampleError),
}

/// The committed document of the given version, as a JSON value (without the `@generated`
/// marker): the model's, with the operations' `x-codeSamples`.
///
/// # Errors
///
/// See [`DocumentError`].
pub fn document(version: Version) -> Result<Value, DocumentError> {
    Ok(Documents::derive()?.get(version).clone())
}

/// The document of the given version, as the text of its committed file.
///
/// # Errors
///
/// See [`DocumentError`].
pub fn render(version: Version, format: Format) -> Result<String, DocumentError> {
    Documents::derive()?.text(version, format)
}

/// Both committed documents, derived once from the model: what every generator of a codegen run
/// is handed, so that none derives them again.
#[derive(Debug, Clone, PartialEq)]
pub struct Documents {
    /// The OpenAPI 3.1 document, with the operations' `x-codeSamples`.
    pub openapi_3_1: Value,
    /// The same document turned into OpenAPI 3.0.3.
    pub openapi_3_0: Value,
}

impl Documents {
    /// Derives the 3.1 document from the model, adds the code samples, then turns it into 3.0.3.
    ///
    /// # Errors
    ///
    /// See [`DocumentError`].
    pub fn derive() -> Result<Self, DocumentError> {
        let mut openapi_3_1 = bluetape_model::render::document(Version::V3_1)?;
        annotate(&mut openapi_3_1)?;
        let openapi_3_0 = downgrade(&openapi_3_1).map_err(RenderError::from)?;
        Ok(Documents {
            openapi_3_1,
            openapi_3_0,
        })
    }

    /// The document of `version`.
    pub fn get(&self, version: Version) -> &Value {
        match version {
            Version::V3_1 => &self.openapi_3_1,
            Version::V3_0 => &self.openapi_3_0,
        }
    }

    /// The document of `version` as the text of its committed file, in `format`.
    ///
    /// # Errors
    ///
    /// [`DocumentError::Render`] when it cannot be written.
    pub fn text(&self, version: Version, format: Format) -> Result<String, DocumentError> {
        Ok(bluetape_model::render::text(self.get(version), format)?)
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use bluetape_model::render::{DOCUMENTS, GENERATED_MARKER};
    use rust_decimal::Decimal;

    use super::*;

    #[test]
    fn every_document_ends_with_one_newline_and_carries_the_marker() {
        for (version, format) in DOCUMENTS {
            let text = render(version, format).unwrap();
            assert!(
                text.ends_with('\n') && !text.ends_with("\n\n"),
                "{version} {format:?}"
            );
            assert!(
                text.lines()
                    .take(2)
                    .any(|line| line.contains(GENERATED_MARKER))
            );
        }
    }

    #[test]
    fn yaml_carries_the_same_document_as_json() {
        for version in [Version::V3_1, Version::V3_0] {
            let from_yaml: Value =
                yaml_serde::from_str(&render(version, Format::Yaml).unwrap()).unwrap();
            let from_json: Value =
                serde_json::from_str(&render(version, Format::Json).unwrap()).unwrap();
            let mut from_json_unmarked = from_json.clone();
            from_json_unmarked
                .as_object_mut()
                .unwrap()
                .shift_remove("x-generated");
            // Compare numbers by value: YAML re-reads 888.33 as a float, JSON as exact text.
            assert_eq!(
                serde_json::to_string(&normalize(&from_yaml)).unwrap(),
                serde_json::to_string(&normalize(&from_json_unmarked)).unwrap()
            );
        }
    }

    fn normalize(value: &Value) -> Value {
        match value {
            Value::Number(number) => Value::String(
                Decimal::from_str(&number.to_string())
                    .unwrap()
                    .normalize()
                    .to_string(),
            ),
            Value::Array(items) => Value::Array(items.iter().map(normalize).collect()),
            Value::Object(fields) => Value::Object(
                fields
                    .iter()
                    .map(|(k, v)| (k.clone(), normalize(v)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }
}
