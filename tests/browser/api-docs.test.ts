// Swagger UI at /docs with API_DOCS=admin (production's default): the page asks for an admin access
// token when it loads the document, sends it as a bearer header with that fetch, and shows the API;
// without a token it shows nothing of the API, and a refused token is not kept. The page renders
// under its own strict Content-Security-Policy without a single refusal in the console.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { type Actor, staff } from '../support/factories.js';
import { startServedHub, type TestHub } from '../support/test-hub.js';

let hub: TestHub;
let base: string;
let browser: Browser;
let admin: Actor;
let receptionist: Actor;

beforeAll(async () => {
  [{ hub, base }, browser] = await Promise.all([startServedHub({ API_DOCS: 'admin' }), launchBrowser()]);
  [admin, receptionist] = await Promise.all([staff(hub, 'admin'), staff(hub, 'receptionist')]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

/** Opens /docs answering the page's prompt with `answer` (null: dismiss); returns the document fetch's status. */
async function openDocs(page: Page, answer: string | null): Promise<{ status: number; prompts: number }> {
  let prompts = 0;
  page.on('dialog', (dialog) => {
    prompts++;
    void (answer === null ? dialog.dismiss() : dialog.accept(answer));
  });
  const [document] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/docs/json'),
    page.goto(`${base}/docs`),
  ]);
  return { status: document.status(), prompts };
}

describe('the API docs page in admin mode', () => {
  it('loads the document with the admin token it asked for', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const { status, prompts } = await openDocs(page, admin.token);
    expect({ status, prompts }).toEqual({ status: 200, prompts: 1 });
    await expect.poll(() => page.locator('.info .title').textContent(), { timeout: 15_000 }).toContain('Clinic Hub API');
    // The tab keeps the token: a reload asks no more.
    const again = await Promise.all([page.waitForResponse((r) => new URL(r.url()).pathname === '/docs/json'), page.reload()]);
    expect(again[0].status()).toBe(200);
    expect(prompts).toBe(1);
    await context.close();
  });

  it('renders under its Content-Security-Policy: the console reports no violation', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    expect((await openDocs(page, admin.token)).status).toBe(200);
    await expect.poll(() => page.locator('.opblock').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    // Expanding an operation renders more of the UI.
    await page.locator('.opblock-summary').first().click();
    await expect.poll(() => page.locator('.opblock-body').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(violations).toEqual([]);
    // Not by relaxing the policy: the docs' own stays without 'unsafe-inline', the rest of the hub's unchanged.
    const docsPolicy = (await page.request.get(`${base}/docs`)).headers()['content-security-policy'] ?? '';
    expect(docsPolicy).toMatch(/style-src [^;]*'self'/);
    expect(docsPolicy).not.toContain('unsafe-inline');
    expect((await page.request.get(`${base}/login`)).headers()['content-security-policy']).not.toContain('sha256-');
    await context.close();
  }, 90_000);

  it('shows nothing of the API without a token, and forgets a refused one', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    expect((await openDocs(page, null)).status).toBe(401);
    await expect.poll(() => page.locator('#swagger-ui').textContent(), { timeout: 15_000 }).toContain('Failed to load API definition');
    expect(await page.locator('.opblock').count()).toBe(0);

    const other = await context.newPage();
    expect((await openDocs(other, receptionist.token)).status).toBe(403);
    expect(await other.evaluate(() => sessionStorage.getItem('clinic-hub.docs-token'))).toBeNull();
    await context.close();
  });
});
