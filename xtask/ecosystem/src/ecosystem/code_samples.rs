//! The code samples of the documents (written into `openapi/samples/` by `cargo xtask codegen`:
//! `codegen/samples.rs`), every one run against `bluetape-mock` by `cargo xtask ecosystem`.
//!
//! Each sample runs on a fresh mock seeded with exactly what its operation needs (the company and
//! customer its path and body name), so the samples run in any order and each succeeds on its own.
//! Then it runs once more with a wrong API key, and must fail and print the API's reason: a sample
//! that swallowed errors would pass the first run only.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use bluetape_model::render::Version;
use bluetape_model::{Company, Customer, DocumentedError};
use bluetape_writers::code_samples::{
    ACCOUNT_ID_VARIABLE, API_KEY_VARIABLE, BASE_URL_VARIABLE, DIRECTORY, Language, SampleRequest,
    requests,
};
use bluetape_writers::documents::document;
use serde_json::{Value, json};

use test_support::process::{ServerProcess, cargo, run};
use xtask::codegen::samples::RUST_PACKAGE;
use xtask::error::XtaskError;
use xtask::tools::{self, Tools};

/// Debian's Mono compiler and runtime (package mono-devel).
const MCS: &str = "/usr/bin/mcs";
const MONO: &str = "/usr/bin/mono";
/// Debian's Go (package golang-go).
const GO: &str = "/usr/bin/go";
/// The credentials the mock is started with and the samples send.
const API_KEY: &str = "sample-api-key";
const ACCOUNT_ID: &str = "sample-account-id";

/// What a sample run needs: where the tools are, the mock binary, a scratch folder.
pub struct SampleRun<'a> {
    /// The workspace root.
    pub root: &'a Path,
    /// The pinned tools (Python with `requests` is the venv's).
    pub tools: &'a Tools,
    /// The `bluetape-mock` binary.
    pub mock_binary: &'a Path,
}

/// Runs every committed sample against a freshly seeded mock, then again with a wrong key; returns
/// a table of each language's time.
///
/// # Errors
///
/// [`XtaskError::Step`] naming the language and the operation, with the sample's output, when a
/// sample fails, prints nothing, or does not fail on a wrong key.
pub fn run_all(context: &SampleRun<'_>) -> Result<String, XtaskError> {
    const STEP: &str = "code samples";
    for (program, package) in [(MCS, "mono-devel"), (MONO, "mono-devel"), (GO, "golang-go")] {
        tools::require(STEP, program, &format!("apt-get install {package}"))?;
    }
    let document = document(Version::V3_1)?;
    let requests = requests(&document)?;
    let scratch = context.root.join("target/code-samples");
    tools::clean(&scratch)?;
    let samples = context.root.join(DIRECTORY);
    let mut times: BTreeMap<&'static str, Duration> = BTreeMap::new();

    // Compiled languages are built once, up front, and the build counted in their time.
    let started = Instant::now();
    build_rust_samples(context.root)?;
    times.insert(Language::Rust.label(), started.elapsed());
    let started = Instant::now();
    for request in &requests {
        let file = request.file_name(Language::CSharp);
        run(
            &format!("code samples: C# {}: mcs", request.operation_id),
            Command::new(MCS)
                .args(["-r:System.Net.Http.dll", "-nologo"])
                .arg(format!(
                    "-out:{}",
                    scratch.join(file.replace(".cs", ".exe")).display()
                ))
                .arg(samples.join(&file)),
        )?;
    }
    times.insert(Language::CSharp.label(), started.elapsed());

    let mut runs = 0;
    for request in &requests {
        let seed = scratch.join(format!("{}.seed.json", request.operation_id));
        let seed_text = serde_json::to_string_pretty(&seed_for(request)).unwrap_or_default();
        std::fs::write(&seed, seed_text).map_err(|error| XtaskError::io("write", &seed, error))?;
        for language in Language::ALL {
            let started = Instant::now();
            let failure = |message: String| XtaskError::Step {
                step: format!(
                    "code samples: {} {}",
                    language.label(),
                    request.operation_id
                ),
                message,
            };
            let mock = ServerProcess::announcing_url(
                "bluetape-mock",
                Command::new(context.mock_binary)
                    .args(["--host", "127.0.0.1", "--port", "0", "--seed"])
                    .arg(&seed)
                    .env("BLUETAPE_MOCK_API_KEY", API_KEY)
                    .env("BLUETAPE_MOCK_ACCOUNT_ID", ACCOUNT_ID),
            )?;
            let success = sample_command(context, &scratch, request, language)
                .env(API_KEY_VARIABLE, API_KEY)
                .env(ACCOUNT_ID_VARIABLE, ACCOUNT_ID)
                .env(BASE_URL_VARIABLE, mock.url())
                .output()
                .map_err(|error| failure(format!("cannot run it: {error}")))?;
            let output = output_text(&success);
            if !success.status.success() {
                return Err(failure(format!("{}\n{output}", success.status)));
            }
            let printed: Result<Value, _> = serde_json::from_slice(&success.stdout);
            if printed.as_ref().map_or(true, Value::is_null) {
                return Err(failure(format!("it printed no JSON reply:\n{output}")));
            }
            let refused = sample_command(context, &scratch, request, language)
                .env(API_KEY_VARIABLE, "not-the-key")
                .env(ACCOUNT_ID_VARIABLE, ACCOUNT_ID)
                .env(BASE_URL_VARIABLE, mock.url())
                .output()
                .map_err(|error| failure(format!("cannot run it: {error}")))?;
            let reason = DocumentedError::Unauthorized.body().reason;
            let refused_output = output_text(&refused);
            if refused.status.success() || !refused_output.contains(&reason) {
                return Err(failure(format!(
                    "with a wrong key it must fail and print the API's reason ({reason:?}); \
                     it exited {} and printed:\n{refused_output}",
                    refused.status
                )));
            }
            runs += 1;
            *times.entry(language.label()).or_default() += started.elapsed();
        }
    }
    let mut table = format!(
        "{runs} samples ({} operations × {} languages) succeeded against a seeded bluetape-mock, \
         and each failed with the API's reason on a wrong key\n| language | time (build + 2 runs each) |\n|---|---|\n",
        requests.len(),
        Language::ALL.len()
    );
    for language in Language::ALL {
        let time = times.get(language.label()).copied().unwrap_or_default();
        table.push_str(&format!(
            "| {} | {:.1} s |\n",
            language.label(),
            time.as_secs_f64()
        ));
    }
    Ok(table)
}

