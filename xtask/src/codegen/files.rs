//! The derived files as codegen writes them: [`GeneratedFile`], compared with the disk, written
//! or reported stale with a diff ([`apply`], [`stale_report`]); a file left in a generated folder
//! that nothing generates any more is removed.

use std::path::{Path, PathBuf};

use similar::TextDiff;

use crate::error::XtaskError;

/// The command that rewrites every derived file, quoted in every staleness report.
pub const FIX_COMMAND: &str = "cargo xtask codegen";

/// A derived file: where it lives in the workspace and what it must hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the workspace root.
    pub path: PathBuf,
    /// The exact text the file must hold.
    pub contents: String,
}

/// What `codegen` found or did for one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The file already held the generated text.
    Unchanged,
    /// The file was (re)written.
    Written,
    /// A file in a generated folder that nothing generates any more was removed.
    Removed,
    /// `--check`: the file differs, or should not exist any more; the unified diff goes from the
    /// file on disk to the generated text.
    Stale {
        /// Unified diff, on-disk → generated.
        diff: String,
    },
}

/// Folders that hold generated files only: a file in them that nothing generates any more (the
/// sample of a removed operation) is removed, or reported by `--check`.
pub const GENERATED_DIRECTORIES: [&str; 1] = [bluetape_writers::code_samples::DIRECTORY];

/// Compares each file with the disk under `root` and, unless `check`, writes those that differ and
/// removes the files of [`GENERATED_DIRECTORIES`] that nothing generates.
///
/// # Errors
///
/// [`XtaskError::Io`] when a file cannot be read (other than not existing yet), written or removed.
pub fn apply(
    root: &Path,
    files: &[GeneratedFile],
    check: bool,
) -> Result<Vec<(PathBuf, Outcome)>, XtaskError> {
    let mut outcomes = write_all(root, files, check)?;
    for directory in GENERATED_DIRECTORIES {
        outcomes.extend(remove_orphans(root, Path::new(directory), files, check)?);
    }
    Ok(outcomes)
}

/// The files of `directory` (relative to `root`) that none of `files` is, removed unless `check`.
fn remove_orphans(
    root: &Path,
    directory: &Path,
    files: &[GeneratedFile],
    check: bool,
) -> Result<Vec<(PathBuf, Outcome)>, XtaskError> {
    let entries = match std::fs::read_dir(root.join(directory)) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(XtaskError::io("read", root.join(directory), source)),
    };
    let mut orphans: Vec<PathBuf> = entries
        .flatten()
        .map(|entry| directory.join(entry.file_name()))
        .filter(|path| root.join(path).is_file() && !files.iter().any(|file| &file.path == path))
        .collect();
    orphans.sort();
    orphans
        .into_iter()
        .map(|path| {
            let absolute = root.join(&path);
            if check {
                let on_disk = std::fs::read_to_string(&absolute)
                    .map_err(|source| XtaskError::io("read", absolute.clone(), source))?;
                let diff = unified_diff(&path, &on_disk, "");
                Ok((path, Outcome::Stale { diff }))
            } else {
                std::fs::remove_file(&absolute)
                    .map_err(|source| XtaskError::io("remove", absolute, source))?;
                Ok((path, Outcome::Removed))
            }
        })
        .collect()
}

fn write_all(
    root: &Path,
    files: &[GeneratedFile],
    check: bool,
) -> Result<Vec<(PathBuf, Outcome)>, XtaskError> {
    files
        .iter()
        .map(|file| {
            let absolute = root.join(&file.path);
            let on_disk = match std::fs::read_to_string(&absolute) {
                Ok(text) => Some(text),
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
                Err(source) => {
                    return Err(XtaskError::io("read", absolute, source));
                }
            };
            let outcome = match on_disk {
                Some(text) if text == file.contents => Outcome::Unchanged,
                on_disk if check => Outcome::Stale {
                    diff: unified_diff(
                        &file.path,
                        on_disk.as_deref().unwrap_or(""),
                        &file.contents,
                    ),
                },
                _ => {
                    write(&absolute, &file.contents)?;
                    Outcome::Written
                }
            };
            Ok((file.path.clone(), outcome))
        })
        .collect()
}

