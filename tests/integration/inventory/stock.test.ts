// Stock at a location through the API: deliveries (a new lot, or more of the same batch), the
// ledger that always sums to on-hand, adjustments that never go below zero even when 20 arrive at
// once, counts, minimum levels with the low-stock and expiring filters, and the reorder list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ON_HAND, moveStock } from '../../../server/modules/inventory/repository.js';
import { type Actor, createLocation, staff } from '../../support/factories.js';
import { expectLedgerMatches, get, inDays, pharmacistAt, receive, send } from '../../support/inventory.js';
import { medicationId } from '../../support/prescribing.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let admin: Actor;
let pharmacist: Actor;
let locationId: string;
const meds: Record<'amox' | 'para' | 'ibu' | 'salb', string> = { amox: '', para: '', ibu: '', salb: '' };

beforeAll(async () => {
  hub = await startTestHub();
  admin = await staff(hub, 'admin');
  locationId = (await createLocation(hub, 'UTC')).id;
  pharmacist = await pharmacistAt(hub, admin, [locationId]);
  meds.amox = await medicationId(hub, admin, 'amoxicillin', '500 mg');
  meds.para = await medicationId(hub, admin, 'paracetamol');
  meds.ibu = await medicationId(hub, admin, 'ibuprofen');
  meds.salb = await medicationId(hub, admin, 'salbutamol');
});
afterAll(() => hub.close());

const inventory = async (query = '') => (await get(hub, pharmacist, `/api/inventory?locationId=${locationId}${query}`)).json().items;

describe('receiving a delivery', () => {
  it('creates a lot with its prices and a "received" ledger entry', async () => {
    const res = await send(hub, pharmacist, 'POST', '/api/inventory/lots', {
      locationId,
      medicationId: meds.amox,
      batchNumber: 'AMX-001',
      expiresOn: inDays(200),
      quantity: 40,
      unitCostMinor: 120,
      unitPriceMinor: 250,
      supplier: 'Pharma Wholesale',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      locationId,
      medicationId: meds.amox,
      batchNumber: 'AMX-001',
      onHand: 40,
      unitCostMinor: 120,
      unitPriceMinor: 250,
      supplier: 'Pharma Wholesale',
    });
    const movements = (await get(hub, pharmacist, `/api/inventory/movements?locationId=${locationId}&medicationId=${meds.amox}`)).json();
    expect(movements.movements).toEqual([
      expect.objectContaining({ lotId: res.json().id, delta: 40, kind: 'received', by: pharmacist.userId, reason: null }),
    ]);
    await expectLedgerMatches(hub);
  });

  it('adds the same batch and expiry to its lot, keeping the latest cost', async () => {
    const expiresOn = inDays(300);
    const first = await receive(hub, pharmacist, { locationId, medicationId: meds.para, batchNumber: 'PAR-9', expiresOn, quantity: 5 });
    const again = await receive(hub, pharmacist, {
      locationId,
      medicationId: meds.para,
      batchNumber: 'PAR-9',
      expiresOn,
      quantity: 7,
      unitCostMinor: 30,
    });
    expect(again).toMatchObject({ id: first.id, onHand: 12, unitCostMinor: 30 });
    const otherExpiry = await receive(hub, pharmacist, {
      locationId,
      medicationId: meds.para,
      batchNumber: 'PAR-9',
      expiresOn: inDays(301),
      quantity: 1,
    });
    expect(otherExpiry.id).not.toBe(first.id);
    await expectLedgerMatches(hub);
  });

  it('refuses a lot that has already expired, and writes nothing', async () => {
    const res = await send(hub, pharmacist, 'POST', '/api/inventory/lots', {
      locationId,
      medicationId: meds.amox,
      batchNumber: 'OLD-1',
      expiresOn: inDays(-1),
      quantity: 3,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'expiresOn' } });
    expect((await inventory()).flatMap((i: { lots: { batchNumber: string }[] }) => i.lots.map((l) => l.batchNumber))).not.toContain(
      'OLD-1',
    );
  });
});

describe('adjustments', () => {
  it('20 concurrent -1 adjustments on a lot of 10: exactly 10 succeed, the lot ends at 0', async () => {
    const lot = await receive(hub, pharmacist, { locationId, medicationId: meds.ibu, quantity: 10 });
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        send(hub, pharmacist, 'POST', '/api/inventory/adjustments', { lotId: lot.id, delta: -1, reason: 'Broken blister' }),
      ),
    );
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(10);
    for (const refused of results.filter((r) => r.statusCode === 409)) expect(refused.json().code).toBe('INSUFFICIENT_STOCK');
    const onHands = results.filter((r) => r.statusCode === 201).map((r) => r.json().onHand as number);
    expect([...onHands].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const item = (await inventory()).find((i: { medicationId: string }) => i.medicationId === meds.ibu);
    expect(item?.onHand ?? 0).toBe(0);
    await expectLedgerMatches(hub);
  });

  it('a return adds stock as "returned"; below zero is 409 and changes nothing', async () => {
    const lot = await receive(hub, pharmacist, { locationId, medicationId: meds.salb, quantity: 2 });
    const returned = await send(hub, pharmacist, 'POST', '/api/inventory/adjustments', {
      lotId: lot.id,
      delta: 3,
      reason: 'Unopened, returned by a patient',
      kind: 'returned',
    });
    expect(returned.statusCode, returned.body).toBe(201);
    expect(returned.json()).toEqual({ lotId: lot.id, delta: 3, onHand: 5 });
    const tooMuch = await send(hub, pharmacist, 'POST', '/api/inventory/adjustments', { lotId: lot.id, delta: -6, reason: 'Lost' });
    expect(tooMuch.statusCode).toBe(409);
    expect(tooMuch.json()).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: { lotId: lot.id, onHand: 5 } });
    const zero = await send(hub, pharmacist, 'POST', '/api/inventory/adjustments', { lotId: lot.id, delta: 0, reason: 'Nothing' });
    expect(zero.statusCode).toBe(400);
    // No lot ever holds more than MAX_ON_HAND (the column could otherwise overflow into a 500).
    const huge = await hub.app.db.transaction((tx) =>
      moveStock(tx, { lotId: lot.id, delta: MAX_ON_HAND, kind: 'adjusted', reason: 'Typo', by: pharmacist.userId! }).then(
        () => null,
        (err: { statusCode?: number }) => err.statusCode,
      ),
    );
    expect(huge).toBe(400);
    const kinds = (await get(hub, pharmacist, `/api/inventory/movements?locationId=${locationId}&medicationId=${meds.salb}`)).json();
    expect(kinds.movements.map((m: { kind: string; delta: number }) => `${m.kind} ${m.delta}`)).toEqual(['returned 3', 'received 2']);
    await expectLedgerMatches(hub);
  });
});

