//! Checks of the document that the generated types cannot enforce themselves.
//!
//! progenitor turns `minLength` and `pattern` into validating newtypes (ids, E.164 phone numbers),
//! but leaves `format: email` and `maxItems` unchecked, and path parameters unconstrained. These
//! checks complete the set, so that a request the API would refuse is refused before it is sent.

use email_address::EmailAddress;

use crate::Error;
use crate::generated::types;

/// The most customers a company may be created with (`Company.customers`, `maxItems: 1`).
pub const MAX_CUSTOMERS_PER_COMPANY: usize = 1;

pub(crate) fn path_id(field: &str, value: &str) -> Result<(), Error> {
    if value.is_empty() {
        return Err(invalid(field, "must not be empty"));
    }
    // A dot segment is removed by URL normalisation (RFC 3986 §5.2.4): the request would reach
    // another route, never the record named.
    if value == "." || value == ".." {
        return Err(invalid(
            field,
            &format!("{value:?} cannot be sent as a path segment"),
        ));
    }
    Ok(())
}

pub(crate) fn company(company: &types::Company) -> Result<(), Error> {
    if company.customers.len() > MAX_CUSTOMERS_PER_COMPANY {
        return Err(invalid(
            "customers",
            &format!(
                "a company can have at most {MAX_CUSTOMERS_PER_COMPANY} customer, {} given \
                 (the API answers company_can_have_only_one_customer)",
                company.customers.len()
            ),
        ));
    }
    for (index, customer) in company.customers.iter().enumerate() {
        email(
            &format!("customers[{index}].emailAddress"),
            &customer.email_address,
        )?;
    }
    Ok(())
}

pub(crate) fn customer(customer: &types::Customer) -> Result<(), Error> {
    email("emailAddress", &customer.email_address)
}

pub(crate) fn customer_update(update: &types::CustomerUpdate) -> Result<(), Error> {
    email("emailAddress", &update.email_address)
}

fn email(field: &str, value: &str) -> Result<(), Error> {
    if EmailAddress::is_valid(value) {
        Ok(())
    } else {
        Err(invalid(
            field,
            &format!("{value:?} is not an e-mail address"),
        ))
    }
}

fn invalid(field: &str, message: &str) -> Error {
    Error::InvalidRequest {
        field: field.to_owned(),
        message: message.to_owned(),
    }
}
