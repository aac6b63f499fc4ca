//! Turns an OpenAPI 3.1 document into OpenAPI 3.0.3, for tools that read only 3.0 (progenitor among
//! them).
//!
//! Each 3.1 construct with a 3.0 equivalent is mapped to it:
//!
//! | OpenAPI 3.1 (JSON Schema 2020-12)       | OpenAPI 3.0.3                                  |
//! |-----------------------------------------|------------------------------------------------|
//! | `type: [T, "null"]`                     | `type: T, nullable: true`                      |
//! | `oneOf`/`anyOf` with a `{type: null}` branch | the other branches, `nullable: true`      |
//! | `examples: [x]` in a schema             | `example: x`                                   |
//! | `const: x`                              | `enum: [x]`                                    |
//! | `exclusiveMinimum: n` (a number)        | `minimum: n, exclusiveMinimum: true` (same for maximum) |
//! | `$ref` with sibling keywords            | `allOf: [{$ref}]` beside the siblings (3.0 ignores `$ref` siblings) |
//!
//! Anything else that 3.0 cannot express (webhooks, several types, tuple `items`, `if`/`then`,
//! `patternProperties`, several schema examples, a license `identifier`, …) is an error naming the
//! JSON pointer of the construct: the converter never drops meaning silently.

use serde_json::{Map, Value, json};

/// The version written into the converted document.
pub const OPENAPI_3_0_VERSION: &str = "3.0.3";

/// Schema keywords of JSON Schema 2020-12 that have no OpenAPI 3.0 equivalent.
const KEYWORDS_WITHOUT_3_0_EQUIVALENT: &[&str] = &[
    "$schema",
    "$id",
    "$anchor",
    "$dynamicRef",
    "$dynamicAnchor",
    "$defs",
    "$comment",
    "prefixItems",
    "contains",
    "minContains",
    "maxContains",
    "dependentRequired",
    "dependentSchemas",
    "if",
    "then",
    "else",
    "unevaluatedItems",
    "unevaluatedProperties",
    "patternProperties",
    "propertyNames",
    "contentEncoding",
    "contentMediaType",
    "contentSchema",
    "nullable",
];

/// A construct of the 3.1 document that OpenAPI 3.0 cannot express.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot express {pointer} in OpenAPI 3.0: {reason}")]
pub struct DowngradeError {
    /// JSON pointer (RFC 6901) of the construct in the 3.1 document.
    pub pointer: String,
    /// What 3.0 lacks, and what to change.
    pub reason: String,
}

/// Converts an OpenAPI 3.1 document into an equivalent OpenAPI 3.0.3 document.
///
/// # Errors
///
/// [`DowngradeError`] naming the first construct, in document order, that 3.0 cannot express.
pub fn downgrade(document: &Value) -> Result<Value, DowngradeError> {
    let Value::Object(root) = document else {
        return Err(error("", "the document is not a JSON object"));
    };
    match root.get("openapi").and_then(Value::as_str) {
        Some(version) if version.starts_with("3.1.") => {}
        other => {
            return Err(error(
                "/openapi",
                format!("expected an OpenAPI 3.1.x document, found version {other:?}"),
            ));
        }
    }
    let mut converted = Map::with_capacity(root.len());
    for (key, value) in root {
        let pointer = child("", key);
        let value = match key.as_str() {
            "openapi" => json!(OPENAPI_3_0_VERSION),
            "info" => info(value, &pointer)?,
            "webhooks" | "jsonSchemaDialect" => {
                return Err(error(&pointer, format!("OpenAPI 3.0 has no `{key}`")));
            }
            "components" => components(value, &pointer)?,
            _ => non_schema(value, &pointer)?,
        };
        converted.insert(key.clone(), value);
    }
    Ok(Value::Object(converted))
}

fn info(info: &Value, pointer: &str) -> Result<Value, DowngradeError> {
    if info.get("summary").is_some() {
        return Err(error(
            &child(pointer, "summary"),
            "OpenAPI 3.0 `info` has no `summary`",
        ));
    }
    if info.pointer("/license/identifier").is_some() {
        return Err(error(
            &format!("{pointer}/license/identifier"),
            "OpenAPI 3.0 `license` has no SPDX `identifier`: give its `url` instead",
        ));
    }
    Ok(info.clone())
}

