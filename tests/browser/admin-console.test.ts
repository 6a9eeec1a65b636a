// The admin console in real Chromium against a real hub (issue 19): an admin signs in with the form
// and lands on /admin, then sets up a new location entirely in the browser, mostly by keyboard:
// the location (time zone, currency, cut-off), a nurse working there, a doctor with a weekly
// schedule (mornings and afternoons with a lunch break, copied Monday to Friday) and a day off, an
// appointment type with its price changed in place, and a waiting-room screen whose token is shown
// once, copied, and used to pair /display in a second browser; the screen is then listed online,
// reloaded from the console and revoked. What each page saved is read back over the API. On every
// admin page (and the dashboard of daily figures) axe-core finds nothing serious and nothing scrolls
// sideways at 1366×768.
// Long file: one admin's set-up from sign-in to a paired screen, each page building on the last;
// split up, each part would have to make the earlier parts' location, doctor and screen again.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousA11yViolations } from '../support/browser.js';
import { consoleHelpers, eventually, SLOW } from '../support/doctor-console.js';
import { PASSWORD } from '../support/factories.js';
import { type ServedClinic, servedClinic } from '../support/served-clinic.js';

const DESK = { width: 1366, height: 768 };
const DAY_MS = 86_400_000;

let served: ServedClinic;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [served, browser] = await Promise.all([servedClinic(), launchBrowser()]);
  context = await browser.newContext({ viewport: DESK, locale: 'en-GB', timezoneId: 'UTC' });
  // The token's copy button writes to the clipboard; the test reads it back.
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: served.base });
  context.setDefaultTimeout(10_000); // a step that cannot happen fails there, not at the test's timeout
  contexts.push(context);
  page = await context.newPage();
}, 120_000);
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await served?.close();
});

const { http } = consoleHelpers(
  () => served,
  () => browser,
);
const admin = () => served.clinic.admin;

/** Nothing wider than the screen: the page never scrolls sideways. */
const sideways = (p: Page) => p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
const focusedName = (p: Page) =>
  p.evaluate(() => {
    const el = document.activeElement;
    return el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? null;
  });

/** The page as it stands passes axe-core and fits the desk screen, and is photographed. */
async function checkPage(name: string) {
  expect(await seriousA11yViolations(page)).toEqual([]);
  expect(await sideways(page)).toBeLessThanOrEqual(0);
  await screenshot(page, name);
}

