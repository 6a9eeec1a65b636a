// The admin console's record pages in real Chromium against a real hub (issue 19). The audit log: a
// second admin sets a location and a doctor up over the API, and the first finds exactly those
// steps with the console's filters (who, kind of record, day), opens one to read its fields before
// and after, and exports the filter as CSV, the export then being in the log itself. Notification
// templates: an email's wording edited with a placeholder inserted from the list, the preview
// following the typing, saved, an unknown placeholder refused at the field (while typing and on
// save), and the built-in wording restored after a confirmation. The system log: an entry written
// by the module's own function is listed and filtered, and older entries are paged to. Each page passes axe-core and does not
// scroll sideways at 1366×768.
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { record } from '../../server/modules/system-logs/store.js';
import { launchBrowser, screenshot, seriousA11yViolations, signedIn } from '../support/browser.js';
import { consoleHelpers, eventually, SLOW } from '../support/doctor-console.js';
import { type Actor, login, PASSWORD } from '../support/factories.js';
import { type ServedClinic, servedClinic } from '../support/served-clinic.js';

const DESK = { width: 1366, height: 768 };

let served: ServedClinic;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  [served, browser] = await Promise.all([servedClinic(), launchBrowser()]);
  context = await signedIn(browser, served.clinic.admin, { viewport: DESK, timezoneId: 'UTC' });
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
}, 120_000);
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await served?.close();
});

const { http } = consoleHelpers(
  () => served,
  () => browser,
);
const admin = () => served.clinic.admin;
const said = () => page.locator('p.said');
const sideways = (p: Page) => p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** The page as it stands passes axe-core and fits the desk screen, and is photographed when named. */
async function checkPage(name?: string) {
  expect(await seriousA11yViolations(page)).toEqual([]);
  expect(await sideways(page)).toBeLessThanOrEqual(0);
  if (name) await screenshot(page, name);
}

