// One date and time style in every view, by the clinic's clock: a reader whose own zone differs
// from the clinic's (a patient abroad, a doctor at home) sees every time of a visit and of a message
// named with the clinic's zone, written the same way at the desk, in the doctor's schedule and in
// the patient portal, in the reader's locale (en-US here: "11:00 AM"). A reader in the clinic's
// zone sees no label. Phone numbers read nationally in the clinic's country, internationally otherwise.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocationsService } from '../../server/modules/locations/service.js';
import { launchBrowser, signedIn } from '../support/browser.js';
import { type Actor, bearer, doctor, login, patient, staff } from '../support/factories.js';
import { todayAt, zoneWhereItIsMorning } from '../support/scheduling.js';
import { startServedHub, type TestHub } from '../support/test-hub.js';

const morning = zoneWhereItIsMorning();
/** The reader's zone: another offset than the clinic's. */
const AWAY = morning.offsetHours === -10 ? 'Asia/Tokyo' : 'Pacific/Honolulu';
const LOCALE = 'en-US';

let hub: TestHub;
let base: string;
let browser: Browser;
let location: { id: string; name: string };
let receptionist: Actor;
let doc: Actor;
let pat: Actor;
let visitAt: string;
let messageAt: string;

/** Intl's spaces (a narrow no-break space before AM in newer ICU) as plain spaces, so text compares. */
const plain = (text: string) => text.replace(/[\s\u202f\u00a0]+/g, ' ');

/** A time as the client writes it for an en-US reader away from the clinic: "11:00 AM GMT-9". */
function clinicTime(iso: string): string {
  const date = new Date(iso);
  const time = new Intl.DateTimeFormat(LOCALE, { timeStyle: 'short', timeZone: morning.zone }).format(date);
  const zone = new Intl.DateTimeFormat(LOCALE, { timeZoneName: 'short', hour: 'numeric', timeZone: morning.zone })
    .formatToParts(date)
    .find((p) => p.type === 'timeZoneName')?.value;
  return plain(`${time} ${zone}`);
}

beforeAll(async () => {
  [{ hub, base }, browser] = await Promise.all([startServedHub(), launchBrowser()]);
  // A clinic in the United States (its phone says so) whose clock is at about 10:00 now.
  location = await new LocationsService(hub.app.db).create({
    name: 'Harbor Street Clinic',
    address: '1 Harbor Street',
    phone: '+1 212 555 0100',
    timezone: morning.zone,
  });
  const admin = await staff(hub, 'admin');
  [receptionist, doc, pat] = await Promise.all([staff(hub, 'receptionist'), doctor(hub, location.id), patient(hub)]);
  const rules = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '08:00', end: '18:00', locationId: location.id }));
  const schedule = await hub.app.inject({
    method: 'PUT',
    url: `/api/doctors/${doc.doctorId}/schedule`,
    headers: bearer(admin.token),
    payload: { rules },
  });
  expect(schedule.statusCode, schedule.body).toBe(200);
  visitAt = todayAt(morning.offsetHours, '11:00');
  const booked = await hub.app.inject({
    method: 'POST',
    url: '/api/appointments',
    headers: bearer(receptionist.token),
    payload: { doctorId: doc.doctorId, patientId: pat.patientId, startAt: visitAt, reason: 'Check-up' },
  });
  expect(booked.statusCode, booked.body).toBe(201);
  // The doctor writes to the patient: the message's time is shown by the same clock.
  const thread = await hub.app.inject({
    method: 'POST',
    url: '/api/threads',
    headers: bearer(doc.token),
    payload: { patientId: pat.patientId },
  });
  expect(thread.statusCode, thread.body).toBeLessThan(300);
  const message = await hub.app.inject({
    method: 'POST',
    url: `/api/threads/${thread.json().id}/messages`,
    headers: bearer(doc.token),
    payload: { clientMessageId: 'welcome-1', body: 'See you at eleven.' },
  });
  expect(message.statusCode, message.body).toBe(201);
  messageAt = message.json().createdAt;
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

