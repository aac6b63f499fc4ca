//! The edit loop: a doc comment of the model edited, `cargo xtask codegen`, the snapshot tests,
//! timed warm; the source restored afterwards.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use test_support::process::{StepError, cargo, run};

use super::measurement::io_error;

/// The loop of someone changing the model: edit a doc comment, `cargo xtask codegen`, the
/// snapshot tests (which then show the change as a diff). Warm: one untimed run first. The source
/// is restored, and regenerated, whatever happens.
pub(crate) fn edit_loop(root: &Path, runs: usize) -> Result<Duration, StepError> {
    const FILE: &str = "spec-gen/src/company.rs";
    const LINE: &str = "    /// Name of the company.";
    let path = root.join(FILE);
    let original =
        std::fs::read_to_string(&path).map_err(|error| io_error("read", &path, error))?;
    if !original.contains(LINE) {
        return Err(StepError {
            step: "edit loop".into(),
            message: format!("{FILE} has no line {LINE:?} to edit"),
        });
    }
    let restore = RestoreOnDrop {
        path: path.clone(),
        original: original.clone(),
        root: root.to_path_buf(),
    };
    let mut times = Vec::new();
    for run_number in 0..=runs {
        let edited = original.replacen(LINE, &format!("{LINE} (Edit {run_number}.)"), 1);
        std::fs::write(&path, edited).map_err(|error| io_error("write", &path, error))?;
        let started = Instant::now();
        run(
            "edit loop: cargo xtask codegen",
            cargo()
                .args(["run", "--quiet", "-p", "xtask", "--", "codegen"])
                .current_dir(root),
        )?;
        run(
            "edit loop: snapshot tests",
            cargo()
                .args([
                    "test",
                    "--quiet",
                    "-p",
                    "tests",
                    "--test",
                    "snapshots_of_the_schema",
                ])
                .env("INSTA_UPDATE", "no")
                .env("INSTA_FORCE_PASS", "1")
                .current_dir(root),
        )?;
        if run_number > 0 {
            times.push(started.elapsed());
        }
    }
    drop(restore);
    times.sort();
    Ok(times[times.len() / 2])
}

/// Puts a source file back, and regenerates, when the edit loop ends or fails.
pub(crate) struct RestoreOnDrop {
    path: PathBuf,
    original: String,
    root: PathBuf,
}

impl Drop for RestoreOnDrop {
    fn drop(&mut self) {
        if std::fs::write(&self.path, &self.original).is_err() {
            eprintln!("edit loop: could not restore {}", self.path.display());
        }
        let _ = run(
            "edit loop: regenerate",
            cargo()
                .args(["run", "--quiet", "-p", "xtask", "--", "codegen"])
                .current_dir(&self.root),
        );
    }
}
