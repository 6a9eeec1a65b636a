/**
 * Collection, database and index administration: create, collMod, drop,
 * dropDatabase, renameCollection, listCollections, listDatabases,
 * createIndexes, listIndexes, dropIndexes, dbStats, collStats.
 */
import { BSON } from 'bson';
import { CommandError, ErrorCodes } from '../errors.js';
import { checkSchemaKeywords } from '../jsonschema.js';
import { compileFilter } from '../query.js';
import { Collection, type CollectionOptions, ID_INDEX, type IndexSpec, validateCollectionName } from '../store.js';
import { canonicalKey, type Doc, deepClone, formatDoc, isPlainObject } from '../values.js';
import { type CommandContext, collectionArg, type Handler } from './context.js';

/** Generic command fields that are not collection/index options. */
const ENVELOPE = new Set([
  '$db',
  'lsid',
  '$clusterTime',
  'txnNumber',
  'autocommit',
  'startTransaction',
  'writeConcern',
  'readConcern',
  'comment',
  '$readPreference',
  'apiVersion',
  'apiStrict',
  'apiDeprecationErrors',
  'maxTimeMS',
]);

function commandOptions(cmd: Doc): Doc {
  const out: Doc = {};
  const [first] = Object.keys(cmd);
  for (const [k, v] of Object.entries(cmd)) if (k !== first && !ENVELOPE.has(k)) out[k] = deepClone(v);
  return out;
}

/** Validates validator / validationLevel / validationAction like mongod. */
function checkValidationOptions(command: string, options: Doc): void {
  if (options.validator !== undefined) {
    if (!isPlainObject(options.validator)) {
      throw new CommandError(ErrorCodes.TypeMismatch, `'validator' option must be specified as an object`);
    }
    if (options.validator.$jsonSchema !== undefined) {
      try {
        checkSchemaKeywords(options.validator.$jsonSchema);
      } catch (err) {
        throw new CommandError(ErrorCodes.FailedToParse, (err as Error).message);
      }
    }
    compileFilter(options.validator); // unknown operators -> BadValue now, not at first insert
  }
  const enums: Array<[string, string[]]> = [
    ['validationLevel', ['off', 'strict', 'moderate']],
    ['validationAction', ['error', 'warn']],
  ];
  for (const [field, allowed] of enums) {
    const value = options[field];
    if (value !== undefined && !allowed.includes(String(value))) {
      throw new CommandError(
        ErrorCodes.BadValue,
        `Enumeration value '${String(value)}' for field '${command}.${field}' is not a valid value.`,
      );
    }
  }
}

const create: Handler = (cmd, ctx) => {
  const name = cmd.create;
  validateCollectionName(ctx.db.name, name);
  const options = commandOptions(cmd);
  if (options.viewOn !== undefined)
    throw new CommandError(ErrorCodes.CommandNotSupported, 'views are not supported by the MongoDB test double');
  checkValidationOptions('create', options);
  const existing = ctx.db.get(name);
  if (existing) {
    // Since MongoDB 7.0 (SERVER-60064) create is idempotent when options match.
    if (canonicalKey(existing.options) === canonicalKey(options)) return {};
    throw new CommandError(ErrorCodes.NamespaceExists, `Collection ${existing.ns} already exists.`);
  }
  ctx.db.collections.set(name, new Collection(ctx.db, name, options as CollectionOptions));
  return {};
};

function requireCollection(ctx: CommandContext, name: string, message = `ns does not exist: ${ctx.db.name}.${name}`): Collection {
  const coll = ctx.db.get(name);
  if (!coll) throw new CommandError(ErrorCodes.NamespaceNotFound, message);
  return coll;
}

/** collMod: change validation settings or an index's TTL / hidden flag. */
const collMod: Handler = (cmd, ctx) => {
  const coll = requireCollection(ctx, collectionArg(cmd, 'collMod'));
  const options = commandOptions(cmd);
  checkValidationOptions('collMod', options);
  const reply: Doc = {};
  if (isPlainObject(options.index)) {
    const spec = options.index;
    const index = coll.findIndex(spec.name ?? spec.keyPattern);
    if (!index) throw new CommandError(ErrorCodes.IndexNotFound, `cannot find index ${formatDoc(spec)} for ns ${coll.ns}`);
    if (spec.expireAfterSeconds !== undefined) {
      reply.expireAfterSeconds_old = index.spec.expireAfterSeconds;
      reply.expireAfterSeconds_new = spec.expireAfterSeconds;
      index.spec = { ...index.spec, expireAfterSeconds: Number(spec.expireAfterSeconds) };
    }
    if (spec.hidden !== undefined) {
      reply.hidden_old = index.spec.hidden === true;
      reply.hidden_new = spec.hidden === true;
      index.spec = { ...index.spec, hidden: spec.hidden === true };
    }
    delete options.index;
  }
  const next: Doc = { ...coll.options };
  for (const key of ['validator', 'validationLevel', 'validationAction']) if (key in options) next[key] = options[key];
  coll.options = next as CollectionOptions;
  return reply;
};

/** drop: since MongoDB 7.0 dropping a missing collection succeeds. */
const drop: Handler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'drop');
  const coll = ctx.db.get(name);
  if (!coll) return {};
  ctx.db.collections.delete(name);
  return { nIndexesWas: coll.indexes.length + 1, ns: coll.ns };
};

const dropDatabase: Handler = (_cmd, ctx) => {
  ctx.store.dbs.delete(ctx.db.name);
  return { dropped: ctx.db.name };
};

