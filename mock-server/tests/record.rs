//! `bluetape-mock proxy --record FILE`: what the upstream accepted through the proxy becomes a
//! seed, with the ids and sign-up URLs the upstream issued, which `bluetape-mock --seed FILE`
//! starts from. A refused call is not recorded, and no credential is ever written.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use bluetape_mock::{MockConfig, RunningMock};
use serde_json::{Value, json};

/// The binary with `arguments`, and the URL it prints once it listens.
fn start(arguments: &[&str]) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bluetape-mock"))
        .args(arguments)
        .args(["--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("it starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("its stdout"))
        .read_line(&mut line)
        .expect("it prints its URL");
    let Some(url) = line.trim().strip_prefix("bluetape-mock listening on ") else {
        let mut said = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().expect("its stderr"), &mut said)
            .expect("readable");
        panic!("{arguments:?} did not start: {said}");
    };
    let url = url.to_owned();
    (child, url)
}

struct Caller {
    client: reqwest::Client,
    url: String,
    key: String,
    account: String,
}

impl Caller {
    /// `body` as text: a `Value` would hold the 27-digit amount as a float.
    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<String>,
    ) -> (u16, Value) {
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.url))
            .header("X-BlueTape-Key", &self.key)
            .header("X-Integration-AccountId", &self.account);
        if let Some(body) = body {
            request = request
                .header("Content-Type", "application/json")
                .body(body);
        }
        let reply = request.send().await.expect("it answers");
        let status = reply.status().as_u16();
        let text = reply.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }
}

fn customer(id: &str) -> Value {
    json!({
        "id": id, "firstName": "Ann", "lastName": "Lee", "emailAddress": "ann@example.com",
        "cellPhoneNumber": "+11234567890", "sourceModifiedDate": "2023-01-04T09:00:00Z"
    })
}

/// The amount that must reach the seed digit for digit.
const AMOUNT: &str = "1234567890123456789012345.67";

fn company(id: &str, customers: Value) -> Value {
    json!({
        "id": id, "businessName": "Acme Inc.", "businessAddress": "1 Main St",
        "sourceModifiedDate": "2023-01-04T09:00:00Z",
        "creditDetails": {"creditAmount": "AMOUNT"},
        "customers": customers
    })
}

/// `value` as a request body, the amount written out exactly.
fn body(value: Value) -> Option<String> {
    Some(value.to_string().replace("\"AMOUNT\"", AMOUNT))
}

#[tokio::test(flavor = "multi_thread")]
async fn what_the_upstream_accepted_seeds_a_mock_with_its_ids() {
    let nonce = std::process::id();
    let (key, account) = (
        format!("record-key-{nonce}-Qz"),
        format!("record-account-{nonce}-Jw"),
    );
    let upstream = RunningMock::start(MockConfig::with_credentials(&key, &account))
        .await
        .expect("the upstream starts");
    let folder = tempfile::tempdir().expect("a temporary folder");
    let seed = folder.path().join("recorded.json");
    let seed_path = seed.display().to_string();
    let (mut proxy, proxy_url) = start(&[
        "proxy",
        "--upstream",
        upstream.url(),
        "--record",
        &seed_path,
    ]);
    let through = Caller {
        client: reqwest::Client::new(),
        url: proxy_url,
        key: key.clone(),
        account: account.clone(),
    };
    use reqwest::Method;
    let (status, co1) = through
        .call(Method::POST, "/integration/company", body(company("co1", json!([{"id": "cu1", "firstName": "Bo", "lastName": "Ray", "emailAddress": "bo@example.com", "cellPhoneNumber": "+11234567891", "sourceModifiedDate": "2023-01-04T09:00:00Z"}]))))
        .await;
    assert_eq!(status, 201, "{co1}");
    let (status, cu2) = through
        .call(Method::POST, "/integration/customer", body(customer("cu2")))
        .await;
    assert_eq!(status, 201, "{cu2}");
    // Refused by the upstream (409, 400): not recorded.
    assert_eq!(
        through
            .call(Method::POST, "/integration/customer", body(customer("cu2")))
            .await
            .0,
        409
    );
    assert_eq!(
        through
            .call(
                Method::POST,
                "/integration/customer",
                body(json!({"id": "cu9"}))
            )
            .await
            .0,
        400
    );
    let mut update = customer("cu2");
    update["firstName"] = json!("Annie");
    assert_eq!(
        through
            .call(Method::PUT, "/integration/customer/cu2", body(update))
            .await
            .0,
        202
    );
    assert_eq!(
        through
            .call(
                Method::POST,
                "/integration/company",
                body(company("co2", json!([])))
            )
            .await
            .0,
        201
    );
    let (status, linked) = through
        .call(
            Method::POST,
            "/integration/company/co2/customer",
            body(json!({"customerId": "cu2"})),
        )
        .await;
    assert!(status == 200 || status == 201, "{status}: {linked}");
    proxy.kill().expect("stopped");
    proxy.wait().expect("reaped");

    let text = std::fs::read_to_string(&seed).expect("the seed is written");
    for secret in [&key, &account] {
        assert!(
            !text.contains(secret.as_str()),
            "a credential is in the seed:\n{text}"
        );
    }
    assert!(
        !text.contains("cu9"),
        "a refused call was recorded:\n{text}"
    );
    let recorded: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(
        recorded["companies"].as_array().map(Vec::len),
        Some(2),
        "{text}"
    );
    assert_eq!(
        recorded["customers"].as_array().map(Vec::len),
        Some(2),
        "{text}"
    );
    assert!(
        text.contains("1234567890123456789012345.67"),
        "amounts digit for digit:\n{text}"
    );

    let (mut seeded, seeded_url) = start(&[
        "--seed",
        &seed_path,
        "--api-key",
        &key,
        "--account-id",
        &account,
    ]);
    let direct = Caller {
        client: reqwest::Client::new(),
        url: seeded_url,
        key,
        account,
    };
    let (status, sign_up) = direct
        .call(Method::GET, "/integration/customer/cu1/signup", None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        sign_up["signUpUrl"], co1["signUpUrls"][0]["signUpUrl"],
        "the upstream's URL"
    );
    let (_, sign_up) = direct
        .call(Method::GET, "/integration/customer/cu2/signup", None)
        .await;
    assert_eq!(sign_up["signUpUrl"], cu2["signUpUrl"]);
    let (_, relinked) = direct
        .call(
            Method::POST,
            "/integration/company/co2/customer",
            body(json!({"customerId": "cu2"})),
        )
        .await;
    assert_eq!(
        relinked["blueTapeId"], linked["blueTapeId"],
        "the upstream's company id"
    );
    let (status, reply) = direct
        .call(
            Method::PUT,
            "/integration/customer/cu2",
            body(customer("cu2")),
        )
        .await;
    assert_eq!((status, &reply["blueTapeId"]), (202, &cu2["blueTapeId"]));
    assert_eq!(
        direct
            .call(
                Method::POST,
                "/integration/company",
                body(company("co1", json!([])))
            )
            .await
            .0,
        409
    );
    let mut third = customer("cu3");
    third["companyId"] = json!("co2");
    assert_eq!(
        direct
            .call(Method::POST, "/integration/customer", body(third))
            .await
            .0,
        409,
        "co2 has its customer, cu2, as recorded"
    );
    seeded.kill().expect("stopped");
    seeded.wait().expect("reaped");
    drop(upstream.shutdown().await);
}
