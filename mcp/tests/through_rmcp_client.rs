//! bluetape-mcp as an assistant's client meets it, through rmcp's own client: in-process over a
//! pipe against a mock, as the installed binary over stdio, and over streamable HTTP.

use std::process::Stdio;

use bluetape_client::Client;
use bluetape_mcp::http::HttpServer;
use bluetape_mcp::{BlueTapeMcp, Target};
use bluetape_mock::{DEFAULT_ACCOUNT_ID, DEFAULT_API_KEY, MockConfig, RunningMock};
use rmcp::model::{CallToolRequestParams, CallToolResult};
use rmcp::service::{RoleClient, RunningService};
use rmcp::transport::{StreamableHttpClientTransport, TokioChildProcess};
use rmcp::{ServiceError, ServiceExt};
use serde_json::{Map, Value, json};

const BINARY: &str = env!("CARGO_BIN_EXE_bluetape-mcp");

async fn mock() -> RunningMock {
    RunningMock::start(MockConfig::default())
        .await
        .expect("the mock starts")
}

fn server_for(mock: &RunningMock, read_only: bool) -> BlueTapeMcp {
    let client = Client::builder()
        .base_url(mock.url())
        .api_key(DEFAULT_API_KEY)
        .account_id(DEFAULT_ACCOUNT_ID)
        .build()
        .expect("the client builds");
    BlueTapeMcp::new(client, &Target::Api, read_only).expect("the catalog loads")
}

/// An rmcp client connected to `server` over an in-process pipe.
async fn connect(server: BlueTapeMcp) -> RunningService<RoleClient, ()> {
    let (server_end, client_end) = tokio::io::duplex(64 * 1024);
    tokio::spawn(async move {
        if let Ok(running) = server.serve(server_end).await {
            let _ = running.waiting().await;
        }
    });
    ().serve(client_end).await.expect("the client connects")
}

/// A mock, and an rmcp client connected to a server over it (read-only when `read_only`).
async fn connected(read_only: bool) -> (RunningMock, RunningService<RoleClient, ()>) {
    let mock = mock().await;
    let client = connect(server_for(&mock, read_only)).await;
    (mock, client)
}

/// Closes the client, then stops the mock.
async fn close(client: RunningService<RoleClient, ()>, mock: RunningMock) {
    client.cancel().await.expect("the client closes");
    mock.shutdown().await.expect("the mock stops");
}

fn arguments(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(fields) => fields,
        _ => panic!("arguments are an object"),
    }
}

async fn call(
    client: &RunningService<RoleClient, ()>,
    tool: &'static str,
    value: Value,
) -> Result<CallToolResult, ServiceError> {
    client
        .call_tool(CallToolRequestParams::new(tool).with_arguments(arguments(value)))
        .await
}

/// [`call`], which must answer (an error of the tool is still an answer).
async fn answered(
    client: &RunningService<RoleClient, ()>,
    tool: &'static str,
    value: Value,
) -> CallToolResult {
    call(client, tool, value).await.expect("the call answers")
}

fn text_of(result: &CallToolResult) -> Value {
    let text = result
        .content
        .first()
        .and_then(|block| block.as_text())
        .map(|text| text.text.clone())
        .expect("a text block");
    serde_json::from_str(&text).expect("the text is JSON")
}

fn company(id: &str, amount: &str) -> Value {
    json!({
        "id": id,
        "businessName": "Acme Inc.",
        "businessAddress": "1400 24th Ave, San Francisco, CA 94122, USA",
        "sourceModifiedDate": "2024-03-09T00:10:20.300Z",
        "creditDetails": {"creditAmount": amount, "creditStatus": "active"},
    })
}

use test_support::customer_json as customer;

#[tokio::test]
async fn lists_the_tools_as_generated() {
    let (mock, client) = connected(false).await;
    let tools = client.list_all_tools().await.expect("tools/list answers");
    let listed = serde_json::to_value(&tools).expect("tools serialize");
    // Sorted: the order of an object's keys depends on serde_json's `preserve_order`, which other
    // crates of a workspace build turn on.
    insta::with_settings!({sort_maps => true}, {
        insta::assert_json_snapshot!("tools_list", listed);
    });
    let info = client.peer_info().expect("the server introduced itself");
    let instructions = info.instructions.clone().unwrap_or_default();
    assert!(instructions.contains(mock.url()), "{instructions}");
    close(client, mock).await;
}

