//! [`ClientBuilder`]: configuration of a [`Client`].

use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::redirect;

use crate::contract::{ACCOUNT_ID_HEADER, API_KEY_HEADER, PRODUCTION_BASE_URL};
use crate::retry::RetryPolicy;
use crate::secret::Secret;
use crate::settings::CallSettings;
use crate::{Client, Error, generated};

/// Environment variable read for the API key when none is set on the builder.
pub const API_KEY_ENV: &str = "BLUETAPE_API_KEY";
/// Environment variable read for the integration account id when none is set on the builder.
pub const ACCOUNT_ID_ENV: &str = "BLUETAPE_ACCOUNT_ID";
/// Environment variable read for the base URL when none is set on the builder.
pub const BASE_URL_ENV: &str = "BLUETAPE_BASE_URL";
/// Environment variable that, set to `true`, allows a plain `http://` base URL on a host that is
/// not loopback, as [`ClientBuilder::allow_insecure_http`] does. Defined in
/// [`bluetape_base_url`]; a const of its own here, so that the client's public API keeps the item.
pub const ALLOW_INSECURE_HTTP_ENV: &str = bluetape_base_url::ALLOW_INSECURE_HTTP_ENV;
/// Default limit on a whole request, retries excluded.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default limit on establishing a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

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
    allow_insecure_http: bool,
    root_certificates_pem: Vec<Vec<u8>>,
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
            allow_insecure_http: false,
            root_certificates_pem: Vec::new(),
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

    setters! {
        /// Sets the limit on each attempt of a request, from connecting to reading the body
        /// (default 30 s).
        timeout => timeout: Duration;
        /// Sets the limit on establishing a connection (default 10 s).
        connect_timeout => connect_timeout: Duration;
        /// Sets the retry policy (default: [`RetryPolicy::default`]; [`RetryPolicy::none`]
        /// disables retries).
        retry_policy => retry: RetryPolicy;
        /// Allows a plain `http://` base URL on a host that is not loopback, which `build()`
        /// otherwise refuses because the credentials would cross the network in clear text. Only
        /// for a proxy on a network you trust. Loopback addresses (`127.0.0.1`, `[::1]`,
        /// `localhost`: a local mock) need no opt-in. The environment variable
        /// `BLUETAPE_ALLOW_INSECURE_HTTP=true` does the same.
        allow_insecure_http => allow_insecure_http: bool;
    }

    /// Trusts more certificate authorities (one PEM certificate or a bundle), beside the
    /// platform's, for an `https` base URL served with a private CA (a TLS-inspecting corporate
    /// proxy, a test server).
    pub fn add_root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_certificates_pem.push(pem.into());
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    ///
    /// [`Error::Configuration`] when a credential is missing or not a valid header value, the
    /// base URL is not an absolute `http`/`https` URL, it is plain `http` on a host that is not
    /// loopback without [`allow_insecure_http`](Self::allow_insecure_http), or a root certificate
    /// is not valid PEM.
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
        let allow_insecure_http = self.allow_insecure_http
            || std::env::var(ALLOW_INSECURE_HTTP_ENV).is_ok_and(|value| value == "true");
        let base_url = check_base_url(&base_url, allow_insecure_http)?;

        let mut headers = HeaderMap::with_capacity(2);
        headers.insert(
            HeaderName::from_static(API_KEY_HEADER),
            sensitive(&api_key, "API key")?,
        );
        headers.insert(
            HeaderName::from_static(ACCOUNT_ID_HEADER),
            sensitive(&account_id, "account id")?,
        );
        let mut http = reqwest::Client::builder()
            .default_headers(headers)
            .user_agent(concat!("bluetape-client/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            // The credentials are default headers, which reqwest would carry along a redirect to
            // any origin. The API documents no redirect: none is followed, each is an error.
            .redirect(redirect::Policy::none());
        for pem in &self.root_certificates_pem {
            let certificates = reqwest::Certificate::from_pem_bundle(pem).map_err(|error| {
                Error::Configuration(format!("invalid root certificate (PEM): {error}"))
            })?;
            if certificates.is_empty() {
                return Err(Error::Configuration(
                    "invalid root certificate (PEM): no certificate in it".to_owned(),
                ));
            }
            for certificate in certificates {
                http = http.add_root_certificate(certificate);
            }
        }
        let http = http.build().map_err(|error| {
            Error::Configuration(format!("cannot build the HTTP client: {error}"))
        })?;
        let settings = CallSettings {
            timeout: self.timeout,
            client_timeout: self.timeout,
            retry: self.retry,
        };
        let generated = generated::Client::new_with_client(&base_url, http, settings);
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

/// The rule for any URL the credentials are sent to: `https`, or plain `http` to this machine
/// (loopback) only unless `allow_insecure_http`; no user name or password in it. Returns the URL
/// without a trailing `/`. The client applies it to its base URL, and `bluetape-mock proxy` to its
/// upstream (both through [`bluetape_base_url`]), so both refuse the same URLs with the same words.
///
/// # Errors
///
/// [`Error::Configuration`] saying why the URL is refused and how to opt in.
pub fn check_base_url(base_url: &str, allow_insecure_http: bool) -> Result<String, Error> {
    bluetape_base_url::check_base_url(base_url, allow_insecure_http)
        .map_err(|error| Error::Configuration(error.to_string()))
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
            check_base_url("http://127.0.0.1:8080/", false).unwrap(),
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
    fn plain_http_off_loopback_is_refused_naming_the_opt_in() {
        let error = builder()
            .base_url("http://api.example.com")
            .build()
            .unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains("allow_insecure_http(true)")
                && message.contains(ALLOW_INSECURE_HTTP_ENV),
            "{message}"
        );
    }

    #[test]
    fn plain_http_on_loopback_needs_no_opt_in() {
        for url in [
            "http://127.0.0.1:8080",
            "http://[::1]:8080",
            "http://localhost:8080",
            "http://127.1.2.3:1",
        ] {
            assert!(builder().base_url(url).build().is_ok(), "{url}");
        }
    }

    #[test]
    fn plain_http_off_loopback_is_accepted_with_the_opt_in() {
        let client = builder()
            .base_url("http://proxy.internal:8080")
            .allow_insecure_http(true)
            .build()
            .unwrap();
        assert_eq!(client.base_url(), "http://proxy.internal:8080");
    }

    #[test]
    fn user_information_in_the_base_url_is_refused() {
        let error = builder()
            .base_url("https://user:hunter2@api.example.com")
            .build()
            .unwrap_err();
        assert!(!error.to_string().contains("hunter2"), "{error}");
    }

    #[test]
    fn malformed_root_certificate_is_refused() {
        let error = builder()
            .add_root_certificate_pem(b"not a certificate".to_vec())
            .build()
            .unwrap_err();
        assert!(error.to_string().contains("root certificate"), "{error}");
    }

    #[test]
    fn header_breaking_credential_is_refused_without_echo() {
        let error = builder().api_key("line\nbreak-secret").build().unwrap_err();
        assert!(!error.to_string().contains("break-secret"), "{error}");
    }
}
