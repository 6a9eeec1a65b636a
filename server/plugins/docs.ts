// OpenAPI document built from the route schemas, with Swagger UI at /docs (JSON at /docs/json).
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

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
          'Every /api route counts requests per caller (RATE_LIMIT_PER_USER, or RATE_LIMIT_PER_IP without one, per ' +
          'RATE_LIMIT_WINDOW_SECONDS; routes that say so have a tighter count of their own, RATE_LIMIT_EXPENSIVE) and ' +
          'allows MAX_IN_FLIGHT_PER_CALLER at once: beyond, 429 RATE_LIMITED with Retry-After and retryAfterSeconds. ' +
          'A database too busy to answer within MYSQL_ACQUIRE_TIMEOUT_MS gives 503 SERVICE_UNAVAILABLE with Retry-After.',
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
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    // Same reason as in security.ts: the docs must load over plain HTTP on a LAN.
    transformStaticCSP: (header) => header.replace(/upgrade-insecure-requests;?\s*/, ''),
  });
}

export default fp(docsPlugin, { name: 'docs' });
