//! `cargo xtask docs DIR`: writes the whole docs site into `DIR`, each page making no network
//! request when it opens:
//!
//! - `index.html`: the Redoc reference, self-contained (Redocly CLI's `build-docs --inlineBundle`,
//!   then the one image Redoc would fetch from Redocly's CDN inlined);
//! - `console.html` and `console/`: the "try it" console (Scalar, as `bluetape-mock` serves it),
//!   listing production and a local mock as servers, under a Content-Security-Policy that lets it
//!   reach only those;
//! - `llms.txt`, `markdown/` and the workflows' Arazzo file, which the reference links;
//! - `changelog.html`, `changelog.md` and `changelog.atom`: the API changelog
//!   ([`xtask::changelog`]), linked from the reference, the console and `llms.txt`.

use std::path::{Path, PathBuf};

use bluetape_mock::console::{CONSOLE_HTML, CONSOLE_JS, configuration, scalar_script};
use bluetape_model::PRODUCTION_URL;
use bluetape_model::render::{Format, Version, path as document_path};
use bluetape_writers::documents::Documents;
use bluetape_writers::{arazzo, markdown};
use serde_json::{Value, json};

use test_support::process::run;
use xtask::changelog;
use xtask::error::XtaskError;
use xtask::tools::Tools;

/// The reference page.
pub const REFERENCE_PAGE: &str = "index.html";
/// The console page.
pub const CONSOLE_PAGE: &str = "console.html";
/// What production's server says in the console: a page elsewhere than the API's origin needs
/// the API's permission (CORS) to call it.
pub const PRODUCTION_NOTE: &str = "Production. From this page, a call reaches the API only if \
     the API allows this page's origin (CORS); otherwise the browser blocks it. Run bluetape-mock \
     and open its own console (its root) to try every call offline.";

/// Images the page would fetch from Redocly's CDN when it opens: the "API docs by Redocly" badge,
/// which has no option to turn it off.
const REMOTE_IMAGES: [&str; 2] = [
    "https://cdn.redoc.ly/redoc/logo-mini-full.svg",
    "https://cdn.redoc.ly/redoc/logo-mini.svg",
];

/// The badge's logo, inlined: the word "Redocly" as an SVG data URL (the CDN cannot be fetched at
/// build time, and the attribution stays).
const INLINE_LOGO: &str = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' \
    width='50' height='14' viewBox='0 0 50 14'%3E%3Ctext x='0' y='11' font-family='sans-serif' \
    font-size='11' fill='%23555'%3ERedocly%3C/text%3E%3C/svg%3E";

/// Writes the site into `site` (emptied first); returns the files written, relative to it.
///
/// # Errors
///
/// [`XtaskError::Step`] when Redocly fails; [`XtaskError::Io`] when a file cannot be written.
pub fn write_site(root: &Path, tools: &Tools, site: &Path) -> Result<Vec<PathBuf>, XtaskError> {
    // Relative to where the command was run, not to the workspace (where Redocly runs).
    let site =
        &std::path::absolute(site).map_err(|source| XtaskError::io("resolve", site, source))?;
    xtask::tools::clean(site)?;
    let mut written = Vec::new();
    let page = site.join(REFERENCE_PAGE);
    // The reference is built from the document with the changelog's note (a copy under target/).
    let documents = Documents::derive()?;
    let source = root
        .join("target/docs-site")
        .join(document_path(Version::V3_1, Format::Json));
    write(
        &source,
        &pretty(&with_changelog_note(&documents.openapi_3_1))?,
    )?;
    run(
        "docs: redocly build-docs",
        std::process::Command::new(tools.npm_tool("redocly"))
            .current_dir(root)
            .env("NO_UPDATE_NOTIFIER", "1")
            .env("REDOCLY_TELEMETRY", "off")
            .env("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true")
            .arg("build-docs")
            .arg(&source)
            .args(["--inlineBundle", "--output"])
            .arg(&page),
    )?;
    let html = read(&page)?;
    let inlined = REMOTE_IMAGES
        .iter()
        .fold(html, |html, url| html.replace(url, INLINE_LOGO));
    write(&page, inlined.as_bytes())?;
    written.push(PathBuf::from(REFERENCE_PAGE));

    // The API changelog, from the history of the document.
    let entries = changelog::history(root)?;
    for (file, contents) in [
        (changelog::HTML_FILE, changelog::html(&entries)),
        (changelog::MARKDOWN_FILE, changelog::markdown(&entries)),
        (changelog::ATOM_FILE, changelog::atom(&entries, ".")),
    ] {
        write(&site.join(file), contents.as_bytes())?;
        written.push(PathBuf::from(file));
    }

    // Beside the page, as its description links them.
    let pages = markdown::operation_pages(&documents.openapi_3_1)?;
    let beside = [arazzo::FILE_NAME.to_owned(), markdown::LLMS_TXT.to_owned()]
        .into_iter()
        .chain(pages.iter().map(|(path, _)| path.clone()));
    for file in beside {
        let committed = root.join("openapi").join(&file);
        let mut contents = read(&committed)?;
        if file == markdown::LLMS_TXT {
            contents.push_str(&format!(
                "\n## Changes\n\n- [API changelog]({}): what changed between versions of the \
                 document, breaking changes first\n",
                changelog::MARKDOWN_FILE
            ));
        }
        write(&site.join(&file), contents.as_bytes())?;
        written.push(PathBuf::from(file));
    }

    let script = scalar_script().map_err(|source| XtaskError::io("unpack", "Scalar", source))?;
    let console_files: [(&str, Vec<u8>); 5] = [
        (CONSOLE_PAGE, console_page().into_bytes()),
        ("console/scalar.js", script),
        ("console/console.js", CONSOLE_JS.as_bytes().to_vec()),
        (
            "console/config.json",
            pretty(&configuration("console/openapi.json", None))?,
        ),
        (
            "console/openapi.json",
            pretty(&console_document(&with_changelog_note(
                &documents.openapi_3_1,
            )))?,
        ),
    ];
    for (file, contents) in console_files {
        write(&site.join(file), &contents)?;
        written.push(PathBuf::from(file));
    }
    Ok(written)
}

