// Reads the multipart upload of POST /api/patients/:id/documents as it streams: the text fields
// first (each known, once, within its size), checked against UploadFields, then the one `file`
// part, handed to `store` while it is still arriving. Whatever is refused, a little more of the
// request is read and dropped (DRAIN_MAX_BYTES, DRAIN_MAX_MS), so that a client still sending can
// read the answer, and then the connection is closed: a refused upload costs the hub at most that
// much more reading, never the rest of a multi-gigabyte body. The whole request is bounded too:
// a declared Content-Length beyond the file limit plus the form's overhead is refused before any
// byte is read, and a chunked one stops being read at that size.
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppError, badRequest, ErrorCode } from '../../errors.js';
import { makeAjv } from '../../plugins/validation.js';
import { UPLOAD_FIELD_NAMES, UploadFields } from './schemas.js';
import { type IncomingFile, tooLarge } from './storage.js';

const checkFields = makeAjv({ coerceTypes: false }).compile<UploadFields>(UploadFields);

/** Fastify-multipart's own refusals, in the contract's codes. */
function translate(err: unknown, maxBytes: number): unknown {
  const code = (err as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge(maxBytes);
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT')
    return badRequest('Send the fields type, title, recordDate, tags, shareWithPatient, appointmentId (each once) and one file');
  if (code === 'FST_PROTO_VIOLATION' || code === 'FST_INVALID_JSON_FIELD_ERROR') return badRequest('A field of the form is not allowed');
  if (code === 'FST_MP_PREMATURE_CLOSE' || (err instanceof Error && /multipart|terminated early/i.test(err.message)))
    return badRequest('The upload ended before the form was complete');
  return err;
}

/** What the form may add to the file: the fields (each at most 2 KiB) and the parts' headers. */
export const FORM_OVERHEAD_BYTES = 64 * 1024;
/** After a refusal, how much more is read (and dropped) before the connection is closed. */
export const DRAIN_MAX_BYTES = 1024 * 1024;
export const DRAIN_MAX_MS = 2_000;

/**
 * Reads and drops a little of what is left of a refused upload, so a client still sending can read
 * the answer, holding one chunk at a time; then closes the connection. The request is taken from
 * the multipart parser (which would otherwise wait for someone to read the parts that follow).
 */
function drain(request: FastifyRequest, current?: IncomingFile['stream']): void {
  current?.on('error', () => {});
  const raw = request.raw;
  raw.unpipe();
  raw.on('error', () => {});
  if (raw.readableEnded) return;
  let read = 0;
  const stop = () => {
    clearTimeout(timer);
    raw.off('data', count);
    raw.socket?.destroySoon();
  };
  const count = (chunk: Buffer) => {
    read += chunk.length;
    if (read > DRAIN_MAX_BYTES) stop();
  };
  const timer = setTimeout(stop, DRAIN_MAX_MS);
  timer.unref();
  raw.on('data', count);
  raw.once('end', () => clearTimeout(timer));
  raw.resume();
}

/**
 * Bounds the whole request at `maxBytes` plus the form's overhead: a declared length beyond it is
 * refused at once; a chunked body is counted as it arrives and no longer read past it.
 */
function boundRequest(request: FastifyRequest, maxBytes: number): void {
  const cap = maxBytes + FORM_OVERHEAD_BYTES;
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > cap) {
    drain(request);
    throw tooLarge(maxBytes);
  }
  let read = 0;
  const count = (chunk: Buffer) => {
    read += chunk.length;
    if (read <= cap) return;
    // Stop reading. A file over the limit is being refused already (413, then drain closes the
    // connection); bytes outside the parts (a huge preamble) leave the parser waiting: close.
    request.raw.off('data', count);
    request.raw.unpipe();
    request.raw.pause();
    setTimeout(() => request.raw.socket?.destroy(), DRAIN_MAX_MS + 1_000).unref();
  };
  request.raw.on('data', count);
}

export interface UploadPart {
  fields: UploadFields;
  filename: string | undefined;
  file: IncomingFile;
}

/**
 * Runs `store` on the upload's file once its fields are read and valid; `discard` undoes a stored
 * file when something follows it in the form (fields must come first, and one file only).
 */
export async function readUpload<T>(
  request: FastifyRequest,
  maxBytes: number,
  store: (upload: UploadPart) => Promise<T>,
  discard: (stored: T) => Promise<void>,
): Promise<T> {
  if (!request.isMultipart())
    throw new AppError(415, ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Send the document as multipart/form-data (the fields, then the file)');
  // A client gone during the access check: its 'close' has been and gone, and the parser would wait forever.
  if (request.raw.destroyed) throw badRequest('The upload ended before the form was complete');
  boundRequest(request, maxBytes);
  const limits = {
    fieldNameSize: 64,
    fieldSize: 2048,
    fields: UPLOAD_FIELD_NAMES.length,
    files: 1,
    parts: UPLOAD_FIELD_NAMES.length + 1,
    headerPairs: 20,
    fileSize: maxBytes,
  };
  // throwFileSizeLimit: storage.ts sees `truncated` and answers 413 itself, after aborting the upload.
  const options = { limits, throwFileSizeLimit: false } as Parameters<FastifyRequest['parts']>[0];
  const parts = request.parts(options)[Symbol.asyncIterator]();
  const given: Record<string, string> = {};
  let current: MultipartFile | undefined;
  let stored: { value: T } | undefined;
  try {
    for (let next = await parts.next(); !next.done; next = await parts.next()) {
      const part = next.value;
      if (stored) throw badRequest('The file must be the last part of the form, and the only file');
      if (part.type === 'field') {
        if (!UPLOAD_FIELD_NAMES.includes(part.fieldname))
          throw badRequest(`Unknown field; the form takes ${UPLOAD_FIELD_NAMES.join(', ')} and file`);
        if (part.fieldname in given) throw badRequest(`The field ${part.fieldname} is given twice`);
        if (part.valueTruncated || typeof part.value !== 'string') throw badRequest(`The field ${part.fieldname} is too long`);
        given[part.fieldname] = part.value;
        continue;
      }
      current = part;
      if (part.fieldname !== 'file') throw badRequest('The file part must be named "file"');
      if (!checkFields(given)) {
        const issue = checkFields.errors?.[0];
        const field = issue?.instancePath.slice(1) || String(issue?.params?.missingProperty ?? '');
        throw new AppError(
          400,
          ErrorCode.VALIDATION_FAILED,
          `The field ${field || 'of the form'} ${issue?.message ?? 'is not valid'}`,
          field ? { field } : undefined,
        );
      }
      stored = { value: await store({ fields: given as UploadFields, filename: part.filename || undefined, file: { stream: part.file } }) };
      current = undefined;
    }
  } catch (err) {
    if (stored) await discard(stored.value);
    drain(request, current?.file);
    throw translate(err, maxBytes);
  }
  if (!stored) throw badRequest('The form has no file (a part named "file" after the fields)');
  return stored.value;
}
