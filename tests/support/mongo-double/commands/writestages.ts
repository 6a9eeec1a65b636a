/**
 * The aggregation stages that write: `$out` and `$merge`. The aggregate
 * command runs the pipeline without its final write stage, then hands the
 * output here. Both must be last (40601, raised by runPipeline otherwise).
 *
 * - `$out` replaces the target collection as a whole: the output is first
 *   written to a fresh collection carrying the target's options and indexes,
 *   and swapped in only if every document went in (an E11000 or validation
 *   failure leaves the old collection untouched), as mongod's rename does.
 * - `$merge` writes document by document, like mongod's batched updates and
 *   inserts: documents written before a failure stay written.
 */
import { ObjectId } from 'bson';
import { evalExpr } from 'mingo/core';
import { CommandError, ErrorCodes } from '../errors.js';
import { checkVariableName } from '../letvars.js';
import { guard, mingoOptions, runPipeline, WRITE_STAGES } from '../query.js';
import { Collection, type Database, validateCollectionName } from '../store.js';
import { applyUpdate } from '../update.js';
import { type Doc, deepClone, getPath, isPlainObject, sameDocument } from '../values.js';
import { viewWriteError } from '../views.js';
import type { CommandContext } from './context.js';

export interface WriteStageOptions {
  bypassValidation: boolean;
  collation: Doc | undefined;
  variables: Doc | undefined;
}

/** Separates a final $out/$merge from the rest of the pipeline. */
export function splitWriteStage(pipeline: unknown): { pipeline: unknown; writeStage?: Doc } {
  if (!Array.isArray(pipeline) || pipeline.length === 0) return { pipeline };
  const last = pipeline[pipeline.length - 1];
  if (!isPlainObject(last) || Object.keys(last).length !== 1 || !WRITE_STAGES.has(Object.keys(last)[0] as string)) return { pipeline };
  return { pipeline: pipeline.slice(0, -1), writeStage: last };
}

/** Resolves `"coll"` or `{db, coll}` to a database and collection name. */
function target(ctx: CommandContext, spec: unknown, stage: string): { db: Database; name: string } {
  if (typeof spec === 'string') return { db: ctx.db, name: spec };
  if (isPlainObject(spec) && typeof spec.coll === 'string') {
    return { db: typeof spec.db === 'string' ? ctx.store.db(spec.db) : ctx.db, name: spec.coll };
  }
  throw new CommandError(
    ErrorCodes.TypeMismatch,
    `${stage} requires a string or object argument, but found ${Array.isArray(spec) ? 'array' : typeof spec}`,
  );
}

function checkTarget(db: Database, name: string, stage: string): void {
  validateCollectionName(db.name, name);
  if (name.startsWith('system.')) throw new CommandError(31319, `Cannot ${stage} to special collection: ${name}`);
  if (db.views.has(name)) throw viewWriteError(db.name, name);
}

function runOut(ctx: CommandContext, spec: unknown, docs: Doc[], opts: WriteStageOptions): void {
  const { db, name } = target(ctx, spec, '$out');
  checkTarget(db, name, '$out');
  const existing = db.get(name);
  const fresh = new Collection(db, name, deepClone(existing?.options ?? {}));
  for (const index of existing?.indexes ?? []) fresh.addIndex(deepClone(index.spec));
  for (const doc of docs) fresh.insert(doc, { bypassValidation: opts.bypassValidation });
  db.collections.set(name, fresh);
}

// ---- $merge ------------------------------------------------------------

const MERGE_FIELDS = new Set(['into', 'on', 'let', 'whenMatched', 'whenNotMatched']);
/** whenMatched modes and the whenNotMatched modes each may be combined with (mongod's merge strategy table). */
const COMBINATIONS: Record<string, string[]> = {
  replace: ['insert', 'fail', 'discard'],
  merge: ['insert', 'fail', 'discard'],
  pipeline: ['insert', 'fail', 'discard'],
  keepExisting: ['insert'],
  fail: ['insert'],
};

interface MergeSpec {
  db: Database;
  name: string;
  on: string[];
  whenMatched: string;
  pipeline: Doc[] | undefined;
  whenNotMatched: string;
  let: Doc | undefined;
}

function parseMerge(ctx: CommandContext, raw: unknown): MergeSpec {
  const spec: Doc = typeof raw === 'string' ? { into: raw } : isPlainObject(raw) ? raw : {};
  if (typeof raw !== 'string' && !isPlainObject(raw)) {
    throw new CommandError(
      ErrorCodes.TypeMismatch,
      `$merge requires a string or object argument, but found ${Array.isArray(raw) ? 'array' : typeof raw}`,
    );
  }
  for (const key of Object.keys(spec)) {
    if (!MERGE_FIELDS.has(key)) throw new CommandError(ErrorCodes.Location40415, `BSON field '$merge.${key}' is an unknown field.`);
  }
  if (spec.into === undefined) throw new CommandError(ErrorCodes.Location40414, "BSON field '$merge.into' is missing but a required field");
  const { db, name } = target(ctx, spec.into, '$merge');
  const whenMatched = Array.isArray(spec.whenMatched) ? 'pipeline' : String(spec.whenMatched ?? 'merge');
  const whenNotMatched = String(spec.whenNotMatched ?? 'insert');
  if (!(whenMatched in COMBINATIONS)) {
    throw new CommandError(ErrorCodes.BadValue, `Enumeration value '${whenMatched}' for field '$merge.whenMatched' is not a valid value.`);
  }
  if (!['insert', 'fail', 'discard'].includes(whenNotMatched)) {
    throw new CommandError(
      ErrorCodes.BadValue,
      `Enumeration value '${whenNotMatched}' for field '$merge.whenNotMatched' is not a valid value.`,
    );
  }
  if (!COMBINATIONS[whenMatched]?.includes(whenNotMatched)) {
    throw new CommandError(
      ErrorCodes.Location51181,
      `Combination of $merge modes 'whenMatched: ${whenMatched}' and 'whenNotMatched: ${whenNotMatched}' is not supported`,
    );
  }
  if (spec.let !== undefined && whenMatched !== 'pipeline') {
    throw new CommandError(51199, `Cannot use 'let' variables with 'whenMatched: ${whenMatched}' mode`);
  }
  const on = spec.on === undefined ? ['_id'] : Array.isArray(spec.on) ? spec.on.map(String) : [String(spec.on)];
  const seen = new Set<string>();
  for (const field of on) {
    if (seen.has(field)) throw new CommandError(31465, `Found a duplicate field '${field}'`);
    seen.add(field);
  }
  return {
    db,
    name,
    on,
    whenMatched,
    pipeline: whenMatched === 'pipeline' ? (spec.whenMatched as Doc[]) : undefined,
    whenNotMatched,
    let: whenMatched === 'pipeline' ? mergeLet(spec.let) : undefined,
  };
}

