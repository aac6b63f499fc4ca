//! `--state`: the same rules on every backend (memory, SQLite, PostgreSQL), records that outlive
//! the mock, a state the mock refuses at start naming it, and several mocks sharing PostgreSQL.
//!
//! PostgreSQL's tests need a server: `BLUETAPE_TEST_POSTGRES_URL` names a database they may fill
//! and empty (CI starts Debian's PostgreSQL and sets it). Without it they print SKIPPED, and with
//! `BLUETAPE_REQUIRE_POSTGRES` set (as CI sets it) they fail instead.

use bluetape_mock::{Store, StoreError};
use bluetape_model::{Company, Customer, CustomerUpdate, DocumentedError};

/// The tests that use the PostgreSQL database run one at a time: each empties it.
static POSTGRES: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The PostgreSQL database of the tests, if there is one, held by this test until the guard is
/// dropped.
fn postgres(test: &str) -> Option<(String, std::sync::MutexGuard<'static, ()>)> {
    match std::env::var("BLUETAPE_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some((
            url,
            POSTGRES
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        )),
        _ if std::env::var_os("BLUETAPE_REQUIRE_POSTGRES").is_some() => {
            panic!("{test}: BLUETAPE_REQUIRE_POSTGRES is set and BLUETAPE_TEST_POSTGRES_URL is not")
        }
        _ => {
            eprintln!("SKIPPED {test}: BLUETAPE_TEST_POSTGRES_URL is not set");
            None
        }
    }
}

fn customer(id: &str, company_id: Option<&str>) -> Customer {
    Customer {
        id: id.to_owned(),
        company_id: company_id.map(str::to_owned),
        ..Customer::example()
    }
}

fn company(id: &str, customers: &[&str]) -> Company {
    let mut company = Company {
        id: id.to_owned(),
        ..Company::example()
    };
    company.customers = Some(
        customers
            .iter()
            .map(|id| bluetape_model::CompanyCustomer {
                id: (*id).to_owned(),
                ..bluetape_model::CompanyCustomer::example()
            })
            .collect(),
    );
    company
}

fn refused(outcome: Result<impl std::fmt::Debug, StoreError>) -> DocumentedError {
    match outcome {
        Err(StoreError::Documented(error)) => error,
        other => panic!("expected a documented refusal, got {other:?}"),
    }
}

/// The API's rules, as every backend must answer them; ends with an empty store.
fn the_rules_hold(store: &Store) {
    store.clear().expect("cleared");
    let created = store
        .create_company(company("co1", &["cu1"]))
        .expect("a new company with its customer");
    assert_eq!(created.sign_up_urls.len(), 1);
    assert_eq!(
        store.customer("cu1").expect("stored").sign_up,
        created.sign_up_urls[0].sign_up,
        "the sign-up URL is fixed at creation"
    );
    assert_eq!(
        store.company("co1").expect("stored").company.credit_details,
        Company::example().credit_details,
        "amounts digit for digit"
    );
    assert_eq!(
        refused(store.create_company(company("co1", &[]))),
        DocumentedError::CompanyExists
    );
    assert_eq!(
        refused(store.create_company(company("co2", &["cu1"]))),
        DocumentedError::CustomerExists
    );
    assert_eq!(
        refused(store.create_company(company("co2", &["a", "b"]))),
        DocumentedError::TooManyCustomers
    );
    assert_eq!(store.counts(), (1, 1), "a refused create stores nothing");
    assert_eq!(
        refused(store.create_customer(customer("cu2", Some("nowhere")))),
        DocumentedError::CompanyNotFound
    );
    assert_eq!(
        refused(store.create_customer(customer("cu2", Some("co1")))),
        DocumentedError::CompanyHasACustomer
    );
    store
        .create_company(company("co2", &[]))
        .expect("a company without customers");
    let lone = store
        .create_customer(customer("cu2", None))
        .expect("a customer of no company");
    assert_eq!(
        refused(store.link("co2", "nobody")),
        DocumentedError::CustomerNotFound
    );
    assert_eq!(
        refused(store.link("co1", "cu2")),
        DocumentedError::CompanyHasACustomer
    );
    // Moving cu1 from co1 to co2 frees co1.
    store.link("co2", "cu1").expect("linked");
    assert_eq!(store.company("co1").expect("stored").customer_id, None);
    assert_eq!(
        store.company("co2").expect("stored").customer_id.as_deref(),
        Some("cu1")
    );
    assert_eq!(
        store
            .customer("cu1")
            .expect("stored")
            .customer
            .company_id
            .as_deref(),
        Some("co2")
    );
    store
        .link("co2", "cu1")
        .expect("linking again changes nothing");
    let update = CustomerUpdate::example();
    let updated = store
        .update_customer("cu2", update.clone())
        .expect("updated");
    assert_eq!(updated.blue_tape_id, lone.blue_tape_id);
    assert_eq!(
        store.customer("cu2").expect("stored").customer.details,
        update.details
    );
    assert_eq!(store.sign_up("cu2").expect("known"), lone.sign_up);
    assert_eq!(
        refused(store.sign_up("nobody")),
        DocumentedError::CustomerNotFound
    );
    store.clear().expect("cleared");
    assert_eq!(store.counts(), (0, 0));
    let again = store
        .create_customer(customer("cu2", None))
        .expect("the store is empty again");
    assert_ne!(
        again.blue_tape_id, lone.blue_tape_id,
        "ids are never given twice"
    );
    store.clear().expect("cleared");
}

