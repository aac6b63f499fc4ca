//! `bluetape-openapi`: prints an OpenAPI document of the BlueTape integration API on stdout.
//!
//! ```text
//! cargo run -p bluetape-model --features preserve_order -- --openapi 3.1|3.0 --format json|yaml
//!
//! (Without the `preserve_order` feature the document's keys are sorted; with it they keep the
//! order of the files in `openapi/`.)
//! ```

use std::io::Write;
use std::process::ExitCode;

use bluetape_model::render::{Format, Version, render};
use clap::Parser;

/// Prints an OpenAPI document of the BlueTape integration API on stdout.
#[derive(Parser)]
#[command(version, about)]
struct Arguments {
    /// OpenAPI version of the document.
    #[arg(long, value_enum, default_value = "3.1")]
    openapi: Version,
    /// Text format of the document.
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
}

fn main() -> ExitCode {
    let Arguments { openapi, format } = Arguments::parse();
    let text = match render(openapi, format) {
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
