// bench/chat.ts: 200 patient–doctor pairs (20 doctors × 10 patients) exchanging messages through
// two server nodes (patients on A, doctors on B): messages/s and send-to-receive latency; then
// the "latest 50 of a thread" query's p50/p99 with N stored messages.
// MongoDB: MONGO_URL if set, else the test double (an in-memory scan: say so with the figures).
// Usage: npm run bench:chat [-- --messages 20 --stored 100000]
import { MongoClient } from 'mongodb';
import { io, type Socket } from 'socket.io-client';
import { benchStores, flag, printRows, start, stop } from './kit.js';

const PER_PAIR = flag('messages', 20);
const STORED = flag('stored', 100_000);

// A scratch database, Redis prefix and MongoDB of this run's own, removed at the end or on failure.
const stores = await benchStores('chat');
const mongoUrl = stores.mongoUrl;
console.log(`MongoDB: ${stores.double ? 'the test double (in-memory, mingo)' : 'MONGO_URL'}\n`);

const startNode = (role: string) => start('bench/servers/chat-hub.ts', stores.env({ BENCH_ROLE: role }));

process.stdout.write('setting up 200 pairs… ');
const a = await startNode('primary');
const b = await startNode('secondary');
const pairs = a.info.pairs as { threadId: string; patientToken: string; doctorToken: string; doctorIndex: number }[];
const doctorTokens = a.info.doctorTokens as string[];
const connect = (port: unknown, token: string) =>
  new Promise<Socket>((resolve, reject) => {
    const s = io(`http://127.0.0.1:${port}`, { auth: { token }, transports: ['websocket'] });
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });

const sentAt = new Map<string, number>();
const latencies: number[] = [];
const doctors = await Promise.all(doctorTokens.map((t) => connect(b.info.port, t)));
for (const [d, socket] of doctors.entries()) {
  for (const p of pairs.filter((x) => x.doctorIndex === d)) await socket.emitWithAck('thread:join', { threadId: p.threadId });
  socket.on('message:new', ({ message }: { message: { clientMessageId: string } }) => {
    const t0 = sentAt.get(message.clientMessageId);
    if (t0 !== undefined) latencies.push(performance.now() - t0);
  });
}
const patients = await Promise.all(pairs.map((p) => connect(a.info.port, p.patientToken)));
console.log('done');

const started = performance.now();
await Promise.all(
  patients.map(async (socket, k) => {
    for (let i = 0; i < PER_PAIR; i++) {
      const clientMessageId = `bench-${k}-${i}-${process.pid}`;
      sentAt.set(clientMessageId, performance.now());
      await socket.emitWithAck('message:send', { threadId: pairs[k]!.threadId, clientMessageId, body: `message ${i}` });
    }
  }),
);
for (let waited = 0; latencies.length < pairs.length * PER_PAIR && waited < 10_000; waited += 10)
  await new Promise((r) => setTimeout(r, 10));
const seconds = (performance.now() - started) / 1000;
const sorted = latencies.sort((x, y) => x - y);
const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
console.log(
  `exchange: ${pairs.length * PER_PAIR} messages in ${seconds.toFixed(1)} s = ${Math.round((pairs.length * PER_PAIR) / seconds)} messages/s; ` +
    `send→receive p50 ${pct(50).toFixed(1)} ms, p99 ${pct(99).toFixed(1)} ms; received ${latencies.length}/${pairs.length * PER_PAIR}`,
);
for (const s of [...doctors, ...patients]) s.disconnect();

// The "latest 50 of a thread" query at STORED messages (inserted directly, spread over the threads).
const client = new MongoClient(mongoUrl);
const messages = client.db().collection('messages');
process.stdout.write(`storing ${STORED} messages… `);
for (let i = 0; i < STORED; i += 5_000) {
  const batch = Array.from({ length: Math.min(5_000, STORED - i) }, (_, j) => {
    const n = i + j;
    const id = `01BENCH${String(n).padStart(19, '0')}`;
    return {
      _id: id,
      threadId: pairs[n % pairs.length]!.threadId,
      senderId: '01BENCHSENDER0000000000000',
      clientMessageId: `fill-${n}-x`,
      body: `filler ${n}`,
      createdAt: new Date(),
      readBy: {},
    };
  });
  await messages.insertMany(batch as never[], { ordered: false });
}
console.log('done');
const queryTimes: number[] = [];
for (let q = 0; q < 50; q++) {
  const t0 = performance.now();
  await messages
    .find({ threadId: pairs[q % pairs.length]!.threadId })
    .sort({ _id: -1 })
    .limit(50)
    .toArray();
  queryTimes.push(performance.now() - t0);
}
queryTimes.sort((x, y) => x - y);
console.log(
  `latest 50 of a thread at ${STORED} stored messages: p50 ${queryTimes[25]!.toFixed(1)} ms, p99 ${queryTimes[49]!.toFixed(1)} ms`,
);
await client.close();
await stop(b.child);
await stop(a.child);
printRows([
  {
    bench: 'chat',
    figure: `${pairs.length} pairs, 2 nodes: messages`,
    value: Math.round((pairs.length * PER_PAIR) / seconds),
    unit: '/s',
    p50: Math.round(pct(50) * 10) / 10,
    p99: Math.round(pct(99) * 10) / 10,
    ...(latencies.length < pairs.length * PER_PAIR ? { note: `received ${latencies.length}/${pairs.length * PER_PAIR}` } : {}),
  },
  {
    bench: 'chat',
    figure: `latest 50 of a thread at ${STORED} stored${stores.double ? ' (double)' : ''}`,
    value: Math.round(queryTimes[25]! * 10) / 10,
    unit: 'ms p50',
    p50: Math.round(queryTimes[25]! * 10) / 10,
    p99: Math.round(queryTimes[49]! * 10) / 10,
  },
]);
await stores.cleanup();
