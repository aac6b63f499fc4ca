//! The mock's container image, checked where a container runtime cannot start (crun refuses these
//! machines' cgroup and rlimit setup): built by the README's `cargo xtask dist image` with podman,
//! its configuration read (entrypoint, non-root user, exposed port, environment), and its root
//! filesystem run under `chroot` as that user, given what a runtime gives every container
//! (`/etc/hosts`, `/etc/resolv.conf`, `/dev`): the README's TypeScript client's scenario against
//! the mock, the proxy reaching it by name, and SIGTERM (`docker stop`) stopping it at once.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;
use test_support::process::{ServerProcess, run};
use xtask::distribution::image::reference;
use xtask::error::XtaskError;

use super::client_scenarios::run_scenario_printing_its_journal;
use super::context::{Context, command, readme_shows};

const STEP: &str = "container image";
const BUILD_COMMAND: &str = "cargo xtask dist image";
const PODMAN: &str = "/usr/bin/podman";
/// The upstream's name in the proxy's check, resolved through the container's `/etc/hosts`.
const UPSTREAM_NAME: &str = "bluetape-upstream";
/// The only files the image may hold.
const IMAGE_FILES: [&str; 2] = ["bluetape-mock", "etc/ssl/certs/ca-certificates.crt"];

fn failure(message: impl Into<String>) -> XtaskError {
    XtaskError::Step {
        step: STEP.into(),
        message: message.into(),
    }
}

