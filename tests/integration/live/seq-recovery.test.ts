// A Redis restarted without its data loses the boards' seq counters. Screens keep the highest seq
// they have seen and ignore anything older, so a counter starting again from 1 would freeze every
// screen until someone reloaded it. Counters are seeded from Redis's clock instead (seq.ts): the
// first update after the loss is newer than anything a screen has, and a new snapshot is too.
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sequences } from '../../../server/modules/live/seq.js';
import { type Actor, display } from '../../support/factories.js';
import { bookableClinic, walkInOver, zoneWhereItIsMorning } from '../../support/scheduling.js';
import { client, connected, emitAck, recorder } from '../../support/sockets.js';
import { listenOnLoopback, startTestHub, type TestHub } from '../../support/test-hub.js';

type Board = { seq: number; doctors: { doctorId: string; waiting: { ticket: string }[] }[] };

let hub: TestHub;
let url: string;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;
let screen: Actor;
const sockets: Socket[] = [];

beforeAll(async () => {
  hub = await startTestHub({}, { live: { relayIntervalMs: 0 } });
  url = await listenOnLoopback(hub.app);
  clinic = await bookableClinic(hub, zoneWhereItIsMorning().zone);
  screen = await display(hub, clinic.location.id);
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await hub.close();
});

const walkIn = () => walkInOver(url, hub, clinic);

/** What a Redis restarted without persistence does to the counters: they are gone. */
async function loseSeqCounters(): Promise<number> {
  const keys = await hub.app.redis.keys(`${hub.config.redisPrefix}:seq:*`);
  return keys.length ? hub.app.redis.del(...keys) : 0;
}

describe('seq counters after a Redis loss', () => {
  it('a new counter starts above any seq a client can have seen, and counts on by one', async () => {
    const sequences = new Sequences(hub.app.redis, `${hub.config.redisPrefix}:unit`);
    const before = Date.now() * 1000 - 60_000_000; // Redis's clock, give or take a minute
    const first = await sequences.current('board', 'a-location');
    expect(first).toBeGreaterThan(before);
    expect(await sequences.next('board', 'a-location')).toBe(first + 1);
    expect(await sequences.current('board', 'a-location')).toBe(first + 1);
    expect(Number.isSafeInteger(first)).toBe(true);
  });

  it('a screen takes the first board after the loss as newer, and a new snapshot is newer too', async () => {
    const socket = client(url, screen.token);
    sockets.push(socket);
    await connected(socket);
    const updates = recorder<Board>(socket, 'board:update');
    await emitAck(socket, 'board:subscribe', { locationId: clinic.location.id });
    await walkIn();
    const [seen] = await updates.count(1);

    expect(await loseSeqCounters()).toBeGreaterThan(0);
    const ticket = await walkIn();
    const [, after] = await updates.count(2);
    expect(after!.seq).toBeGreaterThan(seen!.seq);
    expect(after!.doctors.find((d) => d.doctorId === clinic.doctor.doctorId)?.waiting.map((w) => w.ticket)).toContain(ticket);

    await loseSeqCounters();
    const late = client(url, screen.token);
    sockets.push(late);
    await connected(late);
    const snapshot = await emitAck<{ board: Board }>(late, 'board:subscribe', { locationId: clinic.location.id });
    expect(snapshot.board.seq).toBeGreaterThan(after!.seq);
  });
});
