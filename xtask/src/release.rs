//! `cargo xtask release <version>`: sets the version everywhere, regenerates, gates the version on
//! what changed since the last release, writes the new baseline and a dated CHANGELOG section,
//! commits and tags. It does not publish or push.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use semver::Version;

use crate::compat::{self, Class, Finding, RELEASED_DIRECTORY, baseline_file_name};
use crate::error::XtaskError;
use test_support::process::{cargo, run};

const CHANGELOG: &str = "CHANGELOG.md";
const UNRELEASED_HEADING: &str = "## [Unreleased]";

/// Cuts release `version`.
///
/// # Errors
///
/// [`XtaskError::Release`] for a malformed version, a dirty tree, or a version that does not match
/// what changed; [`XtaskError::Compat`] with the breaking changes when the version is too small.
pub fn release(root: &Path, version: &str) -> Result<(), XtaskError> {
    let refuse = |message: String| XtaskError::Release { message };
    let version = Version::parse(version)
        .map_err(|error| refuse(format!("{version:?} is not a semantic version: {error}")))?;
    let dirty = git(root, &["status", "--porcelain"])?;
    if !dirty.trim().is_empty() {
        return Err(refuse(format!(
            "the working tree is not clean; commit or stash first:\n{dirty}"
        )));
    }

    // Gate first, on the document as it will be: the current one with the new version.
    let baseline = compat::latest_baseline(root)?;
    let mut document =
        bluetape_writers::documents::document(bluetape_model::render::Version::V3_0)?;
    document["info"]["version"] = version.to_string().into();
    let findings = match &baseline {
        Some(baseline) => {
            if version <= baseline.version {
                return Err(refuse(format!(
                    "{version} is not newer than the released {}",
                    baseline.version
                )));
            }
            compat::gate(baseline, &document, &version)?
        }
        None => Vec::new(),
    };

    set_workspace_version(root, &version)?;
    run(
        "regenerate with the new version",
        cargo()
            .args(["run", "--quiet", "-p", "xtask", "--", "codegen"])
            .current_dir(root),
    )?;
    let released = root
        .join(RELEASED_DIRECTORY)
        .join(baseline_file_name(&version));
    if let Some(directory) = released.parent() {
        std::fs::create_dir_all(directory)
            .map_err(|source| XtaskError::io("create", directory, source))?;
    }
    // The document as regenerated, version included. A release is written once and never
    // regenerated: its marker says so.
    let mut baseline_document = document;
    baseline_document["x-generated"] = format!(
        "written by `cargo xtask release {version}`: the released document, never edited; \
         `cargo xtask compat` compares with it"
    )
    .into();
    let text =
        serde_json::to_string_pretty(&baseline_document).map_err(|error| XtaskError::Release {
            message: format!("cannot write the baseline: {error}"),
        })?;
    std::fs::write(&released, text + "\n")
        .map_err(|source| XtaskError::io("write", released.clone(), source))?;
    let previous = baseline.as_ref().map(|baseline| &baseline.version);
    add_changelog_section(root, &version, previous, &findings)?;

    git(root, &["add", "-A"])?;
    git(
        root,
        &["commit", "--quiet", "-m", &format!("release: {version}")],
    )?;
    git(
        root,
        &[
            "tag",
            "-a",
            &format!("v{version}"),
            "-m",
            &format!("BlueTape API {version}"),
        ],
    )?;
    println!(
        "Released {version}: baseline {}, CHANGELOG.md section, commit and tag v{version}. \
         Nothing was published or pushed.",
        released.strip_prefix(root).unwrap_or(&released).display()
    );
    Ok(())
}

fn git(root: &Path, arguments: &[&str]) -> Result<String, XtaskError> {
    Ok(run(
        &format!("git {}", arguments.join(" ")),
        Command::new("git").args(arguments).current_dir(root),
    )?)
}

