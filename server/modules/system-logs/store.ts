// The system log: what went wrong outside any request an admin would see (a job that failed, a
// webhook refused, a process that could not start), kept 90 days in Mongo's `system_logs` (a TTL
// index on `at`, db/mongo/collections.ts). Never clinical text, personal data or secrets: callers
// pass ids, codes and error messages. Writing it never fails the caller: a log that cannot be
// written is reported to the process log instead.
import { type Db, MongoClient } from 'mongodb';
import { newId } from '../../../db/ids.js';

export const SYSTEM_LOG_LEVELS = ['info', 'warn', 'error'] as const;
export type SystemLogLevel = (typeof SYSTEM_LOG_LEVELS)[number];

export interface SystemLogInput {
  level: SystemLogLevel;
  /** Where it happened: jobs, stripe-webhook, sms-webhook, server, worker. */
  source: string;
  /** What happened, a stable name: job.failed, webhook.refused, startup.failed. */
  event: string;
  message: string;
  /** Ids, codes and counts that help find the cause (a queue, a job id, an error code). */
  details?: Record<string, unknown>;
}

export interface SystemLogDoc extends Required<Omit<SystemLogInput, 'details'>> {
  _id: string;
  at: Date;
  details: Record<string, unknown> | null;
}

export const systemLogs = (db: Db) => db.collection<SystemLogDoc>('system_logs');

const MESSAGE_MAX = 1000;
const DETAILS_MAX_CHARS = 4000;

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Writes one entry; false (and a line on `onError`) when it could not be written. */
export async function record(db: Db, input: SystemLogInput, onError: (err: unknown) => void = () => {}): Promise<boolean> {
  // Oversized details are dropped rather than cut: half an object helps nobody.
  const details = input.details && JSON.stringify(input.details).length <= DETAILS_MAX_CHARS ? input.details : null;
  try {
    await systemLogs(db).insertOne({
      _id: newId(),
      at: new Date(),
      level: input.level,
      source: clip(input.source, 64),
      event: clip(input.event, 100),
      message: clip(input.message || '(no message)', MESSAGE_MAX),
      details,
    });
    return true;
  } catch (err) {
    onError(err);
    return false;
  }
}

/**
 * What an error may say in the system log: its first line only, and for a failed SQL query (whose
 * message carries the statement and its values, which can be a patient's) only that a query failed
 * and the driver's error code. Admins read this log for 90 days; personal data stays out of it.
 */
export function errorSummary(err: unknown): string {
  if (!(err instanceof Error)) return clip(String(err).split('\n')[0] ?? '', MESSAGE_MAX);
  const cause = err.cause as { code?: unknown } | undefined;
  if (/^Failed query/i.test(err.message) || 'sql' in err || 'sqlMessage' in err) {
    const code = (err as { code?: unknown }).code ?? cause?.code;
    return `A database query failed${typeof code === 'string' ? ` (${code})` : ''}`;
  }
  return clip(err.message.split('\n')[0] || err.name, MESSAGE_MAX);
}

/**
 * A process that could not start has no store connection to log through: this opens one of its
 * own for the entry, waiting at most a few seconds for MongoDB (which may be what is down).
 */
export async function recordStartupFailure(mongoUrl: string, source: 'server' | 'worker', err: unknown): Promise<boolean> {
  const client = new MongoClient(mongoUrl, { serverSelectionTimeoutMS: 3_000, appName: `clinic-hub-${source}-startup` });
  try {
    const name = err instanceof Error ? err.name : 'Error';
    const code = (err as { code?: unknown } | null)?.code;
    return await record(client.db(), {
      level: 'error',
      source,
      event: 'startup.failed',
      message: `${name}: ${errorSummary(err)}`,
      details: typeof code === 'string' || typeof code === 'number' ? { code } : undefined,
    });
  } finally {
    await client.close().catch(() => undefined);
  }
}

export interface SystemLogFilter {
  source?: string;
  level?: SystemLogLevel;
  from?: string;
  to?: string;
  limit: number;
}

/** Newest first. */
export async function searchSystemLogs(db: Db, filter: SystemLogFilter) {
  const query: Record<string, unknown> = {};
  if (filter.source) query.source = filter.source;
  if (filter.level) query.level = filter.level;
  if (filter.from || filter.to) {
    query.at = { ...(filter.from ? { $gte: new Date(filter.from) } : {}), ...(filter.to ? { $lt: new Date(filter.to) } : {}) };
  }
  const rows = await systemLogs(db).find(query).sort({ at: -1, _id: -1 }).limit(filter.limit).toArray();
  return {
    logs: rows.map(({ _id, at, ...rest }) => ({ id: _id, at: at.toISOString(), ...rest, details: rest.details ?? null })),
  };
}
