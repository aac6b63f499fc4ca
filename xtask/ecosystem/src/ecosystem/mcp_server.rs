//! `bluetape-mcp` as assistants run it: its wheel installed in a fresh venv with the README's
//! command, each server of the README's configuration blocks run as written by the MCP Inspector's
//! CLI (`tools/list --strict`, then every tool), and the official Python SDK's scenario in both
//! protocol eras, all against one mock; a 27-digit amount must reach the mock digit for digit, and
//! no credential may appear in anything printed.

use std::path::{Path, PathBuf};
use std::process::Command;

use bluetape_mock::{JournalEntry, MockConfig, RunningMock};
use serde_json::{Map, Value, json};

use super::client_scenarios::compact;
use super::context::{Context, readme_shows};
use super::python_wheel::{self, MCP};
use test_support::process::run;
use xtask::error::XtaskError;

const STEP: &str = "mcp server";
/// The README section whose `json` blocks are assistants' configurations.
const README_SECTION: &str = "## Use it from an AI assistant";
/// The README's install commands, run as written (the wheel standing in for PyPI).
const INSTALL_COMMANDS: [&str; 2] = ["cargo install --path mcp", "pip install bluetape-mcp"];
/// The amount whose 27 digits must reach the mock unchanged.
const AMOUNT: &str = "1234567890123456789012345.67";
/// How many tools a server serves without `--read-only`: one per tool that `cargo xtask codegen`
/// wrote.
fn tool_count(root: &Path) -> Result<usize, XtaskError> {
    let path = root.join(xtask::codegen::mcp_tools::FILE);
    let text =
        std::fs::read_to_string(&path).map_err(|source| XtaskError::io("read", &path, source))?;
    serde_json::from_str::<Value>(&text)
        .ok()
        .and_then(|file| file["tools"].as_array().map(Vec::len))
        .ok_or_else(|| failure(format!("{} has no tools list", path.display())))
}

fn failure(message: impl Into<String>) -> XtaskError {
    XtaskError::Step {
        step: STEP.into(),
        message: message.into(),
    }
}

