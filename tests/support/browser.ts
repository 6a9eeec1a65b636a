/// <reference lib="dom" />
// Browser tests: Debian's Chromium driven by playwright-core (nothing is downloaded), pages of the
// built client served by a real test hub, screenshots into docs/screens, and axe-core checks.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import type { Actor } from './factories.js';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** A browser context already signed in as `actor` (its refresh token is what a reload keeps). */
export async function signedIn(
  browser: Browser,
  actor: Actor,
  opts: { viewport?: { width: number; height: number }; timezoneId?: string; locale?: string } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: opts.viewport ?? { width: 1280, height: 800 },
    timezoneId: opts.timezoneId,
    // The reader's locale when a test does not choose one (lib/datetime.ts follows the browser's):
    // British English, 24-hour times ("09:30"), as the tests are written.
    locale: opts.locale ?? 'en-GB',
  });
  await context.addInitScript((token) => {
    if (!localStorage.getItem('clinic-hub.refresh')) localStorage.setItem('clinic-hub.refresh', token);
  }, actor.refreshToken as string);
  return context;
}

/**
 * Saves the page as docs/screens/<name>.png (the README shows these) when SCREENSHOTS=1, as when
 * refreshing them (`SCREENSHOTS=1 npx vitest run tests/browser`). Otherwise it does nothing: an
 * ordinary run's pictures were thrown away before a commit anyway, and encoding them (a 4K screen's
 * among them) is a good part of a browser test's time on a busy machine. Nothing asserts on them.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!process.env.SCREENSHOTS) return;
  await page.screenshot({ path: `docs/screens/${name}.png`, fullPage: false });
}

/** axe-core's serious and critical violations on the page as it is now (rule ids and targets). */
export async function seriousA11yViolations(page: Page): Promise<{ id: string; impact: string; targets: string[] }[]> {
  // Evaluated over the DevTools protocol, so the page's own CSP (script-src 'self') stays on.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
