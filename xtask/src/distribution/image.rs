//! The mock's container image (and the proxy's: the same binary), built by podman from
//! `mock-server/Containerfile`: `FROM scratch`, a static binary, the CA certificates the proxy
//! checks an https upstream with, a non-root user, and `0.0.0.0:8080`.

use std::path::Path;
use std::process::Command;

use test_support::process::{cargo, run};

use super::names::{DIRECTORY, MOCK_BINARY, PLATFORMS, VERSION};
use super::staging::{copy, failure};
use crate::error::XtaskError;

const STEP: &str = "container image";
/// The recipe, relative to the workspace root.
pub const CONTAINERFILE: &str = "mock-server/Containerfile";
/// The CA certificates of the machine that builds the image (Debian's `ca-certificates`).
const CA_CERTIFICATES: &str = "/etc/ssl/certs/ca-certificates.crt";
/// Debian's podman, which builds a `FROM scratch` image without a registry.
const PODMAN: &str = "/usr/bin/podman";

/// The image's name and tag.
pub fn reference() -> String {
    format!("localhost/{MOCK_BINARY}:{VERSION}")
}

/// Builds the static binary (glibc, `+crt-static`) and the image; returns the image's reference.
///
/// # Errors
///
/// [`XtaskError::Step`] when podman is missing or a build fails.
pub fn build(root: &Path) -> Result<String, XtaskError> {
    crate::tools::require(STEP, PODMAN, "apt-get install podman")?;
    let target = PLATFORMS[0].rust_target;
    // With --target, RUSTFLAGS reach the binary only, not the build scripts and proc macros
    // (which cannot be static); the static build has a folder of its own under target/. Names
    // resolve with hickory: a static binary cannot load glibc's NSS modules.
    run(
        STEP,
        cargo()
            .args([
                "build",
                "--release",
                "--locked",
                "--quiet",
                "--target",
                target,
            ])
            .args(["-p", MOCK_BINARY, "--features", "hickory-dns"])
            .env(
                "RUSTFLAGS",
                "-C target-feature=+crt-static -C strip=symbols",
            )
            .current_dir(root),
    )?;
    let context = root.join(DIRECTORY).join("image");
    crate::tools::clean(&context)?;
    copy(
        &root
            .join("target")
            .join(target)
            .join("release")
            .join(MOCK_BINARY),
        &context.join(MOCK_BINARY),
    )?;
    copy(
        Path::new(CA_CERTIFICATES),
        &context.join("ca-certificates.crt"),
    )?;
    copy(&root.join(CONTAINERFILE), &context.join("Containerfile"))?;
    let reference = reference();
    run(
        STEP,
        Command::new(PODMAN)
            .args(["build", "--quiet", "--tag", &reference, "--file"])
            .arg(context.join("Containerfile"))
            .arg(&context),
    )
    .map_err(|error| failure(STEP, error.message))?;
    Ok(reference)
}