/// Writes `version` into `[workspace.package]`, which every crate and `info.version` inherit.
fn set_workspace_version(root: &Path, version: &Version) -> Result<(), XtaskError> {
    let path = root.join("Cargo.toml");
    let text = std::fs::read_to_string(&path)
        .map_err(|source| XtaskError::io("read", path.clone(), source))?;
    std::fs::write(&path, with_workspace_version(&text, version)?)
        .map_err(|source| XtaskError::io("write", path, source))
}

/// The workspace manifest `text` at `version`: `[workspace.package]`, and the version of every
/// workspace dependency given by path and version (a published crate names its sibling by both:
/// bluetape-mock needs bluetape-model).
fn with_workspace_version(text: &str, version: &Version) -> Result<String, XtaskError> {
    let mut manifest: toml_edit::DocumentMut =
        text.parse().map_err(|error| XtaskError::Release {
            message: format!("Cargo.toml does not parse: {error}"),
        })?;
    manifest["workspace"]["package"]["version"] = toml_edit::value(version.to_string());
    if let Some(dependencies) = manifest["workspace"]["dependencies"].as_table_like_mut() {
        for (_, dependency) in dependencies.iter_mut() {
            if let Some(table) = dependency.as_table_like_mut()
                && table.contains_key("path")
                && table.contains_key("version")
            {
                table.insert("version", toml_edit::value(version.to_string()));
            }
        }
    }
    Ok(manifest.to_string())
}

/// Adds a dated Keep a Changelog section whose API part is drafted from the compat findings.
fn add_changelog_section(
    root: &Path,
    version: &Version,
    previous: Option<&Version>,
    findings: &[Finding],
) -> Result<(), XtaskError> {
    let path = root.join(CHANGELOG);
    let text = std::fs::read_to_string(&path)
        .map_err(|source| XtaskError::io("read", path.clone(), source))?;
    let section = changelog_section(
        version,
        previous,
        findings,
        &chrono::Utc::now().date_naive(),
    );
    let updated = with_release_section(&text, &section);
    std::fs::write(&path, updated).map_err(|source| XtaskError::io("write", path, source))
}

/// The changelog with the release `section` added below `## [Unreleased]`. The notes written by
/// hand under Unreleased move into the release, above the drafted API part, so that Unreleased is
/// empty again (Keep a Changelog).
fn with_release_section(text: &str, section: &str) -> String {
    let Some(start) = text.find(UNRELEASED_HEADING) else {
        return format!("{text}\n{section}");
    };
    let after = start + UNRELEASED_HEADING.len();
    let next = text[after..]
        .find("\n## ")
        .map_or(text.len(), |offset| after + offset + 1);
    let notes = text[after..next].trim();
    let section = match section.split_once("\n\n") {
        Some((heading, drafted)) if !notes.is_empty() => {
            format!("{heading}\n\n{notes}\n\n{drafted}")
        }
        _ => section.to_owned(),
    };
    format!("{}\n\n{section}\n{}", &text[..after], &text[next..])
}

