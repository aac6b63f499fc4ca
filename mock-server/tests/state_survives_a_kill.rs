//! With `--state FILE`, a `2xx` means the record is on disk. A write load runs against the mock,
//! which is killed (SIGKILL) at a random moment, then restarted on the same file: every company
//! whose create answered 201 is there with its customer and the sign-up URL the reply gave, and
//! nothing is half-written (no company without its customer, no customer without its company).
//! Three rounds, each with its own moment.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::Duration;

use bluetape_mock::{DEFAULT_ACCOUNT_ID, DEFAULT_API_KEY};
use bluetape_model::{Company, CompanyCreated, CompanyCustomer};

/// A mock on `state`, and the address it listens on.
fn start(state: &std::path::Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bluetape-mock"))
        .args(["--port", "0", "--state"])
        .arg(state)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the mock starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("its stdout"))
        .read_line(&mut line)
        .expect("it prints its URL");
    let address = line
        .trim()
        .strip_prefix("bluetape-mock listening on http://")
        .unwrap_or_else(|| panic!("not the ready line: {line:?}"))
        .to_owned();
    (child, address)
}

/// One request with the mock's credentials; `None` when the connection fails (the mock is gone).
fn request(address: &str, method: &str, path: &str, body: &str) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(address).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nX-BlueTape-Key: {DEFAULT_API_KEY}\r\n\
         X-Integration-AccountId: {DEFAULT_ACCOUNT_ID}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).ok()?;
    let mut reply = String::new();
    stream.read_to_string(&mut reply).ok()?;
    let status = reply.split_whitespace().nth(1)?.parse().ok()?;
    let body = reply.split_once("\r\n\r\n")?.1.to_owned();
    Some((status, body))
}

fn company(id: &str, customer_id: &str) -> String {
    let company = Company {
        id: id.to_owned(),
        customers: Some(vec![CompanyCustomer {
            id: customer_id.to_owned(),
            ..CompanyCustomer::example()
        }]),
        ..Company::example()
    };
    serde_json::to_string(&company).expect("a company serializes")
}

#[test]
fn every_acknowledged_create_survives_a_kill() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let state = folder.path().join("state.db");
    let mut acknowledged: Vec<(String, String, String)> = Vec::new();
    for round in 0..3 {
        let (mut mock, address) = start(&state);
        let answered = Mutex::new(Vec::new());
        std::thread::scope(|scope| {
            for writer in 0..4 {
                let (address, answered) = (&address, &answered);
                scope.spawn(move || {
                    for n in 0.. {
                        let (company_id, customer_id) = (
                            format!("co-{round}-{writer}-{n}"),
                            format!("cu-{round}-{writer}-{n}"),
                        );
                        let body = company(&company_id, &customer_id);
                        match request(address, "POST", "/integration/company", &body) {
                            Some((201, reply)) => {
                                let created: CompanyCreated =
                                    serde_json::from_str(&reply).expect("the documented reply");
                                let url = created.sign_up_urls[0].sign_up.sign_up_url.clone();
                                answered.lock().expect("not poisoned").push((
                                    company_id,
                                    customer_id,
                                    url,
                                ));
                            }
                            Some((status, reply)) => panic!("{status}: {reply}"),
                            // Killed: a request in flight got no reply, and counts for nothing.
                            None => break,
                        }
                    }
                });
            }
            std::thread::sleep(Duration::from_millis(fastrand::u64(150..900)));
            mock.kill().expect("SIGKILL");
            mock.wait().expect("reaped");
        });
        let answered = answered.into_inner().expect("not poisoned");
        assert!(
            !answered.is_empty(),
            "round {round}: no create was answered before the kill"
        );
        eprintln!(
            "round {round}: {} creates answered 201 before SIGKILL",
            answered.len()
        );
        acknowledged.extend(answered);

        let (mut mock, address) = start(&state);
        for (company_id, customer_id, url) in &acknowledged {
            let path = format!("/integration/customer/{customer_id}/signup");
            let (status, reply) = request(&address, "GET", &path, "").expect("it answers");
            assert_eq!(
                status, 200,
                "round {round}: {customer_id} of {company_id} is lost"
            );
            assert!(
                reply.contains(url.as_str()),
                "{customer_id}: {reply} is not {url}"
            );
            let (status, _) = request(
                &address,
                "POST",
                "/integration/company",
                &company(company_id, "again"),
            )
            .expect("it answers");
            assert_eq!(status, 409, "round {round}: {company_id} is lost");
        }
        mock.kill().expect("SIGKILL");
        mock.wait().expect("reaped");
    }
    let database = rusqlite::Connection::open(&state).expect("opened");
    let (lonely_companies, lonely_customers): (i64, i64) = database
        .query_row(
            "SELECT (SELECT COUNT(*) FROM companies WHERE id NOT IN \
             (SELECT company_id FROM customers WHERE company_id IS NOT NULL)), \
             (SELECT COUNT(*) FROM customers WHERE company_id IS NULL)",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .expect("counted");
    assert_eq!(
        (lonely_companies, lonely_customers),
        (0, 0),
        "every company was created with its customer, in one transaction"
    );
}
