// The access matrix's rows for the billing desk (issue 16): insurance claims, the cash-up and the
// takings are for admins and receptionists only; doctors, pharmacists, patients and screens are
// refused. Each change gets a fresh invoice, claim or desk, so every caller's answer is about its role.
import { DateTime } from 'luxon';
import type { Endpoint } from '../../support/access-matrix.js';
import type { DeskWorld } from './desk-billing-fixtures.js';

const DESK: Endpoint['allowed'] = ['admin', 'receptionist'];
let desks = 0;

export function deskBillingEndpoints(world: () => DeskWorld): Endpoint[] {
  const today = () => DateTime.now().setZone('Europe/Berlin').toISODate()!;
  return [
    {
      name: 'POST /api/invoices/:id/claims',
      method: 'POST',
      url: async () => `/api/invoices/${await world().invoice()}/claims`,
      body: () => ({ provider: 'Acme Health', policyNumber: 'POL-9', claimedMinor: 1_000 }),
      allowed: DESK,
    },
    {
      name: 'POST /api/claims/:id/decision',
      method: 'POST',
      url: async () => `/api/claims/${await world().pendingClaim()}/decision`,
      body: () => ({ status: 'denied', reason: 'Matrix denial' }),
      allowed: DESK,
    },
    { name: 'GET /api/claims', method: 'GET', url: () => '/api/claims', allowed: DESK },
    {
      name: 'GET /api/cash-ups/expected',
      method: 'GET',
      url: () => `/api/cash-ups/expected?locationId=${world().locationId}&day=${today()}`,
      allowed: DESK,
    },
    {
      name: 'POST /api/cash-ups',
      method: 'POST',
      url: () => '/api/cash-ups',
      // A desk of its own per call: a second close of one desk's day would be 409 whoever asks.
      body: () => ({ locationId: world().locationId, desk: `matrix-${desks++}`, day: today(), counted: { cash: 0 } }),
      allowed: DESK,
    },
    { name: 'GET /api/cash-ups', method: 'GET', url: () => `/api/cash-ups?locationId=${world().locationId}`, allowed: DESK },
    { name: 'GET /api/billing/takings', method: 'GET', url: () => `/api/billing/takings?locationId=${world().locationId}`, allowed: DESK },
  ];
}
