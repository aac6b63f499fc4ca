//! The tools as `cargo xtask codegen` wrote them (`src/tools.json`, derived from the 3.1
//! document), each with the compiled validator of its arguments and the operation it calls.

use std::sync::Arc;

use rmcp::model::{JsonObject, Tool, ToolAnnotations};
use serde_json::Value;

/// The generated definitions, embedded at build time.
const TOOLS_JSON: &str = include_str!("tools.json");

/// The operation a tool calls (one method of `bluetape_client::Client`), as `tools.json` describes
/// it: no list of operations is written here, so an operation added to the model is served as soon
/// as `cargo xtask codegen` has written its tool and its dispatch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// Its `operationId`, which [`dispatch`](crate::dispatch) calls by.
    pub operation_id: String,
    /// Its HTTP method, uppercase.
    pub method: String,
    /// Whether it sends a JSON body.
    pub has_body: bool,
    /// Whether it only reads (the tools `--read-only` serves): its `readOnlyHint`.
    pub read_only: bool,
}

impl Operation {
    /// Whether the call is a POST: never retried once sent, so a timeout leaves it maybe applied.
    pub fn is_post(&self) -> bool {
        self.method == "POST"
    }
}

/// Why the embedded definitions cannot be served (a generated file edited by hand, or an
/// operation the server does not know): `cargo xtask codegen` rewrites the file.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// `tools.json` is not what codegen writes.
    #[error("src/tools.json is malformed ({0}); run `cargo xtask codegen`")]
    Malformed(String),
    /// A tool names an operation that no client method calls.
    #[error("src/tools.json names the unknown operation {0}")]
    UnknownOperation(String),
    /// A tool's input schema does not compile.
    #[error("the input schema of {tool} does not compile: {message}")]
    Schema {
        /// The tool's name.
        tool: String,
        /// The compiler's message.
        message: String,
    },
}

/// One tool: what `tools/list` shows, and what a call needs.
#[derive(Debug)]
pub struct ToolEntry {
    /// The definition served to clients.
    pub tool: Tool,
    /// The operation it calls.
    pub operation: Operation,
    /// The arguments that are the path's parameters (the rest form the body).
    pub path_parameters: Vec<String>,
    /// The arguments' schema, as served.
    pub input_schema: Arc<JsonObject>,
    /// The validator of the arguments (rmcp does not check them).
    pub validator: jsonschema::Validator,
}

/// The tools a server serves, in the document's order.
#[derive(Debug)]
pub struct Catalog {
    entries: Vec<ToolEntry>,
}

impl Catalog {
    /// Every tool of the generated file, or with `read_only`, only those that change nothing.
    ///
    /// # Errors
    ///
    /// [`CatalogError`] when the embedded file is not what codegen writes.
    pub fn load(read_only: bool) -> Result<Catalog, CatalogError> {
        let file: Value = serde_json::from_str(TOOLS_JSON)
            .map_err(|error| CatalogError::Malformed(error.to_string()))?;
        let entries = file["tools"]
            .as_array()
            .ok_or_else(|| CatalogError::Malformed("no `tools` list".into()))?
            .iter()
            .map(entry)
            .filter(|entry| {
                entry
                    .as_ref()
                    .map_or(true, |entry| !read_only || entry.operation.read_only)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Catalog { entries })
    }

    /// The tool named `name`.
    pub fn get(&self, name: &str) -> Option<&ToolEntry> {
        self.entries
            .iter()
            .find(|entry| entry.tool.name.as_ref() == name)
    }

    /// Every tool, with what it calls.
    pub fn entries(&self) -> impl Iterator<Item = &ToolEntry> {
        self.entries.iter()
    }

    /// Every tool's definition.
    pub fn tools(&self) -> impl Iterator<Item = &Tool> {
        self.entries.iter().map(|entry| &entry.tool)
    }
}

fn entry(definition: &Value) -> Result<ToolEntry, CatalogError> {
    let text = |field: &str| {
        definition[field]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| CatalogError::Malformed(format!("a tool without `{field}`")))
    };
    let object = |field: &str| match &definition[field] {
        Value::Object(fields) => Ok(Arc::new(fields.clone())),
        _ => Err(CatalogError::Malformed(format!("a tool without `{field}`"))),
    };
    let name = text("name")?;
    let metadata = &definition["x-bluetape"];
    let operation_id = metadata["operationId"]
        .as_str()
        .ok_or_else(|| CatalogError::Malformed(format!("{name} has no operationId")))?;
    if !crate::dispatch::OPERATION_IDS.contains(&operation_id) {
        return Err(CatalogError::UnknownOperation(operation_id.to_owned()));
    }
    let path_parameters: Vec<String> = serde_json::from_value(metadata["pathParameters"].clone())
        .map_err(|error| {
        CatalogError::Malformed(format!("{name}'s pathParameters: {error}"))
    })?;
    let input_schema = object("inputSchema")?;
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&Value::Object(input_schema.as_ref().clone()))
        .map_err(|error| CatalogError::Schema {
            tool: name.clone(),
            message: error.to_string(),
        })?;
    let hints = &definition["annotations"];
    let hint = |field: &str| hints[field].as_bool();
    let operation = Operation {
        operation_id: operation_id.to_owned(),
        method: metadata["method"]
            .as_str()
            .ok_or_else(|| CatalogError::Malformed(format!("{name} has no method")))?
            .to_owned(),
        has_body: metadata["hasBody"]
            .as_bool()
            .ok_or_else(|| CatalogError::Malformed(format!("{name} has no hasBody")))?,
        read_only: hint("readOnlyHint").unwrap_or(false),
    };
    let annotations = ToolAnnotations::from_raw(
        hints["title"].as_str().map(str::to_owned),
        hint("readOnlyHint"),
        hint("destructiveHint"),
        hint("idempotentHint"),
        hint("openWorldHint"),
    );
    let tool = Tool::new(name, text("description")?, input_schema.clone())
        .with_title(text("title")?)
        .with_raw_output_schema(object("outputSchema")?)
        .with_annotations(annotations);
    Ok(ToolEntry {
        tool,
        operation,
        path_parameters,
        input_schema,
        validator,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_file_loads_every_dispatched_operation_and_read_only_keeps_the_gets() {
        let all = Catalog::load(false).expect("the catalog loads");
        let operation_ids: Vec<&str> = all
            .entries
            .iter()
            .map(|entry| entry.operation.operation_id.as_str())
            .collect();
        assert_eq!(operation_ids, crate::dispatch::OPERATION_IDS);
        let read_only = Catalog::load(true).expect("the catalog loads");
        let methods: Vec<&str> = read_only
            .entries
            .iter()
            .map(|entry| entry.operation.method.as_str())
            .collect();
        assert!(!methods.is_empty());
        assert!(methods.iter().all(|method| *method == "GET"), "{methods:?}");
        assert!(
            read_only
                .tools()
                .any(|tool| tool.name == "get_customer_signup")
        );
    }
}
