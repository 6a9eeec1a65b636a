// The waiting-room screen at /display, on the built client against a real hub, through the public
// contract only (HTTP for the clinic's actions, the page's own Socket.IO for the board).
// The page keeps its display token in localStorage under `clinic-hub.display-token`; these tests
// hand it over once as /display?token=… (the page then drops it from the address bar).
// Long file: one view's browser tests, as in every file of tests/browser, sharing one served clinic,
// one Chromium and the helper that sets up a location with doctors and a paired screen; split up,
// each part would start its own.
import { type Browser, chromium, type Page, type WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousA11yViolations } from '../support/browser.js';
import { displayClinic, englishWait, type Http, openDisplay as openScreen, type Patient, recordSpeech } from '../support/display-clinic.js';
import { todayAt, zoneWhereItIsMorning } from '../support/scheduling.js';
import { type ServedClinic, servedClinic } from '../support/served-clinic.js';

let served: ServedClinic;
let browser: Browser;
let admin: string;
let desk: string;
let http: Http;
let clinicWith: ReturnType<typeof displayClinic>['clinicWith'];
let walkInAs: ReturnType<typeof displayClinic>['walkIn'];

/** Patients with names that must never reach a screen. */
const NAMES = [
  ['Marguerite', 'Lindqvist'],
  ['Bartholomew', 'Okonkwo'],
  ['Henrietta', 'Zielinski'],
  ['Ignatius', 'Fairweather'],
  ['Philippa', 'Castellanos'],
] as const;
const patients: Patient[] = [];

const walkIn = (doctorId: string, i: number) => walkInAs(doctorId, patients[i % patients.length]!);

const openDisplay = (token: string, viewport = { width: 1280, height: 800 }, fakeClock = false) =>
  openScreen(browser, served, token, { viewport, fakeClock });

const waitingRow = (page: Page, ticket: string) => page.locator(`.d-queue li[data-ticket="${ticket}"]`);

