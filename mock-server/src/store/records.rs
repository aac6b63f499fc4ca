//! What the store hands out: its records, and why an operation or a `--state` failed.

use std::collections::BTreeMap;

use bluetape_model::{Company, Customer, DocumentedError, SignUpDetails};

/// A stored company. `company.customers` is empty: customers are stored on their own, linked by
/// [`customer_id`](CompanyRecord::customer_id).
#[derive(Debug, Clone, PartialEq)]
pub struct CompanyRecord {
    /// The company as created.
    pub company: Company,
    /// The id BlueTape gave it.
    pub blue_tape_id: String,
    /// The customer attached to it, if any (at most one).
    pub customer_id: Option<String>,
}

/// A stored customer. `customer.company_id` is the company it is linked to, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerRecord {
    /// The customer as created, then updated.
    pub customer: Customer,
    /// The id BlueTape gave it.
    pub blue_tape_id: String,
    /// Its dedicated sign-up URL, fixed at creation.
    pub sign_up: SignUpDetails,
}

/// Why an operation on the store did not succeed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// The API's documented refusal (404, 409, 400), as the real API answers it.
    #[error("{}", .0.body().reason)]
    Documented(DocumentedError),
    /// The database holding the state failed (lost, full, refusing): nothing was stored, and the
    /// mock answers 503 with this reason, never a success it could not keep.
    #[error("the mock's state database is unavailable: {0}")]
    Unavailable(String),
}

impl From<DocumentedError> for StoreError {
    fn from(error: DocumentedError) -> Self {
        StoreError::Documented(error)
    }
}

impl StoreError {
    /// What a refusal says: the documented reason, or why the database failed.
    pub fn reason(&self) -> String {
        self.to_string()
    }
}

/// A `--state` that cannot be opened: the mock stops at start, naming it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot use the state {state}: {message}")]
pub struct StateError {
    /// The state as given, its password hidden.
    pub state: String,
    /// What is wrong.
    pub message: String,
}

/// The ids and sign-up URLs the real API issued, by record id: what a seed recorded through the
/// proxy (`bluetape-mock proxy --record FILE`) carries beside the records, so that a mock seeded
/// with it answers with the same ones.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Issued {
    /// By company id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub companies: BTreeMap<String, IssuedToCompany>,
    /// By customer id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub customers: BTreeMap<String, IssuedToCustomer>,
}

/// What the real API issued to a company.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IssuedToCompany {
    /// Its BlueTape id.
    pub blue_tape_id: String,
}

/// What the real API issued to a customer (a customer created with its company gets a sign-up URL
/// but no BlueTape id in the reply).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IssuedToCustomer {
    /// Its BlueTape id, when the reply gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blue_tape_id: Option<String>,
    /// Its sign-up URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_up_url: Option<String>,
}
