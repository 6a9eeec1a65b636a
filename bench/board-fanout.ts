// bench/board-fanout.ts: waiting-room screens on one board, spread over two hub nodes. For each of
// 20 check-ins (walk-ins) made over HTTP, the time from the HTTP response to the board update's
// arrival on every socket: p50, p99, max, disconnects, and each node's event-loop delay.
// The same run's baseline: a bare Socket.IO server (bench/servers/bare-socket.ts: two nodes, the
// hub's Redis Streams adapter and settings, nothing else) emitting the very boards the hub sent,
// already built, to the same number of sockets after an HTTP answer; the ratio is hub ÷ bare.
// Sizes: --sockets (1,000) and --more (2,000; 0 to skip). --one-node adds the hub with every socket
// on one node (no baseline).
// Usage: npm run bench:fanout [-- --sockets 1000 --more 2000 --changes 20 --one-node]
import { io, type Socket } from 'socket.io-client';
import { benchStores, flag, printRows, start, stop } from './kit.js';

const SOCKETS = flag('sockets', 1000);
const MORE = flag('more', 2000);
const CHANGES = flag('changes', 20);
const ONE_NODE = process.argv.includes('--one-node');
const sizes = [SOCKETS, ...(MORE > 0 ? [MORE] : [])];
// A scratch database, Redis prefix and MongoDB of this run's own, removed at the end or on failure.
const stores = await benchStores('live');

type Node = Awaited<ReturnType<typeof start>> & { port: number };
type Board = { seq: number } & Record<string, unknown>;

const hubRuns = sizes.length + (ONE_NODE ? 1 : 0);
async function startNode(script: string, role: string): Promise<Node> {
  const node = await start(script, stores.env({ BENCH_ROLE: role, BENCH_PATIENTS: String(hubRuns * CHANGES) }));
  return { ...node, port: node.info.port };
}

