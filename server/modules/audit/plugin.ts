// Audits every HTTP request that changes something, every read of clinical content (notes,
// message threads), every authentication event and every refused request, after the response
// is sent. Socket actions audit themselves through `app.audit`.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { DoctorsService } from '../doctors/service.js';
import { LocationsService } from '../locations/service.js';
import { presentById } from '../scheduling/present.js';
import { findUser } from '../users/service.js';
import { AuditLog } from './log.js';

declare module 'fastify' {
  interface FastifyInstance {
    audit: AuditLog;
  }
  interface FastifyRequest {
    auditAfter?: unknown;
    auditBefore?: unknown;
  }
}

/**
 * How to read the current state of what a change targets, by route prefix: that is the
 * entry's "before". Targets not listed here are creations (nothing before) or have none.
 */
function beforeLoaders(app: FastifyInstance): [RegExp, (p: { id: string; messageId?: string }) => Promise<unknown>][] {
  const mongo = app.mongo.db;
  return [
    [/^\/api\/appointments\/:id\//, (p) => presentById(app.db, p.id)],
    [/^\/api\/notes\/:id$/, (p) => mongo.collection('notes').findOne({ _id: p.id as never })],
    [/^\/api\/locations\/:id$/, (p) => new LocationsService(app.db).get(p.id)],
    [/^\/api\/users\/:id$/, (p) => findUser(app.db, p.id)],
    [/^\/api\/doctors\/:id\/(schedule|delay)$/, (p) => new DoctorsService(app.db).get(p.id)],
    [/^\/api\/threads\/:id\/messages\/:messageId$/, (p) => mongo.collection('messages').findOne({ _id: p.messageId as never })],
  ];
}

/** GET routes whose answers are clinical content: reading them is audited too. */
const AUDITED_READS = [/^\/api\/notes(\/:id.*)?$/, /^\/api\/threads\/:id\/messages$/];

function actionOf(request: FastifyRequest, reply: FastifyReply): { action: string; outcome: 'ok' | 'denied' | 'failed' } | null {
  const route = request.routeOptions.url ?? request.url.split('?')[0]!;
  const status = reply.statusCode;
  if (route.startsWith('/api/auth/'))
    return {
      action: `auth.${route.slice('/api/auth/'.length)}`,
      outcome: status < 300 ? 'ok' : status === 401 || status === 429 ? 'denied' : 'failed',
    };
  if (status === 401 || status === 403) return { action: `${request.method} ${route}`, outcome: 'denied' };
  if (request.method === 'GET')
    return status < 300 && AUDITED_READS.some((r) => r.test(route)) ? { action: `read ${route}`, outcome: 'ok' } : null;
  if (status < 300) return { action: `${request.method} ${route}`, outcome: 'ok' };
  return null;
}

async function auditPlugin(app: FastifyInstance) {
  const audit = new AuditLog(app.mongo.db);
  app.decorate('audit', audit);
  app.decorateRequest('auditAfter', undefined);

  const loaders = beforeLoaders(app);
  app.addHook('preHandler', async (request) => {
    if (request.method === 'GET' || request.method === 'HEAD') return;
    const route = request.routeOptions.url ?? '';
    const params = request.params as { id?: string; messageId?: string } | undefined;
    const loader = loaders.find(([pattern]) => pattern.test(route));
    if (!loader || !params?.id) return;
    request.auditBefore = await loader[1]({ id: params.id, messageId: params.messageId }).catch(() => null);
  });

  // Keep the answer of a change as its "after" state (the response schema already stripped it).
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' && reply.statusCode < 300 && typeof payload === 'string' && payload.length < 100_000) {
      try {
        request.auditAfter = JSON.parse(payload);
      } catch {
        // not JSON: nothing to keep
      }
    }
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    const what = actionOf(request, reply);
    if (!what) return;
    const principal = request.principal;
    const params = request.params as { id?: string } | undefined;
    const after = request.auditAfter as { id?: string } | undefined;
    const targetId = params?.id ?? (after && typeof after.id === 'string' ? after.id : null);
    const route = request.routeOptions.url ?? '';
    await audit
      .record({
        ...what,
        actorId: principal ? (principal.kind === 'user' ? principal.userId : principal.displayId) : null,
        actorRole: principal?.role ?? null,
        targetType: route.split('/')[2] ?? null,
        targetId,
        statusCode: reply.statusCode,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
        requestId: request.id,
        before: what.action.startsWith('auth.') ? null : (request.auditBefore ?? null),
        after: what.action.startsWith('auth.') ? null : (request.auditAfter ?? null),
      })
      .catch((err) => request.log.error({ err }, 'could not write the audit entry'));
  });
}

export default fp(auditPlugin, { name: 'audit', dependencies: ['stores'] });
