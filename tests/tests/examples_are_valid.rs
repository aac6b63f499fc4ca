//! Every example in the document is valid against its own schema, and every request and response
//! body has one.

use bluetape_model::render::Version;
use bluetape_model::validation::{BodyValidator, violations_of_inline};
use serde_json::{Value, json};
use tests::{openapi, operations};

/// An example found in the document: where it is, its schema and its value.
struct Example {
    location: String,
    schema: Value,
    value: Value,
}

/// Every example of the document: schema-level, property-level, parameter and media-type examples.
fn examples(document: &Value) -> Vec<Example> {
    let mut found = Vec::new();
    for (name, schema) in document["components"]["schemas"]
        .as_object()
        .into_iter()
        .flatten()
    {
        let reference = json!({ "$ref": format!("#/components/schemas/{name}") });
        if let Some(example) = schema.get("example") {
            found.push(Example {
                location: format!("schema {name}"),
                schema: reference,
                value: example.clone(),
            });
        }
        for (property, property_schema) in schema["properties"].as_object().into_iter().flatten() {
            if let Some(example) = property_schema.get("example") {
                found.push(Example {
                    location: format!("schema {name}.{property}"),
                    schema: property_schema.clone(),
                    value: example.clone(),
                });
            }
        }
    }
    for (method, path, operation) in operations(document) {
        let at = format!("{method} {path}");
        for parameter in operation["parameters"].as_array().into_iter().flatten() {
            if let Some(example) = parameter.get("example") {
                found.push(Example {
                    location: format!("{at} parameter {}", parameter["name"]),
                    schema: parameter["schema"].clone(),
                    value: example.clone(),
                });
            }
        }
        let mut bodies = vec![(format!("{at} request"), &operation["requestBody"])];
        for (status, response) in operation["responses"].as_object().into_iter().flatten() {
            bodies.push((format!("{at} response {status}"), response));
        }
        for (location, body) in bodies {
            for (media_type, content) in body["content"].as_object().into_iter().flatten() {
                if let Some(example) = content.get("example") {
                    found.push(Example {
                        location: format!("{location} {media_type}"),
                        schema: content["schema"].clone(),
                        value: example.clone(),
                    });
                }
                for (name, named) in content["examples"].as_object().into_iter().flatten() {
                    found.push(Example {
                        location: format!("{location} {media_type} example {name}"),
                        schema: content["schema"].clone(),
                        value: named["value"].clone(),
                    });
                }
            }
        }
    }
    found
}

/// The examples that break their schema, each with its violations.
fn invalid_examples(document: &Value) -> Vec<String> {
    examples(document)
        .into_iter()
        .filter_map(|example| {
            let violations = violations_of_inline(document, &example.schema, &example.value)
                .unwrap_or_else(|error| {
                    panic!("{}: schema does not compile: {error}", example.location)
                });
            (!violations.is_empty()).then(|| {
                let list: Vec<String> = violations.iter().map(ToString::to_string).collect();
                format!("{}: {}", example.location, list.join("; "))
            })
        })
        .collect()
}

#[test]
fn every_example_is_valid_against_its_schema() {
    let document = openapi(Version::V3_1);
    let count = examples(&document).len();
    assert!(
        count > 50,
        "expected the document's examples, found {count}"
    );
    let invalid = invalid_examples(&document);
    assert!(
        invalid.is_empty(),
        "invalid examples:\n{}",
        invalid.join("\n")
    );
}

#[test]
fn an_invalid_example_is_caught() {
    let mut document = openapi(Version::V3_1);
    document["components"]["schemas"]["Customer"]["example"]["emailAddress"] =
        json!("[email protected]");
    document["components"]["schemas"]["Company"]["example"]["customers"][0]["cellPhoneNumber"] =
        json!("11234567890");
    document["paths"]["/integration/customer/{id}/signup"]["get"]["responses"]["404"]["content"]
        ["application/json"]["example"]["code"] = json!(404);
    let invalid = invalid_examples(&document);
    assert_eq!(invalid.len(), 3, "{invalid:#?}");
    assert!(
        invalid[0].starts_with("schema Company: customers[0].cellPhoneNumber:"),
        "{}",
        invalid[0]
    );
    assert!(
        invalid[1].starts_with("schema Customer: emailAddress:"),
        "{}",
        invalid[1]
    );
    assert!(
        invalid[2].contains("response 404") && invalid[2].contains(": code:"),
        "{}",
        invalid[2]
    );
}

#[test]
fn every_request_and_response_body_has_an_example() {
    let document = openapi(Version::V3_1);
    let mut missing = Vec::new();
    for (method, path, operation) in operations(&document) {
        let mut bodies = vec![("request".to_owned(), &operation["requestBody"])];
        for (status, response) in operation["responses"].as_object().into_iter().flatten() {
            bodies.push((format!("response {status}"), response));
        }
        for (what, body) in bodies {
            for (media_type, content) in body["content"].as_object().into_iter().flatten() {
                // A body's example is on its media type, or on the schema it references (request
                // bodies: openapi-generator's Java generator warns about media-type examples there).
                let schema_example = content["schema"]["$ref"]
                    .as_str()
                    .and_then(|reference| reference.strip_prefix("#/components/schemas/"))
                    .is_some_and(|name| {
                        document["components"]["schemas"][name]
                            .get("example")
                            .is_some()
                    });
                if content.get("example").is_none()
                    && content.get("examples").is_none()
                    && !schema_example
                {
                    missing.push(format!("{method} {path} {what} {media_type}"));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "bodies without an example:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_body_validator_covers_every_component_schema() {
    let validator = BodyValidator::new().expect("the document's schemas compile");
    let document = openapi(Version::V3_1);
    for name in document["components"]["schemas"]
        .as_object()
        .expect("schemas")
        .keys()
    {
        let example = &document["components"]["schemas"][name]["example"];
        assert_eq!(validator.violations_of(name, example), [], "{name}");
    }
}
