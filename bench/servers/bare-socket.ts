// The baseline of bench/board-fanout.ts: a bare Socket.IO server with the hub's own adapter (the
// Redis Streams adapter, configured by server/realtime/adapter.ts, with the same connection state
// recovery and ping settings as server/plugins/socket.ts), and nothing else: no handshake check,
// no database, no outbox. Screens join a board room on `board:subscribe`; the bench uploads the
// boards the hub sent (POST /payloads, a JSON array, parsed once here), and each POST /emit?i=N
// answers at once and then emits board N, already built, to the room: what the hub's publisher
// does after a check-in's response, without building anything. Run two of these with the same
// BENCH_DB for two nodes: they share a stream of their own (`<BENCH_DB>:bare`, removed by the
// bench's clean-up with every key starting with BENCH_DB).
// Prints its port as a JSON line; on SIGUSR2 a sample of its event-loop delay since the last one.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Server } from 'socket.io';
import { adapterConnection, hubAdapter, RECOVERY_WINDOW_MS } from '../../server/realtime/adapter.js';

const prefix = `${process.env.BENCH_DB ?? `clinic_bench_bare_${process.pid}`}:bare`;
const adapterRedis = adapterConnection(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
let payloads: unknown[] = [];

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const http = createServer((req: IncomingMessage, res: ServerResponse) => {
  const url = new URL(req.url ?? '/', 'http://bare');
  if (req.method === 'POST' && url.pathname === '/payloads') {
    void body(req).then((text) => {
      payloads = JSON.parse(text) as unknown[];
      res.writeHead(204).end();
    });
    return;
  }
  if (req.method === 'POST' && url.pathname === '/emit') {
    const i = Number(url.searchParams.get('i'));
    const room = url.searchParams.get('room') ?? '';
    const payload = payloads[i];
    if (payload === undefined) {
      res.writeHead(404).end();
      return;
    }
    // As the hub: the response first, then the emit (its publisher runs after the response).
    res.writeHead(201, { 'content-type': 'application/json' }).end('{}', () => {
      io.to(`board:${room}`).emit('board:update', payload);
    });
    return;
  }
  res.writeHead(404).end();
});

const io = new Server(http, {
  path: '/socket.io',
  serveClient: false,
  adapter: hubAdapter(adapterRedis, { redisPrefix: prefix }),
  connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_WINDOW_MS, skipMiddlewares: false },
  pingInterval: 20_000,
  pingTimeout: 20_000,
});
io.on('connection', (socket) => {
  socket.on('board:subscribe', async (payload: { locationId: string }, ack: (answer: unknown) => void) => {
    await socket.join(`board:${payload.locationId}`);
    ack({ ok: true });
  });
});

const lag = monitorEventLoopDelay({ resolution: 10 });
lag.enable();
await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
const address = http.address();
console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }));

// The same sample as bench/servers/live-hub.ts prints: the delay beyond the 10 ms sampling interval.
const beyond = (ns: number) => Math.max(0, ns / 1e6 - 10);
process.on('SIGUSR2', () => {
  console.log(
    JSON.stringify({
      sample: {
        sockets: io.of('/').sockets.size,
        eventLoopDelayMs: { p50: beyond(lag.percentile(50)), p99: beyond(lag.percentile(99)), max: beyond(lag.max) },
      },
    }),
  );
  lag.reset();
});
process.on('SIGTERM', () => {
  lag.disable();
  // Closes the sockets and the adapter; the process goes whether or not the HTTP server lingers.
  void io.close();
  adapterRedis.disconnect();
  setTimeout(() => process.exit(0), 200);
});
