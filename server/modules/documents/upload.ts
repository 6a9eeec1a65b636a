// Reads the multipart upload of POST /api/patients/:id/documents as it streams: the text fields
// first (each known, once, within its size), checked against UploadFields, then the one `file`
// part, handed to `store` while it is still arriving. Whatever is refused, the rest of the
// request is read and dropped, so that the client can finish sending and read
// the answer, and memory holds at most one chunk of it.
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

/**
 * Reads and drops what is left of a refused upload, so the client can finish sending and read the
 * answer, holding one chunk at a time. The request is taken from the multipart parser and left to
 * flow to nowhere (the parser would otherwise wait for someone to read the parts that follow).
 */
function drain(request: FastifyRequest, current?: IncomingFile['stream']): void {
  current?.on('error', () => {});
  const raw = request.raw;
  raw.unpipe();
  raw.on('error', () => {});
  raw.resume();
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
