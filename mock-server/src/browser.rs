//! [`BrowserPolicy`]: what the mock lets a web browser do. A server on loopback is reachable from
//! every page the user opens, so:
//!
//! - **only its own names** ([`BrowserPolicy::foreign_host`]): bound to loopback, it answers a
//!   request only when its `Host` is `localhost`, `127.0.0.1` or `[::1]` (with the mock's port, if
//!   one is given) or a name added with `--allow-host`; anything else is a page on a domain that
//!   resolves to 127.0.0.1 (DNS rebinding), answered 421 on every path;
//! - **no cross-site control** ([`BrowserPolicy::cross_site_control`]): a request to `/__admin`
//!   that a browser marks as coming from another site (an `Origin` other than the mock's own,
//!   `Sec-Fetch-Site: cross-site`) is refused with 403, and its POST operations take only
//!   `application/json`, which no page can send to another origin without a preflight the mock
//!   never grants;
//! - **CORS by name only** ([`BrowserPolicy::preflight`], [`BrowserPolicy::allow`]): off unless
//!   `--cors-origin` names an origin, then for that exact origin only, for the API's methods and
//!   headers; never `*`, never an origin it was not given, never for `/__admin`.
//!
//! Written inline rather than as tower-http layers for the reason the front door gives (a layer
//! boxes every request's future, and the API's paths are the hot ones): a request that carries no
//! `Origin` costs a header lookup or two.

