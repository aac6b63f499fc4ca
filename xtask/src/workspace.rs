//! Where the workspace is: found when a task runs, not when xtask was compiled, so that two clones
//! sharing one target directory (a global `CARGO_TARGET_DIR`) each work on their own files.

use std::path::{Path, PathBuf};

use crate::error::XtaskError;

/// The workspace root: the nearest directory holding a `Cargo.toml` with a `[workspace]` table,
/// from the package cargo runs (`CARGO_MANIFEST_DIR`, which `cargo run` and `cargo test` set for
/// the process) or else from the current directory.
///
/// # Errors
///
/// [`XtaskError::Io`] when no such directory is found.
pub fn root() -> Result<PathBuf, XtaskError> {
    let start = match std::env::var_os("CARGO_MANIFEST_DIR") {
        Some(directory) => PathBuf::from(directory),
        None => std::env::current_dir()
            .map_err(|source| XtaskError::io("read", Path::new("."), source))?,
    };
    start
        .ancestors()
        .find(|directory| is_workspace_root(directory))
        .map(Path::to_path_buf)
        .ok_or_else(|| {
            XtaskError::io(
                "find the workspace above",
                &start,
                std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "no Cargo.toml with a [workspace] table",
                ),
            )
        })
}

fn is_workspace_root(directory: &Path) -> bool {
    std::fs::read_to_string(directory.join("Cargo.toml"))
        .is_ok_and(|manifest| manifest.lines().any(|line| line.trim() == "[workspace]"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_is_found_from_the_package_cargo_runs() {
        let root = root().expect("the workspace is found");
        assert!(root.join("spec-gen").is_dir(), "{}", root.display());
        assert!(is_workspace_root(&root));
        assert!(!is_workspace_root(&root.join("xtask")));
    }
}
