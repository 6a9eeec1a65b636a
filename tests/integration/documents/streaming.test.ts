// The upload streams: a file over DOCUMENT_MAX_BYTES (here 256 KiB) is refused with 413 while it
// arrives, over a real socket, and the hub then reads at most DRAIN_MAX_BYTES more before closing
// the connection: a client that would send 256 MiB gets to send a few, and the hub's memory grows
// by a small fraction of that. A declared length beyond the limit is refused before any byte is
// read. A client that goes away mid-file leaves no chunk behind. Checked against GridFS's own
// collections (documents.files, documents.chunks).
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

  it('a chunked 256 MiB upload is refused while streaming and cut off a few MiB in, with memory bounded', async () => {
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
    expect(answer.status, answer.received.slice(0, 300)).toBe('413');
    expect(JSON.parse(answer.body).code).toBe('FILE_TOO_LARGE');
    // The hub stopped reading: the limit, the drain allowance and what the sockets' buffers held.
    expect(answer.sent, `sent ${(answer.sent / MiB).toFixed(1)} MiB before the hub closed the connection`).toBeLessThan(32 * MiB);
    const heapGrowth = peak.heapUsed - baseline.heapUsed;
    const rssGrowth = peak.rss - baseline.rss;
    expect(heapGrowth, `heap grew ${(heapGrowth / MiB).toFixed(1)} MiB`).toBeLessThan(8 * MiB);
    expect(rssGrowth, `RSS grew ${(rssGrowth / MiB).toFixed(1)} MiB`).toBeLessThan(64 * MiB);
    expect(await stored(hub)).toEqual(before);
  });

  it('a declared Content-Length beyond the limit is refused before the body is read', async () => {
    const answer = await sendOversize(64 * MiB, { declare: 8 * 1024 * MiB });
    expect(answer.status, answer.received.slice(0, 300)).toBe('413');
    expect(JSON.parse(answer.body).code).toBe('FILE_TOO_LARGE');
    expect(answer.sent).toBeLessThan(32 * MiB);
  });
});

/**
 * Sends a PDF-looking file of `size` bytes over a plain TCP socket (HTTP/1.1 written by hand, one
 * reused 64 KiB block): chunked, or with a declared Content-Length. Stops when the hub closes.
 */
async function sendOversize(size: number, opts: { declare?: number } = {}) {
  const { boundary, head, tail } = multipartFrame({ type: 'ct', title: 'Huge' }, 'huge.pdf', 'application/pdf');
  const url = new URL(base);
  const socket = connect(Number(url.port), url.hostname);
  await once(socket, 'connect');
  let received = '';
  socket.on('data', (c: Buffer) => {
    received += c.toString('latin1');
  });
  socket.on('error', () => {}); // the hub closes the connection mid-upload on purpose
  let open = true;
  // Not `once(socket, 'close')`: it would reject on the reset that comes first.
  const closed = new Promise<void>((resolve) =>
    socket.once('close', () => {
      open = false;
      resolve();
    }),
  );
  const chunked = opts.declare === undefined;
  const frame = (bytes: Buffer) => (chunked ? [Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from('\r\n')] : [bytes]);
  // Waits for the socket to take more, or to close (an error closes it too; `once` would reject on it).
  const drained = () =>
    new Promise<void>((resolve) => {
      socket.once('drain', resolve);
      void closed.then(resolve);
    });
  const write = async (bytes: Buffer) => {
    for (const piece of frame(bytes)) if (open && !socket.write(piece)) await drained();
  };
  let sent = 0;
  try {
    socket.write(
      `POST ${path()} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${world.doctor.token}\r\n` +
        `Content-Type: multipart/form-data; boundary=${boundary}\r\n` +
        (chunked ? 'Transfer-Encoding: chunked\r\n\r\n' : `Content-Length: ${opts.declare}\r\n\r\n`),
    );
    await write(head);
    const first = Buffer.alloc(64 * 1024, 0x41);
    PDF.copy(first);
    const rest = Buffer.alloc(64 * 1024, 0x41);
    while (sent < size && open) {
      await write(sent === 0 ? first : rest);
      sent += rest.length;
    }
    if (open) {
      await write(tail);
      if (chunked) socket.write('0\r\n\r\n');
    }
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
