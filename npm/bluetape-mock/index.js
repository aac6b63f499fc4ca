// startMock(): a bluetape-mock on 127.0.0.1 and a free port, with credentials of its own, for one
// test or one test file; what the Python wheel's `running()` gives pytest.
"use strict";

const { spawn } = require("node:child_process");
const { randomBytes } = require("node:crypto");
const { binaryPath } = require("./lib/launcher.js");
const manifest = require("./package.json");

/** The request headers that carry the credentials, as the API names them. */
const API_KEY_HEADER = "X-BlueTape-Key";
const ACCOUNT_ID_HEADER = "X-Integration-AccountId";
// What the binary prints once it listens (mock-server/src/main.rs), followed by its URL.
const READY_PREFIX = "bluetape-mock listening on ";

/** The mock could not start: no binary for this platform, it exited, or it printed no URL. */
class MockStartError extends Error {
  constructor(message) {
    super(message);
    this.name = "MockStartError";
  }
}

/** Starts a mock; resolves once it listens. See index.d.ts for the options. */
async function startMock(options = {}) {
  const apiKey = options.apiKey ?? `mock-key-${randomBytes(8).toString("hex")}`;
  const accountId = options.accountId ?? `mock-account-${randomBytes(8).toString("hex")}`;
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;
  const args = [];
  if (options.seed !== undefined) args.push("--seed", String(options.seed));
  args.push("--host", "127.0.0.1", "--port", "0");
  if (options.log) args.push("--log");
  args.push(...(options.args ?? []));
  if (options.upstream !== undefined) {
    args.push("proxy", "--upstream", String(options.upstream));
  }
  let file;
  try {
    file = options.binary ?? binaryPath(manifest, "bluetape-mock");
  } catch (error) {
    throw new MockStartError(error.message);
  }
  // Credentials through the environment, never the command line (visible in `ps`).
  const child = spawn(file, args, {
    env: { ...process.env, BLUETAPE_MOCK_API_KEY: apiKey, BLUETAPE_MOCK_ACCOUNT_ID: accountId },
    stdio: ["ignore", "pipe", options.log ? "inherit" : "pipe"],
  });
  // A test run that ends without stop() must not leave the mock running.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  let url;
  try {
    url = await readyUrl(child, startTimeoutMs, exited);
  } catch (error) {
    child.kill("SIGKILL");
    process.off("exit", killOnExit);
    throw error;
  }
  const headers = { [API_KEY_HEADER]: apiKey, [ACCOUNT_ID_HEADER]: accountId };
  const control = async (path) => {
    const reply = await fetch(`${url}/__admin/${path}`);
    if (!reply.ok) throw new Error(`GET /__admin/${path}: ${reply.status} ${await reply.text()}`);
    return reply.json();
  };
  let stopping;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGINT");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      }
      process.off("exit", killOnExit);
    })();
    return stopping;
  };
  return {
    url,
    apiKey,
    accountId,
    headers,
    journal: async () => (await control("journal")).entries,
    violations: () => control("violations"),
    stop,
    // `await using mock = await startMock()` where the runtime has explicit resource management.
    ...(Symbol.asyncDispose ? { [Symbol.asyncDispose]: stop } : {}),
  };
}

/** The URL the mock prints on its first line, or a MockStartError with what it said. */
function readyUrl(child, timeoutMs, exited) {
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stderr?.on("data", (chunk) => (stderr += chunk));
    const fail = (what) => {
      clearTimeout(timer);
      const said = (stderr || stdout).trim() || "no output";
      reject(new MockStartError(`bluetape-mock ${what}: ${said}`));
    };
    const timer = setTimeout(() => fail(`printed no URL within ${timeoutMs} ms`), timeoutMs);
    child.once("error", (error) => fail(`could not start (${error.message})`));
    exited.then((code) => fail(`exited with code ${code}`));
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      const line = stdout.split("\n", 1)[0];
      if (stdout.includes("\n") && line.startsWith(READY_PREFIX)) {
        clearTimeout(timer);
        child.stdout.resume();
        resolve(line.slice(READY_PREFIX.length).trim());
      }
    });
  });
}

module.exports = { startMock, MockStartError, API_KEY_HEADER, ACCOUNT_ID_HEADER };
