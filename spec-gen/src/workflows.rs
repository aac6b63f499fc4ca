//! `Workflows`: the OpenAPI `links` that say how the operations chain, so that tools (Redoc,
//! schemathesis' stateful phase, client generators) can follow them: the `id` a create sends is
//! what the other operations take. The runnable workflows that chain the operations the same way
//! are named here too ([`WORKFLOWS`]): the document's description lists them, and
//! the build-time writers (`bluetape-writers`, beside this crate in the repository) write them out
//! as an Arazzo document, a Postman collection and an `.http` file.

use utoipa::Modify;
use utoipa::openapi::link::{Link, LinkBuilder};
use utoipa::openapi::{OpenApi, RefOr};

use crate::operations::{CREATE_COMPANY_PATH, CREATE_CUSTOMER_PATH};

/// The runtime expression of the `id` a create request sent (the API echoes no id of the
/// integrating system, so the request's is the one to follow).
pub const CREATED_ID: &str = "$request.body#/id";

/// The Arazzo version, the one both Redocly CLI and Spectral read.
pub const ARAZZO_VERSION: &str = "1.0.1";
/// The document's file, beside the OpenAPI documents in `openapi/`.
pub const FILE_NAME: &str = "bluetape.arazzo.yaml";

/// What a workflow is called and does: the Arazzo document's words, and the OpenAPI document's
/// (its description names every workflow).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct About {
    /// The `workflowId`.
    pub id: &'static str,
    /// One line.
    pub summary: &'static str,
    /// What it does, in a sentence or two.
    pub description: &'static str,
}

/// Creates a company with its customer, then reads the customer's sign-up URL.
pub const ONBOARD_WITH_CUSTOMER: About = About {
    id: "onboardCompanyWithCustomer",
    summary: "Onboard a company with its customer",
    description: "Creates a company together with its one customer, then reads that customer's \
        sign-up URL, to send to the customer.",
};

/// Company, customer, link, update, sign-up URL.
pub const ONBOARD_STEP_BY_STEP: About = About {
    id: "onboardStepByStep",
    summary: "Onboard a company and its customer step by step",
    description: "Creates a company, then a customer, links them, updates the customer and reads \
        its sign-up URL: each step takes the ids the earlier ones sent.",
};

/// The refusals: a duplicate, two customers, an unknown customer.
pub const WHAT_THE_API_REFUSES: About = About {
    id: "whatTheApiRefuses",
    summary: "What the API refuses",
    description: "A company created twice, a company with two customers, and the sign-up URL of \
        a customer that does not exist: each refused with its documented status and code.",
};

/// Every workflow of the document, in its order.
pub const WORKFLOWS: [About; 3] = [
    ONBOARD_WITH_CUSTOMER,
    ONBOARD_STEP_BY_STEP,
    WHAT_THE_API_REFUSES,
];

/// Adds the links from `createCustomer` and `createCompany` to what follows them.
pub(crate) struct Workflows;

impl Modify for Workflows {
    fn modify(&self, openapi: &mut OpenApi) {
        let from_customer = [
            (
                "GetCustomerSignup",
                link(
                    "getCustomerSignup",
                    "The new customer's sign-up details: its `id` is the path's.",
                )
                .parameter("id", CREATED_ID),
            ),
            (
                "UpdateCustomer",
                link(
                    "updateCustomer",
                    "Update the new customer: its `id` is the path's.",
                )
                .parameter("id", CREATED_ID),
            ),
            (
                "LinkToCompany",
                // A link sets a request body only whole, and openapi-generator (swagger-parser)
                // refuses anything but a string there; the body's one field is named instead.
                link(
                    "linkCompanyCustomer",
                    "Attach the new customer to a company: send its `id` as the body's \
                     `customerId`.",
                ),
            ),
        ];
        let from_company = [(
            "LinkCustomer",
            link(
                "linkCompanyCustomer",
                "Attach a customer to the new company: its `id` is the path's.",
            )
            .parameter("id", CREATED_ID),
        )];
        add_links(openapi, CREATE_CUSTOMER_PATH, from_customer);
        add_links(openapi, CREATE_COMPANY_PATH, from_company);
        name_the_workflows(openapi);
    }
}

/// Adds a "Workflows" section to the document's description: each runnable workflow by name,
/// and a link to their Arazzo file beside the document.
fn name_the_workflows(openapi: &mut OpenApi) {
    use std::fmt::Write as _;
    let description = openapi.info.description.get_or_insert_with(String::new);
    let _ = write!(
        description,
        "\n\n**Workflows.** The onboarding flows, runnable as they are with Redocly CLI's \
         `respect` against the mock or production, are in [`{file}`]({file}) (Arazzo \
         {version}):\n",
        file = FILE_NAME,
        version = ARAZZO_VERSION,
    );
    for About {
        id,
        summary,
        description: what,
    } in WORKFLOWS
    {
        let _ = write!(description, "\n- **{summary}** (`{id}`): {what}");
    }
}

fn link(operation_id: &str, description: &str) -> LinkBuilder {
    LinkBuilder::new()
        .operation_id(operation_id)
        .description(description)
}

/// Adds `links` to the 201 reply of the POST at `path`.
fn add_links<const N: usize>(openapi: &mut OpenApi, path: &str, links: [(&str, LinkBuilder); N]) {
    let Some(RefOr::T(created)) = openapi
        .paths
        .paths
        .get_mut(path)
        .and_then(|item| item.post.as_mut())
        .and_then(|operation| operation.responses.responses.get_mut("201"))
    else {
        return;
    };
    for (name, builder) in links {
        let link: Link = builder.build();
        created.links.insert(name.to_owned(), RefOr::T(link));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use crate::render::{Version, document};

    /// Every link names an operation of the document and a parameter it has.
    #[test]
    fn every_link_leads_to_an_operation_and_its_parameters() {
        for version in [Version::V3_1, Version::V3_0] {
            let document = document(version).unwrap();
            let operations: Vec<&Value> = document["paths"]
                .as_object()
                .unwrap()
                .values()
                .flat_map(|item| item.as_object().unwrap().values())
                .collect();
            let mut links = 0;
            for operation in &operations {
                for response in operation["responses"].as_object().unwrap().values() {
                    for link in response["links"]
                        .as_object()
                        .into_iter()
                        .flatten()
                        .map(|(_, l)| l)
                    {
                        let target = operations
                            .iter()
                            .find(|candidate| candidate["operationId"] == link["operationId"])
                            .unwrap_or_else(|| {
                                panic!("{version}: no operation {}", link["operationId"])
                            });
                        for parameter in link["parameters"]
                            .as_object()
                            .into_iter()
                            .flatten()
                            .map(|(name, _)| name)
                        {
                            assert!(
                                target["parameters"]
                                    .as_array()
                                    .unwrap()
                                    .iter()
                                    .any(|candidate| &candidate["name"] == parameter),
                                "{version}: {} has no parameter {parameter}",
                                link["operationId"]
                            );
                        }
                        links += 1;
                    }
                }
            }
            assert_eq!(links, 4, "{version}");
        }
    }
}
