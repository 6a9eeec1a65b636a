// Everything live on Socket.IO: the board and queue handlers with the outbox publisher and its
// relay, the messaging handlers, and the once-a-minute unanswered-message check. Changes made
// over HTTP are published right after their response is sent.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { registerMessagingHandlers } from '../messaging/socket.js';
import { messagingStore } from '../messaging/store.js';
import { alertUnanswered } from '../messaging/unanswered.js';
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
  const publisher = new LivePublisher(app.db, app.redis, app.config.redisPrefix, app.io, app.log);
  app.decorate('live', publisher);
  registerLiveHandlers(app, publisher);
  registerMessagingHandlers(app);
  if (opts.publishAfterResponse !== false) {
    app.addHook('onResponse', async (request, reply) => {
      if (request.method !== 'GET' && reply.statusCode < 300) void publisher.publishSoon();
    });
  }
  // Once a minute, alert care teams about patient messages left unanswered.
  const store = messagingStore(app.mongo.db);
  let unansweredTimer: NodeJS.Timeout | null = null;
  app.addHook('onReady', async () => {
    if (opts.relayIntervalMs !== 0) publisher.startRelay(opts.relayIntervalMs ?? 2_000);
    if (opts.relayIntervalMs !== 0) {
      unansweredTimer = setInterval(() => {
        alertUnanswered(app.io, store, app.config.unansweredMessageMinutes).catch((err) =>
          app.log.error({ err }, 'unanswered-message check failed'),
        );
      }, 60_000);
      unansweredTimer.unref();
    }
  });
  app.addHook('preClose', async () => {
    if (unansweredTimer) clearInterval(unansweredTimer);
  });
  app.addHook('preClose', async () => {
    publisher.stop();
    await publisher.publishSoon();
  });
}

export default fp(livePlugin, { name: 'live', dependencies: ['socket'] });
