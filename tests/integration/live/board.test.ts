// Live board and queue over Socket.IO on two server nodes sharing Redis: updates cross nodes
// with the right seq, dropped screens recover what they missed (or re-sync from a snapshot),
// access is checked on the handshake and on every subscription, screens never see private data,
// and a node that crashed between commit and publish is covered by the relay, exactly once.
import { createSigner } from 'fast-jwt';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../../server/app.js';
import { type Actor, bearer, createLocation, display, patient } from '../../support/factories.js';
import { bookableClinic, todayAt, zoneWhereItIsMorning } from '../../support/scheduling.js';
import { client, connectError, connected, emitAck, recorder } from '../../support/sockets.js';
import { listenOnLoopback, startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let nodeB: App;
let urlA: string;
let urlB: string;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;
let screen: Actor;
const sockets: Socket[] = [];
const { zone, offsetHours } = zoneWhereItIsMorning();

const listen = listenOnLoopback;
const open = (base: string, token: string, extra: { origin?: string } = {}) => {
  const s = client(base, token, extra);
  sockets.push(s);
  return s;
};

beforeAll(async () => {
  // A short adapter stream, so a test can overrun it.
  // The relay runs only when a test calls it (publishSoon), so its timing cannot race a check.
  hub = await startTestHub({}, { socketStreamMaxLen: 200, live: { relayIntervalMs: 0 } });
  nodeB = await buildApp(hub.config, { socketStreamMaxLen: 200, live: { relayIntervalMs: 0 } });
  urlA = await listen(hub.app);
  urlB = await listen(nodeB);
  clinic = await bookableClinic(hub, zone);
  screen = await display(hub, clinic.location.id);
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await nodeB.close();
  await hub.close();
});

const walkIn = async (base: string) => {
  const p = await patient(hub, false);
  const res = await fetch(`${base}/api/walk-ins`, {
    method: 'POST',
    headers: { ...bearer(clinic.receptionist.token), 'content-type': 'application/json' },
    body: JSON.stringify({ doctorId: clinic.doctor.doctorId, patientId: p.patientId, reason: 'Secret reason' }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; ticket: string };
};

type Board = { seq: number; locationId: string; doctors: { doctorId: string; waiting: { ticket: string }[] }[] };
const waitingTickets = (b: Board) => b.doctors.find((d) => d.doctorId === clinic.doctor.doctorId)?.waiting.map((w) => w.ticket) ?? [];

/** Every key a board payload may carry: anything else on a screen is a leak. */
const BOARD_KEYS = new Set([
  'locationId',
  'seq',
  'generatedAt',
  'doctors',
  'doctorId',
  'name',
  'room',
  'delayMinutes',
  'nowServing',
  'ticket',
  'waiting',
  'etaMinutes',
  'patientLabel',
  'recentCalls',
  'doctorName',
  'calledAt',
]);
function assertBoardAllowList(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) assertBoardAllowList(item);
    return;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      expect(BOARD_KEYS.has(k), `unexpected board field "${k}"`).toBe(true);
      assertBoardAllowList(v);
    }
  }
}
const screenTraffic: string[] = [];

describe('across two nodes', () => {
  it('a display on node A receives the board change of a check-in made through node B, seq + 1', async () => {
    const socket = open(urlA, screen.token);
    socket.onAny((event, payload) => screenTraffic.push(`${event} ${JSON.stringify(payload)}`));
    await connected(socket);
    const updates = recorder<Board>(socket, 'board:update');
    const ack = await emitAck<{ ok: boolean; board: Board }>(socket, 'board:subscribe', { locationId: clinic.location.id });
    expect(ack.ok).toBe(true);
    const s0 = ack.board.seq;
    // Booked and checked in through node B.
    const p = await patient(hub);
    const booked = await fetch(`${urlB}/api/appointments`, {
      method: 'POST',
      headers: { ...bearer(clinic.receptionist.token), 'content-type': 'application/json' },
      body: JSON.stringify({
        doctorId: clinic.doctor.doctorId,
        patientId: p.patientId,
        startAt: todayAt(offsetHours, '17:00'),
        reason: 'Chest pain',
      }),
    });
    expect(booked.status).toBe(201);
    const { id } = (await booked.json()) as { id: string };
    const checkIn = await fetch(`${urlB}/api/appointments/${id}/check-in`, { method: 'POST', headers: bearer(clinic.receptionist.token) });
    const { ticket } = (await checkIn.json()) as { ticket: string };
    const [update] = await updates.count(1);
    expect(update!.seq).toBe(s0 + 1);
    expect(waitingTickets(update!)).toContain(ticket);
    assertBoardAllowList(update);
  });
});

