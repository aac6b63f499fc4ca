//! The npm packages as a JavaScript or TypeScript user meets them: packed by the README's `cargo
//! xtask dist npm`, installed into a fresh project from the tarballs alone (offline, an empty
//! cache), then `npx bluetape-mock --port 0` (Ctrl-C reaches the binary), the README's `npx`
//! configuration of `bluetape-mcp` through the MCP Inspector, the README's TypeScript client
//! against a mock started by the package's helper, and the error of a platform without a package.

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use test_support::process::run;
use xtask::distribution::names::{MCP_SERVER_NAME, VERSION};
use xtask::distribution::npm::TARBALLS;
use xtask::error::XtaskError;

use super::client_scenarios::run_scenario_printing_its_journal;
use super::context::{Context, command, readme_shows};
use super::mcp_server;

const STEP: &str = "npm packages";
/// The README's commands, run as written (the tarballs standing in for the npm registry).
const PACK_COMMAND: &str = "cargo xtask dist npm";
const INSTALL_COMMAND: &str = "npm i -D bluetape-mock";
const MOCK_COMMAND: &str = "npx bluetape-mock --port 0";
/// The files of the TypeScript check: the README's client, its scenario, and the test that starts
/// a mock with the helper.
const TYPESCRIPT_FILES: [&str; 3] = [
    "bluetape_client.ts",
    "typescript_scenario.ts",
    "npm_started_mock.ts",
];
/// The pinned packages the README's client imports, linked into the project as its own install
/// would put them.
const CLIENT_PACKAGES: [&str; 3] = ["openapi-fetch", "lossless-json", "@types/node"];

fn failure(message: impl Into<String>) -> XtaskError {
    XtaskError::Step {
        step: STEP.into(),
        message: message.into(),
    }
}

/// Packs, installs and runs the npm packages; returns the step's summary.
///
/// # Errors
///
/// [`XtaskError::Step`] naming what failed.
pub fn run_all(context: &Context) -> Result<String, XtaskError> {
    readme_shows(
        context,
        STEP,
        &[PACK_COMMAND, INSTALL_COMMAND, MOCK_COMMAND],
    )?;
    run(
        STEP,
        command("bash", context).args(["-euo", "pipefail", "-c", PACK_COMMAND]),
    )?;
    let tarballs = tarballs(&context.root.join(TARBALLS))?;
    let project = context.root.join("target/ecosystem/npm-project");
    install(context, &project, &tarballs, &[])?;
    let mut lines = vec![format!(
        "{} tarballs ({}) installed offline into a fresh project by `{INSTALL_COMMAND}`",
        tarballs.len(),
        tarballs
            .iter()
            .map(|path| format!(
                "{} {}",
                path.file_name().unwrap_or_default().to_string_lossy(),
                size_of(path)
            ))
            .collect::<Vec<_>>()
            .join(", ")
    )];
    let manifest_path = project.join("node_modules/bluetape-mcp/package.json");
    let manifest: Value = std::fs::read_to_string(&manifest_path)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .ok_or_else(|| failure(format!("cannot read {}", manifest_path.display())))?;
    if manifest["mcpName"] != MCP_SERVER_NAME {
        return Err(failure(format!(
            "bluetape-mcp's package.json has mcpName {}, not {MCP_SERVER_NAME}",
            manifest["mcpName"]
        )));
    }
    lines.push(npx_mock_stops_on_ctrl_c(context, &project)?);
    lines.push(mcp_server::inspect_npx_configuration(context, &project)?);
    lines.push(typescript_client(context, &project)?);
    lines.push(readme_snippet(context, &project)?);
    lines.push(without_a_platform_package(context, &project, &tarballs)?);
    Ok(lines.join("\n"))
}

/// The size of the file at `path`, in KiB or MiB.
fn size_of(path: &Path) -> String {
    let bytes = std::fs::metadata(path).map_or(0, |metadata| metadata.len()) as f64;
    if bytes < 1024.0 * 1024.0 {
        format!("{:.1} KiB", bytes / 1024.0)
    } else {
        format!("{:.1} MiB", bytes / (1024.0 * 1024.0))
    }
}

/// The tarballs `cargo xtask dist npm` wrote.
fn tarballs(directory: &Path) -> Result<Vec<PathBuf>, XtaskError> {
    let mut tarballs: Vec<PathBuf> = std::fs::read_dir(directory)
        .map_err(|error| XtaskError::io("read", directory, error))?
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| path.extension().is_some_and(|extension| extension == "tgz"))
        .collect();
    tarballs.sort();
    if tarballs.len() < 4 {
        return Err(failure(format!(
            "expected two packages and their platform packages in {}, found {tarballs:?}",
            directory.display()
        )));
    }
    Ok(tarballs)
}