fn components(components: &Value, pointer: &str) -> Result<Value, DowngradeError> {
    let Value::Object(map) = components else {
        return Err(error(pointer, "`components` is not an object"));
    };
    let mut converted = Map::with_capacity(map.len());
    for (key, value) in map {
        let pointer = child(pointer, key);
        let value = match key.as_str() {
            "schemas" => map_values(value, &pointer, schema)?,
            "pathItems" => {
                return Err(error(&pointer, "OpenAPI 3.0 has no `components/pathItems`"));
            }
            "securitySchemes" => {
                if let Value::Object(schemes) = value {
                    for (name, scheme) in schemes {
                        if scheme.get("type").and_then(Value::as_str) == Some("mutualTLS") {
                            return Err(error(
                                &child(&pointer, name),
                                "OpenAPI 3.0 has no `mutualTLS` security scheme",
                            ));
                        }
                    }
                }
                non_schema(value, &pointer)?
            }
            _ => non_schema(value, &pointer)?,
        };
        converted.insert(key.clone(), value);
    }
    Ok(Value::Object(converted))
}

/// Walks the parts of the document that are not schemas, converting each `schema` it meets.
/// Example values are data, copied as they are.
fn non_schema(value: &Value, pointer: &str) -> Result<Value, DowngradeError> {
    match value {
        Value::Object(map) => {
            let mut converted = Map::with_capacity(map.len());
            for (key, item) in map {
                let item_pointer = child(pointer, key);
                let item = match key.as_str() {
                    "example" | "examples" => item.clone(),
                    "schema" => schema(item, &item_pointer)?,
                    _ => non_schema(item, &item_pointer)?,
                };
                converted.insert(key.clone(), item);
            }
            Ok(Value::Object(converted))
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(index, item)| non_schema(item, &child(pointer, &index.to_string())))
            .collect::<Result<_, _>>()
            .map(Value::Array),
        _ => Ok(value.clone()),
    }
}

/// Converts one schema object (and, recursively, its subschemas).
fn schema(value: &Value, pointer: &str) -> Result<Value, DowngradeError> {
    let Value::Object(source) = value else {
        return Err(error(
            pointer,
            "a boolean schema has no OpenAPI 3.0 form: write an object schema",
        ));
    };
    if let Some(keyword) = KEYWORDS_WITHOUT_3_0_EQUIVALENT
        .iter()
        .find(|keyword| source.contains_key(**keyword))
    {
        return Err(error(
            &child(pointer, keyword),
            format!("OpenAPI 3.0 schemas have no `{keyword}`"),
        ));
    }
    if source.contains_key("$ref") && source.len() > 1 {
        // 3.0 ignores every keyword beside `$ref`; `allOf` keeps them in force.
        let mut siblings = source.clone();
        let reference = siblings.remove("$ref").unwrap_or(Value::Null);
        let mut wrapped = Map::new();
        wrapped.insert("allOf".into(), json!([{ "$ref": reference }]));
        wrapped.extend(siblings);
        return schema(&Value::Object(wrapped), pointer);
    }

    let mut converted = Map::with_capacity(source.len());
    for (key, item) in source {
        let item_pointer = child(pointer, key);
        match key.as_str() {
            "type" => type_keyword(item, &item_pointer, &mut converted)?,
            "examples" => {
                if source.contains_key("example") {
                    return Err(error(
                        &item_pointer,
                        "both `example` and `examples`: keep one",
                    ));
                }
                match item.as_array().map(Vec::as_slice) {
                    Some([only]) => {
                        converted.insert("example".into(), only.clone());
                    }
                    Some([]) => {}
                    _ => {
                        return Err(error(
                            &item_pointer,
                            "OpenAPI 3.0 schemas hold one `example`: keep a single example",
                        ));
                    }
                }
            }
            "const" => {
                if source.contains_key("enum") {
                    return Err(error(&item_pointer, "both `const` and `enum`: keep one"));
                }
                converted.insert("enum".into(), json!([item]));
            }
            "exclusiveMinimum" | "exclusiveMaximum" => {
                let bound = if key == "exclusiveMinimum" {
                    "minimum"
                } else {
                    "maximum"
                };
                if !item.is_number() {
                    return Err(error(&item_pointer, "expected a number (the 3.1 form)"));
                }
                if source.contains_key(bound) {
                    return Err(error(
                        &item_pointer,
                        format!("both `{key}` and `{bound}`: 3.0 allows one bound"),
                    ));
                }
                converted.insert(bound.into(), item.clone());
                converted.insert(key.clone(), json!(true));
            }
            "properties" => {
                converted.insert(key.clone(), map_values(item, &item_pointer, schema)?);
            }
            "items" => {
                if item.is_array() {
                    return Err(error(
                        &item_pointer,
                        "tuple `items` have no OpenAPI 3.0 form",
                    ));
                }
                converted.insert(key.clone(), schema(item, &item_pointer)?);
            }
            "additionalProperties" | "not" if item.is_object() => {
                converted.insert(key.clone(), schema(item, &item_pointer)?);
            }
            "allOf" => {
                converted.insert(key.clone(), schema_list(item, &item_pointer)?);
            }
            "oneOf" | "anyOf" => {
                // 3.1 spells "or null" as a `{type: null}` branch; 3.0 as `nullable`.
                let null_branch = json!({ "type": "null" });
                let Value::Array(branches) = item else {
                    return Err(error(&item_pointer, "expected a list of schemas"));
                };
                let others: Vec<Value> = branches
                    .iter()
                    .filter(|branch| **branch != null_branch)
                    .cloned()
                    .collect();
                if others.len() < branches.len() {
                    if others.is_empty() {
                        return Err(error(&item_pointer, "a schema that is only `null`"));
                    }
                    converted.insert("nullable".into(), json!(true));
                }
                converted.insert(
                    key.clone(),
                    schema_list(&Value::Array(others), &item_pointer)?,
                );
            }
            _ => {
                converted.insert(key.clone(), item.clone());
            }
        }
    }
    Ok(Value::Object(converted))
}

