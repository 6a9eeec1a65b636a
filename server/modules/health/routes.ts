// Liveness (the process answers) and readiness (it can reach MySQL, MongoDB and Redis).
// A load balancer sends traffic only to ready nodes; an orchestrator restarts dead ones.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { STORE_DOWN_RETRY_AFTER_SECONDS } from '../../plugins/errors.js';

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
    {
      schema: {
        tags: ['health'],
        summary: 'MySQL, MongoDB and Redis all answer',
        description:
          'Probes the three stores now (each within 2 s). 503 with Retry-After while any is down; `checks` names which. ' +
          'A load balancer sends traffic only to ready nodes; the node itself stays up and reconnects.',
        response: { 200: Readiness, 503: Readiness },
      },
    },
    async (_request, reply) => {
      const checks = await app.storeHealth.check();
      const ready = checks.mysql === 'ok' && checks.mongo === 'ok' && checks.redis === 'ok';
      if (!ready) reply.header('Retry-After', String(STORE_DOWN_RETRY_AFTER_SECONDS));
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
    },
  );
};

export default healthRoutes;
