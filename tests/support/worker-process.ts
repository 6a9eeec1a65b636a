// A worker as a process of its own, for tests that kill one mid-send. Settings come from the
// environment like `npm run worker`; the job lock and the claim lease are short
// (WORKER_TEST_LOCK_MS, WORKER_TEST_LEASE_MS) so a killed worker's job is taken over within
// seconds. Prints "ready" once its workers run.
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { loadConfig } from '../../server/config.js';
import { startProcessors } from '../../workers/processors.js';

const config = loadConfig();
const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
await startProcessors(
  { config, connection, log: pino({ level: 'silent' }) },
  {
    lockDurationMs: Number(process.env.WORKER_TEST_LOCK_MS ?? 5_000),
    claimLeaseMs: Number(process.env.WORKER_TEST_LEASE_MS ?? 1_000),
    stalledIntervalMs: 1_000,
    plannerEveryMs: 100,
  },
);
process.stdout.write('ready\n');
