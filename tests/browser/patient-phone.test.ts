// The patient portal beyond the day's queue, on a 390×844 touch phone and at 1366 px: the visit
// summary a doctor shares (never a draft or an unshared note), a booking whose reply is lost
// (booked once, shown booked), Enter on a phone keyboard, 44 px tap targets, and offline.
// axe-core finds no serious violation at either size.

import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousA11yViolations } from '../support/browser.js';
import { DESKTOP, outsideTheirCards, PHONE, type PortalClinic, portalClinic, tapTargets } from '../support/patient-portal.js';
import { todayAt } from '../support/scheduling.js';

const LIVE = { timeout: 10_000 };
let clinic: PortalClinic;
let phone: BrowserContext;
let desktop: BrowserContext;

/** "Thu 5 Mar" as the page writes a day in the clinic's zone. */
const dayLabel = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: clinic.morning.zone }).format(
    new Date(iso),
  );
const daysAhead = (days: number, hhmm: string) =>
  new Date(Date.parse(todayAt(clinic.morning.offsetHours, hhmm)) + days * 86_400_000).toISOString();

beforeAll(async () => {
  clinic = await portalClinic();
  phone = await clinic.mariasContext({ viewport: PHONE, hasTouch: true });
  desktop = await clinic.mariasContext({ viewport: DESKTOP });
  // A visit with Dr. Costa and a conversation with her, whichever test runs.
  await clinic.http(clinic.maria.token, 'POST', '/api/appointments', { doctorId: clinic.doctor.doctorId, startAt: daysAhead(6, '09:00') });
  await clinic.http(clinic.maria.token, 'POST', '/api/threads', { doctorId: clinic.doctor.doctorId });
});

afterAll(async () => {
  await clinic?.close();
});

/** Picks Dr. Ana Costa and the first free day in the booking form; the time radios of that day. */
async function openBooking(page: Page) {
  await page.getByLabel('Doctor', { exact: true }).selectOption(clinic.doctor.doctorId);
  const times = page.getByRole('group', { name: /^Time on / });
  await times.getByRole('radio').first().waitFor();
  return times;
}