/// Builds the wheel, installs it, runs the README's configurations through the Inspector and the
/// Python SDK's scenario against one mock, and checks the mock's journal and every output.
///
/// # Errors
///
/// [`XtaskError::Step`] naming what failed.
pub fn run_all(context: &Context) -> Result<String, XtaskError> {
    readme_shows(context, STEP, &INSTALL_COMMANDS)?;
    let wheel = python_wheel::build(&context.root, &context.tools, &MCP)?;
    let wheel_size = std::fs::metadata(&wheel)
        .map(|metadata| metadata.len())
        .unwrap_or_default();
    let scratch = std::env::temp_dir().join("bluetape-mcp-wheel");
    let python = python_wheel::fresh_venv(&context.root, &scratch, &MCP)?;
    let venv_bin = python
        .parent()
        .ok_or_else(|| failure("the venv has no bin folder"))?
        .to_path_buf();
    let wheel_directory = context.root.join(MCP.directory);
    reinstall_as_the_readme_says(&venv_bin, &wheel_directory, &scratch)?;

    let (credentials, runtime, mock) = mock_of_this_run("mcp")?;

    let environment = Environment {
        path: format!(
            "{}:{}:{}",
            context.tools.npm.join("node_modules/.bin").display(),
            venv_bin.display(),
            std::env::var("PATH").unwrap_or_default()
        ),
        mock_url: mock.url().to_owned(),
        wheel_directory,
        scratch: scratch.clone(),
    };
    let mut printed = Vec::new();
    let outcome = (|| {
        // The `npx` servers run from a project where the npm packages are installed: the npm
        // step runs them (inspect_npx_configuration).
        let servers: Vec<NamedServer> = readme_servers(&context.root)?
            .into_iter()
            .filter(|(_, entry)| !runs_with_npx(entry))
            .collect();
        let mut lines = Vec::new();
        let mut inspected = Vec::new();
        for (index, (name, entry)) in servers.iter().enumerate() {
            let run_here = RunHere {
                environment: &environment,
                credentials: &credentials,
                extra_environment: &[],
                ids_prefix: "mcp-inspector",
            };
            let (line, created) =
                inspect_one(context, &run_here, index, name, entry, &mut printed)?;
            lines.push(line);
            inspected.extend(created);
        }
        let scenario = run(
            STEP,
            Command::new(&python)
                .arg(context.root.join("ecosystem/mcp_scenario.py"))
                .current_dir(&scratch)
                .env_clear()
                .env("PATH", &environment.path)
                .env("BLUETAPE_API_KEY", &credentials.api_key)
                .env("BLUETAPE_ACCOUNT_ID", &credentials.account_id)
                .env("BLUETAPE_BASE_URL", &environment.mock_url),
        )?;
        printed.push(scenario.clone());
        let summary: Value = scenario
            .lines()
            .rev()
            .find_map(|line| serde_json::from_str(line).ok())
            .ok_or_else(|| failure("the Python scenario printed no summary"))?;
        let companies: Vec<String> = serde_json::from_value(summary["companies"].clone())
            .map_err(|error| failure(format!("the Python scenario's companies: {error}")))?;
        lines.push(format!(
            "Python SDK mcp 2.3.0: {} checks passed, eras {} and {}, streamable HTTP at {}",
            scenario
                .lines()
                .filter(|line| line.starts_with("ok "))
                .count(),
            summary["eras"]["legacy"],
            summary["eras"]["auto"],
            summary["http"]
        ));
        Ok::<_, XtaskError>((
            lines,
            companies.into_iter().chain(inspected).collect::<Vec<_>>(),
        ))
    })();
    let journal = mock.journal(Some("createCompany"));
    drop(runtime.block_on(mock.shutdown()));
    let (mut lines, companies) = outcome?;
    check_amounts(&journal, &companies)?;
    no_credential_in(&printed, &credentials)?;
    lines.push(format!(
        "the wheel {} ({:.1} MiB); {AMOUNT} reached the mock digit for digit from {} companies; \
         no credential in {} outputs",
        wheel.file_name().unwrap_or_default().to_string_lossy(),
        wheel_size as f64 / (1024.0 * 1024.0),
        companies.len(),
        printed.len()
    ));
    Ok(lines.join("\n"))
}

/// A mock on its own runtime, accepting credentials of this run only (named after `purpose`), so
/// that finding one in an output means it leaked.
fn mock_of_this_run(
    purpose: &str,
) -> Result<(Credentials, tokio::runtime::Runtime, RunningMock), XtaskError> {
    let nonce = std::process::id();
    let credentials = Credentials {
        api_key: format!("{purpose}-ci-key-{nonce}-7Qx"),
        account_id: format!("{purpose}-ci-account-{nonce}-3Zv"),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|error| failure(format!("cannot start a runtime: {error}")))?;
    let mock = runtime
        .block_on(RunningMock::start(MockConfig::with_credentials(
            &credentials.api_key,
            &credentials.account_id,
        )))
        .map_err(|error| failure(format!("cannot start the mock: {error}")))?;
    Ok((credentials, runtime, mock))
}

/// The credentials the mock accepts in this run.
struct Credentials {
    api_key: String,
    account_id: String,
}

/// What a server runs with here.
struct Environment {
    /// Node 22's `node` (from the npm prefix) first, then the venv's commands.
    path: String,
    mock_url: String,
    wheel_directory: PathBuf,
    scratch: PathBuf,
}

