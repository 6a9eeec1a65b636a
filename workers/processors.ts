// The BullMQ workers this process runs. Each queue gets one file (job data with ids only,
// default attempts and backoff, an init function that returns a Worker) and one line here.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../server/config.js';

export interface ProcessorContext {
  config: Config;
  connection: Redis;
  log: Logger;
}

export interface RunningProcessors {
  names: string[];
  close(): Promise<void>;
}

export async function startProcessors(_ctx: ProcessorContext): Promise<RunningProcessors> {
  // No queues yet: the reminders issue adds the reminder and maintenance workers here.
  const workers: { name: string; close(): Promise<void> }[] = [];
  return {
    names: workers.map((w) => w.name),
    close: async () => {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
