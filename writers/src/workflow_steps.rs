//! The workflows' steps as data, for every runner to write out in its own format: the Arazzo
//! document ([`crate::arazzo`]), the Postman collection ([`crate::postman`]) and the `.http` file
//! ([`crate::http_file`]).
//!
//! A step is an operation with the model's example as its body. What changes from run to run is
//! a [`Slot`] in it: a fresh identifier drawn by the runner, or an id an earlier step handed on.
//! Every step's expected reply is read from the OpenAPI document: its documented status and the
//! fields that status's reply schema requires.

use serde_json::{Value, json};

use bluetape_model::workflows::{
    About, ONBOARD_STEP_BY_STEP, ONBOARD_WITH_CUSTOMER, WHAT_THE_API_REFUSES,
};
use bluetape_model::{
    Company, CompanyCustomer, Customer, CustomerLink, CustomerUpdate, DocumentedError,
};

/// Why the workflows could not be derived or written out.
#[derive(Debug, thiserror::Error)]
#[error("cannot derive the workflows: {0}")]
pub struct WorkflowError(pub(crate) String);

/// A value a runner fills in when it runs the step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// A fresh identifier per run (a UUID), under this name: the runner draws it before the step
    /// sends it, so that the same server can run the workflow again.
    Fresh(&'static str),
    /// The value an earlier step of the workflow handed on under `name`.
    HandedOn {
        /// The step that handed it on.
        step: &'static str,
        /// Its output's name.
        name: &'static str,
    },
}

impl Slot {
    /// The name the workflow gives the value.
    pub fn name(self) -> &'static str {
        match self {
            Slot::Fresh(name) | Slot::HandedOn { name, .. } => name,
        }
    }

    /// The value as a `{{name}}` variable reference, the syntax Postman and the HTTP Client share:
    /// both keep fresh and handed-on values in variables named as the workflow names them.
    pub fn variable_reference(self) -> String {
        format!("{{{{{}}}}}", self.name())
    }
}

/// Where a value a step hands on comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The request body, at this JSON pointer (always a [`Slot::Fresh`] of the same name: the
    /// API echoes no id of the integrating system, so the id a create sent is the one to follow).
    Sent(&'static str),
    /// The reply body, at this JSON pointer.
    Received(&'static str),
}

/// A value a step hands on to the steps after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Output {
    /// Its name, unique in the workflow.
    pub name: &'static str,
    /// Where it comes from.
    pub source: Source,
}

/// One step: an operation, its path id and body, the reply it must get, and what it hands on.
#[derive(Debug, Clone)]
pub struct Step {
    /// Its id, unique in all the workflows (Redocly's lint looks a step up by its id alone).
    pub id: &'static str,
    /// What it does, in a sentence.
    pub description: &'static str,
    /// The operation it calls.
    pub operation_id: &'static str,
    /// The path's `id`, for the operations that take one.
    pub path_id: Option<Slot>,
    /// The body: the model's example, with [`Step::body_slots`] filled in by the runner.
    pub body: Option<Value>,
    /// Where the runner fills values into the body: a JSON pointer and the value.
    pub body_slots: Vec<(&'static str, Slot)>,
    /// The status it must answer (for a success, one of the operation's documented 2xx).
    pub status: u16,
    /// The error an expected refusal must carry (its `code`).
    pub refusal: Option<DocumentedError>,
    /// What it hands on.
    pub outputs: Vec<Output>,
}

impl Step {
    fn new(id: &'static str, operation_id: &'static str, description: &'static str) -> Self {
        Step {
            id,
            description,
            operation_id,
            path_id: None,
            body: None,
            body_slots: Vec::new(),
            status: 0,
            refusal: None,
            outputs: Vec::new(),
        }
    }

    fn path_id(mut self, slot: Slot) -> Self {
        self.path_id = Some(slot);
        self
    }

