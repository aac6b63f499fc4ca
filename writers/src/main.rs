//! `bluetape-openapi`: prints an OpenAPI document of the BlueTape integration API on stdout.
//!
//! ```text
//! cargo run -p bluetape-writers -- --openapi 3.1|3.0 --format json|yaml
//! ```
//!
//! It prints the committed documents: the model's with the code samples, keys in the files' order.

use std::io::Write;
use std::process::ExitCode;

use bluetape_model::render::{Format, Version};
use bluetape_writers::documents::render;
use clap::{Parser, ValueEnum};

/// Prints an OpenAPI document of the BlueTape integration API on stdout.
#[derive(Parser)]
#[command(version, about)]
struct Arguments {
    /// OpenAPI version of the document.
    #[arg(long, value_enum, default_value = "3.1")]
    openapi: OpenApiVersion,
    /// Text format of the document.
    #[arg(long, value_enum, default_value = "json")]
    format: TextFormat,
}

/// `--openapi`: the model's [`Version`] as written on the command line (the published model has
/// no command-line dependency).
#[derive(Clone, Copy, ValueEnum)]
enum OpenApiVersion {
    #[value(name = "3.1")]
    V3_1,
    #[value(name = "3.0")]
    V3_0,
}

/// `--format`: the model's [`Format`].
#[derive(Clone, Copy, ValueEnum)]
enum TextFormat {
    Json,
    Yaml,
}

fn main() -> ExitCode {
    let Arguments { openapi, format } = Arguments::parse();
    let version = match openapi {
        OpenApiVersion::V3_1 => Version::V3_1,
        OpenApiVersion::V3_0 => Version::V3_0,
    };
    let format = match format {
        TextFormat::Json => Format::Json,
        TextFormat::Yaml => Format::Yaml,
    };
    let text = match render(version, format) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) is the reader's choice, not a failure worth a message.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: cannot write the document: {error}");
            ExitCode::FAILURE
        }
    }
}