describe('counts', () => {
  it('records the adjustment that makes the lot match the shelf, and nothing when it already does', async () => {
    const lot = await receive(hub, pharmacist, { locationId, medicationId: meds.salb, quantity: 12, batchNumber: 'COUNT-1' });
    const short = await send(hub, pharmacist, 'POST', '/api/inventory/counts', { lotId: lot.id, counted: 9 });
    expect(short.statusCode, short.body).toBe(201);
    expect(short.json()).toEqual({ lotId: lot.id, delta: -3, onHand: 9 });
    const same = await send(hub, pharmacist, 'POST', '/api/inventory/counts', { lotId: lot.id, counted: 9, reason: 'Monthly count' });
    expect(same.json()).toEqual({ lotId: lot.id, delta: 0, onHand: 9 });
    const more = await send(hub, pharmacist, 'POST', '/api/inventory/counts', { lotId: lot.id, counted: 10, reason: 'Found one' });
    expect(more.json()).toEqual({ lotId: lot.id, delta: 1, onHand: 10 });
    const ledger = (await get(hub, pharmacist, `/api/inventory/movements?locationId=${locationId}`)).json().movements;
    const ofLot = ledger.filter((m: { lotId: string }) => m.lotId === lot.id);
    expect(ofLot.map((m: { delta: number; kind: string; reason: string | null }) => [m.kind, m.delta, m.reason])).toEqual([
      ['adjusted', 1, 'Found one'],
      ['adjusted', -3, 'Stock count'],
      ['received', 12, null],
    ]);
    await expectLedgerMatches(hub);
  });
});

describe('levels, filters and the reorder list', () => {
  it('lists low stock and expiring lots, and suggests what to order', async () => {
    const location = (await createLocation(hub, 'UTC')).id;
    const own = await pharmacistAt(hub, admin, [location]);
    const soon = await receive(hub, own, { locationId: location, medicationId: meds.amox, quantity: 4, expiresOn: inDays(10) });
    await receive(hub, own, { locationId: location, medicationId: meds.amox, quantity: 3, expiresOn: inDays(400) });
    await receive(hub, own, { locationId: location, medicationId: meds.para, quantity: 50, expiresOn: inDays(400) });
    for (const [medicationId, minimum] of [
      [meds.amox, 10],
      [meds.para, 20],
      [meds.ibu, 5],
    ] as const) {
      const res = await send(hub, own, 'PUT', '/api/inventory/levels', { locationId: location, medicationId, minimum });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ locationId: location, medicationId, minimum });
    }
    const list = async (q: string) => (await get(hub, own, `/api/inventory?locationId=${location}${q}`)).json().items;
    const all = await list('');
    expect(all.map((i: { medicationId: string; onHand: number; minimum: number }) => [i.medicationId, i.onHand, i.minimum])).toEqual(
      expect.arrayContaining([
        [meds.amox, 7, 10],
        [meds.para, 50, 20],
        [meds.ibu, 0, 5],
      ]),
    );
    expect(all).toHaveLength(3);
    const low = await list('&lowStock=true');
    expect(low.map((i: { medicationId: string }) => i.medicationId).sort()).toEqual([meds.amox, meds.ibu].sort());
    const expiring = await list('&expiringWithinDays=30');
    expect(expiring).toHaveLength(1);
    expect(expiring[0]).toMatchObject({ medicationId: meds.amox, onHand: 7, lots: [{ id: soon.id, quantity: 4 }] });

    const reorder = (await get(hub, own, `/api/inventory/reorder?locationId=${location}`)).json().items;
    expect(reorder).toEqual(
      expect.arrayContaining([
        { medicationId: meds.amox, name: expect.any(String), onHand: 7, minimum: 10, suggested: 13 },
        { medicationId: meds.ibu, name: expect.any(String), onHand: 0, minimum: 5, suggested: 10 },
      ]),
    );
    expect(reorder).toHaveLength(2);

    // Raising stock above the minimum takes it off the list.
    await receive(hub, own, { locationId: location, medicationId: meds.ibu, quantity: 6 });
    const after = (await get(hub, own, `/api/inventory/reorder?locationId=${location}`)).json().items;
    expect(after.map((i: { medicationId: string }) => i.medicationId)).toEqual([meds.amox]);
  });
});
