// The sketch is decoded and re-encoded on the way in: a PNG that would make the PDF renderer throw
// outside any catch (bad deflate data) or allocate gigabytes (a huge declared size) never gets stored.
import { deflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { cleanSketch, MAX_SKETCH_SIDE } from './drawing.js';
import { renderPrescriptionPdf } from './pdf.js';

const dataUrl = (bytes: Buffer) => `data:image/png;base64,${bytes.toString('base64')}`;

/** A PNG by hand: signature, IHDR of the given size (RGBA), one IDAT with `idat`, IEND (CRCs are not checked by the header read). */
function handmadePng(width: number, height: number, idat: Buffer): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    return Buffer.concat([length, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function canvasSketch(): Buffer {
  const png = new PNG({ width: 40, height: 30 });
  png.data.fill(0); // transparent, as a canvas starts
  for (let x = 0; x < 40; x++) png.data.set([0, 0, 255, 255], (15 * 40 + x) * 4); // a blue line
  return PNG.sync.write(png);
}

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof AppError ? { status: err.statusCode, field: err.details?.field } : err;
  }
  return null;
};

describe('the stored sketch', () => {
  it('is the same picture over white, as plain RGB without transparency', () => {
    const stored = PNG.sync.read(Buffer.from(cleanSketch(dataUrl(canvasSketch())), 'base64'));
    expect([stored.width, stored.height]).toEqual([40, 30]);
    expect([...stored.data.subarray(0, 4)]).toEqual([255, 255, 255, 255]); // transparent became white
    expect([...stored.data.subarray((15 * 40 + 3) * 4, (15 * 40 + 3) * 4 + 4)]).toEqual([0, 0, 255, 255]);
    const raw = Buffer.from(cleanSketch(dataUrl(canvasSketch())), 'base64');
    expect(raw[25]).toBe(2); // IHDR colour type: RGB, no alpha
    expect(raw[28]).toBe(0); // not interlaced
  });

  it('refuses what is not a PNG, a PNG too large, and one whose pixels do not inflate', () => {
    expect(refusal(() => cleanSketch('data:image/png;base64,aGVsbG8='))).toEqual({ status: 400, field: 'drawing' });
    const huge = handmadePng(60_000, 60_000, deflateSync(Buffer.alloc(10)));
    expect(refusal(() => cleanSketch(dataUrl(huge)))).toEqual({ status: 400, field: 'drawing' });
    const justOver = handmadePng(MAX_SKETCH_SIDE + 1, 10, deflateSync(Buffer.alloc(10)));
    expect(refusal(() => cleanSketch(dataUrl(justOver)))).toEqual({ status: 400, field: 'drawing' });
    const badDeflate = handmadePng(100, 100, Buffer.from('not deflate data at all'));
    expect(refusal(() => cleanSketch(dataUrl(badDeflate)))).toEqual({ status: 400, field: 'drawing' });
  });

  it('prints in a PDF', async () => {
    const drawing = Buffer.from(cleanSketch(dataUrl(canvasSketch())), 'base64');
    const pdf = await renderPrescriptionPdf(
      {
        number: 'RX-2026-000001',
        status: 'draft',
        issuedAt: null,
        validUntil: null,
        clinic: { name: 'Clinic', address: '1 Street', phone: '+1 555 0100', timeZone: 'UTC' },
        doctor: { name: 'Dr. A B', licenseNumber: 'L-1' },
        patient: { name: 'C D', dateOfBirth: '1990-01-01' },
        items: [],
        refills: 0,
        testsOrdered: [],
        drawing,
        verifyUrl: null,
        signatureFingerprint: null,
      },
      'A4',
    );
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
