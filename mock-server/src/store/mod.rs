//! [`Store`]: the mock's records (companies, customers, links, issued ids and sign-up URLs). In
//! memory by default; with `--state` in a database that outlives the mock: SQLite at a path, or
//! PostgreSQL, which several mocks share.
//!
//! The API's rules are written once ([`rules`]) over what every backend offers ([`Tables`]), each
//! operation one transaction: under memory's lock, SQLite's `BEGIN IMMEDIATE`, or PostgreSQL's
//! `SERIALIZABLE` (retried on a conflict between mocks). A reply is sent once its transaction has
//! committed: on a database, a `2xx` means the record is on disk.

mod ids;
mod memory;
mod postgres;
mod records;
mod rules;
mod sql;
mod sqlite;
mod tables;

use std::sync::{Mutex, PoisonError};

use bluetape_model::{
    BlueTapeIntegrationResult, Company, CompanyCreated, Customer, CustomerCreated, CustomerUpdate,
    SignUpDetails,
};

pub use self::records::{
    CompanyRecord, CustomerRecord, Issued, IssuedToCompany, IssuedToCustomer, StateError,
    StoreError,
};
use self::tables::Tables;

/// Where the records are kept.
enum Backing {
    Memory(Mutex<memory::Records>),
    // Boxed: a database's connection is much larger than memory's lock and maps.
    Sqlite(Box<sqlite::Database>),
    Postgres(Box<postgres::Database>),
}

/// The mock's state: companies, customers and the ids it has issued.
pub struct Store {
    backing: Backing,
}

impl Default for Store {
    /// An empty store in memory.
    fn default() -> Self {
        Store {
            backing: Backing::Memory(Mutex::default()),
        }
    }
}

impl std::fmt::Debug for Store {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Store")
            .field("state", &self.describe())
            .finish()
    }
}

impl Store {
    /// The store kept in `state`: a `postgres://` (or `postgresql://`) URL, or the path of a
    /// SQLite file, created if missing. The tables are created if the database has none.
    ///
    /// # Errors
    ///
    /// [`StateError`] naming the state when it cannot be reached or opened, is not a database, or
    /// holds another version of the mock's tables.
    pub fn open(state: &str) -> Result<Store, StateError> {
        let backing = if postgres::is_url(state) {
            Backing::Postgres(Box::new(off_the_runtime(|| {
                postgres::Database::connect(state)
            })?))
        } else {
            Backing::Sqlite(Box::new(sqlite::Database::open(std::path::Path::new(
                state,
            ))?))
        };
        Ok(Store { backing })
    }

    /// Where the records are kept, for people: `memory`, `SQLite at PATH`, `PostgreSQL at
    /// HOST/DATABASE` (never a password).
    pub fn describe(&self) -> String {
        match &self.backing {
            Backing::Memory(_) => "memory".to_owned(),
            Backing::Sqlite(database) => database.describe(),
            Backing::Postgres(database) => database.describe(),
        }
    }

    /// The stored company `id`, if any (`None` too when the database fails; see
    /// [`Store::try_company`]).
    pub fn company(&self, id: &str) -> Option<CompanyRecord> {
        self.try_company(id).ok().flatten()
    }

    /// The stored company `id`, if any.
    ///
    /// # Errors
    ///
    /// [`StoreError::Unavailable`] when the database fails.
    pub fn try_company(&self, id: &str) -> Result<Option<CompanyRecord>, StoreError> {
        self.transact(|tables| tables.company_record(id))
    }

    /// The stored customer `id`, if any (`None` too when the database fails; see
    /// [`Store::try_customer`]).
    pub fn customer(&self, id: &str) -> Option<CustomerRecord> {
        self.try_customer(id).ok().flatten()
    }

    /// The stored customer `id`, if any.
    ///
    /// # Errors
    ///
    /// [`StoreError::Unavailable`] when the database fails.
    pub fn try_customer(&self, id: &str) -> Result<Option<CustomerRecord>, StoreError> {
        self.transact(|tables| tables.customer_record(id))
    }

    /// Forgets every company and customer. The ids issued after are still new ones.
    ///
    /// # Errors
    ///
    /// [`StoreError::Unavailable`] when the database fails (nothing is forgotten).
    pub fn clear(&self) -> Result<(), StoreError> {
        self.transact(|tables| tables.clear())
    }

    /// How many companies and customers are stored (`(0, 0)` too when the database fails; see
    /// [`Store::try_counts`]).
    pub fn counts(&self) -> (usize, usize) {
        self.try_counts().unwrap_or_default()
    }

    /// How many companies and customers are stored.
    ///
    /// # Errors
    ///
    /// [`StoreError::Unavailable`] when the database fails.
    pub fn try_counts(&self) -> Result<(usize, usize), StoreError> {
        self.transact(|tables| tables.counts())
    }

    /// `createCompany`: the company and its customer (at most one), atomically.
    ///
    /// # Errors
    ///
    /// 409 if the company or its customer exists; 400 for more than one customer.
    pub fn create_company(&self, company: Company) -> Result<CompanyCreated, StoreError> {
        self.transact_with(company, rules::create_company)
    }

