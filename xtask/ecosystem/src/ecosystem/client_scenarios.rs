//! The end-to-end scenario every generated client runs (Go, Java, Python, TypeScript): a program
//! in the client's language, using the client the way the README shows, against a fresh mock and
//! a redirect trap. The program checks what it can see (statuses, bodies, the API's `code` and
//! `reason` through the client's own error type); this module then checks what only the servers
//! can see:
//!
//! - the mock's journal holds the five operations with their documented statuses, a 404 and a
//!   409;
//! - the amounts of 9, 15 and 27 significant digits reached the mock digit for digit;
//! - every date-time was sent with its offset (RFC 3339);
//! - the trap answered 301, 302, 303, 307 and 308 pointing at another origin, and that origin
//!   received no request carrying either credential.
//!
//! A failure names the language and the check.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex, PoisonError};

use axum::Router;
use axum::extract::Request;
use axum::http::{StatusCode, header};

use bluetape_mock::{
    DEFAULT_ACCOUNT_ID, DEFAULT_API_KEY, JournalEntry, JournalPage, MockConfig, RunningMock,
};
use bluetape_model::{ACCOUNT_ID_HEADER, API_KEY_HEADER};
use test_support::process::run;

use xtask::error::XtaskError;

/// The README's generation command for `language`: in its block of commands, the lines after the
/// comment `# <language> (…`, continuation lines joined, up to the next comment.
pub fn readme_command(root: &Path, language: &str) -> Result<String, XtaskError> {
    let path = root.join("README.md");
    let readme =
        std::fs::read_to_string(&path).map_err(|source| XtaskError::io("read", &path, source))?;
    let heading = format!("# {language} (");
    let mut lines = readme
        .lines()
        .skip_while(|line| !line.starts_with(&heading));
    lines.next().ok_or_else(|| XtaskError::Step {
        step: format!("{language} client"),
        message: format!("README.md has no line starting with {heading:?}"),
    })?;
    let command = lines
        .take_while(|line| !line.starts_with('#') && !line.starts_with("```"))
        .map(|line| line.trim_end().trim_end_matches('\\').trim())
        .collect::<Vec<_>>()
        .join(" ");
    Ok(command)
}

/// The Go toolchain the generated client's `go.mod` accepts (1.23 or newer): the machine's
/// current Go (`/usr/local/go/bin/go`), else the `go` on `PATH` if it is new enough.
pub fn go_toolchain() -> Result<PathBuf, XtaskError> {
    let candidates = [PathBuf::from("/usr/local/go/bin/go"), PathBuf::from("go")];
    let mut seen = Vec::new();
    for candidate in candidates {
        let Ok(output) = Command::new(&candidate).arg("version").output() else {
            continue;
        };
        let version = String::from_utf8_lossy(&output.stdout).trim().to_owned();
        // `go version go1.26.8 linux/amd64`
        let minor = version
            .split_whitespace()
            .nth(2)
            .and_then(|release| release.strip_prefix("go1."))
            .and_then(|rest| rest.split('.').next())
            .and_then(|minor| minor.parse::<u32>().ok());
        if minor.is_some_and(|minor| minor >= 23) {
            return Ok(candidate);
        }
        seen.push(version);
    }
    Err(XtaskError::Step {
        step: "go client".into(),
        message: format!(
            "no Go 1.23 or newer (the generated go.mod's): found {seen:?}; install a current Go \
             (https://go.dev/dl) into /usr/local/go"
        ),
    })
}

/// Runs the README's command for `language` as written, in `scratch` (which gets links to the
/// repository's `openapi/` and `ecosystem/`, so that its relative paths resolve and its output
/// lands in `scratch`) and to the pinned npm packages (`node_modules`), with the pinned tools first
/// on `PATH`; returns its output.
pub fn run_readme_command(
    root: &Path,
    tools: &xtask::tools::Tools,
    language: &str,
    scratch: &Path,
) -> Result<String, XtaskError> {
    let command = readme_command(root, language)?;
    xtask::tools::clean(scratch)?;
    let links = [
        ("openapi", root.join("openapi")),
        ("ecosystem", root.join("ecosystem")),
        // The pinned npm tools, as a project's own `npm install` would put them.
        ("node_modules", tools.npm.join("node_modules")),
    ];
    for (name, target) in links {
        let link = scratch.join(name);
        std::os::unix::fs::symlink(target, &link)
            .map_err(|source| XtaskError::io("link", &link, source))?;
    }
    let path = std::env::join_paths(
        [tools.venv.join("bin"), tools.npm.join("node_modules/.bin")]
            .into_iter()
            .chain(std::env::split_paths(
                &std::env::var_os("PATH").unwrap_or_default(),
            )),
    )
    .map_err(|error| XtaskError::Step {
        step: format!("{language} client"),
        message: format!("PATH: {error}"),
    })?;
    Ok(run(
        &format!("{language} client: the README's command"),
        Command::new("bash")
            .args(["-euo", "pipefail", "-c", &command])
            .current_dir(scratch)
            .env("PATH", path)
            .env("NO_UPDATE_NOTIFIER", "1"),
    )?)
}

