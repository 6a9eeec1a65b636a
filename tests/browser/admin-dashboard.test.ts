// The admin console's dashboard in real Chromium, drawn from the demo seed's metrics (issue 19):
// `npm run db:seed` rolls up the demo clinic's last five weeks, as the worker does each night; the
// demo admin opens /admin/dashboard and sees each figure drawn in its series' colour on the canvas,
// the totals the hub computed, and the same figures in the table under each chart.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, LOCATIONS, STAFF } from '../../scripts/seed/demo-clinic.js';
import { seedDemoClinic } from '../../scripts/seed/seed.js';
import { launchBrowser, screenshot, seriousA11yViolations } from '../support/browser.js';
import { eventually, SLOW } from '../support/doctor-console.js';
import { login } from '../support/factories.js';
import { type ServedClinic, servedClinic } from '../support/served-clinic.js';

let served: ServedClinic;
let browser: Browser;
let page: Page;
let token: string;

beforeAll(async () => {
  [served, browser] = await Promise.all([servedClinic(), launchBrowser()]);
  await seedDemoClinic(served.hub.app.db, served.hub.app.mongo.db);
  token = (await login(served.hub, STAFF[0].email, DEMO_PASSWORD)).accessToken;
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-GB', timezoneId: 'UTC' });
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await served?.close();
});

interface Report {
  days: { day: string; appointments: number; completed: number; noShows: number }[];
  totals: { appointments: number; completed: number; noShows: number };
}

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${served.base}${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

/** How many of a chart's canvas pixels are drawn in `hex` (a series' line), read back from the canvas. */
const pixelsIn = (figure: string, hex: string) =>
  page.evaluate(
    ({ figure, hex }) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`figure[aria-label="${figure}"] canvas`);
      const ctx = canvas?.getContext('2d');
      if (!canvas || !ctx) return -1;
      const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let n = 0;
      for (let i = 0; i < data.length; i += 4)
        if (data[i + 3]! > 200 && Math.abs(data[i]! - r) < 24 && Math.abs(data[i + 1]! - g) < 24 && Math.abs(data[i + 2]! - b) < 24) n++;
      return n;
    },
    { figure, hex },
  );

const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;

describe('the dashboard', () => {
  it(
    'draws its charts from the seeded metrics, with the hub’s totals and each day in the table',
    async () => {
      const { locations } = await api<{ locations: { id: string; name: string }[] }>('/api/locations');
      const downtown = locations.find((l) => l.name === LOCATIONS[0].name)!;
      await page.goto(`${served.base}/login`);
      await page.getByLabel('Email').fill(STAFF[0].email);
      await page.getByLabel('Password').fill(DEMO_PASSWORD);
      await page.getByLabel('Password').press('Enter');
      await page.waitForURL(`${served.base}/admin`);
      await page.goto(`${served.base}/admin/dashboard`);
      await page.getByLabel('Location', { exact: true }).selectOption({ label: downtown.name });

      // The period the page shows by default: the last thirty days.
      const from = await page.getByLabel('From', { exact: true }).inputValue();
      const to = await page.getByLabel('To', { exact: true }).inputValue();
      const report = await api<Report>(`/api/locations/${downtown.id}/metrics?from=${from}&to=${to}`);
      const busiest = [...report.days].sort((a, b) => b.appointments - a.appointments)[0];
      // The seed's visits fall in the period, so there is something to draw.
      expect(busiest?.appointments ?? 0).toBeGreaterThan(0);

      const visits = page.getByRole('figure', { name: 'Visits' });
      await visits.waitFor();
      const totals = page.locator('dl.metrics-totals');
      await eventually(() =>
        totals
          .locator('div', { hasText: /^Visits/ })
          .locator('dd')
          .textContent(),
      ).toBe(String(report.totals.appointments));
      expect(
        await totals
          .locator('div', { hasText: /^Completed/ })
          .locator('dd')
          .textContent(),
      ).toBe(String(report.totals.completed));

      // Completed visits (green, drawn over the booked ones where they are equal) are a line on the
      // canvas, not only the axes and grid (grey).
      await eventually(() => pixelsIn('Visits', '#2e7d32')).toBeGreaterThan(20);
      for (const name of ['Wait and consultation (minutes)', 'Revenue (USD)', 'Feedback'])
        await page.getByRole('figure', { name }).waitFor();
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, 'admin-dashboard');

      // The same figures as a table, opened from the keyboard.
      await visits.getByText('Visits as a table').focus();
      await page.keyboard.press('Enter');
      // One row a day of the period (and the header); the busiest day reads as the hub counted it.
      const rows = visits.getByRole('table').getByRole('row');
      await eventually(() => rows.count()).toBe(daysBetween(from, to) + 1);
      const label = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
        new Date(`${busiest!.day}T00:00:00Z`),
      );
      const cells = await rows
        .filter({ has: page.getByRole('cell', { name: label, exact: true }) })
        .getByRole('cell')
        .allTextContents();
      expect(cells).toEqual([
        label,
        String(busiest!.appointments),
        String(busiest!.completed),
        String(busiest!.noShows),
        expect.any(String),
      ]);

      expect(await seriousA11yViolations(page)).toEqual([]);
    },
    SLOW,
  );
});
