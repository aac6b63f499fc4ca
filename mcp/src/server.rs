//! [`BlueTapeMcp`]: the MCP server. `tools/list` serves the catalog; `tools/call` checks the
//! arguments, calls the matching `bluetape-client` method, and answers the reply as structured
//! content, or a failure as a text-only `isError` result.

use std::borrow::Cow;
use std::sync::Arc;
use std::time::Instant;

use bluetape_client::{Client, Error};
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, ErrorData,
    Implementation, ListToolsResult, PaginatedRequestParams, ServerCapabilities, ServerConfig,
    Tool,
};
use rmcp::service::RequestContext;
use rmcp::{RoleServer, ServerHandler};
use serde_json::{Value, json};

use crate::arguments::{self, Checked, Refusal};
use crate::catalog::{Catalog, CatalogError, Operation};
use crate::dispatch::dispatch;
use crate::failure::Failure;

/// The MCP server over one [`Client`]. Cheap to clone: the HTTP transport makes one per session.
#[derive(Debug, Clone)]
pub struct BlueTapeMcp {
    client: Client,
    catalog: Arc<Catalog>,
    instructions: String,
}

/// Where the server's calls go, as its `instructions` tell the assistant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The API at the client's base URL (production unless `BLUETAPE_BASE_URL`).
    Api,
    /// A `bluetape-mock` started in-process: offline, forgotten when the server stops.
    InProcessMock,
}

impl BlueTapeMcp {
    /// A server calling through `client`; with `read_only`, it serves only the tools that change
    /// nothing (the sign-up URL).
    ///
    /// # Errors
    ///
    /// [`CatalogError`] when the embedded tool definitions are malformed.
    pub fn new(client: Client, target: &Target, read_only: bool) -> Result<Self, CatalogError> {
        let catalog = Catalog::load(read_only)?;
        let instructions = instructions(client.base_url(), target, read_only, &catalog);
        Ok(BlueTapeMcp {
            client,
            catalog: Arc::new(catalog),
            instructions,
        })
    }

    /// The instructions sent at initialization: which server the calls reach, and how to write
    /// amounts.
    pub fn instructions(&self) -> &str {
        &self.instructions
    }

    /// Every tool served.
    pub fn tools(&self) -> Vec<Tool> {
        self.catalog.tools().cloned().collect()
    }

    /// Calls the tool `name` with `arguments`, as `tools/call` does.
    ///
    /// # Errors
    ///
    /// A JSON-RPC "invalid params" error when no tool is named `name`; every other failure is an
    /// `isError` result.
    pub async fn call(
        &self,
        name: &str,
        arguments: Option<serde_json::Map<String, Value>>,
    ) -> Result<CallToolResult, ErrorData> {
        let entry = self.catalog.get(name).ok_or_else(|| {
            ErrorData::invalid_params(format!("unknown tool: {name}"), Some(json!({"tool": name})))
        })?;
        let started = Instant::now();
        let arguments = arguments.unwrap_or_default();
        let result = match arguments::check(entry, &arguments) {
            Ok(Checked { path, body }) => {
                let operation = &entry.operation;
                match dispatch(
                    &self.client,
                    &operation.operation_id,
                    &path,
                    body.as_deref(),
                )
                .await
                {
                    Ok(reply) => CallToolResult::structured(reply),
                    Err(error) => api_failure(&error, operation),
                }
            }
            Err(refusal) => refused(&refusal),
        };
        // What was called and how it ended; never the arguments (names, emails, phone numbers)
        // nor the credentials.
        tracing::info!(
            tool = name,
            is_error = result.is_error.unwrap_or(false),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "tool call"
        );
        Ok(result)
    }
}

/// A text-only `isError` result: clients check `structuredContent` against the success
/// `outputSchema` even on errors (the TypeScript SDK, the Inspector), so a failure carries none.
fn text_error(value: &Value) -> CallToolResult {
    CallToolResult::error(vec![ContentBlock::text(value.to_string())])
}

fn refused(refusal: &Refusal) -> CallToolResult {
    text_error(&json!({
        "field": refusal.field,
        "message": refusal.message,
        "sent": false,
    }))
}

fn api_failure(failure: &Failure, operation: &Operation) -> CallToolResult {
    let error = match failure {
        Failure::Refused(refusal) => return refused(refusal),
        Failure::UnreadableReply(message) => {
            return text_error(&json!({
                "error": "unreadable reply",
                "message": message,
                "sent": true,
            }));
        }
        Failure::Client(error) => error,
    };
    let may_have_been_applied = |reason: &str| {
        json!({
            "error": reason,
            "message": error.to_string(),
            "mayHaveBeenApplied": true,
            "advice": "the request may have reached BlueTape: read the record (a sign-up URL, \
                       or a create answering 409) before calling again",
        })
    };
    let body = match error {
        Error::Api {
            status,
            code,
            reason,
            request_id,
        } => json!({
            "status": status.as_u16(),
            "code": code,
            "reason": reason,
            "requestId": request_id,
        }),
        Error::InvalidRequest { field, message } => {
            json!({"field": field, "message": message, "sent": false})
        }
        Error::Timeout(_) if operation.is_post() => may_have_been_applied("timeout"),
        Error::Connection(source) if operation.is_post() && !source.is_connect() => {
            may_have_been_applied("connection")
        }
        Error::Timeout(_) => json!({"error": "timeout", "message": error.to_string()}),
        Error::Connection(_) => json!({"error": "connection", "message": error.to_string()}),
        // The request was sent: a reply came back that the document does not describe.
        other @ (Error::UnexpectedResponse { .. } | Error::Redirect { .. }) => json!({
            "error": "unexpected",
            "status": other.status().map(|status| status.as_u16()),
            "message": other.to_string(),
            "sent": true,
        }),
        other => json!({
            "error": "unexpected",
            "status": other.status().map(|status| status.as_u16()),
            "message": other.to_string(),
        }),
    };
    text_error(&body)
}

/// The `instructions`: the effective server, and the rules a model gets wrong otherwise.
fn instructions(base_url: &str, target: &Target, read_only: bool, catalog: &Catalog) -> String {
    let server = match target {
        Target::Api => format!("Calls go to the BlueTape integration API at {base_url}."),
        Target::InProcessMock => format!(
            "Calls go to a local BlueTape mock at {base_url} (started by --mock: offline, no real \
             data, forgotten when this server stops)."
        ),
    };
    let names: Vec<&str> = catalog.tools().map(|tool| tool.name.as_ref()).collect();
    let tools = if read_only {
        format!(
            "Read-only: only these tools are served: {}.",
            names.join(", ")
        )
    } else {
        format!(
            "Tools: {}. Onboarding order: create_company (optionally with its one customer), \
             create_customer, link_company_customer, update_customer, get_customer_signup.",
            names.join(", ")
        )
    };
    format!(
        "{server} {tools} Ids are the integrating system's own. Amounts are exact decimals \
         written as strings (\"888.33\"), never JSON numbers. A failed call answers isError with \
         {{status, code, reason, requestId}} from the API, or {{field, message}} for arguments \
         refused before sending."
    )
}

impl ServerHandler for BlueTapeMcp {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(
                Implementation::new(env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION"))
                    .with_title("BlueTape integration API"),
            )
            .with_instructions(self.instructions.clone())
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(self.tools()))
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        self.catalog.get(name).map(|entry| entry.tool.clone())
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let name: Cow<'_, str> = request.name;
        self.call(&name, request.arguments).await.map(Into::into)
    }
}
