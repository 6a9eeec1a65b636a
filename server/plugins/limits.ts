// Limits on every API path, so that one client's burst never slows the others down:
// - a request count per caller over a window (RATE_LIMIT_WINDOW_SECONDS), kept in Redis by
//   @fastify/rate-limit so that every node shares it: per signed-in user or screen
//   (RATE_LIMIT_PER_USER), or per client IP for calls without a caller (RATE_LIMIT_PER_IP). A route
//   declared `config: { ...expensive }` (server/http/route-limits.ts) has a tighter count of its own
//   (RATE_LIMIT_EXPENSIVE); every other API route shares the general one;
// - at most MAX_IN_FLIGHT_PER_CALLER requests of one caller in progress on a node at once, so a
//   caller's slow requests cannot take every MySQL connection.
// Both answer 429 RATE_LIMITED with Retry-After and retryAfterSeconds, as the login limiter does.
// Only /api is counted: health checks, the web client's pages, the docs and the Socket.IO
// handshake (which never reaches Fastify's routes) are not. The caller is known because these
// hooks run after the route's `allow(...)`; a request refused there (401/403) is not counted.
// While Redis is down, requests go through uncounted and without waiting for it (the stores plugin
// logs the outage); the in-flight bound still holds.
// The increments of the requests that arrive in one turn of the event loop go to Redis together,
// exactly counted (rate-limit-store.ts).
import type { ServerResponse } from 'node:http';
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, ErrorCode } from '../errors.js';
import { ErrorResponse } from '../http/schemas.js';
import { batchedRedisStore } from './rate-limit-store.js';

/** The caller a response counts against in the in-flight bound. */
const CALLER = Symbol('in-flight caller');

/** Who a request is counted against: the signed-in user or screen, else the client's IP (an IPv6 /64). */
export function callerKey(request: FastifyRequest): string {
  const p = request.principal;
  if (p?.kind === 'user') return `user:${p.userId}`;
  if (p?.kind === 'display') return `display:${p.displayId}`;
  return `ip:${normalizeIP(request.ip)}`;
}

function tooMany(message: string, retryAfterSeconds: number): AppError {
  return new AppError(429, ErrorCode.RATE_LIMITED, message, { retryAfterSeconds: Math.max(1, retryAfterSeconds) });
}

/** Appends `hook` to a route's own onRequest hooks, so it runs after `allow(...)`. */
function appendOnRequest(route: RouteOptions, hook: onRequestHookHandler): void {
  const existing = route.onRequest;
  route.onRequest = existing === undefined ? [hook] : Array.isArray(existing) ? [...existing, hook] : [existing, hook];
}

/** 429 and 503 in the route's OpenAPI responses, and a word on its limit in its description. */
function documentLimits(route: RouteOptions, note: string): void {
  const schema = route.schema;
  if (!schema || (schema as { hide?: boolean }).hide) return;
  const description = [(schema as { description?: string }).description, note].filter(Boolean).join(' ');
  route.schema = { ...schema, description, response: { ...(schema.response as object), 429: ErrorResponse, 503: ErrorResponse } };
}

async function limitsPlugin(app: FastifyInstance) {
  const { limits, redisPrefix } = app.config;
  const timeWindow = limits.windowSeconds * 1000;

  // Calls of each caller in progress on this node.
  const inFlight = new Map<string, number>();
  // One listener function for every response (its caller's key rides on the response): no
  // closure and no once-wrapper per request. A response closes once.
  function release(this: ServerResponse & { [CALLER]?: string }) {
    const key = this[CALLER];
    if (key === undefined) return;
    this[CALLER] = undefined; // released once, whether by its close event or below
    const left = (inFlight.get(key) ?? 1) - 1;
    if (left > 0) inFlight.set(key, left);
    else inFlight.delete(key);
  }
  const boundInFlight: onRequestHookHandler = async (request: FastifyRequest, reply: FastifyReply) => {
    const key = callerKey(request);
    const now = inFlight.get(key) ?? 0;
    if (now >= limits.inFlightPerCaller) throw tooMany('Too many requests at once; wait for the ones in progress', 1);
    inFlight.set(key, now + 1);
    const res = reply.raw as ServerResponse & { [CALLER]?: string };
    res[CALLER] = key;
    res.on('close', release);
    // A client gone before this hook ran (a screen's token is looked up first) closed the response
    // already: its close event will not come again, so the slot is given back now.
    if (res.destroyed) release.call(res);
  };

  // Runs before @fastify/rate-limit's own onRoute hook (registered below), which reads config.rateLimit.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) {
      route.config = { ...route.config, rateLimit: false };
      return;
    }
    appendOnRequest(route, boundInFlight);
    if (route.config?.limit === 'expensive') {
      route.config = { ...route.config, rateLimit: { max: limits.expensivePerRoute, timeWindow } };
      documentLimits(
        route,
        `Limited to ${limits.expensivePerRoute} calls per caller per ${limits.windowSeconds} s (RATE_LIMIT_EXPENSIVE).`,
      );
    } else if (route.config?.limit === 'public') {
      route.config = { ...route.config, rateLimit: { max: limits.publicPerIp, timeWindow } };
      documentLimits(route, `Limited to ${limits.publicPerIp} calls per address per ${limits.windowSeconds} s (RATE_LIMIT_PUBLIC).`);
    } else {
      documentLimits(route, '');
    }
  });

  await app.register(rateLimit, {
    global: true,
    store: batchedRedisStore(app.redis, `${redisPrefix}:ratelimit:`),
    timeWindow,
    max: (_request, key) => (key.startsWith('ip:') ? limits.perIp : limits.perUser),
    keyGenerator: callerKey,
    // Redis down or reconnecting: count nothing rather than hold every request in ioredis' retries.
    allowList: () => app.redis.status !== 'ready',
    skipOnError: true,
    errorResponseBuilder: (_request, context) =>
      tooMany('Too many requests; slow down and try again shortly', Math.ceil(context.ttl / 1000)),
  });
}

export default fp(limitsPlugin, { name: 'limits', dependencies: ['stores', 'auth', 'errors'] });
