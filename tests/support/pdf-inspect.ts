// Reads back what a generated PDF shows, for tests: the pixels of every embedded image (to scan a QR
// code with jsQR) and the text of every page. pdf-lib parses the file; the streams are inflated and
// decoded here, because pdf-lib does not undo PNG predictors and pdfkit writes text with embedded
// fonts as glyph numbers, readable only through each font's ToUnicode map.
// Handles what pdfkit writes for 8-bit PNGs (FlateDecode, PNG predictors, DeviceRGB or DeviceGray, an SMask),
// not every PDF: anything else throws, so a test never passes on an image it could not read.
import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, type PDFObject, PDFRawStream } from 'pdf-lib';

export interface PdfImage {
  page: number; // 0-based
  width: number;
  height: number;
  /** Pixels composited over white, 4 bytes each, as jsQR and canvas take them. */
  rgba: Uint8ClampedArray;
}

const name = (key: string) => PDFName.of(key);

/** pdf-lib's typed lookup knows PDFStream but not the raw streams it actually parses to. */
function rawStream(doc: { context: PDFDocument['context'] }, ref: PDFObject | undefined): PDFRawStream {
  const object = ref ? doc.context.lookup(ref) : undefined;
  if (!(object instanceof PDFRawStream)) throw new Error(`expected a stream, found ${String(object)}`);
  return object;
}

function num(dict: PDFDict, key: string): number | undefined {
  return dict.lookupMaybe(name(key), PDFNumber)?.asNumber();
}

/** The stream's bytes with its filters undone (FlateDecode only; pdfkit uses nothing else). */
function streamBytes(stream: PDFRawStream): Buffer {
  const filter = stream.dict.lookup(name('Filter'));
  const filters = filter instanceof PDFArray ? filter.asArray() : filter ? [filter] : [];
  let bytes = Buffer.from(stream.contents);
  for (const each of filters) {
    if (!(each instanceof PDFName) || each.asString() !== '/FlateDecode') throw new Error(`unsupported filter ${String(each)}`);
    bytes = inflateSync(bytes);
  }
  return bytes;
}

/** Undoes the PNG row filters (Predictor 10–15): each row starts with its filter type byte. */
function undoPngPredictor(data: Buffer, rowBytes: number, bytesPerPixel: number): Buffer {
  const rows = Math.floor(data.length / (rowBytes + 1));
  const out = Buffer.alloc(rows * rowBytes);
  for (let row = 0; row < rows; row++) {
    const type = data[row * (rowBytes + 1)]!;
    const src = row * (rowBytes + 1) + 1;
    const dst = row * rowBytes;
    for (let i = 0; i < rowBytes; i++) {
      const left = i >= bytesPerPixel ? out[dst + i - bytesPerPixel]! : 0;
      const up = row > 0 ? out[dst - rowBytes + i]! : 0;
      const upLeft = row > 0 && i >= bytesPerPixel ? out[dst - rowBytes + i - bytesPerPixel]! : 0;
      let predicted = 0;
      if (type === 1) predicted = left;
      else if (type === 2) predicted = up;
      else if (type === 3) predicted = (left + up) >> 1;
      else if (type === 4) {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        predicted = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      } else if (type !== 0) throw new Error(`unknown PNG row filter ${type}`);
      out[dst + i] = (data[src + i]! + predicted) & 0xff;
    }
  }
  return out;
}

/** The bytes of an 8-bit image stream, one per component, row by row. */
function imageSamples(stream: PDFRawStream, colors: number): { samples: Buffer; width: number; height: number } {
  const dict = stream.dict;
  const width = num(dict, 'Width')!;
  const height = num(dict, 'Height')!;
  const bits = num(dict, 'BitsPerComponent');
  if (bits !== 8) throw new Error(`unsupported BitsPerComponent ${bits}`);
  const rowBytes = width * colors;
  let data = streamBytes(stream);
  const parms = dict.lookupMaybe(name('DecodeParms'), PDFDict);
  const predictor = parms ? (num(parms, 'Predictor') ?? 1) : 1;
  if (predictor >= 10) data = undoPngPredictor(data, rowBytes, colors);
  else if (predictor !== 1) throw new Error(`unsupported predictor ${predictor}`);
  if (data.length < rowBytes * height) throw new Error('image stream shorter than its size');
  return { samples: data, width, height };
}

