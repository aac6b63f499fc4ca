//! Where the workspace is.

use std::path::{Path, PathBuf};

/// The workspace root: the parent of this crate's directory, wherever the command is run from.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}
