/**
 * Update semantics shared by `update` and `findAndModify`:
 *  - operator updates ($set, $inc, $push with $each/$slice/$sort/$position,
 *    $pull, $addToSet, $rename, $min/$max, $currentDate, ...) are applied by
 *    mingo's updater after the checks mongod performs up front;
 *  - replacement documents keep the original `_id`;
 *  - pipeline updates (an array of $set/$unset/$project/... stages) run
 *    through mingo's aggregation engine;
 *  - upserts seed the new document from the query's equality conditions.
 *
 * All functions return fresh documents and never mutate their inputs.
 */

import { Decimal128, Long, ObjectId, Timestamp } from 'bson';
import { update as mingoUpdate } from 'mingo/updater';
import { CommandError, ErrorCodes, toCommandError } from './errors.js';
import { type CollectionResolver, mingoOptions, runPipeline } from './query.js';
import { canonicalKey, type Doc, deepClone, formatValue, getPath, isPlainObject, setPath } from './values.js';

const OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$push',
  '$pull',
  '$pullAll',
  '$addToSet',
  '$pop',
  '$min',
  '$max',
  '$currentDate',
  '$rename',
  '$bit',
  '$setOnInsert',
]);

export type UpdateKind = 'modifier' | 'replacement' | 'pipeline';

/** mongod decides by the first field: `$`-prefixed means operator update. */
export function classifyUpdate(u: unknown): UpdateKind {
  if (Array.isArray(u)) return 'pipeline';
  if (!isPlainObject(u)) throw new CommandError(ErrorCodes.FailedToParse, 'Update argument must be either an object or an array');
  const first = Object.keys(u)[0];
  return first?.startsWith('$') ? 'modifier' : 'replacement';
}

export interface ApplyOptions {
  arrayFilters?: Doc[];
  /** The query, needed by the positional `$` operator. */
  query?: Doc;
  /** True when building the document of an upsert (enables $setOnInsert). */
  inserting?: boolean;
  resolver: CollectionResolver;
  variables?: Doc | undefined;
  /** The statement's collation: mingo re-checks `query` with it before applying. */
  collation?: Doc | undefined;
}

const isNumeric = (v: unknown): boolean => typeof v === 'number' || v instanceof Long || v instanceof Decimal128;

function bsonTypeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (v instanceof ObjectId) return 'objectId';
  if (v instanceof Date) return 'date';
  if (typeof v === 'boolean') return 'bool';
  if (isPlainObject(v)) return 'object';
  return typeof v;
}

