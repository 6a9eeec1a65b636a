/**
 * Thin layer over mingo: filters, projections, sorting and pipelines with the
 * corrections the double needs to behave like mongod.
 *
 * - `$type` is replaced: mingo's version has no names for ObjectId, Binary,
 *   Timestamp... (it only knows JS types).
 * - `$sort` (pipeline stage) and find's sort use MongoDB's BSON type order and
 *   array rules (ascending uses the smallest element, descending the largest)
 *   instead of mingo's JS-centric order.
 * - `$jsonSchema` uses our validator (mingo needs one to be supplied).
 * - find projections are re-ordered to follow the stored document's field
 *   order, as mongod does (mingo emits included fields in projection order).
 */

import { Binary, Decimal128, Long, ObjectId, Timestamp } from 'bson';
import { Aggregator } from 'mingo/aggregator';
import { Context } from 'mingo/core';
import { Lazy, type Iterator as LazyIterator } from 'mingo/lazy';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import * as queryOperators from 'mingo/operators/query';
import * as windowOperators from 'mingo/operators/window';
import { Query } from 'mingo/query';
import type { CollationSpec, Options, PipelineOperator, QueryOperator } from 'mingo/types';
import { resolve } from 'mingo/util';
import { collatedExpressionOperators, collatedQueryOperators, stringCompare } from './collation.js';
import { CommandError, ErrorCodes } from './errors.js';
import { jsonSchemaPredicate } from './jsonschema.js';
import { collectPathValues, compareValues, type Doc, isPlainObject } from './values.js';

const BSON_TYPE_ALIASES: Record<string, (v: unknown) => boolean> = {
  double: (v) => typeof v === 'number' && !Number.isInteger(v),
  string: (v) => typeof v === 'string',
  object: isPlainObject,
  array: Array.isArray,
  binData: (v) => v instanceof Binary,
  objectId: (v) => v instanceof ObjectId,
  bool: (v) => typeof v === 'boolean',
  date: (v) => v instanceof Date,
  null: (v) => v === null,
  regex: (v) => v instanceof RegExp,
  int: (v) => typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= 2147483647,
  timestamp: (v) => v instanceof Timestamp,
  long: (v) => v instanceof Long || (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) > 2147483647),
  decimal: (v) => v instanceof Decimal128,
  minKey: (v) => (v as { _bsontype?: string } | null)?._bsontype === 'MinKey',
  maxKey: (v) => (v as { _bsontype?: string } | null)?._bsontype === 'MaxKey',
  number: (v) => typeof v === 'number' || v instanceof Long || v instanceof Decimal128,
};
const BSON_TYPE_NUMBERS: Record<number, string> = {
  1: 'double',
  2: 'string',
  3: 'object',
  4: 'array',
  5: 'binData',
  7: 'objectId',
  8: 'bool',
  9: 'date',
  10: 'null',
  11: 'regex',
  16: 'int',
  17: 'timestamp',
  18: 'long',
  19: 'decimal',
  [-1]: 'minKey',
  127: 'maxKey',
};

function typeMatcher(spec: unknown): (v: unknown) => boolean {
  const names = (Array.isArray(spec) ? spec : [spec]).map((t) => (typeof t === 'number' ? BSON_TYPE_NUMBERS[t] : String(t)));
  const preds = names.map((n) => {
    const p = n === undefined ? undefined : BSON_TYPE_ALIASES[n];
    if (!p) throw new CommandError(ErrorCodes.BadValue, `Unknown type name alias: ${String(n)}`);
    return p;
  });
  return (v) => preds.some((p) => p(v));
}

/** `$type` query operator: matches the field or (for arrays) any element. */
const $type = ((selector: string, value: unknown) => {
  const matches = typeMatcher(value);
  return (obj: unknown) => {
    const v = resolve(obj as Doc, selector, { unwrapArray: true });
    if (v === undefined) return false;
    if (matches(v)) return true;
    return Array.isArray(v) && v.some(matches);
  };
}) as unknown as QueryOperator;

/** `$sort` pipeline stage with MongoDB ordering (and the aggregate's collation). */
const $sort = ((coll: LazyIterator, spec: Doc, options: Options) =>
  coll.transform((docs: unknown[]) => Lazy(sortDocs(docs as Doc[], spec, options.collation)))) as unknown as PipelineOperator;

/**
 * All of mingo's operators with our replacements. Built by hand and used with
 * mingo's base Query/Aggregator classes because the `mingo` entry point
 * merges its default operators over any custom ones (first one wins).
 */
const CONTEXT = Context.init({
  accumulator: { ...accumulatorOperators },
  expression: { ...expressionOperators, ...collatedExpressionOperators },
  pipeline: { ...pipelineOperators, $sort },
  projection: { ...projectionOperators },
  query: { ...queryOperators, ...collatedQueryOperators, $type },
  window: { ...windowOperators },
});

export type CollectionResolver = (name: string) => Doc[];

export function mingoOptions(resolver?: CollectionResolver, variables?: Doc, collation?: unknown): Partial<Options> {
  return {
    context: CONTEXT,
    jsonSchemaValidator: jsonSchemaPredicate,
    ...(resolver ? { collectionResolver: resolver } : {}),
    ...(variables ? { variables } : {}),
    ...(isPlainObject(collation) && typeof collation.locale === 'string' ? { collation: collation as unknown as CollationSpec } : {}),
  };
}

/** Wraps mingo errors (unknown operators, bad arguments) as BadValue. */
export function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof CommandError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    if (/^Use of undefined variable: /.test(message)) throw new CommandError(ErrorCodes.Location17276, message);
    const unknown = /unknown query operator (\$\w+)/i.exec(message);
    throw new CommandError(ErrorCodes.BadValue, unknown ? `unknown operator: ${unknown[1]}` : message);
  }
}