    /// The model's example `value` as the body, with the runner filling `slots` in.
    fn body(
        mut self,
        value: impl serde::Serialize,
        slots: &[(&'static str, Slot)],
    ) -> Result<Self, WorkflowError> {
        let body = serde_json::to_value(value)
            .map_err(|error| WorkflowError(format!("the example of step {}: {error}", self.id)))?;
        if !body.is_object() {
            return Err(WorkflowError(format!(
                "the example of step {} is not a JSON object",
                self.id
            )));
        }
        self.body = Some(body);
        self.body_slots = slots.to_vec();
        Ok(self)
    }

    /// Removes a field of the example (one the step leaves out).
    fn without(mut self, field: &str) -> Self {
        if let Some(Value::Object(fields)) = &mut self.body {
            fields.remove(field);
        }
        self
    }

    /// Sets a field of the example to a fixed value.
    fn with(mut self, field: &str, value: Value) -> Self {
        if let Some(Value::Object(fields)) = &mut self.body {
            fields.insert(field.to_owned(), value);
        }
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

    /// Hands on the fresh id it sends at `pointer`, under the slot's name.
    fn hands_on_sent(mut self, pointer: &'static str) -> Result<Self, WorkflowError> {
        let Some(Slot::Fresh(name)) = self
            .body_slots
            .iter()
            .find(|(at, _)| *at == pointer)
            .map(|(_, slot)| *slot)
        else {
            return Err(WorkflowError(format!(
                "step {} hands on {pointer}, which is not a fresh id it sends",
                self.id
            )));
        };
        self.outputs.push(Output {
            name,
            source: Source::Sent(pointer),
        });
        Ok(self)
    }

    fn hands_on_received(mut self, name: &'static str, pointer: &'static str) -> Self {
        self.outputs.push(Output {
            name,
            source: Source::Received(pointer),
        });
        self
    }

    /// The body with every slot filled by `fill`.
    ///
    /// # Errors
    ///
    /// [`WorkflowError`] when a slot's pointer is not in the example.
    pub fn filled_body(
        &self,
        fill: impl Fn(Slot) -> String,
    ) -> Result<Option<Value>, WorkflowError> {
        let Some(mut body) = self.body.clone() else {
            return Ok(None);
        };
        for (pointer, slot) in &self.body_slots {
            let field = body.pointer_mut(pointer).ok_or_else(|| {
                WorkflowError(format!("step {}'s example has no {pointer}", self.id))
            })?;
            *field = Value::String(fill(*slot));
        }
        Ok(Some(body))
    }

    /// The fresh ids it draws, by name, in the order it sends them.
    pub fn fresh_names(&self) -> Vec<&'static str> {
        self.body_slots
            .iter()
            .map(|(_, slot)| *slot)
            .chain(self.path_id)
            .filter_map(|slot| match slot {
                Slot::Fresh(name) => Some(name),
                Slot::HandedOn { .. } => None,
            })
            .collect()
    }
}

/// A workflow: its steps, and what it gives its caller (a name, and the step output it is).
#[derive(Debug, Clone)]
pub struct Workflow {
    /// Its name and what it does.
    pub about: About,
    /// Its steps, in order.
    pub steps: Vec<Step>,
    /// Its outputs: a name and the step and output it comes from.
    pub outputs: Vec<(&'static str, Slot)>,
}

impl Workflow {
    /// Each step written by `write` (as a runner's file needs it), in order; the first step that
    /// cannot be written stops it.
    ///
    /// # Errors
    ///
    /// The first [`WorkflowError`] of `write`.
    pub fn each_step<T>(
        &self,
        write: impl FnMut(&Step) -> Result<T, WorkflowError>,
    ) -> Result<Vec<T>, WorkflowError> {
        self.steps.iter().map(write).collect()
    }
}

const fn handed_on(step: &'static str, name: &'static str) -> Slot {
    Slot::HandedOn { step, name }
}

/// The step that ends an onboarding: the customer's sign-up URL, handed on as `signUpUrl`.
fn read_sign_up(id: &'static str, description: &'static str, customer: Slot) -> Step {
    Step::new(id, "getCustomerSignup", description)
        .path_id(customer)
        .answers(200)
        .hands_on_received("signUpUrl", "/signUpUrl")
}

/// A company of the model's example without its customers.
fn company_alone() -> Company {
    let mut company = Company::example();
    company.customers = None;
    company
}

/// The workflows, in the order an integrator meets them.
///
/// # Errors
///
/// [`WorkflowError`] when an example does not serialize or a step hands on what it does not send.
pub fn workflows() -> Result<Vec<Workflow>, WorkflowError> {
    let customer = || CompanyCustomer::example();
    let with_its_customer = Workflow {
        about: ONBOARD_WITH_CUSTOMER,
        steps: vec![
            Step::new(
                "createCompanyWithCustomer",
                "createCompany",
                "Create the company with its customer; the reply holds the customer's sign-up URL.",
            )
            .body(
                Company::example(),
                &[
                    ("/id", Slot::Fresh("companyId")),
                    ("/customers/0/id", Slot::Fresh("customerId")),
                ],
            )?
            .with("customers", json!([customer()]))
            .answers(201)
            .hands_on_sent("/id")?
            .hands_on_sent("/customers/0/id")?,
            read_sign_up(
                "getNewCustomerSignup",
                "Read the new customer's sign-up URL.",
                handed_on("createCompanyWithCustomer", "customerId"),
            ),
        ],
        outputs: vec![
            (
                "companyId",
                handed_on("createCompanyWithCustomer", "companyId"),
            ),
            (
                "customerId",
                handed_on("createCompanyWithCustomer", "customerId"),
            ),
            ("signUpUrl", handed_on("getNewCustomerSignup", "signUpUrl")),
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
            .body(company_alone(), &[("/id", Slot::Fresh("companyId"))])?
            .answers(201)
            .hands_on_sent("/id")?,
            Step::new(
                "createCustomer",
                "createCustomer",
                "Create the customer alone.",
            )
            .body(Customer::example(), &[("/id", Slot::Fresh("customerId"))])?
            // The example names a company of the docs; the link step attaches it instead.
            .without("companyId")
            .answers(201)
            .hands_on_sent("/id")?,
            Step::new(
                "linkCompanyCustomer",
                "linkCompanyCustomer",
                "Attach the customer to the company.",
            )
            .path_id(handed_on("createCompany", "companyId"))
            .body(
                CustomerLink::example(),
                &[("/customerId", handed_on("createCustomer", "customerId"))],
            )?
            // The published page says 200 in its example and 201 in its table: both are
            // documented; the mock answers 201.
            .answers(201),
            Step::new(
                "updateCustomer",
                "updateCustomer",
                "Update the customer's contact.",
            )
            .path_id(handed_on("createCustomer", "customerId"))
            .body(CustomerUpdate::example(), &[])?
            .answers(202),
            read_sign_up(
                "getCustomerSignup",
                "Read the customer's sign-up URL.",
                handed_on("createCustomer", "customerId"),
            ),
        ],
        outputs: vec![
            ("companyId", handed_on("createCompany", "companyId")),
            ("customerId", handed_on("createCustomer", "customerId")),
            ("signUpUrl", handed_on("getCustomerSignup", "signUpUrl")),
        ],
    };
    let refusals = Workflow {
        about: WHAT_THE_API_REFUSES,
        steps: vec![
            Step::new("createFirstCompany", "createCompany", "Create a company.")
                .body(company_alone(), &[("/id", Slot::Fresh("companyId"))])?
                .answers(201)
                .hands_on_sent("/id")?,
            Step::new(
                "createCompanyAgain",
                "createCompany",
                "Create a company with the same id: refused as a duplicate.",
            )
            .body(
                Company::example(),
                &[("/id", handed_on("createFirstCompany", "companyId"))],
            )?
            .with("customers", json!([]))
            .refused_with(DocumentedError::CompanyExists),
            Step::new(
                "createCompanyWithTwoCustomers",
                "createCompany",
                "Create a company with two customers: refused, a company has one at most.",
            )
            .body(
                Company::example(),
                &[
                    ("/id", Slot::Fresh("otherCompanyId")),
                    ("/customers/0/id", Slot::Fresh("firstCustomerId")),
                    ("/customers/1/id", Slot::Fresh("secondCustomerId")),
                ],
            )?
            .with("customers", json!([customer(), customer()]))
            .refused_with(DocumentedError::TooManyCustomers),
            Step::new(
                "getUnknownCustomerSignup",
                "getCustomerSignup",
                "Read the sign-up URL of a customer that does not exist.",
            )
            .path_id(Slot::Fresh("unknownCustomerId"))
            .refused_with(DocumentedError::CustomerNotFound),
        ],
        outputs: vec![("companyId", handed_on("createFirstCompany", "companyId"))],
    };
    Ok(vec![with_its_customer, step_by_step, refusals])
}

/// The workflows named by `abouts`, in that order.
///
/// # Errors
///
/// [`WorkflowError`] when one of them is not among [`workflows`], or they cannot be derived.
pub fn workflows_named(abouts: &[About]) -> Result<Vec<Workflow>, WorkflowError> {
    let mut all = workflows()?;
    abouts
        .iter()
        .map(|about| {
            let at = all
                .iter()
                .position(|workflow| workflow.about == *about)
                .ok_or_else(|| WorkflowError(format!("no workflow {}", about.id)))?;
            Ok(all.swap_remove(at))
        })
        .collect()
}

/// The operation `id` of an OpenAPI document, with its method and path.
///
/// # Errors
///
/// [`WorkflowError`] when the document has no such operation.
pub fn operation<'d>(
    openapi: &'d Value,
    id: &str,
) -> Result<(&'d str, &'d str, &'d Value), WorkflowError> {
    bluetape_model::operations_of(openapi)
        .find(|(_, _, operation)| operation["operationId"] == id)
        .ok_or_else(|| WorkflowError(format!("the document has no operation {id}")))
}

/// What `step` must get back, read from `openapi`: the statuses that count as its expected
/// answer (every documented 2xx of its operation for a success, else the refusal's status), and
/// the fields the reply schema of its status requires.
///
/// # Errors
///
/// [`WorkflowError`] when the operation is missing or does not document the step's status.
pub fn expected_reply<'d>(
    openapi: &'d Value,
    step: &Step,
) -> Result<(Vec<u16>, Vec<&'d str>), WorkflowError> {
    let (_, _, operation) = operation(openapi, step.operation_id)?;
    let status = step.status.to_string();
    let reply = &operation["responses"][&status];
    if reply.is_null() {
        return Err(WorkflowError(format!(
            "{} does not document {status}, which step {} expects",
            step.operation_id, step.id
        )));
    }
    let statuses = if step.refusal.is_some() {
        vec![step.status]
    } else {
        operation["responses"]
            .as_object()
            .into_iter()
            .flat_map(|responses| responses.keys())
            .filter_map(|status| status.parse::<u16>().ok())
            .filter(|status| (200..300).contains(status))
            .collect()
    };
    let schema = &reply["content"]["application/json"]["schema"];
    let Some(reference) = schema["$ref"].as_str() else {
        return Ok((statuses, Vec::new()));
    };
    let name = reference.trim_start_matches("#/components/schemas/");
    let required = openapi["components"]["schemas"][name]["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    Ok((statuses, required))
}

/// An operation that no workflow of a runner calls, as a request of its own: its documented
/// example as the body, its path parameters' examples in the path, and its documented success.
#[derive(Debug, Clone, PartialEq)]
pub struct LoneRequest<'d> {
    /// Its `operationId`.
    pub operation_id: &'d str,
    /// Its summary: the request's name.
    pub summary: &'d str,
    /// Its description.
    pub description: &'d Value,
    /// The HTTP method, lowercase as in the document.
    pub method: &'d str,
    /// The path, each `{parameter}` replaced by its documented example.
    pub path: String,
    /// The body: the example of its request schema, if it takes one.
    pub body: Option<Value>,
    /// Every documented 2xx.
    pub statuses: Vec<u16>,
    /// The fields the reply of its first documented 2xx requires.
    pub required: Vec<&'d str>,
}

impl LoneRequest<'_> {
    /// The statuses it expects, as a test's name says them: `200 or 201`.
    pub fn expected_statuses(&self) -> String {
        self.statuses
            .iter()
            .map(u16::to_string)
            .collect::<Vec<_>>()
            .join(" or ")
    }
}

/// Every operation of `openapi` that no step of the workflows `abouts` calls, in the document's
/// order, so that a runner written from those workflows still carries each operation.
///
/// # Errors
///
/// [`WorkflowError`] when a workflow cannot be derived, or an operation has no 2xx.
pub fn lone_requests<'d>(
    openapi: &'d Value,
    abouts: &[About],
) -> Result<Vec<LoneRequest<'d>>, WorkflowError> {
    let called: Vec<&str> = workflows_named(abouts)?
        .iter()
        .flat_map(|workflow| workflow.steps.iter().map(|step| step.operation_id))
        .collect();
    let mut requests = Vec::new();
    for (method, path, operation) in bluetape_model::operations_of(openapi) {
        let operation_id = operation["operationId"].as_str().unwrap_or_default();
        if called.contains(&operation_id) {
            continue;
        }
        let mut filled = path.to_owned();
        for parameter in operation["parameters"].as_array().into_iter().flatten() {
            if parameter["in"] == "path"
                && let Some(name) = parameter["name"].as_str()
            {
                let example = parameter["example"]
                    .as_str()
                    .or_else(|| parameter["schema"]["example"].as_str())
                    .unwrap_or("example");
                filled = filled.replace(&format!("{{{name}}}"), example);
            }
        }
        let component = |schema: &'d Value| {
            schema["$ref"]
                .as_str()
                .map(|reference| reference.trim_start_matches("#/components/schemas/"))
                .map(|name| &openapi["components"]["schemas"][name])
        };
        let body = operation
            .pointer("/requestBody/content/application~1json/schema")
            .and_then(component)
            .map(|schema| schema["example"].clone());
        let statuses: Vec<u16> = operation["responses"]
            .as_object()
            .into_iter()
            .flat_map(|responses| responses.keys())
            .filter_map(|status| status.parse::<u16>().ok())
            .filter(|status| (200..300).contains(status))
            .collect();
        let Some(first) = statuses.first() else {
            return Err(WorkflowError(format!("{operation_id} documents no 2xx")));
        };
        let required = operation["responses"][first.to_string()]
            .pointer("/content/application~1json/schema")
            .and_then(component)
            .and_then(|schema| schema["required"].as_array())
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        requests.push(LoneRequest {
            operation_id,
            summary: operation["summary"].as_str().unwrap_or(operation_id),
            description: &operation["description"],
            method,
            path: filled,
            body,
            statuses,
            required,
        });
    }
    Ok(requests)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An operation added to the document that no workflow calls is a lone request, with its
    /// examples filled in.
    #[test]
    fn an_operation_no_workflow_calls_is_a_request_of_its_own() {
        let mut openapi =
            crate::documents::document(bluetape_model::render::Version::V3_1).unwrap();
        let folders = [ONBOARD_STEP_BY_STEP, WHAT_THE_API_REFUSES];
        let before = lone_requests(&openapi, &folders).unwrap().len();
        openapi["paths"]["/integration/company/{id}/credit"] = json!({"put": {
            "operationId": "updateCompanyCredit",
            "summary": "Update a company's credit",
            "parameters": [{"name": "id", "in": "path", "example": "a0b9cedc32ce"}],
            "requestBody": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/CreditDetails"}}}},
            "responses": {"202": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/BlueTapeIntegrationResult"}}}}},
        }});
        let lone = lone_requests(&openapi, &folders).unwrap();
        assert_eq!(lone.len(), before + 1);
        let credit = lone
            .iter()
            .find(|request| request.operation_id == "updateCompanyCredit")
            .unwrap();
        assert_eq!(credit.path, "/integration/company/a0b9cedc32ce/credit");
        assert_eq!(credit.statuses, [202]);
        assert_eq!(credit.required, ["blueTapeId"]);
        assert_eq!(
            credit.body.as_ref(),
            Some(&openapi["components"]["schemas"]["CreditDetails"]["example"])
        );
        // The onboarding's operations are in its workflows, on purpose.
        assert!(
            !lone
                .iter()
                .any(|request| request.operation_id == "createCompany")
        );
    }

    /// Every use of a handed-on value follows the step that hands it on, and output names are
    /// unique in a workflow (runners that keep them in one scope, as Postman does, rely on it).
    #[test]
    fn handed_on_values_come_from_earlier_steps_with_unique_names() {
        for workflow in workflows().unwrap() {
            let mut handed_on: Vec<(&str, &str)> = Vec::new();
            for step in &workflow.steps {
                let used = step
                    .body_slots
                    .iter()
                    .map(|(_, slot)| *slot)
                    .chain(step.path_id);
                for slot in used {
                    if let Slot::HandedOn { step: from, name } = slot {
                        assert!(handed_on.contains(&(from, name)), "{from}.{name}");
                    }
                }
                for output in &step.outputs {
                    assert!(
                        handed_on.iter().all(|(_, name)| *name != output.name),
                        "{} hands on {} twice",
                        workflow.about.id,
                        output.name
                    );
                    handed_on.push((step.id, output.name));
                }
            }
        }
    }

    /// Fresh ids have names of their own in a workflow, apart from the one a step hands on.
    #[test]
    fn fresh_ids_are_named_once_per_workflow() {
        for workflow in workflows().unwrap() {
            let mut names: Vec<&str> = workflow.steps.iter().flat_map(Step::fresh_names).collect();
            let count = names.len();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), count, "{}", workflow.about.id);
        }
    }
}
