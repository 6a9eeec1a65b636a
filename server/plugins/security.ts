// Security headers (helmet) and CORS. CORS is off unless CORS_ORIGINS lists allowed origins.
// helmet's middleware is built once and applied to every response: @fastify/helmet rebuilds it
// on every request, which cost a third of the throughput of a small authenticated GET.
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet from 'helmet';

async function securityPlugin(app: FastifyInstance) {
  const securityHeaders = helmet({
    // The API serves JSON; the docs page and the client set their own script sources below.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        // Waiting-room screens and desk PCs may reach the hub over plain HTTP on the clinic LAN;
        // upgrading their requests to https would leave them with a dead page.
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', (request, reply, done) => {
    securityHeaders(request.raw, reply.raw, (err?: unknown) => done(err as Error | undefined));
  });
  const origins = app.config.corsOrigins;
  await app.register(cors, {
    origin: origins.includes('*') ? true : origins.length ? origins : false,
    credentials: false,
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'],
    exposedHeaders: ['X-Request-Id', 'Retry-After'],
    maxAge: 600,
  });
}

export default fp(securityPlugin, { name: 'security', dependencies: ['stores'] });
