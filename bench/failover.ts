// bench/failover.ts: waiting-room screens on two nodes, one node killed with SIGKILL. The time from
// the kill to every screen that was on the dead node having a fresh board from the surviving node
// (its reconnect, then the `board:subscribe` answer, or a `board:update`): p50, p99, max, and how
// many did not within 30 s. Screens reconnect as the display client does (Socket.IO backoff from
// 500 ms up to 5 s), each attempt going to the next node (tests/support/server-node.ts
// failoverSocket, as a load balancer would send it to a live one). Baseline, same run: as many
// screens connecting and subscribing to the surviving node all at once, from nothing.
// Usage: npm run bench:failover [-- --sockets 500]
import type { Socket } from 'socket.io-client';
import { failoverSocket } from '../tests/support/server-node.js';
import { benchStores, flag, printRows, quantile, start, stop } from './kit.js';

const SOCKETS = flag('sockets', 500);
const GIVE_UP_MS = 30_000;
// A scratch database, Redis prefix and MongoDB of this run's own, removed at the end or on failure.
const stores = await benchStores('failover');

const primary = await start('bench/servers/live-hub.ts', stores.env({ BENCH_ROLE: 'primary', BENCH_PATIENTS: '1' }));
const secondary = await start('bench/servers/live-hub.ts', stores.env({ BENCH_ROLE: 'secondary' }));
const survivor = `http://127.0.0.1:${primary.info.port}`;
const victim = `http://127.0.0.1:${secondary.info.port}`;
const { displayToken, locationId } = primary.info as { displayToken: string; locationId: string };
const clientPolicy = { reconnectionDelay: 500, reconnectionDelayMax: 5_000 }; // client/src/lib/socket.ts

/** A screen: on every connect that was not recovered it asks for the board; `boards` holds arrival times. */
function screen(first: number) {
  const socket = failoverSocket([survivor, victim], { token: displayToken }, first, clientPolicy);
  const boards: number[] = [];
  let recovered = 0;
  socket.on('connect', () => {
    if (socket.recovered) {
      recovered++;
      return;
    }
    socket
      .timeout(GIVE_UP_MS)
      .emitWithAck('board:subscribe', { locationId })
      .then((ack: { ok: boolean }) => ack.ok && boards.push(performance.now()))
      .catch(() => undefined);
  });
  socket.on('board:update', () => boards.push(performance.now()));
  return { socket, boards, recovered: () => recovered };
}

async function connectAll(list: ReturnType<typeof screen>[]) {
  await Promise.all(
    list.map((s) => new Promise<void>((resolve) => (s.boards.length ? resolve() : s.socket.once('connect', () => resolve())))),
  );
  // …and each has its first board.
  for (;;) {
    if (list.every((s) => s.boards.length)) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}

const round = (n: number) => Math.round(n * 10) / 10;
const summary = (ms: number[]) => {
  const sorted = [...ms].sort((x, y) => x - y);
  return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: round(sorted.at(-1) ?? Number.NaN) };
};

// Baseline: SOCKETS/2 screens connecting to the survivor at once, from nothing, until each has its board.
process.stdout.write(`baseline: ${SOCKETS / 2} screens connecting at once to one node…`);
const began = performance.now();
const cold = Array.from({ length: SOCKETS / 2 }, () => screen(0));
await connectAll(cold);
const baseline = summary(cold.map((s) => s.boards[0]! - began));
for (const s of cold) s.socket.disconnect();
console.log(` p50 ${baseline.p50} ms, p99 ${baseline.p99} ms, max ${baseline.max} ms`);

// The screens: spread over both nodes, in batches (as screens come up over a morning, not all at once).
process.stdout.write(`${SOCKETS} screens over two nodes: connecting…`);
const screens: (ReturnType<typeof screen> & { onVictim: boolean })[] = [];
for (let i = 0; i < SOCKETS; i += 100) {
  const batch = Array.from({ length: Math.min(100, SOCKETS - i) }, (_, j) => ({ ...screen((i + j) % 2), onVictim: (i + j) % 2 === 1 }));
  await connectAll(batch);
  screens.push(...batch);
}
const moved = screens.filter((s) => s.onVictim);
console.log(` ${screens.length} with a board (${moved.length} on the node to be killed).`);

process.stdout.write('kill -9 the second node…');
const before = new Map(moved.map((s) => [s, s.boards.length]));
const killedAt = performance.now();
secondary.child.kill('SIGKILL');
const deadline = killedAt + GIVE_UP_MS;
while (performance.now() < deadline && !moved.every((s) => s.boards.length > before.get(s)!)) await new Promise((r) => setTimeout(r, 10));
const times = moved.filter((s) => s.boards.length > before.get(s)!).map((s) => s.boards[before.get(s)!]! - killedAt);
const missed = moved.length - times.length;
const failover = summary(times);
const recovered = moved.reduce((n, s) => n + s.recovered(), 0);
console.log(
  ` fresh board on the survivor: p50 ${failover.p50} ms, p99 ${failover.p99} ms, max ${failover.max} ms; ` +
    `${missed} of ${moved.length} not within ${GIVE_UP_MS / 1000} s; ${recovered} recovered connections`,
);
console.log(`ratio to the baseline (p50/p99): ${(failover.p50 / baseline.p50).toFixed(2)} / ${(failover.p99 / baseline.p99).toFixed(2)}`);

for (const s of screens) (s.socket as Socket).disconnect();
await stop(primary.child);
printRows([
  {
    bench: 'failover',
    figure: `${moved.length} screens of a killed node: fresh board on the other`,
    value: failover.p99,
    unit: 'ms p99',
    baseline: { name: `${SOCKETS / 2} screens cold-connecting p99`, value: baseline.p99 },
    p50: failover.p50,
    p99: failover.p99,
    ...(missed ? { note: `${missed} not within 30 s` } : {}),
  },
]);
await stores.cleanup();
