// Redis restarted mid-day without its data (a crash, an OOM kill, a host move): the adapter's
// streams, seq counters, rate-limit counts and the revocation sets are gone at once. A real
// redis-server of the test's own is killed with SIGKILL and started again empty on the same port,
// under a hub and a worker that keep running: screens keep in step (no frozen board), sessions ended
// before stay ended (also on a node started afterwards), rate limits count again, and a reminder
// that fell due during the outage goes out afterwards, once.
import { Redis } from 'ioredis';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type App, buildApp } from '../../../server/app.js';
import { openQueues } from '../../../server/jobs/queues.js';
import { type Actor, bearer, display, patient, staff } from '../../support/factories.js';
import { offsetDueIn, smtpCatcher, startWorker } from '../../support/notifications.js';
import { bookableClinic, todayAt, walkInOver, zoneWhereItIsMorning } from '../../support/scheduling.js';
import { client, connected, emitAck, recorder } from '../../support/sockets.js';
import { type SpareRedis, spareRedis } from '../../support/spare-redis.js';
import { listenOnLoopback, startTestHub, type TestHub } from '../../support/test-hub.js';

type Board = { seq: number; doctors: { doctorId: string; waiting: { ticket: string }[] }[] };

const PER_USER = 50;
let redis: SpareRedis;
let hub: TestHub;
let url: string;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;
let screen: Actor;
let smtp: Awaited<ReturnType<typeof smtpCatcher>>;
const morning = zoneWhereItIsMorning();
const sockets: Socket[] = [];
const apps: App[] = [];

beforeAll(async () => {
  [redis, smtp] = await Promise.all([spareRedis(), smtpCatcher()]);
  hub = await startTestHub({ REDIS_URL: redis.url, RATE_LIMIT_PER_USER: String(PER_USER), SMTP_URL: smtp.url, QUIET_HOURS: 'off' });
  url = await listenOnLoopback(hub.app);
  clinic = await bookableClinic(hub, morning.zone);
  screen = await display(hub, clinic.location.id);
}, 120_000);
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  for (const app of apps) await app.close();
  await redis.start(); // the hub's clean-up needs it
  await hub?.close();
  await redis.close();
  await smtp.close();
});

const walkIn = () => walkInOver(url, hub, clinic);
const tickets = (b: Board) => b.doctors.find((d) => d.doctorId === clinic.doctor.doctorId)?.waiting.map((w) => w.ticket) ?? [];
const me = (base: string, token: string) => fetch(`${base}/api/me`, { headers: bearer(token) }).then((r) => r.status);

