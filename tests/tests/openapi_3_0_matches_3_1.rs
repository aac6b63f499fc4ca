//! The 3.0.3 document describes the same API as the 3.1 document, modulo the documented mapping, and
//! progenitor's parser (the `openapiv3` crate) reads it.

use std::collections::BTreeMap;

use bluetape_model::render::{Format, Version};
use serde_json::{Value, json};
use tests::{openapi, operations, workspace_root};

#[test]
fn openapiv3_reads_the_committed_3_0_document() {
    let path = workspace_root().join(bluetape_model::render::path(Version::V3_0, Format::Json));
    let text = std::fs::read_to_string(&path).expect("the 3.0.3 JSON document is committed");
    let parsed: openapiv3::OpenAPI =
        serde_json::from_str(&text).expect("openapiv3 parses the document");
    assert_eq!(parsed.openapi, "3.0.3");
    // openapiv3 reads every operation and schema of the model's document.
    let mut ids: Vec<String> = parsed
        .operations()
        .filter_map(|(_, _, operation)| operation.operation_id.clone())
        .collect();
    ids.sort();
    let model = openapi(Version::V3_1);
    let mut documented: Vec<String> = operations(&model)
        .into_iter()
        .filter_map(|(_, _, operation)| operation["operationId"].as_str().map(str::to_owned))
        .collect();
    documented.sort();
    assert_eq!(ids, documented);
    assert!(ids.iter().any(|id| id == "getCustomerSignup"), "{ids:?}");
    let schemas = parsed.components.expect("components").schemas;
    let model_schemas = model["components"]["schemas"].as_object().expect("schemas");
    assert_eq!(
        schemas.keys().collect::<Vec<_>>(),
        model_schemas.keys().collect::<Vec<_>>()
    );
}

/// What a schema says, in a form both versions share: the mapping undone.
fn facts(schema: &Value) -> BTreeMap<String, Value> {
    let mut found = BTreeMap::new();
    let Some(fields) = schema.as_object() else {
        return found;
    };
    let mut nullable = fields.get("nullable") == Some(&json!(true));
    for (key, value) in fields {
        match key.as_str() {
            "type" => {
                let types: Vec<&Value> = match value {
                    Value::Array(list) => list.iter().collect(),
                    single => vec![single],
                };
                nullable |= types.contains(&&json!("null"));
                let others: Vec<&&Value> = types.iter().filter(|t| ***t != json!("null")).collect();
                found.insert("type".into(), json!(others));
            }
            "nullable" => {}
            "examples" => {
                found.insert("example".into(), value[0].clone());
            }
            "allOf" if value.as_array().is_some_and(|list| list.len() == 1) => {
                found.insert("$ref".into(), value[0]["$ref"].clone());
            }
            "properties" => {
                for (name, property) in value.as_object().into_iter().flatten() {
                    for (fact, fact_value) in facts(property) {
                        found.insert(format!("properties.{name}.{fact}"), fact_value);
                    }
                }
            }
            "items" => {
                for (fact, fact_value) in facts(value) {
                    found.insert(format!("items.{fact}"), fact_value);
                }
            }
            _ => {
                found.insert(key.clone(), value.clone());
            }
        }
    }
    found.insert("nullable".into(), json!(nullable));
    found
}

#[test]
fn every_component_schema_says_the_same_in_both_versions() {
    let (v31, v30) = (openapi(Version::V3_1), openapi(Version::V3_0));
    let names_31: Vec<&String> = v31["components"]["schemas"]
        .as_object()
        .expect("3.1")
        .keys()
        .collect();
    let names_30: Vec<&String> = v30["components"]["schemas"]
        .as_object()
        .expect("3.0")
        .keys()
        .collect();
    assert_eq!(names_31, names_30);
    for name in names_31 {
        assert_eq!(
            facts(&v31["components"]["schemas"][name]),
            facts(&v30["components"]["schemas"][name]),
            "schema {name}"
        );
    }
}

/// Operation facts: parameters, request body, statuses with their schemas and examples.
fn operation_facts(document: &Value) -> Vec<Value> {
    operations(document)
        .into_iter()
        .map(|(method, path, operation)| {
            let parameters: Vec<Value> = operation["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| {
                    json!([
                        p["name"],
                        p["in"],
                        p["required"],
                        facts(&p["schema"]),
                        p["example"]
                    ])
                })
                .collect();
            let responses: BTreeMap<String, Value> = operation["responses"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(status, response)| (status.clone(), response.clone()))
                .collect();
            json!({
                "method": method, "path": path, "id": operation["operationId"],
                "summary": operation["summary"], "description": operation["description"],
                "tags": operation["tags"], "parameters": parameters,
                "requestBody": operation["requestBody"], "responses": responses,
                "security": operation["security"],
            })
        })
        .collect()
}

#[test]
fn every_operation_says_the_same_in_both_versions() {
    let (v31, v30) = (openapi(Version::V3_1), openapi(Version::V3_0));
    assert_eq!(operation_facts(&v31), operation_facts(&v30));
    assert!(!operation_facts(&v31).is_empty());
}

#[test]
fn document_level_fields_are_the_same_in_both_versions() {
    let (v31, v30) = (openapi(Version::V3_1), openapi(Version::V3_0));
    for key in ["info", "servers", "security", "tags"] {
        assert_eq!(v31[key], v30[key], "{key}");
    }
    assert_eq!(
        v31["components"]["securitySchemes"],
        v30["components"]["securitySchemes"]
    );
    assert_eq!(v30["openapi"], "3.0.3");
}
