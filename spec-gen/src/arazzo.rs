//! The API's workflows as an [Arazzo](https://spec.openapis.org/arazzo/latest.html) 1.0.1
//! document (`openapi/bluetape.arazzo.yaml`): onboarding a company with its customer, onboarding
//! step by step, and what the API refuses. A runner (Redocly's `respect`) executes them against a
//! server and checks each reply against the OpenAPI document.
//!
//! Derived from the same facts as the document's `links` ([`crate::workflows`]): a step that
//! follows a create takes the `id` the create sent ([`CREATED_ID`]), and every step's success
//! criteria are read from the document (the documented status, the fields its reply schema
//! requires). Bodies are the model's examples, with fresh ids from the runner (`$faker`), so that
//! the same server can run the workflows again. Credentials are workflow inputs, never values.

use serde_json::{Map, Value, json};

use crate::document::{ACCOUNT_ID_HEADER, API_KEY_HEADER};
use crate::workflows::CREATED_ID;
pub use crate::workflows::{
    ARAZZO_VERSION, About, FILE_NAME, ONBOARD_STEP_BY_STEP, ONBOARD_WITH_CUSTOMER,
    WHAT_THE_API_REFUSES, WORKFLOWS,
};
use crate::{Company, CompanyCustomer, Customer, CustomerLink, CustomerUpdate, DocumentedError};

/// The name of the OpenAPI source the steps' operations come from (a runner points it at a server
/// with `-S bluetape=<URL>`).
pub const SOURCE_NAME: &str = "bluetape";
/// The OpenAPI document the workflows run against, relative to [`FILE_NAME`].
pub const SOURCE_URL: &str = "./bluetape.openapi.json";

/// A fresh identifier per run, drawn by the runner.
const FRESH_ID: &str = "{$faker.string.uuid()}";

/// Why the document's workflows could not be derived.
#[derive(Debug, thiserror::Error)]
#[error("cannot derive the Arazzo workflows: {0}")]
pub struct ArazzoError(String);

/// One step: its id (unique in the whole document: Redocly's lint looks a step up by its id
/// alone), an operation, its parameters and body, the status it must answer, and what it hands
/// on.
struct Step {
    id: &'static str,
    description: &'static str,
    operation_id: &'static str,
    path_id: Option<String>,
    body: Option<Value>,
    status: u16,
    /// The error an expected refusal must carry (its `code`).
    refusal: Option<DocumentedError>,
    outputs: Vec<(&'static str, String)>,
}

impl Step {
    fn new(id: &'static str, operation_id: &'static str, description: &'static str) -> Self {
        Step {
            id,
            description,
            operation_id,
            path_id: None,
            body: None,
            status: 0,
            refusal: None,
            outputs: Vec::new(),
        }
    }

    fn path_id(mut self, value: String) -> Self {
        self.path_id = Some(value);
        self
    }

    fn body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    fn answers(mut self, status: u16) -> Self {
        self.status = status;
        self
    }

    fn refused_with(mut self, error: DocumentedError) -> Self {
        self.status = error.status();
        self.refusal = Some(error);
        self
    }

    /// Hands on the `id` this create sent, as the document's links do.
    fn hands_on_its_id(mut self, name: &'static str) -> Self {
        self.outputs.push((name, CREATED_ID.to_owned()));
        self
    }

