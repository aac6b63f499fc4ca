//! The five tools as `cargo xtask codegen` wrote them (`src/tools.json`, derived from the 3.1
//! document), each with the compiled validator of its arguments and the operation it calls.

use std::sync::Arc;

use rmcp::model::{JsonObject, Tool, ToolAnnotations};
use serde_json::Value;

/// The generated definitions, embedded at build time.
const TOOLS_JSON: &str = include_str!("tools.json");

/// The operation a tool calls: one method of `bluetape_client::Client` each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// `POST /integration/company`.
    CreateCompany,
    /// `POST /integration/company/{id}/customer`.
    LinkCompanyCustomer,
    /// `POST /integration/customer`.
    CreateCustomer,
    /// `PUT /integration/customer/{id}`.
    UpdateCustomer,
    /// `GET /integration/customer/{id}/signup`.
    GetCustomerSignup,
}

impl Operation {
    /// The operation of an `operationId` of the document.
    pub fn from_operation_id(operation_id: &str) -> Option<Operation> {
        Some(match operation_id {
            "createCompany" => Operation::CreateCompany,
            "linkCompanyCustomer" => Operation::LinkCompanyCustomer,
            "createCustomer" => Operation::CreateCustomer,
            "updateCustomer" => Operation::UpdateCustomer,
            "getCustomerSignup" => Operation::GetCustomerSignup,
            _ => return None,
        })
    }

    /// Whether the call only reads (the one tool `--read-only` serves).
    pub fn is_read_only(self) -> bool {
        self == Operation::GetCustomerSignup
    }

    /// Whether the operation sends a JSON body.
    pub fn has_body(self) -> bool {
        self != Operation::GetCustomerSignup
    }

    /// Whether the call is a POST: never retried once sent, so a timeout leaves it maybe applied.
    pub fn is_post(self) -> bool {
        matches!(
            self,
            Operation::CreateCompany | Operation::LinkCompanyCustomer | Operation::CreateCustomer
        )
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
                    .map_or(true, |entry| !read_only || entry.operation.is_read_only())
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
    let operation = Operation::from_operation_id(operation_id)
        .ok_or_else(|| CatalogError::UnknownOperation(operation_id.to_owned()))?;
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
    fn the_embedded_file_loads_five_tools_and_one_read_only() {
        let all = Catalog::load(false).expect("the catalog loads");
        assert_eq!(all.tools().count(), 5);
        let read_only = Catalog::load(true).expect("the catalog loads");
        let names: Vec<&str> = read_only.tools().map(|tool| tool.name.as_ref()).collect();
        assert_eq!(names, ["get_customer_signup"]);
    }
}