#[tokio::test]
async fn every_tool_calls_its_operation_and_amounts_arrive_digit_for_digit() {
    let (mock, client) = connected(false).await;

    // 27 significant digits: more than an f64 holds.
    let exact = company("mcp-co-1", "1234567890123456789012345.67");
    let created = answered(&client, "create_company", exact).await;
    assert_eq!(created.is_error, Some(false), "{created:?}");
    let reply = created.structured_content.expect("structured content");
    assert!(reply["blueTapeId"].is_string(), "{reply}");

    let journal = mock.journal(Some("createCompany"));
    let body = serde_json::to_string(&journal).expect("the journal serializes");
    assert!(
        body.contains("1234567890123456789012345.67"),
        "the amount reached the mock digit for digit: {body}"
    );

    let created = answered(&client, "create_customer", customer("mcp-cu-1")).await;
    assert_eq!(created.is_error, Some(false), "{created:?}");
    let linked = call(
        &client,
        "link_company_customer",
        json!({"id": "mcp-co-1", "customerId": "mcp-cu-1"}),
    )
    .await
    .expect("the call answers");
    assert_eq!(linked.is_error, Some(false), "{linked:?}");
    let mut update = customer("mcp-cu-1");
    update.as_object_mut().expect("an object").remove("id");
    update["id"] = json!("mcp-cu-1");
    update["firstName"] = json!("Augusta");
    let updated = answered(&client, "update_customer", update).await;
    assert_eq!(updated.is_error, Some(false), "{updated:?}");
    let signup = answered(&client, "get_customer_signup", json!({"id": "mcp-cu-1"})).await;
    assert_eq!(signup.is_error, Some(false), "{signup:?}");
    let url = &signup.structured_content.expect("structured content")["signUpUrl"];
    assert!(
        url.as_str().is_some_and(|url| url.starts_with("http")),
        "{url}"
    );

    close(client, mock).await;
}

#[tokio::test]
async fn failures_are_text_only_errors_and_an_unknown_tool_is_a_protocol_error() {
    let (mock, client) = connected(false).await;

    let unknown = call(
        &client,
        "get_customer_signup",
        json!({"id": "no-such-customer"}),
    )
    .await
    .expect("the call answers");
    assert_eq!(unknown.is_error, Some(true));
    assert!(unknown.structured_content.is_none(), "{unknown:?}");
    let error = text_of(&unknown);
    assert_eq!(error["status"], 404, "{error}");
    assert_eq!(error["code"], "404", "{error}");
    assert!(
        error["reason"].is_string() && error["requestId"].is_string(),
        "{error}"
    );

    answered(&client, "create_company", company("mcp-dup", "1")).await;
    let duplicate = answered(&client, "create_company", company("mcp-dup", "1")).await;
    assert_eq!(text_of(&duplicate)["status"], 409);

    let mut numeric = company("mcp-numeric", "1");
    numeric["creditDetails"]["creditAmount"] = json!(888.33);
    let refused = answered(&client, "create_company", numeric).await;
    assert_eq!(refused.is_error, Some(true));
    assert_eq!(text_of(&refused)["field"], "creditDetails.creditAmount");
    assert!(
        mock.journal(Some("createCompany"))
            .iter()
            .all(|entry| !serde_json::to_string(entry)
                .unwrap_or_default()
                .contains("mcp-numeric")),
        "a refused call sends nothing"
    );

    let no_tool = call(&client, "delete_everything", json!({})).await;
    assert!(
        matches!(no_tool, Err(ServiceError::McpError(ref error)) if error.message.contains("unknown tool")),
        "{no_tool:?}"
    );

    close(client, mock).await;
}

#[tokio::test]
async fn read_only_serves_the_gets_alone() {
    let (mock, client) = connected(true).await;
    let tools = client.list_all_tools().await.expect("tools/list answers");
    let names: Vec<&str> = tools.iter().map(|tool| tool.name.as_ref()).collect();
    // The tools of the GET operations: what the document says reads.
    let all = bluetape_mcp::Catalog::load(false).expect("the catalog loads");
    let gets: Vec<&str> = all
        .entries()
        .filter(|entry| entry.operation.method == "GET")
        .map(|entry| entry.tool.name.as_ref())
        .collect();
    assert_eq!(names, gets);
    assert!(names.contains(&"get_customer_signup"), "{names:?}");
    let create = call(&client, "create_company", company("mcp-ro", "1")).await;
    assert!(create.is_err(), "{create:?}");
    assert!(mock.journal(Some("createCompany")).is_empty());
    close(client, mock).await;
}