    fn output(mut self, name: &'static str, expression: &str) -> Self {
        self.outputs.push((name, expression.to_owned()));
        self
    }
}

/// A workflow: its steps, and the outputs it gives its caller.
struct Workflow {
    about: About,
    steps: Vec<Step>,
    outputs: Vec<(&'static str, String)>,
}

/// `$steps.<step>.outputs.<name>`.
fn from_step(step: &str, name: &str) -> String {
    format!("$steps.{step}.outputs.{name}")
}

/// The model's example `value` as JSON, with `fields` set in it (a `null` removes the field).
fn example(value: impl serde::Serialize, fields: &[(&str, Value)]) -> Result<Value, ArazzoError> {
    let mut body =
        serde_json::to_value(value).map_err(|error| ArazzoError(format!("an example: {error}")))?;
    let Value::Object(object) = &mut body else {
        return Err(ArazzoError("an example is not a JSON object".into()));
    };
    for (name, value) in fields {
        if value.is_null() {
            object.remove(*name);
        } else {
            object.insert((*name).to_owned(), value.clone());
        }
    }
    Ok(body)
}

/// The step that ends an onboarding: the customer's sign-up URL, handed on as `signUpUrl`.
fn read_sign_up(id: &'static str, description: &'static str, customer: String) -> Step {
    Step::new(id, "getCustomerSignup", description)
        .path_id(customer)
        .answers(200)
        .output("signUpUrl", "$response.body#/signUpUrl")
}

/// The workflows, in the order an integrator meets them.
fn workflows() -> Result<Vec<Workflow>, ArazzoError> {
    let fresh = || Value::String(FRESH_ID.to_owned());
    let customer_of_company = || example(CompanyCustomer::example(), &[("id", fresh())]);
    let company_without_customers = || {
        let mut company = Company::example();
        company.customers = None;
        example(company, &[("id", fresh())])
    };
    let with_its_customer =
        Workflow {
            about: ONBOARD_WITH_CUSTOMER,
            steps: vec![
            Step::new(
                "createCompanyWithCustomer",
                "createCompany",
                "Create the company with its customer; the reply holds the customer's sign-up URL.",
            )
            .body(example(
                Company::example(),
                &[("id", fresh()), ("customers", json!([customer_of_company()?]))],
            )?)
            .answers(201)
            .hands_on_its_id("companyId")
            .output("customerId", "$request.body#/customers/0/id"),
            read_sign_up(
                "getNewCustomerSignup",
                "Read the new customer's sign-up URL.",
                from_step("createCompanyWithCustomer", "customerId"),
            ),
        ],
            outputs: vec![
                (
                    "companyId",
                    from_step("createCompanyWithCustomer", "companyId"),
                ),
                (
                    "customerId",
                    from_step("createCompanyWithCustomer", "customerId"),
                ),
                ("signUpUrl", from_step("getNewCustomerSignup", "signUpUrl")),
            ],
        };
    let step_by_step = Workflow {
        about: ONBOARD_STEP_BY_STEP,
        steps: vec![
            Step::new(
                "createCompany",
                "createCompany",
                "Create the company alone.",
            )
            .body(company_without_customers()?)
            .answers(201)
            .hands_on_its_id("companyId"),
            Step::new(
                "createCustomer",
                "createCustomer",
                "Create the customer alone.",
            )
            // The example names a company of the docs; the link step attaches it instead.
            .body(example(
                Customer::example(),
                &[("id", fresh()), ("companyId", Value::Null)],
            )?)
            .answers(201)
            .hands_on_its_id("customerId"),
            Step::new(
                "linkCompanyCustomer",
                "linkCompanyCustomer",
                "Attach the customer to the company.",
            )
            .path_id(from_step("createCompany", "companyId"))
            .body(example(
                CustomerLink::example(),
                &[(
                    "customerId",
                    Value::String(from_step("createCustomer", "customerId")),
                )],
            )?)
            // The published page says 200 in its example and 201 in its table: both are
            // documented; the mock answers 201.
            .answers(201),
            Step::new(
                "updateCustomer",
                "updateCustomer",
                "Update the customer's contact.",
            )
            .path_id(from_step("createCustomer", "customerId"))
            .body(example(CustomerUpdate::example(), &[])?)
            .answers(202),
            read_sign_up(
                "getCustomerSignup",
                "Read the customer's sign-up URL.",
                from_step("createCustomer", "customerId"),
            ),
        ],
        outputs: vec![
            ("companyId", from_step("createCompany", "companyId")),
            ("customerId", from_step("createCustomer", "customerId")),
            ("signUpUrl", from_step("getCustomerSignup", "signUpUrl")),
        ],
    };
    let refusals = Workflow {
        about: WHAT_THE_API_REFUSES,
        steps: vec![
            Step::new("createFirstCompany", "createCompany", "Create a company.")
                .body(company_without_customers()?)
                .answers(201)
                .hands_on_its_id("companyId"),
            Step::new(
                "createCompanyAgain",
                "createCompany",
                "Create a company with the same id: refused as a duplicate.",
            )
            .body(example(
                Company::example(),
                &[
                    (
                        "id",
                        Value::String(from_step("createFirstCompany", "companyId")),
                    ),
                    ("customers", json!([])),
                ],
            )?)
            .refused_with(DocumentedError::CompanyExists),
            Step::new(
                "createCompanyWithTwoCustomers",
                "createCompany",
                "Create a company with two customers: refused, a company has one at most.",
            )
            .body(example(
                Company::example(),
                &[
                    ("id", fresh()),
                    (
                        "customers",
                        json!([customer_of_company()?, customer_of_company()?]),
                    ),
                ],
            )?)
            .refused_with(DocumentedError::TooManyCustomers),
            Step::new(
                "getUnknownCustomerSignup",
                "getCustomerSignup",
                "Read the sign-up URL of a customer that does not exist.",
            )
            .path_id(FRESH_ID.to_owned())
            .refused_with(DocumentedError::CustomerNotFound),
        ],
        outputs: vec![("companyId", from_step("createFirstCompany", "companyId"))],
    };
    Ok(vec![with_its_customer, step_by_step, refusals])
}

/// The Arazzo document of the API's workflows, whose steps run against `openapi_3_1` (the API's
/// OpenAPI 3.1 document): each step's success criteria are its documented status and the fields
/// that status's reply schema requires.
///
/// # Errors
///
/// [`ArazzoError`] when a step names an operation or status the document lacks.
pub fn document(openapi_3_1: &Value) -> Result<Value, ArazzoError> {
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

fn workflow_json(workflow: &Workflow, openapi: &Value) -> Result<Value, ArazzoError> {
    let steps = workflow
        .steps
        .iter()
        .map(|step| step_json(step, openapi))
        .collect::<Result<Vec<_>, _>>()?;
    let outputs: Map<String, Value> = workflow
        .outputs
        .iter()
        .map(|(name, expression)| ((*name).to_owned(), Value::String(expression.clone())))
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

fn step_json(step: &Step, openapi: &Value) -> Result<Value, ArazzoError> {
    let operation = operation(openapi, step.operation_id)?;
    let mut parameters = vec![
        json!({"name": API_KEY_HEADER, "in": "header", "value": "$inputs.apiKey"}),
        json!({"name": ACCOUNT_ID_HEADER, "in": "header", "value": "$inputs.accountId"}),
    ];
    if let Some(id) = &step.path_id {
        parameters.push(json!({"name": "id", "in": "path", "value": id}));
    }
    let mut criteria = vec![json!({"condition": format!("$statusCode == {}", step.status)})];
    if let Some(error) = step.refusal {
        criteria.push(json!({
            "condition": format!("$response.body#/code == '{}'", error.body().code)
        }));
    }
    for field in required_reply_fields(openapi, operation, step)? {
        criteria.push(json!({"condition": format!("$response.body#/{field} != null")}));
    }
    let mut json = json!({
        "stepId": step.id,
        "description": step.description,
        "operationId": step.operation_id,
        "parameters": parameters,
        "successCriteria": criteria,
    });
    if let Some(body) = &step.body {
        json["requestBody"] = json!({"contentType": "application/json", "payload": body});
    }
    if !step.outputs.is_empty() {
        let outputs: Map<String, Value> = step
            .outputs
            .iter()
            .map(|(name, expression)| ((*name).to_owned(), Value::String(expression.clone())))
            .collect();
        json["outputs"] = Value::Object(outputs);
    }
    Ok(json)
}

/// The operation `id` of the document.
fn operation<'d>(openapi: &'d Value, id: &str) -> Result<&'d Value, ArazzoError> {
    openapi["paths"]
        .as_object()
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(Value::as_object)
        .flat_map(|item| item.values())
        .find(|operation| operation["operationId"] == id)
        .ok_or_else(|| ArazzoError(format!("the document has no operation {id}")))
}

/// The fields the reply schema of `step.status` requires, by `$ref` into the components.
fn required_reply_fields<'d>(
    openapi: &'d Value,
    operation: &Value,
    step: &Step,
) -> Result<Vec<&'d str>, ArazzoError> {
    let status = step.status.to_string();
    let reply = &operation["responses"][&status];
    if reply.is_null() {
        return Err(ArazzoError(format!(
            "{} does not document {status}, which step {} expects",
            step.operation_id, step.id
        )));
    }
    let schema = &reply["content"]["application/json"]["schema"];
    let Some(reference) = schema["$ref"].as_str() else {
        return Ok(Vec::new());
    };
    let name = reference.trim_start_matches("#/components/schemas/");
    Ok(openapi["components"]["schemas"][name]["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::{Version, document as openapi};

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
