//! One insta snapshot per component schema and per operation of the 3.1 document, so a review shows
//! exactly which part of the API changed. Accept an intended change with `cargo insta review`.

use bluetape_model::render::Version;
use tests::{openapi, operations};

/// Every committed snapshot named `{kind}…` is of one of `names`: a removed schema or operation
/// leaves no snapshot behind. (A new one has no snapshot yet: insta reports it, to be accepted.)
fn assert_no_orphan_snapshot(kind: &str, names: &[&str]) {
    let directory = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let prefix = format!("snapshots_of_the_schema__{kind}");
    let orphans: Vec<String> = std::fs::read_dir(&directory)
        .expect("the snapshots directory reads")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter_map(|file| {
            let name = file.strip_prefix(&prefix)?.strip_suffix(".snap")?;
            (!names.contains(&name)).then_some(file.clone())
        })
        .collect();
    assert!(
        orphans.is_empty(),
        "snapshots of what the document no longer has (delete them): {orphans:?}"
    );
    assert!(!names.is_empty(), "the document has no {kind}");
}

#[test]
fn every_component_schema_matches_its_snapshot() {
    let document = openapi(Version::V3_1);
    let schemas = document["components"]["schemas"]
        .as_object()
        .expect("components.schemas");
    assert_no_orphan_snapshot(
        "schema_",
        &schemas.keys().map(String::as_str).collect::<Vec<_>>(),
    );
    for (name, schema) in schemas {
        insta::assert_json_snapshot!(format!("schema_{name}"), schema);
    }
}

#[test]
fn every_operation_matches_its_snapshot() {
    let document = openapi(Version::V3_1);
    let operations = operations(&document);
    let ids: Vec<&str> = operations
        .iter()
        .filter_map(|(_, _, operation)| operation["operationId"].as_str())
        .collect();
    assert_no_orphan_snapshot("operation_", &ids);
    for (method, path, mut operation) in operations {
        // The code samples are committed as files of their own (openapi/samples/), each reviewed
        // there, and checked for freshness by `cargo xtask codegen --check`.
        if let Some(fields) = operation.as_object_mut() {
            fields.shift_remove("x-codeSamples");
        }
        let id = operation["operationId"]
            .as_str()
            .expect("every operation has an operationId");
        insta::assert_json_snapshot!(
            format!("operation_{id}"),
            serde_json::json!({ "method": method, "path": path, "operation": operation })
        );
    }
}

#[test]
fn document_header_matches_its_snapshot() {
    let document = openapi(Version::V3_1);
    // The version is the workspace's (set by `cargo xtask release`), not a change to review.
    assert_eq!(document["info"]["version"], env!("CARGO_PKG_VERSION"));
    let mut info = document["info"].clone();
    info["version"] = "[the workspace version]".into();
    insta::assert_json_snapshot!(
        "document_header",
        serde_json::json!({
            "openapi": document["openapi"],
            "info": info,
            "servers": document["servers"],
            "security": document["security"],
            "securitySchemes": document["components"]["securitySchemes"],
            "tags": document["tags"],
        })
    );
}