/// The CHANGELOG section of a release.
pub fn changelog_section(
    version: &Version,
    previous: Option<&Version>,
    findings: &[Finding],
    date: &chrono::NaiveDate,
) -> String {
    let mut section = format!("## [{version}] - {date}\n\n");
    let Some(previous) = previous else {
        section.push_str(
            "### Added\n\n- First release: the five operations of the BlueTape integration API \
             (`createCompany`, `createCustomer`, `updateCustomer`, `linkCompanyCustomer`, \
             `getCustomerSignup`), the OpenAPI 3.1 and 3.0.3 documents, `bluetape-client` and \
             `bluetape-mock`.\n",
        );
        return section;
    };
    let _ = writeln!(
        section,
        "### API (drafted from `cargo xtask compat` against {previous})\n"
    );
    let (breaking, rest): (Vec<&Finding>, Vec<&Finding>) =
        findings.iter().partition(|finding| finding.is_breaking());
    let trivial = rest
        .iter()
        .filter(|finding| finding.class == Class::Trivial)
        .count();
    for finding in &breaking {
        let _ = writeln!(
            section,
            "- **Breaking** ({}): `{}`: {}",
            finding.class_name(),
            finding.path,
            finding.message
        );
    }
    for finding in rest
        .iter()
        .filter(|finding| finding.class != Class::Trivial)
    {
        let _ = writeln!(
            section,
            "- {}: `{}`: {}",
            finding.class_name(),
            finding.path,
            finding.message
        );
    }
    if trivial > 0 {
        let _ = writeln!(section, "- {trivial} description or layout change(s)");
    }
    if findings.is_empty() {
        section.push_str("- No change to the API.\n");
    }
    section
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::compat::Side;

    fn finding(class: Class, path: &str, message: &str) -> Finding {
        Finding {
            class,
            path: path.into(),
            sides: BTreeSet::from([Side::Reply]),
            message: message.into(),
        }
    }

    #[test]
    fn first_release_section_lists_what_ships() {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let section = changelog_section(&Version::new(0, 1, 0), None, &[], &date);
        assert!(
            section.starts_with("## [0.1.0] - 2026-11-23\n\n### Added\n"),
            "{section}"
        );
    }

    #[test]
    fn the_version_is_set_once_for_the_workspace_and_its_published_siblings() {
        let text = "[workspace.package]\nversion = \"0.1.0\"\n\n[workspace.dependencies]\n\
                    bluetape-model = { path = \"spec-gen\", version = \"0.1.0\" }\n\
                    local = { path = \"local\" }\nserde = \"1\"\n";
        let updated = with_workspace_version(text, &Version::new(0, 2, 0)).unwrap();
        assert_eq!(
            updated,
            "[workspace.package]\nversion = \"0.2.0\"\n\n[workspace.dependencies]\n\
             bluetape-model = { path = \"spec-gen\", version = \"0.2.0\" }\n\
             local = { path = \"local\" }\nserde = \"1\"\n"
        );
    }

    #[test]
    fn unreleased_notes_move_into_the_release() {
        let text = "# Changelog\n\n## [Unreleased]\n\n### Changed\n\n- A note.\n\n## [0.1.0] - 2026-11-23\n\nOld.\n";
        let section = "## [0.2.0] - 2026-12-01\n\n### API\n\n- No change to the API.\n";
        assert_eq!(
            with_release_section(text, section),
            "# Changelog\n\n## [Unreleased]\n\n## [0.2.0] - 2026-12-01\n\n### Changed\n\n- A note.\n\n\
             ### API\n\n- No change to the API.\n\n## [0.1.0] - 2026-11-23\n\nOld.\n"
        );
        let empty = "# Changelog\n\n## [Unreleased]\n\n## [0.1.0] - 2026-11-23\n\nOld.\n";
        assert_eq!(
            with_release_section(empty, section),
            "# Changelog\n\n## [Unreleased]\n\n## [0.2.0] - 2026-12-01\n\n### API\n\n\
             - No change to the API.\n\n## [0.1.0] - 2026-11-23\n\nOld.\n"
        );
    }

    #[test]
    fn later_section_is_drafted_from_the_findings() {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let findings = [
            finding(
                Class::Unhandled,
                "#/components/schemas/SignUpDetails",
                "object properties changed",
            ),
            finding(
                Class::Compatible,
                "#/components/schemas/Customer",
                "properties: added nickname",
            ),
            finding(
                Class::Trivial,
                "#/components/schemas/Customer/properties/lastName",
                "schema metadata changed",
            ),
        ];
        let section = changelog_section(
            &Version::new(0, 2, 0),
            Some(&Version::new(0, 1, 0)),
            &findings,
            &date,
        );
        assert_eq!(
            section,
            "## [0.2.0] - 2026-12-01\n\n### API (drafted from `cargo xtask compat` against 0.1.0)\n\n\
             - **Breaking** (unhandled): `#/components/schemas/SignUpDetails`: object properties changed\n\
             - compatible: `#/components/schemas/Customer`: properties: added nickname\n\
             - 1 description or layout change(s)\n"
        );
    }
}
