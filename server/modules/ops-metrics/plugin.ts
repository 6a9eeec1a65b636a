// The server node's operations metrics (registry.ts), served on METRICS_PORT (ops-server.ts) when
// it is set: request durations by route pattern, open sockets by role, outbox lag, the BullMQ
// queues, store health, and the process's own series (event-loop delay among them).
// Registered before the feature modules, so its response hook sees every route.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Gauge, Histogram } from 'prom-client';
import { ROLES } from '../../../db/schema/users.js';
import { openQueues } from '../../jobs/queues.js';
import { createRedis } from '../../plugins/stores.js';
import { unpublishedBacklog } from '../outbox/repository.js';
import { type OpsServer, startOpsServer } from './ops-server.js';
import { queueMetricsText } from './queues.js';
import { createOpsMetrics, type OpsMetrics, storeMetrics, withTimeout } from './registry.js';

declare module 'fastify' {
  interface FastifyInstance {
    opsMetrics: { metrics: OpsMetrics; server: OpsServer | null };
  }
}

/** Roles always present in hub_socket_connections (0 when none is connected), so alerts need no absent(). */
const SOCKET_ROLES: readonly string[] = ROLES;

async function opsMetricsPlugin(app: FastifyInstance) {
  const metrics = createOpsMetrics({ node: app.config.nodeName, process: 'server' });
  const { registry } = metrics;
  const state: { metrics: OpsMetrics; server: OpsServer | null } = { metrics, server: null };
  app.decorate('opsMetrics', state);

  const durations = new Histogram({
    name: 'hub_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern (unmatched: no route) and status code',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  // A callback hook: an async one costs a promise per request. The route is the pattern
  // (/api/patients/:id), never the URL, so the series stay few and carry no ids.
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    durations.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
    done();
  });

  new Gauge({
    name: 'hub_socket_connections',
    help: "Sockets open on this node, by the caller's role (display: waiting-room screens)",
    labelNames: ['role'],
    registers: [registry],
    collect() {
      this.reset();
      const counts = new Map(SOCKET_ROLES.map((role) => [role, 0]));
      // app.io is decorated by the socket plugin, registered after this one.
      for (const socket of app.io?.of('/').sockets.values() ?? []) {
        const role = socket.data.principal?.role ?? 'unknown';
        counts.set(role, (counts.get(role) ?? 0) + 1);
      }
      for (const [role, n] of counts) this.set({ role }, n);
    },
  });

  // The relay publishes committed outbox rows; a row left unpublished means screens and chats are behind.
  // Both gauges read one query per scrape (prom-client collects them at the same time).
  let outboxRead: Promise<{ lag: number; pending: number }> | null = null;
  const readOutbox = () => {
    outboxRead ??= withTimeout(unpublishedBacklog(app.db))
      .then(({ oldest, pending }) => ({ lag: oldest === null ? 0 : Math.max(0, (Date.now() - oldest.getTime()) / 1000), pending }))
      .catch(() => ({ lag: -1, pending: -1 }))
      .finally(() => {
        outboxRead = null;
      });
    return outboxRead;
  };
  new Gauge({
    name: 'hub_outbox_lag_seconds',
    help: 'Age of the oldest outbox event not yet published to sockets (0 when none); -1 when MySQL did not answer',
    registers: [registry],
    async collect() {
      this.set((await readOutbox()).lag);
    },
  });
  new Gauge({
    name: 'hub_outbox_unpublished_events',
    help: 'Outbox events not yet published to sockets; -1 when MySQL did not answer',
    registers: [registry],
    async collect() {
      this.set((await readOutbox()).pending);
    },
  });

  storeMetrics(registry, app.storeHealth);

  // The queues on a connection of their own that fails fast (a scrape must not wait for Redis).
  const queueRedis = createRedis(app.config.redisUrl);
  queueRedis.on('error', () => {}); // the app's main connection reports Redis trouble
  const queues = openQueues(queueRedis, app.config.redisPrefix);
  // BullMQ prints a queue's connection errors unless someone listens; hub_store_up reports Redis.
  for (const queue of queues.all()) queue.on('error', () => {});
  metrics.addText(queueMetricsText(() => queues.all()));

  app.addHook('onReady', async () => {
    if (!app.config.metrics) return;
    state.server = await startOpsServer(metrics, app.storeHealth, app.config.metrics, app.log);
    app.log.info({ port: state.server.address().port }, 'operations port listening (/metrics, /health/ready)');
  });
  app.addHook('onClose', async () => {
    await state.server?.close();
    await queues.close().catch(() => undefined);
    queueRedis.disconnect();
  });
}

export default fp(opsMetricsPlugin, { name: 'ops-metrics', dependencies: ['stores'] });
