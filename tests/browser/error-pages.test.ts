// The pages for addresses a person cannot use. Signed in with another role (a patient at
// /reception, an admin at /doctor), the page says "Not allowed here", who is signed in, and links
// to their own page and to signing out; an unknown address says "Page not found" (the server
// answers it with 404) and where to go; the queue dashboard without a session leads through
// sign-in back to the dashboard. All axe-core clean.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, seriousA11yViolations, signedIn } from '../support/browser.js';
import { type Actor, PASSWORD, patient, staff } from '../support/factories.js';
import { type ServedClinic, servedClinic } from '../support/served-clinic.js';

let served: ServedClinic;
let browser: Browser;

beforeAll(async () => {
  [served, browser] = await Promise.all([servedClinic(), launchBrowser()]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await served?.close();
});

// Each test signs in fresh people: a refresh token is spent when a page restores its session.
const freshAdmin = () => staff(served.hub, 'admin');
const freshPatient = () => patient(served.hub);

async function open(actor: Actor | null, path: string): Promise<{ page: Page; status: number | undefined }> {
  const context = actor ? await signedIn(browser, actor) : await browser.newContext();
  const page = await context.newPage();
  const response = await page.goto(`${served.base}${path}`);
  return { page, status: response?.status() };
}

async function signInWithForm(page: Page, actor: Actor) {
  await page.getByLabel('Email').fill(actor.email as string);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('another role’s page', () => {
  it('tells a patient at /reception who they are signed in as, and links to their page and to sign out', async () => {
    const [somePatient, admin] = await Promise.all([freshPatient(), freshAdmin()]);
    const { page } = await open(somePatient, '/reception');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Not allowed here');
    const text = await page.locator('main').innerText();
    expect(text).toMatch(/You are signed in as Paula Patient\S+ \(a patient\)\. This page is the reception desk/);
    // The address stays: no loop back to sign-in.
    expect(new URL(page.url()).pathname).toBe('/reception');
    expect(await page.getByRole('link', { name: 'Go to your page' }).getAttribute('href')).toBe('/patient');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Signing out leads to sign-in, and back to the page for the right person.
    await page.getByRole('button', { name: 'Sign out and sign in as someone else' }).click();
    await page.waitForURL('**/login?next=%2Freception');
    await signInWithForm(page, admin);
    await page.waitForURL('**/reception');
    await expect.poll(() => page.getByText('Reception desk').count()).toBeGreaterThan(0);
    await page.context().close();
  });

  it('tells an admin at /doctor the page is for doctors; "Go to your page" opens the admin console an admin lands on', async () => {
    const { page } = await open(await freshAdmin(), '/doctor');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Not allowed here');
    expect(await page.locator('main').innerText()).toContain('(an admin). This page is the doctor’s workspace, for doctors.');
    await page.getByRole('link', { name: 'Go to your page' }).click();
    await page.waitForURL('**/admin');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Admin console');
    await page.context().close();
  });
});

describe('an address nobody serves', () => {
  it('answers 404 with "Page not found" and a link to the person’s own page', async () => {
    const { page, status } = await open(await freshAdmin(), '/admin/nothing-here');
    expect(status).toBe(404);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Page not found');
    expect(await page.locator('main').innerText()).toContain('There is no page at /admin/nothing-here.');
    await expect.poll(() => page.getByRole('link', { name: 'Go to your page' }).getAttribute('href')).toBe('/admin');
    expect(await page.title()).toBe('Page not found · Clinic Hub');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('offers sign-in to someone not signed in', async () => {
    const { page, status } = await open(null, '/no/such/page');
    expect(status).toBe(404);
    await expect.poll(() => page.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe('/login');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.context().close();
  });
});

describe('the queue dashboard without a session', () => {
  it('answers 401 with a page that leads through sign-in to the dashboard', async () => {
    const { page, status } = await open(null, '/admin/queues');
    expect(status).toBe(401);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in to open the queue dashboard');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.waitForURL('**/login?next=%2Fadmin%2Fqueues');
    await signInWithForm(page, await freshAdmin());
    // Back at the dashboard: the page opens the dashboard's session and reloads into bull-board.
    await expect.poll(() => page.title(), { timeout: 20_000 }).toBe('Clinic Hub queues');
    expect(new URL(page.url()).pathname).toMatch(/^\/admin\/queues/);
    await page.context().close();
  });

  it('tells a signed-in patient the dashboard is not for them', async () => {
    const { page, status } = await open(await freshPatient(), '/admin/queues');
    expect(status).toBe(401);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Not allowed here');
    expect(await page.locator('main').innerText()).toContain('(a patient). This page is for the clinic’s admins.');
    await page.context().close();
  });
});
