//! `cargo xtask semver`: `cargo semver-checks` on `bluetape-client` against its last release, so
//! that no breaking change to the crate ships under a compatible version.

use std::path::Path;
use std::process::Command;

use crate::compat::latest_baseline;
use crate::error::XtaskError;
use crate::tools;
use test_support::process::run;

/// Runs the check, or says why it cannot (no release yet) without pretending it passed.
///
/// # Errors
///
/// [`XtaskError::Step`] when the tool cannot be installed or reports a breaking change.
pub fn check(root: &Path) -> Result<(), XtaskError> {
    let Some(baseline) = latest_baseline(root)? else {
        println!("SKIPPED: no release yet, so no baseline to compare bluetape-client with");
        return Ok(());
    };
    // The release tag, or (where tags did not travel, as in a fresh clone of a branch) the commit
    // that added the release's baseline document.
    let tag = format!("v{}", baseline.version);
    let tagged = run(
        "git rev-parse",
        Command::new("git")
            .args(["rev-parse", "--verify", "--quiet"])
            .arg(format!("{tag}^{{commit}}"))
            .current_dir(root),
    );
    let revision = match tagged {
        Ok(commit) => commit.trim().to_owned(),
        Err(_) => run(
            "find the release commit",
            Command::new("git")
                .args(["log", "--format=%H", "--diff-filter=A", "-1", "--"])
                .arg(&baseline.path)
                .current_dir(root),
        )?
        .trim()
        .to_owned(),
    };
    if revision.is_empty() {
        return Err(XtaskError::Step {
            step: "cargo semver-checks".into(),
            message: format!(
                "neither tag {tag} nor the commit adding its baseline is in this clone"
            ),
        });
    }
    let binary = tools::ensure_cargo_semver_checks()?;
    println!(
        "bluetape-client against {} ({tag}, {revision})",
        baseline.version
    );
    let output = run(
        "cargo semver-checks",
        Command::new(binary)
            .args([
                "semver-checks",
                "check-release",
                "-p",
                "bluetape-client",
                "--baseline-rev",
            ])
            .arg(&revision)
            .current_dir(root),
    )?;
    print!("{output}");
    Ok(())
}
