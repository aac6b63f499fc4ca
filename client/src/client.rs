//! [`Client`]: the client, its settings and the call path every operation takes; its methods, one
//! per operation of the document, are generated into `operations.rs`.

use std::fmt;
use std::fmt::Display;
use std::pin::Pin;
use std::time::Duration;

use crate::generated::types;
use crate::retry::with_status;
use crate::settings::CallSettings;
use crate::{ApiResponse, ClientBuilder, Error, RetryPolicy, generated};

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
    pub(crate) generated: generated::Client,
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
}

/// Converts a body (a typed value or a builder) up front, so that a bad field is reported with its
/// name before anything is sent.
pub(crate) fn convert<T, Body>(value: T) -> Result<Body, Error>
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
pub(crate) async fn send<T, Operation>(
    operation: Pin<Box<Operation>>,
) -> Result<ApiResponse<T>, Error>
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

/// The typed body of a reply.
pub(crate) fn body<T>(reply: Result<ApiResponse<T>, Error>) -> Result<T, Error> {
    reply.map(ApiResponse::into_body)
}
