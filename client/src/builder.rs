//! [`ClientBuilder`]: configuration of a [`Client`].

use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::retry::RetryPolicy;
use crate::secret::Secret;
use crate::{Client, Error, generated};

/// The production base URL.
pub const PRODUCTION_BASE_URL: &str = "https://api.bluetape.com/genericBthubService";
/// Environment variable read for the API key when none is set on the builder.
pub const API_KEY_ENV: &str = "BLUETAPE_API_KEY";
/// Environment variable read for the integration account id when none is set on the builder.
pub const ACCOUNT_ID_ENV: &str = "BLUETAPE_ACCOUNT_ID";
/// Environment variable read for the base URL when none is set on the builder.
pub const BASE_URL_ENV: &str = "BLUETAPE_BASE_URL";
/// Default limit on a whole request, retries excluded.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default limit on establishing a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

const API_KEY_HEADER: &str = "x-bluetape-key";
const ACCOUNT_ID_HEADER: &str = "x-integration-accountid";

/// Builds a [`Client`]. Start with [`Client::builder`].
///
/// Credentials set here win over the environment (`BLUETAPE_API_KEY`, `BLUETAPE_ACCOUNT_ID`,
/// `BLUETAPE_BASE_URL`). Its `Debug` shows no credential.
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    base_url: Option<String>,
    api_key: Option<Secret>,
    account_id: Option<Secret>,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            base_url: None,
            api_key: None,
            account_id: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            retry: RetryPolicy::default(),
        }
    }
}

impl ClientBuilder {
    /// Sets the base URL (default: `BLUETAPE_BASE_URL`, else production). Point it at a
    /// `bluetape-mock` server to work offline.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Sets the API key, sent as `X-BlueTape-Key` (default: `BLUETAPE_API_KEY`).
    pub fn api_key(mut self, api_key: impl Into<Secret>) -> Self {
        self.api_key = Some(api_key.into());
        self
    }

    /// Sets the integration account id, sent as `X-Integration-AccountId` (default:
    /// `BLUETAPE_ACCOUNT_ID`).
    pub fn account_id(mut self, account_id: impl Into<Secret>) -> Self {
        self.account_id = Some(account_id.into());
        self
    }

    /// Sets the limit on each attempt of a request, from connecting to reading the body (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets the limit on establishing a connection (default 10 s).
    pub fn connect_timeout(mut self, connect_timeout: Duration) -> Self {
        self.connect_timeout = connect_timeout;
        self
    }

    /// Sets the retry policy (default: [`RetryPolicy::default`]; [`RetryPolicy::none`] disables retries).
    pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    ///
    /// [`Error::Configuration`] when a credential is missing or not a valid header value, or the
    /// base URL is not an absolute `http`/`https` URL.
    pub fn build(self) -> Result<Client, Error> {
        let api_key = credential(self.api_key, API_KEY_ENV, "API key", "api_key")?;
        let account_id = credential(self.account_id, ACCOUNT_ID_ENV, "account id", "account_id")?;
        let base_url = match self.base_url {
            Some(url) => url,
            None => std::env::var(BASE_URL_ENV)
                .ok()
                .filter(|url| !url.is_empty())
                .unwrap_or_else(|| PRODUCTION_BASE_URL.to_owned()),
        };
        let base_url = checked_base_url(&base_url)?;

        let mut headers = HeaderMap::with_capacity(2);
        headers.insert(
            HeaderName::from_static(API_KEY_HEADER),
            sensitive(&api_key, "API key")?,
        );
        headers.insert(
            HeaderName::from_static(ACCOUNT_ID_HEADER),
            sensitive(&account_id, "account id")?,
        );
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .user_agent(concat!("bluetape-client/", env!("CARGO_PKG_VERSION")))
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .build()
            .map_err(|error| {
                Error::Configuration(format!("cannot build the HTTP client: {error}"))
            })?;
        let generated = generated::Client::new_with_client(&base_url, http, self.retry);
        Ok(Client::from_parts(generated, base_url))
    }
}

fn credential(
    explicit: Option<Secret>,
    variable: &str,
    what: &str,
    setter: &str,
) -> Result<Secret, Error> {
    let secret = match explicit {
        Some(secret) => secret,
        None => match std::env::var(variable) {
            Ok(value) => Secret::new(value),
            Err(_) => {
                return Err(Error::Configuration(format!(
                    "missing {what}: call ClientBuilder::{setter} or set {variable}"
                )));
            }
        },
    };
    if secret.expose().is_empty() {
        return Err(Error::Configuration(format!("the {what} is empty")));
    }
    Ok(secret)
}

/// The header value of a credential, marked sensitive so that HTTP stacks never log it.
fn sensitive(secret: &Secret, what: &str) -> Result<HeaderValue, Error> {
    let mut value = HeaderValue::from_str(secret.expose()).map_err(|_| {
        // Never echo the value: it is a credential.
        Error::Configuration(format!(
            "the {what} holds characters not allowed in an HTTP header"
        ))
    })?;
    value.set_sensitive(true);
    Ok(value)
}

fn checked_base_url(base_url: &str) -> Result<String, Error> {
    let parsed = reqwest::Url::parse(base_url)
        .map_err(|error| Error::Configuration(format!("invalid base URL {base_url:?}: {error}")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Error::Configuration(format!(
            "invalid base URL {base_url:?}: the scheme must be http or https"
        )));
    }
    // The generated code appends `/integration/...` to the base URL as written.
    Ok(base_url.trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builder() -> ClientBuilder {
        Client::builder().api_key("key").account_id("account")
    }

    #[test]
    fn missing_credential_names_the_setter_and_the_variable() {
        let error =
            credential(None, "BLUETAPE_TEST_NEVER_SET_4c1e", "API key", "api_key").unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid client configuration: missing API key: call ClientBuilder::api_key or set BLUETAPE_TEST_NEVER_SET_4c1e"
        );
    }

    #[test]
    fn trailing_slash_is_dropped() {
        assert_eq!(
            checked_base_url("http://127.0.0.1:8080/").unwrap(),
            "http://127.0.0.1:8080"
        );
    }

    #[test]
    fn non_http_base_url_is_refused() {
        let error = builder().base_url("ftp://example.com").build().unwrap_err();
        assert!(
            error.to_string().contains("scheme must be http or https"),
            "{error}"
        );
    }

    #[test]
    fn header_breaking_credential_is_refused_without_echo() {
        let error = builder().api_key("line\nbreak-secret").build().unwrap_err();
        assert!(!error.to_string().contains("break-secret"), "{error}");
    }
}
