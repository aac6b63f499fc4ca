//! [`ProxyConfig`]: where the proxy forwards to, and [`Upstream`]: the forwarding itself, which
//! sends the request as received and reads the whole reply before anything is answered, so a
//! reply that breaks off is never passed on as if it were whole.

use std::time::Duration;

use axum::body::Bytes;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderName, StatusCode, header};

/// How long the proxy waits for the upstream's whole reply unless told otherwise
/// (`--upstream-timeout`).
pub const DEFAULT_UPSTREAM_TIMEOUT: Duration = Duration::from_secs(30);
/// The largest upstream reply passed on; a larger one is answered with 502.
pub const UPSTREAM_REPLY_LIMIT_BYTES: usize = 16 * 1024 * 1024;

/// How the mock runs as a validating proxy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyConfig {
    /// The server requests are forwarded to, checked by [`ProxyConfig::new`]: `https`, or plain
    /// `http` to loopback.
    upstream: String,
    /// How long to wait for the upstream's whole reply; past it the proxy answers 504.
    pub upstream_timeout: Duration,
    /// Answer 502 instead of a reply that breaks the document (for CI); by default a violation is
    /// only reported.
    pub fail_on_violation: bool,
    /// Record what the upstream accepts (its `2xx` to the operations that change records) into
    /// this seed file, for `bluetape-mock --seed FILE`; a seed already there is recorded on.
    pub record: Option<std::path::PathBuf>,
}