/// A fresh project in `project` with the README's install command, the tarballs standing in for
/// the registry: offline, with a cache of its own, so that nothing else can serve them.
fn install(
    context: &Context,
    project: &Path,
    tarballs: &[PathBuf],
    options: &[&str],
) -> Result<(), XtaskError> {
    xtask::tools::clean(project)?;
    xtask::distribution::staging::write(
        &project.join("package.json"),
        "{\"name\": \"npm-user\", \"private\": true, \"type\": \"module\"}\n",
    )?;
    let paths: Vec<String> = tarballs
        .iter()
        .map(|path| path.display().to_string())
        .collect();
    let install = INSTALL_COMMAND.replace("bluetape-mock", &paths.join(" "));
    run(
        STEP,
        command("bash", context)
            .args(["-euo", "pipefail", "-c"])
            .arg(format!(
                "{install} --offline --no-audit --no-fund {}",
                options.join(" ")
            ))
            .current_dir(project)
            .env("npm_config_cache", project.join(".npm-cache")),
    )?;
    Ok(())
}

/// `npx bluetape-mock --port 0` prints its URL and listens; Ctrl-C stops it: SIGINT to its
/// process group, as a terminal sends it (npx, the launcher and the binary).
fn npx_mock_stops_on_ctrl_c(context: &Context, project: &Path) -> Result<String, XtaskError> {
    let mut child = command("bash", context)
        .args(["-c", &format!("exec {MOCK_COMMAND}")])
        .process_group(0)
        .current_dir(project)
        .env("npm_config_offline", "true")
        .env("npm_config_cache", project.join(".npm-cache"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|error| failure(format!("cannot run {MOCK_COMMAND}: {error}")))?;
    let stdout = child.stdout.take().ok_or_else(|| failure("no stdout"))?;
    let mut first = String::new();
    BufReader::new(stdout)
        .read_line(&mut first)
        .map_err(|error| failure(format!("{MOCK_COMMAND}: {error}")))?;
    let address = first
        .trim()
        .strip_prefix("bluetape-mock listening on http://")
        .map(str::to_owned);
    let Some(address) = address else {
        let _ = child.kill();
        return Err(failure(format!(
            "{MOCK_COMMAND} printed {first:?}, not its URL"
        )));
    };
    let answered = std::net::TcpStream::connect(&address).is_ok();
    run(
        STEP,
        Command::new("kill").args(["-INT", "--", &format!("-{}", child.id())]),
    )?;
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
            _ => break None,
        }
    };
    let still_listening = std::net::TcpStream::connect(&address).is_ok();
    if !answered || status.is_none() || still_listening {
        let _ = child.kill();
        return Err(failure(format!(
            "{MOCK_COMMAND}: listening {answered}; after Ctrl-C exited {status:?}, still \
             listening {still_listening}"
        )));
    }
    Ok(format!(
        "`{MOCK_COMMAND}` listened at {address}; Ctrl-C stopped npx and the binary behind it"
    ))
}

/// The README's TypeScript client, compiled with strict tsc beside the helper's types, against a
/// mock that the package's `startMock()` started.
fn typescript_client(context: &Context, project: &Path) -> Result<String, XtaskError> {
    for name in CLIENT_PACKAGES {
        let link = project.join("node_modules").join(name);
        if let Some(parent) = link.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|error| XtaskError::io("create", parent, error))?;
        }
        std::os::unix::fs::symlink(context.tools.npm.join("node_modules").join(name), &link)
            .map_err(|error| XtaskError::io("link", &link, error))?;
    }
    for file in TYPESCRIPT_FILES {
        let source = context.root.join("ecosystem").join(file);
        xtask::distribution::staging::copy(&source, &project.join(file))?;
    }
    run(
        STEP,
        command(context.tools.npm_tool("openapi-typescript"), context)
            .arg(context.root.join("openapi/bluetape.openapi.json"))
            .arg("--output")
            .arg(project.join("bluetape.d.ts")),
    )?;
    let tsconfig = context.root.join("ecosystem/tsconfig.json");
    let mut config: Value = std::fs::read_to_string(&tsconfig)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .ok_or_else(|| failure(format!("cannot read {}", tsconfig.display())))?;
    config["files"] = serde_json::json!(TYPESCRIPT_FILES);
    xtask::distribution::staging::write(&project.join("tsconfig.json"), &config.to_string())?;
    run(
        STEP,
        command(context.tools.npm_tool("tsc"), context)
            .arg("-p")
            .arg(project.join("tsconfig.json")),
    )?;
    let summary = run_scenario_printing_its_journal(
        "TypeScript, npm-started mock",
        command("node", context)
            .arg(project.join("out/npm_started_mock.js"))
            .current_dir(project)
            .env_remove("BLUETAPE_BASE_URL"),
    )?;
    Ok(format!(
        "the README's TypeScript client against startMock(): {summary}"
    ))
}