describe('Redis restarted without its data', () => {
  it('screens keep in step, ended sessions stay ended, and rate limits count again', async () => {
    const socket = client(url, screen.token);
    sockets.push(socket);
    await connected(socket);
    const updates = recorder<Board>(socket, 'board:update');
    await emitAck(socket, 'board:subscribe', { locationId: clinic.location.id });
    await walkIn();
    const [before] = await updates.count(1);

    // A session ended before the restart.
    const ended = await staff(hub, 'receptionist');
    const logout = await fetch(`${url}/api/auth/logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: ended.refreshToken }),
    });
    expect(logout.status).toBe(204);
    expect(await me(url, ended.token)).toBe(401);

    await redis.kill();
    // A check-in while Redis is down: taken (MySQL holds it) or refused with a 503, never a 500.
    const p = await patient(hub, false);
    const during = await fetch(`${url}/api/walk-ins`, {
      method: 'POST',
      headers: { ...bearer(clinic.receptionist.token), 'content-type': 'application/json' },
      body: JSON.stringify({ doctorId: clinic.doctor.doctorId, patientId: p.patientId }),
    });
    expect([201, 503]).toContain(during.status);
    const duringTicket = during.status === 201 ? ((await during.json()) as { ticket: string }).ticket : null;
    await redis.start();
    await vi.waitFor(async () => expect((await fetch(`${url}/health/ready`)).status).toBe(200), { timeout: 15_000, interval: 100 });

    // The next change reaches the screen, newer than anything it had, with the new patient on it.
    const ticket = await walkIn();
    // A check-in taken during the outage is on it too (the relay published what could not go out then).
    const expected = duringTicket ? [ticket, duringTicket] : [ticket];
    await vi.waitFor(
      () => expect(updates.seen.some((b) => b.seq > before!.seq && expected.every((t) => tickets(b).includes(t)))).toBe(true),
      {
        timeout: 15_000,
        interval: 50,
      },
    );

    // The ended session is refused by this node, which also wrote it back to Redis for nodes that
    // start later, and by one started after the restart, which learns it from MySQL too.
    expect(await me(url, ended.token)).toBe(401);
    const probe = new Redis(redis.url);
    await vi.waitFor(async () => expect(await probe.zcard(`${hub.config.redisPrefix}:auth:revoked-families`)).toBeGreaterThan(0));
    await probe.quit();
    const later = await buildApp(hub.config);
    apps.push(later);
    await later.ready();
    expect(await me(await listenOnLoopback(later), ended.token)).toBe(401);

    // Rate limits count again: the per-user limit is reached, and answered 429.
    const someone = await patient(hub);
    const statuses: number[] = [];
    for (let i = 0; i <= PER_USER; i++) statuses.push(await me(url, someone.token));
    expect(statuses.slice(0, PER_USER).every((s) => s === 200)).toBe(true);
    expect(statuses[PER_USER]).toBe(429);
  }, 90_000);

  it('a reminder that fell due while Redis was down goes out once it is back', async () => {
    const startAt = todayAt(morning.offsetHours, '16:00');
    const someone = await patient(hub);
    // The reminder falls due 15 s from now: inside the outage below.
    const dueAt = Date.now() + 15_000;
    const offset = offsetDueIn(startAt, 15_000);
    const worker = await startWorker(hub.env, { REMINDER_OFFSETS: offset });
    try {
      const booked = await hub.app.inject({
        method: 'POST',
        url: '/api/appointments',
        headers: bearer(clinic.receptionist.token),
        payload: { doctorId: clinic.doctor.doctorId, patientId: someone.patientId, startAt },
      });
      expect(booked.statusCode, booked.body).toBe(201);
      const to = (m: { to: string }) => m.to.includes(someone.email as string);
      // Planned (its confirmation went out, and its reminder's job waits in Redis)…
      await smtp.untilMails((all) => all.some((m) => to(m) && m.subject.startsWith('Appointment booked')));
      // …then Redis goes, and stays away until the reminder is due: the delayed job is lost with it.
      expect(smtp.mails.filter((m) => to(m) && m.subject.startsWith('Appointment reminder'))).toHaveLength(0);
      await redis.kill();
      await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(dueAt + 1_000), { timeout: 30_000, interval: 100 });
      await redis.start();

      // Within 15 s of Redis being back: the worker notices the loss on reconnect, rather than at its
      // schedulers' next renewal (a minute after it started: 40 s from here) or the reconciler's next
      // run (five minutes).
      const reminders = () => smtp.mails.filter((m) => to(m) && m.subject.startsWith('Appointment reminder'));
      await vi.waitFor(() => expect(reminders().length).toBeGreaterThan(0), { timeout: 15_000, interval: 100 });
      // Sent once: the row is marked sent, nothing is left queued, and there is one such mail.
      const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
      const queues = openQueues(connection, hub.config.redisPrefix);
      await vi.waitFor(async () => {
        const counts = await queues.notifications.getJobCounts('waiting', 'delayed', 'active', 'prioritized');
        expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(0);
      });
      await queues.close();
      await connection.quit();
      expect(reminders()).toHaveLength(1);
    } finally {
      await redis.start(); // a worker closes only with its Redis there
      await worker.close();
    }
  }, 90_000);
});
