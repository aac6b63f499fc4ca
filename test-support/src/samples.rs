//! Valid sample bodies, as bluetape-client's builders, so that each test changes only what it tests.

use bluetape_client::{chrono, types};

/// The date-time of the samples.
pub fn date() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2023-01-04T09:47:57.477Z")
        .expect("an RFC 3339 literal")
        .to_utc()
}

/// A customer with `id`, for `createCustomer`.
pub fn customer(id: &str) -> types::builder::Customer {
    types::Customer::builder()
        .id(id)
        .first_name("John")
        .last_name("Doe")
        .email_address("john.doe@example.com")
        .cell_phone_number("+11234567890")
        .source_modified_date(date())
}

/// [`customer`] as the JSON body a server receives (for tests that send bodies by hand).
pub fn customer_json(id: &str) -> serde_json::Value {
    let customer: types::Customer = customer(id)
        .try_into()
        .expect("the sample customer is valid");
    serde_json::to_value(customer).expect("a customer serializes")
}

/// A customer with `id`, created with its company: the contact of [`customer`], without
/// `companyId` (the enclosing company is its company).
pub fn attached(id: &str) -> types::CompanyCustomer {
    let customer: types::Customer = customer(id)
        .try_into()
        .expect("the sample customer is valid");
    serde_json::to_value(customer)
        .and_then(serde_json::from_value)
        .expect("a customer without companyId is a company's customer")
}

/// A company with `id` and no customer.
pub fn company(id: &str) -> types::builder::Company {
    types::Company::builder()
        .id(id)
        .business_name("Acme Inc.")
        .business_address("1400 24th Ave, San Francisco, CA 94122, USA")
        .source_modified_date(date())
}

/// New details for a customer, for `updateCustomer`.
pub fn update() -> types::builder::CustomerUpdate {
    types::CustomerUpdate::builder()
        .first_name("Mary")
        .last_name("Smith")
        .email_address("mary.smith@example.com")
        .cell_phone_number("+11678902345")
        .source_modified_date(date())
}
