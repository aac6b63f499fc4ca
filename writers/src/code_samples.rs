//! Code samples: one program per operation and language, generated from the document's own
//! operation metadata (method, path, the path parameter's example) and the example of its request
//! body, so that a model change rewrites every sample. Each language's program is a file of that
//! language, `writers/templates/sample.<extension>` (a minijinja template): edit it there.
//!
//! They go into both documents as `x-codeSamples` (which Redoc shows as tabs) and into
//! `openapi/samples/` as files to copy; `cargo xtask ecosystem` runs every one against the mock.
//!
//! Every sample reads `BLUETAPE_API_KEY`, `BLUETAPE_ACCOUNT_ID` and `BLUETAPE_BASE_URL` (production
//! when unset), sends both headers and the example body, prints the success body, and on an error
//! prints the status and the API's `{code, reason}` and exits non-zero. None follows a redirect:
//! the credentials must go to the base URL and nowhere else, as with `bluetape-client`.

use std::sync::OnceLock;

use serde_json::{Value, json};

use bluetape_model::{ACCOUNT_ID_HEADER, API_KEY_HEADER, PRODUCTION_URL};

/// The environment variable holding the API key.
pub const API_KEY_VARIABLE: &str = "BLUETAPE_API_KEY";
/// The environment variable holding the integration account id.
pub const ACCOUNT_ID_VARIABLE: &str = "BLUETAPE_ACCOUNT_ID";
/// The environment variable holding the base URL (production when unset).
pub const BASE_URL_VARIABLE: &str = "BLUETAPE_BASE_URL";
/// The folder of the sample files, relative to the workspace root.
pub const DIRECTORY: &str = "openapi/samples";

/// A language the samples are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    /// A shell script running `curl`.
    Curl,
    /// Python 3 with `requests`.
    Python,
    /// JavaScript for Node.js 18 or newer, with its built-in `fetch`.
    JavaScript,
    /// C# with `HttpClient`: builds with Mono's `mcs` and with current .NET.
    CSharp,
    /// Java 17 with `java.net.http`: runs as `java File.java`.
    Java,
    /// Go with the standard library's `net/http`.
    Go,
    /// Rust with `bluetape-client`.
    Rust,
}

impl Language {
    /// Every language, in the order of the tabs.
    pub const ALL: [Language; 7] = [
        Language::Curl,
        Language::Python,
        Language::JavaScript,
        Language::CSharp,
        Language::Java,
        Language::Go,
        Language::Rust,
    ];

    /// The tab's label.
    pub fn label(self) -> &'static str {
        match self {
            Language::Curl => "curl",
            Language::Python => "Python",
            Language::JavaScript => "Node.js",
            Language::CSharp => "C#",
            Language::Java => "Java",
            Language::Go => "Go",
            Language::Rust => "Rust",
        }
    }

    /// The `lang` of `x-codeSamples`, from the list Redoc highlights.
    fn redoc_lang(self) -> &'static str {
        match self {
            Language::Curl => "Shell",
            Language::JavaScript => "JavaScript",
            other => other.label(),
        }
    }

    /// The language whose `x-codeSamples` `lang` this is.
    pub fn from_redoc_lang(lang: &str) -> Option<Language> {
        Language::ALL
            .into_iter()
            .find(|language| language.redoc_lang() == lang)
    }

    /// The info string of a Markdown code block of this language (GitHub's names).
    pub fn fence(self) -> &'static str {
        match self {
            Language::Curl => "sh",
            Language::Python => "python",
            Language::JavaScript => "javascript",
            Language::CSharp => "csharp",
            Language::Java => "java",
            Language::Go => "go",
            Language::Rust => "rust",
        }
    }

    /// The sample file's extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Language::Curl => "sh",
            Language::Python => "py",
            Language::JavaScript => "mjs",
            Language::CSharp => "cs",
            Language::Java => "java",
            Language::Go => "go",
            Language::Rust => "rs",
        }
    }
}

