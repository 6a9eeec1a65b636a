// The operations metrics of one process (a server node or the worker), in Prometheus text.
// prom-client keeps the process's own series (CPU, memory, event-loop delay, GC) and ours; BullMQ's
// exporter adds the queues' series at each scrape. Every series carries `node` and `process`
// labels, so two nodes on one host stay apart. The list, with suggested alerts, is in docs/OPERATIONS.md.
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { StoreMonitor } from '../health/monitor.js';
import { STORES } from '../health/store-errors.js';

/** A collector that may wait on a store: it gets this long, then the scrape goes on without it. */
export const COLLECT_TIMEOUT_MS = 2_000;

export function withTimeout<T>(promise: Promise<T>, ms = COLLECT_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface OpsMetrics {
  registry: Registry;
  /** Extra Prometheus text appended at each scrape (BullMQ's exporter); each returns '' when it cannot answer. */
  addText(source: () => Promise<string>): void;
  /** The whole scrape: prom-client's series, then the extra texts. */
  render(): Promise<string>;
  contentType: string;
}

export function createOpsMetrics(labels: { node: string; process: 'server' | 'worker' }): OpsMetrics {
  const registry = new Registry();
  registry.setDefaultLabels(labels);
  // Event-loop delay (nodejs_eventloop_lag_seconds and its p50/p90/p99), heap, CPU, handles, GC.
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
  const texts: (() => Promise<string>)[] = [];
  return {
    registry,
    addText: (source) => texts.push(source),
    contentType: registry.contentType,
    async render() {
      const parts = await Promise.all([registry.metrics(), ...texts.map((source) => source().catch(() => ''))]);
      return `${parts
        .map((p) => p.trim())
        .filter(Boolean)
        .join('\n')}\n`;
    },
  };
}

/** hub_store_up{store} (1 up, 0 down) and when each store last changed, from the process's store monitor. */
export function storeMetrics(registry: Registry, monitor: StoreMonitor): void {
  new Gauge({
    name: 'hub_store_up',
    help: 'Whether the store answered its last probe (1) or not (0): mysql, mongo, redis',
    labelNames: ['store'],
    registers: [registry],
    collect() {
      for (const store of STORES) this.set({ store }, monitor.isUp(store) ? 1 : 0);
    },
  });
  new Gauge({
    name: 'hub_store_last_change_timestamp_seconds',
    help: 'When the store last went up or down (Unix time; the process start if it never changed)',
    labelNames: ['store'],
    registers: [registry],
    collect() {
      for (const store of STORES) this.set({ store }, monitor.state(store).since / 1000);
    },
  });
}
