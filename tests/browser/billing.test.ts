// Billing in real Chromium against a real hub. Reception opens the checkout of a completed visit
// (its invoice: the doctor's fee in the location's currency, GBP here), adds a line and voids it
// (the dialog refuses to send without a reason), is refused an overpayment with the balance, takes
// the cash payment with a double click whose answer is lost, so "Try again" repeats the same
// Idempotency-Key and one payment is recorded; prints the receipt (the PDF answered 200
// application/pdf and shows the receipt number) and refunds part of it; today's takings follow.
// The patient then finds the invoice in the portal with its lines and payments, is told online
// payment is unavailable (the test hub has no Stripe keys: 409 ONLINE_PAYMENT_DISABLED; Stripe.js
// itself needs the network, so the card form is not driven here) and downloads the receipt.
// axe-core is clean on the checkout panel, its dialogs and the portal's invoices.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousA11yViolations, signedIn } from '../support/browser.js';
import { consoleHelpers, eventually, SLOW } from '../support/doctor-console.js';
import { login } from '../support/factories.js';
import { pdfText } from '../support/pdf-inspect.js';
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

const { http, registered, ownDoctor, walkIn } = consoleHelpers(
  () => served,
  () => browser,
);

interface InvoiceView {
  id: string;
  number: string;
  status: string;
  currency: string;
  totalMinor: number;
  paidMinor: number;
  balanceMinor: number;
  lines: { description: string; amountMinor: number; voided: boolean; voidReason: string | null }[];
  payments: { id: string; receiptNumber: string; amountMinor: number; refundedMinor: number; method: string }[];
}

/** A reception page on the location, signed in afresh (refresh tokens rotate). */
async function desk(locationName: string): Promise<Page> {
  const receptionist = served.clinic.receptionist;
  const { refreshToken } = await login(served.hub, receptionist.email as string);
  const context = await signedIn(
    browser,
    { ...receptionist, refreshToken },
    { timezoneId: 'UTC', viewport: { width: 1440, height: 1000 } },
  );
  const page = await context.newPage();
  await page.goto(`${served.base}/reception`);
  await page.getByLabel('Location').selectOption({ label: locationName });
  await page.getByRole('heading', { name: `Reception · ${locationName}` }).waitFor();
  return page;
}

/** The PDF a click asked for, as the hub answered it (status, type, bytes), passed on to the page unchanged. */
async function pdfAnswer(page: Page, click: () => Promise<void>, path: RegExp): Promise<{ status: number; type: string; bytes: Buffer }> {
  const glob = '**/*.pdf';
  const answered = new Promise<{ status: number; type: string; bytes: Buffer }>((resolve, reject) => {
    void page.route(glob, async (route) => {
      if (!path.test(new URL(route.request().url()).pathname)) return route.continue();
      try {
        const answer = await route.fetch();
        const bytes = await answer.body();
        resolve({ status: answer.status(), type: answer.headers()['content-type'] ?? '', bytes });
        await route.fulfill({ response: answer, body: bytes });
      } catch (err) {
        reject(err);
      }
    });
  });
  await click();
  const result = await answered;
  await page.unroute(glob);
  return result;
}

