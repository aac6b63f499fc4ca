//! [`Store`]: the mock's in-memory records, behind one lock so that every operation, even one that
//! touches a company and its customer, is atomic under concurrency.

use std::fmt;
use std::sync::{Mutex, PoisonError};

use bluetape_model::{
    BlueTapeIntegrationResult, Company, CompanyCreated, Customer, CustomerSignUpUrl,
    CustomerUpdate, DocumentedError, SignUpDetails,
};

use crate::sharded_map::{Keyed, ShardedMap};

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

/// A company as the store keeps it: what it issued as numbers, written out only when read. Every
/// record is memory the mock touches for the first time, which costs more than writing ids out
/// again (`cargo xtask bench`'s create-customer grows the store by tens of MB a second).
#[derive(Debug)]
struct StoredCompany {
    company: Company,
    blue_tape_id: BlueTapeId,
    customer_id: Option<String>,
}

impl StoredCompany {
    fn record(&self) -> CompanyRecord {
        CompanyRecord {
            company: self.company.clone(),
            blue_tape_id: self.blue_tape_id.to_string(),
            customer_id: self.customer_id.clone(),
        }
    }
}

impl Keyed for StoredCompany {
    fn key(&self) -> &str {
        &self.company.id
    }
}

/// A customer as the store keeps it (see [`StoredCompany`]).
#[derive(Debug)]
struct StoredCustomer {
    customer: Customer,
    blue_tape_id: BlueTapeId,
    sign_up_token: u64,
}

impl StoredCustomer {
    /// A new customer's record, with a sign-up token of its own.
    fn new(customer: Customer, blue_tape_id: BlueTapeId) -> Box<StoredCustomer> {
        Box::new(StoredCustomer {
            customer,
            blue_tape_id,
            sign_up_token: fastrand::u64(..),
        })
    }

    fn record(&self) -> CustomerRecord {
        CustomerRecord {
            customer: self.customer.clone(),
            blue_tape_id: self.blue_tape_id.to_string(),
            sign_up: self.sign_up(),
        }
    }

    fn sign_up(&self) -> SignUpDetails {
        SignUpDetails {
            sign_up_url: format!(
                "https://www.bluetape.com/signup?id={:016x}",
                self.sign_up_token
            ),
        }
    }
}

impl Keyed for StoredCustomer {
    fn key(&self) -> &str {
        &self.customer.id
    }
}

#[derive(Debug, Default)]
struct Records {
    companies: ShardedMap<StoredCompany>,
    customers: ShardedMap<StoredCustomer>,
    ids: IdSequence,
}

/// The mock's state: companies, customers and the ids it has issued.
#[derive(Debug, Default)]
pub struct Store {
    records: Mutex<Records>,
}

/// A BlueTape id the store issued: 48 bits, written as 12 hex digits, as in the docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct BlueTapeId(u64);

impl fmt::Display for BlueTapeId {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{:012x}", self.0)
    }
}

/// BlueTape ids that look random and never repeat, with no set of issued ids to search: the n-th
/// id is n scrambled by a permutation of the 48-bit integers, keyed per store so that two mocks
/// issue different ids.
#[derive(Debug)]
struct IdSequence {
    issued: u64,
    key: u64,
}

impl Default for IdSequence {
    fn default() -> Self {
        IdSequence {
            issued: 0,
            key: fastrand::u64(..),
        }
    }
}

impl IdSequence {
    const BITS: u32 = 48;
    const MASK: u64 = (1 << Self::BITS) - 1;

    fn next(&mut self) -> BlueTapeId {
        let id = Self::scramble(self.issued, self.key);
        // 2^48 ids: at a million a second, nine years of one mock.
        self.issued = (self.issued + 1) & Self::MASK;
        BlueTapeId(id)
    }

    /// A bijection of the 48-bit integers: each step is one (a xor, a product by an odd number
    /// modulo 2^48, a xor with the value shifted right), so distinct inputs give distinct ids.
    fn scramble(n: u64, key: u64) -> u64 {
        let mut x = (n ^ key) & Self::MASK;
        x = x.wrapping_mul(0x9E37_79B9_7F4B) & Self::MASK;
        x ^= x >> 24;
        x = x.wrapping_mul(0xC2B2_AE3D_27D5) & Self::MASK;
        x ^= x >> 21;
        x
    }
}

