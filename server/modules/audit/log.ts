// The audit log: an append-only MongoDB collection (the API offers no way to change or remove an
// entry). Who (actor), what (action), when (UTC), where (ip, user agent, request id), which
// target, and the state after the change where the response carries it.
import type { Collection, Db } from 'mongodb';
import { newId } from '../../../db/ids.js';

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
  before: unknown;
  after: unknown;
}

export type AuditInput = Omit<AuditEntry, '_id' | 'at' | 'before' | 'after'> & { before?: unknown; after?: unknown };

export class AuditLog {
  readonly entries: Collection<AuditEntry>;

  constructor(db: Db) {
    this.entries = db.collection<AuditEntry>('audit_events');
  }

  async record(input: AuditInput): Promise<void> {
    await this.entries.insertOne({ _id: newId(), at: new Date(), before: null, after: null, ...input });
  }

  async search(filter: { targetId?: string; actorId?: string; from?: string; to?: string; limit: number }) {
    const query: Record<string, unknown> = {};
    if (filter.targetId) query.targetId = filter.targetId;
    if (filter.actorId) query.actorId = filter.actorId;
    if (filter.from || filter.to) {
      query.at = { ...(filter.from ? { $gte: new Date(filter.from) } : {}), ...(filter.to ? { $lt: new Date(filter.to) } : {}) };
    }
    const rows = await this.entries.find(query).sort({ _id: -1 }).limit(filter.limit).toArray();
    return {
      entries: rows.map(({ _id, at, ...rest }) => ({ id: _id, at: at.toISOString(), ...rest })),
    };
  }
}