describe('dropped connections', () => {
  it('a screen away for a moment gets the three changes it missed, in order', async () => {
    const socket = open(urlA, screen.token);
    socket.onAny((event, payload) => screenTraffic.push(`${event} ${JSON.stringify(payload)}`));
    await connected(socket);
    const synced = recorder(socket, 'live:synced');
    const ack = await emitAck<{ board: Board }>(socket, 'board:subscribe', { locationId: clinic.location.id });
    const s0 = ack.board.seq;
    const updates = recorder<Board>(socket, 'board:update');
    // The socket is recoverable once it holds an offset in the stream: the live:synced broadcast.
    await synced.count(1);
    // Drop the network under the socket and keep it down while three changes happen.
    socket.io.reconnection(false);
    const down = new Promise((resolve) => socket.once('disconnect', resolve));
    socket.io.engine.close();
    await down;
    const tickets: string[] = [];
    for (let i = 0; i < 3; i++) tickets.push((await walkIn(urlB)).ticket);
    await nodeB.live.publishSoon();
    socket.io.reconnection(true);
    socket.connect();
    await connected(socket);
    expect(socket.recovered).toBe(true);
    const got = await updates.count(3);
    expect(got.map((b) => b.seq)).toEqual([s0 + 1, s0 + 2, s0 + 3]);
    for (const t of tickets) expect(waitingTickets(got[2]!)).toContain(t);
  });

  it('a screen that missed more than the stream holds is not recovered and re-syncs from a snapshot', async () => {
    const socket = open(urlA, screen.token);
    await connected(socket);
    const s0 = (await emitAck<{ board: Board }>(socket, 'board:subscribe', { locationId: clinic.location.id })).board.seq;
    socket.io.reconnection(false);
    const down = new Promise((resolve) => socket.once('disconnect', resolve));
    socket.io.engine.close();
    await down;
    const missed = (await walkIn(urlB)).ticket;
    await nodeB.live.publishSoon();
    // Flood the adapter's stream far past its length so the screen's offset is trimmed away,
    // and wait until Redis has trimmed it (bounded polling: there is no event for this).
    const stream = `${hub.config.redisPrefix}:socket.io`;
    for (let i = 0; i < 2_000; i++) hub.app.io.to('nobody-listens').emit('display:reload', { at: String(i) });
    let tries = 0;
    while ((await hub.app.redis.xlen(stream)) > 1_000 && tries++ < 500) await hub.app.redis.ping();
    socket.io.reconnection(true);
    socket.connect();
    await connected(socket);
    expect(socket.recovered).toBe(false);
    // What a client does when not recovered: subscribe again and take the snapshot.
    const snapshot = (await emitAck<{ board: Board }>(socket, 'board:subscribe', { locationId: clinic.location.id })).board;
    expect(snapshot.seq).toBeGreaterThanOrEqual(s0 + 1);
    expect(waitingTickets(snapshot)).toContain(missed);
  });
});

describe('access', () => {
  it('refuses a wrong token, an expired token and a bad Origin at the handshake', async () => {
    expect(await connectError(open(urlA, 'not-a-token-at-all'))).toBe('unauthorized');
    const expired = createSigner({ key: hub.config.jwtSecret, iss: 'clinic-hub', expiresIn: 1000, clockTimestamp: Date.now() - 60_000 })({
      sub: clinic.admin.userId,
      role: 'admin',
    });
    expect(await connectError(open(urlA, expired))).toBe('unauthorized');
    const badOrigin = await connectError(open(urlA, clinic.admin.token, { origin: 'https://evil.example' }));
    expect(badOrigin).not.toBe('');
  });

  it('another location’s screen and patients are refused subscriptions, and get none of the traffic', async () => {
    const other = await display(hub, (await createLocation(hub)).id);
    const stranger = open(urlA, other.token);
    await connected(stranger);
    const leaked: string[] = [];
    stranger.onAny((event) => leaked.push(event));
    const refused = await emitAck<{ ok: boolean; error: { code: string } }>(stranger, 'board:subscribe', {
      locationId: clinic.location.id,
    });
    expect(refused).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } });
    const queueTry = await emitAck<{ ok: boolean; error: { code: string } }>(stranger, 'queue:subscribe', {
      doctorId: clinic.doctor.doctorId,
    });
    expect(queueTry.error.code).toBe('FORBIDDEN');

    const pat = open(urlA, clinic.patient.token);
    await connected(pat);
    const patientTry = await emitAck<{ ok: boolean; error: { code: string } }>(pat, 'queue:subscribe', {
      doctorId: clinic.doctor.doctorId,
    });
    expect(patientTry.error.code).toBe('FORBIDDEN');
    const bad = await emitAck<{ ok: boolean; error: { code: string } }>(pat, 'board:subscribe', { locationId: { $gt: '' } });
    expect(bad.error.code).toBe('VALIDATION_FAILED');

    // A change at the clinic: a subscribed staff socket sees it, the refused ones see nothing.
    const desk = open(urlA, clinic.receptionist.token);
    await connected(desk);
    await emitAck(desk, 'board:subscribe', { locationId: clinic.location.id });
    const deskUpdates = recorder(desk, 'board:update');
    await walkIn(urlA);
    await deskUpdates.count(1);
    expect(leaked.filter((e) => e.startsWith('board') || e.startsWith('queue'))).toEqual([]);
  });

  it('a doctor subscribes to their own queue and sees names there; not to another doctor’s', async () => {
    const doc = open(urlA, clinic.doctor.token);
    await connected(doc);
    const ack = await emitAck<{ ok: boolean; queue: { waiting: { patient: { name: string } }[] } }>(doc, 'queue:subscribe', {
      doctorId: clinic.doctor.doctorId,
    });
    expect(ack.ok).toBe(true);
    expect(ack.queue.waiting.length).toBeGreaterThan(0);
    expect(ack.queue.waiting[0]!.patient.name).toMatch(/ /);
    const other = await emitAck<{ ok: boolean }>(doc, 'queue:subscribe', { doctorId: '01JAAAAAAAAAAAAAAAAAAAAAAA' });
    expect(other.ok).toBe(false);
  });
});

