// OpenAPI document built from the route schemas, with Swagger UI at /docs (JSON at /docs/json).
// API_DOCS says who may read the document: anyone (public, the default outside production), an
// admin's bearer token (admin, the default in production), or nobody (off: nothing under /docs).
// In admin mode /docs/json and /docs/yaml want the token; the UI page and its files stay public
// (Swagger UI's own code, nothing of the API). A browser cannot put a bearer header on the page's
// own fetch of /docs/json, so the page asks for an admin access token when it loads the document,
// keeps it for the tab (sessionStorage, forgotten when refused) and sends it with that fetch only;
// "Authorize" still sets the token for "Try it out".
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { allow } from '../modules/auth/principal.js';

/** The routes that answer the document itself (admin mode: an admin's bearer token). */
const DOCUMENT_ROUTES = new Set(['/docs/json', '/docs/yaml']);
const TOKEN_KEY = 'clinic-hub.docs-token';

// Swagger UI's interceptors run in the browser: @fastify/swagger-ui writes them into the page's
// script with toString(), so they are built from source text (nothing of this module's scope,
// nothing a compiler could rename).
type Interceptor = <T>(value: T) => T;
const askForToken = new Function(
  'request',
  `if (!request.loadSpec) return request;
  let token = sessionStorage.getItem(${JSON.stringify(TOKEN_KEY)});
  if (!token) {
    token = (window.prompt('API_DOCS=admin: paste an admin access token (accessToken from POST /api/auth/login) to read the API document') || '').trim();
    if (token) sessionStorage.setItem(${JSON.stringify(TOKEN_KEY)}, token);
  }
  if (token) request.headers = Object.assign({}, request.headers, { Authorization: 'Bearer ' + token });
  return request;`,
) as Interceptor;
const forgetRefusedToken = new Function(
  'response',
  `if ((response.status === 401 || response.status === 403) && /\\/docs\\/json(\\?|$)/.test(response.url || '')) {
    sessionStorage.removeItem(${JSON.stringify(TOKEN_KEY)});
  }
  return response;`,
) as Interceptor;

async function docsPlugin(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Clinic Hub API',
        version: '0.1.0',
        description:
          'Real-time clinic operations hub. Errors are `{statusCode, error, message, code}` with a stable `code`. ' +
          'Instants are UTC ISO 8601; calendar dates are YYYY-MM-DD. ' +
          'Bodies are JSON in UTF-8 (other bytes: 400 INVALID_JSON); a lone surrogate (`\\ud800`) in any string of a body ' +
          'or socket payload is refused with 400 VALIDATION_FAILED. Every response carries `Cache-Control: no-store`, ' +
          "except the web client's own files fetched without credentials. " +
          'Every /api route counts requests per caller (RATE_LIMIT_PER_USER, or RATE_LIMIT_PER_IP without one, per ' +
          'RATE_LIMIT_WINDOW_SECONDS; routes that say so have a tighter count of their own, RATE_LIMIT_EXPENSIVE) and ' +
          'allows MAX_IN_FLIGHT_PER_CALLER at once: beyond, 429 RATE_LIMITED with Retry-After and retryAfterSeconds. ' +
          'A database too busy to answer within MYSQL_ACQUIRE_TIMEOUT_MS gives 503 SERVICE_UNAVAILABLE with Retry-After. ' +
          'A store that is down or unreachable (MySQL, MongoDB, Redis) gives 503 STORE_UNAVAILABLE with Retry-After and ' +
          'details.store within about 3 s; nothing of the request was kept. Metrics: METRICS_PORT (docs/OPERATIONS.md).',
      },
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'An access token from POST /api/auth/login, or a display token (board reads only).',
          },
        },
      },
      tags: [
        { name: 'auth', description: 'Login, token refresh, logout' },
        { name: 'users', description: 'Staff logins (admin)' },
        { name: 'locations', description: 'Clinic sites' },
        { name: 'doctors', description: 'Doctors, weekly schedules and unavailability' },
        { name: 'patients', description: 'Patient records' },
        { name: 'scheduling', description: 'Availability, booking, the visit lifecycle, walk-ins and queues' },
        { name: 'messages', description: 'Patient–doctor message threads' },
        { name: 'notes', description: 'Clinical notes (SOAP), every version kept' },
        { name: 'medications', description: 'The medication catalogue (WHO EML)' },
        { name: 'prescriptions', description: 'Prescriptions: drafts, signing, the public check, refills, PDFs' },
        { name: 'inventory', description: 'Pharmacy stock: lots, movements, counts, reorder levels' },
        { name: 'pharmacy', description: 'The dispensing queue and dispenses' },
        { name: 'billing', description: 'Invoices, payments at the desk and online (Stripe), refunds, claims, cash-up, receipts' },
        { name: 'feedback', description: 'Ratings after a visit, moderation, the doctor’s reply (docs/FEEDBACK.md)' },
        { name: 'displays', description: 'Waiting-room screens' },
        { name: 'audit', description: 'The append-only audit log (admins)' },
        { name: 'system-logs', description: 'Failed jobs, refused webhooks and start-up errors, kept 90 days (admins)' },
        { name: 'notifications', description: 'Confirmations, reminders and notices sent to patients (docs/NOTIFICATIONS.md)' },
        { name: 'inbox', description: 'Every signed-in person’s notifications (the bell): read state, priority, action link, expiry' },
        { name: 'metrics', description: 'Daily per-location figures rolled up by the worker' },
        { name: 'sms', description: 'The SMS provider’s inbound webhook (HMAC-signed, docs/SMS.md)' },
        { name: 'queues', description: 'Sign-in for the BullMQ dashboard at /admin/queues (admins)' },
        { name: 'health', description: 'Liveness and readiness' },
      ],
    },
  });
  const access = app.config.apiDocs;
  if (access === 'off') return;
  await app.register(async (docs) => {
    if (access === 'admin') {
      const adminOnly = allow('admin');
      docs.addHook('onRequest', async (request, reply) => {
        if (DOCUMENT_ROUTES.has(request.routeOptions.url ?? '')) await adminOnly(request, reply);
      });
    }
    await docs.register(swaggerUi, {
      routePrefix: '/docs',
      staticCSP: true,
      // Same reason as in security.ts: the docs must load over plain HTTP on a LAN.
      transformStaticCSP: (header) => header.replace(/upgrade-insecure-requests;?\s*/, ''),
      // BaseLayout: the page without Swagger UI's top bar. The bar's logo is an inline SVG with its
      // own <style>, which the docs' policy (style-src 'self' https:, no 'unsafe-inline') refuses
      // with a console error on every load; the bar's other part, a box to load any URL's API
      // document, is nothing a clinic's reader needs. So the policy stays strict and nothing is refused.
      uiConfig: {
        layout: 'BaseLayout',
        ...(access === 'admin' ? { requestInterceptor: askForToken, responseInterceptor: forgetRefusedToken } : {}),
      },
    });
  });
}

export default fp(docsPlugin, { name: 'docs' });
