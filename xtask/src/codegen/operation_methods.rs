//! The code that follows the document's list of operations, so that an operation added to the model
//! reaches the Rust surfaces with nothing written by hand:
//!
//! - `client/src/operations.rs`: one method of `bluetape_client::Client` per operation, and its
//!   `…_with_response` form, documented from the operation;
//! - `mcp/src/dispatch.rs`: the call of that method for a tool of `bluetape-mcp`, by
//!   `operationId`.
//!
//! Both read one [`OperationShape`] per operation of the 3.0.3 document (the one progenitor reads,
//! so that the names match the generated builders).

use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use crate::error::XtaskError;

/// Where the client's methods are written.
pub const CLIENT_METHODS_FILE: &str = "client/src/operations.rs";
/// Where the MCP server's dispatch is written.
pub const MCP_DISPATCH_FILE: &str = "mcp/src/dispatch.rs";

/// What the generated code needs to know of one operation.
#[derive(Debug, Clone)]
pub struct OperationShape {
    /// Its `operationId`.
    pub operation_id: String,
    /// The HTTP method, uppercase.
    pub method: String,
    /// The path template.
    pub path: String,
    /// Its summary, the first line of the method's doc.
    pub summary: String,
    /// Its description.
    pub description: String,
    /// Its tag (the noun of the CLI and of the path parameters' argument names).
    pub tag: String,
    /// The path parameters, in the order of the path.
    pub path_parameters: Vec<String>,
    /// Its body, if it takes one.
    pub body: Option<Body>,
    /// The component schema of its success reply; `None` for a success without a body.
    pub reply: Option<String>,
    /// Each documented status that is not a success, with its description.
    pub failures: Vec<(String, String)>,
    /// The documented success statuses.
    pub successes: Vec<String>,
}

/// How an operation's body is taken.
#[derive(Debug, Clone)]
pub enum Body {
    /// A value of the component schema (or its builder).
    Typed(String),
    /// A component schema with one required string property and nothing else: the method takes
    /// that string (`link_company_customer(company_id, customer_id)`), not a one-field builder.
    OneString {
        /// The component schema.
        schema: String,
        /// Its property.
        property: String,
    },
}

impl OperationShape {
    /// The method's name: progenitor's, the `operationId` in snake case.
    pub fn method_name(&self) -> String {
        self.operation_id.to_snake_case()
    }

    /// Whether the client retries it: an idempotent method (the client's rule, `retry.rs`),
    /// never a POST once sent.
    pub fn is_retried(&self) -> bool {
        matches!(
            self.method.as_str(),
            "GET" | "PUT" | "HEAD" | "DELETE" | "OPTIONS"
        )
    }

    /// The argument name of a path parameter: `id` of a `Customer` operation is `customer_id`.
    fn path_argument(&self, parameter: &str) -> String {
        if parameter == "id" {
            format!("{}_id", self.tag.to_snake_case())
        } else {
            parameter.to_snake_case()
        }
    }
}

/// Every operation of the 3.0.3 document (as JSON), in the document's order.
///
/// # Errors
///
/// [`XtaskError::ClientGeneration`] when an operation lacks what the generated code needs (an
/// `operationId`, a tag, a body or reply that is not a component schema).
pub fn shapes(document: &Value) -> Result<Vec<OperationShape>, XtaskError> {
    let mut shapes = Vec::new();
    for (path, item) in document["paths"].as_object().into_iter().flatten() {
        for (method, operation) in item.as_object().into_iter().flatten() {
            if !is_http_method(method) {
                continue;
            }
            shapes.push(shape(document, method, path, operation)?);
        }
    }
    Ok(shapes)
}

fn is_http_method(name: &str) -> bool {
    matches!(
        name,
        "get" | "put" | "post" | "delete" | "patch" | "head" | "options"
    )
}

