/**
 * Value helpers shared by the store and the commands: deep copies, MongoDB's
 * cross-type comparison order, dotted-path access and canonical index keys.
 *
 * Documents are plain JS objects as produced by `bson.deserialize` with
 * numbers promoted (see wire.ts), and bson class instances for ObjectId,
 * Decimal128, Binary, Timestamp, Long (beyond 2^53), MinKey/MaxKey.
 */
import { Binary, BSON, Decimal128, type Document, Long, ObjectId, Timestamp } from 'bson';

export type Doc = Document;

export function isPlainObject(v: unknown): v is Doc {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Deep copy that keeps bson class instances (which are treated as immutable
 * scalars) and copies Dates. Every document handed out of the store goes
 * through this, so callers can never mutate stored state by accident.
 */
export function deepClone<T>(v: T): T {
  if (Array.isArray(v)) return v.map(deepClone) as T;
  if (v instanceof Date) return new Date(v.getTime()) as T;
  if (isPlainObject(v)) {
    const out: Doc = {};
    for (const k of Object.keys(v)) out[k] = deepClone(v[k]);
    return out as T;
  }
  return v;
}

/** Byte-level equality: same fields, same order, same BSON types. */
export function sameDocument(a: Doc, b: Doc): boolean {
  return Buffer.from(BSON.serialize(a)).equals(Buffer.from(BSON.serialize(b)));
}

/**
 * Rank in MongoDB's comparison/sort order across BSON types:
 * MinKey < null/missing < numbers < strings < objects < arrays < BinData
 * < ObjectId < bool < Date < Timestamp < RegExp < MaxKey.
 */
export function typeRank(v: unknown): number {
  if (v === undefined || v === null) return 1;
  if (typeof v === 'number' || typeof v === 'bigint' || v instanceof Long || v instanceof Decimal128) return 2;
  if (typeof v === 'string') return 3;
  if (Array.isArray(v)) return 5;
  if (v instanceof Binary) return 6;
  if (v instanceof ObjectId) return 7;
  if (typeof v === 'boolean') return 8;
  if (v instanceof Date) return 9;
  if (v instanceof Timestamp) return 10;
  if (v instanceof RegExp) return 11;
  const bsontype = (v as { _bsontype?: string })._bsontype;
  if (bsontype === 'MinKey') return 0;
  if (bsontype === 'MaxKey') return 12;
  return 4; // embedded document
}

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Long) return v.toNumber();
  if (v instanceof Decimal128) return Number(v.toString());
  return Number.NaN;
}

function cmp<T extends string | number>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export type StringCompare = (a: string, b: string) => number;

/**
 * Total order over BSON values, as used by sort and index keys. `strings`
 * compares strings (a collation, see collation.ts); binary by default.
 */
export function compareValues(a: unknown, b: unknown, strings: StringCompare = cmp): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 2: {
      const x = toNumber(a);
      const y = toNumber(b);
      if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : -1; // NaN sorts below all numbers
      if (Number.isNaN(y)) return 1;
      return cmp(x, y);
    }
    case 3:
      return strings(a as string, b as string);
    case 4: {
      // Field by field: name first, then value, as MongoDB compares documents.
      const ea = Object.entries(a as Doc);
      const eb = Object.entries(b as Doc);
      for (let i = 0; i < Math.min(ea.length, eb.length); i++) {
        const [ka, va] = ea[i] as [string, unknown];
        const [kb, vb] = eb[i] as [string, unknown];
        const byType = typeRank(va) - typeRank(vb);
        if (byType !== 0) return byType;
        const byName = cmp(ka, kb);
        if (byName !== 0) return byName;
        const byValue = compareValues(va, vb, strings);
        if (byValue !== 0) return byValue;
      }
      return ea.length - eb.length;
    }
    case 5: {
      const xa = a as unknown[];
      const xb = b as unknown[];
      for (let i = 0; i < Math.min(xa.length, xb.length); i++) {
        const c = compareValues(xa[i], xb[i], strings);
        if (c !== 0) return c;
      }
      return xa.length - xb.length;
    }
    case 6: {
      const ba = (a as Binary).buffer;
      const bb = (b as Binary).buffer;
      if (ba.length !== bb.length) return ba.length - bb.length;
      return Buffer.compare(Buffer.from(ba), Buffer.from(bb));
    }
    case 7:
      return cmp((a as ObjectId).toHexString(), (b as ObjectId).toHexString());
    case 8:
      return cmp(Number(a), Number(b));
    case 9:
      return cmp((a as Date).getTime(), (b as Date).getTime());
    case 10:
      return (a as Timestamp).compare(b as Timestamp);
    case 11:
      return cmp(String(a), String(b));
    default:
      return 0;
  }
}