/** Opens a part of the console from its own navigation, as an admin would. */
async function openSection(label: string, path: string) {
  await page.getByRole('navigation', { name: 'Admin console' }).getByRole('link', { name: label, exact: true }).click();
  await page.waitForURL(`${served.base}${path}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
}

const said = () => page.locator('p.said');

/** A calendar day `days` from now in London (where the new location is). */
const londonDay = (days: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Date.now() + days * DAY_MS),
  );

let location: { id: string; name: string };
let doctor: { id: string; displayName: string };

describe('the admin console', () => {
  it(
    'is where an admin lands after signing in',
    async () => {
      await page.goto(`${served.base}/login`);
      await page.getByLabel('Email').fill(admin().email as string);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByLabel('Password').press('Enter');
      await page.waitForURL(`${served.base}/admin`);
      await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Admin console');
      expect(await page.title()).toBe('Overview · Admin console · Clinic Hub');
      // The header marks where the admin is; the console's own navigation lists every part.
      const header = page.getByRole('navigation', { name: 'Pages' });
      expect(await header.getByRole('link', { name: 'Admin console' }).getAttribute('aria-current')).toBe('page');
      const parts = await page.getByRole('navigation', { name: 'Admin console' }).getByRole('link').allTextContents();
      expect(parts).toEqual(['Overview', 'Locations', 'Staff', 'Doctors', 'Appointment types', 'Screens', 'Dashboard', 'Feedback']);
      // The overview counts what is there (the served clinic has one location and one doctor).
      await page.getByText('1 location', { exact: true }).waitFor();
      await page.getByText('1 doctor', { exact: true }).waitFor();
      await checkPage('admin-home');
    },
    SLOW,
  );

  it(
    'adds a location with its time zone, currency and cut-off, and changes it',
    async () => {
      await openSection('Locations', '/admin/locations');
      const table = page.getByRole('table', { name: 'Locations' });
      await table.waitFor();

      // Escape closes the form and gives the focus back to the button that opened it.
      await page.getByRole('button', { name: 'Add a location' }).click();
      await eventually(() => focusedName(page)).toBe('Add a location');
      await page.keyboard.press('Escape');
      await page.getByRole('form', { name: 'Add a location' }).waitFor({ state: 'detached' });
      await eventually(() => focusedName(page)).toBe('Add a location');

      await page.keyboard.press('Enter');
      const form = page.getByRole('form', { name: 'Add a location' });
      await form.getByLabel('Name').fill('Riverside Clinic');
      await form.getByLabel('Address').fill('12 Embankment Road, London');
      await form.getByLabel('Phone').fill('+44 20 7946 0958');
      await form.getByLabel('Time zone').selectOption('Europe/London');
      await form.getByLabel('Currency').selectOption('GBP');
      await form.getByLabel('Waiting-room language').fill('en-GB');
      await form.getByLabel('Changes close (hours before the visit)').fill('12');
      await form.getByLabel('Upcoming visits with one doctor').fill('3');
      await form.getByRole('button', { name: 'Add location' }).click();
      await eventually(() => said().textContent()).toBe('Location “Riverside Clinic” added.');
      expect(await page.evaluate(() => document.activeElement?.classList.contains('said'))).toBe(true);
      const row = table.getByRole('row').filter({ hasText: 'Riverside Clinic' });
      await eventually(() => row.innerText()).toContain('Europe/London');
      expect(await row.innerText()).toContain('GBP');
      expect(await row.innerText()).toContain('12 h before');

      const { locations } = await http<{ locations: Record<string, unknown>[] }>(admin(), 'GET', '/api/locations');
      const made = locations.find((l) => l.name === 'Riverside Clinic');
      expect(made).toMatchObject({
        timezone: 'Europe/London',
        currency: 'GBP',
        language: 'en-GB',
        patientChangeCutoffHours: 12,
        patientMaxUpcomingVisitsPerDoctor: 3,
        phone: expect.stringMatching(/^\+44/),
      });
      location = made as { id: string; name: string };

      // Changing it: only what changed is sent; the time zone is shown, not offered.
      await row.getByRole('button', { name: 'Change Riverside Clinic' }).click();
      const change = page.getByRole('form', { name: 'Change Riverside Clinic' });
      expect(await change.getByLabel('Time zone').count()).toBe(0);
      expect(await change.innerText()).toContain('Europe/London');
      await change.getByLabel('Changes close (hours before the visit)').fill('24');
      await change.getByLabel('Show patients’ initials beside their ticket').uncheck();
      await change.getByRole('button', { name: 'Save changes' }).click();
      await eventually(() => said().textContent()).toBe('Changes to Riverside Clinic saved.');
      expect(await http(admin(), 'GET', `/api/locations/${location.id}`)).toMatchObject({
        patientChangeCutoffHours: 24,
        boardShowsInitials: false,
        currency: 'GBP',
      });
      // A refusal is said in words, and the field the hub named takes the focus.
      await row.getByRole('button', { name: 'Change Riverside Clinic' }).click();
      await change.getByLabel('Phone').fill('12');
      await change.getByRole('button', { name: 'Save changes' }).click();
      await eventually(() => change.getByRole('alert').textContent()).toBe(
        'Some of the details are not valid. Please check them and try again.',
      );
      expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('phone');
      expect(await change.getByLabel('Phone').getAttribute('aria-invalid')).toBe('true');
      await change.getByRole('button', { name: 'Cancel' }).click();
      await checkPage('admin-locations');
    },
    SLOW,
  );

  it(
    'adds a nurse who works at the new location, and deactivates a sign-in',
    async () => {
      await openSection('Staff', '/admin/staff');
      const table = page.getByRole('table', { name: 'Staff' });
      await table.waitFor();
      // The admin's own sign-in is listed and cannot be deactivated from here.
      const me = table.getByRole('row').filter({ hasText: '(you)' });
      expect(await me.getByRole('button').count()).toBe(0);

      for (const [first, last, role] of [
        ['Nadia', 'Okafor', 'nurse'],
        ['Rory', 'Temp', 'receptionist'],
      ] as const) {
        await page.getByRole('button', { name: 'Add a staff member' }).click();
        const form = page.getByRole('form', { name: 'Add a staff member' });
        await form.getByLabel('First name').fill(first);
        await form.getByLabel('Last name').fill(last);
        await form.getByLabel('Email').fill(`${first.toLowerCase()}.${Date.now()}@riverside.example`);
        await form.getByLabel('Role').selectOption(role);
        if (role === 'nurse') await form.getByRole('checkbox', { name: 'Riverside Clinic' }).check();
        await form.getByLabel('First password').fill('a long enough password');
        await form.getByRole('button', { name: 'Add staff member' }).click();
        await eventually(() => said().textContent()).toBe(`${first} ${last} can now sign in as ${role}.`);
      }
      const nurse = table.getByRole('row').filter({ hasText: 'Nadia Okafor' });
      await eventually(() => nurse.innerText()).toContain('Nurse');
      expect(await nurse.innerText()).toContain('Riverside Clinic');
      const nurseLogin = (
        await http<{ users: { id: string; email: string; locationIds?: string[] }[] }>(admin(), 'GET', '/api/users?role=nurse')
      ).users[0];
      expect(nurseLogin?.email).toMatch(/^nadia\./);

      // Filters by role.
      await page.getByLabel('Role', { exact: true }).selectOption('nurse');
      expect(await table.getByRole('row').count()).toBe(2); // the header and Nadia
      await page.getByLabel('Role', { exact: true }).selectOption('');

      // Deactivating asks first (the safe answer focused), then the sign-in leaves the list.
      const temp = table.getByRole('row').filter({ hasText: 'Rory Temp' });
      await temp.getByRole('button', { name: 'Deactivate… Rory Temp' }).click();
      const dialog = page.getByRole('dialog', { name: 'Deactivate Rory Temp?' });
      await eventually(() => focusedName(page)).toBe('Keep');
      await dialog.getByRole('button', { name: 'Deactivate' }).click();
      await eventually(() => said().textContent()).toBe('Rory Temp can no longer sign in.');
      await temp.waitFor({ state: 'detached' });
      await checkPage('admin-staff');
    },
    SLOW,
  );

  it(
    'adds a doctor, gives them weekly hours with a lunch break and a day off',
    async () => {
      await openSection('Doctors', '/admin/doctors');
      await page.getByRole('button', { name: 'Add a doctor' }).click();
      const form = page.getByRole('form', { name: 'Add a doctor' });
      await form.getByLabel('First name').fill('Amara');
      await form.getByLabel('Last name').fill('Osei');
      await form.getByLabel('Email').fill(`amara.${Date.now()}@riverside.example`);
      await form.getByLabel('First password (optional)').fill('a long enough password');
      await form.getByLabel('Specialty').fill('Family Medicine');
      await form.getByLabel('Licence number').fill(`GMC-${Date.now()}`);
      await form.getByLabel('Location').selectOption({ label: 'Riverside Clinic' });
      await form.getByLabel('Room').fill('3');
      await form.getByLabel('Visit length (minutes)').fill('20');
      await form.getByLabel(/^Own fee \(GBP\)/).fill('45.50');
      await form.getByRole('button', { name: 'Add doctor' }).click();

      // The new doctor's panel opens with the focus on its heading.
      const panel = page.locator('#doctor-panel');
      await panel.getByRole('heading', { level: 2 }).waitFor();
      doctor = (
        await http<{ doctors: { id: string; displayName: string; feeMinor: number }[] }>(
          admin(),
          'GET',
          `/api/doctors?locationId=${location.id}`,
        )
      ).doctors[0] as typeof doctor;
      expect(doctor).toMatchObject({ displayName: expect.stringContaining('Amara Osei'), feeMinor: 4550 });
      await eventually(() => focusedName(page)).toBe(doctor.displayName);
      expect(await said().textContent()).toBe(`${doctor.displayName} added. Set their weekly hours below.`);
      expect(await page.getByRole('table', { name: 'Doctors' }).innerText()).toContain('£45.50');

      // Monday: "Add hours" proposes the working day, then an afternoon after a break; typed by keyboard.
      const grid = page.getByRole('table', { name: `Weekly hours of ${doctor.displayName}` });
      await grid.getByRole('button', { name: 'Add hours on Monday' }).click();
      await eventually(() => focusedName(page)).toBe('Monday, range 1: from');
      await grid.getByLabel('Monday, range 1: until').fill('12:00');
      await grid.getByRole('button', { name: 'Add hours on Monday' }).click();
      expect(await grid.getByLabel('Monday, range 2: from').inputValue()).toBe('13:00');
      await grid.getByLabel('Monday, range 2: until').fill('17:30');
      // Two locations in the clinic: each range says where it is worked.
      expect(await grid.getByLabel('Monday, range 2: location').inputValue()).toBe(location.id);
      await eventually(() => grid.getByRole('row').filter({ hasText: 'Monday' }).innerText()).toContain('7 h 30 min');

      // A wrong week is refused in words before anything is sent, and the range at fault takes the focus.
      await grid.getByRole('button', { name: 'Add hours on Tuesday' }).click();
      await grid.getByLabel('Tuesday, range 1: until').fill('08:00');
      await page.getByRole('button', { name: 'Save weekly hours' }).click();
      await eventually(() => panel.getByRole('alert').textContent()).toBe('Tuesday: 09:00–08:00 ends before it starts.');
      await eventually(() => focusedName(page)).toBe('Tuesday, range 1: from');
      await grid.getByRole('button', { name: 'Remove Tuesday, range 1' }).click();

      await page.getByLabel('Copy a day').selectOption('0');
      await page.getByRole('button', { name: 'Copy to Monday–Friday' }).click();
      await page.getByRole('button', { name: 'Save weekly hours' }).click();
      await eventually(() => said().textContent()).toBe(`Weekly hours of ${doctor.displayName} saved.`);
      const schedule = await http<{ rules: unknown[] }>(admin(), 'GET', `/api/doctors/${doctor.id}/schedule`);
      expect(schedule.rules).toHaveLength(5);
      for (const weekday of [1, 2, 3, 4, 5]) {
        expect(schedule.rules).toContainEqual({
          weekday,
          start: '09:00',
          end: '17:30',
          locationId: location.id,
          breaks: [{ start: '12:00', end: '13:00' }],
        });
      }
      // Read back after a reload: the grid shows the break as two ranges again.
      await page.reload();
      await grid.waitFor();
      expect(await grid.getByLabel('Friday, range 2: from').inputValue()).toBe('13:00');
      expect(await grid.getByRole('row').filter({ hasText: 'Saturday' }).innerText()).toContain('Off');

      // A day off, in London's calendar.
      const off = londonDay(10);
      const timeOff = page.getByRole('form', { name: 'Add time off' });
      await timeOff.getByLabel('First day').fill(off);
      await timeOff.getByLabel('Reason (optional)').fill('Conference');
      await timeOff.getByRole('button', { name: 'Add time off' }).click();
      const dayLabel = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
        new Date(`${off}T12:00:00Z`),
      );
      await eventually(() => said().textContent()).toBe(`Time off added for ${doctor.displayName}: ${dayLabel} (whole day).`);
      const list = page.getByRole('table', { name: `Time off of ${doctor.displayName}` });
      expect(await list.innerText()).toContain('Conference');
      const { unavailability } = await http<{ unavailability: { startAt: string; endAt: string }[] }>(
        admin(),
        'GET',
        `/api/doctors/${doctor.id}/unavailability`,
      );
      // Midnight to midnight in London (an hour earlier in UTC in summer).
      const startAt = Date.parse(unavailability[0]?.startAt ?? '');
      expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' }).format(startAt)).toBe(
        '00:00',
      );
      expect(Date.parse(unavailability[0]?.endAt ?? '') - startAt).toBeGreaterThanOrEqual(23 * 3_600_000);
      await page.evaluate(() => document.getElementById('doctor-panel')?.scrollIntoView());
      await checkPage('admin-doctors');
    },
    SLOW,
  );

  it(
    'adds an appointment type and changes its price in place',
    async () => {
      await openSection('Appointment types', '/admin/appointment-types');
      await page.getByRole('button', { name: 'Add a type' }).click();
      const form = page.getByRole('form', { name: 'Add an appointment type' });
      await form.getByLabel('Name').fill('Travel vaccination');
      expect(await form.getByLabel('Key').inputValue()).toBe('travel-vaccination');
      await form.getByLabel('Length (minutes)').fill('20');
      await form.getByLabel(/^Price/).fill('40.00');
      await form.getByRole('button', { name: 'Add type' }).click();
      await eventually(() => said().textContent()).toBe('Appointment type “Travel vaccination” added.');
      const table = page.getByRole('table', { name: 'Appointment types' });
      const row = table.getByRole('row').filter({ hasText: 'Travel vaccination' });
      await eventually(() => row.innerText()).toContain('20 min');

      // In place: the row becomes fields, Enter saves.
      await row.getByRole('button', { name: 'Change Travel vaccination' }).click();
      await eventually(() => focusedName(page)).toBe('Name');
      await table.getByLabel(/^Price/).fill('45.00');
      await table.getByLabel(/^Price/).press('Enter');
      await eventually(() => said().textContent()).toBe('Appointment type “Travel vaccination” saved.');
      const { types } = await http<{ types: { key: string; priceMinor: number; durationMinutes: number }[] }>(
        admin(),
        'GET',
        '/api/appointment-types',
      );
      expect(types.find((t) => t.key === 'travel-vaccination')).toMatchObject({ priceMinor: 4500, durationMinutes: 20 });
      await checkPage('admin-appointment-types');
    },
    SLOW,
  );

  it(
    'shows a location’s daily figures on the dashboard',
    async () => {
      await openSection('Dashboard', '/admin/dashboard');
      await page.getByRole('heading', { level: 2, name: 'Daily figures' }).waitFor();
      await page.getByRole('figure', { name: 'Visits' }).waitFor();
      await checkPage('admin-dashboard');
    },
    SLOW,
  );

  it(
    'adds a screen, shows its token once to copy, and sees it online once paired; reloads and revokes it',
    async () => {
      await openSection('Screens', '/admin/screens');
      await page.getByRole('button', { name: 'Add a screen' }).click();
      const form = page.getByRole('form', { name: 'Add a screen' });
      await form.getByLabel('Name').fill('Riverside waiting room');
      await form.getByLabel('Location').selectOption({ label: 'Riverside Clinic' });
      await form.getByRole('button', { name: 'Add screen' }).click();

      const card = page.getByRole('region', { name: 'Screen “Riverside waiting room” added' });
      await card.waitFor();
      const token = (await card.locator('code').first().textContent()) ?? '';
      expect(token).toMatch(/^dsp_/);
      expect(await card.innerText()).toContain(`${served.base}/display`);
      await card.getByRole('button', { name: 'Copy token' }).click();
      await card.getByText('Token copied.').waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
      await checkPage('admin-screens-token');

      // Listed, not paired yet.
      const table = page.getByRole('table', { name: 'Screens' });
      const row = table.getByRole('row').filter({ hasText: 'Riverside waiting room' });
      await eventually(() => row.innerText()).toContain('Not paired yet');

      // The screen: /display in a browser of its own, the copied token typed in.
      const screenContext = await browser.newContext({ viewport: { width: 1280, height: 720 }, reducedMotion: 'reduce' });
      contexts.push(screenContext);
      const screen = await screenContext.newPage();
      await screen.goto(`${served.base}/display`);
      await screen.getByLabel('Screen token').fill(token);
      await screen.getByRole('button', { name: 'Connect this screen' }).click();
      await screen.getByRole('heading', { level: 1, name: 'Riverside Clinic' }).waitFor({ timeout: 15_000 });

      // Done hides the token for good; the list shows the screen online.
      await card.getByRole('button', { name: 'Done' }).click();
      await card.waitFor({ state: 'detached' });
      expect(await page.getByText(token).count()).toBe(0);
      await eventually(() => row.innerText()).toContain('Online');
      expect(await row.innerText()).toContain('Riverside Clinic');
      expect(
        (await http<{ displays: { name: string; lastSeenAt: string | null }[] }>(admin(), 'GET', '/api/displays')).displays,
      ).toContainEqual(expect.objectContaining({ name: 'Riverside waiting room', lastSeenAt: expect.any(String) }));
      await checkPage('admin-screens');

      // Reload: the screen loads its page again (and comes back to the board by itself).
      const reloaded = screen.waitForEvent('load');
      await row.getByRole('button', { name: 'Reload Riverside waiting room' }).click();
      await eventually(() => said().textContent()).toBe('“Riverside waiting room” was asked to reload its page.');
      await reloaded;
      await screen.getByRole('heading', { level: 1, name: 'Riverside Clinic' }).waitFor({ timeout: 15_000 });

      // Revoke: asked first; the screen drops back to pairing at once.
      await row.getByRole('button', { name: 'Revoke… Riverside waiting room' }).click();
      await page.getByRole('dialog', { name: 'Revoke “Riverside waiting room”?' }).getByRole('button', { name: 'Revoke' }).click();
      await eventually(() => said().textContent()).toBe(
        '“Riverside waiting room” was revoked: it is back at pairing and its token no longer works.',
      );
      await screen.getByLabel('Screen token').waitFor({ timeout: 15_000 });
      await row.waitFor({ state: 'detached' });
      await page.getByLabel('Show revoked screens (1)').check();
      await eventually(() => row.innerText()).toContain('Revoked');
    },
    SLOW,
  );
});
