// Socket.IO on the same port as the API. Nodes share rooms through the Redis Streams adapter,
// which also stores sessions for connection state recovery: a screen that drops for under two
// minutes gets what it missed, on whichever node it reconnects to.
// Handshakes carry `auth: { token }` (an access token or a display token); a browser's Origin must
// be the hub's own (PUBLIC_URL) or one of CORS_ORIGINS, never merely equal to the Host header the
// client sent. What a socket may subscribe to is checked per event.
// A person's socket belongs to the session of its token (`fam`) and closes when that session ends.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Server } from 'socket.io';
import { ErrorCode } from '../errors.js';
import { adapterConnection, hubAdapter, RECOVERY_WINDOW_MS } from '../realtime/adapter.js';
import { installBudget, ShutOut } from '../realtime/budget.js';
import { rooms } from '../realtime/rooms.js';
import type { HubServer } from '../realtime/types.js';
import { applySecurityHeaders, trustedOrigins } from './security.js';

declare module 'fastify' {
  interface FastifyInstance {
    io: HubServer;
  }
}

/**
 * Whether a handshake's Origin may open a socket: the configured origins only (`*` allows any).
 * Browsers always send Origin on WebSocket handshakes; other clients (screens' kiosks, tests) may
 * send none, and stay allowed: they are not a page another site could have opened.
 */
export function originAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  return allowed.includes('*') || allowed.includes(origin);
}

/** The expiry and session (`fam`) of a person's access token that has already been verified. */
function tokenClaims(app: FastifyInstance, token: string): { exp: number | null; family: string | null } {
  try {
    const claims = app.jwt.decode<{ exp?: number; fam?: string }>(token);
    return { exp: claims?.exp ?? null, family: typeof claims?.fam === 'string' ? claims.fam : null };
  } catch {
    return { exp: null, family: null };
  }
}

async function socketPlugin(app: FastifyInstance, opts: { streamMaxLen?: number }) {
  const adapterRedis = adapterConnection(app.config.redisUrl);
  const origins = trustedOrigins(app.config);
  const io: HubServer = new Server(app.server, {
    path: '/socket.io',
    serveClient: false,
    adapter: hubAdapter(adapterRedis, { redisPrefix: app.config.redisPrefix, streamMaxLen: opts.streamMaxLen }),
    // Recovered sockets still pass the handshake check below: a revoked screen or a deactivated
    // login must not come back through recovery.
    connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_WINDOW_MS, skipMiddlewares: false },
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      if (originAllowed(origin, origins)) return callback(null, true);
      // Another site's page trying to open a socket in a user's browser: audited like a refused token.
      // Summarised per address and minute like other refusals without an identity; the origin is its target.
      void app.audit
        ?.recordAnonymousRefusal({
          action: 'socket handshake',
          outcome: 'denied',
          targetType: 'origin',
          targetId: String(origin).slice(0, 200),
          statusCode: 403,
          ip: req.socket.remoteAddress ?? null,
          userAgent: req.headers['user-agent'] ?? null,
          requestId: null,
        })
        .catch(() => undefined);
      callback('origin not allowed', false);
    },
    cors: app.config.corsOrigins.length ? { origin: app.config.corsOrigins.includes('*') ? true : app.config.corsOrigins } : undefined,
    pingInterval: 20_000,
    pingTimeout: 20_000,
  });

  // Engine.IO answers its own HTTP requests (handshakes, long-polling, refusals) on the raw server,
  // out of Fastify's reach: they get the same security headers and no-store (messages travel in them).
  io.engine.use((_req: unknown, res: { setHeader(name: string, value: string): unknown }, next: () => void) => {
    applySecurityHeaders(res);
    next();
  });

  // Tokens whose socket was just cut off for flooding wait before they may connect again (budget.ts).
  const shutOut = new ShutOut();
  io.use(async (socket, next) => {
    // A refused handshake is an authentication event: audited, summarised per address and minute
    // like other refusals without a usable identity (a flood of forged tokens is one entry).
    const refuse = () => {
      void app.audit
        ?.recordAnonymousRefusal({
          action: 'socket handshake',
          outcome: 'denied',
          targetType: null,
          targetId: null,
          statusCode: 401,
          ip: socket.handshake.address,
          userAgent: socket.handshake.headers['user-agent'] ?? null,
          requestId: null,
        })
        .catch(() => undefined);
      next(new Error('unauthorized'));
    };
    const token = (socket.handshake.auth as { token?: unknown }).token;
    if (typeof token !== 'string' || token.length > 4096) return refuse();
    const wait = shutOut.secondsLeft(token);
    if (wait > 0)
      return next(Object.assign(new Error('rate limited'), { data: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds: wait } }));
    try {
      socket.data.principal = await app.authenticateToken(token);
    } catch {
      return refuse();
    }
    // A person's socket lives as long as their access token: at its expiry the socket is closed
    // and the client reconnects with a fresh token. Screens' tokens do not expire.
    const { exp, family } = socket.data.principal.kind === 'user' ? tokenClaims(app, token) : { exp: null, family: null };
    socket.data.family = family;
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

  // A person's socket joins its session's room. When the session ends (logout, reuse of a spent
  // refresh token), every node closes the sockets of that session it holds as soon as it hears of
  // it, the same moment its handshakes and HTTP start refusing the session's tokens.
  io.on('connection', (socket) => {
    const family = socket.data.family;
    if (!family) return;
    void socket.join(rooms.family(family));
    // The session may have ended between the handshake's check and the join (same tick: the join
    // is synchronous on this node), so check once more now that a revocation would find the socket.
    if (app.revocations.isFamilyRevoked(family)) socket.disconnect(true);
  });
  const endSession = (kind: 'user' | 'family', id: string) => {
    if (kind === 'family') io.local.in(rooms.family(id)).disconnectSockets(true);
  };
  app.revocations.on('revoked', endSession);

  app.decorate('io', io);
  app.addHook('preClose', async () => {
    io.disconnectSockets(true);
  });
  app.addHook('onClose', async () => {
    app.revocations.off('revoked', endSession);
    await new Promise<void>((resolve) => io.close(() => resolve()));
    adapterRedis.disconnect();
  });
}

export default fp(socketPlugin, { name: 'socket', dependencies: ['stores', 'auth'] });
