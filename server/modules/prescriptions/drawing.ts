// The prescriber's sketch, as stored: decoded in full on the way in (a PNG that only starts like
// one, or claims 60000×60000 pixels, is refused here instead of exploding in the PDF renderer
// later), flattened onto white and written again as plain 8-bit RGB without transparency or
// interlacing, which pdfkit embeds as it is instead of decoding it on every print.
import { PNG } from 'pngjs';
import { AppError, ErrorCode } from '../../errors.js';

/** A whiteboard canvas is a few hundred pixels; 2000 on a side is more than any screen draws. */
export const MAX_SKETCH_SIDE = 2_000;
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const refuse = (why: string) => new AppError(400, ErrorCode.VALIDATION_FAILED, `drawing ${why}`, { field: 'drawing' });

/** The stored form (base64 of a clean RGB PNG) of a PNG data URL; 400 when it is not a usable PNG. */
export function cleanSketch(dataUrl: string): string {
  const bytes = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
  // The header first: the size is known before a single pixel is inflated.
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(SIGNATURE) || bytes.toString('latin1', 12, 16) !== 'IHDR')
    throw refuse('is not a PNG image');
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  if (width < 1 || height < 1 || width > MAX_SKETCH_SIDE || height > MAX_SKETCH_SIDE)
    throw refuse(`must be at most ${MAX_SKETCH_SIDE}×${MAX_SKETCH_SIDE} pixels`);
  let image: PNG;
  try {
    image = PNG.sync.read(bytes);
  } catch {
    throw refuse('is not a readable PNG image');
  }
  const rgba = image.data;
  // Over white: what the sketch looks like on paper.
  for (let i = 0; i < rgba.length; i += 4) {
    const alpha = rgba[i + 3]! / 255;
    for (let c = 0; c < 3; c++) rgba[i + c] = Math.round(rgba[i + c]! * alpha + 255 * (1 - alpha));
    rgba[i + 3] = 255;
  }
  const clean = PNG.sync.write(image, { colorType: 2, inputColorType: 6, inputHasAlpha: true, bitDepth: 8 });
  return clean.toString('base64');
}
