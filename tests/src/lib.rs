//! Helpers shared by the workspace's integration tests (in `tests/tests/`).

use std::path::PathBuf;

use bluetape_model::render::Version;
use bluetape_writers::documents::document;
use serde_json::Value;

/// The derived document of the given version, as a JSON value.
///
/// # Panics
///
/// When the document cannot be derived: the tests report that as a failure.
pub fn openapi(version: Version) -> Value {
    document(version).expect("the model derives a document")
}

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every operation of a document as `(method, path, operation)`, in document order.
pub fn operations(document: &Value) -> Vec<(String, String, Value)> {
    let mut found = Vec::new();
    if let Some(paths) = document["paths"].as_object() {
        for (path, item) in paths {
            for method in [
                "get", "put", "post", "delete", "options", "head", "patch", "trace",
            ] {
                if let Some(operation) = item.get(method) {
                    found.push((method.to_owned(), path.clone(), operation.clone()));
                }
            }
        }
    }
    found
}
