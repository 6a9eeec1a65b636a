// The patient portal on a phone, through the real page against a real hub: the ticket and place
// in the queue arrive live after reception checks the patient in, "you're next" interrupts when
// the one ahead is called; booking from free times and cancelling; reminder channels saved;
// a conversation with the doctor, live both ways. axe-core finds no serious violation.

import { DateTime } from 'luxon';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, seriousA11yViolations } from '../support/browser.js';
import { startWorker } from '../support/notifications.js';
import { PHONE, type PortalClinic, portalClinic } from '../support/patient-portal.js';
import { todayAt } from '../support/scheduling.js';

/** How long a live update may take to arrive (the worker polls the outbox every 100 ms). */
const LIVE = { timeout: 10_000 };
const suffix = Date.now().toString(36);

let clinic: PortalClinic;
let worker: Awaited<ReturnType<typeof startWorker>>;
let context: BrowserContext;
let served: PortalClinic['served'];
let morning: PortalClinic['morning'];
let maria: PortalClinic['maria'];
let doctor: PortalClinic['doctor'];
let http: PortalClinic['http'];

/** "Thu 5 Mar" as the page writes a day in the clinic's zone. */
const dayLabel = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone }).format(new Date(iso));

const openPortal = (): Promise<Page> => clinic.openPortal(context);

beforeAll(async () => {
  // A clinic where it is mid-morning now, so a visit later today can be checked in.
  clinic = await portalClinic();
  ({ served, morning, maria, doctor, http } = clinic);
  // The real worker sends the in-app confirmations (quiet hours off: the suite runs at any hour).
  worker = await startWorker(served.hub.env, { QUIET_HOURS: 'off' });
  // The phone's clock in the clinic's zone, as it would be in the waiting room.
  context = await clinic.mariasContext({ viewport: PHONE });
});

afterAll(async () => {
  await worker?.close();
  await clinic?.close();
});

