//! [`Recorder`]: what the real API accepted through the proxy (`proxy --record FILE`), written as
//! a seed file that `bluetape-mock --seed FILE` starts from: the companies and customers it
//! created, updated and linked, with the ids and sign-up URLs it issued. Only a `2xx` is recorded,
//! and only request and reply bodies: never a header, so never a credential. The file is written
//! whole after each change (to a temporary file, then renamed), so that a proxy stopped at any
//! moment leaves a seed that loads.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use bluetape_model::{
    Company, CompanyCreated, Customer, CustomerCreated, CustomerLink, CustomerUpdate,
};
use serde::{Deserialize, Serialize};

use crate::endpoints::Endpoint;
use crate::store::{Issued, IssuedToCompany, IssuedToCustomer};

/// The seed being recorded, as the seed file holds it.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Recorded {
    #[serde(default, with = "by_id")]
    companies: BTreeMap<String, Company>,
    #[serde(default, with = "by_id")]
    customers: BTreeMap<String, Customer>,
    #[serde(default)]
    issued: Issued,
}

/// Records kept by id, written as the seed's arrays.
mod by_id {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// A record that has an id.
    pub(super) trait Identified {
        fn id(&self) -> &str;
    }

    impl Identified for bluetape_model::Company {
        fn id(&self) -> &str {
            &self.id
        }
    }

    impl Identified for bluetape_model::Customer {
        fn id(&self) -> &str {
            &self.id
        }
    }

    pub(super) fn serialize<T: Serialize, S: Serializer>(
        records: &BTreeMap<String, T>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(records.values())
    }

    pub(super) fn deserialize<'de, T, D>(deserializer: D) -> Result<BTreeMap<String, T>, D::Error>
    where
        T: Deserialize<'de> + Identified,
        D: Deserializer<'de>,
    {
        Ok(Vec::<T>::deserialize(deserializer)?
            .into_iter()
            .map(|record| (record.id().to_owned(), record))
            .collect())
    }
}

/// Records what the upstream accepted into a seed file.
#[derive(Debug)]
pub(crate) struct Recorder {
    path: PathBuf,
    recorded: Mutex<Recorded>,
}

impl Recorder {
    /// A recorder writing to `path`; a seed already there is read and recorded on (a recording
    /// goes on across proxy runs).
    pub(crate) fn open(path: &Path) -> Result<Self, String> {
        let recorded = match std::fs::read_to_string(path) {
            Ok(text) => serde_json::from_str(&text).map_err(|error| {
                format!(
                    "{} is not a seed this proxy recorded, to record on: {error}",
                    path.display()
                )
            })?,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Recorded::default(),
            Err(error) => return Err(format!("cannot read {}: {error}", path.display())),
        };
        let recorder = Recorder {
            path: path.to_path_buf(),
            recorded: Mutex::new(recorded),
        };
        // Written at once: a path that cannot be written is refused before the first request.
        recorder.write(&recorder.lock())?;
        Ok(recorder)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Recorded> {
        self.recorded.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Records what the operation of `endpoint` changed, given the request's path id
    /// (percent-decoded) and body and the upstream's `2xx` reply body. A read changes nothing.
    /// The match is over the mock's endpoints, so that an endpoint added to the mock must say
    /// what it records.
    ///
    /// # Errors
    ///
    /// Why it was not recorded: a body the document does not describe, a record created before
    /// the recording began, or a file that cannot be written.
    pub(crate) fn record(
        &self,
        endpoint: Endpoint,
        path_id: Option<&str>,
        request: &[u8],
        reply: &[u8],
    ) -> Result<(), String> {
        let mut recorded = self.lock();
        match endpoint {
            Endpoint::CreateCompany => {
                let mut company: Company = parse(request)?;
                let created: CompanyCreated = parse(reply)?;
                recorded.issued.companies.insert(
                    company.id.clone(),
                    IssuedToCompany {
                        blue_tape_id: created.blue_tape_id,
                    },
                );
                for customer in company.customers.take().unwrap_or_default() {
                    let customer = customer.into_customer(&company.id);
                    let sign_up_url = created
                        .sign_up_urls
                        .iter()
                        .find(|url| url.customer_id == customer.id)
                        .map(|url| url.sign_up.sign_up_url.clone());
                    recorded.issued.customers.insert(
                        customer.id.clone(),
                        IssuedToCustomer {
                            blue_tape_id: None,
                            sign_up_url,
                        },
                    );
                    recorded.customers.insert(customer.id.clone(), customer);
                }
                recorded.companies.insert(company.id.clone(), company);
            }
            Endpoint::CreateCustomer => {
                let customer: Customer = parse(request)?;
                let created: CustomerCreated = parse(reply)?;
                recorded.issued.customers.insert(
                    customer.id.clone(),
                    IssuedToCustomer {
                        blue_tape_id: Some(created.blue_tape_id),
                        sign_up_url: Some(created.sign_up.sign_up_url),
                    },
                );
                recorded.customers.insert(customer.id.clone(), customer);
            }
            Endpoint::UpdateCustomer => {
                let id = path_id.ok_or("updateCustomer without an id")?;
                let update: CustomerUpdate = parse(request)?;
                let customer = recorded
                    .customers
                    .get_mut(id)
                    .ok_or_else(|| before_the_recording("customer", id))?;
                customer.details = update.details;
            }
            Endpoint::LinkCompanyCustomer => {
                let company_id = path_id.ok_or("linkCompanyCustomer without an id")?;
                let link: CustomerLink = parse(request)?;
                if !recorded.companies.contains_key(company_id) {
                    return Err(before_the_recording("company", company_id));
                }
                let customer = recorded
                    .customers
                    .get_mut(&link.customer_id)
                    .ok_or_else(|| before_the_recording("customer", &link.customer_id))?;
                // The customer leaves the company it had: a seed links each customer once.
                customer.company_id = Some(company_id.to_owned());
            }
            Endpoint::GetCustomerSignup => return Ok(()),
        }
        self.write(&recorded)
    }

    /// Writes the whole seed: to a temporary file beside it, then renamed over it.
    fn write(&self, recorded: &Recorded) -> Result<(), String> {
        let mut text = serde_json::to_string_pretty(recorded)
            .map_err(|error| format!("cannot write the seed: {error}"))?;
        text.push('\n');
        let temporary = self.path.with_extension("recording");
        std::fs::write(&temporary, text)
            .and_then(|()| std::fs::rename(&temporary, &self.path))
            .map_err(|error| format!("cannot write {}: {error}", self.path.display()))
    }
}

fn parse<'a, T: Deserialize<'a>>(body: &'a [u8]) -> Result<T, String> {
    serde_json::from_slice(body)
        .map_err(|error| format!("a body the document does not describe: {error}"))
}

fn before_the_recording(kind: &str, id: &str) -> String {
    format!("the {kind} {id} was created before the recording began: not recorded")
}
