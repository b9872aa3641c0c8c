// The console in a real browser (Debian's chromium, headless, driven by playwright-core): the token
// from the fragment, the products, a key's detail, invalidating it through the page (checked through
// the API), warm, the queue, the instances, the live charts, and the token screens. Saves a
// screenshot of each view into docs/ (E2E_SCREENSHOTS to change where).
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { apiClient, startTarget } from './target.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = process.env.E2E_SCREENSHOTS ?? fileURLToPath(new URL('../../docs/', import.meta.url));
const KEY = process.env.KCK_E2E_KEY ?? 'store/3';
const PRODUCT = KEY.split('/')[0];
const VIEWPORT = { width: 1440, height: 900 };

let target;
let api;
let browser;
let context;
let page;
const requests = [];
const problems = [];

async function shot(name, onPage = page) {
  await onPage.screenshot({ path: `${SHOTS}/console-${name}.png` });
}

function watch(watched) {
  watched.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  watched.on('console', (message) => {
    // A refused request is logged by Chromium as a failed resource; the tests cause some on purpose.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(`console error: ${message.text()}`);
    }
  });
}

/** Light traffic, so the charts have rates to show: bounded, to the target only. */
async function traffic(seconds) {
  const until = Date.now() + seconds * 1000;
  for (let i = 0; i < 400 && Date.now() < until; i++) {
    await fetch(`${target.url}/fetch/store/${1 + (i % 10)}`, { headers: { Authorization: `Bearer ${target.adminToken}` } });
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

before(async () => {
  target = await startTarget();
  api = apiClient(target.url, target.adminToken);
  await mkdir(SHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  context = await browser.newContext({ viewport: VIEWPORT, colorScheme: 'light' });
  page = await context.newPage();
  watch(page);
  page.on('request', (request) => requests.push({ url: request.url(), headers: request.headers() }));
  // The key the test opens must be cached: fetch it as any client would.
  const fetched = await fetch(`${target.url}/fetch/${KEY}`, { headers: { Authorization: `Bearer ${target.adminToken}` } });
  assert.equal(fetched.status, 200, `GET /fetch/${KEY} should answer 200`);
});

after(async () => {
  await browser?.close();
  await target?.close();
});

describe(`the console against ${process.env.KCK_URL ? 'a real KCK' : 'the fake KCK'}`, () => {
  test('the server serves the page at /admin/ and its hashed assets beside it', async () => {
    const bare = await fetch(`${target.url}/admin`, { redirect: 'manual' });
    assert.ok([301, 302, 307, 308].includes(bare.status), `GET /admin should redirect to /admin/ (the asset URLs are relative), got ${bare.status}`);
    assert.equal(new URL(bare.headers.get('location') ?? '', `${target.url}/admin`).pathname, '/admin/');
    const index = await fetch(`${target.url}/admin/`);
    assert.equal(index.status, 200);
    assert.match(index.headers.get('content-type') ?? '', /^text\/html/);
    const html = await index.text();
    const assets = [...html.matchAll(/(?:src|href)="(\.\/assets\/[^"]+)"/g)].map((match) => match[1]);
    assert.ok(assets.length >= 2, 'index.html should name its script and stylesheet under ./assets/');
    for (const asset of assets) {
      const response = await fetch(new URL(asset, `${target.url}/admin/`));
      assert.equal(response.status, 200, `${asset} should load`);
      assert.match(response.headers.get('content-type') ?? '', asset.endsWith('.js') ? /javascript/ : /css/);
    }
  });

  test('opened with /admin#token=... it lists the products and scrubs the token from the address bar', async () => {
    await page.goto(`${target.url}/admin#token=${target.adminToken}`);
    const table = page.locator('table.products-table');
    await table.waitFor();
    const { body } = await api.get('/admin/products');
    for (const product of body.products) {
      await table.locator(`a.product-link:text-is("${product.name}")`).waitFor();
    }
    await page.locator('table.products-table tbody tr:not(.skeleton-row)').first().waitFor();
    assert.ok(!page.url().includes('token='), `the token is still in the address bar: ${page.url()}`);
    assert.match(page.url(), /#\/products$/);
    const stored = await page.evaluate(() => sessionStorage.getItem('kck-console-token'));
    assert.equal(stored, target.adminToken);
    await page.waitForTimeout(4500); // a few polls, so the tiles have trends
    await shot('products');
  });

  test('selecting a key shows its detail and its value', async () => {
    await page.locator(`a.product-link:text-is("${PRODUCT}")`).click();
    await page.waitForURL(new RegExp(`#/keys/${PRODUCT}$`));
    await page.locator('input[data-shortcut="search"]').fill(KEY);
    await page.locator(`a.key-row[title="${KEY}"]`).click();
    await page.waitForURL(new RegExp(`#/key/${KEY}$`));
    await page.locator('#key-title', { hasText: KEY }).waitFor();
    const detail = page.locator('.key-detail');
    await detail.locator('.detail-status', { hasText: 'version' }).waitFor();
    await detail.locator('.fact-row dt', { hasText: 'Modified' }).waitFor();
    await detail.locator('.dep-group', { hasText: 'Depends on' }).waitFor();
    await detail.locator('.json').waitFor();
    const { body } = await api.get(`/admin/keys/${KEY}`);
    await detail.locator('.detail-status strong', { hasText: String(body.version) }).first().waitFor();
    await shot('keys');
  });

  test('invalidating the key through the page removes it from GET /admin/keys', async () => {
    assert.ok((await api.allKeys(PRODUCT)).includes(KEY), `${KEY} should be cached before`);
    const invalidate = page.getByRole('button', { name: 'Invalidate' });
    await invalidate.click();
    await page.getByRole('button', { name: 'Confirm invalidate' }).click();
    await page.locator('.toast', { hasText: 'Invalidated everywhere' }).waitFor();
    await page.locator('.not-cached', { hasText: 'Not cached' }).waitFor();
    const keys = await api.allKeys(PRODUCT);
    assert.ok(!keys.includes(KEY), `${KEY} is still listed by GET /admin/keys`);
    assert.equal((await api.get(`/admin/keys/${KEY}`)).status, 404);
    assert.equal(await page.locator(`a.key-row[title="${KEY}"]:not(.key-row-exact)`).count(), 0, 'the key is still in the list');
  });

  test('refreshing the key through the page brings it back', async () => {
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    await page.locator('.toast', { hasText: 'Refresh queued' }).waitFor();
    await page.locator('.detail-status', { hasText: 'version' }).waitFor({ timeout: 30_000 });
    assert.equal((await api.get(`/admin/keys/${KEY}`)).status, 200);
  });

  test('warming a product with parameter rows shows the queued count', async () => {
    await page.goto(`${target.url}/admin/#/products`);
    const { body } = await api.get('/products');
    const store = body.products.find((p) => p.name === PRODUCT);
    const numeric = new Set(['int', 'long', 'decimal']);
    const values = KEY.split('/').slice(1).map(decodeURIComponent);
    const rows = JSON.stringify([Object.fromEntries(store.parameters.map((p, i) => [p.name, numeric.has(p.type) ? Number(values[i]) : values[i]]))]);
    await page.getByRole('button', { name: `Warm ${PRODUCT}`, exact: true }).click();
    const dialog = page.locator('dialog[open]');
    await dialog.locator('textarea').fill(rows);
    await dialog.getByRole('button', { name: 'Queue refreshes' }).click();
    await page.locator('.toast', { hasText: new RegExp(`Queued 1 key of ${PRODUCT}`) }).waitFor();
    assert.equal(await page.locator('dialog[open]').count(), 0);
  });

  test('the refresh queue view shows depth, age and claims', async () => {
    await page.locator('a.nav-item', { hasText: 'Refresh queue' }).click();
    await page.locator('h1', { hasText: 'Refresh queue' }).waitFor();
    await page.locator('.tile', { hasText: 'Depth' }).locator('.tile-value').waitFor();
    if (target.kind === 'fake') {
      await page.locator('#claims-title').waitFor();
      await page.locator('table.data tbody tr td.mono').first().waitFor();
    }
    await page.waitForTimeout(1000);
    await shot('queue');
  });

  test('the instances view lists every live instance', async () => {
    await page.keyboard.press('g');
    await page.keyboard.press('i');
    await page.locator('h1', { hasText: 'Instances' }).waitFor();
    const { body } = await api.get('/admin/instances');
    assert.ok(body.instances.length >= 1);
    for (const instance of body.instances) {
      await page.locator('table.data tbody th', { hasText: instance.id }).waitFor();
    }
    await shot('instances');
  });

  test('the live charts draw lines from polled counters', async () => {
    await page.locator('a.nav-item', { hasText: 'Live charts' }).click();
    await page.getByRole('button', { name: '1m' }).click();
    await traffic(target.kind === 'real' ? 12 : 6);
    const depth = page.locator('figure', { hasText: 'Refresh queue depth' }).locator('path.chart-line');
    await depth.waitFor();
    assert.match((await depth.getAttribute('d')) ?? '', /^M/);
    const ratio = page.locator('figure', { hasText: 'Hit ratio' }).locator('path.chart-line');
    assert.match((await ratio.getAttribute('d')) ?? '', /L/, 'the hit ratio chart has no line');
    await shot('live');
  });

  test('the same views follow a dark system theme', async () => {
    const dark = await browser.newContext({ viewport: VIEWPORT, colorScheme: 'dark' });
    const darkPage = await dark.newPage();
    watch(darkPage);
    await darkPage.goto(`${target.url}/admin#token=${target.adminToken}&route=/key/${KEY}`);
    await darkPage.locator('.key-detail .json').waitFor();
    const background = await darkPage.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.notEqual(background, 'rgb(246, 247, 249)', 'the dark theme did not apply');
    await shot('keys-dark', darkPage);
    await dark.close();
  });

  test('a refused token asks for another, and the paste field takes one', async () => {
    const fresh = await browser.newContext({ viewport: VIEWPORT, colorScheme: 'light' });
    const gate = await fresh.newPage();
    watch(gate);
    await gate.goto(`${target.url}/admin#token=not.a-valid.token`);
    await gate.locator('.notice', { hasText: 'The server refused this token' }).waitFor();
    assert.equal(await gate.evaluate(() => sessionStorage.getItem('kck-console-token')), null, 'a refused token is kept');
    await gate.getByLabel('Bearer token').fill(`Bearer ${target.adminToken}`);
    await gate.getByLabel('Bearer token').press('Enter');
    await gate.locator('table.products-table').waitFor();
    await fresh.close();
  });

  test('a token without kck:admin is told so', { skip: target?.nonAdminToken === null ? 'KCK_NON_ADMIN_TOKEN not set' : false }, async () => {
    const fresh = await browser.newContext({ viewport: VIEWPORT, colorScheme: 'light' });
    const gate = await fresh.newPage();
    watch(gate);
    await gate.goto(`${target.url}/admin#token=${target.nonAdminToken}`);
    await gate.locator('.notice', { hasText: 'needs the kck:admin scope' }).waitFor();
    await shot('token', gate);
    await fresh.close();
  });

  test('the token only ever travelled in the Authorization header', () => {
    const tokens = [target.adminToken, target.nonAdminToken].filter((token) => token !== null);
    const leaks = requests.filter((request) => tokens.some((token) => request.url.includes(token)));
    assert.deepEqual(leaks.map((request) => request.url), []);
    const apiCalls = requests.filter((request) => /\/(admin\/(products|keys|queue|instances|warm)|fetch|cache|refresh)\b/.test(new URL(request.url).pathname));
    assert.ok(apiCalls.length > 10, 'expected the page to call the API');
    for (const call of apiCalls) {
      assert.equal(call.headers.authorization, `Bearer ${target.adminToken}`, `${call.url} without the token`);
    }
  });

  test('nothing failed in the page', () => {
    assert.deepEqual(problems, []);
  });
});