function decodeImage(stream: PDFRawStream, page: number): PdfImage {
  const colorSpace = stream.dict.lookup(name('ColorSpace'));
  let colors: number;
  let toRgb: (pixel: Buffer) => number[];
  if (colorSpace instanceof PDFName && colorSpace.asString() === '/DeviceRGB') {
    colors = 3;
    toRgb = (pixel) => [...pixel];
  } else if (colorSpace instanceof PDFName && colorSpace.asString() === '/DeviceGray') {
    colors = 1;
    toRgb = ([gray]) => [gray!, gray!, gray!];
  } else throw new Error(`unsupported colour space ${String(colorSpace)}`);
  const { samples, width, height } = imageSamples(stream, colors);
  const smaskRef = stream.dict.get(name('SMask'));
  const alpha = smaskRef ? imageSamples(rawStream(stream.dict, smaskRef), 1).samples : null;
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const rgb = toRgb(samples.subarray(i * colors, (i + 1) * colors));
    const a = alpha ? alpha[i]! / 255 : 1;
    for (let c = 0; c < 3; c++) rgba[i * 4 + c] = rgb[c]! * a + 255 * (1 - a);
    rgba[i * 4 + 3] = 255;
  }
  return { page, width, height, rgba };
}

/** Every image XObject drawn on each page (pdfkit puts images straight in the page's resources). */
export async function pdfImages(bytes: Uint8Array): Promise<PdfImage[]> {
  const doc = await PDFDocument.load(bytes);
  const images: PdfImage[] = [];
  doc.getPages().forEach((page, index) => {
    const xobjects = page.node.Resources()?.lookupMaybe(name('XObject'), PDFDict);
    for (const [, ref] of xobjects?.entries() ?? []) {
      const stream = rawStream(doc, ref);
      if (stream.dict.lookupMaybe(name('Subtype'), PDFName)?.asString() === '/Image') images.push(decodeImage(stream, index));
    }
  });
  return images;
}

/** Code → text from a ToUnicode CMap as pdfkit writes it (bfrange arrays and bfchar lines). */
function toUnicodeMap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const utf16 = (hex: string) => String.fromCharCode(...(hex.replace(/\s+/g, '').match(/.{4}/g) ?? []).map((h) => Number.parseInt(h, 16)));
  for (const [, start, , targets] of cmap.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*\[([^\]]*)\]/g)) {
    let code = Number.parseInt(start!, 16);
    for (const [, hex] of targets!.matchAll(/<([0-9a-fA-F\s]*)>/g)) map.set(code++, utf16(hex!));
  }
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, code, hex] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F\s]+)>/g))
      map.set(Number.parseInt(code!, 16), utf16(hex!));
  }
  return map;
}

/** The text of each page, one line per text-showing operator, decoded through the fonts' ToUnicode maps. */
export async function pdfText(bytes: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(bytes);
  return doc.getPages().map((page) => {
    const fonts = new Map<string, Map<number, string>>();
    const fontDict = page.node.Resources()?.lookupMaybe(name('Font'), PDFDict);
    for (const [key, ref] of fontDict?.entries() ?? []) {
      const font = doc.context.lookup(ref, PDFDict);
      const toUnicode = font.get(name('ToUnicode'));
      if (toUnicode) fonts.set(key.asString().slice(1), toUnicodeMap(streamBytes(rawStream(doc, toUnicode)).toString('latin1')));
    }
    const contents: PDFObject | undefined = page.node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => rawStream(doc, ref)) : [contents as PDFRawStream];
    const content = streams.map((stream) => streamBytes(stream).toString('latin1')).join('\n');
    const lines: string[] = [];
    let font = new Map<number, string>();
    for (const [, fontName, array] of content.matchAll(/\/([A-Za-z0-9]+)\s+[\d.]+\s+Tf|\[((?:[^\]]|\n)*?)\]\s*TJ/g)) {
      if (fontName) {
        font = fonts.get(fontName) ?? new Map();
        continue;
      }
      const hexes = [...array!.matchAll(/<([0-9a-fA-F]*)>/g)].map(([, hex]) => hex!);
      lines.push(
        hexes.map((hex) => (hex.match(/.{4}/g) ?? []).map((code) => font.get(Number.parseInt(code, 16)) ?? '\uFFFD').join('')).join(''),
      );
    }
    return lines.join('\n');
  });
}
