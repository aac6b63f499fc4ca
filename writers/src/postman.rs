//! The API as a [Postman collection](https://schema.postman.com/) (v2.1,
//! `openapi/bluetape.postman_collection.json`) that runs as it is: "Run collection" in Postman, or
//! `newman run` on the command line.
//!
//! Postman's own OpenAPI import applies one `apiKey` scheme of a security requirement and drops the
//! other, so every call it makes answers 401. This collection is written from the workflows' steps
//! instead ([`crate::workflow_steps`]): one folder per workflow, both credentials set on every
//! request by the collection's script from the variables `apiKey` and `accountId` (never a value in
//! the file), fresh ids drawn per run and handed on by the requests' scripts, and tests of the
//! documented status and the fields each reply requires.

use serde_json::{Value, json};

use crate::workflow_steps::{
    LoneRequest, Slot, Source, Step, Workflow, WorkflowError, expected_reply, lone_requests,
    operation, workflows_named,
};
use bluetape_model::render::GENERATED_MARKER;
use bluetape_model::workflows::{ONBOARD_STEP_BY_STEP, WHAT_THE_API_REFUSES};
use bluetape_model::{ACCOUNT_ID_HEADER, API_KEY_HEADER, PRODUCTION_URL};

/// The collection's file, beside the OpenAPI documents in `openapi/`.
pub const FILE_NAME: &str = "bluetape.postman_collection.json";
/// The collection format's schema.
const SCHEMA: &str = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";

/// The variable holding the base URL (production unless set).
pub const BASE_URL_VARIABLE: &str = "baseUrl";
/// The variable holding the API key, sent as `X-BlueTape-Key`.
pub const API_KEY_VARIABLE: &str = "apiKey";
/// The variable holding the integration account id, sent as `X-Integration-AccountId`.
pub const ACCOUNT_ID_VARIABLE: &str = "accountId";

/// The workflows the collection runs, one folder each: the five operations in onboarding order,
/// then the refusals.
pub const FOLDERS: [bluetape_model::workflows::About; 2] =
    [ONBOARD_STEP_BY_STEP, WHAT_THE_API_REFUSES];

/// The collection, written from the workflows' steps and `openapi_3_1` (the API's OpenAPI 3.1
/// document: descriptions, statuses, required fields, examples).
///
/// # Errors
///
/// [`WorkflowError`] when a step names an operation or status the document lacks.
pub fn collection(openapi_3_1: &Value) -> Result<Value, WorkflowError> {
    let mut folders = workflows_named(&FOLDERS)?
        .iter()
        .map(|workflow| folder(workflow, openapi_3_1))
        .collect::<Result<Vec<_>, _>>()?;
    let lone = lone_requests(openapi_3_1, &FOLDERS)?;
    if !lone.is_empty() {
        folders.push(json!({
            "name": LONE_FOLDER,
            "description": LONE_DESCRIPTION,
            "item": lone.iter().map(lone_item).collect::<Result<Vec<_>, _>>()?,
        }));
    }
    let version = openapi_3_1["info"]["version"].as_str().unwrap_or("0.0.0");
    Ok(json!({
        "info": {
            "name": "BlueTape integration API",
            "description": format!(
                "{GENERATED_MARKER}\n\n\
                 The BlueTape integration API {version}, runnable as it is: set `{API_KEY_VARIABLE}` \
                 and `{ACCOUNT_ID_VARIABLE}` (collection variables, or an environment's), and \
                 `{BASE_URL_VARIABLE}` to run against another server than production (a local \
                 `bluetape-mock`: `http://127.0.0.1:8080`), then *Run collection*. The collection's \
                 script sends both credentials, `{API_KEY_HEADER}` and `{ACCOUNT_ID_HEADER}`, on every \
                 request. Each run draws fresh ids, so it runs again on the same server; each request \
                 tests its documented status and the fields its reply requires.\n\n\
                 The first folder onboards a company and its customer step by step (company, \
                 customer, link, update, sign-up URL); the second provokes the API's refusals \
                 (409 for a duplicate, 400 for two customers, 404 for an unknown customer) and checks \
                 their documented `code` and `reason`. Note that against production the first \
                 folder creates a company and a customer."
            ),
            "schema": SCHEMA,
        },
        "item": folders,
        "event": [event("prerequest", &credentials_script())],
        "variable": [
            variable(BASE_URL_VARIABLE, PRODUCTION_URL, "The API's base URL: production, or a local bluetape-mock (http://127.0.0.1:8080)."),
            variable(API_KEY_VARIABLE, "", &format!("Your API key, sent as {API_KEY_HEADER}. Set it here or in an environment; never commit it.")),
            variable(ACCOUNT_ID_VARIABLE, "", &format!("Your integration account id, sent as {ACCOUNT_ID_HEADER}.")),
        ],
    }))
}