/// An operation as the samples need it, read from the document.
#[derive(Debug, Clone, PartialEq)]
pub struct SampleRequest {
    /// `createCompany`, …
    pub operation_id: String,
    /// The operation's summary, as the sample's title.
    pub summary: String,
    /// `GET`, `POST`, `PUT`, …
    pub method: String,
    /// The path template: `/integration/customer/{id}`.
    pub path_template: String,
    /// The path with its parameters replaced by their examples.
    pub path: String,
    /// The path parameters' example values, in order.
    pub path_arguments: Vec<String>,
    /// The request body's component schema name and its example, if the operation takes a body.
    pub body: Option<(String, Value)>,
}

impl SampleRequest {
    /// The operation id in snake case (`create_company`): the Rust method, and the stem of every
    /// sample file but Java's.
    pub fn snake_name(&self) -> String {
        snake_case(&self.operation_id)
    }

    /// The sample file's name: `create_company.py`, `CreateCompany.java`, …
    pub fn file_name(&self, language: Language) -> String {
        let stem = match language {
            // javac wants a public class in a file of its name.
            Language::Java => pascal_case(&self.operation_id),
            _ => self.snake_name(),
        };
        format!("{stem}.{}", language.extension())
    }
}

/// A generated sample.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeSample {
    /// The operation it calls.
    pub request: SampleRequest,
    /// Its language.
    pub language: Language,
    /// Its source text.
    pub source: String,
}

/// The document has an operation the samples cannot be written for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot write code samples for {operation}: {problem}")]
pub struct SampleError {
    /// The operation (`POST /integration/company`).
    pub operation: String,
    /// What is missing.
    pub problem: String,
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Every operation of `document`, in document order, with the examples its samples send.
///
/// # Errors
///
/// [`SampleError`] when an operation has no `operationId`, a path parameter has no example, or the
/// body is not a component schema with an example.
pub fn requests(document: &Value) -> Result<Vec<SampleRequest>, SampleError> {
    let mut requests = Vec::new();
    let paths = document.get("paths").and_then(Value::as_object);
    for (path_template, item) in paths.into_iter().flatten() {
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let error = |problem: &str| SampleError {
                operation: format!("{} {path_template}", method.to_uppercase()),
                problem: problem.to_owned(),
            };
            let text = |key: &str| operation.get(key).and_then(Value::as_str);
            let operation_id = text("operationId").ok_or_else(|| error("no operationId"))?;
            let mut path = path_template.clone();
            let mut path_arguments = Vec::new();
            for parameter in operation
                .get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter(|parameter| parameter["in"] == "path")
            {
                let name = parameter["name"].as_str().unwrap_or_default();
                let example = parameter
                    .get("example")
                    .and_then(Value::as_str)
                    .ok_or_else(|| error(&format!("the path parameter {name} has no example")))?;
                path = path.replace(&format!("{{{name}}}"), example);
                path_arguments.push(example.to_owned());
            }
            let body = match operation.pointer("/requestBody/content/application~1json/schema") {
                None => None,
                Some(schema) => Some(body_example(document, schema).ok_or_else(|| {
                    error("the request body is not a component schema with an example")
                })?),
            };
            requests.push(SampleRequest {
                operation_id: operation_id.to_owned(),
                summary: text("summary").unwrap_or(operation_id).to_owned(),
                method: method.to_uppercase(),
                path_template: path_template.clone(),
                path,
                path_arguments,
                body,
            });
        }
    }
    Ok(requests)
}

fn body_example(document: &Value, schema: &Value) -> Option<(String, Value)> {
    let name = schema
        .get("$ref")?
        .as_str()?
        .strip_prefix("#/components/schemas/")?;
    let example = document
        .pointer(&format!("/components/schemas/{name}/example"))?
        .clone();
    Some((name.to_owned(), example))
}

