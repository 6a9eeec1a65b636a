// The BullMQ dashboard's own page in Chromium, signed in by its session cookie: pausing and resuming
// a queue through its menu and confirmation dialog still works with the cookie's cross-site check,
// because the page's own calls say Sec-Fetch-Site: same-origin and carry the hub's Origin.
import { Redis } from 'ioredis';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubQueues, openQueues, QUEUE_NAMES } from '../../server/jobs/queues.js';
import { launchBrowser } from '../support/browser.js';
import { type Actor, staff } from '../support/factories.js';
import { startServedHub, type TestHub } from '../support/test-hub.js';

let hub: TestHub;
let base: string;
let browser: Browser;
let admin: Actor;
let connection: Redis;
let queues: HubQueues;

beforeAll(async () => {
  [{ hub, base }, browser] = await Promise.all([startServedHub(), launchBrowser()]);
  admin = await staff(hub, 'admin');
  connection = new Redis(hub.config.redisUrl, { maxRetriesPerRequest: null });
  queues = openQueues(connection, hub.config.redisPrefix);
}, 120_000);
afterAll(async () => {
  await queues?.close();
  await connection?.quit();
  await browser?.close();
  await hub?.close();
});

/** Chooses `action` in the queue's menu, confirms, and returns the request the page sent and its status. */
async function queueAction(page: Page, action: 'Pause' | 'Resume') {
  await page.locator('button[aria-haspopup="menu"]').click();
  await page.getByRole('menuitem', { name: action }).click();
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith(`/${action.toLowerCase()}`)),
    page.getByRole('button', { name: 'Confirm' }).click(),
  ]);
  return { status: response.status(), headers: await response.request().allHeaders() };
}

describe('the queue dashboard in a browser', () => {
  it('pauses and resumes a queue from its own page, signed in by the cookie', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    // An admin's browser trades its access token for the dashboard cookie, from a page of the hub.
    await page.goto(`${base}/login`);
    const opened = await page.evaluate(
      async (token) => (await fetch('/api/admin/queues/session', { method: 'POST', headers: { authorization: `Bearer ${token}` } })).status,
      admin.token,
    );
    expect(opened).toBe(204);

    await page.goto(`${base}/admin/queues/queue/${QUEUE_NAMES.maintenance}`);
    const pause = await queueAction(page, 'Pause');
    expect(pause.status).toBe(200);
    expect(pause.headers.authorization).toBeUndefined();
    expect(pause.headers['sec-fetch-site']).toBe('same-origin');
    expect(pause.headers.origin).toBe(base);
    expect(await queues.maintenance.isPaused()).toBe(true);

    const resume = await queueAction(page, 'Resume');
    expect(resume.status).toBe(200);
    expect(await queues.maintenance.isPaused()).toBe(false);
    await context.close();
  });
});