/// Maps `type`, which 3.1 allows to be a list, to 3.0's single type plus `nullable`.
fn type_keyword(
    value: &Value,
    pointer: &str,
    converted: &mut Map<String, Value>,
) -> Result<(), DowngradeError> {
    let types: Vec<&str> = match value {
        Value::String(single) => vec![single.as_str()],
        Value::Array(list) => list
            .iter()
            .map(|item| {
                item.as_str()
                    .ok_or_else(|| error(pointer, "`type` lists a value that is not a string"))
            })
            .collect::<Result<_, _>>()?,
        _ => return Err(error(pointer, "`type` is neither a string nor a list")),
    };
    let nullable = types.contains(&"null");
    let others: Vec<&str> = types.into_iter().filter(|name| *name != "null").collect();
    match others.as_slice() {
        [single] => {
            converted.insert("type".into(), json!(single));
        }
        [] => {
            return Err(error(
                pointer,
                "the `null` type alone has no OpenAPI 3.0 form",
            ));
        }
        _ => {
            return Err(error(
                pointer,
                format!("several types {others:?}: OpenAPI 3.0 allows one (use `oneOf`)"),
            ));
        }
    }
    if nullable {
        converted.insert("nullable".into(), json!(true));
    }
    Ok(())
}

fn schema_list(value: &Value, pointer: &str) -> Result<Value, DowngradeError> {
    let Value::Array(items) = value else {
        return Err(error(pointer, "expected a list of schemas"));
    };
    items
        .iter()
        .enumerate()
        .map(|(index, item)| schema(item, &child(pointer, &index.to_string())))
        .collect::<Result<_, _>>()
        .map(Value::Array)
}

fn map_values(
    value: &Value,
    pointer: &str,
    convert: fn(&Value, &str) -> Result<Value, DowngradeError>,
) -> Result<Value, DowngradeError> {
    let Value::Object(map) = value else {
        return Err(error(pointer, "expected an object"));
    };
    map.iter()
        .map(|(key, item)| Ok((key.clone(), convert(item, &child(pointer, key))?)))
        .collect::<Result<_, _>>()
        .map(Value::Object)
}

/// The pointer of `key` below `parent`, escaped as RFC 6901 requires.
fn child(parent: &str, key: &str) -> String {
    format!("{parent}/{}", key.replace('~', "~0").replace('/', "~1"))
}