/** The node's event-loop delay since its previous sample (SIGUSR2; the node resets it then). */
async function sample(node: Node): Promise<{ p50: number; p99: number; max: number }> {
  const seen = node.lines.length;
  node.child.kill('SIGUSR2');
  for (let waited = 0; waited < 5_000; waited += 10) {
    const line = node.lines.slice(seen).find((l) => l.includes('"sample"'));
    if (line) return JSON.parse(line).sample.eventLoopDelayMs;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('a node did not report its event-loop delay');
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round = (n: number) => Math.round(n * 10) / 10;

interface Result {
  label: string;
  sockets: number;
  p50: number;
  p99: number;
  max: number;
  delivered: number;
  disconnects: number;
  lag: { p50: number; p99: number; max: number }[];
  /** The boards the sockets got, in order (the bare server's payloads). */
  boards: Board[];
}

/**
 * Connects `count` sockets over `nodes` (round robin), subscribes each to the board, then makes
 * CHANGES changes with `change(c)` (which returns when its HTTP answer arrived) and waits, after
 * each, until every socket has the new board.
 */
async function run(
  label: string,
  nodes: Node[],
  count: number,
  token: string | undefined,
  locationId: string,
  change: (c: number) => Promise<number>,
): Promise<Result> {
  const sockets: Socket[] = [];
  let disconnects = 0;
  const arrivals = new Map<number, number[]>(); // seq → arrival times
  const boards = new Map<number, Board>();
  process.stdout.write(`${label}: connecting ${count} sockets…`);
  for (let i = 0; i < count; i += 100) {
    const batch = Array.from({ length: Math.min(100, count - i) }, (_, j) => {
      const node = nodes[(i + j) % nodes.length]!;
      const s = io(`http://127.0.0.1:${node.port}`, { auth: { token }, transports: ['websocket'], reconnection: false });
      s.on('disconnect', (reason) => {
        if (reason !== 'io client disconnect') disconnects++;
      });
      const first = i + j === 0;
      s.on('board:update', (b: Board) => {
        const list = arrivals.get(b.seq) ?? [];
        list.push(performance.now());
        arrivals.set(b.seq, list);
        if (first) boards.set(b.seq, b);
      });
      sockets.push(s);
      return new Promise<void>((resolve, reject) => {
        s.once('connect', () => s.emit('board:subscribe', { locationId }, () => resolve()));
        s.once('connect_error', reject);
      });
    });
    await Promise.all(batch);
  }
  process.stdout.write(' measuring…');
  await Promise.all(nodes.map(sample)); // from here on
  const latencies: number[] = [];
  for (let c = 0; c < CHANGES; c++) {
    const before = new Set(arrivals.keys());
    const answeredAt = await change(c);
    // Wait (bounded) until every socket has the new seq.
    for (let waited = 0; waited < 10_000; waited += 2) {
      const fresh = [...arrivals.entries()].find(([seq]) => !before.has(seq));
      if (fresh && fresh[1].length >= count) {
        latencies.push(...fresh[1].map((t) => Math.max(0, t - answeredAt)));
        break;
      }
      await new Promise((r) => setTimeout(r, 2));
    }
  }
  const lag = await Promise.all(nodes.map(sample));
  for (const s of sockets) s.disconnect();
  const sorted = latencies.sort((a, b) => a - b);
  const result = {
    label,
    sockets: count,
    p50: round(pct(sorted, 50)),
    p99: round(pct(sorted, 99)),
    max: round(sorted.at(-1) ?? 0),
    delivered: latencies.length,
    disconnects,
    lag,
    boards: [...boards.values()],
  };
  console.log(
    ` p50 ${result.p50} ms, p99 ${result.p99} ms, max ${result.max} ms, ${result.delivered}/${count * CHANGES} deliveries, ` +
      `${disconnects} disconnects; loop delay p99 ${lag.map((l) => round(l.p99)).join(' / ')} ms`,
  );
  return result;
}

const hubA = await startNode('bench/servers/live-hub.ts', 'primary');
const hubB = await startNode('bench/servers/live-hub.ts', 'secondary');
const bareA = await startNode('bench/servers/bare-socket.ts', 'bare');
const bareB = await startNode('bench/servers/bare-socket.ts', 'bare');
const setup = hubA.info as { locationId: string; doctorId: string; patientIds: string[]; displayToken: string; deskToken: string };
console.log(`${sizes.join(' and ')} display sockets over two nodes, ${CHANGES} check-ins each run\n`);

/** Walk-ins made so far, over every hub run: the index of the next patient. */
let walkIns = 0;
const checkIn = async () => {
  const res = await fetch(`http://127.0.0.1:${hubA.port}/api/walk-ins`, {
    method: 'POST',
    headers: { authorization: `Bearer ${setup.deskToken}`, 'content-type': 'application/json' },
    // A patient new to the queue each time: a second walk-in of one patient is refused (DUPLICATE_VISIT).
    body: JSON.stringify({ doctorId: setup.doctorId, patientId: setup.patientIds[walkIns++] }),
  });
  const answeredAt = performance.now();
  if (res.status !== 201) throw new Error(`walk-in: ${res.status} ${await res.text()}`);
  return answeredAt;
};

async function bare(count: number, boards: Board[]): Promise<Result> {
  if (boards.length < CHANGES) throw new Error(`the hub run gave ${boards.length} boards, not ${CHANGES}`);
  const upload = await fetch(`http://127.0.0.1:${bareA.port}/payloads`, { method: 'POST', body: JSON.stringify(boards) });
  if (upload.status !== 204) throw new Error(`bare payloads: ${upload.status}`);
  return run('bare Socket.IO', [bareA, bareB], count, undefined, setup.locationId, async (c) => {
    const res = await fetch(`http://127.0.0.1:${bareA.port}/emit?i=${c}&room=${setup.locationId}`, { method: 'POST' });
    const answeredAt = performance.now();
    if (res.status !== 201) throw new Error(`bare emit: ${res.status}`);
    return answeredAt;
  });
}

const pairs: { hub: Result; bare: Result }[] = [];
for (const count of sizes) {
  const hub = await run('hub, two nodes', [hubA, hubB], count, setup.displayToken, setup.locationId, checkIn);
  const base = await bare(count, hub.boards);
  const bytes = Buffer.byteLength(JSON.stringify(hub.boards.at(-1)));
  console.log(`  ${count} sockets: hub p99 ÷ bare p99 = ${(hub.p99 / base.p99).toFixed(2)} (boards up to ${bytes} bytes)\n`);
  pairs.push({ hub, bare: base });
}
const oneNode = ONE_NODE ? await run('hub, one node', [hubA], SOCKETS, setup.displayToken, setup.locationId, checkIn) : null;

for (const node of [bareB, bareA, hubB, hubA]) await stop(node.child);
console.log('\n| sockets | hub p50 / p99 / max | bare p50 / p99 / max | p99 ratio | disconnects (hub, bare) | loop delay p99, hub A / B |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const { hub, bare: b } of pairs)
  console.log(
    `| ${hub.sockets} | ${hub.p50} / ${hub.p99} / ${hub.max} ms | ${b.p50} / ${b.p99} / ${b.max} ms | ${(hub.p99 / b.p99).toFixed(2)} | ` +
      `${hub.disconnects}, ${b.disconnects} | ${hub.lag.map((l) => round(l.p99)).join(' / ')} ms |`,
  );
printRows([
  ...pairs.map(({ hub, bare: b }) => ({
    bench: 'fanout',
    figure: `${hub.sockets} screens, two nodes: board delivery`,
    value: hub.p99,
    unit: 'ms p99',
    baseline: { name: 'bare Socket.IO p99', value: b.p99 },
    p50: hub.p50,
    p99: hub.p99,
    ...(hub.delivered < hub.sockets * CHANGES || hub.disconnects || b.disconnects
      ? { note: `${hub.delivered}/${hub.sockets * CHANGES} delivered, ${hub.disconnects} + ${b.disconnects} disconnects` }
      : {}),
  })),
  ...(oneNode
    ? [
        {
          bench: 'fanout',
          figure: `${SOCKETS} screens, one node: board delivery`,
          value: oneNode.p99,
          unit: 'ms p99',
          p50: oneNode.p50,
          p99: oneNode.p99,
        },
      ]
    : []),
]);
await stores.cleanup();
