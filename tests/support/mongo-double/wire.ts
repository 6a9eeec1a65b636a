/**
 * MongoDB wire protocol framing and message encoding.
 *
 * Only what the official Node driver (v7) sends to a standalone server is
 * implemented:
 *  - OP_QUERY (2004): the very first handshake (`isMaster`/`hello` on
 *    `admin.$cmd`) is sent this way when no Stable API version is set.
 *    We answer with OP_REPLY (1).
 *  - OP_MSG (2013): everything else. A kind-0 section carries the command
 *    body; kind-1 sections carry document sequences (the driver puts
 *    insert `documents`, update `updates` and delete `deletes` there).
 * OP_COMPRESSED is not supported; we never advertise compression, so the
 * driver never sends it.
 *
 * Reference: https://www.mongodb.com/docs/manual/reference/mongodb-wire-protocol/
 */
import { BSON, type Document } from 'bson';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_COMPRESSED = 2012;
export const OP_MSG = 2013;

/** OP_MSG flagBits. */
export const MSG_CHECKSUM_PRESENT = 1 << 0;
export const MSG_MORE_TO_COME = 1 << 1;
export const MSG_EXHAUST_ALLOWED = 1 << 16;

/** Standard 16-byte message header. */
export interface MsgHeader {
  messageLength: number;
  requestId: number;
  responseTo: number;
  opCode: number;
}

/** A decoded request, reduced to "a command document for a database". */
export interface ParsedRequest {
  header: MsgHeader;
  /** Database the command targets (`$db` for OP_MSG, prefix of `db.$cmd` for OP_QUERY). */
  db: string;
  /** The command body with document sequences merged in as array fields. */
  command: Document;
  /** OP_MSG moreToCome: the client expects no reply (w:0 writes). */
  moreToCome: boolean;
  /** Whether the reply must be an OP_REPLY (legacy OP_QUERY) instead of OP_MSG. */
  legacy: boolean;
}

/**
 * Deserialisation options used for every incoming document.
 *
 * promoteValues/promoteLongs turn Int32/Double/safe Int64 into JS numbers,
 * exactly as the driver does when it reads replies, so mingo's comparisons
 * (which know JS numbers but not bson.Long) behave like MongoDB's numeric
 * comparisons. Int64 values beyond 2^53 stay bson.Long. ObjectId, Date,
 * Decimal128, Binary and Timestamp keep their bson classes.
 */
export const DESERIALIZE_OPTIONS = {
  promoteValues: true,
  promoteLongs: true,
  promoteBuffers: false,
  bsonRegExp: false,
} as const;

export function readHeader(buf: Buffer, offset = 0): MsgHeader {
  return {
    messageLength: buf.readInt32LE(offset),
    requestId: buf.readInt32LE(offset + 4),
    responseTo: buf.readInt32LE(offset + 8),
    opCode: buf.readInt32LE(offset + 12),
  };
}

/** Thrown for bytes we cannot make sense of; the connection is then closed. */
export class ProtocolError extends Error {}

function readCString(buf: Buffer, offset: number): [string, number] {
  const end = buf.indexOf(0, offset);
  if (end < 0) throw new ProtocolError('unterminated cstring');
  return [buf.toString('utf8', offset, end), end + 1];
}

function bsonSizeAt(buf: Buffer, offset: number): number {
  if (offset + 4 > buf.length) throw new ProtocolError('truncated BSON document');
  const size = buf.readInt32LE(offset);
  if (size < 5 || offset + size > buf.length) throw new ProtocolError('invalid BSON document size');
  return size;
}

function deserializeAt(buf: Buffer, offset: number): [Document, number] {
  const size = bsonSizeAt(buf, offset);
  const doc = BSON.deserialize(buf.subarray(offset, offset + size), DESERIALIZE_OPTIONS);
  return [doc, offset + size];
}

/**
 * Decodes one complete message (header included). The caller guarantees
 * `buf.length === header.messageLength` (see MessageFramer).
 */
export function parseMessage(buf: Buffer): ParsedRequest {
  const header = readHeader(buf);
  if (header.opCode === OP_MSG) return parseOpMsg(buf, header);
  if (header.opCode === OP_QUERY) return parseOpQuery(buf, header);
  if (header.opCode === OP_COMPRESSED) {
    throw new ProtocolError('OP_COMPRESSED is not supported (compression is never advertised)');
  }
  throw new ProtocolError(`unsupported opCode ${header.opCode}`);
}