/// The folder of the operations that no workflow calls, when there are any.
pub const LONE_FOLDER: &str = "Every other operation";
/// What that folder holds.
pub const LONE_DESCRIPTION: &str = "The operations that no workflow calls, one request each, with \
    the documented examples as the body and path ids; each tests its documented success status and \
    the fields its reply requires.";

/// The request of an operation that no workflow calls.
fn lone_item(lone: &LoneRequest<'_>) -> Result<Value, WorkflowError> {
    let segments: Vec<&str> = lone.path.trim_start_matches('/').split('/').collect();
    let mut request = json!({
        "method": lone.method.to_uppercase(),
        "header": [],
        "url": {
            "raw": format!("{{{{{BASE_URL_VARIABLE}}}}}{}", lone.path),
            "host": [format!("{{{{{BASE_URL_VARIABLE}}}}}")],
            "path": segments,
        },
        "description": lone.description,
    });
    if let Some(body) = &lone.body {
        request["header"] = json!([{"key": "Content-Type", "value": "application/json"}]);
        request["body"] = json!({
            "mode": "raw",
            "raw": pretty(body)?,
            "options": {"raw": {"language": "json"}},
        });
    }
    let name = lone.summary;
    let expected = lone.expected_statuses();
    let mut tests = vec![format!(
        "pm.test(\"{name}: answers {expected}\", function () {{ pm.expect(pm.response.code).to.be.oneOf({list}); }});",
        list = json!(lone.statuses),
    )];
    for field in &lone.required {
        tests.push(format!(
            "pm.test(\"{name}: the reply has {field}\", function () {{ pm.expect(pm.response.json()).to.have.property({field:?}); }});"
        ));
    }
    Ok(json!({
        "name": name,
        "event": [event("test", &tests)],
        "request": request,
    }))
}

fn variable(key: &str, value: &str, description: &str) -> Value {
    json!({"key": key, "value": value, "type": "string", "description": description})
}

fn event(listen: &str, lines: &[String]) -> Value {
    json!({"listen": listen, "script": {"type": "text/javascript", "exec": lines}})
}

/// The collection's pre-request script: both credentials on every request, from the variables
/// (whichever scope sets them: environment, collection, `newman --env-var`).
fn credentials_script() -> Vec<String> {
    let mut lines = vec![
        "// Both credentials on every request, from the variables (never stored here).".into(),
    ];
    for (header, variable) in [
        (API_KEY_HEADER, API_KEY_VARIABLE),
        (ACCOUNT_ID_HEADER, ACCOUNT_ID_VARIABLE),
    ] {
        lines.push(format!(
            "pm.request.headers.upsert({{ key: {header:?}, value: pm.variables.get({variable:?}) || \"\" }});"
        ));
    }
    lines
}

fn folder(workflow: &Workflow, openapi: &Value) -> Result<Value, WorkflowError> {
    let items = workflow.each_step(|step| request_item(step, openapi))?;
    Ok(json!({
        "name": workflow.about.summary,
        "description": workflow.about.description,
        "item": items,
    }))
}

/// A JSON pointer as a JavaScript property path: `/customers/0/id` → `["customers"][0]["id"]`.
pub(crate) fn property_path(pointer: &str) -> String {
    pointer
        .split('/')
        .skip(1)
        .map(|segment| match segment.parse::<usize>() {
            Ok(index) => format!("[{index}]"),
            Err(_) => format!("[{segment:?}]"),
        })
        .collect()
}

