// Dispensing rules against real MariaDB: first-expiring lots first (spanning lots), never an
// expired lot, partial then complete fills moving the status, refills, substitution with its
// reason, and hold / release / close.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispenseLines } from '../../../db/schema/index.js';
import { pharmacyQueue } from '../../../server/modules/pharmacy/queue.js';
import { type DispensingClinic, dispense, dispensingClinic, everything, pharmacyAction, signedRx } from '../../support/dispensing.js';
import { bearer } from '../../support/factories.js';
import { inDays } from '../../support/inventory.js';
import { medicationId } from '../../support/prescribing.js';
import { lotBalance, receiveLot } from '../../support/stock.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: DispensingClinic;
beforeAll(async () => {
  hub = await startTestHub();
  clinic = await dispensingClinic(hub);
});
afterAll(() => hub.close());

/** A catalogue medicine of its own for each test, so their lots never mix. */
const med = (query: string, strength?: string) => medicationId(hub, clinic.doctor, query, strength);
const stock = (medicationId: string, quantity: number, extra: { expiresOn?: string; unitPriceMinor?: number } = {}) =>
  receiveLot(hub, { locationId: clinic.location.id, medicationId, quantity, ...extra });

describe('which lots', () => {
  it('takes the first-expiring lot first and spans lots; records each lot’s price', async () => {
    const medId = await med('amoxicillin', '500 mg');
    const later = await stock(medId, 10, { expiresOn: inDays(300), unitPriceMinor: 90 });
    const sooner = await stock(medId, 4, { expiresOn: inDays(30), unitPriceMinor: 110 });
    const rx = await signedRx(hub, clinic, [[medId, 6]]);
    const res = await dispense(hub, clinic.pharmacist, rx.id, everything(rx));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().lines).toEqual([
      { itemId: rx.items[0]!.id, lotId: sooner, medicationId: medId, quantity: 4, unitPriceMinor: 110, substitutionReason: null },
      { itemId: rx.items[0]!.id, lotId: later, medicationId: medId, quantity: 2, unitPriceMinor: 90, substitutionReason: null },
    ]);
    expect(await lotBalance(hub, sooner)).toEqual({ onHand: 0, ledger: 0, dispensed: 4 });
    expect(await lotBalance(hub, later)).toEqual({ onHand: 8, ledger: 8, dispensed: 2 });
  });

  it('never dispenses an expired lot: LOT_EXPIRED when named, skipped when not', async () => {
    const medId = await med('amoxicillin', '250 mg');
    const expired = await stock(medId, 50, { expiresOn: inDays(-1) });
    const rx = await signedRx(hub, clinic, [[medId, 5]]);
    const named = await dispense(hub, clinic.pharmacist, rx.id, [{ itemId: rx.items[0]!.id, quantity: 5, lotId: expired }]);
    expect(named.statusCode).toBe(409);
    expect(named.json()).toMatchObject({ code: 'LOT_EXPIRED', details: { lotId: expired } });
    // Only the expired lot: short, though 50 are on its shelf.
    const unnamed = await dispense(hub, clinic.pharmacist, rx.id, everything(rx));
    expect(unnamed.statusCode).toBe(409);
    expect(unnamed.json()).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: { onHand: 0 } });
    const fresh = await stock(medId, 5);
    const res = await dispense(hub, clinic.pharmacist, rx.id, everything(rx));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().lines.map((l: { lotId: string }) => l.lotId)).toEqual([fresh]);
    expect((await lotBalance(hub, expired)).onHand).toBe(50);
  });

  it('refuses a named lot of another medicine (400) and a short named lot (409), moving nothing', async () => {
    const [medId, otherId] = [await med('ibuprofen', '400 mg'), await med('ibuprofen', '200 mg')];
    const otherLot = await stock(otherId, 10);
    const small = await stock(medId, 2);
    const rx = await signedRx(hub, clinic, [[medId, 3]]);
    const wrong = await dispense(hub, clinic.pharmacist, rx.id, [{ itemId: rx.items[0]!.id, quantity: 3, lotId: otherLot }]);
    expect(wrong.statusCode).toBe(400);
    const short = await dispense(hub, clinic.pharmacist, rx.id, [{ itemId: rx.items[0]!.id, quantity: 3, lotId: small }]);
    expect(short.json().code).toBe('INSUFFICIENT_STOCK');
    expect((await lotBalance(hub, small)).onHand).toBe(2);
    expect((await lotBalance(hub, otherLot)).onHand).toBe(10);
  });
});

