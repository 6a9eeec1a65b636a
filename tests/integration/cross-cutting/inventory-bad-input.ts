// The bad-input table's cases for pharmacy stock (issue 15): deliveries, levels, adjustments,
// counts and the stock reads, each a 4xx with a stable code and nothing written. Sent as a
// pharmacist of the location, the one caller who could otherwise succeed, so each answer is about
// the input. inventoryFixtures() makes that pharmacist and a lot before the table's snapshot.

import type { BadInputCase } from '../../support/bad-input.js';
import type { Actor } from '../../support/factories.js';
import { inDays, pharmacistAt, receive } from '../../support/inventory.js';
import { medicationId } from '../../support/prescribing.js';
import type { TestHub } from '../../support/test-hub.js';

export interface InventoryFixtures {
  pharmacist: Actor;
  locationId: string;
  medicationId: string;
  /** A lot of 5 at the location. */
  lotId: string;
}

export async function inventoryFixtures(hub: TestHub, admin: Actor, locationId: string): Promise<InventoryFixtures> {
  const pharmacist = await pharmacistAt(hub, admin, [locationId]);
  const medId = await medicationId(hub, admin, 'paracetamol');
  const lot = await receive(hub, pharmacist, { locationId, medicationId: medId, quantity: 5 });
  return { pharmacist, locationId, medicationId: medId, lotId: lot.id };
}

const UNKNOWN_ID = '01JAAAAAAAAAAAAAAAAAAAAAAA';

export function inventoryCases(fx: () => InventoryFixtures): BadInputCase[] {
  const delivery = (over: Record<string, unknown>) => () => ({
    locationId: fx().locationId,
    medicationId: fx().medicationId,
    batchNumber: 'BAD-1',
    expiresOn: inDays(200),
    quantity: 10,
    ...over,
  });
  const level = (over: Record<string, unknown>) => () => ({
    locationId: fx().locationId,
    medicationId: fx().medicationId,
    minimum: 5,
    ...over,
  });
  const adjustment = (over: Record<string, unknown>) => () => ({ lotId: fx().lotId, delta: -1, reason: 'Broken', ...over });
  const bad = (
    name: string,
    url: string | (() => string),
    body: (() => unknown) | undefined,
    code = 'VALIDATION_FAILED',
    status = 400,
    method: BadInputCase['method'] = 'POST',
  ): BadInputCase => ({ name: `inventory: ${name}`, url, method: body ? method : 'GET', body, as: 'pharmacist', status, code });
  const lots = '/api/inventory/lots';
  const query = (path: string, rest: string) => () => `/api/inventory${path}?locationId=${fx().locationId}${rest}`;

  return [
    bad('delivery of 0 units', lots, delivery({ quantity: 0 })),
    bad('delivery of -5 units', lots, delivery({ quantity: -5 })),
    bad('delivery of 1.5 units', lots, delivery({ quantity: 1.5 })),
    bad('delivery quantity "10" (a string is not a number)', lots, delivery({ quantity: '10' })),
    bad('expiry on 30 February', lots, delivery({ expiresOn: '2030-02-30' })),
    bad('expiry already past', lots, delivery({ expiresOn: inDays(-2) })),
    bad('expiry as an instant', lots, delivery({ expiresOn: '2030-01-01T00:00:00Z' })),
    bad('empty batch number', lots, delivery({ batchNumber: '' })),
    bad('batch number of 61 characters', lots, delivery({ batchNumber: 'B'.repeat(61) })),
    bad('unit cost 1.5 (money is whole minor units)', lots, delivery({ unitCostMinor: 1.5 })),
    bad('negative unit price', lots, delivery({ unitPriceMinor: -1 })),
    bad('unknown medicine', lots, delivery({ medicationId: UNKNOWN_ID }), 'UNKNOWN_MEDICATION'),
    bad('client-chosen on-hand', lots, delivery({ onHand: 500 })),
    bad('location id is a query object', lots, delivery({ locationId: { $ne: null } })),
    bad('minimum -1', '/api/inventory/levels', level({ minimum: -1 }), 'VALIDATION_FAILED', 400, 'PUT'),
    bad('minimum "5"', '/api/inventory/levels', level({ minimum: '5' }), 'VALIDATION_FAILED', 400, 'PUT'),
    bad('minimum of an unknown medicine', '/api/inventory/levels', level({ medicationId: UNKNOWN_ID }), 'UNKNOWN_MEDICATION', 400, 'PUT'),
    bad('adjustment of 0', '/api/inventory/adjustments', adjustment({ delta: 0 })),
    bad('adjustment of 1.5', '/api/inventory/adjustments', adjustment({ delta: 1.5 })),
    bad('adjustment without a reason', '/api/inventory/adjustments', () => ({ lotId: fx().lotId, delta: -1 })),
    bad('adjustment with a blank reason', '/api/inventory/adjustments', adjustment({ reason: '   ' })),
    // Dispensing and expiry have their own ways into the ledger.
    bad('adjustment of kind "dispensed"', '/api/inventory/adjustments', adjustment({ kind: 'dispensed' })),
    bad('adjustment of kind "expired"', '/api/inventory/adjustments', adjustment({ kind: 'expired' })),
    bad('adjustment below zero', '/api/inventory/adjustments', adjustment({ delta: -6 }), 'INSUFFICIENT_STOCK', 409),
    bad('adjustment of an unknown lot', '/api/inventory/adjustments', adjustment({ lotId: UNKNOWN_ID }), 'NOT_FOUND', 404),
    bad('count of -1', '/api/inventory/counts', () => ({ lotId: fx().lotId, counted: -1 })),
    bad('count without a number', '/api/inventory/counts', () => ({ lotId: fx().lotId })),
    bad('stock without a location', '/api/inventory', undefined),
    bad('expiring within -1 days', query('', '&expiringWithinDays=-1'), undefined),
    bad('lowStock=maybe', query('', '&lowStock=maybe'), undefined),
    bad('movements from after to', query('/movements', `&from=${inDays(1)}&to=${inDays(0)}`), undefined),
    bad('movements from 2030-13-01', query('/movements', '&from=2030-13-01'), undefined),
    bad('report over more than a year', query('/report', '&from=2020-01-01&to=2030-01-01'), undefined),
    bad('reorder list of a malformed location', '/api/inventory/reorder?locationId=pharmacy-1', undefined),
  ];
}