fn error(pointer: &str, reason: impl Into<String>) -> DowngradeError {
    DowngradeError {
        pointer: pointer.to_owned(),
        reason: reason.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal 3.1 document with one component schema.
    fn document_with_schema(schema: Value) -> Value {
        json!({
            "openapi": "3.1.0",
            "info": { "title": "t", "version": "1" },
            "paths": {},
            "components": { "schemas": { "Thing": schema } }
        })
    }

    /// Downgrades a one-schema document and returns the converted schema.
    fn converted_schema(schema: Value) -> Value {
        let converted = downgrade(&document_with_schema(schema)).unwrap();
        assert_eq!(converted["openapi"], "3.0.3");
        converted["components"]["schemas"]["Thing"].clone()
    }

    /// Downgrades a one-schema document that must fail, and returns the error.
    fn refusal(schema: Value) -> DowngradeError {
        downgrade(&document_with_schema(schema)).unwrap_err()
    }

    #[test]
    fn nullable_type_list_becomes_nullable() {
        assert_eq!(
            converted_schema(json!({ "type": ["string", "null"] })),
            json!({ "type": "string", "nullable": true })
        );
    }

    #[test]
    fn null_branch_of_one_of_becomes_nullable() {
        assert_eq!(
            converted_schema(json!({ "oneOf": [{ "type": "null" }, { "$ref": "#/x" }] })),
            json!({ "oneOf": [{ "$ref": "#/x" }], "nullable": true })
        );
    }

    #[test]
    fn single_schema_example_becomes_example() {
        assert_eq!(
            converted_schema(json!({ "type": "integer", "examples": [5] })),
            json!({ "type": "integer", "example": 5 })
        );
    }

    #[test]
    fn const_becomes_single_enum() {
        assert_eq!(
            converted_schema(json!({ "const": "a" })),
            json!({ "enum": ["a"] })
        );
    }

    #[test]
    fn numeric_exclusive_minimum_becomes_boolean_form() {
        assert_eq!(
            converted_schema(json!({ "type": "number", "exclusiveMinimum": 0 })),
            json!({ "type": "number", "minimum": 0, "exclusiveMinimum": true })
        );
    }

    #[test]
    fn ref_with_description_is_wrapped_in_all_of() {
        assert_eq!(
            converted_schema(json!({ "$ref": "#/components/schemas/Other", "description": "d" })),
            json!({ "allOf": [{ "$ref": "#/components/schemas/Other" }], "description": "d" })
        );
    }

    #[test]
    fn nested_properties_and_items_are_converted() {
        assert_eq!(
            converted_schema(json!({
                "type": "object",
                "properties": { "tags": { "type": "array", "items": { "type": ["string", "null"] } } }
            })),
            json!({
                "type": "object",
                "properties": { "tags": { "type": "array", "items": { "type": "string", "nullable": true } } }
            })
        );
    }

    #[test]
    fn example_data_is_copied_untouched() {
        let example = json!({ "type": ["looks", "like", "a", "schema"], "const": 1 });
        let schema = converted_schema(json!({ "type": "object", "example": example.clone() }));
        assert_eq!(schema["example"], example);
    }

    #[test]
    fn schemas_in_operations_are_converted() {
        let document = json!({
            "openapi": "3.1.0",
            "info": { "title": "t", "version": "1" },
            "paths": { "/a/{id}": { "get": {
                "parameters": [{ "name": "id", "in": "path", "required": true,
                                 "schema": { "type": ["string", "null"] } }],
                "responses": { "200": { "description": "ok", "content": { "application/json": {
                    "schema": { "const": 1 }, "example": 1 } } } }
            } } }
        });
        let converted = downgrade(&document).unwrap();
        let operation = &converted["paths"]["/a/{id}"]["get"];
        assert_eq!(
            operation["parameters"][0]["schema"],
            json!({ "type": "string", "nullable": true })
        );
        assert_eq!(
            operation["responses"]["200"]["content"]["application/json"]["schema"],
            json!({ "enum": [1] })
        );
    }

    #[test]
    fn several_types_are_refused_with_their_pointer() {
        let refused = refusal(json!({ "properties": { "a": { "type": ["string", "integer"] } } }));
        assert_eq!(
            refused.pointer,
            "/components/schemas/Thing/properties/a/type"
        );
        assert!(
            refused
                .to_string()
                .starts_with("cannot express /components/schemas/Thing")
        );
    }

    #[test]
    fn tuple_items_are_refused() {
        assert_eq!(
            refusal(json!({ "type": "array", "prefixItems": [{ "type": "string" }] })).pointer,
            "/components/schemas/Thing/prefixItems"
        );
    }

    #[test]
    fn several_schema_examples_are_refused() {
        assert_eq!(
            refusal(json!({ "type": "string", "examples": ["a", "b"] })).pointer,
            "/components/schemas/Thing/examples"
        );
    }

    #[test]
    fn pointer_escapes_slash_and_tilde() {
        let refused = refusal(json!({ "properties": { "a/b~c": { "if": {} } } }));
        assert_eq!(
            refused.pointer,
            "/components/schemas/Thing/properties/a~1b~0c/if"
        );
    }

    #[test]
    fn webhooks_are_refused() {
        let document = json!({ "openapi": "3.1.0", "info": {}, "webhooks": { "w": {} } });
        assert_eq!(downgrade(&document).unwrap_err().pointer, "/webhooks");
    }

    #[test]
    fn license_identifier_is_refused() {
        let document = json!({ "openapi": "3.1.0", "info": { "license": { "name": "MIT", "identifier": "MIT" } } });
        assert_eq!(
            downgrade(&document).unwrap_err().pointer,
            "/info/license/identifier"
        );
    }

    #[test]
    fn a_3_0_document_is_refused() {
        let document = json!({ "openapi": "3.0.3", "info": {} });
        assert_eq!(downgrade(&document).unwrap_err().pointer, "/openapi");
    }
}
