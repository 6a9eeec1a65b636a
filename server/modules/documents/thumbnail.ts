// A small PNG preview (at most 256 px on its longer side) of PNG and JPEG documents, kept as a
// second GridFS file. A preview is a convenience: an image that cannot be read, or that would be
// costly to decode, keeps its document without one.
// Decoding is done in a worker thread, one at a time per process, with a deadline: a large image
// never blocks the event loop that serves every request and socket, and a decompression bomb (a
// few hundred bytes declaring a huge frame) is refused before decoding by its declared size and
// its pixels per byte of file.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { DocumentMime } from './sniff.js';

export const THUMBNAIL_PX = 256;
/** Decoding takes 4 bytes a pixel: above this (64 MB of bitmap) no preview is made. */
const MAX_PIXELS = 16_000_000;
/** A real photo or scan holds a pixel in well under a byte of file; 256 pixels a byte is a bomb. */
const MAX_PIXELS_PER_BYTE = 256;
/** A decode that takes longer than this is stopped (the worker is terminated). */
const DEADLINE_MS = 10_000;

/** Width and height from a PNG's IHDR or a JPEG's first SOFn marker; null when they cannot be read. */
export function imageSize(bytes: Buffer, mime: DocumentMime): { width: number; height: number } | null {
  if (mime === 'image/png') return bytes.length >= 24 ? { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) } : null;
  if (mime !== 'image/jpeg') return null;
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at++;
      continue;
    }
    const length = bytes.readUInt16BE(at + 2);
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame's size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
    at += 2 + length;
  }
  return null;
}

/** Whether an image of this declared size and file length is worth (and safe) decoding. */
export function decodable(size: { width: number; height: number } | null, fileBytes: number): boolean {
  if (!size || size.width < 1 || size.height < 1) return false;
  const pixels = size.width * size.height;
  return pixels <= MAX_PIXELS && pixels <= fileBytes * MAX_PIXELS_PER_BYTE;
}

// The worker's code: jimp (its CommonJS build, resolved here) reads, scales and writes the PNG.
const JIMP = createRequire(import.meta.url).resolve('jimp');
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { Jimp } = require(workerData.jimp);
(async () => {
  const image = await Jimp.read(Buffer.from(workerData.bytes));
  const px = workerData.px;
  if (image.width > px || image.height > px) image.scaleToFit({ w: px, h: px });
  const png = await image.getBuffer('image/png');
  parentPort.postMessage(png);
})().catch(() => parentPort.postMessage(null));
`;

/** One decode at a time in this process: several large uploads queue instead of multiplying memory. */
let queue: Promise<unknown> = Promise.resolve();

function decodeInWorker(bytes: Buffer): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER, {
      eval: true,
      workerData: { jimp: JIMP, bytes, px: THUMBNAIL_PX },
      resourceLimits: { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 64 },
    });
    const done = (png: Buffer | null) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(png);
    };
    const timer = setTimeout(() => done(null), DEADLINE_MS);
    worker.once('message', (png: Uint8Array | null) => done(png ? Buffer.from(png) : null));
    worker.once('error', () => done(null));
    worker.once('exit', () => done(null));
  });
}

/** The preview as PNG bytes, or null when this image gets none. */
export async function makeThumbnail(bytes: Buffer, mime: DocumentMime): Promise<Buffer | null> {
  if (mime !== 'image/png' && mime !== 'image/jpeg') return null;
  if (!decodable(imageSize(bytes, mime), bytes.length)) return null;
  const turn = queue.then(() => decodeInWorker(bytes));
  queue = turn.catch(() => null);
  return turn;
}
