//! The API's rules for each operation, written once over [`Tables`] whatever keeps the records: a
//! reference to something missing is a 404 before any conflict, a duplicate id a 409, a company
//! has at most one customer.

use bluetape_model::{
    BlueTapeIntegrationResult, Company, CompanyCreated, Customer, CustomerCreated,
    CustomerSignUpUrl, CustomerUpdate, DocumentedError, SignUpDetails,
};

use super::records::StoreError;
use super::tables::Tables;

/// `createCompany`: the company and its customer (at most one).
pub(super) fn create_company(
    tables: &mut dyn Tables,
    mut company: Company,
) -> Result<CompanyCreated, StoreError> {
    if tables.company(&company.id)?.is_some() {
        return Err(DocumentedError::CompanyExists.into());
    }
    if company.has_too_many_customers() {
        return Err(DocumentedError::TooManyCustomers.into());
    }
    let customers = company.customers.take().unwrap_or_default();
    for customer in &customers {
        if tables.customer_exists(&customer.id)? {
            return Err(DocumentedError::CustomerExists.into());
        }
    }
    let company_id = company.id.clone();
    let blue_tape_id = tables.insert_company(company)?;
    let mut sign_up_urls = Vec::with_capacity(customers.len());
    for customer in customers {
        let customer = customer.into_customer(&company_id);
        let customer_id = customer.id.clone();
        let (_, sign_up) = tables.insert_customer(customer)?;
        sign_up_urls.push(CustomerSignUpUrl {
            customer_id,
            sign_up,
        });
    }
    Ok(CompanyCreated {
        blue_tape_id,
        sign_up_urls,
    })
}

/// `createCustomer`, linked to `companyId`'s company if set.
pub(super) fn create_customer(
    tables: &mut dyn Tables,
    customer: Customer,
) -> Result<CustomerCreated, StoreError> {
    // A reference to something missing is a 404 whatever the state of the rest.
    let company_has_a_customer = match &customer.company_id {
        Some(company_id) => tables
            .company(company_id)?
            .ok_or(DocumentedError::CompanyNotFound)?
            .customer_id
            .is_some(),
        None => false,
    };
    if tables.customer_exists(&customer.id)? {
        return Err(DocumentedError::CustomerExists.into());
    }
    if company_has_a_customer {
        return Err(DocumentedError::CompanyHasACustomer.into());
    }
    let (blue_tape_id, sign_up) = tables.insert_customer(customer)?;
    Ok(CustomerCreated {
        blue_tape_id,
        sign_up,
    })
}

/// `updateCustomer`.
pub(super) fn update_customer(
    tables: &mut dyn Tables,
    id: &str,
    update: CustomerUpdate,
) -> Result<BlueTapeIntegrationResult, StoreError> {
    let blue_tape_id = tables
        .update_details(id, update.details)?
        .ok_or(DocumentedError::CustomerNotFound)?;
    Ok(BlueTapeIntegrationResult { blue_tape_id })
}

/// `linkCompanyCustomer`: attaches the customer to the company (moving it from any other).
pub(super) fn link(
    tables: &mut dyn Tables,
    company_id: &str,
    customer_id: &str,
) -> Result<BlueTapeIntegrationResult, StoreError> {
    let company = tables
        .company(company_id)?
        .ok_or(DocumentedError::CompanyNotFound)?;
    // A reference to something missing is a 404 whatever the state of the rest: an unknown
    // customer is "not found" even when the company has a customer already.
    if !tables.customer_exists(customer_id)? {
        return Err(DocumentedError::CustomerNotFound.into());
    }
    let blue_tape_id = company.blue_tape_id;
    match company.customer_id.as_deref() {
        Some(linked) if linked == customer_id => {
            return Ok(BlueTapeIntegrationResult { blue_tape_id });
        }
        Some(_) => return Err(DocumentedError::CompanyHasACustomer.into()),
        None => {}
    }
    tables.link(company_id, customer_id)?;
    Ok(BlueTapeIntegrationResult { blue_tape_id })
}

/// `getCustomerSignup`.
pub(super) fn sign_up(tables: &mut dyn Tables, id: &str) -> Result<SignUpDetails, StoreError> {
    Ok(tables
        .sign_up(id)?
        .ok_or(DocumentedError::CustomerNotFound)?)
}
