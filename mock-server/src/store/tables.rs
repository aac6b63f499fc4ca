//! [`Tables`]: what the API's rules ([`super::rules`]) ask of a place that keeps the records,
//! within one transaction: memory under its lock, SQLite, or PostgreSQL.

use bluetape_model::{Company, Customer, CustomerDetails, SignUpDetails};

use super::records::{CompanyRecord, CustomerRecord, StoreError};

/// A company as the rules see it: its BlueTape id and its customer, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CompanyLink {
    pub(super) blue_tape_id: String,
    pub(super) customer_id: Option<String>,
}

/// The records, read and changed within one transaction. A database's failure is
/// [`StoreError::Unavailable`]; memory never fails.
pub(super) trait Tables {
    /// The company `id`, if it exists.
    fn company(&mut self, id: &str) -> Result<Option<CompanyLink>, StoreError>;
    /// Whether the customer `id` exists.
    fn customer_exists(&mut self, id: &str) -> Result<bool, StoreError>;
    /// Stores `company` (its `customers` already taken out, none linked) and returns the BlueTape
    /// id issued to it.
    fn insert_company(&mut self, company: Company) -> Result<String, StoreError>;
    /// Stores `customer`, linked to its `company_id` if set (the company exists and has no
    /// customer: checked by the rules), and returns the BlueTape id and sign-up URL issued to it.
    fn insert_customer(
        &mut self,
        customer: Customer,
    ) -> Result<(String, SignUpDetails), StoreError>;
    /// Links the customer to the company (both exist, the company has no customer), unlinking it
    /// from the company it had, if any.
    fn link(&mut self, company_id: &str, customer_id: &str) -> Result<(), StoreError>;
    /// Replaces the customer's details; its BlueTape id, or `None` when it does not exist.
    fn update_details(
        &mut self,
        id: &str,
        details: CustomerDetails,
    ) -> Result<Option<String>, StoreError>;
    /// The customer's sign-up URL, if it exists.
    fn sign_up(&mut self, id: &str) -> Result<Option<SignUpDetails>, StoreError>;
    /// The whole company record, to inspect.
    fn company_record(&mut self, id: &str) -> Result<Option<CompanyRecord>, StoreError>;
    /// The whole customer record, to inspect.
    fn customer_record(&mut self, id: &str) -> Result<Option<CustomerRecord>, StoreError>;
    /// How many companies and customers are stored.
    fn counts(&mut self) -> Result<(usize, usize), StoreError>;
    /// Keeps `blue_tape_id`, which the real API issued, as the company's; `false` when there is
    /// no company `id`.
    fn keep_company_issued(&mut self, id: &str, blue_tape_id: &str) -> Result<bool, StoreError>;
    /// Keeps the BlueTape id and the sign-up URL the real API issued (those given) as the
    /// customer's; `false` when there is no customer `id`.
    fn keep_customer_issued(
        &mut self,
        id: &str,
        blue_tape_id: Option<&str>,
        sign_up_url: Option<&str>,
    ) -> Result<bool, StoreError>;
    /// Forgets every company and customer (the ids issued after are still new ones).
    fn clear(&mut self) -> Result<(), StoreError>;
}
