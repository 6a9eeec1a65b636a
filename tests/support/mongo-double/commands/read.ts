/**
 * Read commands: find, getMore, killCursors, aggregate, count, distinct.
 *
 * Reads run against deep copies taken when the command starts, so a cursor
 * sees a consistent snapshot and callers can never alias stored documents.
 * Reading a collection that does not exist is not an error (empty result),
 * exactly like mongod.
 */
import { CommandError, ErrorCodes } from '../errors.js';
import { compileFilter, projectDocs, runPipeline, sortDocs } from '../query.js';
import { canonicalKey, collectPathValues, compareValues, type Doc, deepClone, isPlainObject } from '../values.js';
import { checkHint, collectionArg, type Handler, intOption } from './context.js';

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
  const coll = ctx.db.get(name);
  checkHint(coll, cmd.hint);
  let docs = coll ? coll.match(filter) : [];
  docs = sortDocs(docs, cmd.sort, cmd.collation);
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
  let input: Doc[];
  let collName: string;
  if (target === 1) {
    input = [];
    collName = '$cmd.aggregate';
  } else {
    collName = collectionArg(cmd, 'aggregate');
    const coll = ctx.db.get(collName);
    checkHint(coll, cmd.hint);
    input = coll?.snapshot() ?? [];
  }
  const variables = isPlainObject(cmd.let) ? cmd.let : undefined;
  const results = runPipeline(input, cmd.pipeline, ctx.db.resolver, variables, cmd.collation).map(deepClone);
  return { cursor: ctx.store.cursors.open(`${ctx.db.name}.${collName}`, results, cmd.cursor.batchSize) };
};

/** count: used by estimatedDocumentCount (countDocuments uses aggregate). */
const count: Handler = (cmd, ctx) => {
  const coll = ctx.db.get(collectionArg(cmd, 'count'));
  checkHint(coll, cmd.hint);
  const skip = intOption(cmd, 'skip') ?? 0;
  const limit = Math.abs(intOption(cmd, 'limit') ?? 0);
  if (skip < 0) throw new CommandError(ErrorCodes.BadValue, `skip value is negative in count query`);
  if (!coll) return { n: 0 };
  const query = cmd.query ?? {};
  const total = isPlainObject(query) && Object.keys(query).length === 0 ? coll.size : coll.match(query).length;
  const n = Math.max(0, total - skip);
  return { n: limit > 0 ? Math.min(n, limit) : n };
};

/** distinct: values of `key` (array elements counted individually), sorted for stable output. */
const distinct: Handler = (cmd, ctx) => {
  const coll = ctx.db.get(collectionArg(cmd, 'distinct'));
  if (typeof cmd.key !== 'string')
    throw new CommandError(ErrorCodes.TypeMismatch, "BSON field 'distinct.key' is missing but a required field");
  const key = cmd.key;
  const seen = new Map<string, unknown>();
  const matches = compileFilter(cmd.query);
  for (const doc of coll?.refs() ?? []) {
    if (!matches(doc)) continue;
    for (const value of collectPathValues(doc, key)) {
      if (Array.isArray(value) && value.length === 0) continue;
      const k = canonicalKey(value);
      if (!seen.has(k)) seen.set(k, deepClone(value));
    }
  }
  return { values: [...seen.values()].sort(compareValues) };
};

export const readCommands: Record<string, Handler> = {
  find,
  getMore,
  killCursors,
  aggregate,
  count,
  distinct,
};
