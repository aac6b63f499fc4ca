//! [`Client`]: one method per operation of the BlueTape integration API.

use std::fmt;
use std::fmt::Display;
use std::pin::Pin;
use std::time::Duration;

use crate::generated::types;
use crate::retry::with_status;
use crate::settings::CallSettings;
use crate::{ApiResponse, ClientBuilder, Error, RetryPolicy, generated, validate};

/// A BlueTape API client. Cheap to clone: clones share one connection pool.
///
/// Every method validates its input before sending (refusing what the API would refuse, with
/// [`Error::InvalidRequest`] naming the field), sends both auth headers, retries what is safe to
/// retry, and maps every failure to [`Error`].
///
/// Each operation has a plain form that returns the typed body, and a `…_with_response` form that
/// returns an [`ApiResponse`] with the status, the headers and the request id too.
///
/// For one call with another timeout or retry policy, derive a client:
/// `client.with_timeout(..)` or `client.with_retry_policy(..)` share the connection pool and cost
/// one clone.
#[derive(Clone)]
pub struct Client {
    generated: generated::Client,
    base_url: String,
}

impl fmt::Debug for Client {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("credentials", &"[redacted]")
            .field("timeout", &self.generated.inner.timeout)
            .field("retry", &self.generated.inner.retry)
            .finish()
    }
}

impl Client {
    /// A builder for a client: credentials, base URL, timeouts, retries.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from the environment: `BLUETAPE_API_KEY`, `BLUETAPE_ACCOUNT_ID` and,
    /// optionally, `BLUETAPE_BASE_URL`.
    ///
    /// # Errors
    ///
    /// [`Error::Configuration`] when a variable is missing or invalid.
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::default().build()
    }

    pub(crate) fn from_parts(generated: generated::Client, base_url: String) -> Self {
        Client {
            generated,
            base_url,
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// A client like this one whose calls use `timeout` on each attempt, from connecting to reading
    /// the body. It shares this client's connection pool and credentials.
    ///
    /// ```no_run
    /// # async fn run(client: bluetape_client::Client) -> Result<(), bluetape_client::Error> {
    /// use std::time::Duration;
    /// let details = client
    ///     .with_timeout(Duration::from_secs(2))
    ///     .get_customer_signup("dc506b22c7fa")
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_timeout(&self, timeout: Duration) -> Client {
        self.with_settings(CallSettings {
            timeout,
            ..self.generated.inner.clone()
        })
    }

    /// A client like this one whose calls follow `retry` ([`RetryPolicy::none`] for a single
    /// attempt). It shares this client's connection pool and credentials.
    pub fn with_retry_policy(&self, retry: RetryPolicy) -> Client {
        self.with_settings(CallSettings {
            retry,
            ..self.generated.inner.clone()
        })
    }

    /// progenitor's builder interface to the API with this client's credentials and settings (see
    /// [`raw`](crate::raw)).
    pub fn raw(&self) -> &crate::raw::Client {
        &self.generated
    }

    /// The timeout of each attempt of this client's calls.
    pub fn timeout(&self) -> Duration {
        self.generated.inner.timeout
    }

    /// The retry policy of this client's calls.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.generated.inner.retry
    }

    fn with_settings(&self, settings: CallSettings) -> Client {
        let generated = generated::Client::new_with_client(
            &self.base_url,
            self.generated.client.clone(),
            settings,
        );
        Client::from_parts(generated, self.base_url.clone())
    }

    /// Creates a company, and the customer attached to it if any (at most one). Returns the
    /// company's BlueTape id and one sign-up URL per attached customer. Never retried once sent.
    ///
    /// Accepts a [`types::Company`] or a [`types::builder::Company`].
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] before sending; [`Error::Api`] with 409 if the company exists
    /// ([`Error::is_conflict`]); see [`Error`] for the rest.
    pub async fn create_company<T>(&self, company: T) -> Result<types::CompanyCreated, Error>
    where
        T: TryInto<types::Company>,
        T::Error: Display,
    {
        body(self.create_company_with_response(company).await)
    }

    /// [`create_company`](Self::create_company), returning the status, headers and request id too.
    ///
    /// # Errors
    ///
    /// As [`create_company`](Self::create_company).
    pub async fn create_company_with_response<T>(
        &self,
        company: T,
    ) -> Result<ApiResponse<types::CompanyCreated>, Error>
    where
        T: TryInto<types::Company>,
        T::Error: Display,
    {
        let company = convert(company)?;
        send(Box::pin(
            self.generated.create_company().body(company).send(),
        ))
        .await
    }

    /// Creates a customer, linked at once to `companyId`'s company if set. Returns its BlueTape id
    /// and sign-up URL. Never retried once sent.
    ///
    /// Accepts a [`types::Customer`] or a [`types::builder::Customer`].
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] before sending; [`Error::Api`] with 409 if the customer exists,
    /// 404 if `companyId` names no company; see [`Error`] for the rest.
    pub async fn create_customer<T>(&self, customer: T) -> Result<types::CustomerCreated, Error>
    where
        T: TryInto<types::Customer>,
        T::Error: Display,
    {
        body(self.create_customer_with_response(customer).await)
    }

    /// [`create_customer`](Self::create_customer), returning the status, headers and request id
    /// too.
    ///
    /// # Errors
    ///
    /// As [`create_customer`](Self::create_customer).
    pub async fn create_customer_with_response<T>(
        &self,
        customer: T,
    ) -> Result<ApiResponse<types::CustomerCreated>, Error>
    where
        T: TryInto<types::Customer>,
        T::Error: Display,
    {
        let customer = convert(customer)?;
        send(Box::pin(
            self.generated.create_customer().body(customer).send(),
        ))
        .await
    }

    /// Updates the customer `customer_id` (success is `202 Accepted`). Retried when safe: a PUT is
    /// idempotent.
    ///
    /// Accepts a [`types::CustomerUpdate`] or a [`types::builder::CustomerUpdate`].
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] before sending; [`Error::Api`] with 404 if the customer does not
    /// exist; see [`Error`] for the rest.
    pub async fn update_customer<T>(
        &self,
        customer_id: &str,
        update: T,
    ) -> Result<types::BlueTapeIntegrationResult, Error>
    where
        T: TryInto<types::CustomerUpdate>,
        T::Error: Display,
    {
        body(
            self.update_customer_with_response(customer_id, update)
                .await,
        )
    }

    /// [`update_customer`](Self::update_customer), returning the status (`202`), headers and
    /// request id too.
    ///
    /// # Errors
    ///
    /// As [`update_customer`](Self::update_customer).
    pub async fn update_customer_with_response<T>(
        &self,
        customer_id: &str,
        update: T,
    ) -> Result<ApiResponse<types::BlueTapeIntegrationResult>, Error>
    where
        T: TryInto<types::CustomerUpdate>,
        T::Error: Display,
    {
        validate::path_id("id", customer_id)?;
        let update = convert(update)?;
        send(Box::pin(
            self.generated
                .update_customer()
                .id(customer_id)
                .body(update)
                .send(),
        ))
        .await
    }

    /// Attaches the customer `customer_id` to the company `company_id`. The API may answer 200 or
    /// 201 (its docs say both); either is success. Never retried once sent.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] for an empty id; [`Error::Api`] with 404 if the company or the
    /// customer does not exist; see [`Error`] for the rest.
    pub async fn link_company_customer(
        &self,
        company_id: &str,
        customer_id: &str,
    ) -> Result<types::BlueTapeIntegrationResult, Error> {
        body(
            self.link_company_customer_with_response(company_id, customer_id)
                .await,
        )
    }

    /// [`link_company_customer`](Self::link_company_customer), returning the status (`200` or
    /// `201`), headers and request id too.
    ///
    /// # Errors
    ///
    /// As [`link_company_customer`](Self::link_company_customer).
    pub async fn link_company_customer_with_response(
        &self,
        company_id: &str,
        customer_id: &str,
    ) -> Result<ApiResponse<types::BlueTapeIntegrationResult>, Error> {
        validate::path_id("id", company_id)?;
        let link: types::CustomerLink =
            convert(types::CustomerLink::builder().customer_id(customer_id))?;
        send(Box::pin(
            self.generated
                .link_company_customer()
                .id(company_id)
                .body(link)
                .send(),
        ))
        .await
    }

    /// Gets the sign-up details (the sign-up URL) of the customer `customer_id`. Retried when safe.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] for an empty id; [`Error::Api`] with 404 if the customer does not
    /// exist; see [`Error`] for the rest.
    pub async fn get_customer_signup(
        &self,
        customer_id: &str,
    ) -> Result<types::SignUpDetails, Error> {
        body(self.get_customer_signup_with_response(customer_id).await)
    }

    /// [`get_customer_signup`](Self::get_customer_signup), returning the status, headers and
    /// request id too.
    ///
    /// # Errors
    ///
    /// As [`get_customer_signup`](Self::get_customer_signup).
    pub async fn get_customer_signup_with_response(
        &self,
        customer_id: &str,
    ) -> Result<ApiResponse<types::SignUpDetails>, Error> {
        validate::path_id("id", customer_id)?;
        send(Box::pin(
            self.generated.get_customer_signup().id(customer_id).send(),
        ))
        .await
    }
}

