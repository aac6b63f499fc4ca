//! Seed data: companies and customers loaded before the mock serves its first request
//! (`bluetape-mock --seed FILE`).
//!
//! ```json
//! { "companies": [ <Company>, … ], "customers": [ <Customer>, … ], "issued": { … } }
//! ```
//!
//! `issued`, in a seed recorded through the proxy (`proxy --record FILE`), gives records the ids
//! and sign-up URLs the real API issued: `{"companies": {"<id>": {"blueTapeId": …}}, "customers":
//! {"<id>": {"blueTapeId": …, "signUpUrl": …}}}`.
//!
//! Each record is the body its create operation takes, validated against the same schema, then
//! stored by the same rules (companies first, with their customers; then customers, which may name
//! a company). The whole file loads or nothing does: the first problem is reported with its JSON
//! pointer.

use std::path::Path;

use bluetape_model::validation::BodyValidator;
use bluetape_model::{Company, Customer};
use serde_json::Value;

use serde::Deserialize;

use crate::store::{Issued, Store};

/// A seed file that cannot be loaded, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", if pointer.is_empty() { String::new() } else { format!("at {pointer}: ") })]
pub struct SeedError {
    /// The JSON pointer of the offending value (`/customers/1/emailAddress`), empty for the file
    /// as a whole.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
}

