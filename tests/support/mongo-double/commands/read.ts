/**
 * Read commands: find, getMore, killCursors, aggregate, count, distinct.
 *
 * Reads run against deep copies taken when the command starts, so a cursor
 * sees a consistent snapshot and callers can never alias stored documents.
 * Reading a collection that does not exist is not an error (empty result),
 * exactly like mongod.
 */
import { stringCompare } from '../collation.js';
import { CommandError, ErrorCodes } from '../errors.js';
import { resolveLet } from '../letvars.js';
import { projectDocs, runPipeline, sortDocs } from '../query.js';
import { canonicalKey, collectPathValues, compareValues, type Doc, deepClone, isPlainObject } from '../values.js';
import { checkViewCollation, evaluateView } from '../views.js';
import { checkHint, collectionArg, effectiveCollation, type Handler, intOption, readMatching } from './context.js';
import { runWriteStage, splitWriteStage } from './writestages.js';

const find: Handler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'find');
  const filter = cmd.filter ?? {};
  if (!isPlainObject(filter))
    throw new CommandError(ErrorCodes.TypeMismatch, "BSON field 'find.filter' is the wrong type, expected type 'object'");
  const skip = intOption(cmd, 'skip') ?? 0;
  let limit = intOption(cmd, 'limit') ?? 0;
  let singleBatch = cmd.singleBatch === true;
  if (skip < 0) throw new CommandError(ErrorCodes.BadValue, `SKIP value must be non-negative, but received: ${skip}`);
  // Legacy negative limit: "return at most |limit| documents, in one batch".
  if (limit < 0) {
    limit = -limit;
    singleBatch = true;
  }
  const variables = resolveLet(cmd.let, 'find.let');
  checkHint(ctx.db.get(name), cmd.hint);
  const read = readMatching(ctx, name, filter, variables, cmd.collation);
  let docs = sortDocs(read.docs, cmd.sort, read.collation);
  docs = docs.slice(skip, limit > 0 ? skip + limit : undefined).map(deepClone);
  docs = projectDocs(docs, cmd.projection, filter);
  return { cursor: ctx.store.cursors.open(`${ctx.db.name}.${name}`, docs, cmd.batchSize, singleBatch) };
};

const getMore: Handler = (cmd, ctx) => ({
  cursor: ctx.store.cursors.getMore(cmd.getMore, cmd.collection, ctx.db.name, cmd.batchSize),
});

const killCursors: Handler = (cmd, ctx) => {
  collectionArg(cmd, 'killCursors');
  return ctx.store.cursors.kill(Array.isArray(cmd.cursors) ? cmd.cursors : []);
};

/**
 * aggregate: `aggregate: "<coll>"` runs over the collection, `aggregate: 1`
 * over no input (for $documents). $lookup/$unionWith/$graphLookup can read
 * other collections of the same database.
 */
const aggregate: Handler = (cmd, ctx) => {
  const target = cmd.aggregate;
  if (cmd.explain === true) throw new CommandError(ErrorCodes.BadValue, 'explain is not supported by the MongoDB test double');
  if (!isPlainObject(cmd.cursor)) {
    throw new CommandError(ErrorCodes.FailedToParse, "The 'cursor' option is required, except for aggregate with the explain argument");
  }
  const variables = resolveLet(cmd.let, 'aggregate.let');
  let input: Doc[];
  let collName: string;
  let collation: Doc | undefined;
  if (target === 1) {
    input = [];
    collName = '$cmd.aggregate';
    collation = effectiveCollation(cmd.collation, undefined);
  } else {
    collName = collectionArg(cmd, 'aggregate');
    const view = ctx.db.view(collName);
    const coll = ctx.db.get(collName);
    checkHint(coll, cmd.hint);
    if (view) checkViewCollation(view, cmd.collation);
    collation = view ? view.collation : effectiveCollation(cmd.collation, coll);
    input = view ? evaluateView(ctx.db, collName) : (coll?.snapshot() ?? []);
  }
  // $out / $merge: run the rest of the pipeline, then write its output.
  const { pipeline, writeStage } = splitWriteStage(cmd.pipeline);
  const results = runPipeline(input, pipeline, ctx.db.resolver, variables, collation).map(deepClone);
  if (writeStage) {
    runWriteStage(ctx, writeStage, results, { bypassValidation: cmd.bypassDocumentValidation === true, collation, variables });
    return { cursor: ctx.store.cursors.open(`${ctx.db.name}.${collName}`, [], 0) };
  }
  return { cursor: ctx.store.cursors.open(`${ctx.db.name}.${collName}`, results, cmd.cursor.batchSize) };
};

/** count: used by estimatedDocumentCount (countDocuments uses aggregate). */
const count: Handler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'count');
  const coll = ctx.db.get(name);
  checkHint(coll, cmd.hint);
  const skip = intOption(cmd, 'skip') ?? 0;
  const limit = Math.abs(intOption(cmd, 'limit') ?? 0);
  if (skip < 0) throw new CommandError(ErrorCodes.BadValue, `skip value is negative in count query`);
  const query = cmd.query ?? {};
  const everything = isPlainObject(query) && Object.keys(query).length === 0;
  const total = coll && everything ? coll.size : readMatching(ctx, name, query, undefined, cmd.collation).docs.length;
  const n = Math.max(0, total - skip);
  return { n: limit > 0 ? Math.min(n, limit) : n };
};

/** distinct: values of `key` (array elements counted individually), sorted for stable output. */
const distinct: Handler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'distinct');
  if (typeof cmd.key !== 'string')
    throw new CommandError(ErrorCodes.TypeMismatch, "BSON field 'distinct.key' is missing but a required field");
  const key = cmd.key;
  const read = readMatching(ctx, name, cmd.query, undefined, cmd.collation);
  const strings = stringCompare(read.collation);
  const compare = strings ? (a: unknown, b: unknown) => compareValues(a, b, strings) : compareValues;
  const seen = new Map<string, unknown>();
  for (const doc of read.docs) {
    for (const value of collectPathValues(doc, key)) {
      if (Array.isArray(value) && value.length === 0) continue;
      const k = canonicalKey(value);
      if (seen.has(k)) continue;
      // Under a collation, "abc" and "ABC" may be one value: keep the first seen.
      if (strings && typeof value === 'string' && [...seen.values()].some((v) => compare(v, value) === 0)) continue;
      seen.set(k, deepClone(value));
    }
  }
  return { values: [...seen.values()].sort(compare) };
};

export const readCommands: Record<string, Handler> = {
  find,
  getMore,
  killCursors,
  aggregate,
  count,
  distinct,
};
