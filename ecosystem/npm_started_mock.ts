// The README's TypeScript client (bluetape_client.ts, through typescript_scenario.ts) against a
// mock started with the npm package's helper, as a JavaScript or TypeScript test would: run by
// `cargo xtask ecosystem` from a project that installed the packed tarballs alone. With
// BLUETAPE_BASE_URL set it calls that server instead (the container image's mock, under chroot).
// Either way it prints the server's journal, as one line `journal {"entries": [...]}`, for xtask.
import { startMock, type RunningMock } from "bluetape-mock";

function check(name: string, ok: boolean): void {
  if (!ok) {
    console.error(`FAILED ${name}`);
    process.exit(1);
  }
  console.log(`ok ${name}`);
}

const given = process.env.BLUETAPE_BASE_URL;
let mock: RunningMock | undefined;
if (!given) {
  mock = await startMock();
  process.env.BLUETAPE_BASE_URL = mock.url;
  process.env.BLUETAPE_API_KEY = mock.apiKey;
  process.env.BLUETAPE_ACCOUNT_ID = mock.accountId;
  console.log(`ok startMock() listens at ${mock.url} with credentials of its own`);
}
try {
  await import("./typescript_scenario.js");
  const url = process.env.BLUETAPE_BASE_URL;
  const token = process.env.BLUETAPE_MOCK_ADMIN_TOKEN;
  // As text: JSON.parse would round the 27-digit amounts that xtask checks digit for digit.
  const journal = await fetch(`${url}/__admin/journal`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  console.log(`journal ${(await journal.text()).replaceAll("\n", "")}`);
  if (mock) {
    const entries = await mock.journal();
    check(
      "journal(): every request, credentials redacted",
      entries.length > 0 && entries.every((entry) => entry.headers["x-bluetape-key"] !== mock?.apiKey),
    );
  }
} finally {
  await mock?.stop();
}
if (mock) {
  const stopped = await fetch(`${mock.url}/__admin/journal`).then(() => false, () => true);
  check("stop() stopped the mock", stopped);
}