fn request_item(step: &Step, openapi: &Value) -> Result<Value, WorkflowError> {
    let (method, path, operation) = operation(openapi, step.operation_id)?;
    let (statuses, required) = expected_reply(openapi, step)?;
    let name = step.description.trim_end_matches('.');

    let mut prerequest = Vec::new();
    for fresh in step.fresh_names() {
        prerequest.push(format!(
            "pm.collectionVariables.set({fresh:?}, pm.variables.replaceIn(\"{{{{$guid}}}}\")); // fresh per run"
        ));
    }

    let mut tests = vec![format!(
        "pm.test(\"{name}: answers {statuses}\", function () {{ pm.expect(pm.response.code).to.be.oneOf({list}); }});",
        statuses = statuses
            .iter()
            .map(u16::to_string)
            .collect::<Vec<_>>()
            .join(" or "),
        list = json!(statuses),
    )];
    for field in &required {
        tests.push(format!(
            "pm.test(\"{name}: the reply has {field}\", function () {{ pm.expect(pm.response.json()).to.have.property({field:?}); }});"
        ));
    }
    if let Some(error) = step.refusal {
        let code = error.body().code;
        tests.push(format!(
            "pm.test(\"{name}: the reply's code is {code}\", function () {{ pm.expect(pm.response.json().code).to.eql({code:?}); }});"
        ));
    }
    for output in &step.outputs {
        if let Source::Received(pointer) = output.source {
            tests.push(format!(
                "if (pm.response.code < 300) {{ pm.collectionVariables.set({:?}, pm.response.json(){}); }}",
                output.name,
                property_path(pointer)
            ));
        }
    }

    let segments: Vec<String> = path
        .trim_start_matches('/')
        .split('/')
        .map(|segment| match segment {
            "{id}" => ":id".to_owned(),
            other => other.to_owned(),
        })
        .collect();
    let mut url = json!({
        "raw": format!("{{{{{BASE_URL_VARIABLE}}}}}/{}", segments.join("/")),
        "host": [format!("{{{{{BASE_URL_VARIABLE}}}}}")],
        "path": segments,
    });
    if let Some(id) = step.path_id {
        let description = operation["parameters"][0]["description"]
            .as_str()
            .unwrap_or_default();
        url["variable"] =
            json!([{"key": "id", "value": id.variable_reference(), "description": description}]);
    }
    let mut request = json!({
        "method": method.to_uppercase(),
        "header": [],
        "url": url,
        "description": operation["description"],
    });
    if let Some(body) = step.filled_body(Slot::variable_reference)? {
        request["header"] = json!([{"key": "Content-Type", "value": "application/json"}]);
        request["body"] = json!({
            "mode": "raw",
            "raw": pretty(&body)?,
            "options": {"raw": {"language": "json"}},
        });
    }
    let mut events = Vec::new();
    if !prerequest.is_empty() {
        events.push(event("prerequest", &prerequest));
    }
    events.push(event("test", &tests));

    let example =
        &operation["responses"][step.status.to_string()]["content"]["application/json"]["example"];
    let mut item = json!({
        "name": name,
        "event": events,
        "request": request,
    });
    if !example.is_null() {
        item["response"] = json!([{
            "name": format!("{} (the documented example)", step.status),
            "originalRequest": item["request"].clone(),
            "code": step.status,
            "status": reason_phrase(step.status),
            "header": [{"key": "Content-Type", "value": "application/json"}],
            "_postman_previewlanguage": "json",
            "body": pretty(example)?,
        }]);
    }
    Ok(item)
}

fn pretty(value: &Value) -> Result<String, WorkflowError> {
    serde_json::to_string_pretty(value)
        .map_err(|error| WorkflowError(format!("a body as JSON: {error}")))
}

fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        409 => "Conflict",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::document;
    use bluetape_model::render::Version;

    fn collection() -> Value {
        super::collection(&document(Version::V3_1).unwrap()).unwrap()
    }

    /// Both credentials come from variables on every request; no value of them is in the file.
    #[test]
    fn credentials_are_variables_only() {
        let collection = collection();
        let script = collection["event"][0]["script"]["exec"].to_string();
        assert!(script.contains(API_KEY_HEADER) && script.contains(ACCOUNT_ID_HEADER));
        let text = collection.to_string();
        assert!(!text.contains("mock-api-key") && !text.contains("mock-account-id"));
        let keys: Vec<&str> = collection["variable"]
            .as_array()
            .unwrap()
            .iter()
            .map(|variable| variable["key"].as_str().unwrap())
            .collect();
        assert_eq!(keys, ["baseUrl", "apiKey", "accountId"]);
    }

    /// The first folder runs the five operations in onboarding order; each request's
    /// description is its operation's.
    #[test]
    fn the_first_folder_runs_the_five_operations() {
        let collection = collection();
        let openapi = document(Version::V3_1).unwrap();
        let requests = collection["item"][0]["item"].as_array().unwrap();
        let methods: Vec<String> = requests
            .iter()
            .map(|item| {
                format!(
                    "{} {}",
                    item["request"]["method"].as_str().unwrap(),
                    item["request"]["url"]["raw"].as_str().unwrap()
                )
            })
            .collect();
        assert_eq!(
            methods,
            [
                "POST {{baseUrl}}/integration/company",
                "POST {{baseUrl}}/integration/customer",
                "POST {{baseUrl}}/integration/company/:id/customer",
                "PUT {{baseUrl}}/integration/customer/:id",
                "GET {{baseUrl}}/integration/customer/:id/signup",
            ]
        );
        let (_, _, create) = operation(&openapi, "createCompany").unwrap();
        assert_eq!(requests[0]["request"]["description"], create["description"]);
    }

    /// A create draws its id per run and the next request takes it.
    #[test]
    fn ids_are_fresh_and_handed_on() {
        let collection = collection();
        let requests = collection["item"][0]["item"].as_array().unwrap();
        let first = requests[0]["event"][0]["script"]["exec"].to_string();
        assert!(
            first.contains("pm.collectionVariables.set(\\\"companyId\\\""),
            "{first}"
        );
        assert!(
            requests[0]["request"]["body"]["raw"]
                .as_str()
                .unwrap()
                .contains("\"id\": \"{{companyId}}\"")
        );
        assert_eq!(
            requests[2]["request"]["url"]["variable"][0]["value"],
            "{{companyId}}"
        );
    }

    /// An operation that no workflow calls gets a request of its own, in a folder of its own.
    #[test]
    fn an_operation_no_workflow_calls_has_its_own_request() {
        let mut openapi = document(Version::V3_1).unwrap();
        openapi["paths"]["/integration/company/{id}/probe"] = json!({"get": {
            "operationId": "getCompanyProbe",
            "summary": "Probe a company",
            "parameters": [{"name": "id", "in": "path", "example": "a0b9cedc32ce"}],
            "responses": {"200": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/BlueTapeIntegrationResult"}}}}},
        }});
        let collection = super::collection(&openapi).unwrap();
        let folder = &collection["item"][FOLDERS.len()];
        assert_eq!(folder["name"], LONE_FOLDER);
        let item = folder["item"]
            .as_array()
            .unwrap()
            .iter()
            .find(|item| item["name"] == "Probe a company")
            .unwrap();
        let request = &item["request"];
        assert_eq!(request["method"], "GET");
        assert_eq!(
            request["url"]["raw"],
            "{{baseUrl}}/integration/company/a0b9cedc32ce/probe"
        );
        let tests = item["event"][0]["script"]["exec"].to_string();
        assert!(
            tests.contains("[200]") && tests.contains("blueTapeId"),
            "{tests}"
        );
    }

    #[test]
    fn a_pointer_is_a_property_path() {
        assert_eq!(
            property_path("/customers/0/id"),
            "[\"customers\"][0][\"id\"]"
        );
    }
}
