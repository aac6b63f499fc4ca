//! The API as an `.http` file (`openapi/bluetape.http`), the format of JetBrains' HTTP Client
//! and of httpyac (VS Code and the command line), with its environments
//! (`openapi/http-client.env.json`).
//!
//! Written from the workflows' steps ([`crate::workflow_steps`]), as the Postman collection is:
//! the same requests in the same order, fresh ids drawn by a pre-request script and handed on as
//! global variables, and a response handler that tests the documented status and the fields the
//! reply requires. The file reads `baseUrl`, `apiKey` and `accountId` and defines none of them:
//! an environment (`--env mock`) or `--var` sets them.

use std::fmt::Write as _;

use serde_json::{Map, Value, json};

use crate::postman::{
    ACCOUNT_ID_VARIABLE, API_KEY_VARIABLE, BASE_URL_VARIABLE, FOLDERS, LONE_DESCRIPTION,
    LONE_FOLDER, property_path,
};
use crate::workflow_steps::{
    LoneRequest, Slot, Source, Step, WorkflowError, expected_reply, lone_requests, operation,
    workflows_named,
};
use bluetape_model::render::GENERATED_MARKER;
use bluetape_model::{ACCOUNT_ID_HEADER, API_KEY_HEADER, PRODUCTION_URL};

/// The `.http` file, beside the OpenAPI documents in `openapi/`.
pub const FILE_NAME: &str = "bluetape.http";
/// Its environments, beside it (the name JetBrains' HTTP Client and httpyac look for).
pub const ENVIRONMENTS_FILE_NAME: &str = "http-client.env.json";
/// The environment with a local mock's URL and credentials.
pub const MOCK_ENVIRONMENT: &str = "mock";
/// The environment with production's URL (credentials go in the private environment file).
pub const PRODUCTION_ENVIRONMENT: &str = "production";

/// The `.http` file, from the workflows' steps and `openapi_3_1`.
///
/// # Errors
///
/// [`WorkflowError`] when a step names an operation or status the document lacks.
pub fn file(openapi_3_1: &Value) -> Result<String, WorkflowError> {
    let mut text = format!(
        "# {GENERATED_MARKER}\n\
         #\n\
         # The BlueTape integration API from your editor: JetBrains' HTTP Client, or httpyac (VS Code\n\
         # extension, or `httpyac send {FILE_NAME} --all --env {MOCK_ENVIRONMENT}`). Every request reads\n\
         # {{{{{BASE_URL_VARIABLE}}}}}, {{{{{API_KEY_VARIABLE}}}}} and {{{{{ACCOUNT_ID_VARIABLE}}}}} from an environment of\n\
         # {ENVIRONMENTS_FILE_NAME} (`{MOCK_ENVIRONMENT}`: a local bluetape-mock; `{PRODUCTION_ENVIRONMENT}`: put your\n\
         # credentials in http-client.private.env.json) or from `--var`. Fresh ids are drawn on\n\
         # every run, so the file runs again on the same server; against production the first\n\
         # requests create a company and a customer.\n"
    );
    for workflow in workflows_named(&FOLDERS)? {
        let _ = write!(
            text,
            "\n# ---------------------------------------------------------------------------\n\
             # {}: {}\n",
            workflow.about.summary, workflow.about.description
        );
        for step in &workflow.steps {
            text.push_str(&request(step, openapi_3_1)?);
        }
    }
    let lone = lone_requests(openapi_3_1, &FOLDERS)?;
    if !lone.is_empty() {
        let _ = write!(
            text,
            "\n# ---------------------------------------------------------------------------\n\
             # {LONE_FOLDER}: {LONE_DESCRIPTION}\n"
        );
        for request in &lone {
            text.push_str(&lone_request(request)?);
        }
    }
    Ok(text)
}

