// The live board and queues on Socket.IO: their socket handlers, the outbox publisher and its
// relay. Changes made over HTTP are published right after their response is sent.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { LivePublisher } from './publisher.js';
import { registerLiveHandlers } from './socket-handlers.js';

declare module 'fastify' {
  interface FastifyInstance {
    live: LivePublisher;
  }
}

export interface LiveOptions {
  /** How often the relay looks for events a crashed node left unpublished (ms); 0 = never. */
  relayIntervalMs?: number;
  /** Tests switch the fast path off to play a node that crashed between commit and publish. */
  publishAfterResponse?: boolean;
}

async function livePlugin(app: FastifyInstance, opts: LiveOptions) {
  const publisher = new LivePublisher(app.db, app.redis, app.mongo.db, app.config.redisPrefix, app.io, app.log);
  app.decorate('live', publisher);
  registerLiveHandlers(app, publisher);
  if (opts.publishAfterResponse !== false) {
    // A callback hook: reads (most requests) would otherwise pay a promise each for nothing.
    app.addHook('onResponse', (request, reply, done) => {
      if (request.method !== 'GET' && reply.statusCode < 300) void publisher.publishSoon();
      done();
    });
  }
  app.addHook('onReady', async () => {
    if (opts.relayIntervalMs !== 0) publisher.startRelay(opts.relayIntervalMs ?? 2_000);
  });
  app.addHook('preClose', async () => {
    publisher.stop();
    await publisher.publishSoon();
  });
}

export default fp(livePlugin, { name: 'live', dependencies: ['socket'] });