/// Every sample of `document`: each operation in each [`Language`].
///
/// # Errors
///
/// See [`requests`].
pub fn code_samples(document: &Value) -> Result<Vec<CodeSample>, SampleError> {
    let mut samples = Vec::new();
    for request in requests(document)? {
        for language in Language::ALL {
            samples.push(CodeSample {
                source: source(&request, language)?,
                request: request.clone(),
                language,
            });
        }
    }
    Ok(samples)
}

/// Adds `x-codeSamples` to every operation of `document`.
///
/// # Errors
///
/// See [`requests`].
pub(crate) fn annotate(document: &mut Value) -> Result<(), SampleError> {
    for sample_set in code_samples(document)?.chunk_by(|a, b| a.request == b.request) {
        let request = &sample_set[0].request;
        let tabs: Vec<Value> = sample_set
            .iter()
            .map(|sample| {
                json!({
                    "lang": sample.language.redoc_lang(),
                    "label": sample.language.label(),
                    "source": sample.source,
                })
            })
            .collect();
        let pointer = format!(
            "/paths/{}/{}",
            request.path_template.replace('~', "~0").replace('/', "~1"),
            request.method.to_lowercase()
        );
        if let Some(Value::Object(operation)) = document.pointer_mut(&pointer) {
            operation.insert("x-codeSamples".into(), Value::Array(tabs));
        }
    }
    Ok(())
}

/// The program files the samples are written from, one per language, in the language itself:
/// `writers/templates/sample.<extension>`, minijinja templates (`{{ … }}` and `{% if body %}`).
const TEMPLATES: [(Language, &str); 7] = [
    (Language::Curl, include_str!("../templates/sample.sh")),
    (Language::Python, include_str!("../templates/sample.py")),
    (
        Language::JavaScript,
        include_str!("../templates/sample.mjs"),
    ),
    (Language::CSharp, include_str!("../templates/sample.cs")),
    (Language::Java, include_str!("../templates/sample.java")),
    (Language::Go, include_str!("../templates/sample.go")),
    (Language::Rust, include_str!("../templates/sample.rs")),
];

/// The templates, read once: a block tag's line leaves nothing in the output (`trim_blocks`,
/// `lstrip_blocks`), the file's last newline stays, nothing is escaped, and a name the context
/// lacks is an error rather than an empty string.
fn templates() -> Result<&'static minijinja::Environment<'static>, String> {
    static TEMPLATES_READ: OnceLock<Result<minijinja::Environment<'static>, String>> =
        OnceLock::new();
    let read = || -> Result<minijinja::Environment<'static>, minijinja::Error> {
        let mut environment = minijinja::Environment::new();
        environment.set_syntax(
            minijinja::syntax::SyntaxConfig::builder()
                .trim_blocks(true)
                .lstrip_blocks(true)
                .keep_trailing_newline(true)
                .build()?,
        );
        environment.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
        environment.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        for (language, template) in TEMPLATES {
            environment.add_template(language.extension(), template)?;
        }
        Ok(environment)
    };
    TEMPLATES_READ
        .get_or_init(|| read().map_err(|error| format!("{error:#}")))
        .as_ref()
        .map_err(Clone::clone)
}

/// The source of `request`'s sample in `language`: its template, given the request's facts and
/// its body written as that language writes it.
///
/// # Errors
///
/// [`SampleError`] when the template does not render (a name it uses is not given).
pub fn source(request: &SampleRequest, language: Language) -> Result<String, SampleError> {
    let error = |problem: String| SampleError {
        operation: format!("{} {}", request.method, request.path_template),
        problem: format!("the {} template: {problem}", language.label()),
    };
    let template = templates()
        .and_then(|templates| {
            templates
                .get_template(language.extension())
                .map_err(|problem| format!("{problem:#}"))
        })
        .map_err(error)?;
    let body = request
        .body
        .as_ref()
        .map(|(_, body)| body_in(language, body));
    let (body_type, body_variable, arguments) = rust_arguments(request);
    template
        .render(minijinja::context! {
            title => title(request),
            method => &request.method,
            path => &request.path,
            file => request.file_name(language),
            class_name => pascal_case(&request.operation_id),
            function => request.snake_name(),
            arguments,
            body,
            body_type,
            body_variable,
            API_KEY_VARIABLE,
            ACCOUNT_ID_VARIABLE,
            BASE_URL_VARIABLE,
            PRODUCTION_URL,
            API_KEY_HEADER,
            ACCOUNT_ID_HEADER,
        })
        .map_err(|problem| error(format!("{problem:#}")))
}

