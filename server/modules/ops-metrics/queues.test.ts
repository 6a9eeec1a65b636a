import { describe, expect, it } from 'vitest';
import { mergeFamilies } from './queues.js';

describe('mergeFamilies', () => {
  it('describes each family once and keeps every sample (BullMQ repeats HELP and TYPE per queue)', () => {
    const queue = (name: string) =>
      [
        '# HELP bullmq_job_count Number of jobs in the queue by state',
        '# TYPE bullmq_job_count gauge',
        `bullmq_job_count{queue="${name}", state="waiting"} 2`,
        '# HELP bullmq_job_failed_total Total number of failed jobs',
        '# TYPE bullmq_job_failed_total counter',
        `bullmq_job_failed_total{queue="${name}"} 1`,
      ].join('\n');
    const lines = mergeFamilies([queue('a'), queue('b')]).split('\n');
    expect(lines.filter((l) => l.startsWith('# HELP bullmq_job_count '))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('# TYPE bullmq_job_failed_total '))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('bullmq_job_count{'))).toEqual([
      'bullmq_job_count{queue="a", state="waiting"} 2',
      'bullmq_job_count{queue="b", state="waiting"} 2',
    ]);
    // A family's samples follow its own HELP and TYPE.
    expect(lines.indexOf('bullmq_job_failed_total{queue="a"} 1')).toBeGreaterThan(lines.indexOf('# TYPE bullmq_job_failed_total counter'));
  });
});
