// Finds the binary this package runs, in the package for this platform (an optional dependency,
// as esbuild and biome ship theirs: npm installs only the one whose os, cpu and libc match, and
// nothing is downloaded at install), and runs it. Written once in npm/launcher.js; `cargo xtask
// dist npm` copies it into each package as lib/launcher.js.
"use strict";

const { spawn } = require("node:child_process");

/** This machine's platform as npm names its packages' `os` and `cpu`: `linux-x64`. */
function platformName() {
  return `${process.platform}-${process.arch}`;
}

/** The other ways to install `binary`, for a platform npm cannot serve. */
function otherWays(binary, repository) {
  return (
    `install it another way: \`cargo install ${binary}\` (Rust), ` +
    `\`pip install ${binary}\` (a Python wheel), or build it from ${repository}`
  );
}

/**
 * The path of `binary` for this platform, from the package whose manifest is `manifest` (its
 * optionalDependencies name one package per platform: `@bluetape/mock-linux-x64`).
 * Throws an Error naming the platform and the other ways to install when there is none.
 */
function binaryPath(manifest, binary) {
  const platform = platformName();
  const repository = ((manifest.repository && manifest.repository.url) || manifest.homepage || "")
    .replace(/^git\+/, "")
    .replace(/\.git$/, "");
  const packages = Object.keys(manifest.optionalDependencies || {});
  const wanted = packages.find((name) => name.endsWith(`-${platform}`));
  if (wanted === undefined) {
    const served = packages.map((name) => name.slice(name.lastIndexOf("/") + 1));
    throw new Error(
      `${manifest.name} ${manifest.version} has no binary for ${platform} on npm ` +
        `(there are: ${served.join(", ") || "none"}); ${otherWays(binary, repository)}.`
    );
  }
  const file = binary + (process.platform === "win32" ? ".exe" : "");
  try {
    return require.resolve(`${wanted}/bin/${file}`);
  } catch {
    throw new Error(
      `${wanted}, which holds ${binary} for ${platform}, is not installed: npm skips it when ` +
        `optional dependencies are omitted (--omit=optional, --no-optional) or when the ` +
        `package was installed on another platform. Reinstall ${manifest.name} without that, ` +
        `or ${otherWays(binary, repository)}.`
    );
  }
}

/**
 * Runs `binary` with this process's arguments and standard streams, passes on the signals that
 * stop it, and exits as it exits.
 */
function run(manifest, binary) {
  let file;
  try {
    file = binaryPath(manifest, binary);
  } catch (error) {
    process.stderr.write(`error: ${error.message}\n`);
    process.exit(1);
  }
  const child = spawn(file, process.argv.slice(2), { stdio: "inherit" });
  const forwarded = ["SIGINT", "SIGTERM", "SIGHUP"];
  const forward = (signal) => child.kill(signal);
  for (const signal of forwarded) process.on(signal, forward);
  child.on("error", (error) => {
    process.stderr.write(`error: cannot run ${file}: ${error.message}\n`);
    process.exit(1);
  });
  child.on("exit", (code, signal) => {
    for (const name of forwarded) process.off(name, forward);
    if (signal !== null) {
      process.kill(process.pid, signal);
    } else {
      process.exit(code === null ? 1 : code);
    }
  });
}

module.exports = { binaryPath, platformName, run };