/** renameCollection { renameCollection: "db.a", to: "db.b", dropTarget } on admin. */
const renameCollection: Handler = (cmd, ctx) => {
  if (ctx.db.name !== 'admin') {
    throw new CommandError(ErrorCodes.Unauthorized, 'renameCollection may only be run against the admin database.');
  }
  const split = (ns: unknown): [string, string] => {
    const s = String(ns);
    const dot = s.indexOf('.');
    if (dot <= 0) throw new CommandError(ErrorCodes.InvalidNamespace, `Invalid namespace specified '${s}'`);
    return [s.slice(0, dot), s.slice(dot + 1)];
  };
  const [fromDb, fromName] = split(cmd.renameCollection);
  const [toDb, toName] = split(cmd.to);
  validateCollectionName(toDb, toName);
  const source = ctx.store.db(fromDb);
  const coll = source.get(fromName);
  if (!coll) throw new CommandError(ErrorCodes.NamespaceNotFound, `Source collection ${fromDb}.${fromName} does not exist`);
  const target = ctx.store.db(toDb);
  if (target.get(toName)) {
    if (cmd.dropTarget !== true) throw new CommandError(ErrorCodes.NamespaceExists, 'target namespace exists');
    target.collections.delete(toName);
  }
  source.collections.delete(fromName);
  coll.db = target;
  coll.name = toName;
  target.collections.set(toName, coll);
  return {};
};

const listCollections: Handler = (cmd, ctx) => {
  const matches = compileFilter(cmd.filter);
  const entries = [...ctx.db.collections.values()]
    .map((c) => ({
      name: c.name,
      type: 'collection',
      options: deepClone(c.options),
      info: { readOnly: false, uuid: c.uuid },
      idIndex: deepClone(ID_INDEX),
    }))
    .filter(matches)
    .map((entry) => (cmd.nameOnly === true ? { name: entry.name, type: entry.type } : entry));
  const batchSize = isPlainObject(cmd.cursor) ? cmd.cursor.batchSize : undefined;
  return { cursor: ctx.store.cursors.open(`${ctx.db.name}.$cmd.listCollections`, entries, batchSize) };
};

function dataSize(coll: Collection): number {
  let size = 0;
  for (const doc of coll.refs()) size += BSON.calculateObjectSize(doc);
  return size;
}

/**
 * listDatabases: databases holding at least one collection, plus the admin,
 * config and local databases every real mongod has.
 */
const listDatabases: Handler = (cmd, ctx) => {
  const entries: Doc[] = [];
  const names = new Set(['admin', 'config', 'local']);
  for (const [name, db] of ctx.store.dbs) if (db.collections.size > 0) names.add(name);
  for (const name of [...names].sort()) {
    const db = ctx.store.dbs.get(name);
    const size = [...(db?.collections.values() ?? [])].reduce((sum, c) => sum + dataSize(c), 0);
    entries.push({ name, sizeOnDisk: Math.max(size, 4096), empty: false });
  }
  const matches = compileFilter(cmd.filter);
  const selected = entries.filter(matches);
  if (cmd.nameOnly === true) return { databases: selected.map((d) => ({ name: d.name })) };
  const totalSize = selected.reduce((sum, d) => sum + (d.sizeOnDisk as number), 0);
  return { databases: selected, totalSize, totalSizeMb: Math.floor(totalSize / 1024 / 1024) };
};

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
  const coll = requireCollection(ctx, name);
  const batchSize = isPlainObject(cmd.cursor) ? cmd.cursor.batchSize : undefined;
  return { cursor: ctx.store.cursors.open(`${ctx.db.name}.$cmd.listIndexes.${name}`, coll.indexSpecs(), batchSize) };
};

/** dropIndexes: by name, key pattern, list of names, or "*" (all but _id_). */
const dropIndexes: Handler = (cmd, ctx) => {
  const name = collectionArg(cmd, Object.keys(cmd)[0] as string);
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

const dbStats: Handler = (_cmd, ctx) => {
  const colls = [...ctx.db.collections.values()];
  const objects = colls.reduce((n, c) => n + c.size, 0);
  const size = colls.reduce((n, c) => n + dataSize(c), 0);
  return {
    db: ctx.db.name,
    collections: colls.length,
    views: 0,
    objects,
    avgObjSize: objects > 0 ? size / objects : 0,
    dataSize: size,
    storageSize: size,
    indexes: colls.reduce((n, c) => n + c.indexes.length + 1, 0),
    indexSize: 0,
    totalSize: size,
    scaleFactor: 1,
  };
};

const collStats: Handler = (cmd, ctx) => {
  const coll = requireCollection(ctx, collectionArg(cmd, 'collStats'), `Collection [${ctx.db.name}.${String(cmd.collStats)}] not found.`);
  const size = dataSize(coll);
  return {
    ns: coll.ns,
    count: coll.size,
    size,
    avgObjSize: coll.size > 0 ? size / coll.size : 0,
    storageSize: size,
    nindexes: coll.indexes.length + 1,
    totalIndexSize: 0,
    indexSizes: Object.fromEntries(coll.indexSpecs().map((s) => [s.name, 0])),
  };
};

export const adminCommands: Record<string, Handler> = {
  create,
  collMod,
  drop,
  dropDatabase,
  renameCollection,
  listCollections,
  listDatabases,
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
  dbStats,
  collStats,
};