fn sample_command(
    context: &SampleRun<'_>,
    scratch: &Path,
    request: &SampleRequest,
    language: Language,
) -> Command {
    let samples = context.root.join(DIRECTORY);
    let file = samples.join(request.file_name(language));
    // The program that runs the file, for the languages that are run from their source.
    let run_with = |program: &std::ffi::OsStr| {
        let mut command = Command::new(program);
        command.arg(&file);
        command
    };
    let mut command = match language {
        Language::Curl => run_with("sh".as_ref()),
        Language::Python => run_with(context.tools.python_tool("python").as_os_str()),
        Language::JavaScript => run_with("node".as_ref()),
        Language::Java => run_with("java".as_ref()),
        Language::CSharp => {
            let mut command = Command::new(MONO);
            command.arg(scratch.join(request.file_name(language).replace(".cs", ".exe")));
            command
        }
        Language::Go => {
            let mut command = Command::new(GO);
            command
                .arg("run")
                .arg(&file)
                .env("GOFLAGS", "-mod=mod")
                .env("GOPROXY", "off")
                .env("GOCACHE", scratch.join("go-cache"));
            command
        }
        Language::Rust => Command::new(rust_binary(context.root, request)),
    };
    command.current_dir(scratch);
    command
}

fn rust_binary(root: &Path, request: &SampleRequest) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    target.join("debug").join(request.snake_name())
}

fn output_text(output: &std::process::Output) -> String {
    format!(
        "stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// What the mock must hold for `request` to succeed: every company and customer its path and body
/// name, with no customer attached to a company (so that a create or a link may attach one).
fn seed_for(request: &SampleRequest) -> Value {
    let mut companies = Vec::new();
    let mut customers = Vec::new();
    // The path names its resource by the segment before the parameter: `/company/{id}/…`.
    let segments: Vec<&str> = request.path_template.split('/').collect();
    let mut arguments = request.path_arguments.iter();
    for pair in segments.windows(2) {
        if pair[1].starts_with('{') {
            let Some(id) = arguments.next() else { break };
            match pair[0] {
                "company" => companies.push(company(id)),
                "customer" => customers.push(customer(id)),
                _ => {}
            }
        }
    }
    if let Some((_, body)) = &request.body {
        if let Some(id) = body.get("companyId").and_then(Value::as_str) {
            companies.push(company(id));
        }
        if let Some(id) = body.get("customerId").and_then(Value::as_str) {
            customers.push(customer(id));
        }
    }
    json!({ "companies": companies, "customers": customers })
}

fn company(id: &str) -> Value {
    let mut company = Company::example();
    company.id = id.to_owned();
    company.customers = None;
    serde_json::to_value(company).unwrap_or_default()
}

fn customer(id: &str) -> Value {
    let mut customer = Customer::example();
    customer.id = id.to_owned();
    customer.company_id = None;
    serde_json::to_value(customer).unwrap_or_default()
}

/// Builds the Rust samples (a workspace of their own, see `openapi/samples/Cargo.toml`) into the
/// repository's target directory, with the versions of the repository's lock file: copied in for
/// the build, then removed (codegen owns every file of the directory).
fn build_rust_samples(root: &Path) -> Result<(), XtaskError> {
    let lock = root.join(DIRECTORY).join("Cargo.lock");
    std::fs::copy(root.join("Cargo.lock"), &lock)
        .map_err(|source| XtaskError::io("copy", &lock, source))?;
    let built = run(
        &format!("code samples: build the Rust samples ({RUST_PACKAGE})"),
        cargo()
            .args(["build", "--quiet", "--bins", "--manifest-path"])
            .arg(root.join(DIRECTORY).join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", root.join("target"))
            .current_dir(root),
    );
    std::fs::remove_file(&lock).map_err(|source| XtaskError::io("remove", &lock, source))?;
    built.map(drop).map_err(XtaskError::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(operation_id: &str) -> SampleRequest {
        requests(&document(Version::V3_1).unwrap())
            .unwrap()
            .into_iter()
            .find(|request| request.operation_id == operation_id)
            .unwrap()
    }

    #[test]
    fn each_sample_is_seeded_with_what_it_names() {
        let link = seed_for(&request("linkCompanyCustomer"));
        assert_eq!(link["companies"][0]["id"], "a0b9cedc32ce");
        assert_eq!(link["customers"][0]["id"], "7ba4877cbf52");
        let create = seed_for(&request("createCustomer"));
        assert_eq!(create["companies"][0]["id"], "a0b9cedc32ce");
        assert_eq!(create["customers"], json!([]));
        assert_eq!(
            seed_for(&request("createCompany")),
            json!({"companies": [], "customers": []})
        );
        let update = seed_for(&request("updateCustomer"));
        assert_eq!(update["customers"][0]["id"], "dc506b22c7fa");
    }
}