describe('the patient portal on a touch phone and a desktop', () => {
  it('shows the summary the doctor shared on the past visit, never a draft or an unshared note', async () => {
    const { http, receptionist, doctor, maria } = clinic;
    // Maria walks in and is seen: a visit in the past.
    const seen = await http<{ id: string; startAt: string }>(receptionist.token, 'POST', '/api/walk-ins', {
      doctorId: doctor.doctorId,
      patientId: maria.patientId,
    });
    const called = await http<{ id: string }>(doctor.token, 'POST', `/api/doctors/${doctor.doctorId}/queue/call-next`);
    expect(called.id).toBe(seen.id);
    await http(doctor.token, 'POST', `/api/appointments/${seen.id}/start`);
    await http(doctor.token, 'POST', `/api/appointments/${seen.id}/complete`);
    const note = await http<{ id: string }>(doctor.token, 'POST', `/api/appointments/${seen.id}/notes`, {
      subjective: 'Cough for ten days.',
      objective: { text: 'Scattered wheeze.' },
      assessment: { text: 'A chest infection that is getting better.', diagnoses: [{ code: 'J20.9', description: 'Acute bronchitis' }] },
      plan: { text: 'Rest, drink plenty, and use the inhaler twice a day.', followUp: { inDays: 14, notes: 'Sooner if a fever starts.' } },
      final: true,
      shareWithPatient: true,
    });
    // A later draft of that note, and a final note on another visit that the doctor did not share.
    await http(doctor.token, 'PUT', `/api/notes/${note.id}`, {
      subjective: 'Cough for ten days.',
      objective: {},
      assessment: { text: 'DRAFT-ASSESSMENT not for the patient yet', diagnoses: [] },
      plan: {},
      shareWithPatient: true,
    });
    const booked = await http<{ id: string }>(maria.token, 'POST', '/api/appointments', {
      doctorId: doctor.doctorId,
      startAt: daysAhead(5, '15:00'),
    });
    await http(doctor.token, 'POST', `/api/appointments/${booked.id}/notes`, {
      subjective: 'Pre-visit.',
      objective: {},
      assessment: { text: 'UNSHARED-ASSESSMENT', diagnoses: [] },
      plan: {},
      final: true,
    });
    // Cancelled, so it lists among the past visits too (and leaves Maria room to book online).
    await http(maria.token, 'POST', `/api/appointments/${booked.id}/cancel`);

    const page = await clinic.openPortal(phone);
    const past = page.locator('details.past');
    await expect.poll(() => past.locator('summary').textContent(), LIVE).toContain('1 with a visit summary');
    await past.locator('summary').tap();
    const summary = page.getByRole('region', { name: 'Visit summary' });
    await summary.waitFor();
    const text = await summary.textContent();
    expect(text).toContain(`From Dr. Ana Costa, for your visit on ${dayLabel(seen.startAt)}`);
    expect(text).toContain('A chest infection that is getting better.');
    expect(text).toContain('Acute bronchitis (code J20.9)');
    expect(text).toContain('Rest, drink plenty, and use the inhaler twice a day.');
    expect(text).toContain('Please come back in about 2 weeks. Sooner if a fever starts.');
    expect(await page.getByRole('region', { name: 'Visit summary' }).count()).toBe(1);
    const everything = await page.locator('body').textContent();
    expect(everything).not.toContain('DRAFT-ASSESSMENT');
    expect(everything).not.toContain('UNSHARED-ASSESSMENT');
    expect(everything).not.toContain('Scattered wheeze'); // the doctor's own findings stay in the record
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.close();
  });

  it('books once and shows it booked when the reply to the booking is lost', async () => {
    const page = await clinic.openPortal(phone);
    const keys: string[] = [];
    let lost = false;
    await page.route('**/api/appointments', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      keys.push(route.request().headers()['idempotency-key'] ?? '(none)');
      if (lost) return route.continue();
      // The booking reaches the hub, and its reply never reaches the phone.
      lost = true;
      await route.fetch();
      await route.abort('failed');
    });
    const start = daysAhead(4, '11:00');
    const label = dayLabel(start);
    await page.getByLabel('Doctor', { exact: true }).selectOption(clinic.doctor.doctorId);
    await page.getByRole('radio', { name: new RegExp(`^${label} \\d+ free$`) }).check();
    await page
      .getByRole('group', { name: `Time on ${label}` })
      .getByRole('radio', { name: '11:00', exact: true })
      .check();
    await page.getByRole('button', { name: `Book ${label}, 11:00` }).tap();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Booked:' }).textContent(), LIVE)
      .toMatch(new RegExp(`^Booked: ${label}, 11:00 with Dr\\. Ana Costa\\. Your booking reference is \\S+\\.$`));
    expect(await page.getByText('cannot be reached').count()).toBe(0);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[A-Za-z0-9._:-]{8,100}$/);
    expect(keys[1]).toBe(keys[0]);
    const upcoming = page.getByRole('list', { name: 'Upcoming visits' });
    await upcoming.getByRole('heading', { name: `${label}, 11:00` }).waitFor();
    const { appointments } = await clinic.http<{ appointments: { startAt: string; status: string }[] }>(
      clinic.maria.token,
      'GET',
      '/api/appointments?limit=100',
    );
    expect(appointments.filter((a) => a.startAt === start)).toEqual([expect.objectContaining({ status: 'scheduled' })]);
    await page.close();
  });

  it('on a touch phone Enter starts a new line and Send sends; on a desktop Enter sends', async () => {
    const page = await clinic.openPortal(phone);
    await page.getByRole('button', { name: /^Dr\. Ana Costa/ }).tap();
    const log = page.getByRole('log', { name: 'Messages with Dr. Ana Costa' });
    await log.waitFor();
    const box = page.getByLabel('Message to Dr. Ana Costa');
    expect(await page.getByText('Tap Send to send; Enter starts a new line.').count()).toBe(1);
    await box.tap();
    await page.keyboard.type('Good morning,');
    await page.keyboard.press('Enter');
    await page.keyboard.type('the cough is better.');
    expect(await box.inputValue()).toBe('Good morning,\nthe cough is better.');
    expect(await log.locator('li.mine').count()).toBe(0);
    await page.getByRole('button', { name: 'Send', exact: true }).tap();
    await expect.poll(() => log.locator('li.mine p').last().textContent(), LIVE).toBe('Good morning,\nthe cough is better.');
    await page.close();

    const wide = await clinic.openPortal(desktop);
    await wide.getByRole('button', { name: /^Dr\. Ana Costa/ }).click();
    const wideBox = wide.getByLabel('Message to Dr. Ana Costa');
    expect(await wide.getByText('Enter sends, Shift+Enter starts a new line.').count()).toBe(1);
    await wideBox.click();
    await wide.keyboard.type('One more thing:');
    await wide.keyboard.press('Shift+Enter');
    await wide.keyboard.type('thank you.');
    await wide.keyboard.press('Enter');
    const wideLog = wide.getByRole('log', { name: 'Messages with Dr. Ana Costa' });
    await expect.poll(() => wideLog.locator('li.mine p').last().textContent(), LIVE).toBe('One more thing:\nthank you.');
    expect(await wideBox.inputValue()).toBe('');
    await wide.locator('details.past summary').click();
    expect(await seriousA11yViolations(wide)).toEqual([]);
    await wide.close();
  });

  it('gives every control at least 44×44 px on a touch phone, and keeps everything inside its card up to 1920 px', async () => {
    const page = await clinic.openPortal(phone);
    // Everything a patient may open: the booking form with its times, past visits, a conversation.
    await openBooking(page);
    await page.locator('details.past summary').tap();
    await page.getByRole('button', { name: /^Dr\. Ana Costa/ }).tap();
    await page.getByRole('log', { name: 'Messages with Dr. Ana Costa' }).getByRole('listitem').first().waitFor();
    const targets = await tapTargets(page);
    expect(targets.length).toBeGreaterThan(20);
    expect(targets.filter((t) => t.width < 44 || t.height < 44)).toEqual([]);
    // Nothing spills out of its card, on the phone or on a desktop.
    for (const width of [390, 1366, 1440, 1920]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      expect({ width, outside: await outsideTheirCards(page) }).toEqual({ width, outside: [] });
    }
    await page.close();
  });

  it('disables the free times and the booking while offline, says so, and comes back by itself', async () => {
    const page = await clinic.openPortal(phone);
    const times = await openBooking(page);
    await times.getByRole('radio').first().check();
    const book = page.getByRole('button', { name: /^Book / });
    expect(await book.isEnabled()).toBe(true);
    const banner = page.getByRole('status').filter({ hasText: 'Offline: no connection to the clinic.' });
    expect(await banner.count()).toBe(0);

    await phone.setOffline(true);
    await banner.waitFor();
    expect(await banner.textContent()).toContain('This page will update itself as soon as the connection is back.');
    const radios = await times.getByRole('radio').all();
    expect(radios.length).toBeGreaterThan(0);
    for (const radio of radios) expect(await radio.isDisabled()).toBe(true);
    expect(await book.isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Later ›' }).isDisabled()).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await phone.setOffline(false);
    await banner.waitFor({ state: 'detached' });
    await page.locator('[data-live="yes"]').waitFor();
    await expect.poll(() => times.getByRole('radio').first().isEnabled(), LIVE).toBe(true);
    expect(await page.getByRole('button', { name: /^Book / }).isEnabled()).toBe(true);
    await page.close();
  });
});
