//! The files of `openapi/samples/` (`cargo xtask codegen`): one program per operation and
//! language, from the model's code samples, each with the `@generated` marker; the `Cargo.toml`
//! that builds the Rust ones; a README with the command that runs each. (`cargo xtask ecosystem`
//! runs them: `ecosystem/code_samples.rs`.)

use std::fmt::Write as _;
use std::path::Path;

use bluetape_model::render::GENERATED_MARKER;
use bluetape_writers::code_samples::{
    ACCOUNT_ID_VARIABLE, API_KEY_VARIABLE, BASE_URL_VARIABLE, DIRECTORY, Language, SampleRequest,
    code_samples, requests,
};
use serde_json::Value;

use super::files::GeneratedFile;
use crate::error::XtaskError;

/// The package of the Rust samples (its `Cargo.toml` is generated beside them).
pub const RUST_PACKAGE: &str = "bluetape-code-samples";

/// Every file of `openapi/samples/`: the samples, the Rust samples' `Cargo.toml`, and a README.
///
/// # Errors
///
/// [`XtaskError::Render`] when the document cannot be derived or lacks what a sample needs.
pub fn files(openapi_3_1: &Value) -> Result<Vec<GeneratedFile>, XtaskError> {
    let document = openapi_3_1;
    let samples = code_samples(document)?;
    let requests = requests(document)?;
    let directory = Path::new(DIRECTORY);
    let mut files: Vec<GeneratedFile> = samples
        .iter()
        .map(|sample| GeneratedFile {
            path: directory.join(sample.request.file_name(sample.language)),
            contents: marked(&sample.source, sample.language),
        })
        .collect();
    files.push(GeneratedFile {
        path: directory.join("Cargo.toml"),
        contents: rust_manifest(&requests),
    });
    files.push(GeneratedFile {
        path: directory.join("README.md"),
        contents: readme(&requests),
    });
    Ok(files)
}

/// The sample with the `@generated` marker as its first comment (after a shebang).
fn marked(source: &str, language: Language) -> String {
    let comment = match language {
        Language::Curl | Language::Python => "#",
        _ => "//",
    };
    let marker = format!("{comment} {GENERATED_MARKER}\n");
    match source.split_once('\n') {
        Some((shebang, rest)) if shebang.starts_with("#!") => format!("{shebang}\n{marker}{rest}"),
        _ => format!("{marker}{source}"),
    }
}

fn readme(requests: &[SampleRequest]) -> String {
    let mut text = format!(
        "<!-- {GENERATED_MARKER} -->\n\
         # Code samples\n\n\
         One program per operation and language, generated from the model; the same programs are the\n\
         `x-codeSamples` of the documents in `openapi/`. Each reads `{API_KEY_VARIABLE}`,\n\
         `{ACCOUNT_ID_VARIABLE}` and `{BASE_URL_VARIABLE}` (production when unset), sends the operation's\n\
         example, prints the reply, and on an error prints the status and the API's `{{code, reason}}`\n\
         and exits non-zero. None follows a redirect: the credentials go to the base URL only.\n\
         `cargo xtask ecosystem` runs every one against `bluetape-mock` on every commit.\n\n\
         | operation | run it |\n|---|---|\n"
    );
    for request in requests {
        let commands: Vec<String> = Language::ALL
            .iter()
            .map(|&language| format!("`{}`", run_line(request, language)))
            .collect();
        text.push_str(&format!(
            "| `{}` | {} |\n",
            request.operation_id,
            commands.join("<br>")
        ));
    }
    text.push_str(
        "\nC# needs Mono (`mono-devel`) or a .NET console project; Go and Java need only their \
         standard library (Java 17 or newer); Python needs `requests`; Node.js 18 or newer.\n",
    );
    text
}

/// The command that runs a sample, from this folder.
fn run_line(request: &SampleRequest, language: Language) -> String {
    let file = request.file_name(language);
    match language {
        Language::Curl => format!("sh {file}"),
        Language::Python => format!("python3 {file}"),
        Language::JavaScript => format!("node {file}"),
        Language::CSharp => format!(
            "mcs -r:System.Net.Http.dll {file} && mono {}",
            file.replace(".cs", ".exe")
        ),
        Language::Java => format!("java {file}"),
        Language::Go => format!("go run {file}"),
        Language::Rust => format!(
            "cargo run --manifest-path {DIRECTORY}/Cargo.toml --bin {}",
            request.snake_name()
        ),
    }
}

/// The `Cargo.toml` that builds the Rust samples, one binary each. A workspace of its own, not a
/// member of the repository's: cargo loads every member's manifest before it runs anything, so
/// `cargo xtask codegen` could not write this file back if a missing one stopped the workspace.
fn rust_manifest(requests: &[SampleRequest]) -> String {
    let mut manifest = format!(
        "# {GENERATED_MARKER}\n\
         # The Rust code samples, one binary per operation, from the repository's root:\n\
         #   cargo run --manifest-path {DIRECTORY}/Cargo.toml --bin <name>\n\
         [package]\n\
         name = \"{RUST_PACKAGE}\"\n\
         description = \"The Rust code samples of the BlueTape OpenAPI documents\"\n\
         version = \"{version}\"\n\
         edition = \"2024\"\n\
         license = \"Apache-2.0\"\n\
         publish = false\n\n\
         [workspace]\n\n\
         [dependencies]\n\
         bluetape-client = {{ path = \"../../client\" }}\n\
         serde_json = \"1\"\n\
         tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n",
        version = env!("CARGO_PKG_VERSION"),
    );
    for request in requests {
        let _ = write!(
            manifest,
            "\n[[bin]]\nname = \"{}\"\npath = \"{}\"\n",
            request.snake_name(),
            request.file_name(Language::Rust)
        );
    }
    manifest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_marker_follows_a_shebang() {
        assert_eq!(
            marked("#!/bin/sh\necho\n", Language::Curl),
            format!("#!/bin/sh\n# {GENERATED_MARKER}\necho\n")
        );
        assert!(marked("x\n", Language::Go).starts_with("// @generated"));
    }
}
