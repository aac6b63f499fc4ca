//! The API changelog, from the documents themselves: one entry per version of the 3.0.3 document
//! (each commit of `openapi/` where its `info.version` changed), each change classed as breaking,
//! added, changed or documentation by the diff that gates releases ([`crate::compat::findings`]).
//! `cargo xtask docs` writes it as `changelog.html`, `changelog.md` and an Atom feed,
//! `changelog.atom`.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::compat::{Class, Finding, findings};
use crate::error::XtaskError;

/// The document whose history is the API's (the one `cargo xtask compat` gates).
pub const DOCUMENT: &str = "openapi/bluetape.openapi-3.0.json";
/// The changelog's files, beside the reference page.
pub const HTML_FILE: &str = "changelog.html";
/// The Markdown page.
pub const MARKDOWN_FILE: &str = "changelog.md";
/// The Atom feed.
pub const ATOM_FILE: &str = "changelog.atom";

/// How a change reaches a user of the previous version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// It can break a client generated from, or written against, the previous version.
    Breaking,
    /// Something new that breaks no one.
    Added,
    /// A change that breaks no one and adds nothing.
    Changed,
    /// Descriptions, summaries and examples only.
    Documentation,
}

impl Kind {
    /// Its heading in the changelog.
    pub fn heading(self) -> &'static str {
        match self {
            Kind::Breaking => "Breaking",
            Kind::Added => "Added",
            Kind::Changed => "Changed",
            Kind::Documentation => "Documentation",
        }
    }

    /// The kind of a finding of the release gate.
    pub fn of(finding: &Finding) -> Kind {
        if finding.is_breaking() {
            return Kind::Breaking;
        }
        match finding.class {
            Class::Trivial => Kind::Documentation,
            _ if finding.message.contains("added") => Kind::Added,
            _ => Kind::Changed,
        }
    }
}

/// One version of the document, and what changed since the one before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its `info.version`.
    pub version: String,
    /// When the commit that first carried it was made (RFC 3339).
    pub date: String,
    /// The commit that first carried it.
    pub commit: String,
    /// The changes since the previous version, each with its kind; empty for the first.
    pub changes: Vec<(Kind, Finding)>,
}