/// Uninstalls the wheel from the venv, then runs the README's `pip install bluetape-mcp` with the
/// wheel's folder standing in for PyPI.
fn reinstall_as_the_readme_says(
    venv_bin: &Path,
    wheel_directory: &Path,
    scratch: &Path,
) -> Result<(), XtaskError> {
    run(
        STEP,
        Command::new(venv_bin.join("pip"))
            .args(["uninstall", "--yes", "--quiet", "bluetape-mcp"])
            .current_dir(scratch),
    )?;
    run(
        STEP,
        Command::new("bash")
            .args(["-c", INSTALL_COMMANDS[1]])
            .current_dir(scratch)
            .env(
                "PATH",
                format!(
                    "{}:{}",
                    venv_bin.display(),
                    std::env::var("PATH").unwrap_or_default()
                ),
            )
            .env("PIP_FIND_LINKS", wheel_directory)
            .env("PIP_NO_INDEX", "1")
            .env("PIP_DISABLE_PIP_VERSION_CHECK", "1"),
    )?;
    let version = run(
        STEP,
        Command::new(venv_bin.join("bluetape-mcp")).arg("--version"),
    )?;
    if version.trim() != format!("bluetape-mcp {}", env!("CARGO_PKG_VERSION")) {
        return Err(failure(format!(
            "`pip install bluetape-mcp` installed {version:?}"
        )));
    }
    Ok(())
}

/// A server of an assistant's configuration: its name and its entry (`command`, `args`, `env`).
pub(super) type NamedServer = (String, Map<String, Value>);

/// Every server of every `json` block of the README's section: `mcpServers` (Claude Desktop,
/// Claude Code, Cursor) or `servers` (VS Code), in the README's order.
fn readme_servers(root: &Path) -> Result<Vec<NamedServer>, XtaskError> {
    let path = root.join("README.md");
    let readme =
        std::fs::read_to_string(&path).map_err(|source| XtaskError::io("read", &path, source))?;
    let section = readme
        .split_once(README_SECTION)
        .map(|(_, rest)| rest.split("\n## ").next().unwrap_or_default())
        .ok_or_else(|| failure(format!("README.md has no section {README_SECTION:?}")))?;
    let mut servers = Vec::new();
    for block in section.split("```json\n").skip(1) {
        let text = block.split("```").next().unwrap_or_default();
        let parsed: Value = serde_json::from_str(text)
            .map_err(|error| failure(format!("a README configuration is not JSON: {error}")))?;
        let found = parsed
            .get("mcpServers")
            .or_else(|| parsed.get("servers"))
            .and_then(Value::as_object)
            .ok_or_else(|| failure("a README configuration has no mcpServers nor servers"))?;
        for (name, entry) in found {
            let entry = entry
                .as_object()
                .ok_or_else(|| failure(format!("the README's server {name} is not an object")))?;
            servers.push((name.clone(), entry.clone()));
        }
    }
    if servers.len() < 3 {
        return Err(failure(format!(
            "the README's section shows {} servers; expected the blocks for Claude, VS Code and uvx",
            servers.len()
        )));
    }
    Ok(servers)
}

fn runs_with_npx(entry: &Map<String, Value>) -> bool {
    entry.get("command").and_then(Value::as_str) == Some("npx")
}

/// Runs each `npx` server of the README's configurations through the Inspector from `project`,
/// where the npm packages were installed from their tarballs (npx offline, with the project's
/// cache): `tools/list --strict`, every tool against a mock unless it runs `--mock`, and an unknown
/// id. Returns the summary lines.
///
/// # Errors
///
/// [`XtaskError::Step`] naming what failed, or when the README shows no `npx` server.
pub(super) fn inspect_npx_configuration(
    context: &Context,
    project: &Path,
) -> Result<String, XtaskError> {
    let servers: Vec<NamedServer> = readme_servers(&context.root)?
        .into_iter()
        .filter(|(_, entry)| runs_with_npx(entry))
        .collect();
    if servers.is_empty() {
        return Err(failure(
            "the README shows no `npx` configuration of bluetape-mcp",
        ));
    }
    let cache = project.join(".npm-cache").display().to_string();
    inspect_servers(
        context,
        &servers,
        project,
        &[
            ("npm_config_offline", "true".into()),
            ("npm_config_cache", cache),
        ],
    )
}

