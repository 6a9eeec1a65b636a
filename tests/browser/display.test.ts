// The waiting-room screen at /display, on the built client against a real hub, through the public
// contract only (HTTP for the clinic's actions, the page's own Socket.IO for the board).
// The page keeps its display token in localStorage under `clinic-hub.display-token`; these tests
// hand it over once as /display?token=… (the page then drops it from the address bar).
// Long file: one view's browser tests, as in every file of tests/browser, sharing one served clinic,
// one Chromium and the helper that sets up a location with doctors and a paired screen; split up,
// each part would start its own.
import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousA11yViolations } from '../support/browser.js';
import { PASSWORD } from '../support/factories.js';
import { todayAt, zoneWhereItIsMorning } from '../support/scheduling.js';
import { type ServedClinic, servedClinic } from '../support/served-clinic.js';

let served: ServedClinic;
let browser: Browser;
let admin: string;
let desk: string;

async function http<T = Record<string, unknown>>(
  method: string,
  path: string,
  token: string,
  body?: unknown,
  expected = [200, 201, 202, 204],
): Promise<T> {
  const res = await fetch(`${served.base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!expected.includes(res.status)) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

let n = 0;
const unique = () => `${Date.now().toString(36)}${(n++).toString(36)}`;

const DOCTOR_NAMES = [
  ['Amara', 'Osei'],
  ['Tomás', 'Berg'],
] as const;

/** A location with doctors working 08:00–18:00 local every day, each with a login, and a screen. */
async function clinicWith(opts: { name: string; timezone: string; language: string; rooms: string[] }) {
  const location = await http<{ id: string; name: string }>('POST', '/api/locations', admin, {
    name: opts.name,
    address: '1 River Road',
    phone: '+1 212 555 0100',
    timezone: opts.timezone,
    language: opts.language,
  });
  const doctors = [];
  for (const [i, room] of opts.rooms.entries()) {
    const email = `doc.${unique()}@test.example`;
    const [firstName, lastName] = DOCTOR_NAMES[i % DOCTOR_NAMES.length]!;
    const d = await http<{ id: string }>('POST', '/api/doctors', admin, {
      firstName,
      lastName,
      email,
      password: PASSWORD,
      specialization: 'General Practice',
      licenseNumber: `LIC-${unique()}`.toUpperCase(),
      locationId: location.id,
      room,
      consultationMinutes: 15,
    });
    const rules = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '08:00', end: '18:00', locationId: location.id }));
    await http('PUT', `/api/doctors/${d.id}/schedule`, admin, { rules });
    const login = await http<{ accessToken: string }>('POST', '/api/auth/login', '', { email, password: PASSWORD });
    doctors.push({ id: d.id, room, token: login.accessToken });
  }
  const screen = await http<{ id: string; token: string }>('POST', '/api/displays', admin, {
    locationId: location.id,
    name: 'Waiting room',
  });
  return { location, doctors, screen };
}

/** Patients with names that must never reach a screen. */
const NAMES = [
  ['Marguerite', 'Lindqvist'],
  ['Bartholomew', 'Okonkwo'],
  ['Henrietta', 'Zielinski'],
  ['Ignatius', 'Fairweather'],
  ['Philippa', 'Castellanos'],
] as const;
const patients: { id: string; firstName: string; lastName: string }[] = [];

async function walkIn(doctorId: string, i: number) {
  const p = patients[i % patients.length]!;
  return http<{ id: string; ticket: string }>('POST', '/api/walk-ins', desk, { doctorId, patientId: p.id });
}

async function openDisplay(token: string, viewport = { width: 1280, height: 800 }, fakeClock = false): Promise<Page> {
  const context = await browser.newContext({ viewport, reducedMotion: 'reduce' });
  const page = await context.newPage();
  // A clock the test can stop, so a banner stays up while it is checked and photographed.
  if (fakeClock) await page.clock.install();
  await page.goto(`${served.base}/display?token=${encodeURIComponent(token)}`);
  return page;
}

const waitingRow = (page: Page, ticket: string) => page.locator(`.d-queue li[data-ticket="${ticket}"]`);

beforeAll(async () => {
  [served, browser] = await Promise.all([servedClinic(), launchBrowser()]);
  admin = served.clinic.admin.token;
  desk = served.clinic.receptionist.token;
  const own = await http<{ firstName: string; lastName: string }>('GET', `/api/patients/${served.clinic.patient.patientId}`, desk);
  patients.push({ id: served.clinic.patient.patientId, firstName: own.firstName, lastName: own.lastName });
  for (const [firstName, lastName] of NAMES) {
    const p = await http<{ id: string }>('POST', '/api/patients', desk, {
      firstName,
      lastName,
      dateOfBirth: '1975-06-15',
      phone: '+1 212 555 0142',
    });
    patients.push({ id: p.id, firstName, lastName });
  }
});
afterAll(async () => {
  await browser?.close();
  await served?.close();
});

describe('the waiting-room display', () => {
  it('pairs with a token (a bad one is told in a sentence), remembers it, can be forgotten, and unpairs when revoked', async () => {
    const clinic = await clinicWith({ name: 'Hillside Clinic', timezone: 'UTC', language: 'en', rooms: ['2'] });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${served.base}/display`);
    const field = page.getByLabel('Screen token');
    await field.waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    await field.fill('dsp_this-is-not-a-real-token');
    await page.getByRole('button', { name: 'Connect this screen' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toBe(
      'This screen token is not valid or has been revoked. Ask an administrator for a new screen token.',
    );
    expect(await page.evaluate(() => localStorage.getItem('clinic-hub.display-token'))).toBeNull();
    await screenshot(page, 'display-pairing');

    // A scanned set-up address works as well as the bare token.
    await field.fill(`${served.base}/display?token=${clinic.screen.token}`);
    await page.getByRole('button', { name: 'Connect this screen' }).click();
    await page.getByRole('heading', { level: 1, name: clinic.location.name }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('clinic-hub.display-token'))).toBe(clinic.screen.token);

    // Remembered: a reload goes straight to the board.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: clinic.location.name }).waitFor();
    expect(await page.getByLabel('Screen token').count()).toBe(0);

    // "Forget this screen", by keyboard only.
    const forgetButton = page.getByRole('button', { name: 'Forget this screen' });
    await forgetButton.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent), { timeout: 10_000 }).toBe('Forget');
    await page.keyboard.press('Enter');
    await page.getByLabel('Screen token').waitFor();
    expect(await page.evaluate(() => localStorage.getItem('clinic-hub.display-token'))).toBeNull();

    // Given once in the address: used, then removed from the address bar.
    await page.goto(`${served.base}/display?token=${encodeURIComponent(clinic.screen.token)}`);
    await page.getByRole('heading', { level: 1, name: clinic.location.name }).waitFor();
    expect(new URL(page.url()).search).toBe('');

    // Revoked by an administrator while on screen: back to pairing, with a sentence.
    await http('DELETE', `/api/displays/${clinic.screen.id}`, admin);
    await page.getByLabel('Screen token').waitFor();
    expect(await page.getByRole('alert').textContent()).toBe(
      'This screen was disconnected from the clinic (its token was revoked). Enter a new screen token.',
    );
    expect(await page.evaluate(() => localStorage.getItem('clinic-hub.display-token'))).toBeNull();
    await context.close();
  }, 120_000);

  it('shows a patient checked in at reception without a reload, and no patient name anywhere in the page', async () => {
    // A zone where it is mid-morning now, so a visit later today is within working hours.
    const { zone, offsetHours } = zoneWhereItIsMorning();
    const clinic = await clinicWith({ name: 'Harbour Clinic', timezone: zone, language: 'en', rooms: ['3'] });
    const doctor = clinic.doctors[0]!;
    const page = await openDisplay(clinic.screen.token);
    await page.getByRole('heading', { level: 1, name: clinic.location.name }).waitFor();
    await page.getByText('Nobody waiting').waitFor();
    await page.evaluate(() => {
      (window as unknown as { sameDocument: boolean }).sameDocument = true;
    });

    const who = patients[1]!;
    const visit = await http<{ id: string }>('POST', '/api/appointments', desk, {
      doctorId: doctor.id,
      patientId: who.id,
      startAt: todayAt(offsetHours, '11:30'),
    });
    const checkedIn = await http<{ ticket: string; status: string }>('POST', `/api/appointments/${visit.id}/check-in`, desk);
    expect(checkedIn.status).toBe('checked_in');

    const row = waitingRow(page, checkedIn.ticket);
    await row.waitFor();
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    // Exactly what the board carries: the label (initials or none) and the ETA in minutes.
    const board = await http<{
      doctors: { doctorId: string; waiting: { ticket: string; etaMinutes: number; patientLabel: string | null }[] }[];
    }>('GET', `/api/locations/${clinic.location.id}/board`, desk);
    const entry = board.doctors.find((d) => d.doctorId === doctor.id)?.waiting.find((w) => w.ticket === checkedIn.ticket);
    expect(entry).toBeDefined();
    expect(await row.locator('.d-label').textContent()).toBe(entry?.patientLabel ?? '');
    expect(await row.locator('.d-eta').textContent()).toBe(`${entry?.etaMinutes} min`);

    const html = await page.evaluate(() => document.documentElement.outerHTML);
    expect(html).toContain(checkedIn.ticket);
    for (const p of patients) {
      expect(html).not.toContain(p.firstName);
      expect(html).not.toContain(p.lastName);
    }
    await page.context().close();
  }, 120_000);

  it('shows "now calling" with the ticket and room when the doctor calls next; last calls, ETAs and delay on a full-HD screen', async () => {
    const clinic = await clinicWith({ name: 'Riverside Clinic', timezone: 'UTC', language: 'en', rooms: ['3', '7'] });
    const [first, second] = clinic.doctors as [(typeof clinic.doctors)[0], (typeof clinic.doctors)[0]];
    const page = await openDisplay(clinic.screen.token, { width: 1920, height: 1080 }, true);
    await page.getByRole('heading', { level: 1, name: clinic.location.name }).waitFor();

    const tickets: string[] = [];
    for (let i = 0; i < 4; i++) tickets.push((await walkIn(first.id, i)).ticket);
    for (let i = 0; i < 3; i++) await walkIn(second.id, i + 2);
    await http('PUT', `/api/doctors/${first.id}/delay`, desk, { minutes: 15 });
    await page.getByText('Running 15 min late').waitFor();
    await waitingRow(page, tickets[3]!).waitFor();

    const called = await http<{ ticket: string; status: string }>('POST', `/api/doctors/${first.id}/queue/call-next`, first.token, {});
    expect(called.status).toBe('called');
    const banner = page.locator('.d-call-live');
    const shown = banner.locator(`.d-call[data-ticket="${called.ticket}"]`);
    await shown.waitFor();
    // axe-core needs running timers: checked while the banner is up, then the clock is stopped.
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.clock.pauseAt(await page.evaluate(() => Date.now() + 10));
    expect(await shown.count()).toBe(1);
    expect(await banner.getAttribute('aria-live')).toBe('assertive');
    expect(await banner.locator('.d-call-ticket').textContent()).toBe(called.ticket);
    expect(await banner.locator('.d-call-room').textContent()).toBe('Room 3');
    // The call also lands in the last calls, and leaves the waiting list.
    await page.locator('.d-recent li', { hasText: called.ticket }).waitFor();
    await waitingRow(page, called.ticket).waitFor({ state: 'detached' });
    expect(await page.locator('.d-recent li', { hasText: called.ticket }).locator('.d-recent-room').textContent()).toBe('Room 3');

    await screenshot(page, 'display');
    // When the time is up the banner goes; the call stays in the last calls.
    await page.clock.runFor(15_000);
    await banner.locator('.d-call').waitFor({ state: 'detached' });
    expect(await page.locator('.d-recent li', { hasText: called.ticket }).count()).toBe(1);
    await page.context().close();
  }, 120_000);

  it('announces calls one after another in the location’s language, never over each other', async () => {
    const clinic = await clinicWith({ name: 'Praxis am Markt', timezone: 'Europe/Berlin', language: 'de', rooms: ['4', '5'] });
    const [a, b] = clinic.doctors as [(typeof clinic.doctors)[0], (typeof clinic.doctors)[0]];
    await walkIn(a.id, 0);
    await walkIn(b.id, 1);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // A recording stand-in for Web Speech: each utterance "speaks" for 600 ms.
    await context.addInitScript(() => {
      const spoken: { text: string; lang: string; start: number; end: number; overlapped: boolean }[] = [];
      let speaking = 0;
      class Utterance {
        lang = '';
        rate = 1;
        voice = null;
        onend: (() => void) | null = null;
        onerror: (() => void) | null = null;
        constructor(readonly text: string) {}
      }
      const synth = {
        getVoices: () => [],
        cancel: () => undefined,
        speak(u: Utterance) {
          const entry = { text: u.text, lang: u.lang, start: performance.now(), end: 0, overlapped: speaking > 0 };
          speaking++;
          spoken.push(entry);
          setTimeout(() => {
            speaking--;
            entry.end = performance.now();
            u.onend?.();
          }, 600);
        },
      };
      Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance, configurable: true, writable: true });
      Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
      (window as unknown as { spoken: typeof spoken }).spoken = spoken;
    });
    const page = await context.newPage();
    await page.goto(`${served.base}/display?token=${encodeURIComponent(clinic.screen.token)}`);
    await page.getByRole('heading', { level: 1, name: clinic.location.name }).waitFor();
    expect(await page.locator('main').getAttribute('lang')).toBe('de');
    await page.locator('.d-queue li').nth(1).waitFor();

    const [one, two] = await Promise.all([
      http<{ ticket: string }>('POST', `/api/doctors/${a.id}/queue/call-next`, a.token, {}),
      http<{ ticket: string }>('POST', `/api/doctors/${b.id}/queue/call-next`, b.token, {}),
    ]);
    const banner = page.locator('.d-call-live');
    await banner.filter({ hasText: one.ticket }).filter({ hasText: 'Raum 4' }).waitFor();
    await banner.filter({ hasText: two.ticket }).filter({ hasText: 'Raum 5' }).waitFor();
    await page.waitForFunction(() => (window as unknown as { spoken: { end: number }[] }).spoken.filter((s) => s.end > 0).length === 2);
    const spoken = await page.evaluate(
      () => (window as unknown as { spoken: { text: string; lang: string; start: number; end: number; overlapped: boolean }[] }).spoken,
    );
    expect(spoken).toHaveLength(2);
    expect(spoken.map((s) => s.lang)).toEqual(['de', 'de']);
    expect(spoken.some((s) => s.overlapped)).toBe(false);
    expect(spoken[1]!.start).toBeGreaterThanOrEqual(spoken[0]!.end);
    const say = (ticket: string) => ticket.replace(/[-\s]+0*(\d)/g, ' $1');
    expect(spoken.map((s) => s.text).sort()).toEqual(
      [`Nummer ${say(one.ticket)}, bitte in Raum 4.`, `Nummer ${say(two.ticket)}, bitte in Raum 5.`].sort(),
    );
    await context.close();
  }, 120_000);
  it('keeps the last board on screen while reconnecting, then catches up with what changed meanwhile', async () => {
    const clinic = await clinicWith({ name: 'Lakeside Clinic', timezone: 'UTC', language: 'en', rooms: ['9'] });
    const doctor = clinic.doctors[0]!;
    const before = await walkIn(doctor.id, 3);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    // The page's socket goes through the test, which can cut it and refuse new connections.
    let refuse = false;
    const open: WebSocketRoute[] = [];
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      if (refuse) return void ws.close();
      ws.connectToServer();
      open.push(ws);
    });
    await page.goto(`${served.base}/display?token=${encodeURIComponent(clinic.screen.token)}`);
    await waitingRow(page, before.ticket).waitFor();
    expect(await page.getByText('Reconnecting…').count()).toBe(0);

    refuse = true;
    for (const ws of open.splice(0)) await ws.close();
    await page.getByText('Reconnecting…').waitFor();
    const during = await walkIn(doctor.id, 4);
    // The screen is not blanked: the last board stays, the clinic's name and clock too.
    expect(await waitingRow(page, before.ticket).count()).toBe(1);
    expect(await page.getByRole('heading', { level: 1, name: clinic.location.name }).count()).toBe(1);

    refuse = false;
    await waitingRow(page, during.ticket).waitFor();
    await page.getByText('Reconnecting…').waitFor({ state: 'detached' });
    expect(await waitingRow(page, before.ticket).count()).toBe(1);
    await context.close();
  }, 120_000);
});
