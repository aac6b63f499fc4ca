//! The API's reference as plain Markdown, for AI assistants and search, as documentation
//! platforms publish it beside their HTML: an [`llms.txt`](https://llmstxt.org/) (the API in a
//! paragraph, then a link per operation) and one page per operation (method and path, both
//! headers, the request schema with every constraint, every documented status with its body
//! schema and example, the notes on where the published docs disagree, and the code samples).
//!
//! Written from the OpenAPI 3.1 document with its code samples, so the pages say what the
//! document says. The document's description links them ([`bluetape_model::markdown_pages`]).

use std::fmt::Write as _;

use serde_json::Value;

use crate::code_samples::Language;
pub use bluetape_model::markdown_pages::{LLMS_TXT, PAGES_DIRECTORY, page_path};
use bluetape_model::render::GENERATED_MARKER;
use bluetape_model::{ACCOUNT_ID_HEADER, API_KEY_HEADER, PRODUCTION_URL};

/// Why a page could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write the Markdown reference: {0}")]
pub struct MarkdownError(String);

/// An operation of the document, in the document's order.
struct Operation<'d> {
    method: &'d str,
    path: &'d str,
    id: &'d str,
    value: &'d Value,
}

fn operations(openapi: &Value) -> Vec<Operation<'_>> {
    bluetape_model::operations_of(openapi)
        .filter_map(|(method, path, value)| {
            Some(Operation {
                method,
                path,
                id: value["operationId"].as_str()?,
                value,
            })
        })
        .collect()
}

fn text<'d>(value: &'d Value, key: &str) -> &'d str {
    value[key].as_str().unwrap_or_default()
}

/// `llms.txt`: the API's title and summary, how to call it, then a link line per operation.
pub fn llms_txt(openapi: &Value) -> String {
    let info = &openapi["info"];
    let mut out = format!(
        "# {title}\n\n> Create companies and customers in BlueTape, link them, and get each \
         customer's sign-up URL: {count} JSON operations under {PRODUCTION_URL}, each \
         authenticated by two headers, `{API_KEY_HEADER}` and `{ACCOUNT_ID_HEADER}`.\n\n\
         Amounts are exact decimals sent as JSON numbers; optional fields are left out, never \
         `null`; every error is `{{\"code\", \"reason\"}}`. The OpenAPI {openapi} document \
         ([JSON](bluetape.openapi.json), [YAML](bluetape.openapi.yaml)) is the reference; the \
         pages below say the same in Markdown. API version {version}.\n\n## Operations\n\n",
        title = text(info, "title"),
        count = operations(openapi).len(),
        openapi = text(openapi, "openapi"),
        version = text(info, "version"),
    );
    for operation in operations(openapi) {
        let _ = writeln!(
            out,
            "- [{summary}]({page}): `{method} {path}`. {first}",
            summary = text(operation.value, "summary"),
            page = page_path(operation.id),
            method = operation.method.to_uppercase(),
            path = operation.path,
            first = first_sentence(text(operation.value, "description")),
        );
    }
    out.push_str(
        "\n## Optional\n\n\
         - [Workflows](bluetape.arazzo.yaml): the onboarding flows as an Arazzo document\n\
         - [Postman collection](bluetape.postman_collection.json): every operation, runnable\n\
         - [OpenAPI 3.0.3](bluetape.openapi-3.0.json): for tools that read only 3.0\n",
    );
    let _ = write!(out, "\n<!-- {GENERATED_MARKER} -->\n");
    out
}

fn first_sentence(description: &str) -> &str {
    let paragraph = description.split("\n\n").next().unwrap_or_default();
    match paragraph.find(". ") {
        Some(end) => &paragraph[..=end],
        None => paragraph,
    }
}

/// Every operation's page: its path relative to the documents' directory, and its text.
///
/// # Errors
///
/// [`MarkdownError`] when a schema or example cannot be written.
pub fn operation_pages(openapi: &Value) -> Result<Vec<(String, String)>, MarkdownError> {
    operations(openapi)
        .iter()
        .map(|operation| Ok((page_path(operation.id), page(openapi, operation)?)))
        .collect()
}

