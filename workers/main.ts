// `npm run worker`: the BullMQ worker process. It validates the configuration, connects to Redis
// (which must run with maxmemory-policy noeviction, or queued jobs could be evicted), and stops
// cleanly on SIGTERM, letting the jobs in progress finish. What it runs is in workers/processors.ts:
// notifications (confirmations, reminders, notices), the outbox planner and the maintenance
// jobs (no-show sweep, daily metrics, reminder reconciler, unanswered messages). Each queue is a
// file in server/jobs/; this process only starts them. See docs/NOTIFICATIONS.md.
import closeWithGrace from 'close-with-grace';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { ConfigError, loadConfig } from '../server/config.js';
import { startWorkerOps } from '../server/modules/ops-metrics/worker-ops.js';
import { recordStartupFailure } from '../server/modules/system-logs/store.js';
import { startProcessors } from './processors.js';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  throw err;
}

const log = pino({ level: config.logLevel, base: { process: 'worker' } });
if (config.jwtSecretGenerated) {
  // Feedback links are signed here and checked by the API: a secret of this process alone opens nothing.
  log.warn('JWT_SECRET is not set: feedback request links this worker signs will not open on the API nodes; set JWT_SECRET for both');
}
// BullMQ needs maxRetriesPerRequest: null so blocking commands wait through reconnects.
const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
connection.on('error', (err) => log.warn({ code: (err as NodeJS.ErrnoException).code }, 'redis connection error'));

try {
  const [, policy] = (await connection.config('GET', 'maxmemory-policy')) as [string, string];
  if (policy !== 'noeviction') log.warn({ policy }, 'Redis maxmemory-policy should be noeviction for BullMQ');
} catch {
  // Managed Redis services often refuse CONFIG: nothing to check then, but nothing wrong either.
  log.info('could not read Redis maxmemory-policy (CONFIG refused); make sure it is noeviction');
}

// NOTIFICATIONS_SEND_STORE=direct: one MySQL query per call instead of batches; only for
// bench:reminders, which measures the batched worker against it in the same run.
const sendStore = process.env.NOTIFICATIONS_SEND_STORE === 'direct' ? 'direct' : 'batched';
const processors = await startProcessors({ config, connection, log }, { sendStore }).catch(async (err: unknown) => {
  // Kept where admins look (GET /api/system-logs) before the process ends.
  await recordStartupFailure(config.mongoUrl, 'worker', err);
  throw err;
});

// METRICS_PORT set: /metrics and /health/ready for the operations team (docs/OPERATIONS.md).
const ops = await startWorkerOps(config, log);

closeWithGrace({ delay: 30_000 }, async ({ signal, err }) => {
  if (err) log.error({ err }, 'worker stopping after an error');
  else log.info({ signal }, 'worker stopping; letting active jobs finish');
  await ops?.close();
  await processors.close();
  await connection.quit();
});

log.info({ processors: processors.names }, 'worker ready');
