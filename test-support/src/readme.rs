//! [`readme_line`]: a command as a README shows it, for the tests that run it word for word.

use std::path::Path;

/// The first line of the README at `path` that starts with `prefix`.
///
/// # Panics
///
/// When the README cannot be read or shows no such line: the test fails there, naming both.
pub fn readme_line(path: impl AsRef<Path>, prefix: &str) -> String {
    let path = path.as_ref();
    let readme = std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    readme
        .lines()
        .find(|line| line.starts_with(prefix))
        .unwrap_or_else(|| panic!("{} shows no line starting {prefix:?}", path.display()))
        .to_owned()
}
