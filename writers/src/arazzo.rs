//! The API's workflows as an [Arazzo](https://spec.openapis.org/arazzo/latest.html) 1.0.1
//! document (`openapi/bluetape.arazzo.yaml`): onboarding a company with its customer, onboarding
//! step by step, and what the API refuses. A runner (Redocly's `respect`) executes them against a
//! server and checks each reply against the OpenAPI document.
//!
//! Derived from the same facts as the document's `links` (`bluetape_model::workflows`): a step that
//! follows a create takes the `id` the create sent (`$request.body#/id`), and every step's success
//! criteria are read from the document (the documented status, the fields its reply schema
//! requires). Bodies are the model's examples, with fresh ids from the runner (`$faker`), so that
//! the same server can run the workflows again. Credentials are workflow inputs, never values.

use serde_json::{Map, Value, json};

use crate::workflow_steps::{
    Slot, Source, Step, Workflow, WorkflowError, expected_reply, workflows,
};
pub use bluetape_model::workflows::{
    ARAZZO_VERSION, About, FILE_NAME, ONBOARD_STEP_BY_STEP, ONBOARD_WITH_CUSTOMER,
    WHAT_THE_API_REFUSES, WORKFLOWS,
};
use bluetape_model::{ACCOUNT_ID_HEADER, API_KEY_HEADER};

/// The name of the OpenAPI source the steps' operations come from (a runner points it at a server
/// with `-S bluetape=<URL>`).
pub const SOURCE_NAME: &str = "bluetape";
/// The OpenAPI document the workflows run against, relative to [`FILE_NAME`].
pub const SOURCE_URL: &str = "./bluetape.openapi.json";

/// A fresh identifier per run, drawn by the runner.
const FRESH_ID: &str = "{$faker.string.uuid()}";

/// A slot as an Arazzo runtime expression.
fn expression(slot: Slot) -> String {
    match slot {
        Slot::Fresh(_) => FRESH_ID.to_owned(),
        Slot::HandedOn { step, name } => format!("$steps.{step}.outputs.{name}"),
    }
}

/// The Arazzo document of the API's workflows, whose steps run against `openapi_3_1` (the API's
/// OpenAPI 3.1 document): each step's success criteria are its documented status and the fields
/// that status's reply schema requires.
///
/// # Errors
///
/// [`WorkflowError`] when a step names an operation or status the document lacks.
pub fn document(openapi_3_1: &Value) -> Result<Value, WorkflowError> {
    let version = openapi_3_1["info"]["version"].as_str().unwrap_or("0.0.0");
    let workflows = workflows()?
        .iter()
        .map(|workflow| workflow_json(workflow, openapi_3_1))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(json!({
        "arazzo": ARAZZO_VERSION,
        "info": {
            "title": "BlueTape integration API workflows",
            "summary": "The API's onboarding flows, runnable against the mock or production.",
            "description": "Create a company with its customer, or step by step (company, \
                customer, link, update, sign-up URL), and what the API refuses. Run them with \
                Redocly CLI: `redocly respect openapi/bluetape.arazzo.yaml --input \
                apiKey=$BLUETAPE_API_KEY --input accountId=$BLUETAPE_ACCOUNT_ID -S \
                bluetape=<base URL>`. Ids are fresh on every run.",
            "version": version,
        },
        "sourceDescriptions": [{"name": SOURCE_NAME, "url": SOURCE_URL, "type": "openapi"}],
        "workflows": workflows,
    }))
}

fn workflow_json(workflow: &Workflow, openapi: &Value) -> Result<Value, WorkflowError> {
    let steps = workflow.each_step(|step| step_json(step, openapi))?;
    let outputs: Map<String, Value> = workflow
        .outputs
        .iter()
        .map(|(name, slot)| ((*name).to_owned(), Value::String(expression(*slot))))
        .collect();
    Ok(json!({
        "workflowId": workflow.about.id,
        "summary": workflow.about.summary,
        "description": workflow.about.description,
        "inputs": {
            "type": "object",
            "required": ["apiKey", "accountId"],
            "properties": {
                "apiKey": {"type": "string", "description": format!("The API key, sent as `{API_KEY_HEADER}`.")},
                "accountId": {"type": "string", "description": format!("The integration account id, sent as `{ACCOUNT_ID_HEADER}`.")},
            },
        },
        "steps": steps,
        "outputs": outputs,
    }))
}