/// The request of an operation that no workflow calls.
fn lone_request(lone: &LoneRequest<'_>) -> Result<String, WorkflowError> {
    let name = lone.summary;
    let mut text = format!(
        "\n### {name}\n# @name {}\n{} {{{{{BASE_URL_VARIABLE}}}}}{}\n",
        lone.operation_id,
        lone.method.to_uppercase(),
        lone.path
    );
    if lone.body.is_some() {
        text.push_str("Content-Type: application/json\n");
    }
    let _ = writeln!(text, "{API_KEY_HEADER}: {{{{{API_KEY_VARIABLE}}}}}");
    let _ = writeln!(text, "{ACCOUNT_ID_HEADER}: {{{{{ACCOUNT_ID_VARIABLE}}}}}");
    if let Some(body) = &lone.body {
        let json = serde_json::to_string_pretty(body)
            .map_err(|error| WorkflowError(format!("a body as JSON: {error}")))?;
        let _ = write!(text, "\n{json}\n");
    }
    let expected = lone.expected_statuses();
    text.push_str("\n> {%\n");
    let _ = writeln!(
        text,
        "    client.test(\"{name}: answers {expected}\", function () {{\n        \
         client.assert({list}.includes(response.status), \"expected {expected}, got \" + response.status);\n    }});",
        list = json!(lone.statuses),
    );
    for field in &lone.required {
        let _ = writeln!(
            text,
            "    client.test(\"{name}: the reply has {field}\", function () {{\n        \
             client.assert(response.body[{field:?}] !== undefined, \"no {field} in \" + JSON.stringify(response.body));\n    }});"
        );
    }
    text.push_str("%}\n");
    Ok(text)
}

fn request(step: &Step, openapi: &Value) -> Result<String, WorkflowError> {
    let (method, path, _) = operation(openapi, step.operation_id)?;
    let (statuses, required) = expected_reply(openapi, step)?;
    let name = step.description.trim_end_matches('.');
    let mut text = format!("\n### {name}\n# @name {}\n", step.id);
    let fresh = step.fresh_names();
    if !fresh.is_empty() {
        text.push_str("< {%\n");
        for name in fresh {
            let _ = writeln!(text, "    client.global.set({name:?}, $random.uuid);");
        }
        text.push_str("%}\n");
    }
    let path = match step.path_id {
        Some(id) => path.replace("{id}", &id.variable_reference()),
        None => path.to_owned(),
    };
    let _ = writeln!(
        text,
        "{} {{{{{BASE_URL_VARIABLE}}}}}{path}",
        method.to_uppercase()
    );
    let body = step.filled_body(Slot::variable_reference)?;
    if body.is_some() {
        text.push_str("Content-Type: application/json\n");
    }
    let _ = writeln!(text, "{API_KEY_HEADER}: {{{{{API_KEY_VARIABLE}}}}}");
    let _ = writeln!(text, "{ACCOUNT_ID_HEADER}: {{{{{ACCOUNT_ID_VARIABLE}}}}}");
    if let Some(body) = body {
        let json = serde_json::to_string_pretty(&body)
            .map_err(|error| WorkflowError(format!("a body as JSON: {error}")))?;
        let _ = write!(text, "\n{json}\n");
    }

    text.push_str("\n> {%\n");
    let expected = statuses
        .iter()
        .map(u16::to_string)
        .collect::<Vec<_>>()
        .join(" or ");
    let _ = writeln!(
        text,
        "    client.test(\"{name}: answers {expected}\", function () {{\n        \
         client.assert({list}.includes(response.status), \"expected {expected}, got \" + response.status);\n    }});",
        list = json!(statuses),
    );
    for field in &required {
        let _ = writeln!(
            text,
            "    client.test(\"{name}: the reply has {field}\", function () {{\n        \
             client.assert(response.body[{field:?}] !== undefined, \"no {field} in \" + JSON.stringify(response.body));\n    }});"
        );
    }
    if let Some(error) = step.refusal {
        let code = error.body().code;
        let _ = writeln!(
            text,
            "    client.test(\"{name}: the reply's code is {code}\", function () {{\n        \
             client.assert(response.body.code === {code:?}, \"code \" + response.body.code);\n    }});"
        );
    }
    for output in &step.outputs {
        if let Source::Received(pointer) = output.source {
            let _ = writeln!(
                text,
                "    if (response.status < 300) {{\n        client.global.set({:?}, response.body{});\n    }}",
                output.name,
                property_path(pointer)
            );
        }
    }
    text.push_str("%}\n");
    Ok(text)
}

