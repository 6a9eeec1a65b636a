// Runs a creating POST under its Idempotency-Key (server/modules/scheduling/idempotency.ts keeps
// the keys): a retry gets the first answer back, marked `Idempotent-Replayed: true`, and a
// concurrent request with the same key that lost the race answers as the one that committed.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDuplicateKey } from '../../db/errors.js';
import type { Database } from '../../db/mysql.js';
import { userOf } from '../modules/auth/principal.js';
import { type IdempotencyContext, idempotencyContext, storedAnswer } from '../modules/scheduling/idempotency.js';

export async function runIdempotent(
  db: Database,
  request: FastifyRequest,
  reply: FastifyReply,
  route: string,
  create: (ctx: IdempotencyContext | null) => Promise<unknown>,
) {
  const key = request.headers['idempotency-key'];
  const ctx = idempotencyContext(userOf(request).userId, typeof key === 'string' ? key : undefined, route, request.body);
  const replay = async () => {
    const stored = ctx ? await storedAnswer(db, ctx) : null;
    return stored ? reply.status(stored.statusCode).header('idempotent-replayed', 'true').send(stored.body) : null;
  };
  if (ctx) {
    const replayed = await replay();
    if (replayed) return replayed;
  }
  try {
    return reply.status(201).send(await create(ctx));
  } catch (err) {
    // A concurrent request with the same key committed first: answer as it did.
    if (ctx && isDuplicateKey(err, 'idempotency_actor_key_unique')) {
      const replayed = await replay();
      if (replayed) return replayed;
    }
    throw err;
  }
}
