// The system log (issue 19): what goes wrong outside any request an admin sees — a background job
// that fails (a warning while BullMQ retries, an error when it gives up), a webhook the hub refuses
// (Stripe's, the SMS provider's), a process that cannot start — read by admins through
// GET /api/system-logs with filters, and purged after 90 days by the TTL index on `at` (here
// through the driver against the Mongo double's TTL monitor, or a real MongoDB's).
import { setTimeout as delay } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newId } from '../../../db/ids.js';
import { openQueues } from '../../../server/jobs/queues.js';
import { record, recordStartupFailure, type SystemLogDoc, systemLogs } from '../../../server/modules/system-logs/store.js';
import { type Actor, bearer, everyone } from '../../support/factories.js';
import { startWorker } from '../../support/notifications.js';
import { STRIPE_UNREACHABLE } from '../../support/stripe-fake.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let world: Awaited<ReturnType<typeof everyone>>;

beforeAll(async () => {
  // Online payment on, at an address where nothing answers: the webhook checks signatures.
  hub = await startTestHub(STRIPE_UNREACHABLE);
  world = await everyone(hub);
});
afterAll(() => hub.close());

const logs = () => systemLogs(hub.app.mongo.db);
const list = async (actor: Actor, query = '') => {
  const res = await hub.app.inject({ method: 'GET', url: `/api/system-logs?${query}`, headers: bearer(actor.token) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().logs as { id: string; at: string; level: string; source: string; event: string; message: string; details: unknown }[];
};

/** Polls, bounded, for what has no event to await: an entry written after the answer, a TTL purge. */
async function until(probe: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await delay(50);
  }
}

async function entry(filter: Record<string, unknown>): Promise<SystemLogDoc[]> {
  await until(async () => (await logs().countDocuments(filter)) > 0, `a system log matching ${JSON.stringify(filter)}`);
  return logs().find(filter).toArray();
}

describe('GET /api/system-logs', () => {
  it('answers the admins, newest first, filtered by source, level and time', async () => {
    const from = new Date().toISOString();
    await record(hub.app.mongo.db, { level: 'info', source: 'probe-a', event: 'probe.one', message: 'first' });
    await record(hub.app.mongo.db, { level: 'error', source: 'probe-a', event: 'probe.two', message: 'second', details: { jobId: '7' } });
    await record(hub.app.mongo.db, { level: 'error', source: 'probe-b', event: 'probe.three', message: 'third' });
    expect((await list(world.admin, 'source=probe-a')).map((l) => l.message)).toEqual(['second', 'first']);
    const errors = await list(world.admin, `level=error&from=${encodeURIComponent(from)}`);
    expect(errors.map((l) => l.message)).toEqual(['third', 'second']);
    expect(errors[1]).toMatchObject({ level: 'error', source: 'probe-a', event: 'probe.two', details: { jobId: '7' } });
    expect(await list(world.admin, `source=probe-a&to=${encodeURIComponent(from)}`)).toEqual([]);
    expect(await list(world.admin, 'source=probe-a&limit=1')).toHaveLength(1);
    for (const actor of [world.receptionist, world.doctor, world.patient]) {
      const res = await hub.app.inject({ method: 'GET', url: '/api/system-logs', headers: bearer(actor.token) });
      expect(res.statusCode).toBe(403);
    }
  });

  it('cuts a long message and drops oversized details instead of failing', async () => {
    expect(
      await record(hub.app.mongo.db, {
        level: 'warn',
        source: 'probe-c',
        event: 'probe.long',
        message: 'x'.repeat(5_000),
        details: { blob: 'y'.repeat(10_000) },
      }),
    ).toBe(true);
    const [long] = await list(world.admin, 'source=probe-c');
    expect(long!.message).toHaveLength(1000);
    expect(long!.details).toBeNull();
  });
});

describe('what writes it', () => {
  it('a webhook refused: a bad Stripe signature and an unsigned SMS call, once a minute per code and address', async () => {
    const stripe = () =>
      hub.app.inject({
        method: 'POST',
        url: '/api/payments/stripe/webhook',
        headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=forged' },
        payload: '{"id":"evt_forged"}',
      });
    expect((await stripe()).statusCode).toBe(400);
    const sms = await hub.app.inject({ method: 'POST', url: '/api/sms/inbound', payload: { from: '+15550100', text: 'C' } });
    expect(sms.statusCode).toBe(401);

    const [stripeLog] = await entry({ source: 'stripe-webhook', event: 'webhook.refused' });
    expect(stripeLog).toMatchObject({ level: 'warn', details: { statusCode: 400, code: 'INVALID_SIGNATURE' } });
    const [smsLog] = await entry({ source: 'sms-webhook', event: 'webhook.refused' });
    expect(smsLog).toMatchObject({ level: 'warn', details: { statusCode: 401, code: 'INVALID_SIGNATURE' } });
    expect(smsLog!.message).toMatch(/^INVALID_SIGNATURE: /);

    // The same refusal again within the minute: no second entry.
    expect((await stripe()).statusCode).toBe(400);
    await hub.app.redis.ping();
    expect(await logs().countDocuments({ source: 'stripe-webhook' })).toBe(1);
    // The admin reads them.
    expect((await list(world.admin, 'source=sms-webhook')).map((l) => l.event)).toEqual(['webhook.refused']);

    // Forged calls from many addresses: at most 30 entries a webhook a minute (60 if the burst spans two minutes), not one each.
    for (let i = 0; i < 70; i++) {
      const res = await hub.app.inject({
        method: 'POST',
        url: '/api/payments/stripe/webhook',
        remoteAddress: `203.0.113.${i + 1}`,
        headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=forged' },
        payload: '{"id":"evt_forged"}',
      });
      expect(res.statusCode).toBe(400);
    }
    await vi.waitFor(async () => expect(await logs().countDocuments({ source: 'stripe-webhook' })).toBeGreaterThanOrEqual(30));
    await hub.app.redis.ping();
    expect(await logs().countDocuments({ source: 'stripe-webhook' })).toBeLessThanOrEqual(60);
  });

  it('a background job that fails: an error once BullMQ gives up', async () => {
    const worker = await startWorker(hub.env);
    const connection = new Redis(hub.config.redisUrl, { maxRetriesPerRequest: null });
    const queues = openQueues(connection, hub.config.redisPrefix);
    try {
      // A maintenance job of a name no processor knows fails on its only attempt.
      const job = await queues.maintenance.add('not-a-job' as never, {} as never, { attempts: 1 });
      const [failed] = await entry({ source: 'jobs', 'details.jobId': job.id });
      expect(failed).toMatchObject({
        level: 'error',
        event: 'job.failed',
        message: 'unknown maintenance job not-a-job',
        details: { queue: 'maintenance', jobName: 'not-a-job', attemptsMade: 1 },
      });
    } finally {
      await queues.close();
      await connection.quit();
      await worker.close();
    }
  });

  it('a process that cannot start', async () => {
    const err = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(await recordStartupFailure(hub.config.mongoUrl, 'worker', err)).toBe(true);
    const [startup] = await list(world.admin, 'source=worker');
    expect(startup).toMatchObject({
      level: 'error',
      event: 'startup.failed',
      message: 'Error: connect ECONNREFUSED 127.0.0.1:1',
      details: { code: 'ECONNREFUSED' },
    });
  });
});

describe('the 90-day purge', () => {
  it('is a TTL index on `at` that removes entries older than 90 days and keeps younger ones', { timeout: 150_000 }, async () => {
    const indexes = await logs().listIndexes().toArray();
    expect(indexes).toContainEqual(expect.objectContaining({ name: 'purge_after_90_days', key: { at: 1 }, expireAfterSeconds: 7_776_000 }));
    const day = 86_400_000;
    const doc = (id: string, ageDays: number): SystemLogDoc => ({
      _id: id,
      at: new Date(Date.now() - ageDays * day),
      level: 'info',
      source: 'ttl-probe',
      event: 'probe.ttl',
      message: `${ageDays} days old`,
      details: null,
    });
    const [old, older, young] = [newId(), newId(), newId()];
    await logs().insertMany([doc(old, 90.01), doc(older, 400), doc(young, 89.9)]);
    // MongoDB's TTL monitor runs once a minute, the double's once a second: wait for it, bounded.
    await until(async () => (await logs().countDocuments({ source: 'ttl-probe' })) === 1, 'the TTL purge', 140_000);
    expect((await logs().find({ source: 'ttl-probe' }).toArray()).map((d) => d._id)).toEqual([young]);
  });
});
