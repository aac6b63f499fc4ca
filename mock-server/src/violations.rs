//! [`Violation`]: one way a proxied request or reply breaks the document, and
//! [`ViolationSummary`]: how many of each the proxy has seen, per operation and rule.

use std::sync::{Mutex, PoisonError};

pub use bluetape_mock_control::{Rule, Side, VIOLATIONS_HEADER, Violation, ViolationSummary};

/// The running counts behind [`ViolationSummary`].
#[derive(Debug, Default)]
pub(crate) struct Counts(Mutex<ViolationSummary>);

impl Counts {
    pub(crate) fn add(&self, operation: &str, violations: &[Violation]) {
        let mut summary = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        summary.exchanges += 1;
        for violation in violations {
            summary.total += 1;
            *summary
                .by_operation
                .entry(operation.to_owned())
                .or_default()
                .entry(violation.rule.name().to_owned())
                .or_default() += 1;
        }
    }

    pub(crate) fn summary(&self) -> ViolationSummary {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub(crate) fn clear(&self) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = ViolationSummary::default();
    }
}

/// The violations as the value of [`VIOLATIONS_HEADER`]: compact JSON, with every character
/// outside printable ASCII escaped, as a header value must be.
pub(crate) fn header_value(violations: &[Violation]) -> String {
    let json = serde_json::to_string(violations).unwrap_or_else(|_| "[]".to_owned());
    let mut value = String::with_capacity(json.len());
    for character in json.chars() {
        if character.is_ascii() && !character.is_ascii_control() {
            value.push(character);
        } else {
            let mut units = [0u16; 2];
            for unit in character.encode_utf16(&mut units) {
                value.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_value_is_printable_ascii_json() {
        let violations = vec![Violation::new(
            Side::Response,
            Rule::ResponseBody,
            "/blueTapeId",
            "\"é\" is not of type \"number\"\n",
        )];
        let value = header_value(&violations);
        assert!(
            value.bytes().all(|byte| (0x20..0x7f).contains(&byte)),
            "{value}"
        );
        let parsed: Vec<Violation> = serde_json::from_str(&value).unwrap();
        assert_eq!(parsed, violations);
        assert!(
            value.contains("\"where\":\"response\"")
                && value.contains("\"rule\":\"response-body\"")
        );
    }

    #[test]
    fn the_summary_counts_per_operation_and_rule() {
        let counts = Counts::default();
        let violation = Violation::new(Side::Response, Rule::ContentType, "", "text/plain");
        counts.add("createCompany", &[violation.clone(), violation]);
        counts.add("createCompany", &[]);
        let summary = counts.summary();
        assert_eq!((summary.total, summary.exchanges), (2, 2));
        assert_eq!(summary.by_operation["createCompany"]["content-type"], 2);
        counts.clear();
        assert_eq!(counts.summary(), ViolationSummary::default());
    }
}
