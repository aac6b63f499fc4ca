//! Code samples: one program per operation and language, generated from the document's own
//! operation metadata (method, path, the path parameter's example) and the example of its request
//! body, so that a model change rewrites every sample.
//!
//! They go into both documents as `x-codeSamples` (which Redoc shows as tabs) and into
//! `openapi/samples/` as files to copy; `cargo xtask ecosystem` runs every one against the mock.
//!
//! Every sample reads `BLUETAPE_API_KEY`, `BLUETAPE_ACCOUNT_ID` and `BLUETAPE_BASE_URL` (production
//! when unset), sends both headers and the example body, prints the success body, and on an error
//! prints the status and the API's `{code, reason}` and exits non-zero. None follows a redirect:
//! the credentials must go to the base URL and nowhere else, as with `bluetape-client`.

use std::fmt::Write as _;

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
    Ok(requests(document)?
        .into_iter()
        .flat_map(|request| {
            Language::ALL.map(|language| CodeSample {
                source: source(&request, language),
                request: request.clone(),
                language,
            })
        })
        .collect())
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

/// The source of `request`'s sample in `language`.
pub fn source(request: &SampleRequest, language: Language) -> String {
    match language {
        Language::Curl => curl(request),
        Language::Python => python(request),
        Language::JavaScript => javascript(request),
        Language::CSharp => csharp(request),
        Language::Java => java(request),
        Language::Go => go(request),
        Language::Rust => rust(request),
    }
}

