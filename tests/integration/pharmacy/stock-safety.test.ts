// Stock never goes below zero however many dispenses race for it, and a retried dispense (same
// Idempotency-Key) moves stock once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DispensingClinic, dispense, dispensingClinic, everything, signedRx } from '../../support/dispensing.js';
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

describe('concurrent dispenses', () => {
  it('20 dispenses of 1 against 10 on hand: exactly 10 succeed, 10 INSUFFICIENT_STOCK, the lot ends at 0 and the ledger agrees', async () => {
    const medId = await medicationId(hub, clinic.doctor, 'amoxicillin', '500 mg');
    const lot = await receiveLot(hub, { locationId: clinic.location.id, medicationId: medId, quantity: 10 });
    // Twenty prescriptions, so the race is on the lot and not on one prescription's row.
    const scripts = [];
    for (let i = 0; i < 20; i++) scripts.push(await signedRx(hub, clinic, [[medId, 1]]));
    const results = await Promise.all(scripts.map((rx) => dispense(hub, clinic.pharmacist, rx.id, everything(rx))));
    const codes = results.map((r) => (r.statusCode === 201 ? 'ok' : r.json().code));
    expect(codes.filter((c) => c === 'ok')).toHaveLength(10);
    expect(codes.filter((c) => c === 'INSUFFICIENT_STOCK')).toHaveLength(10);
    expect(await lotBalance(hub, lot)).toEqual({ onHand: 0, ledger: 0, dispensed: 10 });
  });
});

describe('Idempotency-Key', () => {
  it('a retried dispense replays the answer and moves stock once, concurrent retries included', async () => {
    const medId = await medicationId(hub, clinic.doctor, 'paracetamol', '500 mg');
    const lot = await receiveLot(hub, { locationId: clinic.location.id, medicationId: medId, quantity: 50 });
    const rx = await signedRx(hub, clinic, [[medId, 20]]);
    const part = [{ itemId: rx.items[0]!.id, quantity: 5 }];
    const first = await dispense(hub, clinic.pharmacist, rx.id, part, 'dispense-key-0001');
    expect(first.statusCode, first.body).toBe(201);
    const retries = await Promise.all([1, 2, 3].map(() => dispense(hub, clinic.pharmacist, rx.id, part, 'dispense-key-0001')));
    for (const retry of retries) {
      expect(retry.statusCode).toBe(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.json()).toEqual(first.json());
    }
    // Two racing first attempts under one new key: one dispense, one replay.
    const racing = await Promise.all([1, 2].map(() => dispense(hub, clinic.pharmacist, rx.id, part, 'dispense-key-0002')));
    expect(racing.map((r) => r.statusCode)).toEqual([201, 201]);
    expect(racing[0]!.json().id).toBe(racing[1]!.json().id);
    expect(await lotBalance(hub, lot)).toEqual({ onHand: 40, ledger: 40, dispensed: 10 });
    // The same key for another request is refused.
    const reused = await dispense(hub, clinic.pharmacist, rx.id, [{ itemId: rx.items[0]!.id, quantity: 1 }], 'dispense-key-0001');
    expect(reused.statusCode).toBe(422);
    expect(reused.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});

describe('dispenses of many medicines at once', () => {
  it('12 visits’ dispenses racing over different lots: every one 201, their invoices numbered without a gap or a repeat', async () => {
    const ids = new Set<string>();
    for (const q of ['paracetamol', 'ibuprofen', 'amoxicillin', 'omeprazole', 'metformin', 'amlodipine', 'cetirizine', 'salbutamol'])
      for (const m of (
        await hub.app.inject({
          method: 'GET',
          url: `/api/medications?query=${q}`,
          headers: { authorization: `Bearer ${clinic.doctor.token}` },
        })
      ).json().medications as { id: string }[])
        if (ids.size < 12) ids.add(m.id);
    expect(ids.size).toBe(12);
    const scripts = [];
    for (const medId of ids) {
      await receiveLot(hub, { locationId: clinic.location.id, medicationId: medId, quantity: 10 });
      scripts.push(await signedRx(hub, clinic, [[medId, 1]]));
    }
    const before = await hub.app.mysql.pool.query('SELECT COALESCE(MAX(last_number), 0) AS n FROM billing_counters WHERE kind = ?', [
      'invoice',
    ]);
    const results = await Promise.all(scripts.map((rx) => dispense(hub, clinic.pharmacist, rx.id, everything(rx))));
    expect(results.map((r) => r.statusCode)).toEqual(scripts.map(() => 201));
    // Each visit had no invoice yet: twelve new ones, numbered on from the counter, none twice.
    const [rows] = await hub.app.mysql.pool.query(
      `SELECT number FROM invoices WHERE appointment_id IN (${scripts.map(() => '?').join(',')}) ORDER BY number`,
      scripts.map((rx) => (rx as unknown as { appointmentId: string }).appointmentId),
    );
    const numbers = (rows as { number: string }[]).map((r) => Number(r.number.slice(-6)));
    const start = ((before[0] as { n: number }[])[0]?.n ?? 0) + 1;
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => start + i));
  });
});
