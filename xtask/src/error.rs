//! [`XtaskError`]: everything a task can fail with.

use std::path::PathBuf;

/// A task that could not complete. Each message says what failed and what to do.
#[derive(Debug, thiserror::Error)]
pub enum XtaskError {
    /// A document could not be derived from the model.
    #[error("cannot derive the OpenAPI documents from the model: {0}")]
    Render(#[from] bluetape_model::render::RenderError),
    /// A committed document could not be written (the model's, or its code samples).
    #[error("cannot derive the committed OpenAPI documents: {0}")]
    Document(#[from] bluetape_writers::documents::DocumentError),
    /// An operation lacks what its code samples need.
    #[error(transparent)]
    CodeSamples(#[from] bluetape_writers::code_samples::SampleError),
    /// The workflows could not be derived from the document.
    #[error(transparent)]
    Workflows(#[from] bluetape_writers::workflow_steps::WorkflowError),
    /// The Markdown reference could not be written.
    #[error(transparent)]
    Markdown(#[from] bluetape_writers::markdown::MarkdownError),
    /// progenitor could not generate the client from the 3.0.3 document.
    #[error("cannot generate the client: {message}")]
    ClientGeneration {
        /// What failed.
        message: String,
    },
    /// An operation lacks what its MCP tool needs.
    #[error("cannot derive the MCP tool of {operation}: {message}")]
    McpTools {
        /// The operation's id.
        operation: String,
        /// What is missing or clashes.
        message: String,
    },
    /// The API changed incompatibly without the version that says so, or drift could not compare.
    #[error("{message}")]
    Compat {
        /// Which changes, and what to do.
        message: String,
    },
    /// `cargo xtask release` refused.
    #[error("release refused: {message}")]
    Release {
        /// Why, and what to do.
        message: String,
    },
    /// A step of `cargo xtask ecosystem` failed.
    #[error("{step} failed: {message}")]
    Step {
        /// The step.
        step: String,
        /// What failed, with the end of the tool's output.
        message: String,
    },
    /// A file could not be read or written.
    #[error("cannot {action} {path}: {source}")]
    Io {
        /// `read`, `write`, `remove`, …
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// `--check` found derived files that differ from what the model generates.
    #[error("{count} generated file(s) are stale: run `cargo xtask codegen` and commit the result")]
    Stale {
        /// How many files are stale.
        count: usize,
    },
}

impl XtaskError {
    /// [`XtaskError::Io`]: `action` (`read`, `write`, …) failed on `path`.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        XtaskError::Io {
            action,
            path: path.into(),
            source,
        }
    }
}

/// A failed step of a child process ([`test_support::process`]) is a failed step of the task.
impl From<test_support::process::StepError> for XtaskError {
    fn from(error: test_support::process::StepError) -> Self {
        XtaskError::Step {
            step: error.step,
            message: error.message,
        }
    }
}