/// The amounts every scenario sends as a company's `creditDetails`: 9, 15 and 27 significant
/// digits (a binary float keeps about 15).
pub const AMOUNTS: [(&str, &str); 3] = [
    ("creditAmount", "1234567.89"),
    ("outstandingAmount", "9876543210123.45"),
    ("overdueBalance", "1234567890123456789012345.67"),
];

/// The redirect statuses the trap answers, one per request, in this order.
pub const REDIRECTS: [u16; 5] = [301, 302, 303, 307, 308];

/// What a scenario program is told, through its environment.
pub const BASE_URL_VARIABLE: &str = "BLUETAPE_BASE_URL";
/// The trap's URL: a base URL whose every request is redirected to another origin.
pub const REDIRECT_URL_VARIABLE: &str = "BLUETAPE_REDIRECT_URL";

/// The checks, by name, as a failure reports them.
pub const CHECKS: [&str; 5] = [
    "the program's own checks",
    "five operations, a 404 and a 409 reached the mock",
    "amounts exact to 28 digits",
    "date-times with their offset",
    "no credential follows a redirect",
];

/// Runs `program` (a scenario in `language`) against a fresh mock and a redirect trap, then
/// checks what the servers received; returns the line for the step's summary.
pub fn run_scenario(language: &str, program: &mut Command) -> Result<String, XtaskError> {
    let runtime = scenario_runtime(language)?;
    let mock = runtime
        .block_on(RunningMock::start(MockConfig::default()))
        .map_err(|error| {
            scenario_failure(language, "setup", format!("cannot start the mock: {error}"))
        })?;
    program
        .env(BASE_URL_VARIABLE, mock.url())
        .env("BLUETAPE_API_KEY", DEFAULT_API_KEY)
        .env("BLUETAPE_ACCOUNT_ID", DEFAULT_ACCOUNT_ID);
    let outcome = run_with_trap(language, program, &runtime, |_| Ok(mock.journal(None)));
    drop(runtime.block_on(mock.shutdown()));
    outcome
}

/// Runs `program` (a scenario in `language`) against the server it is given or starts itself,
/// and a redirect trap, then checks what that server received: `program` prints its journal as
/// one line `journal {"entries": [...]}` (`GET /__admin/journal`). Returns the line for the step's
/// summary.
pub fn run_scenario_printing_its_journal(
    language: &str,
    program: &mut Command,
) -> Result<String, XtaskError> {
    let runtime = scenario_runtime(language)?;
    run_with_trap(language, program, &runtime, |printed| {
        let line = printed
            .lines()
            .rev()
            .find_map(|line| line.strip_prefix("journal "))
            .ok_or("the program printed no journal")?;
        // Straight from the text: the bodies stay raw JSON, their amounts digit for digit.
        serde_json::from_str::<JournalPage>(line)
            .map(|page| page.entries)
            .map_err(|error| format!("its journal line is no journal ({error}): {line}"))
    })
}

fn scenario_runtime(language: &str) -> Result<tokio::runtime::Runtime, XtaskError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|error| {
            scenario_failure(
                language,
                "setup",
                format!("cannot start a runtime: {error}"),
            )
        })
}

fn scenario_failure(language: &str, check: &str, message: String) -> XtaskError {
    XtaskError::Step {
        step: format!("{language} client scenario"),
        message: format!("{language}: {check}: {message}"),
    }
}

