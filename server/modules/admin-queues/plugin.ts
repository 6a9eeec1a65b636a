// The BullMQ dashboard (bull-board) at /admin/queues, for admins only: its page, static files
// and JSON API (/admin/queues/api/...) all sit behind requireQueuesAdmin, including paths no
// route matches. The session routes that let a browser in live at /api/admin/queues/session.
// The queues are opened here on a dedicated connection, as BullMQ wants maxRetriesPerRequest:
// null, which the app's shared connection must not have: during a Redis outage the dashboard's
// requests wait for Redis to come back, while the rest of the API keeps failing fast.
//
// Content-Security-Policy: the dashboard keeps helmet's app-wide policy, unrelaxed. Checked in
// headless Chromium on every view: the UI's scripts, its highlight worker, its stylesheets and
// images are its own files under /admin/queues/static ('self'); its inline styles are already
// allowed app-wide (style-src 'unsafe-inline'); its one inline <script> is JSON
// (type="application/json"), which CSP does not govern; it calls only its own JSON API. The one
// thing refused is its Google Fonts stylesheet (IBM Plex): the UI then uses its fallback fonts.
// That is deliberate: an exception would make every admin's browser call Google from the clinic
// (an IP address sent to a third party, a GDPR concern) and fails anyway on offline LAN installs.
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Redis } from 'ioredis';
import { AppError, ErrorCode } from '../../errors.js';
import { openQueues } from '../../jobs/queues.js';
import { answerWithPage } from '../../plugins/client.js';
import { errorBody } from '../../plugins/errors.js';
import { auditCreates } from '../audit/rules.js';
import sessionRoutes, { QUEUES_PATH, requireQueuesAdmin } from './session.js';

const QUEUE_DESCRIPTIONS: Record<string, string> = {
  notifications: 'One job per message to send (confirmation, reminder, moved, cancelled)',
  planner: 'Turns outbox events into notification rows and jobs',
  maintenance: 'No-show sweep, daily metrics rollup, reminder reconciler',
};

async function adminQueuesPlugin(app: FastifyInstance) {
  const connection = new Redis(app.config.redisUrl, { maxRetriesPerRequest: null });
  connection.on('error', () => {}); // the app's main connection logs Redis trouble
  const queues = openQueues(connection, app.config.redisPrefix);
  app.addHook('onClose', async () => {
    await queues.close().catch(() => undefined);
    await connection.quit().catch(() => connection.disconnect());
  });

  // Cookies are parsed and written in this plugin's scope only: the rest of the API ignores them.
  await app.register(cookie);
  await app.register(sessionRoutes);

  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUES_PATH);
  createBullBoard({
    queues: (['notifications', 'planner', 'maintenance'] as const).map(
      (key) => new BullMQAdapter(queues[key], { description: QUEUE_DESCRIPTIONS[key] }),
    ),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Clinic Hub queues' } },
  });
  // bull-board answers its routes' errors itself; keep the contract's error shape instead, and
  // never send an internal message (its default handler returns error.message for a 500).
  // (Its status type lists fewer codes than the adapter passes through, 401 among the missing.)
  const answer = (status: number, code: ErrorCode, message: string) => ({ status: status as 400, body: errorBody(status, code, message) });
  serverAdapter.setErrorHandler((error: Error) => {
    if (error instanceof AppError) return answer(error.statusCode, error.code, error.message);
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) return answer(status, ErrorCode.VALIDATION_FAILED, error.message);
    app.log.error({ err: error }, 'queue dashboard error');
    return answer(500, ErrorCode.INTERNAL, 'Something went wrong on our side; it has been logged');
  });

  await app.register(
    async (dashboard) => {
      // A browser opening the dashboard without a usable session gets the client's page with the
      // same status: it signs the admin in and opens the session (plugins/client.ts), where JSON
      // would leave them stuck.
      dashboard.addHook('onRequest', async (request, reply) => {
        try {
          await requireQueuesAdmin(request, reply);
        } catch (err) {
          if (
            err instanceof AppError &&
            (err.statusCode === 401 || err.statusCode === 403) &&
            answerWithPage(request, reply, err.statusCode)
          ) {
            return reply;
          }
          throw err;
        }
      });
      // bull-board's own routes act on queues and jobs in Redis, not on a clinic record: there is
      // nothing to keep as the audit entry's "before" (the entry still records who did what).
      dashboard.addHook('onRoute', (route) => {
        route.config = { ...route.config, ...auditCreates([]) };
      });
      // A path under the dashboard that no route matches is refused like the rest (the hook
      // above runs first), and otherwise answered with the contract's 404.
      dashboard.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) =>
        reply.status(404).send(errorBody(404, ErrorCode.NOT_FOUND, `Route ${request.method} ${request.url.split('?')[0]} not found`)),
      );
      await dashboard.register(serverAdapter.registerPlugin());
    },
    { prefix: QUEUES_PATH },
  );
}

export default fp(adminQueuesPlugin, { name: 'admin-queues', dependencies: ['stores', 'auth'], encapsulate: true });
