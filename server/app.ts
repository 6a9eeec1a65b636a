// Builds the Fastify application from a Config. Tests call buildApp() in-process; main.ts
// builds it and listens. Nothing here reads the environment.
import type { Writable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Config } from './config.js';
import { ErrorCode } from './errors.js';
import { loggerOptions, requestId, requestLogger } from './logging.js';
import adminQueues from './modules/admin-queues/plugin.js';
import audit from './modules/audit/plugin.js';
import { registerModules } from './modules/index.js';
import live, { type LiveOptions } from './modules/live/plugin.js';
import messaging from './modules/messaging/plugin.js';
import opsMetrics from './modules/ops-metrics/plugin.js';
import auth from './plugins/auth.js';
import client from './plugins/client.js';
import docs from './plugins/docs.js';
import errors, { errorBody } from './plugins/errors.js';
import limits from './plugins/limits.js';
import security, { clientErrorHandler, SecureResponse } from './plugins/security.js';
import socket from './plugins/socket.js';
import stores from './plugins/stores.js';
import validation from './plugins/validation.js';

export type App = FastifyInstance;

/** Errors the router raises before any route runs (a malformed URL) keep the contract's shape. */
function frameworkError(error: Error, _request: FastifyRequest, reply: FastifyReply): void {
  reply.code(400).send(errorBody(400, ErrorCode.VALIDATION_FAILED, error.message));
}

export interface BuildOptions {
  /** Where logs go (stdout by default); tests pass a stream to read them. */
  logStream?: Writable;
  /** Live updates (relay interval, fast path); tests tune them. */
  live?: LiveOptions;
  /** Entries the Socket.IO adapter's Redis stream keeps (recovery reaches back this far). */
  socketStreamMaxLen?: number;
}

export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<App> {
  const app = Fastify({
    logger: opts.logStream ? { ...loggerOptions(config), stream: opts.logStream } : loggerOptions(config),
    genReqId: requestId,
    childLoggerFactory: requestLogger,
    // Every response of the HTTP server adds the security headers it does not set itself (plugins/security.ts).
    http: { ServerResponse: SecureResponse },
    bodyLimit: 1_048_576,
    trustProxy: config.trustProxy,
    routerOptions: { maxParamLength: 200 },
    frameworkErrors: frameworkError,
    clientErrorHandler,
    // Plugins connect to MySQL, MongoDB and Redis: on a busy host that can take longer than
    // Fastify's default 10 s, and a slow start is better than a refused one.
    pluginTimeout: 60_000,
    // A request (headers and body) must have arrived within two minutes: a client that holds a
    // half-sent upload open cannot keep a handler, and its partial file, alive for ever. Answers
    // and WebSockets are not limited by it.
    requestTimeout: 120_000,
  }).withTypeProvider<TypeBoxTypeProvider>();

  // The API speaks JSON only; anything else is 415 UNSUPPORTED_MEDIA_TYPE.
  app.removeContentTypeParser('text/plain');

  // During shutdown, answer in-flight requests with Connection: close so keep-alive sockets
  // end with them; otherwise close() would wait for each client's keep-alive timeout.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  // A callback hook: an async one costs a promise and a turn of the microtask queue per request.
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });

  await app.register(errors);
  await app.register(validation);
  await app.register(stores, { config });
  // Before the routes: its response hook times every route (served on METRICS_PORT, not here).
  await app.register(opsMetrics);
  await app.register(security);
  await app.register(docs);
  await app.register(auth);
  await app.register(audit);
  // Before the routes: it counts requests of every /api route registered after it.
  await app.register(limits);
  await app.register(socket, { streamMaxLen: opts.socketStreamMaxLen });
  await app.register(registerModules);
  await app.register(live, opts.live ?? {});
  await app.register(messaging);
  await app.register(adminQueues);
  await app.register(client);
  return app as unknown as App;
}
