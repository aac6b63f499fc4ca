//! `cargo xtask compat`: the 3.0.3 document against the latest released baseline in
//! `openapi/released/`, with Oxide's `drift`. A breaking change needs a new major version (for 0.x,
//! a new minor): that is the promise to every user who pinned a generated client, a docs page or
//! `bluetape-client`.
//!
//! What counts as breaking:
//! - drift's backward-incompatible, incompatible and unhandled changes (drift cannot tell: assume
//!   the worst);
//! - forward-incompatible changes on the reply side. The documents describe BlueTape's server, not
//!   ours: when the description of a reply narrows (a status removed), the server still sends what
//!   it sent, and clients generated from the new document break on it.
//!
//! drift 0.2 reports any change to an object's set of properties as unhandled. Those findings are
//! refined here from the two schemas: on the request side, a new property is compatible unless it
//! is required, and a removed or newly required one breaks; on the reply side, a new property is
//! compatible, and a removed or no-longer-required one breaks.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use drift::{ChangeClass, ChangeComparison};
use semver::Version;
use serde_json::Value;

use crate::error::XtaskError;

/// Where released baselines live, relative to the workspace root.
pub const RELEASED_DIRECTORY: &str = "openapi/released";

/// How a change affects the users of the old document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    /// Breaks users of the old document.
    BackwardIncompatible,
    /// Breaks users of the new document against a server that behaves as the old one said.
    ForwardIncompatible,
    /// Both.
    Incompatible,
    /// Layout or description only.
    Trivial,
    /// drift cannot classify it.
    Unhandled,
    /// An addition that breaks no one (a refinement of drift's unhandled property changes).
    Compatible,
}

/// Request, reply, or document structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Side {
    /// Operation parameters and request bodies.
    Request,
    /// Responses.
    Reply,
    /// Operations and metadata.
    Document,
}

/// One change between two documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Its classification.
    pub class: Class,
    /// JSON pointer of the change (in the old document).
    pub path: String,
    /// The sides through which the changed part is reached.
    pub sides: BTreeSet<Side>,
    /// What changed.
    pub message: String,
}

impl Finding {
    /// Whether the change can break a user of our documents (see the module documentation).
    pub fn is_breaking(&self) -> bool {
        match self.class {
            Class::BackwardIncompatible | Class::Incompatible | Class::Unhandled => true,
            Class::ForwardIncompatible => self.sides.contains(&Side::Reply),
            Class::Trivial | Class::Compatible => false,
        }
    }

    /// The class, as written in reports.
    pub fn class_name(&self) -> &'static str {
        match self.class {
            Class::BackwardIncompatible => "backward-incompatible",
            Class::ForwardIncompatible => "forward-incompatible",
            Class::Incompatible => "incompatible",
            Class::Trivial => "trivial",
            Class::Unhandled => "unhandled",
            Class::Compatible => "compatible",
        }
    }

    fn side_names(&self) -> String {
        let names: Vec<&str> = self
            .sides
            .iter()
            .map(|side| match side {
                Side::Request => "request",
                Side::Reply => "reply",
                Side::Document => "document",
            })
            .collect();
        names.join("+")
    }
}

/// A released baseline: its version and file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Baseline {
    /// The released API version.
    pub version: Version,
    /// The 3.0.3 document as released.
    pub path: PathBuf,
}

/// A JSON document (a released baseline, a generated document).
///
/// # Errors
///
/// [`XtaskError::Io`] when it cannot be read; [`XtaskError::Compat`] when it is not JSON.
pub fn read_json(path: &Path) -> Result<Value, XtaskError> {
    let text =
        std::fs::read_to_string(path).map_err(|source| XtaskError::io("read", path, source))?;
    serde_json::from_str(&text).map_err(|error| XtaskError::Compat {
        message: format!("{} is not JSON: {error}", path.display()),
    })
}

/// The changes of `document` (at `version`) since `baseline`, printed as a table; fails with
/// [`XtaskError::Compat`] when one breaks users and `version` does not say so.
pub fn gate(
    baseline: &Baseline,
    document: &Value,
    version: &Version,
) -> Result<Vec<Finding>, XtaskError> {
    let findings = findings(&read_json(&baseline.path)?, document)?;
    println!(
        "API {version} against the released {}:\n{}",
        baseline.version,
        table(&findings)
    );
    check_version(&baseline.version, version, &findings)?;
    Ok(findings)
}

