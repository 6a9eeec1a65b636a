import { spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { BSON, type Document, MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MongoDouble, startMongoDouble } from '../../support/mongo-double/index.js';
import { caught, startHarness } from './helpers.js';

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;

/** Builds an OP_MSG with a body section and optional document sequences. */
function opMsg(requestId: number, body: Document, sequences: Record<string, Document[]> = {}, flags = 0): Buffer {
  const parts: Buffer[] = [Buffer.from([0]), Buffer.from(BSON.serialize(body))];
  for (const [id, docs] of Object.entries(sequences)) {
    const payload = Buffer.concat([Buffer.from(`${id}\0`), ...docs.map((d) => Buffer.from(BSON.serialize(d)))]);
    const size = Buffer.alloc(4);
    size.writeInt32LE(payload.length + 4);
    parts.push(Buffer.from([1]), size, payload);
  }
  const header = Buffer.alloc(20);
  const length = 20 + parts.reduce((n, p) => n + p.length, 0);
  header.writeInt32LE(length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(0, 8);
  header.writeInt32LE(OP_MSG, 12);
  header.writeUInt32LE(flags, 16);
  return Buffer.concat([header, ...parts]);
}

function opQuery(requestId: number, ns: string, query: Document): Buffer {
  const body = Buffer.concat([Buffer.from(`${ns}\0`), Buffer.alloc(8), Buffer.from(BSON.serialize(query))]);
  const header = Buffer.alloc(20);
  header.writeInt32LE(20 + body.length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(0, 8);
  header.writeInt32LE(OP_QUERY, 12);
  header.writeInt32LE(0, 16);
  return Buffer.concat([header, body]);
}

/** Minimal raw client: collects whole replies from a socket. */
class RawClient {
  private buffer = Buffer.alloc(0);
  private waiters: Array<() => void> = [];
  constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      for (const w of this.waiters.splice(0)) w();
    });
  }
  static async connect(port: number): Promise<RawClient> {
    const socket = net.connect(port, '127.0.0.1');
    await once(socket, 'connect');
    return new RawClient(socket);
  }
  async reply(): Promise<{ opCode: number; responseTo: number; doc: Document }> {
    for (;;) {
      if (this.buffer.length >= 4 && this.buffer.length >= this.buffer.readInt32LE(0)) {
        const length = this.buffer.readInt32LE(0);
        const msg = this.buffer.subarray(0, length);
        this.buffer = this.buffer.subarray(length);
        const opCode = msg.readInt32LE(12);
        const responseTo = msg.readInt32LE(8);
        const docStart = opCode === OP_REPLY ? 36 : 21;
        return { opCode, responseTo, doc: BSON.deserialize(msg.subarray(docStart)) };
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }
}

let double: MongoDouble;

beforeAll(async () => {
  double = await startMongoDouble();
});

afterAll(async () => {
  await double.close();
});

describe('wire protocol', () => {
  it('answers a legacy OP_QUERY isMaster with OP_REPLY', async () => {
    const raw = await RawClient.connect(double.port);
    raw.socket.write(opQuery(7, 'admin.$cmd', { isMaster: 1, helloOk: true }));
    const reply = await raw.reply();
    expect(reply.opCode).toBe(OP_REPLY);
    expect(reply.responseTo).toBe(7);
    expect(reply.doc).toMatchObject({ ismaster: true, helloOk: true, maxWireVersion: 21, ok: 1 });
    expect(reply.doc.compression).toBeUndefined();
    raw.socket.destroy();
  });

  it('reassembles messages split into single bytes and answers pipelined requests in order', async () => {
    const raw = await RawClient.connect(double.port);
    const bytes = Buffer.concat([opMsg(1, { ping: 1, $db: 'admin' }), opMsg(2, { buildInfo: 1, $db: 'admin' })]);
    for (const byte of bytes) raw.socket.write(Buffer.from([byte]));
    const first = await raw.reply();
    const second = await raw.reply();
    expect(first).toMatchObject({ opCode: OP_MSG, responseTo: 1, doc: { ok: 1 } });
    expect(second).toMatchObject({ opCode: OP_MSG, responseTo: 2, doc: { version: '7.0.0', ok: 1 } });
    raw.socket.destroy();
  });

  it('reads kind-1 document sequences and sends nothing back for moreToCome', async () => {
    const raw = await RawClient.connect(double.port);
    const MORE_TO_COME = 2;
    raw.socket.write(opMsg(1, { insert: 'seq', $db: 'wire', ordered: true }, { documents: [{ a: 1 }, { a: 2 }] }, MORE_TO_COME));
    raw.socket.write(opMsg(2, { insert: 'seq', $db: 'wire' }, { documents: [{ a: 3 }] }));
    const reply = await raw.reply();
    // The first (fire-and-forget) insert produced no reply; the next one is answered.
    expect(reply.responseTo).toBe(2);
    expect(reply.doc).toMatchObject({ n: 1, ok: 1 });
    raw.socket.write(opMsg(3, { count: 'seq', $db: 'wire' }));
    expect((await raw.reply()).doc).toMatchObject({ n: 3, ok: 1 });
    raw.socket.destroy();
  });

  it('w:0 writes through the driver are applied', async () => {
    const client = new MongoClient(double.url);
    try {
      const coll = client.db('wire').collection('unacked');
      const res = await coll.insertOne({ quiet: true }, { writeConcern: { w: 0 } });
      expect(res.acknowledged).toBe(false);
      expect(await coll.countDocuments({ quiet: true })).toBe(1);
    } finally {
      await client.close();
    }
  });
});

describe('clients', () => {
  it('serves two clients concurrently on shared data', async () => {
    const a = await startHarness();
    const b = new MongoClient(a.double.url);
    try {
      await b.connect();
      const ca = a.client.db('shared').collection('events');
      const cb = b.db('shared').collection('events');
      await ca.createIndex({ key: 1 }, { unique: true });
      await Promise.all([
        ...Array.from({ length: 50 }, (_, i) => ca.insertOne({ key: `a${i}`, from: 'a' })),
        ...Array.from({ length: 50 }, (_, i) => cb.insertOne({ key: `b${i}`, from: 'b' })),
      ]);
      expect(await cb.countDocuments({ from: 'a' })).toBe(50);
      expect(await ca.countDocuments({ from: 'b' })).toBe(50);
      // Racing inserts of the same key: exactly one wins.
      const race = await Promise.allSettled([ca.insertOne({ key: 'same' }), cb.insertOne({ key: 'same' })]);
      expect(race.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const loser = race.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(loser.reason.code).toBe(11000);
      // Concurrent $inc from both clients are all applied.
      await ca.insertOne({ key: 'counter', n: 0 });
      await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? ca : cb).updateOne({ key: 'counter' }, { $inc: { n: 1 } })));
      expect((await ca.findOne({ key: 'counter' }))?.n).toBe(40);
    } finally {
      await b.close();
      await a.close();
    }
  });

  it('each double is isolated and close() frees its port', async () => {
    const other = await startMongoDouble();
    expect(other.port).not.toBe(double.port);
    const client = new MongoClient(other.url, { serverSelectionTimeoutMS: 500 });
    await client.db('iso').collection('c').insertOne({ a: 1 });
    await client.close();
    await other.close();
    const reconnect = new MongoClient(other.url, { serverSelectionTimeoutMS: 300 });
    const err = await caught(() => reconnect.db('iso').command({ ping: 1 }));
    expect(err.name).toBe('MongoServerSelectionError');
    await reconnect.close();
    const main = new MongoClient(double.url);
    expect(await main.db('iso').collection('c').countDocuments()).toBe(0);
    await main.close();
  });
});

describe('cli', () => {
  it('prints the URL, serves the driver and exits on SIGTERM', async () => {
    const cli = fileURLToPath(new URL('../../support/mongo-double/cli.ts', import.meta.url));
    const tsx = fileURLToPath(new URL('../../../node_modules/tsx/dist/cli.mjs', import.meta.url));
    const child = spawn(process.execPath, [tsx, cli], {
      env: { ...process.env, MONGO_DOUBLE_PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
      const line = chunk.toString().trim();
      const match = /^MongoDB test double listening on (mongodb:\/\/127\.0\.0\.1:(\d+))$/.exec(line);
      expect(match).not.toBeNull();
      const client = new MongoClient(`${match?.[1]}/?directConnection=true`);
      expect(await client.db('cli').command({ ping: 1 })).toEqual({ ok: 1 });
      await client.close();
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 30_000);
});