/// The README's `startMock()` snippet, compiled (strict) and run as written: it prints `404 1`.
fn readme_snippet(context: &Context, project: &Path) -> Result<String, XtaskError> {
    let path = context.root.join("README.md");
    let readme =
        std::fs::read_to_string(&path).map_err(|error| XtaskError::io("read", &path, error))?;
    let snippet = readme
        .split("```ts\n")
        .skip(1)
        .filter_map(|block| block.split("```").next())
        .find(|block| block.contains("from \"bluetape-mock\""))
        .ok_or_else(|| failure("README.md shows no ```ts block importing bluetape-mock"))?;
    xtask::distribution::staging::write(&project.join("readme_start_mock.ts"), snippet)?;
    let tsconfig = project.join("tsconfig.json");
    let mut config: Value = std::fs::read_to_string(&tsconfig)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .ok_or_else(|| failure(format!("cannot read {}", tsconfig.display())))?;
    config["files"] = serde_json::json!(["readme_start_mock.ts"]);
    xtask::distribution::staging::write(&tsconfig, &config.to_string())?;
    run(
        STEP,
        command(context.tools.npm_tool("tsc"), context)
            .arg("-p")
            .arg(&tsconfig),
    )?;
    let printed = run(
        STEP,
        command("node", context)
            .arg(project.join("out/readme_start_mock.js"))
            .current_dir(project),
    )?;
    if printed.trim() != "404 1" {
        return Err(failure(format!(
            "the README's startMock() snippet printed {printed:?}, not the \"404 1\" it promises"
        )));
    }
    Ok("the README's startMock() snippet compiled (strict) and printed 404 1".into())
}

/// Where npm has no package for the platform, and where the platform's package was left out,
/// the command stops with an error naming the platform and the other ways to install.
fn without_a_platform_package(
    context: &Context,
    project: &Path,
    tarballs: &[PathBuf],
) -> Result<String, XtaskError> {
    let launcher = project.join("node_modules/bluetape-mock/bin/bluetape-mock.js");
    let elsewhere = command("node", context)
        .args([
            "-e",
            "Object.defineProperty(process, 'platform', { value: 'sunos' }); require(process.argv[1]);",
        ])
        .arg(&launcher)
        .arg("--version")
        .output()
        .map_err(|error| failure(format!("cannot run node: {error}")))?;
    let said = String::from_utf8_lossy(&elsewhere.stderr).into_owned();
    let platform = format!("sunos-{}", node_arch());
    let names_all = |text: &str, words: &[&str]| words.iter().all(|word| text.contains(word));
    if elsewhere.status.success()
        || !names_all(
            &said,
            &[
                &platform,
                "cargo install bluetape-mock",
                "pip install bluetape-mock",
            ],
        )
    {
        return Err(failure(format!(
            "on {platform} the launcher should fail naming the platform and the other ways to \
             install; it exited {} saying {said:?}",
            elsewhere.status
        )));
    }
    let omitted = context
        .root
        .join("target/ecosystem/npm-project-omit-optional");
    // The launcher's tarball alone: a platform tarball named on the command line would be a
    // dependency of the project, which --omit=optional keeps.
    let launcher_only: Vec<PathBuf> = tarballs
        .iter()
        .filter(|path| {
            path.file_name()
                .is_some_and(|name| *name == *format!("bluetape-mock-{VERSION}.tgz"))
        })
        .cloned()
        .collect();
    install(context, &omitted, &launcher_only, &["--omit=optional"])?;
    let output = command("bash", context)
        .args(["-c", "npx bluetape-mock --version"])
        .current_dir(&omitted)
        .env("npm_config_offline", "true")
        .env("npm_config_cache", omitted.join(".npm-cache"))
        .output()
        .map_err(|error| failure(format!("cannot run npx: {error}")))?;
    let missing = String::from_utf8_lossy(&output.stderr).into_owned();
    if output.status.success()
        || !names_all(
            &missing,
            &["@bluetape/mock-linux", "is not installed", "cargo install"],
        )
    {
        return Err(failure(format!(
            "installed with --omit=optional, bluetape-mock should fail naming its missing \
             platform package; it exited {} saying {missing:?}",
            output.status
        )));
    }
    Ok(format!(
        "on {platform}: {:?}; with --omit=optional: {:?}",
        said.trim(),
        missing.lines().next().unwrap_or_default()
    ))
}

/// This machine's architecture as Node.js names it.
fn node_arch() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "x64",
        "aarch64" => "arm64",
        other => other,
    }
}