describe('the patient portal on a phone', () => {
  it('shows the ticket and place live after check-in, and "you\'re next" when the one ahead is called', async () => {
    const { receptionist } = served.clinic;
    const visit = await http<{ id: string }>(maria.token, 'POST', '/api/appointments', {
      doctorId: doctor.doctorId,
      startAt: todayAt(morning.offsetHours, '12:00'),
      reason: 'Follow-up on blood pressure',
    });
    // Someone who walked in before Maria arrives.
    const joao = await http<{ id: string }>(receptionist.token, 'POST', '/api/patients', {
      firstName: 'João',
      lastName: 'Pereira',
      dateOfBirth: '1972-11-03',
      phone: '+1 212 555 0163',
    });
    await http(receptionist.token, 'POST', '/api/walk-ins', { doctorId: doctor.doctorId, patientId: joao.id });

    const page = await openPortal();
    // Booked while the page is open: the worker's confirmation shows among the updates.
    const later = new Date(Date.parse(todayAt(morning.offsetHours, '09:30')) + 6 * 86_400_000).toISOString();
    await http(maria.token, 'POST', '/api/appointments', { doctorId: doctor.doctorId, startAt: later });
    const updates = page.getByRole('region', { name: 'Updates' });
    const laterDay = DateTime.fromISO(later, { zone: morning.zone }).toFormat('cccc d LLLL yyyy');
    await expect
      .poll(() => updates.textContent(), LIVE)
      .toContain(`Appointment booked Your appointment at Riverside Family Clinic is booked for ${laterDay} at 09:30`);
    const today = page.getByRole('region', { name: 'Today at 12:00 with Dr. Ana Costa' });
    await today.waitFor();
    expect(await today.textContent()).toContain('Please check in at the reception desk of Riverside Family Clinic');
    expect(await today.getByText('Your ticket').count()).toBe(0);

    const checkedIn = await http<{ ticket: string }>(receptionist.token, 'POST', `/api/appointments/${visit.id}/check-in`);
    expect(checkedIn.ticket).toMatch(/^[A-Z]+-\d+$/);
    // No reload: the ticket and the place arrive over the socket.
    await expect.poll(() => today.locator('.tiles').textContent(), LIVE).toContain(checkedIn.ticket);
    await expect.poll(() => today.getByRole('status').textContent(), LIVE).toMatch(/^You are 2nd in line\. About \d+ min/);
    expect(await today.locator('dd').nth(1).textContent()).toBe('2');
    expect(await page.getByRole('alert').filter({ hasText: "You're next" }).count()).toBe(0);

    // The doctor calls João: Maria is next.
    const called = await http<{ id: string }>(doctor.token, 'POST', `/api/doctors/${doctor.doctorId}/queue/call-next`);
    expect(called.id).not.toBe(visit.id);
    const alert = page.getByRole('alert').filter({ hasText: "You're next" });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Please stay close to the waiting area');
    await expect.poll(() => today.getByRole('status').textContent(), LIVE).toMatch(/^You are next in line\./);
    // Never "0 min": a wait of nothing reads "Any moment now."
    expect(await today.getByRole('status').textContent()).toMatch(/^You are next in line\. (Any moment now\.|About [1-9]\d* min)/);
    expect(await today.locator('dd').nth(1).textContent()).toBe('1');

    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'patient');

    // João's visit ends, and then it is her turn: the room to go to.
    await http(doctor.token, 'POST', `/api/appointments/${called.id}/start`);
    await http(doctor.token, 'POST', `/api/appointments/${called.id}/complete`);
    const hers = await http<{ id: string }>(doctor.token, 'POST', `/api/doctors/${doctor.doctorId}/queue/call-next`);
    expect(hers.id).toBe(visit.id);
    const turn = page.getByRole('alert').filter({ hasText: "It's your turn" });
    await turn.waitFor();
    expect(await turn.textContent()).toContain('Please go to room 3 (Dr. Ana Costa)');
    await page.close();
  });

  it('books a visit from the free times, lists it, and cancels it', async () => {
    const page = await openPortal();
    const start = new Date(Date.parse(todayAt(morning.offsetHours, '10:00')) + 3 * 86_400_000).toISOString();
    const label = dayLabel(start, morning.zone);
    await page.getByLabel('Doctor', { exact: true }).selectOption(doctor.doctorId);
    await page.getByRole('radio', { name: new RegExp(`^${label} \\d+ free$`) }).check();
    const times = page.getByRole('group', { name: `Time on ${label}` });
    await times.getByRole('radio', { name: '10:00', exact: true }).check();
    await page.evaluate(() => document.getElementById('book')?.scrollIntoView());
    await screenshot(page, 'patient-book');
    await page.getByRole('button', { name: `Book ${label}, 10:00` }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Booked:' }).textContent(), LIVE)
      .toMatch(new RegExp(`^Booked: ${label}, 10:00 with Dr\\. Ana Costa\\. Your booking reference is \\S+\\.$`));

    const upcoming = page.getByRole('list', { name: 'Upcoming visits' });
    const card = upcoming.getByRole('listitem').filter({ has: page.getByRole('heading', { name: `${label}, 10:00` }) });
    await card.waitFor();
    expect(await card.textContent()).toContain('Booked');
    const mine = await http<{ appointments: { id: string; startAt: string; status: string; cancelReason: string | null }[] }>(
      maria.token,
      'GET',
      '/api/appointments?limit=100',
    );
    const booked = mine.appointments.find((a) => a.startAt === start);
    expect(booked?.status).toBe('scheduled');
    // The free times follow live: 10:00 is no longer offered.
    await expect.poll(() => times.getByRole('radio', { name: '10:00', exact: true }).count(), LIVE).toBe(0);

    await card.getByRole('button', { name: 'Cancel visit' }).click();
    await card.getByLabel('Reason (optional)').fill('Feeling better');
    await card.getByRole('button', { name: 'Yes, cancel it' }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'cancelled' }).textContent(), LIVE)
      .toBe(`Your visit on ${label}, 10:00 is cancelled.`);
    expect(await upcoming.getByRole('heading', { name: `${label}, 10:00` }).count()).toBe(0);
    const after = await http<{ id: string; status: string; cancelReason: string | null }>(
      maria.token,
      'GET',
      `/api/appointments/${booked!.id}`,
    );
    expect(after).toMatchObject({ status: 'cancelled', cancelReason: 'Feeling better' });
    await page.close();
  });

  it('turns text messages off in the reminder settings, with the keyboard only', async () => {
    const page = await openPortal();
    const sms = page.getByRole('checkbox', { name: /^Text message \(SMS\)/ });
    expect(await sms.isChecked()).toBe(true);
    // Tab through the page from the top, as someone without a mouse would, to the SMS choice.
    let reached = false;
    for (let i = 0; i < 80 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await sms.evaluate((el) => el === document.activeElement);
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Space');
    expect(await sms.isChecked()).toBe(false);
    await page.keyboard.press('Tab'); // In this app
    await page.keyboard.press('Tab'); // Save my choices
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Save my choices');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved.' }).count(), LIVE).toBe(1);
    const record = await http<{ notificationPreferences: { email: boolean; sms: boolean; inApp: boolean } }>(
      maria.token,
      'GET',
      `/api/patients/${maria.patientId}`,
    );
    expect(record.notificationPreferences).toEqual({ email: true, sms: false, inApp: true });
    await page.reload();
    await page.getByRole('checkbox', { name: /^Text message \(SMS\)/ }).waitFor();
    expect(await page.getByRole('checkbox', { name: /^Text message \(SMS\)/ }).isChecked()).toBe(false);
    await page.close();
  });

  it('writes to the doctor and sees the reply arrive live', async () => {
    const page = await openPortal();
    await page.getByLabel('Write to').selectOption({ label: 'Dr. Ana Costa' });
    await page.getByRole('button', { name: 'Start a conversation' }).click();
    const log = page.getByRole('log', { name: 'Messages with Dr. Ana Costa' });
    await log.waitFor();
    await page.getByLabel('Message to Dr. Ana Costa').fill('Good morning, should I keep taking the new tablets before my visit?');
    await page.keyboard.press('Enter');
    await expect.poll(() => log.locator('li.mine').last().textContent(), LIVE).toMatch(/keep taking the new tablets.*· Sent$/);

    const { threads } = await http<{ threads: { id: string; unreadCount: number }[] }>(doctor.token, 'GET', '/api/threads');
    expect(threads).toHaveLength(1);
    const thread = threads[0]!;
    expect(thread.unreadCount).toBe(1);
    const { messages } = await http<{ messages: { body: string }[] }>(doctor.token, 'GET', `/api/threads/${thread.id}/messages`);
    expect(messages[0]?.body).toBe('Good morning, should I keep taking the new tablets before my visit?');

    await http(doctor.token, 'POST', `/api/threads/${thread.id}/messages`, {
      clientMessageId: `reply-${suffix}`,
      body: 'Yes, please keep taking them. We will review your readings at the visit.',
    });
    await expect.poll(() => log.locator('li.theirs').last().textContent(), LIVE).toContain('Yes, please keep taking them.');
    // Read as it arrived: the doctor sees it read.
    await expect
      .poll(
        async () =>
          (await http<{ messages: { readBy: Record<string, string> }[] }>(doctor.token, 'GET', `/api/threads/${thread.id}/messages`))
            .messages[0]?.readBy[maria.userId as string],
        LIVE,
      )
      .toBeTruthy();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.evaluate(() => document.getElementById('messages')?.scrollIntoView());
    await screenshot(page, 'patient-messages');
    await page.close();
  });
});