fn page(openapi: &Value, operation: &Operation<'_>) -> Result<String, MarkdownError> {
    let op = operation.value;
    let mut out = format!(
        "<!-- {GENERATED_MARKER} -->\n\n# {summary}\n\n`{method} {path}` (operation \
         `{id}`), on `{PRODUCTION_URL}`.\n\n{description}\n\n## Headers\n\nBoth on every call:\n\n\
         | header | value |\n|---|---|\n| `{API_KEY_HEADER}` | your API key |\n\
         | `{ACCOUNT_ID_HEADER}` | your integration account id |\n",
        summary = text(op, "summary"),
        method = operation.method.to_uppercase(),
        path = operation.path,
        id = operation.id,
        description = text(op, "description"),
    );
    if let Some(parameters) = op["parameters"].as_array() {
        out.push_str("\n## Path parameters\n\n| name | type | constraints | description |\n|---|---|---|---|\n");
        for parameter in parameters {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} |",
                text(parameter, "name"),
                type_of(&parameter["schema"]),
                constraints(&parameter["schema"]),
                cell(text(parameter, "description")),
            );
        }
    }
    let body = &op["requestBody"];
    if !body.is_null() {
        let schema = &body["content"]["application/json"]["schema"];
        let required = if body["required"] == true {
            "required"
        } else {
            "optional"
        };
        let _ = write!(
            out,
            "\n## Request body\n\n`application/json`, {required}, schema {}: {}\n",
            type_of(schema),
            text(body, "description")
        );
        fields_table(openapi, schema, &mut out);
        if let Some(example) = example_of(openapi, schema) {
            example_block(example, &mut out)?;
        }
    }
    out.push_str("\n## Responses\n");
    for (status, response) in op["responses"].as_object().into_iter().flatten() {
        let _ = write!(out, "\n### {status}\n\n{}\n", text(response, "description"));
        let media = &response["content"]["application/json"];
        if media.is_null() {
            continue;
        }
        let schema = &media["schema"];
        let _ = writeln!(out, "\nBody: {}", type_of(schema));
        fields_table(openapi, schema, &mut out);
        if !media["example"].is_null() {
            example_block(&media["example"], &mut out)?;
        }
    }
    let samples = op["x-codeSamples"]
        .as_array()
        .map_or(&[][..], Vec::as_slice);
    if !samples.is_empty() {
        out.push_str("\n## Code samples\n");
    }
    for sample in samples {
        let _ = write!(
            out,
            "\n### {label}\n\n```{fence}\n{source}```\n",
            label = text(sample, "label"),
            fence = Language::from_redoc_lang(text(sample, "lang")).map_or("", Language::fence),
            source = text(sample, "source"),
        );
    }
    Ok(out)
}

/// An example as a JSON code block, after its heading.
fn example_block(example: &Value, out: &mut String) -> Result<(), MarkdownError> {
    let _ = write!(out, "\nExample:\n\n```json\n{}\n```\n", pretty(example)?);
    Ok(())
}

fn pretty(value: &Value) -> Result<String, MarkdownError> {
    serde_json::to_string_pretty(value).map_err(|error| MarkdownError(error.to_string()))
}

/// A component schema by its `$ref`.
fn resolve<'d>(openapi: &'d Value, schema: &'d Value) -> &'d Value {
    match schema["$ref"].as_str() {
        Some(reference) => {
            &openapi["components"]["schemas"][reference.trim_start_matches("#/components/schemas/")]
        }
        None => schema,
    }
}

fn ref_name(schema: &Value) -> Option<&str> {
    schema["$ref"]
        .as_str()
        .map(|reference| reference.trim_start_matches("#/components/schemas/"))
}

fn example_of<'d>(openapi: &'d Value, schema: &'d Value) -> Option<&'d Value> {
    let example = &resolve(openapi, schema)["example"];
    (!example.is_null()).then_some(example)
}

/// A schema's type as a reader says it: `string`, `array of AgingOverdueBalance`, `Company`.
fn type_of(schema: &Value) -> String {
    if let Some(name) = ref_name(schema) {
        return format!("`{name}`");
    }
    match schema["type"].as_str() {
        Some("array") => format!("array of {}", type_of(&schema["items"])),
        Some(kind) => kind.to_owned(),
        None => "any".to_owned(),
    }
}

