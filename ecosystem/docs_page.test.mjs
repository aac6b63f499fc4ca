// Opens the self-contained API reference (target/doc-site/index.html) in headless Chromium with the
// network switched off, asserts that what a reader needs is on the page (every operation with a
// code sample in every language, the runnable workflows named with a link to their Arazzo file
// beside the page), that it requests nothing from the network, and saves a screenshot with a code
// sample open.
// Run by `cargo xtask ecosystem`: node --test ecosystem/docs_page.test.mjs
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
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
// The code samples' languages, in the order of the documents' x-codeSamples.
const languages = ['curl', 'Python', 'Node.js', 'C#', 'Java', 'Go', 'Rust'];
// Each operation's tag and sidebar entry, its section on the page, a language whose sample the
// test opens there, a line only that language's sample has, and the operation's own path.
const operations = [
  ['Company', 'Create a company', '/company/createcompany', 'Python', 'allow_redirects=False', '/integration/company"'],
  ['Company', 'Link a company to a customer', '/company/linkcompanycustomer', 'Go', 'http.ErrUseLastResponse', '/integration/company/a0b9cedc32ce/customer'],
  ['Customer', 'Create a customer', '/customer/createcustomer', 'C#', 'AllowAutoRedirect = false', '/integration/customer"'],
  ['Customer', 'Update a customer', '/customer/updatecustomer', 'Java', 'HttpClient.newHttpClient()', '/integration/customer/dc506b22c7fa"'],
  ['Customer', 'Get customer sign-up details', '/customer/getcustomersignup', 'Rust', 'Client::from_env()', '"dc506b22c7fa"'],
];
// The language menu's button shows the language chosen last, on every operation.
const anyLanguage = new RegExp(`^(${languages.map((name) => name.replace(/[.#+]/g, '\\$&')).join('|')})$`);

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
    // Every request the page makes; only its own file and what it builds in memory may appear.
    const requests = [];
    page.on('request', (request) => requests.push(request.url()));
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
    // The workflows: each named on the page, and the link to their file resolves beside it.
    const arazzoFile = process.env.ARAZZO_FILE ?? 'bluetape.arazzo.yaml';
    const workflows = (process.env.WORKFLOWS ?? '').split('\n').filter((summary) => summary);
    assert.ok(workflows.length >= 3, 'WORKFLOWS names the workflows the page must show');
    for (const summary of workflows) {
      assert.ok((await body()).includes(summary), `workflow "${summary}" is named on the page`);
    }
    const link = page.locator(`a[href="${arazzoFile}"]`).first();
    const target = new URL(await link.getAttribute('href'), pathToFileURL(site));
    assert.ok(existsSync(target), `the workflows link resolves: ${target}`);

    // The Markdown reference for AI assistants: llms.txt and every operation's page, linked from
    // the page and present beside it.
    const markdownFiles = [process.env.LLMS_TXT ?? 'llms.txt',
      ...(process.env.MARKDOWN_PAGES ?? '').split('\n').filter((path) => path)];
    assert.ok(markdownFiles.length >= 6, 'LLMS_TXT and MARKDOWN_PAGES name llms.txt and five pages');
    for (const file of markdownFiles) {
      const anchor = page.locator(`a[href="${file}"]`);
      assert.ok(await anchor.count() > 0, `the page links ${file}`);
      const resolved = new URL(await anchor.first().getAttribute('href'), pathToFileURL(site));
      assert.ok(existsSync(resolved), `the link to ${file} resolves: ${resolved}`);
    }

    // The API changelog and its feed, linked from the top of the page and present beside it.
    for (const file of ['changelog.html', 'changelog.atom']) {
      const anchor = page.locator(`a[href="${file}"]`);
      assert.ok(await anchor.count() > 0, `the page links ${file}`);
      const resolved = new URL(await anchor.first().getAttribute('href'), pathToFileURL(site));
      assert.ok(existsSync(resolved), `the link to ${file} resolves: ${resolved}`);
    }

    // Responses are tabs by status: open a 404 and read the error schema's fields.
    await page.getByText('404', { exact: true }).first().click();
    await page.getByText('Machine-readable error code', { exact: false }).first().waitFor();
    const text = await body();
    assert.ok(text.includes('Machine-readable error code'), 'the error schema `code` field is shown');
    assert.ok(text.includes('Human-readable explanation of the error'), 'the error schema `reason` field is shown');

    // Every operation offers its code sample in every language, and each sample is its own.
    // The page renders the operations of the tag the reader opened: open each from the sidebar.
    const sidebar = page.locator('.menu-content');
    const open = async (tag, summary, sectionId) => {
      const entry = sidebar.getByText(summary, { exact: true });
      // Redoc's menu also opens and closes groups as the page scrolls: a click on the tag may
      // close the group it meant to open. Click until the entry shows.
      for (let attempt = 1; !(await entry.first().isVisible()); attempt += 1) {
        assert.ok(attempt <= 4, `the sidebar shows "${summary}" under ${tag}`);
        await sidebar.getByText(tag, { exact: true }).first().click();
        await entry.first().waitFor({ state: 'visible', timeout: 3_000 }).catch(() => {});
      }
      // A click event, not a pointer click: the sidebar's neighbouring group can overlap the entry
      // while it expands.
      await entry.first().dispatchEvent('click');
      const section = page.locator(`[data-section-id="${sectionId}"]`);
      // Redoc may render the section again while its group opens: the element found first can be
      // replaced while being scrolled to. The locator finds the new one on the next attempt.
      for (let attempt = 1; ; attempt += 1) {
        try {
          await section.waitFor({ timeout: 10_000 });
          await section.scrollIntoViewIfNeeded({ timeout: 5_000 });
          break;
        } catch (error) {
          if (attempt === 3) throw error;
        }
      }
      return section;
    };
    for (const [tag, summary, sectionId, language, marker, path] of operations) {
      const section = await open(tag, summary, sectionId);
      const menu = section.getByRole('button', { name: anyLanguage });
      await menu.waitFor({ timeout: 10_000 });
      await menu.click();
      const offered = await page.getByRole('menuitem').allInnerTexts();
      assert.deepEqual(offered.map((text) => text.trim()), languages, `${sectionId} offers a sample per language`);
      await page.getByRole('menuitem', { name: language, exact: true }).click();
      await section.getByText(marker, { exact: false }).first().waitFor({ timeout: 10_000 });
      assert.ok((await section.innerText()).includes(path), `${sectionId}'s ${language} sample calls its own path`);
    }
    // The screenshot shows the first operation with its sample open (in the language chosen last).
    const [tag, summary, sectionId] = operations[0];
    await open(tag, summary, sectionId);
    await page.screenshot({ path: screenshot });

    // Everything the reader needs is in the file: not one request leaves it.
    const external = requests.filter((url) => !url.startsWith('file:') && !url.startsWith('data:')
      && !url.startsWith('blob:'));
    assert.deepEqual(external, [], 'the page makes no network request');
  } finally {
    await browser.close();
  }
});