function parseOpMsg(buf: Buffer, header: MsgHeader): ParsedRequest {
  const flagBits = buf.readUInt32LE(16);
  // The CRC-32C checksum, when present, trails the sections. We do not verify
  // it (TCP on loopback is reliable) but must not parse it as a section.
  const end = flagBits & MSG_CHECKSUM_PRESENT ? buf.length - 4 : buf.length;
  let offset = 20;
  let body: Document | undefined;
  const sequences: Array<[string, Document[]]> = [];
  while (offset < end) {
    const kind = buf.readUInt8(offset);
    offset += 1;
    if (kind === 0) {
      [body, offset] = deserializeAt(buf, offset);
    } else if (kind === 1) {
      const size = buf.readInt32LE(offset);
      const sectionEnd = offset + size;
      let [identifier, pos] = readCString(buf, offset + 4);
      const docs: Document[] = [];
      while (pos < sectionEnd) {
        let doc: Document;
        [doc, pos] = deserializeAt(buf, pos);
        docs.push(doc);
      }
      sequences.push([identifier, docs]);
      offset = sectionEnd;
    } else {
      throw new ProtocolError(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!body) throw new ProtocolError('OP_MSG without a kind-0 body section');
  // Document sequences are semantically identical to an array field of the
  // same name in the body, so merge them; command handlers then only deal
  // with plain documents.
  for (const [identifier, docs] of sequences) body[identifier] = docs;
  const db = typeof body.$db === 'string' ? body.$db : 'admin';
  return { header, db, command: body, moreToCome: (flagBits & MSG_MORE_TO_COME) !== 0, legacy: false };
}

function parseOpQuery(buf: Buffer, header: MsgHeader): ParsedRequest {
  let offset = 20; // header + int32 flags
  let fullCollectionName: string;
  [fullCollectionName, offset] = readCString(buf, offset);
  offset += 8; // numberToSkip, numberToReturn
  let query: Document;
  [query] = deserializeAt(buf, offset);
  // Legacy drivers wrap the command when they add read preferences.
  if (query.$query && typeof query.$query === 'object') query = query.$query as Document;
  const dot = fullCollectionName.indexOf('.');
  const db = dot >= 0 ? fullCollectionName.slice(0, dot) : fullCollectionName;
  const collection = dot >= 0 ? fullCollectionName.slice(dot + 1) : '';
  if (collection !== '$cmd') {
    // Legacy OP_QUERY finds were removed in MongoDB 5.1; the double answers
    // with the same failure a modern server gives.
    return { header, db, command: { $legacyQueryUnsupported: fullCollectionName }, moreToCome: false, legacy: true };
  }
  return { header, db, command: query, moreToCome: false, legacy: true };
}

let nextRequestId = 1;

function writeHeader(buf: Buffer, responseTo: number, opCode: number): void {
  buf.writeInt32LE(buf.length, 0);
  buf.writeInt32LE(nextRequestId, 4);
  nextRequestId = (nextRequestId + 1) & 0x7fffffff;
  buf.writeInt32LE(responseTo, 8);
  buf.writeInt32LE(opCode, 12);
}

/** OP_MSG reply: flagBits 0 and a single kind-0 section. */
export function encodeOpMsg(responseTo: number, doc: Document): Buffer {
  const body = BSON.serialize(doc);
  const out = Buffer.allocUnsafe(16 + 4 + 1 + body.length);
  writeHeader(out, responseTo, OP_MSG);
  out.writeUInt32LE(0, 16);
  out.writeUInt8(0, 20);
  Buffer.from(body.buffer, body.byteOffset, body.byteLength).copy(out, 21);
  return out;
}

/** OP_REPLY: responseFlags, cursorID (int64 0), startingFrom, numberReturned, docs. */
export function encodeOpReply(responseTo: number, doc: Document): Buffer {
  const body = BSON.serialize(doc);
  const out = Buffer.allocUnsafe(16 + 20 + body.length);
  writeHeader(out, responseTo, OP_REPLY);
  out.writeInt32LE(0, 16); // responseFlags
  out.writeBigInt64LE(0n, 20); // cursorID
  out.writeInt32LE(0, 28); // startingFrom
  out.writeInt32LE(1, 32); // numberReturned
  Buffer.from(body.buffer, body.byteOffset, body.byteLength).copy(out, 36);
  return out;
}

/** Largest message we accept; matches the advertised maxMessageSizeBytes. */
export const MAX_MESSAGE_SIZE = 48_000_000;

/**
 * Reassembles whole messages from a TCP byte stream. TCP delivers arbitrary
 * chunks: one `data` event may hold half a message or several messages, so we
 * buffer until the int32 length prefix is satisfied.
 */
export class MessageFramer {
  private chunks: Buffer[] = [];
  private buffered = 0;

  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const messages: Buffer[] = [];
    for (;;) {
      if (this.buffered < 4) break;
      const head = this.peek(4);
      const length = head.readInt32LE(0);
      if (length < 16 || length > MAX_MESSAGE_SIZE) {
        throw new ProtocolError(`invalid message length ${length}`);
      }
      if (this.buffered < length) break;
      messages.push(this.take(length));
    }
    return messages;
  }

  private peek(n: number): Buffer {
    if (this.chunks.length > 1 && (this.chunks[0]?.length ?? 0) < n) {
      this.chunks = [Buffer.concat(this.chunks)];
    }
    return (this.chunks[0] as Buffer).subarray(0, n);
  }

  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks);
    const message = all.subarray(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return message;
  }
}
