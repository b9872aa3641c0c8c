// The dashboard example against the real KCK jar on its embedded default, in headless Chromium.
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outputDir, startStack, type Stack } from './stack.ts';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** The acceptance bound: a buy shows in my_purchases this soon, without a reload. */
const LIVE_BOUND_MS = 1_000;
/** How long to keep watching past the bound, to report how late a late update was. */
const OBSERVE_MS = 15_000;

let stack: Stack;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  stack = await startStack();
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
  if (page) await page.screenshot({ path: join(outputDir, 'dashboard.png'), fullPage: true }).catch(() => undefined);
  await browser?.close();
  await stack?.stop();
});

/** The connection badge: how live values reach the page. */
async function connection(on: Page) {
  const badge = on.getByTestId('connection');
  return {
    transport: await badge.getAttribute('data-transport'),
    state: await badge.getAttribute('data-state'),
    serverWaits: await badge.getAttribute('data-server-waits'),
    reason: await badge.getAttribute('title'),
    label: await badge.textContent(),
  };
}

const newestSale = (on: Page) => on.getByTestId('purchase').first().getAttribute('data-sale-id');

/**
 * Clicks "Buy one" and measures, in the page, how long my_purchases takes to show the new sale; fails
 * past the bound, saying how late it came (or that it never did) and over which transport. Also fails
 * when the page polls instead of being live (a server that answers long polls at once): a buy may then
 * land just before a poll and show in time by luck, which must not pass for live.
 */
async function buyAndMeasure(on: Page): Promise<void> {
  await on.getByTestId('purchase').first().waitFor({ timeout: 30_000 });
  // Long enough for a first held poll to come back: a server that does not hold it shows itself.
  await on.waitForTimeout(1_500);
  const before = await newestSale(on);
  await on.evaluate(() => ((window as { __noReload?: boolean }).__noReload = true));
  const started = Date.now();
  await on.getByTestId('buy').click();
  const changed = await on
    .waitForFunction((old) => document.querySelector('[data-testid=purchase]')?.getAttribute('data-sale-id') !== old, before, {
      timeout: LIVE_BOUND_MS + OBSERVE_MS,
      polling: 20,
    })
    .then(() => Date.now() - started)
    .catch(() => undefined);
  const via = await connection(on);
  expect(await on.evaluate(() => (window as { __noReload?: boolean }).__noReload), 'the page was reloaded').toBe(true);
  expect(await on.getByTestId('buy-outcome').textContent()).toMatch(/^bought: 1 row; refreshing .*my_purchases\/alice/);
  const where = `transport ${via.transport} (${via.label}; ${via.reason || 'no fallback'})`;
  const seen = changed === undefined ? `did not change within ${LIVE_BOUND_MS + OBSERVE_MS} ms` : `changed ${changed} ms after the buy`;
  expect.soft(via.serverWaits, `the page polls instead of being live; my_purchases ${seen}, ${where}`).not.toBe('false');
  expect(changed, `my_purchases ${seen}, over the ${LIVE_BOUND_MS} ms bound, ${where}`).toBeLessThanOrEqual(LIVE_BOUND_MS);
}

describe('the dashboard on the real KCK', () => {
  it('shows sales_summary', async () => {
    await page.goto(stack.appUrl);
    const rows = page.getByTestId('sales-summary').locator('tbody tr');
    await rows.nth(9).waitFor({ timeout: 60_000 });
    expect(await rows.count()).toBe(10);
    expect(await rows.first().locator('td').first().textContent()).toMatch(/\w+ \w+/);
    expect(await page.getByTestId('sales-summary').textContent()).toMatch(/in 50 stores · version \d+/);
  });

  it('shows the store list, store/1 to store/12', async () => {
    await page.getByTestId('store-12').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('store-1').locator('strong').textContent()).toBe('Amsterdam Central');
    expect(await page.getByTestId('store-list').locator('li.store').count()).toBe(12);
  });

  it('keeps every live key on one multiplexed stream', async () => {
    await page.waitForFunction(() => document.querySelector('[data-testid=connection]')?.getAttribute('data-state') === 'open', null, {
      timeout: 15_000,
    });
    const via = await connection(page);
    expect(via.transport, `live values travel by ${via.transport}: ${via.reason}`).toBe('stream');
  });

  it('shows a buy in my_purchases within a second, without a reload', async () => {
    await buyAndMeasure(page);
  });

  it('shows a buy within a second over long polling too (?transport=long-poll)', async () => {
    const polling = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await polling.goto(`${stack.appUrl}/?transport=long-poll`);
      await polling.waitForFunction(() => document.querySelector('[data-testid=connection]')?.getAttribute('data-state') === 'open', null, {
        timeout: 30_000,
      });
      await buyAndMeasure(polling);
    } finally {
      await polling.close();
    }
  });
});