/// Runs `program` with a redirect trap, then the checks of [`CHECKS`] on the journal that
/// `journal` reads (given what the program printed).
fn run_with_trap(
    language: &str,
    program: &mut Command,
    runtime: &tokio::runtime::Runtime,
    journal: impl FnOnce(&str) -> Result<Vec<JournalEntry>, String>,
) -> Result<String, XtaskError> {
    let step = format!("{language} client scenario");
    let trap = RedirectTrap::start(runtime).map_err(|error| {
        scenario_failure(
            language,
            "setup",
            format!("cannot start the redirect trap: {error}"),
        )
    })?;
    let program_outcome = run(&step, program.env(REDIRECT_URL_VARIABLE, trap.url()));
    // The servers' checks run even when the program failed: a failure reports every broken
    // promise, not only the first.
    let journal = journal(program_outcome.as_deref().unwrap_or_default());
    let journal_checks = |check: fn(&[JournalEntry]) -> Result<(), String>| {
        journal
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|journal| check(journal))
    };
    let outcomes = [
        program_outcome
            .as_ref()
            .map(|_| ())
            .map_err(|error| error.message.clone()),
        journal_checks(check_operations),
        journal_checks(check_amounts),
        journal_checks(check_date_times),
        trap.check(),
    ];
    let failures: Vec<String> = CHECKS
        .iter()
        .zip(&outcomes)
        .filter_map(|(check, outcome)| {
            outcome
                .as_ref()
                .err()
                .map(|message| format!("{language}: {check}: {message}"))
        })
        .collect();
    if !failures.is_empty() {
        return Err(XtaskError::Step {
            step,
            message: failures.join("\n"),
        });
    }
    let passed = program_outcome
        .unwrap_or_default()
        .lines()
        .filter(|line| line.starts_with("ok "))
        .count();
    Ok(format!(
        "{language}: {passed} checks of its own and {} of the servers passed",
        CHECKS.len() - 1
    ))
}

/// The five operations answered their documented success, and a 404 and a 409 were answered.
fn check_operations(journal: &[JournalEntry]) -> Result<(), String> {
    let answered = |operation: &str, statuses: &[u16]| {
        journal.iter().any(|entry| {
            entry.operation.as_deref() == Some(operation)
                && entry
                    .status
                    .is_some_and(|status| statuses.contains(&status))
        })
    };
    let expected: [(&str, &[u16]); 5] = [
        ("createCompany", &[201]),
        ("createCustomer", &[201]),
        ("updateCustomer", &[202]),
        ("linkCompanyCustomer", &[200, 201]),
        ("getCustomerSignup", &[200]),
    ];
    let missing: Vec<&str> = expected
        .iter()
        .filter(|(operation, statuses)| !answered(operation, statuses))
        .map(|(operation, _)| *operation)
        .collect();
    let refusals = [404, 409]
        .into_iter()
        .filter(|status| !journal.iter().any(|entry| entry.status == Some(*status)))
        .collect::<Vec<_>>();
    if missing.is_empty() && refusals.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "no documented success for {missing:?}; no reply with {refusals:?}"
        ))
    }
}