fn shape(
    document: &Value,
    method: &str,
    path: &str,
    operation: &Value,
) -> Result<OperationShape, XtaskError> {
    let text = |field: &str| operation[field].as_str().unwrap_or_default().to_owned();
    let operation_id = text("operationId");
    if operation_id.is_empty() {
        return Err(failure(format!(
            "{} {path} has no operationId",
            method.to_uppercase()
        )));
    }
    let tag = operation["tags"][0]
        .as_str()
        .ok_or_else(|| failure(format!("{operation_id} has no tag")))?
        .to_owned();
    let path_parameters = operation["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|parameter| parameter["in"] == "path")
        .filter_map(|parameter| parameter["name"].as_str().map(str::to_owned))
        .collect();
    let body = match operation.pointer("/requestBody/content/application~1json/schema") {
        None => None,
        Some(schema) => {
            let name = component(schema)
                .ok_or_else(|| failure(format!("{operation_id}'s body is not a component")))?;
            Some(body_of(document, name))
        }
    };
    let mut successes = Vec::new();
    let mut failures = Vec::new();
    let mut reply = None;
    for (status, response) in operation["responses"].as_object().into_iter().flatten() {
        let description = response["description"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        if status.starts_with('2') {
            successes.push(status.clone());
            if let Some(schema) = response.pointer("/content/application~1json/schema") {
                let name = component(schema).ok_or_else(|| {
                    failure(format!(
                        "{operation_id}'s {status} reply is not a component"
                    ))
                })?;
                if reply.as_ref().is_some_and(|known: &String| known != name) {
                    return Err(failure(format!(
                        "{operation_id}'s successes have different bodies: the client method \
                         returns one type"
                    )));
                }
                reply = Some(name.to_owned());
            }
        } else {
            failures.push((status.clone(), description));
        }
    }
    Ok(OperationShape {
        operation_id,
        method: method.to_uppercase(),
        path: path.to_owned(),
        summary: text("summary"),
        description: text("description"),
        tag,
        path_parameters,
        body,
        reply,
        failures,
        successes,
    })
}

/// The component a `$ref` names.
fn component(schema: &Value) -> Option<&str> {
    schema["$ref"]
        .as_str()?
        .strip_prefix("#/components/schemas/")
}

fn body_of(document: &Value, name: &str) -> Body {
    let schema = &document["components"]["schemas"][name];
    let properties = schema["properties"].as_object();
    let required = schema["required"].as_array();
    if let (Some(properties), Some(required)) = (properties, required)
        && properties.len() == 1
        && required.len() == 1
        && let Some((property, definition)) = properties.iter().next()
        && definition["type"] == "string"
        && required[0] == property.as_str()
    {
        return Body::OneString {
            schema: name.to_owned(),
            property: property.clone(),
        };
    }
    Body::Typed(name.to_owned())
}

fn failure(message: String) -> XtaskError {
    XtaskError::ClientGeneration { message }
}

/// The source of `client/src/operations.rs`, without its header.
pub fn client_methods(shapes: &[OperationShape]) -> TokenStream {
    let methods = shapes.iter().map(client_method_pair);
    quote! {
        //! The methods of [`Client`], one per operation of the document, each with its
        //! `…_with_response` form: validated before sending, retried by the method's rule.

        use std::fmt::Display;

        use crate::client::{body, convert, send};
        use crate::generated::types;
        use crate::{ApiResponse, Client, Error, validate};

        impl Client {
            #(#methods)*
        }
    }
}

fn client_method_pair(shape: &OperationShape) -> TokenStream {
    let name = format_ident!("{}", shape.method_name());
    let with_response = format_ident!("{}_with_response", shape.method_name());
    let reply = match &shape.reply {
        Some(schema) => {
            let schema = format_ident!("{}", schema);
            quote!(types::#schema)
        }
        None => quote!(()),
    };
    let path_arguments: Vec<_> = shape
        .path_parameters
        .iter()
        .map(|parameter| format_ident!("{}", shape.path_argument(parameter)))
        .collect();
    let path_setters: Vec<_> = shape
        .path_parameters
        .iter()
        .map(|parameter| format_ident!("{}", parameter.to_snake_case()))
        .collect();
    let path_parameter_names = &shape.path_parameters;
    let mut parameters = quote!(#(#path_arguments: &str,)*);
    let mut forwarded = quote!(#(#path_arguments,)*);
    let mut generics = quote!();
    let mut bounds = quote!();
    let mut body_setter = quote!();
    let mut body_conversion = quote!();
    match &shape.body {
        None => {}
        Some(Body::Typed(schema)) => {
            let argument = format_ident!("{}", schema.to_snake_case());
            let schema = format_ident!("{}", schema);
            parameters.extend(quote!(#argument: T));
            forwarded.extend(quote!(#argument));
            generics = quote!(<T>);
            bounds = quote! {
                where
                    T: TryInto<types::#schema>,
                    T::Error: Display,
            };
            body_conversion = quote!(let #argument = convert(#argument)?;);
            body_setter = quote!(.body(#argument));
        }
        Some(Body::OneString { schema, property }) => {
            let argument = format_ident!("{}", property.to_snake_case());
            let schema = format_ident!("{}", schema);
            parameters.extend(quote!(#argument: &str));
            forwarded.extend(quote!(#argument));
            body_conversion = quote! {
                let body: types::#schema = convert(types::#schema::builder().#argument(#argument))?;
            };
            body_setter = quote!(.body(body));
        }
    }
    let plain_doc = docs(&plain_doc_text(shape));
    let name_text = shape.method_name();
    let with_response_doc = docs(&format!(
        "[`{name_text}`](Self::{name_text}), returning the status ({}), headers and request id \
         too.\n\n# Errors\n\nAs [`{name_text}`](Self::{name_text}).",
        shape
            .successes
            .iter()
            .map(|status| format!("`{status}`"))
            .collect::<Vec<_>>()
            .join(" or ")
    ));
    quote! {
        #plain_doc
        pub async fn #name #generics(&self, #parameters) -> Result<#reply, Error> #bounds {
            body(self.#with_response(#forwarded).await)
        }

        #with_response_doc
        pub async fn #with_response #generics(
            &self,
            #parameters
        ) -> Result<ApiResponse<#reply>, Error> #bounds {
            #(validate::path_id(#path_parameter_names, #path_arguments)?;)*
            #body_conversion
            send(Box::pin(
                self.generated.#name()#(.#path_setters(#path_arguments))* #body_setter.send(),
            ))
            .await
        }
    }
}

/// The doc comment of an operation's plain method: what it does (the document's words), its
/// retry rule, what it accepts, and how each documented failure surfaces.
fn plain_doc_text(shape: &OperationShape) -> String {
    let mut text = format!(
        "{}: `{} {}` (`{}`).\n\n{}\n\n",
        shape.summary, shape.method, shape.path, shape.operation_id, shape.description
    );
    text.push_str(if shape.is_retried() {
        "Retried when safe (connection errors, timeouts, 429, 5xx): a "
    } else {
        "Never retried once sent: a "
    });
    text.push_str(&shape.method);
    text.push_str(if shape.is_retried() {
        " is idempotent."
    } else {
        " is not idempotent."
    });
    if let Some(Body::Typed(schema)) = &shape.body {
        text.push_str(&format!(
            "\n\nAccepts a [`types::{schema}`] or a [`types::builder::{schema}`]."
        ));
    }
    text.push_str(
        "\n\n# Errors\n\n[`Error::InvalidRequest`] before sending, naming the field the API would \
         refuse; [`Error::Api`] for a documented failure:\n",
    );
    for (status, description) in &shape.failures {
        text.push_str(&format!("\n- {status}: {description}"));
    }
    text.push_str("\n\nSee [`Error`] for the rest.");
    text
}

/// `#[doc = "…"]` lines, one per line of `text`, as `///` comments render.
fn docs(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        let line = format!(" {line}");
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// The source of `mcp/src/dispatch.rs`, without its header.
pub fn mcp_dispatch(shapes: &[OperationShape]) -> TokenStream {
    let operation_ids: Vec<&str> = shapes
        .iter()
        .map(|shape| shape.operation_id.as_str())
        .collect();
    let arms = shapes.iter().map(|shape| {
        let operation_id = &shape.operation_id;
        let name = format_ident!("{}", shape.method_name());
        let path_arguments = shape
            .path_parameters
            .iter()
            .enumerate()
            .map(|(index, parameter)| {
                let index = proc_macro2::Literal::usize_unsuffixed(index);
                quote!(path_parameter(path, #index, #parameter)?,)
            });
        match &shape.body {
            None => quote! {
                #operation_id => reply(client.#name(#(#path_arguments)*).await?),
            },
            Some(Body::Typed(schema)) => {
                let schema = format_ident!("{}", schema);
                quote! {
                    #operation_id => {
                        let body: types::#schema = parse(body)?;
                        reply(client.#name(#(#path_arguments)* body).await?)
                    }
                }
            }
            Some(Body::OneString { schema, property }) => {
                let schema = format_ident!("{}", schema);
                let field = format_ident!("{}", property.to_snake_case());
                quote! {
                    #operation_id => {
                        let body: types::#schema = parse(body)?;
                        reply(client.#name(#(#path_arguments)* &body.#field).await?)
                    }
                }
            }
        }
    });
    quote! {
        //! Which `bluetape_client::Client` method a tool calls, by the `operationId` its
        //! definition names in `tools.json`.

        use bluetape_client::{Client, types};
        use serde_json::Value;

        use crate::failure::{Failure, parse, path_parameter, reply};

        /// The operations a tool may name, in the document's order.
        pub const OPERATION_IDS: &[&str] = &[#(#operation_ids),*];

        /// Calls the operation `operation_id` with the checked path parameters and body.
        ///
        /// # Errors
        ///
        /// [`Failure`]: the body does not become the client's type, or the client's error.
        pub async fn dispatch(
            client: &Client,
            operation_id: &str,
            path: &[String],
            body: Option<&str>,
        ) -> Result<Value, Failure> {
            match operation_id {
                #(#arms)*
                other => Err(Failure::unknown_operation(other)),
            }
        }
    }
}

/// Where the CLI's places of the operations are written.
pub const CLI_PLACES_FILE: &str = "cli/src/places.rs";

/// Where an operation lives in the CLI's tree, `bluetape <noun> <verb>`, by a rule: the noun is
/// the operation's tag; the verb is the first word of its `operationId` (`createCompany`:
/// `company create`; `linkCompanyCustomer`: `company link`), except for a `get` of something
/// beyond the tag, whose verb is that thing (`getCustomerSignup`: `customer signup`).
pub fn cli_place(shape: &OperationShape) -> (String, String) {
    let noun = shape.tag.to_snake_case().replace('_', "-");
    let words: Vec<String> = shape
        .operation_id
        .to_snake_case()
        .split('_')
        .map(str::to_owned)
        .collect();
    let tag_words: Vec<String> = shape
        .tag
        .to_snake_case()
        .split('_')
        .map(str::to_owned)
        .collect();
    let first = words.first().cloned().unwrap_or_default();
    let after_tag = words
        .get(1..)
        .filter(|rest| rest.starts_with(&tag_words))
        .map(|rest| rest[tag_words.len()..].join("-"))
        .unwrap_or_default();
    let verb = if first == "get" && !after_tag.is_empty() {
        after_tag
    } else {
        first
    };
    (noun, verb)
}

/// The tags of the document, with their descriptions: the CLI's groups.
pub fn tags(document: &Value) -> Vec<(String, String)> {
    document["tags"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|tag| {
            Some((
                tag["name"].as_str()?.to_owned(),
                tag["description"].as_str().unwrap_or_default().to_owned(),
            ))
        })
        .collect()
}

/// Every operation's place, in the document's order: [`cli_place`]'s, unless an earlier
/// operation has it already; then its `operationId` without the tag's words
/// (`updateCompanyCredit`: `company update-credit`).
///
/// # Errors
///
/// [`XtaskError::ClientGeneration`] when two operations still share a place.
pub fn cli_places_of(shapes: &[OperationShape]) -> Result<Vec<(String, String)>, XtaskError> {
    let mut places: Vec<(String, String)> = Vec::new();
    for shape in shapes {
        let mut place = cli_place(shape);
        if places.contains(&place) {
            let tag_words: Vec<String> = words(&shape.tag);
            let rest: Vec<String> = words(&shape.operation_id)
                .into_iter()
                .filter(|word| !tag_words.contains(word))
                .collect();
            place.1 = rest.join("-");
        }
        if places.contains(&place) {
            return Err(failure(format!(
                "{} would be `bluetape {} {}`, the place of another operation: give it an \
                 operationId whose words differ",
                shape.operation_id, place.0, place.1
            )));
        }
        places.push(place);
    }
    Ok(places)
}

fn words(name: &str) -> Vec<String> {
    name.to_snake_case().split('_').map(str::to_owned).collect()
}

/// The source of `cli/src/places.rs`, without its header: each command's place, each group's
/// description, and the hooks that check path ids before a request is built.
///
/// # Errors
///
/// As [`cli_places_of`].
pub fn cli_places(
    shapes: &[OperationShape],
    tags: &[(String, String)],
) -> Result<TokenStream, XtaskError> {
    let mut seen = std::collections::BTreeSet::new();
    let place_of = cli_places_of(shapes)?;
    let places = shapes.iter().zip(&place_of).map(|(shape, (noun, verb))| {
        let variant = format_ident!(
            "{}",
            heck::ToUpperCamelCase::to_upper_camel_case(shape.operation_id.as_str())
        );
        quote!(CliCommand::#variant => (#noun, #verb),)
    });
    let groups = shapes.iter().filter_map(|shape| {
        let (noun, _) = cli_place(shape);
        if !seen.insert(noun.clone()) {
            return None;
        }
        let about = tags
            .iter()
            .find(|(name, _)| *name == shape.tag)
            .map(|(_, description)| description.clone())
            .filter(|description| !description.is_empty())
            .unwrap_or_else(|| format!("The operations tagged {}", shape.tag));
        Some(quote!((#noun, #about),))
    });
    let hooks = shapes
        .iter()
        .filter(|shape| {
            shape
                .path_parameters
                .iter()
                .any(|parameter| parameter == "id")
        })
        .map(|shape| {
            let hook = format_ident!("execute_{}", shape.method_name());
            let builder = format_ident!(
                "{}",
                heck::ToUpperCamelCase::to_upper_camel_case(shape.operation_id.as_str())
            );
            quote!(#hook: #builder,)
        });
    Ok(quote! {
        //! Where each operation lives in the command tree (`bluetape <noun> <verb>`, by the rule of
        //! `cargo xtask codegen`: the noun is its tag, the verb the first word of its
        //! `operationId`, or what a `get` reads, or on a clash its `operationId` without the
        //! tag), the groups' descriptions (the document's tags), and the operations whose path
        //! `id` is checked before sending.

        use crate::generated::CliCommand;

        /// The place of `command`: `(noun, verb)`.
        pub(crate) fn place(command: CliCommand) -> (&'static str, &'static str) {
            match command {
                #(#places)*
            }
        }

        /// Each group of commands with its description, in the document's order.
        pub(crate) const GROUPS: &[(&str, &str)] = &[#(#groups)*];

        /// The `execute_*` hooks of [`CliConfig`](crate::generated::CliConfig) for the operations
        /// with a path `id`, written by `check_path_id_of!`.
        macro_rules! path_id_hooks {
            () => {
                check_path_id_of! { #(#hooks)* }
            };
        }
        pub(crate) use path_id_hooks;
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(operation_id: &str, method: &str, tag: &str) -> OperationShape {
        OperationShape {
            operation_id: operation_id.into(),
            method: method.into(),
            path: "/".into(),
            summary: String::new(),
            description: String::new(),
            tag: tag.into(),
            path_parameters: Vec::new(),
            body: None,
            reply: None,
            failures: Vec::new(),
            successes: Vec::new(),
        }
    }

    /// The places of `(operationId, tag)`s, as `noun verb`.
    fn places(operations: &[(&str, &str)]) -> Result<Vec<String>, XtaskError> {
        let shapes: Vec<_> = operations
            .iter()
            .map(|(id, tag)| shape(id, "GET", tag))
            .collect();
        Ok(cli_places_of(&shapes)?
            .into_iter()
            .map(|(noun, verb)| format!("{noun} {verb}"))
            .collect())
    }

    /// Each `(operationId, tag, expected place)` in order gets its place.
    fn check(cases: &[(&str, &str, &str)]) {
        let operations: Vec<(&str, &str)> = cases.iter().map(|(id, tag, _)| (*id, *tag)).collect();
        let expected: Vec<&str> = cases.iter().map(|(_, _, place)| *place).collect();
        assert_eq!(places(&operations).expect("no clash"), expected);
    }

    #[test]
    fn todays_operations_keep_todays_commands() {
        check(&[
            ("createCompany", "Company", "company create"),
            ("linkCompanyCustomer", "Company", "company link"),
            ("createCustomer", "Customer", "customer create"),
            ("updateCustomer", "Customer", "customer update"),
            ("getCustomerSignup", "Customer", "customer signup"),
        ]);
    }

    #[test]
    fn a_clash_takes_the_operation_id_without_the_tag_and_a_second_clash_is_an_error() {
        check(&[
            ("updateCustomer", "Customer", "customer update"),
            ("updateCustomerPhone", "Customer", "customer update-phone"),
            ("getInvoice", "Invoice", "invoice get"),
            ("getInvoiceLines", "Invoice", "invoice lines"),
        ]);
        let error = places(&[
            ("updateCustomer", "Customer"),
            ("updateCustomerPhone", "Customer"),
            ("updatePhoneCustomer", "Customer"),
        ])
        .expect_err("a second clash");
        assert!(error.to_string().contains("updatePhoneCustomer"), "{error}");
    }

    #[test]
    fn a_body_of_one_required_string_is_taken_as_that_string() {
        let document = serde_json::json!({"components": {"schemas": {
            "Link": {"type": "object", "required": ["customerId"],
                     "properties": {"customerId": {"type": "string"}}},
            "Pair": {"type": "object", "required": ["a"],
                     "properties": {"a": {"type": "string"}, "b": {"type": "string"}}},
        }}});
        assert!(matches!(
            body_of(&document, "Link"),
            Body::OneString { property, .. } if property == "customerId"
        ));
        assert!(matches!(body_of(&document, "Pair"), Body::Typed(name) if name == "Pair"));
    }
}
