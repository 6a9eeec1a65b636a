// One morning at the clinic across three screens in three browser contexts, each view driven
// through its own page: reception checks a patient in → the waiting-room screen shows the new
// ticket without a reload (and no name anywhere in its DOM); the doctor presses "Call next" →
// the screen shows the ticket and the room.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signedIn } from '../support/browser.js';
import { type Actor, bearer, display, login, patient } from '../support/factories.js';
import { bookableClinic, todayAt, zoneWhereItIsMorning } from '../support/scheduling.js';
import { startServedHub, type TestHub } from '../support/test-hub.js';

let hub: TestHub;
let base: string;
let browser: Browser;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;
const morning = zoneWhereItIsMorning();

beforeAll(async () => {
  [{ hub, base }, browser] = await Promise.all([startServedHub(), launchBrowser()]);
  clinic = await bookableClinic(hub, morning.zone);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 50 });

/** A page of `path` signed in afresh as `actor` (a page spends its refresh token). */
async function pageOf(actor: Actor, path: string): Promise<Page> {
  const { refreshToken } = await login(hub, actor.email as string);
  const page = await (await signedIn(browser, { ...actor, refreshToken })).newPage();
  await page.goto(`${base}${path}`);
  return page;
}

describe('a clinic morning across the screens', () => {
  it('reception checks in → the screen shows the ticket, no names; the doctor calls next → the screen calls ticket and room', async () => {
    const people = await Promise.all([patient(hub, false), patient(hub, false)]);
    const names = await Promise.all(
      people.map(async (p) =>
        (await hub.app.inject({ method: 'GET', url: `/api/patients/${p.patientId}`, headers: bearer(clinic.receptionist.token) })).json(),
      ),
    );
    for (const [i, p] of people.entries()) {
      const res = await hub.app.inject({
        method: 'POST',
        url: '/api/appointments',
        headers: bearer(clinic.receptionist.token),
        payload: {
          doctorId: clinic.doctor.doctorId,
          patientId: p.patientId,
          startAt: todayAt(morning.offsetHours, i === 0 ? '11:00' : '11:15'),
        },
      });
      expect(res.statusCode, res.body).toBe(201);
    }

    // The waiting-room screen, paired by its token.
    const screen = await display(hub, clinic.location.id);
    const wall = await (await browser.newContext({ viewport: { width: 1600, height: 900 } })).newPage();
    await wall.goto(`${base}/display?token=${encodeURIComponent(screen.token)}`);
    await wall.getByRole('heading', { level: 1, name: clinic.location.name }).waitFor();
    await wall.evaluate(() => {
      (window as unknown as { sameDocument: boolean }).sameDocument = true;
    });

    // Reception checks the first patient in, in its own page.
    const desk = await pageOf(clinic.receptionist, '/reception');
    await desk.getByLabel('Location').selectOption({ label: clinic.location.name as string });
    const first = `${names[0].firstName} ${names[0].lastName}`;
    await desk.getByRole('button', { name: `Check in ${first} at 11:00` }).click();
    await desk.getByRole('heading', { name: `${first} is checked in` }).waitFor();
    const ticket = (await desk.getByTestId('ticket-number').textContent()) as string;
    expect(ticket).toMatch(/^[A-Z]+-\d{3}$/);

    // The screen shows it without a reload, and nothing of anyone's name.
    await eventually(() => wall.locator('body').innerText()).toContain(ticket);
    expect(await wall.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    const html = await wall.evaluate(() => document.documentElement.outerHTML);
    for (const n of names) {
      expect(html).not.toContain(n.firstName);
      expect(html).not.toContain(n.lastName);
    }

    // The doctor calls next from the console: the screen calls the ticket to the doctor's room.
    const console_ = await pageOf(clinic.doctor, '/doctor');
    const queue = console_.getByRole('region', { name: 'Queue' });
    await eventually(() => queue.innerText()).toContain(ticket);
    await queue.getByRole('button', { name: 'Call next' }).click();
    const banner = wall.locator('.d-call-live');
    await eventually(() => banner.innerText()).toContain(ticket);
    expect(await banner.innerText()).toContain('Room 1');
  }, 120_000);
});