/// The entries of the document's history in the repository at `root`, newest first.
///
/// # Errors
///
/// [`XtaskError::Step`] when git cannot read the history; [`XtaskError::Compat`] when two versions
/// cannot be compared.
pub fn history(root: &Path) -> Result<Vec<Entry>, XtaskError> {
    let log = git(
        root,
        &["log", "--reverse", "--format=%H %cI", "--", DOCUMENT],
    )?;
    let mut entries: Vec<Entry> = Vec::new();
    let mut previous: Option<Value> = None;
    for line in log.lines() {
        let Some((commit, date)) = line.split_once(' ') else {
            continue;
        };
        let text = git(root, &["show", &format!("{commit}:{DOCUMENT}")])?;
        // A commit whose document does not parse (a broken state) is no version of the API.
        let Ok(document) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        let version = document["info"]["version"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let last_version = previous
            .as_ref()
            .map(|old| old["info"]["version"].as_str().unwrap_or_default());
        if last_version == Some(version.as_str()) {
            // The same version, edited: the entry compares the first commit of each version.
            continue;
        }
        let changes = match &previous {
            Some(old) => findings(old, &document)?
                .into_iter()
                .map(|finding| (Kind::of(&finding), finding))
                .collect(),
            None => Vec::new(),
        };
        entries.push(Entry {
            version,
            date: date.to_owned(),
            commit: commit.to_owned(),
            changes,
        });
        previous = Some(document);
    }
    entries.reverse();
    Ok(entries)
}

fn git(root: &Path, arguments: &[&str]) -> Result<String, XtaskError> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(arguments)
        .output()
        .map_err(|error| XtaskError::Step {
            step: "changelog".into(),
            message: format!("cannot run git: {error}"),
        })?;
    if !output.status.success() {
        return Err(XtaskError::Step {
            step: "changelog".into(),
            message: format!(
                "git {} failed: {}",
                arguments.join(" "),
                String::from_utf8_lossy(&output.stderr).trim()
            ),
        });
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The changes of an entry by kind, in the order of [`Kind`].
fn grouped(entry: &Entry) -> Vec<(Kind, Vec<&Finding>)> {
    let kinds = [
        Kind::Breaking,
        Kind::Added,
        Kind::Changed,
        Kind::Documentation,
    ];
    kinds
        .into_iter()
        .map(|kind| {
            let found = entry
                .changes
                .iter()
                .filter(|(of, _)| *of == kind)
                .map(|(_, finding)| finding)
                .collect::<Vec<_>>();
            (kind, found)
        })
        .filter(|(_, found)| !found.is_empty())
        .collect()
}

fn describe(finding: &Finding) -> String {
    format!("`{}`: {}", finding.path, finding.message)
}

/// The changelog as Markdown.
pub fn markdown(entries: &[Entry]) -> String {
    let mut text = String::from(
        "# BlueTape integration API: changelog\n\n\
         One entry per version of the OpenAPI document, newest first; each change is classed by \
         the diff that gates releases (`cargo xtask compat`). Written by `cargo xtask docs`.\n",
    );
    for entry in entries {
        let _ = write!(
            text,
            "\n## {} ({})\n\n",
            entry.version,
            entry.date.get(..10).unwrap_or(&entry.date)
        );
        if entry.changes.is_empty() {
            text.push_str("The first version of the document in this history.\n");
        }
        for (kind, found) in grouped(entry) {
            let _ = writeln!(text, "### {}\n", kind.heading());
            for finding in found {
                let _ = writeln!(text, "- {}", describe(finding));
            }
            text.push('\n');
        }
    }
    text
}

/// Text with `&`, `<`, `>` and `"` escaped, for HTML and XML.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One entry's changes as an HTML fragment.
fn html_changes(entry: &Entry) -> String {
    if entry.changes.is_empty() {
        return "<p>The first version of the document in this history.</p>".into();
    }
    let mut html = String::new();
    for (kind, found) in grouped(entry) {
        let _ = write!(
            html,
            "<h3 class=\"{}\">{}</h3><ul>",
            kind.heading().to_lowercase(),
            kind.heading()
        );
        for finding in found {
            let _ = write!(
                html,
                "<li><code>{}</code>: {}</li>",
                escaped(&finding.path),
                escaped(&finding.message)
            );
        }
        html.push_str("</ul>");
    }
    html
}

/// The changelog as a self-contained HTML page (no script, no request when it opens).
pub fn html(entries: &[Entry]) -> String {
    let mut body = String::new();
    for entry in entries {
        let _ = writeln!(
            body,
            "<section id=\"v{version}\"><h2>{version} <small>{date}</small></h2>{changes}</section>",
            version = escaped(&entry.version),
            date = escaped(entry.date.get(..10).unwrap_or(&entry.date)),
            changes = html_changes(entry),
        );
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>BlueTape integration API: changelog</title>\
         <link rel=\"alternate\" type=\"application/atom+xml\" href=\"{ATOM_FILE}\">\
         <style>body{{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}}\
         h3.breaking{{color:#b00020}}code{{background:#f4f4f4;padding:0 .2em}}</style></head>\
         <body><h1>BlueTape integration API: changelog</h1>\
         <p>One entry per version of the OpenAPI document, newest first; each change is classed \
         by the diff that gates releases. Also as <a href=\"{MARKDOWN_FILE}\">Markdown</a> and an \
         <a href=\"{ATOM_FILE}\">Atom feed</a>; the <a href=\"index.html\">reference</a>.</p>\n\
         {body}</body></html>\n"
    )
}

/// The changelog as an Atom feed, one entry per version; `base` is where the site is served (the
/// entries link `changelog.html#v<version>` under it).
pub fn atom(entries: &[Entry], base: &str) -> String {
    let updated = entries
        .first()
        .map_or("1970-01-01T00:00:00Z", |entry| entry.date.as_str());
    let base = base.trim_end_matches('/');
    let mut feed = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <feed xmlns=\"http://www.w3.org/2005/Atom\">\n\
         <title>BlueTape integration API: changelog</title>\n\
         <id>urn:bluetape:integration-api:changelog</id>\n\
         <link rel=\"self\" href=\"{base}/{ATOM_FILE}\"/>\n\
         <link rel=\"alternate\" href=\"{base}/{HTML_FILE}\"/>\n\
         <updated>{updated}</updated>\n\
         <author><name>BlueTape OpenAPI toolkit</name></author>\n"
    );
    for entry in entries {
        let version = escaped(&entry.version);
        let breaking = entry
            .changes
            .iter()
            .filter(|(kind, _)| *kind == Kind::Breaking)
            .count();
        let _ = write!(
            feed,
            "<entry>\n<title>{version}{}</title>\n\
             <id>urn:bluetape:integration-api:{version}</id>\n\
             <link href=\"{base}/{HTML_FILE}#v{version}\"/>\n\
             <updated>{date}</updated>\n\
             <content type=\"html\">{content}</content>\n</entry>\n",
            if breaking > 0 {
                format!(" ({breaking} breaking)")
            } else {
                String::new()
            },
            date = escaped(&entry.date),
            content = escaped(&html_changes(entry)),
        );
    }
    feed.push_str("</feed>\n");
    feed
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn document(version: &str) -> Value {
        json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": version},
            "paths": {"/things/{id}": {"get": {
                "operationId": "getThing",
                "parameters": [{"name": "id", "in": "path", "required": true,
                                "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Thing"}}}}}}}},
            "components": {"schemas": {"Thing": {"type": "object", "required": ["id", "name"],
                "properties": {"id": {"type": "string"}, "name": {"type": "string"}}}}}
        })
    }

    /// A repository of its own with the given versions of the document, one commit each.
    fn repository(versions: &[Value]) -> std::path::PathBuf {
        let root = std::env::temp_dir().join(format!(
            "bluetape-changelog-{}-{}",
            std::process::id(),
            versions.len()
        ));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("openapi")).unwrap();
        let run = |arguments: &[&str]| {
            let status = Command::new("git")
                .arg("-C")
                .arg(&root)
                .args(["-c", "user.name=t", "-c", "user.email=t@localhost"])
                .args(arguments)
                .status()
                .unwrap();
            assert!(status.success(), "git {arguments:?}");
        };
        run(&["init", "-q"]);
        for (index, document) in versions.iter().enumerate() {
            std::fs::write(root.join(DOCUMENT), document.to_string()).unwrap();
            run(&["add", "-A"]);
            run(&["commit", "-q", "-m", &format!("version {index}")]);
        }
        root
    }

    #[test]
    fn each_version_is_an_entry_with_its_changes_classed() {
        let first = document("0.1.0");
        // Same version, edited: no entry of its own.
        let mut edited = first.clone();
        edited["paths"]["/things/{id}"]["get"]["summary"] = json!("Get a thing");
        // 0.2.0 adds an operation and documents a field.
        let mut second = edited.clone();
        second["info"]["version"] = json!("0.2.0");
        second["paths"]["/others"] = json!({"get": {"operationId": "listOthers",
            "responses": {"200": {"description": "ok"}}}});
        second["components"]["schemas"]["Thing"]["properties"]["name"]["description"] =
            json!("Its name.");
        // 0.3.0 removes a field of a reply.
        let mut third = second.clone();
        third["info"]["version"] = json!("0.3.0");
        third["components"]["schemas"]["Thing"]["properties"]
            .as_object_mut()
            .unwrap()
            .remove("name");
        third["components"]["schemas"]["Thing"]["required"] = json!(["id"]);
        let root = repository(&[first, edited, second, third]);

        let entries = history(&root).unwrap();
        let versions: Vec<&str> = entries.iter().map(|e| e.version.as_str()).collect();
        assert_eq!(versions, ["0.3.0", "0.2.0", "0.1.0"]);
        let kinds = |entry: &Entry| -> Vec<Kind> {
            let mut kinds: Vec<Kind> = entry.changes.iter().map(|(kind, _)| *kind).collect();
            kinds.dedup();
            kinds
        };
        assert!(kinds(&entries[0]).contains(&Kind::Breaking), "{entries:#?}");
        assert!(
            !kinds(&entries[1]).contains(&Kind::Breaking),
            "{entries:#?}"
        );
        assert!(
            kinds(&entries[1]).contains(&Kind::Documentation),
            "{entries:#?}"
        );
        assert!(kinds(&entries[1]).contains(&Kind::Added), "{entries:#?}");
        assert!(entries[2].changes.is_empty());

        let markdown = markdown(&entries);
        assert!(markdown.contains("## 0.3.0") && markdown.contains("### Breaking"));
        let html = html(&entries);
        assert!(html.contains("id=\"v0.2.0\"") && !html.contains("<script"));
        let atom = atom(&entries, "https://docs.example/");
        assert_eq!(atom.matches("<entry>").count(), 3);
        assert!(atom.contains("<title>0.3.0 (1 breaking)</title>"), "{atom}");
        assert!(atom.contains("href=\"https://docs.example/changelog.html#v0.2.0\""));
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn the_real_history_has_the_released_versions() {
        let entries = history(&crate::workspace::root().unwrap()).unwrap();
        // A shallow clone may hold only the newest commits; whatever it holds, the newest entry is
        // the version of the committed document.
        let committed: Value = serde_json::from_str(
            &std::fs::read_to_string(crate::workspace::root().unwrap().join(DOCUMENT)).unwrap(),
        )
        .unwrap();
        assert_eq!(
            entries.first().map(|entry| entry.version.as_str()),
            committed["info"]["version"].as_str()
        );
    }
}