describe('privacy', () => {
  it('nothing a screen received carried a name, reason, birth date or phone', () => {
    expect(screenTraffic.length).toBeGreaterThan(0);
    const all = screenTraffic.join('\n');
    expect(all).not.toMatch(/Paula|Patient|Secret reason|Chest pain|1980-04-02|\+49 151/);
  });
});

describe('crash between commit and publish', () => {
  it('the relay delivers the change, exactly once', async () => {
    // A node that commits but never publishes (its fast path is off, as if it crashed after
    // the commit), and a relay on another node.
    const crashing = await buildApp(hub.config, { live: { publishAfterResponse: false, relayIntervalMs: 0 } });
    const crashingUrl = await listen(crashing);
    try {
      const socket = open(urlA, screen.token);
      await connected(socket);
      const s0 = (await emitAck<{ board: Board }>(socket, 'board:subscribe', { locationId: clinic.location.id })).board.seq;
      const updates = recorder<Board>(socket, 'board:update');
      const { ticket } = await walkIn(crashingUrl);
      expect(updates.seen).toHaveLength(0);
      await hub.app.live.publishSoon(); // the relay's pass
      const [update] = await updates.count(1);
      expect(update!.seq).toBe(s0 + 1);
      expect(waitingTickets(update!)).toContain(ticket);
      // Another relay pass, on either node, publishes nothing again.
      await Promise.all([hub.app.live.publishSoon(), nodeB.live.publishSoon()]);
      const probe = open(urlA, screen.token);
      await connected(probe);
      await emitAck(probe, 'board:subscribe', { locationId: clinic.location.id });
      expect(updates.seen).toHaveLength(1);
    } finally {
      await crashing.close();
    }
  });
});

describe('revocation', () => {
  it('revoking a screen and deactivating a login close their open sockets, and they cannot come back', async () => {
    const created = await fetch(`${urlA}/api/displays`, {
      method: 'POST',
      headers: { ...bearer(clinic.admin.token), 'content-type': 'application/json' },
      body: JSON.stringify({ locationId: clinic.location.id, name: 'Soon revoked' }),
    });
    const { id, token } = (await created.json()) as { id: string; token: string };
    const screenSocket = open(urlB, token);
    await connected(screenSocket);
    await emitAck(screenSocket, 'board:subscribe', { locationId: clinic.location.id });
    const screenGone = new Promise<string>((resolve) => screenSocket.once('disconnect', (reason) => resolve(reason)));
    // Revoked through node A; the socket lives on node B.
    expect((await fetch(`${urlA}/api/displays/${id}`, { method: 'DELETE', headers: bearer(clinic.admin.token) })).status).toBe(204);
    expect(await screenGone).toBe('io server disconnect');
    screenSocket.connect();
    expect(await connectError(screenSocket)).toBe('unauthorized');

    const staffer = await (await import('../../support/factories.js')).staff(hub, 'receptionist');
    const deskSocket = open(urlA, staffer.token);
    await connected(deskSocket);
    const deskGone = new Promise<string>((resolve) => deskSocket.once('disconnect', (reason) => resolve(reason)));
    expect((await fetch(`${urlB}/api/users/${staffer.userId}`, { method: 'DELETE', headers: bearer(clinic.admin.token) })).status).toBe(
      204,
    );
    expect(await deskGone).toBe('io server disconnect');
    deskSocket.connect();
    expect(await connectError(deskSocket)).toBe('unauthorized');
  });
});

describe('a publish that fails', () => {
  it('gives its event back to the outbox, and the next pass delivers it', async () => {
    const socket = open(urlA, screen.token);
    await connected(socket);
    const s0 = (await emitAck<{ board: Board }>(socket, 'board:subscribe', { locationId: clinic.location.id })).board.seq;
    const updates = recorder<Board>(socket, 'board:update');
    // Redis hiccups once while node B publishes (the fault is injected in the sequence step).
    const sequences = nodeB.live.sequences;
    const original = sequences.next.bind(sequences);
    let failures = 0;
    sequences.next = async (...args) => {
      if (failures++ === 0) throw new Error('simulated Redis failure');
      return original(...args);
    };
    try {
      const { ticket } = await walkIn(urlB);
      await nodeB.live.publishSoon();
      expect(failures).toBeGreaterThan(0);
      await nodeB.live.publishSoon(); // the relay's next pass
      const got = await updates.count(1);
      expect(got[0]!.seq).toBeGreaterThan(s0);
      expect(waitingTickets(got.at(-1)!)).toContain(ticket);
    } finally {
      sequences.next = original;
    }
  });
});