fn title(request: &SampleRequest) -> String {
    format!(
        "{} ({}): {} {}",
        request.summary, request.operation_id, request.method, request.path_template
    )
}

/// The example body as a literal of `language`, laid out for its place in the template.
fn body_in(language: Language, body: &Value) -> String {
    match language {
        Language::Curl => json_body(body, 0),
        // A Go raw string cannot hold a backquote: close it, add one, reopen it.
        Language::Go => json_body(body, 0).replace('`', "` + \"`\" + `"),
        Language::Python => python_literal(body, 4),
        Language::JavaScript => json_body(body, 2),
        // A verbatim string doubles its quotes.
        Language::CSharp => json_body(body, 4).replace('"', "\"\""),
        // A text block keeps its backslashes only doubled.
        Language::Java => json_body(body, 8).replace('\\', "\\\\"),
        Language::Rust => json_body(body, 4),
    }
}

/// What the Rust sample passes to the client's method: the path parameters, then a body of one
/// field as that field's value (`link_company_customer(company_id, customer_id)`), or a body of
/// more as a typed value bound first (its type and variable name).
fn rust_arguments(request: &SampleRequest) -> (Option<String>, Option<String>, String) {
    let mut arguments: Vec<String> = request
        .path_arguments
        .iter()
        .map(|argument| Value::String(argument.clone()).to_string())
        .collect();
    let (mut body_type, mut body_variable) = (None, None);
    match &request.body {
        Some((_, Value::Object(fields))) if fields.len() == 1 => {
            arguments.extend(fields.values().map(Value::to_string));
        }
        Some((schema, _)) => {
            let variable = snake_case(schema);
            arguments.push(variable.clone());
            body_type = Some(schema.clone());
            body_variable = Some(variable);
        }
        None => {}
    }
    (body_type, body_variable, arguments.join(", "))
}

/// The body as pretty JSON, each line after the first indented by `indent` spaces.
fn json_body(body: &Value, indent: usize) -> String {
    let text = serde_json::to_string_pretty(body).unwrap_or_else(|_| body.to_string());
    indent_lines(&text, indent)
}

