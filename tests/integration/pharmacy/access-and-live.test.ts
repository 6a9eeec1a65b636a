// The live dispensing queue across two server nodes sharing Redis (a prescription signed through
// node A reaches a pharmacy socket on node B; a dispense updates it), and who may do what: only a
// pharmacist of the prescription's location dispenses or subscribes; admins read the queue.

import { isNull } from 'drizzle-orm';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxEvents } from '../../../db/schema/index.js';
import { type App, buildApp } from '../../../server/app.js';
import type { PharmacyQueuePayload } from '../../../server/modules/live/events.js';
import { appendEvent } from '../../../server/modules/outbox/repository.js';
import { type DispensingClinic, dispense, dispensingClinic, everything, pharmacyAction, signedRx } from '../../support/dispensing.js';
import { type Actor, bearer, display } from '../../support/factories.js';
import { medicationId } from '../../support/prescribing.js';
import { client, connected, emitAck, recorder } from '../../support/sockets.js';
import { receiveLot } from '../../support/stock.js';
import { listenOnLoopback, startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let nodeB: App;
let urlB: string;
let clinic: DispensingClinic;
let medId: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  hub = await startTestHub({}, { live: { relayIntervalMs: 0 } });
  nodeB = await buildApp(hub.config, { live: { relayIntervalMs: 0 } });
  await listenOnLoopback(hub.app);
  urlB = await listenOnLoopback(nodeB);
  clinic = await dispensingClinic(hub);
  medId = await medicationId(hub, clinic.doctor, 'amoxicillin', '500 mg');
  await receiveLot(hub, { locationId: clinic.location.id, medicationId: medId, quantity: 100 });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await nodeB.close();
  await hub.close();
});

async function openOnB(actor: Actor) {
  const socket = client(urlB, actor.token);
  sockets.push(socket);
  await connected(socket);
  return socket;
}

/** Resolves with the first update that satisfies `test`. */
function updateWhere(socket: Socket, test: (q: PharmacyQueuePayload) => boolean): Promise<PharmacyQueuePayload> {
  return new Promise((resolve) => {
    const listener = (q: PharmacyQueuePayload) => {
      if (!test(q)) return;
      socket.off('pharmacy:update', listener);
      resolve(q);
    };
    socket.on('pharmacy:update', listener);
  });
}

