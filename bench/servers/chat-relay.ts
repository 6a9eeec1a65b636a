// The same-run baseline of bench/chat.ts: a bare Socket.IO relay node, with the hub's Socket.IO
// set-up (the same Redis Streams adapter and connection state recovery) and nothing else: no
// authentication, no validation, no MongoDB. A client names itself in the handshake
// (`auth: { userId }`) and is put in its user room; `message:send` is acknowledged at once with a
// message of the hub's shape and emitted to the other side's user room, as the hub does.
// REDIS_PREFIX: the bench's prefix (bench/kit.ts removes every key under it).
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { adapterConnection, hubAdapter, RECOVERY_WINDOW_MS } from '../../server/realtime/adapter.js';

const prefix = `${process.env.REDIS_PREFIX ?? `clinic_bench_relay_${process.pid}`}:relay`;
const redis = adapterConnection(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const server = createServer();
const io = new Server(server, {
  serveClient: false,
  adapter: hubAdapter(redis, { redisPrefix: prefix }),
  connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_WINDOW_MS, skipMiddlewares: false },
  pingInterval: 20_000,
  pingTimeout: 20_000,
});

let n = 0;
const id = () => `01RELAY${process.pid}${String(n++).padStart(19 - String(process.pid).length, '0')}`;

io.on('connection', (socket) => {
  const userId = String((socket.handshake.auth as { userId?: unknown }).userId ?? '');
  void socket.join(`user:${userId}`);
  socket.on('thread:join', (payload: { threadId: string }, ack: (answer: unknown) => void) => {
    void socket.join(`thread:${payload.threadId}`);
    ack({ ok: true, messages: [] });
  });
  socket.on('message:send', (payload: { threadId: string; clientMessageId: string; body: string }, ack: (answer: unknown) => void) => {
    const message = {
      id: id(),
      threadId: payload.threadId,
      senderId: userId,
      clientMessageId: payload.clientMessageId,
      body: payload.body,
      attachments: [],
      edited: false,
      editedAt: null,
      deleted: false,
      createdAt: new Date().toISOString(),
      readBy: {},
    };
    io.to(`thread:${payload.threadId}`).except(`user:${userId}`).emit('message:new', { threadId: payload.threadId, message });
    ack({ ok: true, message });
  });
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0, node: randomBytes(4).toString('hex') }));
});
process.on('SIGTERM', () => {
  io.close(() => {
    redis.disconnect();
    process.exit(0);
  });
});