/// Builds the image, checks its configuration and runs its root filesystem; returns the summary.
///
/// # Errors
///
/// [`XtaskError::Step`] naming what failed.
pub fn run_all(context: &Context) -> Result<String, XtaskError> {
    readme_shows(context, STEP, &[BUILD_COMMAND])?;
    xtask::tools::require(STEP, PODMAN, "apt-get install podman")?;
    run(
        STEP,
        command("bash", context).args(["-euo", "pipefail", "-c", BUILD_COMMAND]),
    )?;
    let image = reference();
    let inspected: Value = serde_json::from_str(&run(
        STEP,
        Command::new(PODMAN).args(["image", "inspect", &image]),
    )?)
    .map_err(|error| failure(format!("podman image inspect: {error}")))?;
    let config = &inspected[0]["Config"];
    let entrypoint: Vec<String> = serde_json::from_value(config["Entrypoint"].clone())
        .map_err(|error| failure(format!("the image's entrypoint: {error}")))?;
    let user = config["User"].as_str().unwrap_or_default().to_owned();
    let environment: Vec<(String, String)> = config["Env"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter_map(|pair| pair.split_once('='))
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect();
    let has = |name: &str, value: &str| {
        environment
            .iter()
            .any(|pair| pair == &(name.to_owned(), value.to_owned()))
    };
    let user_id = user.split(':').next().unwrap_or_default();
    if entrypoint != ["/bluetape-mock"]
        || user_id.is_empty()
        || user_id == "0"
        || config["ExposedPorts"].get("8080/tcp").is_none()
        || !has("BLUETAPE_MOCK_HOST", "0.0.0.0")
        || !has("BLUETAPE_MOCK_PORT", "8080")
    {
        return Err(failure(format!(
            "the image's configuration should be entrypoint /bluetape-mock, a non-root user, port \
             8080 exposed and 0.0.0.0:8080 in its environment: {config}"
        )));
    }
    let root = root_filesystem(context, &image)?;
    let size = std::fs::metadata(root.join("bluetape-mock")).map_or(0, |metadata| metadata.len());
    let mut lines = vec![format!(
        "{image}: entrypoint {entrypoint:?}, user {user}, port 8080 exposed, listening on \
         0.0.0.0:8080 from its environment; holds only {IMAGE_FILES:?} (binary {:.1} MiB, static)",
        size as f64 / (1024.0 * 1024.0)
    )];
    lines.extend(run_under_chroot(
        context,
        &root,
        &entrypoint[0],
        &user,
        &environment,
    )?);
    Ok(lines.join("\n"))
}

/// The image's root filesystem, copied out of `podman image mount`, with what a container runtime
/// adds: `/etc/hosts` (naming the proxy's upstream), `/etc/resolv.conf` and the standard devices.
fn root_filesystem(context: &Context, image: &str) -> Result<PathBuf, XtaskError> {
    let mounted = run(STEP, Command::new(PODMAN).args(["image", "mount", image]))?;
    let root = context.root.join("target/ecosystem/image-root");
    xtask::tools::clean(&root)?;
    let copied = run(
        STEP,
        Command::new("cp")
            .arg("-a")
            .arg(format!("{}/.", mounted.trim()))
            .arg(&root),
    );
    run(STEP, Command::new(PODMAN).args(["image", "unmount", image]))?;
    copied?;
    let mut files = Vec::new();
    list_files(&root, &root, &mut files)?;
    files.sort();
    if files != IMAGE_FILES {
        return Err(failure(format!(
            "the image should hold exactly {IMAGE_FILES:?}; it holds {files:?}"
        )));
    }
    xtask::distribution::staging::write(
        &root.join("etc/hosts"),
        &format!("127.0.0.1 localhost {UPSTREAM_NAME}\n"),
    )?;
    xtask::distribution::staging::write(&root.join("etc/resolv.conf"), "nameserver 127.0.0.1\n")?;
    std::fs::create_dir_all(root.join("dev"))
        .map_err(|error| XtaskError::io("create", root.join("dev"), error))?;
    for (device, minor) in [
        ("null", "3"),
        ("zero", "5"),
        ("random", "8"),
        ("urandom", "9"),
    ] {
        run(
            STEP,
            Command::new("mknod")
                .args(["-m", "666"])
                .arg(root.join("dev").join(device))
                .args(["c", "1", minor]),
        )?;
    }
    Ok(root)
}

fn list_files(root: &Path, directory: &Path, files: &mut Vec<String>) -> Result<(), XtaskError> {
    for entry in
        std::fs::read_dir(directory).map_err(|error| XtaskError::io("read", directory, error))?
    {
        let path = entry
            .map_err(|error| XtaskError::io("read", directory, error))?
            .path();
        if path.is_dir() {
            list_files(root, &path, files)?;
        } else {
            files.push(
                path.strip_prefix(root)
                    .unwrap_or(&path)
                    .display()
                    .to_string(),
            );
        }
    }
    Ok(())
}

/// The entrypoint under `chroot`, as the image's user with the image's environment and this run's
/// credentials: the mock answers the TypeScript scenario; the proxy reaches it by name; SIGTERM
/// stops it.
fn run_under_chroot(
    context: &Context,
    root: &Path,
    entrypoint: &str,
    user: &str,
    environment: &[(String, String)],
) -> Result<Vec<String>, XtaskError> {
    let nonce = std::process::id();
    let (api_key, account_id, admin_token) = (
        format!("image-key-{nonce}"),
        format!("image-account-{nonce}"),
        format!("image-admin-{nonce}"),
    );
    let start = |arguments: &[&str], port: &str| {
        let mut command = Command::new("chroot");
        command
            .arg(format!("--userspec={user}"))
            .arg(root)
            .arg(entrypoint)
            .args(arguments)
            .env_clear()
            .envs(environment.iter().map(|(name, value)| (name, value)))
            .env("BLUETAPE_MOCK_PORT", port)
            .env("BLUETAPE_MOCK_API_KEY", &api_key)
            .env("BLUETAPE_MOCK_ACCOUNT_ID", &account_id)
            .env("BLUETAPE_MOCK_ADMIN_TOKEN", &admin_token);
        ServerProcess::announcing_url("the image's entrypoint under chroot", &mut command)
    };
    let port = environment
        .iter()
        .find(|(name, _)| name == "BLUETAPE_MOCK_PORT")
        .map_or("8080", |(_, value)| value.as_str());
    let mock = start(&[], port)?;
    let mock_url = mock.url().replace("0.0.0.0", "127.0.0.1");
    let compiled = context
        .root
        .join("target/ecosystem/npm-project/out/npm_started_mock.js");
    if !compiled.exists() {
        return Err(failure(format!(
            "{} is missing: the npm packages step compiles the TypeScript scenario this step runs",
            compiled.display()
        )));
    }
    let scenario = run_scenario_printing_its_journal(
        "TypeScript, the image's mock",
        command("node", context)
            .arg(&compiled)
            .env("BLUETAPE_BASE_URL", &mock_url)
            .env("BLUETAPE_API_KEY", &api_key)
            .env("BLUETAPE_ACCOUNT_ID", &account_id)
            .env("BLUETAPE_MOCK_ADMIN_TOKEN", &admin_token),
    )?;

    let upstream = format!("http://{UPSTREAM_NAME}:{port}");
    let proxy = start(
        &["proxy", "--upstream", &upstream, "--allow-insecure-http"],
        "0",
    )?;
    let proxy_address = proxy.url().replace("0.0.0.0", "127.0.0.1");
    let (status, body) = get(
        proxy_address.trim_start_matches("http://"),
        "/integration/customer/nobody-here/signup",
        &[
            ("X-BlueTape-Key", &api_key),
            ("X-Integration-AccountId", &account_id),
        ],
    )?;
    if status != 404 || !body.contains("not found") {
        return Err(failure(format!(
            "through the proxy to {upstream}, an unknown customer should be the mock's 404; got \
             {status}: {body}"
        )));
    }
    drop(proxy);

    run(
        STEP,
        Command::new("kill").args(["-TERM", &mock.pid().to_string()]),
    )?;
    let stopped = wait_until_gone(mock.pid(), Duration::from_secs(3));
    drop(mock);
    if !stopped {
        return Err(failure(
            "SIGTERM (docker stop) did not stop the mock within 3 s",
        ));
    }
    Ok(vec![
        format!("under chroot as {user}: {scenario}"),
        format!(
            "the proxy (`proxy --upstream {upstream}`) reached the mock by name through /etc/hosts \
             (hickory, no NSS module): its 404 came back"
        ),
        "SIGTERM stopped the mock within 3 s".to_owned(),
    ])
}

/// One HTTP/1.1 GET on loopback: the status and the body.
fn get(address: &str, path: &str, headers: &[(&str, &str)]) -> Result<(u16, String), XtaskError> {
    let mut stream = std::net::TcpStream::connect(address)
        .map_err(|error| failure(format!("cannot connect to {address}: {error}")))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .map_err(|error| failure(error.to_string()))?;
    let mut request = format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream
        .write_all(request.as_bytes())
        .map_err(|error| failure(format!("cannot send to {address}: {error}")))?;
    let mut reply = String::new();
    stream
        .read_to_string(&mut reply)
        .map_err(|error| failure(format!("cannot read from {address}: {error}")))?;
    let status = reply
        .split_whitespace()
        .nth(1)
        .and_then(|status| status.parse().ok())
        .ok_or_else(|| failure(format!("not an HTTP reply: {reply}")))?;
    let body = reply.split_once("\r\n\r\n").map_or("", |(_, body)| body);
    Ok((status, body.to_owned()))
}

/// Whether process `pid` exits (or is a zombie awaiting its parent) within `timeout`.
fn wait_until_gone(pid: u32, timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        let state = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok();
        let gone = state.as_deref().is_none_or(|stat| {
            stat.rsplit_once(") ")
                .is_some_and(|(_, rest)| rest.starts_with('Z'))
        });
        if gone {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}