/// Runs each of `servers` (assistants' configuration entries) through the Inspector from
/// `scratch`, with `extra_environment` added to each one's: `tools/list --strict`, every tool
/// against a mock of this run's credentials unless it runs `--mock`, and an unknown id; no
/// credential may appear in anything printed. Returns the summary lines.
///
/// # Errors
///
/// [`XtaskError::Step`] naming what failed.
pub(super) fn inspect_servers(
    context: &Context,
    servers: &[NamedServer],
    scratch: &Path,
    extra_environment: &[(&str, String)],
) -> Result<String, XtaskError> {
    let (credentials, runtime, mock) = mock_of_this_run("inspected")?;
    let environment = Environment {
        path: format!(
            "{}:{}",
            context.tools.npm.join("node_modules/.bin").display(),
            std::env::var("PATH").unwrap_or_default()
        ),
        mock_url: mock.url().to_owned(),
        wheel_directory: context.root.join(MCP.directory),
        scratch: scratch.to_path_buf(),
    };
    let mut printed = Vec::new();
    let outcome = (|| {
        let mut lines = Vec::new();
        let ids_prefix = format!("inspected-{}", std::process::id());
        for (index, (name, entry)) in servers.iter().enumerate() {
            let run_here = RunHere {
                environment: &environment,
                credentials: &credentials,
                extra_environment,
                ids_prefix: &ids_prefix,
            };
            lines.push(inspect_one(context, &run_here, index, name, entry, &mut printed)?.0);
        }
        Ok::<_, XtaskError>(lines)
    })();
    drop(runtime.block_on(mock.shutdown()));
    let lines = outcome?;
    no_credential_in(&printed, &credentials)?;
    Ok(lines.join("\n"))
}

/// How the servers of one run are run here.
struct RunHere<'a> {
    environment: &'a Environment,
    credentials: &'a Credentials,
    /// Added to each server's environment.
    extra_environment: &'a [(&'a str, String)],
    /// The start of the company and customer ids it creates.
    ids_prefix: &'a str,
}

/// Writes the Inspector's configuration of the server `name` (the `index`-th) as run here, then
/// [`inspect`]s it. Returns the summary line and the company it created, if any.
fn inspect_one(
    context: &Context,
    run_here: &RunHere<'_>,
    index: usize,
    name: &str,
    entry: &Map<String, Value>,
    printed: &mut Vec<String>,
) -> Result<(String, Option<String>), XtaskError> {
    let mut entry = as_run_here(entry, run_here.credentials, run_here.environment);
    if let Some(variables) = entry["env"].as_object_mut() {
        for (variable, value) in run_here.extra_environment {
            variables.insert((*variable).into(), json!(value));
        }
    }
    let config = run_here
        .environment
        .scratch
        .join(format!("inspector-{index}-{name}.json"));
    let text = json!({"mcpServers": {name: entry}}).to_string();
    std::fs::write(&config, text).map_err(|source| XtaskError::io("write", &config, source))?;
    let server = Server {
        name,
        entry: &entry,
        config: &config,
        ids: (
            format!("{}-co-{index}", run_here.ids_prefix),
            format!("{}-cu-{index}", run_here.ids_prefix),
        ),
    };
    inspect(context, run_here.environment, &server, printed)
}

fn runs_the_mock(entry: &Map<String, Value>) -> bool {
    entry
        .get("args")
        .and_then(Value::as_array)
        .is_some_and(|args| args.iter().any(|argument| argument == "--mock"))
}

