/**
 * Index administration: createIndexes, listIndexes, dropIndexes (also under
 * its alias deleteIndexes). The store keeps the indexes (store.ts: Index and
 * the unique-key bookkeeping); these commands check specs the way mongod does.
 */
import { normaliseCollation } from '../collation.js';
import { CommandError, ErrorCodes } from '../errors.js';
import { compileFilter } from '../query.js';
import { ID_INDEX, type IndexSpec } from '../store.js';
import { canonicalKey, type Doc, deepClone, formatDoc, isPlainObject } from '../values.js';
import { viewWriteError } from '../views.js';
import { collectionArg, type Handler, requireCollection } from './context.js';

const INDEX_TYPES = new Set(['text', '2dsphere', '2d', 'hashed', 'columnstore']);

/** Normalises one requested index spec and checks it like mongod does. */
function normaliseIndexSpec(raw: unknown): IndexSpec {
  if (!isPlainObject(raw)) throw new CommandError(ErrorCodes.TypeMismatch, 'index specification must be an object');
  const key = raw.key;
  if (!isPlainObject(key) || Object.keys(key).length === 0) {
    throw new CommandError(ErrorCodes.CannotCreateIndex, 'Index keys cannot be empty.');
  }
  for (const [field, dir] of Object.entries(key)) {
    const okNumber = typeof dir === 'number' && dir !== 0 && Number.isFinite(dir);
    if (!okNumber && !(typeof dir === 'string' && INDEX_TYPES.has(dir))) {
      throw new CommandError(
        ErrorCodes.CannotCreateIndex,
        `Values in the index key pattern can only be numbers or strings; bad field '${field}'`,
      );
    }
  }
  const name =
    typeof raw.name === 'string' && raw.name.length > 0
      ? raw.name
      : Object.entries(key)
          .map(([f, d]) => `${f}_${String(d)}`)
          .join('_');
  const spec: IndexSpec = { v: 2, key: deepClone(key), name };
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'key' || k === 'name' || k === 'v' || k === 'ns') continue;
    if ((k === 'unique' || k === 'sparse') && v === false) continue; // same as absent
    spec[k] = deepClone(v);
  }
  if (raw.collation !== undefined) {
    const collation = normaliseCollation(raw.collation);
    if (collation) spec.collation = collation;
    else delete spec.collation;
  }
  if (spec.expireAfterSeconds !== undefined) {
    const seconds = spec.expireAfterSeconds;
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
      throw new CommandError(
        ErrorCodes.InvalidOptions,
        `TTL index 'expireAfterSeconds' option must be a non-negative integer, got ${String(seconds)}`,
      );
    }
    if (Object.keys(key).length !== 1)
      throw new CommandError(ErrorCodes.CannotCreateIndex, 'TTL indexes are single-field indexes, compound indexes do not support TTL.');
  }
  if (spec.partialFilterExpression !== undefined && !isPlainObject(spec.partialFilterExpression)) {
    throw new CommandError(ErrorCodes.TypeMismatch, 'partialFilterExpression must be an object');
  }
  if (isPlainObject(spec.partialFilterExpression) && spec.sparse === true) {
    throw new CommandError(ErrorCodes.CannotCreateIndex, 'cannot mix "partialFilterExpression" and "sparse" options');
  }
  if (isPlainObject(spec.partialFilterExpression)) compileFilter(spec.partialFilterExpression);
  return spec;
}

/** Everything but name and version, for "same index?" comparisons. */
function specIdentity(spec: IndexSpec): string {
  const { name: _name, v: _v, background: _background, ...rest } = spec;
  return canonicalKey(Object.fromEntries(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1))));
}

