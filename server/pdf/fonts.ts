// The font every PDF of the hub is set in (prescriptions, invoices, receipts).
// pdfkit's built-in Helvetica only covers WinAnsi (no Ł, Greek or Cyrillic), so every text is set in
// DejaVu Sans from the @fontsource/dejavu-sans package (the whole font, not a Latin subset, despite
// the file names); it is read from node_modules once per process, never downloaded.
// The package ships WOFF only, and fontkit inflates WOFF tables in pure JavaScript on every document
// (3.5 s a prescription); unpacked once to a plain TrueType file here, a render takes milliseconds.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);

export interface PrintFonts {
  regular: Buffer;
  bold: Buffer;
}

let fonts: PrintFonts | undefined;

export function printFonts(): PrintFonts {
  const load = (file: string) => woffToSfnt(readFileSync(require.resolve(`@fontsource/dejavu-sans/files/${file}`)));
  fonts ??= { regular: load('dejavu-sans-latin-400-normal.woff'), bold: load('dejavu-sans-latin-700-normal.woff') };
  return fonts;
}

/**
 * A WOFF 1.0 font back to the TrueType/OpenType file it wraps (W3C WOFF spec, section 5): the same
 * tables, each inflated when its compressed length is below its original length, 4-byte aligned.
 */
function woffToSfnt(woff: Buffer): Buffer {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') throw new Error('not a WOFF 1.0 font');
  const flavor = woff.readUInt32BE(4);
  const count = woff.readUInt16BE(12);
  const tables = Array.from({ length: count }, (_, i) => {
    const entry = 44 + i * 20;
    const offset = woff.readUInt32BE(entry + 4);
    const compressed = woff.readUInt32BE(entry + 8);
    const original = woff.readUInt32BE(entry + 12);
    const stored = woff.subarray(offset, offset + compressed);
    return {
      tag: woff.subarray(entry, entry + 4),
      checksum: woff.readUInt32BE(entry + 16),
      data: compressed < original ? inflateSync(stored) : stored,
    };
  });
  // The binary-search fields of the sfnt header: the largest power of two not above the table count.
  const power = 2 ** Math.floor(Math.log2(count));
  const header = Buffer.alloc(12 + 16 * count);
  header.writeUInt32BE(flavor, 0);
  header.writeUInt16BE(count, 4);
  header.writeUInt16BE(power * 16, 6);
  header.writeUInt16BE(Math.log2(power), 8);
  header.writeUInt16BE(count * 16 - power * 16, 10);
  const parts: Buffer[] = [header];
  let offset = header.length;
  tables.forEach((table, i) => {
    table.tag.copy(header, 12 + i * 16);
    header.writeUInt32BE(table.checksum, 12 + i * 16 + 4);
    header.writeUInt32BE(offset, 12 + i * 16 + 8);
    header.writeUInt32BE(table.data.length, 12 + i * 16 + 12);
    const padded = Buffer.alloc(Math.ceil(table.data.length / 4) * 4);
    table.data.copy(padded);
    parts.push(padded);
    offset += padded.length;
  });
  return Buffer.concat(parts);
}

/** A parsed font as pdfkit holds it (a fontkit face): pdfkit takes one wherever it takes a font file. */
interface Face {
  layout: unknown;
  hasGlyphForCodePoint(codePoint: number): boolean;
}

let faces: { regular: Face; bold: Face } | undefined;

/**
 * The bundled fonts parsed once per process. Given the file bytes, pdfkit parses the 700 kB face
 * again for every document (some 40 ms a font, most of a render's time); given the parsed face, it
 * only subsets it. pdfkit parses with the fontkit it bundles, so a throwaway document parses them.
 */
export function printFaces(): { regular: Face; bold: Face } {
  if (!faces) {
    const fonts = printFonts();
    const probe = new PDFDocument({ autoFirstPage: false });
    const parse = (bytes: Buffer) => {
      probe.font(bytes);
      return (probe as unknown as { _font: { font: Face } })._font.font;
    };
    faces = { regular: parse(fonts.regular), bold: parse(fonts.bold) };
  }
  return faces;
}