impl SeedError {
    fn at(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        SeedError {
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

impl Store {
    /// A store holding the records of the seed file at `path`.
    ///
    /// # Errors
    ///
    /// [`SeedError`] when the file cannot be read, or see [`Store::from_seed`].
    pub fn from_seed_file(path: &Path, validator: &BodyValidator) -> Result<Store, SeedError> {
        let text = std::fs::read_to_string(path).map_err(|error| {
            SeedError::at("", format!("cannot read {}: {error}", path.display()))
        })?;
        Store::from_seed(&text, validator)
    }

    /// A store holding the records of a seed document (see the docs of the `seed` module).
    ///
    /// # Errors
    ///
    /// [`SeedError`] with the pointer of the first value that is not valid JSON, breaks its
    /// schema, or is refused by the API's rules (a duplicate id, a company that does not exist or
    /// has a customer already).
    pub fn from_seed(text: &str, validator: &BodyValidator) -> Result<Store, SeedError> {
        let seed = parse(text)?;
        let companies = records::<Company>(&seed, "companies", validator)?;
        let customers = records::<Customer>(&seed, "customers", validator)?;
        let issued = issued(&seed)?;
        let store = Store::default();
        store.load(&companies, &customers, &issued)?;
        Ok(store)
    }

    /// Adds the records of the seed file at `path` to this store (a database's, at start), all of
    /// them or none.
    ///
    /// # Errors
    ///
    /// [`SeedError`] as [`Store::from_seed`]; nothing is stored.
    pub fn load_seed_file(&self, path: &Path, validator: &BodyValidator) -> Result<(), SeedError> {
        let text = std::fs::read_to_string(path).map_err(|error| {
            SeedError::at("", format!("cannot read {}: {error}", path.display()))
        })?;
        let seed = parse(&text)?;
        let companies = records::<Company>(&seed, "companies", validator)?;
        let customers = records::<Customer>(&seed, "customers", validator)?;
        self.load(&companies, &customers, &issued(&seed)?)
    }

    fn load(
        &self,
        companies: &[Company],
        customers: &[Customer],
        issued: &Issued,
    ) -> Result<(), SeedError> {
        self.create_all(companies, customers, issued)
            .map_err(|refused| SeedError::at(refused.pointer, refused.error.reason()))
    }
}

/// The seed document: a JSON object with `companies`, `customers` and `issued` only.
fn parse(text: &str) -> Result<Value, SeedError> {
    let seed: Value = serde_json::from_str(text).map_err(|error| {
        SeedError::at(
            "",
            format!(
                "not JSON (line {}, column {}): {error}",
                error.line(),
                error.column()
            ),
        )
    })?;
    let Value::Object(fields) = &seed else {
        return Err(SeedError::at(
            "",
            "expected an object with `companies` and `customers`",
        ));
    };
    if let Some(unknown) = fields
        .keys()
        .find(|key| !matches!(key.as_str(), "companies" | "customers" | "issued"))
    {
        return Err(SeedError::at(
            format!("/{unknown}"),
            "unknown member: a seed has `companies`, `customers` and `issued` only",
        ));
    }
    Ok(seed)
}

/// The ids and sign-up URLs under `issued` (a seed recorded through the proxy), if any.
fn issued(seed: &Value) -> Result<Issued, SeedError> {
    match seed.get("issued") {
        None => Ok(Issued::default()),
        Some(issued) => {
            Issued::deserialize(issued).map_err(|error| SeedError::at("/issued", error.to_string()))
        }
    }
}

/// The records under `member`, each valid against its schema, in order.
fn records<T: bluetape_model::utoipa::ToSchema + serde::de::DeserializeOwned>(
    seed: &Value,
    member: &str,
    validator: &BodyValidator,
) -> Result<Vec<T>, SeedError> {
    let items = match seed.get(member) {
        None => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(_) => return Err(SeedError::at(format!("/{member}"), "expected an array")),
    };
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let pointer = format!("/{member}/{index}");
            if let Some(violation) = validator.violations::<T>(item).into_iter().next() {
                return Err(SeedError::at(
                    format!("{pointer}{}", violation.pointer),
                    violation.message,
                ));
            }
            T::deserialize(item).map_err(|error| SeedError::at(pointer, error.to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// An example seed, for documentation and tests: one company with its customer, and one
    /// customer of its own.
    fn example_seed() -> Value {
        let mut company = serde_json::to_value(Company::example()).unwrap();
        let mut customer = serde_json::to_value(Customer::example()).unwrap();
        if let (Value::Object(company), Value::Object(customer)) = (&mut company, &mut customer) {
            company.remove("creditDetails");
            customer.remove("companyId");
            customer.insert("id".into(), json!("7ba4877cbf52"));
        }
        json!({ "companies": [company], "customers": [customer] })
    }

    fn validator() -> BodyValidator {
        BodyValidator::new().unwrap()
    }

    #[test]
    fn the_example_seed_loads_every_record() {
        let store = Store::from_seed(&example_seed().to_string(), &validator()).unwrap();
        assert_eq!(store.counts(), (1, 2));
        assert!(store.customer("7ba4877cbf52").is_some());
        assert_eq!(
            store
                .company("a0b9cedc32ce")
                .unwrap()
                .customer_id
                .as_deref(),
            Some("dc506b22c7fa")
        );
    }

    /// Why the example seed, with the value at `pointer` replaced by `value`, is refused.
    fn refusal_of_example_with(pointer: &str, value: serde_json::Value) -> SeedError {
        let mut seed = example_seed();
        *seed.pointer_mut(pointer).unwrap() = value;
        Store::from_seed(&seed.to_string(), &validator()).unwrap_err()
    }

    #[test]
    fn a_field_that_breaks_its_schema_is_named_by_pointer() {
        let error = refusal_of_example_with("/customers/0/emailAddress", json!("john.doe"));
        assert_eq!(error.pointer, "/customers/0/emailAddress");
        assert!(
            error
                .to_string()
                .starts_with("at /customers/0/emailAddress: "),
            "{error}"
        );
    }

    #[test]
    fn a_rule_the_api_enforces_is_named_by_record() {
        let error = refusal_of_example_with("/customers/0/id", json!("dc506b22c7fa"));
        assert_eq!(error.pointer, "/customers/0");
        assert!(error.message.contains("already exists"), "{error}");
    }

    #[test]
    fn malformed_json_and_unknown_members_are_refused() {
        let error = Store::from_seed("{\"companies\": [", &validator()).unwrap_err();
        assert!(error.message.starts_with("not JSON (line 1"), "{error}");
        let error = Store::from_seed("{\"companys\": []}", &validator()).unwrap_err();
        assert_eq!(error.pointer, "/companys");
        let error = Store::from_seed("{\"customers\": {}}", &validator()).unwrap_err();
        assert_eq!(error.pointer, "/customers");
    }
}