/// The README's server as run here: its command and arguments as written; its credentials (a
/// placeholder or a VS Code `${input:…}`) replaced by the mock's, with `BLUETAPE_BASE_URL` at the
/// mock; `uvx` finding the wheel in its folder, offline, instead of PyPI.
fn as_run_here(
    entry: &Map<String, Value>,
    credentials: &Credentials,
    environment: &Environment,
) -> Value {
    let mut entry = entry.clone();
    // VS Code's transport field; the Inspector's configuration is Claude's, stdio by default.
    entry.remove("type");
    let mut variables = entry
        .get("env")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    for (name, value) in &mut variables {
        match name.as_str() {
            "BLUETAPE_API_KEY" => *value = json!(credentials.api_key),
            "BLUETAPE_ACCOUNT_ID" => *value = json!(credentials.account_id),
            _ => {}
        }
    }
    if !runs_the_mock(&entry) {
        variables.insert("BLUETAPE_BASE_URL".into(), json!(environment.mock_url));
    }
    if entry.get("command").and_then(Value::as_str) == Some("uvx") {
        variables.insert(
            "UV_FIND_LINKS".into(),
            json!(environment.wheel_directory.display().to_string()),
        );
        variables.insert("UV_OFFLINE".into(), json!("1"));
        variables.insert(
            "UV_CACHE_DIR".into(),
            json!(environment.scratch.join("uv-cache").display().to_string()),
        );
        variables.insert(
            "UV_TOOL_DIR".into(),
            json!(environment.scratch.join("uv-tools").display().to_string()),
        );
    }
    variables.insert("PATH".into(), json!(environment.path));
    entry.insert("env".into(), Value::Object(variables));
    Value::Object(entry)
}

/// One README server as the Inspector runs it.
struct Server<'a> {
    name: &'a str,
    entry: &'a Value,
    /// Its Inspector configuration file.
    config: &'a Path,
    /// The company and customer ids it creates.
    ids: (String, String),
}

/// Runs the Inspector on one server: `tools/list --strict`, then for a server of the mock
/// (credentials, not `--mock`) every tool in onboarding order, and an unknown id everywhere.
/// Returns the summary line and the company it created, if any.
fn inspect(
    context: &Context,
    environment: &Environment,
    server: &Server<'_>,
    printed: &mut Vec<String>,
) -> Result<(String, Option<String>), XtaskError> {
    let Server {
        name,
        entry,
        config,
        ids: (company_id, customer_id),
    } = server;
    let inspector = |arguments: &[&str]| {
        let mut command = Command::new(context.tools.npm_tool("mcp-inspector"));
        command
            .args(["--cli", "--config"])
            .arg(config)
            .args(["--server", name, "--format", "json"])
            .args(arguments)
            .current_dir(&environment.scratch)
            .env("PATH", &environment.path)
            .env("MCP_INSPECTOR_SECRET_STORE", "memory")
            .env("NO_UPDATE_NOTIFIER", "1");
        command
    };
    let listed = run(
        STEP,
        &mut inspector(&["--method", "tools/list", "--strict"]),
    )
    .map_err(|error| failure(format!("{name}: tools/list --strict: {}", error.message)))?;
    printed.push(listed.clone());
    let tools = json_line(&listed)
        .and_then(|reply| reply["result"]["tools"].as_array().map(Vec::len))
        .ok_or_else(|| failure(format!("{name}: tools/list printed no tools: {listed}")))?;
    let expected = tool_count(&context.root)?;
    if tools != expected {
        return Err(failure(format!("{name}: {tools} tools, not {expected}")));
    }

    let call = |tool: &str, arguments: &[String]| {
        let mut command = inspector(&["--method", "tools/call", "--tool-name", tool]);
        for argument in arguments {
            command.args(["--tool-arg", argument]);
        }
        command.output()
    };
    let mut calls = Vec::new();
    if !runs_the_mock(entry.as_object().unwrap_or(&Map::new())) {
        let date = "sourceModifiedDate=2024-03-09T00:10:20.300Z".to_owned();
        let person = [
            "firstName=Ada".to_owned(),
            "lastName=Lovelace".to_owned(),
            "emailAddress=ada@example.com".to_owned(),
            "cellPhoneNumber=+11234567890".to_owned(),
            date.clone(),
        ];
        let company = vec![
            format!("id={company_id}"),
            "businessName=Acme Inc.".to_owned(),
            "businessAddress=1400 24th Ave".to_owned(),
            date,
            format!("creditDetails={{\"creditAmount\":\"{AMOUNT}\"}}"),
        ];
        let id = |id: &str| format!("id={id}");
        let with_id = |id_argument: String| {
            let mut arguments = vec![id_argument];
            arguments.extend(person.iter().cloned());
            arguments
        };
        calls.push(("create_company", company));
        calls.push(("create_customer", with_id(id(customer_id))));
        calls.push((
            "link_company_customer",
            vec![id(company_id), format!("customerId={customer_id}")],
        ));
        calls.push(("update_customer", with_id(id(customer_id))));
        calls.push(("get_customer_signup", vec![id(customer_id)]));
    }
    let mut answered = Vec::new();
    for (tool, arguments) in &calls {
        let output = call(tool, arguments)
            .map_err(|error| failure(format!("{name}: cannot run the Inspector: {error}")))?;
        let text = String::from_utf8_lossy(&output.stdout).into_owned();
        printed.push(format!("{text}{}", String::from_utf8_lossy(&output.stderr)));
        let reply = json_line(&text);
        let succeeded = output.status.success()
            && reply
                .as_ref()
                .is_some_and(|reply| reply["result"]["isError"] == json!(false));
        if !succeeded {
            return Err(failure(format!(
                "{name}: {tool} did not succeed ({}): {text}",
                output.status
            )));
        }
        answered.push(*tool);
    }
    // An unknown id: the Inspector exits 5 for a tool's isError, and the text is the API's error.
    let output = call("get_customer_signup", &["id=no-such-customer".to_owned()])
        .map_err(|error| failure(format!("{name}: cannot run the Inspector: {error}")))?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    printed.push(format!("{text}{}", String::from_utf8_lossy(&output.stderr)));
    let error_text = json_line(&text)
        .and_then(|reply| {
            reply["result"]["content"][0]["text"]
                .as_str()
                .map(str::to_owned)
        })
        .and_then(|text| serde_json::from_str::<Value>(&text).ok());
    if output.status.code() != Some(5)
        || error_text.as_ref().map(|error| &error["status"]) != Some(&json!(404))
    {
        return Err(failure(format!(
            "{name}: an unknown id should be an isError result with status 404 (exit 5), got {} \
             {text}",
            output.status
        )));
    }
    let line = format!(
        "Inspector, README server {name:?} ({} {}): tools/list --strict clean ({tools} tools); {}an unknown id isError 404",
        entry["command"].as_str().unwrap_or_default(),
        entry["args"]
            .as_array()
            .map(|args| args
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(" "))
            .unwrap_or_default(),
        if answered.is_empty() {
            String::new()
        } else {
            format!("{} called against the mock; ", answered.join(", "))
        }
    );
    Ok((line, (!answered.is_empty()).then(|| company_id.clone())))
}