/// The environments file: `mock` (the mock's URL from the document's servers, and the mock's
/// credentials, `mock_api_key` and `mock_account_id`) and `production` (its URL only), with the
/// `@generated` marker as a shared variable (JSON has no comments; `$shared` is the file's one
/// place that is not an environment).
///
/// # Errors
///
/// [`WorkflowError`] when the document names no local server.
pub fn environments(
    openapi_3_1: &Value,
    mock_api_key: &str,
    mock_account_id: &str,
) -> Result<String, WorkflowError> {
    let mock_url = local_server_url(openapi_3_1)?;
    let mut environments = Map::new();
    environments.insert("$shared".into(), json!({"generated": GENERATED_MARKER}));
    environments.insert(
        MOCK_ENVIRONMENT.into(),
        json!({
            BASE_URL_VARIABLE: mock_url,
            API_KEY_VARIABLE: mock_api_key,
            ACCOUNT_ID_VARIABLE: mock_account_id,
        }),
    );
    environments.insert(
        PRODUCTION_ENVIRONMENT.into(),
        json!({ BASE_URL_VARIABLE: PRODUCTION_URL }),
    );
    let mut text = serde_json::to_string_pretty(&Value::Object(environments))
        .map_err(|error| WorkflowError(format!("the environments as JSON: {error}")))?;
    text.push('\n');
    Ok(text)
}

/// The document's local server (`http://127.0.0.1:{port}`) with its variables' defaults.
///
/// # Errors
///
/// [`WorkflowError`] when the document names no local server.
pub fn local_server_url(openapi: &Value) -> Result<String, WorkflowError> {
    let server = openapi["servers"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|server| {
            server["url"]
                .as_str()
                .is_some_and(|url| url.starts_with("http://127.0.0.1"))
        })
        .ok_or_else(|| WorkflowError("the document names no local server".into()))?;
    let mut url = server["url"].as_str().unwrap_or_default().to_owned();
    for (name, variable) in server["variables"].as_object().into_iter().flatten() {
        let default = variable["default"].as_str().unwrap_or_default();
        url = url.replace(&format!("{{{name}}}"), default);
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::document;
    use bluetape_model::render::Version;

    /// The file defines none of its three variables, so that `--env` and `--var` set them.
    #[test]
    fn the_file_reads_its_variables_and_defines_none() {
        let text = file(&document(Version::V3_1).unwrap()).unwrap();
        for variable in [BASE_URL_VARIABLE, API_KEY_VARIABLE, ACCOUNT_ID_VARIABLE] {
            assert!(text.contains(&format!("{{{{{variable}}}}}")), "{variable}");
            assert!(
                !text.contains(&format!("@{variable}")),
                "{variable} is defined in the file"
            );
            assert!(!text.contains(&format!("client.global.set(\"{variable}\"")));
        }
        assert!(!text.contains("mock-api-key"));
    }

    #[test]
    fn the_mock_environment_is_the_documents_local_server() {
        let text = environments(&document(Version::V3_1).unwrap(), "k", "a").unwrap();
        let environments: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(environments["mock"]["baseUrl"], "http://127.0.0.1:8080");
        assert_eq!(environments["mock"]["apiKey"], "k");
        assert_eq!(
            environments["production"],
            json!({"baseUrl": PRODUCTION_URL})
        );
    }
}
