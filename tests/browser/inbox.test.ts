// The bell in real Chromium against a real hub: a doctor on the console receives a patient's
// message, the bell's count goes to 1 live (announced politely), the panel opened from the keyboard
// lists it with its link, "Mark read" sets the count to 0 and "Mark all read" clears a second one;
// axe-core finds nothing serious with the panel open. The bell shares the console's socket (one per
// page), and on a page without a socket of its own (My ratings) it opens one and is live there too.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rooms } from '../../server/realtime/rooms.js';
import { launchBrowser, screenshot, seriousA11yViolations, signedIn } from '../support/browser.js';
import { consoleHelpers, eventually, SLOW } from '../support/doctor-console.js';
import { login } from '../support/factories.js';
import { at } from '../support/scheduling.js';
import { type ServedClinic, servedClinic } from '../support/served-clinic.js';

let served: ServedClinic;
let browser: Browser;

beforeAll(async () => {
  [served, browser] = await Promise.all([servedClinic(), launchBrowser()]);
});
afterAll(async () => {
  await browser.close();
  await served.close();
});

const { http, registered, consoleOf } = consoleHelpers(
  () => served,
  () => browser,
);

/** A patient of the clinic's doctor (a booked visit) with a thread to them; `say` sends a message over HTTP. */
async function patientWriting(firstName: string, visitAt: string) {
  const { doctor, receptionist } = served.clinic;
  const patient = await registered({ firstName, lastName: 'Inbox' });
  await http(receptionist, 'POST', '/api/appointments', {
    doctorId: doctor.doctorId,
    patientId: patient.patientId,
    startAt: visitAt,
  });
  const thread = await http<{ id: string }>(patient, 'POST', '/api/threads', { doctorId: doctor.doctorId });
  let n = 0;
  return (body: string) =>
    http(patient, 'POST', `/api/threads/${thread.id}/messages`, { clientMessageId: `inbox-${firstName}-${++n}-0000`, body });
}

const bellOf = (page: Page) => page.getByRole('banner').getByRole('button', { name: /^Notifications/ });
const focusedName = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? null);

describe('the inbox bell', () => {
  it(
    'counts a message live, lists it from the keyboard, and marking read sets the count to 0',
    async () => {
      const { doctor } = served.clinic;
      const say = await patientWriting('Greta', at(2, '10:00'));
      const page = await consoleOf(doctor);
      const bell = bellOf(page);
      await eventually(() => bell.textContent()).toBe('Notifications 0 unread');
      // One socket for the page: the bell listens on the console's own.
      await eventually(async () => (await served.hub.app.io.in(rooms.user(doctor.userId!)).fetchSockets()).length).toBe(1);

      await say('Is my result in?');
      await eventually(() => bell.textContent()).toBe('Notifications 1 unread');
      await eventually(() => page.getByRole('status').filter({ hasText: 'unread notification' }).textContent()).toBe(
        '1 unread notification',
      );

      await bell.focus();
      await page.keyboard.press('Enter');
      expect(await bell.getAttribute('aria-expanded')).toBe('true');
      const panel = page.getByRole('region', { name: 'Notifications' });
      const items = panel.getByRole('listitem');
      await eventually(() => items.count()).toBe(1);
      expect(await items.first().textContent()).toMatch(/^New message\s*Unread\s*You have a new message in Clinic Hub/);
      expect(await items.first().textContent()).not.toContain('result'); // the message's words stay in the thread
      expect(await panel.getByRole('link', { name: 'Open: New message' }).getAttribute('href')).toBe('/doctor');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await screenshot(page, 'inbox');

      // Keyboard: to "Mark read" and press it; focus lands on the item, the count on 0.
      const markRead = panel.getByRole('button', { name: 'Mark read: New message' });
      await markRead.focus();
      await page.keyboard.press('Enter');
      await eventually(() => bell.textContent()).toBe('Notifications 0 unread');
      await eventually(() => focusedName(page)).toMatch(/^New message/);
      expect(await items.first().textContent()).not.toContain('Unread');
      expect((await http<{ unreadCount: number }>(doctor, 'GET', '/api/inbox')).unreadCount).toBe(0);

      // Another one while the panel is open: listed live; "Mark all read" clears it.
      await say('Also, can I come on Friday?');
      await eventually(() => items.count()).toBe(2);
      await eventually(() => bell.textContent()).toBe('Notifications 1 unread');
      await panel.getByRole('button', { name: 'Mark all read' }).click();
      await eventually(() => bell.textContent()).toBe('Notifications 0 unread');
      await eventually(() => page.getByRole('status').filter({ hasText: 'unread notification' }).textContent()).toBe(
        'No unread notifications',
      );

      // Escape closes the panel and gives focus back to the bell.
      await panel.getByRole('button', { name: 'Mark all read' }).focus();
      await page.keyboard.press('Escape');
      await eventually(() => panel.count()).toBe(0);
      expect(await bell.getAttribute('aria-expanded')).toBe('false');
      await eventually(() => focusedName(page)).toBe('Notifications 0 unread');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.context().close();
    },
    SLOW,
  );

  it(
    'is live on a page without a socket of its own',
    async () => {
      const { doctor } = served.clinic;
      const say = await patientWriting('Hanna', at(3, '14:00'));
      const tokens = await login(served.hub, doctor.email as string);
      const context = await signedIn(browser, { ...doctor, refreshToken: tokens.refreshToken });
      const page = await context.newPage();
      await page.goto(`${served.base}/doctor/ratings`);
      const bell = bellOf(page);
      await eventually(() => bell.textContent()).toMatch(/^Notifications \d+ unread$/);
      const before = Number((await bell.textContent())?.match(/\d+/)?.[0]);
      await eventually(async () => (await served.hub.app.io.in(rooms.user(doctor.userId!)).fetchSockets()).length).toBe(1);
      await say('Hello from the ratings page test');
      await eventually(() => bell.textContent()).toBe(`Notifications ${before + 1} unread`);
      expect(await seriousA11yViolations(page)).toEqual([]);
      await context.close();
    },
    SLOW,
  );
});
