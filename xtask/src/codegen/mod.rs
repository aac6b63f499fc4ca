//! `cargo xtask codegen [--check]`: writes every derived file from the model, or with `--check`
//! reports the stale ones with a diff. The documents are derived once per run and handed to every
//! generator:
//!
//! - the OpenAPI documents in `openapi/` (3.1 and 3.0.3, JSON and YAML);
//! - from the 3.0.3 JSON, with progenitor ([`progenitor`]): `client/src/generated.rs`,
//!   `client/src/contract.rs`, `cli/src/generated.rs` and `httpmock/src/generated.rs`;
//! - from the 3.1 document, the code samples in `openapi/samples/` with their `Cargo.toml` and
//!   README ([`samples`]);
//! - from the 3.1 document and the model's examples, the workflows' Arazzo document
//!   (`openapi/bluetape.arazzo.yaml`, [`bluetape_writers::arazzo`]);
//! - from the 3.1 document, the tools of `bluetape-mcp` (`mcp/src/tools.json`, [`mcp_tools`]),
//!   and from those its MCP registry entry and bundle manifest ([`mcp_listings`]);
//! - from bluetape-mock-control's declarations, the control API's document
//!   (`openapi/bluetape-mock-admin.openapi.json`).
//!
//! It builds from the model and the generators alone: neither the mock nor any file written here
//! (the `repairs` drill in CI deletes each in turn).
//!
//! [`files`] compares them with the disk, writes them, or reports them stale.

pub mod files;
pub mod mcp_listings;
pub mod mcp_tools;
pub mod operation_methods;
pub mod progenitor;
pub mod samples;

use std::path::{Path, PathBuf};
use std::time::Instant;

use bluetape_model::render::{DOCUMENTS, GENERATED_MARKER, RenderError, path as document_path};
use bluetape_writers::documents::Documents;
use bluetape_writers::{arazzo, http_file, markdown, postman};

use self::files::{GeneratedFile, Outcome};
use self::progenitor::{
    client_source, generate_cli, generate_client, generate_contract, generate_httpmock,
    generated_source,
};
use crate::error::XtaskError;

/// A generator of a file from the text of the 3.0.3 document.
type Generator = fn(&str) -> Result<String, XtaskError>;

/// Regenerates (or with `check`, checks) every derived file under `root`, and prints what it did.
///
/// # Errors
///
/// [`XtaskError::Stale`] when `check` finds a stale file; a derivation or I/O error otherwise.
pub fn run(root: &Path, check: bool) -> Result<(), XtaskError> {
    let started = Instant::now();
    let outcomes = files::apply(root, &generated_files(&Documents::derive()?)?, check)?;

    for (path, outcome) in &outcomes {
        let status = match outcome {
            Outcome::Unchanged => "unchanged",
            Outcome::Written => "written",
            Outcome::Removed => "removed",
            Outcome::Stale { .. } => "STALE",
        };
        println!("  {status:<9} {}", path.display());
    }
    let elapsed = started.elapsed();
    if let Some((count, report)) = files::stale_report(&outcomes) {
        eprint!("\n{report}");
        return Err(XtaskError::Stale { count });
    }
    let verb = if check { "checked" } else { "generated" };
    println!("{verb} {} files in {:.2?}", outcomes.len(), elapsed);
    Ok(())
}

/// Prints the path of every file codegen writes, one per line, relative to the workspace root
/// (the repairs drill in CI deletes each in turn).
///
/// # Errors
///
/// As [`generated_files`].
pub fn list() -> Result<(), XtaskError> {
    for file in generated_files(&Documents::derive()?)? {
        println!("{}", file.path.display());
    }
    Ok(())
}

/// Every derived file, generated in memory from the model.
///
/// # Errors
///
/// [`XtaskError::Render`] when a document cannot be derived.
pub fn generated_files(documents: &Documents) -> Result<Vec<GeneratedFile>, XtaskError> {
    let mut files = DOCUMENTS
        .iter()
        .map(|&(version, format)| {
            Ok(GeneratedFile {
                path: PathBuf::from(document_path(version, format)),
                contents: documents.text(version, format)?,
            })
        })
        .collect::<Result<Vec<_>, XtaskError>>()?;
    // The client is generated from the 3.0.3 JSON exactly as committed.
    let source = PathBuf::from(client_source());
    let openapi_3_0 = files
        .iter()
        .find(|file| file.path == source)
        .map(|file| file.contents.clone())
        .ok_or_else(|| XtaskError::ClientGeneration {
            message: format!("{} is not among the generated documents", client_source()),
        })?;
    // progenitor's outputs, each from the 3.0.3 JSON as committed.
    let generators: [(&str, Generator); 4] = [
        ("client/src/generated.rs", generate_client),
        ("client/src/contract.rs", generate_contract),
        ("cli/src/generated.rs", generate_cli),
        ("httpmock/src/generated.rs", generate_httpmock),
    ];
    for (path, generate) in generators {
        files.push(GeneratedFile {
            path: PathBuf::from(path),
            contents: generate(&openapi_3_0)?,
        });
    }
    let document: serde_json::Value =
        serde_json::from_str(&openapi_3_0).map_err(|error| XtaskError::ClientGeneration {
            message: format!("{} is not JSON: {error}", client_source()),
        })?;
    let shapes = operation_methods::shapes(&document)?;
    let operation_files = [
        (
            operation_methods::CLIENT_METHODS_FILE,
            operation_methods::client_methods(&shapes),
        ),
        (
            operation_methods::MCP_DISPATCH_FILE,
            operation_methods::mcp_dispatch(&shapes),
        ),
        (
            operation_methods::CLI_PLACES_FILE,
            operation_methods::cli_places(&shapes, &operation_methods::tags(&document))?,
        ),
    ];
    for (path, tokens) in operation_files {
        files.push(GeneratedFile {
            path: PathBuf::from(path),
            contents: generated_source(
                tokens,
                &openapi_3_0,
                "one method per operation of the document.",
            )?,
        });
    }
    files.extend(samples::files(&documents.openapi_3_1)?);
    files.push(GeneratedFile {
        path: PathBuf::from("openapi").join(arazzo::FILE_NAME),
        contents: arazzo_document(documents)?,
    });
    files.extend(tools_files(documents)?);
    let tools = mcp_tools::file(&documents.openapi_3_1)?;
    let version = env!("CARGO_PKG_VERSION");
    files.push(GeneratedFile {
        path: PathBuf::from(mcp_listings::BUNDLE_MANIFEST_FILE),
        contents: mcp_listings::bundle_manifest(version, &tools)?,
    });
    files.push(GeneratedFile {
        path: PathBuf::from(mcp_listings::SERVER_FILE),
        contents: mcp_listings::server_file(version),
    });
    files.push(GeneratedFile {
        path: PathBuf::from(mcp_tools::FILE),
        contents: tools,
    });
    files.push(GeneratedFile {
        path: PathBuf::from(MOCK_CONSOLE_SAMPLES),
        contents: mock_console_samples(&documents.openapi_3_1)?,
    });
    files.push(GeneratedFile {
        path: PathBuf::from(MOCK_CONTROL_DOCUMENT),
        contents: mock_control_document()?,
    });
    Ok(files)
}