/// The binary with nothing of the environment but `variables`.
fn binary(variables: &[(&str, &str)], flags: &[&str]) -> tokio::process::Command {
    let mut command = tokio::process::Command::new(BINARY);
    command.env_clear().args(flags);
    for (name, value) in variables {
        command.env(name, value);
    }
    command
}

#[tokio::test]
async fn a_missing_credential_stops_it_at_start_naming_the_variable_not_the_value() {
    let secret = "key-that-must-never-show";
    for (variables, missing) in [
        (vec![("BLUETAPE_API_KEY", secret)], "BLUETAPE_ACCOUNT_ID"),
        (vec![("BLUETAPE_ACCOUNT_ID", secret)], "BLUETAPE_API_KEY"),
    ] {
        let output = binary(&variables, &[])
            .stdin(Stdio::null())
            .output()
            .await
            .expect("the binary runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(missing), "{stderr}");
        assert!(!stderr.contains(secret), "{stderr}");
        assert!(output.stdout.is_empty());
    }
}

#[tokio::test]
async fn the_binary_over_stdio_uses_the_environment_and_never_shows_the_credentials() {
    let api_key = "env-key-7f3a9c";
    let account_id = "env-account-5d21b8";
    let mock = RunningMock::start(MockConfig::with_credentials(api_key, account_id))
        .await
        .expect("the mock starts");
    let command = binary(
        &[
            ("BLUETAPE_API_KEY", api_key),
            ("BLUETAPE_ACCOUNT_ID", account_id),
            ("BLUETAPE_BASE_URL", mock.url()),
            ("RUST_LOG", "debug"),
        ],
        &[],
    );
    let (transport, stderr) = TokioChildProcess::builder(command)
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let client = ().serve(transport).await.expect("the client connects");
    let created = answered(&client, "create_customer", customer("mcp-env-1")).await;
    assert_eq!(created.is_error, Some(false), "{created:?}");
    let failed = answered(&client, "get_customer_signup", json!({"id": "mcp-none"})).await;
    assert_eq!(failed.is_error, Some(true));
    let info = client.peer_info().expect("the server introduced itself");
    let shown = format!("{created:?}{failed:?}{info:?}");
    client.cancel().await.expect("the client closes");

    let mut log = String::new();
    if let Some(mut stderr) = stderr {
        use tokio::io::AsyncReadExt;
        stderr.read_to_string(&mut log).await.expect("stderr reads");
    }
    assert!(log.contains("tool call"), "{log}");
    for secret in [api_key, account_id] {
        assert!(!log.contains(secret), "the log shows a credential: {log}");
        assert!(!shown.contains(secret), "a result shows a credential");
    }
    mock.shutdown().await.expect("the mock stops");
}

#[tokio::test]
async fn mock_flag_needs_no_credentials() {
    let command = binary(&[], &["--mock"]);
    let client =
        ().serve(TokioChildProcess::new(command).expect("the binary starts"))
            .await
            .expect("the client connects");
    let created = call(
        &client,
        "create_company",
        company("mcp-offline", "10000.00"),
    )
    .await
    .expect("the call answers");
    assert_eq!(created.is_error, Some(false), "{created:?}");
    let info = client.peer_info().expect("the server introduced itself");
    let instructions = info.instructions.clone().unwrap_or_default();
    assert!(instructions.contains("--mock"), "{instructions}");
    client.cancel().await.expect("the client closes");
}

#[tokio::test]
async fn streamable_http_serves_loopback_and_refuses_foreign_host_and_origin() {
    let mock = mock().await;
    let http = HttpServer::bind(
        "127.0.0.1:0".parse().expect("an address"),
        server_for(&mock, false),
    )
    .await
    .expect("it binds");
    let url = http.url();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(http.run(async {
        let _ = stopped.await;
    }));

    let client =
        ().serve(StreamableHttpClientTransport::from_uri(url.clone()))
            .await
            .expect("the client connects over HTTP");
    let tools = client.list_all_tools().await.expect("tools/list answers");
    assert_eq!(tools.len(), bluetape_mcp::dispatch::OPERATION_IDS.len());
    let signup = answered(&client, "get_customer_signup", json!({"id": "none"})).await;
    assert_eq!(text_of(&signup)["status"], 404);
    client.cancel().await.expect("the client closes");

    let initialize = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-11-25", "capabilities": {},
        "clientInfo": {"name": "probe", "version": "1"}}});
    let http_client = reqwest::Client::new();
    let post = |headers: &[(&str, &str)]| {
        let mut request = http_client
            .post(&url)
            .header("content-type", "application/json")
            .header("accept", "application/json, text/event-stream")
            .body(initialize.to_string());
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send()
    };
    let own = post(&[]).await.expect("it answers");
    assert!(own.status().is_success(), "{}", own.status());
    let rebinding = post(&[("host", "attacker.example")])
        .await
        .expect("it answers");
    assert_eq!(rebinding.status(), 403, "a foreign Host is refused");
    let page = post(&[("origin", "https://evil.example")])
        .await
        .expect("it answers");
    assert_eq!(page.status(), 403, "a foreign Origin is refused");

    let off_loopback = HttpServer::bind(
        "0.0.0.0:0".parse().expect("an address"),
        server_for(&mock, false),
    )
    .await;
    assert!(off_loopback.is_err(), "only loopback is served");

    let _ = stop.send(());
    serving
        .await
        .expect("the server task ends")
        .expect("the server stops cleanly");
    mock.shutdown().await.expect("the mock stops");
}

