// The audit log: a MongoDB collection the API offers no way to change or remove. Who (actor),
// what (action), when (UTC), where (ip, user agent, request id), which target, the outcome, and
// which fields changed: with their old and new values only for the fields the route lists as kept
// (rules.ts), by name only for everything else. It never holds clinical text, passwords or tokens.
// Refusals of requests without a valid token are summarised per address and minute (one entry
// with a count), so a flood of forged tokens cannot fill the log.
import type { Collection, Db } from 'mongodb';
import { idAt, newId } from '../../../db/ids.js';
import { NEVER_KEPT } from './rules.js';

/** One changed field: `from`/`to` are present only for kept (non-clinical, non-secret) fields. */
export interface FieldChange {
  field: string;
  from?: unknown;
  to?: unknown;
}

export interface AuditEntry {
  _id: string;
  at: Date;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: 'ok' | 'denied' | 'failed';
  statusCode: number | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  changes: FieldChange[] | null;
  /** Why staff opened a record outside the care team (header X-Access-Reason, STAFF_CAN_READ_RECORDS): a justification, never clinical text. */
  accessReason?: string;
  /** A keyed hash naming a target that has no id (the email a failed login tried): attempts at it can be counted. */
  targetKey?: string;
  /** The patient a change or clinical read concerned when the target is another record (their visit, note, invoice…). */
  patientId?: string;
  /** What a read that is audited as a whole asked for and got (the audit export: its filters and row count); ids and counts only. */
  details?: Record<string, string | number | boolean>;
  /** Summarised refusals: how many, the window's key and the last one's time. */
  count?: number;
  summaryKey?: string;
  lastAt?: Date;
}

export interface AuditInput extends Omit<AuditEntry, '_id' | 'at' | 'changes' | 'count' | 'summaryKey' | 'lastAt'> {
  /** The target before and after the change, in the API's shape; only their differences are kept. */
  before?: unknown;
  after?: unknown;
  /** Fields whose values may be kept (the route's rule); others are named only. */
  keep?: readonly string[];
}

const USER_AGENT_MAX = 200;
const CHANGES_MAX = 80;
const never = new Set<string>(NEVER_KEPT);

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** Top-level fields, and one level into plain objects (`soap.subjective`, `notificationPreferences.sms`). */
function flatten(value: Plain): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, v] of Object.entries(value)) {
    if (isPlain(v) && Object.keys(v).length) for (const [sub, w] of Object.entries(v)) out.set(`${key}.${sub}`, w);
    else out.set(key, v);
  }
  return out;
}

