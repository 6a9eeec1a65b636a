// The BullMQ queues' series, from BullMQ's own exporter (Queue.exportPrometheusMetrics):
// bullmq_job_count{queue,state} (waiting, active, delayed, failed, …), bullmq_job_completed_total
// and bullmq_job_failed_total (kept by the workers' `metrics` option, server/jobs/kit.ts).
// The exporter writes each queue's HELP and TYPE lines again; a scrape may name a family once only,
// so the queues' texts are merged family by family.
import type { Queue } from 'bullmq';
import { withTimeout } from './registry.js';

/** One Prometheus text out of several that may repeat the same families. */
export function mergeFamilies(texts: string[]): string {
  const families = new Map<string, { meta: string[]; samples: string[] }>();
  const family = (name: string) => {
    let f = families.get(name);
    if (!f) {
      f = { meta: [], samples: [] };
      families.set(name, f);
    }
    return f;
  };
  for (const text of texts) {
    for (const line of text.split('\n')) {
      const meta = /^# (HELP|TYPE) (\S+)/.exec(line);
      if (meta) {
        const f = family(meta[2]!);
        if (!f.meta.some((m) => m.startsWith(`# ${meta[1]} `))) f.meta.push(line);
        continue;
      }
      const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]/.exec(line);
      // BullMQ exports gauges and counters only: a sample's name is its family's (bullmq_job_count is one).
      if (sample) family(sample[1]!).samples.push(line);
    }
  }
  return [...families.values()].flatMap((f) => [...f.meta, ...f.samples]).join('\n');
}

/** Every queue's exporter text, merged; '' when Redis does not answer in time (hub_store_up says why). */
export function queueMetricsText(queues: () => Queue[]): () => Promise<string> {
  return async () => {
    try {
      const texts = await withTimeout(Promise.all(queues().map((q) => q.exportPrometheusMetrics())));
      return mergeFamilies(texts);
    } catch {
      return '';
    }
  };
}
