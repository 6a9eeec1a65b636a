// The system log's routes (GET /api/system-logs, admins) and its one hook: a webhook the hub
// refused (Stripe's or the SMS provider's: a bad signature, a body it cannot take, payment off) is
// logged, since nobody is on the other end to read the answer. Registered before the modules'
// routes, unencapsulated (fastify-plugin), so the hook sees the webhooks' answers.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Type } from 'typebox';
import { bearer, errors, Id, Instant } from '../../http/schemas.js';
import { allow } from '../auth/principal.js';
import { record, searchSystemLogs } from './store.js';

/** The webhook routes and the source their refusals are logged under. */
const WEBHOOKS: Record<string, string> = {
  '/api/payments/stripe/webhook': 'stripe-webhook',
  '/api/sms/inbound': 'sms-webhook',
};

/** One entry per webhook, refusal code and address a minute: a flood of forged calls does not flood the log. */
const REPEAT_MS = 60_000;
/** And at most this many a webhook a minute in all, however many addresses the calls come from. */
const PER_SOURCE_PER_MINUTE = 30;

const Level = Type.Union([Type.Literal('info'), Type.Literal('warn'), Type.Literal('error')], {
  description: 'info, warn or error (exactly)',
});

const SystemLogQuery = Type.Object(
  {
    source: Type.Optional(
      Type.String({ pattern: '^[a-z][a-z0-9-]{0,63}$', description: 'jobs, stripe-webhook, sms-webhook, server or worker' }),
    ),
    level: Type.Optional(Level),
    from: Type.Optional(Instant),
    to: Type.Optional(Instant),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);

const SystemLog = Type.Object({
  id: Id,
  at: Instant,
  level: Type.String(),
  source: Type.String(),
  event: Type.String({ description: 'job.failed, webhook.refused, startup.failed, startup.warning' }),
  message: Type.String(),
  details: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()], {
    description: 'Ids and codes (queue, job id, attempts, error code, status); never personal or clinical data',
  }),
});

const systemLogsPlugin: FastifyPluginAsyncTypebox = async (app) => {
  const lastLogged = new Map<string, number>();
  // This minute's entries per webhook (only the current minute counts).
  let perSource = { minute: 0, counts: new Map<string, number>() };

  // A callback hook: it runs on every request and does nothing on most (no promise for them).
  app.addHook('onSend', (request, reply, payload, done) => {
    const source = WEBHOOKS[request.routeOptions.url ?? ''];
    if (source && reply.statusCode >= 400) noteRefusal(request, reply, source, payload);
    done(null, payload);
  });

  function noteRefusal(request: FastifyRequest, reply: FastifyReply, source: string, payload: unknown): void {
    let code = 'UNKNOWN';
    let message = `answered ${reply.statusCode}`;
    try {
      const body = JSON.parse(String(payload)) as { code?: unknown; message?: unknown };
      if (typeof body.code === 'string') code = body.code;
      if (typeof body.message === 'string') message = body.message;
    } catch {
      // not JSON: the status says enough
    }
    const key = `${source}|${code}|${request.ip}`;
    const now = Date.now();
    if (now - (lastLogged.get(key) ?? 0) < REPEAT_MS) return;
    const minute = Math.floor(now / 60_000);
    if (minute !== perSource.minute) perSource = { minute, counts: new Map() };
    const inMinute = perSource.counts.get(source) ?? 0;
    if (inMinute >= PER_SOURCE_PER_MINUTE) return;
    perSource.counts.set(source, inMinute + 1);
    lastLogged.set(key, now);
    if (lastLogged.size > 10_000) lastLogged.clear();
    void record(
      app.mongo.db,
      {
        level: 'warn',
        source,
        event: 'webhook.refused',
        message: `${code}: ${message}`,
        details: { statusCode: reply.statusCode, code, ip: request.ip },
      },
      (err) => request.log.warn({ err }, 'could not write the system log'),
    );
  }

  app.get(
    '/api/system-logs',
    {
      schema: {
        tags: ['system-logs'],
        security: bearer,
        summary: 'What went wrong outside requests: failed jobs, refused webhooks, start-up errors (admins)',
        description:
          'Newest first, kept 90 days. Sources: jobs (a background job that failed: warn while it will be retried, error once it ' +
          'gives up), stripe-webhook and sms-webhook (a call refused: bad signature, a body it cannot take, online payment off; at ' +
          'most one entry a minute per code and address), server and worker (start-up failures and warnings). Filters are exact; ' +
          'from is inclusive, to exclusive.',
        querystring: SystemLogQuery,
        response: { 200: Type.Object({ logs: Type.Array(SystemLog) }), ...errors(400, 401, 403) },
      },
      onRequest: allow('admin'),
    },
    async (request) => searchSystemLogs(app.mongo.db, { ...request.query, limit: request.query.limit ?? 100 }),
  );
};

export default fp(systemLogsPlugin, { name: 'system-logs', dependencies: ['stores'] });