fn title(request: &SampleRequest) -> String {
    format!(
        "{} ({}): {} {}",
        request.summary, request.operation_id, request.method, request.path_template
    )
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

fn curl(request: &SampleRequest) -> String {
    let mut text = format!(
        "#!/bin/sh\n\
         # {title}\n\
         # Needs {API_KEY_VARIABLE} and {ACCOUNT_ID_VARIABLE}; {BASE_URL_VARIABLE} defaults to production.\n\
         # On an error curl prints the API's {{\"code\", \"reason\"}} and exits 22. It follows no redirect.\n\
         curl --silent --show-error --fail-with-body \\\n  \
           --request {method} \"${{{BASE_URL_VARIABLE}:-{PRODUCTION_URL}}}{path}\" \\\n  \
           --header \"{API_KEY_HEADER}: ${{{API_KEY_VARIABLE}:?set {API_KEY_VARIABLE}}}\" \\\n  \
           --header \"{ACCOUNT_ID_HEADER}: ${{{ACCOUNT_ID_VARIABLE}:?set {ACCOUNT_ID_VARIABLE}}}\"",
        title = title(request),
        method = request.method,
        path = request.path,
    );
    match &request.body {
        Some((_, body)) => {
            let _ = write!(
                text,
                " \\\n  --header \"Content-Type: application/json\" \\\n  --data @- <<'JSON'\n{}\nJSON\n",
                json_body(body, 0)
            );
        }
        None => text.push('\n'),
    }
    text
}

fn python(request: &SampleRequest) -> String {
    let body_argument = match &request.body {
        Some((_, body)) => format!("    json={},\n", python_literal(body, 4)),
        None => String::new(),
    };
    format!(
        "\"\"\"{title}\n\n\
         Needs {API_KEY_VARIABLE} and {ACCOUNT_ID_VARIABLE}; {BASE_URL_VARIABLE} defaults to production.\n\
         \"\"\"\n\
         import json\n\
         import os\n\
         import sys\n\n\
         import requests\n\n\
         base_url = os.environ.get(\"{BASE_URL_VARIABLE}\", \"{PRODUCTION_URL}\")\n\
         response = requests.request(\n    \
             \"{method}\",\n    \
             f\"{{base_url}}{path}\",\n    \
             headers={{\n        \
                 \"{API_KEY_HEADER}\": os.environ[\"{API_KEY_VARIABLE}\"],\n        \
                 \"{ACCOUNT_ID_HEADER}\": os.environ[\"{ACCOUNT_ID_VARIABLE}\"],\n    \
             }},\n\
         {body_argument}    \
             # The credentials go to the base URL only: never follow a redirect with them.\n    \
             allow_redirects=False,\n    \
             timeout=30,\n\
         )\n\
         if not response.ok:\n    \
             try:\n        \
                 error = response.json()\n        \
                 print(f\"{{response.status_code}} {{error['code']}}: {{error['reason']}}\", file=sys.stderr)\n    \
             except (ValueError, KeyError, TypeError):\n        \
                 print(f\"{{response.status_code}} {{response.text}}\", file=sys.stderr)\n    \
             sys.exit(1)\n\
         print(json.dumps(response.json(), indent=2))\n",
        title = title(request),
        method = request.method,
        path = request.path,
    )
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

fn javascript(request: &SampleRequest) -> String {
    let (content_type, body) = match &request.body {
        Some((_, body)) => (
            "\n    'Content-Type': 'application/json',",
            format!("\n  body: JSON.stringify({}),", json_body(body, 2)),
        ),
        None => ("", String::new()),
    };
    format!(
        "// {title}\n\
         // Node.js 18 or newer, no package. Needs {API_KEY_VARIABLE} and {ACCOUNT_ID_VARIABLE};\n\
         // {BASE_URL_VARIABLE} defaults to production. Run: node {file}\n\
         for (const name of ['{API_KEY_VARIABLE}', '{ACCOUNT_ID_VARIABLE}']) {{\n  \
           if (!process.env[name]) {{\n    \
             console.error(`Set ${{name}}.`);\n    \
             process.exit(2);\n  \
           }}\n\
         }}\n\
         const baseUrl = process.env.{BASE_URL_VARIABLE} ?? '{PRODUCTION_URL}';\n\
         const response = await fetch(`${{baseUrl}}{path}`, {{\n  \
           method: '{method}',\n  \
           headers: {{\n    \
             '{API_KEY_HEADER}': process.env.{API_KEY_VARIABLE},\n    \
             '{ACCOUNT_ID_HEADER}': process.env.{ACCOUNT_ID_VARIABLE},{content_type}\n  \
           }},{body}\n  \
           // The credentials go to the base URL only: never follow a redirect with them.\n  \
           redirect: 'manual',\n  \
           signal: AbortSignal.timeout(30_000),\n\
         }});\n\
         const text = await response.text();\n\
         if (!response.ok) {{\n  \
           let error;\n  \
           try {{\n    \
             const {{ code, reason }} = JSON.parse(text);\n    \
             error = `${{code}}: ${{reason}}`;\n  \
           }} catch {{\n    \
             error = text;\n  \
           }}\n  \
           console.error(`${{response.status}} ${{error}}`);\n  \
           process.exit(1);\n\
         }}\n\
         console.log(JSON.stringify(JSON.parse(text), null, 2));\n",
        title = title(request),
        file = request.file_name(Language::JavaScript),
        method = request.method,
        path = request.path,
    )
}

fn csharp(request: &SampleRequest) -> String {
    let class = pascal_case(&request.operation_id);
    let (body_constant, content) = match &request.body {
        Some((_, body)) => (
            format!(
                "    private const string Body = @\"{}\";\n\n",
                json_body(body, 4).replace('"', "\"\"")
            ),
            "            request.Content = new StringContent(Body, Encoding.UTF8, \"application/json\");\n",
        ),
        None => (String::new(), ""),
    };
    let file = request.file_name(Language::CSharp);
    let exe = file.replace(".cs", ".exe");
    format!(
        "// {title}\n\
         // Needs {API_KEY_VARIABLE} and {ACCOUNT_ID_VARIABLE}; {BASE_URL_VARIABLE} defaults to production.\n\
         // Mono: mcs -r:System.Net.Http.dll {file} && mono {exe}; or the Main of a .NET console project.\n\
         using System;\n\
         using System.Net.Http;\n\
         using System.Text;\n\
         using System.Threading.Tasks;\n\n\
         public static class {class}\n\
         {{\n\
         {body_constant}    \
             public static int Main()\n    \
             {{\n        \
                 return Run().GetAwaiter().GetResult();\n    \
             }}\n\n    \
             private static async Task<int> Run()\n    \
             {{\n        \
                 var baseUrl = Environment.GetEnvironmentVariable(\"{BASE_URL_VARIABLE}\") ?? \"{PRODUCTION_URL}\";\n        \
                 // The credentials go to the base URL only: never follow a redirect with them.\n        \
                 using (var client = new HttpClient(new HttpClientHandler {{ AllowAutoRedirect = false }}))\n        \
                 using (var request = new HttpRequestMessage(new HttpMethod(\"{method}\"), baseUrl + \"{path}\"))\n        \
                 {{\n            \
                     request.Headers.Add(\"{API_KEY_HEADER}\", Required(\"{API_KEY_VARIABLE}\"));\n            \
                     request.Headers.Add(\"{ACCOUNT_ID_HEADER}\", Required(\"{ACCOUNT_ID_VARIABLE}\"));\n\
         {content}            \
                     using (var response = await client.SendAsync(request))\n            \
                     {{\n                \
                         var text = await response.Content.ReadAsStringAsync();\n                \
                         if (!response.IsSuccessStatusCode)\n                \
                         {{\n                    \
                             // The body is the API's error: {{\"code\": \"…\", \"reason\": \"…\"}}.\n                    \
                             Console.Error.WriteLine((int)response.StatusCode + \" \" + text);\n                    \
                             return 1;\n                \
                         }}\n                \
                         Console.WriteLine(text);\n                \
                         return 0;\n            \
                     }}\n        \
                 }}\n    \
             }}\n\n    \
             private static string Required(string name)\n    \
             {{\n        \
                 var value = Environment.GetEnvironmentVariable(name);\n        \
                 if (string.IsNullOrEmpty(value))\n        \
                 {{\n            \
                     throw new InvalidOperationException(\"Set \" + name + \".\");\n        \
                 }}\n        \
                 return value;\n    \
             }}\n\
         }}\n",
        title = title(request),
        method = request.method,
        path = request.path,
    )
}

fn java(request: &SampleRequest) -> String {
    let class = pascal_case(&request.operation_id);
    let (body_constant, publisher, content_type) = match &request.body {
        Some((_, body)) => (
            format!(
                "    private static final String BODY = \"\"\"\n        {}\n        \"\"\";\n\n",
                json_body(body, 8).replace('\\', "\\\\")
            ),
            "HttpRequest.BodyPublishers.ofString(BODY)",
            "\n                .header(\"Content-Type\", \"application/json\")",
        ),
        None => (String::new(), "HttpRequest.BodyPublishers.noBody()", ""),
    };
    format!(
        "// {title}\n\
         // Java 17, no dependency. Needs {API_KEY_VARIABLE} and {ACCOUNT_ID_VARIABLE}; {BASE_URL_VARIABLE}\n\
         // defaults to production. Run: java {file}\n\
         import java.net.URI;\n\
         import java.net.http.HttpClient;\n\
         import java.net.http.HttpRequest;\n\
         import java.net.http.HttpResponse;\n\
         import java.time.Duration;\n\n\
         public class {class} {{\n\
         {body_constant}    \
             public static void main(String[] args) throws Exception {{\n        \
                 String baseUrl = System.getenv().getOrDefault(\"{BASE_URL_VARIABLE}\", \"{PRODUCTION_URL}\");\n        \
                 HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + \"{path}\"))\n                \
                         .timeout(Duration.ofSeconds(30))\n                \
                         .header(\"{API_KEY_HEADER}\", required(\"{API_KEY_VARIABLE}\"))\n                \
                         .header(\"{ACCOUNT_ID_HEADER}\", required(\"{ACCOUNT_ID_VARIABLE}\")){content_type}\n                \
                         .method(\"{method}\", {publisher})\n                \
                         .build();\n        \
                 // HttpClient follows no redirect by default: the credentials go to the base URL only.\n        \
                 HttpResponse<String> response = HttpClient.newHttpClient()\n                \
                         .send(request, HttpResponse.BodyHandlers.ofString());\n        \
                 if (response.statusCode() >= 300) {{\n            \
                     // The body is the API's error: {{\"code\": \"…\", \"reason\": \"…\"}}.\n            \
                     System.err.println(response.statusCode() + \" \" + response.body());\n            \
                     System.exit(1);\n        \
                 }}\n        \
                 System.out.println(response.body());\n    \
             }}\n\n    \
             private static String required(String name) {{\n        \
                 String value = System.getenv(name);\n        \
                 if (value == null || value.isEmpty()) {{\n            \
                     throw new IllegalStateException(\"Set \" + name + \".\");\n        \
                 }}\n        \
                 return value;\n    \
             }}\n\
         }}\n",
        title = title(request),
        file = request.file_name(Language::Java),
        method = request.method,
        path = request.path,
    )
}

fn go(request: &SampleRequest) -> String {
    let (body_constant, reader, content_type) = match &request.body {
        Some((_, body)) => (
            format!(
                "const body = `{}`\n\n",
                json_body(body, 0).replace('`', "` + \"`\" + `")
            ),
            "strings.NewReader(body)",
            "\trequest.Header.Set(\"Content-Type\", \"application/json\")\n",
        ),
        None => (String::new(), "nil", ""),
    };
    let strings_import = if request.body.is_some() {
        "\t\"strings\"\n"
    } else {
        ""
    };
    format!(
        "// {title}\n\
         // Standard library only. Needs {API_KEY_VARIABLE} and {ACCOUNT_ID_VARIABLE}; {BASE_URL_VARIABLE}\n\
         // defaults to production. Run: go run {file}\n\
         package main\n\n\
         import (\n\
         \t\"fmt\"\n\
         \t\"io\"\n\
         \t\"net/http\"\n\
         \t\"os\"\n\
         {strings_import}\
         \t\"time\"\n\
         )\n\n\
         {body_constant}\
         func main() {{\n\
         \tbaseURL := os.Getenv(\"{BASE_URL_VARIABLE}\")\n\
         \tif baseURL == \"\" {{\n\
         \t\tbaseURL = \"{PRODUCTION_URL}\"\n\
         \t}}\n\
         \trequest, err := http.NewRequest(\"{method}\", baseURL+\"{path}\", {reader})\n\
         \tcheck(err)\n\
         \trequest.Header.Set(\"{API_KEY_HEADER}\", required(\"{API_KEY_VARIABLE}\"))\n\
         \trequest.Header.Set(\"{ACCOUNT_ID_HEADER}\", required(\"{ACCOUNT_ID_VARIABLE}\"))\n\
         {content_type}\
         \tclient := &http.Client{{\n\
         \t\tTimeout: 30 * time.Second,\n\
         \t\t// The credentials go to the base URL only: never follow a redirect with them.\n\
         \t\tCheckRedirect: func(*http.Request, []*http.Request) error {{ return http.ErrUseLastResponse }},\n\
         \t}}\n\
         \tresponse, err := client.Do(request)\n\
         \tcheck(err)\n\
         \tdefer response.Body.Close()\n\
         \treply, err := io.ReadAll(response.Body)\n\
         \tcheck(err)\n\
         \tif response.StatusCode >= 300 {{\n\
         \t\t// The body is the API's error: {{\"code\": \"…\", \"reason\": \"…\"}}.\n\
         \t\tfmt.Fprintf(os.Stderr, \"%d %s\\n\", response.StatusCode, reply)\n\
         \t\tos.Exit(1)\n\
         \t}}\n\
         \tfmt.Println(string(reply))\n\
         }}\n\n\
         func required(name string) string {{\n\
         \tvalue := os.Getenv(name)\n\
         \tif value == \"\" {{\n\
         \t\tfmt.Fprintf(os.Stderr, \"Set %s.\\n\", name)\n\
         \t\tos.Exit(2)\n\
         \t}}\n\
         \treturn value\n\
         }}\n\n\
         func check(err error) {{\n\
         \tif err != nil {{\n\
         \t\tfmt.Fprintln(os.Stderr, err)\n\
         \t\tos.Exit(1)\n\
         \t}}\n\
         }}\n",
        title = title(request),
        file = request.file_name(Language::Go),
        method = request.method,
        path = request.path,
    )
}

/// The hand-written client passes a body of one field as that field's value
/// (`link_company_customer(company_id, customer_id)`), any other body as a typed value.
fn rust(request: &SampleRequest) -> String {
    let mut arguments: Vec<String> = request
        .path_arguments
        .iter()
        .map(|argument| Value::String(argument.clone()).to_string())
        .collect();
    let mut body_binding = String::new();
    match &request.body {
        Some((_, Value::Object(fields))) if fields.len() == 1 => {
            arguments.extend(fields.values().map(Value::to_string));
        }
        Some((schema, body)) => {
            let variable = snake_case(schema);
            let _ = writeln!(
                body_binding,
                "    let {variable}: types::{schema} = serde_json::from_value(serde_json::json!({}))?;",
                json_body(body, 4)
            );
            arguments.push(variable);
        }
        None => {}
    }
    let arguments = arguments.join(", ");
    let method = request.snake_name();
    // Laid out as rustfmt lays it out (a chain wider than 60 characters is split), so that the
    // committed file is already formatted.
    let call = if format!("client.{method}({arguments}).await?").len() > 60 {
        format!("client\n        .{method}({arguments})\n        .await?")
    } else {
        format!("client.{method}({arguments}).await?")
    };
    let uses = if body_binding.is_empty() {
        "use bluetape_client::Client;"
    } else {
        "use bluetape_client::{Client, types};"
    };
    format!(
        "//! {title}\n\
         //! Needs {API_KEY_VARIABLE} and {ACCOUNT_ID_VARIABLE}; {BASE_URL_VARIABLE} defaults to production.\n\
         //! The client sends the credentials to the base URL only and follows no redirect.\n\
         //! Depends on bluetape-client, serde_json and tokio (see Cargo.toml beside this file).\n\
         {uses}\n\n\
         #[tokio::main]\n\
         async fn main() -> std::process::ExitCode {{\n    \
             match run().await {{\n        \
                 Ok(()) => std::process::ExitCode::SUCCESS,\n        \
                 Err(error) => {{\n            \
                     // An API error reads \"BlueTape answered <status>: <reason> (code <code>)\".\n            \
                     eprintln!(\"{{error}}\");\n            \
                     std::process::ExitCode::FAILURE\n        \
                 }}\n    \
             }}\n\
         }}\n\n\
         async fn run() -> Result<(), Box<dyn std::error::Error>> {{\n    \
             let client = Client::from_env()?;\n\
         {body_binding}    \
             let reply = {call};\n    \
             println!(\"{{}}\", serde_json::to_string_pretty(&reply)?);\n    \
             Ok(())\n\
         }}\n",
        title = title(request),
    )
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
        let curl = source(update, Language::Curl);
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
