// The upload streams: a file over DOCUMENT_MAX_BYTES (here 256 KiB) is refused with 413 while it
// arrives, over a real socket, with the hub's memory growing by a small fraction of the 256 MiB
// sent; a client that goes away mid-file leaves no chunk behind. Both are checked against GridFS's
// own collections (documents.files, documents.chunks).
import { once } from 'node:events';
import type { ClientRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenOnLoopback, startTestHub, type TestHub } from '../../support/test-hub.js';
import { documentWorld, eventually, multipartFrame, PDF, rawPost, stored, upload } from './fixtures.js';

const LIMIT = 256 * 1024;
const MiB = 1024 * 1024;
let hub: TestHub;
let base: string;
let world: Awaited<ReturnType<typeof documentWorld>>;

/** A hub with the default limit (20 MiB), for an upload dropped after a few MiB. */
let big: TestHub;
let bigBase: string;
let people: Awaited<ReturnType<typeof documentWorld>>;

beforeAll(async () => {
  [hub, big] = await Promise.all([startTestHub({ DOCUMENT_MAX_BYTES: String(LIMIT) }), startTestHub()]);
  [base, bigBase] = await Promise.all([listenOnLoopback(hub.app), listenOnLoopback(big.app)]);
  [world, people] = await Promise.all([documentWorld(hub), documentWorld(big)]);
});
afterAll(async () => {
  await Promise.all([hub.close(), big.close()]);
});

const path = () => `/api/patients/${world.patientId}/documents`;
/** Writes `bytes` of a PDF-looking file body (two reused 64 KiB buffers), waiting for the socket to drain. */
async function writeFileBody(req: ClientRequest, bytes: number, progress: { sent: number }): Promise<void> {
  const first = Buffer.alloc(64 * 1024, 0x41);
  PDF.copy(first);
  const rest = Buffer.alloc(64 * 1024, 0x41);
  while (progress.sent < bytes && !req.destroyed) {
    const n = Math.min(rest.length, bytes - progress.sent);
    const block = (progress.sent === 0 ? first : rest).subarray(0, n);
    progress.sent += n;
    if (!req.write(block)) await new Promise((r) => req.once('drain', r));
  }
}

describe('the size limit', () => {
  it('a file of exactly DOCUMENT_MAX_BYTES is kept; one byte more is 413 FILE_TOO_LARGE and nothing is kept', async () => {
    const exact = Buffer.concat([PDF, Buffer.alloc(LIMIT - PDF.length, 0x41)]);
    expect((await upload(hub, world.doctor, world.patientId, { bytes: exact })).statusCode).toBe(201);
    const before = await stored(hub);
    const over = await upload(hub, world.doctor, world.patientId, { bytes: Buffer.concat([exact, Buffer.from('A')]) });
    expect(over.statusCode, over.body).toBe(413);
    expect(over.json().code).toBe('FILE_TOO_LARGE');
    expect(await stored(hub)).toEqual(before);
  });

  it('256 MiB sent over a socket is refused while streaming, with memory far below the upload size', async () => {
    const before = await stored(hub);
    // A first, smaller run warms up what the path loads once (parsers, buffers, sockets).
    expect((await sendOversize(4 * MiB)).status).toBe('413');
    const baseline = process.memoryUsage();
    const peak = { heapUsed: baseline.heapUsed, rss: baseline.rss };
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peak.heapUsed = Math.max(peak.heapUsed, now.heapUsed);
      peak.rss = Math.max(peak.rss, now.rss);
    }, 5);
    const size = 256 * MiB;
    const answer = await sendOversize(size).finally(() => clearInterval(sampler));
    expect(answer.sent).toBe(size); // the whole 256 MiB went through the socket, read and dropped by the hub
    expect(answer.status, answer.received.slice(0, 300)).toBe('413');
    expect(JSON.parse(answer.body).code).toBe('FILE_TOO_LARGE');
    const heapGrowth = peak.heapUsed - baseline.heapUsed;
    const rssGrowth = peak.rss - baseline.rss;
    // The hub (in this process) held a few chunks of the upload at a time, never the file: the heap grows
    // by about 1.5 MiB, RSS by about 30 MiB (buffers of the socket reads awaiting collection), whatever the size.
    expect(heapGrowth, `heap grew ${(heapGrowth / MiB).toFixed(1)} MiB`).toBeLessThan(size / 32);
    expect(rssGrowth, `RSS grew ${(rssGrowth / MiB).toFixed(1)} MiB`).toBeLessThan(size / 4);
    expect(await stored(hub)).toEqual(before);
  });
});

/** Sends a PDF-looking file of `size` bytes over a plain TCP socket (HTTP/1.1 written by hand, one reused 64 KiB block). */
async function sendOversize(size: number) {
  const { boundary, head, tail } = multipartFrame({ type: 'ct', title: 'Huge' }, 'huge.pdf', 'application/pdf');
  const url = new URL(base);
  const socket = connect(Number(url.port), url.hostname);
  await once(socket, 'connect');
  let received = '';
  socket.on('data', (c: Buffer) => {
    received += c.toString('latin1');
  });
  const closed = once(socket, 'close');
  let sent = 0;
  try {
    socket.write(
      `POST ${path()} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${world.doctor.token}\r\n` +
        `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${head.length + size + tail.length}\r\n\r\n`,
    );
    socket.write(head);
    const first = Buffer.alloc(64 * 1024, 0x41);
    PDF.copy(first);
    const rest = Buffer.alloc(64 * 1024, 0x41);
    while (sent < size) {
      const block = sent === 0 ? first : rest;
      sent += block.length;
      if (!socket.write(block)) await once(socket, 'drain');
    }
    socket.end(tail);
    await closed;
  } finally {
    socket.destroy();
  }
  return { sent, received, status: received.split(' ')[1], body: received.slice(received.indexOf('\r\n\r\n') + 4) };
}

describe('a dropped upload', () => {
  it('leaves no orphan chunks: the partial GridFS file is aborted when the client goes away', async () => {
    const { boundary, head, tail } = multipartFrame({ type: 'lab_report', title: 'Dropped' }, 'dropped.pdf', 'application/pdf');
    const req = rawPost(
      bigBase,
      `/api/patients/${people.patientId}/documents`,
      people.doctor.token,
      boundary,
      head.length + 10 * MiB + tail.length,
    );
    req.on('error', () => {}); // destroyed on purpose below
    req.write(head);
    await writeFileBody(req, 2 * MiB, { sent: 0 });
    // Chunks of the partial file reach GridFS while the upload is still arriving…
    await eventually(async () => (await stored(big)).chunks > 0);
    req.destroy();
    // …and are deleted once the server notices the client went away.
    await eventually(async () => (await stored(big)).chunks === 0);
    expect(await stored(big)).toEqual({ files: 0, chunks: 0, documents: 0 });
  });
});
