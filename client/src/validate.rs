//! Checks of the document that the generated types cannot enforce themselves.
//!
//! progenitor turns `minLength` and `pattern` into validating newtypes (ids, E.164 phone numbers),
//! but leaves `format: email` and `maxItems` unchecked, and path parameters unconstrained. These
//! checks complete the set, so that a request the API would refuse is refused before it is sent:
//! bodies in the `pre` hook that every request passes (so the raw interface is checked too), path
//! ids by [`Client`](crate::Client)'s methods and by [`path_id`] for raw callers.

use std::borrow::Cow;

use email_address::EmailAddress;

use crate::Error;
use crate::contract::MAX_CUSTOMERS_PER_COMPANY;

/// Checks a path id: not empty, and not a dot segment. Public for tools built on the
/// [`raw`](crate::raw) interface (the `bluetape` CLI), whose builders take any string.
///
/// # Errors
///
/// [`Error::InvalidRequest`] naming `field`.
pub fn path_id(field: &str, value: &str) -> Result<(), Error> {
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

/// Checks a request body as it is about to be sent, whichever interface built it ([`Client`]'s
/// methods or the [`raw`](crate::raw) builders): every `emailAddress` is an e-mail address, and a
/// company lists at most [`MAX_CUSTOMERS_PER_COMPANY`] customer. A body that is not JSON is left
/// to the server.
///
/// [`Client`]: crate::Client
pub(crate) fn body(bytes: &[u8]) -> Result<(), Error> {
    // Only the checked fields are read (serde skips the rest without building them), borrowed
    // where the JSON has no escapes: every request pays this, so it must cost little.
    let Ok(body) = serde_json::from_slice::<CheckedFields<'_>>(bytes) else {
        return Ok(());
    };
    if let Some(address) = &body.email_address {
        email("emailAddress", address)?;
    }
    if let Some(customers) = &body.customers {
        if customers.len() > MAX_CUSTOMERS_PER_COMPANY {
            return Err(invalid(
                "customers",
                &format!(
                    "a company can have at most {MAX_CUSTOMERS_PER_COMPANY} customer, {} given \
                     (the API answers company_can_have_only_one_customer)",
                    customers.len()
                ),
            ));
        }
        for (index, customer) in customers.iter().enumerate() {
            if let Some(address) = &customer.email_address {
                email(&format!("customers[{index}].emailAddress"), address)?;
            }
        }
    }
    Ok(())
}

/// The fields of a body that [`body`] checks; any body deserializes (every field is optional,
/// others are skipped), unless a checked field has another type, which is left to the server.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct CheckedFields<'a> {
    #[serde(borrow, default)]
    email_address: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    customers: Option<Vec<CheckedFields<'a>>>,
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
