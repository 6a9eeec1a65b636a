// Prescriptions in real Chromium against a real hub: the doctor writes one for the patient in the
// room from the console (typeahead → medicine, dose, tests, a sketch), meets the patient's
// penicillin allergy and overrides it with a reason, signs; the patient finds it in the portal
// with its status, downloads the PDF and asks for a refill; the doctor sees the request arrive
// live and approves it, and the patient's page says so. axe-core is clean on the panel, the
// override dialog and the portal. A signed prescription is corrected by cancel and reissue.
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousA11yViolations, signedIn } from '../support/browser.js';
import { consoleHelpers, eventually, SLOW } from '../support/doctor-console.js';
import { startWorker } from '../support/notifications.js';
import { type ServedClinic, servedClinic } from '../support/served-clinic.js';

let served: ServedClinic;
let browser: Browser;
let worker: Awaited<ReturnType<typeof startWorker>>;

beforeAll(async () => {
  [served, browser] = await Promise.all([servedClinic(), launchBrowser()]);
  // The worker delivers notifications that go through the outbox (quiet hours off: the suite runs at any hour).
  worker = await startWorker(served.hub.env, { QUIET_HOURS: 'off' });
});
afterAll(async () => {
  await worker?.close();
  await browser?.close();
  await served?.close();
});

const { http, registered, ownDoctor, walkIn, consoleOf } = consoleHelpers(
  () => served,
  () => browser,
);

interface Rx {
  id: string;
  number: string;
  status: string;
  fillsRemaining: number;
  allergyOverrideReason: string | null;
  hasDrawing: boolean;
  diagnosis: string | null;
  testsOrdered: { name: string; priority: string }[];
  items: { name: string; dose: string; frequency: string; durationDays: number; quantity: number }[];
}

const OVERRIDE = 'Took amoxicillin in 2023 without any reaction; the penicillin entry was a rash to flucloxacillin.';

/** Draws a short stroke across the whiteboard with the mouse. */
async function sketch(page: Page) {
  const box = await page.locator('.whiteboard canvas').boundingBox();
  if (!box) throw new Error('no whiteboard on the page');
  await page.mouse.move(box.x + 20, box.y + 20);
  await page.mouse.down();
  await page.mouse.move(box.x + 120, box.y + 60, { steps: 5 });
  await page.mouse.move(box.x + 200, box.y + 30, { steps: 5 });
  await page.mouse.up();
}

