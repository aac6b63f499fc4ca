//! End to end: the generated Rust client against the real mock server, for every operation and every
//! documented error status the mock can produce for a client that validates its input.
//!
//! Three documented statuses cannot be reached this way, by design: `createCompany`,
//! `updateCustomer` and `getCustomerSignup` answer 400 only to bodies or ids the client refuses
//! before sending. The client's mapping of those 400s is tested against wiremock (client/tests), and
//! the mock's own 400s by schemathesis's negative cases (.ci/run).
//!
//! Every test runs twice: against the mock (`direct`), and through `bluetape-mock proxy` in front
//! of it (`through_the_proxy`), where the proxy must pass every request and reply on unchanged and
//! find no violation of the document in any of them.

use bluetape_client::{Client, Error, RetryPolicy, types};
use bluetape_mock::{
    DEFAULT_ACCOUNT_ID, DEFAULT_API_KEY, FaultKind, FaultRule, MockConfig, ProxyConfig, Rule,
    RunningMock,
};
use bluetape_model::DocumentedError;
use test_support::{attached, company, customer, date, update};

/// The mock, and in front of it the proxy when the tests run through it.
struct Served {
    mock: RunningMock,
    proxy: Option<RunningMock>,
    /// The violations a test provokes on purpose (a request to an unknown route).
    expected: std::sync::Mutex<Vec<Rule>>,
}

impl std::ops::Deref for Served {
    type Target = RunningMock;

    /// The mock: its store, journal and faults.
    fn deref(&self) -> &RunningMock {
        &self.mock
    }
}

impl Served {
    async fn start(config: MockConfig, through_proxy: bool) -> Served {
        let mock = RunningMock::start(config).await.expect("the mock starts");
        let proxy = if through_proxy {
            let upstream = ProxyConfig::new(mock.url(), false).expect("a loopback upstream");
            Some(
                RunningMock::start_proxy(MockConfig::default(), upstream)
                    .await
                    .expect("the proxy starts"),
            )
        } else {
            None
        };
        Served {
            mock,
            proxy,
            expected: std::sync::Mutex::default(),
        }
    }

    /// Where a client sends its requests: the proxy's URL when there is one.
    fn url(&self) -> &str {
        self.proxy.as_ref().unwrap_or(&self.mock).url()
    }

    /// Through the proxy, the test will provoke this violation on purpose.
    fn expect_violation(&self, rule: Rule) {
        self.expected
            .lock()
            .expect("no test panicked holding it")
            .push(rule);
    }

    /// Stops both; through the proxy, first requires that nothing broke the document but what
    /// the test provoked on purpose.
    async fn shutdown(self) -> std::io::Result<()> {
        if let Some(proxy) = self.proxy {
            let summary = proxy.violations().expect("a proxy counts violations");
            let journal = proxy.journal(None);
            let seen: Vec<Rule> = journal
                .iter()
                .flat_map(|entry| entry.violations.iter().map(|violation| violation.rule))
                .collect();
            let violations: Vec<_> = journal
                .into_iter()
                .filter(|entry| !entry.violations.is_empty())
                .map(|entry| (entry.method, entry.path, entry.status, entry.violations))
                .collect();
            let expected = self
                .expected
                .into_inner()
                .expect("no test panicked holding it");
            assert_eq!(
                seen, expected,
                "the proxy found violations: {violations:#?}"
            );
            assert_eq!(summary.total, expected.len() as u64);
            assert!(summary.exchanges > 0, "nothing went through the proxy");
            proxy.shutdown().await?;
        }
        self.mock.shutdown().await
    }
}

/// The tests, once against the mock and once through the proxy in front of it.
macro_rules! both_ways {
    ($($item:item)*) => {
        mod direct {
            use super::*;
            const THROUGH_PROXY: bool = false;
            $($item)*
        }
        mod through_the_proxy {
            use super::*;
            const THROUGH_PROXY: bool = true;
            $($item)*
        }
    };
}

