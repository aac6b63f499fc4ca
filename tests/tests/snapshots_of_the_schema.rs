//! One insta snapshot per component schema and per operation of the 3.1 document, so a review shows
//! exactly which part of the API changed. Accept an intended change with `cargo insta review`.

use bluetape_model::render::Version;
use tests::{openapi, operations};

#[test]
fn every_component_schema_matches_its_snapshot() {
    let document = openapi(Version::V3_1);
    let schemas = document["components"]["schemas"]
        .as_object()
        .expect("components.schemas");
    assert_eq!(
        schemas.len(),
        13,
        "a schema was added or removed: add or delete its snapshot"
    );
    for (name, schema) in schemas {
        insta::assert_json_snapshot!(format!("schema_{name}"), schema);
    }
}

#[test]
fn every_operation_matches_its_snapshot() {
    let document = openapi(Version::V3_1);
    let operations = operations(&document);
    assert_eq!(
        operations.len(),
        5,
        "an operation was added or removed: add or delete its snapshot"
    );
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
