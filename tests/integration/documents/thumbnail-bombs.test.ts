// Decompression bombs: a few kilobytes of PNG or JPEG declaring a frame of tens of megapixels. The
// document is kept (it is a valid file of an accepted type) without a preview, and the hub never
// decodes it: no stall of the event loop, no jump in memory. Previews of ordinary images are made
// in a worker thread (upload-download.test.ts checks one).
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../support/test-hub.js';
import { documentWorld, upload } from './fixtures.js';

let hub: TestHub;
let world: Awaited<ReturnType<typeof documentWorld>>;

beforeAll(async () => {
  hub = await startTestHub();
  world = await documentWorld(hub);
});
afterAll(() => hub.close());

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An all-black 8-bit greyscale PNG of w×h: tiny on disk, w×h×4 bytes once decoded. */
function blackPng(w: number, h: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const idat = deflateSync(Buffer.alloc(h * (1 + w)), { level: 9 });
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, pngChunk('IHDR', ihdr), pngChunk('IDAT', idat), pngChunk('IEND', Buffer.alloc(0))]);
}

/** A JPEG that is only its start, a baseline frame header declaring w×h, and its end. */
function hollowJpeg(w: number, h: number): Buffer {
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, h >> 8, h & 0xff, w >> 8, w & 0xff, 0x03, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
    Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1'),
    sof,
    Buffer.from([0xff, 0xd9]),
  ]);
}

/** Uploads `bytes` while watching the event loop: the longest gap between 5 ms ticks. */
async function uploadWatching(bytes: Buffer) {
  let longest = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  const res = await upload(hub, world.doctor, world.patientId, { fields: { type: 'xray', title: 'Bomb' }, bytes }).finally(() =>
    clearInterval(ticker),
  );
  return { res, longestGapMs: longest };
}

describe('a decompression bomb', () => {
  it.each([
    ['a 6300×6300 PNG of a few kilobytes', blackPng(6300, 6300)],
    ['a 2000×2000 PNG (4 MP in a few kilobytes)', blackPng(2000, 2000)],
    ['a JPEG declaring 6000×6600 in a few hundred bytes', hollowJpeg(6000, 6600)],
  ])('%s is kept without a preview and never decoded', async (_what, bytes) => {
    expect(bytes.length).toBeLessThan(100_000);
    const { res, longestGapMs } = await uploadWatching(bytes);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().hasThumbnail).toBe(false);
    // A decode would block for seconds (1.4–4.6 s measured before the guard).
    expect(longestGapMs, 'the event loop stalled').toBeLessThan(400);
  });
});
