// The worker process's operations port (METRICS_PORT of the worker): /metrics with its process
// series (event-loop delay), store health and the BullMQ queues; /health/ready 503 while a store
// it needs is down. Its probes use small connections of their own that fail fast, so a probe never
// queues behind the jobs' connections (those wait through outages: BullMQ needs them to).
import type { Logger } from 'pino';
import { createMysql } from '../../../db/mysql.js';
import type { Config } from '../../config.js';
import { openQueues } from '../../jobs/queues.js';
import { createMongo, createRedis } from '../../plugins/stores.js';
import { StoreMonitor } from '../health/monitor.js';
import { type OpsServer, startOpsServer } from './ops-server.js';
import { queueMetricsText } from './queues.js';
import { createOpsMetrics, storeMetrics } from './registry.js';

export interface WorkerOps {
  server: OpsServer;
  monitor: StoreMonitor;
  close(): Promise<void>;
}

/** Null when METRICS_PORT is not set for the worker. */
export async function startWorkerOps(config: Config, log: Logger): Promise<WorkerOps | null> {
  if (!config.metrics) return null;
  const mysql = createMysql(config.mysqlUrl, { connectionLimit: 1, acquireTimeoutMs: 2_000 });
  const mongo = createMongo(config.mongoUrl);
  const redis = createRedis(config.redisUrl);
  redis.on('error', () => {}); // the worker's main connection reports Redis trouble
  const monitor = new StoreMonitor(
    { mysql: () => mysql.pool.query('select 1'), mongo: () => mongo.db.command({ ping: 1 }), redis: () => redis.ping() },
    { log },
  );
  const metrics = createOpsMetrics({ node: config.nodeName, process: 'worker' });
  storeMetrics(metrics.registry, monitor);
  const queues = openQueues(redis, config.redisPrefix);
  // BullMQ prints a queue's connection errors unless someone listens; hub_store_up reports Redis.
  for (const queue of queues.all()) queue.on('error', () => {});
  metrics.addText(queueMetricsText(() => queues.all()));
  monitor.start();
  const server = await startOpsServer(metrics, monitor, config.metrics, log);
  log.info({ port: server.address().port }, 'operations port listening (/metrics, /health/ready)');
  return {
    server,
    monitor,
    async close() {
      monitor.stop();
      await server.close();
      await queues.close().catch(() => undefined);
      redis.disconnect();
      await Promise.allSettled([mysql.close(), mongo.client.close()]);
    },
  };
}
