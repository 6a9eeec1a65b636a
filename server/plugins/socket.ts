// Socket.IO on the same port as the API. Nodes share rooms through the Redis Streams adapter,
// which also stores sessions for connection state recovery: a screen that drops for under two
// minutes gets what it missed, on whichever node it reconnects to.
// Handshakes carry `auth: { token }` (an access token or a display token); the Origin must be
// the hub itself or one of CORS_ORIGINS. What a socket may subscribe to is checked per event.
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Redis } from 'ioredis';
import { Server, type Socket } from 'socket.io';
import type { Principal } from '../modules/auth/principal.js';

export interface SocketData {
  principal: Principal;
}

export type HubSocket = Socket & { data: SocketData };

declare module 'fastify' {
  interface FastifyInstance {
    io: Server;
  }
}

export const RECOVERY_WINDOW_MS = 2 * 60_000;

/** Browsers send Origin on WebSocket handshakes; other clients (screens' kiosks, tests) may not. */
export function originAllowed(origin: string | undefined, host: string | undefined, allowList: string[]): boolean {
  if (!origin) return true;
  if (allowList.includes('*') || allowList.includes(origin)) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

function tokenExpiry(app: FastifyInstance, token: string): number | null {
  try {
    return app.jwt.decode<{ exp?: number }>(token)?.exp ?? null;
  } catch {
    return null;
  }
}

async function socketPlugin(app: FastifyInstance, opts: { streamMaxLen?: number }) {
  // The adapter blocks on XREAD, so it gets a connection of its own. Its commands wait through a
  // Redis outage (maxRetriesPerRequest: null) instead of failing: the library does not catch
  // every failure, and an unhandled rejection would take the whole server down.
  const adapterRedis = new Redis(app.config.redisUrl, { maxRetriesPerRequest: null });
  adapterRedis.on('error', () => {}); // the main connection logs Redis trouble
  const prefix = app.config.redisPrefix;
  const io = new Server(app.server, {
    path: '/socket.io',
    serveClient: false,
    adapter: createAdapter(adapterRedis, {
      streamName: `${prefix}:socket.io`,
      channelPrefix: `${prefix}:socket.io`,
      sessionKeyPrefix: `${prefix}:sio:session:`,
      maxLen: opts.streamMaxLen ?? 10_000,
      onlyPlaintext: true,
    }),
    // Recovered sockets still pass the handshake check below: a revoked screen or a deactivated
    // login must not come back through recovery.
    connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_WINDOW_MS, skipMiddlewares: false },
    allowRequest: (req, callback) => callback(null, originAllowed(req.headers.origin, req.headers.host, app.config.corsOrigins)),
    cors: app.config.corsOrigins.length ? { origin: app.config.corsOrigins.includes('*') ? true : app.config.corsOrigins } : undefined,
    pingInterval: 20_000,
    pingTimeout: 20_000,
  });

  io.use(async (socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown }).token;
    if (typeof token !== 'string' || token.length > 4096) return next(new Error('unauthorized'));
    try {
      socket.data.principal = await app.authenticateToken(token);
    } catch {
      // A refused handshake is an authentication event: audited like a failed login.
      void app.audit
        ?.record({
          action: 'socket handshake',
          outcome: 'denied',
          actorId: null,
          actorRole: null,
          targetType: null,
          targetId: null,
          statusCode: 401,
          ip: socket.handshake.address,
          userAgent: socket.handshake.headers['user-agent'] ?? null,
          requestId: null,
        })
        .catch(() => undefined);
      return next(new Error('unauthorized'));
    }
    // A person's socket lives as long as their access token: at its expiry the socket is closed
    // and the client reconnects with a fresh token. Screens' tokens do not expire.
    const exp = socket.data.principal.kind === 'user' ? tokenExpiry(app, token) : null;
    if (exp) {
      const timer = setTimeout(() => socket.disconnect(true), Math.max(0, exp * 1000 - Date.now()));
      timer.unref();
      socket.once('disconnect', () => clearTimeout(timer));
    }
    next();
  });

  app.decorate('io', io);
  app.addHook('preClose', async () => {
    io.disconnectSockets(true);
  });
  app.addHook('onClose', async () => {
    await new Promise<void>((resolve) => io.close(() => resolve()));
    adapterRedis.disconnect();
  });
}

export default fp(socketPlugin, { name: 'socket', dependencies: ['stores', 'auth'] });
