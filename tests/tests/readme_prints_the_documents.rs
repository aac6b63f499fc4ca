//! The README's commands that print a document (`cargo run -p bluetape-writers -- --openapi …
//! --format …`), run as written, print exactly the committed file. They build the writers alone, in a target directory of their own (the outer `cargo test` holds
//! the workspace's).

use std::path::Path;
use std::process::Command;

#[test]
fn the_readme_commands_print_the_committed_documents() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate sits in the workspace");
    let readme = std::fs::read_to_string(workspace.join("README.md")).unwrap();
    let commands: Vec<&str> = readme
        .lines()
        .filter(|line| line.starts_with("cargo run -p bluetape-writers "))
        .collect();
    assert_eq!(commands.len(), 2, "the README prints two documents");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    for command in commands {
        let words: Vec<&str> = command.split_whitespace().collect();
        let value_of = |flag: &str| {
            let at = words.iter().position(|word| *word == flag).unwrap();
            words[at + 1]
        };
        let suffix = if value_of("--openapi") == "3.0" {
            "-3.0"
        } else {
            ""
        };
        let committed = workspace.join(format!(
            "openapi/bluetape.openapi{suffix}.{}",
            value_of("--format")
        ));
        let output = Command::new(&cargo)
            .args(&words[1..])
            .current_dir(workspace)
            .env("CARGO_TARGET_DIR", workspace.join("target/readme-commands"))
            .env_remove("RUSTFLAGS")
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "{command}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let printed = String::from_utf8(output.stdout).unwrap();
        assert!(
            printed == std::fs::read_to_string(&committed).unwrap(),
            "{command} does not print {}",
            committed.display()
        );
    }
}