/** Checks mongod performs before touching the document. */
function checkModifiers(doc: Doc, u: Doc): void {
  for (const [op, operand] of Object.entries(u)) {
    if (!op.startsWith('$') || !OPERATORS.has(op)) {
      throw new CommandError(
        ErrorCodes.FailedToParse,
        `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    if (!isPlainObject(operand)) {
      throw new CommandError(
        ErrorCodes.FailedToParse,
        `Modifiers operate on fields but we found type ${bsonTypeName(operand)} instead. For example: {$mod: {<field>: ...}} not {${op}: ${formatValue(operand)}}`,
      );
    }
    if (op !== '$inc' && op !== '$mul') continue;
    for (const [path, arg] of Object.entries(operand)) {
      if (!isNumeric(arg)) {
        throw new CommandError(
          ErrorCodes.TypeMismatch,
          `Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path}: ${formatValue(arg)}}`,
        );
      }
      if (path.includes('$')) continue; // positional paths: left to mingo
      const current = getPath(doc, path);
      if (current !== undefined && !isNumeric(current)) {
        throw new CommandError(
          ErrorCodes.TypeMismatch,
          `Cannot apply ${op} to a value of non-numeric type. {_id: ${formatValue(doc._id)}} has the field '${path.split('.').pop()}' of non-numeric type ${bsonTypeName(current)}`,
        );
      }
    }
  }
}

/** Puts `_id` first, as mongod always stores it. */
function idFirst(doc: Doc): Doc {
  if (!('_id' in doc) || Object.keys(doc)[0] === '_id') return doc;
  const { _id, ...rest } = doc;
  return { _id, ...rest };
}

function applyModifiers(current: Doc, u: Doc, opts: ApplyOptions): Doc {
  checkModifiers(current, u);
  const doc = deepClone(current);
  const modifier: Doc = {};
  for (const [op, operand] of Object.entries(u)) {
    if (op === '$setOnInsert') {
      if (opts.inserting) modifier.$set = { ...(modifier.$set as Doc | undefined), ...(operand as Doc) };
    } else if (op === '$currentDate') {
      // mingo turns {$type: "timestamp"} into a number; build the BSON value here.
      const values: Doc = {};
      for (const [path, spec] of Object.entries(operand as Doc)) {
        const ts = isPlainObject(spec) && spec.$type === 'timestamp';
        values[path] = ts ? Timestamp.fromBits(0, Math.floor(Date.now() / 1000)) : new Date();
      }
      modifier.$set = { ...(modifier.$set as Doc | undefined), ...values };
    } else {
      modifier[op] = op === '$set' ? { ...(modifier.$set as Doc | undefined), ...(operand as Doc) } : operand;
    }
  }
  // `_id` may be "set" to its current value (a no-op for mongod), and an
  // upsert may take its `_id` from $set/$setOnInsert; mingo forbids both.
  const set = modifier.$set as Doc | undefined;
  if (set && '_id' in set) {
    if (!('_id' in doc)) doc._id = set._id;
    else if (canonicalKey(set._id) !== canonicalKey(doc._id)) {
      throw new CommandError(ErrorCodes.ImmutableField, "Performing an update on the path '_id' would modify the immutable field '_id'");
    }
    delete set._id;
  }
  for (const op of Object.keys(modifier)) {
    if (Object.keys(modifier[op] as Doc).length === 0) delete modifier[op]; // {$set: {}} is a no-op
  }
  if (Object.keys(modifier).length > 0) {
    try {
      mingoUpdate(doc, modifier, opts.arrayFilters, opts.query ?? {}, {
        cloneMode: 'deep',
        queryOptions: mingoOptions(opts.resolver, opts.variables, opts.collation),
      });
    } catch (err) {
      throw toCommandError(err);
    }
  }
  return idFirst(doc);
}

function applyPipeline(current: Doc, pipeline: Doc[], opts: ApplyOptions): Doc {
  const [result] = runPipeline([deepClone(current)], pipeline, opts.resolver, opts.variables);
  if (!result) throw new CommandError(ErrorCodes.BadValue, 'Update pipeline produced no document');
  if ('_id' in current && !('_id' in result)) result._id = current._id;
  return idFirst(result);
}

/**
 * Applies an update of any kind to a copy of `current` and returns it. The
 * caller compares `_id` (Collection.replace rejects changes) and decides
 * whether anything was modified.
 */
export function applyUpdate(current: Doc, u: unknown, opts: ApplyOptions): Doc {
  switch (classifyUpdate(u)) {
    case 'pipeline':
      return applyPipeline(current, u as Doc[], opts);
    case 'modifier':
      return applyModifiers(current, u as Doc, opts);
    case 'replacement': {
      const { _id, ...rest } = deepClone(u as Doc);
      if (_id !== undefined && '_id' in current && canonicalKey(_id) !== canonicalKey(current._id)) {
        throw new CommandError(
          ErrorCodes.ImmutableField,
          `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${formatValue(_id)}`,
        );
      }
      const id = '_id' in current ? current._id : _id;
      return id === undefined ? rest : { _id: id, ...rest };
    }
  }
}

/**
 * Equality conditions of a query, which seed an upserted document:
 * `{a: 1, 'b.c': 2, d: {$gt: 3}, $and: [{e: 4}]}` gives `{a: 1, b: {c: 2}, e: 4}`.
 */
export function upsertSeed(query: unknown): Doc {
  const seed: Doc = {};
  const visit = (q: unknown): void => {
    if (!isPlainObject(q)) return;
    for (const [key, value] of Object.entries(q)) {
      if (key === '$and' && Array.isArray(value)) value.forEach(visit);
      else if (key === '$or' && Array.isArray(value) && value.length === 1) visit(value[0]);
      else if (key.startsWith('$')) continue;
      else if (isPlainObject(value) && Object.keys(value).some((k) => k.startsWith('$'))) {
        if ('$eq' in value) setPath(seed, key, deepClone(value.$eq));
      } else setPath(seed, key, deepClone(value));
    }
  };
  visit(query);
  return seed;
}

/** Builds the document an upsert inserts when nothing matched. */
export function buildUpsertDocument(query: unknown, u: unknown, opts: ApplyOptions): Doc {
  const seed = upsertSeed(query);
  let doc: Doc;
  if (classifyUpdate(u) === 'replacement') {
    // A replacement's own _id wins, even null (mongod stores `_id: null`); it
    // may not differ from an _id the query pins (ImmutableField, as mongod).
    const replacement = deepClone(u as Doc);
    const own = '_id' in replacement;
    if (own && '_id' in seed && canonicalKey(seed._id) !== canonicalKey(replacement._id)) {
      throw new CommandError(
        ErrorCodes.ImmutableField,
        `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${formatValue(replacement._id)}`,
      );
    }
    const _id = own ? replacement._id : seed._id;
    delete replacement._id;
    doc = _id === undefined ? replacement : { _id, ...replacement };
  } else {
    doc = applyUpdate(seed, u, { ...opts, inserting: true });
  }
  return '_id' in doc ? idFirst(doc) : { _id: new ObjectId(), ...doc };
}
