//! [`Endpoint`]: the operations of the API with stateful behaviour, each served from its path
//! parameter and body ([`Call::serve`]): the body decoded and validated ([`decode`]), the
//! [`Store`](crate::Store) asked, the reply encoded with the operation's documented success
//! status. An operation of the document with no endpoint here answers its documented success
//! status and example, its path id and body checked all the same: this enum is the one place
//! where an operation's behaviour is written.

use std::borrow::Cow;

use axum::Json;
use axum::http::request::Parts;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use bluetape_model::CustomerLink;
use bluetape_model::operations::{
    CREATE_COMPANY_PATH, CREATE_CUSTOMER_PATH, GET_CUSTOMER_SIGNUP_PATH,
    LINK_COMPANY_CUSTOMER_PATH, UPDATE_CUSTOMER_PATH,
};

use bluetape_model::validation::BodyValidator;

use crate::ApiError;
use crate::json_body::{check_against, decode};
use crate::store::Store;

/// An operation the mock serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Endpoint {
    /// `createCompany`.
    CreateCompany,
    /// `linkCompanyCustomer`.
    LinkCompanyCustomer,
    /// `createCustomer`.
    CreateCustomer,
    /// `updateCustomer`.
    UpdateCustomer,
    /// `getCustomerSignup`.
    GetCustomerSignup,
}

impl Endpoint {
    /// Every endpoint, in declaration order.
    pub const ALL: [Endpoint; 5] = [
        Endpoint::CreateCompany,
        Endpoint::LinkCompanyCustomer,
        Endpoint::CreateCustomer,
        Endpoint::UpdateCustomer,
        Endpoint::GetCustomerSignup,
    ];

    /// The method and path template (the model's) of the operation it serves.
    fn operation(self) -> (Method, &'static str) {
        match self {
            Endpoint::CreateCompany => (Method::POST, CREATE_COMPANY_PATH),
            Endpoint::LinkCompanyCustomer => (Method::POST, LINK_COMPANY_CUSTOMER_PATH),
            Endpoint::CreateCustomer => (Method::POST, CREATE_CUSTOMER_PATH),
            Endpoint::UpdateCustomer => (Method::PUT, UPDATE_CUSTOMER_PATH),
            Endpoint::GetCustomerSignup => (Method::GET, GET_CUSTOMER_SIGNUP_PATH),
        }
    }

    /// The endpoint serving the document's operation `method` `template`, if the mock has one.
    pub fn serving(method: &Method, template: &str) -> Option<Endpoint> {
        Endpoint::ALL.into_iter().find(|endpoint| {
            let (served_method, served_template) = endpoint.operation();
            served_method == method && served_template == template
        })
    }
}

/// A request for a documented operation, read and journalled.
pub(crate) struct Call<'a> {
    /// The records it reads and changes.
    pub(crate) store: &'a Store,
    /// What checks its body against the document.
    pub(crate) validator: &'a BodyValidator,
    /// What serves it; `None` for an operation answered from its examples.
    pub(crate) endpoint: Option<Endpoint>,
    /// The component schema of its body, if it takes one.
    pub(crate) body_schema: Option<&'a str>,
    /// The example of its documented success reply, if any.
    pub(crate) success_example: Option<&'a serde_json::Value>,
    /// The status of its success: the document's (see
    /// [`DocumentedOperation::success_status`](crate::operation_table::DocumentedOperation::success_status)).
    pub(crate) success: StatusCode,
    /// The path parameter, still percent-encoded, if the operation has one.
    pub(crate) id: Option<&'a str>,
    pub(crate) request: &'a Parts,
    pub(crate) body: &'a [u8],
}

impl Call<'_> {
    /// Serves the request with its endpoint.
    ///
    /// # Errors
    ///
    /// The refusal to answer: a bad id or body (400), a missing record (404), a conflict (409).
    pub(crate) fn serve(&self) -> Result<Response, ApiError> {
        let (store, validator) = (self.store, self.validator);
        let (headers, body, success) = (&self.request.headers, self.body, self.success);
        let Some(endpoint) = self.endpoint else {
            return self.answer_from_example();
        };
        Ok(match endpoint {
            Endpoint::CreateCompany => reply(
                success,
                store.create_company(decode(validator, headers, body)?)?,
            ),
            Endpoint::CreateCustomer => reply(
                success,
                store.create_customer(decode(validator, headers, body)?)?,
            ),
            Endpoint::UpdateCustomer => {
                let id = path_id(self.id)?;
                reply(
                    success,
                    store.update_customer(&id, decode(validator, headers, body)?)?,
                )
            }
            Endpoint::LinkCompanyCustomer => {
                let company_id = path_id(self.id)?;
                let link: CustomerLink = decode(validator, headers, body)?;
                reply(success, store.link(&company_id, &link.customer_id)?)
            }
            Endpoint::GetCustomerSignup => reply(success, store.sign_up(&path_id(self.id)?)?),
        })
    }
}

impl Call<'_> {
    /// An operation with no behaviour written: its path parameter and body are checked as any
    /// other's, then it answers its documented success status with that status's example (no
    /// body when the document gives none).
    fn answer_from_example(&self) -> Result<Response, ApiError> {
        if self.id.is_some() {
            path_id(self.id)?;
        }
        if let Some(schema) = self.body_schema {
            check_against(self.validator, &self.request.headers, self.body, schema)?;
        }
        Ok(match self.success_example {
            Some(example) if !example.is_null() => reply(self.success, example),
            _ => self.success.into_response(),
        })
    }
}

/// The `{id}` path parameter, percent-decoded; one that does not decode to UTF-8 is a 400 like any
/// other bad input.
fn path_id(id: Option<&str>) -> Result<Cow<'_, str>, ApiError> {
    let id = id.ok_or_else(|| ApiError::invalid("id: missing."))?;
    // Borrowed when there is nothing to decode, as in almost every id.
    percent_encoding::percent_decode_str(id)
        .decode_utf8()
        .map_err(|_| ApiError::invalid("id: not UTF-8 once percent-decoded."))
}

fn reply(status: StatusCode, body: impl serde::Serialize) -> Response {
    (status, Json(body)).into_response()
}