fn indent_lines(text: &str, indent: usize) -> String {
    let padding = " ".repeat(indent);
    text.lines()
        .enumerate()
        .map(|(index, line)| {
            if index == 0 || line.is_empty() {
                line.to_owned()
            } else {
                format!("{padding}{line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `value` as a Python literal (`True`, `None`, dicts and lists), indented for its position.
fn python_literal(value: &Value, indent: usize) -> String {
    let padding = " ".repeat(indent + 4);
    let closing = " ".repeat(indent);
    match value {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(number) => number.to_string(),
        Value::String(text) => Value::String(text.clone()).to_string(),
        Value::Array(items) if items.is_empty() => "[]".into(),
        Value::Array(items) => {
            let items: Vec<String> = items
                .iter()
                .map(|item| format!("{padding}{},\n", python_literal(item, indent + 4)))
                .collect();
            format!("[\n{}{closing}]", items.concat())
        }
        Value::Object(fields) if fields.is_empty() => "{}".into(),
        Value::Object(fields) => {
            let fields: Vec<String> = fields
                .iter()
                .map(|(key, item)| {
                    format!(
                        "{padding}{}: {},\n",
                        Value::String(key.clone()),
                        python_literal(item, indent + 4)
                    )
                })
                .collect();
            format!("{{\n{}{closing}}}", fields.concat())
        }
    }
}

/// `createCompany` → `create_company`; `CustomerUpdate` → `customer_update`.
fn snake_case(name: &str) -> String {
    let mut snake = String::with_capacity(name.len() + 4);
    for (index, character) in name.chars().enumerate() {
        if character.is_ascii_uppercase() {
            if index > 0 {
                snake.push('_');
            }
            snake.push(character.to_ascii_lowercase());
        } else {
            snake.push(character);
        }
    }
    snake
}

/// `createCompany` → `CreateCompany`.
fn pascal_case(name: &str) -> String {
    let mut characters = name.chars();
    characters
        .next()
        .map(|first| first.to_ascii_uppercase().to_string() + characters.as_str())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::document;
    use bluetape_model::render::Version;
    use serde_json::Map;

    fn fields(value: &Value) -> &Map<String, Value> {
        value.as_object().unwrap()
    }

    #[test]
    fn every_operation_has_a_sample_in_every_language_in_both_documents() {
        for version in [Version::V3_1, Version::V3_0] {
            let document = document(version).unwrap();
            for (path, item) in fields(&document["paths"]) {
                for (method, operation) in fields(item) {
                    let tabs = operation["x-codeSamples"].as_array().unwrap();
                    let labels: Vec<&str> = tabs
                        .iter()
                        .map(|tab| tab["label"].as_str().unwrap())
                        .collect();
                    assert_eq!(
                        labels,
                        Language::ALL.map(Language::label),
                        "{version} {method} {path}"
                    );
                    for tab in tabs {
                        let source = tab["source"].as_str().unwrap();
                        for needed in [API_KEY_HEADER, ACCOUNT_ID_HEADER, BASE_URL_VARIABLE] {
                            assert!(
                                source.contains(needed) || tab["label"] == "Rust",
                                "{method} {path} {}: {needed}",
                                tab["label"]
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn samples_send_the_documented_example_body_and_path() {
        let document = document(Version::V3_1).unwrap();
        let requests = requests(&document).unwrap();
        let update = requests
            .iter()
            .find(|request| request.operation_id == "updateCustomer")
            .unwrap();
        assert_eq!(update.path, "/integration/customer/dc506b22c7fa");
        assert_eq!(update.method, "PUT");
        let (schema, body) = update.body.as_ref().unwrap();
        assert_eq!(schema, "CustomerUpdate");
        assert_eq!(
            body,
            &serde_json::to_value(bluetape_model::CustomerUpdate::example()).unwrap()
        );
        let curl = source(update, Language::Curl).unwrap();
        assert!(curl.contains("--request PUT"));
        assert!(curl.contains("\"firstName\": \"John\""));
    }

    #[test]
    fn python_literals_use_python_spelling() {
        let value = json!({"a": true, "b": null, "c": [1, "x"], "d": {}});
        assert_eq!(
            python_literal(&value, 0),
            "{\n    \"a\": True,\n    \"b\": None,\n    \"c\": [\n        1,\n        \"x\",\n    ],\n    \"d\": {},\n}"
        );
    }

    #[test]
    fn an_operation_without_an_example_is_refused_by_name() {
        let document = json!({"paths": {"/x/{id}": {"get": {
            "operationId": "getX",
            "parameters": [{"in": "path", "name": "id", "schema": {"type": "string"}}]
        }}}});
        let error = requests(&document).unwrap_err();
        assert_eq!(error.operation, "GET /x/{id}");
        assert!(error.problem.contains("id has no example"));
    }

    #[test]
    fn names_follow_each_language() {
        assert_eq!(snake_case("linkCompanyCustomer"), "link_company_customer");
        assert_eq!(pascal_case("createCompany"), "CreateCompany");
    }
}
