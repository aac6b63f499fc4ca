//! `mcp/server.json` as the official MCP registry reads it: valid against the registry's published
//! schema (the pinned release of `modelcontextprotocol/registry`, from the Go module proxy, its
//! checksum checked), and the ownership lines the registry looks for in each package: `mcp-name:`
//! as visible text in the README that PyPI and crates.io show, `mcpName` in the npm package.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use test_support::process::run;
use xtask::codegen::mcp_listings::{SERVER_FILE, SERVER_SCHEMA};
use xtask::distribution::names::MCP_SERVER_NAME;
use xtask::error::XtaskError;

use super::context::Context;
use super::python_wheel::{MCP, wheel_in};

const STEP: &str = "mcp registry entry";
/// The registry's release whose schema files CI validates against, and its Go module checksum.
const REGISTRY_MODULE: &str = "github.com/modelcontextprotocol/registry@v1.8.9";
const REGISTRY_MODULE_SUM: &str = "h1:2pYB31q/uSezVbXu+D+Hr3HMimGFspgS1RTMljm1bVI=";
/// The README that PyPI (pyproject's `readme`) and crates.io (Cargo's `readme`) show.
const README: &str = "mcp/README.md";

fn failure(message: impl Into<String>) -> XtaskError {
    XtaskError::Step {
        step: STEP.into(),
        message: message.into(),
    }
}

/// Validates the entry against the pinned schema, and finds the `mcp-name:` line in the README
/// and in the built wheel's metadata (what PyPI shows).
///
/// # Errors
///
/// [`XtaskError::Step`] naming each schema error or missing line.
pub fn check(context: &Context) -> Result<String, XtaskError> {
    let schema_file = registry_schema()?;
    let read_json = |path: &Path| -> Result<Value, XtaskError> {
        let text =
            std::fs::read_to_string(path).map_err(|error| XtaskError::io("read", path, error))?;
        serde_json::from_str(&text).map_err(|error| failure(format!("{}: {error}", path.display())))
    };
    let schema = read_json(&schema_file)?;
    let entry = read_json(&context.root.join(SERVER_FILE))?;
    if entry["$schema"] != SERVER_SCHEMA || schema["$id"] != SERVER_SCHEMA {
        return Err(failure(format!(
            "{SERVER_FILE} names {} and the pinned schema is {}; expected both {SERVER_SCHEMA}",
            entry["$schema"], schema["$id"]
        )));
    }
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(true)
        .build(&schema)
        .map_err(|error| failure(format!("the registry's schema: {error}")))?;
    let errors: Vec<String> = validator
        .iter_errors(&entry)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect();
    if !errors.is_empty() {
        return Err(failure(format!(
            "{SERVER_FILE} breaks the registry's schema:\n{}",
            errors.join("\n")
        )));
    }

    let readme_path = context.root.join(README);
    let readme = std::fs::read_to_string(&readme_path)
        .map_err(|error| XtaskError::io("read", &readme_path, error))?;
    let line = format!("mcp-name: {MCP_SERVER_NAME}");
    if !readme.lines().any(|text| text.trim() == line) {
        return Err(failure(format!(
            "{README} has no line {line:?}: the registry reads it from the README on PyPI and \
             crates.io"
        )));
    }
    if visible_text(&readme)
        .lines()
        .all(|text| text.trim() != line)
    {
        return Err(failure(format!(
            "{README}'s {line:?} is inside an HTML comment, which crates.io strips"
        )));
    }
    let wheel = wheel_metadata_has(&context.root, &line)?;
    Ok(format!(
        "{SERVER_FILE} valid against {} ({REGISTRY_MODULE}, checksum matched); {line:?} visible \
         in {README}{wheel}",
        schema_file
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
    ))
}

/// The registry's schema file, from its Go module (downloaded once into Go's module cache).
fn registry_schema() -> Result<PathBuf, XtaskError> {
    let go = super::client_scenarios::go_toolchain()?;
    let printed = run(
        STEP,
        Command::new(go)
            .args(["mod", "download", "-json", REGISTRY_MODULE])
            .env("GOFLAGS", "-mod=mod")
            .current_dir(std::env::temp_dir()),
    )?;
    let module: Value = serde_json::from_str(&printed)
        .map_err(|error| failure(format!("go mod download printed no JSON: {error}")))?;
    if module["Sum"] != REGISTRY_MODULE_SUM {
        return Err(failure(format!(
            "{REGISTRY_MODULE} has checksum {}, not the pinned {REGISTRY_MODULE_SUM}",
            module["Sum"]
        )));
    }
    let version = SERVER_SCHEMA
        .split('/')
        .rev()
        .nth(1)
        .ok_or_else(|| failure(format!("{SERVER_SCHEMA} names no version")))?;
    let directory = module["Dir"]
        .as_str()
        .ok_or_else(|| failure("go mod download printed no Dir"))?;
    Ok(Path::new(directory)
        .join("internal/validators/schemas")
        .join(format!("{version}.json")))
}

/// `text` without its HTML comments: what crates.io renders.
fn visible_text(text: &str) -> String {
    let mut visible = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        visible.push_str(&rest[..start]);
        rest = rest[start..]
            .find("-->")
            .map_or("", |end| &rest[start + end + 3..]);
    }
    visible.push_str(rest);
    visible
}

/// Whether the MCP wheel built by the `mcp server` step (if it ran) carries `line` in its
/// metadata's description, which is what PyPI shows and the registry reads.
fn wheel_metadata_has(root: &Path, line: &str) -> Result<String, XtaskError> {
    let Ok(wheel) = wheel_in(&root.join(MCP.directory)) else {
        return Ok(
            "; the wheel's metadata NOT checked (no wheel built: the mcp server step did \
                   not run)"
                .into(),
        );
    };
    let metadata = run(
        STEP,
        Command::new("python3").args([
            "-c",
            "import sys, zipfile\nwheel = zipfile.ZipFile(sys.argv[1])\nprint(next(wheel.read(name).decode() for name in wheel.namelist() if name.endswith('.dist-info/METADATA')))",
        ]).arg(&wheel),
    )?;
    if metadata.lines().any(|text| text.trim() == line) {
        Ok(format!(
            " and in the metadata of {}",
            wheel.file_name().unwrap_or_default().to_string_lossy()
        ))
    } else {
        Err(failure(format!(
            "the wheel {} does not carry {line:?} in its description",
            wheel.display()
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::visible_text;

    #[test]
    fn html_comments_are_not_visible() {
        assert_eq!(visible_text("a<!-- b -->c<!-- d"), "ac");
    }
}