impl Store {
    /// The stored company `id`, if any.
    pub fn company(&self, id: &str) -> Option<CompanyRecord> {
        self.lock().companies.get(id).map(StoredCompany::record)
    }

    /// The stored customer `id`, if any.
    pub fn customer(&self, id: &str) -> Option<CustomerRecord> {
        self.lock().customers.get(id).map(StoredCustomer::record)
    }

    /// Forgets every company and customer. The ids issued after are still new ones.
    pub fn clear(&self) {
        let mut records = self.lock();
        records.companies.clear();
        records.customers.clear();
    }

    /// How many companies and customers are stored.
    pub fn counts(&self) -> (usize, usize) {
        let records = self.lock();
        (records.companies.len(), records.customers.len())
    }

    /// `createCompany`: the company and its customer (at most one), atomically.
    ///
    /// # Errors
    ///
    /// 409 if the company or its customer exists.
    pub fn create_company(&self, mut company: Company) -> Result<CompanyCreated, DocumentedError> {
        let mut guard = self.lock();
        let records = &mut *guard;
        let Some(vacant_company) = records.companies.vacant(&company.id) else {
            return Err(DocumentedError::CompanyExists);
        };
        if company.has_too_many_customers() {
            return Err(DocumentedError::TooManyCustomers);
        }
        let company_customers = company.customers.take().unwrap_or_default();
        if company_customers
            .iter()
            .any(|customer| records.customers.contains_key(&customer.id))
        {
            return Err(DocumentedError::CustomerExists);
        }
        let blue_tape_id = records.ids.next();
        let mut sign_up_urls = Vec::with_capacity(company_customers.len());
        let mut customer_id = None;
        for customer in company_customers {
            let customer = customer.into_customer(&company.id);
            // Checked above, under the same lock: the place is free.
            let vacant = records
                .customers
                .vacant(&customer.id)
                .ok_or(DocumentedError::CustomerExists)?;
            let stored = vacant.insert(StoredCustomer::new(customer, records.ids.next()));
            sign_up_urls.push(CustomerSignUpUrl {
                customer_id: stored.customer.id.clone(),
                sign_up: stored.sign_up(),
            });
            customer_id = Some(stored.customer.id.clone());
        }
        vacant_company.insert(Box::new(StoredCompany {
            company,
            blue_tape_id,
            customer_id,
        }));
        Ok(CompanyCreated {
            blue_tape_id: blue_tape_id.to_string(),
            sign_up_urls,
        })
    }

    /// `createCustomer`, linked to `companyId`'s company if set.
    ///
    /// # Errors
    ///
    /// 404 if the company does not exist (checked first), 409 if the customer exists or the
    /// company has a customer already.
    pub fn create_customer(
        &self,
        customer: Customer,
    ) -> Result<bluetape_model::CustomerCreated, DocumentedError> {
        let mut guard = self.lock();
        let records = &mut *guard;
        // A reference to something missing is a 404 whatever the state of the rest.
        let company_has_a_customer = match &customer.company_id {
            Some(company_id) => records.company(company_id)?.customer_id.is_some(),
            None => false,
        };
        let Some(vacant) = records.customers.vacant(&customer.id) else {
            return Err(DocumentedError::CustomerExists);
        };
        if company_has_a_customer {
            return Err(DocumentedError::CompanyHasACustomer);
        }
        let stored = vacant.insert(StoredCustomer::new(customer, records.ids.next()));
        if let Some(company_id) = &stored.customer.company_id
            && let Some(company) = records.companies.get_mut(company_id)
        {
            company.customer_id = Some(stored.customer.id.clone());
        }
        Ok(bluetape_model::CustomerCreated {
            blue_tape_id: stored.blue_tape_id.to_string(),
            sign_up: stored.sign_up(),
        })
    }

    /// `updateCustomer`.
    ///
    /// # Errors
    ///
    /// 404 if the customer does not exist.
    pub fn update_customer(
        &self,
        id: &str,
        update: CustomerUpdate,
    ) -> Result<BlueTapeIntegrationResult, DocumentedError> {
        let mut records = self.lock();
        let record = records.customer_mut(id)?;
        record.customer.details = update.details;
        Ok(BlueTapeIntegrationResult {
            blue_tape_id: record.blue_tape_id.to_string(),
        })
    }

