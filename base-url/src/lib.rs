//! The rule for any URL the BlueTape integration API's credentials are sent to: `https`, or plain
//! `http` to this machine (loopback) only unless the caller opts in; no user name or password in
//! it. `bluetape-client` applies it to its base URL and `bluetape-mock proxy` to its upstream, so
//! both refuse the same URLs with the same words, and the mock needs no client for it.
//!
//! ```
//! use bluetape_base_url::check_base_url;
//!
//! assert_eq!(check_base_url("http://127.0.0.1:8080/", false)?, "http://127.0.0.1:8080");
//! assert!(check_base_url("http://api.example.com", false).is_err());
//! assert!(check_base_url("http://api.example.com", true).is_ok());
//! # Ok::<(), bluetape_base_url::BaseUrlError>(())
//! ```

use std::fmt;

use url::Url;

/// Environment variable that, set to `true`, allows a plain `http://` URL on a host that is not
/// loopback (a proxy on a network the user trusts).
pub const ALLOW_INSECURE_HTTP_ENV: &str = "BLUETAPE_ALLOW_INSECURE_HTTP";

/// Why a URL is refused: the message says why and how to opt in, and never holds a credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrlError(String);

impl fmt::Display for BaseUrlError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

impl std::error::Error for BaseUrlError {}

/// Checks `base_url` against the rule and returns it without a trailing `/` (the API's paths are
/// appended to it as written).
///
/// # Errors
///
/// [`BaseUrlError`] when the URL does not parse, its scheme is neither `http` nor `https`, it is
/// plain `http` off loopback without `allow_insecure_http`, or it carries a user name or password.
pub fn check_base_url(base_url: &str, allow_insecure_http: bool) -> Result<String, BaseUrlError> {
    let parsed = Url::parse(base_url)
        .map_err(|error| BaseUrlError(format!("invalid base URL {base_url:?}: {error}")))?;
    match parsed.scheme() {
        "https" => {}
        "http" if allow_insecure_http || is_loopback(&parsed) => {}
        "http" => {
            return Err(BaseUrlError(format!(
                "refusing plain http to {}: the credentials would cross the network unencrypted; \
                 use https, or, for a proxy on a network you trust, opt in with \
                 ClientBuilder::allow_insecure_http(true) or {ALLOW_INSECURE_HTTP_ENV}=true",
                parsed.host_str().unwrap_or_default()
            )));
        }
        _ => {
            return Err(BaseUrlError(format!(
                "invalid base URL {base_url:?}: the scheme must be http or https"
            )));
        }
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        // They would be sent as `Authorization`, beside the API's own credentials.
        return Err(BaseUrlError(
            "invalid base URL: it must not carry a user name or password".to_owned(),
        ));
    }
    Ok(base_url.trim_end_matches('/').to_owned())
}

/// Whether the URL's host is this machine, so that plain http never leaves it.
fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(address)) => address.is_loopback(),
        Some(url::Host::Ipv6(address)) => address.is_loopback(),
        // RFC 6761 §6.3: `localhost` always resolves to loopback.
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_may_be_plain_http_and_nothing_else_may_without_the_opt_in() {
        for url in [
            "http://127.0.0.1:8080",
            "http://[::1]:1",
            "http://LOCALHOST",
        ] {
            assert!(check_base_url(url, false).is_ok(), "{url}");
        }
        let error = check_base_url("http://api.example.com", false).unwrap_err();
        assert!(
            error.to_string().contains(ALLOW_INSECURE_HTTP_ENV),
            "{error}"
        );
        assert!(check_base_url("http://api.example.com", true).is_ok());
    }

    #[test]
    fn other_schemes_and_user_information_are_refused() {
        assert!(check_base_url("ftp://example.com", false).is_err());
        let error = check_base_url("https://user:secret@example.com", false).unwrap_err();
        assert!(!error.to_string().contains("secret"), "{error}");
    }
}
