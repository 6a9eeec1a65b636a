// Who touches stock (the location's pharmacists write and read; admins read; everyone else 403),
// pharmacists' locations on POST /api/users and GET /api/me, the catalogue's onHand and
// nearestExpiry per location, and the stock report with its movements by period.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moveStock } from '../../../server/modules/inventory/repository.js';
import { type Actor, bearer, createLocation, display, doctor, patient, staff } from '../../support/factories.js';
import { get, inDays, pharmacistAt, receive, send } from '../../support/inventory.js';
import { medicationId } from '../../support/prescribing.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let admin: Actor;
let pharmacist: Actor;
let locationId: string;
let otherLocationId: string;
let med: string;
let lotId: string;

beforeAll(async () => {
  hub = await startTestHub();
  admin = await staff(hub, 'admin');
  locationId = (await createLocation(hub, 'UTC')).id;
  otherLocationId = (await createLocation(hub, 'UTC')).id;
  pharmacist = await pharmacistAt(hub, admin, [locationId]);
  med = await medicationId(hub, admin, 'salbutamol');
  lotId = (await receive(hub, pharmacist, { locationId, medicationId: med, quantity: 20, unitCostMinor: 150, expiresOn: inDays(90) })).id;
});
afterAll(() => hub.close());

describe('a pharmacist’s locations', () => {
  it('are set by POST /api/users and shown by GET /api/me', async () => {
    const me = (await get(hub, pharmacist, '/api/me')).json();
    expect(me).toMatchObject({ role: 'pharmacist', locationIds: [locationId] });
    expect((await get(hub, admin, '/api/me')).json()).not.toHaveProperty('locationIds');
  });

  it('are refused for other roles and for unknown locations', async () => {
    const body = (over: object) => ({
      email: `x${Math.random()}@test.example`,
      password: 'long enough pw',
      firstName: 'A',
      lastName: 'B',
      ...over,
    });
    const receptionist = await send(hub, admin, 'POST', '/api/users', body({ role: 'receptionist', locationIds: [locationId] }));
    expect(receptionist.statusCode).toBe(400);
    const unknown = await send(hub, admin, 'POST', '/api/users', body({ role: 'pharmacist', locationIds: ['01JAAAAAAAAAAAAAAAAAAAAAAA'] }));
    expect(unknown.statusCode).toBe(404);
  });
});

describe('access to stock', () => {
  const reads = () => [
    `/api/inventory?locationId=${locationId}`,
    `/api/inventory/movements?locationId=${locationId}`,
    `/api/inventory/reorder?locationId=${locationId}`,
    `/api/inventory/report?locationId=${locationId}`,
  ];
  const writes = () =>
    [
      ['POST', '/api/inventory/lots', { locationId, medicationId: med, batchNumber: 'ACC-1', expiresOn: inDays(90), quantity: 1 }],
      ['PUT', '/api/inventory/levels', { locationId, medicationId: med, minimum: 1 }],
      ['POST', '/api/inventory/adjustments', { lotId, delta: 1, reason: 'Found' }],
      ['POST', '/api/inventory/counts', { lotId, counted: 20 }],
    ] as const;

  it('a pharmacist of another location gets 403 for every read and write, and changes nothing', async () => {
    const stranger = await pharmacistAt(hub, admin, [otherLocationId]);
    for (const url of reads()) expect((await get(hub, stranger, url)).statusCode, url).toBe(403);
    for (const [method, url, body] of writes()) expect((await send(hub, stranger, method, url, body)).statusCode, url).toBe(403);
    const lot = (await get(hub, pharmacist, `/api/inventory?locationId=${locationId}`)).json().items[0].lots[0];
    expect(lot).toMatchObject({ id: lotId, quantity: 20 });
  });

  it('an admin reads any location and changes none', async () => {
    for (const url of reads()) expect((await get(hub, admin, url)).statusCode, url).toBe(200);
    for (const [method, url, body] of writes()) expect((await send(hub, admin, method, url, body)).statusCode, url).toBe(403);
  });

  it('reception, doctors, patients and screens get 403', async () => {
    const callers = [await staff(hub, 'receptionist'), await doctor(hub, locationId), await patient(hub), await display(hub, locationId)];
    for (const caller of callers) {
      for (const url of reads()) expect((await get(hub, caller, url)).statusCode, `${caller.role} ${url}`).toBe(403);
      for (const [method, url, body] of writes())
        expect((await send(hub, caller, method, url, body)).statusCode, `${caller.role} ${url}`).toBe(403);
    }
  });
});

