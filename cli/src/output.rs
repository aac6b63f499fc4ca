//! [`Output`]: how `bluetape` prints: the success body as JSON on stdout (pretty on a terminal,
//! compact when piped), and every failure once, as JSON on stderr, by `main`.

use std::io::{IsTerminal, Write};

use bluetape_client::Error;
use bluetape_client::raw::{ResponseValue, builder};
use serde::Serialize;

use crate::generated::CliConfig;

/// The CLI's output, and the checks of path ids that the raw builders cannot make.
pub struct Output {
    pretty: bool,
}

impl Output {
    /// Pretty JSON when stdout is a terminal, compact when it is piped.
    pub fn for_stdout() -> Self {
        Output {
            pretty: std::io::stdout().is_terminal(),
        }
    }

    fn print(&self, value: &impl Serialize) {
        let text = if self.pretty {
            serde_json::to_string_pretty(value)
        } else {
            serde_json::to_string(value)
        };
        let mut stdout = std::io::stdout().lock();
        // A closed pipe (`bluetape … | head`) is not an error of the call.
        let _ = match text {
            Ok(text) => writeln!(stdout, "{text}"),
            Err(error) => writeln!(stdout, "{{\"error\":\"cannot print the reply: {error}\"}}"),
        };
    }
}

/// Prints a failure on stderr as `{status, code, reason, requestId}` (the three API fields are
/// `null` for a failure that is not an API answer). No variant of [`Error`] holds a credential.
pub fn print_error(error: &Error) {
    let reason = match error {
        Error::Api { reason, .. } => reason.clone(),
        other => other.to_string(),
    };
    let report = serde_json::json!({
        "status": error.status().map(|status| status.as_u16()),
        "code": error.code(),
        "reason": reason,
        "requestId": error.request_id(),
    });
    eprintln!("{report}");
}

/// A path id refused before sending, as the client's own methods refuse it.
fn check_path_id(matches: &clap::ArgMatches) -> anyhow::Result<()> {
    // Raw, whatever type the generated argument parses into.
    for id in matches.get_raw("id").into_iter().flatten() {
        bluetape_client::validate_path_id("id", &id.to_string_lossy())?;
    }
    Ok(())
}

/// The `execute_*` hooks of the operations with a path `id`: each checks the id before the
/// request is built (see [`check_path_id`]).
macro_rules! check_path_id_of {
    ($($hook:ident: $builder:ident),* $(,)?) => {
        $(
            fn $hook(
                &self,
                matches: &clap::ArgMatches,
                _request: &mut builder::$builder,
            ) -> anyhow::Result<()> {
                check_path_id(matches)
            }
        )*
    };
}

impl CliConfig for Output {
    fn success_item<T>(&self, value: &ResponseValue<T>)
    where
        T: schemars::JsonSchema + Serialize + std::fmt::Debug,
    {
        self.print(value.as_ref());
    }

    fn success_no_item(&self, _value: &ResponseValue<()>) {}

    // `main` reports every failure, once, with its exit code.
    fn error<T>(&self, _value: &bluetape_client::raw::Error<T>)
    where
        T: schemars::JsonSchema + Serialize + std::fmt::Debug,
    {
    }

    // No operation of the API is paginated; a list would print as JSON lines.
    fn list_start<T>(&self)
    where
        T: schemars::JsonSchema + Serialize + std::fmt::Debug,
    {
    }

    fn list_item<T>(&self, value: &T)
    where
        T: schemars::JsonSchema + Serialize + std::fmt::Debug,
    {
        self.print(value);
    }

    fn list_end_success<T>(&self)
    where
        T: schemars::JsonSchema + Serialize + std::fmt::Debug,
    {
    }

    fn list_end_error<T>(&self, _value: &bluetape_client::raw::Error<T>)
    where
        T: schemars::JsonSchema + Serialize + std::fmt::Debug,
    {
    }

    crate::places::path_id_hooks!();
}