fn step_json(step: &Step, openapi: &Value) -> Result<Value, WorkflowError> {
    let (_, required) = expected_reply(openapi, step)?;
    let mut parameters = vec![
        json!({"name": API_KEY_HEADER, "in": "header", "value": "$inputs.apiKey"}),
        json!({"name": ACCOUNT_ID_HEADER, "in": "header", "value": "$inputs.accountId"}),
    ];
    if let Some(id) = step.path_id {
        parameters.push(json!({"name": "id", "in": "path", "value": expression(id)}));
    }
    let mut criteria = vec![json!({"condition": format!("$statusCode == {}", step.status)})];
    if let Some(error) = step.refusal {
        criteria.push(json!({
            "condition": format!("$response.body#/code == '{}'", error.body().code)
        }));
    }
    for field in required {
        criteria.push(json!({"condition": format!("$response.body#/{field} != null")}));
    }
    let mut json = json!({
        "stepId": step.id,
        "description": step.description,
        "operationId": step.operation_id,
        "parameters": parameters,
        "successCriteria": criteria,
    });
    if let Some(body) = step.filled_body(expression)? {
        json["requestBody"] = json!({"contentType": "application/json", "payload": body});
    }
    if !step.outputs.is_empty() {
        let outputs: Map<String, Value> = step
            .outputs
            .iter()
            .map(|output| {
                let expression = match output.source {
                    Source::Sent(pointer) => format!("$request.body#{pointer}"),
                    Source::Received(pointer) => format!("$response.body#{pointer}"),
                };
                (output.name.to_owned(), Value::String(expression))
            })
            .collect();
        json["outputs"] = Value::Object(outputs);
    }
    Ok(json)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::document as openapi;
    use bluetape_model::render::Version;
    use bluetape_model::workflows::CREATED_ID;

    fn arazzo() -> Value {
        document(&openapi(Version::V3_1).unwrap()).unwrap()
    }

    /// Every step names an operation of the document and expects a status it documents; every
    /// step's later use of an id is an output of an earlier step.
    #[test]
    fn every_step_runs_a_documented_operation_with_ids_handed_on() {
        let arazzo = arazzo();
        for workflow in arazzo["workflows"].as_array().unwrap() {
            let mut handed_on: Vec<String> = Vec::new();
            for step in workflow["steps"].as_array().unwrap() {
                let text = step.to_string();
                for used in text.split("$steps.").skip(1) {
                    let reference: String = used
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '.')
                        .collect();
                    assert!(handed_on.contains(&reference), "{reference} in {text}");
                }
                let id = step["stepId"].as_str().unwrap();
                for name in step["outputs"]
                    .as_object()
                    .into_iter()
                    .flat_map(|o| o.keys())
                {
                    handed_on.push(format!("{id}.outputs.{name}"));
                }
            }
        }
    }

    /// The creates hand on the id they sent with the same expression as the document's links.
    #[test]
    fn a_create_hands_on_the_id_its_links_name() {
        let arazzo = arazzo();
        let first = &arazzo["workflows"][1]["steps"][0];
        assert_eq!(first["operationId"], "createCompany");
        assert_eq!(first["outputs"]["companyId"], CREATED_ID);
        let links = openapi(Version::V3_1).unwrap();
        let link = &links["paths"]["/integration/company"]["post"]["responses"]["201"]["links"]["LinkCustomer"]
            ["parameters"]["id"];
        assert_eq!(link, CREATED_ID);
    }

    /// Credentials are inputs; no value of them is in the document.
    #[test]
    fn credentials_are_inputs_only() {
        let text = arazzo().to_string();
        assert!(text.contains("$inputs.apiKey") && text.contains("$inputs.accountId"));
        assert!(!text.contains("mock-api-key") && !text.contains("mock-account-id"));
    }

    /// The document's workflows are those it names, in order.
    #[test]
    fn the_workflows_are_those_named() {
        let arazzo = arazzo();
        let ids: Vec<&str> = arazzo["workflows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|workflow| workflow["workflowId"].as_str().unwrap())
            .collect();
        assert_eq!(ids, WORKFLOWS.map(|about| about.id));
        let openapi = openapi(Version::V3_1).unwrap();
        let description = openapi["info"]["description"].as_str().unwrap();
        assert!(
            description.contains(&format!("]({FILE_NAME})")),
            "{description}"
        );
        for about in WORKFLOWS {
            assert!(description.contains(about.summary), "{description}");
        }
    }

    #[test]
    fn a_refusal_checks_its_documented_code() {
        let arazzo = arazzo();
        let step = &arazzo["workflows"][2]["steps"][2];
        assert_eq!(
            step["successCriteria"][0]["condition"],
            "$statusCode == 400"
        );
        assert_eq!(
            step["successCriteria"][1]["condition"],
            "$response.body#/code == 'company_can_have_only_one_customer'"
        );
    }
}
