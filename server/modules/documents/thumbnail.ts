// A small PNG preview (at most 256 px on its longer side) of PNG and JPEG documents, kept as a
// second GridFS file. A preview is a convenience: an image jimp cannot read, or one too large to
// decode safely, keeps its document without one.
import { Jimp } from 'jimp';
import type { DocumentMime } from './sniff.js';

export const THUMBNAIL_PX = 256;
/** Decoding takes 4 bytes a pixel: above this (about 160 MB of bitmap) no preview is made. */
const MAX_PIXELS = 40_000_000;

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

/** The preview as PNG bytes, or null when this image gets none. */
export async function makeThumbnail(bytes: Buffer, mime: DocumentMime): Promise<Buffer | null> {
  if (mime !== 'image/png' && mime !== 'image/jpeg') return null;
  const size = imageSize(bytes, mime);
  if (!size || size.width * size.height > MAX_PIXELS) return null;
  try {
    const image = await Jimp.read(bytes);
    if (image.width > THUMBNAIL_PX || image.height > THUMBNAIL_PX) image.scaleToFit({ w: THUMBNAIL_PX, h: THUMBNAIL_PX });
    return await image.getBuffer('image/png');
  } catch {
    return null;
  }
}
