// The patient's phone (390×844) after the hub changes its mind (issue 13): an undone call drops
// "It's your turn" and shows the place in the queue again, without a reload; and inside the
// clinic's cut-off, no free time is offered to her, a visit she booked herself moments ago can
// still be cancelled online (a mis-tap undone), and one the desk booked says to call. axe-core
// finds nothing serious.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousA11yViolations } from '../support/browser.js';
import { PHONE, type PortalClinic, portalClinic } from '../support/patient-portal.js';
import { todayAt } from '../support/scheduling.js';

const LIVE = { timeout: 10_000 };

let clinic: PortalClinic;
let context: BrowserContext;
let served: PortalClinic['served'];
let morning: PortalClinic['morning'];
let maria: PortalClinic['maria'];
let doctor: PortalClinic['doctor'];
let http: PortalClinic['http'];

const openPortal = (): Promise<Page> => clinic.openPortal(context);

beforeAll(async () => {
  clinic = await portalClinic({ doctor: { firstName: 'Lena', lastName: 'Moss', room: '101' } });
  ({ served, morning, maria, doctor, http } = clinic);
  // A 48-hour cut-off: tomorrow's visits can no longer be changed online.
  await http(served.clinic.admin.token, 'PATCH', `/api/locations/${clinic.locationId}`, { patientChangeCutoffHours: 48 });
  context = await clinic.mariasContext({ viewport: PHONE });
}, 120_000);

afterAll(async () => {
  await clinic?.close();
});

describe('the patient’s phone', () => {
  it('drops "It\'s your turn" when the call is undone, and shows her place again, without a reload', async () => {
    const { receptionist } = served.clinic;
    const visit = await http<{ id: string; ticket: string }>(receptionist.token, 'POST', '/api/walk-ins', {
      doctorId: doctor.doctorId,
      patientId: maria.patientId,
    });
    const page = await openPortal();
    const today = page.getByRole('region', { name: /^Today at \d\d:\d\d with Dr\. Lena Moss$/ });
    await expect.poll(() => today.getByRole('status').textContent(), LIVE).toMatch(/^You are next in line\./);

    const called = await http<{ id: string }>(doctor.token, 'POST', `/api/doctors/${doctor.doctorId}/queue/call-next`);
    expect(called.id).toBe(visit.id);
    const turn = page.getByRole('alert').filter({ hasText: "It's your turn" });
    await turn.waitFor();
    expect(await turn.textContent()).toContain('Please go to room 101');

    await http(doctor.token, 'POST', `/api/appointments/${visit.id}/undo-call`);
    await turn.waitFor({ state: 'detached', ...LIVE });
    await expect.poll(() => today.getByRole('status').textContent(), LIVE).toMatch(/^You are next in line\./);
    expect(await today.locator('.tiles').textContent()).toContain(visit.ticket);
    expect(await today.getByText('Place in queue').count()).toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Called again: the turn comes back.
    await http(doctor.token, 'POST', `/api/doctors/${doctor.doctorId}/queue/call-next`);
    await turn.waitFor();
    await http(doctor.token, 'POST', `/api/appointments/${visit.id}/start`);
    await http(doctor.token, 'POST', `/api/appointments/${visit.id}/complete`);
    await page.close();
  });

  it('inside the cut-off, cancels a visit she booked a moment ago; one the desk booked says to call', async () => {
    const tomorrow = (hhmm: string) => new Date(Date.parse(todayAt(morning.offsetHours, hhmm)) + 86_400_000).toISOString();
    const mine = await http<{ id: string; bookingReference: string; cancelGraceEndsAt: string }>(maria.token, 'POST', '/api/appointments', {
      doctorId: doctor.doctorId,
      startAt: tomorrow('10:00'),
    });
    const desk = await http<{ bookingReference: string }>(served.clinic.receptionist.token, 'POST', '/api/appointments', {
      doctorId: doctor.doctorId,
      patientId: maria.patientId,
      startAt: tomorrow('11:00'),
    });
    const page = await openPortal();
    // The free times offered to her start after the 48-hour cut-off: none tomorrow, some in three days.
    const dayLabel = (days: number) =>
      new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: morning.zone }).format(
        new Date(Date.parse(todayAt(morning.offsetHours, '12:00')) + days * 86_400_000),
      );
    await page.getByLabel('Doctor', { exact: true }).selectOption(doctor.doctorId);
    await page.getByRole('radio', { name: new RegExp(`^${dayLabel(3)} \\d+ free$`) }).waitFor();
    expect(await page.getByRole('radio', { name: new RegExp(`^${dayLabel(1)} \\d+ free$`) }).count()).toBe(0);
    const upcoming = page.getByRole('list', { name: 'Upcoming visits' });
    const card = upcoming.getByRole('listitem').filter({ hasText: mine.bookingReference });
    const graceEnds = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: morning.zone }).format(
      new Date(mine.cancelGraceEndsAt),
    );
    await card.getByText(`Booked by mistake? You can still cancel this visit online until ${graceEnds}.`).waitFor();
    expect(await card.getByRole('button', { name: 'Change time' }).count()).toBe(0);
    const deskCard = upcoming.getByRole('listitem').filter({ hasText: desk.bookingReference });
    await deskCard.getByText('Visits can be changed online up to 48 hours before.').waitFor();
    expect(await deskCard.getByRole('button', { name: 'Cancel visit' }).count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await card.getByRole('button', { name: 'Cancel visit' }).click();
    await card.getByLabel('Reason (optional)').fill('Wrong day');
    await card.getByRole('button', { name: 'Yes, cancel it' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'is cancelled' }).count(), LIVE).toBe(1);
    await expect.poll(() => upcoming.getByRole('listitem').filter({ hasText: mine.bookingReference }).count(), LIVE).toBe(0);
    const after = await http<{ status: string; cancelReason: string }>(maria.token, 'GET', `/api/appointments/${mine.id}`);
    expect(after).toMatchObject({ status: 'cancelled', cancelReason: 'Wrong day' });
    await page.close();
  });
});
