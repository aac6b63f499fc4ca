//! The MCP Bundle as Claude Desktop installs it: packed by the README's `cargo xtask dist bundle`
//! (`mcpb validate`, `mcpb pack`), unpacked by `mcpb unpack` into a fresh folder, its manifest's
//! `user_config` checked (both credentials required and sensitive, production the default URL),
//! then its server started exactly as the manifest says (`${__dirname}` and `${user_config.…}`
//! filled in) by the MCP Inspector: `tools/list --strict`, every tool against a mock, an unknown id.

use std::path::Path;

use bluetape_model::PRODUCTION_URL;
use bluetape_writers::code_samples::{ACCOUNT_ID_VARIABLE, API_KEY_VARIABLE, BASE_URL_VARIABLE};
use serde_json::{Map, Value, json};
use test_support::process::run;
use xtask::distribution::bundle::file_name;
use xtask::distribution::names::DIRECTORY;
use xtask::error::XtaskError;

use super::context::{Context, command, readme_shows};
use super::mcp_server::inspect_servers;

const STEP: &str = "mcp bundle";
const PACK_COMMAND: &str = "cargo xtask dist bundle";
/// Each variable of the server's environment, and the `user_config` field that fills it.
const WIRING: [(&str, &str); 3] = [
    (API_KEY_VARIABLE, "api_key"),
    (ACCOUNT_ID_VARIABLE, "account_id"),
    (BASE_URL_VARIABLE, "base_url"),
];

fn failure(message: impl Into<String>) -> XtaskError {
    XtaskError::Step {
        step: STEP.into(),
        message: message.into(),
    }
}

/// Packs, unpacks and runs the bundle; returns the step's summary.
///
/// # Errors
///
/// [`XtaskError::Step`] naming what failed.
pub fn run_all(context: &Context) -> Result<String, XtaskError> {
    readme_shows(context, STEP, &[PACK_COMMAND])?;
    run(
        STEP,
        command("bash", context).args(["-euo", "pipefail", "-c", PACK_COMMAND]),
    )?;
    let bundle = context.root.join(DIRECTORY).join(file_name());
    let size = std::fs::metadata(&bundle)
        .map_err(|error| XtaskError::io("read", &bundle, error))?
        .len();
    let unpacked = context.root.join("target/ecosystem/mcp-bundle");
    xtask::tools::clean(&unpacked)?;
    run(
        STEP,
        command(context.tools.npm_tool("mcpb"), context)
            .arg("unpack")
            .arg(&bundle)
            .arg(&unpacked),
    )?;
    let manifest_path = unpacked.join("manifest.json");
    let manifest: Value = std::fs::read_to_string(&manifest_path)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .ok_or_else(|| {
            failure(format!(
                "the bundle has no readable {}",
                manifest_path.display()
            ))
        })?;
    check_user_config(&manifest)?;
    let entry = as_claude_desktop_starts_it(&manifest, &unpacked)?;
    let inspected = inspect_servers(
        context,
        &[("bluetape-bundle".to_owned(), entry)],
        &unpacked,
        &[],
    )?;
    Ok(format!(
        "{} ({:.1} MiB) packed, unpacked by mcpb; user_config: both credentials required and \
         sensitive, {PRODUCTION_URL} by default\n{inspected}",
        file_name(),
        size as f64 / (1024.0 * 1024.0)
    ))
}

/// Both credentials required and sensitive; the URL optional, production by default; each
/// variable filled from its field.
fn check_user_config(manifest: &Value) -> Result<(), XtaskError> {
    let fields = &manifest["user_config"];
    for field in ["api_key", "account_id"] {
        if fields[field]["required"] != true || fields[field]["sensitive"] != true {
            return Err(failure(format!(
                "user_config.{field} must be required and sensitive: {}",
                fields[field]
            )));
        }
    }
    if fields["base_url"]["default"] != PRODUCTION_URL || fields["base_url"]["required"] == true {
        return Err(failure(format!(
            "user_config.base_url must be optional with {PRODUCTION_URL} as its default: {}",
            fields["base_url"]
        )));
    }
    let environment = &manifest["server"]["mcp_config"]["env"];
    for (variable, field) in WIRING {
        if environment[variable] != json!(format!("${{user_config.{field}}}")) {
            return Err(failure(format!(
                "the server's {variable} must come from user_config.{field}: {}",
                environment[variable]
            )));
        }
    }
    Ok(())
}

/// The manifest's `mcp_config` as Claude Desktop runs it: `${__dirname}` is the unpacked folder,
/// each `${user_config.…}` the user's answer (the run's credentials and mock, filled in by
/// [`inspect_servers`]).
fn as_claude_desktop_starts_it(
    manifest: &Value,
    unpacked: &Path,
) -> Result<Map<String, Value>, XtaskError> {
    let config = &manifest["server"]["mcp_config"];
    let directory = unpacked.display().to_string();
    let fill = |value: &Value| {
        value
            .as_str()
            .map(|text| json!(text.replace("${__dirname}", &directory)))
    };
    let command = fill(&config["command"])
        .ok_or_else(|| failure("the manifest's mcp_config has no command"))?;
    let arguments: Vec<Value> = config["args"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(fill)
        .collect();
    let mut entry = Map::new();
    entry.insert("command".into(), command);
    entry.insert("args".into(), Value::Array(arguments));
    entry.insert("env".into(), config["env"].clone());
    Ok(entry)
}