    /// `linkCompanyCustomer`: attaches the customer to the company (moving it from any other).
    /// Returns the company's BlueTape id.
    ///
    /// # Errors
    ///
    /// 404 if the company or the customer does not exist (checked first); 409 if the company has
    /// another customer.
    pub fn link(
        &self,
        company_id: &str,
        customer_id: &str,
    ) -> Result<BlueTapeIntegrationResult, DocumentedError> {
        let mut records = self.lock();
        let company = records.company(company_id)?;
        let blue_tape_id = company.blue_tape_id.to_string();
        // A reference to something missing is a 404 whatever the state of the rest: an unknown
        // customer is "not found" even when the company has a customer already.
        if !records.customers.contains_key(customer_id) {
            return Err(DocumentedError::CustomerNotFound);
        }
        match &company.customer_id {
            Some(linked) if linked == customer_id => {
                return Ok(BlueTapeIntegrationResult { blue_tape_id });
            }
            Some(_) => return Err(DocumentedError::CompanyHasACustomer),
            None => {}
        }
        let customer = records.customer_mut(customer_id)?;
        let previous = customer.customer.company_id.replace(company_id.to_owned());
        if let Some(previous) = previous.and_then(|id| records.companies.get_mut(&id)) {
            previous.customer_id = None;
        }
        if let Some(company) = records.companies.get_mut(company_id) {
            company.customer_id = Some(customer_id.to_owned());
        }
        Ok(BlueTapeIntegrationResult { blue_tape_id })
    }

    /// `getCustomerSignup`.
    ///
    /// # Errors
    ///
    /// 404 if the customer does not exist.
    pub fn sign_up(&self, customer_id: &str) -> Result<SignUpDetails, DocumentedError> {
        let records = self.lock();
        let record = records
            .customers
            .get(customer_id)
            .ok_or(DocumentedError::CustomerNotFound)?;
        Ok(record.sign_up())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Records> {
        // No code path panics while holding the lock; if one ever did, the records are still whole.
        self.records.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Records {
    /// The company `id`, or the API's 404.
    fn company(&self, id: &str) -> Result<&StoredCompany, DocumentedError> {
        self.companies
            .get(id)
            .ok_or(DocumentedError::CompanyNotFound)
    }

    /// The customer `id`, to change, or the API's 404.
    fn customer_mut(&mut self, id: &str) -> Result<&mut StoredCustomer, DocumentedError> {
        self.customers
            .get_mut(id)
            .ok_or(DocumentedError::CustomerNotFound)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn ids_never_repeat_and_look_random() {
        let mut ids = IdSequence::default();
        let issued: Vec<String> = (0..1_000_000).map(|_| ids.next().to_string()).collect();
        assert!(issued.iter().all(|id| id.len() == 12));
        assert_eq!(issued.iter().collect::<HashSet<_>>().len(), issued.len());
        // Consecutive ids share no obvious prefix: the sequence is scrambled, not counted.
        let shared_prefixes = issued
            .windows(2)
            .filter(|pair| pair[0][..6] == pair[1][..6])
            .count();
        assert!(shared_prefixes < 100, "{shared_prefixes}");
    }

    #[test]
    fn the_scramble_is_a_bijection_on_a_small_range_of_the_full_width() {
        // Distinct inputs anywhere in the 48 bits, including the top, map to distinct outputs.
        let top = IdSequence::MASK;
        let inputs = (0..100_000).chain(top - 100_000..=top);
        let outputs: HashSet<u64> = inputs
            .clone()
            .map(|n| IdSequence::scramble(n, 0x1234_5678_9abc))
            .collect();
        assert_eq!(outputs.len(), inputs.count());
        assert!(outputs.iter().all(|&id| id <= IdSequence::MASK));
    }

    #[test]
    fn two_stores_issue_different_ids_and_a_cleared_store_issues_new_ones() {
        let (first, second) = (IdSequence::default(), IdSequence::default());
        assert_ne!(first.key, second.key);
        let store = Store::default();
        let customer = Customer {
            company_id: None,
            ..Customer::example()
        };
        let created = store
            .create_customer(customer.clone())
            .expect("a new customer");
        store.clear();
        let again = store
            .create_customer(customer)
            .expect("the store is empty again");
        assert_ne!(created.blue_tape_id, again.blue_tape_id);
    }
}