describe('fills', () => {
  it('a partial then a complete fill move the status; then NOT_DISPENSABLE', async () => {
    const [a, b] = [await med('paracetamol', '500 mg'), await med('salbutamol')];
    await stock(a, 100);
    await stock(b, 100);
    const rx = await signedRx(hub, clinic, [
      [a, 20],
      [b, 1],
    ]);
    const [itemA, itemB] = rx.items;
    const part = await dispense(hub, clinic.pharmacist, rx.id, [{ itemId: itemA!.id, quantity: 8 }]);
    expect(part.json()).toMatchObject({ prescriptionStatus: 'partially_dispensed', fillsRemaining: 1 });
    const tooMuch = await dispense(hub, clinic.pharmacist, rx.id, [{ itemId: itemA!.id, quantity: 13 }]);
    expect(tooMuch.statusCode).toBe(400);
    const rest = await dispense(hub, clinic.pharmacist, rx.id, [
      { itemId: itemA!.id, quantity: 12 },
      { itemId: itemB!.id, quantity: 1 },
    ]);
    expect(rest.json()).toMatchObject({ prescriptionStatus: 'dispensed', fillsRemaining: 0 });
    const read = await hub.app.inject({ method: 'GET', url: `/api/prescriptions/${rx.id}`, headers: bearer(clinic.pharmacist.token) });
    expect(read.json()).toMatchObject({ status: 'dispensed', items: [{ dispensedQuantity: 20 }, { dispensedQuantity: 1 }] });
    const again = await dispense(hub, clinic.pharmacist, rx.id, [{ itemId: itemB!.id, quantity: 1 }]);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('NOT_DISPENSABLE');
  });

  it('refills: each fill is dispensable once; an approved refill makes it dispensable again', async () => {
    const medId = await med('salbutamol');
    await stock(medId, 100);
    const rx = await signedRx(hub, clinic, [[medId, 2]], 1);
    expect(rx.fillsRemaining).toBe(2);
    const first = await dispense(hub, clinic.pharmacist, rx.id, everything(rx));
    expect(first.json()).toMatchObject({ prescriptionStatus: 'active', fillsRemaining: 1 });
    // Active again with its items reset for the next fill, but a fill was used: reissuing it would
    // hand the patient a fresh set of fills.
    const reissue = await hub.app.inject({
      method: 'POST',
      url: `/api/prescriptions/${rx.id}/reissue`,
      headers: bearer(clinic.doctor.token),
      payload: { reason: 'More fills' },
    });
    expect(reissue.statusCode).toBe(409);
    expect(reissue.json().code).toBe('PRESCRIPTION_NOT_ACTIVE');
    const second = await dispense(hub, clinic.pharmacist, rx.id, everything(rx));
    expect(second.json()).toMatchObject({ prescriptionStatus: 'dispensed', fillsRemaining: 0 });
    expect((await dispense(hub, clinic.pharmacist, rx.id, everything(rx))).json().code).toBe('NOT_DISPENSABLE');

    const asked = await hub.app.inject({
      method: 'POST',
      url: `/api/prescriptions/${rx.id}/refill-requests`,
      headers: bearer(clinic.patient.token),
      payload: {},
    });
    const approved = await hub.app.inject({
      method: 'POST',
      url: `/api/refill-requests/${asked.json().id}/approve`,
      headers: bearer(clinic.doctor.token),
      payload: {},
    });
    expect(approved.statusCode, approved.body).toBe(200);
    const third = await dispense(hub, clinic.pharmacist, rx.id, everything(rx));
    expect(third.statusCode, third.body).toBe(201);
    expect(third.json()).toMatchObject({ prescriptionStatus: 'dispensed', fillsRemaining: 0 });
  });

  it('records a substitution with its reason, and refuses one without a reason', async () => {
    // The liquid: no other test stocks it, so its one lot is the one taken.
    const [prescribed, substitute] = [await med('ibuprofen', '400 mg'), await med('ibuprofen', '200 mg/5 mL')];
    const lot = await stock(substitute, 40);
    const rx = await signedRx(hub, clinic, [[prescribed, 10]]);
    const itemId = rx.items[0]!.id;
    const bare = await dispense(hub, clinic.pharmacist, rx.id, [{ itemId, quantity: 10, substituteMedicationId: substitute }]);
    expect(bare.statusCode).toBe(400);
    // Not an equivalent (another generic and class; controlled besides): refused whatever the reason.
    const morphine = await med('morphine', '10 mg');
    const unrelated = await dispense(hub, clinic.pharmacist, rx.id, [
      { itemId, quantity: 10, substituteMedicationId: morphine, substitutionReason: 'Out of ibuprofen' },
    ]);
    expect(unrelated.statusCode).toBe(400);
    expect(unrelated.json().details.field).toBe('substituteMedicationId');
    const reason = '400 mg tablets out of stock; oral liquid instead';
    const res = await dispense(hub, clinic.pharmacist, rx.id, [
      { itemId, quantity: 10, substituteMedicationId: substitute, substitutionReason: reason },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().lines).toEqual([expect.objectContaining({ lotId: lot, medicationId: substitute, substitutionReason: reason })]);
    const [stored] = await hub.app.db.select().from(dispenseLines).where(eq(dispenseLines.dispenseId, res.json().id));
    expect(stored).toMatchObject({ medicationId: substitute, substitutionReason: reason, itemId });
    // The prescriber (and the patient) see what was handed out instead, and why.
    for (const reader of [clinic.doctor, clinic.patient]) {
      const history = await hub.app.inject({ method: 'GET', url: `/api/prescriptions/${rx.id}/dispenses`, headers: bearer(reader.token) });
      expect(history.statusCode).toBe(200);
      expect(history.json().dispenses.at(-1).lines).toEqual([
        expect.objectContaining({ itemId, medicationId: substitute, substituted: true, substitutionReason: reason, quantity: 10 }),
      ]);
    }
    const desk = await hub.app.inject({
      method: 'GET',
      url: `/api/prescriptions/${rx.id}/dispenses`,
      headers: bearer(clinic.receptionist.token),
    });
    expect(desk.statusCode).toBe(403);
  });
});

describe('hold, release, close', () => {
  it('a held prescription is NOT_DISPENSABLE until released; a closed one for good', async () => {
    const medId = await med('paracetamol', '500 mg');
    await stock(medId, 10);
    const rx = await signedRx(hub, clinic, [[medId, 1]]);
    const held = await pharmacyAction(hub, clinic.pharmacist, rx.id, 'hold', 'Dose to confirm with the prescriber');
    expect(held.json()).toMatchObject({ status: 'active', holdReason: 'Dose to confirm with the prescriber' });
    expect((await pharmacyAction(hub, clinic.pharmacist, rx.id, 'hold', 'again')).json().code).toBe('NOT_DISPENSABLE');
    const blocked = await dispense(hub, clinic.pharmacist, rx.id, everything(rx));
    expect(blocked.json()).toMatchObject({ code: 'NOT_DISPENSABLE' });
    expect((await pharmacyAction(hub, clinic.pharmacist, rx.id, 'release')).json()).toMatchObject({ holdReason: null });
    expect((await dispense(hub, clinic.pharmacist, rx.id, everything(rx))).statusCode).toBe(201);

    const other = await signedRx(hub, clinic, [[medId, 1]]);
    const closed = await pharmacyAction(hub, clinic.pharmacist, other.id, 'close', 'Patient moved abroad');
    expect(closed.json()).toMatchObject({ status: 'cancelled' });
    expect((await dispense(hub, clinic.pharmacist, other.id, everything(other))).json().code).toBe('NOT_DISPENSABLE');
    expect((await pharmacyAction(hub, clinic.pharmacist, other.id, 'release')).json().code).toBe('NOT_DISPENSABLE');
  });
});

describe('a long queue', () => {
  it('says it is truncated and how many wait, instead of hiding the newest unsaid', async () => {
    const medId = await med('paracetamol', '500 mg');
    await signedRx(hub, clinic, [[medId, 2]]);
    await signedRx(hub, clinic, [[medId, 2]]);
    const full = await pharmacyQueue(hub.app.db, clinic.location.id);
    expect(full.truncated).toBe(false);
    expect(full.total).toBe(full.prescriptions.length);
    const cut = await pharmacyQueue(hub.app.db, clinic.location.id, 1);
    expect(cut).toMatchObject({ total: full.total, truncated: true });
    expect(cut.prescriptions).toHaveLength(1);
  });
});
