//! `bluetape-openapi`: prints an OpenAPI document of the BlueTape integration API on stdout.
//!
//! ```text
//! cargo run -p bluetape-model -- --openapi 3.1|3.0 --format json|yaml
//! ```

use std::io::Write;
use std::process::ExitCode;

use bluetape_model::render::{Format, Version, render};
use clap::{Parser, ValueEnum};

/// Prints an OpenAPI document of the BlueTape integration API on stdout.
#[derive(Parser)]
#[command(version, about)]
struct Arguments {
    /// OpenAPI version of the document.
    #[arg(long, value_enum, default_value = "3.1")]
    openapi: VersionArgument,
    /// Text format of the document.
    #[arg(long, value_enum, default_value = "json")]
    format: FormatArgument,
}

#[derive(Clone, Copy, ValueEnum)]
enum VersionArgument {
    #[value(name = "3.1")]
    V3_1,
    #[value(name = "3.0")]
    V3_0,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArgument {
    Json,
    Yaml,
}

fn main() -> ExitCode {
    let arguments = Arguments::parse();
    let version = match arguments.openapi {
        VersionArgument::V3_1 => Version::V3_1,
        VersionArgument::V3_0 => Version::V3_0,
    };
    let format = match arguments.format {
        FormatArgument::Json => Format::Json,
        FormatArgument::Yaml => Format::Yaml,
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
