// The pharmacist's actions in real Chromium against a real hub: a prescription short of stock is
// put on hold with a reason (flagged, not dispensable) and released; it is dispensed with a
// substitute (a reason required) and the answer is lost on the way back, so "Try again" sends the
// same Idempotency-Key and the stock moves once; another prescription is closed with a reason.
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUserLocations } from '../../server/modules/users/repository.js';
import { launchBrowser, seriousA11yViolations, signedIn } from '../support/browser.js';
import { consoleHelpers, eventually, SLOW } from '../support/doctor-console.js';
import { staff } from '../support/factories.js';
import { type ServedClinic, servedClinic } from '../support/served-clinic.js';

let served: ServedClinic;
let browser: Browser;

beforeAll(async () => {
  [served, browser] = await Promise.all([servedClinic(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await served?.close();
});

const { http, registered, ownDoctor, walkIn, consoleOf } = consoleHelpers(
  () => served,
  () => browser,
);

interface Inventory {
  items: { medicationId: string; onHand: number }[];
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('pharmacy actions', () => {
  it(
    'hold with a reason and release; dispense a substitute with a reason, retried after a lost answer, stock moved once; close with a reason',
    async () => {
      const doctor = await ownDoctor({ firstName: 'Ines', lastName: 'Duarte' });
      const patient = await registered({ firstName: 'Karl', lastName: 'Vogt' });
      const visit = await walkIn(doctor, patient, 'Chest infection');
      await http(doctor, 'POST', `/api/doctors/${doctor.doctorId}/queue/call-next`);
      const { locationId } = await http<{ locationId: string }>(doctor, 'GET', `/api/doctors/${doctor.doctorId}`);
      const pharmacist = await staff(served.hub, 'pharmacist');
      await setUserLocations(served.hub.app.db, pharmacist.userId as string, [locationId]);
      const find = async (query: string) =>
        (await http<{ medications: { id: string; name: string; strength: string }[] }>(doctor, 'GET', `/api/medications?query=${query}`))
          .medications[0] as { id: string; name: string };
      const [amoxicillin, substitute] = await Promise.all([find('amox%20500'), find('co-amox')]);
      for (const [medicationId, quantity] of [
        [amoxicillin.id, 10],
        [substitute.id, 30],
      ] as const) {
        await http(pharmacist, 'POST', '/api/inventory/lots', {
          locationId,
          medicationId,
          batchNumber: `B-${randomUUID().slice(0, 6)}`,
          expiresOn: inDays(200),
          quantity,
        });
      }
      const signed = async () => {
        const draft = await http<{ id: string; number: string }>(doctor, 'POST', `/api/appointments/${visit.id}/prescriptions`, {
          items: [{ medicationId: amoxicillin.id, dose: '1 capsule', frequency: 'three times daily', durationDays: 7, quantity: 21 }],
        });
        await http(doctor, 'POST', `/api/prescriptions/${draft.id}/sign`, {});
        return draft;
      };
      const rx = await signed();
      const other = await signed();

      const context = await signedIn(browser, pharmacist);
      const page = await context.newPage();
      await page.goto(`${served.base}/pharmacy`);
      const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: new RegExp(`^${rx.number}`) }) });
      await card.waitFor();
      expect(await card.getByRole('cell').nth(2).textContent()).toBe('10 (short)');

      // On hold: flagged with its reason, not dispensable until released.
      await card.getByRole('button', { name: 'Put on hold' }).click();
      const hold = page.getByRole('dialog', { name: `Put ${rx.number} on hold` });
      await hold.getByLabel('Why it is on hold (shown to the pharmacy team)').fill('Waiting for the insurer to approve');
      await hold.getByRole('button', { name: 'Put on hold' }).click();
      await eventually(() => card.locator('.hold-reason').textContent()).toBe('On hold: Waiting for the insurer to approve');
      expect(await card.getByRole('button', { name: `Dispense ${rx.number}` }).isDisabled()).toBe(true);
      await card.getByRole('button', { name: 'Release hold' }).click();
      await eventually(() => card.getByRole('button', { name: `Dispense ${rx.number}` }).isEnabled()).toBe(true);

      // A substitute for the short medicine: a reason is required before it is sent.
      await card.getByRole('button', { name: `Dispense ${rx.number}` }).click();
      const dialog = page.getByRole('dialog', { name: `Dispense ${rx.number}` });
      const item = dialog.getByRole('group', { name: /^Amoxicillin 500 mg/ });
      await item.getByRole('button', { name: 'Substitute Amoxicillin…' }).click();
      const search = item.getByRole('combobox', { name: 'Substitute for Amoxicillin' });
      await search.fill('co-amox');
      await item.getByRole('listbox', { name: 'Matching medicines' }).getByRole('option').first().waitFor();
      await search.press('Enter');
      await item.getByText(`Dispensing ${substitute.name}`, { exact: false }).waitFor();
      await dialog.getByRole('button', { name: 'Dispense', exact: true }).click();
      await dialog.getByRole('alert').filter({ hasText: 'Give the reason for substituting Amoxicillin.' }).waitFor();
      await item.getByLabel('Reason for the substitution (recorded and shown to the prescriber)').fill('Amoxicillin out of stock');
      expect(await seriousA11yViolations(page)).toEqual([]);

      // The first answer is lost after the hub acted: "Try again" repeats the key, the stock moves once.
      const keys: string[] = [];
      await page.route('**/dispense', async (route) => {
        keys.push(route.request().headers()['idempotency-key'] ?? '');
        const answer = await route.fetch();
        if (keys.length === 1) await route.abort('connectionreset');
        else await route.fulfill({ response: answer });
      });
      await dialog.getByRole('button', { name: 'Dispense', exact: true }).click();
      await dialog.getByRole('button', { name: 'Try again' }).click();
      await eventually(() =>
        page
          .getByRole('status')
          .filter({ hasText: `${rx.number} dispensed: complete` })
          .count(),
      ).toBe(1);
      expect(keys).toHaveLength(2);
      expect(keys[1]).toBe(keys[0]);
      expect(keys[0]).toMatch(/^[0-9a-f-]{32,36}$/);
      const { items } = await http<Inventory>(pharmacist, 'GET', `/api/inventory?locationId=${locationId}`);
      expect(Object.fromEntries(items.map((i) => [i.medicationId, i.onHand]))).toEqual({ [amoxicillin.id]: 10, [substitute.id]: 9 });

      // The prescriber sees what was handed out instead, and the pharmacist's reason.
      const console = await consoleOf(doctor);
      await console.getByRole('button', { name: rx.number, exact: true }).first().click();
      const handedOut = console.getByRole('region', { name: `Handed out for ${rx.number}` });
      await eventually(() => handedOut.getByText(/substituted: Amoxicillin out of stock/).count()).toBe(1);
      await console.context().close();

      // Closed with a reason: gone from the queue, cancelled for the prescriber.
      const otherCard = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: new RegExp(`^${other.number}`) }) });
      await otherCard.getByRole('button', { name: 'Close' }).click();
      const close = page.getByRole('dialog', { name: `Close ${other.number}` });
      await close.getByLabel('Why it is closed (recorded with the prescription)').fill('Patient asked to cancel');
      await close.getByRole('button', { name: 'Close prescription' }).click();
      await eventually(() => otherCard.count()).toBe(0);
      expect((await http<{ status: string }>(doctor, 'GET', `/api/prescriptions/${other.id}`)).status).toBe('cancelled');
      await context.close();
    },
    SLOW,
  );
});
