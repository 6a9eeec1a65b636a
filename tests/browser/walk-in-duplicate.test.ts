// A walk-in at the desk for a patient who already has a visit with that doctor today (issue 13):
// the form warns with the booked visit's time and offers two choices, check that visit in instead
// or add the walk-in anyway; each does what it says. Keyboard-first and axe-core clean.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, seriousA11yViolations, signedIn } from '../support/browser.js';
import { bearer, login, PASSWORD } from '../support/factories.js';
import { todayAt, zoneWhereItIsMorning } from '../support/scheduling.js';
import { type ServedClinic, servedClinic } from '../support/served-clinic.js';

let served: ServedClinic;
let browser: Browser;
const { zone, offsetHours } = zoneWhereItIsMorning();
const suffix = Date.now().toString(36);

interface Visit {
  id: string;
  status: string;
  walkIn: boolean;
  ticket: string | null;
}

async function call<T>(token: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object): Promise<T> {
  const res = await served.hub.app.inject({ method, url, headers: bearer(token), payload });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json() as T;
}

let location: { id: string; name: string };
let doctorId: string;
const patients: Record<string, string> = {};

beforeAll(async () => {
  [served, browser] = await Promise.all([servedClinic(), launchBrowser()]);
  const { admin, receptionist } = served.clinic;
  location = await call(admin.token, 'POST', '/api/locations', {
    name: 'Hillside Clinic',
    address: '8 Hill Road',
    phone: '+1 212 555 0160',
    timezone: zone,
  });
  const doctor = await call<{ id: string }>(admin.token, 'POST', '/api/doctors', {
    firstName: 'Rui',
    lastName: 'Alves',
    email: `rui.alves.${suffix}@hillside.example`,
    password: PASSWORD,
    specialization: 'General Practice',
    licenseNumber: `GP-${suffix}`.toUpperCase(),
    locationId: location.id,
    room: '2',
    consultationMinutes: 15,
  });
  doctorId = doctor.id;
  const rules = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '08:00', end: '18:00', locationId: location.id }));
  await call(admin.token, 'PUT', `/api/doctors/${doctorId}/schedule`, { rules });
  for (const [firstName, lastName, phone, time] of [
    ['Nadia', 'Karim', '+1 212 555 0161', '15:30'],
    ['Peter', 'Lindqvist', '+1 212 555 0162', '15:45'],
  ] as const) {
    const p = await call<{ id: string }>(receptionist.token, 'POST', '/api/patients', {
      firstName,
      lastName,
      dateOfBirth: '1979-04-02',
      phone,
    });
    patients[firstName] = p.id;
    await call(receptionist.token, 'POST', '/api/appointments', { doctorId, patientId: p.id, startAt: todayAt(offsetHours, time) });
  }
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

async function desk(): Promise<Page> {
  const actor = served.clinic.receptionist;
  const { refreshToken } = await login(served.hub, actor.email as string);
  // The desk sits in its clinic's zone, so times read without a zone label ("15:30").
  const context = await signedIn(browser, { ...actor, refreshToken }, { viewport: { width: 1366, height: 900 }, timezoneId: zone });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  await page.goto(`${served.base}/reception`);
  await page.getByLabel('Location').selectOption({ label: location.name });
  await page.getByRole('heading', { name: `Reception · ${location.name}` }).waitFor();
  return page;
}

async function choosePatient(page: Page, name: string) {
  await page.getByLabel('Find a patient').fill(name.split(' ')[1] as string);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page
    .getByRole('list', { name: 'Matching patients' })
    .getByRole('button', { name: new RegExp(`^${name}`) })
    .click();
  await page.getByText(`Chosen: ${name}`).waitFor();
}

const visitsOf = async (patientId: string) =>
  (await call<{ appointments: Visit[] }>(served.clinic.admin.token, 'GET', `/api/appointments?patientId=${patientId}`)).appointments;

describe('a walk-in for a patient booked with the same doctor today', () => {
  it('warns with the booked time; "check in that visit instead" checks the booking in', async () => {
    const page = await desk();
    await choosePatient(page, 'Nadia Karim');
    const form = page.getByRole('form', { name: 'Walk-in' });
    await form.getByRole('button', { name: 'Add walk-in' }).click();
    const warning = form.getByRole('alert');
    await warning.getByText('Nadia Karim already has a visit with Dr. Rui Alves today at 15:30.').waitFor();
    // The first choice has the focus: Enter takes it.
    const instead = form.getByRole('button', { name: 'Check in the 15:30 visit instead' });
    await expect.poll(() => instead.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await form.getByRole('button', { name: 'Add the walk-in anyway' }).count()).toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Nadia Karim is checked in' }).waitFor();
    const visits = await visitsOf(patients.Nadia!);
    expect(visits.map((v) => [v.walkIn, v.status])).toEqual([[false, 'checked_in']]);
    expect(await page.getByTestId('ticket-number').textContent()).toBe(visits[0]!.ticket);
    await page.context().close();
  }, 60_000);

  it('"add the walk-in anyway" queues a walk-in beside the booking', async () => {
    const page = await desk();
    await choosePatient(page, 'Peter Lindqvist');
    const form = page.getByRole('form', { name: 'Walk-in' });
    await form.getByRole('button', { name: 'Add walk-in' }).click();
    await form.getByRole('alert').getByText('Peter Lindqvist already has a visit with Dr. Rui Alves today at 15:45.').waitFor();
    await form.getByRole('button', { name: 'Add the walk-in anyway' }).click();
    await page.getByRole('heading', { name: 'Peter Lindqvist is checked in' }).waitFor();
    const visits = await visitsOf(patients.Peter!);
    expect(visits.map((v) => [v.walkIn, v.status]).sort()).toEqual([
      [false, 'scheduled'],
      [true, 'checked_in'],
    ]);
    // The warning is gone and the form is ready for the next walk-in.
    await form.getByRole('button', { name: 'Add walk-in' }).waitFor();
    await page.context().close();
  }, 60_000);
});