#[tokio::test]
async fn a_post_that_timed_out_may_have_been_applied_and_a_get_says_nothing_of_the_kind() {
    let mock = mock().await;
    mock.add_fault(bluetape_mock::FaultRule::always(
        bluetape_mock::FaultKind::Latency {
            milliseconds: 2_000,
        },
    ))
    .expect("the fault is set");
    let client = Client::builder()
        .base_url(mock.url())
        .api_key(DEFAULT_API_KEY)
        .account_id(DEFAULT_ACCOUNT_ID)
        .timeout(std::time::Duration::from_millis(300))
        .retry_policy(bluetape_client::RetryPolicy::none())
        .build()
        .expect("the client builds");
    let server = BlueTapeMcp::new(client, &Target::Api, false).expect("the catalog loads");
    let connected = connect(server).await;

    let slow_post = call(&connected, "create_company", company("mcp-slow", "1"))
        .await
        .expect("the call answers");
    assert_eq!(slow_post.is_error, Some(true));
    let error = text_of(&slow_post);
    assert_eq!(error["error"], "timeout", "{error}");
    assert_eq!(error["mayHaveBeenApplied"], true, "{error}");

    let slow_get = call(&connected, "get_customer_signup", json!({"id": "anyone"}))
        .await
        .expect("the call answers");
    let error = text_of(&slow_get);
    assert_eq!(error["error"], "timeout", "{error}");
    assert!(error.get("mayHaveBeenApplied").is_none(), "{error}");
    connected.cancel().await.expect("the client closes");
    mock.shutdown().await.expect("the mock stops");
}

#[tokio::test]
async fn a_line_that_is_not_json_gets_a_parse_error_and_the_server_reads_on() {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let mut child = binary(&[], &["--mock"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("the binary starts");
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout is piped")).lines();
    // One line in, one reply out, within 10 s: silence fails the test.
    let mut ask = async |line: String| -> Value {
        stdin
            .write_all(format!("{line}\n").as_bytes())
            .await
            .expect("stdin takes the line");
        let reply = tokio::time::timeout(std::time::Duration::from_secs(10), stdout.next_line())
            .await
            .expect("a reply within 10 s, not silence")
            .expect("stdout reads")
            .expect("a line");
        serde_json::from_str(&reply).expect("the reply is JSON")
    };

    let reply = ask("this is not json".into()).await;
    assert_eq!(reply["error"]["code"], -32700, "{reply}");
    assert_eq!(reply["id"], Value::Null, "{reply}");

    let reply = ask(r#"{"jsonrpc":"2.0","id":3,"method":17}"#.into()).await;
    assert_eq!(reply["error"]["code"], -32600, "{reply}");
    assert_eq!(reply["id"], 3, "{reply}");

    let initialize = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {},
        "clientInfo": {"name": "test", "version": "0"}}});
    let reply = ask(initialize.to_string()).await;
    assert_eq!(reply["id"], 1, "{reply}");
    assert!(reply["result"]["serverInfo"].is_object(), "{reply}");
    drop(stdin);
    let _ = child.wait().await;
}