describe('the catalogue with a location', () => {
  it('carries onHand and nearestExpiry where the pharmacy keeps stock, 0/null for a medicine it lacks, nothing elsewhere', async () => {
    const doc = await doctor(hub, locationId);
    const search = async (q: string, at: string) =>
      (await hub.app.inject({ method: 'GET', url: `/api/medications?query=${q}&locationId=${at}`, headers: bearer(doc.token) })).json()
        .medications as { id: string; onHand?: number; nearestExpiry?: string | null }[];
    await receive(hub, pharmacist, { locationId, medicationId: med, quantity: 5, expiresOn: inDays(30) });
    const stocked = (await search('salbutamol', locationId)).find((m) => m.id === med);
    expect(stocked).toMatchObject({ onHand: 25, nearestExpiry: inDays(30) });
    const lacking = (await search('paracetamol', locationId))[0];
    expect(lacking).toMatchObject({ onHand: 0, nearestExpiry: null });
    const elsewhere = (await search('salbutamol', otherLocationId)).find((m) => m.id === med);
    expect(elsewhere).toBeDefined();
    expect(elsewhere).not.toHaveProperty('onHand');
    expect(elsewhere).not.toHaveProperty('nearestExpiry');
    // Stock is not for reception, nor for a pharmacist of another location; it is for this one's.
    const desk = await staff(hub, 'receptionist');
    const stranger = await pharmacistAt(hub, admin, [otherLocationId]);
    for (const caller of [desk, stranger]) {
      const res = await hub.app.inject({
        method: 'GET',
        url: `/api/medications?query=salbutamol&locationId=${locationId}`,
        headers: bearer(caller.token),
      });
      expect(res.json().medications.find((m: { id: string }) => m.id === med)).not.toHaveProperty('onHand');
    }
    const own = await hub.app.inject({
      method: 'GET',
      url: `/api/medications?query=salbutamol&locationId=${locationId}`,
      headers: bearer(pharmacist.token),
    });
    expect(own.json().medications.find((m: { id: string }) => m.id === med)).toMatchObject({ onHand: 25 });
  });
});

describe('the stock report', () => {
  it('values unexpired stock at cost, totals movements per kind and lists what was dispensed', async () => {
    const at = (await createLocation(hub, 'UTC')).id;
    const own = await pharmacistAt(hub, admin, [at]);
    const para = await medicationId(hub, admin, 'paracetamol');
    const a = await receive(hub, own, { locationId: at, medicationId: med, quantity: 10, unitCostMinor: 200 });
    const b = await receive(hub, own, { locationId: at, medicationId: para, quantity: 30, unitCostMinor: 5 });
    await receive(hub, own, { locationId: at, medicationId: para, quantity: 2 }); // no cost: counts 0
    await send(hub, own, 'POST', '/api/inventory/adjustments', { lotId: b.id, delta: -4, reason: 'Damaged' });
    await send(hub, own, 'POST', '/api/inventory/adjustments', { lotId: a.id, delta: 1, reason: 'Back', kind: 'returned' });
    // Dispensing (the pharmacy module) takes stock through the same moveStock.
    await hub.app.db.transaction(async (tx) => {
      await moveStock(tx, { lotId: a.id, delta: -3, kind: 'dispensed', by: own.userId! });
      await moveStock(tx, { lotId: b.id, delta: -6, kind: 'dispensed', by: own.userId! });
      await moveStock(tx, { lotId: b.id, delta: -1, kind: 'dispensed', by: own.userId! });
    });
    const report = (await get(hub, own, `/api/inventory/report?locationId=${at}`)).json();
    expect(report).toEqual({
      stockValueMinor: (10 + 1 - 3) * 200 + (30 - 4 - 7) * 5,
      movements: { received: 42, dispensed: -10, adjusted: -4, expired: 0, returned: 1 },
      dispensed: [
        { medicationId: para, name: expect.any(String), quantity: 7 },
        { medicationId: med, name: expect.any(String), quantity: 3 },
      ],
    });
    // A period that ended yesterday saw none of it.
    const yesterday = inDays(-1);
    const before = (await get(hub, own, `/api/inventory/report?locationId=${at}&from=${inDays(-10)}&to=${yesterday}`)).json();
    expect(before.movements).toEqual({ received: 0, dispensed: 0, adjusted: 0, expired: 0, returned: 0 });
    expect(before.dispensed).toEqual([]);
    const movements = (await get(hub, own, `/api/inventory/movements?locationId=${at}&from=${yesterday}&to=${yesterday}`)).json();
    expect(movements.movements).toEqual([]);
    const today = (await get(hub, own, `/api/inventory/movements?locationId=${at}&medicationId=${para}`)).json().movements;
    expect(today).toHaveLength(5);
    expect(today[0]).toMatchObject({ kind: 'dispensed', delta: -1, medicationId: para, by: own.userId });
  });
});