use axum::extract::Request;
use axum::http::header::{self, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use bluetape_model::{ACCOUNT_ID_HEADER, API_KEY_HEADER};

use crate::ApiError;
use crate::request_id::REQUEST_ID_HEADER;
use crate::steering::PREFER_HEADER;
use crate::violations::VIOLATIONS_HEADER;

/// The names a mock on loopback answers to, besides those given with `--allow-host`.
pub const LOOPBACK_NAMES: [&str; 3] = ["localhost", "127.0.0.1", "[::1]"];

/// The request id's header, as a static so that its name lives as long as the program.
static REQUEST_ID: axum::http::HeaderName = REQUEST_ID_HEADER;

/// The request headers a page may send to the API (CORS `Access-Control-Allow-Headers`).
fn allowed_headers() -> [&'static str; 5] {
    [
        API_KEY_HEADER,
        ACCOUNT_ID_HEADER,
        "content-type",
        PREFER_HEADER,
        REQUEST_ID.as_str(),
    ]
}

/// The reply headers a page may read (CORS `Access-Control-Expose-Headers`).
fn exposed_headers() -> [&'static str; 3] {
    [REQUEST_ID.as_str(), "retry-after", VIOLATIONS_HEADER]
}
/// The API's methods (CORS `Access-Control-Allow-Methods`).
const ALLOWED_METHODS: &str = "GET, POST, PUT";
/// How long a browser may cache a granted preflight, in seconds.
const PREFLIGHT_MAX_AGE_SECONDS: u32 = 600;

/// The mock's rules for browsers; see the [module](self).
#[derive(Debug, Clone)]
pub(crate) struct BrowserPolicy {
    /// `None` when the mock listens beyond loopback (then every `Host` is answered, as the
    /// start-up message says).
    hosts: Option<Vec<AllowedHost>>,
    /// The mock's port: a loopback name with another port is not the mock's.
    port: u16,
    /// The exact origins granted CORS (`--cors-origin`), as their header values.
    cors_origins: Vec<HeaderValue>,
}

/// A name the mock answers to, with the only port it accepts it with (any, when `None`).
#[derive(Debug, Clone)]
struct AllowedHost {
    name: String,
    port: Option<u16>,
}

impl AllowedHost {
    /// `NAME` or `NAME:PORT` (`[::1]:8080` too), lower-cased.
    fn parse(text: &str) -> AllowedHost {
        let text = text.trim().to_ascii_lowercase();
        match split_port(&text) {
            (name, Some(port)) => AllowedHost {
                name: name.to_owned(),
                port: Some(port),
            },
            (name, None) => AllowedHost {
                name: name.to_owned(),
                port: None,
            },
        }
    }
}

/// `host:port` → (`host`, port); a bracketed IPv6 address keeps its brackets.
fn split_port(authority: &str) -> (&str, Option<u16>) {
    match authority.rsplit_once(':') {
        Some((name, port)) if !name.is_empty() && (!name.contains(':') || name.ends_with(']')) => {
            match port.parse() {
                Ok(port) => (name, Some(port)),
                Err(_) => (authority, None),
            }
        }
        _ => (authority, None),
    }
}

impl BrowserPolicy {
    /// The policy of a mock listening on `port`, on loopback or not, answering also to
    /// `allowed_hosts` and granting CORS to `cors_origins`.
    ///
    /// # Errors
    ///
    /// The origin that is not a valid header value, or is `*`.
    pub(crate) fn new(
        loopback: bool,
        port: u16,
        allowed_hosts: &[String],
        cors_origins: &[String],
    ) -> Result<BrowserPolicy, String> {
        let hosts = loopback.then(|| {
            LOOPBACK_NAMES
                .iter()
                .map(|name| AllowedHost {
                    name: (*name).to_owned(),
                    port: Some(port),
                })
                .chain(allowed_hosts.iter().map(|host| AllowedHost::parse(host)))
                .collect()
        });
        let cors_origins = cors_origins
            .iter()
            .map(|origin| {
                let origin = origin.trim().trim_end_matches('/');
                if origin == "*" {
                    return Err(
                        "--cors-origin *: name each origin; the mock never grants every one".into(),
                    );
                }
                HeaderValue::from_str(origin)
                    .map_err(|_| format!("--cors-origin {origin}: not a valid origin"))
            })
            .collect::<Result<_, String>>()?;
        Ok(BrowserPolicy {
            hosts,
            port,
            cors_origins,
        })
    }

    /// The refusal of a request whose `Host` is not one of the mock's names (DNS rebinding).
    /// Allocates nothing for a request that is the mock's.
    pub(crate) fn foreign_host(&self, request: &Request) -> Option<Response> {
        let hosts = self.hosts.as_ref()?;
        let authority = match request.uri().authority() {
            Some(authority) => authority.as_str(),
            None => request
                .headers()
                .get(header::HOST)
                .and_then(|host| host.to_str().ok())
                .unwrap_or_default(),
        };
        let (name, port) = split_port(authority);
        let ours = hosts.iter().any(|allowed| {
            allowed.name.eq_ignore_ascii_case(name)
                && match (allowed.port, port) {
                    (Some(expected), Some(port)) => expected == port,
                    // Without a port, the Host names port 80.
                    (Some(expected), None) => expected == 80,
                    (None, _) => true,
                }
        });
        if ours {
            return None;
        }
        let names: Vec<String> = LOOPBACK_NAMES
            .iter()
            .map(|name| format!("{name}:{}", self.port))
            .collect();
        Some(
            ApiError::status(
                StatusCode::MISDIRECTED_REQUEST,
                format!(
                    "Host {authority:?} is not this mock's: it answers {} (--allow-host NAME adds \
                     a name).",
                    names.join(", ")
                ),
            )
            .into_response(),
        )
    }

    /// The refusal of a control API request that a browser sent from another site, or of a
    /// control API POST that is not JSON.
    pub(crate) fn cross_site_control(&self, request: &Request) -> Option<Response> {
        let headers = request.headers();
        let refuse = |status: StatusCode, reason: String| {
            Some(ApiError::status(status, reason).into_response())
        };
        if headers
            .get("sec-fetch-site")
            .is_some_and(|site| site.as_bytes().eq_ignore_ascii_case(b"cross-site"))
        {
            return refuse(
                StatusCode::FORBIDDEN,
                "The control API: not from another site (Sec-Fetch-Site: cross-site).".to_owned(),
            );
        }
        if let Some(origin) = headers.get(header::ORIGIN) {
            let own = headers
                .get(header::HOST)
                .and_then(|host| host.to_str().ok())
                .map(|host| format!("http://{host}"));
            if own.as_deref().map(str::as_bytes) != Some(origin.as_bytes()) {
                return refuse(
                    StatusCode::FORBIDDEN,
                    format!(
                        "The control API: not from another origin ({}).",
                        String::from_utf8_lossy(origin.as_bytes())
                    ),
                );
            }
        }
        let is_json = headers
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(';').next())
            .is_some_and(|value| value.trim().eq_ignore_ascii_case("application/json"));
        if request.method() == Method::POST && !is_json {
            return refuse(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "The control API: POST takes Content-Type: application/json only.".to_owned(),
            );
        }
        None
    }

    /// The origin of an API request if CORS is granted to it. The front door never asks for a
    /// control API request: CORS never reaches it.
    pub(crate) fn granted_origin(&self, request: &Request) -> Option<HeaderValue> {
        if self.cors_origins.is_empty() {
            return None;
        }
        let origin = request.headers().get(header::ORIGIN)?;
        self.cors_origins
            .iter()
            .any(|granted| granted == origin)
            .then(|| origin.clone())
    }

    /// The answer to a CORS preflight (`OPTIONS` with `Access-Control-Request-Method`): 204 with
    /// the grant for an origin named with `--cors-origin`, 403 without one for any other.
    pub(crate) fn preflight(&self, request: &Request) -> Option<Response> {
        if request.method() != Method::OPTIONS
            || !request
                .headers()
                .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
        {
            return None;
        }
        let Some(origin) = self.granted_origin(request) else {
            return Some(
                ApiError::status(
                    StatusCode::FORBIDDEN,
                    "CORS: this origin is not granted (bluetape-mock --cors-origin ORIGIN grants \
                     one; never the control API)."
                        .to_owned(),
                )
                .into_response(),
            );
        };
        let mut response = StatusCode::NO_CONTENT.into_response();
        let headers = response.headers_mut();
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static(ALLOWED_METHODS),
        );
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            joined(&allowed_headers()),
        );
        headers.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from(PREFLIGHT_MAX_AGE_SECONDS),
        );
        headers.insert(header::VARY, HeaderValue::from_static("origin"));
        Some(response)
    }

    /// Adds the CORS grant to the reply of a request from `origin` (from
    /// [`granted_origin`](Self::granted_origin)).
    pub(crate) fn allow(origin: HeaderValue, response: &mut Response) {
        let headers = response.headers_mut();
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        headers.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            joined(&exposed_headers()),
        );
        headers.append(header::VARY, HeaderValue::from_static("origin"));
    }
}