/// Converts a body (a typed value or a builder) up front, so that a bad field is reported with its
/// name before anything is sent.
fn convert<T, Body>(value: T) -> Result<Body, Error>
where
    T: TryInto<Body>,
    T::Error: Display,
{
    value
        .try_into()
        .map_err(|error| Error::invalid_from_conversion(&error.to_string()))
}

/// Runs an operation of the generated client, mapping its outcome. Each method passes the
/// operation boxed: its future is about 2 KB, and every async layer around it (the status slot,
/// this function, the method) would otherwise carry its own copy and move it at each step (a
/// method's future was 9 KB, and those moves cost more than the allocation).
async fn send<T, Operation>(operation: Pin<Box<Operation>>) -> Result<ApiResponse<T>, Error>
where
    Operation: Future<Output = Result<progenitor_client::ResponseValue<T>, GeneratedError>>,
{
    match with_status(operation).await {
        (Ok(reply), _) => Ok(ApiResponse::from_generated(reply)),
        (Err(error), status) => Err(Error::from_generated(error, status).await),
    }
}

/// The generated client's error, with the API's error body.
type GeneratedError = progenitor_client::Error<types::ErrorResponse>;

fn body<T>(reply: Result<ApiResponse<T>, Error>) -> Result<T, Error> {
    reply.map(ApiResponse::into_body)
}