/// The file name of the baseline of `version`.
pub fn baseline_file_name(version: &Version) -> String {
    format!("bluetape-{version}.openapi-3.0.json")
}

/// The latest released baseline, if any.
///
/// # Errors
///
/// [`XtaskError::Io`] when the directory cannot be read.
pub fn latest_baseline(root: &Path) -> Result<Option<Baseline>, XtaskError> {
    let directory = root.join(RELEASED_DIRECTORY);
    let entries = match std::fs::read_dir(&directory) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(XtaskError::io("read", directory, source));
        }
    };
    Ok(entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let version = name
                .strip_prefix("bluetape-")?
                .strip_suffix(".openapi-3.0.json")?;
            Some(Baseline {
                version: Version::parse(version).ok()?,
                path: entry.path(),
            })
        })
        .max_by(|a, b| a.version.cmp(&b.version)))
}

/// Every change from `old` to `new`, in a stable order.
///
/// # Errors
///
/// [`XtaskError::Compat`] when drift cannot read a document.
pub fn findings(old: &Value, new: &Value) -> Result<Vec<Finding>, XtaskError> {
    let changes = drift::compare(old, new).map_err(|error| XtaskError::Compat {
        message: format!("drift cannot compare: {error:#}"),
    })?;
    let mut found: Vec<Finding> = Vec::new();
    for change in changes {
        let Some(first) = change.paths.first() else {
            continue;
        };
        // The first element of drift's chain is where the change is; the rest is how it was reached.
        let old_path = first.old.to_string();
        let base = old_path.split(" -> ").next().unwrap_or_default().to_owned();
        let sides: BTreeSet<Side> = change
            .paths
            .iter()
            .map(|path| match path.comparison {
                ChangeComparison::Input => Side::Request,
                ChangeComparison::Output => Side::Reply,
                ChangeComparison::Structural => Side::Document,
            })
            .collect();
        for info in change.changes {
            let path = if info.old_subpath.is_empty() {
                base.clone()
            } else {
                format!("{base}/{}", info.old_subpath)
            };
            let property_set_changed = info.class == ChangeClass::Unhandled
                && matches!(
                    info.message.as_str(),
                    "object properties changed" | "object required properties changed"
                );
            let finding = if property_set_changed {
                refine_properties(old, new, &path, &sides)
            } else {
                Finding {
                    class: class_of(info.class),
                    path,
                    sides: sides.clone(),
                    message: info.message,
                }
            };
            if !found.contains(&finding) {
                found.push(finding);
            }
        }
    }
    found.sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
    Ok(found)
}

fn class_of(class: ChangeClass) -> Class {
    match class {
        ChangeClass::BackwardIncompatible => Class::BackwardIncompatible,
        ChangeClass::ForwardIncompatible => Class::ForwardIncompatible,
        ChangeClass::Incompatible => Class::Incompatible,
        ChangeClass::Trivial => Class::Trivial,
        ChangeClass::Unhandled => Class::Unhandled,
    }
}

/// Classifies a change to an object's properties from the two schemas (see the module docs).
fn refine_properties(old: &Value, new: &Value, path: &str, sides: &BTreeSet<Side>) -> Finding {
    let pointer = path.trim_start_matches('#');
    let names = |document: &Value, key: &str| -> BTreeSet<String> {
        match document.pointer(pointer).and_then(|schema| schema.get(key)) {
            Some(Value::Object(properties)) => properties.keys().cloned().collect(),
            Some(Value::Array(required)) => required
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            _ => BTreeSet::new(),
        }
    };
    let (old_properties, new_properties) = (names(old, "properties"), names(new, "properties"));
    let (old_required, new_required) = (names(old, "required"), names(new, "required"));
    let list = |set: BTreeSet<&String>| set.into_iter().cloned().collect::<Vec<_>>().join(", ");
    let added: BTreeSet<&String> = new_properties.difference(&old_properties).collect();
    let removed: BTreeSet<&String> = old_properties.difference(&new_properties).collect();
    let now_required: BTreeSet<&String> = new_required.difference(&old_required).collect();
    let no_longer_required: BTreeSet<&String> = old_required
        .difference(&new_required)
        .filter(|name| new_properties.contains(*name))
        .collect();

    let mut reasons = Vec::new();
    let mut breaking = false;
    if !removed.is_empty() {
        breaking = true;
        reasons.push(format!("removed {}", list(removed)));
    }
    if sides.contains(&Side::Request) && !now_required.is_empty() {
        breaking = true;
        reasons.push(format!(
            "now required in requests: {}",
            list(now_required.clone())
        ));
    }
    if sides.contains(&Side::Reply) && !no_longer_required.is_empty() {
        breaking = true;
        reasons.push(format!(
            "no longer guaranteed in replies: {}",
            list(no_longer_required.clone())
        ));
    }
    let optional_additions: BTreeSet<&String> = added
        .iter()
        .copied()
        .filter(|name| !now_required.contains(*name))
        .collect();
    if !optional_additions.is_empty() {
        reasons.push(format!("added {}", list(optional_additions)));
    }
    if reasons.is_empty() {
        reasons.push("required properties changed".into());
    }
    Finding {
        class: if breaking {
            Class::BackwardIncompatible
        } else {
            Class::Compatible
        },
        path: path.to_owned(),
        sides: sides.clone(),
        message: format!("properties: {}", reasons.join("; ")),
    }
}

