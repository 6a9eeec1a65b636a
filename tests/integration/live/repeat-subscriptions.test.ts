// A repeated subscription costs no database work: board:subscribe and queue:subscribe again from
// the same socket are answered from the node's view cache, thread:join and availability:subscribe
// again touch no store; after a change published by another node the snapshot is built afresh; a
// new screen after a change this node pushed gets the pushed board from the cache.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../../server/app.js';
import { boardView } from '../../../server/modules/scheduling/queue-service.js';
import { bearer, display, patient } from '../../support/factories.js';
import { at, bookableClinic } from '../../support/scheduling.js';
import { type Ack, connected, emitAck, recorder, socketPool } from '../../support/sockets.js';
import { listenOnLoopback, startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let nodeB: App;
let base: string;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;
const sockets = socketPool();
const open = (token: string) => sockets.open(base, token);

beforeAll(async () => {
  // Production socket budgets; the relay runs only when a test asks, so publishing is in its hands.
  hub = await startTestHub({ SOCKET_BUDGET_SCALE: '', SOCKET_MAX_REFUSALS: '' }, { live: { relayIntervalMs: 0 } });
  nodeB = await buildApp(hub.config, { live: { relayIntervalMs: 0 } });
  await nodeB.ready();
  base = await listenOnLoopback(hub.app);
  clinic = await bookableClinic(hub);
  const res = await hub.app.inject({
    method: 'POST',
    url: '/api/appointments',
    headers: bearer(clinic.receptionist.token),
    payload: { doctorId: clinic.doctor.doctorId, patientId: clinic.patient.patientId, startAt: at(1, '09:00') },
  });
  expect(res.statusCode).toBe(201);
});
afterAll(async () => {
  sockets.closeAll();
  await nodeB.close();
  await hub.close();
});

describe('a repeated subscription', () => {
  /** MySQL connections the app's pool hands out while `work` runs: every query takes one. */
  async function mysqlWork(work: () => Promise<unknown>): Promise<number> {
    let acquired = 0;
    const count = () => acquired++;
    hub.app.mysql.pool.on('acquire', count);
    try {
      await work();
    } finally {
      hub.app.mysql.pool.off('acquire', count);
    }
    return acquired;
  }

  it('board:subscribe and queue:subscribe again from the same socket answer the current view without a query', async () => {
    const staffSocket = open(clinic.receptionist.token);
    await connected(staffSocket);
    const board = () => emitAck<Ack & { board: { seq: number } }>(staffSocket, 'board:subscribe', { locationId: clinic.location.id });
    const queue = () => emitAck<Ack & { queue: { seq: number } }>(staffSocket, 'queue:subscribe', { doctorId: clinic.doctor.doctorId });
    const first = { board: await board(), queue: await queue() };
    expect(first.board.ok && first.queue.ok).toBe(true);

    let repeats: { board: { seq: number } }[] = [];
    expect(await mysqlWork(async () => (repeats = await Promise.all(Array.from({ length: 8 }, board))))).toBe(0);
    expect(repeats.map((r) => r.board)).toEqual(repeats.map(() => first.board.board));
    let queues: { queue: { seq: number } }[] = [];
    expect(await mysqlWork(async () => (queues = await Promise.all(Array.from({ length: 8 }, queue))))).toBe(0);
    expect(queues.map((r) => r.queue)).toEqual(queues.map(() => first.queue.queue));
  });

  it('after a change published by another node (a gap for the client), a repeat gets the new snapshot', async () => {
    const staffSocket = open(clinic.receptionist.token);
    await connected(staffSocket);
    const board = async () =>
      (
        await emitAck<{ board: { seq: number; doctors: { waiting: { ticket: string }[] }[] } }>(staffSocket, 'board:subscribe', {
          locationId: clinic.location.id,
        })
      ).board;
    const before = await board();
    const walkIn = await nodeB.inject({
      method: 'POST',
      url: '/api/walk-ins',
      headers: bearer(clinic.receptionist.token),
      payload: { doctorId: clinic.doctor.doctorId, patientId: (await patient(hub, false)).patientId },
    });
    expect(walkIn.statusCode).toBe(201);
    await nodeB.live.publishSoon();
    const after = await board();
    expect(after.seq).toBe(before.seq + 1);
    expect(after.doctors.flatMap((d) => d.waiting.map((w) => w.ticket))).toContain(walkIn.json().ticket);
    // Built once for the new seq; the next repeat is free again.
    expect(await mysqlWork(board)).toBe(0);
  });

  it('a board is one statement; screens subscribing after this node pushed a change get the pushed board, with no query', async () => {
    expect(await mysqlWork(() => boardView(hub.app.db, clinic.location.id))).toBe(1);
    const watcher = open(clinic.receptionist.token);
    const screens = await Promise.all(
      Array.from({ length: 3 }, async () => {
        const s = open((await display(hub, clinic.location.id)).token);
        await connected(s);
        return s;
      }),
    );
    await connected(watcher);
    await emitAck(watcher, 'board:subscribe', { locationId: clinic.location.id });
    const pushed = recorder<{ seq: number }>(watcher, 'board:update');
    const walkIn = await hub.app.inject({
      method: 'POST',
      url: '/api/walk-ins',
      headers: bearer(clinic.receptionist.token),
      payload: { doctorId: clinic.doctor.doctorId, patientId: (await patient(hub, false)).patientId },
    });
    expect(walkIn.statusCode).toBe(201);
    const [update] = await pushed.count(1);
    // The rest of the event (the doctor's queue, patients' places) queries too: let it finish, so
    // only the subscriptions are counted below.
    await hub.app.live.publishSoon();
    type BoardAck = Ack & { board: { seq: number; doctors: { waiting: { ticket: string }[] }[] } };
    let answers: BoardAck[] = [];
    const queries = await mysqlWork(async () => {
      answers = await Promise.all(screens.map((s) => emitAck<BoardAck>(s, 'board:subscribe', { locationId: clinic.location.id })));
    });
    expect(queries).toBe(0);
    for (const answer of answers) {
      expect(answer.board.seq).toBe(update!.seq);
      expect(answer.board.doctors.flatMap((d) => d.waiting.map((w) => w.ticket))).toContain(walkIn.json().ticket);
    }
  });

  it('thread:join and availability:subscribe again answer without touching a store', async () => {
    const opened = await hub.app.inject({
      method: 'POST',
      url: '/api/threads',
      headers: bearer(clinic.patient.token),
      payload: { doctorId: clinic.doctor.doctorId },
    });
    const threadId = opened.json().id as string;
    const s = open(clinic.patient.token);
    await connected(s);
    expect((await emitAck<Ack>(s, 'thread:join', { threadId })).ok).toBe(true);
    expect((await emitAck<Ack>(s, 'availability:subscribe', { doctorId: clinic.doctor.doctorId })).ok).toBe(true);
    const audited = async () => (await hub.app.mongo.db.collection('audit_events').countDocuments({ targetId: threadId })) as number;
    const entries = await audited();
    let answers: unknown[] = [];
    const queries = await mysqlWork(async () => {
      answers = await Promise.all([
        ...Array.from({ length: 5 }, () => emitAck(s, 'thread:join', { threadId, after: '01ARZ3NDEKTSV4RRFFQ69G5FAV' })),
        ...Array.from({ length: 5 }, () => emitAck(s, 'availability:subscribe', { doctorId: clinic.doctor.doctorId })),
      ]);
    });
    expect(queries).toBe(0);
    expect(answers).toEqual([...Array(5).fill({ ok: true, messages: [] }), ...Array(5).fill({ ok: true })]);
    expect(await audited()).toBe(entries);
  });
});
