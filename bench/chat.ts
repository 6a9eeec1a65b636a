// bench/chat.ts: 200 patient–doctor pairs (20 doctors × 10 patients) exchanging messages through
// two server nodes (patients on A, doctors on B): send→receive latency at the doctor, messages/s,
// lost and doubled messages, and the CPU each node spends per message. The same exchange first
// runs through a bare Socket.IO relay (bench/servers/chat-relay.ts: two nodes, the same Redis
// Streams adapter and recovery, the same payloads, no auth or MongoDB): the same run's baseline,
// and the hub's figures as a ratio of it. Then the "latest 50 of a thread" query's p50/p99 with
// N stored messages (skip it with --stored 0).
// Load: each pair sends --messages messages, the next when the previous is acknowledged and at the
// earliest --pace ms after the previous one (0: at once, a closed loop at full speed); pairs start
// spread over one pace. Two warm-up messages per pair are sent first and not counted.
// MongoDB: MONGO_URL if set, else the test double (an in-memory scan: say so with the figures).
// --cpu-prof: node A (the senders' node) writes a CPU profile to /tmp/chat-prof on exit.
// Usage: npm run bench:chat [-- --messages 20 --pace 0 --stored 100000 --cpu-prof]
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { MongoClient } from 'mongodb';
import { io, type Socket } from 'socket.io-client';
import { benchStores, flag, printRows, start, stop } from './kit.js';

const PER_PAIR = flag('messages', 20);
const PACE = flag('pace', 0);
const STORED = flag('stored', 100_000);
const PROFILE = process.argv.includes('--cpu-prof');
const WARM_UP = 2;

