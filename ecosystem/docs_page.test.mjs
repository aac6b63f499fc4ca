// Opens the self-contained API reference (target/doc-site/index.html) in headless Chromium with the
// network switched off, asserts that what a reader needs is on the page, and saves a screenshot.
// Run by `cargo xtask ecosystem`: node --test ecosystem/docs_page.test.mjs
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

// The pinned npm tools live in a prefix of their own (NPM_TOOLS), not beside this file.
const requireTool = createRequire(resolve(process.env.NPM_TOOLS ?? '.', 'package.json'));
const { chromium } = requireTool('playwright-core');

const site = resolve(process.env.DOC_SITE ?? 'target/doc-site/index.html');
const screenshot = resolve(process.env.DOC_SCREENSHOT ?? 'target/doc-site/screenshot.png');
// The version the page must show: the workspace's, passed by `cargo xtask ecosystem`.
const version = process.env.API_VERSION;

test('the reference page shows every operation, both auth headers and the error schema', async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    // Offline: the page must need nothing but its own file.
    const context = await browser.newContext({ offline: true, viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const failedRequests = [];
    page.on('requestfailed', (request) => failedRequests.push(request.url()));
    await page.goto(pathToFileURL(site).href);
    assert.ok(version, 'API_VERSION names the version the page must show');
    await page.getByText(`BlueTape Integration API (${version})`).waitFor({ timeout: 30_000 });
    // Redoc's sidebar lists a tag's operations once the tag is opened.
    for (const [tag, operation] of [['Company', 'Link a company to a customer'], ['Customer', 'Get customer sign-up details']]) {
      await page.getByText(tag, { exact: true }).first().click();
      await page.getByText(operation, { exact: true }).first().waitFor({ timeout: 10_000 });
    }

    const body = () => page.locator('body').innerText();
    for (const operation of ['Create a company', 'Create a customer', 'Update a customer',
      'Link a company to a customer', 'Get customer sign-up details']) {
      assert.ok((await body()).includes(operation), `operation "${operation}" is on the page`);
    }
    for (const header of ['X-BlueTape-Key', 'X-Integration-AccountId']) {
      assert.ok((await body()).includes(header), `auth header ${header} is on the page`);
    }
    // Responses are tabs by status: open a 404 and read the error schema's fields.
    await page.getByText('404', { exact: true }).first().click();
    await page.getByText('Machine-readable error code', { exact: false }).first().waitFor();
    const text = await body();
    assert.ok(text.includes('Machine-readable error code'), 'the error schema `code` field is shown');
    assert.ok(text.includes('Human-readable explanation of the error'), 'the error schema `reason` field is shown');

    await page.screenshot({ path: screenshot });
    // Redoc CE's "API docs by Redocly" badge loads its logo from Redocly's CDN and has no option to
    // turn it off; it is the one request allowed to fail. Everything the reader needs is in the file.
    const external = failedRequests.filter((url) => !url.startsWith('file:') && !url.startsWith('data:')
      && url !== 'https://cdn.redoc.ly/redoc/logo-mini-full.svg');
    assert.deepEqual(external, [], 'the page requested nothing else from the network');
  } finally {
    await browser.close();
  }
});
