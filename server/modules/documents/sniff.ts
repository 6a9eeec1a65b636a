// What a document is, read from its bytes and never from its name or declared Content-Type: a
// file called report.pdf that starts with "MZ" is a Windows program and is refused.
// Accepted: PDF, PNG, JPEG, DICOM (file-type's signatures) and plain text, i.e. UTF-8 without
// control characters other than tab, CR, LF and form feed, checked over every byte as it streams.
import { fileTypeFromBuffer } from 'file-type';

export type DocumentMime = 'application/pdf' | 'image/png' | 'image/jpeg' | 'application/dicom' | 'text/plain';

const SIGNED: ReadonlyMap<string, { mime: DocumentMime; ext: string }> = new Map([
  ['application/pdf', { mime: 'application/pdf', ext: 'pdf' }],
  ['image/png', { mime: 'image/png', ext: 'png' }],
  ['image/jpeg', { mime: 'image/jpeg', ext: 'jpg' }],
  ['application/dicom', { mime: 'application/dicom', ext: 'dcm' }],
]);

export const EXTENSION: Record<DocumentMime, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'application/dicom': 'dcm',
  'text/plain': 'txt',
};

/** Enough bytes for every signature file-type knows (its own "reasonable detection size"). */
export const SNIFF_BYTES = 4100;

/** The accepted type of a file starting with `head` (the whole file when shorter), or null. */
export async function sniff(head: Uint8Array): Promise<DocumentMime | null> {
  const found = await fileTypeFromBuffer(head);
  if (found) return SIGNED.get(found.mime)?.mime ?? null;
  const text = new TextChecker();
  return text.push(head) ? 'text/plain' : null;
}

// C0 controls except \t \n \f \r, and DEL.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;

/**
 * Checks a text file chunk by chunk: every chunk must continue valid UTF-8 (a character split
 * between chunks is fine) without control characters; `end()` checks nothing was left half-way.
 */
export class TextChecker {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  push(chunk: Uint8Array): boolean {
    try {
      return !CONTROL.test(this.decoder.decode(chunk, { stream: true }));
    } catch {
      return false;
    }
  }

  end(): boolean {
    try {
      return this.decoder.decode() === '';
    } catch {
      return false;
    }
  }
}

/** A file name safe in a Content-Disposition header: ASCII letters, digits, dot, dash, underscore; the sniffed extension. */
export function safeFilename(given: string | undefined, mime: DocumentMime, fallback: string): string {
  const stem = (given ?? '')
    .replace(/\.[^.]*$/, '')
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80);
  return `${stem || fallback}.${EXTENSION[mime]}`;
}