#[test]
fn memory_answers_by_the_rules() {
    the_rules_hold(&Store::default());
}

#[test]
fn sqlite_answers_by_the_rules() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    the_rules_hold(
        &Store::open(&folder.path().join("state.db").display().to_string()).expect("opened"),
    );
}

#[test]
fn postgres_answers_by_the_rules() {
    if let Some((url, _alone)) = postgres("postgres_answers_by_the_rules") {
        the_rules_hold(&Store::open(&url).expect("connected"));
    }
}

#[test]
fn a_sqlite_state_outlives_its_store() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let path = folder.path().join("state.db").display().to_string();
    let (created, issued) = {
        let store = Store::open(&path).expect("created");
        let created = store
            .create_company(company("co1", &["cu1"]))
            .expect("created");
        (
            created,
            store
                .create_customer(customer("cu2", None))
                .expect("created"),
        )
    };
    let store = Store::open(&path).expect("opened again");
    assert_eq!(store.describe(), format!("SQLite at {path}"));
    assert_eq!(store.counts(), (1, 2));
    assert_eq!(
        store.company("co1").expect("kept").blue_tape_id,
        created.blue_tape_id
    );
    assert_eq!(store.sign_up("cu2").expect("kept"), issued.sign_up);
    let next = store
        .create_customer(customer("cu3", None))
        .expect("created");
    assert!(
        ![created.blue_tape_id, issued.blue_tape_id].contains(&next.blue_tape_id),
        "the id sequence goes on where it stopped"
    );
}

#[test]
fn a_state_the_mock_cannot_use_is_named_at_start() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let not_a_database = folder.path().join("notes.txt");
    std::fs::write(
        &not_a_database,
        "these are not the records you are looking for\n".repeat(100),
    )
    .expect("written");
    let error = Store::open(&not_a_database.display().to_string()).expect_err("refused");
    assert!(error.to_string().contains("notes.txt"), "{error}");

    let newer = folder.path().join("newer.db");
    drop(Store::open(&newer.display().to_string()).expect("created"));
    let connection = rusqlite::Connection::open(&newer).expect("opened");
    connection
        .execute(
            "UPDATE bluetape_mock_meta SET value = 2 WHERE key = 'schema_version'",
            [],
        )
        .expect("updated");
    drop(connection);
    let error = Store::open(&newer.display().to_string()).expect_err("refused");
    assert!(
        error.to_string().contains("version 2") && error.to_string().contains("newer.db"),
        "{error}"
    );

    let unreachable =
        Store::open("postgres://mock:secret@127.0.0.1:1/sandbox").expect_err("refused");
    let text = unreachable.to_string();
    assert!(
        text.contains("127.0.0.1:1/sandbox") && !text.contains("secret"),
        "{text}"
    );
}