/// Header names as one list, lower-cased (as HTTP/2 writes them).
fn joined(names: &[&str]) -> HeaderValue {
    let text = names.join(", ").to_ascii_lowercase();
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(method: Method, path: &str, headers: &[(&str, &str)]) -> Request {
        let mut builder = Request::builder().method(method).uri(path);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(axum::body::Body::empty()).expect("a request")
    }

    fn policy(allowed: &[&str], origins: &[&str]) -> BrowserPolicy {
        let owned = |values: &[&str]| values.iter().map(|v| (*v).to_owned()).collect::<Vec<_>>();
        BrowserPolicy::new(true, 8080, &owned(allowed), &owned(origins)).expect("a policy")
    }

    #[test]
    fn answers_its_loopback_names_with_its_port_and_the_names_added() {
        let policy = policy(&["mock", "box:9000"], &[]);
        for host in [
            "127.0.0.1:8080",
            "localhost:8080",
            "[::1]:8080",
            "LOCALHOST:8080",
            "mock",
            "mock:1234",
            "box:9000",
        ] {
            let refused = policy.foreign_host(&request(Method::GET, "/", &[("host", host)]));
            assert!(refused.is_none(), "{host} should be answered");
        }
        for host in [
            "attacker.example",
            "attacker.example:8080",
            "127.0.0.1:9999",
            "localhost",
            "box:9001",
            "127.0.0.1.attacker.example:8080",
        ] {
            let refused = policy.foreign_host(&request(Method::GET, "/", &[("host", host)]));
            assert_eq!(
                refused.map(|response| response.status()),
                Some(StatusCode::MISDIRECTED_REQUEST),
                "{host} should be refused"
            );
        }
        let beyond_loopback = BrowserPolicy::new(false, 8080, &[], &[]).expect("a policy");
        assert!(
            beyond_loopback
                .foreign_host(&request(Method::GET, "/", &[("host", "anything")]))
                .is_none()
        );
    }

    #[test]
    fn a_star_origin_is_refused_at_start() {
        assert!(BrowserPolicy::new(true, 8080, &[], &["*".to_owned()]).is_err());
    }

    #[test]
    fn the_preflight_grants_the_named_origin_only() {
        let policy = policy(&[], &["http://localhost:3000", "null"]);
        let preflight = |path: &str, origin: &str| {
            policy.preflight(&request(
                Method::OPTIONS,
                path,
                &[
                    ("origin", origin),
                    ("access-control-request-method", "POST"),
                ],
            ))
        };
        let granted =
            preflight("/integration/company", "http://localhost:3000").expect("a preflight answer");
        assert_eq!(granted.status(), StatusCode::NO_CONTENT);
        assert_eq!(
            granted.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN],
            "http://localhost:3000"
        );
        let allowed = granted.headers()[header::ACCESS_CONTROL_ALLOW_HEADERS]
            .to_str()
            .expect("text");
        for name in allowed_headers() {
            assert!(allowed.contains(&name.to_ascii_lowercase()), "{allowed}");
        }
        assert!(preflight("/integration/company", "null").is_some_and(|r| r.status() == 204));
        for (path, origin) in [
            ("/integration/company", "http://localhost:3001"),
            ("/integration/company", "https://evil.example"),
        ] {
            let refused = preflight(path, origin).expect("a preflight answer");
            assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{path} {origin}");
            assert!(
                !refused
                    .headers()
                    .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            );
        }
    }

    #[test]
    fn the_control_api_refuses_other_sites_and_non_json_posts() {
        let policy = policy(&[], &["http://localhost:3000"]);
        let check = |method: Method, headers: &[(&str, &str)]| {
            policy
                .cross_site_control(&request(method, "/__admin/reset", headers))
                .map(|response| response.status())
        };
        let json = ("content-type", "application/json");
        let host = ("host", "127.0.0.1:8080");
        assert_eq!(check(Method::POST, &[host, json]), None);
        assert_eq!(
            check(
                Method::POST,
                &[host, json, ("origin", "http://127.0.0.1:8080")]
            ),
            None
        );
        assert_eq!(
            check(
                Method::POST,
                &[host, json, ("origin", "http://localhost:3000")]
            ),
            Some(StatusCode::FORBIDDEN),
            "even a CORS origin does not reach the control API"
        );
        assert_eq!(
            check(Method::GET, &[host, ("sec-fetch-site", "cross-site")]),
            Some(StatusCode::FORBIDDEN)
        );
        assert_eq!(
            check(Method::POST, &[host, ("content-type", "text/plain")]),
            Some(StatusCode::UNSUPPORTED_MEDIA_TYPE)
        );
        assert_eq!(check(Method::GET, &[host]), None);
    }
}
