// bench/board-fanout.ts: 1,000 waiting-room sockets on one board. For each of 20 check-ins
// (walk-ins) made over HTTP, the time from the HTTP response to the board update's arrival on
// every socket: p50, p99, max, disconnects, and each node's event-loop delay. Run once with all
// sockets on one node, once spread over two nodes (the cost of the extra node's hop via Redis).
// Usage: npm run bench:fanout [-- --sockets 1000 --changes 20]
import { io, type Socket } from 'socket.io-client';
import { benchStores, flag, printRows, start, stop } from './kit.js';

const SOCKETS = flag('sockets', 1000);
const CHANGES = flag('changes', 20);
// A scratch database, Redis prefix and MongoDB of this run's own, removed at the end or on failure.
const stores = await benchStores('live');

type Node = Awaited<ReturnType<typeof start>> & { port: number };

async function startNode(role: string): Promise<Node> {
  const node = await start('bench/servers/live-hub.ts', stores.env({ BENCH_ROLE: role, BENCH_PATIENTS: String(2 * CHANGES) }));
  return { ...node, port: node.info.port };
}

/** Stops the node and returns the event-loop delay it printed on the way out. */
async function stopNode(node: Node): Promise<unknown> {
  await stop(node.child);
  const last = node.lines.find((l) => l.includes('eventLoopDelayMs'));
  return last ? JSON.parse(last).eventLoopDelayMs : null;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** Walk-ins made so far, over both runs: the index of the next patient. */
let walkIns = 0;

async function run(label: string, ports: number[], setup: Record<string, string>) {
  const sockets: Socket[] = [];
  let disconnects = 0;
  const arrivals = new Map<number, number[]>(); // seq → arrival times
  process.stdout.write(`${label}: connecting ${SOCKETS} sockets…`);
  for (let i = 0; i < SOCKETS; i += 100) {
    const batch = Array.from({ length: Math.min(100, SOCKETS - i) }, (_, j) => {
      const port = ports[(i + j) % ports.length];
      const s = io(`http://127.0.0.1:${port}`, { auth: { token: setup.displayToken }, transports: ['websocket'], reconnection: false });
      s.on('disconnect', () => disconnects++);
      s.on('board:update', (b: { seq: number }) => {
        const list = arrivals.get(b.seq) ?? [];
        list.push(performance.now());
        arrivals.set(b.seq, list);
      });
      sockets.push(s);
      return new Promise<void>((resolve, reject) => {
        s.once('connect', () => s.emit('board:subscribe', { locationId: setup.locationId }, () => resolve()));
        s.once('connect_error', reject);
      });
    });
    await Promise.all(batch);
  }
  process.stdout.write(' measuring…');
  const latencies: number[] = [];
  const patientIds = JSON.parse(setup.patientIds!) as string[];
  for (let c = 0; c < CHANGES; c++) {
    const before = new Set(arrivals.keys());
    const res = await fetch(`http://127.0.0.1:${ports[0]}/api/walk-ins`, {
      method: 'POST',
      headers: { authorization: `Bearer ${setup.deskToken}`, 'content-type': 'application/json' },
      // A patient new to the queue each time: a second walk-in of one patient is refused (DUPLICATE_VISIT).
      body: JSON.stringify({ doctorId: setup.doctorId, patientId: patientIds[walkIns++] }),
    });
    const answeredAt = performance.now();
    if (res.status !== 201) throw new Error(`walk-in: ${res.status} ${await res.text()}`);
    // Wait (bounded) until every socket has the new seq.
    for (let waited = 0; waited < 10_000; waited += 5) {
      const fresh = [...arrivals.entries()].find(([seq]) => !before.has(seq));
      if (fresh && fresh[1].length >= SOCKETS) {
        latencies.push(...fresh[1].map((t) => Math.max(0, t - answeredAt)));
        break;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  for (const s of sockets) s.disconnect();
  const sorted = latencies.sort((a, b) => a - b);
  const delivered = latencies.length;
  console.log(
    ` p50 ${pct(sorted, 50).toFixed(1)} ms, p99 ${pct(sorted, 99).toFixed(1)} ms, max ${(sorted.at(-1) ?? 0).toFixed(1)} ms, ` +
      `${delivered}/${SOCKETS * CHANGES} deliveries, ${disconnects - SOCKETS} unexpected disconnects`,
  );
  const round = (n: number) => Math.round(n * 10) / 10;
  return { label, p50: round(pct(sorted, 50)), p99: round(pct(sorted, 99)), delivered, disconnects: disconnects - SOCKETS };
}

const primary = await startNode('primary');
const secondary = await startNode('secondary');
const setup = Object.fromEntries(Object.entries(primary.info).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
console.log(`${SOCKETS} display sockets, ${CHANGES} check-ins each run\n`);
const one = await run('one node ', [primary.port], setup);
const two = await run('two nodes', [primary.port, secondary.port], setup);
const lagB = await stopNode(secondary);
const lagA = await stopNode(primary);
console.log(`\nevent-loop delay (ms) node A ${JSON.stringify(lagA)}, node B ${JSON.stringify(lagB)}`);
printRows(
  [one, two].map((r) => ({
    bench: 'fanout',
    figure: `${SOCKETS} screens, ${r.label.trim()}: board delivery`,
    value: r.p99,
    unit: 'ms p99',
    p50: r.p50,
    p99: r.p99,
    ...(r.delivered < SOCKETS * CHANGES || r.disconnects
      ? { note: `${r.delivered}/${SOCKETS * CHANGES} delivered, ${r.disconnects} disconnects` }
      : {}),
  })),
);
await stores.cleanup();
