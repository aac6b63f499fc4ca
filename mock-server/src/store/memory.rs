//! [`Records`]: the records in memory (the default), behind the store's one lock, so that every
//! operation, even one that touches a company and its customer, is atomic under concurrency.

use bluetape_model::{Company, Customer, CustomerDetails, SignUpDetails};

use super::ids::{IdSequence, KeptId, KeptSignUp};
use super::records::{CompanyRecord, CustomerRecord, StoreError};
use super::tables::{CompanyLink, Tables};
use crate::sharded_map::{Keyed, ShardedMap};

/// A company as memory keeps it: what it issued as numbers, written out only when read. Every
/// record is memory the mock touches for the first time, which costs more than writing ids out
/// again (`cargo xtask bench`'s create-customer grows the store by tens of MB a second).
#[derive(Debug)]
struct StoredCompany {
    company: Company,
    blue_tape_id: KeptId,
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

/// A customer as memory keeps it (see [`StoredCompany`]).
#[derive(Debug)]
struct StoredCustomer {
    customer: Customer,
    blue_tape_id: KeptId,
    sign_up: KeptSignUp,
}

impl StoredCustomer {
    fn record(&self) -> CustomerRecord {
        CustomerRecord {
            customer: self.customer.clone(),
            blue_tape_id: self.blue_tape_id.to_string(),
            sign_up: self.sign_up.details(),
        }
    }
}

impl Keyed for StoredCustomer {
    fn key(&self) -> &str {
        &self.customer.id
    }
}

/// The records in memory, and the ids issued.
#[derive(Debug, Default)]
pub(super) struct Records {
    companies: ShardedMap<StoredCompany>,
    customers: ShardedMap<StoredCustomer>,
    ids: IdSequence,
}

impl Tables for Records {
    fn company(&mut self, id: &str) -> Result<Option<CompanyLink>, StoreError> {
        Ok(self.companies.get(id).map(|company| CompanyLink {
            blue_tape_id: company.blue_tape_id.to_string(),
            customer_id: company.customer_id.clone(),
        }))
    }

    fn customer_exists(&mut self, id: &str) -> Result<bool, StoreError> {
        Ok(self.customers.contains_key(id))
    }

    fn insert_company(&mut self, company: Company) -> Result<String, StoreError> {
        let blue_tape_id = KeptId::Issued(self.ids.next());
        let issued = blue_tape_id.to_string();
        // The rules checked that the id is free, under the same lock.
        if let Some(vacant) = self.companies.vacant(&company.id) {
            vacant.insert(Box::new(StoredCompany {
                company,
                blue_tape_id,
                customer_id: None,
            }));
        }
        Ok(issued)
    }

    fn insert_customer(
        &mut self,
        customer: Customer,
    ) -> Result<(String, SignUpDetails), StoreError> {
        let blue_tape_id = KeptId::Issued(self.ids.next());
        let issued = (blue_tape_id.to_string(), KeptSignUp::new());
        if let Some(company_id) = &customer.company_id
            && let Some(company) = self.companies.get_mut(company_id)
        {
            company.customer_id = Some(customer.id.clone());
        }
        if let Some(vacant) = self.customers.vacant(&customer.id) {
            vacant.insert(Box::new(StoredCustomer {
                customer,
                blue_tape_id,
                sign_up: issued.1.clone(),
            }));
        }
        Ok((issued.0, issued.1.details()))
    }

    fn link(&mut self, company_id: &str, customer_id: &str) -> Result<(), StoreError> {
        let previous = self
            .customers
            .get_mut(customer_id)
            .and_then(|customer| customer.customer.company_id.replace(company_id.to_owned()));
        if let Some(previous) = previous.and_then(|id| self.companies.get_mut(&id)) {
            previous.customer_id = None;
        }
        if let Some(company) = self.companies.get_mut(company_id) {
            company.customer_id = Some(customer_id.to_owned());
        }
        Ok(())
    }

    fn update_details(
        &mut self,
        id: &str,
        details: CustomerDetails,
    ) -> Result<Option<String>, StoreError> {
        Ok(self.customers.get_mut(id).map(|stored| {
            stored.customer.details = details;
            stored.blue_tape_id.to_string()
        }))
    }

    fn sign_up(&mut self, id: &str) -> Result<Option<SignUpDetails>, StoreError> {
        Ok(self
            .customers
            .get(id)
            .map(|stored| stored.sign_up.details()))
    }

    fn company_record(&mut self, id: &str) -> Result<Option<CompanyRecord>, StoreError> {
        Ok(self.companies.get(id).map(StoredCompany::record))
    }

    fn customer_record(&mut self, id: &str) -> Result<Option<CustomerRecord>, StoreError> {
        Ok(self.customers.get(id).map(StoredCustomer::record))
    }

    fn counts(&mut self) -> Result<(usize, usize), StoreError> {
        Ok((self.companies.len(), self.customers.len()))
    }

    fn keep_company_issued(&mut self, id: &str, blue_tape_id: &str) -> Result<bool, StoreError> {
        Ok(self
            .companies
            .get_mut(id)
            .map(|company| company.blue_tape_id = KeptId::Given(blue_tape_id.into()))
            .is_some())
    }

    fn keep_customer_issued(
        &mut self,
        id: &str,
        blue_tape_id: Option<&str>,
        sign_up_url: Option<&str>,
    ) -> Result<bool, StoreError> {
        let Some(customer) = self.customers.get_mut(id) else {
            return Ok(false);
        };
        if let Some(blue_tape_id) = blue_tape_id {
            customer.blue_tape_id = KeptId::Given(blue_tape_id.into());
        }
        if let Some(url) = sign_up_url {
            customer.sign_up = KeptSignUp::Given(url.into());
        }
        Ok(true)
    }

    fn clear(&mut self) -> Result<(), StoreError> {
        self.companies.clear();
        self.customers.clear();
        Ok(())
    }
}
