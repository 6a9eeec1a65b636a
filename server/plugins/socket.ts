// Socket.IO on the same port as the API. Nodes share rooms through the Redis Streams adapter,
// which also stores sessions for connection state recovery: a screen that drops for under two
// minutes gets what it missed, on whichever node it reconnects to.
// Handshakes carry `auth: { token }` (an access token or a display token); the Origin must be
// the hub itself or one of CORS_ORIGINS. What a socket may subscribe to is checked per event.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Server } from 'socket.io';
import { ErrorCode } from '../errors.js';
import { adapterConnection, hubAdapter, RECOVERY_WINDOW_MS } from '../realtime/adapter.js';
import { installBudget, ShutOut } from '../realtime/budget.js';
import type { HubServer } from '../realtime/types.js';

declare module 'fastify' {
  interface FastifyInstance {
    io: HubServer;
  }
}

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
  const adapterRedis = adapterConnection(app.config.redisUrl);
  const io: HubServer = new Server(app.server, {
    path: '/socket.io',
    serveClient: false,
    adapter: hubAdapter(adapterRedis, { redisPrefix: app.config.redisPrefix, streamMaxLen: opts.streamMaxLen }),
    // Recovered sockets still pass the handshake check below: a revoked screen or a deactivated
    // login must not come back through recovery.
    connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_WINDOW_MS, skipMiddlewares: false },
    allowRequest: (req, callback) => callback(null, originAllowed(req.headers.origin, req.headers.host, app.config.corsOrigins)),
    cors: app.config.corsOrigins.length ? { origin: app.config.corsOrigins.includes('*') ? true : app.config.corsOrigins } : undefined,
    pingInterval: 20_000,
    pingTimeout: 20_000,
  });

  // Tokens whose socket was just cut off for flooding wait before they may connect again (budget.ts).
  const shutOut = new ShutOut();
  io.use(async (socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown }).token;
    if (typeof token !== 'string' || token.length > 4096) return next(new Error('unauthorized'));
    const wait = shutOut.secondsLeft(token);
    if (wait > 0)
      return next(Object.assign(new Error('rate limited'), { data: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds: wait } }));
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

  // Every socket's event budgets (realtime/budget.ts), before any feature's handlers see it.
  const { socketBudgetScale: scale, socketMaxRefusals: maxRefusals } = app.config.limits;
  io.on('connection', (socket) => {
    installBudget(socket, { scale, maxRefusals }, () => {
      shutOut.add((socket.handshake.auth as { token: string }).token);
      const p = socket.data.principal;
      app.log.warn(
        { socketId: socket.id, actorId: p.kind === 'user' ? p.userId : p.displayId },
        'socket disconnected: over its event budget',
      );
    });
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
