// Liveness (the process answers) and readiness (it can reach MySQL, MongoDB and Redis).
// A load balancer sends traffic only to ready nodes; an orchestrator restarts dead ones.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'drizzle-orm';
import { Type } from 'typebox';

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS).unref())]);
}

const Check = Type.Union([Type.Literal('ok'), Type.Literal('down')]);
const Readiness = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not_ready')]),
  checks: Type.Object({ mysql: Check, mongo: Check, redis: Check }),
});

const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health/live',
    { schema: { tags: ['health'], summary: 'The process is up', response: { 200: Type.Object({ status: Type.Literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/health/ready',
    { schema: { tags: ['health'], summary: 'MySQL, MongoDB and Redis all answer', response: { 200: Readiness, 503: Readiness } } },
    async (_request, reply) => {
      const probe = async (check: () => Promise<unknown>) => {
        try {
          await withTimeout(check());
          return 'ok' as const;
        } catch {
          return 'down' as const;
        }
      };
      const [mysql, mongo, redis] = await Promise.all([
        probe(() => app.db.execute(sql`select 1`)),
        probe(() => app.mongo.db.command({ ping: 1 })),
        probe(() => app.redis.ping()),
      ]);
      const ready = mysql === 'ok' && mongo === 'ok' && redis === 'ok';
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks: { mysql, mongo, redis } });
    },
  );
};

export default healthRoutes;