/// A company carried every amount of [`AMOUNTS`], digit for digit, as a JSON number.
fn check_amounts(journal: &[JournalEntry]) -> Result<(), String> {
    let bodies: Vec<String> = journal
        .iter()
        .filter(|entry| entry.operation.as_deref() == Some("createCompany"))
        .filter_map(|entry| entry.body.as_ref())
        .map(|body| compact(body.text()))
        .filter(|text| text.contains("\"creditDetails\""))
        .collect();
    // The number must end where the amount does: `1234567.891` is not `1234567.89`.
    let exact = bodies.iter().any(|text| {
        AMOUNTS.iter().all(|(field, amount)| {
            [',', '}']
                .iter()
                .any(|end| text.contains(&format!("\"{field}\":{amount}{end}")))
        })
    });
    if exact {
        Ok(())
    } else {
        Err(format!(
            "no company carried {} exactly; the mock received: {bodies:?}",
            AMOUNTS
                .iter()
                .map(|(field, amount)| format!("{field} {amount}"))
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }
}

/// The JSON text without whitespace outside strings, so that `"a": 1` and `"a":1` compare equal.
pub(super) fn compact(text: &str) -> String {
    let mut compact = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for character in text.chars() {
        if in_string {
            compact.push(character);
            match (escaped, character) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if character == '"' {
            in_string = true;
            compact.push(character);
        } else if !character.is_whitespace() {
            compact.push(character);
        }
    }
    compact
}

/// Every `sourceModifiedDate` sent is an RFC 3339 date-time with its offset (`Z` or `±hh:mm`).
fn check_date_times(journal: &[JournalEntry]) -> Result<(), String> {
    let mut seen = Vec::new();
    for body in journal.iter().filter_map(|entry| entry.body.as_ref()) {
        collect_date_times(&body.json(), &mut seen);
    }
    let without_offset: Vec<&String> = seen
        .iter()
        .filter(|value| chrono::DateTime::parse_from_rfc3339(value).is_err())
        .collect();
    if seen.is_empty() {
        Err("no sourceModifiedDate reached the mock".into())
    } else if !without_offset.is_empty() {
        Err(format!("not RFC 3339 with an offset: {without_offset:?}"))
    } else {
        Ok(())
    }
}

fn collect_date_times(value: &serde_json::Value, seen: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(fields) => {
            for (name, field) in fields {
                match field {
                    serde_json::Value::String(text)
                        if name == "sourceModifiedDate" || name == "accountCreationDate" =>
                    {
                        seen.push(text.clone());
                    }
                    other => collect_date_times(other, seen),
                }
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                collect_date_times(item, seen);
            }
        }
        _ => {}
    }
}

/// What the trap's other origin received: each request's credential headers, if any.
#[derive(Default)]
struct Seen {
    /// Redirects answered, by status.
    redirected: Vec<u16>,
    /// Requests the other origin received, and which credential headers each carried.
    arrived: Vec<(String, Vec<String>)>,
}

/// Two servers on loopback: the trap, whose every request is answered with a redirect (the next
/// of [`REDIRECTS`]) to the other, a different origin (another port), which records what
/// arrives.
struct RedirectTrap {
    url: String,
    seen: Arc<Mutex<Seen>>,
}

impl RedirectTrap {
    fn start(runtime: &tokio::runtime::Runtime) -> std::io::Result<Self> {
        let seen = Arc::new(Mutex::new(Seen::default()));
        let (elsewhere, trap) = runtime.block_on(async {
            let bind = || tokio::net::TcpListener::bind("127.0.0.1:0");
            Ok::<_, std::io::Error>((bind().await?, bind().await?))
        })?;
        let elsewhere_url = format!("http://{}", elsewhere.local_addr()?);
        let url = format!("http://{}", trap.local_addr()?);

        let recorded = seen.clone();
        let record = Router::new().fallback(move |request: Request| {
            let recorded = recorded.clone();
            async move {
                let credentials = [API_KEY_HEADER, ACCOUNT_ID_HEADER]
                    .into_iter()
                    .filter(|name| request.headers().contains_key(*name))
                    .map(str::to_owned)
                    .collect();
                let line = format!("{} {}", request.method(), request.uri());
                lock(&recorded).arrived.push((line, credentials));
                (
                    [(header::CONTENT_TYPE, "application/json")],
                    r#"{"blueTapeId":"stolen","signUpUrl":"https://elsewhere.example/stolen"}"#,
                )
            }
        });
        let redirected = seen.clone();
        let location = format!("{elsewhere_url}/integration/customer/stolen/signup");
        let redirect = Router::new().fallback(move || {
            let (redirected, location) = (redirected.clone(), location.clone());
            async move {
                let mut seen = lock(&redirected);
                let status = REDIRECTS[seen.redirected.len() % REDIRECTS.len()];
                seen.redirected.push(status);
                (
                    StatusCode::from_u16(status).unwrap_or(StatusCode::FOUND),
                    [(header::LOCATION, location)],
                )
            }
        });
        runtime.spawn(async move { axum::serve(elsewhere, record).await });
        runtime.spawn(async move { axum::serve(trap, redirect).await });
        Ok(RedirectTrap { url, seen })
    }

    fn url(&self) -> &str {
        &self.url
    }

    /// Every redirect status was answered, and no request with a credential reached the other
    /// origin.
    fn check(&self) -> Result<(), String> {
        let seen = lock(&self.seen);
        let leaked: Vec<&(String, Vec<String>)> = seen
            .arrived
            .iter()
            .filter(|(_, credentials)| !credentials.is_empty())
            .collect();
        if !leaked.is_empty() {
            return Err(format!(
                "after a redirect, the other origin received the credentials: {leaked:?}"
            ));
        }
        let mut answered = seen.redirected.clone();
        answered.sort_unstable();
        answered.dedup();
        if answered != REDIRECTS {
            return Err(format!(
                "the program made {} calls to the trap, answered with {:?}; each of {REDIRECTS:?} \
                 must be tried",
                seen.redirected.len(),
                seen.redirected
            ));
        }
        Ok(())
    }
}

fn lock(seen: &Mutex<Seen>) -> std::sync::MutexGuard<'_, Seen> {
    seen.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_json_keeps_strings_whole() {
        assert_eq!(
            compact("{\"a b\": 1.50, \"c\" : [ 2 ]}"),
            "{\"a b\":1.50,\"c\":[2]}"
        );
    }
}