describe('prescriptions', () => {
  it(
    'the doctor prescribes despite an allergy with a reason and signs; the patient downloads it and asks for a refill; the doctor approves live',
    async () => {
      const doctor = await ownDoctor({ firstName: 'Rosa', lastName: 'Lindqvist' });
      const patient = await registered({ firstName: 'Nora', lastName: 'Berg', allergies: ['Penicillin'] });
      const visit = await walkIn(doctor, patient, 'Earache for three days');
      await http(doctor, 'POST', `/api/doctors/${doctor.doctorId}/queue/call-next`);

      const page = await consoleOf(doctor);
      const panel = page.getByRole('region', { name: 'Prescription' });
      await eventually(() => panel.locator('.allergies').textContent()).toBe('Recorded allergies: Penicillin');

      // The typeahead: typed, answered at the visit's location, picked from the keyboard.
      const search = panel.getByRole('combobox', { name: 'Add a medicine' });
      await search.fill('amox 500');
      const option = panel.getByRole('option', { name: /^Amoxicillin 500 mg · capsule/ });
      await option.waitFor();
      expect(await option.textContent()).toContain('Rx');
      while ((await option.getAttribute('aria-selected')) !== 'true') await search.press('ArrowDown');
      expect(await search.getAttribute('aria-activedescendant')).toBe(await option.getAttribute('id'));
      await search.press('Enter');
      const item = panel.getByRole('group', { name: /^Amoxicillin 500 mg · capsule/ });
      await item.getByLabel('Dose').fill('1 capsule');
      await item.getByLabel('How often').fill('three times daily');
      await item.getByLabel('Days').fill('7');
      await item.getByLabel('Quantity').fill('21');
      await item.getByLabel('Instructions (optional)').fill('after meals');
      await panel.getByLabel('Diagnosis').fill('Acute otitis media, left ear');
      await panel.getByLabel('Advice to the patient').fill('Come back if the pain is worse after two days.');
      await panel.getByRole('button', { name: 'Add a test' }).click();
      await panel.getByLabel('Test 1', { exact: true }).fill('Full blood count');
      await panel.getByLabel('Priority of test 1').selectOption('urgent');
      await sketch(page);
      expect(await seriousA11yViolations(page)).toEqual([]);

      // Saved: refused for the allergy, with each conflict named; overridden with a reason.
      await panel.getByRole('button', { name: 'Save draft' }).click();
      const conflict = page.getByRole('dialog', { name: 'Allergy conflict' });
      await conflict.waitFor();
      expect(await conflict.getByRole('listitem').allTextContents()).toEqual([
        expect.stringMatching(/^Amoxicillin — recorded allergy: Penicillin \(class penicillins?\)$/i),
      ]);
      const anyway = conflict.getByRole('button', { name: 'Prescribe anyway' });
      expect(await anyway.isDisabled()).toBe(true);
      expect(await seriousA11yViolations(page)).toEqual([]);
      await screenshot(page, 'prescribing-allergy');
      await conflict.getByLabel('Reason to prescribe anyway (recorded and printed)').fill(OVERRIDE);
      await anyway.click();
      await eventually(() =>
        panel
          .getByRole('status')
          .filter({ hasText: /^Draft RX-\d{4}-\d{6} saved\.$/ })
          .count(),
      ).toBe(1);
      expect(await conflict.count()).toBe(0);
      const [draft] = (await http<{ prescriptions: Rx[] }>(doctor, 'GET', `/api/prescriptions?appointmentId=${visit.id}`)).prescriptions;
      expect(draft).toMatchObject({
        status: 'draft',
        allergyOverrideReason: OVERRIDE,
        hasDrawing: true,
        diagnosis: 'Acute otitis media, left ear',
        testsOrdered: [{ name: 'Full blood count', priority: 'urgent' }],
        items: [{ name: 'Amoxicillin', dose: '1 capsule', frequency: 'three times daily', durationDays: 7, quantity: 21 }],
      });
      const number = (draft as Rx).number;

      // Signed after the confirm step: number, "Signed", valid until, fingerprint, Print.
      await panel.getByRole('button', { name: 'Sign…' }).click();
      await page
        .getByRole('dialog', { name: `Sign prescription ${number}?` })
        .getByRole('button', { name: 'Sign prescription' })
        .click();
      const signed = panel.getByRole('article', { name: new RegExp(`^${number} Signed$`) });
      await signed.waitFor();
      const facts = await signed.locator('dl').textContent();
      expect(facts).toContain('Valid until');
      expect(facts).toMatch(/Signature\S+/);
      expect(await signed.getByRole('button', { name: `Print ${number}` }).count()).toBe(1);
      expect((await http<Rx>(doctor, 'GET', `/api/prescriptions/${(draft as Rx).id}`)).status).toBe('active');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await signed.scrollIntoViewIfNeeded();
      await screenshot(page, 'prescribing');

      // The patient's portal: the prescription with its status, its PDF, a refill request.
      const context = await signedIn(browser, patient);
      const portal = await context.newPage();
      await portal.goto(`${served.base}/patient`);
      const section = portal.getByRole('region', { name: 'Prescriptions' });
      const card = section.getByRole('listitem').filter({ has: portal.getByRole('heading', { name: new RegExp(number) }) });
      await eventually(() => card.getByRole('heading').textContent()).toBe(`${number} Active`);
      expect(await card.textContent()).toContain('Amoxicillin 500 mg: 1 capsule, three times daily, for 7 days (21 in all), after meals');
      expect(await card.textContent()).toContain('Rosa Lindqvist');
      expect(await seriousA11yViolations(portal)).toEqual([]);
      await card.scrollIntoViewIfNeeded();
      await screenshot(portal, 'patient-prescriptions');
      const [download] = await Promise.all([
        portal.waitForEvent('download'),
        card.getByRole('button', { name: `Download PDF of ${number}` }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`${number}.pdf`);
      const pdf = await readFile(await download.path());
      expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');

      const fillsBefore = (await http<Rx>(doctor, 'GET', `/api/prescriptions/${(draft as Rx).id}`)).fillsRemaining;
      await card.getByRole('button', { name: `Request a refill of ${number}` }).click();
      await card.getByLabel('Note to the doctor (optional)').fill('Going abroad for three weeks on Friday.');
      await card.getByRole('button', { name: 'Send refill request' }).click();
      await eventually(() => card.locator('.refill-state').textContent()).toMatch(/^Refill requested on .+: waiting for the doctor\.$/);

      // The doctor's list fills live; approving it gives one more fill, and the patient is told.
      const refills = page.getByRole('region', { name: /^Refill requests/ });
      const request = refills.getByRole('listitem').filter({ hasText: number });
      await eventually(() => request.count()).toBe(1);
      expect(await request.textContent()).toContain('Nora Berg');
      expect(await request.textContent()).toContain('“Going abroad for three weeks on Friday.”');
      await request.getByRole('button', { name: `Approve refill of ${number}` }).click();
      await page
        .getByRole('dialog', { name: `Approve the refill of ${number}?` })
        .getByRole('button', { name: 'Approve refill' })
        .click();
      await eventually(() => refills.getByText('No refill requests waiting.').count()).toBe(1);
      expect((await http<Rx>(doctor, 'GET', `/api/prescriptions/${(draft as Rx).id}`)).fillsRemaining).toBe(fillsBefore + 1);
      await eventually(() => card.locator('.refill-state').textContent()).toMatch(/^Refill approved/);
      await context.close();
      await page.context().close();
    },
    SLOW,
  );

  it(
    'corrects a signed prescription: cancel and reissue, with a reason, opens the new draft and lists the old one as cancelled',
    async () => {
      const doctor = await ownDoctor({ firstName: 'Ivo', lastName: 'Marek' });
      const patient = await registered({ firstName: 'Lea', lastName: 'Horvat' });
      const visit = await walkIn(doctor, patient, 'Asthma inhaler repeat');
      await http(doctor, 'POST', `/api/doctors/${doctor.doctorId}/queue/call-next`);
      const { medications } = await http<{ medications: { id: string }[] }>(doctor, 'GET', '/api/medications?query=salbutamol');
      const draft = await http<Rx>(doctor, 'POST', `/api/appointments/${visit.id}/prescriptions`, {
        items: [
          { medicationId: (medications[0] as { id: string }).id, dose: '2 puffs', frequency: 'when needed', durationDays: 30, quantity: 1 },
        ],
      });
      await http(doctor, 'POST', `/api/prescriptions/${draft.id}/sign`);

      const page = await consoleOf(doctor);
      const panel = page.getByRole('region', { name: 'Prescription' });
      await panel.getByRole('button', { name: draft.number }).click();
      await panel.getByRole('button', { name: 'Correct (cancel and reissue)' }).click();
      const ask = page.getByRole('dialog', { name: `Correct ${draft.number}?` });
      await ask.getByLabel('What needs correcting').fill('Quantity should be two inhalers.');
      await ask.getByRole('button', { name: 'Cancel and reissue' }).click();
      const fresh = panel.getByRole('heading', { name: /^Draft RX-\d{4}-\d{6}$/ });
      await fresh.waitFor();
      expect(await fresh.textContent()).not.toBe(`Draft ${draft.number}`);
      expect(
        await panel
          .getByRole('group', { name: /^Salbutamol/ })
          .getByLabel('Dose')
          .inputValue(),
      ).toBe('2 puffs');
      const others = panel.getByRole('region', { name: 'Prescriptions of this visit' });
      expect(await others.getByRole('listitem').filter({ hasText: draft.number }).textContent()).toContain('Cancelled');
      const old = await http<Rx & { replacedById: string | null; cancelReason: string | null }>(
        doctor,
        'GET',
        `/api/prescriptions/${draft.id}`,
      );
      expect(old).toMatchObject({ status: 'cancelled', cancelReason: 'Quantity should be two inhalers.' });
      expect(old.replacedById).not.toBeNull();
      await page.context().close();
    },
    SLOW,
  );
});
