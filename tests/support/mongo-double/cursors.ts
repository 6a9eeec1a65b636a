/**
 * Server-side cursors for find, aggregate, listCollections and listIndexes.
 *
 * Results are materialised (deep copies) when the command runs and handed out
 * in batches: the first batch holds `batchSize` documents (default 101, like
 * mongod), each getMore `batchSize` or everything left; a batch never exceeds
 * 16 MiB. A cursor whose documents are all returned gets id 0 and is freed.
 * Cursors never time out (mongod's 10-minute idle timeout is not modelled) and,
 * being snapshots, survive a drop of their collection (mongod would kill them).
 */
import { BSON, Long } from 'bson';
import { CommandError, ErrorCodes } from './errors.js';
import type { Doc } from './values.js';

const DEFAULT_FIRST_BATCH = 101;
const MAX_BATCH_BYTES = 16 * 1024 * 1024;

interface ServerCursor {
  id: number;
  ns: string;
  docs: Doc[];
  position: number;
}

function takeBatch(cursor: ServerCursor, limit: number): Doc[] {
  const batch: Doc[] = [];
  let bytes = 0;
  while (cursor.position < cursor.docs.length && batch.length < limit) {
    const doc = cursor.docs[cursor.position] as Doc;
    const size = BSON.calculateObjectSize(doc);
    if (batch.length > 0 && bytes + size > MAX_BATCH_BYTES) break;
    batch.push(doc);
    bytes += size;
    cursor.position++;
  }
  return batch;
}

function parseBatchSize(value: unknown, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) {
    throw new CommandError(ErrorCodes.BadValue, `BatchSize value must be non-negative, but received: ${String(value)}`);
  }
  return n;
}

export class CursorRegistry {
  private readonly cursors = new Map<number, ServerCursor>();
  // Ids stay below 2^53 so they survive the wire layer's Long -> number promotion.
  private nextId = Math.floor(Math.random() * 1e12) + 1;

  /**
   * Opens a cursor over `docs` and returns the `cursor` sub-document of the
   * reply ({ firstBatch, id, ns }). `singleBatch` closes it after one batch.
   */
  open(ns: string, docs: Doc[], batchSize: unknown, singleBatch = false): Doc {
    const first = parseBatchSize(batchSize, DEFAULT_FIRST_BATCH);
    const cursor: ServerCursor = { id: this.nextId++, ns, docs, position: 0 };
    const firstBatch = takeBatch(cursor, singleBatch && first === 0 ? Number.POSITIVE_INFINITY : first);
    const exhausted = singleBatch || cursor.position >= docs.length;
    if (!exhausted) this.cursors.set(cursor.id, cursor);
    return { firstBatch, id: Long.fromNumber(exhausted ? 0 : cursor.id), ns };
  }

  getMore(id: unknown, collection: unknown, db: string, batchSize: unknown): Doc {
    const numericId = id instanceof Long ? id.toNumber() : Number(id);
    const cursor = this.cursors.get(numericId);
    if (!cursor) throw new CommandError(ErrorCodes.CursorNotFound, `cursor id ${String(id)} not found`);
    if (cursor.ns !== `${db}.${String(collection)}` && !cursor.ns.startsWith(`${db}.$cmd`)) {
      throw new CommandError(
        ErrorCodes.Unauthorized,
        `Requested getMore on namespace '${db}.${String(collection)}', but cursor belongs to a different namespace ${cursor.ns}`,
      );
    }
    const limit = parseBatchSize(batchSize, 0) || Number.POSITIVE_INFINITY;
    const nextBatch = takeBatch(cursor, limit);
    const exhausted = cursor.position >= cursor.docs.length;
    if (exhausted) this.cursors.delete(cursor.id);
    return { nextBatch, id: Long.fromNumber(exhausted ? 0 : cursor.id), ns: cursor.ns };
  }

  kill(ids: unknown[]): Doc {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const raw of ids) {
      const id = raw instanceof Long ? raw.toNumber() : Number(raw);
      (this.cursors.delete(id) ? killed : notFound).push(Long.fromNumber(id));
    }
    return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [] };
  }

  get openCount(): number {
    return this.cursors.size;
  }

  clear(): void {
    this.cursors.clear();
  }
}
