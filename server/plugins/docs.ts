// OpenAPI document built from the route schemas, with Swagger UI at /docs (JSON at /docs/json).
// API_DOCS says who may read them: anyone (public, the default outside production), an admin's
// bearer token on every path under /docs (admin, the default in production), or nobody (off: 404).
// In admin mode the Swagger UI page cannot send the token when it loads /docs/json, so the page
// answers 401 to a plain browser: fetch the document with the token (curl) and open it in any
// OpenAPI viewer, or use a browser that adds the Authorization header to the hub's requests.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { allow } from '../modules/auth/principal.js';

async function docsPlugin(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Clinic Hub API',
        version: '0.1.0',
        description:
          'Real-time clinic operations hub. Errors are `{statusCode, error, message, code}` with a stable `code`. ' +
          'Instants are UTC ISO 8601; calendar dates are YYYY-MM-DD.',
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
        { name: 'displays', description: 'Waiting-room screens' },
        { name: 'audit', description: 'The append-only audit log (admins)' },
        { name: 'notifications', description: 'Confirmations, reminders and notices sent to patients (docs/NOTIFICATIONS.md)' },
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
    // Every route under /docs, the UI's static files included.
    if (access === 'admin') docs.addHook('onRequest', allow('admin'));
    await docs.register(swaggerUi, {
      routePrefix: '/docs',
      staticCSP: true,
      // Same reason as in security.ts: the docs must load over plain HTTP on a LAN.
      transformStaticCSP: (header) => header.replace(/upgrade-insecure-requests;?\s*/, ''),
    });
  });
}

export default fp(docsPlugin, { name: 'docs' });
