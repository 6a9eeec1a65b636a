// Audits every HTTP request that changes something, every read of clinical content (notes,
// message threads), every authentication event and every refused request, after the response
// is sent. Socket actions audit themselves through `app.audit`.
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import fp from 'fastify-plugin';
import { AuditLog } from './log.js';
import { type AuditRule, MUTATING_METHODS } from './rules.js';

declare module 'fastify' {
  interface FastifyInstance {
    audit: AuditLog;
    /** Every mutating route with the audit rule it declared (undefined: none), for the route-rule test. */
    auditedRoutes: { method: string; url: string; rule: AuditRule | undefined }[];
  }
  interface FastifyRequest {
    auditAfter?: unknown;
    auditBefore?: unknown;
  }
}

const isMutating = (method: string) => (MUTATING_METHODS as readonly string[]).includes(method);

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
    return status < 300 && request.routeOptions.config.audit?.clinicalRead ? { action: `read ${route}`, outcome: 'ok' } : null;
  if (status < 300) return { action: `${request.method} ${route}`, outcome: 'ok' };
  return null;
}

async function auditPlugin(app: FastifyInstance) {
  const audit = new AuditLog(app.mongo.db);
  app.decorate('audit', audit);
  app.decorateRequest('auditAfter', undefined);

  // Routes registered after this plugin (all of the modules') are listed with their rule.
  const routes: FastifyInstance['auditedRoutes'] = [];
  app.decorate('auditedRoutes', routes);
  app.addHook('onRoute', (route) => {
    const methods = ([] as HTTPMethods[]).concat(route.method as HTTPMethods | HTTPMethods[]);
    // Read when asked: a plugin's own onRoute hook (the queue dashboard's) may still set the rule.
    for (const method of methods.filter(isMutating))
      routes.push({
        method,
        url: route.url,
        get rule() {
          return route.config?.audit;
        },
      });
  });

  // The route's own rule reads the state before the change.
  app.addHook('preHandler', async (request) => {
    const load = request.routeOptions.config.audit?.before;
    if (!load || !isMutating(request.method)) return;
    request.auditBefore = await load(request).catch(() => null);
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