/// The last line of `text` that is a JSON object.
fn json_line(text: &str) -> Option<Value> {
    text.lines()
        .rev()
        .find_map(|line| serde_json::from_str::<Value>(line.trim()).ok())
        .filter(Value::is_object)
}

/// Each of `companies` reached the mock with [`AMOUNT`] as a JSON number, digit for digit.
fn check_amounts(journal: &[JournalEntry], companies: &[String]) -> Result<(), XtaskError> {
    let bodies: Vec<String> = journal
        .iter()
        .filter_map(|entry| entry.body.as_ref())
        .map(|body| compact(body.text()))
        .collect();
    let missing: Vec<&String> = companies
        .iter()
        .filter(|company| {
            !bodies.iter().any(|body| {
                body.contains(&format!("\"id\":\"{company}\""))
                    && [',', '}']
                        .iter()
                        .any(|end| body.contains(&format!("\"creditAmount\":{AMOUNT}{end}")))
            })
        })
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(failure(format!(
            "{missing:?} did not reach the mock with creditAmount {AMOUNT} exactly; it received \
             {bodies:?}"
        )))
    }
}

/// No output shows either credential.
fn no_credential_in(printed: &[String], credentials: &Credentials) -> Result<(), XtaskError> {
    for secret in [&credentials.api_key, &credentials.account_id] {
        if let Some(output) = printed
            .iter()
            .find(|output| output.contains(secret.as_str()))
        {
            return Err(failure(format!(
                "a credential appears in an output: {}",
                output.replace(secret.as_str(), "[THE CREDENTIAL]")
            )));
        }
    }
    Ok(())
}