    /// `createCustomer`, linked to `companyId`'s company if set.
    ///
    /// # Errors
    ///
    /// 404 if the company does not exist (checked first), 409 if the customer exists or the
    /// company has a customer already.
    pub fn create_customer(&self, customer: Customer) -> Result<CustomerCreated, StoreError> {
        self.transact_with(customer, rules::create_customer)
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
    ) -> Result<BlueTapeIntegrationResult, StoreError> {
        self.transact_with(update, |tables, update| {
            rules::update_customer(tables, id, update)
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
    ) -> Result<BlueTapeIntegrationResult, StoreError> {
        self.transact(|tables| rules::link(tables, company_id, customer_id))
    }

    /// `getCustomerSignup`.
    ///
    /// # Errors
    ///
    /// 404 if the customer does not exist.
    pub fn sign_up(&self, customer_id: &str) -> Result<SignUpDetails, StoreError> {
        self.transact(|tables| rules::sign_up(tables, customer_id))
    }

    /// Creates `companies` (each with its customers), then `customers`, by the API's rules, then
    /// gives them the ids and sign-up URLs of `issued`, in one transaction: all are stored, or
    /// none (on a database; a memory store is left with those before the refused one). The
    /// refusal names the record by its place: `/companies/2`, `/issued/customers/cu1`.
    ///
    /// # Errors
    ///
    /// [`Refused`]: the first record refused, and why.
    pub(crate) fn create_all(
        &self,
        companies: &[Company],
        customers: &[Customer],
        issued: &Issued,
    ) -> Result<(), Refused> {
        self.transact(|tables| {
            for (index, company) in companies.iter().enumerate() {
                rules::create_company(tables, company.clone())
                    .map_err(|error| Refused::at(format!("/companies/{index}"), error))?;
            }
            for (index, customer) in customers.iter().enumerate() {
                rules::create_customer(tables, customer.clone())
                    .map_err(|error| Refused::at(format!("/customers/{index}"), error))?;
            }
            let missing = |kind: &str, id: &str| {
                Refused::at(
                    format!("/issued/{kind}/{id}"),
                    StoreError::Unavailable(format!(
                        "the seed has no record {id} among its {kind}"
                    )),
                )
            };
            for (id, given) in &issued.companies {
                if !tables.keep_company_issued(id, &given.blue_tape_id)? {
                    return Err(missing("companies", id));
                }
            }
            for (id, given) in &issued.customers {
                let kept = tables.keep_customer_issued(
                    id,
                    given.blue_tape_id.as_deref(),
                    given.sign_up_url.as_deref(),
                )?;
                if !kept {
                    return Err(missing("customers", id));
                }
            }
            Ok(())
        })
    }

    /// Runs `work` on `value` as one transaction ([`Store::transact`]). Memory runs it once and
    /// hands `value` over; a database hands a copy to each run, since PostgreSQL may run it again.
    fn transact_with<V: Clone + Send + Sync, T: Send>(
        &self,
        value: V,
        work: impl Fn(&mut dyn Tables, V) -> Result<T, StoreError> + Send + Sync,
    ) -> Result<T, StoreError> {
        match &self.backing {
            Backing::Memory(records) => work(
                &mut *records.lock().unwrap_or_else(PoisonError::into_inner),
                value,
            ),
            Backing::Sqlite(_) | Backing::Postgres(_) => {
                self.transact(|tables| work(tables, value.clone()))
            }
        }
    }

    /// Runs `work` as one transaction: it commits when `work` succeeds and rolls back when it
    /// fails. Memory needs no rollback: the rules check everything before they write, and a
    /// write to memory cannot fail. PostgreSQL runs `work` again on a conflict with another mock.
    fn transact<T: Send, E: From<StoreError> + Send>(
        &self,
        mut work: impl FnMut(&mut dyn Tables) -> Result<T, E> + Send,
    ) -> Result<T, E> {
        match &self.backing {
            Backing::Memory(records) => {
                // No code path panics while holding the lock; if one ever did, the records are
                // still whole.
                let mut records = records.lock().unwrap_or_else(PoisonError::into_inner);
                work(&mut *records)
            }
            Backing::Sqlite(database) => off_the_runtime(|| database.transact(work)),
            Backing::Postgres(database) => off_the_runtime(|| database.transact(work)),
        }
    }
}

/// A record that [`Store::create_all`] could not store: where it is, and why.
#[derive(Debug)]
pub(crate) struct Refused {
    /// Its JSON pointer in the records given (empty when the database failed as a whole).
    pub(crate) pointer: String,
    /// Why.
    pub(crate) error: StoreError,
}

impl Refused {
    fn at(pointer: String, error: StoreError) -> Self {
        Refused { pointer, error }
    }
}

impl From<StoreError> for Refused {
    fn from(error: StoreError) -> Self {
        Refused::at(String::new(), error)
    }
}

/// Runs `work`, which waits on a database, where it stalls no other request: on a worker of
/// tokio's multi-threaded runtime, `block_in_place`; on a single-threaded one, another thread
/// (the PostgreSQL driver runs a runtime of its own, which cannot start inside another); outside
/// a runtime, here.
fn off_the_runtime<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    use tokio::runtime::{Handle, RuntimeFlavor};
    match Handle::try_current() {
        Ok(handle) if handle.runtime_flavor() == RuntimeFlavor::MultiThread => {
            tokio::task::block_in_place(work)
        }
        Ok(_) => std::thread::scope(|scope| match scope.spawn(work).join() {
            Ok(result) => result,
            Err(panic) => std::panic::resume_unwind(panic),
        }),
        Err(_) => work(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cleared_store_issues_new_ids() {
        let store = Store::default();
        let customer = Customer {
            company_id: None,
            ..Customer::example()
        };
        let created = store
            .create_customer(customer.clone())
            .expect("a new customer");
        store.clear().expect("memory clears");
        let again = store
            .create_customer(customer)
            .expect("the store is empty again");
        assert_ne!(created.blue_tape_id, again.blue_tape_id);
    }
}
