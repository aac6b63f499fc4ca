//! Adding bluetape-client (and bluetape-httpmock) to an application changes nothing in it but what
//! it adds. Inside this workspace Cargo unifies every member's features, so the check builds and
//! tests an application of its own, outside the workspace, as a user's build resolves it:
//! `benchmarks/consumer-apps/with-client`, whose tests read JSON into an untagged enum, a flattened
//! struct and a `Value`, which serde_json's `arbitrary_precision` would each break.

use std::path::Path;
use std::process::Command;

#[test]
fn an_application_reads_its_own_json_as_before() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the client sits in the workspace");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["test", "--locked", "--quiet", "--manifest-path"])
        .arg(workspace.join("benchmarks/consumer-apps/with-client/Cargo.toml"))
        .arg("--target-dir")
        .arg(workspace.join("target/consumer-apps"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "the application's tests failed:\n{printed}"
    );
    // The four checks of tests/json_parsing_is_unchanged.rs and the test on the double ran.
    assert!(printed.contains("4 passed"), "{printed}");
    assert!(printed.contains("1 passed"), "{printed}");
}