beforeAll(async () => {
  [served, browser] = await Promise.all([servedClinic(), launchBrowser()]);
  const helpers = displayClinic(served);
  ({ http, admin, desk, clinicWith } = helpers);
  walkInAs = helpers.walkIn;
  const own = await http<{ firstName: string; lastName: string }>('GET', `/api/patients/${served.clinic.patient.patientId}`, desk);
  patients.push({ id: served.clinic.patient.patientId, firstName: own.firstName, lastName: own.lastName });
  patients.push(...(await helpers.registerPatients(NAMES)));
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
    // Exactly what the board carries: the label (initials or none) and the ETA, in words.
    const board = await http<{
      doctors: { doctorId: string; waiting: { ticket: string; etaMinutes: number; patientLabel: string | null }[] }[];
    }>('GET', `/api/locations/${clinic.location.id}/board`, desk);
    const entry = board.doctors.find((d) => d.doctorId === doctor.id)?.waiting.find((w) => w.ticket === checkedIn.ticket);
    expect(entry).toBeDefined();
    expect(await row.locator('.d-label').textContent()).toBe(entry?.patientLabel ?? '');
    expect(await row.locator('.d-eta').textContent()).toBe(englishWait(entry?.etaMinutes ?? -1, true));

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
          // The utterance lasts until the test ends it (endSpeech), as a real voice takes its time.
          ending.push(() => {
            speaking--;
            entry.end = performance.now();
            u.onend?.();
          });
        },
      };
      const ending: (() => void)[] = [];
      Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance, configurable: true, writable: true });
      Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
      Object.assign(window, { spoken, endSpeech: () => ending.shift()?.() });
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
    type Speech = { spoken: { end: number }[]; endSpeech: () => void };
    // The second call waits while the first is spoken; it starts once the first has ended.
    await page.waitForFunction(() => (window as unknown as Speech).spoken.length === 1);
    expect(await page.evaluate(() => (window as unknown as Speech).spoken.length)).toBe(1);
    await page.evaluate(() => (window as unknown as Speech).endSpeech());
    await page.waitForFunction(() => (window as unknown as Speech).spoken.length === 2);
    await page.evaluate(() => (window as unknown as Speech).endSpeech());
    await page.waitForFunction(() => (window as unknown as Speech).spoken.filter((s) => s.end > 0).length === 2);
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
  it('never announces a call undone while it waited for its turn to be spoken', async () => {
    const clinic = await clinicWith({ name: 'Quayside Clinic', timezone: 'UTC', language: 'en', rooms: ['1', '2', '3'] });
    const [a, b, c] = clinic.doctors as [(typeof clinic.doctors)[0], (typeof clinic.doctors)[0], (typeof clinic.doctors)[0]];
    for (const [i, d] of [a, b, c].entries()) await walkIn(d.id, i);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // The first utterance lasts until the test ends it; the rest are instant.
    await recordSpeech(context, true);
    const page = await context.newPage();
    await page.goto(`${served.base}/display?token=${encodeURIComponent(clinic.screen.token)}`);
    await page.locator('.d-queue li').nth(2).waitFor();
    const spoken = () => page.evaluate(() => (window as unknown as { spoken: string[] }).spoken);
    const say = (ticket: string, room: string) => `Ticket ${ticket.replace(/[-\s]+0*(\d)/g, ' $1')}, please go to Room ${room}.`;

    const first = await http<{ ticket: string }>('POST', `/api/doctors/${a.id}/queue/call-next`, a.token, {});
    await page.waitForFunction(() => (window as unknown as { spoken: string[] }).spoken.length === 1);
    // While the first is being spoken, a second call comes and is undone before its turn.
    const second = await http<{ id: string; ticket: string }>('POST', `/api/doctors/${b.id}/queue/call-next`, b.token, {});
    await page.locator(`.d-call-live [data-ticket="${second.ticket}"], .d-call-more:has-text("${second.ticket}")`).first().waitFor();
    await http('POST', `/api/appointments/${second.id}/undo-call`, b.token, {});
    await waitingRow(page, second.ticket).waitFor();
    const third = await http<{ ticket: string }>('POST', `/api/doctors/${c.id}/queue/call-next`, c.token, {});
    await page
      .locator('.d-call-more', { hasText: third.ticket })
      .or(page.locator(`.d-call[data-ticket="${third.ticket}"]`))
      .first()
      .waitFor();
    await page.evaluate(() => (window as unknown as { endFirst: () => void }).endFirst());
    await page.waitForFunction(() => (window as unknown as { spoken: string[] }).spoken.length === 2);
    expect(await spoken()).toEqual([say(first.ticket, '1'), say(third.ticket, '3')]);
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
  it('shows a call replayed after a long reconnect but does not speak it; calls on time are spoken', async () => {
    const clinic = await clinicWith({ name: 'Harbour Clinic', timezone: 'UTC', language: 'en', rooms: ['6'] });
    const doctor = clinic.doctors[0]!;
    for (let i = 0; i < 3; i++) await walkIn(doctor.id, i);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await recordSpeech(context);
    const page = await context.newPage();
    // The screen's clock can be moved on: two minutes pass for the screen while it is cut off.
    await page.clock.install();
    let refuse = false;
    const open: WebSocketRoute[] = [];
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      if (refuse) return void ws.close();
      ws.connectToServer();
      open.push(ws);
    });
    await page.goto(`${served.base}/display?token=${encodeURIComponent(clinic.screen.token)}`);
    await page.locator('.d-queue li').nth(2).waitFor();
    const spoken = () => page.evaluate(() => (window as unknown as { spoken: string[] }).spoken);
    const spokenCount = (n: number) => page.waitForFunction((n) => (window as unknown as { spoken: string[] }).spoken.length === n, n);
    const say = (ticket: string) => `Ticket ${ticket.replace(/[-\s]+0*(\d)/g, ' $1')}, please go to Room 6.`;

    const onTime = await http<{ id: string; ticket: string }>('POST', `/api/doctors/${doctor.id}/queue/call-next`, doctor.token, {});
    await spokenCount(1);

    refuse = true;
    for (const ws of open.splice(0)) await ws.close();
    await page.getByText('Reconnecting…').waitFor();
    await http('POST', `/api/appointments/${onTime.id}/start`, doctor.token, {});
    await http('POST', `/api/appointments/${onTime.id}/complete`, doctor.token, {});
    const missed = await http<{ id: string; ticket: string }>('POST', `/api/doctors/${doctor.id}/queue/call-next`, doctor.token, {});
    await page.clock.fastForward('02:00');
    refuse = false;
    // The call made while the screen was away is replayed on reconnect: shown, not announced.
    await page.locator(`.d-call-live .d-call[data-ticket="${missed.ticket}"]`).waitFor();
    await page.getByText('Reconnecting…').waitFor({ state: 'detached' });

    await http('POST', `/api/appointments/${missed.id}/start`, doctor.token, {});
    await http('POST', `/api/appointments/${missed.id}/complete`, doctor.token, {});
    const next = await http<{ ticket: string }>('POST', `/api/doctors/${doctor.id}/queue/call-next`, doctor.token, {});
    await spokenCount(2);
    // Announcements go in order, so had the replayed call been spoken it would be second here.
    expect(await spoken()).toEqual([say(onTime.ticket), say(next.ticket)]);
    await context.close();
  }, 120_000);
  it('says "nobody yet" under an empty "now calling", and the first in line reads "Next", never "0 min"', async () => {
    const clinic = await clinicWith({ name: 'Meadow Clinic', timezone: 'UTC', language: 'en', rooms: ['6'] });
    const doctor = clinic.doctors[0]!;
    const page = await openDisplay(clinic.screen.token);
    await page.getByRole('heading', { level: 1, name: clinic.location.name }).waitFor();
    const calling = page.locator('.d-calling');
    await calling.getByText('Nobody yet').waitFor();
    expect(await calling.getByRole('heading', { name: 'Now calling' }).isVisible()).toBe(true);

    const first = await walkIn(doctor.id, 0);
    const second = await walkIn(doctor.id, 1);
    await waitingRow(page, second.ticket).waitFor();
    const board = await http<{ doctors: { waiting: { ticket: string; etaMinutes: number }[] }[] }>(
      'GET',
      `/api/locations/${clinic.location.id}/board`,
      desk,
    );
    const [head, next] = board.doctors[0]!.waiting;
    // The doctor is free: the head of the queue has no wait left, which read "0 min" before.
    expect(head).toMatchObject({ ticket: first.ticket, etaMinutes: 0 });
    expect(await waitingRow(page, first.ticket).locator('.d-eta').textContent()).toBe('Next');
    expect(await waitingRow(page, second.ticket).locator('.d-eta').textContent()).toBe(englishWait(next!.etaMinutes, false));
    expect(await page.locator('.d-eta', { hasText: /^0 min$/ }).count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('ends "now calling" as soon as the call is undone: the ticket is waiting again, never both', async () => {
    const clinic = await clinicWith({ name: 'Brookside Clinic', timezone: 'UTC', language: 'en', rooms: ['8'] });
    const doctor = clinic.doctors[0]!;
    await walkIn(doctor.id, 2);
    await walkIn(doctor.id, 3);
    const page = await openDisplay(clinic.screen.token, { width: 1280, height: 800 }, true);
    await page.locator('.d-queue li').nth(1).waitFor();
    // Records every moment a ticket is under "now calling" and in a queue at once.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { both: string[] }).both = seen;
      const check = () => {
        for (const call of Array.from(document.querySelectorAll<HTMLElement>('.d-call[data-ticket]'))) {
          if (document.querySelector(`.d-queue li[data-ticket="${call.dataset.ticket}"]`)) seen.push(call.dataset.ticket ?? '');
        }
      };
      new MutationObserver(check).observe(document.body, { subtree: true, childList: true, attributes: true });
    });

    const called = await http<{ id: string; ticket: string }>('POST', `/api/doctors/${doctor.id}/queue/call-next`, doctor.token, {});
    const banner = page.locator('.d-call-live');
    await banner.locator(`.d-call[data-ticket="${called.ticket}"]`).waitFor();
    await waitingRow(page, called.ticket).waitFor({ state: 'detached' });
    // Time stands still from here: the banner's own 12 s can no longer end it, only the board. Paused
    // half a second ahead: pauseAt refuses a time already past, and a busy machine takes more than a
    // few milliseconds between reading the page's clock and pausing it.
    await page.clock.pauseAt(await page.evaluate(() => Date.now() + 500));

    await http('POST', `/api/appointments/${called.id}/undo-call`, doctor.token, {});
    await waitingRow(page, called.ticket).waitFor();
    await banner.locator('.d-call').waitFor({ state: 'detached' });
    expect(await banner.textContent()).toBe('');
    expect(await page.locator('.d-calling').textContent()).toBe('Now callingNobody yet');
    expect(await page.locator('.d-recent li', { hasText: called.ticket }).count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { both: string[] }).both)).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('asks for a tap while the browser holds the chime back (after every reload), and never on a kiosk with autoplay allowed', async () => {
    const clinic = await clinicWith({ name: 'Orchard Clinic', timezone: 'UTC', language: 'en', rooms: ['1'] });
    // Headless Chromium lets any page start audio, whatever --autoplay-policy says (and a page
    // opened through DevTools counts as activated); a desktop Chromium creates a page's
    // AudioContext suspended and starts it only on a tap or key press. This stand-in does the
    // same, so the page meets the policy it meets on a real screen.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(() => {
      let gesture = false;
      for (const type of ['pointerdown', 'keydown']) {
        window.addEventListener(
          type,
          (e) => {
            if (e.isTrusted) gesture = true;
          },
          { capture: true },
        );
      }
      class PolicyAudioContext extends EventTarget {
        state: 'suspended' | 'running' = 'suspended';
        currentTime = 0;
        resume(): Promise<void> {
          if (!gesture) return new Promise(() => undefined);
          this.state = 'running';
          this.dispatchEvent(new Event('statechange'));
          return Promise.resolve();
        }
      }
      Object.defineProperty(window, 'AudioContext', { value: PolicyAudioContext, configurable: true, writable: true });
    });
    const page = await context.newPage();
    await page.goto(`${served.base}/display?token=${encodeURIComponent(clinic.screen.token)}`);
    const notice = page.getByRole('button', { name: 'Tap to turn on sound' });
    await notice.waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await notice.click();
    await notice.waitFor({ state: 'detached' });
    await page.reload();
    await notice.waitFor();
    // Any key does it too (a screen driven by a remote or a keyboard).
    await page.keyboard.press('Space');
    await notice.waitFor({ state: 'detached' });
    await context.close();

    // The kiosk set-up the README gives: Chromium started with autoplay allowed never asks.
    const kiosk = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--autoplay-policy=no-user-gesture-required'],
    });
    try {
      const screen = await kiosk.newPage({ viewport: { width: 1280, height: 800 } });
      await screen.goto(`${served.base}/display?token=${encodeURIComponent(clinic.screen.token)}`);
      await screen.getByText('Nobody waiting').waitFor();
      expect(await screen.evaluate(() => new AudioContext().state)).toBe('running');
      expect(await screen.getByRole('button', { name: 'Tap to turn on sound' }).count()).toBe(0);
    } finally {
      await kiosk.close();
    }
  }, 120_000);
});
