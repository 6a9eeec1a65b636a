// Idempotency-Key for POSTs that create things. The key is claimed inside the same transaction
// as the change, before it: a concurrent retry with the same key waits on that row, and once the
// first request commits it finds the key taken and replays the stored answer. If the first
// request fails, its claim rolls back with it and a retry runs afresh.
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../../db/mysql.js';
import { idempotencyKeys } from '../../../db/schema/index.js';
import type { Tx } from '../../../db/transactions.js';
import { AppError, ErrorCode } from '../../errors.js';

export interface IdempotencyContext {
  actorId: string;
  key: string;
  route: string;
  requestHash: string;
}

/** JSON with object keys sorted, so the same fields in another order are the same request. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function idempotencyContext(actorId: string, key: string | undefined, route: string, body: unknown): IdempotencyContext | null {
  if (key === undefined) return null;
  const requestHash = createHash('sha256')
    .update(`${route}\n${stableJson(body ?? null)}`)
    .digest('hex');
  return { actorId, key, route, requestHash };
}

/** A stored answer for this key, or null. A key reused for a different request is refused. */
export async function storedAnswer(db: Database, ctx: IdempotencyContext): Promise<{ statusCode: number; body: unknown } | null> {
  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.actorId, ctx.actorId), eq(idempotencyKeys.key, ctx.key)));
  if (!row) return null;
  if (row.requestHash !== ctx.requestHash || row.route !== ctx.route) {
    throw new AppError(422, ErrorCode.IDEMPOTENCY_KEY_REUSED, 'This Idempotency-Key was already used for a different request');
  }
  return { statusCode: row.statusCode, body: row.responseBody };
}

/** Claims the key first thing in the transaction (see above). */
export async function claimKey(tx: Tx, ctx: IdempotencyContext | null): Promise<void> {
  if (!ctx) return;
  await tx.insert(idempotencyKeys).values({ ...ctx, statusCode: 0, responseBody: {} });
}

/** Stores the answer under the claimed key, still inside the transaction. */
export async function recordAnswer(tx: Tx, ctx: IdempotencyContext | null, statusCode: number, body: unknown): Promise<void> {
  if (!ctx) return;
  await tx
    .update(idempotencyKeys)
    .set({ statusCode, responseBody: body as object })
    .where(and(eq(idempotencyKeys.actorId, ctx.actorId), eq(idempotencyKeys.key, ctx.key)));
}