/** Whether a field's values may be kept: listed by the route (or its parent is), and no part of its path is never-kept. */
function keepsValue(field: string, keep: ReadonlySet<string>): boolean {
  const parts = field.split('.');
  if (parts.some((p) => never.has(p))) return false;
  return keep.has(field) || keep.has(parts[0]!);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The fields that differ between `before` and `after` (a creation: every field `after` sets),
 * with values only for kept fields; null when there is nothing to compare.
 */
export function describeChanges(before: unknown, after: unknown, keep: readonly string[] = []): FieldChange[] | null {
  if (!isPlain(after) && !isPlain(before)) return null;
  const kept = new Set(keep);
  const was = isPlain(before) ? flatten(before) : new Map<string, unknown>();
  const now = isPlain(after) ? flatten(after) : new Map<string, unknown>();
  const changes: FieldChange[] = [];
  for (const field of new Set([...was.keys(), ...now.keys()])) {
    const from = was.get(field);
    const to = now.get(field);
    if (same(from, to) || (!isPlain(before) && to === null)) continue;
    changes.push(keepsValue(field, kept) ? { field, from: from ?? null, to: to ?? null } : { field });
    if (changes.length >= CHANGES_MAX) break;
  }
  return changes;
}

const userAgentOf = (ua: string | null) => (ua && ua.length > USER_AGENT_MAX ? `${ua.slice(0, USER_AGENT_MAX)}…` : ua);

/** How the writer batches: entries wait at most `flushMs` (or until `maxBatch` are waiting) for one insertMany. */
export interface AuditBatching {
  flushMs: number;
  maxBatch: number;
}

interface Waiting {
  entry: AuditEntry;
  done: (err?: unknown) => void;
}

export class AuditLog {
  readonly entries: Collection<AuditEntry>;
  /** Entries built but not yet written; each with the promise `record` handed out. */
  private waiting: Waiting[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** The insertMany in progress: one at a time, so under load the next batch grows while it runs. */
  private writing: Promise<void> | null = null;
  private closed = false;

  constructor(
    db: Db,
    private readonly batching: AuditBatching = { flushMs: 2, maxBatch: 500 },
  ) {
    this.entries = db.collection<AuditEntry>('audit_events');
  }

  /**
   * Keeps one entry. Entries are written in batches (one insertMany per few milliseconds, one batch
   * in flight at a time) instead of one round trip each: the promise settles when this entry's
   * batch is written (or failed), so a caller that must have it stored first still awaits it, and
   * one that need not (after a socket's ack) does not pay for it. `close()` writes what is waiting.
   */
  record(input: AuditInput): Promise<void> {
    const { before, after, keep, ...entry } = input;
    const doc: AuditEntry = {
      _id: newId(),
      at: new Date(),
      ...entry,
      userAgent: userAgentOf(entry.userAgent),
      changes: before === undefined && after === undefined ? null : describeChanges(before, after, keep),
    };
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ entry: doc, done: (err) => (err === undefined ? resolve() : reject(err)) });
      this.schedule();
    });
  }

  /** Entries recorded and not yet written (for tests and shutdown logs). */
  get pending(): number {
    return this.waiting.length;
  }

  private schedule(): void {
    if (this.writing) return; // the batch in flight takes up the next one when it ends
    if (this.closed || this.waiting.length >= this.batching.maxBatch) {
      this.startWriting();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = null;
      if (!this.writing) this.startWriting();
    }, this.batching.flushMs);
  }

  private startWriting(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const writing = this.writeBatch().finally(() => {
      if (this.writing === writing) this.writing = null;
      // What came in meanwhile: at once if it is a full batch (or on close), else after flushMs.
      if (this.waiting.length) this.schedule();
    });
    this.writing = writing;
  }

  private async writeBatch(): Promise<void> {
    const batch = this.waiting.splice(0, this.batching.maxBatch);
    if (!batch.length) return;
    try {
      await this.entries.insertMany(
        batch.map((w) => w.entry),
        { ordered: false },
      );
      for (const w of batch) w.done();
    } catch (err) {
      // As a failed insertOne did before batching: every caller of this batch hears it (and logs it).
      for (const w of batch) w.done(err);
    }
  }

  /** Everything recorded so far is written (or has failed). */
  async flush(): Promise<void> {
    while (this.waiting.length || this.writing) {
      if (!this.writing) this.startWriting();
      await this.writing;
    }
  }

  /** On shutdown, before the MongoDB client closes: writes what is waiting; later entries are written at once. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  /**
   * A refusal without a usable identity (no token, a forged or expired one): one entry per action,
   * address and minute, counting how many arrived, instead of a document each.
   */
  async recordAnonymousRefusal(input: Omit<AuditInput, 'before' | 'after' | 'keep' | 'actorId' | 'actorRole'>, now = new Date()) {
    const minute = Math.floor(now.getTime() / 60_000);
    const summaryKey = `${input.action}|${input.ip ?? '-'}|${input.statusCode ?? '-'}|${minute}`;
    const { requestId: _, ...rest } = input;
    const upsert = () =>
      this.entries.updateOne(
        { summaryKey },
        {
          $inc: { count: 1 },
          $set: { lastAt: now },
          $setOnInsert: {
            _id: newId(),
            at: now,
            ...rest,
            actorId: null,
            actorRole: null,
            userAgent: userAgentOf(input.userAgent),
            requestId: input.requestId,
            changes: null,
          },
        },
        { upsert: true },
      );
    // Two first refusals of a minute may race to insert: the loser finds the winner's entry.
    await upsert().catch((err: { code?: number }) => (err.code === 11000 ? upsert() : Promise.reject(err)));
  }

  /**
   * A change whose author must stay unknown (anonymous feedback): one entry per action and UTC day
   * counting them, with no actor, address, user agent, request id or moment, which would each tie
   * it to its author (who can still be found, through a read that is itself audited).
   */
  async recordAnonymousChange(input: { action: string; targetType: string; statusCode: number }, now = new Date()) {
    const day = new Date(Math.floor(now.getTime() / 86_400_000) * 86_400_000);
    const summaryKey = `${input.action}|anonymous|${day.toISOString().slice(0, 10)}`;
    const upsert = () =>
      this.entries.updateOne(
        { summaryKey },
        {
          $inc: { count: 1 },
          $setOnInsert: {
            _id: idAt(day.getTime()),
            at: day,
            ...input,
            outcome: 'ok',
            actorId: null,
            actorRole: null,
            targetId: null,
            ip: null,
            userAgent: null,
            requestId: null,
            changes: null,
          },
        },
        { upsert: true },
      );
    await upsert().catch((err: { code?: number }) => (err.code === 11000 ? upsert() : Promise.reject(err)));
  }

  async search(filter: AuditFilter & { limit: number }) {
    const rows = await this.entries.find(auditQuery(filter)).sort({ _id: -1 }).limit(filter.limit).toArray();
    return { entries: rows.map(presentEntry) };
  }

  /** Up to `max` entries newest first, as the API shows them, and whether more matched. */
  async exportEntries(filter: AuditFilter, max: number) {
    const rows = await this.entries
      .find(auditQuery(filter))
      .sort({ _id: -1 })
      .limit(max + 1)
      .toArray();
    return { entries: rows.slice(0, max).map(presentEntry), truncated: rows.length > max };
  }
}

export interface AuditFilter {
  targetId?: string;
  actorId?: string;
  from?: string;
  to?: string;
  /** The start of the action, e.g. "PATCH /api/doctors" or "auth.". */
  action?: string;
  targetType?: string;
  /** Entries about the patient: their own record (target) or anything of theirs (patientId). */
  patientId?: string;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function auditQuery(filter: AuditFilter): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  if (filter.targetId) query.targetId = filter.targetId;
  if (filter.actorId) query.actorId = filter.actorId;
  if (filter.targetType) query.targetType = filter.targetType;
  // Anchored and escaped: a prefix, never a pattern the caller writes.
  if (filter.action) query.action = { $regex: `^${escapeRegex(filter.action)}` };
  if (filter.patientId) query.$or = [{ targetType: 'patients', targetId: filter.patientId }, { patientId: filter.patientId }];
  if (filter.from || filter.to) {
    query.at = { ...(filter.from ? { $gte: new Date(filter.from) } : {}), ...(filter.to ? { $lt: new Date(filter.to) } : {}) };
  }
  return query;
}

function presentEntry({ _id, at, lastAt, summaryKey: _key, ...rest }: AuditEntry) {
  return {
    id: _id,
    at: at.toISOString(),
    ...rest,
    ...(lastAt ? { lastAt: lastAt.toISOString() } : {}),
  };
}
