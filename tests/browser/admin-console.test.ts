// The admin console in real Chromium against a real hub (issue 19): an admin signs in with the form
// and lands on /admin, then sets up a new location entirely in the browser, mostly by keyboard:
// the location (time zone, currency, cut-off, opening hours), a nurse working there, a doctor with a weekly
// schedule (mornings and afternoons with a lunch break, copied Monday to Friday) and a day off, an
// appointment type with its price changed in place, and a waiting-room screen whose token is shown
// once, copied, and used to pair /display in a second browser; the screen is then listed online,
// reloaded from the console and revoked. Along the way each page's other controls are used: a
// location deactivated and reactivated, a nurse's locations, a sign-in deactivated, reactivated and
// given a new password (its sessions end), a time off stretched over a booked visit (listed first,
// kept) and removed, a doctor's profile changed and the doctor deactivated (gone from booking, the
// visit kept) and back, a type retired and offered again, and the dashboard's live Today panel.
// What each page saved is read back over the API. On every
// admin page (and the dashboard of daily figures) axe-core finds nothing serious and nothing scrolls
// sideways at 1366×768.
// Long file: one admin's set-up from sign-in to a paired screen, each page building on the last;
// split up, each part would have to make the earlier parts' location, doctor and screen again.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousA11yViolations } from '../support/browser.js';
import { consoleHelpers, eventually, SLOW } from '../support/doctor-console.js';
import { login, PASSWORD } from '../support/factories.js';
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
let bookedVisit: { id: string; status: string };

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
      expect(parts).toEqual([
        'Overview',
        'Locations',
        'Staff',
        'Doctors',
        'Appointment types',
        'Screens',
        'Notification templates',
        'Dashboard',
        'Feedback',
        'Audit log',
        'System log',
      ]);
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
      // Opening hours, one line a weekday: a slip is named by its day and nothing is sent.
      await form.getByLabel('Monday').fill('14:00–18:00, 8:00-12:30');
      await form.getByLabel('Tuesday').fill('nine to five');
      await form.getByRole('button', { name: 'Add location' }).click();
      await eventually(() => form.getByRole('alert').textContent()).toContain('Tuesday');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('hours-1');
      await form.getByLabel('Tuesday').fill('08:00–18:00');
      await form.getByLabel('Saturday').fill('09:00 to 13:00');
      await form.getByRole('button', { name: 'Add location' }).click();
      await eventually(() => said().textContent()).toBe('Location “Riverside Clinic” added.');
      expect(await page.evaluate(() => document.activeElement?.classList.contains('said'))).toBe(true);
      const row = table.getByRole('row').filter({ hasText: 'Riverside Clinic' });
      await eventually(() => row.innerText()).toContain('Europe/London');
      expect(await row.innerText()).toContain('GBP');
      expect(await row.innerText()).toContain('12 h before');
      expect(await row.innerText()).toContain('Open: Mon 08:00–12:30, 14:00–18:00 · Tue 08:00–18:00 · Sat 09:00–13:00');

      const { locations } = await http<{ locations: Record<string, unknown>[] }>(admin(), 'GET', '/api/locations');
      const made = locations.find((l) => l.name === 'Riverside Clinic');
      expect(made).toMatchObject({
        timezone: 'Europe/London',
        currency: 'GBP',
        language: 'en-GB',
        patientChangeCutoffHours: 12,
        patientMaxUpcomingVisitsPerDoctor: 3,
        phone: expect.stringMatching(/^\+44/),
        openingHours: [
          { weekday: 1, opens: '08:00', closes: '12:30' },
          { weekday: 1, opens: '14:00', closes: '18:00' },
          { weekday: 2, opens: '08:00', closes: '18:00' },
          { weekday: 6, opens: '09:00', closes: '13:00' },
        ],
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

      // Deactivating a location asks first; it stays listed, marked, leaves GET /api/locations and comes back.
      const other = await http<{ id: string }>(admin(), 'POST', '/api/locations', {
        name: 'Old Town Clinic',
        address: '3 Market Square, London',
        phone: '+44 20 7946 0000',
        timezone: 'Europe/London',
      });
      await page.reload();
      const oldTown = table.getByRole('row').filter({ hasText: 'Old Town Clinic' });
      await oldTown.getByRole('button', { name: 'Deactivate… Old Town Clinic' }).focus();
      await page.keyboard.press('Enter');
      const ask = page.getByRole('dialog', { name: 'Deactivate Old Town Clinic?' });
      await eventually(() => focusedName(page)).toBe('Keep as it is');
      await ask.getByRole('button', { name: 'Deactivate' }).click();
      await eventually(() => said().textContent()).toBe('Old Town Clinic is deactivated: it takes no new bookings.');
      await eventually(() => oldTown.innerText()).toContain('Deactivated');
      expect(await oldTown.innerText()).toContain('(deactivated)');
      const listed = async (query = '') =>
        (await http<{ locations: { id: string; active: boolean }[] }>(admin(), 'GET', `/api/locations${query}`)).locations.find(
          (l) => l.id === other.id,
        );
      expect(await listed()).toBeUndefined();
      expect(await listed('?includeInactive=true')).toMatchObject({ active: false });
      await oldTown.getByRole('button', { name: 'Reactivate… Old Town Clinic' }).click();
      await page.getByRole('dialog', { name: 'Reactivate Old Town Clinic?' }).getByRole('button', { name: 'Reactivate' }).click();
      await eventually(() => said().textContent()).toBe('Old Town Clinic is active again and takes bookings.');
      expect(await listed()).toMatchObject({ active: true });
      await checkPage('admin-locations');
      // Closed again for the rest of the set-up, which works at Riverside.
      await http(admin(), 'PATCH', `/api/locations/${other.id}`, { active: false });
    },
    SLOW,
  );

  it(
    'adds a nurse who works at the new location, changes where she works, and deactivates, reactivates and resets a sign-in',
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

      // Doctors' sign-ins are listed too (made on the doctors' page): the served clinic's doctor.
      await page.getByLabel('Role', { exact: true }).selectOption('doctor');
      expect(await table.getByRole('row').count()).toBe(2);
      expect(await table.getByRole('row').nth(1).innerText()).toContain('Their doctor’s location');
      await page.getByLabel('Role', { exact: true }).selectOption('');

      // Where the nurse works: a second location ticked, saved, shown in the list and read back.
      await nurse.getByRole('button', { name: 'Locations… of Nadia Okafor' }).click();
      const places = page.getByRole('form', { name: 'Where Nadia Okafor works' });
      await eventually(() => focusedName(page)).toBe('Where Nadia Okafor works');
      expect(await places.getByRole('checkbox', { name: 'Riverside Clinic' }).isChecked()).toBe(true);
      await places.getByRole('checkbox', { name: served.clinic.location.name }).check();
      await places.getByRole('button', { name: 'Save locations' }).click();
      await eventually(() => said().textContent()).toContain('Nadia Okafor works at');
      await eventually(() => nurse.innerText()).toContain(served.clinic.location.name);
      expect((await http<{ locationIds: string[] }>(admin(), 'GET', `/api/users/${nurseLogin?.id}`)).locationIds.sort()).toEqual(
        [location.id, served.clinic.location.id].sort(),
      );

      // Deactivating asks first (the safe answer focused); the sign-in stays listed, marked, and comes back.
      const temp = table.getByRole('row').filter({ hasText: 'Rory Temp' });
      await temp.getByRole('button', { name: 'Deactivate… Rory Temp' }).click();
      const dialog = page.getByRole('dialog', { name: 'Deactivate Rory Temp?' });
      await eventually(() => focusedName(page)).toBe('Keep');
      await dialog.getByRole('button', { name: 'Deactivate' }).click();
      await eventually(() => said().textContent()).toBe('Rory Temp can no longer sign in.');
      await eventually(() => temp.innerText()).toContain('Deactivated: cannot sign in');
      const rory = (
        await http<{ users: { id: string; email: string; active: boolean }[] }>(admin(), 'GET', '/api/users?role=receptionist')
      ).users.find((u) => u.email.startsWith('rory.'));
      expect(rory?.active).toBe(false);
      await temp.getByRole('button', { name: 'Reactivate Rory Temp' }).click();
      await eventually(() => said().textContent()).toBe('Rory Temp can sign in again.');
      expect((await http<{ active: boolean }>(admin(), 'GET', `/api/users/${rory?.id}`)).active).toBe(true);

      // A new password ends every session: Rory's refresh token stops working; the new password signs in.
      const before = await login(served.hub, rory?.email as string, 'a long enough password');
      await temp.getByRole('button', { name: 'New password… for Rory Temp' }).click();
      const reset = page.getByRole('form', { name: 'New password for Rory Temp' });
      expect(await reset.innerText()).toContain('signed out on every device');
      await reset.getByLabel('New password').fill('another long password');
      await reset.getByLabel('New password').press('Enter');
      await eventually(() => said().textContent()).toBe('Rory Temp has a new password and was signed out everywhere.');
      const refreshed = await fetch(`${served.base}/api/auth/refresh`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken: before.refreshToken }),
      });
      expect(refreshed.status).toBe(401);
      await login(served.hub, rory?.email as string, 'another long password');
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
    'changes a time off, listing the visit it falls on and keeping it, and removes it',
    async () => {
      // A visit booked at the desk with the new doctor on a working day after the day off.
      const { receptionist, patient } = served.clinic;
      const { slots } = await http<{ slots: { startAt: string }[] }>(
        receptionist,
        'GET',
        `/api/doctors/${doctor.id}/availability?from=${londonDay(11)}&to=${londonDay(18)}`,
      );
      const slot = slots[0]?.startAt as string;
      const visit = await http<{ id: string; status: string }>(receptionist, 'POST', '/api/appointments', {
        doctorId: doctor.id,
        patientId: patient.patientId,
        startAt: slot,
      });
      const person = await http<{ firstName: string; lastName: string }>(receptionist, 'GET', `/api/patients/${patient.patientId}`);
      const visitDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(slot));

      // The day off stretched to the visit's day: the visit is listed before saving, and kept.
      const list = page.getByRole('table', { name: `Time off of ${doctor.displayName}` });
      await list.getByRole('button', { name: /^Change time off/ }).click();
      const change = page.getByRole('form', { name: 'Change time off' });
      await eventually(() => focusedName(page)).toMatch(/^Change time off/);
      expect(await change.getByLabel('Reason (optional)').inputValue()).toBe('Conference');
      await change.getByLabel('Last day').fill(visitDay);
      await change.getByRole('button', { name: 'Save changes' }).click();
      const affected = page.getByRole('region', { name: '1 booked visit falls in this time off' });
      await eventually(() => focusedName(page)).toBe('1 booked visit falls in this time off');
      expect(await affected.getByRole('list', { name: 'Visits in this time off' }).innerText()).toContain(
        `${person.firstName} ${person.lastName}`,
      );
      expect(await affected.innerText()).toContain('nothing is cancelled');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await screenshot(page, 'admin-time-off-affected');
      // Nothing is saved until the admin has seen them.
      const saved = () =>
        http<{ unavailability: { id: string; startAt: string; endAt: string }[] }>(
          admin(),
          'GET',
          `/api/doctors/${doctor.id}/unavailability`,
        );
      expect(Date.parse((await saved()).unavailability[0]?.endAt ?? '')).toBeLessThan(Date.parse(slot));
      await affected.getByRole('button', { name: 'Save time off and keep the visits' }).click();
      await eventually(() => said().textContent()).toMatch(/^Time off changed for .*The visit in it stays booked\.$/);
      const [entry] = (await saved()).unavailability;
      expect(Date.parse(entry?.endAt ?? '')).toBeGreaterThan(Date.parse(slot));
      expect(await http(receptionist, 'GET', `/api/appointments/${visit.id}`)).toMatchObject({ status: visit.status, startAt: slot });

      // Removing asks first; its time is bookable again.
      await list.getByRole('button', { name: /^Remove… time off/ }).click();
      const ask = page.getByRole('dialog', { name: 'Remove this time off?' });
      await eventually(() => focusedName(page)).toBe('Keep');
      await ask.getByRole('button', { name: 'Remove' }).click();
      await eventually(() => said().textContent()).toMatch(/^Time off removed for .* can be booked again\.$/);
      expect((await saved()).unavailability).toEqual([]);
      await page.getByText('No time off coming up.').waitFor();
      bookedVisit = visit;
    },
    SLOW,
  );

  it(
    'changes a doctor’s profile, and deactivating them hides them from booking but keeps their visit',
    async () => {
      const panel = page.locator('#doctor-panel');
      await panel.getByRole('button', { name: 'Change profile' }).click();
      const form = page.getByRole('form', { name: `Change the profile of ${doctor.displayName}` });
      await eventually(() => focusedName(page)).toBe(`Change the profile of ${doctor.displayName}`);
      // Several specialties and languages, each added with Enter; a tag that is none is refused in words.
      await form.getByLabel('Add to specialties').fill('Travel Medicine');
      await form.getByLabel('Add to specialties').press('Enter');
      await form.getByRole('button', { name: 'Make main Travel Medicine' }).click();
      await form.getByLabel('Add to languages').fill('German');
      await form.getByLabel('Add to languages').press('Enter');
      await form.getByLabel('Add to languages').fill('not a tag');
      await form.getByLabel('Add to languages').press('Enter');
      await form.getByText('“not a tag” is not a language tag such as en or pt-BR.').waitFor();
      await form.getByLabel('Add to languages').fill('pt-BR');
      await form.getByRole('button', { name: 'Add to languages' }).click();
      expect(await form.getByRole('list', { name: 'Languages' }).innerText()).toContain('German');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await screenshot(page, 'admin-doctor-profile');
      await form.getByLabel('About them (optional)').fill('Family doctor with a travel clinic.');
      await form.getByLabel('Licence expires on (optional)').fill('2030-06-30');
      await form.getByRole('button', { name: 'Save profile' }).click();
      await eventually(() => said().textContent()).toBe(`Profile of ${doctor.displayName} saved.`);
      expect(await http(admin(), 'GET', `/api/doctors/${doctor.id}`)).toMatchObject({
        specialization: 'Travel Medicine',
        specialties: ['Travel Medicine', 'Family Medicine'],
        languages: ['de', 'pt-BR'],
        bio: 'Family doctor with a travel clinic.',
        licenseExpiresOn: '2030-06-30',
        feeMinor: 4550,
      });
      const row = page.getByRole('table', { name: 'Doctors' }).getByRole('row').filter({ hasText: doctor.displayName });
      await eventually(() => row.innerText()).toContain('Expires 30 Jun 2030');

      // Deactivating asks first and counts the visits that stay booked.
      await panel.getByRole('button', { name: 'Deactivate…' }).click();
      const ask = page.getByRole('dialog', { name: `Deactivate ${doctor.displayName}?` });
      await eventually(() => focusedName(page)).toBe('Keep');
      await eventually(() => ask.innerText()).toContain('1 visit is booked with them from now on');
      await ask.getByRole('button', { name: 'Deactivate' }).click();
      await eventually(() => said().textContent()).toBe(
        `${doctor.displayName} is deactivated: they leave booking; their visits and records stay.`,
      );
      await eventually(() => row.innerText()).toContain('(deactivated)');
      expect(await panel.innerText()).toContain('This doctor is not taking appointments.');
      const bookable = async () =>
        (
          await http<{ doctors: { id: string }[] }>(served.clinic.receptionist, 'GET', `/api/doctors?locationId=${location.id}`)
        ).doctors.map((d) => d.id);
      expect(await bookable()).not.toContain(doctor.id);
      expect(await http(served.clinic.receptionist, 'GET', `/api/appointments/${bookedVisit.id}`)).toMatchObject({
        status: bookedVisit.status,
        doctorId: doctor.id,
      });
      const refused = await fetch(`${served.base}/api/walk-ins`, {
        method: 'POST',
        headers: { authorization: `Bearer ${served.clinic.receptionist.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ doctorId: doctor.id, patientId: served.clinic.patient.patientId }),
      });
      expect(refused.status).toBe(409);
      expect(((await refused.json()) as { code: string }).code).toBe('DOCTOR_INACTIVE');

      // And back: bookable again.
      await panel.getByRole('button', { name: 'Reactivate' }).click();
      await eventually(() => said().textContent()).toBe(`${doctor.displayName} is bookable again.`);
      expect(await bookable()).toContain(doctor.id);
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

      // Retired with its box (Space, the focus stays), still listed and marked; offered again the same way.
      const offered = row.getByRole('checkbox', { name: 'Offered: Travel vaccination' });
      await offered.focus();
      await page.keyboard.press('Space');
      await eventually(() => said().textContent()).toBe(
        '“Travel vaccination” is no longer offered: new bookings of it are refused; visits booked with it keep it.',
      );
      await eventually(() => row.innerText()).toContain('(not offered)');
      expect(await focusedName(page)).toBe('Offered: Travel vaccination');
      const keys = async () => (await http<{ types: { key: string }[] }>(admin(), 'GET', '/api/appointment-types')).types.map((t) => t.key);
      expect(await keys()).not.toContain('travel-vaccination');
      await page.keyboard.press('Space');
      await eventually(() => said().textContent()).toBe('“Travel vaccination” is offered again.');
      expect(await keys()).toContain('travel-vaccination');
      await checkPage('admin-appointment-types');
    },
    SLOW,
  );

  it(
    'shows a location’s daily figures on the dashboard',
    async () => {
      // Today at the served clinic: a walk-in waiting and its doctor running 15 minutes late.
      const { receptionist, doctor: running, patient } = served.clinic;
      await http(receptionist, 'POST', '/api/walk-ins', { doctorId: running.doctorId, patientId: patient.patientId, allowDuplicate: true });
      await http(receptionist, 'PUT', `/api/doctors/${running.doctorId}/delay`, { minutes: 15 });
      const runningName = (await http<{ displayName: string }>(admin(), 'GET', `/api/doctors/${running.doctorId}`)).displayName;

      await openSection('Dashboard', '/admin/dashboard');
      await page.getByLabel('Location', { exact: true }).selectOption({ label: served.clinic.location.name });
      const today = page.getByRole('region', { name: /^Today/ });
      const figure = (name: string) =>
        today
          .locator('dl > div')
          .filter({ has: page.getByText(name, { exact: true }) })
          .locator('dd');
      await eventually(() => figure('Waiting now').textContent()).toBe('1');
      expect(await figure('Doctors running late').textContent()).toBe('1');
      expect(await today.getByRole('list', { name: 'Doctors running late' }).innerText()).toContain(`${runningName}: 15 min late`);
      expect(await today.getByRole('table', { name: 'Calls per hour today' }).getByRole('row').count()).toBeGreaterThan(1);
      await checkPage('admin-dashboard-today');
      // Refresh reads it again: the doctor back on time leaves the list.
      await http(receptionist, 'PUT', `/api/doctors/${running.doctorId}/delay`, { minutes: 0 });
      await today.getByRole('button', { name: 'Refresh today’s figures' }).click();
      await today.getByText('Every doctor is on time.').waitFor();
      await page.getByRole('heading', { level: 2, name: 'Daily figures' }).waitFor();
      await page.getByRole('figure', { name: 'Visits' }).waitFor();
      expect(await seriousA11yViolations(page)).toEqual([]);
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