both_ways! {

async fn mock_with(config: MockConfig) -> (Served, Client) {
    let mock = Served::start(config, THROUGH_PROXY).await;
    let client = client_for(mock.url(), DEFAULT_API_KEY);
    (mock, client)
}

async fn mock() -> (Served, Client) {
    mock_with(MockConfig::default()).await
}

fn client_for(base_url: &str, api_key: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .api_key(api_key)
        .account_id(DEFAULT_ACCOUNT_ID)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("a valid configuration")
}

/// Asserts the documented error, status and reason.
fn assert_documented(result: Result<(), Error>, error: DocumentedError) {
    assert_api(result, error.status(), error.reason());
}

/// Asserts an API error with this status and reason.
fn assert_api(result: Result<impl std::fmt::Debug, Error>, status: u16, reason: &str) {
    match result {
        Err(Error::Api {
            status: got,
            reason: got_reason,
            ..
        }) => {
            assert_eq!((got.as_u16(), got_reason.as_str()), (status, reason));
        }
        other => panic!("expected {status} {reason:?}, got {other:?}"),
    }
}

#[tokio::test]
async fn company_created_with_its_customer_gives_a_stable_sign_up_url() {
    let (mock, client) = mock().await;
    let created = client
        .create_company(company("co1").customers(vec![attached("cu1")]))
        .await
        .unwrap();
    assert_eq!(created.sign_up_urls.len(), 1);
    assert_eq!(created.sign_up_urls[0].customer_id, "cu1");
    let signup = client.get_customer_signup("cu1").await.unwrap();
    assert_eq!(signup.sign_up_url, created.sign_up_urls[0].sign_up_url);
    assert_eq!(
        client.get_customer_signup("cu1").await.unwrap(),
        signup,
        "stable per record"
    );
    let stored = mock.store().customer("cu1").unwrap();
    assert_eq!(stored.customer.company_id.as_deref(), Some("co1"));
    mock.shutdown().await.unwrap();
}

#[tokio::test]
async fn customer_is_created_updated_and_linked() {
    let (mock, client) = mock().await;
    let company_created = client.create_company(company("co1")).await.unwrap();
    assert!(company_created.sign_up_urls.is_empty());
    let customer_created = client.create_customer(customer("cu1")).await.unwrap();
    assert_ne!(
        customer_created.blue_tape_id, company_created.blue_tape_id,
        "ids are unique"
    );

    let updated = client.update_customer("cu1", update()).await.unwrap();
    assert_eq!(updated.blue_tape_id, customer_created.blue_tape_id);
    assert_eq!(
        mock.store()
            .customer("cu1")
            .unwrap()
            .customer
            .details
            .last_name,
        "Smith"
    );

    let linked = client.link_company_customer("co1", "cu1").await.unwrap();
    assert_eq!(linked.blue_tape_id, company_created.blue_tape_id);
    assert_eq!(
        mock.store().company("co1").unwrap().customer_id.as_deref(),
        Some("cu1")
    );
    let signup = client.get_customer_signup("cu1").await.unwrap();
    assert_eq!(signup.sign_up_url, customer_created.sign_up_url);
    mock.shutdown().await.unwrap();
}

#[tokio::test]
async fn customer_created_with_company_id_is_linked() {
    let (mock, client) = mock().await;
    client.create_company(company("co1")).await.unwrap();
    client
        .create_customer(customer("cu1").company_id(Some("co1".parse().unwrap())))
        .await
        .unwrap();
    assert_eq!(
        mock.store().company("co1").unwrap().customer_id.as_deref(),
        Some("cu1")
    );
    mock.shutdown().await.unwrap();
}

#[tokio::test]
async fn create_company_errors() {
    let (mock, client) = mock().await;
    client.create_company(company("co1")).await.unwrap();
    assert_api(
        client.create_company(company("co1")).await,
        409,
        "Company already exists.",
    );
    client.create_customer(customer("cu1")).await.unwrap();
    assert_api(
        client
            .create_company(company("co2").customers(vec![attached("cu1")]))
            .await,
        409,
        "Customer already exists.",
    );
    // A base URL missing its path prefix: the mock's 404 for an unknown route (which the proxy
    // reports: no operation has that path).
    mock.expect_violation(Rule::UnknownOperation);
    let misrouted = client_for(
        &format!("{}/genericBthubService", mock.url()),
        DEFAULT_API_KEY,
    );
    assert_api(
        misrouted.create_company(company("co4")).await,
        404,
        "Not found.",
    );
    mock.shutdown().await.unwrap();
}

#[tokio::test]
async fn create_customer_errors() {
    let (mock, client) = mock().await;
    client.create_customer(customer("cu1")).await.unwrap();
    assert_api(
        client.create_customer(customer("cu1")).await,
        409,
        "Customer already exists.",
    );
    let unknown_company = customer("cu2").company_id(Some("nope".parse().unwrap()));
    assert_api(
        client.create_customer(unknown_company).await,
        404,
        "Company not found.",
    );
    client
        .create_company(company("co1").customers(vec![attached("cu3")]))
        .await
        .unwrap();
    let second = client
        .create_customer(customer("cu4").company_id(Some("co1".parse().unwrap())))
        .await;
    assert_eq!(
        second.as_ref().err().and_then(Error::code),
        Some("company_can_have_only_one_customer")
    );
    mock.shutdown().await.unwrap();
}

#[tokio::test]
async fn update_link_and_signup_errors() {
    let (mock, client) = mock().await;
    assert_api(
        client.update_customer("nope", update()).await,
        404,
        "Customer not found.",
    );
    assert_api(
        client.get_customer_signup("nope").await,
        404,
        "Customer not found.",
    );
    assert_api(
        client.link_company_customer("nope", "cu1").await,
        404,
        "Company not found.",
    );
    client.create_company(company("co1")).await.unwrap();
    assert_api(
        client.link_company_customer("co1", "nope").await,
        404,
        "Customer not found.",
    );
    client.create_customer(customer("cu1")).await.unwrap();
    client.create_customer(customer("cu2")).await.unwrap();
    client.link_company_customer("co1", "cu1").await.unwrap();
    let second = client.link_company_customer("co1", "cu2").await;
    assert_eq!(
        second.as_ref().err().and_then(Error::code),
        Some("company_can_have_only_one_customer")
    );
    mock.shutdown().await.unwrap();
}

/// Every operation once, on company `co1` and customer `cu1`.
async fn every_operation(client: &Client) -> [Result<(), Error>; 5] {
    [
        client.create_company(company("co1")).await.map(drop),
        client.create_customer(customer("cu1")).await.map(drop),
        client.update_customer("cu1", update()).await.map(drop),
        client.link_company_customer("co1", "cu1").await.map(drop),
        client.get_customer_signup("cu1").await.map(drop),
    ]
}

#[tokio::test]
async fn a_wrong_key_is_401_for_every_operation() {
    let (mock, _) = mock().await;
    let intruder = client_for(mock.url(), "wrong-key");
    for outcome in every_operation(&intruder).await {
        assert_documented(outcome, DocumentedError::Unauthorized);
    }
    assert_eq!(mock.store().counts(), (0, 0), "nothing was stored");
    mock.shutdown().await.unwrap();
}

#[tokio::test]
async fn every_operation_maps_a_server_error() {
    let (mock, client) = mock_with(MockConfig {
        faults: vec![FaultRule::always(FaultKind::Status {
            status: 500,
            retry_after_seconds: None,
        })],
        ..MockConfig::default()
    })
    .await;
    for outcome in every_operation(&client).await {
        assert_documented(outcome, DocumentedError::Unexpected);
    }
    mock.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_creates_over_a_hundred_ids_lose_nothing() {
    let (mock, client) = mock().await;
    let mut tasks = tokio::task::JoinSet::new();
    for request in 0..1000 {
        let client = client.clone();
        tasks.spawn(async move {
            let id = format!("cu{:03}", request % 100);
            // Each request's payload is its own, so the store shows which one won.
            let body = customer(&id).first_name(format!("request-{request}"));
            (id, request, client.create_customer(body).await)
        });
    }
    let mut created = std::collections::HashMap::new();
    let mut conflicts = 0;
    while let Some(joined) = tasks.join_next().await {
        let (id, request, result) = joined.expect("no task panics");
        match result {
            Ok(reply) => assert!(
                created.insert(id, (request, reply)).is_none(),
                "two 201s for one id"
            ),
            Err(error) if error.is_conflict() => conflicts += 1,
            Err(error) => panic!("request {request}: {error}"),
        }
    }
    assert_eq!((created.len(), conflicts), (100, 900));
    assert_eq!(mock.store().counts(), (0, 100));
    for (id, (request, reply)) in &created {
        let stored = mock
            .store()
            .customer(id)
            .expect("every created customer is stored");
        let expected: types::Customer = customer(id)
            .first_name(format!("request-{request}"))
            .try_into()
            .unwrap();
        assert_eq!(
            stored.customer.details.first_name, expected.first_name,
            "{id}: the winner's payload"
        );
        assert_eq!(
            stored.customer.details.email_address,
            expected.email_address
        );
        assert_eq!(stored.customer.details.source_modified_date, date());
        assert_eq!(stored.blue_tape_id, reply.blue_tape_id);
        assert_eq!(stored.sign_up.sign_up_url, reply.sign_up_url);
    }
    let unique: std::collections::HashSet<_> = created
        .values()
        .map(|(_, reply)| &reply.blue_tape_id)
        .collect();
    assert_eq!(unique.len(), 100, "blueTapeIds are unique");
    mock.shutdown().await.unwrap();
}

/// Asserts a success's status and that it carries the mock's request id, distinct from `seen`'s.
fn assert_success<T>(reply: &bluetape_client::ApiResponse<T>, status: u16, seen: &mut Vec<String>) {
    assert_eq!(reply.status().as_u16(), status);
    let request_id = reply.request_id().expect("the mock sends x-request-id");
    assert!(!request_id.is_empty());
    assert_eq!(
        reply.headers()["x-request-id"]
            .to_str()
            .expect("an ASCII id"),
        request_id
    );
    assert!(
        !seen.iter().any(|earlier| earlier == request_id),
        "request ids are unique: {request_id}"
    );
    seen.push(request_id.to_owned());
}

#[tokio::test]
async fn every_success_tells_its_status_and_request_id() {
    let (mock, client) = mock().await;
    let mut seen = Vec::new();
    let reply = client
        .create_company_with_response(company("co1"))
        .await
        .unwrap();
    assert_success(&reply, 201, &mut seen);
    assert!(reply.body().sign_up_urls.is_empty());
    let reply = client
        .create_customer_with_response(customer("cu1"))
        .await
        .unwrap();
    assert_success(&reply, 201, &mut seen);
    let customer_id = reply.into_body().blue_tape_id;
    let reply = client
        .update_customer_with_response("cu1", update())
        .await
        .unwrap();
    assert_success(&reply, 202, &mut seen);
    assert_eq!(reply.body().blue_tape_id, customer_id);
    let reply = client
        .link_company_customer_with_response("co1", "cu1")
        .await
        .unwrap();
    assert_success(&reply, 201, &mut seen);
    let reply = client
        .get_customer_signup_with_response("cu1")
        .await
        .unwrap();
    assert_success(&reply, 200, &mut seen);
    // And an error carries one too.
    let error = client.get_customer_signup("nobody").await.unwrap_err();
    assert!(
        error
            .request_id()
            .is_some_and(|id| !seen.contains(&id.to_owned()))
    );
    mock.shutdown().await.unwrap();
}

/// Schemathesis found it: the document allows extra properties, and serde's flatten buffer cannot
/// hold an integer beyond 64 bits read from a parsed `Value`.
#[tokio::test]
async fn extra_properties_the_document_allows_are_ignored_even_huge_integers() {
    let (mock, _) = mock().await;
    let body = r#"{"id":"cu1","firstName":"John","lastName":"Doe","emailAddress":"john@example.com",
        "cellPhoneNumber":"+11234567890","sourceModifiedDate":"2023-01-04T09:47:57Z",
        "extra":{"big":18446744073709551616},"negative":[-526001697680332137955328]}"#;
    let reply = reqwest::Client::new()
        .post(format!("{}/integration/customer", mock.url()))
        .header("content-type", "application/json")
        .header("x-bluetape-key", DEFAULT_API_KEY)
        .header("x-integration-accountid", DEFAULT_ACCOUNT_ID)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = reply.status();
    assert_eq!(status.as_u16(), 201, "{}", reply.text().await.unwrap());
    mock.shutdown().await.unwrap();
}

/// Amounts of 9, 15 and 27 significant digits leave the client and reach the mock digit for digit:
/// in the bytes it received (its journal) and in the company it stored. Through an `f64` the last
/// two would arrive as 9876543210123.4 and 1.2345678901234568e24.
#[tokio::test]
async fn amounts_of_9_15_and_27_digits_reach_the_mock_exactly() {
    let (mock, client) = mock().await;
    let amounts = [
        "1234567.89",
        "9876543210123.45",
        "1234567890123456789012345.67",
    ];
    let parse = |text: &str| text.parse::<bluetape_client::Amount>().unwrap();
    let credit = types::CreditDetails::builder()
        .credit_amount(Some(parse(amounts[0])))
        .outstanding_amount(Some(parse(amounts[1])))
        .overdue_balance(Some(parse(amounts[2])));
    client
        .create_company(company("co1").credit_details(Some(credit.try_into().unwrap())))
        .await
        .unwrap();
    let entries = mock.journal(Some("createCompany"));
    let received = entries[0].body.as_ref().expect("a body").text();
    let fields = ["creditAmount", "outstandingAmount", "overdueBalance"];
    for (field, amount) in fields.iter().zip(amounts) {
        let sent = format!("\"{field}\":{amount}");
        assert!(received.contains(&sent), "{sent} not in {received}");
    }
    let stored = mock.store().company("co1").unwrap().company.credit_details;
    let stored = stored.expect("credit details");
    let stored = [
        stored.credit_amount,
        stored.outstanding_amount,
        stored.overdue_balance,
    ];
    for (amount, stored) in amounts.iter().zip(stored) {
        assert_eq!(
            stored.map(|amount| amount.to_string()).as_deref(),
            Some(*amount)
        );
    }
    mock.shutdown().await.unwrap();
}

}