async function open(path: string) {
  await page.goto(`${served.base}${path}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
}

/** The audit table's actions, top to bottom. */
const listedActions = () =>
  page.getByRole('table', { name: 'Audit entries, newest first' }).locator('tbody > tr > th[scope="row"] code').allTextContents();

describe('the audit log', () => {
  it(
    'finds the set-up steps, shows what they changed and exports them',
    async () => {
      // A second admin, Audra, sets up a location (and corrects its phone) and a doctor there.
      const email = `audra.${Date.now()}@clinic.example`;
      const audra = await http<{ id: string }>(admin(), 'POST', '/api/users', {
        email,
        password: PASSWORD,
        role: 'admin',
        firstName: 'Audra',
        lastName: 'Setup',
      });
      const audraActor: Actor = { role: 'admin', token: (await login(served.hub, email)).accessToken };
      const location = await http<{ id: string }>(audraActor, 'POST', '/api/locations', {
        name: 'Harbour Clinic',
        address: '3 Quay Street',
        phone: '+44 20 7946 0001',
        timezone: 'Europe/London',
      });
      await http(audraActor, 'PATCH', `/api/locations/${location.id}`, { phone: '+44 20 7946 0002' });
      const doctor = await http<{ id: string }>(audraActor, 'POST', '/api/doctors', {
        firstName: 'Hana',
        lastName: 'Harbour',
        email: `hana.${Date.now()}@clinic.example`,
        password: PASSWORD,
        specialization: 'General Practice',
        licenseNumber: `GP-${Date.now()}`,
        locationId: location.id,
        room: '2',
        consultationMinutes: 20,
      });

      await open('/admin/audit');
      expect(await page.title()).toBe('Audit log · Admin console · Clinic Hub');
      const filters = page.getByRole('search', { name: 'Filter the audit log' });
      const who = filters.getByLabel('Who');
      await who.locator('option', { hasText: 'Audra Setup' }).waitFor({ state: 'attached' });

      // Audra's changes to locations today: the location made, then its phone changed (newest first).
      await who.selectOption(audra.id);
      await filters.getByLabel('Kind of record').fill('locations');
      await filters.getByLabel('From (day)').fill(new Date().toISOString().slice(0, 10));
      await filters.getByLabel('Kind of record').press('Enter');
      await eventually(listedActions).toEqual(['PATCH /api/locations/:id', 'POST /api/locations']);
      expect(page.url()).toContain(`actorId=${audra.id}`);
      const table = page.getByRole('table', { name: 'Audit entries, newest first' });
      expect(await table.locator('tbody > tr').first().innerText()).toContain('Audra Setup');

      // The change opened: the phone before and after, by field.
      await table.getByRole('button', { name: /^Open PATCH \/api\/locations\/:id/ }).click();
      const changes = page.getByRole('table', { name: 'Changed fields, before and after' });
      const phone = changes.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'phone' }) });
      expect(await phone.getByRole('cell').allTextContents()).toEqual(['+44 20 7946 0001', '+44 20 7946 0002']);
      await checkPage('admin-audit');

      // Audra's doctors: the one doctor she added.
      await filters.getByLabel('Kind of record').fill('doctors');
      await filters.getByRole('button', { name: 'Apply filters' }).click();
      await eventually(listedActions).toEqual(['POST /api/doctors']);
      expect(await table.locator('tbody > tr').first().innerText()).toContain(doctor.id);

      // Back to the locations, exported: the CSV holds exactly those two entries.
      await filters.getByLabel('Kind of record').fill('locations');
      await filters.getByLabel('Kind of record').press('Enter');
      await eventually(listedActions).toEqual(['PATCH /api/locations/:id', 'POST /api/locations']);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
      expect(download.suggestedFilename()).toMatch(/^audit-\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = await readFile(await download.path(), 'utf8');
      const rows = csv.trim().split('\r\n');
      expect(rows[0]).toMatch(/^at,actorId,actorRole,action,/);
      expect(rows).toHaveLength(3);
      expect(rows[1]).toContain('PATCH /api/locations/:id');
      expect(rows[2]).toContain('POST /api/locations');
      for (const row of rows.slice(1)) expect(row).toContain(location.id);
      expect(csv).not.toContain(doctor.id);
      await eventually(() => said().textContent()).toContain('exported as CSV');

      // The export is in the log itself, as the admin who made it.
      await filters.getByRole('button', { name: 'Clear filters' }).click();
      await eventually(() => page.url()).toBe(`${served.base}/admin/audit`);
      await filters.getByLabel('Action starts with').fill('export ');
      await filters.getByLabel('Action starts with').press('Enter');
      await eventually(listedActions).toEqual(['export /api/audit']);
      const { entries } = await http<{ entries: { actorId: string; action: string }[] }>(admin(), 'GET', '/api/audit?action=export');
      expect(entries).toEqual([expect.objectContaining({ action: 'export /api/audit', actorId: admin().userId })]);
    },
    SLOW,
  );
});

describe('notification templates', () => {
  const emailName = 'Visit booked · Email · English';
  const saved = () =>
    http<{ templates: { kind: string; channel: string; body: string; isDefault: boolean }[] }>(
      admin(),
      'GET',
      '/api/notification-templates?language=en',
    ).then((l) => l.templates.find((t) => t.kind === 'appointment_confirmation' && t.channel === 'email'));

  it(
    'edits an email with a live preview, refuses an unknown placeholder at the field, and resets it',
    async () => {
      await open('/admin/templates');
      const table = page.getByRole('table', { name: 'Wordings in English' });
      const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Visit booked' }) });
      expect(await row.innerText()).toContain('Default');
      await row.getByRole('button', { name: `Edit ${emailName}` }).click();
      const form = page.getByRole('form', { name: `Edit “${emailName}”` });
      const body = form.getByLabel('Text');
      const preview = form.getByRole('region', { name: 'Preview with a sample visit' });
      await eventually(() => preview.locator('[data-preview="text"]').textContent()).toContain('Hello Ana,');

      // A line typed at the end, and a placeholder inserted after it from the list.
      await body.focus();
      await page.keyboard.press('Control+End');
      await page.keyboard.type('\nBring your insurance card. Your doctor: ');
      await form.getByRole('button', { name: 'Insert {{doctorName}}' }).click();
      await eventually(() => body.inputValue()).toMatch(/Your doctor: \{\{doctorName\}\}$/);
      await eventually(() => preview.locator('[data-preview="text"]').textContent()).toContain(
        'Bring your insurance card. Your doctor: Dr. Dana Doe',
      );
      // Photographed from the top: the page's heading, the editor and its preview side by side.
      await page.evaluate(() => window.scrollTo(0, 0));
      await checkPage('admin-templates');
      await form.getByRole('button', { name: 'Save wording' }).click();
      await eventually(() => said().textContent()).toBe(`“${emailName}” saved: the next message of this kind uses it.`);
      expect(await saved()).toMatchObject({ isDefault: false, body: expect.stringContaining('Your doctor: {{doctorName}}') });
      await eventually(() => row.innerText()).toContain('Customised');

      // An unknown placeholder: said at the field while typing, and refused there on save.
      await row.getByRole('button', { name: `Edit ${emailName}` }).click();
      await body.focus();
      await page.keyboard.press('Control+End');
      await page.keyboard.type(' {{favouriteColour}}');
      const problem = '{{favouriteColour}} is not a placeholder of this message. Use one from the list.';
      await eventually(() => body.getAttribute('aria-invalid')).toBe('true');
      const describedBy = (await body.getAttribute('aria-describedby')) as string;
      expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe(problem);
      await form.getByRole('button', { name: 'Save wording' }).click();
      await form.getByRole('alert').filter({ hasText: 'placeholder' }).waitFor();
      expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('body');
      expect((await saved())?.body).not.toContain('favouriteColour');

      // Reset, after a confirmation whose safe answer has the focus.
      await form.getByRole('button', { name: 'Reset to the default wording…' }).click();
      const ask = page.getByRole('dialog', { name: `Reset “${emailName}” to the default wording?` });
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Keep mine');
      await ask.getByRole('button', { name: 'Reset' }).click();
      await eventually(() => said().textContent()).toBe(`“${emailName}” is back to the default wording.`);
      expect(await saved()).toMatchObject({ isDefault: true, body: expect.not.stringContaining('insurance card') });
      await eventually(() => row.innerText()).toContain('Default');

      // A text message says how long its sample is.
      await row.getByRole('button', { name: 'Edit Visit booked · Text message · English' }).click();
      const sms = page.getByRole('form', { name: 'Edit “Visit booked · Text message · English”' });
      await eventually(() => sms.getByText(/^The sample is \d+ characters: one text message\./).count()).toBe(1);
      await checkPage();
    },
    SLOW,
  );
});

describe('the system log', () => {
  it(
    'lists what went wrong and filters it by level and source',
    async () => {
      const written = await record(served.hub.app.mongo.db, {
        level: 'error',
        source: 'jobs',
        event: 'job.failed',
        message: 'Reminder job gave up after 5 attempts: SMTP connection refused',
        details: { queue: 'reminders', jobId: 'r-42', attempts: 5 },
      });
      expect(written).toBe(true);

      await open('/admin/system-logs');
      const table = page.getByRole('table', { name: 'System log entries, newest first' });
      const row = table.getByRole('row').filter({ hasText: 'SMTP connection refused' });
      await row.waitFor();
      expect(await row.innerText()).toMatch(/Error\s+Background jobs\s+job\.failed/);
      expect(await row.innerText()).toContain('queue: reminders · jobId: r-42 · attempts: 5');
      await checkPage('admin-system-logs');

      const filters = page.getByRole('search', { name: 'Filter the system log' });
      await filters.getByLabel('Level').selectOption('warn');
      await filters.getByRole('button', { name: 'Apply filters' }).click();
      await page.getByText('No entries match these filters.').waitFor();
      await filters.getByLabel('Level').selectOption('error');
      await filters.getByLabel('Source').selectOption('jobs');
      await filters.getByRole('button', { name: 'Apply filters' }).click();
      await row.waitFor();
      expect(page.url()).toBe(`${served.base}/admin/system-logs?source=jobs&level=error`);
    },
    SLOW,
  );

  it(
    'pages back through older entries, none skipped or shown twice when many share a millisecond',
    async () => {
      // All in one millisecond (the hub runs in this process): more than a page shares the oldest one's.
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
      try {
        for (let n = 1; n <= 55; n++) {
          await record(served.hub.app.mongo.db, {
            level: 'warn',
            source: 'server',
            event: 'startup.warning',
            message: `Warning ${n} of 55`,
          });
        }
      } finally {
        vi.useRealTimers();
      }
      await open('/admin/system-logs?source=server');
      const messages = () =>
        page.getByRole('table', { name: 'System log entries, newest first' }).locator('tbody > tr > td:nth-child(5)').allTextContents();
      await eventually(async () => (await messages()).length).toBe(50);
      await page.getByRole('button', { name: 'Show older entries' }).click();
      await eventually(async () => (await messages()).length).toBe(55);
      expect(new Set(await messages())).toEqual(new Set(Array.from({ length: 55 }, (_, i) => `Warning ${i + 1} of 55`)));
      await page.getByRole('button', { name: 'Show older entries' }).waitFor({ state: 'detached' });
    },
    SLOW,
  );
});
