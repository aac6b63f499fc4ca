//! [`ApiResponse`]: a successful reply with its status and headers, for the `…_with_response`
//! form of each operation.

use std::fmt;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::error::request_id;

/// A successful reply: its typed body, with the HTTP status, the headers and the request id the
/// server sent. Returned by the `…_with_response` methods (`create_company_with_response`, …);
/// the plain methods return the body alone.
///
/// ```no_run
/// # async fn run(client: bluetape_client::Client) -> Result<(), bluetape_client::Error> {
/// let reply = client.get_customer_signup_with_response("dc506b22c7fa").await?;
/// println!("{} (request {:?})", reply.status(), reply.request_id());
/// println!("sign up at {}", reply.body().sign_up_url);
/// # Ok(())
/// # }
/// ```
// It keeps progenitor's reply as it came: taking the status, headers and body out of it would copy
// the headers (it lends them only), on every call.
pub struct ApiResponse<T> {
    reply: progenitor_client::ResponseValue<T>,
}

impl<T> ApiResponse<T> {
    pub(crate) fn from_generated(reply: progenitor_client::ResponseValue<T>) -> Self {
        ApiResponse { reply }
    }

    /// The HTTP status: `201` for a create, `202` for an update, `200` or `201` for a link, …
    pub fn status(&self) -> StatusCode {
        self.reply.status()
    }

    /// The reply's headers.
    pub fn headers(&self) -> &HeaderMap {
        self.reply.headers()
    }

    /// The id the server gave this request (`x-request-id`, else `request-id` or
    /// `x-correlation-id`), if it sent one: quote it to BlueTape support.
    pub fn request_id(&self) -> Option<&str> {
        request_id(self.headers())
    }

    /// The typed body.
    pub fn body(&self) -> &T {
        &self.reply
    }

    /// The typed body, dropping the status and headers.
    pub fn into_body(self) -> T {
        self.reply.into_inner()
    }
}

impl<T: Clone> Clone for ApiResponse<T> {
    fn clone(&self) -> Self {
        ApiResponse::from_generated(progenitor_client::ResponseValue::new(
            self.body().clone(),
            self.status(),
            self.headers().clone(),
        ))
    }
}

impl<T: fmt::Debug> fmt::Debug for ApiResponse<T> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("ApiResponse")
            .field("status", &self.status())
            .field("headers", self.headers())
            .field("body", self.body())
            .finish()
    }
}