describe('the live queue', () => {
  it('a prescription signed through node A reaches a pharmacy socket on node B; dispensing it updates the queue', async () => {
    const socket = await openOnB(clinic.pharmacist);
    const ack = await emitAck<{ ok: boolean; queue: PharmacyQueuePayload }>(socket, 'pharmacy:subscribe', {
      locationId: clinic.location.id,
    });
    expect(ack).toMatchObject({ ok: true, queue: { locationId: clinic.location.id, prescriptions: [] } });
    const updates = recorder<PharmacyQueuePayload>(socket, 'pharmacy:update');

    const arrived = updateWhere(socket, (q) => q.prescriptions.length === 1);
    const rx = await signedRx(hub, clinic, [[medId, 4]]);
    const queue = await arrived;
    expect(queue.seq).toBeGreaterThan(ack.queue.seq);
    expect(queue.prescriptions[0]).toMatchObject({
      prescriptionId: rx.id,
      number: rx.number,
      status: 'active',
      holdReason: null,
      items: [{ itemId: rx.items[0]!.id, quantity: 4, dispensedQuantity: 0, remaining: 4, onHand: 100 }],
    });

    const partly = updateWhere(socket, (q) => q.prescriptions[0]?.status === 'partially_dispensed');
    expect((await dispense(hub, clinic.pharmacist, rx.id, [{ itemId: rx.items[0]!.id, quantity: 1 }])).statusCode).toBe(201);
    expect((await partly).prescriptions[0]!.items[0]).toMatchObject({ dispensedQuantity: 1, remaining: 3, onHand: 99 });

    const held = updateWhere(socket, (q) => q.prescriptions[0]?.holdReason !== null);
    await pharmacyAction(hub, clinic.pharmacist, rx.id, 'hold', 'Checking the dose');
    expect((await held).prescriptions[0]!.holdReason).toBe('Checking the dose');
    await pharmacyAction(hub, clinic.pharmacist, rx.id, 'release');

    const gone = updateWhere(socket, (q) => q.prescriptions.length === 0);
    expect((await dispense(hub, clinic.pharmacist, rx.id, [{ itemId: rx.items[0]!.id, quantity: 3 }])).statusCode).toBe(201);
    await gone;
    // Every update carries a higher seq than the one before.
    const seqs = updates.seen.map((u) => u.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });
});

describe('a burst of changes', () => {
  it('pushes the location’s queue once per publisher pass, not once per event', async () => {
    const socket = await openOnB(clinic.pharmacist);
    await emitAck(socket, 'pharmacy:subscribe', { locationId: clinic.location.id });
    const rx = await signedRx(hub, clinic, [[medId, 4]]);
    await updateWhere(socket, (q) => q.prescriptions.some((p) => p.prescriptionId === rx.id));
    const updates = recorder<PharmacyQueuePayload>(socket, 'pharmacy:update');
    // 30 events of the location committed together, as a busy dispensing minute leaves them.
    const payload = {
      prescriptionId: rx.id,
      number: rx.number,
      patientId: rx.patientId,
      doctorId: rx.doctorId,
      appointmentId: rx.appointmentId,
      locationId: clinic.location.id,
    };
    await hub.app.db.transaction(async (tx) => {
      for (let i = 0; i < 30; i++)
        await appendEvent(tx, { type: 'prescription.released', aggregateType: 'prescription', aggregateId: rx.id, payload });
    });
    await hub.app.live.publishSoon();
    await updates.count(1);
    // A marker event after the burst: its push is the next one, so nothing else was queued between.
    const marker = updateWhere(socket, () => true);
    await hub.app.db.transaction((tx) =>
      appendEvent(tx, { type: 'prescription.released', aggregateType: 'prescription', aggregateId: rx.id, payload }),
    );
    await hub.app.live.publishSoon();
    await marker;
    expect(updates.seen).toHaveLength(2);
    expect(await hub.app.db.select().from(outboxEvents).where(isNull(outboxEvents.publishedAt))).toEqual([]);
  });
});

describe('access', () => {
  it('pharmacy:subscribe: the location’s pharmacists and admins only', async () => {
    const payload = { locationId: clinic.location.id };
    expect(await emitAck(await openOnB(clinic.admin), 'pharmacy:subscribe', payload)).toMatchObject({ ok: true });
    // A live read of the queue (names, medicines) is audited like the HTTP one.
    const audit = hub.app.mongo.db.collection('audit_events');
    expect(
      await audit.countDocuments({
        action: 'socket pharmacy:subscribe',
        outcome: 'ok',
        actorId: clinic.admin.userId,
        targetId: clinic.location.id,
      }),
    ).toBe(1);
    const screen = await display(hub, clinic.location.id);
    for (const actor of [clinic.otherPharmacist, clinic.doctor, clinic.patient, clinic.receptionist, screen]) {
      expect(await emitAck(await openOnB(actor), 'pharmacy:subscribe', payload)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(await emitAck(await openOnB(clinic.pharmacist), 'pharmacy:subscribe', { ...payload, extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
  });

  it('a pharmacist of another location cannot dispense, hold, close or read the queue here; admins read it', async () => {
    const rx = await signedRx(hub, clinic, [[medId, 2]]);
    const other = clinic.otherPharmacist;
    expect((await dispense(hub, other, rx.id, everything(rx))).statusCode).toBe(403);
    expect((await pharmacyAction(hub, other, rx.id, 'hold', 'Not mine')).statusCode).toBe(403);
    expect((await pharmacyAction(hub, other, rx.id, 'close', 'Not mine')).statusCode).toBe(403);
    for (const actor of [clinic.doctor, clinic.patient, clinic.receptionist, clinic.admin])
      expect((await dispense(hub, actor, rx.id, everything(rx))).statusCode).toBe(403);
    const queue = (actor: Actor) =>
      hub.app.inject({ method: 'GET', url: `/api/pharmacy/queue?locationId=${clinic.location.id}`, headers: bearer(actor.token) });
    for (const actor of [other, clinic.doctor, clinic.patient, clinic.receptionist]) expect((await queue(actor)).statusCode).toBe(403);
    const read = await queue(clinic.admin);
    expect(read.statusCode).toBe(200);
    expect(read.json().prescriptions.map((p: { prescriptionId: string }) => p.prescriptionId)).toContain(rx.id);
    // Nothing moved: the right pharmacist still dispenses the whole fill.
    expect((await dispense(hub, clinic.pharmacist, rx.id, everything(rx))).json().prescriptionStatus).toBe('dispensed');
  });
});
