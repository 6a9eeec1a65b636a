// Audits every HTTP request that changes something, every read of clinical content (notes,
// message threads), every authentication event and every refused request (401 and 403, and 404 on
// a protected route), after the response is sent. What an entry keeps of a change is decided by the
// route's rule (rules.ts): changed field names, and values only for the fields the rule lists.
// Refusals without a usable identity are summarised per address and minute (log.ts).
// Socket actions audit themselves through `app.audit`. Entries are batched (one insertMany per few
// ms) and handed over after the response has gone, so no request waits for them.
// The hooks are callback hooks: they run on every request (reads included) and mostly do nothing,
// and an async hook costs a promise and a microtask turn each time (measured on GET /api/me).
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
    /** The patient an answer was about (a clinical read's `patientId`), kept in the entry. */
    auditPatientId?: string;
  }
}

const isMutating = (method: string) => (MUTATING_METHODS as readonly string[]).includes(method);

/** The patient a record in the API's shape belongs to (a visit, note, invoice… carry `patientId`). */
const patientOf = (value: unknown): string | undefined => {
  const id = (value as { patientId?: unknown } | null | undefined)?.patientId;
  return typeof id === 'string' ? id : undefined;
};

function actionOf(request: FastifyRequest, reply: FastifyReply): { action: string; outcome: 'ok' | 'denied' | 'failed' } | null {
  const route = request.routeOptions.url ?? request.url.split('?')[0]!;
  const status = reply.statusCode;
  if (route.startsWith('/api/auth/'))
    return {
      action: `auth.${route.slice('/api/auth/'.length)}`,
      outcome: status < 300 ? 'ok' : status === 401 || status === 429 ? 'denied' : 'failed',
    };
  if (status === 401 || status === 403) return { action: `${request.method} ${route}`, outcome: 'denied' };
  // A protected resource that is not there, or not there for this caller (404 hides what exists).
  if (status === 404 && request.principal && request.routeOptions.url) return { action: `${request.method} ${route}`, outcome: 'denied' };
  if (request.method === 'GET' && request.auditOutcome && status < 300) return { action: `check ${route}`, outcome: request.auditOutcome };
  if (request.method === 'GET' && request.auditAction && status < 300) return { action: request.auditAction, outcome: 'ok' };
  if (request.method === 'GET')
    return status < 300 && request.routeOptions.config.audit?.clinicalRead ? { action: `read ${route}`, outcome: 'ok' } : null;
  if (status < 300)
    return request.routeOptions.config.audit?.changesNothing ? null : { action: `${request.method} ${route}`, outcome: 'ok' };
  return null;
}

async function auditPlugin(app: FastifyInstance) {
  const audit = new AuditLog(app.mongo.db);
  app.decorate('audit', audit);
  // Entries are written in batches (log.ts): what is still waiting is written before the MongoDB
  // client closes (onClose hooks run last-registered first, and the stores plugin came before this one).
  app.addHook('onClose', async () => {
    await audit.close();
  });
  app.decorateRequest('auditAfter', undefined);
  app.decorateRequest('auditTarget', undefined);
  app.decorateRequest('auditAnonymous', undefined);
  app.decorateRequest('accessReason', undefined);
  app.decorateRequest('auditOutcome', undefined);
  app.decorateRequest('auditAction', undefined);
  app.decorateRequest('auditDetails', undefined);
  app.decorateRequest('auditPatientId', undefined);

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

  // The route's own rule reads the state before the change, after the role check (onRequest), and
  // through a read that checks the caller may see the object: a refused caller loads nothing.
  app.addHook('preHandler', (request, _reply, done) => {
    const load = request.routeOptions.config.audit?.before;
    if (!load || !isMutating(request.method)) return done();
    load(request).then(
      (before) => {
        request.auditBefore = before;
        done();
      },
      () => done(),
    );
  });

  // Keep the answer of a change as its "after" state (the response schema already stripped it),
  // unless the route set one itself (a 204 answers nothing: the password reset says what changed).
  // A clinical read keeps only whose record it was (patientId), never the answer.
  app.addHook('onSend', (request, reply, payload, done) => {
    const clinicalRead = request.method === 'GET' && request.routeOptions.config.audit?.clinicalRead;
    if ((request.method !== 'GET' || clinicalRead) && reply.statusCode < 300 && typeof payload === 'string' && payload.length < 100_000) {
      try {
        const parsed: unknown = JSON.parse(payload);
        if (clinicalRead) request.auditPatientId = patientOf(parsed);
        else if (request.auditAfter === undefined) request.auditAfter = parsed; // a route that answers nothing may say it itself
      } catch {
        // not JSON: nothing to keep
      }
    }
    done(null, payload);
  });

  app.addHook('onResponse', (request, reply, done) => {
    const what = actionOf(request, reply);
    // Handed to the batch writer now; its write is not awaited here (errors are logged by record).
    if (what) record(request, reply, what);
    done();
  });

  function record(request: FastifyRequest, reply: FastifyReply, what: NonNullable<ReturnType<typeof actionOf>>): void {
    const principal = request.principal;
    const route = request.routeOptions.url ?? '';
    const common = {
      ...what,
      statusCode: reply.statusCode,
      ip: request.ip,
      userAgent: request.headers['user-agent'] ?? null,
      requestId: request.id,
    };
    const fail = (err: unknown) => request.log.error({ err }, 'could not write the audit entry');
    if (what.outcome === 'denied' && !principal && !what.action.startsWith('auth.')) {
      // No usable identity (no token, a forged or expired one): summarised, not one document each.
      audit.recordAnonymousRefusal({ ...common, targetType: route.split('/')[2] ?? null, targetId: null }).catch(fail);
      return;
    }
    if (request.auditAnonymous && what.outcome === 'ok') {
      const targetType = request.auditTarget?.type ?? route.split('/')[2] ?? 'unknown';
      audit.recordAnonymousChange({ action: what.action, targetType, statusCode: reply.statusCode }).catch(fail);
      return;
    }
    const params = request.params as { id?: string } | undefined;
    const after = request.auditAfter as { id?: string } | undefined;
    const rule = request.routeOptions.config.audit;
    const targetType = request.auditTarget?.type ?? route.split('/')[2] ?? null;
    // Where the target is not the patient themself, the entry still names whose it was (the audit's patientId filter).
    const patientId =
      targetType === 'patients' ? undefined : (request.auditPatientId ?? patientOf(request.auditAfter) ?? patientOf(request.auditBefore));
    // Only a change that happened records what changed; a refused one records that it was refused.
    const changed = what.outcome === 'ok' && isMutating(request.method) && !what.action.startsWith('auth.');
    audit
      .record({
        ...common,
        actorId: principal ? (principal.kind === 'user' ? principal.userId : principal.displayId) : null,
        actorRole: principal?.role ?? null,
        targetType,
        targetId: request.auditTarget?.id ?? params?.id ?? (after && typeof after.id === 'string' ? after.id : null),
        ...(patientId ? { patientId } : {}),
        ...(request.auditTarget?.emailHash ? { targetKey: request.auditTarget.emailHash } : {}),
        ...(request.accessReason ? { accessReason: request.accessReason } : {}),
        ...(request.auditDetails ? { details: request.auditDetails } : {}),
        ...(changed ? { before: request.auditBefore ?? null, after: request.auditAfter ?? null, keep: rule?.fields ?? [] } : {}),
      })
      .catch(fail);
  }
}

export default fp(auditPlugin, { name: 'audit', dependencies: ['stores'] });