describe('billing', () => {
  it(
    'reception checks out a completed visit: lines, a refused void without reason, overpayment refused, a cash payment retried once, receipt printed, a refund; the patient sees the invoice and cannot pay online',
    async () => {
      const { admin, receptionist } = served.clinic;
      const doctor = await ownDoctor({ firstName: 'Helen', lastName: 'Marsh' });
      const { locationId } = await http<{ locationId: string }>(admin, 'GET', `/api/doctors/${doctor.doctorId}`);
      const location = await http<{ name: string }>(admin, 'PATCH', `/api/locations/${locationId}`, { currency: 'GBP' });
      await http(admin, 'PATCH', `/api/doctors/${doctor.doctorId}`, { feeMinor: 6500 });
      const patient = await registered({ firstName: 'Edith', lastName: 'Crawley' });
      const visit = await walkIn(doctor, patient, 'Cut on the hand');
      await http(doctor, 'POST', `/api/doctors/${doctor.doctorId}/queue/call-next`);
      await http(doctor, 'POST', `/api/appointments/${visit.id}/start`);
      await http(doctor, 'POST', `/api/appointments/${visit.id}/complete`);
      const {
        invoices: [summary],
      } = await http<{ invoices: { id: string; number: string }[] }>(receptionist, 'GET', `/api/invoices?appointmentId=${visit.id}`);
      const invoiceId = summary?.id as string;
      const number = summary?.number as string;
      expect(number).toMatch(/^INV-\d{4}-\d{6}$/);
      const stored = () => http<InvoiceView>(receptionist, 'GET', `/api/invoices/${invoiceId}`);

      // The day of the doctor: the completed visit's Checkout opens the panel, its heading focused.
      const page = await desk(location.name);
      await page.getByRole('list', { name: /^Visits on / }).waitFor();
      await page.getByRole('button', { name: /^Checkout Edith Crawley at / }).click();
      const panel = page.getByRole('region', { name: /^Checkout · Edith Crawley, / });
      await eventually(() => panel.getByRole('heading', { level: 2 }).textContent()).toMatch(new RegExp(`· ${number}$`));
      await eventually(() => page.evaluate(() => document.activeElement?.id)).toBe('checkout-title');
      const figure = (term: string) =>
        panel
          .locator('.billing-totals div')
          .filter({ has: page.locator('dt', { hasText: term }) })
          .locator('dd');
      await eventually(() => figure('Balance').textContent()).toBe('£65.00');
      expect(await figure('Total').textContent()).toBe('£65.00');
      expect(await figure('Status').textContent()).toBe('Open');
      const lines = panel.getByRole('table', { name: `Lines of ${number}` });
      expect(await lines.locator('tbody tr').count()).toBe(1);
      expect(await lines.locator('tbody tr').first().locator('td').nth(3).textContent()).toBe('£65.00');
      expect(await seriousA11yViolations(page)).toEqual([]);

      // A line added by hand: description, quantity, unit price and why.
      await panel.getByRole('button', { name: 'Add a line' }).click();
      const add = panel.getByRole('form', { name: 'Add a line' });
      await add.getByLabel('Description').fill('Wound dressing');
      await add.getByLabel('Quantity').fill('2');
      await add.getByLabel('Unit price (GBP)').fill('7.50');
      await add.getByLabel('Reason').fill('Dressing applied at the desk');
      await add.getByRole('button', { name: 'Add line' }).click();
      await eventually(() => panel.getByRole('status').textContent()).toBe('Added “Wound dressing”. Balance now £80.00.');
      expect(await figure('Total').textContent()).toBe('£80.00');

      // Voiding it: the dialog refuses to send without a reason; with one, the line stays struck through.
      const voids: string[] = [];
      page.on('request', (r) => r.method() === 'POST' && r.url().includes('/void') && voids.push(r.url()));
      await lines.getByRole('button', { name: 'Void Wound dressing' }).click();
      const dialog = page.getByRole('dialog', { name: 'Void “Wound dressing”?' });
      await dialog.getByRole('button', { name: 'Void line' }).click();
      await dialog.getByRole('alert').filter({ hasText: 'Give a reason: it is kept with the invoice.' }).waitFor();
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
      expect(voids).toEqual([]);
      expect(await seriousA11yViolations(page)).toEqual([]);
      await dialog.getByLabel('Reason for voiding the line').fill('Added to the wrong visit');
      await dialog.getByRole('button', { name: 'Void line' }).click();
      await eventually(() => panel.getByRole('status').textContent()).toBe('Voided “Wound dressing”. Balance now £65.00.');
      expect(voids).toHaveLength(1);
      const voided = lines.locator('tbody tr.voided');
      expect(await voided.locator('del').first().textContent()).toBe('Wound dressing');
      expect(await voided.locator('.billing-why').textContent()).toBe('Removed: Added to the wrong visit');
      expect(await figure('Total').textContent()).toBe('£65.00');

      // More than is owed: refused with the balance.
      const pay = panel.getByRole('form', { name: 'Take a payment' });
      expect(await pay.getByLabel('Amount (GBP)').inputValue()).toBe('65.00');
      expect(await pay.getByRole('radio', { name: 'Cash' }).isChecked()).toBe(true);
      await pay.getByLabel('Amount (GBP)').fill('100');
      await pay.getByRole('button', { name: 'Take £100.00' }).click();
      await pay.getByRole('alert').filter({ hasText: 'That is more than is still owed on this invoice. Still owed: £65.00.' }).waitFor();

      // The cash payment: a double click, and the first answer is lost after the hub acted. "Try
      // again" repeats the attempt's key; the hub answers with the first payment and records one.
      const keys: string[] = [];
      await page.route('**/api/invoices/*/payments', async (route) => {
        keys.push(route.request().headers()['idempotency-key'] ?? '');
        const answer = await route.fetch();
        if (keys.length === 1) await route.abort('connectionreset');
        else await route.fulfill({ response: answer });
      });
      await pay.getByLabel('Amount (GBP)').fill('65.00');
      await pay.getByRole('button', { name: 'Take £65.00' }).dblclick();
      await pay.getByRole('alert').filter({ hasText: 'The clinic system cannot be reached.' }).waitFor();
      await pay.getByRole('button', { name: 'Try again' }).click();
      await eventually(() => panel.getByRole('status').textContent()).toMatch(
        /^Cash payment of £65\.00 taken\. Receipt RCT-\d{4}-\d{6}\.$/,
      );
      await page.unroute('**/api/invoices/*/payments');
      expect(keys).toHaveLength(2);
      expect(keys[1]).toBe(keys[0]);
      expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const paid = await stored();
      expect(paid).toMatchObject({ status: 'paid', totalMinor: 6500, paidMinor: 6500, balanceMinor: 0 });
      expect(paid.payments).toHaveLength(1);
      const receipt = paid.payments[0]?.receiptNumber as string;
      expect(await panel.locator('.billing-receipt-ready').textContent()).toContain(`Receipt ${receipt}`);
      expect(await figure('Status').textContent()).toBe('Paid');
      expect(await pay.count()).toBe(0);

      // Print receipt: the PDF (fetched with the bearer token) opens in a tab to print.
      const popup = page.waitForEvent('popup');
      const printed = await pdfAnswer(
        page,
        () => panel.locator('.billing-receipt-ready').getByRole('button', { name: 'Print receipt' }).click(),
        /\/api\/payments\/[^/]+\/receipt\.pdf$/,
      );
      expect(printed.status).toBe(200);
      expect(printed.type).toMatch(/^application\/pdf/);
      expect((await pdfText(new Uint8Array(printed.bytes))).join('\n')).toContain(receipt);
      await (await popup).close();
      expect(await seriousA11yViolations(page)).toEqual([]);

      // Today's takings at this location follow the desk.
      const takings = page.getByRole('region', { name: 'Today’s takings' });
      const taken = (term: string) =>
        takings
          .locator('.billing-figures div')
          .filter({ has: page.locator('dt', { hasText: term }) })
          .locator('dd');
      await eventually(() => taken('Received').textContent()).toBe('£65.00');
      expect(await takings.getByRole('table', { name: 'By method' }).getByRole('row', { name: 'Cash £65.00' }).count()).toBe(1);
      await panel.scrollIntoViewIfNeeded();
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, 'billing-checkout');

      // A partial refund, with a reason (refused without one).
      await panel.getByRole('button', { name: `Refund… ${receipt}` }).click();
      const refund = page.getByRole('dialog', { name: `Refund ${receipt}` });
      expect(await refund.getByLabel('Amount to refund (GBP)').inputValue()).toBe('65.00');
      await refund.getByLabel('Amount to refund (GBP)').fill('15');
      await refund.getByRole('button', { name: 'Refund' }).click();
      await refund.getByText('Give a reason for the refund: it is kept with the payment.').waitFor();
      await refund.getByLabel('Reason for the refund').fill('Dressing not needed after all');
      await refund.getByRole('button', { name: 'Refund' }).click();
      await eventually(() => panel.getByRole('status').textContent()).toBe(`Refunded £15.00 of ${receipt}.`);
      await eventually(() => figure('Balance').textContent()).toBe('£15.00');
      expect(await figure('Status').textContent()).toBe('Partly paid');
      expect(await stored()).toMatchObject({ status: 'partially_paid', paidMinor: 5000, balanceMinor: 1500 });
      await eventually(() => taken('Net').textContent()).toBe('£50.00');
      expect(await taken('Refunded').textContent()).toBe('£15.00');
      await takings.scrollIntoViewIfNeeded();
      await screenshot(page, 'billing-takings');

      // Closing the panel gives focus back to the visit's Checkout.
      await panel.getByRole('button', { name: 'Close checkout' }).click();
      await eventually(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(
        /^Checkout Edith Crawley at /,
      );
      await page.context().close();

      // The patient's portal: the invoice with its figures, its lines and payments.
      const context = await signedIn(browser, patient, { timezoneId: 'UTC', viewport: { width: 1280, height: 900 } });
      const portal = await context.newPage();
      await portal.goto(`${served.base}/patient`);
      const section = portal.getByRole('region', { name: 'Invoices', exact: true });
      const row = section.getByRole('row', { name: new RegExp(`^${number} `) });
      await row.waitFor();
      expect(await row.getByRole('cell').allTextContents()).toEqual([expect.any(String), '£65.00', '£15.00', 'Partly paid']);
      await section.scrollIntoViewIfNeeded();
      expect(await seriousA11yViolations(portal)).toEqual([]);
      await row.getByRole('button', { name: number }).click();
      const detail = section.getByRole('article', { name: `Invoice ${number}` });
      await detail.waitFor();
      await eventually(() => portal.evaluate(() => document.activeElement?.id)).toBe('portal-invoice-title');
      expect(new URL(portal.url()).searchParams.get('invoice')).toBe(invoiceId);
      expect(
        await detail
          .getByRole('table', { name: `Lines of ${number}` })
          .locator('tbody tr')
          .count(),
      ).toBe(2);
      expect(await detail.getByRole('list', { name: `Payments on ${number}` }).textContent()).toContain(receipt);
      expect(await detail.getByRole('list', { name: `Refunds of ${receipt}` }).textContent()).toContain('Dressing not needed after all');

      // Pay online: this hub has no Stripe keys, so the patient is sent to the desk.
      const checkout = portal.waitForResponse((r) => r.url().endsWith(`/api/invoices/${invoiceId}/checkout`));
      await detail.getByRole('button', { name: 'Pay online' }).click();
      const refused = await checkout;
      expect(refused.status()).toBe(409);
      expect((await refused.json()).code).toBe('ONLINE_PAYMENT_DISABLED');
      const unavailable = detail.getByRole('alert');
      await eventually(() => unavailable.textContent()).toContain(
        'Online payment is not available at this clinic. Please pay at the desk.',
      );
      expect(await unavailable.textContent()).toContain('Pay at the desk');
      expect(await seriousA11yViolations(portal)).toEqual([]);
      // The section's heading just below the portal's sticky jump links.
      await section.evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 60));
      await screenshot(portal, 'billing-portal');

      // Download receipt: every payment and refund so far, as a PDF saved under the invoice's number.
      const download = portal.waitForEvent('download');
      const fetched = await pdfAnswer(
        portal,
        () => detail.getByRole('button', { name: 'Download receipt' }).click(),
        /\/api\/invoices\/[^/]+\/receipt\.pdf$/,
      );
      expect(fetched.status).toBe(200);
      expect(fetched.type).toMatch(/^application\/pdf/);
      expect((await pdfText(new Uint8Array(fetched.bytes))).join('\n')).toContain(receipt);
      expect((await download).suggestedFilename()).toBe(`${number}-receipt.pdf`);
      await context.close();
    },
    SLOW * 2,
  );
});
