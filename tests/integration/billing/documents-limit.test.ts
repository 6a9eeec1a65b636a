// Billing's PDFs are declared `expensive` like the prescription PDF: each of the three has a
// tighter count of its own per caller (RATE_LIMIT_EXPENSIVE, per route), and running it out leaves
// the general one alone, so a patient who prints too many receipts can still use the portal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../../support/factories.js';
import type { PrescribingClinic } from '../../support/prescribing.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';
import { clinicBilling, pay, pricedInvoice } from './documents-fixtures.js';

const EXPENSIVE = 3;
let hub: TestHub;
let clinic: PrescribingClinic;

beforeAll(async () => {
  // Long enough that no window ends during the test, however slow the machine.
  hub = await startTestHub({ RATE_LIMIT_EXPENSIVE: String(EXPENSIVE), RATE_LIMIT_WINDOW_SECONDS: '600' });
  clinic = await clinicBilling(hub);
});
afterAll(() => hub.close());

describe('the PDF budget', () => {
  it('gives each PDF route the expensive count, and leaves the general one alone', async () => {
    const { invoiceId } = await pricedInvoice(hub, clinic, [{ description: 'Consultation', unitAmountMinor: 3_000 }]);
    const payment = await pay(hub, invoiceId, 1_000);
    const get = (url: string) => hub.app.inject({ method: 'GET', url, headers: bearer(clinic.patient.token) });
    const urls = [
      `/api/invoices/${invoiceId}/invoice.pdf`,
      `/api/invoices/${invoiceId}/receipt.pdf`,
      `/api/payments/${payment.id}/receipt.pdf`,
    ];
    for (const url of urls) {
      for (let i = 0; i < EXPENSIVE; i++) expect((await get(url)).statusCode, url).toBe(200);
      const limited = await get(url);
      expect(limited.statusCode, url).toBe(429);
      expect(limited.json().code).toBe('RATE_LIMITED');
    }
    expect((await get('/api/me')).statusCode).toBe(200);
  });
});