/// The workflows' Arazzo document, as YAML with its `@generated` marker.
fn arazzo_document(documents: &Documents) -> Result<String, XtaskError> {
    let document = arazzo::document(&documents.openapi_3_1)?;
    let yaml = yaml_serde::to_string(&document).map_err(RenderError::from)?;
    Ok(format!("# {GENERATED_MARKER}\n{yaml}"))
}

/// The files for the tools people click and the readers that are not people: the Postman
/// collection, the `.http` file and its environments (the `mock` one with the mock's default
/// credentials), `llms.txt` and the operations' Markdown pages.
fn tools_files(documents: &Documents) -> Result<Vec<GeneratedFile>, XtaskError> {
    let openapi = &documents.openapi_3_1;
    let mut collection_text =
        serde_json::to_string_pretty(&postman::collection(openapi)?).map_err(RenderError::from)?;
    collection_text.push('\n');
    let directory = PathBuf::from("openapi");
    let mut files = vec![
        GeneratedFile {
            path: directory.join(postman::FILE_NAME),
            contents: collection_text,
        },
        GeneratedFile {
            path: directory.join(http_file::FILE_NAME),
            contents: http_file::file(openapi)?,
        },
        GeneratedFile {
            path: directory.join(http_file::ENVIRONMENTS_FILE_NAME),
            contents: http_file::environments(
                openapi,
                bluetape_mock_control::DEFAULT_API_KEY,
                bluetape_mock_control::DEFAULT_ACCOUNT_ID,
            )?,
        },
        GeneratedFile {
            path: directory.join(markdown::LLMS_TXT),
            contents: markdown::llms_txt(openapi),
        },
    ];
    for (path, contents) in markdown::operation_pages(openapi)? {
        files.push(GeneratedFile {
            path: directory.join(path),
            contents,
        });
    }
    Ok(files)
}

/// The code samples of the mock's console, by `operationId`: the mock adds them to the document
/// its console shows, so that it builds none at run time.
pub const MOCK_CONSOLE_SAMPLES: &str = "mock-server/console/code-samples.json";

fn mock_console_samples(openapi_3_1: &serde_json::Value) -> Result<String, XtaskError> {
    let samples = bluetape_model::operations_of(openapi_3_1)
        .filter_map(|(_, _, operation)| {
            let id = operation["operationId"].as_str()?;
            Some((id.to_owned(), operation.get("x-codeSamples")?.clone()))
        })
        .collect();
    Ok(bluetape_model::render::marked_json(
        samples,
        GENERATED_MARKER,
    )?)
}

/// The OpenAPI document of `bluetape-mock`'s control API, derived by utoipa from its declarations
/// in `bluetape-mock-control` (the server is not built).
pub const MOCK_CONTROL_DOCUMENT: &str = "openapi/bluetape-mock-admin.openapi.json";

fn mock_control_document() -> Result<String, XtaskError> {
    let serde_json::Value::Object(fields) =
        serde_json::to_value(bluetape_mock_control::admin_openapi())
            .map_err(bluetape_model::render::RenderError::from)?
    else {
        return Err(XtaskError::ClientGeneration {
            message: "the control API document is not a JSON object".into(),
        });
    };
    Ok(bluetape_model::render::marked_json(
        fields,
        "@generated by `cargo xtask codegen` from the control API's declarations in \
         bluetape-mock-control (mock-server/control/src/document.rs): do not edit",
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed derived files are exactly what `cargo xtask codegen` generates now: the same
    /// check as `--check`, so `cargo test` catches a stale document, client or CLI.
    #[test]
    fn committed_generated_files_are_up_to_date() {
        let files = generated_files(&Documents::derive().expect("the documents derive"))
            .expect("every derived file generates");
        let outcomes = files::apply(
            &crate::workspace::root().expect("the workspace is found"),
            &files,
            true,
        )
        .expect("the committed files are readable");
        if let Some((_, report)) = files::stale_report(&outcomes) {
            panic!("\n{report}");
        }
    }
}
