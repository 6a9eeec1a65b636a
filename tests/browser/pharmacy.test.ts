// The pharmacy in real Chromium against a real hub: a pharmacist of the doctor's location has two
// lots of amoxicillin (the one expiring first holds enough); the doctor signs a prescription for
// the patient in the room in the console, and it arrives in /pharmacy without a reload; the
// dispense dialog preselects the first-expiring lot and dispenses the full quantity; the queue
// empties, that lot's stock goes down by the quantity (over the API and on the stock page), and
// the patient's portal says "Ready for pickup". The stock page: a delivery, an adjustment, a
// count and a minimum, as the lists and the ledger show them, and the worker's low-stock alert
// reaching the open page. axe-core is clean on the queue, the dialog and the stock page.
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stockAlerts } from '../../server/modules/inventory/daily.js';
import { setUserLocations } from '../../server/modules/users/repository.js';
import { rooms } from '../../server/realtime/rooms.js';
import { launchBrowser, screenshot, seriousA11yViolations, signedIn } from '../support/browser.js';
import { consoleHelpers, eventually, live, SLOW, sameDocument } from '../support/doctor-console.js';
import { type Actor, login, staff } from '../support/factories.js';
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

interface Lot {
  id: string;
  batchNumber: string;
  expiresOn: string;
  quantity: number;
}
interface Inventory {
  items: { medicationId: string; onHand: number; lots: Lot[] }[];
}

/** A calendar date `days` from today (UTC, the test location's zone). */
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** A pharmacist working at the location, signed in. */
async function pharmacistAt(locationId: string): Promise<Actor> {
  const pharmacist = await staff(served.hub, 'pharmacist');
  await setUserLocations(served.hub.app.db, pharmacist.userId as string, [locationId]);
  return pharmacist;
}

