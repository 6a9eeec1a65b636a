// A pharmacy with stock: a location, its pharmacist (created through POST /api/users with the
// location, signed in), and deliveries and ledger checks made through the real API.
import { DateTime } from 'luxon';
import { expect } from 'vitest';
import { inventoryLots } from '../../db/schema/index.js';
import { ledgerSum } from '../../server/modules/inventory/repository.js';
import { type Actor, bearer, login, PASSWORD } from './factories.js';
import type { TestHub } from './test-hub.js';

let n = 0;
const unique = () => `${Date.now().toString(36)}${(n++).toString(36)}`;

/** A pharmacist login working at these locations, signed in. */
export async function pharmacistAt(hub: TestHub, admin: Actor, locationIds: string[]): Promise<Actor> {
  const email = `pharmacist.${unique()}@test.example`;
  const res = await hub.app.inject({
    method: 'POST',
    url: '/api/users',
    headers: bearer(admin.token),
    payload: { email, password: PASSWORD, role: 'pharmacist', firstName: 'Pia', lastName: 'Pharm', locationIds },
  });
  if (res.statusCode !== 201) throw new Error(`pharmacist: ${res.statusCode} ${res.body}`);
  const tokens = await login(hub, email);
  return { role: 'pharmacist', token: tokens.accessToken, email, userId: tokens.user.id };
}

/** A calendar date `days` from today in UTC (test locations of these files run on UTC or near it). */
export const inDays = (days: number, zone = 'UTC') => DateTime.now().setZone(zone).plus({ days }).toISODate()!;

export interface Delivery {
  locationId: string;
  medicationId: string;
  quantity: number;
  expiresOn?: string;
  batchNumber?: string;
  unitCostMinor?: number;
  unitPriceMinor?: number;
  supplier?: string;
}

/** POST /api/inventory/lots; the created lot. */
export async function receive(hub: TestHub, as: Actor, d: Delivery) {
  const res = await hub.app.inject({
    method: 'POST',
    url: '/api/inventory/lots',
    headers: bearer(as.token),
    payload: { batchNumber: `B-${unique()}`, expiresOn: inDays(180), ...d },
  });
  if (res.statusCode !== 201) throw new Error(`receive: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; onHand: number; expiresOn: string; batchNumber: string };
}

/** Every lot of the hub: its on-hand equals the sum of its ledger entries, and is never negative. */
export async function expectLedgerMatches(hub: TestHub): Promise<void> {
  const lots = await hub.app.db.select({ id: inventoryLots.id, onHand: inventoryLots.onHand }).from(inventoryLots);
  for (const lot of lots) {
    expect(await ledgerSum(hub.app.db, lot.id), `lot ${lot.id}`).toBe(lot.onHand);
    expect(lot.onHand).toBeGreaterThanOrEqual(0);
  }
}

export const get = (hub: TestHub, as: Actor, url: string) => hub.app.inject({ method: 'GET', url, headers: bearer(as.token) });
export const send = (hub: TestHub, as: Actor, method: 'POST' | 'PUT', url: string, payload: object) =>
  hub.app.inject({ method, url, headers: bearer(as.token), payload });