/// The smallest version that may carry a breaking change after `released`: the next major, or for
/// 0.x the next minor.
pub fn next_breaking(released: &Version) -> Version {
    if released.major == 0 {
        Version::new(0, released.minor + 1, 0)
    } else {
        Version::new(released.major + 1, 0, 0)
    }
}

/// Checks that `version` is allowed after `released` given the findings.
///
/// # Errors
///
/// [`XtaskError::Compat`] naming the breaking changes and the version they need.
pub fn check_version(
    released: &Version,
    version: &Version,
    findings: &[Finding],
) -> Result<(), XtaskError> {
    if version < released {
        return Err(XtaskError::Compat {
            message: format!("version {version} is older than the released {released}"),
        });
    }
    let breaking: Vec<&Finding> = findings
        .iter()
        .filter(|finding| finding.is_breaking())
        .collect();
    let needed = next_breaking(released);
    if breaking.is_empty() || *version >= needed {
        return Ok(());
    }
    let mut message = format!(
        "{} change(s) since {released} can break its users, but the version is {version}:\n",
        breaking.len()
    );
    for finding in breaking {
        let _ = writeln!(
            message,
            "  - {} ({}): {}",
            finding.path,
            finding.class_name(),
            finding.message
        );
    }
    let _ = write!(
        message,
        "Either keep the API compatible (add, don't remove or tighten), or release it as a \
         breaking version: `cargo xtask release {needed}`."
    );
    Err(XtaskError::Compat { message })
}

/// The findings as a short table.
pub fn table(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "no change\n".into();
    }
    let mut text = String::from("| class | side | path | change |\n|---|---|---|---|\n");
    for finding in findings {
        let _ = writeln!(
            text,
            "| {} | {} | `{}` | {} |",
            finding.class_name(),
            finding.side_names(),
            finding.path,
            finding.message
        );
    }
    text
}