/// Why a proxy cannot be set up.
#[derive(Debug, thiserror::Error)]
pub enum ProxyError {
    /// The upstream's URL is refused (plain http off loopback, not a URL, credentials in it): the
    /// same rule and words as the client's for its base URL.
    #[error("cannot proxy to this upstream: {0}")]
    Upstream(#[source] bluetape_base_url::BaseUrlError),
    /// The HTTP client that forwards could not be built.
    #[error("cannot build the HTTP client that forwards to the upstream: {0}")]
    Client(#[source] reqwest::Error),
    /// The seed file to record into cannot be read or written.
    #[error("cannot record: {0}")]
    Record(String),
}

impl ProxyConfig {
    /// A proxy to `upstream` with the default timeout, reporting violations without blocking.
    /// `allow_insecure_http` allows plain http off loopback, as the client's option of that name.
    ///
    /// # Errors
    ///
    /// [`ProxyError::Upstream`] when the URL is refused.
    pub fn new(upstream: &str, allow_insecure_http: bool) -> Result<Self, ProxyError> {
        let upstream = bluetape_base_url::check_base_url(upstream, allow_insecure_http)
            .map_err(ProxyError::Upstream)?;
        Ok(ProxyConfig {
            upstream,
            upstream_timeout: DEFAULT_UPSTREAM_TIMEOUT,
            fail_on_violation: false,
            record: None,
        })
    }

    /// The upstream's base URL, without a trailing `/`.
    pub fn upstream(&self) -> &str {
        &self.upstream
    }
}

/// Why the upstream gave no whole reply.
#[derive(Debug)]
pub(crate) enum UpstreamFailure {
    /// No whole reply within the timeout.
    Timeout,
    /// The connection could not be made (unreachable, refused, TLS).
    Unreachable(String),
    /// The reply broke off, or was larger than the limit, or was not HTTP.
    Broken(String),
}

impl UpstreamFailure {
    /// The status the proxy answers instead, and its reason.
    pub(crate) fn reply(&self, upstream: &str, timeout: Duration) -> (StatusCode, String) {
        match self {
            UpstreamFailure::Timeout => (
                StatusCode::GATEWAY_TIMEOUT,
                format!("The upstream {upstream} gave no whole reply within {timeout:?}."),
            ),
            UpstreamFailure::Unreachable(why) => (
                StatusCode::BAD_GATEWAY,
                format!("The upstream {upstream} cannot be reached: {why}."),
            ),
            UpstreamFailure::Broken(why) => (
                StatusCode::BAD_GATEWAY,
                format!("The upstream {upstream} sent no whole reply: {why}."),
            ),
        }
    }

    /// How the journal names it.
    pub(crate) fn describe(&self) -> String {
        match self {
            UpstreamFailure::Timeout => "upstream timeout".to_owned(),
            UpstreamFailure::Unreachable(_) => "upstream unreachable".to_owned(),
            UpstreamFailure::Broken(_) => "upstream reply broken".to_owned(),
        }
    }
}

/// The upstream's whole reply.
#[derive(Debug)]
pub(crate) struct UpstreamReply {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

/// The upstream and the client that forwards to it: no redirect followed, no proxy from the
/// environment, rustls.
#[derive(Debug, Clone)]
pub(crate) struct Upstream {
    base: String,
    client: reqwest::Client,
}

/// Hop-by-hop headers (RFC 9110 §7.6.1), which concern one connection and are not forwarded;
/// `host` and `content-length` are the new connection's own.
const NOT_FORWARDED: [HeaderName; 9] = [
    header::CONNECTION,
    HeaderName::from_static("keep-alive"),
    header::PROXY_AUTHENTICATE,
    header::PROXY_AUTHORIZATION,
    header::TE,
    header::TRAILER,
    header::TRANSFER_ENCODING,
    header::UPGRADE,
    header::HOST,
];

/// Without the headers that concern one connection only.
pub(crate) fn end_to_end(headers: &HeaderMap) -> HeaderMap {
    let mut kept = headers.clone();
    for name in NOT_FORWARDED.iter().chain([&header::CONTENT_LENGTH]) {
        kept.remove(name);
    }
    kept
}

impl Upstream {
    pub(crate) fn new(config: &ProxyConfig) -> Result<Self, ProxyError> {
        let builder = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .timeout(config.upstream_timeout);
        #[cfg(feature = "hickory-dns")]
        let builder =
            builder.dns_resolver(std::sync::Arc::new(super::resolver::HostsThenDns::default()));
        let client = builder.build().map_err(ProxyError::Client)?;
        Ok(Upstream {
            base: config.upstream.clone(),
            client,
        })
    }

    pub(crate) fn base(&self) -> &str {
        &self.base
    }

    /// Sends the request as received (its method, path and query, end-to-end headers with both
    /// credentials, body) and reads the whole reply, at most [`UPSTREAM_REPLY_LIMIT_BYTES`].
    pub(crate) async fn forward(
        &self,
        request: &Parts,
        body: Bytes,
    ) -> Result<UpstreamReply, UpstreamFailure> {
        let path = request
            .uri
            .path_and_query()
            .map_or_else(|| request.uri.path(), |path| path.as_str());
        let url = format!("{}{path}", self.base);
        let response = self
            .client
            .request(request.method.clone(), &url)
            .headers(end_to_end(&request.headers))
            .body(body)
            .send()
            .await
            .map_err(classify)?;
        let status = response.status();
        let headers = end_to_end(response.headers());
        let mut body = Vec::new();
        let mut response = response;
        while let Some(chunk) = response.chunk().await.map_err(classify)? {
            if body.len() + chunk.len() > UPSTREAM_REPLY_LIMIT_BYTES {
                return Err(UpstreamFailure::Broken(format!(
                    "the reply is larger than {UPSTREAM_REPLY_LIMIT_BYTES} bytes"
                )));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(UpstreamReply {
            status,
            headers,
            body: Bytes::from(body),
        })
    }
}

/// What a reqwest error means for the proxy's answer.
fn classify(error: reqwest::Error) -> UpstreamFailure {
    let why = std::iter::successors(
        Some(&error as &(dyn std::error::Error + 'static)),
        |error| error.source(),
    )
    .map(ToString::to_string)
    .collect::<Vec<_>>()
    .join(": ");
    if error.is_timeout() {
        UpstreamFailure::Timeout
    } else if error.is_connect() {
        UpstreamFailure::Unreachable(why)
    } else {
        UpstreamFailure::Broken(why)
    }
}