// A scratch database, Redis prefix and MongoDB of this run's own, removed at the end or on failure.
const stores = await benchStores('chat');
try {
  const mongoUrl = stores.mongoUrl;
  console.log(`MongoDB: ${stores.double ? 'the test double (in-memory, mingo)' : 'MONGO_URL'}`);
  console.log(
    `load: 200 pairs, ${PER_PAIR} messages each, ${PACE ? `at most one per ${PACE} ms per pair` : 'closed loop (next on ack)'}\n`,
  );

  // The test double's process (a child of this one), whose CPU per message is shown too.
  const doublePid = stores.double ? Number(execSync(`pgrep -P ${process.pid} -f mongo-double`).toString().trim().split('\n')[0]) : 0;
  process.stdout.write('setting up 200 pairs… ');
  const a = await start(
    'bench/servers/chat-hub.ts',
    stores.env({ BENCH_ROLE: 'primary' }),
    PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/chat-prof'] : [],
  );
  const b = await start('bench/servers/chat-hub.ts', stores.env({ BENCH_ROLE: 'secondary' }));
  const pairs = a.info.pairs as { threadId: string; patientToken: string; doctorToken: string; doctorIndex: number }[];
  const doctorTokens = a.info.doctorTokens as string[];
  console.log('done');

  // The baseline first, on nodes of its own (stopped before the hub's exchange starts).
  const relayA = await start('bench/servers/chat-relay.ts', stores.env({ REDIS_PREFIX: stores.name }));
  const relayB = await start('bench/servers/chat-relay.ts', stores.env({ REDIS_PREFIX: stores.name }));
  const bare = await exchange(
    'bare relay',
    { port: relayA.info.port, pid: relayA.child.pid! },
    { port: relayB.info.port, pid: relayB.child.pid! },
    (k) => ({ userId: `patient-${k}` }),
    (d) => ({ userId: `doctor-${d}` }),
  );
  await stop(relayA.child);
  await stop(relayB.child);

  const hub = await exchange(
    'hub',
    { port: a.info.port, pid: a.child.pid! },
    { port: b.info.port, pid: b.child.pid! },
    (k) => ({ token: pairs[k]!.patientToken }),
    (d) => ({ token: doctorTokens[d]! }),
  );

  // Everything acknowledged is stored, once.
  const client = new MongoClient(mongoUrl);
  const messages = client.db().collection('messages');
  const stored = await messages.countDocuments({ clientMessageId: { $regex: `^bench-${process.pid}-` } });
  const storedDistinct = (await messages.distinct('clientMessageId', { clientMessageId: { $regex: `^bench-${process.pid}-` } })).length;
  const expected = pairs.length * PER_PAIR;
  console.log(`hub store: ${stored} messages stored for ${expected} acked (${storedDistinct} distinct)\n`);

  const ratio = (x: number, y: number) => (y > 0 ? (x / y).toFixed(2) : '-');
  console.log('                       bare relay      hub      hub/bare');
  const line = (label: string, x: number, y: number, unit: string) =>
    console.log(
      `${label.padEnd(22)} ${`${y.toFixed(1)} ${unit}`.padStart(12)} ${`${x.toFixed(1)} ${unit}`.padStart(12)}   ${ratio(x, y)}×`,
    );
  line('send→receive p50', hub.p50, bare.p50, 'ms');
  line('send→receive p99', hub.p99, bare.p99, 'ms');
  line('messages/s', hub.rate, bare.rate, '/s');
  line('CPU/message node A', hub.cpuA, bare.cpuA, 'ms');
  line('CPU/message node B', hub.cpuB, bare.cpuB, 'ms');
  if (doublePid) line('CPU/message Mongo dbl', hub.cpuMongo, bare.cpuMongo, 'ms');
  console.log(`lost: bare ${bare.lost}, hub ${hub.lost}; doubled: bare ${bare.doubled}, hub ${hub.doubled}\n`);

  // The "latest 50 of a thread" query at STORED messages (inserted directly, spread over the threads).
  let query: { p50: number; p99: number } | null = null;
  if (STORED > 0) {
    process.stdout.write(`storing ${STORED} messages… `);
    for (let i = 0; i < STORED; i += 5_000) {
      const batch = Array.from({ length: Math.min(5_000, STORED - i) }, (_, j) => {
        const n = i + j;
        return {
          _id: `01BENCH${String(n).padStart(19, '0')}`,
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
    query = { p50: queryTimes[25]!, p99: queryTimes[49]! };
    console.log(`latest 50 of a thread at ${STORED} stored messages: p50 ${query.p50.toFixed(1)} ms, p99 ${query.p99.toFixed(1)} ms`);
  }
  await client.close();
  await stop(b.child);
  await stop(a.child);
  if (PROFILE) console.log('CPU profile of node A: /tmp/chat-prof/*.cpuprofile');
  const wrong = hub.lost || hub.doubled || stored !== expected || storedDistinct !== expected;
  printRows([
    {
      bench: 'chat',
      figure: `${pairs.length} pairs, 2 nodes: send→receive p99${PACE ? ` (pace ${PACE} ms)` : ''}`,
      value: Math.round(hub.p99 * 10) / 10,
      unit: 'ms',
      baseline: { name: 'bare Socket.IO relay p99', value: Math.round(bare.p99 * 10) / 10 },
      p50: Math.round(hub.p50 * 10) / 10,
      p99: Math.round(hub.p99 * 10) / 10,
      ...(wrong ? { note: `lost ${hub.lost}, doubled ${hub.doubled}, stored ${stored}/${expected}` } : {}),
    },
    {
      bench: 'chat',
      figure: `${pairs.length} pairs, 2 nodes: messages`,
      value: Math.round(hub.rate),
      unit: '/s',
      baseline: { name: 'bare Socket.IO relay', value: Math.round(bare.rate) },
    },
    ...(query
      ? [
          {
            bench: 'chat',
            figure: `latest 50 of a thread at ${STORED} stored${stores.double ? ' (double)' : ''}`,
            value: Math.round(query.p50 * 10) / 10,
            unit: 'ms p50',
            p50: Math.round(query.p50 * 10) / 10,
            p99: Math.round(query.p99 * 10) / 10,
          },
        ]
      : []),
  ]);

  /** One exchange through nodes A (patients) and B (doctors); `auth` is what each side's handshake carries. */
  async function exchange(
    name: string,
    nodeA: { port: number; pid: number },
    nodeB: { port: number; pid: number },
    patientAuth: (k: number) => Record<string, string>,
    doctorAuth: (d: number) => Record<string, string>,
  ) {
    const connect = (port: number, auth: Record<string, string>) =>
      new Promise<Socket>((resolve, reject) => {
        const s = io(`http://127.0.0.1:${port}`, { auth, transports: ['websocket'] });
        s.once('connect', () => resolve(s));
        s.once('connect_error', reject);
      });
    const sentAt = new Map<string, number>();
    const received = new Map<string, number>();
    const latencies: number[] = [];
    let measuring = false;
    let busy = 0;
    let expecting = 0;
    let allIn: () => void = () => {};
    const doctors = await Promise.all(doctorTokens.map((_, d) => connect(nodeB.port, doctorAuth(d))));
    for (const [d, socket] of doctors.entries()) {
      for (const p of pairs.filter((x) => x.doctorIndex === d)) {
        const joined = (await socket.emitWithAck('thread:join', { threadId: p.threadId })) as { ok: boolean };
        if (!joined.ok) throw new Error(`${name}: thread:join refused`);
      }
      socket.on('message:new', ({ message }: { message: { clientMessageId: string } }) => {
        const t0 = sentAt.get(message.clientMessageId);
        if (t0 === undefined) return;
        const seen = (received.get(message.clientMessageId) ?? 0) + 1;
        received.set(message.clientMessageId, seen);
        if (seen === 1) latencies.push(performance.now() - t0);
        if (measuring && latencies.length >= expecting) allIn();
      });
    }
    const patients = await Promise.all(pairs.map((_, k) => connect(nodeA.port, patientAuth(k))));
    // Patients open their thread as the app does (thread:join), a few at a time.
    for (let k = 0; k < patients.length; k += 20)
      await Promise.all(patients.slice(k, k + 20).map((s, j) => s.emitWithAck('thread:join', { threadId: pairs[k + j]!.threadId })));

    const run = async (label: string, count: number) => {
      await Promise.all(
        patients.map(async (socket, k) => {
          // Pairs start spread over one pace, so a paced load is even, not 200 at once.
          if (PACE) await new Promise((r) => setTimeout(r, (k / patients.length) * PACE));
          let next = performance.now();
          for (let i = 0; i < count; i++) {
            const wait = next - performance.now();
            if (wait > 0) await new Promise((r) => setTimeout(r, wait));
            next = performance.now() + PACE;
            const clientMessageId = `bench-${process.pid}-${label}-${k}-${i}`;
            sentAt.set(clientMessageId, performance.now());
            const payload = {
              threadId: pairs[k]!.threadId,
              clientMessageId,
              body: `message ${i} from pair ${k}: is the new dose fine to take with food?`,
            };
            // As the app does: "busy" (503) is tried again with the same clientMessageId; counted.
            for (;;) {
              const ack = (await socket.emitWithAck('message:send', payload)) as { ok: boolean; error?: { code: string } };
              if (ack.ok) break;
              if (ack.error?.code !== 'SERVICE_UNAVAILABLE') throw new Error(`${name}: message:send refused: ${JSON.stringify(ack.error)}`);
              busy++;
              await new Promise((r) => setTimeout(r, 100));
            }
          }
        }),
      );
    };

    // Warm-up (not counted): JIT, pools, the threads held.
    await run('warm', WARM_UP);
    await waitFor(() => latencies.length >= pairs.length * WARM_UP);
    latencies.length = 0;
    busy = 0;
    received.clear();
    sentAt.clear();

    expecting = pairs.length * PER_PAIR;
    const cpu0 = [cpuMs(nodeA.pid), cpuMs(nodeB.pid), doublePid ? cpuMs(doublePid) : 0];
    const started = performance.now();
    const done = new Promise<void>((resolve) => {
      allIn = resolve;
    });
    measuring = true;
    await run(`${name === 'hub' ? 'hub' : 'bare'}`, PER_PAIR);
    // Everything acked; wait (at most 10 s) for the last deliveries.
    await Promise.race([done, new Promise((r) => setTimeout(r, 10_000).unref())]);
    const seconds = (performance.now() - started) / 1000;
    const cpu1 = [cpuMs(nodeA.pid), cpuMs(nodeB.pid), doublePid ? cpuMs(doublePid) : 0];
    measuring = false;
    for (const s of [...doctors, ...patients]) s.disconnect();

    const sorted = latencies.sort((x, y) => x - y);
    const pct = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
    const lost = expecting - received.size;
    const doubled = [...received.values()].filter((n) => n > 1).length;
    const result = {
      p50: pct(50),
      p99: pct(99),
      rate: expecting / seconds,
      cpuA: (cpu1[0]! - cpu0[0]!) / expecting,
      cpuB: (cpu1[1]! - cpu0[1]!) / expecting,
      cpuMongo: (cpu1[2]! - cpu0[2]!) / expecting,
      lost,
      doubled,
      busy,
    };
    console.log(
      `${name}: ${expecting} messages in ${seconds.toFixed(1)} s = ${Math.round(result.rate)}/s; send→receive p50 ${result.p50.toFixed(1)} ms, ` +
        `p99 ${result.p99.toFixed(1)} ms, max ${(sorted[sorted.length - 1] ?? 0).toFixed(1)} ms; CPU per message A ${result.cpuA.toFixed(2)} ms, ` +
        `B ${result.cpuB.toFixed(2)} ms${doublePid ? `, MongoDB double ${result.cpuMongo.toFixed(2)} ms` : ''}; lost ${lost}, doubled ${doubled}, busy (503, retried) ${busy}`,
    );
    return result;
  }
} finally {
  await stores.cleanup();
}

/** A process's CPU time so far (user + system), in ms, from /proc. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of stat, 12 and 13 after the "pid (comm) " prefix.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

async function waitFor(condition: () => boolean, ms = 10_000) {
  const until = performance.now() + ms;
  while (!condition() && performance.now() < until) await new Promise((r) => setTimeout(r, 5));
}