/** A whenMatched pipeline's variables: `new` is always the source document (51273 otherwise). */
function mergeLet(value: unknown): Doc {
  const own = isPlainObject(value) ? value : {};
  if ('new' in own && own.new !== '$$ROOT') {
    throw new CommandError(51273, "'let' may not define a value for the reserved 'new' variable other than '$$ROOT'");
  }
  return { new: '$$ROOT', ...own };
}

/** `on` other than _id needs a unique, non-partial index on exactly those fields (51183). */
function checkOnIndex(coll: Collection | undefined, on: string[]): void {
  if (on.length === 1 && on[0] === '_id') return;
  const wanted = [...on].sort().join('\0');
  const supported = coll?.indexes.some((i) => i.unique && !i.spec.partialFilterExpression && [...i.fields].sort().join('\0') === wanted);
  if (!supported) throw new CommandError(ErrorCodes.Location51183, 'Cannot find index to verify that join fields will be unique');
}

/** Re-raises E11000 with mongod's $merge context. */
function withMergeContext<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof CommandError && err.code === ErrorCodes.DuplicateKey) {
      throw new CommandError(err.code, `$merge failed due to a DuplicateKey error :: caused by :: ${err.message}`, err.extra);
    }
    throw err;
  }
}

function mergeOne(coll: Collection, spec: MergeSpec, input: Doc, ctx: CommandContext, opts: WriteStageOptions): void {
  const doc = spec.on.includes('_id') && input._id === undefined ? { _id: new ObjectId(), ...input } : input;
  const key: Doc = {};
  for (const field of spec.on) {
    const value = getPath(doc, field);
    if (value === undefined || value === null || Array.isArray(value)) {
      throw new CommandError(ErrorCodes.Location51132, "$merge write error: 'on' field cannot be missing, null, undefined or an array");
    }
    key[field] = value;
  }
  const [current] = coll.match(key, { collation: opts.collation });
  const bypassValidation = opts.bypassValidation;
  if (!current) {
    if (spec.whenNotMatched === 'fail') {
      throw new CommandError(
        ErrorCodes.MergeStageNoMatchingDocument,
        '$merge could not find a matching document in the target collection for at least one document in the source collection',
      );
    }
    if (spec.whenNotMatched === 'insert') withMergeContext(() => coll.insert(deepClone(doc), { bypassValidation }));
    return;
  }
  const updateOpts = { resolver: ctx.db.resolver };
  let next: Doc;
  switch (spec.whenMatched) {
    case 'keepExisting':
      return;
    case 'fail':
      // mongod inserts, and the unique index on the `on` fields refuses it.
      withMergeContext(() => coll.insert(deepClone(doc), { bypassValidation }));
      return;
    case 'replace':
      next = applyUpdate(current, deepClone(doc), updateOpts);
      break;
    case 'merge':
      next = applyUpdate(current, { $set: deepClone(doc) }, updateOpts);
      break;
    default: {
      // $$new (and the stage's other `let` variables) are evaluated against the source document.
      const variables: Doc = {};
      for (const [name, expr] of Object.entries(spec.let ?? {})) {
        variables[name] = guard(() => evalExpr(doc, expr, mingoOptions() as never));
      }
      const [result] = runPipeline([deepClone(current)], spec.pipeline, ctx.db.resolver, { ...opts.variables, ...variables });
      next = result ? { _id: current._id, ...result } : current;
    }
  }
  if (!sameDocument(current, next)) withMergeContext(() => coll.replace(current, next, { bypassValidation }));
}

function runMerge(ctx: CommandContext, raw: unknown, docs: Doc[], opts: WriteStageOptions): void {
  const spec = parseMerge(ctx, raw);
  checkTarget(spec.db, spec.name, '$merge');
  for (const name of Object.keys(spec.let ?? {})) checkVariableName(name);
  checkOnIndex(spec.db.get(spec.name), spec.on);
  const coll = spec.db.getOrCreate(spec.name);
  for (const doc of docs) mergeOne(coll, spec, doc, ctx, opts);
}

/** Runs a final $out / $merge stage over the pipeline's output. */
export function runWriteStage(ctx: CommandContext, stage: Doc, docs: Doc[], opts: WriteStageOptions): void {
  if ('$out' in stage) runOut(ctx, stage.$out, docs, opts);
  else runMerge(ctx, stage.$merge, docs, opts);
}
