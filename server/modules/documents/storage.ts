// The bytes of documents in GridFS (bucket `documents`: documents.files, documents.chunks), written
// as they arrive and never held whole: the first SNIFF_BYTES decide the type before anything is
// stored, SHA-256 and the size are computed on the way, and on any failure (a refused type, a file
// over the limit, a client that went away, a store error) the partial file's chunks are deleted.
// Each chunk is written and acknowledged before the next is read, so when the upload is aborted no
// chunk insert is still in flight to land after the clean-up (GridFSBucketWriteStream.abort).
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { type Db, GridFSBucket, type GridFSBucketWriteStream } from 'mongodb';
import { AppError, badRequest, ErrorCode } from '../../errors.js';
import { type DocumentMime, SNIFF_BYTES, sniff, TextChecker } from './sniff.js';

export const BUCKET = 'documents';

export const bucketOf = (db: Db) => new GridFSBucket(db, { bucketName: BUCKET });

export interface StoredFile {
  mime: DocumentMime;
  size: number;
  sha256: string;
}

/** The uploaded file part as the upload reader hands it over: busboy's stream, truncated at the limit. */
export interface IncomingFile {
  stream: Readable & { truncated?: boolean };
}

export const tooLarge = (max: number) => new AppError(413, ErrorCode.FILE_TOO_LARGE, `The file is larger than ${max} bytes`);
const unsupported = () =>
  new AppError(415, ErrorCode.UNSUPPORTED_FILE_TYPE, 'Only PDF, PNG, JPEG, DICOM and plain text (UTF-8) files are accepted');

function write(upload: GridFSBucketWriteStream, chunk: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => upload.write(chunk, (err) => (err ? reject(err) : resolve())));
}
function finish(upload: GridFSBucketWriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    upload.once('error', reject);
    upload.end(() => resolve());
  });
}

/**
 * Streams `file` into GridFS under `fileId`. Refuses (and stores nothing of) a file that is empty,
 * of a type outside the allow-list, or larger than `maxBytes`.
 */
export async function storeFile(db: Db, fileId: string, filename: string, file: IncomingFile, maxBytes: number): Promise<StoredFile> {
  const iterator = file.stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const checkLimit = () => {
    if (file.stream.truncated) throw tooLarge(maxBytes);
  };
  // The parser says 'limit' the moment the file passes maxBytes, then skips the rest of the part
  // without ending the stream: waiting for the next chunk would wait for the whole upload.
  let overLimit: () => void = () => {};
  const limited = new Promise<never>((_resolve, reject) => {
    overLimit = () => reject(tooLarge(maxBytes));
  });
  limited.catch(() => {});
  file.stream.once('limit', overLimit);
  const chunks = { next: () => Promise.race([iterator.next(), limited]) };

  // 1. The head: nothing is stored until the bytes say what the file is.
  const head: Buffer[] = [];
  let headBytes = 0;
  let ended = false;
  while (headBytes < SNIFF_BYTES) {
    const next = await chunks.next();
    if (next.done) {
      ended = true;
      break;
    }
    head.push(next.value);
    headBytes += next.value.length;
    checkLimit();
  }
  if (headBytes === 0) throw badRequest('The file is empty');
  const mime = await sniff(Buffer.concat(head));
  if (!mime) throw unsupported();

  // 2. The bytes, hashed and (for text) checked as they go.
  const hash = createHash('sha256');
  const text = mime === 'text/plain' ? new TextChecker() : null;
  const upload = bucketOf(db).openUploadStreamWithId(fileId as never, filename, { metadata: { mimeType: mime } });
  upload.on('error', () => {}); // reported through the write callbacks
  let size = 0;
  const take = async (chunk: Buffer) => {
    if (text && !text.push(chunk)) throw unsupported();
    hash.update(chunk);
    size += chunk.length;
    await write(upload, chunk);
  };
  try {
    for (const chunk of head) await take(chunk);
    while (!ended) {
      const next = await chunks.next();
      if (next.done) break;
      checkLimit();
      await take(next.value);
    }
    checkLimit();
    if (text && !text.end()) throw unsupported();
    await finish(upload);
  } catch (err) {
    await upload.abort().catch(() => {});
    throw err;
  }
  return { mime, size, sha256: hash.digest('hex') };
}

/** Removes a stored file (its files document and chunks); quiet when it is not there. */
export async function removeFile(db: Db, fileId: string): Promise<void> {
  await bucketOf(db)
    .delete(fileId as never)
    .catch(() => db.collection(`${BUCKET}.chunks`).deleteMany({ files_id: fileId }));
}

/** Reads a stored file whole (thumbnails only; the caller bounds its size). */
export async function readWhole(db: Db, fileId: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of bucketOf(db).openDownloadStream(fileId as never)) parts.push(part as Buffer);
  return Buffer.concat(parts);
}
