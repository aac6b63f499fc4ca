//! The built `bluetape` binary against a live mock: every operation, the documented errors with
//! their exit codes, `--json-body -`, and no credential in any output.

mod common;

use common::{bluetape, customer_flags, mock};

fn strs(flags: &[String]) -> Vec<&str> {
    flags.iter().map(String::as_str).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_operation_succeeds() {
    let mock = mock().await;
    let url = mock.url();
    let company = bluetape(
        url,
        &[
            "company",
            "create",
            "--id",
            "co1",
            "--business-name",
            "Acme Inc.",
            "--business-address",
            "1400 24th Ave, San Francisco",
            "--source-modified-date",
            "2023-01-04T09:47:57Z",
        ],
        None,
    )
    .await;
    assert_eq!(company.code, 0, "{company:?}");
    assert!(company.json()["blueTapeId"].is_string(), "{company:?}");

    let mut create = vec!["customer", "create"];
    let flags = customer_flags("cu1");
    create.extend(strs(&flags));
    let customer = bluetape(url, &create, None).await;
    assert_eq!(customer.code, 0, "{customer:?}");
    let blue_tape_id = customer.json()["blueTapeId"].clone();

    let mut update = vec!["customer", "update"];
    let flags = customer_flags("cu1");
    update.extend(strs(&flags));
    let updated = bluetape(url, &update, None).await;
    assert_eq!(updated.code, 0, "{updated:?}");
    assert_eq!(updated.json()["blueTapeId"], blue_tape_id);

    let linked = bluetape(
        url,
        &["company", "link", "--id", "co1", "--customer-id", "cu1"],
        None,
    )
    .await;
    assert_eq!(linked.code, 0, "{linked:?}");

    let signup = bluetape(url, &["customer", "signup", "--id", "cu1"], None).await;
    assert_eq!(signup.code, 0, "{signup:?}");
    assert_eq!(
        signup.json()["signUpUrl"],
        customer.json()["signUpUrl"],
        "the sign-up URL of the customer created"
    );
    assert_eq!(
        mock.store()
            .company("co1")
            .expect("stored")
            .customer_id
            .as_deref(),
        Some("cu1")
    );
    mock.shutdown().await.expect("a clean shutdown");
}

#[tokio::test(flavor = "multi_thread")]
async fn not_found_and_conflict_exit_4_with_the_error_as_json_on_stderr() {
    let mock = mock().await;
    let missing = bluetape(mock.url(), &["customer", "signup", "--id", "nobody"], None).await;
    assert_eq!(missing.code, 4, "{missing:?}");
    assert!(missing.stdout.is_empty());
    let error = missing.error_json();
    assert_eq!(error["status"], 404);
    assert_eq!(error["code"], "404");
    assert_eq!(error["reason"], "Customer not found.");
    assert!(error["requestId"].as_str().is_some_and(|id| !id.is_empty()));

    let mut create = vec!["customer", "create"];
    let flags = customer_flags("cu1");
    create.extend(strs(&flags));
    assert_eq!(bluetape(mock.url(), &create, None).await.code, 0);
    let conflict = bluetape(mock.url(), &create, None).await;
    assert_eq!(conflict.code, 4, "{conflict:?}");
    let error = conflict.error_json();
    assert_eq!(
        (&error["status"], &error["reason"]),
        (
            &serde_json::json!(409),
            &serde_json::json!("Customer already exists.")
        )
    );
    mock.shutdown().await.expect("a clean shutdown");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_piped_json_body_is_read_from_stdin() {
    let mock = mock().await;
    let body = r#"{"id":"cu9","firstName":"Mary","lastName":"Smith","emailAddress":"mary@example.com",
        "cellPhoneNumber":"+11678902345","sourceModifiedDate":"2023-01-04T09:47:57Z"}"#;
    let created = bluetape(
        mock.url(),
        &["customer", "create", "--json-body", "-"],
        Some(body),
    )
    .await;
    assert_eq!(created.code, 0, "{created:?}");
    assert!(created.json()["signUpUrl"].is_string());
    assert_eq!(
        mock.store()
            .customer("cu9")
            .expect("stored")
            .customer
            .details
            .last_name,
        "Smith"
    );
    // Piped, the output is compact: one line.
    assert_eq!(created.stdout.trim().lines().count(), 1);
    mock.shutdown().await.expect("a clean shutdown");
}

#[tokio::test(flavor = "multi_thread")]
async fn input_refused_before_sending_exits_3() {
    let mock = mock().await;
    let malformed = bluetape(
        mock.url(),
        &["customer", "create", "--json-body", "-"],
        Some("{not json"),
    )
    .await;
    let dot_segment = bluetape(mock.url(), &["customer", "signup", "--id", ".."], None).await;
    for refused in [malformed, dot_segment] {
        assert_eq!(refused.code, 3, "{refused:?}");
    }
    assert_eq!(mock.store().counts(), (0, 0));
    mock.shutdown().await.expect("a clean shutdown");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unreachable_api_exits_6() {
    // Port 1 on loopback: nothing listens.
    let unreachable = bluetape(
        "http://127.0.0.1:1",
        &["customer", "signup", "--id", "x"],
        None,
    )
    .await;
    assert_eq!(unreachable.code, 6, "{unreachable:?}");
}
