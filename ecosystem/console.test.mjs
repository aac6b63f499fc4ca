// The "try it" console in a real browser (Debian's Chromium, driven by playwright-core):
// - bluetape-mock's console at its root sends createCompany to the mock itself: 201 on the page,
//   both credentials on the request, the company in the mock's journal, every request on the
//   mock's origin, nothing kept in the browser;
// - a page of another origin cannot call the mock unless `--cors-origin` names it;
// - the published console (`cargo xtask docs`) lists production and a local mock and requests
//   nothing beyond its own origin.
// The outside world is cut with host-resolver rules, not a context's `offline` mode (which cuts
// loopback too); nothing is intercepted with page.route (Playwright would answer CORS preflights).
// Run by `cargo xtask ecosystem`: node --test ecosystem/console.test.mjs
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { extname, join, normalize, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, test } from 'node:test';

const requireTool = createRequire(resolve(process.env.NPM_TOOLS ?? '.', 'package.json'));
const { chromium } = requireTool('playwright-core');

const mockBinary = process.env.MOCK_BINARY ?? 'target/debug/bluetape-mock';
const docSite = process.env.DOC_SITE_DIR;
const screenshot = process.env.CONSOLE_SCREENSHOT;

let browser;
before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1'],
  });
});
after(async () => browser?.close());

/** Starts bluetape-mock on a free port; resolves to { url, stop }. */
function startMock(args) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(mockBinary, ['--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`bluetape-mock exited with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const found = line.match(/listening on (http:\/\/\S+)/);
      if (found) {
        resolvePromise({ url: found[1], stop: () => child.kill('SIGINT') });
      }
    });
  });
}

/** Serves `handler` on 127.0.0.1 and a free port; resolves to { url, close }. */
function serve(handler) {
  return new Promise((resolvePromise) => {
    const server = createServer(handler);
    server.listen(0, '127.0.0.1', () => {
      resolvePromise({ url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() });
    });
  });
}

async function journal(mock, operation) {
  const reply = await fetch(`${mock.url}/__admin/journal?operation=${operation}`);
  assert.equal(reply.status, 200);
  return (await reply.json()).entries;
}

test("the mock's console sends createCompany to the mock, with both credentials, keeping nothing", async () => {
  const apiKey = `console-key-${randomBytes(6).toString('hex')}`;
  const accountId = `console-account-${randomBytes(6).toString('hex')}`;
  const mock = await startMock(['--api-key', apiKey, '--account-id', accountId]);
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  try {
    const page = await context.newPage();
    const requests = [];
    page.on('request', (request) => requests.push(request));
    await page.goto(`${mock.url}/`, { waitUntil: 'networkidle' });
    await page.getByRole('link', { name: 'Create a company' }).first().click();
    await page.getByRole('button', { name: /Test Request/ }).first().click();
    await page.getByRole('button', { name: /^Send post request/ }).first().click();
    await page.getByText('201 Created').first().waitFor({ timeout: 20_000 });
    if (screenshot) {
      await page.screenshot({ path: screenshot });
    }

    const posts = requests.filter((request) => request.method() === 'POST');
    assert.equal(posts.length, 1, posts.map((request) => request.url()).join('\n'));
    assert.equal(posts[0].url(), `${mock.url}/integration/company`);
    const headers = await posts[0].allHeaders();
    assert.equal(headers['x-bluetape-key'], apiKey);
    assert.equal(headers['x-integration-accountid'], accountId);
    const offOrigin = requests.map((request) => request.url())
      .filter((url) => !url.startsWith(`${mock.url}/`) && !url.startsWith('data:'));
    assert.deepEqual(offOrigin, [], 'every request stays on the mock\'s origin');

    const entries = await journal(mock, 'createCompany');
    assert.equal(entries.length, 1);
    assert.equal(entries[0].status, 201);

    const kept = await page.evaluate(() => JSON.stringify([
      Object.entries(localStorage), Object.entries(sessionStorage), document.cookie]));
    assert.ok(!kept.includes(apiKey) && !kept.includes(accountId), `the browser keeps a credential: ${kept}`);
    assert.deepEqual(await context.cookies(), []);
  } finally {
    await context.close();
    mock.stop();
  }
});

/** A page of another origin that POSTs a company to the mock and shows the outcome. */
function foreignPage(mockUrl, apiKey, accountId) {
  const company = {
    id: `cors-${randomBytes(4).toString('hex')}`, businessName: 'Acme Inc.',
    businessAddress: '1 Main St', sourceModifiedDate: '2024-03-09T00:10:20.300Z',
  };
  return `<!doctype html><html><body><p id="outcome">pending</p><script>
fetch(${JSON.stringify(`${mockUrl}/integration/company`)}, {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-bluetape-key': ${JSON.stringify(apiKey)},
    'x-integration-accountid': ${JSON.stringify(accountId)} },
  body: ${JSON.stringify(JSON.stringify(company))},
}).then((reply) => { document.getElementById('outcome').textContent = 'status ' + reply.status; },
  (error) => { document.getElementById('outcome').textContent = 'refused ' + error; });
</script></body></html>`;
}

test('a page of another origin is refused by the browser without --cors-origin, and allowed with it', async () => {
  let pageHtml = '';
  const site = await serve((request, reply) => {
    reply.writeHead(200, { 'content-type': 'text/html' });
    reply.end(pageHtml);
  });
  try {
    for (const [args, expected] of [[[], /^refused/], [['--cors-origin', site.url], /^status 201$/]]) {
      const mock = await startMock(args);
      try {
        pageHtml = foreignPage(mock.url, 'mock-api-key', 'mock-account-id');
        const page = await browser.newPage();
        await page.goto(`${site.url}/`);
        await page.waitForFunction(() => document.getElementById('outcome').textContent !== 'pending');
        const outcome = await page.locator('#outcome').innerText();
        assert.match(outcome, expected, `with ${JSON.stringify(args)}`);
        const entries = await journal(mock, 'createCompany');
        assert.equal(entries.length, args.length ? 1 : 0, `POSTs in the journal with ${JSON.stringify(args)}`);
        await page.close();
      } finally {
        mock.stop();
      }
    }
  } finally {
    site.close();
  }
});

test('the published console lists production and a local mock, and requests nothing elsewhere', async (t) => {
  if (!docSite) {
    t.skip('DOC_SITE_DIR is not set');
    return;
  }
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json' };
  const site = await serve(async (request, reply) => {
    const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    try {
      const body = await readFile(join(docSite, path));
      reply.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' });
      reply.end(body);
    } catch {
      reply.writeHead(404);
      reply.end();
    }
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  try {
    for (const pagePath of ['/console.html', '/index.html']) {
      const page = await context.newPage();
      const requests = [];
      page.on('request', (request) => requests.push(request.url()));
      await page.goto(`${site.url}${pagePath}`, { waitUntil: 'networkidle' });
      if (pagePath === '/console.html') {
        await page.getByText('https://api.bluetape.com/genericBthubService').first().waitFor({ timeout: 20_000 });
        const text = await page.locator('body').innerText();
        assert.match(text, /allows this page's origin/);
        const document = await (await fetch(`${site.url}/console/openapi.json`)).json();
        assert.deepEqual(document.servers.map((server) => server.url),
          ['https://api.bluetape.com/genericBthubService', 'http://127.0.0.1:{port}']);
      }
      const offOrigin = requests.filter((url) => !url.startsWith(`${site.url}/`) && !url.startsWith('data:'));
      assert.deepEqual(offOrigin, [], `${pagePath} requests nothing beyond its origin`);
      await page.close();
    }
  } finally {
    await context.close();
    site.close();
  }
});