export type Matcher = (doc: Doc) => boolean;

/**
 * Compiles a query filter; an empty/absent filter matches everything.
 * `variables` are the command's `let` ($$name in $expr); `collation` makes
 * string comparisons follow a locale (collation.ts).
 */
export function compileFilter(filter: unknown, variables?: Doc, collation?: unknown): Matcher {
  if (filter === undefined || filter === null) return () => true;
  if (!isPlainObject(filter)) throw new CommandError(ErrorCodes.TypeMismatch, "'filter' must be an object");
  if (Object.keys(filter).length === 0) return () => true;
  const query = guard(() => new Query(filter, mingoOptions(undefined, variables, collation)));
  return (doc) => guard(() => query.test(doc));
}

/**
 * Sort key of one document for one field: with arrays, MongoDB uses the
 * smallest element for ascending and the largest for descending sorts.
 */
function sortKey(doc: Doc, path: string, direction: number, compare: (a: unknown, b: unknown) => number): unknown {
  const values = collectPathValues(doc, path).map((v) => (Array.isArray(v) && v.length === 0 ? undefined : v));
  if (values.length === 0) return null;
  let best = values[0];
  for (const v of values.slice(1)) {
    const c = compare(v, best);
    if (direction > 0 ? c < 0 : c > 0) best = v;
  }
  return best;
}

/** Value comparator honouring a collation for strings (collation.ts). */
function comparatorFor(collation: unknown): (a: unknown, b: unknown) => number {
  const strings = stringCompare(collation);
  return strings ? (a, b) => compareValues(a, b, strings) : compareValues;
}

/** Stable sort by a MongoDB sort specification ({a: 1, 'b.c': -1}). */
export function sortDocs<T extends Doc>(docs: T[], spec: unknown, collation?: unknown): T[] {
  if (!isPlainObject(spec) || Object.keys(spec).length === 0) return docs;
  if ('$natural' in spec) return Number(spec.$natural) < 0 ? [...docs].reverse() : docs;
  const compare = comparatorFor(collation);
  const fields = Object.entries(spec).map(([path, dir]) => {
    if (isPlainObject(dir)) return { path, dir: 0 }; // {$meta: ...}: no-op
    const n = Number(dir);
    if (n !== 1 && n !== -1)
      throw new CommandError(ErrorCodes.BadValue, `$sort key ordering must be 1 (for ascending) or -1 (for descending)`);
    return { path, dir: n };
  });
  const keyed = docs.map((doc) => ({ doc, keys: fields.map((f) => sortKey(doc, f.path, f.dir, compare)) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i] as { dir: number };
      if (f.dir === 0) continue;
      const c = compare(a.keys[i], b.keys[i]);
      if (c !== 0) return c * f.dir;
    }
    return 0;
  });
  return keyed.map((k) => k.doc);
}

/** Re-orders `projected` keys to follow `source` (nested documents too). */
function followSourceOrder(source: unknown, projected: unknown): unknown {
  if (Array.isArray(source) && Array.isArray(projected) && source.length === projected.length) {
    return projected.map((p, i) => followSourceOrder(source[i], p));
  }
  if (!isPlainObject(source) || !isPlainObject(projected)) return projected;
  const out: Doc = {};
  for (const k of Object.keys(source)) {
    if (k in projected) out[k] = followSourceOrder(source[k], projected[k]);
  }
  for (const k of Object.keys(projected)) if (!(k in out)) out[k] = projected[k];
  return out;
}

/** Applies a find projection (inclusion, exclusion, $slice, $elemMatch, expressions). */
export function projectDocs(docs: Doc[], projection: unknown, filter?: unknown): Doc[] {
  if (!isPlainObject(projection) || Object.keys(projection).length === 0) return docs;
  // The filter is passed along because positional projections (`a.$`) need it.
  const query = guard(() => new Query(isPlainObject(filter) ? filter : {}, mingoOptions()));
  return docs.map((doc) =>
    guard(() => {
      const [projected] = query.find([doc], projection).all() as Doc[];
      return followSourceOrder(doc, projected ?? {}) as Doc;
    }),
  );
}

const UNSUPPORTED_STAGES = new Set(['$changeStream', '$currentOp', '$listSessions', '$search']);
/** Stages that write; the aggregate command runs them (commands/writestages.ts) when they come last. */
export const WRITE_STAGES = new Set(['$out', '$merge']);

/** Runs an aggregation pipeline over `docs` (which the caller owns). */
export function runPipeline(docs: Doc[], pipeline: unknown, resolver: CollectionResolver, variables?: Doc, collation?: unknown): Doc[] {
  if (!Array.isArray(pipeline)) {
    throw new CommandError(ErrorCodes.TypeMismatch, "'pipeline' option must be specified as an array");
  }
  for (const stage of pipeline) {
    if (!isPlainObject(stage) || Object.keys(stage).length !== 1) {
      throw new CommandError(ErrorCodes.Location40323, 'A pipeline stage specification object must contain exactly one field.');
    }
    const name = Object.keys(stage)[0] as string;
    if (WRITE_STAGES.has(name)) {
      throw new CommandError(ErrorCodes.Location40601, `${name} can only be the final stage in the pipeline`);
    }
    if (UNSUPPORTED_STAGES.has(name)) {
      throw new CommandError(ErrorCodes.BadValue, `${name} is not supported by the MongoDB test double`);
    }
  }
  return guard(() => new Aggregator(pipeline as Doc[], mingoOptions(resolver, variables, collation)).run(docs) as Doc[]);
}
