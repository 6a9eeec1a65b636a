// A client that floods the hub with one socket event, as a process of its own (as another machine
// would be), so that its own work does not slow the server it is aimed at. Settings in FLOOD (JSON:
// url, token, event, payload, perSecond). It emits at that rate, catching up on every tick, and
// reconnects at once whenever the hub cuts it off (as the web client does), and keeps knocking
// every 50 ms while the handshake refuses it. It prints JSON lines:
// {type:"connected"}, {type:"notice", notice} for each `limits:disconnect`, and on "stop" (stdin)
// {type:"done", tally} before it exits.
import { createInterface } from 'node:readline';
import { io } from 'socket.io-client';

const { url, token, event, payload, perSecond } = JSON.parse(process.env.FLOOD ?? '{}') as {
  url: string;
  token: string;
  event: string;
  payload: unknown;
  perSecond: number;
};
const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

const tally = { sent: 0, ok: 0, limited: 0, other: 0, connects: 0, cuts: 0, refusedConnects: 0, seconds: 0 };
let running = true;
const socket = io(url, { path: '/socket.io', auth: { token }, transports: ['websocket'], reconnectionDelay: 50 });
socket.on('connect', () => {
  if (tally.connects++ === 0) say({ type: 'connected' });
});
socket.on('limits:disconnect', (notice: unknown) => say({ type: 'notice', notice }));
socket.on('disconnect', (reason) => {
  if (reason !== 'io server disconnect') return;
  tally.cuts++;
  if (running) socket.connect();
});
// Refused at the handshake (shut out for a while): keep knocking, as a flooder would.
socket.on('connect_error', () => {
  tally.refusedConnects++;
  if (running) setTimeout(() => running && socket.connect(), 50);
});
const onAck = (answer: { ok: boolean; error?: { code: string } }) => {
  if (answer.ok) tally.ok++;
  else if (answer.error?.code === 'RATE_LIMITED') tally.limited++;
  else tally.other++;
};

await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
const started = performance.now();
const timer = setInterval(() => {
  const due = Math.floor(((performance.now() - started) / 1000) * perSecond);
  while (tally.sent < due) {
    tally.sent++;
    // A cut-off client's events never reach the hub; count them as sent all the same.
    if (socket.connected) socket.emit(event, payload, onAck);
  }
}, 5);

for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() !== 'stop') continue;
  running = false;
  clearInterval(timer);
  tally.seconds = (performance.now() - started) / 1000;
  say({ type: 'done', tally });
  socket.disconnect();
  process.exit(0);
}