/** Reads a dotted path without array expansion (`a.0.b` indexes arrays). */
export function getPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const part of path.split('.')) {
    if (Array.isArray(cur)) {
      if (!/^\d+$/.test(part)) return undefined;
      cur = cur[Number(part)];
    } else if (isPlainObject(cur)) {
      cur = Object.hasOwn(cur, part) ? cur[part] : undefined;
    } else {
      return undefined;
    }
  }
  return cur;
}

/**
 * All values a dotted path reaches, expanding arrays like MongoDB's index key
 * generator and sort do: `{a:[{b:1},{b:2}]}` at `a.b` gives [1, 2]; a terminal
 * array contributes its elements. Missing paths give [].
 */
export function collectPathValues(doc: unknown, path: string): unknown[] {
  const parts = path.split('.');
  const out: unknown[] = [];
  const walk = (cur: unknown, i: number): void => {
    if (i === parts.length) {
      if (Array.isArray(cur)) {
        if (cur.length === 0) out.push(cur);
        else out.push(...cur);
      } else if (cur !== undefined) {
        out.push(cur);
      }
      return;
    }
    const part = parts[i] as string;
    if (Array.isArray(cur)) {
      if (/^\d+$/.test(part) && Number(part) < cur.length) walk(cur[Number(part)], i + 1);
      for (const el of cur) if (isPlainObject(el)) walk(el, i);
      return;
    }
    if (isPlainObject(cur) && Object.hasOwn(cur, part)) walk(cur[part], i + 1);
  };
  walk(doc, 0);
  return out;
}

/** Sets a dotted path, creating intermediate objects. */
export function setPath(doc: Doc, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur: Doc = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i] as string;
    if (!isPlainObject(cur[part]) && !Array.isArray(cur[part])) cur[part] = {};
    cur = cur[part] as Doc;
  }
  cur[parts[parts.length - 1] as string] = value;
}

/**
 * Canonical string for a value, used as a hash key for unique indexes.
 * Numbers of any BSON numeric type with equal value map to the same key
 * (MongoDB treats 1, 1.0 and NumberLong(1) as the same index key).
 */
export function canonicalKey(v: unknown): string {
  switch (typeRank(v)) {
    case 1:
      return 'null';
    case 2: {
      const n = toNumber(v);
      return v instanceof Long && !Number.isSafeInteger(n) ? `n:${v.toString()}` : `n:${n}`;
    }
    case 3:
      return `s:${JSON.stringify(v)}`;
    case 4:
      return `{${Object.entries(v as Doc)
        .map(([k, x]) => `${JSON.stringify(k)}:${canonicalKey(x)}`)
        .join(',')}}`;
    case 5:
      return `[${(v as unknown[]).map(canonicalKey).join(',')}]`;
    case 6:
      return `x:${(v as Binary).sub_type}:${Buffer.from((v as Binary).buffer).toString('base64')}`;
    case 7:
      return `o:${(v as ObjectId).toHexString()}`;
    case 8:
      return `b:${String(v)}`;
    case 9:
      return `d:${(v as Date).getTime()}`;
    case 10:
      return `t:${(v as Timestamp).toString()}`;
    case 11:
      return `r:${String(v)}`;
    default:
      return `k:${typeRank(v)}`;
  }
}

/** Renders a value the way mongod prints it in E11000 messages. */
export function formatValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof ObjectId) return `ObjectId('${v.toHexString()}')`;
  if (v instanceof Date) return `new Date(${v.getTime()})`;
  if (v instanceof Long) return v.toString();
  if (v instanceof Decimal128) return `NumberDecimal("${v.toString()}")`;
  if (Array.isArray(v)) return `[ ${v.map(formatValue).join(', ')} ]`;
  if (isPlainObject(v)) return formatDoc(v);
  return String(v);
}

export function formatDoc(doc: Doc): string {
  const entries = Object.entries(doc);
  if (entries.length === 0) return '{}';
  return `{ ${entries.map(([k, x]) => `${k}: ${formatValue(x)}`).join(', ')} }`;
}