#[test]
fn mocks_sharing_postgres_agree() {
    let Some((url, _alone)) = postgres("mocks_sharing_postgres_agree") else {
        return;
    };
    let (first, second) = (
        Store::open(&url).expect("connected"),
        Store::open(&url).expect("connected"),
    );
    first.clear().expect("cleared");
    first
        .create_company(company("shared-co", &["shared-cu"]))
        .expect("created on the first");
    assert_eq!(
        second
            .customer("shared-cu")
            .expect("read on the second")
            .sign_up,
        first
            .customer("shared-cu")
            .expect("read on the first")
            .sign_up
    );
    // The one-customer rule holds across mocks.
    second
        .create_customer(customer("other-cu", None))
        .expect("created");
    assert_eq!(
        refused(second.link("shared-co", "other-cu")),
        DocumentedError::CompanyHasACustomer
    );
    // The same id created at once through both: exactly one is created, the others refused.
    for round in 0..20 {
        let id = format!("race-{round}");
        let outcomes: Vec<Result<_, StoreError>> = std::thread::scope(|scope| {
            let racers: Vec<_> = [&first, &second, &first, &second]
                .into_iter()
                .map(|store| {
                    let id = id.clone();
                    scope.spawn(move || store.create_customer(customer(&id, None)))
                })
                .collect();
            racers
                .into_iter()
                .map(|racer| racer.join().expect("no panic"))
                .collect()
        });
        let created = outcomes.iter().filter(|outcome| outcome.is_ok()).count();
        let conflicts = outcomes
            .iter()
            .filter(|outcome| {
                matches!(
                    outcome,
                    Err(StoreError::Documented(DocumentedError::CustomerExists))
                )
            })
            .count();
        assert_eq!((created, conflicts), (1, 3), "{id}: {outcomes:?}");
    }
    // Two customers linked at once to one company: one link holds.
    for round in 0..10 {
        let company_id = format!("one-of-two-{round}");
        first
            .create_company(company(&company_id, &[]))
            .expect("created");
        for suffix in ["a", "b"] {
            first
                .create_customer(customer(&format!("{company_id}-{suffix}"), None))
                .expect("created");
        }
        let outcomes: Vec<_> = std::thread::scope(|scope| {
            let a = scope.spawn(|| first.link(&company_id, &format!("{company_id}-a")));
            let b = scope.spawn(|| second.link(&company_id, &format!("{company_id}-b")));
            vec![a.join().expect("no panic"), b.join().expect("no panic")]
        });
        assert_eq!(
            outcomes.iter().filter(|outcome| outcome.is_ok()).count(),
            1,
            "{outcomes:?}"
        );
    }
    first.clear().expect("cleared");
}

/// Runs `statement` on the server of `url` as its maintenance database's user.
fn administer(url: &str, statement: &str) {
    let mut config: postgres::Config = url.parse().expect("a PostgreSQL URL");
    config.dbname("postgres");
    let mut client = config.connect(postgres::NoTls).expect("the server answers");
    client.batch_execute(statement).expect("administered");
}

#[test]
fn a_database_lost_while_running_answers_503_then_recovers() {
    let Some((url, _alone)) = postgres("a_database_lost_while_running_answers_503_then_recovers")
    else {
        return;
    };
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime")
        .block_on(lose_the_database_under_a_mock(url));
}

/// A mock on the database of `url`, which is made to refuse every connection for one request.
async fn lose_the_database_under_a_mock(url: String) {
    let database = url
        .rsplit('/')
        .next()
        .and_then(|name| name.split('?').next())
        .expect("the URL names a database")
        .to_owned();
    let store = Store::open(&url).expect("connected");
    store.clear().expect("cleared");
    let mock = bluetape_mock::RunningMock::bind_with_store(
        ("127.0.0.1", 0),
        bluetape_mock::MockConfig::default(),
        store,
    )
    .await
    .expect("the mock starts");
    let create = |id: &'static str| {
        let url = format!("{}/integration/customer", mock.url());
        async move {
            let body = serde_json::to_string(&customer(id, None)).expect("serializes");
            let reply = reqwest::Client::new()
                .post(url)
                .header("X-BlueTape-Key", bluetape_mock::DEFAULT_API_KEY)
                .header("X-Integration-AccountId", bluetape_mock::DEFAULT_ACCOUNT_ID)
                .header("Content-Type", "application/json")
                .body(body)
                .send()
                .await
                .expect("the mock answers");
            (
                reply.status().as_u16(),
                reply.text().await.unwrap_or_default(),
            )
        }
    };
    assert_eq!(create("before").await.0, 201);
    let lose = format!(
        "ALTER DATABASE {database} ALLOW_CONNECTIONS false; \
         SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}';"
    );
    tokio::task::spawn_blocking({
        let url = url.clone();
        move || administer(&url, &lose)
    })
    .await
    .expect("administered");
    let (status, reason) = create("during").await;
    let restore = format!("ALTER DATABASE {database} ALLOW_CONNECTIONS true;");
    tokio::task::spawn_blocking({
        let url = url.clone();
        move || administer(&url, &restore)
    })
    .await
    .expect("administered");
    assert_eq!(status, 503, "{reason}");
    assert!(reason.contains("state database is unavailable"), "{reason}");
    assert_eq!(create("after").await.0, 201, "the mock connects again");
    assert!(
        mock.store().customer("during").is_none(),
        "a 503 stored nothing"
    );
    assert!(mock.store().customer("before").is_some());
    mock.store().clear().expect("cleared");
}