const createIndexes: Handler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'createIndexes');
  if (!Array.isArray(cmd.indexes) || cmd.indexes.length === 0) {
    throw new CommandError(ErrorCodes.BadValue, 'Must specify at least one index to create');
  }
  const createdCollectionAutomatically = !ctx.db.get(name);
  const coll = ctx.db.getOrCreate(name);
  const numIndexesBefore = coll.indexes.length + 1;
  const toBuild: IndexSpec[] = [];
  for (const raw of cmd.indexes) {
    const spec = normaliseIndexSpec(raw);
    // An index without a collation of its own takes the collection's default.
    if (raw.collation === undefined && coll.options.collation) spec.collation = deepClone(coll.options.collation);
    if (spec.name === ID_INDEX.name || canonicalKey(spec.key) === canonicalKey(ID_INDEX.key)) {
      if (spec.name === ID_INDEX.name && canonicalKey(spec.key) === canonicalKey(ID_INDEX.key)) continue;
      if (spec.name === ID_INDEX.name) {
        throw new CommandError(
          ErrorCodes.BadValue,
          `The index name '_id_' is reserved for the _id index, which must have key pattern {_id: 1}, found key: ${formatDoc(spec.key)}`,
        );
      }
    }
    const sameName = coll.findIndex(spec.name) ?? toBuild.map((s) => ({ spec: s })).find((i) => i.spec.name === spec.name);
    if (sameName) {
      if (specIdentity(sameName.spec) === specIdentity(spec)) continue;
      if (canonicalKey(sameName.spec.key) !== canonicalKey(spec.key)) {
        throw new CommandError(
          ErrorCodes.IndexKeySpecsConflict,
          `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${formatDoc(spec)}, existing index: ${formatDoc(sameName.spec)}`,
        );
      }
      throw new CommandError(
        ErrorCodes.IndexOptionsConflict,
        `An equivalent index already exists with the same name but different options. Requested index: ${formatDoc(spec)}, existing index: ${formatDoc(sameName.spec)}`,
      );
    }
    // mongod allows several indexes on one key pattern only when their
    // partial filters or collations differ.
    const sameKey = coll.indexes.find(
      (i) =>
        canonicalKey(i.spec.key) === canonicalKey(spec.key) &&
        canonicalKey(i.spec.partialFilterExpression ?? null) === canonicalKey(spec.partialFilterExpression ?? null) &&
        canonicalKey(i.spec.collation ?? null) === canonicalKey(spec.collation ?? null),
    );
    if (sameKey) {
      throw new CommandError(ErrorCodes.IndexOptionsConflict, `Index already exists with a different name: ${sameKey.spec.name}`);
    }
    toBuild.push(spec);
  }
  // All-or-nothing like mongod: a failed build (e.g. duplicates for a
  // unique index) leaves none of this command's indexes behind.
  const built: string[] = [];
  try {
    for (const spec of toBuild) {
      coll.addIndex(spec);
      built.push(spec.name);
    }
  } catch (err) {
    for (const indexName of built) {
      const index = coll.findIndex(indexName);
      if (index) coll.dropIndex(index);
    }
    throw err;
  }
  const reply: Doc = { numIndexesBefore, numIndexesAfter: coll.indexes.length + 1, createdCollectionAutomatically };
  if (toBuild.length === 0) reply.note = 'all indexes already exist';
  return reply;
};

const listIndexes: Handler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'listIndexes');
  if (ctx.db.view(name)) throw viewWriteError(ctx.db.name, name);
  const coll = requireCollection(ctx, name);
  const batchSize = isPlainObject(cmd.cursor) ? cmd.cursor.batchSize : undefined;
  return { cursor: ctx.store.cursors.open(`${ctx.db.name}.$cmd.listIndexes.${name}`, coll.indexSpecs(), batchSize) };
};

/** dropIndexes: by name, key pattern, list of names, or "*" (all but _id_). */
const dropIndexes: Handler = (cmd, ctx) => {
  const name = collectionArg(cmd, Object.keys(cmd)[0] as string);
  if (ctx.db.view(name)) throw viewWriteError(ctx.db.name, name);
  const coll = requireCollection(ctx, name, `ns not found ${ctx.db.name}.${name}`);
  const nIndexesWas = coll.indexes.length + 1;
  const target = cmd.index;
  if (target === '*') {
    for (const index of [...coll.indexes]) coll.dropIndex(index);
    return { nIndexesWas, msg: 'non-_id indexes dropped for collection' };
  }
  const targets = Array.isArray(target) ? target : [target];
  const found = targets.map((t) => {
    if (t === ID_INDEX.name || (isPlainObject(t) && canonicalKey(t) === canonicalKey(ID_INDEX.key))) {
      throw new CommandError(ErrorCodes.InvalidOptions, 'cannot drop _id index');
    }
    const index = coll.findIndex(t);
    if (!index) {
      throw new CommandError(
        ErrorCodes.IndexNotFound,
        typeof t === 'string' ? `index not found with name [${t}]` : `can't find index with key: ${formatDoc(isPlainObject(t) ? t : {})}`,
      );
    }
    return index;
  });
  for (const index of found) coll.dropIndex(index);
  return { nIndexesWas };
};

export const indexCommands: Record<string, Handler> = {
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
};
