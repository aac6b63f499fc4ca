//! [`RetryPolicy`], and the request executor that applies it to every operation.
//!
//! GET and PUT are idempotent: they are retried on connection errors, timeouts, 429 and 5xx. A POST
//! is retried only when the connection could not be established (so the request never left), never
//! once it may have reached the server: a retried create could create twice.

use std::cell::Cell;
use std::time::{Duration, SystemTime};

use backon::{BackoffBuilder, ExponentialBuilder};
use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, Request, Response, StatusCode};

use crate::generated;
use crate::settings::CallSettings;

/// When and how often a failed request is retried.
///
/// The default retries at most twice, after about 0.5 s then 1 s (exponential, with jitter), and
/// honours a server's `Retry-After` of up to 30 s; a longer `Retry-After` is returned to the caller
/// as the error it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..Self::default()
        }
    }

    setters! {
        /// Sets how many times a request is retried after its first attempt.
        with_max_retries => max_retries: u32;
        /// Sets the delay before the first retry; each further retry doubles it, with jitter.
        with_initial_backoff => initial_backoff: Duration;
        /// Sets the longest delay between two attempts.
        with_max_backoff => max_backoff: Duration;
        /// Sets the longest `Retry-After` the client waits for; beyond it, the reply is returned.
        with_max_retry_after => max_retry_after: Duration;
    }

    /// How many times a request is retried after its first attempt.
    pub fn max_retries(&self) -> u32 {
        self.max_retries
    }

    fn delays(&self) -> impl Iterator<Item = Duration> {
        ExponentialBuilder::default()
            .with_min_delay(self.initial_backoff)
            .with_max_delay(self.max_backoff)
            .with_max_times(self.max_retries as usize)
            .with_jitter()
            .build()
    }
}

tokio::task_local! {
    /// The status of the last response of the current operation. progenitor drops the status when
    /// a documented reply's body does not parse; the error mapping reads it from here.
    static LAST_STATUS: Cell<Option<StatusCode>>;
}

/// Runs one operation with a slot for its final status, and returns that status beside the result.
pub(crate) async fn with_status<T>(operation: impl Future<Output = T>) -> (T, Option<StatusCode>) {
    LAST_STATUS
        .scope(Cell::new(None), async {
            let result = operation.await;
            (result, LAST_STATUS.with(Cell::get))
        })
        .await
}

fn record_status(status: StatusCode) {
    // Outside `with_status` (a caller of the generated client directly) there is no slot: fine.
    let _ = LAST_STATUS.try_with(|slot| slot.set(Some(status)));
}

fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::PUT | Method::HEAD | Method::DELETE | Method::OPTIONS
    )
}

fn is_retryable_status(status: StatusCode) -> bool {
    status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error()
}

/// Whether this outcome may be retried, and after how long the server asked us to wait, if it did.
enum Verdict {
    Final,
    Retry { retry_after: Option<Duration> },
}

fn verdict(method: &Method, outcome: &reqwest::Result<Response>) -> Verdict {
    match outcome {
        Ok(response) if is_idempotent(method) && is_retryable_status(response.status()) => {
            Verdict::Retry {
                retry_after: retry_after(response.headers(), SystemTime::now()),
            }
        }
        Ok(_) => Verdict::Final,
        // A failed connect means the request never left: safe to retry whatever the method.
        Err(error) if error.is_connect() => Verdict::Retry { retry_after: None },
        Err(error) if is_idempotent(method) && (error.is_timeout() || error.is_request()) => {
            Verdict::Retry { retry_after: None }
        }
        Err(_) => Verdict::Final,
    }
}

/// The delay a `Retry-After` header asks for: delta-seconds or an HTTP date (RFC 9110 §10.2.3).
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

impl ClientHooks<CallSettings> for generated::Client {
    /// Every request's body is checked here, whichever interface built it.
    async fn pre<E>(
        &self,
        request: &mut Request,
        _info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        match request.body().and_then(reqwest::Body::as_bytes) {
            Some(bytes) => crate::validate::body(bytes).map_err(|error| {
                progenitor_client::Error::InvalidRequest(error.to_conversion_message())
            }),
            None => Ok(()),
        }
    }

    async fn exec(&self, request: Request, info: &OperationInfo) -> reqwest::Result<Response> {
        let settings = self.inner();
        let policy = &settings.retry;
        let mut delays = policy.delays();
        let mut request = request;
        // A derived client's own timeout is set per request; the builder's is the reqwest client's.
        if settings.timeout != settings.client_timeout {
            *request.timeout_mut() = Some(settings.timeout);
        }
        let mut attempt = 1;
        loop {
            // A body that cannot be cloned (a stream) cannot be sent twice: one attempt only.
            let spare = if policy.max_retries > 0 {
                request.try_clone()
            } else {
                None
            };
            let method = request.method().clone();
            let outcome = self.client().execute(request).await;
            let next = match (verdict(&method, &outcome), spare) {
                (Verdict::Retry { retry_after }, Some(spare)) => match (retry_after, delays.next())
                {
                    (Some(asked), Some(_)) if asked <= policy.max_retry_after => {
                        Some((asked, spare))
                    }
                    (None, Some(backoff)) => Some((backoff, spare)),
                    _ => None,
                },
                _ => None,
            };
            let Some((delay, spare)) = next else {
                if let Ok(response) = &outcome {
                    record_status(response.status());
                }
                return outcome;
            };
            let failure = match &outcome {
                Ok(response) => response.status().to_string(),
                Err(error) => error.to_string(),
            };
            tracing::debug!(
                operation = info.operation_id,
                attempt,
                ?delay,
                %failure,
                "retrying BlueTape request"
            );
            drop(outcome);
            tokio::time::sleep(delay).await;
            request = spare;
            attempt += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(retry_after: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_str(retry_after).unwrap());
        headers
    }

    #[test]
    fn retry_after_in_seconds() {
        assert_eq!(
            retry_after(&headers("3"), SystemTime::now()),
            Some(Duration::from_secs(3))
        );
    }

    #[test]
    fn retry_after_as_http_date() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        let later = headers("Sun, 06 Nov 1994 08:49:47 GMT");
        assert_eq!(retry_after(&later, now), Some(Duration::from_secs(10)));
        let past = headers("Sun, 06 Nov 1994 08:49:00 GMT");
        assert_eq!(retry_after(&past, now), Some(Duration::ZERO));
    }

    #[test]
    fn unreadable_retry_after_is_ignored() {
        assert_eq!(retry_after(&headers("soon"), SystemTime::now()), None);
    }

    #[test]
    fn default_policy_waits_at_most_max_backoff_and_stops_after_two() {
        let delays: Vec<Duration> = RetryPolicy::default().delays().collect();
        assert_eq!(delays.len(), 2);
        assert!(
            delays.iter().all(|delay| *delay <= Duration::from_secs(16)),
            "{delays:?}"
        );
    }

    #[test]
    fn none_never_retries() {
        assert_eq!(RetryPolicy::none().delays().count(), 0);
    }

    #[test]
    fn only_idempotent_methods_retry_on_status() {
        assert!(is_idempotent(&Method::GET) && is_idempotent(&Method::PUT));
        assert!(!is_idempotent(&Method::POST));
        assert!(is_retryable_status(StatusCode::TOO_MANY_REQUESTS));
        assert!(is_retryable_status(StatusCode::BAD_GATEWAY));
        assert!(!is_retryable_status(StatusCode::CONFLICT));
    }
}