/** A fresh sign-in (a refresh token is spent by each page that restores its session). */
async function pageOf(actor: Actor, path: string, timezoneId: string): Promise<Page> {
  const { refreshToken } = await login(hub, actor.email as string);
  const context = await signedIn(browser, { ...actor, refreshToken }, { timezoneId, locale: LOCALE });
  const page = await context.newPage();
  await page.goto(`${base}${path}`);
  return page;
}

const textOf = async (page: Page) => plain(await page.locator('main').innerText());

describe('times read away from the clinic', () => {
  it('name the clinic’s zone, in the same style at the desk, in the doctor’s schedule and in the portal', async () => {
    const expected = clinicTime(visitAt);
    expect(expected).toMatch(/^11:00 AM (GMT|UTC)/);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: morning.zone }).format(new Date(visitAt));

    const desk = await pageOf(receptionist, `/reception?location=${location.id}&doctor=${doc.doctorId}&date=${today}`, AWAY);
    await expect.poll(() => textOf(desk), { timeout: 15_000 }).toContain(expected);

    const workspace = await pageOf(doc, '/doctor', AWAY);
    const schedule = workspace.getByRole('table');
    await expect.poll(async () => plain((await schedule.textContent()) ?? ''), { timeout: 15_000 }).toContain(expected);
    // The doctor's conversation writes the message's time the same way.
    const portal = await pageOf(pat, '/patient', AWAY);
    await expect.poll(() => textOf(portal), { timeout: 15_000 }).toContain(expected);
    // The message in the portal's list goes by the clinic's clock too, named like the visit.
    await expect.poll(() => textOf(portal)).toContain(`See you at eleven. · ${clinicTime(messageAt)}`);

    // Nothing in the browser's own zone: the reader's clock says another hour.
    const browserHour = plain(new Intl.DateTimeFormat(LOCALE, { timeStyle: 'short', timeZone: AWAY }).format(new Date(visitAt)));
    // (That hour may still appear as a clinic time with its zone, e.g. a free slot "12:00 PM GMT-11".)
    const unlabelled = new RegExp(`(?<!\\d)${browserHour.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?! (GMT|UTC))`);
    for (const page of [desk, workspace, portal]) expect(await textOf(page)).not.toMatch(unlabelled);
    for (const page of [desk, workspace, portal]) await page.context().close();
  });

  it('carry no label for a reader in the clinic’s own zone', async () => {
    const portal = await pageOf(pat, '/patient', morning.zone);
    const unlabelled = plain(new Intl.DateTimeFormat(LOCALE, { timeStyle: 'short', timeZone: morning.zone }).format(new Date(visitAt)));
    await expect.poll(() => textOf(portal), { timeout: 15_000 }).toContain(unlabelled);
    expect(await textOf(portal)).not.toContain(clinicTime(visitAt));
    await portal.context().close();
  });
});

describe('phone numbers', () => {
  it('read nationally in the clinic’s country and internationally otherwise', async () => {
    const local = await hub.app.inject({
      method: 'POST',
      url: '/api/patients',
      headers: bearer(receptionist.token),
      payload: { firstName: 'Nora', lastName: 'Localson', dateOfBirth: '1975-06-01', phone: '+12125550123' },
    });
    expect(local.statusCode, local.body).toBe(201);
    const desk = await pageOf(receptionist, `/reception?location=${location.id}&doctor=${doc.doctorId}`, morning.zone);
    const search = async (query: string) => {
      await desk.getByLabel('Find a patient').fill(query);
      await desk.getByRole('button', { name: 'Search', exact: true }).click();
      return desk.getByRole('list', { name: 'Matching patients' });
    };
    await expect
      .poll(async () => plain((await (await search('Localson')).textContent()) ?? ''), { timeout: 15_000 })
      .toContain('(212) 555-0123');
    // The patient of the fixtures has a German mobile number (+49 151 2345678), stored as +491512345678.
    await expect.poll(async () => plain((await (await search('Paula')).textContent()) ?? '')).toContain('+49 1512345678');
    expect(await textOf(desk)).not.toContain('+12125550123');
    await desk.context().close();
  });
});