describe('pharmacy', () => {
  it(
    'a prescription signed for the patient in the room reaches /pharmacy live, is dispensed from the first-expiring lot, and the portal says ready',
    async () => {
      const doctor = await ownDoctor({ firstName: 'Mira', lastName: 'Santos' });
      const patient = await registered({ firstName: 'Otto', lastName: 'Keller' });
      const visit = await walkIn(doctor, patient, 'Sore throat');
      await http(doctor, 'POST', `/api/doctors/${doctor.doctorId}/queue/call-next`);
      const { locationId } = await http<{ locationId: string }>(doctor, 'GET', `/api/doctors/${doctor.doctorId}`);
      const pharmacist = await pharmacistAt(locationId);
      const { medications } = await http<{ medications: { id: string; strength: string }[] }>(
        doctor,
        'GET',
        '/api/medications?query=amoxicillin',
      );
      const amoxicillin = medications.find((m) => m.strength === '500 mg') as { id: string };
      // Two deliveries: the later-expiring one first, so "first-expiring" is not "first received".
      const batch = randomUUID().slice(0, 6).toUpperCase();
      for (const [suffix, days, quantity] of [
        ['LATE', 400, 50],
        ['SOON', 120, 30],
      ] as const) {
        await http(pharmacist, 'POST', '/api/inventory/lots', {
          locationId,
          medicationId: amoxicillin.id,
          batchNumber: `${batch}-${suffix}`,
          expiresOn: inDays(days),
          quantity,
          unitCostMinor: 12,
          unitPriceMinor: 45,
          supplier: 'Northwind Pharma',
        });
      }

      // The pharmacy, open and live before the prescription exists.
      const context = await signedIn(browser, {
        ...pharmacist,
        refreshToken: (await login(served.hub, pharmacist.email as string)).refreshToken,
      });
      const pharmacy = await context.newPage();
      await pharmacy.goto(`${served.base}/pharmacy`);
      await live(pharmacy);
      await pharmacy.getByText('No prescriptions waiting.', { exact: false }).waitFor();
      await pharmacy.evaluate(() => {
        (window as unknown as { sameDocument: boolean }).sameDocument = true;
      });

      // Written over the API; signed in the doctor's console, where the draft opens for the visit.
      const draft = await http<{ id: string; number: string }>(doctor, 'POST', `/api/appointments/${visit.id}/prescriptions`, {
        items: [{ medicationId: amoxicillin.id, dose: '1 capsule', frequency: 'three times daily', durationDays: 7, quantity: 21 }],
      });
      const desk = await consoleOf(doctor);
      const panel = desk.getByRole('region', { name: 'Prescription' });
      await panel.getByRole('button', { name: 'Sign…' }).click();
      await desk
        .getByRole('dialog', { name: `Sign prescription ${draft.number}?` })
        .getByRole('button', { name: 'Sign prescription' })
        .click();
      await panel.getByRole('article', { name: new RegExp(`^${draft.number} Signed$`) }).waitFor();

      // In the pharmacy's queue without a reload: patient, doctor, remaining and on hand.
      const card = pharmacy.getByRole('list', { name: 'Prescriptions waiting' }).getByRole('listitem').filter({ hasText: draft.number });
      await eventually(() => card.count()).toBe(1);
      expect(await sameDocument(pharmacy)).toBe(true);
      const text = await card.textContent();
      expect(text).toContain('Otto Keller');
      expect(text).toContain('Mira Santos');
      expect(await card.getByRole('row').nth(1).getByRole('cell').allTextContents()).toEqual([
        expect.stringContaining('Amoxicillin 500 mg'),
        '21 of 21',
        '80',
      ]);
      expect(await seriousA11yViolations(pharmacy)).toEqual([]);
      await screenshot(pharmacy, 'pharmacy');

      // The dialog: everything remaining, from the lot that expires first.
      await card.getByRole('button', { name: `Dispense ${draft.number}` }).click();
      const dialog = pharmacy.getByRole('dialog', { name: `Dispense ${draft.number}` });
      const item = dialog.getByRole('group', { name: /^Amoxicillin 500 mg/ });
      await item.getByLabel('Lot').waitFor();
      expect(await item.getByLabel('Quantity to dispense').inputValue()).toBe('21');
      const lots = await item.getByLabel('Lot').locator('option').allTextContents();
      expect(lots[0]).toMatch(new RegExp(`^${batch}-SOON · expires .+ · 30 on hand$`));
      expect(lots[1]).toMatch(new RegExp(`^${batch}-LATE · expires .+ · 50 on hand$`));
      const chosen = await item.getByLabel('Lot').evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent);
      expect(chosen).toBe(lots[0]);
      expect(await seriousA11yViolations(pharmacy)).toEqual([]);
      await dialog.getByRole('button', { name: 'Dispense', exact: true }).click();
      await eventually(() =>
        pharmacy
          .getByRole('status')
          .filter({ hasText: `${draft.number} dispensed: complete` })
          .count(),
      ).toBe(1);
      await eventually(() => card.count()).toBe(0);
      expect(await dialog.count()).toBe(0);

      // The stock went down on that lot only: over the API, and on the stock page.
      const { items } = await http<Inventory>(pharmacist, 'GET', `/api/inventory?locationId=${locationId}`);
      const stock = items.find((i) => i.medicationId === amoxicillin.id);
      expect(stock?.onHand).toBe(59);
      expect(Object.fromEntries((stock?.lots ?? []).map((l) => [l.batchNumber, l.quantity]))).toEqual({
        [`${batch}-SOON`]: 9,
        [`${batch}-LATE`]: 50,
      });
      await pharmacy.getByRole('navigation', { name: 'Pharmacy pages' }).getByRole('link', { name: 'Stock' }).click();
      const row = pharmacy
        .getByRole('table', { name: 'On hand, by medicine and lot' })
        .getByRole('row')
        .filter({ hasText: `${batch}-SOON` });
      await eventually(() => row.getByRole('cell').nth(2).textContent()).toBe('9');
      expect(await sameDocument(pharmacy)).toBe(true);
      expect(await seriousA11yViolations(pharmacy)).toEqual([]);

      // The patient's portal: ready for pickup.
      const portalContext = await signedIn(browser, patient);
      const portal = await portalContext.newPage();
      await portal.goto(`${served.base}/patient`);
      const mine = portal
        .getByRole('region', { name: 'Prescriptions' })
        .getByRole('listitem')
        .filter({ has: portal.getByRole('heading', { name: new RegExp(draft.number) }) });
      await eventually(() => mine.locator('.rx-ready').textContent()).toMatch(/^Ready for pickup at /);
      expect(await seriousA11yViolations(portal)).toEqual([]);
      await portalContext.close();
      await desk.context().close();
      await context.close();
    },
    SLOW,
  );

  it(
    'the stock page: a delivery received with prices, an adjustment with a reason, a refused one below zero, a count, a minimum that puts it on the low-stock and reorder lists, and the low-stock alert',
    async () => {
      const { admin } = served.clinic;
      const location = await http<{ id: string }>(admin, 'POST', '/api/locations', {
        name: `Stockroom ${randomUUID().slice(0, 8)}`,
        address: '3 Quay Street',
        phone: '+49 30 5550188',
        timezone: 'UTC',
      });
      const pharmacist = await pharmacistAt(location.id);
      const context = await signedIn(browser, pharmacist);
      const page = await context.newPage();
      await page.goto(`${served.base}/pharmacy?view=stock`);
      const stock = page.getByRole('region', { name: 'Stock' });
      await stock.getByText('Nothing in stock here yet.', { exact: false }).waitFor();
      const said = (text: string) => page.getByRole('status').filter({ hasText: text });

      // A delivery: the medicine from the typeahead, amounts typed as money, sent as minor units.
      const delivery = stock.getByRole('form', { name: 'Receive a delivery' });
      await delivery.getByRole('combobox', { name: 'Medicine delivered' }).fill('amox 500');
      await delivery.getByRole('option', { name: /^Amoxicillin 500 mg · capsule/ }).waitFor();
      await delivery.getByRole('combobox', { name: 'Medicine delivered' }).press('Enter');
      await delivery.getByLabel('Batch number').fill('AMX-0425');
      await delivery.getByLabel('Expires on').fill(inDays(300));
      await delivery.getByLabel('Quantity (units)').fill('40');
      await delivery.getByLabel('Unit cost (USD), optional').fill('0.12');
      await delivery.getByLabel('Unit price (USD), optional').fill('1.5');
      await delivery.getByLabel('Supplier, optional').fill('Northwind Pharma');
      await delivery.getByRole('button', { name: 'Receive delivery' }).click();
      await eventually(() => said('Received 40 × Amoxicillin 500 mg capsule, batch AMX-0425.').count()).toBe(1);
      const [item] = (await http<Inventory>(pharmacist, 'GET', `/api/inventory?locationId=${location.id}`)).items;
      expect(item?.lots).toMatchObject([{ batchNumber: 'AMX-0425', quantity: 40, unitCostMinor: 12, unitPriceMinor: 150 }]);
      const row = stock.getByRole('table', { name: 'On hand, by medicine and lot' }).getByRole('row').filter({ hasText: 'Batch AMX-0425' });
      await eventually(() => row.getByRole('cell').allTextContents()).toEqual([
        'Batch AMX-0425 · Northwind Pharma',
        expect.any(String),
        '40',
        'US$0.12',
        'US$1.50',
        expect.any(String),
      ]);

      // An adjustment needs a reason; one below zero is refused with the stock left as it was.
      await row.getByRole('button', { name: 'Adjust batch AMX-0425' }).click();
      const adjust = page.getByRole('dialog', { name: 'Adjust stock' });
      await adjust.getByLabel('Units to add (negative to remove)').fill('-50');
      await adjust.getByLabel('Reason (required)').fill('Shelf cleared');
      await adjust.getByRole('button', { name: 'Adjust' }).click();
      await adjust.getByRole('alert').filter({ hasText: 'There is not enough of this in stock' }).waitFor();
      expect(await seriousA11yViolations(page)).toEqual([]);
      await adjust.getByLabel('Units to add (negative to remove)').fill('-5');
      await adjust.getByLabel('Reason (required)').fill('Bottle broken on delivery');
      await adjust.getByRole('button', { name: 'Adjust' }).click();
      await eventually(() => said('Batch AMX-0425: -5, now 35 on hand.').count()).toBe(1);

      // A count records the difference; a minimum above what is left lists it as low and to reorder.
      await row.getByRole('button', { name: 'Count batch AMX-0425' }).click();
      const count = page.getByRole('dialog', { name: 'Record a count' });
      await count.getByLabel('Units counted on the shelf').fill('33');
      await count.getByRole('button', { name: 'Record count' }).click();
      await eventually(() => said('Batch AMX-0425: counted 33 (-2).').count()).toBe(1);
      await stock.getByRole('button', { name: 'Set minimum for Amoxicillin' }).click();
      const minimum = page.getByRole('dialog', { name: 'Set the minimum level' });
      await minimum.getByLabel('Minimum units to keep').fill('50');
      await minimum.getByRole('button', { name: 'Set minimum' }).click();
      await eventually(() => stock.getByRole('region', { name: 'Low stock' }).getByRole('listitem').allTextContents()).toEqual([
        'Amoxicillin 500 mg: 33 on hand, minimum 50',
      ]);
      expect(await stock.getByRole('region', { name: 'Reorder list' }).getByRole('listitem').allTextContents()).toEqual([
        'Amoxicillin: order 67 (33 on hand, minimum 50)',
      ]);
      const moves = stock.getByRole('region', { name: 'Recent movements' }).getByRole('row');
      await eventually(() => moves.count()).toBe(4);
      expect(await moves.nth(1).getByRole('cell').nth(2).textContent()).toBe('Adjusted -2');
      expect(await moves.nth(2).getByRole('cell').nth(3).textContent()).toBe('Bottle broken on delivery');
      expect(await moves.nth(3).getByRole('cell').nth(2).textContent()).toBe('Received +40');

      // The worker's daily check finds it low: the alert shows on the open page, and is dismissed.
      const { hub } = served;
      await stockAlerts({
        db: hub.app.db,
        redis: hub.app.redis,
        redisPrefix: hub.config.redisPrefix,
        expiryAlertDays: 30,
        deliver: async (to, notification) => {
          hub.app.io.to(rooms.user(to.userId)).emit('notification', notification);
        },
      });
      const alerts = page.getByRole('region', { name: 'Stock alerts' });
      await eventually(() => alerts.getByRole('listitem').allTextContents()).toEqual([
        'Low stock Amoxicillin: 33 on hand, minimum 50Dismiss',
      ]);
      expect(await seriousA11yViolations(page)).toEqual([]);
      await alerts.getByRole('button', { name: 'Dismiss: Low stock' }).click();
      await eventually(() => alerts.count()).toBe(0);
      await context.close();
    },
    SLOW,
  );
});
