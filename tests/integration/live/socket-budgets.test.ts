// Per-socket event budgets with the production allowances: a flood from one client is refused
// (RATE_LIMITED acks, dropped typing) and the socket cut off (`limits:disconnect`), while another
// user's requests keep their pace. Repeated subscriptions: repeat-subscriptions.test.ts.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { bearer, display, patient } from '../../support/factories.js';
import { at, bookableClinic } from '../../support/scheduling.js';
import { type Ack, connected, emitAck, recorder, socketPool } from '../../support/sockets.js';
import { listenOnLoopback, startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let base: string;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;
const sockets = socketPool();
const open = (token: string) => sockets.open(base, token);

beforeAll(async () => {
  // Production socket budgets (an empty value is the default).
  hub = await startTestHub({ SOCKET_BUDGET_SCALE: '', SOCKET_MAX_REFUSALS: '' });
  base = await listenOnLoopback(hub.app);
  clinic = await bookableClinic(hub);
  for (const [i, hhmm] of ['09:00', '09:15', '09:30', '10:00', '10:15'].entries()) {
    const res = await hub.app.inject({
      method: 'POST',
      url: '/api/appointments',
      headers: bearer(clinic.receptionist.token),
      payload: { doctorId: clinic.doctor.doctorId, patientId: clinic.patient.patientId, startAt: at(1 + i, hhmm) },
    });
    expect(res.statusCode).toBe(201);
  }
});
afterAll(async () => {
  sockets.closeAll();
  await hub.close();
});

/** Latencies (ms) of `n` requests of the receptionist, one after the other, over real HTTP. */
async function timeRequests(n: number): Promise<number[]> {
  const url = `${base}/api/appointments?doctorId=${clinic.doctor.doctorId}`;
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    const res = await fetch(url, { headers: bearer(clinic.receptionist.token) });
    await res.arrayBuffer();
    times.push(performance.now() - started);
    expect(res.status).toBe(200);
  }
  return times;
}

interface FloodTally {
  sent: number;
  ok: number;
  limited: number;
  connects: number;
  cuts: number;
  refusedConnects: number;
  seconds: number;
}

/** tests/support/flooder.ts in a process of its own; `next(type)` waits for its next line of that type. */
function startFlooder(settings: { url: string; token: string; event: string; payload: unknown; perSecond: number }) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/flooder.ts'], {
    env: { PATH: process.env.PATH, FLOOD: JSON.stringify(settings) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  onTestFinished(() => {
    child.kill();
  });
  const notices: unknown[] = [];
  const waiting: { type: string; resolve: (line: Record<string, unknown>) => void }[] = [];
  createInterface({ input: child.stdout! }).on('line', (text) => {
    const line = JSON.parse(text) as { type: string; notice?: unknown };
    if (line.type === 'notice') notices.push(line.notice);
    const i = waiting.findIndex((w) => w.type === line.type);
    if (i >= 0) waiting.splice(i, 1)[0]!.resolve(line);
  });
  const next = (type: string) => new Promise<Record<string, unknown>>((resolve) => waiting.push({ type, resolve }));
  return {
    notices,
    next,
    stop() {
      const done = next('done');
      child.stdin!.write('stop\n');
      return done;
    },
  };
}

const p99 = (times: number[]) => [...times].sort((a, b) => a - b)[Math.ceil(times.length * 0.99) - 1]!;

/**
 * Emits `event` at `perSecond` from `socket` until stopped, reconnecting at once when the server
 * cuts it off (as the web client does). Counts the answers and the notices.
 */
function flood(socket: Socket, event: string, payload: (i: number) => unknown, perSecond: number, acked = true) {
  const tally = { sent: 0, ok: 0, limited: 0, other: 0, notices: [] as unknown[], cuts: 0, connects: socket.connected ? 1 : 0 };
  socket.on('limits:disconnect', (notice: unknown) => tally.notices.push(notice));
  socket.on('connect', () => tally.connects++);
  socket.on('disconnect', (reason) => {
    if (reason !== 'io server disconnect') return;
    tally.cuts++;
    if (running) socket.connect();
  });
  const onAck = (answer: Ack) => {
    if (answer.ok) tally.ok++;
    else if (answer.error?.code === 'RATE_LIMITED') tally.limited++;
    else tally.other++;
  };
  let running = true;
  const started = performance.now();
  onTestFinished(() => {
    running = false;
    clearInterval(timer);
  });
  // Catch up on every tick, so the rate holds even when timers fire late on a busy machine.
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - started) / 1000) * perSecond);
    while (tally.sent < due) {
      const i = tally.sent++;
      if (!socket.connected) continue; // a cut-off client's events never reach the server
      if (acked) socket.emit(event, payload(i), onAck);
      else socket.emit(event, payload(i));
    }
  }, 5);
  return {
    tally,
    stop() {
      running = false;
      clearInterval(timer);
      return { ...tally, seconds: (performance.now() - started) / 1000 };
    },
  };
}