/// `cargo xtask compat`: this tree's API against the latest released baseline; fails on a breaking
/// change that the version does not announce.
///
/// # Errors
///
/// [`XtaskError::Compat`] naming the breaking changes and the version they need.
pub fn run(root: &Path) -> Result<(), XtaskError> {
    let Some(baseline) = latest_baseline(root)? else {
        println!(
            "SKIPPED: no released baseline in openapi/released/ yet: cut one with `cargo xtask release 0.1.0`"
        );
        return Ok(());
    };
    let current = bluetape_writers::documents::document(bluetape_model::render::Version::V3_0)?;
    let version =
        semver::Version::parse(env!("CARGO_PKG_VERSION")).map_err(|error| XtaskError::Compat {
            message: format!("the workspace version: {error}"),
        })?;
    let findings = gate(&baseline, &current, &version)?;
    let breaking = findings
        .iter()
        .filter(|finding| finding.is_breaking())
        .count();
    println!(
        "compatible with the version: {breaking} breaking change(s), {} in all",
        findings.len()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    /// One operation: POST /things with a `Thing` body, replying 200 with a `Thing` or 404.
    fn base() -> Value {
        json!({
            "openapi": "3.0.3",
            "info": { "title": "t", "version": "0.1.0" },
            "paths": { "/things": { "post": {
                "operationId": "createThing",
                "requestBody": { "required": true, "content": { "application/json": {
                    "schema": { "$ref": "#/components/schemas/NewThing" } } } },
                "responses": {
                    "200": { "description": "ok", "content": { "application/json": {
                        "schema": { "$ref": "#/components/schemas/Thing" } } } },
                    "404": { "description": "missing" }
                }
            } } },
            "components": { "schemas": {
                "NewThing": { "type": "object", "required": ["name"], "properties": {
                    "name": { "type": "string", "description": "The name." },
                    "size": { "type": "integer" } } },
                "Thing": { "type": "object", "required": ["id", "name"], "properties": {
                    "id": { "type": "string" }, "name": { "type": "string" } } }
            } }
        })
    }

    fn breaking(change: impl FnOnce(&mut Value)) -> bool {
        let mut new = base();
        change(&mut new);
        findings(&base(), &new)
            .unwrap()
            .iter()
            .any(Finding::is_breaking)
    }

    fn gate(change: impl FnOnce(&mut Value), version: &str) -> Result<(), XtaskError> {
        let mut new = base();
        change(&mut new);
        let found = findings(&base(), &new).unwrap();
        check_version(
            &Version::new(0, 1, 0),
            &Version::parse(version).unwrap(),
            &found,
        )
    }

    fn remove_response_field(document: &mut Value) {
        document["components"]["schemas"]["Thing"]["properties"]
            .as_object_mut()
            .unwrap()
            .remove("name");
        document["components"]["schemas"]["Thing"]["required"] = json!(["id"]);
    }

    #[test]
    fn removed_response_field_is_caught() {
        assert!(breaking(remove_response_field));
    }

    #[test]
    fn new_required_request_field_is_caught() {
        assert!(breaking(|d| {
            d["components"]["schemas"]["NewThing"]["properties"]["colour"] =
                json!({ "type": "string" });
            d["components"]["schemas"]["NewThing"]["required"] = json!(["name", "colour"]);
        }));
    }

    #[test]
    fn narrowed_request_type_is_caught() {
        assert!(breaking(|d| {
            d["components"]["schemas"]["NewThing"]["properties"]["name"]["maxLength"] = json!(8);
        }));
        assert!(breaking(|d| {
            d["components"]["schemas"]["NewThing"]["properties"]["size"] =
                json!({ "type": "boolean" });
        }));
    }

    #[test]
    fn removed_status_is_caught() {
        assert!(breaking(|d| {
            d["paths"]["/things"]["post"]["responses"]
                .as_object_mut()
                .unwrap()
                .remove("404");
        }));
    }

    #[test]
    fn removed_operation_is_caught() {
        assert!(breaking(|d| {
            d["paths"].as_object_mut().unwrap().remove("/things");
        }));
    }

    #[test]
    fn new_optional_request_field_passes() {
        assert!(!breaking(|d| {
            d["components"]["schemas"]["NewThing"]["properties"]["colour"] =
                json!({ "type": "string" });
        }));
    }

    #[test]
    fn new_operation_passes() {
        assert!(!breaking(|d| {
            d["paths"]["/others"] = json!({ "get": { "operationId": "listOthers",
                "responses": { "200": { "description": "ok" } } } });
        }));
    }

    #[test]
    fn changed_description_is_trivial() {
        let mut new = base();
        new["components"]["schemas"]["NewThing"]["properties"]["name"]["description"] =
            json!("Its name.");
        let found = findings(&base(), &new).unwrap();
        assert!(
            !found.is_empty() && found.iter().all(|f| f.class == Class::Trivial),
            "{found:?}"
        );
    }

    #[test]
    fn breaking_change_needs_the_next_minor_in_0_x() {
        let refused = gate(remove_response_field, "0.1.1")
            .unwrap_err()
            .to_string();
        assert!(refused.contains("#/components/schemas/Thing"), "{refused}");
        assert!(refused.contains("cargo xtask release 0.2.0"), "{refused}");
        assert!(gate(remove_response_field, "0.2.0").is_ok());
    }

    #[test]
    fn breaking_change_needs_the_next_major_from_1_0() {
        assert_eq!(next_breaking(&Version::new(1, 4, 2)), Version::new(2, 0, 0));
    }

    #[test]
    fn compatible_change_keeps_any_later_version() {
        let optional = |d: &mut Value| {
            d["components"]["schemas"]["NewThing"]["properties"]["colour"] =
                json!({ "type": "string" });
        };
        assert!(gate(optional, "0.1.0").is_ok());
        assert!(gate(|_| {}, "0.1.1").is_ok());
        assert!(
            gate(|_| {}, "0.0.9").is_err(),
            "a version may not go backwards"
        );
    }
}
