// Who may open the queue dashboard, and the cookie that lets a browser in. A browser cannot put
// a bearer header on a page navigation, so an admin first trades their access token for a
// cookie (POST /api/admin/queues/session); the cookie holds that same access token and is
// checked exactly like a bearer token (signature, expiry, revocation) by the auth plugin.
// It is HttpOnly, SameSite=Strict and scoped to the dashboard's path, so page scripts cannot
// read it, other sites cannot make the browser send it and the API never sees it; Secure whenever
// the request came over https or PUBLIC_URL is https.
// SameSite does not tell sites from origins: a page on another host of the same site (a sibling
// subdomain) still gets the cookie sent. So a change (any method but GET/HEAD/OPTIONS) carried by
// the cookie must come from the dashboard's own page: the browser says so (Sec-Fetch-Site:
// same-origin), or its Origin is the hub's (PUBLIC_URL) or one of CORS_ORIGINS. bull-board's page
// calls its API with XMLHttpRequest from the same origin, which sends both; a bearer header needs no check.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { forbidden, unauthorized } from '../../errors.js';
import { bearer, errors } from '../../http/schemas.js';
import { trustedOrigins } from '../../plugins/security.js';
import { auditCreates } from '../audit/rules.js';
import { allow, type Principal } from '../auth/principal.js';

/** Where the dashboard lives: its page, its static files and its JSON API. */
export const QUEUES_PATH = '/admin/queues';
export const SESSION_COOKIE = 'clinic_queues_session';
export const SESSION_ROUTE = '/api/admin/queues/session';

function cookieOptions(request: FastifyRequest) {
  return {
    path: QUEUES_PATH,
    httpOnly: true,
    sameSite: 'strict' as const,
    // request.protocol honours X-Forwarded-Proto only from the proxies TRUST_PROXY names.
    secure: request.protocol === 'https' || request.server.config.publicUrl.startsWith('https:'),
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a request comes from a page of the hub itself: Sec-Fetch-Site: same-origin, or an Origin
 * among `origins` (`*` counts for nothing here). Browsers send Origin on every request but a GET or HEAD.
 */
export function fromOwnPage(headers: FastifyRequest['headers'], origins: readonly string[]): boolean {
  if (headers['sec-fetch-site'] === 'same-origin') return true;
  const origin = headers.origin;
  return origin !== undefined && origin !== '*' && origins.includes(origin);
}

/**
 * An onRequest hook for everything under QUEUES_PATH: an active admin only, identified by a
 * bearer header (which wins when both are sent) or by the session cookie. 401 without a valid
 * token, 403 for every other role. A cookie that no longer works is cleared as well.
 */
export async function requireQueuesAdmin(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const app = request.server;
  let principal: Principal | null = await app.resolvePrincipal(request);
  if (!principal) {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) throw unauthorized(`Sign in as an admin: send a bearer token, or open a session with POST ${SESSION_ROUTE}`);
    try {
      principal = await app.authenticateToken(token);
    } catch (err) {
      reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
      throw err;
    }
    request.principal = principal;
    if (!SAFE_METHODS.has(request.method) && !fromOwnPage(request.headers, trustedOrigins(app.config))) {
      throw forbidden('A change by the dashboard cookie must come from the dashboard page (Origin or Sec-Fetch-Site)');
    }
  }
  if (principal.role !== 'admin') throw forbidden('The queue dashboard is for admins only');
}

/** The access token of a request that allow() has already accepted. */
function acceptedBearerToken(request: FastifyRequest): string {
  const token = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
  if (!token) throw unauthorized();
  return token;
}

const sessionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const common = { tags: ['queues'], security: bearer };

  app.post(
    SESSION_ROUTE,
    {
      config: auditCreates([]),
      schema: {
        ...common,
        summary: 'Open the queue dashboard in this browser (admins)',
        description:
          `Sets an HttpOnly, SameSite=Strict cookie for ${QUEUES_PATH} holding the caller's access token, valid as long as ` +
          `that token (Max-Age is its remaining life); Secure over https or when PUBLIC_URL is https. Then open ${QUEUES_PATH} ` +
          'in the same browser. Send no body. A change (PUT, POST, PATCH, DELETE) the cookie carries must come from the ' +
          "dashboard's own page (Sec-Fetch-Site: same-origin, or Origin PUBLIC_URL's or one of CORS_ORIGINS), else 403. " +
          'The cookie stops working when the token expires or the login is deactivated; open a new session after a refresh.',
        response: { 204: Type.Null(), ...errors(401, 403) },
      },
      onRequest: allow('admin'),
    },
    async (request, reply) => {
      const token = acceptedBearerToken(request);
      const expiresAt = app.jwt.decode<{ exp: number }>(token)?.exp ?? 0;
      const maxAge = Math.max(1, expiresAt - Math.floor(Date.now() / 1000));
      reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions(request), maxAge });
      return reply.status(204).send(null);
    },
  );

  app.delete(
    SESSION_ROUTE,
    {
      config: auditCreates([]),
      schema: {
        tags: ['queues'],
        summary: 'Close the queue dashboard session of this browser',
        description:
          'Clears the dashboard cookie. Needs no token: it only tells this browser to forget its own cookie, which must ' +
          'also work once the access token has expired or the login was deactivated.',
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
      return reply.status(204).send(null);
    },
  );
};

export default sessionRoutes;
