//! `bluetape-mock --seed FILE`, run as a user runs it: a good file is served from the first
//! request; a bad one stops the mock before it listens, naming the JSON pointer.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use serde_json::json;

/// The seed as a temporary file, removed when it is dropped (a test that fails too).
fn seed_file(name: &str, seed: &serde_json::Value) -> tempfile::NamedTempFile {
    let mut file = tempfile::Builder::new()
        .prefix(&format!("bluetape-seed-{name}-"))
        .suffix(".json")
        .tempfile()
        .expect("the temporary folder is writable");
    std::io::Write::write_all(&mut file, seed.to_string().as_bytes())
        .expect("the temporary folder is writable");
    file
}

fn customer(id: &str, email: &str) -> serde_json::Value {
    json!({
        "id": id, "firstName": "Ann", "lastName": "Lee", "emailAddress": email,
        "cellPhoneNumber": "+11234567890", "sourceModifiedDate": "2023-01-04T09:00:00Z"
    })
}

#[test]
fn a_malformed_seed_stops_the_mock_naming_the_pointer() {
    let seed = seed_file(
        "bad",
        &json!({ "customers": [customer("c1", "ann@example.com"), customer("c2", "not-an-email")] }),
    );
    let output = Command::new(env!("CARGO_BIN_EXE_bluetape-mock"))
        .args(["--port", "0", "--seed"])
        .arg(seed.path())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("at /customers/1/emailAddress"), "{stderr}");
    assert!(
        output.stdout.is_empty(),
        "it must not listen: {:?}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn a_seeded_customer_is_served_from_the_first_request() {
    let seed = seed_file(
        "good",
        &json!({ "customers": [customer("c1", "ann@example.com")] }),
    );
    let mut mock = Command::new(env!("CARGO_BIN_EXE_bluetape-mock"))
        .args(["--port", "0", "--seed"])
        .arg(seed.path())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(mock.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line.split_whitespace().last().unwrap().to_owned();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let reply = runtime.block_on(async {
        bluetape_client::Client::builder()
            .base_url(url)
            .api_key(bluetape_mock::DEFAULT_API_KEY)
            .account_id(bluetape_mock::DEFAULT_ACCOUNT_ID)
            .build()
            .unwrap()
            .get_customer_signup("c1")
            .await
    });
    mock.kill().unwrap();
    mock.wait().unwrap();
    assert!(reply.unwrap().sign_up_url.starts_with("https://"));
}

/// A mock on `state` with `seed`: what it printed on stderr until it listened, and its process.
fn start_on_state(
    state: &std::path::Path,
    seed: &std::path::Path,
) -> (std::process::Child, String) {
    let mut mock = Command::new(env!("CARGO_BIN_EXE_bluetape-mock"))
        .args(["--port", "0", "--state"])
        .arg(state)
        .arg("--seed")
        .arg(seed)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the mock starts");
    let mut line = String::new();
    BufReader::new(mock.stdout.take().expect("its stdout"))
        .read_line(&mut line)
        .expect("it prints its URL");
    assert!(line.starts_with("bluetape-mock listening on "), "{line:?}");
    (mock, line)
}

#[test]
fn a_seed_loads_into_an_empty_state_only() {
    let folder = tempfile::tempdir().unwrap();
    let state = folder.path().join("state.db");
    let seed = seed_file(
        "state",
        &json!({ "customers": [customer("c1", "ann@example.com")] }),
    );
    let (mut first, _) = start_on_state(&state, seed.path());
    first.kill().unwrap();
    first.wait().unwrap();
    let (mut second, _) = start_on_state(&state, seed.path());
    second.kill().unwrap();
    let output = second.wait_with_output().unwrap();
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("is not loaded")
            && said.contains("already holds 0 companies and 1 customers"),
        "{said}"
    );
    let store = bluetape_mock::Store::open(&state.display().to_string()).unwrap();
    assert_eq!(
        store.counts(),
        (0, 1),
        "seeded once, kept across the restart"
    );
}