/// How many files are stale, and a readable report: each diff, then the one command that fixes
/// them all.
pub fn stale_report(outcomes: &[(PathBuf, Outcome)]) -> Option<(usize, String)> {
    let stale: Vec<_> = outcomes
        .iter()
        .filter_map(|(path, outcome)| match outcome {
            Outcome::Stale { diff } => Some((path, diff)),
            _ => None,
        })
        .collect();
    if stale.is_empty() {
        return None;
    }
    let mut report = String::new();
    for (path, diff) in &stale {
        report.push_str(&format!("stale: {}\n{diff}\n", path.display()));
    }
    report.push_str(&format!(
        "{} generated file(s) differ from what the model in spec-gen generates.\n\
         Run `{FIX_COMMAND}` and commit the result.\n",
        stale.len()
    ));
    Some((stale.len(), report))
}

fn unified_diff(path: &Path, on_disk: &str, generated: &str) -> String {
    let shown = path.display().to_string();
    TextDiff::from_lines(on_disk, generated)
        .unified_diff()
        .context_radius(3)
        .header(
            &format!("{shown} (committed)"),
            &format!("{shown} (generated)"),
        )
        .to_string()
}

fn write(path: &Path, contents: &str) -> Result<(), XtaskError> {
    let io_error = |source| XtaskError::io("write", path, source);
    if let Some(directory) = path.parent() {
        std::fs::create_dir_all(directory).map_err(io_error)?;
    }
    std::fs::write(path, contents).map_err(io_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch_directory(name: &str) -> PathBuf {
        let directory = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&directory);
        std::fs::create_dir_all(&directory).unwrap();
        directory
    }

    fn file(contents: &str) -> GeneratedFile {
        GeneratedFile {
            path: PathBuf::from("out/doc.json"),
            contents: contents.into(),
        }
    }

    #[test]
    fn missing_file_is_written_then_unchanged() {
        let root = scratch_directory("write");
        assert_eq!(
            apply(&root, &[file("a\n")], false).unwrap()[0].1,
            Outcome::Written
        );
        assert_eq!(
            apply(&root, &[file("a\n")], false).unwrap()[0].1,
            Outcome::Unchanged
        );
        assert_eq!(
            std::fs::read_to_string(root.join("out/doc.json")).unwrap(),
            "a\n"
        );
    }

    #[test]
    fn check_reports_a_diff_and_writes_nothing() {
        let root = scratch_directory("check");
        apply(&root, &[file("one\ntwo\n")], false).unwrap();
        let outcomes = apply(&root, &[file("one\nthree\n")], true).unwrap();
        let Outcome::Stale { diff } = &outcomes[0].1 else {
            panic!("expected stale")
        };
        assert!(diff.contains("-two") && diff.contains("+three"), "{diff}");
        assert_eq!(
            std::fs::read_to_string(root.join("out/doc.json")).unwrap(),
            "one\ntwo\n"
        );
        let (_, report) = stale_report(&outcomes).unwrap();
        assert!(
            report.contains("stale: out/doc.json") && report.contains(FIX_COMMAND),
            "{report}"
        );
    }

    #[test]
    fn a_file_nothing_generates_in_a_generated_folder_is_reported_then_removed() {
        let root = scratch_directory("orphan");
        let directory = Path::new(bluetape_writers::code_samples::DIRECTORY);
        std::fs::create_dir_all(root.join(directory)).unwrap();
        std::fs::write(root.join(directory).join("gone.py"), "old\n").unwrap();
        let kept = GeneratedFile {
            path: directory.join("kept.py"),
            contents: "new\n".into(),
        };
        let outcomes = apply(&root, std::slice::from_ref(&kept), true).unwrap();
        let gone = directory.join("gone.py");
        assert!(
            outcomes
                .iter()
                .any(|(path, outcome)| path == &gone && matches!(outcome, Outcome::Stale { .. }))
        );
        assert!(root.join(&gone).exists());
        let outcomes = apply(&root, &[kept], false).unwrap();
        assert!(outcomes.contains(&(gone.clone(), Outcome::Removed)));
        assert!(!root.join(&gone).exists());
    }

    #[test]
    fn check_reports_a_missing_file_as_stale() {
        let root = scratch_directory("missing");
        let outcomes = apply(&root, &[file("a\n")], true).unwrap();
        assert!(matches!(outcomes[0].1, Outcome::Stale { .. }));
        assert!(!root.join("out/doc.json").exists());
    }
}
