//! What `bluetape` refuses without calling the API (an invalid e-mail: the mock's request log shows
//! nothing; missing credentials: the message names the variables), its help, completions and man
//! page, and that no credential is ever printed.

mod common;

use assert_cmd::Command;
use common::{ACCOUNT_ID, API_KEY, bluetape, customer_flags, mock, run};

#[tokio::test(flavor = "multi_thread")]
async fn an_invalid_email_is_refused_before_sending() {
    // The only test of this binary that logs: the subscriber is global.
    let captured = test_support::CapturedLogs::capture_globally();
    let mock = mock().await;
    let logged = || captured.text();

    // A request that does reach the mock is logged, so the log can tell.
    let probe = bluetape(mock.url(), &["customer", "signup", "--id", "probe"], None).await;
    assert_eq!(probe.code, 4);
    assert!(
        logged().contains("/integration/customer/probe/signup"),
        "{}",
        logged()
    );

    let mut create = vec!["customer", "create"];
    let mut flags = customer_flags("cu1");
    let email = flags
        .iter()
        .position(|flag| flag == "--email-address")
        .expect("the flag is there");
    flags[email + 1] = "not-an-address".to_owned();
    create.extend(flags.iter().map(String::as_str));
    let refused = bluetape(mock.url(), &create, None).await;
    assert_eq!(refused.code, 3, "{refused:?}");
    let reason = refused.error_json()["reason"].as_str().unwrap().to_owned();
    assert!(reason.contains("emailAddress"), "{reason}");
    let log = logged();
    assert!(
        !log.contains("uri=/integration/customer "),
        "the create reached the mock: {log}"
    );
    assert_eq!(
        log.matches("finished processing request").count(),
        1,
        "{log}"
    );
    mock.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn missing_credentials_name_the_variables_and_exit_2() {
    let mut command = Command::cargo_bin("bluetape").unwrap();
    command
        .args(["customer", "signup", "--id", "x"])
        .env_remove("BLUETAPE_API_KEY")
        .env_remove("BLUETAPE_ACCOUNT_ID");
    let missing = run(command).await;
    assert_eq!(missing.code, 2, "{missing:?}");
    let reason = missing.error_json()["reason"].as_str().unwrap().to_owned();
    assert!(
        reason.contains("BLUETAPE_API_KEY") && reason.contains("BLUETAPE_ACCOUNT_ID"),
        "{reason}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn help_completions_and_man_page_never_show_a_credential() {
    let mut help_runs = Vec::new();
    for arguments in [
        vec!["--help"],
        vec!["customer", "--help"],
        vec!["company", "--help"],
        vec!["customer", "create", "--help"],
        vec!["customer", "update", "--help"],
        vec!["customer", "signup", "--help"],
        vec!["company", "create", "--help"],
        vec!["company", "link", "--help"],
        vec!["completions", "bash"],
        vec!["man"],
    ] {
        let mut command = Command::cargo_bin("bluetape").unwrap();
        command
            .args(&arguments)
            .env("BLUETAPE_API_KEY", API_KEY)
            .env("BLUETAPE_ACCOUNT_ID", ACCOUNT_ID);
        let output = run(command).await; // asserts that no credential is printed
        assert_eq!(output.code, 0, "{arguments:?}: {output:?}");
        assert!(!output.stdout.is_empty(), "{arguments:?}");
        help_runs.push(output.stdout);
    }
    let help = &help_runs[0];
    for exit_code in [
        "0  success",
        "2  usage",
        "3  input refused",
        "4  the API answered 4xx",
        "5  the API answered 5xx",
        "6  network",
    ] {
        assert!(
            help.contains(exit_code),
            "--help documents {exit_code:?}: {help}"
        );
    }
    assert!(
        help_runs[8].contains("complete -F"),
        "a bash completion script"
    );
    assert!(
        help_runs[9].starts_with(".ie") || help_runs[9].contains(".TH"),
        "a roff page"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_flag_is_a_usage_error() {
    let mut command = Command::cargo_bin("bluetape").unwrap();
    command.args(["customer", "signup", "--nope"]);
    assert_eq!(run(command).await.code, 2);
}

/// A command list has one line per command (the operation's summary); the whole description,
/// errata notes included, is in the command's own `--help`.
#[test]
fn command_lists_show_one_line_per_command() {
    let help_of = |arguments: &[&str]| {
        let output = Command::cargo_bin("bluetape")
            .expect("the bluetape binary is built")
            .args(arguments)
            .output()
            .expect("bluetape runs");
        String::from_utf8(output.stdout).expect("UTF-8 help")
    };
    let listed_commands = |arguments: &[&str]| -> Vec<String> {
        let help = help_of(arguments);
        let listed: Vec<String> = help
            .split("Commands:\n")
            .nth(1)
            .expect("a command list")
            .split("\n\n")
            .next()
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect();
        assert!(
            !help.contains("company_can_have_only_one_customer"),
            "{help}"
        );
        listed
    };
    // Each group lists one line per operation of its tag (its summary), and clap's `help`.
    let openapi = bluetape_model::render::document(bluetape_model::render::Version::V3_1).unwrap();
    let mut groups: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for (_, _, operation) in bluetape_model::operations_of(&openapi) {
        let tag = operation["tags"][0].as_str().unwrap().to_lowercase();
        let summary = operation["summary"].as_str().unwrap().to_owned();
        groups.entry(tag).or_default().push(summary);
    }
    let top = listed_commands(&["--help"]);
    assert_eq!(top.len(), groups.len() + 3, "{top:?}");
    for (group, summaries) in &groups {
        let listed = listed_commands(&[group.as_str(), "-h"]);
        assert_eq!(listed.len(), summaries.len() + 1, "{group}: {listed:?}");
        for summary in summaries {
            assert_eq!(
                listed
                    .iter()
                    .filter(|line| line.ends_with(summary.as_str()))
                    .count(),
                1,
                "{summary} once in {listed:?}"
            );
        }
    }
    // Today's names, on purpose: a rename breaks users' scripts.
    for (arguments, commands) in [
        (
            &["--help"][..],
            &["company", "customer", "completions", "man"][..],
        ),
        (&["company", "-h"][..], &["create", "link"][..]),
        (&["customer", "-h"][..], &["create", "update", "signup"][..]),
    ] {
        let listed = listed_commands(arguments);
        for command in commands {
            assert!(
                listed
                    .iter()
                    .any(|line| line.trim_start().starts_with(command)),
                "{command} in {listed:?}"
            );
        }
    }
    let help = help_of(&["company", "create", "--help"]);
    assert!(help.contains("At most one customer per company"), "{help}");
}
