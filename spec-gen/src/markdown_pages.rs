//! The files of the Markdown reference (`bluetape_writers::markdown`) by name, and the paragraph of the
//! document's description that links them (`MarkdownPages`). Apart from the writer, so that the
//! document can name the pages without depending on what writes them from it.

use std::fmt::Write as _;

use utoipa::Modify;
use utoipa::openapi::OpenApi;

/// The summary file, beside the OpenAPI documents in `openapi/`.
pub const LLMS_TXT: &str = "llms.txt";
/// The directory of the operations' pages, beside the OpenAPI documents.
pub const PAGES_DIRECTORY: &str = "markdown";

/// The page of an operation, relative to the documents' directory: `markdown/<operationId>.md`.
pub fn page_path(operation_id: &str) -> String {
    format!("{PAGES_DIRECTORY}/{operation_id}.md")
}

/// Adds a paragraph to the document's description that links `llms.txt` and every operation's
/// Markdown page, so that the HTML reference leads to them.
pub(crate) struct MarkdownPages;

impl Modify for MarkdownPages {
    fn modify(&self, openapi: &mut OpenApi) {
        let mut links = Vec::new();
        for item in openapi.paths.paths.values() {
            for operation in [&item.get, &item.put, &item.post, &item.delete, &item.patch]
                .into_iter()
                .flatten()
            {
                if let (Some(id), Some(summary)) = (&operation.operation_id, &operation.summary) {
                    links.push(format!("[{summary}]({})", page_path(id)));
                }
            }
        }
        let description = openapi.info.description.get_or_insert_with(String::new);
        let _ = write!(
            description,
            "\n\n**For AI assistants and search.** [`{LLMS_TXT}`]({LLMS_TXT}) sums the API up with \
             a link per operation, and each operation has a Markdown page: {}.",
            links.join(", ")
        );
    }
}
