// Signing in through the real page: each role lands on its own view; a wrong password is told
// in a sentence; the page passes axe-core without serious violations.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousA11yViolations } from '../support/browser.js';
import { PASSWORD } from '../support/factories.js';
import { type ServedClinic, servedClinic } from '../support/served-clinic.js';

let served: ServedClinic;
let browser: Browser;

beforeAll(async () => {
  [served, browser] = await Promise.all([servedClinic(), launchBrowser()]);
});
afterAll(async () => {
  await browser.close();
  await served.close();
});

describe('the sign-in page', () => {
  it('signs a receptionist in and lands on the reception desk; a wrong password gets a sentence', async () => {
    const page = await browser.newPage();
    await page.goto(`${served.base}/login`);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByLabel('Email').fill(served.clinic.receptionist.email as string);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('The email or password is not correct.');
    await screenshot(page, 'login');

    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/reception');
    expect(new URL(page.url()).pathname).toBe('/reception');
    await page.close();
  });

  it('follows ?next= only to a page of this hub: "/\\evil.example" and "//evil.example" land on the role’s own page', async () => {
    for (const next of ['/%5Cevil.example/x', '//evil.example/x', 'https://evil.example/x']) {
      const page = await browser.newPage();
      await page.goto(`${served.base}/login?next=${next}`);
      await page.getByLabel('Email').fill(served.clinic.receptionist.email as string);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL('**/reception');
      expect(new URL(page.url()).origin, next).toBe(new URL(served.base).origin);
      await page.close();
    }
    // A path of this hub is followed.
    const page = await browser.newPage();
    await page.goto(`${served.base}/login?next=${encodeURIComponent('/reception?from=login')}`);
    await page.getByLabel('Email').fill(served.clinic.receptionist.email as string);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/reception?from=login');
    await page.close();
  });
});
