//! `cargo xtask ecosystem`: proves, with the tools our users use, that the documents in `openapi/`
//! lint clean, publish as a self-contained reference page, run as workflows (Arazzo), as a Postman
//! collection and as an `.http` file, and generate clients in Go, Java, Python and TypeScript that
//! keep the Rust client's promises against the mock; and runs the code samples and schemathesis
//! against the mock server.

mod arazzo_workflows;
mod client_scenarios;
mod code_samples;
mod container_image;
mod context;
mod mcp_bundle;
mod mcp_registry;
mod mcp_server;
mod npm_packages;
mod postman_and_editor;
mod python_wheel;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use bluetape_model::render::{DOCUMENTS, Format, Version, path as document_path};
use bluetape_writers::documents::Documents;
use bluetape_writers::{arazzo, markdown};

use self::context::{Context, command, readme_shows};
use crate::docs;
use test_support::process::{ServerProcess, cargo, run};
use xtask::codegen::MOCK_CONTROL_DOCUMENT;
use xtask::error::XtaskError;
use xtask::tools;

/// Every document in `openapi/`, as linted: the API's four, and the mock's control API.
fn documents() -> Vec<String> {
    DOCUMENTS
        .iter()
        .map(|&(version, format)| document_path(version, format))
        .chain([MOCK_CONTROL_DOCUMENT.to_owned()])
        .collect()
}

/// The JSON document of `version`: 3.1 for the reference page and the Python and TypeScript
/// clients; 3.0.3 for Java (openapi-generator's 3.1 support is in beta).
fn json_document(version: Version) -> String {
    document_path(version, Format::Json)
}
/// Debian's Chromium, driven by playwright-core.
const CHROMIUM: &str = "/usr/bin/chromium";
/// Schemathesis runs at least this many cases on the documented operations.
const SCHEMATHESIS_MINIMUM_CASES: &str = "500";