/// What the reference and the console say of the changelog, at the end of the document's
/// description (a relative link: the changelog is beside them).
const CHANGELOG_NOTE: &str = "What changed between versions: the [API changelog](changelog.html) \
    (also as an [Atom feed](changelog.atom)).";

/// `openapi` with [`CHANGELOG_NOTE`] ending its description.
fn with_changelog_note(openapi: &Value) -> Value {
    let mut document = openapi.clone();
    let description = document["info"]["description"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    document["info"]["description"] = json!(format!("{description}\n\n{CHANGELOG_NOTE}"));
    document
}

/// The origins the published console may call: production's, and a mock on this machine.
fn console_origins() -> String {
    let production = PRODUCTION_URL
        .splitn(4, '/')
        .take(3)
        .collect::<Vec<_>>()
        .join("/");
    format!("{production} http://127.0.0.1:* http://localhost:*")
}

/// The mock's console page, with its policy as a `<meta>` (a static host sets no header) and a
/// note on calling production from it.
fn console_page() -> String {
    let policy = format!(
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src \
         'self' {}; img-src 'self' data:; font-src 'self' data:; base-uri 'none'; form-action \
         'none'",
        console_origins()
    );
    CONSOLE_HTML
        .replace(
            "<title>",
            &format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">\n<title>"),
        )
        .replace(
            "<div id=\"console\"></div>",
            &format!(
                "<p style=\"margin:0;padding:8px 16px;font:14px sans-serif;background:#fff8e1\">\
                 {PRODUCTION_NOTE}</p>\n<div id=\"console\"></div>"
            ),
        )
}

/// The 3.1 document with production's server carrying [`PRODUCTION_NOTE`].
fn console_document(openapi: &Value) -> Value {
    let mut document = openapi.clone();
    if let Some(servers) = document["servers"].as_array_mut() {
        for server in servers {
            if server["url"] == PRODUCTION_URL {
                server["description"] = json!(PRODUCTION_NOTE);
            }
        }
    }
    document
}

fn pretty(value: &Value) -> Result<Vec<u8>, XtaskError> {
    serde_json::to_vec_pretty(value)
        .map_err(|error| XtaskError::from(bluetape_model::render::RenderError::from(error)))
}

fn read(path: &Path) -> Result<String, XtaskError> {
    std::fs::read_to_string(path).map_err(|source| XtaskError::io("read", path, source))
}

fn write(path: &Path, contents: &[u8]) -> Result<(), XtaskError> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|source| XtaskError::io("create", parent, source))?;
    }
    std::fs::write(path, contents).map_err(|source| XtaskError::io("write", path, source))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_published_console_may_reach_production_and_a_local_mock_only() {
        assert_eq!(
            console_origins(),
            "https://api.bluetape.com http://127.0.0.1:* http://localhost:*"
        );
        let page = console_page();
        assert!(page.contains("Content-Security-Policy"), "{page}");
        assert!(page.contains(PRODUCTION_NOTE));
    }

    #[test]
    fn production_says_what_calling_it_from_a_page_needs() {
        let documents = Documents::derive().expect("the documents derive");
        let document = console_document(&documents.openapi_3_1);
        let servers = document["servers"].as_array().expect("servers");
        assert_eq!(servers.len(), 2);
        assert_eq!(servers[0]["description"], PRODUCTION_NOTE);
        assert!(
            servers[1]["url"]
                .as_str()
                .is_some_and(|url| url.starts_with("http://127.0.0.1"))
        );
    }
}