/// A schema's constraints, each as `keyword value`.
fn constraints(schema: &Value) -> String {
    const KEYWORDS: [&str; 12] = [
        "format",
        "pattern",
        "minLength",
        "maxLength",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "minItems",
        "maxItems",
        "enum",
        "const",
    ];
    KEYWORDS
        .iter()
        .filter(|keyword| !schema[**keyword].is_null())
        .map(|keyword| {
            let value = match &schema[*keyword] {
                Value::String(text) => format!("`{}`", text.replace('|', "\\|")),
                other => format!("`{other}`"),
            };
            format!("{keyword} {value}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A table cell: one line, pipes escaped.
fn cell(text: &str) -> String {
    text.replace('\n', " ").replace('|', "\\|")
}

/// The fields of an object schema (through `$ref`s and arrays, nested fields as `a.b` and
/// `a[].b`), with their types, whether required, constraints and descriptions.
fn fields_table(openapi: &Value, schema: &Value, out: &mut String) {
    let mut rows = Vec::new();
    collect_fields(openapi, schema, "", 0, &mut rows);
    if rows.is_empty() {
        return;
    }
    out.push_str(
        "\n| field | type | required | constraints | description |\n|---|---|---|---|---|\n",
    );
    for row in rows {
        out.push_str(&row);
    }
}

fn collect_fields(
    openapi: &Value,
    schema: &Value,
    prefix: &str,
    depth: usize,
    rows: &mut Vec<String>,
) {
    // The model nests three levels at most; the bound keeps a recursive schema finite.
    if depth > 4 {
        return;
    }
    let resolved = resolve(openapi, schema);
    let required: Vec<&str> = resolved["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    for (name, field) in resolved["properties"].as_object().into_iter().flatten() {
        let path = format!("{prefix}{name}");
        let description = match field["description"].as_str() {
            Some(description) => description,
            None => text(resolve(openapi, field), "description"),
        };
        rows.push(format!(
            "| `{path}` | {} | {} | {} | {} |\n",
            type_of(field),
            if required.contains(&name.as_str()) {
                "yes"
            } else {
                "no"
            },
            constraints(field),
            cell(description),
        ));
        if field["$ref"].is_string() {
            collect_fields(openapi, field, &format!("{path}."), depth + 1, rows);
        } else if field["type"] == "array" && field["items"]["$ref"].is_string() {
            collect_fields(
                openapi,
                &field["items"],
                &format!("{path}[]."),
                depth + 1,
                rows,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::document;
    use bluetape_model::render::Version;

    fn pages() -> Vec<(String, String)> {
        operation_pages(&document(Version::V3_1).unwrap()).unwrap()
    }

    /// Each page has the method and path, both headers, every documented status, the code
    /// samples, and the request schema's constraints.
    #[test]
    fn a_page_says_everything_the_operation_documents() {
        let openapi = document(Version::V3_1).unwrap();
        let pages = pages();
        assert_eq!(pages.len(), bluetape_model::operations_of(&openapi).count());
        let (path, page) = pages
            .iter()
            .find(|(path, _)| path.ends_with("createCustomer.md"))
            .unwrap();
        assert_eq!(path, "markdown/createCustomer.md");
        assert!(page.contains("`POST /integration/customer`"), "{page}");
        assert!(page.contains(API_KEY_HEADER) && page.contains(ACCOUNT_ID_HEADER));
        for status in openapi["paths"]["/integration/customer"]["post"]["responses"]
            .as_object()
            .unwrap()
            .keys()
        {
            assert!(page.contains(&format!("\n### {status}\n")), "{status}");
        }
        assert!(page.contains("pattern `^\\+[1-9][0-9]{1,14}$`"), "{page}");
        assert!(
            page.contains("| `id` | string | yes | minLength `1` |"),
            "{page}"
        );
        assert!(page.contains("```go\n"), "{page}");
    }

    /// Nested fields are listed with their path, amounts with their bounds.
    #[test]
    fn nested_fields_and_amount_bounds_are_listed() {
        let pages = pages();
        let (_, page) = pages
            .iter()
            .find(|(path, _)| path.ends_with("createCompany.md"))
            .unwrap();
        assert!(page.contains("| `creditDetails.creditAmount` | number | no | minimum `-7.9e+28`, maximum `7.9e+28` |"), "{page}");
        assert!(page.contains("| `customers[].id` |"), "{page}");
        assert!(page.contains("**Success is 200 or 201") || !page.contains("linkCompanyCustomer"));
    }

    /// `llms.txt` links every page, and the document's description links them too.
    #[test]
    fn llms_txt_and_the_description_link_every_page() {
        let openapi = document(Version::V3_1).unwrap();
        let llms = llms_txt(&openapi);
        let description = openapi["info"]["description"].as_str().unwrap();
        assert!(description.contains(&format!("]({LLMS_TXT})")));
        for (path, _) in pages() {
            assert!(llms.contains(&format!("]({path})")), "{path} in {llms}");
            assert!(description.contains(&format!("]({path})")), "{path}");
        }
    }
}
