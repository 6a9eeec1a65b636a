// bench/idle-sockets.ts: a waiting-room's quiet hours at scale. One hub node
// (bench/servers/live-hub.ts) holds N display sockets (default 10,000) opened from this process,
// each subscribed to the board and sending a screen's heartbeat every 30 s, for a while (default
// 120 s) with nothing else happening. Prints the node's memory per socket (RSS and heap, against
// the node before the sockets came), the sockets lost on the way (heartbeat timeouts: Socket.IO's
// "ping timeout", and any other disconnect), the heartbeats answered, and the node's event-loop
// delay during the hold (beyond the histogram's 10 ms sampling interval).
// Usage: npm run bench:idle [-- --sockets 10000 --seconds 120]
import { io, type Socket } from 'socket.io-client';
import { benchStores, flag, printRows, start, stop } from './kit.js';

const SOCKETS = flag('sockets', 10_000);
const SECONDS = flag('seconds', 120);
/** How often a screen says it is alive (client/src/views/display: every 30 s). */
const HEARTBEAT_MS = 30_000;
const stores = await benchStores('idle');

interface Sample {
  rssMb: number;
  heapUsedMb: number;
  sockets: number;
  eventLoopDelayMs: { p50: number; p99: number; max: number };
}

const hub = await start('bench/servers/live-hub.ts', stores.env({ BENCH_PATIENTS: '0' }));
const { port, displayToken, locationId } = hub.info as { port: number; displayToken: string; locationId: string };

/** Asks the node for a sample of itself (SIGUSR2) and waits for the line it prints. */
async function sample(): Promise<Sample> {
  const seen = hub.lines.length;
  hub.child.kill('SIGUSR2');
  for (;;) {
    const line = hub.lines.slice(seen).find((l) => l.includes('"sample"'));
    if (line) return (JSON.parse(line) as { sample: Sample }).sample;
    await new Promise((r) => setTimeout(r, 20));
  }
}

const reasons = new Map<string, number>();
let heartbeatsAnswered = 0;
let heartbeatsRefused = 0;
const sockets: Socket[] = [];
const timers: NodeJS.Timeout[] = [];

const before = await sample();
console.log(`node before the sockets: ${before.rssMb} MB RSS, ${before.heapUsedMb} MB heap`);
const connectStarted = performance.now();
for (let i = 0; i < SOCKETS; i += 200) {
  const batch = Array.from({ length: Math.min(200, SOCKETS - i) }, () => {
    const s = io(`http://127.0.0.1:${port}`, { auth: { token: displayToken }, transports: ['websocket'], reconnection: false });
    s.on('disconnect', (reason) => reasons.set(reason, (reasons.get(reason) ?? 0) + 1));
    sockets.push(s);
    return new Promise<void>((resolve, reject) => {
      s.once('connect', () => s.emit('board:subscribe', { locationId }, () => resolve()));
      s.once('connect_error', reject);
    });
  });
  await Promise.all(batch);
  if ((i / 200) % 10 === 9 || i + 200 >= SOCKETS) process.stdout.write(`\rconnected ${Math.min(i + 200, SOCKETS)}/${SOCKETS}`);
}
console.log(` in ${((performance.now() - connectStarted) / 1000).toFixed(1)} s`);

// Heartbeats spread over the 30 s, as screens switched on at different moments would send them.
sockets.forEach((s, i) => {
  const beat = () =>
    s.emit('display:heartbeat', {}, (answer: { ok: boolean }) => (answer?.ok ? heartbeatsAnswered++ : heartbeatsRefused++));
  const first = setTimeout(
    () => {
      beat();
      timers.push(setInterval(beat, HEARTBEAT_MS));
    },
    (i / SOCKETS) * HEARTBEAT_MS,
  );
  timers.push(first);
});

const held = await sample(); // also starts the delay histogram of the hold afresh
const holdStarted = Date.now();
while (Date.now() - holdStarted < SECONDS * 1000) {
  await new Promise((r) => setTimeout(r, Math.min(10_000, SECONDS * 1000 - (Date.now() - holdStarted))));
  const lost = [...reasons.values()].reduce((a, b) => a + b, 0);
  process.stdout.write(
    `\rholding: ${Math.round((Date.now() - holdStarted) / 1000)}/${SECONDS} s, ${lost} lost, ${heartbeatsAnswered} heartbeats answered`,
  );
}
console.log('');
const after = await sample();
// Counted before this process closes its own sockets (those are not losses).
const lost = [...reasons.values()].reduce((a, b) => a + b, 0);
const pingTimeouts = reasons.get('ping timeout') ?? 0;
const otherReasons = JSON.stringify(Object.fromEntries(reasons));
for (const t of timers) clearTimeout(t);
for (const s of sockets) s.disconnect();

const perSocketKb = (mb: number) => Math.round(((mb * 1024) / SOCKETS) * 10) / 10;
console.log(
  `\n${SOCKETS} idle display sockets on one node for ${SECONDS} s:\n` +
    `  memory per socket: ${perSocketKb(held.rssMb - before.rssMb)} KB RSS, ${perSocketKb(held.heapUsedMb - before.heapUsedMb)} KB heap` +
    ` (node ${before.rssMb} → ${held.rssMb} MB RSS with the sockets, ${after.rssMb} MB after the hold)\n` +
    `  sockets the node held: ${held.sockets} at the start, ${after.sockets} at the end\n` +
    `  lost during the hold: ${lost} (heartbeat timeouts: ${pingTimeouts}${lost > pingTimeouts ? `; by reason: ${otherReasons}` : ''})\n` +
    `  heartbeats: ${heartbeatsAnswered} answered, ${heartbeatsRefused} refused\n` +
    `  event-loop delay during the hold: p50 ${after.eventLoopDelayMs.p50.toFixed(1)} ms, p99 ${after.eventLoopDelayMs.p99.toFixed(1)} ms, max ${after.eventLoopDelayMs.max.toFixed(1)} ms` +
    ` (target p99 ≤ 50 ms: ${after.eventLoopDelayMs.p99 <= 50 ? 'met' : 'NOT met'})`,
);
printRows([
  {
    bench: 'idle',
    figure: `${SOCKETS} idle screens, ${SECONDS} s: loop delay`,
    value: Math.round(after.eventLoopDelayMs.p99 * 10) / 10,
    unit: 'ms p99',
    p50: Math.round(after.eventLoopDelayMs.p50 * 10) / 10,
    p99: Math.round(after.eventLoopDelayMs.p99 * 10) / 10,
    note: `${perSocketKb(held.rssMb - before.rssMb)} KB RSS/socket, ${pingTimeouts} ping timeouts, ${lost} lost`,
  },
]);
await stop(hub.child);
await stores.cleanup();