/// One step of the run: its name, and what it measured or produced.
type Step = (&'static str, fn(&Context) -> Result<String, XtaskError>);

const STEPS: [Step; 18] = [
    ("openapi-spec-validator", spec_validator),
    ("redocly lint (recommended-strict)", redocly_lint),
    ("spectral lint (spectral:oas)", spectral_lint),
    (
        "arazzo workflows: lint, then redocly respect against the mock (twice, then a wrong key)",
        arazzo_workflows::lint_and_run,
    ),
    (
        "postman collection and .http file: newman (twice, then a wrong key) and httpyac against the mock",
        postman_and_editor::run_both,
    ),
    (
        "docs site: cargo xtask docs, then the reference page and the consoles (the mock's, CORS, the published one) in Chromium",
        docs_site,
    ),
    ("python wheel of bluetape-mock: maturin build", python_wheel),
    (
        "python client: the README's command, the wheel's fixtures in a fresh venv, then the scenario against the mock",
        python_client,
    ),
    (
        "typescript client: the README's command, tsc (strict), then the scenario against the mock",
        typescript_client,
    ),
    (
        "java client: the README's command (generation and Maven), then the scenario against the mock",
        java_client,
    ),
    (
        "go client: the README's command, then the scenario against the mock",
        go_client,
    ),
    (
        "code samples: 7 languages × every operation against bluetape-mock",
        run_code_samples,
    ),
    ("schemathesis against bluetape-mock", schemathesis),
    (
        "mcp server: the wheel, the README's configurations through the MCP Inspector (--strict) and the Python SDK (both protocol eras) against a mock",
        mcp_server::run_all,
    ),
    (
        "mcp registry entry: mcp/server.json against the registry's pinned schema, and the packages' mcp-name lines",
        mcp_registry::check,
    ),
    (
        "npm packages: the README's cargo xtask dist npm, installed offline from the tarballs, npx bluetape-mock, the README's npx bluetape-mcp through the Inspector, the TypeScript client against startMock()",
        npm_packages::run_all,
    ),
    (
        "mcp bundle: the README's cargo xtask dist bundle, unpacked and started as its manifest says, through the Inspector",
        mcp_bundle::run_all,
    ),
    (
        "container image: the README's cargo xtask dist image (podman), its configuration, its root filesystem under chroot",
        container_image::run_all,
    ),
];

/// Runs every step (or those whose name contains `only`), prints a table of their times, and
/// fails on the first failure.
///
/// # Errors
///
/// The failing step's [`XtaskError`].
pub fn run_all(root: &Path, only: Option<&str>) -> Result<(), XtaskError> {
    let mut timings: Vec<(&str, Duration)> = Vec::new();
    let started = Instant::now();
    let tools = tools::ensure(root)?;
    timings.push(("tools (pinned venv and npm prefix)", started.elapsed()));

    let started = Instant::now();
    run(
        "build bluetape-mock",
        cargo()
            .args(["build", "--quiet", "-p", "bluetape-mock"])
            .current_dir(root),
    )?;
    timings.push(("build bluetape-mock", started.elapsed()));
    let context = Context {
        root: root.to_path_buf(),
        tools,
        mock_binary: root.join("target/debug/bluetape-mock"),
    };

    for (name, step) in STEPS {
        if only.is_some_and(|only| !name.contains(only)) {
            println!("=== {name}: SKIPPED (--only {})", only.unwrap_or_default());
            continue;
        }
        println!("=== {name}");
        let started = Instant::now();
        let detail = step(&context)?;
        let elapsed = started.elapsed();
        if !detail.is_empty() {
            println!("{detail}");
        }
        timings.push((name, elapsed));
    }
    println!("\n| step | time |\n|---|---|");
    for (name, elapsed) in &timings {
        println!("| {name} | {:.1} s |", elapsed.as_secs_f64());
    }
    Ok(())
}

/// Fails when a generator's output mentions a warning: no generator may warn about our documents.
fn no_warnings(step: &str, output: &str, markers: &[&str]) -> Result<(), XtaskError> {
    let warnings: Vec<&str> = output
        .lines()
        .filter(|line| markers.iter().any(|marker| line.contains(marker)))
        .collect();
    if warnings.is_empty() {
        Ok(())
    } else {
        Err(XtaskError::Step {
            step: step.to_owned(),
            message: format!(
                "the generator warned about our documents:\n{}",
                warnings.join("\n")
            ),
        })
    }
}

fn spec_validator(context: &Context) -> Result<String, XtaskError> {
    Ok(run(
        "openapi-spec-validator",
        command(context.tools.python_tool("openapi-spec-validator"), context).args(documents()),
    )?)
}

fn redocly_lint(context: &Context) -> Result<String, XtaskError> {
    // redocly.yaml extends recommended-strict: every warning is an error.
    let output = run(
        "redocly lint",
        command(context.tools.npm_tool("redocly"), context)
            .arg("lint")
            .args(documents()),
    )?;
    Ok(output
        .lines()
        .filter(|line| line.contains("valid"))
        .collect::<Vec<_>>()
        .join("\n"))
}

fn spectral_lint(context: &Context) -> Result<String, XtaskError> {
    Ok(run(
        "spectral lint",
        command(context.tools.npm_tool("spectral"), context)
            .args([
                "lint",
                "--ruleset",
                ".spectral.yaml",
                "--fail-severity",
                "warn",
            ])
            .args(documents()),
    )?)
}

/// The README's command that writes the docs site, run as written.
const DOCS_COMMAND: &str = "cargo xtask docs doc-site";

/// The docs site as the README's command writes it, then in Chromium: the reference page (every
/// operation, no network), the mock's console (a call sent from it, CORS refused and granted) and
/// the published console; and the embedded Scalar checked against its npm package.
fn docs_site(context: &Context) -> Result<String, XtaskError> {
    const STEP: &str = "docs site";
    tools::require(STEP, CHROMIUM, "apt-get install chromium")?;
    readme_shows(context, STEP, &[DOCS_COMMAND])?;
    let run_in = context.root.join("target/ecosystem/docs-run");
    tools::clean(&run_in)?;
    run(
        STEP,
        Command::new("bash")
            .args(["-c", DOCS_COMMAND])
            .current_dir(&run_in),
    )?;
    let site = run_in.join("doc-site");
    let page = site.join(docs::REFERENCE_PAGE);
    let pages = markdown::operation_pages(&Documents::derive()?.openapi_3_1)?;
    let screenshot = site.join("screenshot.png");
    // A browser test of ecosystem/: node's test runner, the pinned playwright-core, Chromium.
    let browser_test = |file: &str| {
        let mut test = command("node", context);
        test.arg("--test")
            .arg(format!("ecosystem/{file}"))
            .env("NPM_TOOLS", &context.tools.npm)
            .env("CHROMIUM", CHROMIUM);
        test
    };
    let output = run(
        STEP,
        browser_test("docs_page.test.mjs")
            .env("DOC_SITE", &page)
            .env("DOC_SCREENSHOT", &screenshot)
            .env("API_VERSION", env!("CARGO_PKG_VERSION"))
            .env("ARAZZO_FILE", arazzo::FILE_NAME)
            .env("LLMS_TXT", markdown::LLMS_TXT)
            .env(
                "MARKDOWN_PAGES",
                pages
                    .iter()
                    .map(|(path, _)| path.as_str())
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
            .env(
                "WORKFLOWS",
                arazzo::WORKFLOWS.map(|about| about.summary).join("\n"),
            ),
    )?;
    let console_screenshot = site.join("console-screenshot.png");
    let console = run(
        STEP,
        browser_test("console.test.mjs")
            .env("MOCK_BINARY", &context.mock_binary)
            .env("DOC_SITE_DIR", &site)
            .env("CONSOLE_SCREENSHOT", &console_screenshot),
    )?;
    let scalar = scalar_matches_npm(context)?;
    let size = std::fs::metadata(&page)
        .map(|metadata| metadata.len())
        .unwrap_or_default();
    let passed = |output: &str| {
        output
            .lines()
            .find(|line| line.starts_with("# pass"))
            .unwrap_or("# pass ?")
            .to_owned()
    };
    Ok(format!(
        "{} ({} KiB, self-contained); screenshots {} and {}; reference page test {}; console \
         tests {}; {scalar}",
        page.display(),
        size / 1024,
        screenshot.display(),
        console_screenshot.display(),
        passed(&output),
        passed(&console),
    ))
}

/// The Scalar embedded in bluetape-mock is the file its npm package publishes.
fn scalar_matches_npm(context: &Context) -> Result<String, XtaskError> {
    use bluetape_mock::console::{SCALAR_STANDALONE_SHA256, SCALAR_VERSION};
    use sha2::{Digest, Sha256};
    const STEP: &str = "docs site: Scalar's provenance";
    let scratch = context.root.join("target/ecosystem/scalar");
    tools::clean(&scratch)?;
    let package = format!("@scalar/api-reference@{SCALAR_VERSION}");
    let packed = run(
        STEP,
        command("npm", context)
            .args(["pack", "--silent", &package])
            .current_dir(&scratch),
    )?;
    let tarball = packed.lines().last().unwrap_or_default().trim().to_owned();
    run(
        STEP,
        Command::new("tar")
            .args(["xzf", &tarball, "package/dist/browser/standalone.js"])
            .current_dir(&scratch),
    )?;
    let file = scratch.join("package/dist/browser/standalone.js");
    let bytes = std::fs::read(&file).map_err(|source| XtaskError::io("read", &file, source))?;
    let digest: String = Sha256::digest(&bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    if digest != SCALAR_STANDALONE_SHA256 {
        return Err(XtaskError::Step {
            step: STEP.into(),
            message: format!(
                "{package}'s dist/browser/standalone.js has SHA-256 {digest}; bluetape-mock \
                 embeds {SCALAR_STANDALONE_SHA256}"
            ),
        });
    }
    Ok(format!(
        "the embedded Scalar is {package}'s file (SHA-256 {digest})"
    ))
}

fn python_wheel(context: &Context) -> Result<String, XtaskError> {
    let wheel = python_wheel::build(&context.root, &context.tools, &python_wheel::MOCK)?;
    let size = std::fs::metadata(&wheel)
        .map(|metadata| metadata.len())
        .unwrap_or_default();
    Ok(format!(
        "{} ({:.1} MiB)",
        wheel.display(),
        size as f64 / (1024.0 * 1024.0)
    ))
}

fn python_client(context: &Context) -> Result<String, XtaskError> {
    const STEP: &str = "python client";
    // Outside the workspace, so that nothing but the venv can supply the mock or its helper.
    let scratch = std::env::temp_dir().join("bluetape-python-client");
    let generated =
        client_scenarios::run_readme_command(&context.root, &context.tools, "Python", &scratch)?;
    no_warnings(STEP, &generated, &["Warning", "warning"])?;
    let python = python_wheel::fresh_venv(&context.root, &scratch, &python_wheel::MOCK)?;
    let mut programs = Vec::new();
    for file in ["python_smoke_test.py", "python_scenario.py"] {
        let copy = scratch.join(file);
        std::fs::copy(context.root.join("ecosystem").join(file), &copy)
            .map_err(|source| XtaskError::io("copy", copy.clone(), source))?;
        programs.push(copy);
    }
    let output = run(
        STEP,
        Command::new(&python)
            .args(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
            .arg(&programs[0])
            .current_dir(&scratch)
            .env("PYTHONPATH", &scratch),
    )?;
    let scenario = client_scenarios::run_scenario(
        "Python",
        Command::new(&python)
            .arg(&programs[1])
            .current_dir(&scratch)
            .env("PYTHONPATH", &scratch),
    )?;
    Ok(format!(
        "pytest (the wheel's fixtures): {}; {scenario}",
        output.trim().lines().last().unwrap_or_default()
    ))
}

fn typescript_client(context: &Context) -> Result<String, XtaskError> {
    const STEP: &str = "typescript client";
    let scratch = context.root.join("target/ecosystem/typescript");
    let generated = client_scenarios::run_readme_command(
        &context.root,
        &context.tools,
        "TypeScript",
        &scratch,
    )?;
    no_warnings(STEP, &generated, &["⚠", "warn", "Warn"])?;
    // The README's client is this file, word for word: CI runs the snippet users copy.
    let snippet = context.root.join("ecosystem/bluetape_client.ts");
    let snippet_text = std::fs::read_to_string(&snippet)
        .map_err(|source| XtaskError::io("read", &snippet, source))?;
    let readme_path = context.root.join("README.md");
    let readme = std::fs::read_to_string(&readme_path)
        .map_err(|source| XtaskError::io("read", &readme_path, source))?;
    if !readme.contains(&format!("```ts\n{snippet_text}```")) {
        return Err(XtaskError::Step {
            step: STEP.into(),
            message: "README.md does not show ecosystem/bluetape_client.ts word for word in a \
                      ```ts block"
                .into(),
        });
    }
    for file in [
        "bluetape_client.ts",
        "typescript_scenario.ts",
        "typescript_usage.ts",
        "tsconfig.json",
    ] {
        let source = context.root.join("ecosystem").join(file);
        std::fs::copy(&source, scratch.join(file))
            .map_err(|error| XtaskError::io("copy", source, error))?;
    }
    let package = scratch.join("package.json");
    std::fs::write(&package, "{\"type\": \"module\", \"private\": true}\n")
        .map_err(|source| XtaskError::io("write", &package, source))?;
    run(
        STEP,
        command(context.tools.npm_tool("tsc"), context)
            .arg("-p")
            .arg(scratch.join("tsconfig.json")),
    )?;
    client_scenarios::run_scenario(
        "TypeScript",
        command("node", context).arg(scratch.join("out/typescript_scenario.js")),
    )
}

fn java_client(context: &Context) -> Result<String, XtaskError> {
    const STEP: &str = "java client";
    tools::require(STEP, "/usr/bin/mvn", "apt-get install maven")?;
    let scratch = context.root.join("target/ecosystem/java");
    // Generation, then `mvn install` of the generator's own pom.xml (Maven Central, cached in
    // ~/.m2), exactly as the README says.
    let generated =
        client_scenarios::run_readme_command(&context.root, &context.tools, "Java", &scratch)?;
    no_warnings(STEP, &generated, &["WARN", "ERROR"])?;
    let project = scratch.join("bluetape-java");
    let classpath_file = scratch.join("classpath.txt");
    run(
        STEP,
        command("mvn", context)
            .args(["-q", "-B", "-f"])
            .arg(project.join("pom.xml"))
            .arg("dependency:build-classpath")
            .arg(format!("-Dmdep.outputFile={}", classpath_file.display())),
    )?;
    let dependencies = std::fs::read_to_string(&classpath_file)
        .map_err(|source| XtaskError::io("read", &classpath_file, source))?;
    let jar = std::fs::read_dir(project.join("target"))
        .map_err(|source| XtaskError::io("read", project.join("target"), source))?
        .flatten()
        .map(|entry| entry.path())
        .find(|path| {
            path.extension().is_some_and(|extension| extension == "jar")
                && !path.to_string_lossy().contains("sources")
        })
        .ok_or_else(|| XtaskError::Step {
            step: STEP.into(),
            message: "mvn install built no jar in bluetape-java/target".into(),
        })?;
    let scenario = client_scenarios::run_scenario(
        "Java",
        command("java", context)
            .arg("-cp")
            .arg(format!("{}:{}", jar.display(), dependencies.trim()))
            .arg(context.root.join("ecosystem/java_scenario/Scenario.java")),
    )?;
    Ok(format!("built with Maven ({}); {scenario}", jar.display()))
}

fn run_code_samples(context: &Context) -> Result<String, XtaskError> {
    code_samples::run_all(&code_samples::SampleRun {
        root: &context.root,
        tools: &context.tools,
        mock_binary: &context.mock_binary,
    })
}

fn go_client(context: &Context) -> Result<String, XtaskError> {
    const STEP: &str = "go client";
    let go = client_scenarios::go_toolchain()?;
    let scratch = context.root.join("target/ecosystem/go");
    let generated =
        client_scenarios::run_readme_command(&context.root, &context.tools, "Go", &scratch)?;
    no_warnings(STEP, &generated, &["WARN", "ERROR"])?;
    // The scenario, on the generated module as its own `replace`.
    let scenario = scratch.join("go_scenario");
    std::fs::create_dir_all(&scenario)
        .map_err(|source| XtaskError::io("create", &scenario, source))?;
    for file in ["go.mod", "main.go"] {
        let source = context.root.join("ecosystem/go_scenario").join(file);
        std::fs::copy(&source, scenario.join(file))
            .map_err(|error| XtaskError::io("copy", source, error))?;
    }
    let go_command = |directory: &Path, arguments: &[&str]| {
        run(
            STEP,
            command(&go, context)
                .args(arguments)
                .current_dir(directory)
                // Every module is local: nothing is fetched, no other toolchain either.
                .env("GOFLAGS", "-mod=mod")
                .env("GOPROXY", "off")
                .env("GOTOOLCHAIN", "local")
                .env("GOCACHE", scratch.join(".cache")),
        )
    };
    go_command(
        &scenario,
        &[
            "mod",
            "edit",
            "-replace=github.com/bluetape/bluetape-go/bluetape=../bluetape-go",
        ],
    )?;
    go_command(&scratch.join("bluetape-go"), &["vet", "./..."])?;
    go_command(&scenario, &["build", "-o", "scenario", "."])?;
    let version = go_command(&scenario, &["version"])?;
    let outcome =
        client_scenarios::run_scenario("Go", &mut Command::new(scenario.join("scenario")))?;
    Ok(format!("{outcome} ({})", version.trim()))
}

fn schemathesis(context: &Context) -> Result<String, XtaskError> {
    const STEP: &str = "schemathesis";
    let out = context.root.join("target/schemathesis");
    tools::clean(&out)?;
    let events = out.join("events.ndjson");
    let mock = ServerProcess::mock(&context.mock_binary)?;
    // ensure_resource_availability is excluded: it follows createCompany's link to
    // linkCompanyCustomer with a generated customerId in the body, and reads the documented 404
    // "Customer not found." as "the company just created is missing". The stateful phase follows
    // the documents' links (createCustomer → sign-up, update, link; createCompany → link).
    run(
        STEP,
        command("timeout", context)
            .arg("900")
            .arg(context.tools.python_tool("schemathesis"))
            .args(["run", &json_document(Version::V3_1), "--url", mock.url()])
            .args(["--header", "X-BlueTape-Key: mock-api-key"])
            .args(["--header", "X-Integration-AccountId: mock-account-id"])
            .args([
                "--checks",
                "all",
                "--exclude-checks",
                "ensure_resource_availability",
            ])
            .args(["--mode", "all", "--max-examples", "200", "--seed", "1"])
            .args([
                "--request-timeout",
                "10",
                "--no-color",
                "--report",
                "ndjson",
            ])
            .arg("--report-ndjson-path")
            .arg(&events),
    )?;
    Ok(run(
        STEP,
        command("python3", context)
            .args([".ci/schemathesis_cases.py", &json_document(Version::V3_1)])
            .arg(&events)
            .arg(SCHEMATHESIS_MINIMUM_CASES),
    )?)
}