describe('a flood from one client', () => {
  it('2,000 board:subscribe a second from one screen: refused and cut off, while another user’s p99 stays within 2× of a quiet run', async () => {
    await timeRequests(30); // warm-up: connections, JIT, caches
    // Each round: 100 requests of the receptionist on a quiet hub, then the same 100 while a new
    // screen floods from a process of its own (as from another machine), for as long as they last.
    // The machine is shared, so one pause elsewhere can land in a run's tail: a round over 2× is
    // measured again, five rounds at most (a p99 of 100 requests is their slowest one or two). Without the budgets every round is far over (the
    // finding: ~10 ms became 1.2–5.4 s).
    const rounds: string[] = [];
    let best = Number.POSITIVE_INFINITY;
    for (let round = 1; round <= 5 && best > 2; round++) {
      const quiet = await timeRequests(100);
      const screen = await display(hub, clinic.location.id);
      const flooder = startFlooder({
        url: base,
        token: screen.token,
        event: 'board:subscribe',
        payload: { locationId: clinic.location.id },
        perSecond: 2_000,
      });
      await flooder.next('connected');
      const during = await timeRequests(100);
      const { tally } = (await flooder.stop()) as { tally: FloodTally };
      const ratio = p99(during) / p99(quiet);
      best = Math.min(best, ratio);
      rounds.push(
        `round ${round}: ${Math.round(tally.sent / tally.seconds)} events/s for ${tally.seconds.toFixed(1)} s, ${tally.ok} answered, ` +
          `${tally.limited} refused, cut off ${tally.cuts}×, ${tally.refusedConnects} handshakes refused; ` +
          `p99 quiet ${p99(quiet).toFixed(1)} ms, during ${p99(during).toFixed(1)} ms, ratio ${ratio.toFixed(2)}`,
      );
      expect(tally.sent / tally.seconds).toBeGreaterThan(1_500);
      // The screen was limited: its burst (10) at most, then refusals until it was cut off with a
      // notice saying why; after that its token was refused at the handshake for a while.
      expect(tally.ok).toBeLessThanOrEqual(tally.connects * (10 + Math.ceil(tally.seconds)));
      expect(tally.limited).toBeGreaterThan(0);
      expect(tally.cuts).toBeGreaterThan(0);
      expect(flooder.notices[0]).toEqual({ code: 'RATE_LIMITED', message: expect.any(String), retryAfterSeconds: 10 });
    }
    console.info(`socket flood\n${rounds.join('\n')}`);
    expect(best).toBeLessThanOrEqual(2);
  }, 180_000);

  describe('in a thread', () => {
    let threadId: string;
    let patientSocket: Socket;
    let doctorSocket: Socket;
    let day = 20;

    /**
     * A new patient with a visit and a thread with the doctor, both in the thread: a socket cut off
     * for flooding has its token refused at the handshake for a while, so each flood has its own.
     */
    async function joinBoth() {
      const who = await patient(hub);
      const booked = await hub.app.inject({
        method: 'POST',
        url: '/api/appointments',
        headers: bearer(clinic.receptionist.token),
        payload: { doctorId: clinic.doctor.doctorId, patientId: who.patientId, startAt: at(day++, '11:00') },
      });
      expect(booked.statusCode).toBe(201);
      const opened = await hub.app.inject({
        method: 'POST',
        url: '/api/threads',
        headers: bearer(who.token),
        payload: { doctorId: clinic.doctor.doctorId },
      });
      threadId = opened.json().id;
      patientSocket = open(who.token);
      doctorSocket = open(clinic.doctor.token);
      await Promise.all([connected(patientSocket), connected(doctorSocket)]);
      for (const s of [patientSocket, doctorSocket]) expect((await emitAck<Ack>(s, 'thread:join', { threadId })).ok).toBe(true);
      return who;
    }

    const storedMessages = async () => {
      const res = await hub.app.inject({
        method: 'GET',
        url: `/api/threads/${threadId}/messages?limit=100`,
        headers: bearer(clinic.doctor.token),
      });
      return (res.json() as { messages: { clientMessageId: string }[] }).messages.filter((m) => m.clientMessageId.startsWith('flood'));
    };

    it('2,000 message:send a second from a patient store at most the budget; the rest are refused and the socket cut off', async () => {
      await joinBoth();
      const cut = recorder(patientSocket, 'limits:disconnect').count(1);
      const storm = flood(
        patientSocket,
        'message:send',
        (i) => ({ threadId, clientMessageId: `flood-${i}-xxxx`, body: `hello ${i}` }),
        2_000,
      );
      await cut;
      const result = storm.stop();
      const stored = await storedMessages();
      // A burst of 10 and one a second after it, on each connection.
      expect(stored.length).toBeGreaterThan(0);
      expect(stored.length).toBeLessThanOrEqual(result.connects * (10 + Math.ceil(result.seconds)));
      expect(result.limited).toBeGreaterThan(0);
    });

    it('2,000 typing events a second: at most the budget is relayed, then the socket is cut off', async () => {
      const who = await joinBoth();
      const relayed = recorder(doctorSocket, 'typing');
      const cut = recorder(patientSocket, 'limits:disconnect').count(1);
      const storm = flood(patientSocket, 'typing', (i) => ({ threadId, isTyping: i % 2 === 0 }), 2_000, false);
      await cut;
      const result = storm.stop();
      // A message sent after the flood reaches the doctor after every typing event relayed before it.
      const after = recorder(doctorSocket, 'message:new');
      await hub.app.inject({
        method: 'POST',
        url: `/api/threads/${threadId}/messages`,
        headers: bearer(who.token),
        payload: { clientMessageId: 'after-the-typing-flood', body: 'Done typing' },
      });
      await after.count(1);
      expect(relayed.seen.length).toBeGreaterThan(0);
      expect(relayed.seen.length).toBeLessThanOrEqual(result.connects * (10 + 2 * Math.ceil(result.seconds)));
    });
  });
});
